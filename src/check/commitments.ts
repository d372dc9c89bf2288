/**
 * The 債務負担行為 checks: `commitments.years` (burden years start no earlier than the
 * authorising year; scheduled and paid amounts fall inside them) and `commitments.limit`
 * (a schedule sums to the limit, less is a warning; contracts and payments stay within it).
 */
import { scheduleFor } from "../derive/commitments.ts";
import {
  type Commitment,
  type CommitmentActuals,
  commitmentLabel as label,
  type Schedule,
} from "../model/commitment.ts";
import {
  type CheckStatus,
  type Compared,
  comparedAmounts,
  comparedYears,
  type Finding,
} from "../model/findings.ts";
import { Money, type Unit } from "../model/money.ts";
import type { Source } from "../model/provenance.ts";

/** Where a commitment's findings are: the register, the commitment, its segment. */
function placeOf(c: Commitment) {
  return {
    statement: "債務負担行為",
    line: label(c),
    ...(c.segment !== undefined ? { segment: c.segment } : {}),
  };
}

function finding(
  c: Commitment,
  check: "commitments.years" | "commitments.limit",
  status: CheckStatus,
  message: string,
  compared: Compared | undefined,
  sources: readonly Source[],
): Finding {
  return {
    ...placeOf(c),
    check,
    status,
    ...(compared !== undefined ? { compared } : {}),
    message,
    sources,
  };
}

/**
 * The `commitments.years` and `commitments.limit` findings for every commitment. `schedules`
 * default to the even spread; `actuals` (contracts and payments) are optional.
 */
export function commitmentFindings<U extends Unit>(
  commitments: readonly Commitment<U>[],
  schedules: readonly Schedule<U>[] = [],
  actuals: readonly CommitmentActuals<U>[] = [],
): Finding[] {
  return commitments.flatMap((c) => {
    const schedule = scheduleFor(c, schedules);
    const actual = actuals.find((a) => a.commitmentNo === c.no);
    return [...yearFindings(c, schedule, actual), ...limitFindings(c, schedule, actual)];
  });
}

/** commitments.years: the burden years against the authorising year, amounts inside them. */
function yearFindings<U extends Unit>(
  c: Commitment<U>,
  schedule: Schedule<U>,
  actual: CommitmentActuals<U> | undefined,
): Finding[] {
  const { from, to } = c.burdenYears;
  const years = (
    message: string,
    expected: number,
    actualYear: number,
    sources: Source[],
    status: CheckStatus = "fail",
  ) =>
    finding(c, "commitments.years", status, message, comparedYears(expected, actualYear), sources);
  const out = [
    from >= c.authorisedYear
      ? years(
          `${label(c)}: burden years FY${from}–FY${to} start no earlier than the authorising year FY${c.authorisedYear}`,
          c.authorisedYear,
          from,
          [c.sources.authorisedYear, c.sources.burdenYears],
          "pass",
        )
      : years(
          `${label(c)}: burden years start in FY${from}, ${c.authorisedYear - from} year(s) before the commitment is authorised in FY${c.authorisedYear}`,
          c.authorisedYear,
          from,
          [c.sources.authorisedYear, c.sources.burdenYears],
        ),
  ];
  const outside = (year: number) => year < from || year > to;
  const nearest = (year: number) => (year < from ? from : to);
  for (const p of schedule.problems) {
    if (p.kind !== "outside-burden-years") continue;
    out.push(
      years(
        `${label(c)}: ${p.entry.amount.format()} ${p.entry.amount.unit} is scheduled in FY${p.entry.fiscalYear}, outside the burden years FY${from}–FY${to}`,
        nearest(p.entry.fiscalYear),
        p.entry.fiscalYear,
        [c.sources.burdenYears, p.entry.source],
      ),
    );
  }
  for (const payment of actual?.payments ?? []) {
    if (!outside(payment.fiscalYear)) continue;
    out.push(
      years(
        `${label(c)}: ${payment.amount.format()} ${payment.amount.unit} is paid in FY${payment.fiscalYear}, outside the burden years FY${from}–FY${to}`,
        nearest(payment.fiscalYear),
        payment.fiscalYear,
        [c.sources.burdenYears, payment.source],
      ),
    );
  }
  return out;
}

