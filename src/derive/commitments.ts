/**
 * 債務負担行為 derived: each commitment's year-by-year schedule (the limit spread evenly over
 * its burden years, or the book's explicit schedule, checked for problems) and the outlook:
 * the burden per fiscal year, per segment and overall. Pure functions of the register.
 */
import {
  type Commitment,
  type CommitmentPlan,
  type CommitmentRegister,
  type ExplicitSchedule,
  maxOf,
  minOf,
  type Outlook,
  type Schedule,
  type ScheduleProblem,
  type YearAmount,
  type YearRow,
  yearsOf,
} from "../model/commitment.ts";
import { Money, type Unit } from "../model/money.ts";
import { synthetic } from "../model/provenance.ts";
import { say } from "../model/text.ts";

/**
 * A commitment's year-by-year burden. Without an explicit schedule, the limit is spread evenly
 * over the burden years in whole units, the remainder (and any fraction) going to the last
 * year, so the entries always sum to the limit exactly. An explicit schedule is checked: every
 * amount inside the burden years and non-negative, the total not above the limit (over is a
 * problem; under is a milder problem, since a limit is a ceiling).
 * @testOnly exported for the tests that use it
 */
export function scheduleOf<U extends Unit>(
  commitment: Commitment<U>,
  explicit?: ExplicitSchedule<U>,
): Schedule<U> {
  const limit = commitment.limit.kind === "amount" ? commitment.limit.amount : undefined;
  if (explicit !== undefined) {
    if (explicit.commitmentNo !== commitment.no) {
      throw new Error(
        `programmer error: schedule for #${explicit.commitmentNo} given to commitment #${commitment.no}`,
      );
    }
    const entries = [...explicit.entries].sort((a, b) => a.fiscalYear - b.fiscalYear);
    const problems: ScheduleProblem<U>[] = [];
    for (const entry of entries) {
      const { from, to } = commitment.burdenYears;
      if (entry.fiscalYear < from || entry.fiscalYear > to) {
        problems.push({ kind: "outside-burden-years", entry });
      }
      if (entry.amount.isNegative()) problems.push({ kind: "negative", entry });
    }
    const total = Money.sum(
      commitment.unit,
      entries.map((e) => e.amount),
    );
    if (limit !== undefined) {
      const diff = total.value.minus(limit.value);
      if (diff.isPositive() && !diff.isZero()) problems.push({ kind: "over-limit", limit, total });
      if (diff.isNegative() && !diff.isZero()) problems.push({ kind: "under-limit", limit, total });
    }
    return { commitmentNo: commitment.no, basis: "explicit", entries, total, problems };
  }
  if (limit === undefined) {
    return {
      commitmentNo: commitment.no,
      basis: "none",
      entries: [],
      total: undefined,
      problems: [],
    };
  }
  const years = yearsOf(commitment.burdenYears);
  const source = synthetic(
    say(
      `債務負担行為：#${commitment.no} 限度額を負担となる年度に均等に割り振ったもの`,
      `commitments: #${commitment.no} 限度額 spread evenly over its burden years`,
    ),
  );
  const each = limit.value.dividedToIntegerBy(years.length);
  const entries = years.map((fiscalYear, i) => ({
    fiscalYear,
    amount:
      i === years.length - 1
        ? Money.of(limit.value.minus(each.times(years.length - 1)), limit.unit)
        : Money.of(each, limit.unit),
    source,
  }));
  return { commitmentNo: commitment.no, basis: "even", entries, total: limit, problems: [] };
}

/**
 * Schedules for every commitment: the explicit one when given, else the even spread.
 * @testOnly exported for the tests that use it
 */
export function schedulesOf<U extends Unit>(
  commitments: readonly Commitment<U>[],
  explicit: readonly ExplicitSchedule<U>[] = [],
): Schedule<U>[] {
  return commitments.map((c) =>
    scheduleOf(
      c,
      explicit.find((e) => e.commitmentNo === c.no),
    ),
  );
}

