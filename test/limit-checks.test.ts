/**
 * Checks that are limits, and the 予算's other 条 as data. checks.csv's `relation` states `<=`
 * and `>=` as well as `=`: 企業債 ≤ its 限度額 (第5条, two provisions of provisions.csv named as
 * `provision:<id>`), 補てん財源 ≥ 不足額, 損益勘定留保資金 used ≤ what is available. A limit
 * passes under it (saying by how much) and at it, and fails above it naming the limit, both
 * figures and the margin. The provisions are shown with the budget: report.html, the workbook,
 * statements.json.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { modelAndFindings } from "../src/check/model-and-findings.ts";
import type { Finding } from "../src/model/findings.ts";
import { parseFormula } from "../src/model/formula.ts";
import { loadBook } from "../src/read/load-book.ts";
import { renderReportHtml } from "../src/render/report/report.ts";
import { LiveBook } from "../src/serve/live-book.ts";
import { overviewPage } from "../src/serve/pages/overview.ts";
import { Sessions } from "../src/serve/sessions.ts";
import { pageView } from "../src/serve/view.ts";
import { buildTemp, copyBook, REPO } from "./helpers/book.ts";

const BOOK = join(REPO, "test/fixtures/water-limits");

function replaceIn(file: string, from: string, to: string) {
  const text = readFileSync(file, "utf8");
  if (!text.includes(from)) throw new Error(`${file}: no ${from}`);
  writeFileSync(file, text.replace(from, to));
}

/** The book with 企業債 at `bonds` 千円 and 建設改良費 moved by as much, so 第4条 still ties. */
function withBonds(bonds: number): string {
  const book = copyBook(BOOK);
  replaceIn(join(book, "budget.csv"), '企業債,水道事業,"250,000"', `企業債,水道事業,${bonds}`);
  replaceIn(
    join(book, "budget.csv"),
    '建設改良費,水道事業,"660,000"',
    `建設改良費,水道事業,${660_000 + bonds - 250_000}`,
  );
  return book;
}

function findingsOf(dir: string): { all: Finding[]; of: (check: string) => Finding[] } {
  const loaded = loadBook(dir);
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message.en).join("\n"));
  const all = modelAndFindings(loaded.book, loaded.book.version).findings;
  return { all, of: (check) => all.filter((f) => f.check === check) };
}

