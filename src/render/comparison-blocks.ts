/**
 * A declared comparison of two versions as a finance person reads it on paper, format-neutral:
 * one block per column (合計 first, then each segment) and statement, every layout line in the
 * document's order (headings included) with its compared row; the columns a layout shows
 * (予算額 | 決算額 | 差額 | 増減率, or 執行率 | 予算残額 when the actual figures run to a
 * month-end | 備考); and the rows that moved. The workbook's comparison sheets and the
 * report's comparison sections both read it.
 */
import type { ComparedRow, VersionComparison } from "../derive/compare.ts";
import type { Comparison, LayoutLine, StatementDef } from "../model/book.ts";
import { JA } from "../model/glossary.ts";
import type { Column } from "../model/model.ts";
import { noteKey } from "../model/version.ts";
import { closingLines } from "./statement-table.ts";

export type { DeclaredComparison } from "../check/variance.ts";

interface ComparisonBlockRow {
  readonly line: LayoutLine;
  /** A derived line that closes a group (drawn bold, with a rule above). */
  readonly closesGroup: boolean;
  /** The compared figures; undefined for a heading or a line one version has no figure for. */
  readonly compared: ComparedRow | undefined;
}

/** One statement in one column (a segment, or 合計 when `segment` is null). */
export interface ComparisonBlock {
  readonly statement: StatementDef;
  readonly segment: Column;
  readonly rows: readonly ComparisonBlockRow[];
}

/** A figure column of a comparison: A, B or B − A. */
export type ComparedColumn = "a" | "b" | "difference";

/** The column headings of a comparison: label, A, B, 差額, the rate columns, 備考. */
export interface ComparisonHeadings {
  readonly label: string;
  readonly a: string;
  readonly b: string;
  readonly difference: string;
  /** 執行率 and 予算残額 when B runs to a month-end (executes A); else 増減率. */
  readonly execution: boolean;
  readonly rates: readonly string[];
  readonly note: string;
  /**
   * The order of the figure columns: A | B | 差額, or for a 補正予算 A | B − A | B (既決予定額 |
   * 補正予定額 | 計).
   */
  readonly order: readonly ComparedColumn[];
}

/** A compared row's figures in the headings' order. */
export function inOrder<T>(
  h: ComparisonHeadings,
  figures: Readonly<Record<ComparedColumn, T>>,
): T[] {
  return h.order.map((k) => figures[k]);
}

/**
 * Which lines a declared comparison's documents show: those of its `statements` (all when
 * absent), down to its `depth` (款 and 項: 2), headings included.
 */
export function shownLines(declared: Pick<Comparison, "statements" | "depth">) {
  const statements = declared.statements === undefined ? null : new Set(declared.statements);
  return (line: LayoutLine): boolean =>
    (statements === null || statements.has(line.statement)) &&
    (declared.depth === undefined || line.level <= declared.depth);
}

/** The headings of a comparison in a layout: 決算報告書 words for `settlement`, version names for `changes`. */
export function comparisonHeadings(
  c: VersionComparison,
  layout: Comparison["layout"],
): ComparisonHeadings {
  const execution = c.b.version.asOf !== null && c.rows.some((r) => r.execution !== null);
  if (layout === "revision")
    return {
      label: JA.category,
      a: JA.decidedAmount,
      b: JA.revisedTotal,
      difference: JA.revisionAmount,
      execution: false,
      rates: [],
      note: JA.note,
      order: ["a", "difference", "b"],
    };
  const settlement = layout === "settlement";
  return {
    label: settlement ? JA.category : JA.account,
    a: settlement ? JA.budgetAmount : c.a.version.name,
    b: settlement ? JA.settledAmount : c.b.version.name,
    difference: JA.difference,
    execution,
    rates: execution ? [JA.executionRate, JA.remaining] : [JA.rate],
    note: JA.note,
    order: ["a", "b", "difference"],
  };
}

/** The columns a comparison has rows for: 合計 first, then the segments in the book's order. */
function comparedColumns(c: VersionComparison): Column[] {
  const present = new Set(c.rows.map((r) => r.segment));
  return [null, ...c.book.segments.map((s) => s.id)].filter((s) => present.has(s));
}

/**
 * The blocks of a comparison: for each column (合計 first), each statement with a compared row;
 * only the lines `shown` (a declared comparison's statements and depth).
 */
export function comparisonBlocks(
  c: VersionComparison,
  shown: (line: LayoutLine) => boolean = () => true,
): ComparisonBlock[] {
  const byKey = new Map(c.rows.map((r) => [noteKey(r.line.id, r.segment), r]));
  const blocks: ComparisonBlock[] = [];
  for (const segment of comparedColumns(c)) {
    for (const statement of c.book.statements) {
      const lines = c.book.lines.filter((l) => l.statement === statement.id && shown(l));
      const closing = closingLines(lines);
      const rows = lines.map((line) => ({
        line,
        closesGroup: closing.has(line.id),
        compared: line.kind === "heading" ? undefined : byKey.get(noteKey(line.id, segment)),
      }));
      if (rows.some((r) => r.compared !== undefined)) blocks.push({ statement, segment, rows });
    }
  }
  return blocks;
}

/** The rows whose B differs from A, in the blocks' order (合計 first, statements in order); only those `shown`. */
export function changedRows(
  c: VersionComparison,
  shown: (line: LayoutLine) => boolean = () => true,
): ComparedRow[] {
  const order = new Map(comparedColumns(c).map((s, i) => [s, i]));
  const statements = new Map(c.book.statements.map((s, i) => [s.id, i]));
  const lines = new Map(c.book.lines.map((l, i) => [l.id, i]));
  const rank = (r: ComparedRow) => [
    statements.get(r.statement) ?? 0,
    lines.get(r.line.id) ?? 0,
    order.get(r.segment) ?? 0,
  ];
  return c.rows
    .filter((r) => !r.difference.isZero() && shown(r.line))
    .sort((x, y) => {
      const [a, b] = [rank(x), rank(y)];
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
      return 0;
    });
}
