/**
 * Versions in `yosan serve`: the version picker shows any version of the book with the figures
 * `yosan build --version` writes, the downloads of the version shown are that build's bytes,
 * what-if edits stay with the default version, and the comparison page is `yosan compare`
 * line by line (A | B | 差額 | 備考, for 合計 and a segment, with the comparison's checks).
 * A book of one version shows no picker and says why there is nothing to compare.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCompare } from "../src/cli/versions.ts";
import { buildTemp, jsonFigure, REPO } from "./helpers/book.ts";
import { type Served, serveCopy, session } from "./helpers/serve.ts";

/** The amounts of the rows of a page's comparison tables: data-line|data-segment → cells. */
function comparedRows(html: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  const start = html.indexOf('<div class="compare-tables">');
  const end = html.indexOf('<section id="comparison-', start);
  const table = html.slice(start, end < 0 ? undefined : end);
  for (const m of table.matchAll(
    /<tr class="[^"]*" data-line="([^"]+)" data-segment="([^"]+)">(.*?)<\/tr>/g,
  )) {
    const cells = [...(m[3] ?? "").matchAll(/<td class="[^"]*">(.*?)<\/td>/g)].map((c) =>
      (c[1] ?? "").replace(/<[^>]+>/g, ""),
    );
    rows.set(`${m[1]}|${m[2]}`, cells);
  }
  return rows;
}

/** The figure a statements page shows for a line in its (one) column. */
function pageFigure(html: string, line: string): string | undefined {
  const row = new RegExp(`<tr class="[^"]*" data-row="${line}">(.*?)</tr>`).exec(html)?.[1] ?? "";
  return /<td class="amt[^"]*"[^>]*>([^<]*)<\/td>/.exec(row)?.[1];
}

