/**
 * 債務負担行為: multi-year debt-burden commitments. A budget authorises, in one fiscal year
 * (行為年度), a commitment up to a limit (限度額) that the body pays over several fiscal years
 * (負担となる年度). This module reads the register (commitments.csv), optional explicit
 * year-by-year schedules (commitment-schedules.csv) and optional contracts and payments
 * (commitment-actuals.csv), spreads a limit over its burden years,
 * checks schedules and actuals against limits and years (`commitments.years`,
 * `commitments.limit`), totals the outlook per fiscal year and segment, and renders the
 * register as text and JSON.
 *
 * Pure functions over tables already parsed by csv-table.ts; no file IO.
 *
 * Input issues use the shared catalogue's codes (`schema.invalid`, `amount.invalid`,
 * `segment.unknown`, `column.missing`) and add a finer `detail` code from
 * COMMITMENT_ISSUE_CATALOGUE, whose hint `formatCommitmentIssue` prints.
 *
 * Reading rules:
 * - A row with an error (unreadable or empty item, limit or years; negative limit; unknown
 *   segment) is left out of `commitments`; the caller stops on errors (exit 2).
 * - Burden years starting before the authorising year is readable but wrong: a warning issue
 *   pointing at the cell, the commitment is kept, and `commitmentFindings` fails it
 *   (`commitments.years`, exit 1).
 * - A limit written as Japanese text without an amount (e.g. 損失補償に要する額) is kept as
 *   text, flagged with a warning, and excluded from every sum.
 */

import { AMOUNT_EXPECTATION, parseAmount, toHalfWidth } from "../model/amount-text.ts";
import {
  type EraName,
  type EraStyle,
  type FiscalYear,
  formatFiscalYear,
  parseFiscalYear,
  parseFiscalYearRange,
} from "../model/era.ts";
import type { Finding } from "../model/findings.ts";
import { INPUT_ISSUE_CATALOGUE, type InputIssue, type InputIssueCode } from "../model/issues.ts";
import { normalizeLabel } from "../model/labels.ts";
import { Decimal, Money, type Unit } from "../model/money.ts";
import { cell, formatSource, type Source, synthetic } from "../model/provenance.ts";
import type { Table, TableRow } from "../read/csv-table.ts";
import { segmentResolver } from "../read/resolution.ts";

/** Columns of commitments.csv, in the order we write them. */
export const COMMITMENT_COLUMNS = [
  "item",
  "limit",
  "authorised_year",
  "burden_years",
  "segment",
  "note",
] as const;

/** Columns commitments.csv must have. */
export const COMMITMENT_REQUIRED_COLUMNS = [
  "item",
  "limit",
  "authorised_year",
  "burden_years",
] as const;

/**
 * Columns of commitment-schedules.csv: one row per commitment and fiscal year. `item` is the
 * commitment's item text (spaces and full-width letters are ignored when matching) or `#n`, its
 * 1-based position in commitments.csv, needed when two commitments share an item text.
 * `fiscal_year` is 平成30年度, 令和元年度, 2018年度 or 2018; `amount` is in the book's unit.
 */
export const SCHEDULE_COLUMNS = ["item", "fiscal_year", "amount"] as const;

/** Check ids this module reports. */
export const COMMITMENT_CHECKS = {
  "commitments.years":
    "burden years start no earlier than the authorising year; scheduled and paid amounts fall inside the burden years",
  "commitments.limit":
    "a schedule sums to the limit (less is a warning); contracted and paid amounts do not exceed the limit",
} as const;

