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
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { BookInputError, type InputIssue } from "../model/issues.ts";
import { loadBook } from "../read/load-book.ts";

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

/** Copy the book at `into` to `staging`; links inside it are copied as files, so the staged edits never write through them. */
export function copyBook(into: string, staging: string): void {
  cpSync(into, staging, { recursive: true, dereference: true });
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
    const loaded = loadBook(staging);
    if (!loaded.ok) {
      rmSync(staging, { recursive: true, force: true });
      // Name the book's own files, not the staging copy that no longer exists.
      const named = loaded.issues.map((i) =>
        i.source.kind === "cell"
          ? { ...i, source: { ...i.source, file: i.source.file.replace(staging, into) } }
          : i,
      );
      return { ok: false, issues: named };
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (error instanceof BookInputError) return { ok: false, issues: [...error.issues] };
    throw error;
  }
  const backup = install(staging, into);
  return { ok: true, bookDir: into, backup, files: [...new Set(files)] };
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
