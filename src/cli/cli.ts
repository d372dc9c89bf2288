/**
 * The `yosan` command line: parses arguments with commander and maps each command to its
 * stage functions. Exit codes for every command: 0 all checks pass (warnings allowed),
 * 1 a check failed, 2 the input could not be read or is invalid, or the command was misused.
 *
 * Only commander and the option definitions load at start-up: each action imports its
 * command's module when it runs (`await import`), so `yosan --help` loads no stage and
 * `yosan check` no file renderer, workbook or web server. The constants the definitions need
 * come from modules that import nothing (render/formats.ts, serve/defaults.ts); keep it so.
 */
import { Command, CommanderError, InvalidArgumentError } from "commander";
import type { EraStyle } from "../model/era.ts";
import { OUTPUT_FORMATS, type OutputFormat } from "../render/formats.ts";
import { DEFAULT_HOST, DEFAULT_PORT } from "../serve/defaults.ts";

export const DEFAULT_BOOK = "ledgers/jlis-h29";

/** The --strict option of every command that checks. */
const STRICT = [
  "--strict",
  "treat findings about the published document (and variances) as failures",
  false,
] as const;
const VERSION = [
  "--version <version>",
  "the version (id or name, see yosan versions; default: the book's default version)",
] as const;

/** Where a command's output goes: the process's streams, or a test's buffers. */
export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
}

const PROCESS_IO: CommandIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** What a command produced, written to `io`; its exit code kept for `run`. */
let emitTo: CommandIO = PROCESS_IO;
let exitCode = 0;

function emit(result: { stdout: string[]; stderr: string[]; exitCode: number }): void {
  if (result.stdout.length > 0) emitTo.out(`${result.stdout.join("\n")}\n`);
  if (result.stderr.length > 0) emitTo.err(`${result.stderr.join("\n")}\n`);
  exitCode = result.exitCode;
}

export function program(io: CommandIO = PROCESS_IO): Command {
  const cmd = new Command("yosan")
    .description("Budget and financial-statement modeller for Japanese public bodies")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError();
  addBuild(cmd);
  addExport(cmd);
  addCheck(cmd);
  addExplain(cmd);
  addCommitments(cmd);
  addImport(cmd);
  addVersions(cmd);
  addCompare(cmd);
  addServe(cmd, io);
  return cmd;
}

/** `yosan build`: derive, reconcile and write every output of a book. */
function addBuild(cmd: Command): void {
  cmd
    .command("build")
    .description(
      "derive the three statements by segment from a book, reconcile them, write output/<book>/",
    )
    .argument("[book]", "book directory", DEFAULT_BOOK)
    .option(
      "--out <dir>",
      "output directory (default: output/<book dir name>, output/<book>-<version> for another version)",
    )
    .option(...VERSION)
    .option(...STRICT)
    .option(
      "--formats <list>",
      `outputs to write, comma-separated (${OUTPUT_FORMATS.join(",")})`,
      OUTPUT_FORMATS.join(","),
    )
    .action(
      async (
        book: string,
        opts: { out?: string; strict: boolean; formats: string; version?: string },
      ) => {
        const formats = opts.formats
          .split(",")
          .map((f) => f.trim())
          .filter((f) => f !== "");
        const unknown = formats.filter((f) => !(OUTPUT_FORMATS as readonly string[]).includes(f));
        if (unknown.length > 0) {
          emit({
            exitCode: 2,
            stdout: [],
            stderr: [
              `yosan: unknown format ${unknown.join(", ")} (use ${OUTPUT_FORMATS.join(", ")})`,
            ],
          });
          return;
        }
        const { build } = await import("./build.ts");
        emit(
          await build(book, {
            ...(opts.out !== undefined ? { out: opts.out } : {}),
            ...(opts.version !== undefined ? { version: opts.version } : {}),
            strict: opts.strict,
            formats: formats as OutputFormat[],
          }),
        );
      },
    );
}

