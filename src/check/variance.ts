/**
 * The checks of a comparison of two versions: a variance of at least the book's threshold in an
 * input line of a segment has a 備考 (`variance.note`; totals are explained by their parts); an expense line's actual does not exceed its budget (予算超過,
 * `variance.overrun`); and 現計 = 当初 + Σ 補正 for every leaf a revision changed
 * (`version.current`, holding by construction: the 現計 is derived, never typed). Variances
 * are for the people who explain them: warnings, failures with `--strict`.
 */
import {
  type ComparedRow,
  compareVersions,
  figuresOf,
  type VersionComparison,
  versionModel,
} from "../derive/compare.ts";
import type { Book, Comparison } from "../model/book.ts";
import { comparedAmounts, type Finding } from "../model/findings.ts";
import { columnAside } from "../model/glossary.ts";
import type { Column } from "../model/model.ts";
import { amountText, minusAmount, zeroLike } from "../model/quantity.ts";
import { say, type Text } from "../model/text.ts";
import { SETTLED_KINDS, type Version } from "../model/version.ts";
import type { ReconcileOptions } from "./check.ts";
import { figureSources } from "./sources.ts";

/** A comparison the book declares (book.json `comparisons`), computed, with its checks. */
export interface DeclaredComparison {
  readonly declared: Comparison;
  readonly comparison: VersionComparison;
  readonly findings: readonly Finding[];
}

/** Versions `a` and `b` of the book compared line by line (optionally for some columns), and the checks. */
export function comparisonOf(
  book: Book,
  a: string,
  b: string,
  columns: readonly Column[] | undefined,
  options: ReconcileOptions,
): { comparison: VersionComparison; findings: Finding[] } {
  const comparison = compareVersions(book, figuresOf(book, a), figuresOf(book, b), columns);
  return { comparison, findings: comparisonFindings(comparison, options) };
}

/**
 * The comparisons of versions the book declares (book.json `comparisons`), each with its checks:
 * what the default version's build writes as CSV, workbook sheets and report sections.
 */
export function declaredComparisons(book: Book, strict = false): DeclaredComparison[] {
  return book.versions.comparisons.map((declared) => ({
    declared,
    ...comparisonOf(book, declared.a, declared.b, undefined, { strict }),
  }));
}

/**
 * variance.note: a variance (`B b − A a = d`) and its 備考, or that it has none although it is
 * at least `threshold`.
 */
function noted(
  place: Text,
  variance: string,
  note: string | undefined,
  threshold: string | undefined,
): Text {
  return note
    ? say(`${place.ja}：${variance} です。備考「${note}」。`, `${place.en}: ${variance}: ${note}`)
    : say(
        `${place.ja}：${variance} で、${threshold} 以上の差異ですが備考がありません。`,
        `${place.en}: ${variance}, at least ${threshold}, has no 備考`,
      );
}

/** variance.overrun: the actual (`B b`) against the budget (`A a`), over it by `excess` or within it. */
function overrun(place: Text, actual: string, budget: string, excess: string | undefined): Text {
  return excess !== undefined
    ? say(
        `${place.ja}：${actual} は ${budget} を ${excess} 超えています（予算超過）。`,
        `${place.en}: ${actual} exceeds ${budget} by ${excess} (予算超過)`,
      )
    : say(
        `${place.ja}：${actual} は ${budget} の範囲内です。`,
        `${place.en}: ${actual} within ${budget}`,
      );
}

