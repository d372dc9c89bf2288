/**
 * Versions of a budget within one fiscal year: the 当初予算 (`budget`), each 補正予算 stated as
 * changes to the version before it (`revision`), the 現計予算 derived as 当初 + Σ 補正 up to a
 * revision (`current`, never typed), the 決算見込み (`forecast`) and the 決算 (`actual`), and
 * a previous year's version known only as a print shows it (`previous`: a 概要's 前年度 column).
 * Every version but `previous` has leaves, and derives the statements by the book's one layout.
 */
import type { Book, BudgetEntry, Comparison, Version, VersionKind, VersionNote } from "./book.ts";

export type {
  Comparison,
  Version,
  VersionKind,
  VersionNote,
  Versions,
} from "./book.ts";

/** Kinds whose figures come from the accounting system (決算, 決算見込み). */
export const SETTLED_KINDS: ReadonlySet<VersionKind> = new Set(["actual", "forecast"]);
/** Kinds that are budgets (当初, 補正後, 現計). */
export const BUDGET_KINDS: ReadonlySet<VersionKind> = new Set(["budget", "revision", "current"]);
/** The key of a note: line and segment (null for 合計). */
export const noteKey = (line: string, segment: string | null) => `${line}\u0000${segment ?? ""}`;

/**
 * The leaves of a version: its own, or for a revision and a 現計 its base's with the changes added.
 * @testOnly exported for the tests that use it
 */
export function versionEntries(book: Book, id: string): readonly BudgetEntry[] {
  const v = book.versions.list.find((x) => x.id === id);
  if (!v) throw new Error(`unknown version ${id}`);
  const own = book.versions.entries.get(id) ?? [];
  switch (v.kind) {
    case "budget":
    case "forecast":
    case "actual":
      return own;
    case "revision":
      return v.base === null ? own : [...versionEntries(book, v.base), ...own];
    case "current": {
      const base = v.base === null ? [] : versionEntries(book, v.base);
      const changes = v.revisions.flatMap((r) => book.versions.entries.get(r) ?? []);
      return [...base, ...changes];
    }
    case "previous":
      return [];
  }
}

/** The 備考 of a version: its own; a 現計's are those of the revisions it adds. */
export function notesOf(book: Book, id: string): ReadonlyMap<string, VersionNote> {
  const v = book.versions.list.find((x) => x.id === id);
  if (v?.kind !== "current") return book.versions.notes.get(id) ?? new Map();
  const out = new Map<string, VersionNote>();
  for (const r of v.revisions) for (const [k, n] of book.versions.notes.get(r) ?? []) out.set(k, n);
  return out;
}

/** The book as one version presents it: that version's leaves, and which version it is. */
export function atVersion(book: Book, id: string): Book {
  if (book.version === id) return book;
  return { ...book, version: id, entries: versionEntries(book, id) };
}

/**
 * The book with adjustment entries added to the leaves it presents (a what-if edit: each entry
 * the difference to bring a leaf to its new amount, with its note and source); the book itself
 * is not changed.
 */
export function withAdjustments(book: Book, adjustments: readonly BudgetEntry[]): Book {
  return { ...book, entries: [...book.entries, ...adjustments] };
}

/**
 * The book with the leaves of the version it presents replaced (an import's provisional book,
 * a what-if): a version with leaves of its own keeps them as its entries too.
 */
export function withEntries(book: Book, entries: readonly BudgetEntry[]): Book {
  const own = book.versions.list.find((v) => v.id === book.version);
  if (!own || own.kind === "revision" || own.kind === "current" || own.kind === "previous")
    return { ...book, entries };
  const map = new Map(book.versions.entries);
  map.set(book.version, entries);
  return { ...book, entries, versions: { ...book.versions, entries: map } };
}

/**
 * A book's versions when it has only one, its budget: for books made in code (tests, imports).
 * @testOnly exported for the tests that use it
 */
export function singleVersion(
  entries: readonly BudgetEntry[],
  id = "budget",
  name = "予算",
): Pick<Book, "versions" | "version" | "entries"> {
  return {
    entries,
    version: id,
    versions: {
      list: [
        {
          id,
          name,
          kind: "budget",
          base: null,
          revisions: [],
          files: [],
          asOf: null,
          sample: null,
          printed: null,
          linked: null,
          fiscalYear: null,
          source: { kind: "cell", file: "book.json", row: 1, column: "versions" },
        },
      ],
      defaultId: id,
      entries: new Map([[id, entries]]),
      notes: new Map(),
      variance: { threshold: null, expenses: [] },
      comparisons: [],
    },
  };
}

/** The version a book presents. */
export function versionOf(book: Book): Version {
  const v = book.versions.list.find((x) => x.id === book.version);
  if (!v) throw new Error(`unknown version ${book.version}`);
  return v;
}

/** A version by id or name. */
export function findVersion(book: Book, text: string): Version | undefined {
  return book.versions.list.find((v) => v.id === text || v.name === text);
}

/**
 * A budget (当初, 補正, 現計) against settled figures (決算見込み, 決算): the comparison reads as
 * a 決算報告書 (予算額 | 決算額) and, for figures to a month-end, as 執行率 and 予算残額.
 */
export function budgetAgainstSettled(a: Version, b: Version): boolean {
  return BUDGET_KINDS.has(a.kind) && SETTLED_KINDS.has(b.kind);
}

/** The layout of a comparison the book does not lay out: the 決算報告書 for a budget against settled figures. */
export function defaultComparisonLayout(a: Version, b: Version): Comparison["layout"] {
  return budgetAgainstSettled(a, b) ? "settlement" : "changes";
}

/**
 * The version `text` (id or name) names among those with statements of their own — every
 * version but one known only as a print or another book shows it (kind previous).
 */
export function viewableVersion(book: Book, text: string | undefined): Version | undefined {
  if (text === undefined || text === "") return undefined;
  const v = findVersion(book, text);
  return v && v.kind !== "previous" ? v : undefined;
}

/** The versions with statements of their own, in the book's order. */
export function viewableVersions(book: Book): Version[] {
  return book.versions.list.filter((v) => v.kind !== "previous");
}
