/**
 * A book without segments (test/fixtures/no-segments: a small 水道事業会計, one entity, 千円):
 * `segments` left out of book.json and the `segment` column out of budget.csv. It builds with
 * no `segments.sum` finding at all, and every output is 科目 | 金額 — the build summary,
 * `yosan check`, `explain`, statements.json, the statement CSVs, the workbook (no by-segment
 * sheets), report.html and the served pages (no segment choice). A 科目 | 金額 table imports
 * into it with no failure and no noise; versions, revisions and actuals (the mapping without
 * department rows) work; a budget row naming a segment is `segment.undeclared`.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../src/cli/build.ts";
import { runCheck, runExplain } from "../src/cli/commands.ts";
import { runImport } from "../src/cli/import-command.ts";
import { runCompare } from "../src/cli/versions.ts";
import { readBudgetFile } from "../src/read/budget-reader.ts";
import { loadBookAt } from "../src/read/load-book.ts";
import { lineResolver, segmentResolver } from "../src/read/resolution.ts";
import { type Built, buildTemp, jsonFigure, REPO, tempDir } from "./helpers/book.ts";
import { type Served, type Session, serveCopy, session } from "./helpers/serve.ts";

const BOOK = join(REPO, "test/fixtures/no-segments");

/** A copy of the fixture to change. */
function copy(): string {
  const dir = join(tempDir("yosan-no-segments-"), "book");
  cpSync(BOOK, dir, { recursive: true });
  return dir;
}

/** A command's output without the paths in it (this fixture's own name says no-segments). */
function withoutPaths(text: string): string {
  return text.replaceAll(/\S*no-segments\S*/g, "");
}