/** `yosan export xlsx|journal`: one output on its own. */
function addExport(cmd: Command): void {
  const exportCmd = cmd.command("export").description("write one output format on its own");
  exportCmd
    .command("xlsx")
    .description(
      "write the workbook (statements in the official layout with live formulas, checks, inputs)",
    )
    .argument("[book]", "book directory", DEFAULT_BOOK)
    .option("--out <file>", "output file (default: output/<book dir name>/statements.xlsx)")
    .option(...VERSION)
    .option(...STRICT)
    .action(async (book: string, opts: { out?: string; strict: boolean; version?: string }) => {
      const { exportXlsx } = await import("./build.ts");
      emit(
        await exportXlsx(book, {
          ...(opts.out !== undefined ? { out: opts.out } : {}),
          ...(opts.version !== undefined ? { version: opts.version } : {}),
          strict: opts.strict,
        }),
      );
    });
  exportCmd
    .command("journal")
    .description("write the book as an hledger/Ledger journal, one transaction per budget line")
    .argument("[book]", "book directory", DEFAULT_BOOK)
    .option("--out <file>", "output file (default: output/<book dir name>/book.journal)")
    .action(async (book: string, opts: { out?: string }) => {
      const { exportJournal } = await import("./commands.ts");
      emit(exportJournal(book, opts.out !== undefined ? { out: opts.out } : {}));
    });
}

/** `yosan check`: the check catalogue as text, JSON or JUnit. */
function addCheck(cmd: Command): void {
  cmd
    .command("check")
    .description(
      "run the check catalogue: counts per check, then every failure and warning with its sources",
    )
    .argument("[book]", "book directory", DEFAULT_BOOK)
    .option("--json", "print the findings as JSON", false)
    .option("--junit <file>", "also write the findings as JUnit XML")
    .option(...VERSION)
    .option(...STRICT)
    .action(
      async (
        book: string,
        opts: { json: boolean; junit?: string; strict: boolean; version?: string },
      ) => {
        const { runCheck } = await import("./commands.ts");
        emit(
          runCheck(book, {
            json: opts.json,
            strict: opts.strict,
            ...(opts.version !== undefined ? { version: opts.version } : {}),
            ...(opts.junit !== undefined ? { junit: opts.junit } : {}),
          }),
        );
      },
    );
}

/** `yosan explain`: how one figure is derived, down to the ledger rows. */
function addExplain(cmd: Command): void {
  cmd
    .command("explain")
    .description(
      "show how a figure is derived, down to the ledger rows (LINE by id or Japanese label)",
    )
    .argument(
      "<args...>",
      "[BOOK_DIR] LINE: the book directory (default ledgers/jlis-h29), then a line id or label from its layout.csv",
    )
    .option("--segment <segment>", "a segment id or name (default: 合計)")
    .option(...VERSION)
    .option("--statement <statement>", "the statement, when a label appears in more than one")
    .option("--depth <n>", "levels to show (a whole number, 0 or more)", (v) => {
      if (!/^\d+$/.test(v)) throw new InvalidArgumentError("expected a whole number, 0 or more");
      return Number.parseInt(v, 10);
    })
    .option("--json", "print the tree as JSON", false)
    .action(
      async (
        args: string[],
        opts: {
          segment?: string;
          statement?: string;
          depth?: number;
          json: boolean;
          version?: string;
        },
      ) => {
        if (args.length > 2) {
          emit({ exitCode: 2, stdout: [], stderr: ["yosan: explain takes [BOOK_DIR] LINE"] });
          return;
        }
        const [book, line] =
          args.length === 2 ? (args as [string, string]) : [DEFAULT_BOOK, args[0] ?? ""];
        const { runExplain } = await import("./commands.ts");
        emit(
          runExplain(book, line, {
            json: opts.json,
            ...(opts.version !== undefined ? { version: opts.version } : {}),
            ...(opts.segment !== undefined ? { segment: opts.segment } : {}),
            ...(opts.statement !== undefined ? { statement: opts.statement } : {}),
            ...(opts.depth !== undefined && Number.isFinite(opts.depth)
              ? { depth: opts.depth }
              : {}),
          }),
        );
      },
    );
}