describe("checks that are limits", () => {
  it("passes under the limit, saying how far under, for the total only", () => {
    const { all, of } = findingsOf(BOOK);
    expect(all.filter((f) => f.status !== "pass")).toEqual([]);
    // A 条 of the 予算 binds the whole 会計: one finding, for 合計.
    const [bonds, ...more] = of("limit.bonds");
    expect(more).toEqual([]);
    expect(bonds?.segment).toBeUndefined();
    expect(bonds?.status).toBe("pass");
    expect(bonds?.relation).toBe("<=");
    expect(bonds?.message.ja).toBe(
      "第5条 企業債の限度額（合計）：企業債 250,000 は 第5条 企業債（配水管布設替事業、浄水場更新事業） 300,000 以下で、上限まで 50,000 あります。",
    );
    expect(bonds?.message.en).toBe(
      "第5条 企業債の限度額 (合計): 企業債 250,000 ≤ 第5条 企業債（配水管布設替事業、浄水場更新事業） 300,000, 50,000 under the limit",
    );
    // A limit between lines (≦ as a Japanese keyboard types it) runs for every column.
    const reserves = of("limit.reserves");
    expect(reserves.map((f) => f.segment)).toEqual(["water", undefined]);
    expect(reserves[1]?.message.en).toBe(
      "損益勘定留保資金の使用額 ≤ 使用可能額 (合計): 過年度分損益勘定留保資金 500,000 ≤ 使用可能額 620,000, 120,000 under the limit",
    );
  });

  it("passes at the limit", () => {
    const f = findingsOf(withBonds(300_000)).of("limit.bonds")[0];
    expect(f?.status).toBe("pass");
    expect(f?.message.ja).toBe(
      "第5条 企業債の限度額（合計）：企業債 300,000 は 第5条 企業債（配水管布設替事業、浄水場更新事業） 300,000 と同額で、上限ちょうどです。",
    );
    expect(f?.message.en).toBe(
      "第5条 企業債の限度額 (合計): 企業債 300,000 = 第5条 企業債（配水管布設替事業、浄水場更新事業） 300,000, at the limit",
    );
  });

  it("fails above the limit, naming the limit, both figures and the margin", async () => {
    const book = withBonds(350_000);
    const { all, of } = findingsOf(book);
    expect(all.filter((f) => f.status === "fail").map((f) => f.check)).toEqual(["limit.bonds"]);
    const f = of("limit.bonds")[0];
    expect(f?.message.ja).toBe(
      "第5条 企業債の限度額（合計）：企業債 350,000 は 第5条 企業債（配水管布設替事業、浄水場更新事業） 300,000 を 50,000 超えています。",
    );
    expect(f?.message.en).toBe(
      "第5条 企業債の限度額 (合計): 企業債 350,000 exceeds 第5条 企業債（配水管布設替事業、浄水場更新事業） 300,000 by 50,000",
    );
    // Sources on both sides: the 企業債 cell of the budget and the two 限度額 cells.
    expect(f?.sources.map((s) => ("file" in s ? `${s.file}:${s.row}:${s.column}` : ""))).toEqual([
      join(book, "budget.csv:7:amount"),
      join(book, "provisions.csv:2:amount"),
      join(book, "provisions.csv:3:amount"),
    ]);
    const { result, json } = await buildTemp(book);
    expect(result.exitCode).toBe(1);
    const limit = json.checks.find((c) => c.id === "limit.bonds");
    expect(limit).toMatchObject({
      status: "fail",
      relation: "<=",
      expected: "300000",
      actual: "350000",
      difference: "50000",
      unit: "千円",
    });
  });

  it("states ≥: a floor passes at and above it and fails below it", () => {
    // 補てん財源 ≥ 不足額: equal in the book.
    const at = findingsOf(BOOK).of("capital.funding-covers")[1];
    expect(at?.message.en).toBe(
      "第4条 補てん財源が不足額を賄うこと (合計): 補てん財源計 560,000 = 資本的収入額が資本的支出額に不足する額 560,000, at the minimum",
    );
    const above = copyBook(BOOK);
    replaceIn(join(above, "budget.csv"), '"500,000"', '"520,000"');
    const over = findingsOf(above).of("capital.funding-covers")[1];
    expect(over?.status).toBe("pass");
    expect(over?.message.ja).toBe(
      "第4条 補てん財源が不足額を賄うこと（合計）：補てん財源計 580,000 は 資本的収入額が資本的支出額に不足する額 560,000 以上で、下限を 20,000 上回っています。",
    );
    const below = copyBook(BOOK);
    replaceIn(join(below, "budget.csv"), '"500,000"', '"490,000"');
    const short = findingsOf(below).of("capital.funding-covers")[1];
    expect(short?.status).toBe("fail");
    expect(short?.relation).toBe(">=");
    expect(short?.message.ja).toBe(
      "第4条 補てん財源が不足額を賄うこと（合計）：補てん財源計 550,000 は 資本的収入額が資本的支出額に不足する額 560,000 を 10,000 下回っています。",
    );
    expect(short?.message.en).toBe(
      "第4条 補てん財源が不足額を賄うこと (合計): 補てん財源計 550,000 falls short of 資本的収入額が資本的支出額に不足する額 560,000 by 10,000",
    );
  });

  it("reads provision:<id> in a side of a check, and nowhere else", () => {
    const check = parseFormula("bonds-issued - provision:bonds-pipes", { provisions: true });
    expect(check.ok && check.formula.terms).toEqual([
      { sign: 1, ref: { kind: "line", id: "bonds-issued" } },
      { sign: -1, ref: { kind: "provision", id: "bonds-pipes" } },
    ]);
    const layout = parseFormula("bonds-issued - provision:bonds-pipes");
    expect(layout.ok).toBe(false);
    expect(!layout.ok && layout.reason.ja).toBe(
      "「provision:bonds-pipes」：予算の条項の金額は checks.csv の照合の式でだけ使えます。",
    );
  });

  it("refuses a relation it cannot read, and a provision outside checks.csv", () => {
    const bad = copyBook(BOOK);
    replaceIn(join(bad, "checks.csv"), "bonds-issued,<=,", "bonds-issued,<,");
    const r = loadBook(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(
      r.issues.map(
        (i) => `${i.code} ${i.source.kind === "cell" ? `${i.source.row}:${i.source.column}` : ""}`,
      ),
    ).toEqual(["checks.relation 4:relation"]);
    const inLayout = copyBook(BOOK);
    replaceIn(
      join(inLayout, "layout.csv"),
      "reserves-brought-forward + reserves-arising",
      "reserves-brought-forward + provision:inventory",
    );
    const l = loadBook(inLayout);
    expect(l.ok).toBe(false);
    if (l.ok) return;
    expect(l.issues[0]?.code).toBe("layout.formula");
    expect(l.issues[0]?.message.en).toContain(
      "「provision:inventory」: a provision's amount can be named only in a check of checks.csv",
    );
  });
});

describe("the 予算's other 条 (provisions.csv), shown with the budget", () => {
  it("are in statements.json, report.html and the workbook, in the book's words", async () => {
    const { result, json, out } = await buildTemp(BOOK);
    expect(result.exitCode).toBe(0);
    expect(
      json.provisions?.map((p) => `${p.article} ${p.kind} ${p.item} ${p.amount ?? ""}`),
    ).toEqual([
      "第5条 企業債 配水管布設替事業 200000",
      "第5条 企業債 浄水場更新事業 100000",
      "第6条 一時借入金  500000",
      "第7条 議会の議決を経なければ流用することのできない経費 職員給与費 350000",
      "第7条 議会の議決を経なければ流用することのできない経費 交際費 300",
      "第8条 他会計からの補助金  50000",
      "第9条 たな卸資産購入限度額  40000",
      "第10条 利益剰余金の処分  ",
    ]);
    expect(json.provisions?.[1]?.fields).toEqual({
      起債の方法: "普通貸借又は証券発行",
      利率: "年5.0%以内",
      償還の方法: "同上",
    });

    // report.html (built in the tests' pinned English): a section after the statements, a
    // table per 条; yosan's words in English, the book's as written.
    const html = readFileSync(join(out, "report.html"), "utf8");
    const section = html.slice(html.indexOf('<section id="provisions"'));
    expect(html.indexOf('<section id="statements"')).toBeLessThan(
      html.indexOf('<section id="provisions"'),
    );
    expect(html).toContain('<a href="#provisions">Provisions of the budget</a>');
    expect(section).toContain("<h2>Provisions of the budget <small>(単位：千円)</small></h2>");
    expect(section).toContain("<h3>第5条 企業債</h3>");
    expect(section).toContain('>Item</th><th scope="col">Amount</th>');
    expect(section).toContain('<th scope="col" class="label">起債の方法</th>');
    expect(section).toContain(
      '<th scope="row" class="label">配水管布設替事業</th><td class="amt" data-provision="bonds-pipes">200,000</td>',
    );
    expect(section).toContain("<h3>第7条 議会の議決を経なければ流用することのできない経費</h3>");
    expect(section).toContain("たな卸資産の購入限度額は、40,000千円と定める。");
    // In Japanese, 予算の条項 with yosan's Japanese headings.
    const loaded = loadBook(BOOK);
    if (!loaded.ok) throw new Error("the book does not load");
    const { model, findings } = modelAndFindings(loaded.book, loaded.book.version);
    const ja = renderReportHtml(model, findings, { lang: "ja" });
    expect(ja).toContain("<h2>予算の条項 <small>(単位：千円)</small></h2>");
    expect(ja).toContain('>項目</th><th scope="col">金額</th>');
    expect(ja).toContain("<h3>第9条 たな卸資産購入限度額</h3>");

    // The workbook: one sheet, a row per provision; a limit on 照合結果 reads its cells live.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, "statements.xlsx"));
    const sheet = wb.getWorksheet("予算の条項");
    expect(sheet).toBeDefined();
    if (!sheet) return;
    const row = (n: number) => [1, 2, 3, 4, 5, 6, 7, 8].map((c) => sheet.getCell(n, c).value ?? "");
    expect(row(4)).toEqual([
      "条",
      "種類",
      "項目",
      "金額",
      "起債の方法",
      "利率",
      "償還の方法",
      "内容",
    ]);
    expect(row(5).slice(0, 5)).toEqual([
      "第5条",
      "企業債",
      "配水管布設替事業",
      200000,
      "普通貸借又は証券発行",
    ]);
    expect(row(7)).toEqual([
      "第6条",
      "一時借入金",
      "",
      500000,
      "",
      "",
      "",
      "一時借入金の限度額は、500,000千円と定める。",
    ]);
    const checks = wb.getWorksheet("照合結果");
    let live: { limit?: unknown; status?: unknown } = {};
    checks?.eachRow((r) => {
      if (r.getCell(1).value === "limit.bonds")
        live = {
          limit: (r.getCell(6).value as { formula?: string }).formula,
          status: (r.getCell(5).value as { formula?: string }).formula,
        };
    });
    expect(live.limit).toBe("'予算の条項'!D5+'予算の条項'!D6");
    expect(live.status).toMatch(/^IF\(H\d+<=0,/);
  });

  it("are on the web page's overview", () => {
    const live = new LiveBook(BOOK, { strict: false });
    try {
      const state = live.current;
      if (!state.ok) throw new Error("the book does not load");
      const view = pageView(state, new Sessions().create());
      const ja = overviewPage(view, "ja");
      expect(ja).toContain('<h2 id="provisions">予算の条項 <small>');
      expect(ja).toContain("<h3>第5条 企業債</h3>");
      expect(ja).toContain('data-provision="bonds-plant">100,000</td>');
      const en = overviewPage(view, "en");
      expect(en).toContain('<h2 id="provisions">Provisions of the budget <small>');
      expect(en).toContain("<td>年5.0%以内</td>");
    } finally {
      live.close();
    }
  });

  it("a book without provisions.csv shows no section and no sheet", async () => {
    const book = copyBook(BOOK);
    const manifest = JSON.parse(readFileSync(join(book, "book.json"), "utf8"));
    delete manifest.files.provisions;
    writeFileSync(join(book, "book.json"), JSON.stringify(manifest));
    writeFileSync(
      join(book, "checks.csv"),
      readFileSync(join(book, "checks.csv"), "utf8")
        .split("\n")
        .filter((l) => !l.includes("provision:"))
        .join("\n"),
    );
    const { result, json, out } = await buildTemp(book);
    expect(result.exitCode).toBe(0);
    expect(json.provisions).toBeUndefined();
    expect(readFileSync(join(out, "report.html"), "utf8")).not.toContain('id="provisions"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, "statements.xlsx"));
    expect(wb.getWorksheet("予算の条項")).toBeUndefined();
  });
});
