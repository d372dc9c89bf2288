/** The 債務負担行為 sheet: the register and each commitment's burden per fiscal year. */

import type ExcelJS from "exceljs";
import { outlook } from "../../derive/commitments.ts";
import type { Commitment, CommitmentPlan, Outlook, Schedule } from "../../model/commitment.ts";
import { maxOf, minOf } from "../../model/commitment.ts";
import { type EraName, formatFiscalYear } from "../../model/era.ts";
import { JA, unitNote } from "../../model/glossary.ts";
import { Money, type Unit } from "../../model/money.ts";
import { FIXED_SHEETS } from "../../model/sheet-names.ts";
import {
  a1,
  amountCell,
  BOLD_TOTAL_BORDER,
  cellNumber,
  formulaCell,
  headerCell,
  INPUT_FILL,
  labelWidth,
  setupSheet,
  text,
  titleRows,
  wrappedRowHeight,
} from "./cells.ts";
import type { Plan } from "./plan.ts";

/** Words of a schedule's basis in the 配分 column. */
export const BASIS_LABELS: Record<Schedule["basis"], string> = {
  even: "均等",
  explicit: "個別",
  none: "なし",
};

/**
 * Header of a fiscal-year column: western, then the era in force, then the era the book was
 * written in when it differs (2023年度 / 令和5年度 / (平成35年度)), one per line.
 */
function commitmentYearHeader(year: number, writtenEra?: EraName): string {
  const modern = formatFiscalYear(year, "modern");
  const original = writtenEra ? formatFiscalYear(year, "original", writtenEra) : modern;
  const lines = [formatFiscalYear(year, "western"), modern];
  if (original !== modern) lines.push(`(${original})`);
  return lines.join("\n");
}

/** A fiscal year as the register writes it: in its own era, or western when written so. */
export function writtenYear(year: number, c: Commitment): string {
  return formatFiscalYear(year, c.writtenEra ? "original" : "western", c.writtenEra);
}

export function writtenRange(c: Commitment): string {
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
export function writeCommitmentsSheet(
  wb: ExcelJS.Workbook,
  plan: Plan,
  commitmentPlan: CommitmentPlan,
): void {
  const book = plan.model.book;
  const name = plan.commitments ?? FIXED_SHEETS.commitments;
  const ws = wb.addWorksheet(name);
  const layout = commitmentsLayout(plan, commitmentPlan);
  for (let col = 1; col <= layout.noteCol; col++) ws.getColumn(col).width = layout.width(col);
  setupSheet(ws, book, name, { xSplit: 2, ySplit: 3 });
  titleRows(ws, name, "", "", layout.noteCol);
  const unit = ws.getCell(2, layout.noteCol);
  unit.value = text(unitNote(book.unit));
  unit.alignment = { horizontal: "right" };
  writeHeader(ws, layout, book.segmentTerm);
  layout.commitments.forEach((c, i) => {
    writeCommitmentRow(ws, plan, layout, c, layout.schedules[i], layout.first + i);
  });
  writeTotals(ws, layout, book.unit);
  writeNotes(ws, layout);
}

/** Where everything goes on the sheet: the years shown and the columns after them. */
interface CommitmentsLayout {
  readonly commitments: readonly Commitment[];
  readonly schedules: readonly Schedule[];
  /** Every burden or scheduled year of the register, in order. */
  readonly view: Outlook;
  readonly era: EraName | undefined;
  readonly firstYearCol: number;
  readonly sumCol: number;
  readonly diffCol: number;
  readonly basisCol: number;
  readonly noteCol: number;
  /** The first commitment's row, and the 合計 row after the last. */
  readonly first: number;
  readonly totalRow: number;
  width(col: number): number;
}

function commitmentsLayout(plan: Plan, commitmentPlan: CommitmentPlan): CommitmentsLayout {
  const book = plan.model.book;
  const commitments = commitmentPlan.register.commitments;
  const schedules = commitmentPlan.schedules;
  const burden = commitments.flatMap((c) => [c.burdenYears.from, c.burdenYears.to]);
  const scheduled = schedules.flatMap((s) => s.entries.map((e) => e.fiscalYear));
  const span = [...burden, ...scheduled];
  const view = outlook(
    commitments,
    schedules,
    span.length > 0 ? { from: minOf(span), to: maxOf(span), unit: book.unit } : {},
  );
  const firstYearCol = 7;
  const sumCol = firstYearCol + view.years.length;
  const widths = new Map([
    [1, 5],
    [2, 50],
    [
      3,
      labelWidth(
        book.segments.map((x) => ({ label: x.name, level: 0 })),
        12,
      ),
    ],
    [5, 12],
    [6, 26],
    [sumCol + 1, 10],
    [sumCol + 2, 8],
    [sumCol + 3, 40],
  ]);
  return {
    commitments,
    schedules,
    view,
    era: commitments.find((c) => c.writtenEra !== undefined)?.writtenEra,
    firstYearCol,
    sumCol,
    diffCol: sumCol + 1,
    basisCol: sumCol + 2,
    noteCol: sumCol + 3,
    first: 4,
    totalRow: 4 + commitments.length,
    width: (col) => widths.get(col) ?? 14,
  };
}

function writeHeader(ws: ExcelJS.Worksheet, layout: CommitmentsLayout, segmentTerm: string): void {
  const headers = ["No", "事項", segmentTerm, "限度額", "行為年度", "負担となる年度"];
  headers.forEach((h, i) => {
    headerCell(ws, 3, i + 1, h);
  });
  layout.view.years.forEach((y, i) => {
    headerCell(ws, 3, layout.firstYearCol + i, commitmentYearHeader(y, layout.era));
  });
  headerCell(ws, 3, layout.sumCol, "年度計");
  headerCell(ws, 3, layout.diffCol, "差額");
  headerCell(ws, 3, layout.basisCol, "配分");
  headerCell(ws, 3, layout.noteCol, "備考");
  ws.getRow(3).height = 48;
}

/** One commitment: the register's columns, its burden per year, 年度計, 差額, 配分 and 備考. */
function writeCommitmentRow(
  ws: ExcelJS.Worksheet,
  plan: Plan,
  layout: CommitmentsLayout,
  c: Commitment,
  schedule: Schedule | undefined,
  row: number,
): void {
  const { firstYearCol, sumCol, diffCol, basisCol, noteCol } = layout;
  const years = layout.view.years;
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
      amountCell(ws, row, firstYearCol + j, cellNumber(amount.value)).fill = INPUT_FILL;
    });
    const total = Money.sum(
      c.unit,
      entries.map((e) => e.amount),
    );
    const yearCells =
      years.length === 0
        ? "0"
        : `SUM(${a1(firstYearCol, row)}:${a1(firstYearCol + years.length - 1, row)})`;
    amountCell(ws, row, sumCol, formulaCell(yearCells, cellNumber(total.value)));
    const difference = cellNumber(c.limit.amount.minus(total).value);
    amountCell(ws, row, diffCol, formulaCell(`${a1(4, row)}-${a1(sumCol, row)}`, difference));
  }
  for (let col = 3; col <= diffCol; col++) {
    const cell = ws.getCell(row, col);
    if (cell.value !== null) cell.alignment = { ...cell.alignment, vertical: "top" };
  }
  const basis = ws.getCell(row, basisCol);
  basis.value = text(BASIS_LABELS[c.limit.kind === "text" ? "none" : (schedule?.basis ?? "none")]);
  basis.alignment = { horizontal: "center", vertical: "top" };
  if (notes.length > 0) {
    const note = ws.getCell(row, noteCol);
    note.value = text(notes.join("。"));
    note.alignment = { wrapText: true, vertical: "top" };
  }
  ws.getRow(row).height = wrappedRowHeight(
    [2, 4, noteCol].flatMap((col) => {
      const v = ws.getCell(row, col).value;
      return typeof v === "string" ? [{ text: v, width: layout.width(col) }] : [];
    }),
  );
}

