/**
 * What every command over a book starts with: the languages it speaks (the terminal's and the
 * files'), the book loaded at the version asked for (its load warnings formatted for stderr),
 * and for the commands that need them, its model and findings; and the two ways a command
 * refuses (exit 2): bad input, misuse.
 */

import { isAbsolute, relative, resolve } from "node:path";
import { modelAndFindings } from "../check/model-and-findings.ts";
import type { Book } from "../model/book.ts";
import type { Finding } from "../model/findings.ts";
import { formatInputIssue, type InputIssue, inputError, reportIssues } from "../model/issues.ts";
import type { Model } from "../model/model.ts";
import { cell } from "../model/provenance.ts";
import { documentLang, type Lang, say, type Text, terminalLang } from "../model/text.ts";
import { loadBookAt } from "../read/load-book.ts";

/** What a command prints and its exit code (0 pass, 1 a check failed, 2 refused). */
export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string[];
  readonly stderr: string[];
}

/** The environment a command reads its language from (YOSAN_LANG, LC_ALL, LC_MESSAGES, LANG). */
export type Env = Readonly<Record<string, string | undefined>>;

/** The language a command was asked for (`--lang`) and the environment that decides otherwise. */
export interface LangOptions {
  /** `--lang`: the language of the terminal and the files, whatever the book or locale say. */
  readonly lang?: Lang;
  /** Where YOSAN_LANG and the locale are read (default: the process's environment). */
  readonly env?: Env;
}

/** The languages a command speaks: on the terminal, and in the files and pages it writes. */
export interface Languages {
  readonly terminal: Lang;
  readonly document: Lang;
}

/**
 * The languages of a command over `book` (model/text.ts terminalLang, documentLang); before a
 * book loads, those the flag and the environment choose.
 */
function languagesOf(options: LangOptions, book?: Book): Languages {
  const env = options.env ?? process.env;
  return {
    terminal: terminalLang(options.lang, env, book?.language),
    document: documentLang(options.lang, env, book?.language),
  };
}

type Prepared<T> =
  | ({ ok: true; warnings: string[]; lang: Languages } & T)
  | { ok: false; issues: InputIssue[]; lang: Languages };

/**
 * The book in `bookDir` as `version` presents it (id or name; default: the book's default
 * version), or the issues that stop it from loading or the version that does not exist; with
 * the languages the command speaks about it.
 */
export function bookFor(
  bookDir: string,
  version?: string,
  speech: LangOptions = {},
): Prepared<{ book: Book }> {
  const r = loadBookAt(bookDir, version);
  if (!r.ok) return { ...r, lang: languagesOf(speech) };
  const lang = languagesOf(speech, r.book);
  return {
    ok: true,
    book: r.book,
    warnings: r.warnings.map((w) => formatInputIssue(w, lang.terminal)),
    lang,
  };
}

/** The book in `bookDir` (as `version` presents it) derived and reconciled (`strict`: print findings fail). */
export function modelFor(
  bookDir: string,
  strict: boolean,
  version?: string,
  speech: LangOptions = {},
): Prepared<{ book: Book; model: Model; findings: Finding[] }> {
  const l = bookFor(bookDir, version, speech);
  if (!l.ok) return l;
  return { ...l, ...modelAndFindings(l.book, l.book.version, { strict }) };
}

/** The `output.refused` issue of an output path (`why` from io/files.ts). */
export function refused(target: string, why: Text): InputIssue {
  return inputError("output.refused", cell(target, 1), why);
}

/** Where the issues of a command over `bookDir` are: `in BOOK_DIR`. */
export function inBook(bookDir: string): Text {
  return say(bookDir, `in ${bookDir}`);
}

/**
 * Refused for bad input (exit 2): every issue at its cell, then how many and `where` they are
 * (e.g. `inBook(dir)`), in `lang`.
 */
export function invalid(issues: readonly InputIssue[], where: Text, lang: Lang): CommandResult {
  return { exitCode: 2, stdout: [], stderr: reportIssues(issues, where, lang) };
}

/** Refused for misuse (exit 2): `yosan: ` and the message in `lang`. */
export function usage(message: Text, lang: Lang): CommandResult {
  return { exitCode: 2, stdout: [], stderr: [`yosan: ${message[lang]}`] };
}

/**
 * `--segment` given for a book without segments (exit 2): every figure is the total, so there
 * is no segment to pick.
 */
export function noSegments(book: Book, segment: string, lang: Lang): CommandResult {
  return usage(
    say(
      `この帳簿には${book.segmentTerm}がないので、「${segment}」は指定できません（金額はすべて合計です。--segment を外してください）。`,
      `this book has no segments, so 「${segment}」 cannot be picked (every figure is the total: leave out --segment)`,
    ),
    lang,
  );
}

/**
 * A path as the terminal shows it: relative to the working directory when it lies below it,
 * else absolute (`/tmp/out`, not `../../tmp/out`).
 */
export function shownPath(path: string): string {
  const full = resolve(path);
  const rel = relative(process.cwd(), full);
  return rel.startsWith("..") || isAbsolute(rel) ? full : rel || ".";
}

/** `wrote FILE` / `FILE を出力しました`, the path as shownPath gives it. */
export function wroteLine(target: string, lang: Lang): string {
  const shown = shownPath(target);
  return lang === "ja" ? `${shown} を出力しました` : `wrote ${shown}`;
}
