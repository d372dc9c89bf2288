/**
 * 債務負担行為: multi-year debt-burden commitments. A budget authorises, in one fiscal year
 * (行為年度), a commitment up to a limit (限度額) that the body pays over several fiscal years
 * (負担となる年度). These are the values: the register as read, explicit schedules and
 * actuals, and what derive makes of them (each commitment's year-by-year schedule and the
 * outlook per fiscal year and segment). Fiscal years are western start years (平成29年度 → 2017).
 */
import type { EraName } from "./era.ts";
import type { Money, Unit } from "./money.ts";
import type { Source } from "./provenance.ts";

/** A commitment's limit: an amount, or text (kept, flagged, excluded from sums). */
export type CommitmentLimit<U extends Unit = Unit> =
  | { readonly kind: "amount"; readonly amount: Money<U> }
  | { readonly kind: "text"; readonly text: string };

/** An inclusive range of fiscal years, each the western year the fiscal year starts in. */
export interface YearRange {
  readonly from: number;
  readonly to: number;
}

/** The fiscal years of a range, in order. */
export function yearsOf(range: YearRange): number[] {
  const years: number[] = [];
  for (let y = range.from; y <= range.to; y++) years.push(y);
  return years;
}

/** The least of `values` (any number of them: never spread into a call). */
export function minOf(values: readonly number[]): number {
  return values.reduce((m, v) => (v < m ? v : m), Number.POSITIVE_INFINITY);
}

/** The greatest of `values` (any number of them). */
export function maxOf(values: readonly number[]): number {
  return values.reduce((m, v) => (v > m ? v : m), Number.NEGATIVE_INFINITY);
}

/** One 債務負担行為. */
export interface Commitment<U extends Unit = Unit> {
  /** 1-based position in the register; `#n` refers to it where item texts repeat. */
  readonly no: number;
  /** 事項 as written. */
  readonly item: string;
  /** 限度額 in the book's unit. */
  readonly limit: CommitmentLimit<U>;
  /** The book's unit, also for a commitment whose limit is text. */
  readonly unit: U;
  /** 行為年度 (western start year: 平成29年度 → 2017). */
  readonly authorisedYear: number;
  /** 負担となる年度. */
  readonly burdenYears: YearRange;
  /** Segment id, when the row names one. */
  readonly segment?: string;
  readonly note?: string;
  /** The era the years were written in (平成), for printing in the 'original' style. */
  readonly writtenEra?: EraName;
  readonly sources: {
    readonly item: Source;
    readonly limit: Source;
    readonly authorisedYear: Source;
    readonly burdenYears: Source;
    readonly segment?: Source;
  };
}

/** `#3 事項`: how findings and messages name a commitment. */
export function commitmentLabel(c: Commitment): string {
  return `#${c.no} ${c.item}`;
}

/** One year's amount of a schedule or of payments. */
export interface YearAmount<U extends Unit = Unit> {
  readonly fiscalYear: number;
  readonly amount: Money<U>;
  readonly source: Source;
}

/** An explicit schedule for one commitment, as read from commitment-schedules.csv. */
export interface ExplicitSchedule<U extends Unit = Unit> {
  readonly commitmentNo: number;
  readonly entries: readonly YearAmount<U>[];
}

/** What has happened so far under a commitment (optional input). */
export interface CommitmentActuals<U extends Unit = Unit> {
  readonly commitmentNo: number;
  /** The amount contracted (契約額), when a contract has been made. */
  readonly contracted?: { readonly amount: Money<U>; readonly source: Source };
  /** Payments per fiscal year (支出額). */
  readonly payments?: readonly YearAmount<U>[];
}

/** The 債務負担行為 register of a book and its optional schedules and actuals. */
export interface CommitmentRegister {
  readonly file: string;
  readonly commitments: readonly Commitment[];
  readonly schedules: readonly ExplicitSchedule[];
  readonly actuals: readonly CommitmentActuals[];
}

/** What is wrong with a schedule; the commitments checks turn these into findings. */
export type ScheduleProblem<U extends Unit = Unit> =
  | { readonly kind: "outside-burden-years"; readonly entry: YearAmount<U> }
  | { readonly kind: "negative"; readonly entry: YearAmount<U> }
  | { readonly kind: "over-limit"; readonly limit: Money<U>; readonly total: Money<U> }
  | { readonly kind: "under-limit"; readonly limit: Money<U>; readonly total: Money<U> };

/**
 * A commitment's year-by-year burden: `even` (the limit spread over the burden years),
 * `explicit` (from commitment-schedules.csv) or `none` (a text limit, nothing to spread).
 */
export interface Schedule<U extends Unit = Unit> {
  readonly commitmentNo: number;
  readonly basis: "even" | "explicit" | "none";
  /** Sorted by fiscal year; an even schedule has one entry per burden year. */
  readonly entries: readonly YearAmount<U>[];
  readonly total: Money<U> | undefined;
  readonly problems: readonly ScheduleProblem<U>[];
}

/** Amounts per fiscal year over the outlook's years, and their total. */
export interface YearRow<U extends Unit = Unit> {
  readonly byYear: readonly Money<U>[];
  readonly total: Money<U>;
}

/** Year-by-year burden of the register. Years outside [from, to] are summed apart. */
export interface Outlook<U extends Unit = Unit> {
  readonly unit: U;
  readonly years: readonly number[];
  /** One row per commitment with an amount limit, in register order. */
  readonly commitments: readonly (YearRow<U> & { readonly commitmentNo: number })[];
  /** One row per segment that has commitments, in the book's order; `undefined` = unattributed. */
  readonly segments: readonly (YearRow<U> & { readonly segment: string | undefined })[];
  /** Per fiscal year, all commitments. */
  readonly byYear: readonly Money<U>[];
  /** Total over the years shown. */
  readonly total: Money<U>;
  /** Scheduled before `from` and after `to` (zero without a range). */
  readonly before: Money<U>;
  readonly after: Money<U>;
  /** Commitments whose limit is text: excluded from every sum. */
  readonly unquantified: readonly number[];
}

/** What derive makes of a register: a schedule per commitment and the outlook by segment. */
export interface CommitmentPlan {
  readonly register: CommitmentRegister;
  /** One per commitment, in register order. */
  readonly schedules: readonly Schedule[];
  /** Over every scheduled year, by the book's segments. */
  readonly outlook: Outlook;
}