/** The header cells of a statement table in an HTML page, in order. */
function tableHeads(html: string): string[][] {
  return [...html.matchAll(/<thead><tr>([\s\S]*?)<\/tr><\/thead>/g)].map((m) =>
    [...(m[1] ?? "").matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((h) => h[1] ?? ""),
  );
}

describe("a book without segments builds as 科目 | 金額", () => {
  let built: Built;
  beforeAll(async () => {
    built = await buildTemp(BOOK);
  });

  it("exit 0, no segments.sum finding, and a summary that counts no segments", () => {
    expect(built.result.stderr).toEqual([]);
    expect(built.result.exitCode).toBe(0);
    const ids = built.json.checks.map((c) => c.id);
    expect(ids).not.toContain("segments.sum");
    expect([...new Set(ids)].sort()).toEqual(["bs.balance", "tie.cash"]);
    expect(built.json.checks.every((c) => c.status === "pass")).toBe(true);
    const summary = built.result.stdout.join("\n");
    expect(withoutPaths(summary)).not.toMatch(/segment|未配分|\(合計\)|（合計）/);
    expect(summary).toContain("checks: 2 passed, 0 failed, 0 warnings");
  });

  it("statements.json: lines are 科目 | 金額 (a total, no segments, nothing unallocated)", () => {
    const { json } = built;
    expect(json.segments).toEqual([]);
    expect(json.statements.map((s) => s.id)).toEqual(["pl", "bs", "cf"]);
    for (const st of json.statements)
      for (const line of st.lines) {
        expect(Object.keys(line)).not.toContain("segments");
        expect(Object.keys(line)).not.toContain("unallocated");
        expect(line.total).toMatch(/^-?\d+$/);
      }
    expect(jsonFigure(json, "pl", "net-income", null)).toBe("300000");
    expect(jsonFigure(json, "bs", "total-assets", null)).toBe("10800000");
    expect(jsonFigure(json, "cf", "cf-closing-cash", null)).toBe("620000");
    expect(jsonFigure(json, "cf", "capex", null)).toBe("-700000");
    for (const c of json.checks) {
      expect(c.segment).toBeUndefined();
      expect(c.message).not.toMatch(/\(合計\)|（合計）/);
    }
  });

  it("the statement CSVs are id, label, level, kind, 金額; checks.csv has no segment column", () => {
    for (const st of ["pl", "bs", "cf"]) {
      const text = readFileSync(join(built.out, `${st}.csv`), "utf8").replace(/^\uFEFF/, "");
      expect(text.split("\r\n")[0], st).toBe("id,label,level,kind,金額");
    }
    const pl = readFileSync(join(built.out, "pl.csv"), "utf8");
    expect(pl).toContain("water-charges,給水収益,1,leaf,1200000\r\n");
    const checks = readFileSync(join(built.out, "checks.csv"), "utf8").replace(/^\uFEFF/, "");
    expect(checks.split("\r\n")[0]).toBe(
      "check,status,statement,line,expected,actual,difference,unit,message,sources",
    );
  });

  it("the workbook: one 科目 | 金額 sheet per statement, no by-segment sheet, the 入力 sheet's one column", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(built.out, "statements.xlsx"));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "予定損益計算書",
      "予定貸借対照表",
      "予定キャッシュ・フロー計算書",
      "照合結果",
      "入力",
    ]);
    const values = (ws: ExcelJS.Worksheet, row: number) =>
      (ws.getRow(row).values as unknown[]).slice(1).filter((v) => v !== undefined && v !== null);
    for (const name of ["予定損益計算書", "予定貸借対照表", "予定キャッシュ・フロー計算書"]) {
      const ws = wb.getWorksheet(name);
      if (!ws) throw new Error(`no sheet ${name}`);
      expect(values(ws, 4), name).toEqual(["科目", "金額"]);
      expect(ws.actualColumnCount, name).toBe(2);
    }
    const input = wb.getWorksheet("入力");
    if (!input) throw new Error("no 入力 sheet");
    expect(values(input, 3)).toEqual(["表", "科目", "科目ID", "金額"]);
    // A leaf's amount is the input itself, not a SUM over segment columns.
    expect(values(input, 4)).toEqual(["予定損益計算書", "給水収益", "water-charges", 1200000]);
    // The statement reads it; the cash flow reads the P&L.
    const pl = wb.getWorksheet("予定損益計算書");
    const cell = pl?.getCell(6, 2).value as { formula?: string; result?: number } | undefined;
    expect(cell?.formula).toBe("'入力'!D4");
    expect(cell?.result).toBe(1200000);
    const findings = wb.getWorksheet("照合結果");
    expect(findings?.getColumn(4).hidden).toBe(true);
  });

  it("report.html: every statement table is 科目 | 金額, no segment selector, no segment count", () => {
    const html = readFileSync(join(built.out, "report.html"), "utf8");
    const heads = tableHeads(html).filter((h) => h[0] === "科目");
    expect(heads).toHaveLength(3);
    for (const h of heads) expect(h).toEqual(["科目", "金額"]);
    expect(html).not.toContain("<select data-chart-switch");
    expect(html).not.toMatch(/\d segments?\b/);
    expect(html).not.toContain("未配分");
    expect(html).not.toContain("(segment not allocated)");
  });
});