describe("versions in yosan serve (FY29: 当初, 補正第1号, 現計, 決算)", () => {
  let s: Served;
  beforeAll(async () => {
    s = await serveCopy({ watch: false });
  });
  afterAll(() => s.close());

  it("the picker shows a version with build --version's figures; other pages follow the pick", async () => {
    const me = await session(s.port);
    const saved = await me.get("/statements");
    expect(saved.text).toContain('id="version-bar"');
    expect(saved.text).toMatch(/data-version="original"[^>]*class="active"/);
    for (const [version, name] of [
      ["settlement", "決算"],
      ["current", "現計予算"],
      ["revision-1", "補正予算（第1号）"],
    ] as const) {
      const built = await buildTemp(s.dir, false, version);
      const page = await me.get(`/statements?v=${version}`);
      expect(page.status).toBe(200);
      expect(page.text).toMatch(new RegExp(`data-version="${version}"[^>]*class="active"`));
      // Shown as saved: no figure is marked as a what-if change against the default version.
      expect(page.text).not.toMatch(/<td class="[^"]*\bchanged\b/);
      for (const [statement, line] of [
        ["cash-plan", "cf-closing-cash"],
        ["profit-and-loss", "net-income"],
        ["balance-sheet", "total-assets"],
      ] as const) {
        const expected = jsonFigure(built.json, statement, line, null);
        expect(pageFigure(page.text, line), `${version} ${line}`).toBe(
          expected?.replace(/^-/, "△").replace(/\B(?=(\d{3})+$)/g, ","),
        );
      }
      // The pick holds for the session's other pages: the overview names it.
      expect((await me.get("/")).text).toContain(`Key figures <small>${name} `);
    }
    const settled = await me.get("/statements?v=settlement");
    const original = await me.get("/statements?v=original");
    expect(pageFigure(settled.text, "cf-closing-cash")).not.toBe(
      pageFigure(original.text, "cf-closing-cash"),
    );
  });

  it("a version the book does not have is named in an error; the version shown stays as it was", async () => {
    const me = await session(s.port);
    await me.get("/statements?v=settlement");
    const r = await me.get("/statements?v=no-such-version");
    expect(r.status).toBe(200);
    expect(r.text).toContain("There is no version 「no-such-version」 in this book");
    expect(r.text).toMatch(/data-version="settlement"[^>]*class="active"/);
    await me.get("/statements?v=original");
    // A version known only by a print has no statements to show.
    expect((await me.get("/statements?v=h28-revised")).text).toContain(
      "There is no version 「h28-revised」 in this book",
    );
    // In Japanese (the page switched with ?lang=ja), the same notice in Japanese.
    expect((await me.get("/statements?v=no-such-version&lang=ja")).text).toContain(
      "版「no-such-version」はこの帳簿にありません",
    );
    await me.get("/statements?lang=en");
  });

  it("downloads are the bytes of yosan build --version for the version shown", async () => {
    const me = await session(s.port);
    await me.get("/downloads?v=settlement");
    const built = await buildTemp(s.dir, false, "settlement");
    for (const name of ["statements.json", "cash-plan.csv", "checks.csv", "report.html"]) {
      const r = await me.get(`/download/${name}`);
      expect(r.status, name).toBe(200);
      expect(r.body.equals(readFileSync(join(built.out, name))), name).toBe(true);
    }
    // The default version's downloads carry the comparisons the book declares, as build's do.
    await me.get("/downloads?v=original");
    const main = await buildTemp(s.dir);
    const page = await me.get("/downloads");
    for (const name of ["compare-original-current.csv", "compare-current-settlement.csv"]) {
      expect(page.text).toContain(`/download/${name}`);
      const r = await me.get(`/download/${name}`);
      expect(r.body.equals(readFileSync(join(main.out, name))), name).toBe(true);
    }
  });

  it("a page's links and downloads carry its version, whatever another tab of the session picked", async () => {
    const me = await session(s.port);
    const settled = await me.get("/downloads?v=settlement");
    const link = /href="(\/download\/statements\.json[^"]*)"/.exec(settled.text)?.[1] ?? "";
    expect(link).toContain("v=settlement");
    expect(settled.text).toContain('download="statements-settlement.json"');
    // Another tab of the same browser picks 当初予算 ...
    await me.get("/statements?v=original");
    // ... and the first tab's link still gives the 決算 build, saved under its own name.
    const built = await buildTemp(s.dir, false, "settlement");
    const r = await me.get(link.replaceAll("&amp;", "&"));
    expect(r.body.equals(readFileSync(join(built.out, "statements.json")))).toBe(true);
    expect(String(r.headers["content-disposition"])).toContain("statements-settlement.json");
    // The navigation of a page showing a version carries it; the page names it for its script.
    const page = await me.get("/statements?v=current");
    expect(page.text).toContain('href="/findings?v=current"');
    expect(page.text).toContain('data-version="current"');
    // A drill-down asked from that page is of that version.
    const original = await me.get(
      "/fragment/explain?line=cf-closing-cash&segment=lgwan&v=original",
    );
    const settledCash = await me.get(
      "/fragment/explain?line=cf-closing-cash&segment=lgwan&v=settlement",
    );
    expect(original.text).toContain("1,762,711");
    expect(settledCash.text).toContain("1,712,564");
    // A version the book does not show is refused, never answered with another version.
    for (const [path, message] of [
      ["/download/statements.json?v=nope", "no such version in this book"],
      [
        "/fragment/explain?line=cf-closing-cash&segment=lgwan&v=h28-revised",
        "version 「h28-revised」 has no statements of its own",
      ],
    ] as const) {
      const r = await me.get(path);
      expect(r.status, path).toBe(404);
      expect(r.text, path).toContain(message);
      expect(r.text, path).toContain("versions with statements: original, revision-1, current");
    }
  });

  it("switching version keeps the page's own parameters (a derivation, the findings' filters)", async () => {
    const me = await session(s.port);
    const explain = await me.get("/explain?line=net-income&segment=lgwan");
    expect(explain.text).toContain(
      'href="/explain?line=net-income&amp;segment=lgwan&amp;v=settlement"',
    );
    const settled = await me.get("/explain?line=net-income&segment=lgwan&v=settlement");
    expect(settled.text).toContain("当期純利益");
    expect(settled.text).not.toContain("no line");
    const findings = await me.get("/findings?status=warn&check=published.sign&page=1");
    expect(findings.text).toContain(
      'href="/findings?status=warn&amp;check=published.sign&amp;page=1&amp;v=current"',
    );
  });

  it("what-if edits the default version only", async () => {
    const me = await session(s.port);
    const edit = JSON.stringify({ line: "project-expenses", segment: "lgwan", amount: "1" });
    await me.get("/statements?v=settlement");
    const refused = await me.post("/api/whatif", edit);
    expect(refused.status).toBe(409);
    // The page's own version decides, as its script sends it.
    const fromPage = JSON.stringify({ ...JSON.parse(edit), version: "settlement" });
    await me.get("/statements?v=original");
    expect((await me.post("/api/whatif", fromPage)).status).toBe(409);
    await me.get("/statements?v=settlement");
    expect(JSON.parse(refused.text).message).toContain("the default version (当初予算) only");
    // A page switched to Japanese is answered in Japanese.
    await me.get("/statements?lang=ja");
    expect(JSON.parse((await me.post("/api/whatif", edit)).text).message).toContain(
      "試算は既定の版（当初予算）でのみできます。",
    );
    await me.get("/statements?lang=en");
    expect((await me.get("/statements")).text).not.toContain("leaf-cell");
    await me.get("/statements?v=original");
    expect((await me.post("/api/whatif", edit)).status).toBe(200);
    expect((await me.get("/statements")).text).toContain('id="whatif-banner"');
    // Another version is shown as saved even while the default version has edits.
    expect((await me.get("/statements?v=current")).text).not.toContain('id="whatif-banner"');
    await me.get("/?v=original");
    expect((await me.post("/api/whatif/discard")).status).toBe(200);
  });

  it("a change of a version's file on disk reaches its pages and downloads", async () => {
    const me = await session(s.port);
    const before = await me.get("/statements?v=settlement&segment=lgwan");
    const file = join(s.dir, "versions/settlement.csv");
    const text = readFileSync(file, "utf8");
    writeFileSync(
      file,
      text.replace(
        /^(project-expenses,lgwan,)(\d+)/m,
        (_m, head, n) => `${head}${Number(n) + 1000}`,
      ),
    );
    expect(s.server.live.refresh()).toBe(true);
    const after = await me.get("/statements?v=settlement&segment=lgwan");
    expect(pageFigure(after.text, "cf-closing-cash")).not.toBe(
      pageFigure(before.text, "cf-closing-cash"),
    );
    const built = await buildTemp(s.dir, false, "settlement");
    const r = await me.get("/download/statements.json?v=settlement");
    expect(r.body.equals(readFileSync(join(built.out, "statements.json")))).toBe(true);
    const compared = await me.get("/compare?a=current&b=settlement&segment=lgwan");
    expect(comparedRows(compared.text).get("project-expenses|lgwan")?.[2]).toBe("52,723");
  });

  it("the import page names the version an import goes into, whichever version is shown", async () => {
    const me = await session(s.port);
    await me.get("/statements?v=settlement");
    const page = await me.get("/import");
    expect(page.text).toContain("Imported into: 当初予算 (the default version)");
    expect((await me.get("/import?lang=ja")).text).toContain(
      "取り込む先の版：当初予算（既定の版）",
    );
    expect(page.text).not.toContain('id="version-bar"');
  });

  it("the comparison page is yosan compare, line by line, for 合計 and a segment", async () => {
    const me = await session(s.port);
    for (const [a, b, segment] of [
      ["original", "current", ""],
      ["current", "settlement", "lgwan"],
      ["current", "settlement", ""],
    ] as const) {
      const page = await me.get(`/compare?a=${a}&b=${b}&segment=${segment}`);
      expect(page.status).toBe(200);
      const json = JSON.parse(runCompare(s.dir, a, b, { json: true }).stdout.join("\n")) as {
        rows: {
          line: string;
          segment: string | null;
          a: string;
          b: string;
          difference: string;
          note: string | null;
        }[];
        findings: { id: string; status: string }[];
      };
      const want = json.rows.filter((r) => (r.segment ?? "") === segment);
      const shown = comparedRows(page.text);
      expect(shown.size, `${a}→${b} ${segment}`).toBe(want.length);
      const fmt = (v: string) =>
        v
          .replace(/^-/, "△")
          .replace(
            /^(△?)(\d+)$/,
            (_m, s, d: string) => `${s}${d.replace(/\B(?=(\d{3})+$)/g, ",")}`,
          );
      for (const r of want) {
        const cells = shown.get(`${r.line}|${segment === "" ? "合計" : segment}`);
        expect(cells, r.line).toBeDefined();
        expect(cells?.slice(0, 3), `${a}→${b} ${r.line} ${segment}`).toEqual([
          fmt(r.a),
          fmt(r.b),
          fmt(r.difference),
        ]);
        if (r.note) expect(cells?.at(-1)).toBe(r.note);
      }
    }
    // 現計 → 決算 reads as a 決算報告書, with the overrun the compare command finds.
    const settlement = await me.get("/compare?a=current&b=settlement&segment=lgwan");
    expect(settlement.text).toContain("予算額");
    expect(settlement.text).toContain("決算額");
    expect(settlement.text).toContain("予算超過");
    expect(settlement.text).toContain("variance.overrun");
    // The comparison page keeps 版の比較 in the navigation (as its active page).
    expect(settlement.text).toMatch(/href="\/compare" class="active"/);
  });

  it("a pair of versions the book does not declare is compared too, and an unknown one is named", async () => {
    const me = await session(s.port);
    const page = await me.get("/compare?a=original&b=settlement");
    expect(page.text).toContain("当初予算 → 決算");
    expect(comparedRows(page.text).size).toBeGreaterThan(50);
    expect((await me.get("/compare?a=original&b=nope")).text).toContain(
      "There is no version 「nope」 in this book.",
    );
  });
});

describe("a book of one version", () => {
  let s: Served;
  beforeAll(async () => {
    s = await serveCopy({ watch: false, from: join(REPO, "test/fixtures/agency-summary") });
  });
  afterAll(() => s.close());

  it("shows no version picker and no comparison in the navigation", async () => {
    const me = await session(s.port);
    const page = await me.get("/statements");
    expect(page.text).not.toContain('id="version-bar"');
    expect(page.text).not.toContain('href="/compare"');
    expect((await me.get("/compare")).text).toContain("This book has one version only");
    expect((await me.get("/compare?lang=ja")).text).toContain("版が 1 つしかありません");
    expect((await me.get("/compare")).text).not.toContain('href="/compare"');
  });
});
