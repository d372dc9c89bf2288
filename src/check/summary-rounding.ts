/**
 * The rounded summary (概要) against the model and against its own rounding.
 *
 * `summary.rounding`: each figure of the current year is the model's figure presented in the
 * summary unit by the book's rule (exact). The previous-version and change columns are known
 * only rounded, so they are checked against the range their rounding allows (as XBRL
 * Calculation 1.1 does): a change must be a possible rounding of (exact current − a previous
 * figure that rounds to the printed one); a row that is the sum of other rows must lie in the
 * range the rounded parts allow. Never a blanket ±1.
 */

import type { SummaryRow } from "../model/book.ts";
import { expandToLeaves, type LeafVector } from "../model/expand.ts";
import { comparedAmounts, type Finding } from "../model/findings.ts";
import type { Model } from "../model/model.ts";
import { allowedRange, Decimal, Money, preimage, presentable, roundWhole } from "../model/money.ts";
import type { Source } from "../model/provenance.ts";
import type { Check } from "./check.ts";

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
      compared: comparedAmounts(Money.of(expected, su), Money.of(actual, su)),
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

/** summary.rounding over the book's 概要, when it has one (a published-document check). */
export const summaryRounding: Check = (model, options) =>
  summaryRoundingFindings(model, options.strict);
