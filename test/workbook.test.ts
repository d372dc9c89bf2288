/**
 * statements.xlsx, structurally: every amount is a formula with yosan's figure as its cached
 * result, the △ format is on every amount cell, leaves read the 入力 sheet, text from input
 * never becomes a formula, two renders are byte-identical, and the text dump matches the golden
 * file (npm run golden rewrites it).
 */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { reconcile } from "../src/check/reconcile.ts";
import { declaredComparisons } from "../src/check/variance.ts";
import { outlook, schedulesOf } from "../src/derive/commitments.ts";
import { derive } from "../src/derive/derive.ts";
import type { Book } from "../src/model/book.ts";
import type { Commitment } from "../src/model/commitment.ts";
import type { Lang } from "../src/model/text.ts";
import { loadBook } from "../src/read/load-book.ts";
import type { StatementsJson } from "../src/render/statements-json.ts";
import { AMOUNT_FORMAT } from "../src/render/workbook/cells.ts";
import { NO_RATE, RATE_FORMAT } from "../src/render/workbook/comparison-sheet.ts";
import { renderWorkbook } from "../src/render/workbook/workbook.ts";
import { appendLines, buildTemp, copyBook, FY29, REPO } from "./helpers/book.ts";
import { comparisonRows } from "./helpers/comparison-sheet.ts";
import { expectGolden } from "./helpers/golden.ts";
import { dumpWorkbook } from "./helpers/workbook-dump.ts";

const GOLDEN = join(REPO, "test/golden/jlis-h29.workbook.txt");

async function renderBook(dir: string, lang: Lang = "en"): Promise<Buffer> {
  const loaded = loadBook(dir);
  if (!loaded.ok) throw new Error(`book ${dir} did not load`);
  const model = derive(loaded.book);
  return renderWorkbook(model, reconcile(model), {
    comparisons: declaredComparisons(loaded.book),
    lang,
  });
}

async function open(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** Formula and cached result (cell.result, since cell.value drops a cached 0 in exceljs 4). */
function formulaOf(cell: ExcelJS.Cell): { formula: string; result: unknown } | undefined {
  return cell.type === ExcelJS.ValueType.Formula
    ? { formula: cell.formula, result: cell.result }
    : undefined;
}

/** Rows of a statement sheet that carry amounts (headings have none), from row 5. */
function amountRows(ws: ExcelJS.Worksheet): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  for (let r = 5; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (row.getCell(2).value !== null) rows.push(row);
  }
  return rows;
}

let json: StatementsJson;
let built: Buffer;
let rendered: Buffer;
let wb: ExcelJS.Workbook;

beforeAll(async () => {
  const b = await buildTemp(FY29);
  json = b.json;
  built = readFileSync(join(b.out, "statements.xlsx"));
  rendered = await renderBook(FY29);
  wb = await open(built);
});

