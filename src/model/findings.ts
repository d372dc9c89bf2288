/**
 * Findings: the outcome of one check on one figure (a statement line for one segment or the
 * total). Values, not exceptions; each carries what was compared — amounts in a unit, fiscal
 * years or counts, never mixed up — and the sources on both sides, so an auditor can go from
 * the finding to the cells.
 */
import {
  type BuiltinCheckId,
  CATALOGUE,
  DECLARED_CHECK_HINT,
  isBuiltinCheck,
} from "./catalogue.ts";
import { type Decimal, formatJapanese, type Money, type Unit } from "./money.ts";
import type { Source } from "./provenance.ts";

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
 * What a finding compared, with its kind: amounts in one unit, fiscal years (western start
 * years; their difference is a number of years) or counts. `difference` = actual − expected.
 */
export type Compared =
  | {
      readonly kind: "amount";
      readonly expected: Money;
      readonly actual: Money;
      readonly difference: Money;
    }
  | {
      readonly kind: "fiscal-year" | "count";
      readonly expected: number;
      readonly actual: number;
      readonly difference: number;
    };

/** Two amounts compared: `actual` against `expected`, in their (one) unit. */
export function comparedAmounts<U extends Unit>(expected: Money<U>, actual: Money<U>): Compared {
  return { kind: "amount", expected, actual, difference: actual.minus(expected) };
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
  readonly message: string;
  /** Where the compared figures come from: input cells on both sides. */
  readonly sources: readonly Source[];
  /**
   * The rule holds by construction: the layout derives one side from the other, so this book
   * cannot break it (it bites in a book that keys both sides). Counted apart from passes.
   */
  readonly structural?: boolean;
}

/** Exit code from findings alone: 1 if any check failed, else 0. */
export function exitCodeFor(findings: readonly Finding[]): 0 | 1 {
  return findings.some((f) => f.status === "fail") ? 1 : 0;
}

export type ComparedPart = "expected" | "actual" | "difference";

/** The raw value of a part: a decimal string for amounts (`-` for negatives), digits otherwise. */
export function comparedValue(compared: Compared, part: ComparedPart): string {
  return compared.kind === "amount" ? compared[part].toString() : String(compared[part]);
}

/** The exact decimal of a part (amounts), or the number (years, counts), for a spreadsheet cell. */
export function comparedDecimal(compared: Compared, part: ComparedPart): Decimal | number {
  return compared.kind === "amount" ? compared[part].value : compared[part];
}

/** The unit a part is in: the amounts' unit, 年度 for a fiscal year, 年 for a number of years, 件 for a count. */
export function comparedUnit(compared: Compared, part: ComparedPart = "expected"): string {
  if (compared.kind === "amount") return compared.expected.unit;
  if (compared.kind === "count") return "件";
  return part === "difference" ? "年" : "年度";
}

/** A part as people read it: `△1,234` for amounts, `2017年度` for years, `+1年` for a year difference. */
export function formatCompared(compared: Compared, part: ComparedPart): string {
  if (compared.kind === "amount") return formatJapanese(compared[part].value);
  const n = compared[part];
  if (compared.kind === "count") return n.toLocaleString("en-US");
  return part === "difference" ? `${n > 0 ? "+" : ""}${n}年` : `${n}年度`;
}

/** Words for a check: the catalogue's for a built-in one, else the book's own description. */
export function checkWords(
  id: CheckId,
  description = "",
): { readonly title: string; readonly hint: string } {
  if (isBuiltinCheck(id)) return CATALOGUE[id];
  return { title: description || id, hint: DECLARED_CHECK_HINT };
}
