/**
 * Checks of the rounded summary (概要) and of continuity between budget versions.
 *
 * `summary.rounding`: each figure of the current year is the model's figure presented in the
 * summary unit by the book's rule (exact). The previous-version and change columns are known
 * only rounded, so they are checked against the range their rounding allows (as XBRL
 * Calculation 1.1 does): a change must be a possible rounding of (exact current − a previous
 * figure that rounds to the printed one); a row that is the sum of other rows must lie in the
 * range the rounded parts allow. Never a blanket ±1.
 *
 * `version.continuity`: the opening balances of this budget against the previous version's
 * closing balances, a warning when the ranges cannot meet.
 */

import { inputSources, type Model } from "../derive/derive.ts";
import type { SummaryRow } from "../model/book.ts";
import { expandToLeaves, type LeafVector } from "../model/expand.ts";
import type { Finding } from "../model/findings.ts";
import { Decimal, Money, type RoundingRule, roundWhole, unitFactor } from "../model/money.ts";
import type { Source } from "../model/provenance.ts";

/** Exact interval [lo, hi] of the true values that present as `printed` under `rule`. */
export function preimage(printed: Decimal, rule: RoundingRule): { lo: Decimal; hi: Decimal } {
  const half = new Decimal("0.5");
  if (rule === "half-up") {
    // half-up is symmetric: 2.5 → 3, −2.5 → −3; the bounds are closed on the inside.
    return { lo: printed.minus(half), hi: printed.plus(half) };
  }
  // truncation toward zero: 2 comes from [2, 3), −2 from (−3, −2], 0 from (−1, 1).
  if (printed.isZero()) return { lo: new Decimal(-1), hi: new Decimal(1) };
  return printed.isNegative()
    ? { lo: printed.minus(1), hi: printed }
    : { lo: printed, hi: printed.plus(1) };
}

/**
 * Is `printed` a possible presentation of some value in [lo, hi]? True when the values that
 * present as `printed` overlap the range (boundary points, where half-up and truncation
 * intervals are open, do not count).
 */
export function presentable(
  printed: Decimal,
  lo: Decimal,
  hi: Decimal,
  rule: RoundingRule,
): boolean {
  const p = preimage(printed, rule);
  if (lo.equals(hi)) return roundWhole(lo, rule).equals(printed);
  return p.lo.lessThan(hi) && p.hi.greaterThan(lo);
}

/** The printed values a range allows, as "a … b" (or the single value). */
export function allowedRange(
  lo: Decimal,
  hi: Decimal,
  rule: RoundingRule,
): { min: Decimal; max: Decimal } {
  const from = roundWhole(lo, rule).minus(1);
  const to = roundWhole(hi, rule).plus(1);
  // Rounded parts allow a range a few units wide; a wider one means absurd inputs: no search.
  if (to.minus(from).greaterThan(1000))
    return { min: roundWhole(lo, rule), max: roundWhole(hi, rule) };
  let min = to;
  let max = from;
  for (let t = from; t.lessThanOrEqualTo(to); t = t.plus(1)) {
    if (!presentable(t, lo, hi, rule)) continue;
    if (t.lessThan(min)) min = t;
    if (t.greaterThan(max)) max = t;
  }
  return { min, max };
}

const sameVector = (a: LeafVector, b: LeafVector) =>
  a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

export interface SummaryRelation {
  readonly total: SummaryRow;
  readonly parts: readonly { sign: 1 | -1; row: SummaryRow }[];
}

/**
 * Rows of the summary that are signed sums of other rows of the same table, found by
 * expanding every row's formula to the leaves (fewest parts first, up to three parts).
 */
