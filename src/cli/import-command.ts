/**
 * `yosan import FILE... --into BOOK_DIR [--layout BOOK_DIR] [--dry-run]`: read spreadsheets and
 * CSV, recognise their tables, print what was recognised, what changes (per account and
 * segment) and every finding with its cell; then write the book all or nothing, keeping the
 * previous one as a backup. Bad input: exit 2 and the book on disk untouched. With `--version`,
 * the files are an accounting system's trial balance or journal, imported as actuals
 * (import-actuals.ts).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { importFindings, modelAndFindings } from "../check/model-and-findings.ts";
import type { Grid } from "../import/grid.ts";
import { DEFAULT_LIMITS } from "../import/grid.ts";
import { type Change, changesOf, type ImportPlan, planImport } from "../import/plan.ts";
import { readGrids } from "../import/read-grid.ts";
import { changesNothing, writeImport } from "../import/write-book.ts";
import type { Book } from "../model/book.ts";
import type { InputIssue } from "../model/issues.ts";
import { type Lang, say, terminalLang } from "../model/text.ts";
import { loadBook } from "../read/load-book.ts";
import {
  IMPORT_WORDS,
  importPlanText,
  notChanged,
  recognisedText,
  wroteBookText,
} from "../render/import-text.ts";
import type { ActualsImportOptions } from "./import-actuals.ts";
import { type CommandResult, invalid, type LangOptions, usage } from "./prepare.ts";

/** `--lang` and the environment (prepare.ts): the terminal speaks the book's language unless they say otherwise. */
export interface ImportOptions extends LangOptions {
  readonly into: string;
  readonly layout?: string;
  readonly dryRun?: boolean;
  /** Where progress goes for slow files (stderr when it is a terminal); none in tests. */
  readonly progress?: NodeJS.WriteStream | null;
  /** Add a library's own error text to messages about a file. */
  readonly verbose?: boolean;
  /** Import a trial balance or journal as this actual/forecast version (import-actuals.ts). */
  readonly version?: string;
  readonly actuals?: Omit<
    ActualsImportOptions,
    "into" | "version" | "dryRun" | "verbose" | "lang" | "env"
  >;
}

/**
 * The terminal's language: `--lang`, YOSAN_LANG, the locale, else the language of `book` (the
 * book imported into, or the layout book), else Japanese.
 */
function terminalOf(options: LangOptions, book?: Book | null): Lang {
  return terminalLang(options.lang, options.env ?? process.env, book?.language);
}

/** Show elapsed time on a terminal while a file takes more than a second to read. */
async function withProgress<T>(
  label: string,
  stream: NodeJS.WriteStream | null | undefined,
  work: Promise<T>,
): Promise<T> {
  if (!stream?.isTTY) return work;
  const start = Date.now();
  const timer = setInterval(() => {
    const s = ((Date.now() - start) / 1000).toFixed(0);
    stream.write(`\r${label} … ${s}s`);
  }, 250);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    if (Date.now() - start > 1000) stream.write(`\r${" ".repeat(label.length + 12)}\r`);
  }
}

/** Flags that do not go together, or no file: the refusal; else undefined. */
function misuse(
  files: readonly string[],
  options: ImportOptions,
  lang: Lang,
): CommandResult | undefined {
  if (files.length === 0) return usage(IMPORT_WORDS.noFile, lang);
  if (options.version !== undefined)
    return options.layout === undefined
      ? undefined
      : usage(
          say(
            "--layout は表から新しい帳簿を作るときに使います。実績（--version）は既存の帳簿に取り込みます。",
            "--layout makes a new book from tables; actuals (--version) go into an existing book",
          ),
          lang,
        );
  if (options.actuals !== undefined && Object.values(options.actuals).some((x) => x !== undefined))
    return usage(
      say(
        "--mapping、--as-of、--kind、--name、--unit、--signs は実績の取込みに使います。--version も指定してください。",
        "--mapping, --as-of, --kind, --name, --unit and --signs import actuals: give --version too",
      ),
      lang,
    );
  return undefined;
}