describe("check, explain and compare say nothing of segments", () => {
  it("yosan check names a failure by statement and line, without 合計", () => {
    const dir = copy();
    const budget = join(dir, "budget.csv");
    writeFileSync(
      budget,
      readFileSync(budget, "utf8").replace('未収金,"180,000"', '未収金,"180,001"'),
    );
    const r = runCheck(dir);
    expect(r.exitCode).toBe(1);
    const text = r.stdout.join("\n");
    expect(text).toContain("FAIL bs.balance  予定貸借対照表 / 資産合計\n");
    expect(text).toContain(
      "資産合計 = 負債資本合計: 資産合計 = 10,800,001 but 負債資本合計 = 10,800,000, difference 1",
    );
    expect(text).not.toMatch(/合計\)|\/ 合計|segments\.sum/);
  });

  it("explain: the statement alone as its place, the cells without a segment note; --segment is misuse", () => {
    const r = runExplain(BOOK, "資産合計");
    expect(r.exitCode).toBe(0);
    const text = r.stdout.join("\n");
    expect(text.split("\n")[0]).toBe("予定貸借対照表 (単位：千円)");
    expect(text).toContain("資産合計 10,800,000 = 有形固定資産 + 現金預金 + 未収金");
    expect(text).toMatch(/└─ \+ 180,000 {2}\S*budget\.csv:10:amount$/m);
    expect(withoutPaths(text)).not.toMatch(/segment|未配分/);
    const misuse = runExplain(BOOK, "資産合計", { segment: "水道" });
    expect(misuse.exitCode).toBe(2);
    expect(misuse.stderr.join("\n")).toContain("this book has no segments");
  });

  it("the budget reader's byte path and its generic path read a file without the segment column alike", () => {
    const loaded = loadBookAt(BOOK);
    if (!loaded.ok) throw new Error("the fixture does not load");
    const book = loaded.book;
    const resolveLine = lineResolver(book.lines);
    const names = {
      line: (text: string) => resolveLine(text, { leafOnly: true }),
      segment: segmentResolver(book.segments),
      segmented: false,
    };
    // Rows the byte path takes (plain integers) and rows it leaves to the generic one (△, commas).
    const file = join(tempDir("yosan-no-segments-budget-"), "budget.csv");
    writeFileSync(file, 'account,amount,note\n給水収益,1000,\n給水収益,"△1,000",\n未収金,7,x\n');
    const read = (generic: boolean) =>
      readBudgetFile(file, "budget.csv", names, book.unit, { generic }).entries.map((e) => [
        e.line,
        e.segment,
        e.amount.toString(),
      ]);
    expect(read(false)).toEqual([
      ["water-charges", null, "0"],
      ["receivables", null, "7"],
    ]);
    expect(read(true)).toEqual(read(false));
    // A book with segments still requires the column.
    const segmented = readBudgetFile(file, "budget.csv", { ...names, segmented: true }, book.unit);
    expect(segmented.issues.map((i) => i.code)).toEqual(["column.missing"]);
  });

  it("a budget row naming a segment is segment.undeclared, at its cell", () => {
    const dir = copy();
    const budget = join(dir, "budget.csv");
    writeFileSync(
      budget,
      `account,segment,amount,note\n${readFileSync(budget, "utf8")
        .split("\n")
        .slice(1)
        .filter((l) => l !== "")
        .map((l) => l.replace(/^([^,]+),/, "$1,,"))
        .join("\n")}\n給水収益,水道事業,5,\n`,
    );
    const r = runCheck(dir);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.join("\n")).toContain(
      "budget.csv:21:segment: error: this book has no segments, so 「水道事業」 cannot name one",
    );
    // The same file with that row's segment blank (合計 counts as blank) loads.
    writeFileSync(
      budget,
      readFileSync(budget, "utf8").replace("給水収益,水道事業,5,", "給水収益,合計,0,"),
    );
    expect(runCheck(dir).exitCode).toBe(0);
  });
});

describe("import into a book without segments", () => {
  it("a 科目 | 金額 table lands on the lines, with no failure and no noise", async () => {
    const dir = copy();
    const file = join(tempDir("yosan-no-segments-import-"), "予定損益計算書.csv");
    // 給水収益 up 50,000 and その他営業収益 down as much: the totals, and so the BS, still agree.
    writeFileSync(
      file,
      [
        "予定損益計算書",
        "（単位：千円）",
        "科目,金額",
        "営業収益,",
        '給水収益,"1,250,000"',
        "その他営業収益,0",
        '営業収益計,"1,250,000"',
        "営業費用,",
        '原水及び浄水費,"600,000"',
        '減価償却費,"400,000"',
        '営業費用計,"1,000,000"',
        '営業利益,"250,000"',
        '長期前受金戻入,"80,000"',
        '支払利息,"30,000"',
        '経常利益,"300,000"',
        '当年度純利益,"300,000"',
        "",
      ].join("\n"),
    );
    const r = await runImport([file], { into: dir });
    const out = r.stdout.join("\n");
    expect(r.stderr).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(out).toContain("changed 給水収益: 1,200,000 → 1,250,000");
    expect(out).toContain("removed その他営業収益: 50,000");
    expect(out).toMatch(/findings: \d+ passed, 0 failed, 0 warnings/);
    expect(withoutPaths(out)).not.toMatch(/segment|合計:|\/ 合計|damaged|未配分/);
    const after = await buildTemp(dir);
    expect(after.result.exitCode).toBe(0);
    expect(jsonFigure(after.json, "pl", "water-charges", null)).toBe("1250000");
    expect(jsonFigure(after.json, "pl", "other-operating-revenue", null)).toBe("0");
    expect(after.json.checks.map((c) => c.id)).not.toContain("segments.sum");
    // The budget file keeps its two columns.
    expect(readFileSync(join(dir, "budget.csv"), "utf8").split("\n")[0]).toBe(
      "account,amount,note",
    );
  });

  it("the book's own workbook and CSVs import back as no change", async () => {
    const built = await buildTemp(BOOK);
    for (const f of ["statements.xlsx", "pl.csv", "bs.csv", "cf.csv"]) {
      const r = await runImport([join(built.out, f)], { into: BOOK, dryRun: true });
      expect(r.exitCode, f).toBe(0);
      expect(r.stderr, f).toEqual([]);
      const out = r.stdout.join("\n");
      expect(out, f).toContain("changes: none");
      expect(withoutPaths(out), f).not.toMatch(/filed under|segment/);
    }
  });

  it("a new book from a print, with this book as its layout, is written without a segment column", async () => {
    const built = await buildTemp(BOOK);
    const into = join(tempDir("yosan-no-segments-new-"), "book");
    const r = await runImport([join(built.out, "statements.xlsx")], { into, layout: BOOK });
    expect(r.stderr).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(readFileSync(join(into, "budget.csv"), "utf8").split("\n")[0]).toBe(
      "account,amount,note",
    );
    const again = await buildTemp(into);
    expect(again.result.exitCode).toBe(0);
    expect(again.json.statements).toEqual(built.json.statements);
  });
});

