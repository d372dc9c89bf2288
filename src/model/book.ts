/**
 * The Book: everything yosan knows about one budget, as loaded and validated — manifest,
 * segments, statement layouts (data, not code), declared checks, budget entries (leaves
 * only) of each version, schedules, and the prints that published it.
 * Every record keeps the cell it came from.
 */
import type { CommitmentRegister } from "./commitment.ts";
import type { DeclaredCheckId } from "./findings.ts";
import type { CheckFormula, Formula } from "./formula.ts";
import type { InputIssue } from "./issues.ts";
import type { Decimal, Money, RoundingRule, Unit } from "./money.ts";
import type { ContinuityPair, Print } from "./print.ts";
import type { CellSource } from "./provenance.ts";
import type { Amount, QuantityUnit } from "./quantity.ts";
import type { TaxClass, TaxRules } from "./tax.ts";
import type { Lang } from "./text.ts";

/** A business segment (事業 or 勘定): a column of every statement. */
export interface Segment {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
}

type StatementRole = "statement" | "supplementary";

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

/**
 * heading: no figure; leaf: an input; derived: a signed sum of other lines (its formula); tax:
 * the consumption tax inside the 税込 lines its formula sums (model/tax.ts), leaf by leaf;
 * non-deductible: the 控除対象外消費税 of the 特定収入 rule (model/tax.ts nonDeductibleOf), its
 * formula summing the 課税仕入れ等の税額.
 */
export type LineKind = "heading" | "leaf" | "derived" | "tax" | "non-deductible";

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
  /**
   * A quantity's unit (戸, ㎥, ㎥/日 …: layout.csv's `unit`): the line's figures are quantities
   * in it (model/quantity.ts). Absent for money in the book's unit.
   */
  readonly unit?: QuantityUnit;
  /** A leaf's 課税区分 (layout.csv's `tax`); absent: the book's default (book.json tax.class). */
  readonly taxClass?: TaxClass;
  /** A 課税 leaf's rate in percent (layout.csv's `rate`); absent: the book's (book.json tax.rate). */
  readonly rate?: Decimal;
  readonly source: CellSource;
}

/**
 * How a declared check relates its sides: `left = right` (a tie), `left <= right` (the right
 * side is a limit: 企業債 ≤ its 限度額) or `left >= right` (a floor).
 */
export type Relation = "=" | "<=" | ">=";

/** How a relation is written in a message: =, ≤, ≥. */
export const RELATION_SIGNS: Readonly<Record<Relation, string>> = {
  "=": "=",
  "<=": "≤",
  ">=": "≥",
};

/**
 * A declared check: `left = right` (or `<=`, `>=`), evaluated for every segment and the total
 * (the total only when a side names a provision: a 条 of the 予算 binds the whole 会計).
 */
export interface CheckDeclaration {
  readonly id: DeclaredCheckId;
  /** The book's words for the check (its title everywhere yosan reports it). */
  readonly description: string;
  /** What to look at when it fails (checks.csv's optional `hint`). */
  readonly hint: string;
  readonly left: CheckFormula;
  readonly relation: Relation;
  readonly right: CheckFormula;
  readonly source: CellSource;
}

/**
 * One row of the 予算's articles that are not tables (provisions.csv): 企業債 (起債の目的,
 * 限度額, 起債の方法, 利率, 償還の方法), 一時借入金の限度額, the 経費 that may not be diverted
 * without the 議会's decision, たな卸資産購入限度額, 他会計からの補助金 … — in the book's words.
 * An amount with an id is a figure checks.csv can name (`provision:<id>`).
 */
export interface Provision {
  /** What checks.csv calls its amount (`provision:<id>`); null for a row no check names. */
  readonly id: string | null;
  /** The 条 as printed: 第6条. */
  readonly article: string;
  /** What the 条 provides, as printed: 企業債, 一時借入金, たな卸資産購入限度額 … */
  readonly kind: string;
  /** The row's item as printed (起債の目的, the 経費's name); "" when the 条 has one figure. */
  readonly item: string;
  /** In the book's unit; null for a row without one (利益剰余金の処分 in words). */
  readonly amount: Money | null;
  /** The 条's words for the row, as printed. */
  readonly text: string;
  /** The file's further columns (起債の方法, 利率, 償還の方法 …) in header order, as written. */
  readonly fields: readonly { readonly name: string; readonly value: string }[];
  /** The row (its `article` cell). */
  readonly source: CellSource;
  /** The `amount` cell; null without an amount. */
  readonly amountSource: CellSource | null;
}

/**
 * A leaf: 入力科目 × 事業/勘定 → 金額 — the amount of one input account (a leaf line of the
 * layout: typed in, not derived) in one segment, or in none (未配分). Every statement line is
 * derived from leaves. The budget files, a spreadsheet import and an accounting export all
 * bring leaves; each adds what it knows besides (BudgetEntry: note, cell and rows; an import:
 * the cells read; actuals: the export rows summed).
 */
