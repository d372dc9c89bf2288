/**
 * What the document printed, kept to tie the model out against it: published.csv (every
 * printed figure, as printed, with its place in the source document) and summary.csv (the
 * 概要 in its own unit, each row with the formula of the model figure it rounds, and the
 * previous version's figures), and the opening balances that should continue the previous
 * version's closing balances.
 */
import type {
  ContinuityPair,
  PublishedFigure,
  StatementDef,
  SummaryDef,
  SummaryRow,
} from "../model/book.ts";
import { inputError } from "../model/issues.ts";
import type { Unit } from "../model/money.ts";
import { cell } from "../model/provenance.ts";
import type { BookFiles, Names } from "./book-files.ts";
import { cellOf } from "./csv-table.ts";
import type { References } from "./layout.ts";
import { MANIFEST_FILE, type Manifest } from "./manifest.ts";

const PUBLISHED_COLUMNS = ["table", "statement", "line", "segment", "amount"] as const;

/** The printed figures of `file`, each naming a statement, a line with a figure and a segment. */
export function readPublished(
  files: BookFiles,
  file: string,
  statements: readonly StatementDef[],
  names: Names,
  unit: Unit,
): PublishedFigure[] {
  const t = files.table(file, "published", PUBLISHED_COLUMNS);
  if (t === null) return [];
  const statementIds = new Set(statements.map((s) => s.id));
  const published: PublishedFigure[] = [];
  for (const r of t.rows) {
    const statement = r.values.statement ?? "";
    if (!statementIds.has(statement)) {
      files.issues.push(
        inputError(
          "layout.unknown-statement",
          cellOf(t, r, "statement"),
          `unknown statement 「${statement}」`,
          r.raw,
        ),
      );
      continue;
    }
    const line = names.line(r.values.line ?? "", cellOf(t, r, "line"), r.raw, {
      leafOnly: false,
      statement,
    });
    if (line?.kind === "heading") {
      files.issues.push(
        inputError(
          "published.unknown-line",
          cellOf(t, r, "line"),
          `「${r.values.line}」 is a heading: it has no figure to print`,
          r.raw,
        ),
      );
      continue;
    }
    const segment = names.segment(r.values.segment ?? "", cellOf(t, r, "segment"), r.raw);
    const amount = files.amount(t, r, "amount", unit);
    if (!line || segment === undefined || !amount) continue;
    published.push({
      table: r.values.table ?? "",
      statement,
      line: line.id,
      segment,
      amount,
      printedText: r.values.amount ?? "",
      printedLabel: r.values.printed_label || line.label,
      reference: r.values.source ?? "",
      source: cellOf(t, r, "amount"),
    });
  }
  return published;
}

/** The 概要 of `file` in the manifest's summary unit. */
export function readSummary(
  files: BookFiles,
  file: string,
  declared: NonNullable<Manifest["summary"]>,
  references: References,
): SummaryDef {
  const unit = declared.unit;
  const t = files.table(file, "summary", ["table", "label", "formula", "current"]);
  const rows: SummaryRow[] = [];
  for (const r of t?.rows ?? []) {
    if (!t) break;
    const formula = files.formula(t, r, "formula");
    for (const term of formula?.terms ?? [])
      references.check(term.ref, cellOf(t, r, "formula"), r.raw);
    const current = files.amount(t, r, "current", unit);
    const optional = (column: string) =>
      (r.values[column] ?? "") === "" ? null : files.amount(t, r, column, unit);
    if (!formula || !current) continue;
    rows.push({
      table: r.values.table ?? "",
      label: r.values.label ?? "",
      formula,
      current,
      previous: optional("previous"),
      change: optional("change"),
      reference: r.values.source ?? "",
      sources: {
        current: cellOf(t, r, "current"),
        previous: cellOf(t, r, "previous"),
        change: cellOf(t, r, "change"),
      },
    });
  }
  return { unit, current: declared.current, previous: declared.previous, rows };
}

/** The opening balances that should continue the previous version's closing ones. */
export function readContinuity(
  files: BookFiles,
  manifest: Manifest,
  references: References,
): ContinuityPair[] {
  const pairs = manifest.summary?.continuity ?? [];
  const at = cell(files.shown(MANIFEST_FILE), 1, "summary.continuity");
  for (const pair of pairs) {
    for (const id of [pair.opening, pair.previousClosing])
      references.checkLine(id, at, `continuity line 「${id}」 is not in the layout`);
  }
  return pairs;
}