describe("versions, revisions and actuals without segments", () => {
  let dir: string;
  beforeAll(async () => {
    dir = copy();
    const manifest = JSON.parse(readFileSync(join(dir, "book.json"), "utf8"));
    manifest.versions = [
      { id: "original", name: "当初予算", kind: "budget" },
      { id: "revision-1", name: "補正予算（第1号）", kind: "revision", files: ["revision-1.csv"] },
      { id: "current", name: "現計予算", kind: "current", base: "original", through: "revision-1" },
    ];
    manifest.defaultVersion = "original";
    manifest.variance = { threshold: 10000 };
    writeFileSync(join(dir, "book.json"), JSON.stringify(manifest, null, 2));
    // A 補正 of the costs and their cash, in the budget format without the segment column.
    writeFileSync(
      join(dir, "revision-1.csv"),
      "account,amount,note\n原水及び浄水費,20000,動力費の増\n現金預金,-20000,\n",
    );
    writeFileSync(
      join(dir, "mapping.csv"),
      [
        "kind,code,name,line,segment,side,sign,note",
        "account,4110,給水収益,給水収益,,credit,,",
        "account,5110,原水及び浄水費,原水及び浄水費,,debit,,",
        "account,1110,現金預金,現金預金,,debit,,",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "..", "journal.csv"),
      [
        "日付,伝票番号,科目コード,科目名,部門コード,部門名,借方金額,貸方金額",
        "2025/04/30,1,1110,現金預金,10,浄水課,1300000000,",
        "2025/04/30,1,4110,給水収益,20,営業課,,1300000000",
        "2025/05/31,2,5110,原水及び浄水費,10,浄水課,650000000,",
        "2025/05/31,2,1110,現金預金,10,浄水課,,650000000",
        "",
      ].join("\n"),
    );
  });

  it("a revision without a segment column builds the 現計", async () => {
    const current = await buildTemp(dir, false, "current");
    expect(current.result.stderr).toEqual([]);
    expect(current.result.exitCode).toBe(0);
    expect(jsonFigure(current.json, "pl", "purification", null)).toBe("620000");
    expect(jsonFigure(current.json, "pl", "net-income", null)).toBe("280000");
    expect(current.json.checks.map((c) => c.id)).not.toContain("segments.sum");
  });

  it("the accounting export imports through a mapping without department rows, whatever its 部門", async () => {
    const r = await runImport([join(dir, "..", "journal.csv")], {
      into: dir,
      version: "settlement",
    });
    expect(r.stderr).toEqual([]);
    expect(r.exitCode).not.toBe(2);
    const out = r.stdout.join("\n");
    expect(out).toContain("leaves by line, 千円:");
    expect(out).not.toMatch(/unmapped|部門 10|合計/);
    const loaded = loadBookAt(dir, "settlement");
    if (!loaded.ok) throw new Error("the book does not load");
    const leaves = loaded.book.entries.map((e) => [e.line, e.segment, e.amount.toString()]);
    expect(leaves).toEqual([
      ["water-charges", null, "1300000"],
      ["purification", null, "650000"],
      ["cash", null, "650000"],
    ]);
    expect(readFileSync(join(dir, "versions/settlement.csv"), "utf8").split("\n")[0]).toBe(
      "account,amount,note",
    );
  });

  it("compare: one table per statement, no segment column; a variance on a total leaf needs its 備考", () => {
    const r = runCompare(dir, "current", "settlement");
    const text = r.stdout.join("\n");
    expect(text).toMatch(/^予定損益計算書$/m);
    expect(text).not.toMatch(/— 合計|segment/);
    // 給水収益 1,200,000 → 1,300,000: over the threshold of 10,000, without a 備考.
    expect(text).toMatch(/variance\.note: 給水収益: 決算 1,300,000 − 現計予算 1,200,000 = 100,000/);
  });
});

