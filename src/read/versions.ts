/**
 * The versions a book declares (book.json `versions`), their leaves and 備考: a budget's
 * files (files.budget by default), a revision's changes (same format: account, segment, the
 * change as `amount`, note), a forecast's or actual's leaves, and a previous year's version as
 * a print column shows it. A book without `versions` has one: its budget. Each reference to a
 * version (a revision's base, a 現計's revisions, the default, a comparison) is checked here.
 */

import { parseAmount } from "../model/amount-text.ts";
import type { Book, BudgetEntry } from "../model/book.ts";
import { JA } from "../model/glossary.ts";
import { inputError, inputWarning } from "../model/issues.ts";
import { Money, type Unit } from "../model/money.ts";
import type { CellSource } from "../model/provenance.ts";
import { say, type Text } from "../model/text.ts";
import {
  atVersion,
  BUDGET_KINDS,
  type Comparison,
  defaultComparisonLayout,
  findVersion,
  noteKey,
  type Version,
  type VersionNote,
  type Versions,
} from "../model/version.ts";
import type { BookFiles, Names } from "./book-files.ts";
import { cellOf } from "./csv-table.ts";
import type { References } from "./layout.ts";
import { readLeaves } from "./leaves.ts";
import {
  budgetFilesOf,
  fileKey,
  fileReaders,
  type Manifest,
  type PrintDecl,
  type VersionDecl,
} from "./manifest.ts";

/** The versions of a book, their entries and notes, every reference checked. */
export function readVersions(
  files: BookFiles,
  manifest: Manifest,
  names: Names,
  references: References,
  prints: readonly PrintDecl[],
  loadLinked: LoadLinked,
): Versions {
  const unit = manifest.unit;
  /** The cell of a manifest field: book.json, the line of `pointer`, the field's path. */
  const field = (pointer: string, path: string) => files.manifestCell(pointer, path);
  const decls: VersionDecl[] = manifest.versions ?? [
    { id: "budget", name: JA.budget, kind: "budget" },
  ];
  const list: Version[] = [];
  const declared = new Declared(list);
  const entries = new Map<string, readonly BudgetEntry[]>();
  const notes = new Map<string, ReadonlyMap<string, VersionNote>>();
  const readers = fileReaders(manifest);
  const read = new Map<string, readonly BudgetEntry[]>();
  const budgetReaders = new Set([
    "files.budget",
    ...decls
      .filter((v) => v.kind === "budget" || v.kind === "revision")
      .map((v) => `versions.${v.id}`),
  ]);
  for (const [i, decl] of decls.entries()) {
    const source = field(`/versions/${i}`, `versions.${decl.id}`);
    warnSharedFiles(files, manifest, decl, readers, budgetReaders, source);
    if (declared.ids.has(decl.id)) {
      files.issues.push(
        inputError(
          "version.order",
          source,
          say(
            `版「${decl.id}」が 2 回定められています。`,
            `version 「${decl.id}」 is declared twice`,
          ),
        ),
      );
      continue;
    }
    const v = versionOf(files, decl, declared, manifest, prints, source, loadLinked);
    if (!v) continue;
    declared.add(v);
    if (v.kind !== "current" && v.kind !== "previous") {
      // Versions that read the same files share one reading (and its issues, said once).
      const key = v.files.map(fileKey).join("\u0000");
      let own = read.get(key);
      if (!own) {
        own = readLeaves(files, v.files, names, unit);
        read.set(key, own);
      }
      entries.set(v.id, own);
      notes.set(v.id, readNotes(files, decl.notes, names, v.kind === "revision" ? own : []));
    }
  }
  const defaultId = defaultVersion(
    files,
    manifest,
    list,
    field("/defaultVersion", "defaultVersion"),
  );
  return {
    list,
    defaultId,
    entries,
    notes,
    variance: variance(files, manifest, references, unit, field),
    comparisons: comparisons(files, manifest, list, field),
  };
}

