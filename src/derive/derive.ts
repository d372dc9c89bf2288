/**
 * Derivation: Book → Model. Leaves are the sums of their budget entries; every derived line
 * is its layout formula evaluated per segment and for the total (合計), in dependency order; a
 * tax line is the rounded tax of each 課税 leaf its formula reaches, in that column (model/tax.ts).
 * Each figure keeps how it was obtained (the entries behind a leaf, the terms of a formula),
 * which is what `explain`, the checks and the workbook's formulas are built from.
 */
import { formatCount } from "../model/amount-text.ts";
import type { Book, BudgetEntry, LayoutLine, Segment } from "../model/book.ts";
import type { CommitmentPlan, CommitmentRegister } from "../model/commitment.ts";
import { expandToLeaves, type LeafVector } from "../model/expand.ts";
import type { Formula, Reference } from "../model/formula.ts";
import type {
  Column,
  DerivedTerm,
  Figure,
  Model,
  ModelStatement,
  TaxPart,
} from "../model/model.ts";
import { Decimal, Money, type Unit } from "../model/money.ts";
import { type CellSource, type Source, synthetic } from "../model/provenance.ts";
import { type Amount, measureOf, sumAmounts, zeroLike, zeroOf } from "../model/quantity.ts";
import { nonDeductibleOf, taxOf } from "../model/tax.ts";
import { say } from "../model/text.ts";
import { planCommitments } from "./commitments.ts";

/**
 * The cells behind a leaf's entries: the first row's amount cell of each entry and, for an entry
 * of several rows (積算明細), one synthetic source saying how many rows more and where — so the
 * sources of a finding grow with the account × segment pairs, not with the rows of the budget
 * (`explain` lists the rows themselves).
 */
export function inputSources(entries: readonly BudgetEntry[]): Source[] {
  const out: Source[] = [];
  for (const e of entries) {
    out.push(e.source);
    const more = (e.rows?.length ?? 1) - 1;
    if (more > 0)
      out.push(
        synthetic(
          say(
            `… ほか ${formatCount(more)} 行（${e.source.file}）`,
            `… and ${formatCount(more)} more row${more === 1 ? "" : "s"} of ${e.source.file}`,
          ),
        ),
      );
  }
  return out;
}

/** Entries by line, and by line and column (a segment id, or null for the unallocated ones). */
function indexEntries(entries: readonly BudgetEntry[]): {
  readonly byLine: Map<string, BudgetEntry[]>;
  readonly byColumn: Map<string, Map<string | null, BudgetEntry[]>>;
} {
  const byLine = new Map<string, BudgetEntry[]>();
  const byColumn = new Map<string, Map<string | null, BudgetEntry[]>>();
  for (const e of entries) {
    let all = byLine.get(e.line);
    let columns = byColumn.get(e.line);
    if (all === undefined || columns === undefined) {
      all = [];
      columns = new Map();
      byLine.set(e.line, all);
      byColumn.set(e.line, columns);
    }
    all.push(e);
    const list = columns.get(e.segment);
    if (list === undefined) columns.set(e.segment, [e]);
    else list.push(e);
  }
  return { byLine, byColumn };
}

/** The zero of a line's measure (money in `unit`), one per measure: every empty sum shares it. */
function lineZeros(unit: Unit): (line: LayoutLine) => Amount {
  const money = Money.zero(unit);
  const quantities = new Map<string, Amount>();
  return (line) => {
    if (line.unit === undefined) return money;
    let zero = quantities.get(line.unit);
    if (zero === undefined) {
      zero = zeroOf(measureOf(line), unit);
      quantities.set(line.unit, zero);
    }
    return zero;
  };
}

/**
 * Σ of the entries' amounts in the measure of `zero`: `zero` itself when there are none, and a
 * single amount as it is when adding it to zero gives it back exactly (of the same measure and
 * unit, within the precision sums keep).
 */
function sumEntries(zero: Amount, entries: readonly BudgetEntry[]): Amount {
  const only = entries.length === 1 ? entries[0]?.amount : undefined;
  if (
    only !== undefined &&
    only.constructor === zero.constructor &&
    only.unit === zero.unit &&
    only.value.precision() <= Decimal.precision
  )
    return only;
  return entries.length === 0
    ? zero
    : sumAmounts(
        zero,
        entries.map((e) => e.amount),
      );
}

/** What a tax line's figure reads of the model being derived. */
interface TaxContext {
  readonly lineById: ReadonlyMap<string, LayoutLine>;
  readonly figureOf: (id: string, column: Column) => Figure;
  /** A leaf's entries not allocated to any segment, summed. */
  readonly unallocatedOf: (leaf: LayoutLine) => Amount;
  readonly expansions: Map<string, LeafVector>;
}

/**
 * A tax line's figure: Σ coefficient × the tax in each 課税 leaf its formula reaches, each
 * leaf's tax rounded in its column (model/tax.ts). In a book with segments the 合計 adds the
 * segments' taxes and the tax of what is not allocated, each rounded on its own, so 合計 =
 * Σ segments holds as for every other line (segments.sum) instead of differing by the rounding.
 */
