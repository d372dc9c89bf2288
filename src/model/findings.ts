/**
 * Findings: the outcome of one check on one figure (a statement line for one segment or the
 * total). Values, not exceptions; each carries what was compared — amounts in a unit, fiscal
 * years or counts, never mixed up — and the sources on both sides, so an auditor can go from
 * the finding to the cells.
 */

import { formatCount } from "./amount-text.ts";
import {
  type BuiltinCheckId,
  CATALOGUE,
  DECLARED_CHECK_HINT,
  isBuiltinCheck,
} from "./catalogue.ts";
import { type Decimal, formatJapanese, Money, type Unit } from "./money.ts";
import type { Source } from "./provenance.ts";
import { type Amount, Quantity } from "./quantity.ts";
import { asWritten, say, type Text } from "./text.ts";

export type CheckStatus = "pass" | "fail" | "warn";

declare const declared: unique symbol;
/** The id of a check a book declares in its checks.csv (made only by the book's reader). */
export type DeclaredCheckId = string & { readonly [declared]: true };

/** A built-in check id from the catalogue, or one the book declares. */
export type CheckId = BuiltinCheckId | DeclaredCheckId;

/** A check id as the book's checks.csv writes it. */
export function declaredCheckId(text: string): DeclaredCheckId {
  return text as DeclaredCheckId;
}

/**
 * What a finding compared, with its kind: amounts in one unit, quantities in one unit (戸, ㎥ …),
 * fiscal years (western start years; their difference is a number of years) or counts.
 * `difference` = actual − expected.
 */
export type Compared =
  | {
      readonly kind: "amount";
      readonly expected: Money;
      readonly actual: Money;
      readonly difference: Money;
      /**
       * The values `actual` may take and still pass, where the check allows for rounding (a
       * printed sum, a figure of rounded leaves); absent where only `expected` passes.
       */
      readonly allowed?: { readonly min: Money; readonly max: Money };
    }
  | {
      readonly kind: "quantity";
      readonly expected: Quantity;
      readonly actual: Quantity;
      readonly difference: Quantity;
      readonly allowed?: { readonly min: Quantity; readonly max: Quantity };
    }
  | {
      readonly kind: "fiscal-year" | "count";
      readonly expected: number;
      readonly actual: number;
      readonly difference: number;
    };

/**
 * Two amounts compared: `actual` against `expected`, in their (one) unit; `allowed` the range
 * of values that pass when the check allows for rounding. Two quantities of one unit compare
 * the same way (kind `quantity`); money against a quantity is a programmer error.
 */
export function comparedAmounts<U extends Unit>(
  expected: Money<U>,
  actual: Money<U>,
  allowed?: { readonly min: Money<U>; readonly max: Money<U> },
): Compared;
export function comparedAmounts(
  expected: Amount,
  actual: Amount,
  allowed?: { readonly min: Amount; readonly max: Amount },
): Compared;
export function comparedAmounts(
  expected: Amount,
  actual: Amount,
  allowed?: { readonly min: Amount; readonly max: Amount },
): Compared {
  if (expected instanceof Quantity && actual instanceof Quantity) {
    const range =
      allowed?.min instanceof Quantity && allowed.max instanceof Quantity
        ? { min: allowed.min, max: allowed.max }
        : undefined;
    return {
      kind: "quantity",
      expected,
      actual,
      difference: actual.minus(expected),
      ...(range !== undefined && !range.min.equals(range.max) ? { allowed: range } : {}),
    };
  }
  if (!(expected instanceof Money && actual instanceof Money))
    throw new Error(`programmer error: compared ${expected.unit} with ${actual.unit}`);
  const range =
    allowed?.min instanceof Money && allowed.max instanceof Money
      ? { min: allowed.min, max: allowed.max }
      : undefined;
  return {
    kind: "amount",
    expected,
    actual,
    difference: actual.minus(expected),
    ...(range !== undefined && !range.min.equals(range.max) ? { allowed: range } : {}),
  };
}

/** `46,009 … 46,011`: the range a finding allowed, or undefined. */
export function formatAllowed(compared: Compared): string | undefined {
  if (compared.kind !== "amount" && compared.kind !== "quantity") return undefined;
  if (compared.allowed === undefined) return undefined;
  return `${compared.allowed.min.format()} … ${compared.allowed.max.format()}`;
}

/** Two fiscal years compared (western start years, e.g. 2017 for 平成29年度). */
export function comparedYears(expected: number, actual: number): Compared {
  return { kind: "fiscal-year", expected, actual, difference: actual - expected };
}

export interface Finding {
  readonly check: CheckId;
  readonly status: CheckStatus;
  readonly statement?: string;
  readonly line?: string;
  /** Segment id; absent for the total (合計) or for findings not about a segment. */
  readonly segment?: string;
  readonly compared?: Compared;
  /** What was found, in both languages (model/text.ts), with its figures and the cell to fix. */
  readonly message: Text;
  /** Where the compared figures come from: input cells on both sides. */
  readonly sources: readonly Source[];
  /**
   * A limit (checks.csv `relation`): `expected` is the most (`<=`) or the least (`>=`) that
   * `actual` may be, and `actual` passes at it; absent for a tie (`actual` = `expected`).
   */
  readonly relation?: "<=" | ">=";
  /**
   * The rule holds by construction: the layout derives one side from the other, so this book
   * cannot break it (it bites in a book that keys both sides). Counted apart from passes.
   */
  readonly structural?: boolean;
}

/**
 * How a finding counts: a pass that holds by construction of the layout counts apart, as
 * `built` (this book cannot break it), everywhere counts are shown.
 */
