/**
 * What every command over a book starts with: the book loaded (its load warnings formatted for
 * stderr), and for the commands that need them, its model and findings.
 */
import { reconcile } from "../check/reconcile.ts";
import { derive } from "../derive/derive.ts";
import type { Book } from "../model/book.ts";
import type { Finding } from "../model/findings.ts";
import { formatInputIssue, type InputIssue } from "../model/issues.ts";
import type { Model } from "../model/model.ts";
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

/** The book in `bookDir`, or the issues that stop it from loading. */
export function bookFor(bookDir: string): Prepared<{ book: Book }> {
  const r = loadBook(bookDir);
  if (!r.ok) return { ok: false, issues: r.issues };
  return { ok: true, book: r.book, warnings: r.warnings.map(formatInputIssue) };
}

/** The book in `bookDir` derived and reconciled (`strict`: print findings fail). */
export function modelFor(
  bookDir: string,
  strict: boolean,
): Prepared<{ book: Book; model: Model; findings: Finding[] }> {
  const l = bookFor(bookDir);
  if (!l.ok) return l;
  const model = derive(l.book);
  return { ...l, model, findings: reconcile(model, { strict }) };
}
