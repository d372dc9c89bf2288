/**
 * The book the server shows, kept live: loaded, derived and checked once per change on disk,
 * and replaced whole when its files change (a book that no longer loads is kept as its input
 * issues, never as the last figures that did). Listeners hear of every new state; the
 * renderings offered as downloads are made once per state, on first request.
 */
import { createHash } from "node:crypto";
import { type FSWatcher, lstatSync, readdirSync, watch } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Recomputer } from "../check/incremental.ts";
import { modelAndFindings } from "../check/model-and-findings.ts";
import type { ReconcileOptions } from "../check/reconcile.ts";
import type { DeclaredComparison } from "../check/variance.ts";
import type { Book } from "../model/book.ts";
import { countFindings, type Finding, type FindingCounts } from "../model/findings.ts";
import type { InputIssue } from "../model/issues.ts";
import type { Model } from "../model/model.ts";
import type { Lang } from "../model/text.ts";
import { versionOf, viewableVersion } from "../model/version.ts";
import { loadBook } from "../read/load-book.ts";
import { type RenderedFile, renderDataOutputs } from "../render/outputs.ts";
import { reportFile } from "../render/report/report.ts";
import { renderWorkbook } from "../render/workbook/workbook.ts";
import { SourceDocuments } from "./source-documents.ts";
import { VersionCache } from "./versions.ts";

/** A book that loaded: its model, findings and what recomputes it after a what-if edit. */
export interface LoadedState {
  readonly ok: true;
  /** Counts up with every reload; pages carry it to know when they are stale. */
  readonly generation: number;
  readonly book: Book;
  readonly warnings: readonly InputIssue[];
  readonly model: Model;
  readonly findings: readonly Finding[];
  readonly counts: FindingCounts;
  readonly recomputer: Recomputer;
  /** The book's other versions and comparisons of versions, computed when first asked for. */
  readonly versions: VersionCache;
  readonly documents: SourceDocuments;
  /** The book's files when it was read (see `bookSignature`). */
  readonly signature: string;
}

/** A book that does not load: the issues, each at its cell. */
interface FailedState {
  readonly ok: false;
  readonly generation: number;
  readonly issues: readonly InputIssue[];
  readonly signature: string;
}

type BookState = LoadedState | FailedState;

/** A version's build files in one language, rendered for one state of the book. */
interface Downloads {
  readonly model: Model;
  readonly findings: readonly Finding[];
  readonly comparisons: readonly DeclaredComparison[];
  readonly files: RenderedFile[];
  workbook: Promise<RenderedFile> | null;
  ready: RenderedFile | null;
}

/** The workbook's name among the downloads (as `yosan build` writes it). */
export const WORKBOOK = "statements.xlsx";

/** Most directory entries a signature reads (a book is a handful of files). */
const SIGNATURE_ENTRIES = 10_000;

/**
 * A fingerprint of every file under `dir` — name, kind, size, modification time and inode —
 * that changes whenever a file is written, added, removed or the directory swapped (an
 * import installs a new directory under the same name). "" when the directory is missing.
 */
export function bookSignature(dir: string): string {
  const h = createHash("sha256");
  let seen = 0;
  const walk = (d: string, prefix: string): boolean => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch {
      return prefix !== "";
    }
    for (const name of names) {
      if (++seen > SIGNATURE_ENTRIES) return true;
      const p = join(d, name);
      try {
        const st = lstatSync(p);
        h.update(`${prefix}${name}\0${st.mode}\0${st.size}\0${st.mtimeMs}\0${st.ino}\0`);
        if (st.isDirectory()) walk(p, `${prefix}${name}/`);
      } catch {
        h.update(`${prefix}${name}\0gone\0`);
      }
    }
    return true;
  };
  try {
    h.update(String(lstatSync(dir).ino));
  } catch {
    return "";
  }
  return walk(dir, "") ? h.digest("hex") : "";
}

/** Load, derive and check the book in `dir`: the state of reload number `generation`. */
function readState(dir: string, generation: number, options: ReconcileOptions): BookState {
  const signature = bookSignature(dir);
  const loaded = loadBook(dir);
  if (!loaded.ok) return { ok: false, generation, issues: loaded.issues, signature };
  const { model, findings, recomputer } = modelAndFindings(loaded.book, loaded.book.version, {
    strict: options.strict,
    whatIf: true,
  });
  return {
    ok: true,
    generation,
    book: loaded.book,
    warnings: loaded.warnings,
    model,
    findings,
    counts: countFindings(findings),
    recomputer,
    versions: new VersionCache(loaded.book, options, {
      model,
      findings,
      counts: countFindings(findings),
    }),
    documents: new SourceDocuments(dir),
    signature,
  };
}

/** The book in a directory, reloaded when its files change. */
export class LiveBook {
  private state: BookState;
  private readonly listeners = new Set<(state: BookState) => void>();
  /** The build's files per version shown and language, rendered once per state on first request. */
  private downloads = new Map<string, Downloads>();
  /** The generation of the state `downloads` were rendered for. */
  private downloadsOf = 0;
  private watchers: FSWatcher[] = [];
  private poll: NodeJS.Timeout | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private warming: NodeJS.Immediate | null = null;
  private watching = false;

