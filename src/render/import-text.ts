/**
 * What `yosan import` prints of its plan: the tables recognised (with their notes), then the
 * leaves determined from printed lines, the changes per account and segment, and the findings
 * of the provisional book. Pure: the plan's parts in, lines of text out. render/ does not import
 * from import/, so the parts are described here by the shapes it reads.
 */
import type { Book, Leaf } from "../model/book.ts";
import { countFindings, type Finding } from "../model/findings.ts";
import { segmentLabel } from "../model/glossary.ts";
import type { InputIssue } from "../model/issues.ts";
import { type Decimal, formatJapanese } from "../model/money.ts";
import { type CellSource, formatSource } from "../model/provenance.ts";

/** A table the import recognised. */
interface RecognisedTable {
  readonly description: string;
  readonly where: string;
  readonly notes: readonly string[];
  /** False for a view of the input sheet, which is not imported. */
  readonly used: boolean;
}

/** A leaf the import determined from a printed derived line. */
interface DeterminedLeaf extends Leaf {
  readonly determinedBy?: string;
}

/** A leaf the import changes, with the cells it comes from. */
interface LeafChange {
  readonly kind: "added" | "changed" | "removed";
  readonly line: { readonly label: string };
  readonly segment: string | null;
  readonly old: Decimal;
  readonly new: Decimal;
  readonly sources: readonly CellSource[];
}

/** The tables recognised, each with its notes, then the plan's own notes. */
export function recognisedText(plan: {
  readonly recognised: readonly RecognisedTable[];
  readonly notes: readonly string[];
}): string[] {
  const lines = [
    `recognised ${plan.recognised.length} table${plan.recognised.length === 1 ? "" : "s"}:`,
  ];
  for (const r of plan.recognised) {
    lines.push(
      `  ${r.description} → ${r.where}${r.used ? "" : " (a view of the input sheet: not imported)"}`,
    );
    for (const n of r.notes) lines.push(`    note: ${n}`);
  }
  for (const n of plan.notes) lines.push(`note: ${n}`);
  return lines;
}

/**
 * The leaves determined, the changes against the book imported into (labels and segments as
 * `layout` names them), the findings an import reports (counted, those that do not pass
 * listed), and the plan's warnings.
 */
export function importPlanText(
  layout: Book,
  plan: { readonly determined: readonly DeterminedLeaf[]; readonly issues: readonly InputIssue[] },
  changes: readonly LeafChange[],
  findings: readonly Finding[],
): string[] {
  const lines: string[] = [];
  const labels = new Map(layout.lines.map((l) => [l.id, l.label]));
  for (const d of plan.determined) {
    lines.push(
      `determined ${labels.get(d.line) ?? d.line} (${segmentLabel(layout.segments, d.segment)}) = ${d.amount.format()} from ${d.determinedBy}`,
    );
  }
  if (changes.length === 0) lines.push("changes: none");
  else lines.push(`changes (${changes.length}):`);
  for (const c of changes) {
    const where = `${c.line.label} / ${segmentLabel(layout.segments, c.segment)}`;
    const at = c.sources.length > 0 ? `  [${c.sources.map(formatSource).join(", ")}]` : "";
    if (c.kind === "added") lines.push(`  added   ${where}: ${formatJapanese(c.new)}${at}`);
    if (c.kind === "changed")
      lines.push(`  changed ${where}: ${formatJapanese(c.old)} → ${formatJapanese(c.new)}${at}`);
    if (c.kind === "removed") lines.push(`  removed ${where}: ${formatJapanese(c.old)}${at}`);
  }
  const counted = countFindings(findings);
  lines.push(
    `findings: ${counted.passed} passed, ${counted.failed} failed, ${counted.warned} warnings${counted.structural > 0 ? `; ${counted.structural} more hold by construction of the layout` : ""}`,
  );
  for (const f of findings)
    if (f.status !== "pass") lines.push(`  ${f.status} ${f.check}: ${f.message}`);
  for (const i of plan.issues) lines.push(`  warning: ${formatSource(i.source)}: ${i.message}`);
  return lines;
}