describe("statements.xlsx (FY29)", () => {
  it("is written by yosan build and equals renderWorkbook's bytes", () => {
    expect(built.equals(rendered)).toBe(true);
  });

  it("is deterministic: two renders are byte-identical", async () => {
    const again = await renderBook(FY29);
    expect(again.equals(rendered)).toBe(true);
  });

  it("has the sheets of the document, the checks and the inputs", () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "予定貸借対照表",
      "予定損益計算書",
      "資金計画",
      "事業別予定貸借対照表",
      "事業別予定損益計算書",
      "事業別資金計画",
      "資金計画調整（非資金費用）",
      "予定前受金及び累積前受金の内容及び金額",
      "債務負担行為",
      "概要",
      "当初予算と現計予算（補正第1号）",
      "決算報告書（サンプル）",
      "照合結果",
      "入力",
    ]);
    expect(wb.creator).toBe("地方公共団体情報システム機構");
    expect(wb.created.toISOString()).toBe("2017-04-01T00:00:00.000Z");
  });

  it("gives every line of every statement a formula whose cached result is statements.json's figure", () => {
    const segmentIds = json.segments.map((s) => s.id);
    for (const st of json.statements) {
      const single = sheet(wb, st.title);
      const rows = amountRows(single);
      expect(rows.map((r) => r.getCell(1).value)).toEqual(st.lines.map((l) => l.label));
      rows.forEach((row, i) => {
        const line = st.lines[i];
        const f = formulaOf(row.getCell(2));
        expect(f, `${st.title} ${line?.label}`).toBeDefined();
        expect(String(f?.result)).toBe(line?.total);
        if (line?.kind === "leaf") expect(f?.formula).toMatch(/^'入力'!/);
      });
    }
    for (const st of [
      ...json.statements.map((s) => ({ ...s, sheet: `事業別${s.title}` })),
      ...json.supplementary.map((s) => ({ ...s, sheet: s.title })),
    ]) {
      const ws = sheet(wb, st.sheet);
      const header = ws.getRow(4);
      expect(segmentIds.map((_, i) => header.getCell(2 + i).value)).toEqual(
        json.segments.map((s) => s.name),
      );
      const totalCol = 2 + segmentIds.length;
      expect(header.getCell(totalCol).value).toBe("合計");
      const rows = amountRows(ws);
      expect(rows.length).toBe(st.lines.length);
      rows.forEach((row, i) => {
        const line = st.lines[i];
        if (!line) throw new Error("row without line");
        segmentIds.forEach((id, j) => {
          const f = formulaOf(row.getCell(2 + j));
          expect(f, `${st.sheet} ${line.label} ${id}`).toBeDefined();
          expect(String(f?.result)).toBe(line.segments?.[id]);
        });
        const total = formulaOf(row.getCell(totalCol));
        expect(total?.formula).toMatch(/^SUM\(B\d+:[A-Z]+\d+\)$/);
        expect(String(total?.result)).toBe(line.total);
      });
    }
  });

  it("applies the △ number format to every numeric cell and every formula cell with a number", () => {
    let amounts = 0;
    for (const ws of wb.worksheets) {
      ws.eachRow((row) => {
        row.eachCell((cell) => {
          const f = formulaOf(cell);
          const numeric = typeof cell.value === "number" || typeof f?.result === "number";
          if (!numeric) return;
          // The counts of pass/fail/warn on 照合結果 are counts, not amounts.
          if (ws.name === "照合結果" && Number(cell.row) === 2) return;
          // The No column of 債務負担行為 numbers the commitments.
          if (ws.name === "債務負担行為" && Number(cell.col) === 1) return;
          // Fiscal years on 照合結果 are years (単位 年度), tested below.
          if (ws.name === "照合結果" && ws.getCell(Number(cell.row), 9).value === "年度") return;
          // Rates on the comparison sheets are percentages (tested with the comparisons).
          if (["増減率", "執行率"].includes(String(ws.getCell(5, Number(cell.col)).value))) {
            expect(cell.numFmt, `${ws.name}!${cell.address}`).toBe(RATE_FORMAT);
            return;
          }
          amounts++;
          expect(cell.numFmt, `${ws.name}!${cell.address}`).toBe(AMOUNT_FORMAT);
        });
      });
    }
    expect(amounts).toBeGreaterThan(1000);
  });

  it("shows the fiscal years of commitments.years on 照合結果 as years, never as amounts", () => {
    const ws = wb.getWorksheet("照合結果");
    if (!ws) throw new Error("no 照合結果 sheet");
    expect(ws.getCell(3, 9).value).toBe("単位");
    let years = 0;
    ws.eachRow((row, n) => {
      if (n <= 3 || row.getCell(1).value !== "commitments.years") return;
      years++;
      expect(row.getCell(9).value).toBe("年度");
      expect(typeof row.getCell(6).value).toBe("number");
      expect(row.getCell(6).numFmt).toBe('0"年度"');
      expect(row.getCell(7).numFmt).toBe('0"年度"');
      expect(row.getCell(8).numFmt).toBe('+0"年";-0"年";0"年"');
    });
    expect(years).toBe(32);
  });

  it("writes no string that looks like a formula and no formula without a cached result", () => {
    for (const ws of wb.worksheets) {
      ws.eachRow((row) => {
        row.eachCell((cell) => {
          if (typeof cell.value === "string")
            expect(cell.value.startsWith("="), `${ws.name}!${cell.address}`).toBe(false);
          const f = formulaOf(cell);
          if (f) expect(f.result, `${ws.name}!${cell.address}`).not.toBeUndefined();
        });
      });
    }
  });

  it("lists every finding on 照合結果, declared checks as live formulas", () => {
    const ws = sheet(wb, "照合結果");
    expect(ws.rowCount).toBe(3 + json.checks.length);
    json.checks.forEach((c, i) => {
      const row = ws.getRow(4 + i);
      expect(row.getCell(1).value).toBe(c.id);
      const status = row.getCell(5);
      const f = formulaOf(status);
      // 照合結果 says "built" where the layout makes a check hold by construction.
      expect(f?.result ?? status.value).toBe(c.structural ? "built" : c.status);
      if (c.id === "tie.cash") {
        expect(f?.formula).toBe(`IF(H${4 + i}=0,"pass","fail")`);
        expect(formulaOf(row.getCell(7))?.formula).toMatch(/予定貸借対照表/);
        expect(formulaOf(row.getCell(6))?.formula).toMatch(/資金計画/);
      }
      if (c.difference !== undefined) {
        const d = row.getCell(8);
        expect(String(formulaOf(d)?.result ?? d.value)).toBe(c.difference);
      }
    });
  });

  it("says the status words, the counts' criteria and the messages in Japanese when asked", async () => {
    const ws = sheet(await open(await renderBook(FY29, "ja")), "照合結果");
    expect(ws.getCell("A3").value).toBe("検査");
    expect(ws.getCell("B2").value).toBe("一致");
    expect(formulaOf(ws.getCell("C2"))?.formula).toMatch(/^COUNTIF\(E4:E\d+,"一致"\)$/);
    expect(ws.getCell("H2").value).toBe("構成上成立");
    json.checks.forEach((c, i) => {
      const status = ws.getCell(4 + i, 5);
      const f = formulaOf(status);
      const word = { pass: "一致", fail: "不一致", warn: "警告" }[c.status];
      expect(f?.result ?? status.value).toBe(c.structural ? "構成上成立" : word);
      if (c.id === "tie.cash") expect(f?.formula).toBe(`IF(H${4 + i}=0,"一致","不一致")`);
    });
    const messages = json.checks.map((_, i) => String(ws.getCell(4 + i, 10).value));
    expect(messages.some((m) => m.includes("の符号が欠落しています"))).toBe(true);
    expect(messages.some((m) => m.includes("the sign was lost"))).toBe(false);
  });

  it("names the compared versions as Japanese headings do and gives each hint as 対処, when asked", async () => {
    const ws = sheet(await open(await renderBook(FY29, "ja")), "決算報告書（サンプル）");
    // 現計 adds the invented 補正, and says so.
    expect(String(ws.getCell(2, 1).value)).toMatch(
      /^A：現計予算（current、サンプル：補正予算（第1号）：/,
    );
    expect(String(ws.getCell(3, 1).value)).toMatch(/^B：決算（settlement、サンプル：架空/);
    const grid = labelGrid(ws).map((r) => r[0]);
    const heading = grid.indexOf("確認事項 (3)");
    expect(heading).toBeGreaterThan(0);
    expect(String(ws.getCell(heading + 3, 2).value)).toMatch(/（予算超過）。\n対処: /);
  });

  it("writes the 概要 in 百万円 as ROUND formulas over the 千円 figures", () => {
    const ws = sheet(wb, "概要");
    const row = ws.getRow(4);
    expect(row.getCell(2).value).toBe("営業収益");
    expect(formulaOf(row.getCell(3))).toEqual({
      formula: "ROUND(('予定損益計算書'!B17)/1000,0)",
      result: 46009,
    });
    const net = ws.getRow(11);
    expect(net.getCell(2).value).toBe("当期純利益");
    expect(formulaOf(net.getCell(5))?.result).toBe(-371);
    expect(net.getCell(6).value).toBe(-370);
  });

  it("matches the golden dump (npm run golden rewrites it)", async () => {
    // Sources name the book as the build was given it: make the dump independent of the checkout.
    const dump = (await dumpWorkbook(built)).split(`${FY29}/`).join("ledgers/jlis-h29/");
    expectGolden(GOLDEN, dump);
  });
});