describe("yosan serve: the pages of a book without segments", () => {
  let s: Served;
  let me: Session;
  beforeAll(async () => {
    s = await serveCopy({ from: BOOK, watch: false });
    me = await session(s.port);
  });
  afterAll(() => s.close());

  it("statements: 科目 | 金額, no segment tabs; the overview's key figures are 金額", async () => {
    const page = (await me.get("/statements")).text;
    const heads = tableHeads(page);
    expect(heads.length).toBe(3);
    for (const h of heads) expect(h).toEqual(["科目", "金額"]);
    expect(page).not.toContain('class="tabs"');
    expect(page).toMatch(/data-line="cf-closing-cash" data-segment="合計"[^>]*>620,000</);
    const all = (await me.get("/statements?segment=all")).text;
    expect(tableHeads(all)).toEqual(heads);
    const overview = (await me.get("/")).text;
    expect(tableHeads(overview)[0]).toEqual(["科目", "金額"]);
    expect(overview).not.toMatch(/\d+ 事業/);
    const findings = (await me.get("/findings?status=all")).text;
    expect(findings).not.toContain('name="segment"');
  });

  it("what-if edits the figure itself (there is no segment to edit)", async () => {
    const drill = (
      await me.get(`/fragment/explain?line=water-charges&segment=${encodeURIComponent("合計")}`)
    ).text;
    expect(drill).toContain('data-whatif data-line="water-charges" data-segment="合計"');
    expect(drill).not.toContain(" / 合計");
    const r = await me.post(
      "/api/whatif",
      JSON.stringify({ line: "water-charges", segment: "合計", amount: "1300000" }),
    );
    expect(r.status).toBe(200);
    const page = (await me.get("/statements")).text;
    expect(page).toMatch(/data-line="net-income" data-segment="合計"[^>]*>400,000</);
    await me.post("/api/whatif/discard");
  });

  it("an applied what-if is written into the budget file, still without a segment column", async () => {
    const w = await serveCopy({ from: BOOK, watch: false, allowImport: true });
    try {
      const mine = await session(w.port);
      const edit = { line: "water-charges", segment: "合計", amount: "1250000" };
      expect((await mine.post("/api/whatif", JSON.stringify(edit))).status).toBe(200);
      const applied = await mine.post("/api/whatif/apply");
      expect(applied.status).toBe(200);
      const budget = readFileSync(join(w.dir, "budget.csv"), "utf8");
      expect(budget.split("\n")[0]).toBe("account,amount,note");
      expect(budget).toContain("給水収益,1250000,");
    } finally {
      await w.close();
    }
  });
});

describe("the build of a book without segments writes what it says", () => {
  it("writes every format into a fresh directory", async () => {
    const out = join(tempDir("yosan-no-segments-out-"), "out");
    const r = await build(BOOK, { out });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.at(-1)).toContain("statements.json, pl.csv, bs.csv, cf.csv, checks.csv");
  });
});