/** The 合計 row: SUM over every amount column. */
function writeTotals(ws: ExcelJS.Worksheet, layout: CommitmentsLayout, unit: Unit): void {
  const { first, totalRow, view, commitments } = layout;
  for (let col = 1; col <= layout.noteCol; col++)
    ws.getCell(totalRow, col).border = BOLD_TOTAL_BORDER;
  const label = ws.getCell(totalRow, 2);
  label.value = text(JA.total);
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
  const limitTotal = Money.sum(unit, quantified);
  columnSum(4, limitTotal);
  view.byYear.forEach((amount, j) => {
    columnSum(layout.firstYearCol + j, amount);
  });
  columnSum(layout.sumCol, view.total);
  columnSum(layout.diffCol, limitTotal.minus(view.total));
}

/** Notes under the table: what the year amounts are, the era of the headers, text limits. */
function writeNotes(ws: ExcelJS.Worksheet, layout: CommitmentsLayout): void {
  const notes = [
    "(注) 各年度の額は値 (数式でない)。配分: 均等 = 限度額を負担となる年度で均等に割った額 (端数は最終年度)、個別 = 年度別に指定された額。差額 = 限度額 − 年度計。",
  ];
  if (layout.era !== undefined)
    notes.push(`年度の見出し: 西暦年度、現在の元号の年度、(${layout.era}の年度)。`);
  const textual = layout.commitments.filter((c) => c.limit.kind === "text");
  if (textual.length > 0)
    notes.push(
      `限度額が金額でない事項 (No ${textual.map((c) => c.no).join(", ")}) は年度別の額を示さず、合計に含めない。`,
    );
  notes.forEach((n, i) => {
    const row = layout.totalRow + 2 + i;
    const cell = ws.getCell(row, 2);
    cell.value = text(n);
    cell.alignment = { wrapText: true, vertical: "top" };
    ws.getRow(row).height = wrappedRowHeight([{ text: n, width: layout.width(2) }]);
  });
}