  constructor(
    readonly dir: string,
    readonly options: ReconcileOptions,
  ) {
    this.state = readState(dir, 1, options);
    this.warmUp();
  }

  get current(): BookState {
    return this.state;
  }

  /** Hear of every new state; returns the function that stops listening. */
  subscribe(listener: (state: BookState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Read the book again if its files changed (or always, with `force`); true when it did. */
  refresh(force = false): boolean {
    if (!force && bookSignature(this.dir) === this.state.signature) return false;
    this.state = readState(this.dir, this.state.generation + 1, this.options);
    this.downloads.clear();
    this.rewatch();
    this.warmUp();
    for (const l of this.listeners) l(this.state);
    return true;
  }

  /**
   * The build's files of a version for the current state (statements.json, the
   * CSVs, report.html; for the default version with the comparisons the book declares, as
   * `yosan build --lang` writes them in `lang`), rendered once per state; null when the book
   * does not load.
   */
  files(versionId: string | undefined, lang: Lang): RenderedFile[] | null {
    return this.downloadsFor(versionId, lang)?.files ?? null;
  }

  /** statements.xlsx of a version for the current state, rendered once (it takes a second or two). */
  workbook(versionId: string | undefined, lang: Lang): Promise<RenderedFile> | null {
    const d = this.downloadsFor(versionId, lang);
    if (!d) return null;
    d.workbook ??= renderWorkbook(d.model, d.findings, { comparisons: d.comparisons, lang }).then(
      (content) => {
        d.ready = { name: WORKBOOK, content };
        return d.ready;
      },
      (error: unknown) => {
        // Not kept: the next request tries again.
        d.workbook = null;
        throw error;
      },
    );
    return d.workbook;
  }

  /** statements.xlsx of a version when it has been rendered for the current state. */
  workbookReady(versionId: string | undefined, lang: Lang): RenderedFile | null {
    return this.downloadsFor(versionId, lang)?.ready ?? null;
  }

  private downloadsFor(versionId: string | undefined, lang: Lang): Downloads | null {
    const s = this.state;
    if (!s.ok) return null;
    if (this.downloadsOf !== s.generation) {
      this.downloads.clear();
      this.downloadsOf = s.generation;
    }
    // No version named: the default one; a name that is no viewable version: nothing.
    const v = versionId === undefined ? versionOf(s.book) : viewableVersion(s.book, versionId);
    if (!v) return null;
    const key = `${v.id}\u0000${lang}`;
    let d = this.downloads.get(key);
    if (!d) {
      const f = s.versions.of(v);
      // As `yosan build`: the declared comparisons go with the default version only.
      const comparisons = v.id === s.book.versions.defaultId ? s.versions.declared() : [];
      d = {
        model: f.model,
        findings: f.findings,
        comparisons,
        files: [
          ...renderDataOutputs(f.model, f.findings, ["json", "csv"], comparisons, lang),
          reportFile(f.model, f.findings, comparisons, lang),
        ],
        workbook: null,
        ready: null,
      };
      this.downloads.set(key, d);
    }
    return d;
  }

  /**
   * Watch the book: file system events where the platform gives them (the directory and its
   * parent, since an import swaps the directory), and a poll of the signature every second
   * for everything else (editors that save by rename, network drives).
   */
  watch(): void {
    this.watching = true;
    this.rewatch();
    this.poll ??= setInterval(() => this.changed(), 1000);
    this.poll.unref();
  }

  private rewatch(): void {
    if (!this.watching) return;
    for (const w of this.watchers) w.close();
    this.watchers = [];
    const name = basename(this.dir);
    const targets: [string, boolean, (file: string | null) => boolean][] = [
      [this.dir, true, () => true],
      [dirname(this.dir), false, (file) => file === null || file === name],
    ];
    for (const [path, recursive, relevant] of targets) {
      try {
        const w = watch(path, { recursive, persistent: false }, (_event, file) => {
          if (relevant(file === null ? null : String(file))) this.changed();
        });
        w.on("error", () => w.close());
        this.watchers.push(w);
      } catch {
        // No events for this path (gone, or not supported): the poll covers it.
      }
    }
  }

  private changed(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = null;
      this.refresh();
    }, 100);
    this.debounce.unref();
  }

  /** Prepare the what-if recomputation of likely edits while nothing else is asked. */
  private warmUp(): void {
    if (this.warming) clearImmediate(this.warming);
    const s = this.state;
    if (!s.ok) return;
    const steps = s.recomputer.warmUp();
    const step = () => {
      this.warming = null;
      if (this.state !== s || steps.next().done) return;
      this.warming = setImmediate(step).unref();
    };
    this.warming = setImmediate(step).unref();
  }

  close(): void {
    this.watching = false;
    for (const w of this.watchers) w.close();
    this.watchers = [];
    if (this.poll) clearInterval(this.poll);
    if (this.debounce) clearTimeout(this.debounce);
    if (this.warming) clearImmediate(this.warming);
    this.poll = null;
    this.debounce = null;
    this.warming = null;
    this.listeners.clear();
  }
}
