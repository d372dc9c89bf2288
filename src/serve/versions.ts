/**
 * The versions of the book a page can show (当初, 補正, 現計, 決算見込み, 決算 — every version
 * with statements of its own) and the comparisons of two versions it can draw, each computed
 * once per state of the book on first request, by the same functions as `yosan build --version`
 * and `yosan compare`.
 */
import { modelAndFindings } from "../check/model-and-findings.ts";
import type { ReconcileOptions } from "../check/reconcile.ts";
import { comparisonOf, type DeclaredComparison, declaredComparisons } from "../check/variance.ts";
import type { Book, Version } from "../model/book.ts";
import { countFindings, type Finding, type FindingCounts } from "../model/findings.ts";
import type { Model } from "../model/model.ts";
import { defaultComparisonLayout, viewableVersions } from "../model/version.ts";

/** One version's figures: its book, model and checks. */
interface VersionFigures {
  readonly version: Version;
  readonly book: Book;
  readonly model: Model;
  readonly findings: readonly Finding[];
  readonly counts: FindingCounts;
}

/**
 * The comparison a page opens with: the book's first declared one, else its default version
 * against the next version with statements of its own, else a previous year's version against
 * the default one, else nothing (a book of one version).
 */
export function firstComparison(book: Book): { a: string; b: string } | null {
  const declared = book.versions.comparisons[0];
  if (declared) return { a: declared.a, b: declared.b };
  const main = book.versions.defaultId;
  const next = viewableVersions(book).find((v) => v.id !== main);
  if (next) return { a: main, b: next.id };
  const previous = book.versions.list.find((v) => v.id !== main);
  return previous ? { a: previous.id, b: main } : null;
}

/** Versions and comparisons of one loaded book, computed on first request. */
export class VersionCache {
  private readonly figures = new Map<string, VersionFigures>();
  private readonly comparisons = new Map<string, DeclaredComparison>();
  private declaredOnes: DeclaredComparison[] | null = null;

  constructor(
    private readonly book: Book,
    private readonly options: ReconcileOptions,
    own: { model: Model; findings: readonly Finding[]; counts: FindingCounts },
  ) {
    const v = book.versions.list.find((x) => x.id === book.version);
    if (v) this.figures.set(v.id, { version: v, book, ...own });
  }

  /** The figures of version `id` (one a page can show). */
  of(version: Version): VersionFigures {
    let f = this.figures.get(version.id);
    if (!f) {
      // Derived once with the comparisons that read the same version.
      const { model, findings } = modelAndFindings(this.book, version.id, this.options);
      f = { version, book: model.book, model, findings, counts: countFindings(findings) };
      this.figures.set(version.id, f);
    }
    return f;
  }

  /** The comparisons the book declares, as `yosan build` writes them with the default version. */
  declared(): readonly DeclaredComparison[] {
    this.declaredOnes ??= declaredComparisons(this.book, this.options.strict);
    return this.declaredOnes;
  }

  /**
   * Versions `a` and `b` compared line by line, with the comparison's checks: the book's own
   * comparison when it declares this pair (its title and layout), else one made for the page.
   */
  compare(a: Version, b: Version): DeclaredComparison {
    const own = this.book.versions.comparisons.findIndex((x) => x.a === a.id && x.b === b.id);
    const declared = own >= 0 ? this.declared()[own] : undefined;
    if (declared) return declared;
    const key = `${a.id}\u0000${b.id}`;
    let c = this.comparisons.get(key);
    if (!c) {
      const made = {
        a: a.id,
        b: b.id,
        title: `${a.name} → ${b.name}`,
        layout: defaultComparisonLayout(a, b),
      };
      c = { declared: made, ...comparisonOf(this.book, a.id, b.id, undefined, this.options) };
      this.comparisons.set(key, c);
    }
    return c;
  }
}
