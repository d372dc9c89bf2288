/**
 * Versions of the FY29 book: 当初 → 補正第1号 → 現計 → 決算 (the 補正 and 決算 invented samples,
 * ledgers/jlis-h29/versions/, made by test/tools/make-sample-versions.ts) and FY28's 12月補正後
 * known only in 百万円. The comparison shows exactly a revision's changes and what flows from
 * them; every compared figure is the figure `build --version` gives; 現計 = 当初 + Σ 補正 for
 * random revisions; the 決算報告書 names a missing 備考 and a 予算超過.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runCheck } from "../src/cli/commands.ts";
import { runCompare, runVersions } from "../src/cli/versions.ts";
import { derive } from "../src/derive/derive.ts";
import type { Book, BudgetEntry } from "../src/model/book.ts";
import { Money } from "../src/model/money.ts";
import { cell } from "../src/model/provenance.ts";
import { atVersion } from "../src/model/version.ts";
import { loadBook } from "../src/read/load-book.ts";
import type { ComparisonJson } from "../src/render/comparison.ts";
import { buildTemp, copyBook, FY29, jsonFigure } from "./helpers/book.ts";

const loaded = loadBook(FY29);
if (!loaded.ok) throw new Error("FY29 does not load");
const book = loaded.book;

const compareJson = (a: string, b: string, extra: { strict?: boolean } = {}) => {
  const r = runCompare(FY29, a, b, { json: true, ...extra });
  return { exitCode: r.exitCode, json: JSON.parse(r.stdout.join("\n")) as ComparisonJson };
};

/** The revision file's rows: line id or label, segment id, change. */
function revisionRows(): { account: string; segment: string; amount: string }[] {
  return parse(readFileSync(join(FY29, "versions/revision-1.csv"), "utf8"), {
    columns: true,
  }) as { account: string; segment: string; amount: string }[];
}

const lineIdOf = (text: string) =>
  book.lines.find((l) => l.kind === "leaf" && (l.id === text || l.label === text))?.id;