/** Actuals (`--version`): import-actuals.ts, loaded only then, so tables never load its readers. */
async function importActuals(
  files: readonly string[],
  version: string,
  options: ImportOptions,
): Promise<CommandResult> {
  const { runActualsImport } = await import("./import-actuals.ts");
  return runActualsImport(files, {
    ...options.actuals,
    into: options.into,
    version,
    dryRun: options.dryRun === true,
    verbose: options.verbose === true,
    ...(options.lang !== undefined ? { lang: options.lang } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
  });
}

/** The books an import reads: the one it goes into (null when it has no book.json yet) and the layout the files follow. */
type Books = { current: Book | null; layout: Book; layoutDir: string };

function loadBooks(options: ImportOptions): Books | CommandResult {
  let current: Book | null = null;
  if (existsSync(join(options.into, "book.json"))) {
    const l = loadBook(options.into);
    if (!l.ok)
      return invalid(l.issues, notChanged(options.into, `in ${options.into}`), terminalOf(options));
    current = l.book;
  }
  const lang = terminalOf(options, current);
  if (options.layout !== undefined) {
    const l = loadBook(options.layout);
    if (!l.ok)
      return invalid(
        l.issues,
        notChanged(`様式の帳簿 ${options.layout}`, `in the layout book ${options.layout}`),
        lang,
      );
    return { current, layout: l.book, layoutDir: options.layout };
  }
  if (current) return { current, layout: current, layoutDir: options.into };
  return usage(
    say(
      `${options.into} に book.json がありません。ファイルがどの科目・区分・財務諸表に従うかを、--layout BOOK_DIR で指定してください。`,
      `${options.into} has no book.json; give --layout BOOK_DIR to say which accounts, segments and statements the files follow`,
    ),
    lang,
  );
}

/** Every file's grids, or every issue of the files that cannot be read. */
async function readFiles(
  files: readonly string[],
  options: ImportOptions,
  lang: Lang,
): Promise<Grid[] | CommandResult> {
  const grids: Grid[] = [];
  const issues: InputIssue[] = [];
  for (const file of files) {
    const r = await withProgress(
      lang === "ja" ? `${file} を読み込み中` : `reading ${file}`,
      options.progress,
      readGrids(file, file, DEFAULT_LIMITS, { verbose: options.verbose === true }),
    );
    if (r.ok) for (const g of r.grids) grids.push(g);
    else for (const i of r.issues) issues.push(i);
  }
  return issues.length > 0
    ? invalid(issues, notChanged("ファイルの読み込み時", "reading the files"), lang)
    : grids;
}

/** The book written all or nothing (unless a dry run, or nothing would change), with what was printed before. */
function writeBook(
  plan: ImportPlan,
  changes: readonly Change[],
  books: Books,
  options: ImportOptions,
  printed: CommandResult,
  lang: Lang,
): CommandResult {
  const { current } = books;
  const stdout = [...printed.stdout];
  const nothingToWrite = changesNothing(plan, changes, current);
  if (options.dryRun) stdout.push(IMPORT_WORDS.dryRun[lang]);
  else if (nothingToWrite) stdout.push(IMPORT_WORDS.unchanged(options.into)[lang]);
  else {
    const written = writeImport(plan, changes, current, options.into, books.layoutDir);
    if (!written.ok)
      return {
        ...invalid(
          written.issues,
          notChanged(
            "取込み後の帳簿（このままでは読み込めません）",
            "in the imported book (it would not load)",
          ),
          lang,
        ),
        stdout,
      };
    stdout.push(wroteBookText(written, lang));
  }
  return { ...printed, stdout };
}

/** `yosan import`: flags → books → files read → plan → printed → written. */
export async function runImport(
  files: readonly string[],
  options: ImportOptions,
): Promise<CommandResult> {
  const misused = misuse(files, options, terminalOf(options));
  if (misused) return misused;
  if (options.version !== undefined) return importActuals(files, options.version, options);
  const books = loadBooks(options);
  if ("exitCode" in books) return books;
  const lang = terminalOf(options, books.current ?? books.layout);
  const grids = await readFiles(files, options, lang);
  if ("exitCode" in grids) return grids;
  const plan = planImport(grids, books.layout, books.current);
  const stdout = recognisedText(plan, lang);
  if (plan.issues.some((i) => i.severity === "error"))
    return { ...invalid(plan.issues, notChanged("ファイル内", "in the files"), lang), stdout };
  if (plan.recognised.length === 0)
    return {
      ...usage(
        say(
          `${files.join("、")} に認識できる表がありません。帳簿は変更していません。`,
          `no table recognised in ${files.join(", ")}; the book was not changed`,
        ),
        lang,
      ),
      stdout,
    };
  const changes = changesOf(plan, books.current);
  const findings = importFindings(modelAndFindings(plan.book, plan.book.version).findings);
  stdout.push(...importPlanText(books.layout, plan, changes, findings, lang));
  const exitCode = findings.some((f) => f.status === "fail") ? 1 : 0;
  return writeBook(plan, changes, books, options, { exitCode, stdout, stderr: [] }, lang);
}