export type CountedStatus = CheckStatus | "built";

/** What each counted status is called wherever findings are shown (一致, 不一致, 警告, 構成上成立). */
export const STATUS_WORDS: Readonly<Record<CountedStatus, Text>> = {
  pass: say("一致", "pass"),
  fail: say("不一致", "fail"),
  warn: say("警告", "warn"),
  built: say("構成上成立", "built"),
};

/** The words around a finding's figures wherever findings are shown (期待値, 上限, 実際, 差額, 出典, 対処). */
export const FINDING_WORDS = {
  expected: say("期待値", "expected"),
  atMost: say("上限", "limit"),
  atLeast: say("下限", "minimum"),
  actual: say("実際", "actual"),
  difference: say("差額", "difference"),
  sources: say("出典", "sources"),
  hint: say("対処", "hint"),
} as const;

export function countedStatus(f: Finding): CountedStatus {
  return f.status === "pass" && f.structural === true ? "built" : f.status;
}

export interface FindingCounts {
  readonly passed: number;
  readonly failed: number;
  readonly warned: number;
  readonly structural: number;
}

/** The one count of findings every output shows (CLI, statements.json, report, workbook). */
export function countFindings(findings: readonly Finding[]): FindingCounts {
  const c = { pass: 0, fail: 0, warn: 0, built: 0 };
  for (const f of findings) c[countedStatus(f)]++;
  return { passed: c.pass, failed: c.fail, warned: c.warn, structural: c.built };
}

/** Exit code from findings alone: 1 if any check failed, else 0. */
export function exitCodeFor(findings: readonly Finding[]): 0 | 1 {
  return findings.some((f) => f.status === "fail") ? 1 : 0;
}

export type ComparedPart = "expected" | "actual" | "difference";

/** The raw value of a part: a decimal string for amounts (`-` for negatives), digits otherwise. */
function comparedValue(compared: Compared, part: ComparedPart): string {
  return compared.kind === "amount" || compared.kind === "quantity"
    ? compared[part].toString()
    : String(compared[part]);
}

/** The raw values of each finding's comparison, written once: checks.csv and statements.json both show them. */
const comparedTexts = new WeakMap<Compared, Readonly<Record<ComparedPart, string>>>();

/**
 * The raw values of expected, actual and difference (comparedValue's), written once per
 * comparison (an actual equal to the expected is the same text).
 */
export function comparedValues(compared: Compared): Readonly<Record<ComparedPart, string>> {
  let texts = comparedTexts.get(compared);
  if (texts === undefined) {
    const expected = comparedValue(compared, "expected");
    const alike =
      compared.kind === "amount" || compared.kind === "quantity"
        ? compared.actual === compared.expected || compared.actual.value.eq(compared.expected.value)
        : compared.actual === compared.expected;
    texts = {
      expected,
      actual: alike ? expected : comparedValue(compared, "actual"),
      difference: comparedValue(compared, "difference"),
    };
    comparedTexts.set(compared, texts);
  }
  return texts;
}

/** The exact decimal of a part (amounts), or the number (years, counts), for a spreadsheet cell. */
export function comparedDecimal(compared: Compared, part: ComparedPart): Decimal | number {
  return compared.kind === "amount" || compared.kind === "quantity"
    ? compared[part].value
    : compared[part];
}

/**
 * The unit a part is in: the amounts' unit, a quantity's (戸, ㎥ …), 年度 for a fiscal year, 年 for
 * a number of years, 件 for a count.
 */
export function comparedUnit(compared: Compared, part: ComparedPart = "expected"): string {
  if (compared.kind === "amount" || compared.kind === "quantity") return compared.expected.unit;
  if (compared.kind === "count") return "件";
  return part === "difference" ? "年" : "年度";
}

/**
 * A part as people read it: `△1,234` for amounts, `12,345 戸` for quantities (with their unit),
 * `2017年度` for years, `+1年` for a year difference.
 */
export function formatCompared(compared: Compared, part: ComparedPart): string {
  if (compared.kind === "amount") return formatJapanese(compared[part].value);
  if (compared.kind === "quantity") return compared[part].withUnit();
  const n = compared[part];
  if (compared.kind === "count") return formatCount(n);
  return part === "difference" ? `${n > 0 ? "+" : ""}${n}年` : `${n}年度`;
}

/**
 * The book's words for each declared check id: its rows' descriptions joined (a check such as
 * pl.chain declares several rows) and the first hint given.
 */
export function declaredWords(
  checks: readonly { readonly id: string; readonly description: string; readonly hint: string }[],
): Map<string, { description: string; hint: string }> {
  const out = new Map<string, { description: string; hint: string }>();
  for (const c of checks) {
    const known = out.get(c.id);
    if (!known) out.set(c.id, { description: c.description, hint: c.hint });
    else {
      if (c.description && !known.description.split("; ").includes(c.description))
        known.description = known.description
          ? `${known.description}; ${c.description}`
          : c.description;
      known.hint ||= c.hint;
    }
  }
  return out;
}

/**
 * Words for a check: the catalogue's for a built-in one (both languages), else the book's own
 * description and hint as the book writes them.
 */
export function checkWords(
  id: CheckId,
  declaration?: { readonly description: string; readonly hint: string },
): { readonly title: Text; readonly hint: Text } {
  if (isBuiltinCheck(id)) return CATALOGUE[id];
  return {
    title: asWritten(declaration?.description || id),
    hint: declaration?.hint ? asWritten(declaration.hint) : DECLARED_CHECK_HINT,
  };
}