function taxFigure(book: Book, formula: Formula, column: Column, model: TaxContext): Figure {
  const rules = book.tax;
  if (rules === undefined)
    throw new Error("programmer error: a tax line in a book without tax rules");
  const unit = book.unit;
  const perSegment = column === null && book.segments.length > 0;
  const parts: TaxPart[] = [];
  for (const [id, k] of expandToLeaves(book, formula, model.expansions)) {
    const leaf = model.lineById.get(id);
    if (leaf?.kind !== "leaf" || (leaf.taxClass ?? rules.class) !== "taxable") continue;
    const rate = leaf.rate ?? rules.rate;
    const sign: 1 | -1 = k < 0 ? -1 : 1;
    const add = (gross: Amount, segment?: string | null) => {
      if (!(gross instanceof Money)) throw new Error(`programmer error: a quantity ${id} taxed`);
      if (segment !== undefined && gross.isZero()) return;
      const tax = Money.of(taxOf(gross.value, rate, rules), unit);
      const part: TaxPart = {
        line: id,
        sign,
        gross,
        rate,
        tax,
        ...(segment !== undefined ? { segment } : {}),
      };
      for (let i = 0; i < Math.abs(k); i++) parts.push(part);
    };
    if (!perSegment) add(model.figureOf(id, column).amount);
    else {
      for (const s of book.segments) add(model.figureOf(id, s.id).amount, s.id);
      add(model.unallocatedOf(leaf), null);
    }
  }
  const amount = Money.sum(
    unit,
    parts.map((p) => p.tax.times(p.sign)),
  );
  return { amount, derivation: { kind: "tax", formula, parts } };
}

/**
 * A non-deductible line's figure (model/tax.ts nonDeductibleOf) from `purchasesTax`, its formula
 * summed (the 課税仕入れ等の税額); the leaves book.json's `tax.specified.receipts` reaches are sorted by their
 * 課税区分 into 資産の譲渡等の対価 (a 課税 leaf by its 税抜 amount, rounded as a tax line
 * rounds it), 特定収入 used only for 課税仕入れ等, and 使途不特定 特定収入; 不課税 receipts count
 * for nothing. The loader allows the rule only in a book without segments.
 */
function nonDeductibleFigure(
  book: Book,
  formula: Formula,
  purchasesTax: Amount,
  column: Column,
  model: TaxContext,
): Figure {
  const rules = book.tax;
  const specified = rules?.specified;
  if (rules === undefined || specified === undefined)
    throw new Error("programmer error: a non-deductible line in a book without the 特定収入 rule");
  const unit = book.unit;
  const sum = { sales: new Decimal(0), forPurchases: new Decimal(0), unspecified: new Decimal(0) };
  for (const [id, k] of expandToLeaves(book, specified.receipts, model.expansions)) {
    const leaf = model.lineById.get(id);
    if (leaf?.kind !== "leaf") continue;
    const gross = model.figureOf(id, column).amount;
    if (!(gross instanceof Money)) throw new Error(`programmer error: a quantity ${id} taxed`);
    const g = gross.value.times(k);
    // The loader required each receipt's own 課税区分 (no default decides what is 特定収入).
    switch (leaf.taxClass) {
      case "taxable":
        sum.sales = sum.sales.plus(g.minus(taxOf(g, leaf.rate ?? rules.rate, rules)));
        break;
      case "exempt":
        sum.sales = sum.sales.plus(g);
        break;
      case "specified":
        sum.unspecified = sum.unspecified.plus(g);
        break;
      case "specified-purchases":
        sum.forPurchases = sum.forPurchases.plus(g);
        break;
    }
  }
  if (!(purchasesTax instanceof Money))
    throw new Error("programmer error: the 課税仕入れ等の税額 is a quantity");
  const purchases = purchasesTax.value;
  const result = nonDeductibleOf(sum, purchases, rules.rate, {
    threshold: specified.threshold,
    rounding: rules.rounding,
  });
  return {
    amount: Money.of(result.amount, unit),
    derivation: {
      kind: "non-deductible",
      formula,
      purchasesTax,
      receipts: {
        sales: Money.of(sum.sales, unit),
        forPurchases: Money.of(sum.forPurchases, unit),
        unspecified: Money.of(sum.unspecified, unit),
      },
      rate: rules.rate,
      threshold: specified.threshold,
      result,
    },
  };
}