/** Finer codes for commitment input issues, each with words (the shared catalogue's style). */
export const COMMITMENT_ISSUE_CATALOGUE = {
  "commitments.column-missing": {
    base: "column.missing",
    title: "required column missing",
    hint: "commitments.csv needs the columns item, limit, authorised_year, burden_years (segment and note are optional)",
  },
  "commitments.item-missing": {
    base: "schema.invalid",
    title: "commitment has no item",
    hint: "write the 事項 as printed in the budget",
  },
  "commitments.year": {
    base: "schema.invalid",
    title: "fiscal year cannot be read",
    hint: "write an era fiscal year such as 平成29年度 or 令和元年度, or a western one such as 2017年度",
  },
  "commitments.range": {
    base: "schema.invalid",
    title: "burden years cannot be read",
    hint: "write one fiscal year (平成30年度) or a range (平成29年度から平成35年度) that ends no earlier than it starts",
  },
  "commitments.burden-before-authorised": {
    base: "schema.invalid",
    title: "burden years start before the commitment is authorised",
    hint: "a commitment authorised in one fiscal year can only burden that year or later ones; check both years against the budget",
  },
  "commitments.limit-invalid": {
    base: "amount.invalid",
    title: "limit is not an amount",
    hint: "write the 限度額 in the book's unit with digits and optional thousands separators, e.g. 77,928",
  },
  "commitments.limit-negative": {
    base: "amount.invalid",
    title: "limit is negative",
    hint: "a 限度額 is a ceiling and cannot be negative; check for a stray △ or - sign",
  },
  "commitments.limit-text": {
    base: "amount.invalid",
    title: "limit is text, not an amount",
    hint: "the commitment is kept but excluded from totals; write an amount if the budget gives one",
  },
  "commitments.segment-unknown": {
    base: "segment.unknown",
    title: "unknown segment",
    hint: "use a segment id or name from book.json, or leave segment blank when the item does not clearly belong to one",
  },
  "commitments.entry-column-missing": {
    base: "column.missing",
    title: "required column missing",
    hint: "commitment-schedules.csv needs item, fiscal_year, amount; commitment-actuals.csv needs item, kind, fiscal_year, amount",
  },
  "commitments.entry-item-unknown": {
    base: "schema.invalid",
    title: "row names no commitment",
    hint: "write the item exactly as in commitments.csv, or #n for its position there",
  },
  "commitments.entry-item-ambiguous": {
    base: "schema.invalid",
    title: "item names more than one commitment",
    hint: "write #n, the commitment's 1-based position in commitments.csv, instead of the item text",
  },
  "commitments.entry-kind": {
    base: "schema.invalid",
    title: "unknown kind of actual",
    hint: "write contract (契約) for the contracted amount or payment (支出) for a year's payment",
  },
  "commitments.entry-year": {
    base: "schema.invalid",
    title: "fiscal year cannot be read",
    hint: "write 平成30年度, 令和元年度, 2018年度 or 2018",
  },
  "commitments.entry-duplicate": {
    base: "schema.invalid",
    title: "two amounts for one commitment and year",
    hint: "give one row per commitment and fiscal year (and one contract row per commitment)",
  },
  "commitments.entry-amount-invalid": {
    base: "amount.invalid",
    title: "not an amount",
    hint: "write digits in the book's unit, with optional thousands separators",
  },
  "commitments.entry-amount-negative": {
    base: "amount.invalid",
    title: "amount is negative",
    hint: "a yearly burden, contract or payment cannot be negative; check for a stray △ or - sign",
  },
} as const satisfies Record<string, { base: InputIssueCode; title: string; hint: string }>;

export type CommitmentIssueCode = keyof typeof COMMITMENT_ISSUE_CATALOGUE;

/** An input issue with this module's finer code. It is an InputIssue, so it joins the book's issues. */
export interface CommitmentIssue extends InputIssue {
  readonly detail: CommitmentIssueCode;
}

function commitmentIssue(
  detail: CommitmentIssueCode,
  source: Source,
  message: string,
  excerpt?: string,
  severity: "error" | "warning" = "error",
): CommitmentIssue {
  return {
    code: COMMITMENT_ISSUE_CATALOGUE[detail].base,
    detail,
    severity,
    message,
    source,
    ...(excerpt !== undefined ? { excerpt } : {}),
  };
}

/** `commitments.csv:5:burden_years: error: …`, the row, then this module's hint for the detail code. */
export function formatCommitmentIssue(issue: InputIssue): string {
  const lines = [`${formatSource(issue.source)}: ${issue.severity}: ${issue.message}`];
  if (issue.excerpt !== undefined) lines.push(`  | ${issue.excerpt}`);
  const detail = (issue as Partial<CommitmentIssue>).detail;
  const hint =
    detail !== undefined
      ? COMMITMENT_ISSUE_CATALOGUE[detail].hint
      : INPUT_ISSUE_CATALOGUE[issue.code].hint;
  lines.push(`  hint: ${hint}`);
  return lines.join("\n");
}

/** A commitment's limit: an amount, or text (kept, flagged, excluded from sums). */
export type CommitmentLimit<U extends Unit = Unit> =
  | { readonly kind: "amount"; readonly amount: Money<U> }
  | { readonly kind: "text"; readonly text: string };

