/**
 * statements.xlsx: the model as a workbook in the official layout, with live formulas.
 *
 * Every leaf amount lives once, on the 入力 sheet; every other amount is an Excel formula over
 * the cells it derives from (a layout formula's terms, 合計 = SUM over the segment columns,
 * cash-plan lines reading the P&L and BS sheets, the 百万円 summary with ROUND/ROUNDDOWN by the
 * book's rule, the live rows of 照合結果) and carries the result yosan computed as its cached
 * value, so a viewer that does not recalculate still shows yosan's figures.
 *
 * The layout is planned first (every line × column gets an address), then written, so a
 * formula can point at a sheet written later. Nothing is specific to one book: titles,
 * periods, segments and units come from the Book. Output is deterministic: fixed document
 * dates (the fiscal year's start) and fixed zip entry timestamps, so the same book gives a
 * byte-identical file.
 *
 * Amounts are exact decimals in yosan; they become JS numbers only at the cell boundary,
 * because xlsx stores numbers as IEEE doubles. `cellNumber` refuses an amount beyond 2^53;
 * a non-integer amount is written as the nearest double (the cached value then carries the
 * double's rounding, as any spreadsheet would).
 */
import type ExcelJS from "exceljs";
import { outlook } from "../derive/commitments.ts";
import type { Book, LayoutLine, ScheduleDef, StatementDef } from "../model/book.ts";
import type { Commitment, CommitmentPlan, Schedule } from "../model/commitment.ts";
import { type EraName, formatFiscalYear } from "../model/era.ts";
import {
  type ComparedPart,
  comparedDecimal,
  comparedUnit,
  type Finding,
} from "../model/findings.ts";
import type { Formula, Term } from "../model/formula.ts";
import type { Model } from "../model/model.ts";
import { Decimal, Money, ROUNDING_LABELS, roundWhole, unitFactor } from "../model/money.ts";
import { columnLetter, formatSource } from "../model/provenance.ts";

/** Font of every cell: the usual Japanese office font (a viewer without it substitutes). */
export const FONT_NAME = "ＭＳ Ｐゴシック";

/** Custom number format of every amount cell: thousands separators, △ for negatives. */
export const AMOUNT_FORMAT = '#,##0;"△"#,##0';

/** Number formats of fiscal years (2017年度) and of a number of years (+1年) in 照合結果. */
const YEAR_FORMATS = { year: '0"年度"', years: '+0"年";-0"年";0"年"' } as const;

/** Fixed sheet names (generic Japanese report terms, not specific to any book). */
export const SHEET = {
  commitments: "債務負担行為",
  summary: "概要",
  findings: "照合結果",
  input: "入力",
} as const;

// ---------------------------------------------------------------------------------------------
// Cell addresses

/** A cell of a sheet; rendered with the sheet name only when referenced from another sheet. */
interface Addr {
  readonly sheet: string;
  readonly col: number;
  readonly row: number;
}

function a1(col: number, row: number): string {
  return `${columnLetter(col)}${row}`;
}

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function ref(target: Addr, from: string): string {
  const cell = a1(target.col, target.row);
  return target.sheet === from ? cell : `${quoteSheet(target.sheet)}!${cell}`;
}

/** A column of a segmented table: a segment id, the unallocated entries, or the 合計. */
type Col = { kind: "segment"; id: string } | { kind: "unallocated" } | { kind: "total" };
const TOTAL: Col = { kind: "total" };
const UNALLOCATED: Col = { kind: "unallocated" };
const colKey = (c: Col) => (c.kind === "segment" ? `s:${c.id}` : c.kind);

// ---------------------------------------------------------------------------------------------
// Values

/** An exact amount as the JS number an xlsx cell stores; refuses what a double cannot hold. */
export function cellNumber(value: Decimal): number {
  const n = value.toNumber();
  if (!Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER) {
    throw new Error(
      `amount ${value.toFixed()} is too large to be written to a spreadsheet cell exactly (limit ±${Number.MAX_SAFE_INTEGER})`,
    );
  }
  return n === 0 ? 0 : n;
}

/** Text from input, always a string cell (never a formula, whatever it begins with). */
function text(value: string): ExcelJS.CellValue {
  return value;
}

function formulaCell(formula: string, result: number | string): ExcelJS.CellFormulaValue {
  return { formula, result, date1904: false };
}

/** Display width of a label in Excel width units (full-width characters count double). */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    w += code <= 0xff || (code >= 0xff61 && code <= 0xff9f) ? 1 : 2;
  }
  return w;
}

