/**
 * Writing a book all or nothing, whatever the import: the new book is assembled in a staging
 * directory beside the target, loaded and validated there, and only then swapped in; the
 * previous book is kept as a backup directory whose name the command prints. A book whose
 * staged form does not load is never installed. The spreadsheet import (write-book.ts) and the
 * actuals import (actuals/write.ts) both write through here.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { isInside } from "../io/files.ts";
import { BookInputError, type InputIssue, inputError } from "../model/issues.ts";
import { cell } from "../model/provenance.ts";
import { say } from "../model/text.ts";
import { loadBook } from "../read/load-book.ts";
import { fileKey, fileReaders, MANIFEST_FILE, type Manifest } from "../read/manifest.ts";

export type WriteResult =
  | { ok: true; bookDir: string; backup: string | null; files: string[] }
  | { ok: false; issues: InputIssue[] };

/**
 * Rewrite the existing book at `target` all or nothing: a copy is staged, `edit` changes the
 * copy (returning the files it wrote, relative to the book), the copy must load, and only then
 * is it swapped in with the previous book kept as a backup.
 */
export function rewriteBook(target: string, edit: (staging: string) => string[]): WriteResult {
  return writeAllOrNothing(target, (staging, into) => {
    copyBook(into, staging);
    return edit(staging);
  });
}

/**
 * Copy the book at `into` to `staging`; links inside it are copied as files, so the staged
 * edits never write through them. A link that leads out of the book (or nowhere) is refused
 * first: copying through it would copy whatever it points at.
 */
export function copyBook(into: string, staging: string): void {
  const out = linksOut(into, into);
  if (out.length > 0)
    throw new BookInputError(
      out.map((link) =>
        inputError(
          "file.outside",
          cell(link, 1),
          say(
            "帳簿の中に、帳簿の外か存在しない場所へのリンクがあります。帳簿は一つのディレクトリとして書き込むため、yosan はリンクをたどってコピーしません。リンクを削除するか、ファイルを帳簿の中にコピーしてください。",
            `the book holds a link to a place outside it or to nothing: a book is written as one directory, so yosan will not copy through it; remove the link or copy the file into the book`,
          ),
        ),
      ),
    );
  cpSync(into, staging, { recursive: true, dereference: true });
}

/** The links under `dir` that lead outside `root`, or nowhere. */
function linksOut(dir: string, root: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return linksOut(path, root);
    if (!e.isSymbolicLink()) return [];
    try {
      return isInside(realpathSync(path), root) ? [] : [path];
    } catch {
      return [path];
    }
  });
}

/**
 * The files of the book at `into` that a write may replace: those book.json reads (by name or
 * as the same file on disk), book.json itself and mapping.csv. A file of the office's own that
 * nothing reads is never written over.
 */
function replaceable(into: string): (file: string) => boolean {
  let readers: ReadonlyMap<string, readonly string[]>;
  try {
    readers = fileReaders(
      JSON.parse(
        readFileSync(join(into, MANIFEST_FILE), "utf8").replace(/^\uFEFF/, ""),
      ) as Manifest,
    );
  } catch (error) {
    // No book yet: a new book replaces nothing. A book.json that cannot be read: nothing is
    // known to be read, so nothing already there is replaced (each is refused by name).
    const missing = (error as { code?: unknown }).code === "ENOENT";
    return () => missing;
  }
  const identities = new Set([...readers.keys()].map((f) => identity(join(into, f))));
  return (file) => readers.has(fileKey(file)) || identities.has(identity(join(into, file)));
}

/** A file's device and inode, or null when there is no such file. */
export function identity(path: string): string | null {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.dev}:${s.ino}`;
  } catch {
    return null;
  }
}

/**
 * The staging machinery every write shares: `fill` writes the new book into a staging
 * directory beside the target (`into`: the target's real directory) and returns the files it
 * wrote; the staged book must load; then it is installed.
 */
export function writeAllOrNothing(
  target: string,
  fill: (staging: string, into: string) => string[],
): WriteResult {
  // Work on the real directory: a symlinked book is updated where it lives, and its backup is
  // a real copy, not a second link to the same files.
  const into = existsSync(target) ? realpathSync(target) : target;
  const parent = dirname(into);
  mkdirSync(parent, { recursive: true });
  const staging = join(parent, `.${basename(into)}.yosan-staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  let files: string[];
  try {
    files = fill(staging, into);
    const mayReplace = replaceable(into);
    const unread = files.filter((f) => existsSync(join(into, f)) && !mayReplace(f));
    if (unread.length > 0)
      throw new BookInputError(
        unread.map((f) =>
          inputError(
            "import.overwrite",
            cell(join(into, f), 1),
            say(
              `取込みで「${f}」を書き込むことになりますが、このファイルは帳簿にすでにあり、book.json からは読まれていません。取込みは自分が書いていないファイルを上書きしません。ファイルを移動するか名前を変えてから、もう一度取り込んでください。`,
              `the import would write 「${f}」, a file already in the book that book.json does not read: an import never writes over a file it did not write; move or rename it, then import again`,
            ),
          ),
        ),
      );
    const issues = loadStaged(staging, into);
    if (issues !== undefined) return { ok: false, issues };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (error instanceof BookInputError) return { ok: false, issues: [...error.issues] };
    throw error;
  }
  const backup = install(staging, into);
  return { ok: true, bookDir: into, backup, files: [...new Set(files)] };
}

/**
 * Load the book staged in `staging` for `into`: undefined when it loads; else its issues, named
 * at the book's own files rather than the staging copy, which is removed.
 */
export function loadStaged(staging: string, into: string): InputIssue[] | undefined {
  const loaded = loadBook(staging);
  if (loaded.ok) return undefined;
  rmSync(staging, { recursive: true, force: true });
  return loaded.issues.map((i) =>
    i.source.kind === "cell"
      ? { ...i, source: { ...i.source, file: i.source.file.replace(staging, into) } }
      : i,
  );
}

/** A book's id from its folder's name: lower-case letters, digits and hyphens, else `book`. */
export function bookIdOf(dir: string): string {
  return (
    basename(dir)
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "") || "book"
  );
}

/** A backup name no other run can take: time to the millisecond and the process id. */
function backupName(into: string): string {
  const time = new Date().toISOString().replace(/[-:]/g, "").replace("Z", "");
  return `${into}.backup-${time}-${process.pid}`;
}

/**
 * Swap the staged book in: the previous book (if any) is renamed to a backup first, and put
 * back if the swap fails. Returns the backup's name.
 */
function install(staging: string, into: string): string | null {
  let backup: string | null = null;
  try {
    if (existsSync(into)) {
      if (readdirSync(into).length === 0) rmdirSync(into);
      else {
        backup = backupName(into);
        renameSync(into, backup);
      }
    }
    renameSync(staging, into);
  } catch (error) {
    // Put the previous book back where it was, and leave nothing half-installed.
    rmSync(staging, { recursive: true, force: true });
    if (backup !== null && !existsSync(into)) {
      try {
        renameSync(backup, into);
      } catch {
        throw new Error(`${(error as Error).message}; the previous book is kept at ${backup}`);
      }
    }
    throw error;
  }
  return backup;
}