/** An inclusive range of fiscal years, each the western year the fiscal year starts in. */
export interface YearRange {
  readonly from: number;
  readonly to: number;
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

/** A segment as the book declares it. */
export interface SegmentRef {
  readonly id: string;
  readonly name: string;
  readonly aliases?: readonly string[];
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

/** What is wrong with a schedule; turned into findings by `commitmentFindings`. */
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

/** What has happened so far under a commitment (optional input). */
export interface CommitmentActuals<U extends Unit = Unit> {
  readonly commitmentNo: number;
  /** The amount contracted (契約額), when a contract has been made. */
  readonly contracted?: { readonly amount: Money<U>; readonly source: Source };
  /** Payments per fiscal year (支出額). */
  readonly payments?: readonly YearAmount<U>[];
}

const JAPANESE_LETTER = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;
const AMOUNT_WITH_UNIT = /^[\s\d０-９,，.．△▲\-－()（）]+(千円|百万円|円)$/;

/**
 * Read the register. `segments` are the book's segments (a row may name one by id or name);
 * `unit` is the book's unit, the unit of every limit.
 */
export function readCommitments<U extends Unit>(
  table: Table,
  segments: readonly SegmentRef[],
  unit: U,
): { commitments: Commitment<U>[]; issues: CommitmentIssue[] } {
  const issues: CommitmentIssue[] = [];
  const missing = COMMITMENT_REQUIRED_COLUMNS.filter((c) => !table.header.includes(c));
  for (const column of missing) {
    issues.push(
      commitmentIssue(
        "commitments.column-missing",
        cell(table.file, 1, column),
        `missing column 「${column}」 (the header has: ${table.header.join(", ")})`,
      ),
    );
  }
  if (missing.length > 0) return { commitments: [], issues };

  const commitments: Commitment<U>[] = [];
  table.rows.forEach((row, index) => {
    const result = readRow(table, row, index + 1, segments, unit);
    issues.push(...result.issues);
    if (result.commitment !== undefined) commitments.push(result.commitment);
  });
  return { commitments, issues };
}

function readRow<U extends Unit>(
  table: Table,
  row: TableRow,
  no: number,
  segments: readonly SegmentRef[],
  unit: U,
): { commitment?: Commitment<U>; issues: CommitmentIssue[] } {
  const issues: CommitmentIssue[] = [];
  const at = (column: string) => cell(table.file, row.row, column);
  const value = (column: string) => row.values[column] ?? "";
  const excerpt = row.raw;
  const error = (detail: CommitmentIssueCode, column: string, message: string) =>
    issues.push(commitmentIssue(detail, at(column), message, excerpt));

  const item = value("item");
  if (item === "") error("commitments.item-missing", "item", "the item (事項) is empty");

  const limit = readLimit(value("limit"), unit);
  if ("problem" in limit) {
    issues.push(
      commitmentIssue(
        limit.problem,
        at("limit"),
        limit.message,
        excerpt,
        limit.problem === "commitments.limit-text" ? "warning" : "error",
      ),
    );
  }

  const authorised = parseFiscalYear(value("authorised_year"));
  if (!authorised.ok) {
    error(
      "commitments.year",
      "authorised_year",
      `the authorising year (行為年度) cannot be read: ${authorised.reason}`,
    );
  }
  const burden = parseFiscalYearRange(value("burden_years"));
  if (!burden.ok) {
    error(
      "commitments.range",
      "burden_years",
      `the burden years (負担となる年度) cannot be read: ${burden.reason}`,
    );
  }

  const segmentText = value("segment");
  let segment: string | undefined;
  if (segmentText !== "") {
    const resolved = segmentResolver(segments)(segmentText);
    segment = resolved.ok ? (resolved.value ?? undefined) : undefined;
    if (!resolved.ok) {
      error(
        "commitments.segment-unknown",
        "segment",
        `「${segmentText}」 is not a segment of this book (segments: ${segments.map((s) => s.id).join(", ")})`,
      );
    }
  }

  if (authorised.ok && burden.ok && burden.value.from.year < authorised.value.year) {
    issues.push(
      commitmentIssue(
        "commitments.burden-before-authorised",
        at("burden_years"),
        `the burden years start in ${yearBoth(burden.value.from)}, before the commitment is authorised in ${yearBoth(authorised.value)}`,
        excerpt,
        "warning",
      ),
    );
  }

  if (issues.some((i) => i.severity === "error") || !authorised.ok || !burden.ok) {
    return { issues };
  }
  const limitValue: CommitmentLimit<U> =
    "problem" in limit ? { kind: "text", text: value("limit") } : limit;
  const note = value("note");
  const writtenEra = authorised.value.era ?? burden.value.from.era;
  return {
    issues,
    commitment: {
      no,
      item,
      limit: limitValue,
      unit,
      authorisedYear: authorised.value.year,
      burdenYears: { from: burden.value.from.year, to: burden.value.to.year },
      ...(segment !== undefined ? { segment } : {}),
      ...(note !== "" ? { note } : {}),
      ...(writtenEra !== undefined ? { writtenEra } : {}),
      sources: {
        item: at("item"),
        limit: at("limit"),
        authorisedYear: at("authorised_year"),
        burdenYears: at("burden_years"),
        ...(segment !== undefined ? { segment: at("segment") } : {}),
      },
    },
  };
}

/** `平成28年度 (FY2016)`, or `FY2016` for a western year. */
function yearBoth(year: FiscalYear): string {
  return year.era !== undefined
    ? `${year.era}${year.eraYear === 1 ? "元" : year.eraYear}年度 (FY${year.year})`
    : `FY${year.year}`;
}

function readLimit<U extends Unit>(
  text: string,
  unit: U,
): { kind: "amount"; amount: Money<U> } | { problem: CommitmentIssueCode; message: string } {
  if (text === "") {
    return { problem: "commitments.limit-invalid", message: "the limit (限度額) is empty" };
  }
  const parsed = parseAmount(text);
  if (parsed.ok) {
    if (parsed.value.isNegative()) {
      return {
        problem: "commitments.limit-negative",
        message: `the limit 「${text}」 is negative; a 限度額 is a ceiling`,
      };
    }
    return { kind: "amount", amount: Money.of(parsed.value, unit) };
  }
  if (AMOUNT_WITH_UNIT.test(text)) {
    return {
      problem: "commitments.limit-invalid",
      message: `the limit 「${text}」 carries a unit; write the number only (the book's unit is ${unit})`,
    };
  }
  if (JAPANESE_LETTER.test(text) && !/[0-9０-９]/.test(text)) {
    return {
      problem: "commitments.limit-text",
      message: `the limit 「${text}」 is text, not an amount: kept as written and excluded from totals`,
    };
  }
  return {
    problem: "commitments.limit-invalid",
    message: `the limit 「${text}」 is not an amount (${AMOUNT_EXPECTATION})`,
  };
}

/** Key for matching item texts: the shared label form (PDF extraction splits words). */
const itemKey = normalizeLabel;

/**
 * The commitment a schedule or actuals row names: `#n` (its position in the register) or its
 * item text, ignoring spaces and full-width letters.
 */
export function resolveCommitment<U extends Unit>(
  ref: string,
  commitments: readonly Commitment<U>[],
):
  | { ok: true; commitment: Commitment<U> }
  | { ok: false; detail: CommitmentIssueCode; message: string } {
  const numbered = /^[#＃]\s*([0-9０-９]+)$/.exec(ref);
  if (numbered !== null) {
    const n = Number(toHalfWidth(numbered[1] ?? ""));
    const found = commitments.find((c) => c.no === n);
    return found !== undefined
      ? { ok: true, commitment: found }
      : {
          ok: false,
          detail: "commitments.entry-item-unknown",
          message: `there is no commitment #${n} (the register has ${commitments.length})`,
        };
  }
  const matches = commitments.filter((c) => itemKey(c.item) === itemKey(ref));
  const [first, ...others] = matches;
  if (first === undefined) {
    return {
      ok: false,
      detail: "commitments.entry-item-unknown",
      message: ref === "" ? "the item is empty" : `「${ref}」 is not an item of the register`,
    };
  }
  if (others.length > 0) {
    return {
      ok: false,
      detail: "commitments.entry-item-ambiguous",
      message: `「${ref}」 names ${matches.length} commitments (${matches.map((c) => `#${c.no}`).join(", ")})`,
    };
  }
  return { ok: true, commitment: first };
}

interface EntryRow<U extends Unit> {
  readonly commitment: Commitment<U>;
  readonly fiscalYear?: number;
  readonly amount: Money<U>;
  readonly source: Source;
  readonly kind: "contract" | "payment" | "schedule";
}

/** Shared reader of schedule and actuals rows: item, optional kind, fiscal year, amount. */
function readEntries<U extends Unit>(
  table: Table,
  columns: readonly string[],
  commitments: readonly Commitment<U>[],
  unit: U,
  withKind: boolean,
): { entries: EntryRow<U>[]; issues: CommitmentIssue[] } {
  const issues: CommitmentIssue[] = [];
  const missing = columns.filter((c) => !table.header.includes(c));
  for (const column of missing) {
    issues.push(
      commitmentIssue(
        "commitments.entry-column-missing",
        cell(table.file, 1, column),
        `missing column 「${column}」 (the header has: ${table.header.join(", ")}; expected: ${columns.join(", ")})`,
      ),
    );
  }
  if (missing.length > 0) return { entries: [], issues };

  const entries: EntryRow<U>[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const at = (column: string) => cell(table.file, row.row, column);
    const value = (column: string) => row.values[column] ?? "";
    const rowIssues: CommitmentIssue[] = [];
    const error = (detail: CommitmentIssueCode, column: string, message: string) =>
      rowIssues.push(commitmentIssue(detail, at(column), message, row.raw));

    const target = resolveCommitment(value("item"), commitments);
    if (!target.ok) error(target.detail, "item", target.message);

    let kind: EntryRow<U>["kind"] = "schedule";
    if (withKind) {
      const k = value("kind").toLowerCase();
      if (k === "contract" || k === "契約") kind = "contract";
      else if (k === "payment" || k === "支出") kind = "payment";
      else {
        error(
          "commitments.entry-kind",
          "kind",
          `「${value("kind")}」 is not a kind of actual (contract/契約 or payment/支出)`,
        );
      }
    }

    const yearText = value("fiscal_year");
    const year = kind === "contract" && yearText === "" ? undefined : parseFiscalYear(yearText);
    if (year !== undefined && !year.ok) {
      error(
        "commitments.entry-year",
        "fiscal_year",
        `the fiscal year cannot be read: ${year.reason}`,
      );
    }
    const amountText = value("amount");
    const amount = parseAmount(amountText);
    if (!amount.ok) {
      error(
        "commitments.entry-amount-invalid",
        "amount",
        `${amount.reason} (${AMOUNT_EXPECTATION})`,
      );
    } else if (amount.value.isNegative()) {
      error(
        "commitments.entry-amount-negative",
        "amount",
        `the amount 「${amountText}」 is negative`,
      );
    }

    if (target.ok && rowIssues.length === 0) {
      const fy = year?.ok === true ? year.value.year : undefined;
      const key =
        kind === "contract" ? `${target.commitment.no}:contract` : `${target.commitment.no}:${fy}`;
      const first = seen.get(key);
      if (first !== undefined) {
        error(
          "commitments.entry-duplicate",
          kind === "contract" ? "kind" : "fiscal_year",
          kind === "contract"
            ? `commitment #${target.commitment.no} already has a contract on row ${first}`
            : `commitment #${target.commitment.no} already has ${kind === "payment" ? "a payment" : "an amount"} for FY${fy} on row ${first}`,
        );
      } else {
        seen.set(key, row.row);
      }
    }
    issues.push(...rowIssues);
    if (rowIssues.length > 0 || !target.ok || !amount.ok) continue;
    entries.push({
      commitment: target.commitment,
      ...(year?.ok === true ? { fiscalYear: year.value.year } : {}),
      amount: Money.of(amount.value, unit),
      source: at("amount"),
      kind,
    });
  }
  return { entries, issues };
}

/**
 * Read explicit schedules (commitment-schedules.csv) for commitments already read. Amounts
 * outside a commitment's burden years are not input errors: `commitmentFindings` reports them.
 */
export function readCommitmentSchedules<U extends Unit>(
  table: Table,
  commitments: readonly Commitment<U>[],
  unit: U,
): { schedules: ExplicitSchedule<U>[]; issues: CommitmentIssue[] } {
  const { entries, issues } = readEntries(table, SCHEDULE_COLUMNS, commitments, unit, false);
  const byNo = new Map<number, YearAmount<U>[]>();
  for (const e of entries) {
    if (e.fiscalYear === undefined) continue;
    const list = byNo.get(e.commitment.no) ?? [];
    list.push({ fiscalYear: e.fiscalYear, amount: e.amount, source: e.source });
    byNo.set(e.commitment.no, list);
  }
  const schedules = [...byNo.entries()]
    .sort(([a], [b]) => a - b)
    .map(([commitmentNo, list]) => ({ commitmentNo, entries: list }));
  return { schedules, issues };
}

/**
 * Columns of commitment-actuals.csv (optional): `kind` is `contract` (契約: the contracted
 * amount; fiscal_year may be blank) or `payment` (支出: the amount paid in fiscal_year).
 */
export const ACTUALS_COLUMNS = ["item", "kind", "fiscal_year", "amount"] as const;

/** Read contracts and payments (commitment-actuals.csv) for commitments already read. */
export function readCommitmentActuals<U extends Unit>(
  table: Table,
  commitments: readonly Commitment<U>[],
  unit: U,
): { actuals: CommitmentActuals<U>[]; issues: CommitmentIssue[] } {
  const { entries, issues } = readEntries(table, ACTUALS_COLUMNS, commitments, unit, true);
  const byNo = new Map<
    number,
    { contracted?: CommitmentActuals<U>["contracted"]; payments: YearAmount<U>[] }
  >();
  for (const e of entries) {
    const a = byNo.get(e.commitment.no) ?? { payments: [] };
    if (e.kind === "contract") a.contracted = { amount: e.amount, source: e.source };
    else if (e.fiscalYear !== undefined) {
      a.payments.push({ fiscalYear: e.fiscalYear, amount: e.amount, source: e.source });
    }
    byNo.set(e.commitment.no, a);
  }
  const actuals = [...byNo.entries()]
    .sort(([x], [y]) => x - y)
    .map(([commitmentNo, a]) => ({
      commitmentNo,
      ...(a.contracted !== undefined ? { contracted: a.contracted } : {}),
      payments: [...a.payments].sort((x, y) => x.fiscalYear - y.fiscalYear),
    }));
  return { actuals, issues };
}

/** The fiscal years of a range, in order. */
export function yearsOf(range: YearRange): number[] {
  const years: number[] = [];
  for (let y = range.from; y <= range.to; y++) years.push(y);
  return years;
}

/**
 * A commitment's year-by-year burden. Without an explicit schedule, the limit is spread evenly
 * over the burden years in whole units, the remainder (and any fraction) going to the last
 * year, so the entries always sum to the limit exactly. An explicit schedule is checked: every
 * amount inside the burden years and non-negative, the total not above the limit (over is a
 * problem; under is a milder problem, since a limit is a ceiling).
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
    `commitments: #${commitment.no} 限度額 spread evenly over its burden years`,
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

/** Schedules for every commitment: the explicit one when given, else the even spread. */
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

function scheduleFor<U extends Unit>(
  commitment: Commitment<U>,
  schedules: readonly Schedule<U>[],
): Schedule<U> {
  return schedules.find((s) => s.commitmentNo === commitment.no) ?? scheduleOf(commitment);
}

function label(c: Commitment): string {
  return `#${c.no} ${c.item}`;
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
  const findings: Finding[] = [];
  for (const c of commitments) {
    const base = {
      statement: "債務負担行為",
      line: label(c),
      ...(c.segment !== undefined ? { segment: c.segment } : {}),
    };
    const yearsFinding = (
      status: Finding["status"],
      message: string,
      expected: number,
      actual: number,
      sources: readonly Source[],
    ): Finding => ({
      ...base,
      check: "commitments.years",
      status,
      expected: new Decimal(expected),
      actual: new Decimal(actual),
      difference: new Decimal(actual - expected),
      message,
      sources,
    });
    const limitFinding = (
      status: Finding["status"],
      message: string,
      expected: Money<U> | undefined,
      actual: Money<U> | undefined,
      sources: readonly Source[],
    ): Finding => ({
      ...base,
      check: "commitments.limit",
      status,
      ...(expected !== undefined ? { expected: expected.value } : {}),
      ...(actual !== undefined ? { actual: actual.value } : {}),
      ...(expected !== undefined && actual !== undefined
        ? { difference: actual.value.minus(expected.value) }
        : {}),
      message,
      sources,
    });

    const { from, to } = c.burdenYears;
    findings.push(
      from >= c.authorisedYear
        ? yearsFinding(
            "pass",
            `${label(c)}: burden years FY${from}–FY${to} start no earlier than the authorising year FY${c.authorisedYear}`,
            c.authorisedYear,
            from,
            [c.sources.authorisedYear, c.sources.burdenYears],
          )
        : yearsFinding(
            "fail",
            `${label(c)}: burden years start in FY${from}, ${c.authorisedYear - from} year(s) before the commitment is authorised in FY${c.authorisedYear}`,
            c.authorisedYear,
            from,
            [c.sources.authorisedYear, c.sources.burdenYears],
          ),
    );

    const schedule = scheduleFor(c, schedules);
    for (const p of schedule.problems) {
      if (p.kind === "outside-burden-years") {
        const nearest = p.entry.fiscalYear < from ? from : to;
        findings.push(
          yearsFinding(
            "fail",
            `${label(c)}: ${p.entry.amount.format()} ${p.entry.amount.unit} is scheduled in FY${p.entry.fiscalYear}, outside the burden years FY${from}–FY${to}`,
            nearest,
            p.entry.fiscalYear,
            [c.sources.burdenYears, p.entry.source],
          ),
        );
      }
    }
    for (const payment of actuals.find((a) => a.commitmentNo === c.no)?.payments ?? []) {
      if (payment.fiscalYear < from || payment.fiscalYear > to) {
        findings.push(
          yearsFinding(
            "fail",
            `${label(c)}: ${payment.amount.format()} ${payment.amount.unit} is paid in FY${payment.fiscalYear}, outside the burden years FY${from}–FY${to}`,
            payment.fiscalYear < from ? from : to,
            payment.fiscalYear,
            [c.sources.burdenYears, payment.source],
          ),
        );
      }
    }

    if (c.limit.kind === "text") {
      findings.push(
        limitFinding(
          "warn",
          `${label(c)}: the limit 「${c.limit.text}」 is text; schedules and payments cannot be checked against it`,
          undefined,
          undefined,
          [c.sources.limit],
        ),
      );
      continue;
    }
    const limit = c.limit.amount;
    const scheduleSources = [c.sources.limit, ...schedule.entries.map((e) => e.source)];
    const total = schedule.total ?? Money.zero(limit.unit);
    const negatives = schedule.problems.filter((p) => p.kind === "negative");
    if (negatives.length > 0) {
      findings.push(
        limitFinding(
          "fail",
          `${label(c)}: the schedule has negative amounts in ${negatives.map((p) => `FY${p.entry.fiscalYear}`).join(", ")}`,
          limit,
          total,
          scheduleSources,
        ),
      );
    }
    const over = total.value.greaterThan(limit.value);
    const under = total.value.lessThan(limit.value);
    findings.push(
      limitFinding(
        over ? "fail" : under ? "warn" : "pass",
        over
          ? `${label(c)}: the ${schedule.basis} schedule totals ${total.format()}, above the limit ${limit.format()} by ${total.minus(limit).format()}`
          : under
            ? `${label(c)}: the ${schedule.basis} schedule totals ${total.format()}, ${limit.minus(total).format()} below the limit ${limit.format()} (the outlook understates the burden)`
            : `${label(c)}: the ${schedule.basis} schedule sums to the limit ${limit.format()}`,
        limit,
        total,
        scheduleSources,
      ),
    );

    const actual = actuals.find((a) => a.commitmentNo === c.no);
    if (actual?.contracted !== undefined) {
      const contracted = actual.contracted.amount;
      const exceeds = contracted.value.greaterThan(limit.value);
      findings.push(
        limitFinding(
          exceeds ? "fail" : "pass",
          exceeds
            ? `${label(c)}: contracted ${contracted.format()} exceeds the limit ${limit.format()} by ${contracted.minus(limit).format()}`
            : `${label(c)}: contracted ${contracted.format()} is within the limit ${limit.format()}`,
          limit,
          contracted,
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
      findings.push(
        limitFinding(
          exceeds ? "fail" : "pass",
          exceeds
            ? `${label(c)}: payments total ${paid.format()}, above the ${ceilingName} ${ceiling.format()} by ${paid.minus(ceiling).format()}`
            : `${label(c)}: payments total ${paid.format()}, within the ${ceilingName} ${ceiling.format()}`,
          ceiling,
          paid,
          [actual.contracted?.source ?? c.sources.limit, ...actual.payments.map((p) => p.source)],
        ),
      );
    }
  }
  return findings;
}

/** Options for the outlook and the renderers. */
export interface OutlookOptions {
  /** First fiscal year shown (western start year); default the earliest year scheduled. */
  readonly from?: number;
  /** Last fiscal year shown; default the latest year scheduled. */
  readonly to?: number;
  /** The book's segments, for the order of segment totals (unattributed last). */
  readonly segments?: readonly SegmentRef[];
  /** Unit of an empty register's zero totals; otherwise the commitments' unit. */
  readonly unit?: Unit;
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

/** Per fiscal year, per segment and overall totals of the register's schedules. */
export function outlook<U extends Unit>(
  commitments: readonly Commitment<U>[],
  schedules: readonly Schedule<U>[],
  options: OutlookOptions = {},
): Outlook<U> {
  const all = commitments.map((c) => ({ c, s: scheduleFor(c, schedules) }));
  const unit = (commitments[0]?.unit ?? options.unit ?? "千円") as U;
  const scheduledYears = all.flatMap(({ s }) => s.entries.map((e) => e.fiscalYear));
  const from = options.from ?? (scheduledYears.length > 0 ? Math.min(...scheduledYears) : 0);
  const to = options.to ?? (scheduledYears.length > 0 ? Math.max(...scheduledYears) : -1);
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

/** Options for the renderers. */
export interface RenderCommitmentsOptions extends OutlookOptions {
  /** How years are labelled: `modern` (default), `original` or `western`. */
  readonly eraStyle?: EraStyle;
  /** Era of the source for the `original` style; default the era the register was written in. */
  readonly originalEra?: EraName;
}

/**
 * A fiscal year's label: `2023年度 / 令和5年度` (modern), `2023年度 / 平成35年度` (original,
 * with originalEra 平成), `2023年度` (western).
 */
export function fiscalYearLabel(year: number, style: EraStyle, originalEra?: EraName): string {
  const western = formatFiscalYear(year, "western");
  return style === "western"
    ? western
    : `${western} / ${formatFiscalYear(year, style, originalEra)}`;
}

/** Terminal width of text: 2 for CJK and full-width characters, else 1. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6);
    width += wide ? 2 : 1;
  }
  return width;
}

function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

function padStart(text: string, width: number): string {
  return " ".repeat(Math.max(0, width - displayWidth(text))) + text;
}

/** Lay out rows of cells; `right[i]` aligns column i to the right. */
function layout(rows: readonly (readonly string[])[], right: readonly boolean[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cellText, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cellText));
    });
  }
  return rows.map((row) =>
    row
      .map((cellText, i) =>
        right[i] === true ? padStart(cellText, widths[i] ?? 0) : padEnd(cellText, widths[i] ?? 0),
      )
      .join("  ")
      .trimEnd(),
  );
}

/** A year cell: `-` for nothing scheduled, else 1,234,567. */
function amountCell(amount: Money): string {
  return amount.isZero() ? "-" : amount.format();
}

function segmentName(id: string | undefined, segments: readonly SegmentRef[] | undefined): string {
  if (id === undefined) return "(unattributed)";
  return segments?.find((s) => s.id === id)?.name ?? id;
}

function rangeLabel(range: YearRange, style: EraStyle, era?: EraName): string {
  const from = formatFiscalYear(range.from, style, era);
  return range.from === range.to ? from : `${from}から${formatFiscalYear(range.to, style, era)}`;
}

/**
 * The register and its year-by-year burden as text: first the register (No, 事項, 限度額,
 * 行為年度, 負担となる年度, segment) with its total, then one row per commitment and fiscal
 * year, segment totals and the overall total.
 */
export function renderCommitmentsText<U extends Unit>(
  commitments: readonly Commitment<U>[],
  schedules: readonly Schedule<U>[],
  options: RenderCommitmentsOptions = {},
): string {
  const style = options.eraStyle ?? "modern";
  const era =
    options.originalEra ?? commitments.find((c) => c.writtenEra !== undefined)?.writtenEra;
  const view = outlook(commitments, schedules, options);
  const unitNote = `(単位：${view.unit})`;
  const limits = commitments.flatMap((c) => (c.limit.kind === "amount" ? [c.limit.amount] : []));
  const limitTotal = Money.sum(view.unit, limits as Money<U>[]);

  const register: string[][] = [["No", "事項", "限度額", "行為年度", "負担となる年度", "segment"]];
  for (const c of commitments) {
    register.push([
      `#${c.no}`,
      c.item,
      c.limit.kind === "amount" ? c.limit.amount.format() : `「${c.limit.text}」`,
      formatFiscalYear(c.authorisedYear, style, era),
      rangeLabel(c.burdenYears, style, era),
      c.segment ?? "",
    ]);
  }
  register.push(["", "合計", limitTotal.format(), "", "", ""]);

  const yearly: string[][] = [
    ["No", "事項", ...view.years.map((y) => fiscalYearLabel(y, style, era)), "合計"],
  ];
  view.commitments.forEach((row) => {
    const c = commitments.find((x) => x.no === row.commitmentNo);
    yearly.push([
      `#${row.commitmentNo}`,
      c?.item ?? "",
      ...row.byYear.map(amountCell),
      row.total.format(),
    ]);
  });
  for (const row of view.segments) {
    yearly.push([
      "",
      `計 ${segmentName(row.segment, options.segments)}`,
      ...row.byYear.map(amountCell),
      row.total.format(),
    ]);
  }
  yearly.push(["", "合計", ...view.byYear.map(amountCell), view.total.format()]);

  const lines = [
    `債務負担行為 ${unitNote}`,
    "",
    ...layout(register, [false, false, true, false, false, false]),
    "",
    `年度別負担額 ${unitNote}`,
    "",
    ...layout(yearly, [false, false, ...view.years.map(() => true), true]),
  ];
  if (!view.before.isZero()) lines.push(`before ${view.years[0] ?? ""}: ${view.before.format()}`);
  if (!view.after.isZero()) lines.push(`after ${view.years.at(-1) ?? ""}: ${view.after.format()}`);
  if (view.unquantified.length > 0) {
    lines.push(
      `limits given as text, excluded from the totals: ${view.unquantified.map((n) => `#${n}`).join(", ")}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** JSON form of one commitment; amounts are decimal strings in `unit`. */
export interface CommitmentJson {
  readonly no: number;
  readonly item: string;
  /** Decimal string, or null when the limit is text (then see limitText). */
  readonly limit: string | null;
  readonly limitText?: string;
  readonly unit: Unit;
  readonly authorisedYear: number;
  readonly burdenYears: { readonly from: number; readonly to: number };
  readonly segment: string | null;
  readonly scheduleBasis: Schedule["basis"];
  readonly schedule: readonly { readonly fiscalYear: number; readonly amount: string }[];
}

/** The register with schedules as JSON-ready objects (amounts as decimal strings). */
export function commitmentsJson<U extends Unit>(
  commitments: readonly Commitment<U>[],
  schedules: readonly Schedule<U>[],
): CommitmentJson[] {
  return commitments.map((c) => {
    const s = scheduleFor(c, schedules);
    return {
      no: c.no,
      item: c.item,
      limit: c.limit.kind === "amount" ? c.limit.amount.toString() : null,
      ...(c.limit.kind === "text" ? { limitText: c.limit.text } : {}),
      unit: c.unit,
      authorisedYear: c.authorisedYear,
      burdenYears: { from: c.burdenYears.from, to: c.burdenYears.to },
      segment: c.segment ?? null,
      scheduleBasis: s.basis,
      schedule: s.entries.map((e) => ({ fiscalYear: e.fiscalYear, amount: e.amount.toString() })),
    };
  });
}
