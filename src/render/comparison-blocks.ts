/**
 * A declared comparison of two versions as a finance person reads it on paper, format-neutral:
 * one block per column (合計 first, then each segment) and statement, every layout line in the
 * document's order (headings included) with its compared row; the columns a layout shows
 * (予算額 | 決算額 | 差額 | 増減率, or 執行率 | 予算残額 when the actual figures run to a
 * month-end | 備考); and the rows that moved. The workbook's comparison sheets and the
 * report's comparison sections both read it.
 */
import type { ComparedRow, VersionComparison } from "../derive/compare.ts";
import type { Comparison, LayoutLine, StatementDef, VersionNote } from "../model/book.ts";
import { expandToLeaves } from "../model/expand.ts";
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
 * The 備考 of the lines a depth hides, on the line that shows them: a shown line whose formula
 * names only hidden lines (a 項 of a 補正 printed by 款・項) takes the notes of the leaves under
 * it, in the layout's order, where it has none of its own — the reasons of a 補正 made at 節 stay
 * on the page. By noteKey of line and column.
 */
export function hiddenNotes(
  c: VersionComparison,
  shown: (line: LayoutLine) => boolean,
): Map<string, VersionNote> {
  const out = new Map<string, VersionNote>();
  const byKey = new Map(c.rows.map((r) => [noteKey(r.line.id, r.segment), r]));
  const byId = new Map(c.book.lines.map((l) => [l.id, l]));
  const memo = new Map<string, ReadonlyMap<string, number>>();
  for (const line of c.book.lines) {
    const terms = line.formula?.terms ?? [];
    if (!shown(line) || line.kind !== "derived" || terms.length === 0) continue;
    const hidesAll = terms.every((t) => {
      const ref = t.ref.kind === "line" ? byId.get(t.ref.id) : undefined;
      return ref !== undefined && !shown(ref);
    });
    if (!hidesAll || line.formula === undefined) continue;
    const leaves = [...expandToLeaves(c.book, line.formula, memo).keys()];
    for (const column of new Set(c.rows.map((r) => r.segment))) {
      if (byKey.get(noteKey(line.id, column))?.note) continue;
      const notes = leaves
        .map((id) => byKey.get(noteKey(id, column))?.note)
        .filter((n): n is VersionNote => n !== null && n !== undefined);
      const first = notes[0];
      if (first)
        out.set(noteKey(line.id, column), {
          ...first,
          text: [...new Set(notes.map((n) => n.text))].join("；"),
        });
    }
  }
  return out;
}

/**
 * The blocks of a comparison: for each column (合計 first), each statement with a compared row;
 * only the lines `shown` (a declared comparison's statements and depth), each shown line that
 * hides its parts with their 備考 (hiddenNotes).
 */
export function comparisonBlocks(
  c: VersionComparison,
  shown: (line: LayoutLine) => boolean = () => true,
): ComparisonBlock[] {
  const hidden = hiddenNotes(c, shown);
  const byKey = new Map(
    c.rows.map((r) => {
      const key = noteKey(r.line.id, r.segment);
      const note = hidden.get(key);
      return [key, note ? { ...r, note } : r];
    }),
  );
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
