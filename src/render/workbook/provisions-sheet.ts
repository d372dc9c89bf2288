/**
 * The 予算の条項 sheet: the 予算's articles that are not tables (provisions.csv), a row per
 * provision — 条, 種類, 項目, 金額, the file's further columns (起債の方法, 利率, 償還の方法 …) and
 * 内容, the book's words as written. A check that names a provision (`provision:<id>`) reads its
 * amount here, on 照合結果, as a live formula.
 */
import type ExcelJS from "exceljs";
import { JA, unitNote } from "../../model/glossary.ts";
import { fieldOf } from "../provision-table.ts";
import { amountCell, cellNumber, headerCell, setupSheet, text, titleRows } from "./cells.ts";
import { type Plan, PROVISION_AMOUNT_COL, PROVISIONS_HEADER_ROW } from "./plan.ts";

/** The columns before the amount (条, 種類, 項目), in the Japanese document's words. */
const LEADING = ["条", "種類", "項目"] as const;

export function writeProvisionsSheet(wb: ExcelJS.Workbook, plan: Plan): void {
  const name = plan.provisions;
  if (name === undefined) return;
  const book = plan.model.book;
  const fields = book.provisions[0]?.fields.map((f) => f.name) ?? [];
  const headers = [...LEADING, JA.amount, ...fields, "内容"];
  const ws = wb.addWorksheet(name);
  setupSheet(ws, book, name, { xSplit: 0, ySplit: PROVISIONS_HEADER_ROW });
  titleRows(ws, `${book.title} ${name}`, "", unitNote(book.unit), PROVISION_AMOUNT_COL);
  headers.forEach((h, i) => {
    headerCell(ws, PROVISIONS_HEADER_ROW, i + 1, h);
  });
  book.provisions.forEach((p, i) => {
    const row = PROVISIONS_HEADER_ROW + 1 + i;
    [p.article, p.kind, p.item].forEach((v, j) => {
      ws.getCell(row, j + 1).value = text(v);
    });
    if (p.amount !== null) amountCell(ws, row, PROVISION_AMOUNT_COL, cellNumber(p.amount.value));
    fields.forEach((f, j) => {
      ws.getCell(row, PROVISION_AMOUNT_COL + 1 + j).value = text(fieldOf(p, f));
    });
    const last = ws.getCell(row, headers.length);
    last.value = text(p.text);
    last.alignment = { wrapText: true, vertical: "top" };
  });
  const widths = [10, 24, 24, 16, ...fields.map(() => 24), 60];
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
}
