/**
 * The Model: what derive makes of a Book. Every line of every statement evaluated for every
 * segment and for the total (合計), each figure with how it was obtained (the budget entries
 * behind a leaf, the terms of a formula), and the 債務負担行為 schedules and outlook. Values
 * only; derive/ builds them, check/ and render/ read them.
 */
import type { Book, BudgetEntry, LayoutLine, StatementDef } from "./book.ts";
import type { CommitmentPlan } from "./commitment.ts";
import type { Formula, LineReference, Reference } from "./formula.ts";
import type { Decimal, Money } from "./money.ts";
import type { CellSource } from "./provenance.ts";
import type { Amount } from "./quantity.ts";
import type { NonDeductible, Receipts } from "./tax.ts";

/** The column of a figure: a segment id, or null for the 合計 (total) column. */
export type Column = string | null;

type Derivation =
  | { readonly kind: "input"; readonly entries: readonly BudgetEntry[] }
  | { readonly kind: "formula"; readonly formula: Formula; readonly terms: readonly DerivedTerm[] }
  | { readonly kind: "tax"; readonly formula: Formula; readonly parts: readonly TaxPart[] }
  | NonDeductibleDerivation;

/**
 * A `non-deductible` line's figure (model/tax.ts nonDeductibleOf): the year's receipts sorted by
 * 課税区分 through book.json's `tax.specified.receipts`, the 課税仕入れ等の税額 its own formula
 * sums, and what the 特定収入 rule makes of them, in the column.
 */
export interface NonDeductibleDerivation {
  readonly kind: "non-deductible";
  readonly formula: Formula;
  /** The 課税仕入れ等の税額 before the rule: the line's formula, summed. */
  readonly purchasesTax: Money;
  readonly receipts: { readonly [K in keyof Receipts]: Money };
  readonly rate: Decimal;
  readonly threshold: Decimal;
  readonly result: NonDeductible;
}

/**
 * One 課税 leaf of a tax line's figure (model/tax.ts): the leaf's 税込 figure in the column, its
 * rate and the tax in it as rounded; the line's figure is Σ sign × tax. A leaf its formula
 * reaches twice is a part twice. The 合計 of a book with segments has a part per segment (and
 * one for the amount not allocated), each rounded on its own.
 */
export interface TaxPart {
  /** The leaf's line id. */
  readonly line: string;
  readonly sign: 1 | -1;
  readonly gross: Money;
  /** In percent (10 for 10%). */
  readonly rate: Decimal;
  readonly tax: Money;
  /**
   * Of a 合計 part in a book with segments: the segment whose figure this is (null: the amount
   * not allocated to any). Absent where the part is the leaf's figure in the column itself.
   */
  readonly segment?: string | null;
}

export interface DerivedTerm<R extends Reference = LineReference> {
  readonly sign: 1 | -1;
  readonly ref: R;
  readonly amount: Amount;
}

/** A figure: money in the book's unit, or a quantity in its line's unit (model/quantity.ts). */
export interface Figure {
  readonly amount: Amount;
  readonly derivation: Derivation;
}

export interface ModelLine {
  readonly line: LayoutLine;
  /** By segment id, in the book's segment order. */
  readonly segments: ReadonlyMap<string, Figure>;
  readonly total: Figure;
  /**
   * Entries of a leaf not allocated to any segment (they make 合計 ≠ Σ segments); zero in a book
   * without segments, where every figure is the total and nothing is left unallocated.
   */
  readonly unallocated: Amount;
}

export interface ModelStatement {
  readonly def: StatementDef;
  /** Non-heading lines, in layout order. */
  readonly lines: readonly ModelLine[];
}

export interface Model {
  readonly book: Book;
  readonly statements: readonly ModelStatement[];
  /** The 債務負担行為 register's schedules and outlook; null for a book without a register. */
  readonly commitments: CommitmentPlan | null;
  /** The figure of a line in a column; throws for an unknown line (a programmer error after validation). */
  figure(line: string, column: Column): Figure;
  /**
   * Evaluate a formula in a column, e.g. the two sides of a declared check. A provision's amount
   * counts in the total column only (a 条 of the 予算 binds the whole 会計): zero in a segment's.
   */
  evaluate<R extends Reference>(
    formula: Formula<R>,
    column: Column,
  ): { amount: Amount; terms: DerivedTerm<R>[] };
  /** The total of a schedule column for a column (segment or 合計), with the item cells. */
  scheduleTotal(
    schedule: string,
    column: string,
    segment: Column,
  ): { amount: Money; sources: CellSource[] };
}
