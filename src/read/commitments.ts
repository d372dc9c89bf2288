/**
 * Reading the 債務負担行為 register (commitments.csv) and its optional explicit year-by-year
 * schedules (commitment-schedules.csv) and contracts and payments (commitment-actuals.csv),
 * from tables already parsed, into the values of model/commitment.ts with their cells.
 *
 * - A row with an error (unreadable or empty item, limit or years; negative limit; unknown
 *   segment) is left out of `commitments`; the caller stops on errors (exit 2).
 * - Burden years starting before the authorising year is readable but wrong: a warning issue
 *   pointing at the cell, the commitment is kept, and the `commitments.years` check fails it.
 * - A limit written as Japanese text without an amount (e.g. 損失補償に要する額) is kept as
 *   text, flagged with a warning, and excluded from every sum.
 */
import {
  AMOUNT_EXPECTATION,
  parseAmount,
  toHalfWidth,
  withAmountExpectation,
} from "../model/amount-text.ts";
import type {
  Commitment,
  CommitmentActuals,
  CommitmentLimit,
  CommitmentRegister,
  ExplicitSchedule,
  YearAmount,
} from "../model/commitment.ts";
import { type FiscalYear, parseFiscalYear, parseFiscalYearRange } from "../model/era.ts";
import { type InputIssue, type InputIssueCode, inputError, inputWarning } from "../model/issues.ts";
import { normalizeLabel } from "../model/labels.ts";
import { Money, type Unit } from "../model/money.ts";
import { cell, type Source } from "../model/provenance.ts";
import { say, type Text } from "../model/text.ts";
import type { BookFiles } from "./book-files.ts";
import type { Table, TableRow } from "./csv-table.ts";
import { type Resolution, type SegmentNames, segmentResolver } from "./resolution.ts";
import { validateTable } from "./schema-validation.ts";

/**
 * Columns commitments.csv must have.
 * @testOnly exported for the tests that use it
 */
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
 * @testOnly exported for the tests that use it
 */
export const SCHEDULE_COLUMNS = ["item", "fiscal_year", "amount"] as const;

const JAPANESE_LETTER = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;
const AMOUNT_WITH_UNIT = /^[\s\d０-９,，.．△▲\-－()（）]+(千円|百万円|円)$/;

/** An issue at the header for each of `columns` the table lacks. */
function missingColumns(
  table: Table,
  columns: readonly string[],
  code: "commitments.column-missing" | "commitments.entry-column-missing",
): InputIssue[] {
  return columns
    .filter((c) => !table.header.includes(c))
    .map((column) =>
      inputError(
        code,
        cell(table.file, 1, column),
        say(
          `列「${column}」がありません（見出し行の列：${table.header.join("、")}。必要な列：${columns.join("、")}）。`,
          `missing column 「${column}」 (the header has: ${table.header.join(", ")}; expected: ${columns.join(", ")})`,
        ),
      ),
    );
}

/**
 * Read the register. `segments` are the book's segments (a row may name one by id or name);
 * `unit` is the book's unit, the unit of every limit.
 * @testOnly exported for the tests that use it
 */
export function readCommitments<U extends Unit>(
  table: Table,
  segments: readonly SegmentNames[],
  unit: U,
): { commitments: Commitment<U>[]; issues: InputIssue[] } {
  const issues = missingColumns(table, COMMITMENT_REQUIRED_COLUMNS, "commitments.column-missing");
  if (issues.length > 0) return { commitments: [], issues };

  const commitments: Commitment<U>[] = [];
  const segmentOf = segmentResolver(segments);
  table.rows.forEach((row, index) => {
    const result = readRow(table, row, index + 1, segments, segmentOf, unit);
    for (const i of result.issues) issues.push(i);
    if (result.commitment !== undefined) commitments.push(result.commitment);
  });
  return { commitments, issues };
}