/** Column number of each header of the 債務負担行為 sheet (row 3). */
function commitmentColumns(ws: ExcelJS.Worksheet): Map<string, number> {
  const cols = new Map<string, number>();
  ws.getRow(3).eachCell((c, n) => {
    cols.set(String(c.value), n);
  });
  return cols;
}

function col(cols: Map<string, number>, header: string): number {
  const n = cols.get(header);
  if (n === undefined) throw new Error(`no column ${header}`);
  return n;
}

describe("債務負担行為 (FY29)", () => {
  const YEARS = [2017, 2018, 2019, 2020, 2021, 2022, 2023];
  let ws: ExcelJS.Worksheet;
  let cols: Map<string, number>;
  let commitments: readonly Commitment[];
  let totalRow: ExcelJS.Row;

  beforeAll(() => {
    ws = sheet(wb, "債務負担行為");
    cols = commitmentColumns(ws);
    const loaded = loadBook(FY29);
    if (!loaded.ok || !loaded.book.commitments) throw new Error("FY29 has no register");
    commitments = loaded.book.commitments.commitments;
    totalRow = ws.getRow(4 + commitments.length);
  });

  it("lists the 32 commitments of the register, then a 合計 row", () => {
    expect(commitments.length).toBe(32);
    expect([...cols.keys()].slice(0, 6)).toEqual([
      "No",
      "事項",
      "事業",
      "限度額",
      "行為年度",
      "負担となる年度",
    ]);
    commitments.forEach((c, i) => {
      const row = ws.getRow(4 + i);
      expect(row.getCell(1).value).toBe(c.no);
      expect(row.getCell(col(cols, "事項")).value).toBe(c.item);
    });
    expect(totalRow.getCell(col(cols, "事項")).value).toBe("合計");
    const second = ws.getRow(5);
    expect(second.getCell(col(cols, "行為年度")).value).toBe("平成29年度");
    expect(second.getCell(col(cols, "負担となる年度")).value).toBe("平成29年度から平成35年度");
    expect(ws.getRow(4).getCell(col(cols, "事業")).value).toBe("一般事業");
  });

  it("has one column per fiscal year 2017…2023, headed in both eras, then 年度計, 差額, 配分, 備考", () => {
    const first = col(cols, "限度額") + 3;
    const headers = YEARS.map((_, i) => String(ws.getRow(3).getCell(first + i).value));
    expect(headers[0]).toBe("2017年度\n平成29年度");
    expect(headers[2]).toBe("2019年度\n令和元年度\n(平成31年度)");
    expect(headers[6]).toBe("2023年度\n令和5年度\n(平成35年度)");
    headers.forEach((h, i) => {
      expect(h.startsWith(`${YEARS[i]}年度\n`)).toBe(true);
    });
    expect(col(cols, "年度計")).toBe(first + YEARS.length);
    expect([...cols.keys()].slice(6 + YEARS.length)).toEqual(["年度計", "差額", "配分", "備考"]);
  });

  it("totals the limits with a SUM formula: 25,395,623", () => {
    const c = col(cols, "限度額");
    const last = 3 + commitments.length;
    expect(formulaOf(totalRow.getCell(c))).toEqual({
      formula: `SUM(D4:D${last})`,
      result: 25395623,
    });
  });

  it("gives every commitment a 年度計 SUM of its year cells and a 差額 formula cached 0", () => {
    const sum = col(cols, "年度計");
    const diff = col(cols, "差額");
    const first = col(cols, "限度額") + 3;
    commitments.forEach((c, i) => {
      const row = ws.getRow(4 + i);
      const yearCells = YEARS.map((_, j) => row.getCell(first + j).value);
      const total = yearCells.reduce<number>((acc, v) => acc + (typeof v === "number" ? v : 0), 0);
      expect(row.getCell(col(cols, "限度額")).value).toBe(total);
      const f = formulaOf(row.getCell(sum));
      expect(f?.formula).toMatch(/^SUM\(G\d+:M\d+\)$/);
      expect(f?.result).toBe(total);
      expect(formulaOf(row.getCell(diff))).toEqual({
        formula: `D${4 + i}-N${4 + i}`,
        result: 0,
      });
      expect(row.getCell(col(cols, "配分")).value).toBe("均等");
      // no burden outside the commitment's years
      YEARS.forEach((y, j) => {
        const inside = y >= c.burdenYears.from && y <= c.burdenYears.to;
        if (!inside) expect(yearCells[j], `#${c.no} ${y}`).toBeNull();
      });
    });
    expect(formulaOf(totalRow.getCell(diff))?.result).toBe(0);
    expect(formulaOf(totalRow.getCell(sum))?.result).toBe(25395623);
  });

  it("totals every fiscal year with a SUM formula whose cached value is the outlook's", () => {
    const view = outlook(commitments, schedulesOf(commitments));
    expect(view.years).toEqual(YEARS);
    const first = col(cols, "限度額") + 3;
    const last = 3 + commitments.length;
    view.byYear.forEach((amount, j) => {
      const f = formulaOf(totalRow.getCell(first + j));
      const letter = String.fromCharCode(64 + first + j);
      expect(f?.formula).toBe(`SUM(${letter}4:${letter}${last})`);
      expect(String(f?.result), `${YEARS[j]}`).toBe(amount.toString());
    });
    expect(view.total.toString()).toBe("25395623");
  });
});