function comparisonFindings(comparison: VersionComparison, options: ReconcileOptions): Finding[] {
  const { book, a, b } = comparison;
  const findings: Finding[] = [];
  const status = options.strict ? "fail" : "warn";
  const where = (r: ComparedRow) => ({
    statement: r.statement,
    line: r.line.id,
    ...(r.segment === null ? {} : { segment: r.segment }),
  });
  const place = (r: ComparedRow): Text => {
    const where = columnAside(book.segments, r.segment);
    return say(`「${r.line.label}」${where.ja}`, `${r.line.label}${where.en}`);
  };
  if (SETTLED_KINDS.has(b.version.kind)) {
    const threshold = book.versions.variance.threshold;
    // Explained where it arises: on a leaf (an input), in the segment whose figure moved (in
    // the total, for a book without segments).
    const segmented = book.segments.length > 0;
    for (const r of threshold === null ? [] : comparison.rows) {
      if (r.line.kind !== "leaf" || (r.segment === null && segmented)) continue;
      // The threshold is money: a quantity's variance has none to reach.
      if (r.line.unit !== undefined) continue;
      if (r.difference.value.abs().lessThan(threshold?.value ?? 0)) continue;
      findings.push({
        check: "variance.note",
        status: r.note ? "pass" : status,
        ...where(r),
        compared: comparedAmounts(r.a, r.b),
        message: noted(
          place(r),
          `${b.version.name} ${r.b.format()} − ${a.version.name} ${r.a.format()} = ${r.difference.format()}`,
          r.note?.text,
          threshold?.format(),
        ),
        sources: r.note ? [r.note.source] : [],
      });
    }
    const expenses = new Set(book.versions.variance.expenses);
    for (const r of comparison.rows) {
      if (!expenses.has(r.line.id)) continue;
      const over = r.b.value.greaterThan(r.a.value);
      findings.push({
        check: "variance.overrun",
        status: over ? status : "pass",
        ...where(r),
        compared: comparedAmounts(r.a, r.b, { min: zeroLike(r.a), max: r.a }),
        message: overrun(
          place(r),
          `${b.version.name} ${amountText(r.b)}`,
          `${a.version.name} ${amountText(r.a)}`,
          over ? amountText(r.difference) : undefined,
        ),
        sources: b.kind === "model" ? figureSources(b.model.figure(r.line.id, r.segment)) : [],
      });
    }
  }
  for (const side of [a, b]) {
    if (side.kind === "model" && side.version.kind === "current")
      findings.push(...currentFindings(comparison, side.version));
  }
  return findings;
}

/** 現計 = 当初 + Σ 補正 for every leaf and segment a revision of `current` changed. */
function currentFindings(comparison: VersionComparison, current: Version): Finding[] {
  const { book } = comparison;
  if (current.base === null) return [];
  const base = versionModel(book, current.base);
  const now = versionModel(book, current.id);
  const names = new Map(book.versions.list.map((v) => [v.id, v.name]));
  const changed = new Map<string, { line: string; segment: string | null }>();
  for (const r of current.revisions)
    for (const e of book.versions.entries.get(r) ?? [])
      changed.set(`${e.line}\u0000${e.segment ?? ""}`, { line: e.line, segment: e.segment });
  const findings: Finding[] = [];
  for (const { line, segment } of changed.values()) {
    const before = base.figure(line, segment).amount;
    const after = now.figure(line, segment).amount;
    const layoutLine = book.lines.find((l) => l.id === line);
    const label = layoutLine?.label ?? line;
    const revisions = current.revisions.map((r) => names.get(r) ?? r).join(" + ");
    const where = columnAside(book.segments, segment);
    const sum = `${current.name} ${amountText(after)} = ${names.get(current.base) ?? current.base} ${amountText(before)} + ${revisions} ${amountText(minusAmount(after, before))}`;
    findings.push({
      check: "version.current",
      status: "pass",
      structural: true,
      ...(layoutLine ? { statement: layoutLine.statement } : {}),
      line,
      ...(segment === null ? {} : { segment }),
      compared: comparedAmounts(after, after),
      message: say(
        `「${label}」${where.ja}：${sum} です（現計は導出されるため、構成上成立します）。`,
        `${label}${where.en}: ${sum} (holds by construction: the 現計 is derived)`,
      ),
      sources: figureSources(now.figure(line, segment)),
    });
  }
  return findings;
}
