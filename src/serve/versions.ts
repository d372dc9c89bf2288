/**
 * The versions of the book a page can show (当初, 補正, 現計, 決算見込み, 決算 — every version
 * with statements of its own) and the comparisons of two versions it can draw, each computed
 * once per state of the book on first request, by the same functions as `yosan build --version`
 * and `yosan compare`.
 */
import type { ReconcileOptions } from "../check/reconcile.ts";
import { reconcile } from "../check/reconcile.ts";
import { comparisonOf, type DeclaredComparison } from "../check/variance.ts";
import { derive } from "../derive/derive.ts";
import type { Book, Comparison, Version } from "../model/book.ts";
import { countFindings, type Finding, type FindingCounts } from "../model/findings.ts";
import type { Model } from "../model/model.ts";
import { atVersion, BUDGET_KINDS, findVersion, SETTLED_KINDS } from "../model/version.ts";

/** One version's figures: its book, model and checks. */
export interface VersionFigures {
  readonly version: Version;
  readonly book: Book;
  readonly model: Model;
  readonly findings: readonly Finding[];
  readonly counts: FindingCounts;
}

/** The versions a page can show: those with statements of their own (not one known by a print). */
export function shownVersions(book: Book): Version[] {
  return book.versions.list.filter((v) => v.kind !== "previous");
}

/** The version `text` (id or name) names among those a page can show. */
export function shownVersion(book: Book, text: string | undefined): Version | undefined {
  if (text === undefined || text === "") return undefined;
  const v = findVersion(book, text);
  return v && v.kind !== "previous" ? v : undefined;
}

/**
 * The comparison a page opens with: the book's first declared one, else its default version
 * against the next version, else nothing (a book of one version).
 */
export function firstComparison(book: Book): { a: string; b: string } | null {
  const declared = book.versions.comparisons[0];
  if (declared) return { a: declared.a, b: declared.b };
  const list = book.versions.list;
  const other = list.find((v) => v.id !== book.versions.defaultId);
  return other ? { a: book.versions.defaultId, b: other.id } : null;
}

/**
 * The layout a comparison of `a` and `b` reads best in: the 決算報告書 when a budget meets
 * settled figures, otherwise A | B | 差額.
 */
export function comparisonLayout(a: Version, b: Version): Comparison["layout"] {
  return BUDGET_KINDS.has(a.kind) && SETTLED_KINDS.has(b.kind) ? "settlement" : "changes";
}

/** Versions and comparisons of one loaded book, computed on first request. */
export class VersionCache {
  private readonly figures = new Map<string, VersionFigures>();
  private readonly comparisons = new Map<string, DeclaredComparison>();

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
      const book = atVersion(this.book, version.id);
      const model = derive(book);
      const findings = reconcile(model, this.options);
      f = { version, book, model, findings, counts: countFindings(findings) };
      this.figures.set(version.id, f);
    }
    return f;
  }

  /**
   * Versions `a` and `b` compared line by line, with the comparison's checks: the book's own
   * declaration when it declares this pair (its title and layout), else one made for the page.
   */
  compare(a: Version, b: Version): DeclaredComparison {
    const key = `${a.id}\u0000${b.id}`;
    let c = this.comparisons.get(key);
    if (!c) {
      const declared = this.book.versions.comparisons.find((x) => x.a === a.id && x.b === b.id) ?? {
        a: a.id,
        b: b.id,
        title: `${a.name} → ${b.name}`,
        layout: comparisonLayout(a, b),
      };
      c = { declared, ...comparisonOf(this.book, a.id, b.id, undefined, this.options) };
      this.comparisons.set(key, c);
    }
    return c;
  }
}
