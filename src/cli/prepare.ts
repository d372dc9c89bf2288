/**
 * What every command over a book starts with: the book loaded (its load warnings formatted for
 * stderr), and for the commands that need them, its model and findings.
 */

import { join } from "node:path";
import { reconcile } from "../check/reconcile.ts";
import { versionModel } from "../derive/compare.ts";
import type { Book } from "../model/book.ts";
import type { Finding } from "../model/findings.ts";
import { formatInputIssue, type InputIssue, inputError } from "../model/issues.ts";
import type { Model } from "../model/model.ts";
import { cell } from "../model/provenance.ts";
import { atVersion, findVersion, viewableVersion, viewableVersions } from "../model/version.ts";
import { loadBook } from "../read/load-book.ts";

/** What a command prints and its exit code (0 pass, 1 a check failed, 2 refused). */
export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string[];
  readonly stderr: string[];
}

export type Prepared<T> =
  | ({ ok: true; warnings: string[] } & T)
  | { ok: false; issues: InputIssue[] };

/**
 * The book in `bookDir` as `version` presents it (id or name; default: the book's default
 * version), or the issues that stop it from loading or the version that does not exist.
 */
export function bookFor(bookDir: string, version?: string): Prepared<{ book: Book }> {
  const r = loadBook(bookDir);
  if (!r.ok) return { ok: false, issues: r.issues };
  const warnings = r.warnings.map(formatInputIssue);
  if (version === undefined) return { ok: true, book: r.book, warnings };
  const v = viewableVersion(r.book, version);
  if (!v) {
    const list = viewableVersions(r.book);
    const printed = findVersion(r.book, version);
    return {
      ok: false,
      issues: [
        inputError(
          "version.unknown",
          cell(join(bookDir, "book.json"), 1, "versions"),
          printed
            ? `「${version}」 is known only as a print shows it: it has no statements of its own (compare it instead)`
            : `no version 「${version}」 in this book (versions: ${list.map((x) => `${x.id} ${x.name}`).join(", ")})`,
        ),
      ],
    };
  }
  return { ok: true, book: atVersion(r.book, v.id), warnings };
}

/** The book in `bookDir` (as `version` presents it) derived and reconciled (`strict`: print findings fail). */
export function modelFor(
  bookDir: string,
  strict: boolean,
  version?: string,
): Prepared<{ book: Book; model: Model; findings: Finding[] }> {
  const l = bookFor(bookDir, version);
  if (!l.ok) return l;
  // Through the per-book cache of derived versions, so the comparisons a build writes reuse it.
  const model = versionModel(l.book, l.book.version);
  return { ...l, model, findings: reconcile(model, { strict }) };
}

/** The `output.refused` issue of an output path. */
export function refused(target: string, why: string): InputIssue {
  return inputError("output.refused", cell(target, 1), why);
}