export interface Leaf {
  /** The layout line's id (look the LayoutLine up where its label is needed). */
  readonly line: string;
  /** Segment id; null for an amount not allocated to any segment (未配分). */
  readonly segment: string | null;
  /** Money in the book's unit; a quantity in its line's unit for a quantity line. */
  readonly amount: Amount;
}

/**
 * The budget amount of one account (leaf line) × segment from one budget file: the sum of the
 * rows of that file for the pair (積算明細 of any length). A loaded book holds one entry per
 * (file, line, segment), so its size follows the pairs, not the rows; entries made in code
 * (an import, a test) may hold one row each. Several entries for one pair add up.
 * `amount` is the sum of the rows.
 */
export interface BudgetEntry extends Leaf {
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
  readonly parts?: readonly Amount[];
}

/** How many row amounts an entry of several rows keeps (for `explain` and tooltips). */
export const ENTRY_PARTS = 20;

/** Number of budget rows an entry sums. */
export function rowCount(entry: BudgetEntry): number {
  return entry.rows?.length ?? 1;
}

/** One row of a budget file as written: what the journal export makes a transaction of. */
interface BudgetRow {
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

interface ScheduleColumn {
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

interface FiscalYear {
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
  /** The language of yosan's sentences in files and pages built from the book (model/text.ts). */
  readonly language: Lang;
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
  /** The 予算's articles that are not tables (provisions.csv), in the file's order. */
  readonly provisions: readonly Provision[];
  /** The leaves of the version the book presents (`version`; model/version.ts atVersion). */
  readonly entries: readonly BudgetEntry[];
  /** The versions of the budget (当初, 補正, 現計, 決算 …) and the one `entries` are. */
  readonly versions: Versions;
  readonly version: string;
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
  /** The consumption-tax rules (book.json `tax`); absent for a book without tax lines. */
  readonly tax?: TaxRules;
  /** Line ids the HTML report's charts use (revenue, expenses, cash plan, opening and closing cash). */
  readonly report: Readonly<Record<string, string>> | null;
}

/**
 * Versions of a budget within one fiscal year (model/version.ts has what is done with them):
 * 当初 (`budget`), 補正 as changes (`revision`), 現計 derived (`current`), 決算見込み
 * (`forecast`), 決算 (`actual`), and a previous year's version as a print shows it (`previous`).
 */
export type VersionKind = "budget" | "revision" | "current" | "forecast" | "actual" | "previous";

export interface Version {
  readonly id: string;
  /** The name finance staff use: 当初予算, 補正予算（第1号）, 現計予算, 決算. */
  readonly name: string;
  readonly kind: VersionKind;
  /** revision: the version its changes apply to; current: the budget it starts from. */
  readonly base: string | null;
  /** current: the revisions it adds, in order (every revision from its base up to `through`). */
  readonly revisions: readonly string[];
  /** The files of its leaves (a revision's hold changes), as the book names them. */
  readonly files: readonly string[];
  /** actual/forecast: the month-end the figures run to (執行状況), ISO date; null for the year. */
  readonly asOf: string | null;
  /** Set when the figures are an invented sample (said wherever the version is shown). */
  readonly sample: string | null;
  /** previous: the print and column that hold its figures, and the fiscal year it belongs to. */
  readonly printed: { readonly print: string; readonly column: string } | null;
  /** previous: the previous year's book (as the version named presents it), when it has one. */
  readonly linked: Book | null;
  readonly fiscalYear: string | null;
  /** Where book.json declares it. */
  readonly source: CellSource;
}

/** A version's 備考 for a line and segment (the explanation of a variance). */
export interface VersionNote {
  readonly text: string;
  readonly source: CellSource;
}

/** What a book knows of its versions. */
export interface Versions {
  readonly list: readonly Version[];
  /** The version `yosan build` builds by default. */
  readonly defaultId: string;
  /** Each version's own entries: the leaves of a budget/forecast/actual, the changes of a revision. */
  readonly entries: ReadonlyMap<string, readonly BudgetEntry[]>;
  /** Each version's 備考 by noteKey. */
  readonly notes: ReadonlyMap<string, ReadonlyMap<string, VersionNote>>;
  /** Variance rules: a |差額| of at least `threshold` needs a 備考; `expenses` must not exceed their budget. */
  readonly variance: { readonly threshold: Money | null; readonly expenses: readonly string[] };
  /** The comparisons the book asks build to write (A → B, and the layout to show them in). */
  readonly comparisons: readonly Comparison[];
}

export interface Comparison {
  readonly a: string;
  readonly b: string;
  readonly title: string;
  /**
   * `settlement`: the 決算報告書 (区分 | 予算額 | 決算額 | 差額 | 備考); `changes`: A | B | 差額 |
   * 率; `revision`: a 補正予算 as 公営企業 print it (区分 | 既決予定額 | 補正予定額 | 計 | 備考).
   */
  readonly layout: "changes" | "settlement" | "revision";
  /** The statements its documents show (all when absent), in the book's order. */
  readonly statements?: readonly string[];
  /** The deepest `level` of line shown (款 and 項: the levels the 議案 prints); all when absent. */
  readonly depth?: number;
}