/** The schedule of `commitment` among `schedules`, else its even spread. */
export function scheduleFor<U extends Unit>(
  commitment: Commitment<U>,
  schedules: readonly Schedule<U>[],
): Schedule<U> {
  return schedules.find((s) => s.commitmentNo === commitment.no) ?? scheduleOf(commitment);
}

/** Options for the outlook. */
export interface OutlookOptions {
  /** First fiscal year shown (western start year); default the earliest year scheduled. */
  readonly from?: number;
  /** Last fiscal year shown; default the latest year scheduled. */
  readonly to?: number;
  /** The book's segments, for the order of segment totals (unattributed last). */
  readonly segments?: readonly { readonly id: string }[];
  /** Unit of an empty register's zero totals; otherwise the commitments' unit. */
  readonly unit?: Unit;
}

/** Per fiscal year, per segment and overall totals of the register's schedules. */
export function outlook<U extends Unit>(
  commitments: readonly Commitment<U>[],
  schedules: readonly Schedule<U>[],
  options: OutlookOptions = {},
): Outlook<U> {
  const all = commitments.map((c) => ({ c, s: scheduleFor(c, schedules) }));
  const unit = (commitments[0]?.unit ?? options.unit ?? "千円") as U;
  const scheduledYears = all.flatMap(({ s }) => s.entries.map((e) => e.fiscalYear));
  const from = options.from ?? (scheduledYears.length > 0 ? minOf(scheduledYears) : 0);
  const to = options.to ?? (scheduledYears.length > 0 ? maxOf(scheduledYears) : -1);
  const years = yearsOf({ from, to });
  const zero = Money.zero(unit);

  const rowOf = (entries: readonly YearAmount<U>[]): YearRow<U> => {
    const byYear = years.map((y) =>
      Money.sum(
        unit,
        entries.filter((e) => e.fiscalYear === y).map((e) => e.amount),
      ),
    );
    return { byYear, total: Money.sum(unit, byYear) };
  };
  const sumRows = (rows: readonly YearRow<U>[]): YearRow<U> => ({
    byYear: years.map((_, i) =>
      Money.sum(
        unit,
        rows.map((r) => r.byYear[i] ?? zero),
      ),
    ),
    total: Money.sum(
      unit,
      rows.map((r) => r.total),
    ),
  });

  const quantified = all.filter(({ c }) => c.limit.kind === "amount");
  const commitmentRows = quantified.map(({ c, s }) => ({
    commitmentNo: c.no,
    ...rowOf(s.entries),
  }));
  const order = [...(options.segments ?? []).map((s) => s.id)];
  for (const { c } of quantified) {
    if (c.segment !== undefined && !order.includes(c.segment)) order.push(c.segment);
  }
  const segmentKeys: (string | undefined)[] = [...order, undefined];
  const segmentRows = segmentKeys
    .map((segment) => {
      const rows = commitmentRows.filter((_, i) => quantified[i]?.c.segment === segment);
      return rows.length === 0 ? undefined : { segment, ...sumRows(rows) };
    })
    .filter((r) => r !== undefined);
  const overall = sumRows(commitmentRows);
  const outside = (test: (year: number) => boolean) =>
    Money.sum(
      unit,
      quantified.flatMap(({ s }) =>
        s.entries.filter((e) => test(e.fiscalYear)).map((e) => e.amount),
      ),
    );
  return {
    unit,
    years,
    commitments: commitmentRows,
    segments: segmentRows,
    byYear: overall.byYear,
    total: overall.total,
    before: outside((y) => y < from),
    after: outside((y) => y > to),
    unquantified: all.filter(({ c }) => c.limit.kind === "text").map(({ c }) => c.no),
  };
}

/** The register's schedules and outlook, as the Model carries them. */
export function planCommitments(
  register: CommitmentRegister,
  segments: readonly { readonly id: string }[],
  unit: Unit,
): CommitmentPlan {
  const schedules = schedulesOf(register.commitments, register.schedules);
  return {
    register,
    schedules,
    outlook: outlook(register.commitments, schedules, { segments, unit }),
  };
}
