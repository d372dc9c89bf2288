/** The 概要 sheet: the summary rounded from the statements by the book's rule, as live formulas. */
import type ExcelJS from "exceljs";

import { ROUNDING_LABELS, roundWhole, unitFactor } from "../../model/money.ts";
import {
  amountCell,
  cellNumber,
  formulaCell,
  headerCell,
  INPUT_FILL,
  labelWidth,
  setupSheet,
  text,
  titleRows,
} from "./cells.ts";
import { type Plan, TOTAL } from "./plan.ts";

export function writeSummarySheet(wb: ExcelJS.Workbook, plan: Plan): void {
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
    const exact = plan.model.evaluate(r.formula, null).amount.convert(summary.unit);
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