export function summaryRelations(model: Model): SummaryRelation[] {
  const rows = model.book.summary?.rows ?? [];
  const memo = new Map<string, LeafVector>();
  const vectors = new Map(rows.map((r) => [r, expandToLeaves(model.book, r.formula, memo)]));
  const relations: SummaryRelation[] = [];
  for (const total of rows) {
    const target = vectors.get(total);
    if (!target || target.size === 0) continue;
    const candidates = rows.filter(
      (r) => r !== total && r.table === total.table && (vectors.get(r)?.size ?? 0) > 0,
    );
    let found: SummaryRelation | undefined;
    const search = (
      start: number,
      chosen: { sign: 1 | -1; row: SummaryRow }[],
      size: number,
    ): void => {
      if (found) return;
      if (chosen.length === size) {
        const sum = new Map<string, number>();
        for (const c of chosen) {
          for (const [k, v] of vectors.get(c.row) ?? []) {
            const x = (sum.get(k) ?? 0) + v * c.sign;
            if (x === 0) sum.delete(k);
            else sum.set(k, x);
          }
        }
        if (sameVector(sum, target)) found = { total, parts: [...chosen] };
        return;
      }
      for (let i = start; i < candidates.length; i++) {
        const row = candidates[i];
        if (!row) continue;
        for (const sign of [1, -1] as const) search(i + 1, [...chosen, { sign, row }], size);
      }
    };
    for (let size = 2; size <= 3 && !found; size++) search(0, [], size);
    if (found) relations.push(found);
  }
  return relations;
}

type Column = "current" | "previous" | "change";

/**
 * summary.rounding: the 概要 against the model and against its own rounding. The 概要 is part
 * of the published document, so a disagreement is a warning (the statements are right, the
 * summary print is wrong) unless `strict`.
 */
export function summaryRoundingFindings(model: Model, strict = false): Finding[] {
  const summary = model.book.summary;
  if (!summary) return [];
  const rule = model.book.rounding;
  const su = summary.unit;
  const findings: Finding[] = [];
  const rangeText = (lo: Decimal, hi: Decimal) => {
    const r = allowedRange(lo, hi, rule);
    return r.min.equals(r.max)
      ? Money.of(r.min, su).format()
      : `${Money.of(r.min, su).format()} … ${Money.of(r.max, su).format()}`;
  };
  const exactCurrent = (row: SummaryRow) =>
    model.evaluate(row.formula, null).amount.convert(su).value;
  const push = (
    row: SummaryRow,
    column: Column,
    ok: boolean,
    expected: Decimal,
    actual: Decimal,
    message: string,
    sources: Source[],
  ) => {
    findings.push({
      check: "summary.rounding",
      status: ok ? "pass" : strict ? "fail" : "warn",
      line: `${row.table} ${row.label} (${column === "current" ? summary.current : column === "previous" ? summary.previous : "増減"})`,
      expected,
      actual,
      difference: actual.minus(expected),
      message,
      sources,
    });
  };
  for (const row of summary.rows) {
    const exact = exactCurrent(row);
    const rounded = roundWhole(exact, rule);
    const cur = row.current.value;
    push(
      row,
      "current",
      cur.equals(rounded),
      rounded,
      cur,
      `${row.table} ${row.label}: ${Money.of(exact, su).format()} ${su} presents as ${Money.of(rounded, su).format()}; printed ${row.current.format()}`,
      [row.sources.current],
    );
    if (row.previous && row.change) {
      const prev = preimage(row.previous.value, rule);
      const lo = exact.minus(prev.hi);
      const hi = exact.minus(prev.lo);
      const chg = row.change.value;
      const ok = presentable(chg, lo, hi, rule);
      const naive = roundWhole(exact, rule).minus(row.previous.value);
      push(
        row,
        "change",
        ok,
        roundWhole(exact.minus(row.previous.value), rule),
        chg,
        `${row.table} ${row.label} 増減: ${Money.of(exact, su).format()} − ${summary.previous} ${row.previous.format()} (exact in [${prev.lo.toFixed()}, ${prev.hi.toFixed()}]) allows ${rangeText(lo, hi)}; printed ${row.change.format()}${
          naive.equals(chg)
            ? ""
            : ` (the difference of the rounded figures would be ${Money.of(naive, su).format()})`
        }`,
        [row.sources.change, row.sources.current, row.sources.previous],
      );
    }
  }
  // Rows that are sums of other rows: each column within the range of its rounded parts.
  for (const rel of summaryRelations(model)) {
    for (const column of ["current", "previous", "change"] as const) {
      const value = (r: SummaryRow) =>
        column === "current" ? r.current : column === "previous" ? r.previous : r.change;
      const total = value(rel.total);
      if (!total || rel.parts.some((p) => value(p.row) === null)) continue;
      let lo = new Decimal(0);
      let hi = new Decimal(0);
      let naive = new Decimal(0);
      for (const p of rel.parts) {
        const v = value(p.row)?.value ?? new Decimal(0);
        // The change column is itself a rounding of a difference: treat it like any rounded figure.
        const range = preimage(v, rule);
        naive = naive.plus(v.times(p.sign));
        if (p.sign === 1) {
          lo = lo.plus(range.lo);
          hi = hi.plus(range.hi);
        } else {
          lo = lo.minus(range.hi);
          hi = hi.minus(range.lo);
        }
      }
      const ok = presentable(total.value, lo, hi, rule);
      const text = rel.parts
        .map(
          (p, i) =>
            `${i === 0 ? (p.sign < 0 ? "−" : "") : p.sign < 0 ? " − " : " + "}${p.row.label}`,
        )
        .join("");
      push(
        rel.total,
        column,
        ok,
        naive,
        total.value,
        `${rel.total.table} ${rel.total.label} = ${text} (${column}): the rounded parts allow ${rangeText(lo, hi)}; printed ${total.format()}`,
        [rel.total.sources[column], ...rel.parts.map((p) => p.row.sources[column])],
      );
    }
  }
  return findings;
}

