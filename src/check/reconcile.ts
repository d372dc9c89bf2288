/**
 * Reconciliation: Model → Finding[]. Each check is a small function over the model,
 * registered in one list; every finding reports expected, actual, difference and the sources
 * on both sides. Findings about the published print are warnings unless `strict`.
 */
import { commitmentFindings, schedulesOf } from "../derive/commitments.ts";
import { type Figure, inputSources, type Model } from "../derive/derive.ts";
import { expandToLeaves, type LeafVector } from "../model/expand.ts";
import type { CheckStatus, Finding } from "../model/findings.ts";
import type { Formula } from "../model/formula.ts";
import { Money } from "../model/money.ts";
import type { Source } from "../model/provenance.ts";
import { continuityFindings, summaryRoundingFindings } from "./summary-checks.ts";

export interface ReconcileOptions {
  /** Treat findings about the published document as failures. */
  readonly strict: boolean;
}

export type Check = (model: Model, options: ReconcileOptions) => Finding[];

const columnsOf = (model: Model) => [...model.book.segments.map((s) => s.id), null];
const segmentField = (segment: string | null) => (segment === null ? {} : { segment });

/** The input cells behind a formula's terms, one level down (derived terms point at their layout row). */
function sourcesOf(model: Model, formula: Formula, column: string | null): Source[] {
  const out: Source[] = [];
  for (const t of formula.terms) {
    if (t.ref.kind === "schedule") {
      out.push(...model.scheduleTotal(t.ref.schedule, t.ref.column, column).sources);
      continue;
    }
    const id = t.ref.id;
    const f = model.figure(id, column);
    if (f.derivation.kind === "input") out.push(...inputSources(f.derivation.entries));
    else {
      const line = model.book.lines.find((l) => l.id === id);
      if (line) out.push(line.source);
    }
  }
  return out;
}

/** The declared ties and chains of the book (checks.csv), for every segment and the total. */
export const declaredChecks: Check = (model) => {
  const findings: Finding[] = [];
  const memo = new Map<string, LeafVector>();
  for (const decl of model.book.checks) {
    const statement = firstStatement(model, decl.left);
    const left = expandToLeaves(model.book, decl.left, memo);
    const right = expandToLeaves(model.book, decl.right, memo);
    const structural = left.size === right.size && [...left].every(([k, v]) => right.get(k) === v);
    for (const column of columnsOf(model)) {
      const l = model.evaluate(decl.left, column).amount;
      const r = model.evaluate(decl.right, column).amount;
      const ok = l.equals(r);
      const where = column === null ? "合計" : segmentName(model, column);
      findings.push({
        check: decl.id,
        status: ok ? "pass" : "fail",
        ...(statement ? { statement } : {}),
        line:
          decl.left.terms.length === 1 && decl.left.terms[0]?.ref.kind === "line"
            ? decl.left.terms[0].ref.id
            : decl.left.text,
        ...segmentField(column),
        expected: r.value,
        actual: l.value,
        difference: l.minus(r).value,
        ...(structural ? { structural: true } : {}),
        message: ok
          ? `${decl.description || decl.id} (${where}): ${l.format()}${structural ? " (holds by construction: the layout derives one side from the other)" : ""}`
          : `${decl.description || decl.id} (${where}): ${decl.left.text} = ${l.format()} but ${decl.right.text} = ${r.format()}, difference ${l.minus(r).format()}`,
        sources: [...sourcesOf(model, decl.left, column), ...sourcesOf(model, decl.right, column)],
      });
    }
  }
  return findings;
};

