/**
 * derive → reconcile, the one way every command and page goes from a book (at a version) to
 * its model and findings: a build, `check`, the pages of `yosan serve` and their versions, an
 * import's provisional book. Each version is derived once per book (`versionModel`'s cache),
 * so the comparisons a build writes or a page draws reuse the model.
 */
import { versionModel } from "../derive/compare.ts";
import type { Book } from "../model/book.ts";
import type { Finding } from "../model/findings.ts";
import type { Model } from "../model/model.ts";
import type { Check, ReconcileOptions } from "./check.ts";
import { declaredChecks } from "./declared.ts";
import { Recomputer } from "./incremental.ts";
import { memoWithin } from "./memo.ts";
import { reconcile } from "./reconcile.ts";
import { segmentsSum } from "./segments-sum.ts";

/** A version's model and its findings. */
interface ModelAndFindings {
  readonly model: Model;
  readonly findings: Finding[];
}

interface PipelineOptions extends ReconcileOptions {
  /** Only these checks, in this order (default: every check, as `reconcile` runs them). */
  readonly checks?: readonly Check[];
}

/**
 * The checks of a version's own figures, with no print, earlier version or register to hold
 * them against (the leaves an actuals import brings).
 */
export const FIGURE_CHECKS: readonly Check[] = [segmentsSum, declaredChecks, memoWithin];

/**
 * Version `version` of `book` derived (once per book) and checked. With `whatIf`, checked by
 * a `Recomputer` (its findings equal `reconcile`'s), returned to recheck what-if edits.
 */
export function modelAndFindings(
  book: Book,
  version: string,
  options: ReconcileOptions & { readonly whatIf: true },
): {
  readonly model: Model;
  readonly findings: readonly Finding[];
  readonly recomputer: Recomputer;
};
export function modelAndFindings(
  book: Book,
  version: string,
  options?: PipelineOptions,
): ModelAndFindings;
export function modelAndFindings(
  book: Book,
  version: string,
  options: PipelineOptions & { readonly whatIf?: true } = { strict: false },
): { model: Model; findings: readonly Finding[]; recomputer?: Recomputer } {
  const model = versionModel(book, version);
  const reconcileOptions: ReconcileOptions = { strict: options.strict };
  if (options.whatIf) {
    const recomputer = new Recomputer(model, reconcileOptions);
    return { model, findings: recomputer.findings, recomputer };
  }
  const findings =
    options.checks === undefined
      ? reconcile(model, reconcileOptions)
      : options.checks.flatMap((check) => check(model, reconcileOptions));
  return { model, findings };
}

/**
 * The findings an import reports about its provisional book: the imported print tied out
 * against the model and against its own sums (every `published.*` finding, passing or not),
 * and every other check that does not pass.
 */
export function importFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.check.startsWith("published.") || f.status !== "pass");
}