describe("債務負担行為 with explicit schedules and a text limit", () => {
  it("marks 個別 schedules, shows a nonzero 差額 where a schedule falls short, and leaves a text limit out of the sums", async () => {
    // Given: FY29 with the explicit schedules of the fixture and a loss guarantee with a text limit
    const dir = copyBook();
    copyFileSync(
      join(REPO, "test/fixtures/commitment-schedules.csv"),
      join(dir, "commitment-schedules.csv"),
    );
    const manifest = JSON.parse(readFileSync(join(dir, "book.json"), "utf8"));
    manifest.files.commitmentSchedules = "commitment-schedules.csv";
    writeFileSync(join(dir, "book.json"), JSON.stringify(manifest, null, 2));
    appendLines(
      join(dir, "commitments.csv"),
      "損失補償,損失補償に要する額,平成29年度,平成29年度から平成34年度,,",
    );

    // When: the workbook is rendered
    const ws = sheet(await open(await renderBook(dir)), "債務負担行為");
    const cols = commitmentColumns(ws);
    const rowOf = (item: string) => {
      let found: ExcelJS.Row | undefined;
      ws.eachRow((r) => {
        if (r.getCell(2).value === item) found = r;
      });
      if (!found) throw new Error(`no row ${item}`);
      return found;
    };

    // Then: #13 follows its explicit schedule and sums to its limit
    const r13 = ws.getRow(4 + 12);
    expect(r13.getCell(col(cols, "配分")).value).toBe("個別");
    expect(formulaOf(r13.getCell(col(cols, "差額")))?.result).toBe(0);
    // a schedule that falls short leaves the shortfall in 差額
    const lgwan = rowOf("LGWAN運営における暗号アルゴリズム対応機器リース及び保守");
    const limit = Number(lgwan.getCell(col(cols, "限度額")).value);
    expect(formulaOf(lgwan.getCell(col(cols, "年度計")))?.result).toBe(20000);
    expect(formulaOf(lgwan.getCell(col(cols, "差額")))?.result).toBe(limit - 20000);
    // the text limit is shown as text, with no year amounts and no formulas
    const guarantee = rowOf("損失補償");
    expect(guarantee.getCell(col(cols, "限度額")).value).toBe("損失補償に要する額");
    expect(guarantee.getCell(col(cols, "配分")).value).toBe("なし");
    expect(String(guarantee.getCell(col(cols, "備考")).value)).toMatch(/合計に含めない/);
    for (let c = col(cols, "負担となる年度") + 1; c <= col(cols, "差額"); c++)
      expect(guarantee.getCell(c).value, `column ${c}`).toBeNull();
    // and the limit total still sums the amounts only
    const total = rowOf("合計");
    expect(formulaOf(total.getCell(col(cols, "限度額")))?.result).toBe(25395623);
  });
});