describe("the versions of the FY29 book", () => {
  it("lists five versions: a previous year's as printed, 当初 (the default), 補正, 現計 and 決算", () => {
    const r = runVersions(FY29, { json: true });
    expect(r.exitCode).toBe(0);
    const json = JSON.parse(r.stdout.join("\n"));
    expect(json.default).toBe("original");
    expect(
      json.versions.map((v: { id: string; kind: string; base: string | null }) => [
        v.id,
        v.kind,
        v.base,
      ]),
    ).toEqual([
      ["h28-revised", "previous", null],
      ["original", "budget", null],
      ["revision-1", "revision", "original"],
      ["current", "current", "original"],
      ["settlement", "actual", null],
    ]);
    // The invented ones say so, and so does the 現計 that adds the invented 補正.
    for (const v of json.versions)
      expect(v.sample !== null, v.id).toBe(
        v.id === "revision-1" || v.id === "current" || v.id === "settlement",
      );
    expect(
      json.versions.find((v: { id: string; sample: string | null }) => v.id === "current")?.sample,
    ).toMatch(/^補正予算（第1号）：/);
    expect(runVersions(FY29).stdout.join("\n")).toMatch(/\* +original +当初予算/);
  });

  it("当初 → 現計 shows exactly the 補正's changes on the inputs, and ending cash moves by what flows from them", () => {
    const { json } = compareJson("original", "current");
    const changes = new Map<string, string>();
    for (const r of revisionRows())
      changes.set(`${lineIdOf(r.account)}\u0000${r.segment}`, r.amount);
    expect(changes.size).toBe(5);
    const leafRows = json.rows.filter(
      (r) =>
        r.segment !== null &&
        book.lines.find((l) => l.id === r.line)?.kind === "leaf" &&
        r.difference !== "0",
    );
    expect(new Map(leafRows.map((r) => [`${r.line}\u0000${r.segment}`, r.difference]))).toEqual(
      changes,
    );
    // 一般事業's 事業収入 +120,000 is cash in: its ending cash (and the 合計's) rises by as much;
    // 個人番号カード発行等事業's grant and 事業費 rise together: its cash does not move.
    const closing = (segment: string | null) =>
      json.rows.find((r) => r.line === "cf-closing-cash" && r.segment === segment)?.difference;
    expect(closing("general")).toBe("120000");
    expect(closing("mynumber-card")).toBe("0");
    expect(closing(null)).toBe("120000");
    // and the 現計 is derived, never typed: each changed input holds by construction.
    const built = json.findings.filter((f) => f.id === "version.current");
    expect(built).toHaveLength(5);
    for (const f of built) expect(f.structural).toBe(true);
  });

  it("every compared figure is the figure build --version gives, and difference = B − A", async () => {
    const { json } = compareJson("current", "settlement");
    const a = (await buildTemp(FY29, false, "current")).json;
    const b = (await buildTemp(FY29, false, "settlement")).json;
    expect(a.version.id).toBe("current");
    expect(b.version.id).toBe("settlement");
    expect(json.rows.length).toBe(89 * 8); // every line of the statements, 7 事業 and 合計
    for (const r of json.rows) {
      expect(r.a, `${r.line} ${r.segment}`).toBe(jsonFigure(a, r.statement, r.line, r.segment));
      expect(r.b, `${r.line} ${r.segment}`).toBe(jsonFigure(b, r.statement, r.line, r.segment));
      expect(BigInt(r.difference)).toBe(BigInt(r.b) - BigInt(r.a));
    }
  });

  it("現計 → 決算 as a 決算報告書: a missing 備考 and a 予算超過 are findings with line, segment and amount", () => {
    const r = runCompare(FY29, "current", "settlement", { segment: "lgwan" });
    const text = r.stdout.join("\n");
    expect(text).toMatch(/区分\s+予算額\s+決算額\s+差額\s+備考/);
    const { json, exitCode } = compareJson("current", "settlement");
    expect(exitCode).toBe(0);
    const unexplained = json.findings.filter(
      (f) => f.id === "variance.note" && f.status !== "pass",
    );
    expect(unexplained.map((f) => [f.line, f.segment, f.difference])).toEqual([
      ["project-expenses", "resident-registry", "-175647"],
    ]);
    const over = json.findings.filter((f) => f.id === "variance.overrun" && f.status !== "pass");
    expect(over.map((f) => [f.line, f.segment])).toEqual([
      ["project-expenses", "lgwan"],
      ["operating-expenses-total", "lgwan"],
    ]);
    expect(over[0]?.difference).toBe("51723");
    expect(over[0]?.message).toMatch(/予算超過/);
    // Explained variances pass with their 備考.
    const explained = json.findings.filter((f) => f.id === "variance.note" && f.status === "pass");
    expect(explained.length).toBeGreaterThan(5);
    expect(compareJson("current", "settlement", { strict: true }).exitCode).toBe(1);
  });

  it("FY28's 12月補正後 is compared where the 概要 prints it, at 百万円 precision", () => {
    const { json } = compareJson("h28-revised", "original");
    expect(json.a.precision).toBe("百万円");
    // The 概要's rows that print a line of the layout (収益計, 費用計 print sums of lines).
    const summary = book.prints.find((p) => p.id === "summary");
    const printedLines = summary?.rows.filter((r) => r.line !== null && r.cells.has("previous"));
    expect(new Set(json.rows.map((r) => r.line))).toEqual(
      new Set(printedLines?.map((r) => r.line)),
    );
    expect(json.rows.length).toBe(14);
    // FY28's closing cash as its 概要 printed it, in 千円: known only to the 百万円.
    const closing = json.rows.find((r) => r.line === "cf-closing-cash");
    expect(closing?.a).toBe("35613000");
    expect(closing?.b).toBe("21616961");
    // The opening cash against FY28's closing stays a warning at 百万円, as before.
    const check = runCheck(FY29, {}).stdout.join("\n");
    expect(check).toMatch(
      /前期末現金及び預金 36,849 百万円 .* vs 28年度12月補正後's \(当期末現金及び預金\) 35,613 百万円/,
    );
  });

  it("the print ties out against the version it presents, whichever version is built", async () => {
    const settled = await buildTemp(FY29, false, "settlement");
    expect(settled.json.checks.filter((c) => c.id.startsWith("published."))).toEqual([]);
    const original = await buildTemp(FY29);
    expect(original.json.checks.filter((c) => c.id === "published.figure").length).toBe(782);
  });

  it("an unknown version is refused with the list of versions (exit 2)", () => {
    const r = runCheck(FY29, { version: "revision-9" });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.join("\n")).toMatch(
      /no version 「revision-9」 in this book \(versions: original 当初予算/,
    );
    const c = runCompare(FY29, "original", "final");
    expect(c.exitCode).toBe(2);
  });

  it("a revision naming an unknown account is an input error at its cell", () => {
    const copy = copyBook();
    const file = join(copy, "versions/revision-1.csv");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, `${text}存在しない科目,general,100,\n`);
    const r = runCheck(copy, {});
    expect(r.exitCode).toBe(2);
    expect(r.stderr.join("\n")).toMatch(
      /versions\/revision-1\.csv:7:account: error: unknown account 「存在しない科目」/,
    );
  });
});

