/**
 * CSV renderings: one file per statement (rows = lines including headings, columns = the
 * segments then 合計) and one for the check findings. Amounts as decimal strings with `-`,
 * so the files re-read exactly; labels as in the document.
 */
import { stringify } from "csv-stringify/sync";
import { comparedUnit, comparedValue, type Finding } from "../model/findings.ts";
import { segmentLabel } from "../model/glossary.ts";
import type { Model, ModelStatement } from "../model/model.ts";
import { formatSource } from "../model/provenance.ts";

/** Guard against formula injection when a spreadsheet opens the CSV. */
function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function statementCsv(model: Model, st: ModelStatement): string {
  const segs = model.book.segments;
  const byId = new Map(st.lines.map((l) => [l.line.id, l]));
  const rows: string[][] = [["id", "label", "level", "kind", ...segs.map((s) => s.name), "合計"]];
  for (const line of model.book.lines.filter((l) => l.statement === st.def.id)) {
    const ml = byId.get(line.id);
    const amounts = ml
      ? [
          ...segs.map((s) => ml.segments.get(s.id)?.amount.toString() ?? ""),
          ml.total.amount.toString(),
        ]
      : segs.map(() => "").concat("");
    rows.push([line.id, safeText(line.label), String(line.level), line.kind, ...amounts]);
  }
  return stringify(rows, { bom: true, record_delimiter: "\r\n" });
}

export function findingsCsv(model: Model, findings: readonly Finding[]): string {
  const rows: string[][] = [
    [
      "check",
      "status",
      "statement",
      "line",
      "segment",
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
    rows.push([
      f.check,
      f.status,
      f.statement ?? "",
      f.line ?? "",
      safeText(segmentLabel(model.book.segments, f.segment)),
      c ? comparedValue(c, "expected") : "",
      c ? comparedValue(c, "actual") : "",
      c ? comparedValue(c, "difference") : "",
      c ? comparedUnit(c) : "",
      safeText(f.message),
      f.sources.map(formatSource).join(" "),
    ]);
  }
  return stringify(rows, { bom: true, record_delimiter: "\r\n" });
}