/**
 * An actual or forecast version reading a file that the budget or a revision reads: an import
 * into it would write over that budget, and its figures are the budget's, not settled ones.
 */
function warnSharedFiles(
  files: BookFiles,
  manifest: Manifest,
  decl: VersionDecl,
  readers: ReadonlyMap<string, readonly string[]>,
  budgetReaders: ReadonlySet<string>,
  source: CellSource,
): void {
  if (decl.kind !== "actual" && decl.kind !== "forecast") return;
  for (const file of decl.files ?? budgetFilesOf(manifest)) {
    const others = (readers.get(fileKey(file)) ?? []).filter((r) => budgetReaders.has(r));
    if (others.length === 0) continue;
    files.issues.push(
      inputWarning(
        "version.shared-file",
        source,
        say(
          `${decl.kind === "actual" ? "実績" : "決算見込み"}の版「${decl.id}」が読む「${file}」は、${others.join(" と ")} も読むファイルです。この版の数値は予算の数値になり、この版への取込みはできません。この版専用のファイル（versions/${decl.id}.csv）を指定してください。`,
          `${decl.kind} version 「${decl.id}」 reads 「${file}」, which ${others.join(" and ")} also ${others.length === 1 ? "reads" : "read"}: its figures are the budget's, and an import into it is refused; give it a file of its own (versions/${decl.id}.csv)`,
        ),
      ),
    );
  }
}

/**
 * The versions declared so far, in order, with a lookup by id or name that finds what a
 * search from the first would (a key names the first version with that id or name): a book
 * of thousands of revisions resolves in linear time.
 */
class Declared {
  readonly ids = new Set<string>();
  private readonly byKey = new Map<string, Version>();
  /** The revision chain's root of each revision, filled as revisions are added. */
  private readonly roots = new Map<string, Version>();

  constructor(readonly list: Version[]) {}

  add(v: Version): void {
    this.list.push(v);
    this.ids.add(v.id);
    for (const key of [v.id, v.name]) if (!this.byKey.has(key)) this.byKey.set(key, v);
  }

  known(key: string): Version | undefined {
    return this.byKey.get(key);
  }

  get last(): Version | undefined {
    return this.list[this.list.length - 1];
  }

  /** A version's chain of revisions from the budget they change: [budget, 補正1, 補正2 …]. */
  chainOf(v: Version): Version[] {
    const chain: Version[] = [];
    let at: Version | undefined = v;
    while (at && at.kind === "revision") {
      chain.push(at);
      at = at.base === null ? undefined : this.known(at.base);
    }
    if (at) chain.push(at);
    return chain.reverse();
  }

  /** Where a version's chain starts (the version itself unless it is a revision). */
  rootOf(v: Version): Version | undefined {
    if (v.kind !== "revision") return v;
    const cached = this.roots.get(v.id);
    if (cached) return cached;
    // Walk down to the first version whose root is known, then fill the roots on the way.
    const walked: Version[] = [];
    let at: Version | undefined = v;
    let root: Version | undefined;
    while (at) {
      if (at.kind !== "revision") {
        root = at;
        break;
      }
      const known = this.roots.get(at.id);
      if (known) {
        root = known;
        break;
      }
      walked.push(at);
      at = at.base === null ? undefined : this.known(at.base);
    }
    if (root) for (const w of walked) this.roots.set(w.id, root);
    return root;
  }
}

