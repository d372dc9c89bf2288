/**
 * The Book: everything yosan knows about one budget, as loaded and validated — manifest,
 * segments, statement layouts (data, not code), declared checks, budget entries (leaves
 * only), schedules, the published statements as printed and the 百万円 summary.
 * Every record keeps the cell it came from.
 */
import type { CommitmentRegister } from "./commitment.ts";
import type { DeclaredCheckId } from "./findings.ts";
import type { Formula } from "./formula.ts";
import type { InputIssue } from "./issues.ts";
import type { Money, RoundingRule, Unit } from "./money.ts";
import type { ContinuityPair, Print } from "./print.ts";
import type { CellSource } from "./provenance.ts";

/** A business segment (事業 or 勘定): a column of every statement. */
export interface Segment {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
}

export type StatementRole = "statement" | "supplementary";

/** A statement of the book: 予定貸借対照表, 予定損益計算書, 資金計画, or a supplementary table. */
export interface StatementDef {
  readonly id: string;
  readonly title: string;
  /** Date or period line printed under the title, e.g. (平成30年3月31日現在). */
  readonly period: string;
  readonly role: StatementRole;
  /** Lines to show in the build summary; defaults to the statement's last line. */
  readonly key: readonly string[];
}

export type LineKind = "heading" | "leaf" | "derived";

/** How the print shows a line: with its sign, or as a bare magnitude (a deduction printed unsigned). */
export type PrintedConvention = "signed" | "magnitude";

/** One line of a statement layout. */
export interface LayoutLine {
  readonly statement: string;
  readonly id: string;
  readonly label: string;
  readonly aliases: readonly string[];
  /** Indentation level, 0 = outermost. */
  readonly level: number;
  readonly kind: LineKind;
  /** The rule of a derived line. */
  readonly formula?: Formula;
  readonly printed: PrintedConvention;
  /**
   * A 「うち」 (memo) line: the line it is part of. It states part of that line's figure and is
   * never an addend of any formula; `memo.within` holds it between 0 and its parent.
   */
  readonly partOf?: string;
  readonly source: CellSource;
}

/** A declared check: `left = right`, evaluated for every segment and the total. */
export interface CheckDeclaration {
  readonly id: DeclaredCheckId;
  /** The book's words for the check (its title everywhere yosan reports it). */
  readonly description: string;
  /** What to look at when it fails (checks.csv's optional `hint`). */
  readonly hint: string;
  readonly left: Formula;
  readonly right: Formula;
  readonly source: CellSource;
}

/**
 * The budget amount of one account (leaf line) × segment from one budget file: the sum of the
 * rows of that file for the pair (積算明細 of any length). A loaded book holds one entry per
 * (file, line, segment), so its size follows the pairs, not the rows; entries made in code
 * (an import, a test) may hold one row each. Several entries for one pair add up.
 */
export interface BudgetEntry {
  readonly line: string;
  /** Segment id; null for an amount not allocated to any segment. */
  readonly segment: string | null;
  /** Sum of the rows. */
  readonly amount: Money;
  /** The first row's note. */
  readonly note: string;
  /** The amount cell of the first row. */
  readonly source: CellSource;
  /**
   * When the entry sums more than one row: the rows of `source.file` (ascending, the first is
   * `source.row`). Absent for a single row.
   */
  readonly rows?: Uint32Array;
  /** When `rows` is present: the amounts of the first rows (at most ENTRY_PARTS), in row order. */
  readonly parts?: readonly Money[];
}

/** How many row amounts an entry of several rows keeps (for `explain` and tooltips). */
export const ENTRY_PARTS = 20;

/** Number of budget rows an entry sums. */
export function rowCount(entry: BudgetEntry): number {
  return entry.rows?.length ?? 1;
}

/** One row of a budget file as written: what the journal export makes a transaction of. */
export interface BudgetRow {
  readonly line: LayoutLine;
  readonly segment: string | null;
  /** The amount as a canonical decimal string in the book's unit (`-` for negatives). */
  readonly amount: string;
  readonly note: string;
  readonly source: CellSource;
}

/**
 * The rows behind the entries of one budget file, streamed in file order (read/ provides it
 * for the files on disk): visits each valid row and returns how many there were and the
 * issues of the file.
 */
export type BudgetRowStream = (
  file: string,
  visit: (row: BudgetRow) => void,
) => { readonly rows: number; readonly issues: readonly InputIssue[] };

export interface ScheduleColumn {
  readonly id: string;
  readonly label: string;
}

export interface ScheduleDef {
  readonly id: string;
  readonly title: string;
  readonly file: string;
  readonly columns: readonly ScheduleColumn[];
}

/** A schedule row, e.g. one 前受金 item, with an amount per column. */
export interface ScheduleItem {
  readonly schedule: string;
  readonly label: string;
  readonly segment: string | null;
  readonly amounts: ReadonlyMap<string, Money>;
  readonly sources: ReadonlyMap<string, CellSource>;
  readonly note: string;
}

export interface FiscalYear {
  readonly label: string;
  readonly start: string;
  readonly end: string;
}

export interface Book {
  /** Directory the book was read from, as the user named it. */
  readonly dir: string;
  readonly id: string;
  readonly entity: string;
  readonly title: string;
  readonly fiscalYear: FiscalYear;
  readonly unit: Unit;
  /** The book's presentation rule: the default of its prints. */
  readonly rounding: RoundingRule;
  readonly segments: readonly Segment[];
  /** What the body calls a segment: 事業 (default), 勘定, … (sheet names such as 事業別…). */
  readonly segmentTerm: string;
  readonly statements: readonly StatementDef[];
  /** All layout lines of all statements, in document order. */
  readonly lines: readonly LayoutLine[];
  readonly checks: readonly CheckDeclaration[];
  readonly entries: readonly BudgetEntry[];
  readonly schedules: readonly ScheduleDef[];
  readonly scheduleItems: readonly ScheduleItem[];
  /** What documents printed, each with its own unit and rounding (model/print.ts). */
  readonly prints: readonly Print[];
  readonly continuity: readonly ContinuityPair[];
  /** The leaves were typed from a print rounded per item by this rule; null when exact. */
  readonly leafRounding: RoundingRule | null;
  /** What the book's tables call the total column (合計, 計, 総計, and the book's own). */
  readonly totalLabels: readonly string[];
  readonly commitments: CommitmentRegister | null;
  /** Line ids the HTML report's charts use (revenue, expenses, cash plan, opening and closing cash). */
  readonly report: Readonly<Record<string, string>> | null;
}
