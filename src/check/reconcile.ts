/**
 * Reconciliation: Model → Finding[]. Every check is a small function over the model,
 * registered in one list here, in report order; each finding reports what was compared and the
 * sources on both sides. Findings about the published print are warnings unless `strict`.
 */
import type { Finding } from "../model/findings.ts";
import type { Model } from "../model/model.ts";
import type { Check, ReconcileOptions } from "./check.ts";
import { commitmentFindings } from "./commitments.ts";
import { versionContinuity } from "./continuity.ts";
import { declaredChecks } from "./declared.ts";
import { memoWithin } from "./memo.ts";
import { printChecks } from "./prints.ts";
import { segmentsSum } from "./segments-sum.ts";

export type { Check, ReconcileOptions } from "./check.ts";

/** commitments.years and commitments.limit over the 債務負担行為 register. */
export const commitmentChecks: Check = (model) => {
  const plan = model.commitments;
  if (!plan) return [];
  return commitmentFindings(plan.register.commitments, plan.schedules, plan.register.actuals);
};

/** Every check yosan runs, in report order. */
export const CHECKS: readonly Check[] = [
  segmentsSum,
  declaredChecks,
  memoWithin,
  versionContinuity,
  commitmentChecks,
  printChecks,
];

export function reconcile(model: Model, options: ReconcileOptions = { strict: false }): Finding[] {
  return CHECKS.flatMap((check) => check(model, options));
}
