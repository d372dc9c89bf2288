/**
 * What every command over a book starts with: the book loaded at the version asked for (its
 * load warnings formatted for stderr), and for the commands that need them, its model and
 * findings; and the two ways a command refuses (exit 2): bad input, misuse.
 */

import { modelAndFindings } from "../check/model-and-findings.ts";
import type { Book } from "../model/book.ts";
import type { Finding } from "../model/findings.ts";
import { formatInputIssue, type InputIssue, inputError, reportIssues } from "../model/issues.ts";
import type { Model } from "../model/model.ts";
import { cell } from "../model/provenance.ts";
import { loadBookAt } from "../read/load-book.ts";

/** What a command prints and its exit code (0 pass, 1 a check failed, 2 refused). */
export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string[];
  readonly stderr: string[];
}

type Prepared<T> = ({ ok: true; warnings: string[] } & T) | { ok: false; issues: InputIssue[] };

/**
 * The book in `bookDir` as `version` presents it (id or name; default: the book's default
 * version), or the issues that stop it from loading or the version that does not exist.
 */
export function bookFor(bookDir: string, version?: string): Prepared<{ book: Book }> {
  const r = loadBookAt(bookDir, version);
  return r.ok ? { ok: true, book: r.book, warnings: r.warnings.map(formatInputIssue) } : r;
}

/** The book in `bookDir` (as `version` presents it) derived and reconciled (`strict`: print findings fail). */
export function modelFor(
  bookDir: string,
  strict: boolean,
  version?: string,
): Prepared<{ book: Book; model: Model; findings: Finding[] }> {
  const l = bookFor(bookDir, version);
  if (!l.ok) return l;
  return { ...l, ...modelAndFindings(l.book, l.book.version, { strict }) };
}

/** The `output.refused` issue of an output path. */
export function refused(target: string, why: string): InputIssue {
  return inputError("output.refused", cell(target, 1), why);
}

/** Refused for bad input (exit 2): every issue at its cell, then what they were `context` (e.g. `in BOOK_DIR`). */
export function invalid(issues: readonly InputIssue[], context: string): CommandResult {
  return { exitCode: 2, stdout: [], stderr: reportIssues(issues, context) };
}

/** Refused for misuse (exit 2): `yosan: ` and the message. */
export function usage(message: string): CommandResult {
  return { exitCode: 2, stdout: [], stderr: [`yosan: ${message}`] };
}