/** Build the model of a validated book. Pure: the book is not changed. */
export function derive(book: Book): Model {
  const unit = book.unit;
  const lineById = new Map(book.lines.map((l) => [l.id, l]));
  const { byLine: entriesByLine, byColumn: entriesByColumn } = indexEntries(book.entries);
  const columns: Column[] = [...book.segments.map((s) => s.id), null];
  const figures = new Map<string, Map<Column, Figure>>();
  const zeroOfLine = lineZeros(unit);

  const scheduleTotal = (schedule: string, column: string, segment: Column) => {
    const items = book.scheduleItems.filter(
      (i) => i.schedule === schedule && (segment === null || i.segment === segment),
    );
    const amounts = items.map((i) => i.amounts.get(column) ?? Money.zero(unit));
    const sources = items
      .map((i) => i.sources.get(column))
      .filter((s): s is CellSource => s !== undefined);
    return { amount: Money.sum(unit, amounts), sources };
  };

  const provisionAmount = (id: string, column: Column) =>
    (column === null ? book.provisions.find((p) => p.id === id)?.amount : undefined) ??
    Money.zero(unit);

  /** A formula's terms in a column: each reference's amount, with its sign. */
  const termsOf = <R extends Reference>(formula: Formula<R>, column: Column): DerivedTerm<R>[] =>
    formula.terms.map((t) => {
      const ref: Reference = t.ref;
      const amount =
        ref.kind === "line"
          ? figureOf(ref.id, column).amount
          : ref.kind === "schedule"
            ? scheduleTotal(ref.schedule, ref.column, column).amount
            : provisionAmount(ref.id, column);
      return { sign: t.sign, ref: t.ref, amount };
    });
  const sumTerms = (terms: readonly DerivedTerm<Reference>[], zero: Amount) =>
    sumAmounts(
      zero,
      terms.map((t) => t.amount.times(t.sign)),
    );

  /** A formula in a column, summed in the measure of `zero` (a line's own; else its first term's). */
  const evaluate = <R extends Reference>(formula: Formula<R>, column: Column, zero?: Amount) => {
    const terms = termsOf(formula, column);
    const first = terms[0]?.amount;
    return {
      amount: sumTerms(terms, zero ?? (first === undefined ? Money.zero(unit) : zeroLike(first))),
      terms,
    };
  };

  const figureOf = (id: string, column: Column): Figure => {
    let byColumn = figures.get(id);
    if (byColumn === undefined) {
      byColumn = new Map();
      figures.set(id, byColumn);
    }
    const known = byColumn.get(column);
    if (known) return known;
    const line = lineById.get(id);
    if (!line) throw new Error(`programmer error: unknown line ${id}`);
    let figure: Figure;
    if (line.kind === "tax" && line.formula) {
      figure = taxFigure(book, line.formula, column, context);
    } else if (line.kind === "non-deductible" && line.formula) {
      // Its formula sums the 課税仕入れ等の税額 as any formula is summed.
      const purchases = sumTerms(termsOf(line.formula, column), zeroOfLine(line));
      figure = nonDeductibleFigure(book, line.formula, purchases, column, context);
    } else if (line.kind === "derived" && line.formula) {
      const terms = termsOf(line.formula, column);
      const amount = sumTerms(terms, zeroOfLine(line));
      figure = { amount, derivation: { kind: "formula", formula: line.formula, terms } };
    } else {
      const entries =
        (column === null ? entriesByLine.get(id) : entriesByColumn.get(id)?.get(column)) ?? [];
      const amount = sumEntries(zeroOfLine(line), entries);
      figure = { amount, derivation: { kind: "input", entries } };
    }
    byColumn.set(column, figure);
    return figure;
  };

  const expansions = new Map<string, LeafVector>();
  const unallocatedOf = (leaf: LayoutLine) =>
    sumEntries(zeroOfLine(leaf), entriesByColumn.get(leaf.id)?.get(null) ?? []);
  const context: TaxContext = { lineById, figureOf, unallocatedOf, expansions };

  const statements: ModelStatement[] = book.statements.map((def) => ({
    def,
    lines: book.lines
      .filter((l) => l.statement === def.id && l.kind !== "heading")
      .map((line) => {
        const segments = new Map(book.segments.map((s) => [s.id, figureOf(line.id, s.id)]));
        // A book without segments allocates nothing: its figures are the total.
        const unallocated = sumEntries(
          zeroOfLine(line),
          book.segments.length === 0 ? [] : (entriesByColumn.get(line.id)?.get(null) ?? []),
        );
        return { line, segments, total: figureOf(line.id, null), unallocated };
      }),
  }));
  // Evaluate every line in every column up front so the model is complete and immutable in use.
  for (const l of book.lines) if (l.kind !== "heading") for (const c of columns) figureOf(l.id, c);

  const commitments = book.commitments === null ? null : commitmentPlanOf(book, book.commitments);
  return { book, statements, commitments, figure: figureOf, evaluate, scheduleTotal };
}

/**
 * The 債務負担行為 plan of a register with the book's segments, made once: every version of a
 * book, and every what-if edit of it, shares both (the unit is the register's own).
 */
const plans = new WeakMap<CommitmentRegister, WeakMap<readonly Segment[], CommitmentPlan>>();

function commitmentPlanOf(book: Book, register: CommitmentRegister): CommitmentPlan {
  let bySegments = plans.get(register);
  if (!bySegments) {
    bySegments = new WeakMap();
    plans.set(register, bySegments);
  }
  let plan = bySegments.get(book.segments);
  if (!plan) {
    plan = planCommitments(register, book.segments, book.unit);
    bySegments.set(book.segments, plan);
  }
  return plan;
}