describe("現計 = 当初 + Σ 補正, for random revisions", () => {
  const leaves = book.lines.filter((l) => l.kind === "leaf");
  const segments = book.segments.map((s) => s.id);
  const change = fc.record({
    line: fc.integer({ min: 0, max: leaves.length - 1 }),
    segment: fc.integer({ min: 0, max: segments.length - 1 }),
    amount: fc.bigInt({ min: -10_000_000n, max: 10_000_000n }),
  });

  it("holds for every leaf and segment, through one to three revisions", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(change, { maxLength: 12 }), { minLength: 1, maxLength: 3 }),
        (revisions) => {
          const entries = new Map(book.versions.entries);
          const list = [...book.versions.list.filter((v) => v.id === "original")];
          revisions.forEach((changes, i) => {
            const id = `r${i + 1}`;
            const own: BudgetEntry[] = changes.map((c, k) => ({
              line: leaves[c.line]?.id ?? "",
              segment: segments[c.segment] ?? null,
              amount: Money.of(c.amount, book.unit),
              note: "",
              source: cell(`r${i + 1}.csv`, k + 2, "amount"),
            }));
            entries.set(id, own);
            list.push({
              ...(book.versions.list.find((v) => v.id === "revision-1") as (typeof list)[number]),
              id,
              name: `補正第${i + 1}号`,
              base: i === 0 ? "original" : `r${i}`,
            });
          });
          list.push({
            ...(book.versions.list.find((v) => v.id === "current") as (typeof list)[number]),
            revisions: revisions.map((_, i) => `r${i + 1}`),
          });
          const random: Book = { ...book, versions: { ...book.versions, list, entries } };
          const before = derive(atVersion(random, "original"));
          const after = derive(atVersion(random, "current"));
          for (const l of leaves) {
            for (const s of [...segments, null]) {
              let sum = before.figure(l.id, s).amount.value;
              for (const changes of revisions)
                for (const c of changes)
                  if (leaves[c.line]?.id === l.id && (s === null || segments[c.segment] === s))
                    sum = sum.plus(c.amount.toString());
              expect(after.figure(l.id, s).amount.value.toFixed()).toBe(sum.toFixed());
            }
          }
        },
      ),
      { numRuns: Number(process.env.YOSAN_PROPERTY_RUNS ?? 30) },
    );
  });
});

describe("a book across years: 令和6年度 continues 令和5年度's book", () => {
  const R6 = join(FY29, "../../test/fixtures/other-body-r6");

  it("checks every opening balance against the previous year's closing one, per 勘定 and 合計", () => {
    const r = runCheck(R6, { json: true });
    expect(r.exitCode).toBe(0);
    const findings = (
      JSON.parse(r.stdout.join("\n")) as {
        findings: {
          id: string;
          status: string;
          line: string;
          segment?: string;
          sources: string[];
        }[];
      }
    ).findings.filter((f) => f.id === "version.continuity");
    // 前期末現金預金 and 前期末利益剰余金, for 教育研究勘定, 共通勘定 and 合計.
    expect(findings).toHaveLength(6);
    expect(
      findings.filter((f) => f.status === "warn").map((f) => [f.line, f.segment ?? null]),
    ).toEqual([
      ["opening-cash", "common"],
      ["opening-cash", null],
    ]);
    // Traceable to both books' cells.
    const common = findings.find((f) => f.line === "opening-cash" && f.segment === "common");
    expect(common?.sources.some((s) => s.includes("other-body-r6/budget.csv"))).toBe(true);
    expect(common?.sources.some((s) => s.includes("other-body/budget.csv"))).toBe(true);
  });

  it("a previous year's book that does not load is an input error naming it", () => {
    const copy = copyBook(R6);
    const manifest = JSON.parse(readFileSync(join(copy, "book.json"), "utf8"));
    manifest.versions[0].book = "../no-such-book";
    writeFileSync(join(copy, "book.json"), JSON.stringify(manifest, null, 2));
    const r = runCheck(copy, {});
    expect(r.exitCode).toBe(2);
    expect(r.stderr.join("\n")).toMatch(
      /version 「r5」 continues the book 「\.\.\/no-such-book」, which does not load/,
    );
  });
});