/** One row of the register: the commitment, or its issues (some rows bring warnings too). */
function readRow<U extends Unit>(
  table: Table,
  row: TableRow,
  no: number,
  segments: readonly SegmentNames[],
  segmentOf: (text: string) => Resolution<string | null>,
  unit: U,
): { commitment?: Commitment<U>; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const at = (column: string) => cell(table.file, row.row, column);
  const value = (column: string) => row.values[column] ?? "";
  const excerpt = row.raw;
  const error = (code: InputIssueCode, column: string, message: Text) =>
    issues.push(inputError(code, at(column), message, excerpt));

  const item = value("item");
  if (item === "")
    error(
      "commitments.item-missing",
      "item",
      say("事項（item）が空欄です。", "the item (事項) is empty"),
    );

  const limit = readLimit(value("limit"), unit);
  if ("problem" in limit) {
    issues.push(
      (limit.problem === "commitments.limit-text" ? inputWarning : inputError)(
        limit.problem,
        at("limit"),
        limit.message,
        excerpt,
      ),
    );
  }

  const authorised = parseFiscalYear(value("authorised_year"));
  if (!authorised.ok) {
    error(
      "commitments.year",
      "authorised_year",
      say(
        `行為年度（authorised_year）を読めません。${authorised.reason.ja}`,
        `the authorising year (行為年度) cannot be read: ${authorised.reason.en}`,
      ),
    );
  }
  const burden = parseFiscalYearRange(value("burden_years"));
  if (!burden.ok) {
    error(
      "commitments.range",
      "burden_years",
      say(
        `負担となる年度（burden_years）を読めません。${burden.reason.ja}`,
        `the burden years (負担となる年度) cannot be read: ${burden.reason.en}`,
      ),
    );
  }

  const segmentText = value("segment");
  let segment: string | undefined;
  if (segmentText !== "") {
    const resolved = segmentOf(segmentText);
    segment = resolved.ok ? (resolved.value ?? undefined) : undefined;
    if (!resolved.ok) {
      error(
        "commitments.segment-unknown",
        "segment",
        say(
          `「${segmentText}」はこの帳簿の区分ではありません（区分：${segments.map((s) => s.id).join("、")}）。`,
          `「${segmentText}」 is not a segment of this book (segments: ${segments.map((s) => s.id).join(", ")})`,
        ),
      );
    }
  }

  if (authorised.ok && burden.ok && burden.value.from.year < authorised.value.year) {
    issues.push(
      inputWarning(
        "commitments.burden-before-authorised",
        at("burden_years"),
        say(
          `負担となる年度が${yearBoth(burden.value.from).ja}から始まり、債務負担行為を行う${yearBoth(authorised.value).ja}より前になっています。`,
          `the burden years start in ${yearBoth(burden.value.from).en}, before the commitment is authorised in ${yearBoth(authorised.value).en}`,
        ),
        excerpt,
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

/** `平成28年度 (FY2016)`, or `FY2016` for a western year; 平成28年度（2016年度）, 2016年度. */
function yearBoth(year: FiscalYear): Text {
  if (year.era === undefined) return say(`${year.year}年度`, `FY${year.year}`);
  const era = `${year.era}${year.eraYear === 1 ? "元" : year.eraYear}年度`;
  return say(`${era}（${year.year}年度）`, `${era} (FY${year.year})`);
}

function readLimit<U extends Unit>(
  text: string,
  unit: U,
): { kind: "amount"; amount: Money<U> } | { problem: InputIssueCode; message: Text } {
  if (text === "") {
    return {
      problem: "commitments.limit-invalid",
      message: say("限度額（limit）が空欄です。", "the limit (限度額) is empty"),
    };
  }
  const parsed = parseAmount(text);
  if (parsed.ok) {
    if (parsed.value.isNegative()) {
      return {
        problem: "commitments.limit-negative",
        message: say(
          `限度額「${text}」が負の数です。限度額は上限の額です。`,
          `the limit 「${text}」 is negative; a 限度額 is a ceiling`,
        ),
      };
    }
    return { kind: "amount", amount: Money.of(parsed.value, unit) };
  }
  if (AMOUNT_WITH_UNIT.test(text)) {
    return {
      problem: "commitments.limit-invalid",
      message: say(
        `限度額「${text}」に単位が付いています。数値だけを書いてください（帳簿の単位は ${unit} です）。`,
        `the limit 「${text}」 carries a unit; write the number only (the book's unit is ${unit})`,
      ),
    };
  }
  if (JAPANESE_LETTER.test(text) && !/[0-9０-９]/.test(text)) {
    return {
      problem: "commitments.limit-text",
      message: say(
        `限度額「${text}」は金額ではなく文字です。書かれたとおりに残し、合計には含めません。`,
        `the limit 「${text}」 is text, not an amount: kept as written and excluded from totals`,
      ),
    };
  }
  return {
    problem: "commitments.limit-invalid",
    message: say(
      `限度額「${text}」は金額ではありません。${AMOUNT_EXPECTATION.ja}`,
      `the limit 「${text}」 is not an amount (${AMOUNT_EXPECTATION.en})`,
    ),
  };
}

/** Key for matching item texts: the shared label form (PDF extraction splits words). */
const itemKey = normalizeLabel;

/**
 * The commitment a schedule or actuals row names: `#n` (its position in the register) or its
 * item text, ignoring spaces and full-width letters.
 */
function resolveCommitment<U extends Unit>(
  ref: string,
  commitments: readonly Commitment<U>[],
): { ok: true; commitment: Commitment<U> } | { ok: false; code: InputIssueCode; message: Text } {
  const numbered = /^[#＃]\s*([0-9０-９]+)$/.exec(ref);
  if (numbered !== null) {
    const n = Number(toHalfWidth(numbered[1] ?? ""));
    const found = commitments.find((c) => c.no === n);
    return found !== undefined
      ? { ok: true, commitment: found }
      : {
          ok: false,
          code: "commitments.entry-item-unknown",
          message: say(
            `債務負担行為 #${n} はありません（一覧には ${commitments.length} 件あります）。`,
            `there is no commitment #${n} (the register has ${commitments.length})`,
          ),
        };
  }
  const matches = commitments.filter((c) => itemKey(c.item) === itemKey(ref));
  const [first, ...others] = matches;
  if (first === undefined) {
    return {
      ok: false,
      code: "commitments.entry-item-unknown",
      message:
        ref === ""
          ? say("事項（item）が空欄です。", "the item is empty")
          : say(
              `「${ref}」は債務負担行為の一覧にある事項ではありません。`,
              `「${ref}」 is not an item of the register`,
            ),
    };
  }
  if (others.length > 0) {
    return {
      ok: false,
      code: "commitments.entry-item-ambiguous",
      message: say(
        `「${ref}」に当たる債務負担行為が ${matches.length} 件あります（${matches.map((c) => `#${c.no}`).join("、")}）。`,
        `「${ref}」 names ${matches.length} commitments (${matches.map((c) => `#${c.no}`).join(", ")})`,
      ),
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
): { entries: EntryRow<U>[]; issues: InputIssue[] } {
  const issues = missingColumns(table, columns, "commitments.entry-column-missing");
  if (issues.length > 0) return { entries: [], issues };

  const entries: EntryRow<U>[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const at = (column: string) => cell(table.file, row.row, column);
    const value = (column: string) => row.values[column] ?? "";
    const rowIssues: InputIssue[] = [];
    const error = (code: InputIssueCode, column: string, message: Text) =>
      rowIssues.push(inputError(code, at(column), message, row.raw));

    const target = resolveCommitment(value("item"), commitments);
    if (!target.ok) error(target.code, "item", target.message);

    let kind: EntryRow<U>["kind"] = "schedule";
    if (withKind) {
      const k = value("kind").toLowerCase();
      if (k === "contract" || k === "契約") kind = "contract";
      else if (k === "payment" || k === "支出") kind = "payment";
      else {
        error(
          "commitments.entry-kind",
          "kind",
          say(
            `「${value("kind")}」は実績の種類ではありません（contract／契約 または payment／支出 と書いてください）。`,
            `「${value("kind")}」 is not a kind of actual (contract/契約 or payment/支出)`,
          ),
        );
      }
    }

    const yearText = value("fiscal_year");
    const year = kind === "contract" && yearText === "" ? undefined : parseFiscalYear(yearText);
    if (year !== undefined && !year.ok) {
      error(
        "commitments.entry-year",
        "fiscal_year",
        say(
          `年度（fiscal_year）を読めません。${year.reason.ja}`,
          `the fiscal year cannot be read: ${year.reason.en}`,
        ),
      );
    }
    const amountText = value("amount");
    const amount = parseAmount(amountText);
    if (!amount.ok) {
      error("commitments.entry-amount-invalid", "amount", withAmountExpectation(amount.reason));
    } else if (amount.value.isNegative()) {
      error(
        "commitments.entry-amount-negative",
        "amount",
        say(`金額「${amountText}」が負の数です。`, `the amount 「${amountText}」 is negative`),
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
            ? say(
                `債務負担行為 #${target.commitment.no} の契約は、すでに ${first} 行目にあります。`,
                `commitment #${target.commitment.no} already has a contract on row ${first}`,
              )
            : say(
                `債務負担行為 #${target.commitment.no} の ${fy}年度の${kind === "payment" ? "支出" : "金額"}は、すでに ${first} 行目にあります。`,
                `commitment #${target.commitment.no} already has ${kind === "payment" ? "a payment" : "an amount"} for FY${fy} on row ${first}`,
              ),
        );
      } else {
        seen.set(key, row.row);
      }
    }
    for (const i of rowIssues) issues.push(i);
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
 * @testOnly exported for the tests that use it
 */
export function readCommitmentSchedules<U extends Unit>(
  table: Table,
  commitments: readonly Commitment<U>[],
  unit: U,
): { schedules: ExplicitSchedule<U>[]; issues: InputIssue[] } {
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
 * @testOnly exported for the tests that use it
 */
export const ACTUALS_COLUMNS = ["item", "kind", "fiscal_year", "amount"] as const;

/**
 * Read contracts and payments (commitment-actuals.csv) for commitments already read.
 * @testOnly exported for the tests that use it
 */
export function readCommitmentActuals<U extends Unit>(
  table: Table,
  commitments: readonly Commitment<U>[],
  unit: U,
): { actuals: CommitmentActuals<U>[]; issues: InputIssue[] } {
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

/**
 * The register a book names in book.json (files.commitments), with its optional explicit
 * schedules (files.commitmentSchedules) and contracts and payments (files.commitmentActuals).
 */
export function readRegister(
  files: BookFiles,
  names: { readonly register: string; readonly schedules?: string; readonly actuals?: string },
  segments: readonly SegmentNames[],
  unit: Unit,
): CommitmentRegister | null {
  // Columns are checked by the readers below, with the register's own hints.
  const t = files.table(names.register, null, []);
  if (t === null) return null;
  const read = readCommitments(t, segments, unit);
  files.add(read.issues);
  if (!read.issues.some((i) => i.code === "commitments.column-missing"))
    files.add(validateTable("commitments", t));
  let schedules: ExplicitSchedule[] = [];
  let actuals: CommitmentActuals[] = [];
  const st = names.schedules === undefined ? null : files.table(names.schedules, null, []);
  if (st) {
    const r = readCommitmentSchedules(st, read.commitments, unit);
    files.add(r.issues);
    schedules = r.schedules;
  }
  const at = names.actuals === undefined ? null : files.table(names.actuals, null, []);
  if (at) {
    const r = readCommitmentActuals(at, read.commitments, unit);
    files.add(r.issues);
    actuals = r.actuals;
  }
  return { file: files.shown(names.register), commitments: read.commitments, schedules, actuals };
}
