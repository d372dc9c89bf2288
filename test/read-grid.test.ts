/**
 * Readers: xlsx, CSV/TSV in UTF-8 or Shift_JIS, and the seed's text become grids with the
 * rows a spreadsheet shows; every bad file becomes an issue naming it, never a throw.
 * Fixtures are made on the fly in a temporary directory (no binary fixtures in the repo).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_LIMITS,
  type Grid,
  type GridResult,
  gridCellSource,
  type ReadLimits,
} from "../src/import/grid.ts";
import { readGrids } from "../src/import/read-grid.ts";
import { numberText } from "../src/import/read-xlsx.ts";
import type { ReadIssueCode } from "../src/import/reader-common.ts";
import { CATALOGUE } from "../src/model/catalogue.ts";
import { formatInputIssue, type InputIssue } from "../src/model/issues.ts";
import { columnLetter, formatSource } from "../src/model/provenance.ts";
import { tempDir } from "./helpers/book.ts";
import { cfb, zipOf } from "./helpers/hostile-files.ts";
import { SEED_FILE, SEED_PATH } from "./helpers/seed.ts";

const dir = tempDir("yosan-read-grid-");

function write(name: string, bytes: Buffer | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function grids(name: string, bytes: Buffer | string, limits?: ReadLimits): Promise<Grid[]> {
  const result = await readGrids(write(name, bytes), name, limits);
  if (!result.ok) throw new Error(result.issues.map((i) => formatInputIssue(i, "en")).join("\n"));
  return result.grids;
}

function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

/** Read a bad file: exactly one issue, naming the file, with the expected reason. */
async function rejected(
  name: string,
  bytes: Buffer | string,
  reason: ReadIssueCode,
  message: RegExp,
  limits?: ReadLimits,
): Promise<InputIssue> {
  const result: GridResult = await readGrids(write(name, bytes), name, limits);
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error("unreachable");
  const issue = only(result.issues);
  expect(issue.code).toBe(reason);
  expect(issue.severity).toBe("error");
  expect(issue.source).toMatchObject({ kind: "cell", file: name });
  expect(`${issue.message.en} — ${CATALOGUE[issue.code].hint.en}`).toMatch(message);
  expect(formatInputIssue(issue, "en")).toContain(name);
  return issue;
}

function rowsOf(grid: Grid): Record<number, readonly string[]> {
  return Object.fromEntries(grid.rows.map((r) => [r.row, r.cells]));
}

