/**
 * Derivation: Book → Model. Leaves are the sums of their budget entries; every derived line
 * is its layout formula evaluated per segment and for the total (合計), in dependency order.
 * Each figure keeps how it was obtained (the entries behind a leaf, the terms of a formula),
 * which is what `explain`, the checks and the workbook's formulas are built from.
 */
import { formatCount } from "../model/amount-text.ts";
import type { Book, BudgetEntry, Segment } from "../model/book.ts";
import type { CommitmentPlan, CommitmentRegister } from "../model/commitment.ts";
import type { Formula, Reference } from "../model/formula.ts";
import type { Column, DerivedTerm, Figure, Model, ModelStatement } from "../model/model.ts";
import { Money } from "../model/money.ts";
import { type CellSource, type Source, synthetic } from "../model/provenance.ts";
import { type Amount, measureOf, sumAmounts, zeroLike, zeroOf } from "../model/quantity.ts";
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

/** Build the model of a validated book. Pure: the book is not changed. */
export function derive(book: Book): Model {
  const unit = book.unit;
  const lineById = new Map(book.lines.map((l) => [l.id, l]));
  // Entries by line, and by line and column (a segment id, or null for the unallocated ones).
  const entriesByLine = new Map<string, BudgetEntry[]>();
  const entriesByColumn = new Map<string, Map<string | null, BudgetEntry[]>>();
  for (const e of book.entries) {
    let all = entriesByLine.get(e.line);
    let byColumn = entriesByColumn.get(e.line);
    if (all === undefined || byColumn === undefined) {
      all = [];
      byColumn = new Map();
      entriesByLine.set(e.line, all);
      entriesByColumn.set(e.line, byColumn);
    }
    all.push(e);
    const list = byColumn.get(e.segment);
    if (list === undefined) byColumn.set(e.segment, [e]);
    else list.push(e);
  }
  const columns: Column[] = [...book.segments.map((s) => s.id), null];
  const figures = new Map<string, Map<Column, Figure>>();

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

  /** A formula in a column, summed in the measure of `zero` (a line's own; else its first term's). */
  const evaluate = <R extends Reference>(formula: Formula<R>, column: Column, zero?: Amount) => {
    const terms: DerivedTerm<R>[] = formula.terms.map((t) => {
      const ref: Reference = t.ref;
      const amount =
        ref.kind === "line"
          ? figureOf(ref.id, column).amount
          : ref.kind === "schedule"
            ? scheduleTotal(ref.schedule, ref.column, column).amount
            : provisionAmount(ref.id, column);
      return { sign: t.sign, ref: t.ref, amount };
    });
    const first = terms[0]?.amount;
    return {
      amount: sumAmounts(
        zero ?? (first === undefined ? Money.zero(unit) : zeroLike(first)),
        terms.map((t) => t.amount.times(t.sign)),
      ),
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
    if (line.kind === "derived" && line.formula) {
      const { amount, terms } = evaluate(line.formula, column, zeroOf(measureOf(line), unit));
      figure = { amount, derivation: { kind: "formula", formula: line.formula, terms } };
    } else {
      const entries =
        (column === null ? entriesByLine.get(id) : entriesByColumn.get(id)?.get(column)) ?? [];
      figure = {
        amount: sumAmounts(
          zeroOf(measureOf(line), unit),
          entries.map((e) => e.amount),
        ),
        derivation: { kind: "input", entries },
      };
    }
    byColumn.set(column, figure);
    return figure;
  };

  const statements: ModelStatement[] = book.statements.map((def) => ({
    def,
    lines: book.lines
      .filter((l) => l.statement === def.id && l.kind !== "heading")
      .map((line) => {
        const segments = new Map(book.segments.map((s) => [s.id, figureOf(line.id, s.id)]));
        // A book without segments allocates nothing: its figures are the total.
        const unallocated = sumAmounts(
          zeroOf(measureOf(line), unit),
          book.segments.length === 0
            ? []
            : (entriesByColumn.get(line.id)?.get(null) ?? []).map((e) => e.amount),
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