describe("text from input", () => {
  it("is written as text even when it begins with = + - or @", async () => {
    const dir = copyBook();
    const advances = join(dir, "advances.csv");
    const text = readFileSync(advances, "utf8").replace("住基ネットシステムの機器更改", "=1+2");
    writeFileSync(advances, text);
    appendLines(
      join(dir, "commitments.csv"),
      '@SUM(A1),"1,000",平成29年度,平成30年度,,+cmd|calc',
      '-2+3,"2,000",平成29年度,平成30年度,,',
    );
    const wb2 = await open(await renderBook(dir));
    const found: string[] = [];
    for (const ws of wb2.worksheets) {
      ws.eachRow((row) => {
        row.eachCell((cell) => {
          if (typeof cell.value === "string" && /^[=+\-@]/.test(cell.value)) {
            expect(cell.type).toBe(ExcelJS.ValueType.String);
            found.push(`${ws.name}:${cell.value}`);
          }
        });
      });
    }
    expect(found).toEqual(
      expect.arrayContaining([
        "予定前受金及び累積前受金の内容及び金額:=1+2",
        "入力:=1+2",
        "債務負担行為:@SUM(A1)",
        "債務負担行為:+cmd|calc",
        "債務負担行為:-2+3",
      ]),
    );
  });
});