async function xlsxOf(fill: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The budget-table workbook with every quirk the reader must handle. */
function budgetWorkbook(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet("事業別BS");
  ws.getCell("A1").value = "予定貸借対照表";
  ws.mergeCells("A1:D1");
  ws.getCell("A2").value = "（単位：千円）";
  ws.getCell("B3").value = "事業";
  ws.mergeCells("B3:C3");
  ws.getCell("D3").value = "合計";
  ws.getRow(4).values = ["", "一般事業", "特別事業"];
  ws.getRow(5).values = ["現金及び預金", 1234567, 2000];
  ws.getCell("D5").value = { formula: "B5+C5", result: 1236567 };
  ws.getRow(6).values = ["未収金", "1,234", "１２３"];
  ws.getCell("D6").value = { formula: "B6+C6" } as ExcelJS.CellFormulaValue;
  ws.getCell("E5").value = { formula: "B5-B5", result: 0 };
  ws.getCell("F5").value = { formula: "B5<0", result: false };
  ws.getRow(7).values = ["隠し行", 1, 2];
  ws.getRow(7).hidden = true;
  ws.getRow(8).values = ["比率", 0.1, -1.5e-7];
  ws.getCell("D8").value = -2500;
  ws.getRow(9).values = ["作成日", new Date(Date.UTC(2017, 2, 2)), true];
  ws.getCell("D9").value = { error: "#REF!" };
  ws.getCell("A10").value = {
    richText: [{ text: "前受金" }, { font: { bold: true }, text: "（累積）" }],
  };
  ws.getCell("B10").value = "  spaced  ";
  ws.getCell("E10").value = { formula: "D5/0", result: { error: "#DIV/0!" } };
  ws.getCell("C12").value = 7;
  ws.getColumn(6).hidden = true;
  ws.getCell("F12").value = 8;
  const second = wb.addWorksheet("前受金");
  second.getCell("A1").value = "予定前受金及び累積前受金";
  wb.addWorksheet("空白");
}

describe("columns and sources", () => {
  it.each([
    [1, "A"],
    [26, "Z"],
    [27, "AA"],
    [52, "AZ"],
    [703, "AAA"],
    [16384, "XFD"],
  ])("column %i is %s", (col, letter) => {
    expect(columnLetter(col)).toBe(letter);
  });

  it("a sheet cell formats as file!sheet!D14, a text cell as file:14:D", () => {
    const sheet: Grid = { file: "budget.xlsx", sheet: "事業別BS", rows: [], notes: [] };
    const text: Grid = { file: "budget.csv", rows: [], notes: [] };
    expect(formatSource(gridCellSource(sheet, 14, 4))).toBe("budget.xlsx!事業別BS!D14");
    expect(formatSource(gridCellSource(text, 14, 3))).toBe("budget.csv:14:C");
  });

  it.each([
    [0, "0"],
    [-0, "0"],
    [1234567, "1234567"],
    [-2500, "-2500"],
    [1e21, "1000000000000000000000"],
    [0.1, "0.1"],
    [0.1 + 0.2, "0.30000000000000004"],
    [-1.5e-7, "-0.00000015"],
    [1.25e-10, "0.000000000125"],
  ])("number %d reads as %s", (n, text) => {
    expect(numberText(n)).toBe(text);
  });
});

describe("xlsx", () => {
  it("reads values as display text, formulas from cached values, merges in the master only", async () => {
    const all = await grids("budget.xlsx", await xlsxOf(budgetWorkbook));
    expect(all.map((g) => g.sheet)).toEqual(["事業別BS", "前受金", "空白"]);
    const bs = all[0] as Grid;
    expect(bs.file).toBe("budget.xlsx");
    const rows = rowsOf(bs);
    expect(rows[1]).toEqual(["予定貸借対照表"]);
    expect(rows[3]).toEqual(["", "事業", "", "合計"]);
    expect(rows[4]).toEqual(["", "一般事業", "特別事業"]);
    // A cached 0 or FALSE is a value (exceljs's formula value object drops it; the reader does not).
    expect(rows[5]).toEqual(["現金及び預金", "1234567", "2000", "1236567", "0", "FALSE"]);
    expect(rows[6]).toEqual(["未収金", "1,234", "１２３"]);
    expect(rows[7]).toEqual(["隠し行", "1", "2"]);
    expect(rows[8]).toEqual(["比率", "0.1", "-0.00000015", "-2500"]);
    expect(rows[9]).toEqual(["作成日", "2017-03-02", "TRUE", "#REF!"]);
    expect(rows[10]).toEqual(["前受金（累積）", "spaced", "", "", "#DIV/0!"]);
    expect(rows[12]).toEqual(["", "", "7", "", "", "8"]);
    expect(bs.rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12]);
    expect(bs.rows.filter((r) => r.hidden).map((r) => r.row)).toEqual([7]);
    expect(bs.merges).toEqual([
      { top: 1, left: 1, bottom: 1, right: 4 },
      { top: 3, left: 2, bottom: 3, right: 3 },
    ]);
    expect(bs.notes.map((n) => n.en)).toEqual([
      "formula cells read from cached values (5 cells)",
      "formula cells without a cached value (or with an empty one) read as empty: D6 (if they should hold figures, open and save the workbook in Excel or LibreOffice to compute them)",
      "merged cells keep their value in the top-left cell only: A1:D1, B3:C3",
      "hidden rows kept and flagged: 7",
      "hidden columns kept: F",
    ]);
    expect(rowsOf(all[1] as Grid)).toEqual({ 1: ["予定前受金及び累積前受金"] });
    expect((all[2] as Grid).rows).toEqual([]);
    expect(formatSource(gridCellSource(bs, 5, 4))).toBe("budget.xlsx!事業別BS!D5");
  });

  it("a workbook without a single value is empty", async () => {
    const bytes = await xlsxOf((wb) => wb.addWorksheet("Sheet1"));
    await rejected("blank.xlsx", bytes, "read.empty", /no worksheet has a cell with a value/);
  });

  it("more cells than the limit: refused before exceljs, and while building grids", async () => {
    const dense = await xlsxOf((wb) => {
      const ws = wb.addWorksheet("S");
      for (let r = 1; r <= 10; r++) ws.getRow(r).values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    });
    const limits = { ...DEFAULT_LIMITS, maxCells: 50 };
    await rejected(
      "dense.xlsx",
      dense,
      "cells.too-many",
      /hold 100 cells, over the limit of 50/,
      limits,
    );
    expect(
      only(await grids("dense-ok.xlsx", dense, { ...limits, maxCells: 100 })).rows,
    ).toHaveLength(10);
    // Two cells far apart make a wide row: counted as the cells the grid materialises.
    const wide = await xlsxOf((wb) => {
      const ws = wb.addWorksheet("Wide");
      ws.getCell("A1").value = "x";
      ws.getCell(1, 100).value = "y";
    });
    const issue = await rejected(
      "wide.xlsx",
      wide,
      "cells.too-many",
      /row 1 of sheet Wide/,
      limits,
    );
    expect(formatSource(issue.source, "en")).toBe("wide.xlsx!Wide!1");
  });
});

