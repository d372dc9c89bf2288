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
import { loadBook } from "../read/load-book.ts";
import { importPlanText, recognisedText } from "../render/import-text.ts";
import type { ActualsImportOptions } from "./import-actuals.ts";
import { type CommandResult, invalid, usage } from "./prepare.ts";

export interface ImportOptions {
  readonly into: string;
  readonly layout?: string;
  readonly dryRun?: boolean;
  /** Where progress goes for slow files (stderr when it is a terminal); none in tests. */
  readonly progress?: NodeJS.WriteStream | null;
  /** Add a library's own error text to messages about a file. */
  readonly verbose?: boolean;
  /** Import a trial balance or journal as this actual/forecast version (import-actuals.ts). */
  readonly version?: string;
  readonly actuals?: Omit<ActualsImportOptions, "into" | "version" | "dryRun" | "verbose">;
}

/** What every refusal of an import adds: the book on disk is as it was. */
const NOT_CHANGED = "; the book was not changed";

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
function misuse(files: readonly string[], options: ImportOptions): CommandResult | undefined {
  if (files.length === 0) return usage("import needs at least one FILE");
  if (options.version !== undefined)
    return options.layout === undefined
      ? undefined
      : usage(
          "--layout makes a new book from tables; actuals (--version) go into an existing book",
        );
  if (options.actuals !== undefined && Object.values(options.actuals).some((x) => x !== undefined))
    return usage(
      "--mapping, --as-of, --kind, --name, --unit and --signs import actuals: give --version too",
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
  });
}

/** The books an import reads: the one it goes into (null when it has no book.json yet) and the layout the files follow. */
type Books = { current: Book | null; layout: Book; layoutDir: string };

function loadBooks(options: ImportOptions): Books | CommandResult {
  let current: Book | null = null;
  if (existsSync(join(options.into, "book.json"))) {
    const l = loadBook(options.into);
    if (!l.ok) return invalid(l.issues, `in ${options.into}${NOT_CHANGED}`);
    current = l.book;
  }
  if (options.layout !== undefined) {
    const l = loadBook(options.layout);
    if (!l.ok) return invalid(l.issues, `in the layout book ${options.layout}${NOT_CHANGED}`);
    return { current, layout: l.book, layoutDir: options.layout };
  }
  if (current) return { current, layout: current, layoutDir: options.into };
  return usage(
    `${options.into} has no book.json; give --layout BOOK_DIR to say which accounts, segments and statements the files follow`,
  );
}

/** Every file's grids, or every issue of the files that cannot be read. */
async function readFiles(
  files: readonly string[],
  options: ImportOptions,
): Promise<Grid[] | CommandResult> {
  const grids: Grid[] = [];
  const issues: InputIssue[] = [];
  for (const file of files) {
    const r = await withProgress(
      `reading ${file}`,
      options.progress,
      readGrids(file, file, DEFAULT_LIMITS, { verbose: options.verbose === true }),
    );
    if (r.ok) for (const g of r.grids) grids.push(g);
    else for (const i of r.issues) issues.push(i);
  }
  return issues.length > 0 ? invalid(issues, `reading the files${NOT_CHANGED}`) : grids;
}

/** The book written all or nothing (unless a dry run, or nothing would change), with what was printed before. */
function writeBook(
  plan: ImportPlan,
  changes: readonly Change[],
  books: Books,
  options: ImportOptions,
  printed: CommandResult,
): CommandResult {
  const { current } = books;
  const stdout = [...printed.stdout];
  const nothingToWrite = changesNothing(plan, changes, current);
  if (options.dryRun) stdout.push("dry run: nothing written");
  else if (nothingToWrite) stdout.push(`${options.into}: unchanged`);
  else {
    const written = writeImport(plan, changes, current, options.into, books.layoutDir);
    if (!written.ok)
      return {
        ...invalid(written.issues, `in the imported book (it would not load)${NOT_CHANGED}`),
        stdout,
      };
    stdout.push(
      `wrote ${written.bookDir}: ${written.files.join(", ") || "(no file changed)"}${written.backup ? `; previous book kept at ${written.backup}` : ""}`,
    );
  }
  return { ...printed, stdout };
}

/** `yosan import`: flags → books → files read → plan → printed → written. */
export async function runImport(
  files: readonly string[],
  options: ImportOptions,
): Promise<CommandResult> {
  const misused = misuse(files, options);
  if (misused) return misused;
  if (options.version !== undefined) return importActuals(files, options.version, options);
  const books = loadBooks(options);
  if ("exitCode" in books) return books;
  const grids = await readFiles(files, options);
  if ("exitCode" in grids) return grids;
  const plan = planImport(grids, books.layout, books.current);
  const stdout = recognisedText(plan);
  if (plan.issues.some((i) => i.severity === "error"))
    return { ...invalid(plan.issues, `in the files${NOT_CHANGED}`), stdout };
  if (plan.recognised.length === 0)
    return { ...usage(`no table recognised in ${files.join(", ")}${NOT_CHANGED}`), stdout };
  const changes = changesOf(plan, books.current);
  const findings = importFindings(modelAndFindings(plan.book, plan.book.version).findings);
  stdout.push(...importPlanText(books.layout, plan, changes, findings));
  const exitCode = findings.some((f) => f.status === "fail") ? 1 : 0;
  return writeBook(plan, changes, books, options, { exitCode, stdout, stderr: [] });
}
