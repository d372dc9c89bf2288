/** The statement sheets (one column, and by segment) and the schedule sheets. */
import type ExcelJS from "exceljs";

import type { ScheduleDef } from "../../model/book.ts";
import { JA, unitNote } from "../../model/glossary.ts";
import { Decimal, type RoundingRule } from "../../model/money.ts";
import { statementTable, type TableColumn } from "../statement-table.ts";
import {
  a1,
  amountCell,
  BOLD_TOTAL_BORDER,
  cellNumber,
  formulaCell,
  headerCell,
  labelWidth,
  lineFormat,
  ref,
  setupSheet,
  text,
  titleRows,
} from "./cells.ts";
import { type Col, HEADER_ROW, type Plan, type StatementPlan, TOTAL, UNALLOCATED } from "./plan.ts";

/**
 * A statement sheet, from the statement's table: 合計 alone (the official single-column layout)
 * or the segments (and 未配分 where the book has it) then 合計. Leaves read the 入力 sheet,
 * derived lines are their layout formula over the cells they sum, 合計 by segment is a SUM;
 * every formula carries yosan's figure as its cached value. Each prints on one A4 page: the
 * single column upright, the segments across.
 */
export function writeStatementSheet(
  wb: ExcelJS.Workbook,
  plan: Plan,
  st: StatementPlan,
  segmented: boolean,
): void {
  const book = plan.model.book;
  const name = segmented ? st.segmented : (st.single ?? st.segmented);
  if (name === undefined) throw new Error(`programmer error: ${st.def.id} has no such sheet`);
  const ws = wb.addWorksheet(name);
  const table = statementTable(plan.model, st.def, {
    segments: segmented,
    unallocated: segmented && plan.hasUnallocated,
  });
  const cols: Col[] = table.columns.map(planColumn);
  const lastCol = segmented ? plan.colNumber(TOTAL) : 2;
  const colOf = (c: Col) => (segmented ? plan.colNumber(c) : 2);
  // A statement is read as one page: the single column upright, the segments across.
  setupSheet(
    ws,
    book,
    name,
    { xSplit: 1, ySplit: HEADER_ROW },
    {
      kind: "page",
      orientation: segmented ? "landscape" : "portrait",
    },
  );
  // The money-unit note heads a sheet with money on it; quantities carry their own unit.
  const money = table.rows.some((r) => r.line.kind !== "heading" && r.line.unit === undefined);
  titleRows(ws, name, st.def.period, money ? unitNote(book.unit) : "", lastCol);
  headerCell(ws, HEADER_ROW, 1, JA.account);
  table.columns.forEach((c, i) => {
    headerCell(ws, HEADER_ROW, colOf(cols[i] ?? TOTAL), segmented ? c.label : JA.amount);
  });
  if (segmented) ws.getRow(HEADER_ROW).height = 48;
  for (const r of table.rows) {
    const line = r.line;
    const row = plan.lineRow.get(line.id) ?? 0;
    const label = ws.getCell(row, 1);
    label.value = text(line.label);
    label.alignment = { horizontal: "left", indent: line.level };
    if (line.kind === "heading") {
      label.font = { bold: line.level === 0 };
      continue;
    }
    if (r.closesGroup) {
      label.font = { bold: true };
      label.border = BOLD_TOTAL_BORDER;
    }
    const format = lineFormat(
      line.unit,
      r.cells.map((cell) => cell.amount.value),
    );
    r.cells.forEach((cell, i) => {
      const c = cols[i] ?? TOTAL;
      if (line.kind === "tax" || line.kind === "non-deductible") {
        const live = taxFormula(plan, line.id, c, name);
        const cached = cellNumber(cell.amount.value);
        amountCell(
          ws,
          row,
          colOf(c),
          live === undefined ? cached : formulaCell(live, cached),
          r.closesGroup,
          format,
        );
        return;
      }
      let formula: string;
      if (segmented && c.kind === "total") {
        formula = `SUM(${a1(2, row)}:${a1(plan.colNumber(TOTAL) - 1, row)})`;
      } else if (line.kind === "leaf") {
        const inputRow = plan.inputRow.get(line.id) ?? 0;
        formula = ref({ sheet: plan.input, col: plan.inputCol(c), row: inputRow }, name);
      } else {
        formula = plan.formulaExpr(line.formula ?? { text: "0", terms: [] }, c, name);
      }
      const cached = cellNumber(cell.amount.value);
      amountCell(ws, row, colOf(c), formulaCell(formula, cached), r.closesGroup, format);
    });
  }
  ws.getColumn(1).width = labelWidth(st.lines, 24);
  for (let c = 2; c <= lastCol; c++) ws.getColumn(c).width = segmented ? 16 : 18;
}

/** The sheet function that rounds to whole units as the book's rule says (symmetric about 0). */
const ROUND_FUNCTION: Readonly<Record<RoundingRule, string>> = {
  truncate: "ROUNDDOWN",
  "half-up": "ROUND",
  ceiling: "ROUNDUP",
};

/**
 * A tax line's cell as a live formula: for each 課税 leaf it reaches, the tax in that leaf's
 * cell of the same column, rounded as the book's rule says (ROUNDDOWN(C12*10/110,0), or the
 * cell less its rounded 税抜 part), added with its sign — so a changed 節 moves the tax in the
 * sheet as in yosan. Undefined (the value is written) for the 特定収入 rule's line, and for a
 * 合計 that adds the segments' taxes.
 */
function taxFormula(plan: Plan, id: string, c: Col, from: string): string | undefined {
  const book = plan.model.book;
  const rules = book.tax;
  const d = plan.model.figure(id, c.kind === "segment" ? c.id : null).derivation;
  if (rules === undefined || d.kind !== "tax" || c.kind === "unallocated") return undefined;
  if (d.parts.length === 0) return "0";
  if (d.parts.some((p) => p.segment !== undefined)) return undefined;
  const round = ROUND_FUNCTION[rules.rounding];
  const formula = d.parts
    .map((p, i) => {
      const g = ref(plan.lineCell(p.line, c), from);
      // Whole numbers only (7.8% as 78/1078), so the sheet's arithmetic is exact as yosan's.
      const scale = new Decimal(10).pow(p.rate.decimalPlaces());
      const r = p.rate.times(scale).toFixed();
      const base = p.rate.plus(100).times(scale).toFixed();
      const tax =
        rules.rounds === "tax"
          ? `${round}(${g}*${r}/${base},0)`
          : `(${g}-${round}(${g}*${scale.times(100).toFixed()}/${base},0))`;
      return `${p.sign < 0 ? "-" : i === 0 ? "" : "+"}${tax}`;
    })
    .join("");
  // A spreadsheet refuses a formula longer than 8,192 characters: beyond it, the value.
  return formula.length > MAX_FORMULA_CHARS ? undefined : formula;
}

/** The longest formula Excel accepts in a cell. */
const MAX_FORMULA_CHARS = 8192;

/** The plan's column of a statement table's column. */
function planColumn(c: TableColumn): Col {
  if (c.kind === "segment") return { kind: "segment", id: c.id };
  return c.kind === "total" ? TOTAL : UNALLOCATED;
}

export function writeScheduleSheet(
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
  unit.value = text(unitNote(book.unit));
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
  label.value = text(JA.total);
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