/** The text of column A of each row of a sheet, as a grid for comparisonRows. */
function labelGrid(ws: ExcelJS.Worksheet): string[][] {
  const grid: string[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const v = ws.getCell(r, 1).value;
    grid.push([typeof v === "string" ? v : ""]);
  }
  return grid;
}

describe("the comparisons the book declares, one sheet each (FY29)", () => {
  let comparisons: ReturnType<typeof declaredComparisons>;
  let book: Book;

  beforeAll(() => {
    const loaded = loadBook(FY29);
    if (!loaded.ok) throw new Error("FY29 did not load");
    book = loaded.book;
    comparisons = declaredComparisons(book);
  });

  it("heads each in the layout's words: 決算報告書 (区分 | 予算額 | 決算額 | 差額 | 増減率 | 備考), or the versions' names", () => {
    const settlement = sheet(wb, "決算報告書（サンプル）");
    expect(settlement.getRow(5).values).toEqual([
      undefined,
      "区分",
      "予算額",
      "決算額",
      "差額",
      "増減率",
      "備考",
    ]);
    expect(String(settlement.getCell(3, 1).value)).toMatch(
      /^B：決算 \(settlement, actual\) \[サンプル: 架空/,
    );
    const changes = sheet(wb, "当初予算と現計予算（補正第1号）");
    expect(changes.getRow(5).values).toEqual([
      undefined,
      "科目",
      "当初予算",
      "現計予算",
      "差額",
      "増減率",
      "備考",
    ]);
    expect(changes.pageSetup.printTitlesRow).toBe("5:5");
    expect(changes.pageSetup.fitToPage).toBe(false);
  });

  it("gives every compared line A, B, 差額 = B − A and the rate, formulas cached with yosan's figures", () => {
    let checked = 0;
    for (const c of comparisons) {
      const ws = sheet(wb, c.declared.title);
      const rows = comparisonRows(labelGrid(ws), book);
      expect(rows.size).toBe(c.comparison.rows.length);
      for (const r of c.comparison.rows) {
        const row = rows.get(`${r.line.id}\u0000${r.segment ?? ""}`) ?? 0;
        const at = `${ws.name} ${r.line.label} ${r.segment ?? "合計"}`;
        const value = (col: number) => {
          const cell = ws.getCell(row, col);
          return formulaOf(cell)?.result ?? cell.value;
        };
        expect(String(value(2)), `${at} A`).toBe(r.a.value.toFixed());
        expect(String(value(3)), `${at} B`).toBe(r.b.value.toFixed());
        expect(formulaOf(ws.getCell(row, 4)), `${at} 差額`).toEqual({
          formula: `C${row}-B${row}`,
          result: Number(r.difference.value.toFixed()),
        });
        expect(formulaOf(ws.getCell(row, 5))?.formula).toBe(
          `IF(B${row}=0,"${NO_RATE}",D${row}/ABS(B${row}))`,
        );
        if (r.rate === null) expect(value(5), `${at} 増減率`).toBe(NO_RATE);
        else expect(value(5), `${at} 増減率`).toBeCloseTo(r.rate.toNumber(), 12);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2 * 8 * 80);
  });

  it("keeps the sheet live: 合計 leaves sum the segment blocks, totals are the layout's formulas, the workbook's own version reads its statements", () => {
    const changes = sheet(wb, "当初予算と現計予算（補正第1号）");
    const rows = comparisonRows(labelGrid(changes), book);
    const at = (line: string, segment: string | null) =>
      rows.get(`${line}\u0000${segment ?? ""}`) ?? 0;
    const total = at("project-expenses", null);
    const segments = book.segments.map((s) => `B${at("project-expenses", s.id)}`);
    expect(formulaOf(changes.getCell(total, 2))?.formula).toBe(`SUM(${segments.join(",")})`);
    expect(formulaOf(changes.getCell(total, 3))?.formula).toBe(
      `SUM(${segments.map((c) => c.replace("B", "C")).join(",")})`,
    );
    // 当初予算 is the workbook's own version: its leaves read the 事業別 sheet.
    expect(formulaOf(changes.getCell(at("project-expenses", "general"), 2))?.formula).toMatch(
      /^'事業別予定損益計算書'!B\d+$/,
    );
    // 現計予算 is another version: its leaves are values.
    expect(typeof changes.getCell(at("project-expenses", "general"), 3).value).toBe("number");
    const income = at("operating-income", "lgwan");
    expect(formulaOf(changes.getCell(income, 3))?.formula).toBe(
      `C${at("operating-revenue-total", "lgwan")}-C${at("operating-expenses-total", "lgwan")}`,
    );
    // Neither version of the 決算報告書 is the workbook's: leaves are values, totals formulas.
    const settlement = sheet(wb, "決算報告書（サンプル）");
    const srows = comparisonRows(labelGrid(settlement), book);
    const leaf = srows.get("project-expenses\u0000lgwan") ?? 0;
    expect(typeof settlement.getCell(leaf, 2).value).toBe("number");
    expect(settlement.getCell(leaf, 6).value).toBeNull();
  });

  it("shows each 備考 and flags 予算超過, then lists what the checks found with their hints", () => {
    const ws = sheet(wb, "決算報告書（サンプル）");
    const rows = comparisonRows(labelGrid(ws), book);
    const noted = rows.get("project-expenses\u0000general") ?? 0;
    expect(ws.getCell(noted, 6).value).toBe(
      "委託契約の入札差金等による減（架空のサンプル（デモ用））",
    );
    const over = rows.get("project-expenses\u0000lgwan") ?? 0;
    expect(ws.getCell(over, 3).font?.color?.argb).toBe("FFC00000");
    const grid = labelGrid(ws).map((r) => r[0]);
    const heading = grid.indexOf("確認事項 (3)");
    expect(heading).toBeGreaterThan(0);
    expect(grid.slice(heading + 1, heading + 4).map((t) => t?.split("\n")[0])).toEqual([
      "warn variance.note",
      "warn variance.overrun",
      "warn variance.overrun",
    ]);
    expect(String(ws.getCell(heading + 3, 2).value)).toMatch(
      /予算超過\)\n確認: the actual exceeds/,
    );
  });
});
