/**
 * statements.xlsx: the model as a workbook in the official layout, with live formulas.
 *
 * Every leaf amount lives once, on the 入力 sheet; every other amount is an Excel formula over
 * the cells it derives from (a layout formula's terms, 合計 = SUM over the segment columns,
 * cash-plan lines reading the P&L and BS sheets, prints such as the 百万円 概要 with ROUND/ROUNDDOWN/ROUNDUP by their
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
import type { Book } from "../../model/book.ts";
import type { Finding } from "../../model/findings.ts";
import type { Model } from "../../model/model.ts";
import type { Lang } from "../../model/text.ts";
import type { DeclaredComparison } from "../comparison-blocks.ts";
import { FONT_NAME } from "./cells.ts";
import { writeCommitmentsSheet } from "./commitments-sheet.ts";
import { writeComparisonSheet } from "./comparison-sheet.ts";
import { writeFindingsSheet } from "./findings-sheet.ts";
import { writeInputSheet } from "./input-sheet.ts";
import { Plan } from "./plan.ts";
import { writePrintSheet } from "./print-sheet.ts";
import { writeProvisionsSheet } from "./provisions-sheet.ts";
import { writeScheduleSheet, writeStatementSheet } from "./statement-sheets.ts";
import { fixZipTimestamps } from "./zip.ts";

/** The document date of a book's workbook: the start of its fiscal year (never the clock). */
export function workbookDate(book: Book): Date {
  const d = new Date(`${book.fiscalYear.start}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? new Date(Date.UTC(1980, 0, 1)) : d;
}

export interface WorkbookOptions {
  /**
   * The comparisons of versions the book declares, computed by the caller (render does not
   * derive), one sheet each: a build gives them with the default version's workbook.
   */
  readonly comparisons?: readonly DeclaredComparison[];
  /**
   * The language of what yosan says in the workbook: the findings' status words, messages and
   * hints. The sheets' names, headings and notes are the Japanese document's in either.
   */
  readonly lang: Lang;
}

/**
 * Render the workbook of a model and its findings: the statements, their by-segment (事業別) tables,
 * supplementary statements, schedules, the 予算の条項 (if the book has provisions), the
 * commitments register with its year-by-year burden (if the book has one), the 概要, the
 * comparisons given (決算報告書, 予実対比), the 照合結果 and the 入力 sheet. Pure apart from exceljs; the same input gives the same bytes.
 */
export async function renderWorkbook(
  model: Model,
  findings: readonly Finding[],
  options: WorkbookOptions,
): Promise<Buffer> {
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
  for (const st of main) if (st.segmented !== undefined) writeStatementSheet(wb, plan, st, true);
  for (const st of plan.statements.filter((s) => s.single === undefined))
    writeStatementSheet(wb, plan, st, true);
  for (const s of plan.schedules) writeScheduleSheet(wb, plan, s);
  writeProvisionsSheet(wb, plan);
  if (model.commitments !== null) writeCommitmentsSheet(wb, plan, model.commitments);
  for (const print of book.prints)
    if (print.sheet && print.version === book.version)
      writePrintSheet(wb, plan, print, options.lang);
  for (const c of options.comparisons ?? []) writeComparisonSheet(wb, plan, c, options.lang);
  writeFindingsSheet(wb, plan, findings, options.lang);
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
