/**
 * statements.xlsx opened by a real spreadsheet program: LibreOffice recalculates every
 * formula (a profile of its own with OOXMLRecalcMode = 0, DESIGN.md §5) and writes each sheet
 * as CSV. Every recalculated figure must equal yosan's (statements.json, and the cached value
 * yosan wrote in every formula cell); and after an input cell is changed through exceljs, the
 * statements, the cash plan and the 照合結果 cash tie must move as yosan's own build of the
 * same change says — the comparison sheets included: A, B, 差額, rates and totals are yosan's
 * comparison, and the workbook's own version's column follows its inputs. The water example
 * (ledgers/water-r7: 款・項・目・節, tax lines, the 税抜 statements and both balance sheets)
 * recalculates to its statements.json likewise. Skipped with a
 * printed reason where soffice is missing, unless CI is set.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { declaredComparisons } from "../src/check/variance.ts";
import type { Book } from "../src/model/book.ts";
import { noteKey } from "../src/model/version.ts";
import { loadBook } from "../src/read/load-book.ts";
import type { DeclaredComparison } from "../src/render/comparison-blocks.ts";
import type { StatementsJson } from "../src/render/statements-json.ts";
import { NO_RATE } from "../src/render/workbook/comparison-sheet.ts";
import { appendLines, buildTemp, copyBook, FY29, tempDir } from "./helpers/book.ts";
import { comparisonRows } from "./helpers/comparison-sheet.ts";
import { recalcProfileArg, sofficeAvailable } from "./helpers/libreoffice.ts";

const CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";

const available = sofficeAvailable();
if (!available && !process.env.CI) {
  console.log(
    "workbook-libreoffice.test.ts: skipped: soffice (LibreOffice) is not installed; run .ci/install-libreoffice",
  );
}

type Sheets = Map<string, string[][]>;

/** Recalculate `xlsx` in LibreOffice and read every sheet back as CSV rows. */
function recalculate(xlsx: Buffer, sheetNames: readonly string[]): Sheets {
  const work = tempDir("yosan-lo-");
  const file = join(work, "book.xlsx");
  writeFileSync(file, xlsx);
  const out = join(work, "csv");
  const r = spawnSync(
    "soffice",
    [
      recalcProfileArg(tempDir("yosan-lo-profile-")),
      "--headless",
      "--convert-to",
      CSV_FILTER,
      "--outdir",
      out,
      file,
    ],
    { encoding: "utf8", timeout: 120_000 },
  );
  if (r.status !== 0) throw new Error(`soffice failed (${r.status}): ${r.stderr}`);
  const sheets: Sheets = new Map();
  for (const name of sheetNames) {
    const path = join(out, `book-${name}.csv`);
    if (!existsSync(path)) throw new Error(`LibreOffice wrote no ${path}:\n${r.stdout}`);
    sheets.set(name, parse(readFileSync(path, "utf8"), { relax_column_count: true }) as string[][]);
  }
  return sheets;
}

/** A rate as LibreOffice's CSV writes it (a percent-formatted cell keeps its %) as a number. */
function rateOf(text: string): number {
  return text.endsWith("%") ? Number(text.slice(0, -1)) / 100 : Number(text);
}

function cellText(sheets: Sheets, sheet: string, row: number, col: number): string {
  return sheets.get(sheet)?.[row - 1]?.[col - 1] ?? "";
}