/** `yosan commitments`: the 債務負担行為 register and its outlook. */
function addCommitments(cmd: Command): void {
  cmd
    .command("commitments")
    .description("the 債務負担行為 register and the burden per fiscal year")
    .argument("[book]", "book directory", DEFAULT_BOOK)
    .option("--json", "print the register as JSON", false)
    .option("--from <year>", "first fiscal year (平成29年度, 令和元年度, 2017)")
    .option("--to <year>", "last fiscal year")
    .option(
      "--era <style>",
      "year labels: modern (令和5年度), original (平成35年度) or western (2023年度)",
      "modern",
    )
    .action(
      async (book: string, opts: { json: boolean; from?: string; to?: string; era: string }) => {
        if (!["modern", "original", "western"].includes(opts.era)) {
          emit({
            exitCode: 2,
            stdout: [],
            stderr: [`yosan: --era must be modern, original or western (got ${opts.era})`],
          });
          return;
        }
        const { runCommitments } = await import("./commands.ts");
        emit(
          runCommitments(book, {
            json: opts.json,
            era: opts.era as EraStyle,
            ...(opts.from !== undefined ? { from: opts.from } : {}),
            ...(opts.to !== undefined ? { to: opts.to } : {}),
          }),
        );
      },
    );
}

/** `yosan versions`: the versions of a book. */
function addVersions(cmd: Command): void {
  cmd
    .command("versions")
    .description(
      "list the versions of a book (当初, 補正, 現計, 決算 …): id, name, kind, what each builds on",
    )
    .argument("[book]", "book directory", DEFAULT_BOOK)
    .option("--json", "print the versions as JSON", false)
    .action(async (book: string, opts: { json: boolean }) => {
      const { runVersions } = await import("./versions.ts");
      emit(runVersions(book, { json: opts.json }));
    });
}

/** `yosan compare A B`: two versions line by line. */
function addCompare(cmd: Command): void {
  cmd
    .command("compare")
    .description(
      "compare two versions line by line: A, B, B − A, rate and 備考 per segment and 合計, with the variance checks",
    )
    .argument(
      "<args...>",
      "[BOOK_DIR] A B: the book directory (default ledgers/jlis-h29), then two version ids or names",
    )
    .option(
      "--segment <segment>",
      "one segment id or name, or 合計 (default: every segment and 合計)",
    )
    .option(
      "--layout <layout>",
      "changes (A | B | 差額 | 増減率) or settlement (決算報告書: 予算額 | 決算額 | 差額 | 備考)",
    )
    .option("--changed", "show only the lines that differ", false)
    .option("--csv <file>", "also write the comparison as CSV")
    .option("--json", "print the comparison as JSON", false)
    .option(...STRICT)
    .action(
      async (
        args: string[],
        opts: {
          segment?: string;
          layout?: string;
          changed: boolean;
          csv?: string;
          json: boolean;
          strict: boolean;
        },
      ) => {
        if (args.length < 2 || args.length > 3) {
          emit({ exitCode: 2, stdout: [], stderr: ["yosan: compare takes [BOOK_DIR] A B"] });
          return;
        }
        if (opts.layout !== undefined && !["changes", "settlement"].includes(opts.layout)) {
          emit({
            exitCode: 2,
            stdout: [],
            stderr: [`yosan: --layout must be changes or settlement (got ${opts.layout})`],
          });
          return;
        }
        const [book, a, b] =
          args.length === 3
            ? (args as [string, string, string])
            : [DEFAULT_BOOK, args[0] ?? "", args[1] ?? ""];
        const { runCompare } = await import("./versions.ts");
        emit(
          runCompare(book, a, b, {
            json: opts.json,
            strict: opts.strict,
            changedOnly: opts.changed,
            ...(opts.segment !== undefined ? { segment: opts.segment } : {}),
            ...(opts.csv !== undefined ? { csv: opts.csv } : {}),
            ...(opts.layout !== undefined
              ? { layout: opts.layout as "changes" | "settlement" }
              : {}),
          }),
        );
      },
    );
}

