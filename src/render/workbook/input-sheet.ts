/** The 入力 sheet: every leaf amount once (the statements are formulas over it) and the schedule items. */

import type ExcelJS from "exceljs";
import type { LayoutLine } from "../../model/book.ts";
import { unitNote } from "../../model/glossary.ts";
import { Decimal } from "../../model/money.ts";
import {
  a1,
  amountCell,
  cellNumber,
  formulaCell,
  headerCell,
  INPUT_FILL,
  labelWidth,
  lineFormat,
  setupSheet,
  text,
  titleRows,
} from "./cells.ts";
import { INPUT_HEADER_ROW, type Plan, TOTAL } from "./plan.ts";

export function writeInputSheet(wb: ExcelJS.Workbook, plan: Plan): void {
  const book = plan.model.book;
  const name = plan.input;
  const ws = wb.addWorksheet(name);
  const totalCol = plan.inputCol(TOTAL);
  setupSheet(ws, book, name, { xSplit: 3, ySplit: INPUT_HEADER_ROW });
  titleRows(ws, `${book.title} ${name}`, "", unitNote(book.unit), totalCol);
  const segmented = book.segments.length > 0;
  ws.getCell(2, 1).value = text(
    `科目ごとの金額${segmented ? ` (${book.segmentTerm}別)` : ""}。各表の金額はこのシートを参照する数式です。`,
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
      // A quantity's cells show its unit (戸, ㎥ …); money's the sheet's number format.
      const format = lineFormat(ml.line.unit, [
        ml.total.amount.value,
        ...[...ml.segments.values()].map((f) => f.amount.value),
      ]);
      for (const c of plan.cols) {
        const value = cellNumber(plan.leafValue(ml, c));
        amountCell(ws, row, plan.inputCol(c), value, false, format).fill = INPUT_FILL;
      }
      // A book without segments: the amount itself is the input (科目 | 金額).
      if (!segmented) {
        const value = cellNumber(plan.leafValue(ml, TOTAL));
        amountCell(ws, row, totalCol, value, false, format).fill = INPUT_FILL;
        continue;
      }
      amountCell(
        ws,
        row,
        totalCol,
        formulaCell(
          `SUM(${a1(plan.inputCol(plan.cols[0] ?? TOTAL), row)}:${a1(totalCol - 1, row)})`,
          cellNumber(plan.leafValue(ml, TOTAL)),
        ),
        true,
        format,
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