/** Compare every line × segment × 合計 of statements.json with LibreOffice's sheets. */
function expectStatementsEqual(sheets: Sheets, json: StatementsJson): number {
  let compared = 0;
  const amountRows = (sheet: string) => {
    const rows = sheets.get(sheet) ?? [];
    return rows.slice(4).filter((r) => (r[1] ?? "") !== "");
  };
  for (const st of json.statements) {
    const rows = amountRows(st.title);
    expect(rows.map((r) => r[0])).toEqual(st.lines.map((l) => l.label));
    rows.forEach((r, i) => {
      expect(r[1], `${st.title} ${st.lines[i]?.label}`).toBe(st.lines[i]?.total);
      compared++;
    });
  }
  const segmented = [
    ...json.statements.map((s) => ({ sheet: `事業別${s.title}`, lines: s.lines })),
    ...json.supplementary.map((s) => ({ sheet: s.title, lines: s.lines })),
  ];
  for (const st of segmented) {
    const rows = amountRows(st.sheet);
    expect(rows.length).toBe(st.lines.length);
    rows.forEach((r, i) => {
      const line = st.lines[i];
      if (!line) throw new Error("row without line");
      json.segments.forEach((s, j) => {
        expect(r[1 + j], `${st.sheet} ${line.label} ${s.name}`).toBe(line.segments?.[s.id]);
        compared++;
      });
      expect(r[1 + json.segments.length], `${st.sheet} ${line.label} 合計`).toBe(line.total);
      compared++;
    });
  }
  for (const s of json.schedules) {
    const rows = sheets.get(s.title) ?? [];
    const total = rows.find((r) => r[0] === "合計");
    s.columns.forEach((c, j) => {
      expect(total?.[2 + j], `${s.title} 合計 ${c.label}`).toBe(s.totals[c.id]);
      compared++;
    });
  }
  return compared;
}

interface FormulaCell {
  sheet: string;
  row: number;
  col: number;
  formula: string;
  result: unknown;
}

async function formulaCells(xlsx: Buffer): Promise<{ cells: FormulaCell[]; names: string[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
  const cells: FormulaCell[] = [];
  for (const ws of wb.worksheets) {
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula)
          cells.push({
            sheet: ws.name,
            row: Number(cell.row),
            col: Number(cell.col),
            formula: cell.formula ?? "",
            result: cell.result,
          });
      });
    });
  }
  return { cells, names: wb.worksheets.map((w) => w.name) };
}

// Registered only where it fails, so a machine with LibreOffice reports no skipped test.
if (!available && process.env.CI) {
  describe("LibreOffice in CI", () => {
    it("is installed (CI must not skip the spreadsheet tests)", () => {
      expect.fail("CI is set but soffice is not installed: run .ci/install-libreoffice");
    });
  });
}