/** `yosan import`: spreadsheets and CSV into a book; with --version, actuals from an accounting system. */
function addImport(cmd: Command): void {
  cmd
    .command("import")
    .description(
      "read spreadsheets or CSV (xlsx, csv, tsv; UTF-8 or Shift_JIS) into a book; with --version, an accounting system's trial balance or journal into an actual or forecast version",
    )
    .argument("<files...>", "files to import")
    .requiredOption("--into <dir>", "the book to write")
    .option(
      "--layout <dir>",
      "the book whose accounts, segments and statements the files follow (for a new book)",
    )
    .option(
      "--version <version>",
      "import the files (試算表 or 仕訳) as this actual or forecast version (id or name; a new id declares it)",
    )
    .option(
      "--mapping <file>",
      "the mapping of 科目コード and 部門 to lines and segments (default: BOOK/mapping.csv)",
    )
    .option("--as-of <date>", "figures to this month-end (執行状況), e.g. 2017-12-31")
    .option("--kind <kind>", "actual (決算, default) or forecast (決算見込み)")
    .option("--name <name>", "the version's name (default 決算, 決算見込み or 執行状況)")
    .option(
      "--unit <unit>",
      "the unit of the export's amounts (default: as its header says, else 円)",
    )
    .option(
      "--signs <signs>",
      "a trial balance's 残高 and monthly figures: normal (positive on the account's own side, default) or debit (debit positive)",
    )
    .option("--dry-run", "print what would change and write nothing", false)
    .option("--verbose", "add the underlying library's own words to errors about a file", false)
    .action(
      async (
        files: string[],
        opts: {
          into: string;
          layout?: string;
          dryRun: boolean;
          verbose: boolean;
          version?: string;
          mapping?: string;
          asOf?: string;
          kind?: string;
          name?: string;
          unit?: string;
          signs?: string;
        },
      ) => {
        const { into, layout, dryRun, verbose, version, ...actuals } = opts;
        const { runImport } = await import("./import-command.ts");
        emit(
          await runImport(files, {
            into,
            dryRun,
            verbose,
            progress: process.stderr,
            actuals,
            ...(layout !== undefined ? { layout } : {}),
            ...(version !== undefined ? { version } : {}),
          }),
        );
      },
    );
}

/** A TCP port: a whole number from 0 (any free port) to 65535. */
function port(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535)
    throw new InvalidArgumentError("expected a port number from 0 to 65535 (0 picks a free one)");
  return Number(value);
}

/** `yosan serve`: the book in a browser, on this machine only unless --host says otherwise. */
function addServe(cmd: Command, io: CommandIO): void {
  cmd
    .command("serve")
    .description(
      "serve the book as web pages on this machine: statements, derivations, checks, 債務負担行為, downloads, what-if and import",
    )
    .argument("[book]", "book directory", DEFAULT_BOOK)
    .option("--port <n>", `port to listen on (0 picks a free one)`, port, DEFAULT_PORT)
    .option(
      "--host <address>",
      "address to listen on (default 127.0.0.1: this machine only; another address is reachable from the network, with a warning)",
      DEFAULT_HOST,
    )
    .option(
      "--allow-import",
      "let the page change the book: import dropped files and apply what-if edits (written all or nothing, with a backup)",
      false,
    )
    .option(...STRICT)
    .action(
      async (
        book: string,
        opts: { port: number; host: string; allowImport: boolean; strict: boolean },
      ) => {
        const { runServe } = await import("./serve-command.ts");
        exitCode = await runServe(book, opts, io);
      },
    );
}

/**
 * Run the command line `argv` with its output to `io`; returns the exit code. Never throws:
 * a file system refusal is exit 2 with the path, anything else an internal error (exit 3).
 */
export async function run(argv: readonly string[], io: CommandIO = PROCESS_IO): Promise<number> {
  emitTo = io;
  exitCode = 0;
  try {
    await program(io).parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const fs = error as NodeJS.ErrnoException;
    if (typeof fs.code === "string" && typeof fs.path === "string") {
      // A file system refusal (no permission, a file where a directory should be, a full disk):
      // the user's to fix, and nothing was replaced (outputs are renamed into place last).
      io.err(`yosan: cannot write ${fs.path}: ${fs.code} (${fs.message})\n`);
      return 2;
    }
    io.err(`yosan: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 3;
  } finally {
    emitTo = PROCESS_IO;
  }
}

/** The `yosan` command: run with the process's arguments and streams. */
export async function main(argv: readonly string[]): Promise<void> {
  process.exitCode = await run(argv);
}