/** 合計 = Σ segments on every line of every statement. */
export const segmentsSum: Check = (model) => {
  const unit = model.book.unit;
  const findings: Finding[] = [];
  for (const st of model.statements) {
    for (const ml of st.lines) {
      const sum = Money.sum(
        unit,
        [...ml.segments.values()].map((f) => f.amount),
      );
      const ok = sum.equals(ml.total.amount);
      findings.push({
        check: "segments.sum",
        status: ok ? "pass" : "fail",
        statement: st.def.id,
        line: ml.line.id,
        expected: sum.value,
        actual: ml.total.amount.value,
        difference: ml.total.amount.minus(sum).value,
        message: ok
          ? `${ml.line.label}: 合計 ${ml.total.amount.format()} = Σ segments`
          : `${ml.line.label}: 合計 ${ml.total.amount.format()} but the segments sum to ${sum.format()}${
              ml.unallocated.isZero()
                ? ""
                : ` (${ml.unallocated.format()} is not allocated to a segment)`
            }`,
        sources: figureSources(ml.total),
      });
    }
  }
  return findings;
};

/** Tie-out against the published print: each printed figure vs the model, lost signs named. */
export const publishedTieOut: Check = (model, options) => {
  const findings: Finding[] = [];
  const warn: CheckStatus = options.strict ? "fail" : "warn";
  const lineById = new Map(model.book.lines.map((l) => [l.id, l]));
  for (const p of model.book.published) {
    const line = lineById.get(p.line);
    if (!line || line.kind === "heading") continue;
    const modelAmount = model.figure(p.line, p.segment).amount;
    const shouldPrint = line.printed === "magnitude" ? modelAmount.abs() : modelAmount;
    const where = `${p.table} ${p.printedLabel} (${p.segment === null ? "合計" : segmentName(model, p.segment)})`;
    const base = {
      statement: p.statement,
      line: p.line,
      ...segmentField(p.segment),
      expected: shouldPrint.value,
      actual: p.amount.value,
      difference: p.amount.minus(shouldPrint).value,
      sources: [p.source, ...figureSources(model.figure(p.line, p.segment))],
    };
    const ref = p.reference ? ` [${p.reference}]` : "";
    if (p.amount.equals(shouldPrint)) {
      findings.push({
        check: "published.figure",
        status: "pass",
        ...base,
        message: `${where}: printed ${p.printedText}${ref}`,
      });
    } else if (p.amount.equals(shouldPrint.negate())) {
      findings.push({
        check: "published.sign",
        status: warn,
        ...base,
        message: `${where}: printed ${p.printedText} but the figure is ${shouldPrint.format()}: the sign was lost; print ${shouldPrint.format()}${ref}`,
      });
    } else {
      findings.push({
        check: "published.figure",
        status: warn,
        ...base,
        message: `${where}: printed ${p.printedText} but the model gives ${shouldPrint.format()}, difference ${p.amount.minus(shouldPrint).format()}${ref}`,
      });
    }
  }
  return findings;
};

/** summary.rounding over the book's 概要, when it has one (a published-document check). */
export const summaryRounding: Check = (model, options) =>
  summaryRoundingFindings(model, options.strict);

/** version.continuity: opening balances vs the previous version (warnings). */
export const versionContinuity: Check = (model) => continuityFindings(model);

/** commitments.years and commitments.limit over the 債務負担行為 register. */
export const commitmentChecks: Check = (model) => {
  const register = model.book.commitments;
  if (!register) return [];
  return commitmentFindings(
    register.commitments,
    schedulesOf(register.commitments, register.schedules),
    register.actuals,
  );
};

/** Every check yosan runs, in report order. */
export const CHECKS: readonly Check[] = [
  segmentsSum,
  declaredChecks,
  summaryRounding,
  versionContinuity,
  commitmentChecks,
  publishedTieOut,
];

export function reconcile(model: Model, options: ReconcileOptions = { strict: false }): Finding[] {
  return CHECKS.flatMap((check) => check(model, options));
}

function figureSources(figure: Figure): Source[] {
  return figure.derivation.kind === "input" ? inputSources(figure.derivation.entries) : [];
}

function segmentName(model: Model, id: string): string {
  return model.book.segments.find((s) => s.id === id)?.name ?? id;
}

function firstStatement(model: Model, formula: Formula): string | undefined {
  for (const t of formula.terms) {
    if (t.ref.kind === "line") {
      const id = t.ref.id;
      return model.book.lines.find((l) => l.id === id)?.statement;
    }
  }
  return undefined;
}