describe("CSV, TSV and text", () => {
  it("Shift_JIS with CRLF and no BOM: decoded, noted, quoted amounts kept", async () => {
    const text =
      '科目,一般事業,合計\r\n現金及び預金,"1,234",△５６\r\n\r\n未収金,0,"複数\r\n行"\r\n';
    const grid = only(await grids("pl-sjis.csv", iconv.encode(text, "cp932")));
    expect(grid.sheet).toBeUndefined();
    expect(grid.notes.map((n) => n.en)).toEqual([
      "decoded as Shift_JIS (CP932)",
      "delimiter: comma",
    ]);
    expect(grid.rows).toEqual([
      { row: 1, cells: ["科目", "一般事業", "合計"], hidden: false },
      { row: 2, cells: ["現金及び預金", "1,234", "△５６"], hidden: false },
      { row: 4, cells: ["未収金", "0", "複数\n行"], hidden: false },
    ]);
    expect(formatSource(gridCellSource(grid, 2, 2))).toBe("pl-sjis.csv:2:B");
  });

  it("UTF-8 with a BOM; blank cells and trailing blanks", async () => {
    const grid = only(await grids("bom.csv", "\uFEFF科目,金額,\n,,\n 現金 , 1 ,,\n"));
    expect(grid.notes.map((n) => n.en)).toEqual([
      "decoded as UTF-8 (with BOM)",
      "delimiter: comma",
    ]);
    expect(grid.rows.map((r) => [r.row, r.cells])).toEqual([
      [1, ["科目", "金額"]],
      [3, ["現金", "1"]],
    ]);
  });

  it("UTF-16LE with a BOM", async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("科目\t金額\n現金\t1\n", "utf16le"),
    ]);
    const grid = only(await grids("unicode.txt", bytes));
    expect(grid.notes[0]?.en).toBe("decoded as UTF-16LE (BOM)");
    expect(rowsOf(grid)).toEqual({ 1: ["科目", "金額"], 2: ["現金", "1"] });
  });

  it("TSV: tab wins although amounts carry commas", async () => {
    const grid = only(await grids("bs.tsv", "科目\t一般\t合計\n現金\t1,234\t5,678\n"));
    expect(grid.notes.map((n) => n.en)).toEqual(["decoded as UTF-8", "delimiter: tab"]);
    expect(rowsOf(grid)[2]).toEqual(["現金", "1,234", "5,678"]);
  });

  it("a semicolon file and a tab file named .csv are detected by content", async () => {
    expect(only(await grids("semi.csv", "a;b;c\n1;2,5;3\n")).rows[1]?.cells).toEqual([
      "1",
      "2,5",
      "3",
    ]);
    expect(only(await grids("tabs.csv", "a\tb\n1\t2\n")).notes[1]?.en).toBe("delimiter: tab");
  });

  it("the seed's text: tab-separated tables among prose, file line numbers kept", async () => {
    const result = await readGrids(SEED_PATH, SEED_FILE);
    const grid = only(result.ok ? result.grids : []);
    expect(grid.file).toBe(SEED_FILE);
    const row132 = grid.rows.find((r) => r.row === 132);
    expect(row132?.cells).toEqual(["当期末現金及び預金", "21,616,961"]);
    const row248 = grid.rows.find((r) => r.row === 248);
    expect(row248?.cells[0]).toBe("当期末現金及び預金");
    expect(row248?.cells[8]).toBe("21,616,961");
    expect(grid.rows[0]?.row).toBe(1);
    expect(grid.rows[0]?.cells).toEqual(["平成29年度予算（案）"]);
    expect(grid.rows[1]?.row).toBe(3);
    expect(grid.rows[1]?.cells).toEqual(["地方公共団体情報システム機構"]);
    expect(grid.notes.slice(0, 2).map((n) => n.en)).toEqual(["decoded as UTF-8", "delimiter: tab"]);
  });

  it("a stray quote in prose does not swallow the lines after it", async () => {
    const grid = only(await grids("prose.txt", '"引用の始まり\n次の行\t1\n最後\n'));
    expect(grid.rows.map((r) => [r.row, r.cells])).toEqual([
      [1, ['"引用の始まり']],
      [2, ["次の行", "1"]],
      [3, ["最後"]],
    ]);
    expect(grid.notes.map((n) => n.en)).toContain(
      "quotes taken as written (plain text: one row per line)",
    );
  });

  it("more cells than the limit", async () => {
    const limits = { ...DEFAULT_LIMITS, maxCells: 5 };
    const issue = await rejected("big.csv", "a,b\nc,d\ne,f\n", "cells.too-many", /line 3/, limits);
    expect(formatSource(issue.source, "en")).toBe("big.csv:3");
  });
});

