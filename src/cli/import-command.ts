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
import { reconcile } from "../check/reconcile.ts";
import { derive } from "../derive/derive.ts";
import type { Grid } from "../import/grid.ts";
import { DEFAULT_LIMITS } from "../import/grid.ts";
import { changesOf, type ImportPlan, planImport } from "../import/plan.ts";
import { readGrids } from "../import/read-grid.ts";
import { scheduleChanged, writeImport } from "../import/write-book.ts";
import type { Book } from "../model/book.ts";
import { countFindings, type Finding } from "../model/findings.ts";
import { segmentLabel } from "../model/glossary.ts";
import { type InputIssue, reportIssues } from "../model/issues.ts";
import { formatJapanese } from "../model/money.ts";
import { formatSource } from "../model/provenance.ts";
import { loadBook } from "../read/load-book.ts";
import type { ActualsImportOptions } from "./import-actuals.ts";
import type { CommandResult } from "./prepare.ts";

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

function failed(issues: readonly InputIssue[], what: string): CommandResult {
  return {
    exitCode: 2,
    stdout: [],
    stderr: reportIssues(issues, `${what}; the book was not changed`),
  };
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

/**
 * What the import's findings are: the provisional book derived and checked like any other —
 * the imported print tied out against the model and against its own sums (every published.*
 * finding) — and every other check that does not pass.
 */
function importFindings(plan: ImportPlan): Finding[] {
  return reconcile(derive(plan.book)).filter(
    (f) => f.check.startsWith("published.") || f.status !== "pass",
  );
}

export async function runImport(
  files: readonly string[],
  options: ImportOptions,
): Promise<CommandResult> {
  if (files.length === 0)
    return { exitCode: 2, stdout: [], stderr: ["yosan: import needs at least one FILE"] };
  if (options.version !== undefined) {
    if (options.layout !== undefined)
      return {
        exitCode: 2,
        stdout: [],
        stderr: [
          "yosan: --layout makes a new book from tables; actuals (--version) go into an existing book",
        ],
      };
    // Loaded here, so that importing tables never loads the accounting-export readers.
    const { runActualsImport } = await import("./import-actuals.ts");
    return runActualsImport(files, {
      ...options.actuals,
      into: options.into,
      version: options.version,
      dryRun: options.dryRun === true,
      verbose: options.verbose === true,
    });
  }
  if (options.actuals !== undefined && Object.values(options.actuals).some((x) => x !== undefined))
    return {
      exitCode: 2,
      stdout: [],
      stderr: [
        "yosan: --mapping, --as-of, --kind, --name, --unit and --signs import actuals: give --version too",
      ],
    };
  let current: Book | null = null;
  if (existsSync(join(options.into, "book.json"))) {
    const l = loadBook(options.into);
    if (!l.ok) return failed(l.issues, `in ${options.into}`);
    current = l.book;
  }
  let layoutBook: Book;
  let layoutDir: string;
  if (options.layout !== undefined) {
    const l = loadBook(options.layout);
    if (!l.ok) return failed(l.issues, `in the layout book ${options.layout}`);
    layoutBook = l.book;
    layoutDir = options.layout;
  } else if (current) {
    layoutBook = current;
    layoutDir = options.into;
  } else {
    return {
      exitCode: 2,
      stdout: [],
      stderr: [
        `yosan: ${options.into} has no book.json; give --layout BOOK_DIR to say which accounts, segments and statements the files follow`,
      ],
    };
  }

  const grids: Grid[] = [];
  const readIssues: InputIssue[] = [];
  for (const file of files) {
    const r = await withProgress(
      `reading ${file}`,
      options.progress,
      readGrids(file, file, DEFAULT_LIMITS, {
        verbose: options.verbose === true,
      }),
    );
    if (r.ok) for (const g of r.grids) grids.push(g);
    else for (const i of r.issues) readIssues.push(i);
  }
  if (readIssues.length > 0) return failed(readIssues, "reading the files");

  const plan = planImport(grids, layoutBook, current);
  const stdout: string[] = [];
  stdout.push(
    `recognised ${plan.recognised.length} table${plan.recognised.length === 1 ? "" : "s"}:`,
  );
  for (const r of plan.recognised) {
    stdout.push(
      `  ${r.description} → ${r.where}${r.used ? "" : " (a view of the input sheet: not imported)"}`,
    );
    for (const n of r.notes) stdout.push(`    note: ${n}`);
  }
  for (const n of plan.notes) stdout.push(`note: ${n}`);
  const errors = plan.issues.filter((i) => i.severity === "error");
  if (errors.length > 0) return { ...failed(plan.issues, "in the files"), stdout };
  if (plan.recognised.length === 0) {
    return {
      exitCode: 2,
      stdout,
      stderr: [`yosan: no table recognised in ${files.join(", ")}; the book was not changed`],
    };
  }

  const labels = new Map(layoutBook.lines.map((l) => [l.id, l.label]));
  for (const d of plan.determined) {
    stdout.push(
      `determined ${labels.get(d.line) ?? d.line} (${segmentLabel(layoutBook.segments, d.segment)}) = ${formatJapanese(d.amount)} from ${d.determinedBy}`,
    );
  }
  const changes = changesOf(plan, current);
  if (changes.length === 0) stdout.push("changes: none");
  else stdout.push(`changes (${changes.length}):`);
  for (const c of changes) {
    const where = `${c.line.label} / ${segmentLabel(layoutBook.segments, c.segment)}`;
    const at = c.sources.length > 0 ? `  [${c.sources.map(formatSource).join(", ")}]` : "";
    if (c.kind === "added") stdout.push(`  added   ${where}: ${formatJapanese(c.new)}${at}`);
    if (c.kind === "changed")
      stdout.push(`  changed ${where}: ${formatJapanese(c.old)} → ${formatJapanese(c.new)}${at}`);
    if (c.kind === "removed") stdout.push(`  removed ${where}: ${formatJapanese(c.old)}${at}`);
  }
  const findings = importFindings(plan);
  const notable = findings.filter((f) => f.status !== "pass");
  const counted = countFindings(findings);
  stdout.push(
    `findings: ${counted.passed} passed, ${counted.failed} failed, ${counted.warned} warnings${counted.structural > 0 ? `; ${counted.structural} more hold by construction of the layout` : ""}`,
  );
  for (const f of notable) stdout.push(`  ${f.status} ${f.check}: ${f.message}`);
  for (const i of plan.issues) stdout.push(`  warning: ${formatSource(i.source)}: ${i.message}`);
  const exitCode = notable.some((f) => f.status === "fail") ? 1 : 0;

  const schedulesChanged = [...plan.scheduleItems].some(([id, items]) =>
    scheduleChanged(current, id, items),
  );
  const nothingToWrite =
    current !== null &&
    changes.length === 0 &&
    plan.prints.length === 0 &&
    !plan.commitments &&
    !schedulesChanged;
  if (options.dryRun) {
    stdout.push("dry run: nothing written");
    return { exitCode, stdout, stderr: [] };
  }
  if (nothingToWrite) {
    stdout.push(`${options.into}: unchanged`);
    return { exitCode, stdout, stderr: [] };
  }
  const written = writeImport(plan, changes, current, options.into, layoutDir);
  if (!written.ok)
    return { ...failed(written.issues, "in the imported book (it would not load)"), stdout };
  stdout.push(
    `wrote ${written.bookDir}: ${written.files.join(", ") || "(no file changed)"}${written.backup ? `; previous book kept at ${written.backup}` : ""}`,
  );
  return { exitCode, stdout, stderr: [] };
}