/** Excel sheet names: at most 31 characters, none of []:*?/\, unique. */
function sheetName(wanted: string, used: Set<string>): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, "_").slice(0, 31) || "Sheet";
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base.slice(0, 31 - `(${i})`.length)}(${i})`;
  used.add(name);
  return name;
}

// ---------------------------------------------------------------------------------------------
// The plan: every sheet's name and every figure's cell, before anything is written

interface StatementPlan {
  readonly def: StatementDef;
  readonly lines: readonly LayoutLine[];
  /** Single-column sheet (role 'statement' only). */
  readonly single?: string;
  /** Segments-as-columns sheet. */
  readonly segmented: string;
}

const FIRST_LINE_ROW = 5;
const HEADER_ROW = 4;
const INPUT_HEADER_ROW = 3;

class Plan {
  readonly statements: StatementPlan[] = [];
  readonly schedules: { def: ScheduleDef; sheet: string }[] = [];
  readonly commitments?: string;
  readonly summary?: string;
  readonly findings: string;
  readonly input: string;
  /** Segmented-table columns: the segments, the unallocated column if any entry needs it. */
  readonly cols: Col[];
  readonly hasUnallocated: boolean;
  /** Row of each line on its statement's sheets. */
  readonly lineRow = new Map<string, number>();
  readonly lineStatement = new Map<string, StatementPlan>();
  /** Row of each leaf line on 入力. */
  readonly inputRow = new Map<string, number>();
  /** Row of each schedule item on 入力 and on its schedule sheet; total row per schedule. */
  readonly scheduleInputRow = new Map<string, number[]>();
  readonly scheduleHeaderRow = new Map<string, number>();
  readonly scheduleTotalRow = new Map<string, number>();

  constructor(readonly model: Model) {
    const book = model.book;
    const used = new Set<string>();
    const defs = book.statements;
    const singles = new Map<string, string>();
    for (const def of defs)
      if (def.role === "statement") singles.set(def.id, sheetName(def.title, used));
    for (const def of defs) {
      const lines = book.lines.filter((l) => l.statement === def.id);
      const segmented = sheetName(
        def.role === "statement" ? `${book.segmentTerm}別${def.title}` : def.title,
        used,
      );
      const single = singles.get(def.id);
      const plan: StatementPlan = {
        def,
        lines,
        segmented,
        ...(single !== undefined ? { single } : {}),
      };
      this.statements.push(plan);
      lines.forEach((l, i) => {
        this.lineRow.set(l.id, FIRST_LINE_ROW + i);
        this.lineStatement.set(l.id, plan);
      });
    }
    for (const def of book.schedules)
      this.schedules.push({ def, sheet: sheetName(def.title, used) });
    if (book.commitments !== null) this.commitments = sheetName(SHEET.commitments, used);
    if (book.summary) this.summary = sheetName(SHEET.summary, used);
    this.findings = sheetName(SHEET.findings, used);
    this.input = sheetName(SHEET.input, used);

    this.hasUnallocated =
      book.entries.some((e) => e.segment === null) ||
      book.scheduleItems.some((i) => i.segment === null);
    this.cols = [
      ...book.segments.map((s): Col => ({ kind: "segment", id: s.id })),
      ...(this.hasUnallocated ? [UNALLOCATED] : []),
    ];

    let row = INPUT_HEADER_ROW + 1;
    for (const st of model.statements)
      for (const ml of st.lines) if (ml.line.kind === "leaf") this.inputRow.set(ml.line.id, row++);
    row++;
    for (const s of book.schedules) {
      row++; // title
      this.scheduleHeaderRow.set(s.id, row++);
      const rows: number[] = [];
      for (const _ of book.scheduleItems.filter((i) => i.schedule === s.id)) rows.push(row++);
      this.scheduleInputRow.set(s.id, rows);
      row++;
    }
  }

  /** Column number of a segmented-table column (label column is 1). */
  colNumber(c: Col): number {
    if (c.kind === "total") return this.cols.length + 2;
    const i = this.cols.findIndex((x) => colKey(x) === colKey(c));
    return i + 2;
  }

  /** Input-sheet column of a segmented column: after 表, 科目, 科目ID. */
  inputCol(c: Col): number {
    return this.colNumber(c) + 2;
  }

  /** The cell of a line in a column: 合計 on the single sheet if there is one, else segmented. */
  lineCell(id: string, c: Col): Addr {
    const st = this.lineStatement.get(id);
    const row = this.lineRow.get(id);
    if (!st || row === undefined) throw new Error(`programmer error: line ${id} has no cell`);
    if (c.kind === "total" && st.single !== undefined) return { sheet: st.single, col: 2, row };
    return { sheet: st.segmented, col: this.colNumber(c), row };
  }

  scheduleSheet(id: string): { def: ScheduleDef; sheet: string } {
    const s = this.schedules.find((x) => x.def.id === id);
    if (!s) throw new Error(`programmer error: unknown schedule ${id}`);
    return s;
  }

  /** Schedule sheet: item rows start at 4; the 合計 row follows them. */
  scheduleItemRows(id: string): number[] {
    return (this.scheduleInputRow.get(id) ?? []).map((_, i) => 4 + i);
  }

  scheduleColumnNumber(def: ScheduleDef, column: string): number {
    const i = def.columns.findIndex((c) => c.id === column);
    if (i < 0) throw new Error(`programmer error: unknown schedule column ${def.id}.${column}`);
    return 3 + i;
  }

  /** The Excel expression of a schedule column's total for a column of the statements. */
  scheduleExpr(schedule: string, column: string, c: Col, from: string): string {
    const { def, sheet } = this.scheduleSheet(schedule);
    const col = this.scheduleColumnNumber(def, column);
    const rows = this.scheduleItemRows(schedule);
    if (c.kind === "total") {
      return ref({ sheet, col, row: 4 + rows.length }, from);
    }
    const items = this.model.book.scheduleItems.filter((i) => i.schedule === schedule);
    const wanted = c.kind === "segment" ? c.id : null;
    const cells = rows
      .filter((_, i) => (items[i]?.segment ?? null) === wanted)
      .map((row) => ref({ sheet, col, row }, from));
    if (cells.length === 0) return "0";
    return cells.length === 1 ? (cells[0] ?? "0") : `(${cells.join("+")})`;
  }

  /** A linear formula as an Excel expression over the cells of column `c`. */
  formulaExpr(formula: Formula, c: Col, from: string): string {
    if (formula.terms.length === 0) return "0";
    return formula.terms
      .map((t: Term, i) => {
        const e =
          t.ref.kind === "line"
            ? ref(this.lineCell(t.ref.id, c), from)
            : this.scheduleExpr(t.ref.schedule, t.ref.column, c, from);
        return `${t.sign < 0 ? "-" : i === 0 ? "" : "+"}${e}`;
      })
      .join("");
  }

  /** yosan's figure of a line in a column (unallocated = 合計 − Σ segments, by linearity). */
  value(id: string, c: Col): Decimal {
    if (c.kind === "segment") return this.model.figure(id, c.id).amount.value;
    const total = this.model.figure(id, null).amount.value;
    if (c.kind === "total") return total;
    return this.model.book.segments.reduce(
      (acc, s) => acc.minus(this.model.figure(id, s.id).amount.value),
      total,
    );
  }

  /** yosan's value of a formula in a column. */
  formulaValue(formula: Formula, c: Col): Decimal {
    if (c.kind === "segment") return this.model.evaluate(formula, c.id).amount.value;
    const total = this.model.evaluate(formula, null).amount.value;
    if (c.kind === "total") return total;
    return this.model.book.segments.reduce(
      (acc, s) => acc.minus(this.model.evaluate(formula, s.id).amount.value),
      total,
    );
  }

  colLabel(c: Col): string {
    if (c.kind === "total") return "合計";
    if (c.kind === "unallocated") return "未配分";
    return this.model.book.segments.find((s) => s.id === c.id)?.name ?? c.id;
  }
}

// ---------------------------------------------------------------------------------------------
// Presentation

const THIN = { style: "thin" as const };
const BOLD_TOTAL_BORDER: Partial<ExcelJS.Borders> = { top: THIN };
const HEADER_FILL: ExcelJS.Fill = {
  type: "pattern",
  pattern: "solid",
  fgColor: { argb: "FFEFEFEF" },
};
const INPUT_FILL: ExcelJS.Fill = {
  type: "pattern",
  pattern: "solid",
  fgColor: { argb: "FFFFF8DC" },
};

function setupSheet(
  ws: ExcelJS.Worksheet,
  book: Book,
  title: string,
  frozen: { xSplit: number; ySplit: number },
): void {
  ws.views = [
    {
      state: "frozen",
      xSplit: frozen.xSplit,
      ySplit: frozen.ySplit,
      topLeftCell: a1(frozen.xSplit + 1, frozen.ySplit + 1),
      activeCell: a1(frozen.xSplit + 1, frozen.ySplit + 1),
      showGridLines: false,
    },
  ];
  ws.pageSetup = {
    paperSize: 9,
    orientation: "landscape",
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
  };
  if (frozen.ySplit > 0) ws.pageSetup.printTitlesRow = `${frozen.ySplit}:${frozen.ySplit}`;
  const amp = (s: string) => s.replace(/&/g, "&&");
  ws.headerFooter = {
    oddHeader: `&L${amp(book.entity)}&R${amp(`${book.title} ${title}`)}`,
    oddFooter: "&C&P / &N",
  };
}

function titleRows(
  ws: ExcelJS.Worksheet,
  title: string,
  period: string,
  unitLabel: string,
  lastCol: number,
): void {
  const t = ws.getCell(1, 1);
  t.value = text(title);
  t.font = { bold: true, size: 14 };
  if (period !== "") ws.getCell(2, 1).value = text(period);
  if (unitLabel !== "") {
    const u = ws.getCell(3, lastCol);
    u.value = text(unitLabel);
    u.alignment = { horizontal: "right" };
  }
}

function headerCell(ws: ExcelJS.Worksheet, row: number, col: number, label: string): void {
  const c = ws.getCell(row, col);
  c.value = text(label);
  c.font = { bold: true };
  c.fill = HEADER_FILL;
  c.border = { top: THIN, bottom: THIN };
  c.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
}

function amountCell(
  ws: ExcelJS.Worksheet,
  row: number,
  col: number,
  value: ExcelJS.CellValue,
  bold = false,
): ExcelJS.Cell {
  const c = ws.getCell(row, col);
  c.value = value;
  c.numFmt = AMOUNT_FORMAT;
  if (bold) {
    c.font = { bold: true };
    c.border = BOLD_TOTAL_BORDER;
  }
  return c;
}

/** A derived line that closes a group (level 0, or shallower than the line before) is a total. */
function totalsOf(lines: readonly LayoutLine[]): Set<string> {
  const out = new Set<string>();
  let previous: LayoutLine | undefined;
  for (const l of lines) {
    if (l.kind === "heading") continue;
    if (l.kind === "derived" && (l.level === 0 || (previous && previous.level > l.level)))
      out.add(l.id);
    previous = l;
  }
  return out;
}

function labelWidth(lines: readonly { label: string; level: number }[], min: number): number {
  return Math.max(min, ...lines.map((l) => displayWidth(l.label) + 2 * l.level + 2));
}

// ---------------------------------------------------------------------------------------------
// Sheets

function writeStatementSheet(
  wb: ExcelJS.Workbook,
  plan: Plan,
  st: StatementPlan,
  segmented: boolean,
): void {
  const book = plan.model.book;
  const name = segmented ? st.segmented : (st.single ?? st.segmented);
  const ws = wb.addWorksheet(name);
  const cols: Col[] = segmented ? [...plan.cols, TOTAL] : [TOTAL];
  const lastCol = segmented ? plan.colNumber(TOTAL) : 2;
  setupSheet(ws, book, name, { xSplit: 1, ySplit: HEADER_ROW });
  titleRows(ws, name, st.def.period, `(単位：${book.unit})`, lastCol);
  headerCell(ws, HEADER_ROW, 1, "科目");
  for (const c of cols)
    headerCell(
      ws,
      HEADER_ROW,
      segmented ? plan.colNumber(c) : 2,
      segmented ? plan.colLabel(c) : "金額",
    );
  if (segmented) ws.getRow(HEADER_ROW).height = 48;
  const totals = totalsOf(st.lines);
  for (const line of st.lines) {
    const row = plan.lineRow.get(line.id) ?? 0;
    const label = ws.getCell(row, 1);
    label.value = text(line.label);
    label.alignment = { horizontal: "left", indent: line.level };
    if (line.kind === "heading") {
      label.font = { bold: line.level === 0 };
      continue;
    }
    const bold = totals.has(line.id);
    if (bold) {
      label.font = { bold: true };
      label.border = BOLD_TOTAL_BORDER;
    }
    for (const c of cols) {
      const col = segmented ? plan.colNumber(c) : 2;
      const cached = cellNumber(plan.value(line.id, c));
      let formula: string;
      if (segmented && c.kind === "total") {
        formula = `SUM(${a1(2, row)}:${a1(plan.colNumber(TOTAL) - 1, row)})`;
      } else if (line.kind === "leaf") {
        const inputRow = plan.inputRow.get(line.id) ?? 0;
        formula = ref({ sheet: plan.input, col: plan.inputCol(c), row: inputRow }, name);
      } else {
        formula = plan.formulaExpr(line.formula ?? { text: "0", terms: [] }, c, name);
      }
      amountCell(ws, row, col, formulaCell(formula, cached), bold);
    }
  }
  ws.getColumn(1).width = labelWidth(st.lines, 24);
  for (let c = 2; c <= lastCol; c++) ws.getColumn(c).width = segmented ? 16 : 18;
}

function writeScheduleSheet(
  wb: ExcelJS.Workbook,
  plan: Plan,
  s: { def: ScheduleDef; sheet: string },
): void {
  const book = plan.model.book;
  const ws = wb.addWorksheet(s.sheet);
  const lastCol = 2 + s.def.columns.length;
  setupSheet(ws, book, s.sheet, { xSplit: 1, ySplit: 3 });
  titleRows(ws, s.def.title, "", "", lastCol);
  const unit = ws.getCell(2, lastCol);
  unit.value = text(`(単位：${book.unit})`);
  unit.alignment = { horizontal: "right" };
  headerCell(ws, 3, 1, "項目");
  headerCell(ws, 3, 2, book.segmentTerm);
  s.def.columns.forEach((c, i) => {
    headerCell(ws, 3, 3 + i, c.label);
  });
  const items = book.scheduleItems.filter((i) => i.schedule === s.def.id);
  const inputRows = plan.scheduleInputRow.get(s.def.id) ?? [];
  items.forEach((item, i) => {
    const row = 4 + i;
    ws.getCell(row, 1).value = text(item.label);
    const segName =
      item.segment === null ? "" : (book.segments.find((x) => x.id === item.segment)?.name ?? "");
    ws.getCell(row, 2).value = text(segName);
    s.def.columns.forEach((c, j) => {
      const v = item.amounts.get(c.id)?.value ?? new Decimal(0);
      const target = { sheet: plan.input, col: 4 + j, row: inputRows[i] ?? 0 };
      amountCell(ws, row, 3 + j, formulaCell(ref(target, s.sheet), cellNumber(v)));
    });
  });
  const totalRow = 4 + items.length;
  const label = ws.getCell(totalRow, 1);
  label.value = text("合計");
  label.font = { bold: true };
  label.border = BOLD_TOTAL_BORDER;
  ws.getCell(totalRow, 2).border = BOLD_TOTAL_BORDER;
  s.def.columns.forEach((c, j) => {
    const col = 3 + j;
    const total = plan.model.scheduleTotal(s.def.id, c.id, null).amount.value;
    const formula = items.length === 0 ? "0" : `SUM(${a1(col, 4)}:${a1(col, totalRow - 1)})`;
    amountCell(ws, totalRow, col, formulaCell(formula, cellNumber(total)), true);
  });
  ws.getColumn(1).width = labelWidth(
    items.map((i) => ({ label: i.label, level: 0 })),
    20,
  );
  ws.getColumn(2).width = labelWidth(
    book.segments.map((x) => ({ label: x.name, level: 0 })),
    12,
  );
  for (let c = 3; c <= lastCol; c++) ws.getColumn(c).width = 16;
}

/** Words of a schedule's basis in the 配分 column. */
const BASIS_LABELS: Record<Schedule["basis"], string> = {
  even: "均等",
  explicit: "個別",
  none: "なし",
};

/**
 * Header of a fiscal-year column: western, then the era in force, then the era the book was
 * written in when it differs (2023年度 / 令和5年度 / (平成35年度)), one per line.
 */
export function commitmentYearHeader(year: number, writtenEra?: EraName): string {
  const modern = formatFiscalYear(year, "modern");
  const original = writtenEra ? formatFiscalYear(year, "original", writtenEra) : modern;
  const lines = [formatFiscalYear(year, "western"), modern];
  if (original !== modern) lines.push(`(${original})`);
  return lines.join("\n");
}

/** Points per line of wrapped 11-point text. */
const LINE_HEIGHT = 15;

/**
 * Height of a row from the wrapped texts it holds, each with its column's width (Excel
 * units), estimated generously: set explicitly because LibreOffice does not refit row heights
 * when it opens an xlsx, so wrapped text would overlap the next rows.
 */
function wrappedRowHeight(cells: readonly { text: string; width: number }[]): number {
  const lines = cells.map(({ text: t, width }) =>
    t
      .split("\n")
      .reduce(
        (n, part) => n + Math.max(1, Math.ceil(displayWidth(part) / Math.max(1, width - 1))),
        0,
      ),
  );
  return LINE_HEIGHT * Math.max(1, ...lines);
}

/** A fiscal year as the register writes it: in its own era, or western when written so. */
function writtenYear(year: number, c: Commitment): string {
  return formatFiscalYear(year, c.writtenEra ? "original" : "western", c.writtenEra);
}

function writtenRange(c: Commitment): string {
  const { from, to } = c.burdenYears;
  return from === to ? writtenYear(from, c) : `${writtenYear(from, c)}から${writtenYear(to, c)}`;
}

/**
 * 債務負担行為: the register (No, 事項, 事業, 限度額, 行為年度, 負担となる年度) and each
 * commitment's burden per fiscal year as input cells (the schedule yosan computed: 均等, the
 * limit spread evenly, or 個別, the book's explicit schedule), then 年度計 = SUM of the year
 * cells and 差額 = 限度額 − 年度計 (0 when the schedule sums to the limit), and a 合計 row of
 * SUM formulas. A limit given as text is shown as text, has no year amounts and is left out of
 * every sum (SUM skips text).
 */
function writeCommitmentsSheet(
  wb: ExcelJS.Workbook,
  plan: Plan,
  commitmentPlan: CommitmentPlan,
): void {
  const book = plan.model.book;
  const name = plan.commitments ?? SHEET.commitments;
  const ws = wb.addWorksheet(name);
  const commitments = commitmentPlan.register.commitments;
  const schedules = commitmentPlan.schedules;
  const era = commitments.find((c) => c.writtenEra !== undefined)?.writtenEra;
  const burden = commitments.flatMap((c) => [c.burdenYears.from, c.burdenYears.to]);
  const scheduled = schedules.flatMap((s) => s.entries.map((e) => e.fiscalYear));
  const span = [...burden, ...scheduled];
  const view = outlook(
    commitments,
    schedules,
    span.length > 0 ? { from: Math.min(...span), to: Math.max(...span), unit: book.unit } : {},
  );
  const years = view.years;
  const FIRST_YEAR_COL = 7;
  const sumCol = FIRST_YEAR_COL + years.length;
  const diffCol = sumCol + 1;
  const basisCol = sumCol + 2;
  const noteCol = sumCol + 3;
  const first = 4;
  const totalRow = first + commitments.length;

  const segmentWidth = labelWidth(
    book.segments.map((x) => ({ label: x.name, level: 0 })),
    12,
  );
  const widths = new Map([
    [1, 5],
    [2, 50],
    [3, segmentWidth],
    [5, 12],
    [6, 26],
    [diffCol, 10],
    [basisCol, 8],
    [noteCol, 40],
  ]);
  const width = (col: number): number => widths.get(col) ?? 14;
  for (let col = 1; col <= noteCol; col++) ws.getColumn(col).width = width(col);

  setupSheet(ws, book, name, { xSplit: 2, ySplit: 3 });
  titleRows(ws, name, "", "", noteCol);
  const unit = ws.getCell(2, noteCol);
  unit.value = text(`(単位：${book.unit})`);
  unit.alignment = { horizontal: "right" };
  const headers = ["No", "事項", book.segmentTerm, "限度額", "行為年度", "負担となる年度"];
  headers.forEach((h, i) => {
    headerCell(ws, 3, i + 1, h);
  });
  years.forEach((y, i) => {
    headerCell(ws, 3, FIRST_YEAR_COL + i, commitmentYearHeader(y, era));
  });
  headerCell(ws, 3, sumCol, "年度計");
  headerCell(ws, 3, diffCol, "差額");
  headerCell(ws, 3, basisCol, "配分");
  headerCell(ws, 3, noteCol, "備考");
  ws.getRow(3).height = 48;

  commitments.forEach((c, i) => {
    const row = first + i;
    const schedule = schedules[i];
    const no = ws.getCell(row, 1);
    no.value = c.no;
    no.numFmt = "0";
    no.alignment = { horizontal: "center", vertical: "top" };
    const item = ws.getCell(row, 2);
    item.value = text(c.item);
    item.alignment = { wrapText: true, vertical: "top" };
    if (c.segment !== undefined)
      ws.getCell(row, 3).value = text(plan.colLabel({ kind: "segment", id: c.segment }));
    ws.getCell(row, 5).value = text(writtenYear(c.authorisedYear, c));
    ws.getCell(row, 6).value = text(writtenRange(c));
    const notes = c.note !== undefined ? [c.note] : [];
    if (c.limit.kind === "text") {
      const limit = ws.getCell(row, 4);
      limit.value = text(c.limit.text);
      limit.alignment = { wrapText: true, vertical: "top" };
      notes.unshift("限度額が金額でないため、年度別の額を示さず合計に含めない");
    } else {
      amountCell(ws, row, 4, cellNumber(c.limit.amount.value)).fill = INPUT_FILL;
      const entries = schedule?.entries ?? [];
      years.forEach((y, j) => {
        const inYear = entries.filter((e) => e.fiscalYear === y);
        if (inYear.length === 0) return;
        const amount = Money.sum(
          c.unit,
          inYear.map((e) => e.amount),
        );
        amountCell(ws, row, FIRST_YEAR_COL + j, cellNumber(amount.value)).fill = INPUT_FILL;
      });
      const total = Money.sum(
        c.unit,
        entries.map((e) => e.amount),
      );
      const yearCells =
        years.length === 0
          ? "0"
          : `SUM(${a1(FIRST_YEAR_COL, row)}:${a1(FIRST_YEAR_COL + years.length - 1, row)})`;
      amountCell(ws, row, sumCol, formulaCell(yearCells, cellNumber(total.value)));
      amountCell(
        ws,
        row,
        diffCol,
        formulaCell(
          `${a1(4, row)}-${a1(sumCol, row)}`,
          cellNumber(c.limit.amount.minus(total).value),
        ),
      );
    }
    for (let col = 3; col <= diffCol; col++) {
      const cell = ws.getCell(row, col);
      if (cell.value !== null) cell.alignment = { ...cell.alignment, vertical: "top" };
    }
    const basis = ws.getCell(row, basisCol);
    basis.value = text(
      BASIS_LABELS[c.limit.kind === "text" ? "none" : (schedule?.basis ?? "none")],
    );
    basis.alignment = { horizontal: "center", vertical: "top" };
    if (notes.length > 0) {
      const note = ws.getCell(row, noteCol);
      note.value = text(notes.join("。"));
      note.alignment = { wrapText: true, vertical: "top" };
    }
    ws.getRow(row).height = wrappedRowHeight(
      [2, 4, noteCol].flatMap((col) => {
        const v = ws.getCell(row, col).value;
        return typeof v === "string" ? [{ text: v, width: width(col) }] : [];
      }),
    );
  });

  for (let col = 1; col <= noteCol; col++) ws.getCell(totalRow, col).border = BOLD_TOTAL_BORDER;
  const label = ws.getCell(totalRow, 2);
  label.value = text("合計");
  label.font = { bold: true };
  const columnSum = (col: number, cached: Money) =>
    amountCell(
      ws,
      totalRow,
      col,
      formulaCell(
        commitments.length === 0 ? "0" : `SUM(${a1(col, first)}:${a1(col, totalRow - 1)})`,
        cellNumber(cached.value),
      ),
      true,
    );
  const quantified = commitments.flatMap((c) =>
    c.limit.kind === "amount" ? [c.limit.amount] : [],
  );
  const limitTotal = Money.sum(book.unit, quantified);
  columnSum(4, limitTotal);
  view.byYear.forEach((amount, j) => {
    columnSum(FIRST_YEAR_COL + j, amount);
  });
  columnSum(sumCol, view.total);
  columnSum(diffCol, limitTotal.minus(view.total));

  const notes = [
    "(注) 各年度の額は値 (数式でない)。配分: 均等 = 限度額を負担となる年度で均等に割った額 (端数は最終年度)、個別 = 年度別に指定された額。差額 = 限度額 − 年度計。",
  ];
  if (era !== undefined) notes.push(`年度の見出し: 西暦年度、現在の元号の年度、(${era}の年度)。`);
  const textual = commitments.filter((c) => c.limit.kind === "text");
  if (textual.length > 0)
    notes.push(
      `限度額が金額でない事項 (No ${textual.map((c) => c.no).join(", ")}) は年度別の額を示さず、合計に含めない。`,
    );
  notes.forEach((n, i) => {
    const cell = ws.getCell(totalRow + 2 + i, 2);
    cell.value = text(n);
    cell.alignment = { wrapText: true, vertical: "top" };
    ws.getRow(totalRow + 2 + i).height = wrappedRowHeight([{ text: n, width: width(2) }]);
  });
}

function writeSummarySheet(wb: ExcelJS.Workbook, plan: Plan): void {
  const book = plan.model.book;
  const summary = book.summary;
  if (!summary || !plan.summary) return;
  const name = plan.summary;
  const ws = wb.addWorksheet(name);
  setupSheet(ws, book, name, { xSplit: 2, ySplit: 3 });
  titleRows(ws, `${book.title} ${name}`, "", "", 6);
  const unitCell = ws.getCell(2, 6);
  unitCell.value = text(`(単位：${summary.unit})`);
  unitCell.alignment = { horizontal: "right" };
  ["表", "区分", summary.current, summary.previous, "増減", "増減（公表値）"].forEach((h, i) => {
    headerCell(ws, 3, i + 1, h);
  });
  const factor = unitFactor(summary.unit, book.unit);
  const fn = book.rounding === "half-up" ? "ROUND" : "ROUNDDOWN";
  let lastTable = "";
  summary.rows.forEach((r, i) => {
    const row = 4 + i;
    if (r.table !== lastTable) ws.getCell(row, 1).value = text(r.table);
    lastTable = r.table;
    ws.getCell(row, 2).value = text(r.label);
    const expr = plan.formulaExpr(r.formula, TOTAL, name);
    const exact = Money.of(plan.formulaValue(r.formula, TOTAL), book.unit).convert(summary.unit);
    const scaled = `(${expr})/${factor.toFixed()}`;
    amountCell(
      ws,
      row,
      3,
      formulaCell(`${fn}(${scaled},0)`, cellNumber(roundWhole(exact.value, book.rounding))),
    );
    if (r.previous !== null) {
      const prev = amountCell(ws, row, 4, cellNumber(r.previous.value));
      prev.fill = INPUT_FILL;
      const change = roundWhole(exact.value.minus(r.previous.value), book.rounding);
      amountCell(ws, row, 5, formulaCell(`${fn}(${scaled}-D${row},0)`, cellNumber(change)));
    }
    if (r.change !== null) amountCell(ws, row, 6, cellNumber(r.change.value)).fill = INPUT_FILL;
  });
  const noteRow = 4 + summary.rows.length + 1;
  ws.getCell(noteRow, 1).value = text(`(注) ${book.roundingNote}`);
  ws.getCell(noteRow + 1, 1).value = text(
    `${summary.current}は${book.unit}の額を${summary.unit}に${ROUNDING_LABELS[book.rounding]}した数式。増減は端数処理前の${summary.current}の額と${summary.previous}の額の差を${ROUNDING_LABELS[book.rounding]}したもの。${summary.previous}は${summary.unit}の公表値しかないため、公表の増減と1異なることがある。`,
  );
  ws.getColumn(1).width = labelWidth(
    summary.rows.map((r) => ({ label: r.table, level: 0 })),
    14,
  );
  ws.getColumn(2).width = labelWidth(
    summary.rows.map((r) => ({ label: r.label, level: 0 })),
    16,
  );
  for (const c of [3, 4, 5, 6]) ws.getColumn(c).width = 16;
}

/** Which declaration of the book each declared-check finding reports (k-th of its kind). */
function declarationsOf(plan: Plan, findings: readonly Finding[]) {
  const book = plan.model.book;
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const candidates = book.checks.filter((d) => {
      if (d.id !== f.check) return false;
      const single = d.left.terms.length === 1 && d.left.terms[0]?.ref.kind === "line";
      const line =
        single && d.left.terms[0]?.ref.kind === "line" ? d.left.terms[0].ref.id : d.left.text;
      return line === f.line;
    });
    if (candidates.length === 0) return undefined;
    const key = `${f.check}|${f.line ?? ""}|${f.segment ?? ""}`;
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    return candidates[k];
  });
}

function writeFindingsSheet(wb: ExcelJS.Workbook, plan: Plan, findings: readonly Finding[]): void {
  const book = plan.model.book;
  const name = plan.findings;
  const ws = wb.addWorksheet(name);
  setupSheet(ws, book, name, { xSplit: 1, ySplit: 3 });
  titleRows(ws, `${book.title} ${name}`, "", "", 11);
  const first = 4;
  const last = first + findings.length - 1;
  const counts = { pass: 0, fail: 0, warn: 0 };
  for (const f of findings) counts[f.status]++;
  const summaryCells: [string, number][] = [
    ["pass", counts.pass],
    ["fail", counts.fail],
    ["warn", counts.warn],
  ];
  summaryCells.forEach(([status, n], i) => {
    ws.getCell(2, 2 + 2 * i).value = text(status);
    const c = ws.getCell(2, 3 + 2 * i);
    c.value = formulaCell(`COUNTIF(E${first}:E${Math.max(first, last)},"${status}")`, n);
  });
  const headers = [
    "検査",
    "表",
    "科目",
    plan.model.book.segmentTerm,
    "結果",
    "期待値",
    "実際値",
    "差額",
    "単位",
    "内容",
    "出典",
  ];
  headers.forEach((h, i) => {
    headerCell(ws, 3, i + 1, h);
  });
  const titleOf = new Map(book.statements.map((s) => [s.id, s.title]));
  const labelOf = new Map(book.lines.map((l) => [l.id, l.label]));
  const decls = declarationsOf(plan, findings);
  findings.forEach((f, i) => {
    const row = first + i;
    const col: Col = f.segment === undefined ? TOTAL : { kind: "segment", id: f.segment };
    ws.getCell(row, 1).value = text(f.check);
    ws.getCell(row, 2).value = text(f.statement ? (titleOf.get(f.statement) ?? f.statement) : "");
    ws.getCell(row, 3).value = text(f.line ? (labelOf.get(f.line) ?? f.line) : "");
    ws.getCell(row, 4).value = text(f.segment === undefined ? "合計" : plan.colLabel(col));
    const c = f.compared;
    const number = (part: ComparedPart) => {
      if (c === undefined) return undefined;
      const v = comparedDecimal(c, part);
      return typeof v === "number" ? v : cellNumber(v);
    };
    const expected = number("expected");
    const actual = number("actual");
    const difference = number("difference");
    let live: { expected: string; actual: string } | undefined;
    const decl = decls[i];
    if (decl && c?.kind === "amount") {
      live = {
        expected: plan.formulaExpr(decl.right, col, name),
        actual: plan.formulaExpr(decl.left, col, name),
      };
    } else if (
      f.check === "segments.sum" &&
      f.line !== undefined &&
      plan.lineStatement.has(f.line) &&
      expected !== undefined &&
      actual !== undefined
    ) {
      const line = f.line;
      const segs = book.segments.map((s) =>
        ref(plan.lineCell(line, { kind: "segment", id: s.id }), name),
      );
      live = { expected: segs.join("+") || "0", actual: ref(plan.lineCell(line, TOTAL), name) };
    }
    if (live && expected !== undefined && actual !== undefined && difference !== undefined) {
      amountCell(ws, row, 6, formulaCell(live.expected, expected));
      amountCell(ws, row, 7, formulaCell(live.actual, actual));
      amountCell(ws, row, 8, formulaCell(`G${row}-F${row}`, difference));
      ws.getCell(row, 5).value = formulaCell(`IF(H${row}=0,"pass","fail")`, f.status);
    } else {
      ws.getCell(row, 5).value = text(f.status);
      const formats = c?.kind === "fiscal-year" ? YEAR_FORMATS : undefined;
      if (expected !== undefined)
        amountCell(ws, row, 6, expected).numFmt = formats?.year ?? AMOUNT_FORMAT;
      if (actual !== undefined)
        amountCell(ws, row, 7, actual).numFmt = formats?.year ?? AMOUNT_FORMAT;
      if (difference !== undefined)
        amountCell(ws, row, 8, difference).numFmt = formats?.years ?? AMOUNT_FORMAT;
    }
    if (c !== undefined) ws.getCell(row, 9).value = text(comparedUnit(c));
    if (f.status !== "pass") ws.getCell(row, 5).font = { bold: true, color: { argb: "FFC00000" } };
    ws.getCell(row, 10).value = text(f.message);
    ws.getCell(row, 11).value = text(f.sources.map(formatSource).join("; "));
  });
  const widths = [18, 16, 24, 22, 8, 16, 16, 14, 8, 90, 60];
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  if (findings.length > 0) ws.autoFilter = { from: a1(1, 3), to: a1(11, last) };
}

function writeInputSheet(wb: ExcelJS.Workbook, plan: Plan): void {
  const book = plan.model.book;
  const name = plan.input;
  const ws = wb.addWorksheet(name);
  const totalCol = plan.inputCol(TOTAL);
  setupSheet(ws, book, name, { xSplit: 3, ySplit: INPUT_HEADER_ROW });
  titleRows(ws, `${book.title} ${name}`, "", `(単位：${book.unit})`, totalCol);
  ws.getCell(2, 1).value = text(
    `科目ごとの金額 (${book.segmentTerm}別)。各表の金額はこのシートを参照する数式です。`,
  );
  ["表", "科目", "科目ID"].forEach((h, i) => {
    headerCell(ws, INPUT_HEADER_ROW, i + 1, h);
  });
  for (const c of [...plan.cols, TOTAL])
    headerCell(ws, INPUT_HEADER_ROW, plan.inputCol(c), plan.colLabel(c));
  ws.getRow(INPUT_HEADER_ROW).height = 48;
  const leaves: LayoutLine[] = [];
  for (const st of plan.model.statements) {
    for (const ml of st.lines) {
      if (ml.line.kind !== "leaf") continue;
      leaves.push(ml.line);
      const row = plan.inputRow.get(ml.line.id) ?? 0;
      ws.getCell(row, 1).value = text(st.def.title);
      ws.getCell(row, 2).value = text(ml.line.label);
      ws.getCell(row, 3).value = text(ml.line.id);
      for (const c of plan.cols) {
        const cell = amountCell(ws, row, plan.inputCol(c), cellNumber(plan.value(ml.line.id, c)));
        cell.fill = INPUT_FILL;
      }
      amountCell(
        ws,
        row,
        totalCol,
        formulaCell(
          `SUM(${a1(plan.inputCol(plan.cols[0] ?? TOTAL), row)}:${a1(totalCol - 1, row)})`,
          cellNumber(plan.value(ml.line.id, TOTAL)),
        ),
        true,
      );
    }
  }
  for (const s of book.schedules) {
    const header = plan.scheduleHeaderRow.get(s.id) ?? 0;
    const t = ws.getCell(header - 1, 1);
    t.value = text(s.title);
    t.font = { bold: true };
    ["表", "項目", book.segmentTerm, ...s.columns.map((c) => c.label)].forEach((h, i) => {
      headerCell(ws, header, i + 1, h);
    });
    const items = book.scheduleItems.filter((i) => i.schedule === s.id);
    const rows = plan.scheduleInputRow.get(s.id) ?? [];
    items.forEach((item, i) => {
      const row = rows[i] ?? 0;
      ws.getCell(row, 1).value = text(s.title);
      ws.getCell(row, 2).value = text(item.label);
      ws.getCell(row, 3).value = text(
        item.segment === null ? "" : plan.colLabel({ kind: "segment", id: item.segment }),
      );
      s.columns.forEach((c, j) => {
        const v = item.amounts.get(c.id)?.value ?? new Decimal(0);
        amountCell(ws, row, 4 + j, cellNumber(v)).fill = INPUT_FILL;
      });
    });
  }
  ws.getColumn(1).width = 18;
  ws.getColumn(2).width = labelWidth(
    [...leaves, ...book.scheduleItems].map((l) => ({ label: l.label, level: 0 })),
    20,
  );
  ws.getColumn(3).width = 28;
  for (let c = 4; c <= totalCol; c++) ws.getColumn(c).width = 16;
}

// ---------------------------------------------------------------------------------------------
// Zip timestamps

function dosDateTime(date: Date): { time: number; date: number } {
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    date:
      ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/**
 * Set every entry's modification time in a zip (local headers and central directory) to
 * `date`. exceljs's zip writer stamps entries with the current time; this makes the bytes
 * depend on the content only. Walks the central directory, so it touches header fields only.
 */
export function fixZipTimestamps(zip: Buffer, date: Date): Buffer {
  const out = Buffer.from(zip);
  const { time, date: day } = dosDateTime(date);
  let eocd = -1;
  for (let i = out.length - 22; i >= Math.max(0, out.length - 22 - 0xffff); i--) {
    if (out.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("programmer error: the workbook is not a zip file");
  const entries = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (out.readUInt32LE(p) !== 0x02014b50) throw new Error("programmer error: bad zip directory");
    out.writeUInt16LE(time, p + 12);
    out.writeUInt16LE(day, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) !== 0x04034b50) throw new Error("programmer error: bad zip entry");
    out.writeUInt16LE(time, local + 10);
    out.writeUInt16LE(day, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

/** The document date of a book's workbook: the start of its fiscal year (never the clock). */
export function workbookDate(book: Book): Date {
  const d = new Date(`${book.fiscalYear.start}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? new Date(Date.UTC(1980, 0, 1)) : d;
}

