/**
 * CSV renderings: one file per statement (rows = lines including headings, columns = the
 * segments then 合計) and one for the check findings. Amounts as decimal strings with `-`,
 * so the files re-read exactly; labels as in the document.
 */
import { stringify } from "csv-stringify/sync";
import type { StatementDef } from "../model/book.ts";
import { safeText } from "../model/cell-text.ts";
import { comparedUnit, comparedValues, type Finding } from "../model/findings.ts";
import { segmentLabel } from "../model/glossary.ts";
import type { Model } from "../model/model.ts";
import { formatSource } from "../model/provenance.ts";
import { inLang, type Lang } from "../model/text.ts";
import { statementTable } from "./statement-table.ts";

/** A CSV of rows, every cell neutralised (safeText), UTF-8 with BOM and CRLF for Excel. */
export function csv(rows: readonly (readonly string[])[]): string {
  return stringify(
    rows.map((r) => r.map(safeText)),
    // A text holding a line break is quoted, not only one holding CRLF (csv-stringify's default
    // once the record delimiter is given), so that the file reads back row for row.
    { bom: true, record_delimiter: "\r\n", quote_record_delimiter: true },
  );
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