/** One declaration as a version, its base and revisions resolved; undefined with issues. */
function versionOf(
  files: BookFiles,
  decl: VersionDecl,
  before: Declared,
  manifest: Manifest,
  prints: readonly PrintDecl[],
  source: CellSource,
  loadLinked: LoadLinked,
): Version | undefined {
  const refuse = (code: "version.unknown" | "version.order", message: Text) => {
    files.issues.push(inputError(code, source, message));
    return undefined;
  };
  const known = (id: string) => before.known(id);
  const common = {
    id: decl.id,
    name: decl.name,
    kind: decl.kind,
    asOf: decl.asOf ?? null,
    sample: decl.sample ?? null,
    fiscalYear: decl.fiscalYear ?? null,
    linked: null,
    source,
  };
  switch (decl.kind) {
    case "budget":
    case "forecast":
    case "actual":
      return {
        ...common,
        base: null,
        revisions: [],
        files: decl.files ?? budgetFilesOf(manifest),
        printed: null,
      };
    case "revision": {
      const baseText = decl.base ?? before.last?.id;
      const base = baseText === undefined ? undefined : known(baseText);
      if (!base) {
        return refuse(
          baseText === undefined ? "version.order" : "version.unknown",
          baseText === undefined
            ? say(
                `補正「${decl.id}」の前に、補正する版がありません。先にその予算を並べてください。`,
                `revision 「${decl.id}」 has no version before it to change: list its budget first`,
              )
            : say(
                `補正「${decl.id}」が補正する「${baseText}」は、それより前に並べた版ではありません。`,
                `revision 「${decl.id}」 changes 「${baseText}」, which is not a version listed before it`,
              ),
        );
      }
      if (base.kind !== "budget" && base.kind !== "revision")
        return refuse(
          "version.order",
          say(
            `補正「${decl.id}」が補正する「${base.id}」（${base.kind}）は予算でも補正でもありません。補正が変えるのは予算か別の補正です。`,
            `revision 「${decl.id}」 changes 「${base.id}」 (${base.kind}): a revision changes a budget or another revision`,
          ),
        );
      return { ...common, base: base.id, revisions: [], files: decl.files ?? [], printed: null };
    }
    case "current":
      return currentOf(decl, before, common, refuse);
    case "previous": {
      if (decl.book !== undefined) {
        const linked = linkedBook(decl, loadLinked);
        if (!linked.ok) return refuse("version.unknown", linked.why);
        return {
          ...common,
          base: null,
          revisions: [],
          files: [],
          printed: null,
          linked: linked.book,
        };
      }
      const print = prints.find((p) => p.id === decl.print);
      const column = print?.columns.find((c) => c.id === decl.column);
      if (!print || !column?.version)
        return refuse(
          "version.unknown",
          say(
            `版「${decl.id}」を印刷している「${decl.print}.${decl.column}」は、別の版を印刷する公表資料の列（"version" のある列）ではありません。`,
            `version 「${decl.id}」 is printed in 「${decl.print}.${decl.column}」, which is not a column of a print that prints another version (a column with "version")`,
          ),
        );
      return {
        ...common,
        base: null,
        revisions: [],
        files: [],
        printed: { print: print.id, column: column.id },
      };
    }
  }
}

/**
 * Loads the book of a previous year, named relative to this book's directory; returns the
 * book or why it cannot be used. A linked book's own links are not followed.
 */
type LoadLinked = (relative: string) => { book: Book } | { problem: Text };

/** The previous year's book as the version named presents it, or why not. */
function linkedBook(
  decl: VersionDecl,
  loadLinked: LoadLinked,
): { ok: true; book: Book } | { ok: false; why: Text } {
  const r = loadLinked(decl.book ?? "");
  if ("problem" in r)
    return {
      ok: false,
      why: say(
        `版「${decl.id}」が引き継ぐ帳簿「${decl.book}」を読み込めません。${r.problem.ja}`,
        `version 「${decl.id}」 continues the book 「${decl.book}」, which does not load: ${r.problem.en}`,
      ),
    };
  if (decl.version === undefined) return { ok: true, book: r.book };
  const v = findVersion(r.book, decl.version);
  if (!v || v.kind === "previous") {
    const ids = r.book.versions.list.map((x) => x.id);
    return {
      ok: false,
      why: say(
        `版「${decl.id}」が示す「${decl.version}」は、「${decl.book}」の数値のある版ではありません（版：${ids.join("、")}）。`,
        `version 「${decl.id}」 names 「${decl.version}」, not a version with figures of 「${decl.book}」 (versions: ${ids.join(", ")})`,
      ),
    };
  }
  return { ok: true, book: atVersion(r.book, v.id) };
}

