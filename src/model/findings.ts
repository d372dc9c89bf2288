/**
 * Findings: the outcome of one check on one figure (a statement line for one segment or the
 * total). Values, not exceptions; each carries expected, actual, difference and the sources
 * on both sides, so an auditor can go from the finding to the cells.
 */
import type { Decimal } from "./money.ts";
import type { Source } from "./provenance.ts";

export type CheckStatus = "pass" | "fail" | "warn";

export interface Finding {
  /** Stable check id from the catalogue, e.g. `tie.cash`. */
  readonly check: string;
  readonly status: CheckStatus;
  readonly statement?: string;
  readonly line?: string;
  /** Segment id; absent for the total (合計) or for findings not about a segment. */
  readonly segment?: string;
  readonly expected?: Decimal;
  readonly actual?: Decimal;
  /** actual − expected. */
  readonly difference?: Decimal;
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
