/**
 * CSV renderings: one file per statement (rows = lines including headings, columns = the
 * segments then 合計) and one for the check findings. Amounts as decimal strings with `-`,
 * so the files re-read exactly; labels as in the document.
 */
import type { StatementDef } from "../model/book.ts";
import { safeText } from "../model/cell-text.ts";
import { comparedUnit, comparedValues, type Finding } from "../model/findings.ts";
import { segmentLabel } from "../model/glossary.ts";
import type { Model } from "../model/model.ts";
import { formatSource } from "../model/provenance.ts";
import { inLang, type Lang } from "../model/text.ts";
import { statementTable } from "./statement-table.ts";

/** A field csv-stringify quotes with these files' options: one holding a comma, a quote or a line break. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * A CSV of rows, every cell neutralised (safeText), UTF-8 with BOM and CRLF for Excel; a field
 * holding a line break is quoted too, so Excel reads the file row for row. Written field by
 * field exactly as csv-stringify writes it with `{ bom: true, record_delimiter: "\r\n",
 * quote_record_delimiter: true }` — test/csv-line-breaks.test.ts holds the two to the same
 * bytes — because csv-stringify's per-field machinery cost a third of a FY29 build (issue 19),
 * as the book reader's scanner stands in for csv-parse on the common case.
 */
export function csv(rows: readonly (readonly string[])[]): string {
  let out = "\uFEFF";
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const text = safeText(row[i] ?? "");
      if (i > 0) out += ",";
      out += NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    }
    out += "\r\n";
  }
  return out;
}

/**
 * One statement: its table's rows (headings with empty amounts), the segments then 合計 (金額
 * alone in a book without segments).
 */
export function statementCsv(model: Model, def: StatementDef): string {
  const table = statementTable(model, def);
  // A statement holding quantities (戸, ㎥ …) says each line's unit in a column of its own.
  const units = table.rows.some((r) => r.line.unit !== undefined && r.line.kind !== "heading");
  const unitOf = (r: (typeof table.rows)[number]) =>
    units ? [r.line.kind === "heading" ? "" : (r.line.unit ?? table.unit)] : [];
  const rows: string[][] = [
    [
      "id",
      "label",
      "level",
      "kind",
      ...(units ? ["unit"] : []),
      ...table.columns.map((c) => c.label),
    ],
  ];
  for (const r of table.rows) {
    const amounts =
      r.cells.length > 0 ? r.cells.map((c) => c.amount.toString()) : table.columns.map(() => "");
    rows.push([
      r.line.id,
      r.line.label,
      String(r.line.level),
      r.line.kind,
      ...unitOf(r),
      ...amounts,
    ]);
  }
  return csv(rows);
}

/**
 * checks.csv: one row per finding; the columns and values as they are, the message in `lang`.
 * A book without segments has no `segment` column (every figure is the total).
 */
export function findingsCsv(model: Model, findings: readonly Finding[], lang: Lang): string {
  const segmented = model.book.segments.length > 0;
  const rows: string[][] = [
    [
      "check",
      "status",
      "statement",
      "line",
      ...(segmented ? ["segment"] : []),
      "expected",
      "actual",
      "difference",
      "unit",
      "message",
      "sources",
    ],
  ];
  for (const f of findings) {
    const c = f.compared;
    const values = c ? comparedValues(c) : undefined;
    const row = [f.check, f.status, f.statement ?? "", f.line ?? ""];
    if (segmented) row.push(segmentLabel(model.book.segments, f.segment));
    row.push(
      values?.expected ?? "",
      values?.actual ?? "",
      values?.difference ?? "",
      c ? comparedUnit(c) : "",
      inLang(f.message, lang),
      f.sources.map((s) => formatSource(s, lang)).join(" "),
    );
    rows.push(row);
  }
  return csv(rows);
}