/** version.continuity: opening balances vs the previous version's closing balances (warnings). */
export function continuityFindings(model: Model): Finding[] {
  const summary = model.book.summary;
  const pairs = model.book.continuity;
  if (!summary || pairs.length === 0) return [];
  const rule = model.book.rounding;
  const su = summary.unit;
  const findings: Finding[] = [];
  for (const pair of pairs) {
    const row = summary.rows.find(
      (r) =>
        r.formula.terms.length === 1 &&
        r.formula.terms[0]?.ref.kind === "line" &&
        r.formula.terms[0].ref.id === pair.previousClosing,
    );
    if (!row?.previous) continue;
    const opening = model.figure(pair.opening, null);
    const exact = opening.amount.convert(su).value;
    const prev = preimage(row.previous.value, rule);
    const ok = exact.greaterThanOrEqualTo(prev.lo) && exact.lessThanOrEqualTo(prev.hi);
    const openingLabel = model.book.lines.find((l) => l.id === pair.opening)?.label ?? pair.opening;
    const rounded = roundWhole(exact, rule);
    findings.push({
      check: "version.continuity",
      status: ok ? "pass" : "warn",
      line: pair.opening,
      expected: row.previous.value,
      actual: rounded,
      difference: rounded.minus(row.previous.value),
      message: `${openingLabel} ${Money.of(rounded, su).format()} ${su} (${opening.amount.format()} ${model.book.unit}) vs ${summary.previous}'s ${row.label} ${row.previous.format()} ${su}${
        ok
          ? ""
          : `: the opening balance does not continue the previous version (difference ${Money.of(rounded.minus(row.previous.value), su).format()} ${su})`
      }`,
      sources: [
        ...(opening.derivation.kind === "input" ? inputSources(opening.derivation.entries) : []),
        row.sources.previous,
      ],
    });
  }
  return findings;
}

/** The factor between the book's unit and the summary's (re-exported for renderers). */
export function summaryFactor(model: Model): Decimal | null {
  const s = model.book.summary;
  return s ? unitFactor(model.book.unit, s.unit) : null;
}