/**
 * Render the workbook of a model and its findings: the statements, their by-segment (事業別) tables,
 * supplementary statements, schedules, the commitments register with its year-by-year burden
 * (if the book has one), the 概要, the 照合結果 and the 入力 sheet. Pure apart from exceljs; the same input gives the same bytes.
 */
export async function renderWorkbook(model: Model, findings: readonly Finding[]): Promise<Buffer> {
  const book = model.book;
  const plan = new Plan(model);
  // exceljs is loaded on first use: commands that write no workbook do not pay for it.
  const { default: Excel } = await import("exceljs");
  const wb = new Excel.Workbook();
  const date = workbookDate(book);
  wb.creator = book.entity;
  wb.lastModifiedBy = book.entity;
  wb.company = book.entity;
  wb.title = `${book.title} ${book.fiscalYear.label}`;
  wb.subject = book.statements.map((s) => s.title).join("・");
  wb.description = `${book.entity} ${book.title} (${book.fiscalYear.label}: ${book.fiscalYear.start} … ${book.fiscalYear.end}), 単位：${book.unit}`;
  wb.keywords = `${book.id} ${book.fiscalYear.label}`;
  wb.category = book.title;
  wb.created = date;
  wb.modified = date;
  wb.calcProperties.fullCalcOnLoad = false;

  const main = plan.statements.filter((s) => s.single !== undefined);
  for (const st of main) writeStatementSheet(wb, plan, st, false);
  for (const st of main) writeStatementSheet(wb, plan, st, true);
  for (const st of plan.statements.filter((s) => s.single === undefined))
    writeStatementSheet(wb, plan, st, true);
  for (const s of plan.schedules) writeScheduleSheet(wb, plan, s);
  if (model.commitments !== null) writeCommitmentsSheet(wb, plan, model.commitments);
  writeSummarySheet(wb, plan);
  writeFindingsSheet(wb, plan, findings);
  writeInputSheet(wb, plan);

  for (const ws of wb.worksheets) {
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        cell.font = { size: 11, ...cell.font, name: FONT_NAME };
      });
    });
  }

  const raw = Buffer.from(await wb.xlsx.writeBuffer());
  return fixZipTimestamps(raw, date);
}