/** commitments.limit: the schedule, the contract and the payments against the limit. */
function limitFindings<U extends Unit>(
  c: Commitment<U>,
  schedule: Schedule<U>,
  actual: CommitmentActuals<U> | undefined,
): Finding[] {
  const limited = (
    status: CheckStatus,
    message: string,
    compared: Compared | undefined,
    sources: readonly Source[],
  ) => finding(c, "commitments.limit", status, message, compared, sources);
  if (c.limit.kind === "text") {
    return [
      limited(
        "warn",
        `${label(c)}: the limit 「${c.limit.text}」 is text; schedules and payments cannot be checked against it`,
        undefined,
        [c.sources.limit],
      ),
    ];
  }
  const limit = c.limit.amount;
  const out: Finding[] = [];
  const scheduleSources = [c.sources.limit, ...schedule.entries.map((e) => e.source)];
  const total = schedule.total ?? Money.zero(limit.unit);
  const negatives = schedule.problems.filter((p) => p.kind === "negative");
  if (negatives.length > 0) {
    out.push(
      limited(
        "fail",
        `${label(c)}: the schedule has negative amounts in ${negatives.map((p) => `FY${p.entry.fiscalYear}`).join(", ")}`,
        comparedAmounts(limit, total),
        scheduleSources,
      ),
    );
  }
  const over = total.value.greaterThan(limit.value);
  const under = total.value.lessThan(limit.value);
  out.push(
    limited(
      over ? "fail" : under ? "warn" : "pass",
      over
        ? `${label(c)}: the ${schedule.basis} schedule totals ${total.format()}, above the limit ${limit.format()} by ${total.minus(limit).format()}`
        : under
          ? `${label(c)}: the ${schedule.basis} schedule totals ${total.format()}, ${limit.minus(total).format()} below the limit ${limit.format()} (the outlook understates the burden)`
          : `${label(c)}: the ${schedule.basis} schedule sums to the limit ${limit.format()}`,
      comparedAmounts(limit, total),
      scheduleSources,
    ),
  );
  if (actual?.contracted !== undefined) {
    const contracted = actual.contracted.amount;
    const exceeds = contracted.value.greaterThan(limit.value);
    out.push(
      limited(
        exceeds ? "fail" : "pass",
        exceeds
          ? `${label(c)}: contracted ${contracted.format()} exceeds the limit ${limit.format()} by ${contracted.minus(limit).format()}`
          : `${label(c)}: contracted ${contracted.format()} is within the limit ${limit.format()}`,
        comparedAmounts(limit, contracted),
        [c.sources.limit, actual.contracted.source],
      ),
    );
  }
  if (actual?.payments !== undefined && actual.payments.length > 0) {
    const ceiling = actual.contracted?.amount ?? limit;
    const ceilingName = actual.contracted !== undefined ? "contracted amount" : "limit";
    const paid = Money.sum(
      limit.unit,
      actual.payments.map((p) => p.amount),
    );
    const exceeds = paid.value.greaterThan(ceiling.value);
    out.push(
      limited(
        exceeds ? "fail" : "pass",
        exceeds
          ? `${label(c)}: payments total ${paid.format()}, above the ${ceilingName} ${ceiling.format()} by ${paid.minus(ceiling).format()}`
          : `${label(c)}: payments total ${paid.format()}, within the ${ceilingName} ${ceiling.format()}`,
        comparedAmounts(ceiling, paid),
        [actual.contracted?.source ?? c.sources.limit, ...actual.payments.map((p) => p.source)],
      ),
    );
  }
  return out;
}