describe.skipIf(!available)("statements.xlsx recalculated by LibreOffice", () => {
  let json: StatementsJson;
  let xlsx: Buffer;
  let names: string[];
  let cells: FormulaCell[];
  let sheets: Sheets;
  let fy29: Book;
  let comparisons: DeclaredComparison[];

  beforeAll(async () => {
    const loaded = loadBook(FY29);
    if (!loaded.ok) throw new Error("FY29 did not load");
    fy29 = loaded.book;
    comparisons = declaredComparisons(fy29);
    const built = await buildTemp(FY29);
    json = built.json;
    xlsx = readFileSync(join(built.out, "statements.xlsx"));
    ({ cells, names } = await formulaCells(xlsx));
    sheets = recalculate(xlsx, names);
  });

  it("gives every line, segment and 合計 of statements.json", () => {
    expect(expectStatementsEqual(sheets, json)).toBeGreaterThan(600);
  });

  it("recomputes every formula cell to the value yosan cached", () => {
    const wrong: string[] = [];
    for (const c of cells) {
      const got = cellText(sheets, c.sheet, c.row, c.col);
      // A rate (not an amount) is a double: LibreOffice writes it to 15 digits.
      const rate = typeof c.result === "number" && !Number.isInteger(c.result);
      const same = rate
        ? Math.abs(rateOf(got) - Number(c.result)) <= 1e-12 * Math.abs(Number(c.result))
        : got.replace(/^0%$/, "0") === String(c.result ?? 0);
      if (!same) wrong.push(`${c.sheet} r${c.row}c${c.col}: ${got} ≠ ${c.result}`);
    }
    expect(wrong).toEqual([]);
    expect(cells.length).toBeGreaterThan(1500);
  });

  it("gives every comparison sheet yosan's A, B, 差額 and rates, 合計 and subtotals included", () => {
    let compared = 0;
    for (const c of comparisons) {
      const name = c.declared.title;
      const grid = sheets.get(name) ?? [];
      const rows = comparisonRows(grid, fy29);
      expect(rows.size, name).toBe(c.comparison.rows.length);
      for (const r of c.comparison.rows) {
        const row = rows.get(noteKey(r.line.id, r.segment)) ?? 0;
        const at = `${name} ${r.line.label} ${r.segment ?? "合計"}`;
        expect(cellText(sheets, name, row, 2), `${at} A`).toBe(r.a.value.toFixed());
        expect(cellText(sheets, name, row, 3), `${at} B`).toBe(r.b.value.toFixed());
        expect(cellText(sheets, name, row, 4), `${at} 差額`).toBe(r.difference.value.toFixed());
        const rate = cellText(sheets, name, row, 5);
        if (r.rate === null) expect(rate, `${at} 増減率`).toBe(NO_RATE);
        else expect(rateOf(rate), `${at} 増減率`).toBeCloseTo(r.rate.toNumber(), 12);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1400);
  });

  it("keeps a version's amount booked to 合計 only in the comparison sheet's 合計 after recalculation", async () => {
    // Given: the 決算 books 1,000 of 一般管理費 to 合計 only (an accounting system's 共通 部門)
    const dir = copyBook(FY29);
    appendLines(join(dir, "versions/settlement.csv"), "administrative-expenses,,1000,");
    const loaded = loadBook(dir);
    if (!loaded.ok) throw new Error("the changed book did not load");
    const settlement = declaredComparisons(loaded.book).find((c) => c.declared.b === "settlement");
    if (!settlement) throw new Error("no comparison with the 決算");
    const built = await buildTemp(dir);
    const file = readFileSync(join(built.out, "statements.xlsx"));
    // When: LibreOffice recalculates the workbook
    const recalculated = recalculate(file, (await formulaCells(file)).names);
    // Then: 合計's 決算額 and 差額 keep the 1,000 the segments do not show
    const name = settlement.declared.title;
    const rows = comparisonRows(recalculated.get(name) ?? [], loaded.book);
    const total = settlement.comparison.rows.find(
      (r) => r.line.id === "administrative-expenses" && r.segment === null,
    );
    if (!total) throw new Error("no 合計 row of 一般管理費");
    const row = rows.get(noteKey("administrative-expenses", null)) ?? 0;
    expect(cellText(recalculated, name, row, 3)).toBe(total.b.value.toFixed());
    expect(cellText(recalculated, name, row, 4)).toBe(total.difference.value.toFixed());
    const segments = settlement.comparison.rows
      .filter((r) => r.line.id === "administrative-expenses" && r.segment !== null)
      .reduce((sum, r) => sum + r.b.value.toNumber(), 0);
    expect(total.b.value.toNumber() - segments).toBe(1000);
  });

  it("totals the 債務負担行為 limits to 25,395,623 and leaves every 差額 at 0", () => {
    const rows = sheets.get("債務負担行為") ?? [];
    const header = rows[2] ?? [];
    const limit = header.indexOf("限度額");
    const diff = header.indexOf("差額");
    const sum = header.indexOf("年度計");
    expect(Math.min(limit, diff, sum)).toBeGreaterThan(0);
    const totalAt = rows.findIndex((r) => r[1] === "合計");
    const commitments = rows.slice(3, totalAt);
    expect(commitments.length).toBe(32);
    const total = rows[totalAt] ?? [];
    expect(total[limit]).toBe("25395623");
    expect(total[sum]).toBe("25395623");
    expect(total[diff]).toBe("0");
    for (const r of commitments) {
      expect(r[diff], `No ${r[0]} ${r[1]}`).toBe("0");
      expect(r[sum], `No ${r[0]} ${r[1]}`).toBe(r[limit]);
    }
  });

  it("moves the statements, the cash plan and the cash tie as yosan does when an input changes", async () => {
    // Given: one segment's 事業費 raised by 1,000 in the 入力 sheet (cached values left stale)
    const segment = json.segments[1];
    if (!segment) throw new Error("the book needs two segments");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
    const input = wb.getWorksheet("入力");
    if (!input) throw new Error("no 入力 sheet");
    const header = input.getRow(3);
    let col = 0;
    header.eachCell((c, n) => {
      if (c.value === segment.name) col = n;
    });
    let row = 0;
    input.eachRow((r, n) => {
      if (r.getCell(3).value === "project-expenses") row = n;
    });
    expect(col * row).toBeGreaterThan(0);
    const cell = input.getCell(row, col);
    const label = String(input.getCell(row, 2).value);
    cell.value = Number(cell.value) + 1000;
    const changed = Buffer.from(await wb.xlsx.writeBuffer());

    // and yosan's own build of the same change
    const book = copyBook();
    appendLines(join(book, "budget.csv"), `${label},${segment.name},1000`);
    const expected = (await buildTemp(book)).json;

    // When: LibreOffice recalculates the changed workbook
    const after = recalculate(changed, names);

    // Then: every figure is yosan's figure for the changed book
    expectStatementsEqual(after, expected);
    const cashPlan = expected.statements.find((s) => s.id === "cash-plan");
    const closing = cashPlan?.lines.find((l) => l.id === "cf-closing-cash");
    const before = json.statements
      .find((s) => s.id === "cash-plan")
      ?.lines.find((l) => l.id === "cf-closing-cash");
    expect(Number(closing?.total) - Number(before?.total)).toBe(-1000);

    // and the 当初予算 column of the comparison with 現計予算 reads the changed 当初予算,
    // the 現計予算 column (another version's figures) stays, and 差額 follows
    const changes = comparisons.find((c) => c.declared.a === "original");
    if (!changes) throw new Error("FY29 declares no comparison from 当初予算");
    const sheet = changes.declared.title;
    const rows = comparisonRows(after.get(sheet) ?? [], fy29);
    for (const [line, column] of [
      ["project-expenses", segment.id],
      ["project-expenses", null],
      ["operating-expenses-total", segment.id],
      ["cf-closing-cash", null],
    ] as const) {
      const r = changes.comparison.rows.find((x) => x.line.id === line && x.segment === column);
      const row = rows.get(noteKey(line, column)) ?? 0;
      const delta = line === "cf-closing-cash" ? -1000 : 1000;
      const at = `${sheet} ${line} ${column ?? "合計"}`;
      expect(cellText(after, sheet, row, 2), at).toBe(r?.a.value.plus(delta).toFixed());
      expect(cellText(after, sheet, row, 3), at).toBe(r?.b.value.toFixed());
      expect(cellText(after, sheet, row, 4), at).toBe(r?.difference.value.minus(delta).toFixed());
    }

    // and every live row of 照合結果 (status formula) says what yosan's checks say
    const liveRows = cells.filter((c) => c.sheet === "照合結果" && c.col === 5 && c.row > 3);
    expect(liveRows.length).toBeGreaterThan(100);
    for (const c of liveRows) {
      const finding = expected.checks[c.row - 4];
      const got = (n: number) => cellText(after, "照合結果", c.row, n);
      expect(got(1)).toBe(finding?.id);
      expect(got(5), `row ${c.row} ${finding?.message}`).toBe(
        finding?.structural ? "built" : finding?.status,
      );
      expect(got(6)).toBe(finding?.expected);
      expect(got(7)).toBe(finding?.actual);
      expect(got(8)).toBe(finding?.difference);
    }
    const ties = expected.checks
      .map((f, i) => ({ f, row: 4 + i }))
      .filter(
        ({ f }) => f.id === "tie.cash" && (f.segment === segment.id || f.segment === undefined),
      );
    expect(ties.map(({ f }) => [f.status, f.difference])).toEqual([
      ["fail", "1000"],
      ["fail", "1000"],
    ]);
    for (const { row: r } of ties) expect(cellText(after, "照合結果", r, 5)).toBe("fail");
  });
});

describe.skipIf(!available)(
  "the water example's statements.xlsx recalculated by LibreOffice",
  () => {
    let json: StatementsJson;
    let cells: FormulaCell[];
    let sheets: Sheets;

    beforeAll(async () => {
      const built = await buildTemp(join(FY29, "..", "water-r7"));
      json = built.json;
      const xlsx = readFileSync(join(built.out, "statements.xlsx"));
      let names: string[];
      ({ cells, names } = await formulaCells(xlsx));
      sheets = recalculate(xlsx, names);
    });

    it("gives every line of statements.json, the 税抜 statements and both balance sheets included", () => {
      let compared = 0;
      for (const st of json.statements) {
        const rows = (sheets.get(st.title) ?? []).slice(4).filter((r) => (r[1] ?? "") !== "");
        expect(rows.map((r) => r[0])).toEqual(st.lines.map((l) => l.label));
        rows.forEach((r, i) => {
          // A quantity line (戸, ㎥) is written with its unit beside the figure.
          expect(r[1], `${st.title} ${st.lines[i]?.label}`).toBe(st.lines[i]?.total);
          compared++;
        });
      }
      // Every line with a figure, none left out (headings have none).
      const figures = json.statements
        .flatMap((st) => st.lines)
        .filter((l) => (l.total ?? "") !== "");
      expect(compared).toBe(figures.length);
      expect(compared).toBeGreaterThan(200);
    });

    it("recomputes every formula cell to the value yosan cached, the tax of each 課税 節 included", () => {
      // The tax lines are live: ROUNDDOWN(節 × 10/110, 0) over the 節 cells, as the book's rule says.
      const taxCells = cells.filter((c) => c.formula.includes("ROUNDDOWN("));
      expect(taxCells.length).toBeGreaterThanOrEqual(15);
      expect(taxCells.every((c) => c.sheet.startsWith("消費税"))).toBe(true);
      const wrong = cells
        .filter((c) => cellText(sheets, c.sheet, c.row, c.col) !== String(c.result ?? 0))
        .map(
          (c) =>
            `${c.sheet} r${c.row}c${c.col}: ${cellText(sheets, c.sheet, c.row, c.col)} ≠ ${c.result}`,
        );
      expect(wrong).toEqual([]);
      expect(cells.length).toBeGreaterThan(150);
    });
  },
);

describe.skipIf(!available)(
  "a tax line's live formula at 10%, 8% and 5%, under each rounding, recalculated by LibreOffice",
  () => {
    it.each([
      ["truncate", "tax"],
      ["half-up", "exclusive"],
      ["ceiling", "tax"],
    ])(
      "rounding %s, rounds %s: every formula cell as yosan cached it",
      async (rounding, rounds) => {
        const book = copyBook(join(FY29, "..", "..", "test", "fixtures", "tax-basic"));
        const path = join(book, "book.json");
        const manifest = JSON.parse(readFileSync(path, "utf8"));
        manifest.tax = { ...manifest.tax, rounding, rounds };
        writeFileSync(path, JSON.stringify(manifest));
        const built = await buildTemp(book);
        const xlsx = readFileSync(join(built.out, "statements.xlsx"));
        const { cells, names } = await formulaCells(xlsx);
        const sheets = recalculate(xlsx, names);
        const taxCells = cells.filter((c) => /ROUND(DOWN|UP)?\(/.test(c.formula));
        // 8/108 and 5/105 for the 節 at those rates, and each rule's own function.
        expect(taxCells.some((c) => c.formula.includes("/108,0)"))).toBe(true);
        expect(taxCells.some((c) => c.formula.includes("/105,0)"))).toBe(true);
        const wrong = cells
          .filter((c) => cellText(sheets, c.sheet, c.row, c.col) !== String(c.result ?? 0))
          .map(
            (c) =>
              `${c.sheet} r${c.row}c${c.col} ${c.formula}: ${cellText(sheets, c.sheet, c.row, c.col)} ≠ ${c.result}`,
          );
        expect(wrong).toEqual([]);
        expect(taxCells.length).toBeGreaterThan(0);
      },
    );
  },
);