/** A 現計: its budget and the chain of revisions from it up to `through`. */
function currentOf(
  decl: VersionDecl,
  before: Declared,
  common: Omit<Version, "base" | "revisions" | "files" | "printed">,
  refuse: (code: "version.unknown" | "version.order", message: Text) => undefined,
): Version | undefined {
  const known = (id: string) => before.known(id);
  const through = decl.through !== undefined ? known(decl.through) : undefined;
  if (decl.through !== undefined && !through)
    return refuse(
      "version.unknown",
      say(
        `現計「${decl.id}」は「${decl.through}」までを含めるとしていますが、「${decl.through}」はそれより前に並べた版ではありません。`,
        `現計 「${decl.id}」 runs through 「${decl.through}」, which is not a version listed before it`,
      ),
    );
  const base =
    decl.base !== undefined
      ? known(decl.base)
      : through
        ? before.rootOf(through)
        : before.list.find((v) => v.kind === "budget");
  if (base?.kind !== "budget")
    return refuse(
      decl.base !== undefined && !base ? "version.unknown" : "version.order",
      say(
        `現計「${decl.id}」の元になる「${decl.base ?? base?.id ?? ""}」は、それより前に並べた予算でなければなりません。`,
        `現計 「${decl.id}」 starts from 「${decl.base ?? base?.id ?? ""}」: it must be a budget listed before it`,
      ),
    );
  const last = through ?? lastRevisionOf(before, base);
  const chain = last ? before.chainOf(last) : [base];
  if (chain[0]?.id !== base.id)
    return refuse(
      "version.order",
      say(
        `現計「${decl.id}」が含める「${last?.id}」は、「${base.id}」を元にした補正ではありません。`,
        `現計 「${decl.id}」 runs through 「${last?.id}」, which does not build on 「${base.id}」`,
      ),
    );
  // A 現計 through an invented sample revision is a sample too, and says so wherever it is shown.
  const samples = chain
    .slice(1)
    .filter((v) => v.sample !== null)
    .map((v) => `${v.name}：${v.sample}`);
  return {
    ...common,
    sample: common.sample ?? (samples.length > 0 ? samples.join("；") : null),
    base: base.id,
    revisions: chain.slice(1).map((v) => v.id),
    files: [],
    printed: null,
  };
}

/** The last revision declared whose chain starts from `base`. */
function lastRevisionOf(before: Declared, base: Version): Version | undefined {
  for (let i = before.list.length - 1; i >= 0; i--) {
    const v = before.list[i] as Version;
    if (v.kind === "revision" && before.rootOf(v)?.id === base.id) return v;
  }
  return undefined;
}

/** 備考 of a version: its notes file, and for a revision the notes of its change rows. */
function readNotes(
  files: BookFiles,
  file: string | undefined,
  names: Names,
  changes: readonly BudgetEntry[],
): ReadonlyMap<string, VersionNote> {
  const out = new Map<string, VersionNote>();
  for (const e of changes)
    if (e.note !== "") out.set(noteKey(e.line, e.segment), { text: e.note, source: e.source });
  if (file === undefined) return out;
  const t = files.table(file, "notes", ["line", "note"], true);
  for (const r of t?.rows ?? []) {
    if (!t) break;
    const line = names.line(t, r, "line", { leafOnly: false });
    const segment = names.segment(t, r);
    if (line === null || segment === undefined) continue;
    out.set(noteKey(line.id, segment), {
      text: r.values.note ?? "",
      source: cellOf(t, r, "note"),
    });
  }
  return out;
}