describe("bad input: one issue naming the file, never a throw", () => {
  it("a missing file", async () => {
    const result = await readGrids(join(dir, "nope.csv"), "nope.csv");
    expect(!result.ok && result.issues[0]?.code).toBe("read.missing");
  });

  it("a directory", async () => {
    const result = await readGrids(dir, "somewhere");
    expect(!result.ok && result.issues[0]?.message.en).toMatch(
      /it is a directory, not a regular file/,
    );
  });

  it("an empty file", async () => {
    const issue = await rejected(
      "empty.csv",
      "",
      "read.empty",
      /file is empty: the file has 0 bytes/,
    );
    expect(issue.code).toBe("read.empty");
    await rejected("blank.csv", "\n \r\n", "read.empty", /only blank lines/);
  });

  it("random bytes named .xlsx", async () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
    await rejected(
      "random.xlsx",
      random,
      "xlsx.not-zip",
      /not a readable xlsx: the file is named \.xlsx but is not a zip/,
    );
  });

  it("a truncated xlsx (its first half)", async () => {
    const whole = await xlsxOf(budgetWorkbook);
    const half = whole.subarray(0, Math.floor(whole.length / 2));
    await rejected(
      "half.xlsx",
      half,
      "xlsx.corrupt",
      /not a readable xlsx \(truncated or corrupt zip\)/,
    );
  });

  it("a zip whose central directory declares an absurd size", async () => {
    const bomb = zipOf([
      { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
      { name: "xl/workbook.xml", data: Buffer.from("<workbook/>"), declared: 0xfffffff0 },
    ]);
    await rejected(
      "bomb.xlsx",
      bomb,
      "xlsx.zip-bomb",
      /refused: declared sizes are absurd \(possible zip bomb\)/,
    );
  });

  it("a real highly compressible workbook under a low ratio limit", async () => {
    const bytes = await xlsxOf((wb) => {
      const ws = wb.addWorksheet("S");
      for (let r = 1; r <= 100; r++) ws.getCell(r, 1).value = `${"あ".repeat(20000)}${r}`;
    });
    const limits = { ...DEFAULT_LIMITS, maxCompressionRatio: 10 };
    await rejected(
      "compressible.xlsx",
      bytes,
      "xlsx.zip-bomb",
      /sharedStrings\.xml declares \d+ bytes .*ratio/,
      limits,
    );
    const small = { ...DEFAULT_LIMITS, maxUncompressedBytes: 1_000_000 };
    await rejected("compressible2.xlsx", bytes, "xlsx.zip-bomb", /more than 1000000 bytes/, small);
    const lenient = { ...DEFAULT_LIMITS, maxCompressionRatio: 1000 };
    expect(only(await grids("compressible3.xlsx", bytes, lenient)).rows).toHaveLength(100);
  });

  it("an entry that inflates past the size it declares", async () => {
    const liar = zipOf([{ name: "xl/workbook.xml", data: Buffer.alloc(1_000_000), declared: 100 }]);
    await rejected("liar.xlsx", liar, "xlsx.zip-bomb", /inflates past the 100 bytes it declares/);
  });

  it("a zip that is not a workbook", async () => {
    const zip = zipOf([{ name: "hello.txt", data: Buffer.from("hello") }]);
    await rejected("other.xlsx", zip, "xlsx.not-workbook", /a zip file but not an xlsx workbook/);
    const xlsb = zipOf([{ name: "xl/workbook.bin", data: Buffer.from("x"), stored: true }]);
    await rejected("book.xlsx", xlsb, "xlsx.not-workbook", /\.xlsb/);
  });

  it("a zip with xl/workbook.xml that exceljs cannot make sense of", async () => {
    const zip = zipOf([
      { name: "[Content_Types].xml", data: Buffer.from("not xml <<<") },
      { name: "xl/workbook.xml", data: Buffer.from("<workbook><sheets><sheet") },
    ]);
    const result = await readGrids(write("garbled.xlsx", zip), "garbled.xlsx");
    // Whatever exceljs makes of it, the answer is a value: an issue, or grids with no rows.
    if (result.ok) expect(result.grids.every((g) => g.rows.length === 0)).toBe(true);
    else expect(result.issues[0]?.message.en).toMatch(/garbled|workbook|empty|read/);
  });

  it("OLE2 compound files: encrypted, legacy .xls, other", async () => {
    await rejected(
      "secret.xlsx",
      cfb("EncryptedPackage"),
      "xls.encrypted",
      /encrypted \(password-protected\)/,
    );
    await rejected(
      "old.xls",
      cfb("Workbook"),
      "xls.legacy",
      /Excel 97-2003 .*save it as Excel Workbook \(\.xlsx\)/,
    );
    await rejected("memo.csv", cfb("WordDocument"), "xls.other", /OLE2 compound file/);
    await rejected("fake.xls", "a,b\n", "xls.other", /not an Excel 97-2003 workbook/);
  });

  it("binary and undecodable text", async () => {
    await rejected(
      "binary.csv",
      Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x01]),
      "text.binary",
      /byte 4 is NUL/,
    );
    const issue = await rejected(
      "bad.csv",
      Buffer.from([0x61, 0x0a, 0x62, 0xff, 0xfe, 0x0a]),
      "text.encoding",
      /line 2/,
    );
    expect(issue.code).toBe("text.encoding");
  });

  it("malformed CSV quoting points at the line", async () => {
    const text = 'a,b\nc,d\n"x,1\ne,f\n';
    const issue = await rejected(
      "quote.csv",
      text,
      "text.malformed",
      /CSV cannot be parsed: .*quote/i,
    );
    expect(issue.code).toBe("text.malformed");
    expect(formatSource(issue.source, "en")).toBe("quote.csv:3");
  });
});