/** The version built by default: the one named, else the latest budget, revision or 現計. */
function defaultVersion(
  files: BookFiles,
  manifest: Manifest,
  list: readonly Version[],
  at: CellSource,
): string {
  const named = manifest.defaultVersion;
  if (named !== undefined) {
    const v = list.find((x) => x.id === named || x.name === named);
    if (v && v.kind !== "previous") return v.id;
    files.issues.push(
      inputError(
        "version.unknown",
        at,
        say(
          `defaultVersion の「${named}」は、この帳簿の数値のある版ではありません（版：${list.map((x) => x.id).join("、")}）。`,
          `defaultVersion 「${named}」 is not a version with figures of this book (versions: ${list.map((x) => x.id).join(", ")})`,
        ),
      ),
    );
  }
  const budgets = list.filter((v) => BUDGET_KINDS.has(v.kind));
  return budgets[budgets.length - 1]?.id ?? list.find((v) => v.kind !== "previous")?.id ?? "budget";
}

/** The variance rules: threshold as an amount of the book's unit, expense lines that exist. */
function variance(
  files: BookFiles,
  manifest: Manifest,
  references: References,
  unit: Unit,
  field: (pointer: string, path: string) => CellSource,
): Versions["variance"] {
  const at = (key: string) => field(`/variance/${key}`, `variance.${key}`);
  const raw = manifest.variance?.threshold;
  let threshold: Money | null = null;
  if (raw !== undefined) {
    const parsed = parseAmount(String(raw));
    if (parsed.ok) threshold = Money.of(parsed.value.abs(), unit);
    else
      files.issues.push(
        inputError(
          "amount.invalid",
          at("threshold"),
          say(
            `variance.threshold の値を読めません。${parsed.reason.ja}`,
            `variance.threshold: ${parsed.reason.en}`,
          ),
        ),
      );
  }
  const expenses = manifest.variance?.expenses ?? [];
  for (const id of expenses)
    references.checkLine(
      id,
      at("expenses"),
      say(
        `variance.expenses の「${id}」は様式にありません。`,
        `variance.expenses 「${id}」 is not in the layout`,
      ),
    );
  return { threshold, expenses };
}

/** The comparisons build writes, each naming two versions with figures. */
function comparisons(
  files: BookFiles,
  manifest: Manifest,
  list: readonly Version[],
  field: (pointer: string, path: string) => CellSource,
): Comparison[] {
  const out: Comparison[] = [];
  for (const [i, c] of (manifest.comparisons ?? []).entries()) {
    const a = list.find((v) => v.id === c.a || v.name === c.a);
    const b = list.find((v) => v.id === c.b || v.name === c.b);
    if (!a || !b) {
      files.issues.push(
        inputError(
          "version.unknown",
          field(`/comparisons/${i}`, `comparisons.${i}`),
          say(
            `${i + 1} 番目の比較（comparisons）が示す「${a ? c.b : c.a}」は、この帳簿の版ではありません（版：${list.map((v) => v.id).join("、")}）。`,
            `comparison ${i + 1} names 「${a ? c.b : c.a}」, not a version of this book (versions: ${list.map((v) => v.id).join(", ")})`,
          ),
        ),
      );
      continue;
    }
    const known = new Set(manifest.statements.map((s) => s.id));
    const unknown = (c.statements ?? []).filter((s) => !known.has(s));
    if (unknown.length > 0)
      files.issues.push(
        inputError(
          "layout.unknown-statement",
          field(`/comparisons/${i}/statements`, `comparisons.${i}.statements`),
          say(
            `${i + 1} 番目の比較（comparisons）の statements にある「${unknown.join("、")}」は、この帳簿の財務諸表ではありません（財務諸表：${[...known].join("、")}）。`,
            `comparison ${i + 1} lists 「${unknown.join(", ")}」 under statements, not a statement of this book (statements: ${[...known].join(", ")})`,
          ),
        ),
      );
    out.push({
      a: a.id,
      b: b.id,
      title: c.title ?? `${a.name} → ${b.name}`,
      layout: c.layout ?? defaultComparisonLayout(a, b),
      ...(c.statements !== undefined ? { statements: c.statements } : {}),
      ...(c.depth !== undefined ? { depth: c.depth } : {}),
    });
  }
  return out;
}
