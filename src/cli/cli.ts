/**
 * The `yosan` command line: parses arguments with commander and maps each command to its
 * stage functions. Exit codes for every command: 0 all checks pass (warnings allowed),
 * 1 a check failed, 2 the input could not be read or is invalid, or the command was misused.
 *
 * It speaks Japanese or English: `--lang`, else YOSAN_LANG, else the locale, else Japanese
 * for the help and the misuse it reports before a book is read (model/text.ts terminalLang;
 * the language is taken from the arguments before the program is built, so the help is
 * written in it); each command then speaks the book's language where nothing else decides.
 *
 * Only commander and the option definitions load at start-up: each action imports its
 * command's module when it runs (`await import`), so `yosan --help` loads no stage and
 * `yosan check` no file renderer, workbook or web server. The constants the definitions need
 * come from modules that import nothing (render/formats.ts, serve/defaults.ts, model/text.ts,
 * render/text-width.ts), their words in both languages from help-text.ts, commander's
 * Japanese from commander-words.ts; keep it so.
 */
import { Command, CommanderError, InvalidArgumentError } from "commander";
import type { EraStyle } from "../model/era.ts";
import {
  asWritten,
  ignoredLangVariable,
  type Lang,
  type Text,
  terminalLang,
} from "../model/text.ts";
import { OUTPUT_FORMATS, type OutputFormat } from "../render/formats.ts";
import { DEFAULT_HOST, DEFAULT_PORT } from "../serve/defaults.ts";
import { commanderErrorOutput, commanderSpeaks } from "./commander-words.ts";
import { HELP } from "./help-text.ts";
import type { Env } from "./prepare.ts";

export const DEFAULT_BOOK = "ledgers/jlis-h29";

/** Where a command's output goes: the process's streams, or a test's buffers. */
export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  /** Where YOSAN_LANG and the locale are read (default: the process's environment). */
  readonly env?: Env;
}

const PROCESS_IO: CommandIO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** One of the catalogue's texts (help-text.ts) in the program's language. */
type Say = (text: Text) => string;

/** The --strict option of every command that checks. */
const strict = (w: Say) => ["--strict", w(HELP.strict), false] as const;
const version = (w: Say) => ["--version <version>", w(HELP.version)] as const;
/** The [book] argument of most commands. */
const bookArgument = (w: Say) => ["[book]", w(HELP.book), DEFAULT_BOOK] as const;

/** The value of `--lang` (or `--lang=`) in `argv`, before `--`; undefined when absent. */
function langArgument(argv: readonly string[]): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "--") break;
    if (a === "--lang") value = argv[++i] ?? "";
    else if (a.startsWith("--lang=")) value = a.slice("--lang=".length);
  }
  return value;
}

/** `ja` or `en` exactly, as `--lang` accepts them. */
function langValue(value: string | undefined): Lang | undefined {
  return value === "ja" || value === "en" ? value : undefined;
}

/** What a command produced, written to `io`; its exit code kept for `run`. */
let emitTo: CommandIO = PROCESS_IO;
let exitCode = 0;

function emit(result: { stdout: string[]; stderr: string[]; exitCode: number }): void {
  if (result.stdout.length > 0) emitTo.out(`${result.stdout.join("\n")}\n`);
  if (result.stderr.length > 0) emitTo.err(`${result.stderr.join("\n")}\n`);
  exitCode = result.exitCode;
}

/** What every command needs besides its own arguments: how it says things and its language. */
interface Context {
  /** A text of the catalogue in the program's language (help, misuse). */
  readonly w: Say;
  /** `--lang` as parsed, and the environment: what each command decides its languages from. */
  speech(): { lang?: Lang; env: Env };
}

/**
 * The `yosan` program in `lang` (its help, commander's words and the misuse it reports),
 * writing to `io`.
 */
function program(io: CommandIO, lang: Lang): Command {
  const env = io.env ?? process.env;
  const w: Say = (text) => text[lang];
  const cmd = commanderSpeaks(new Command("yosan"), lang)
    .description(w(HELP.program))
    .exitOverride()
    .configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      outputError: commanderErrorOutput(lang),
    })
    .showHelpAfterError()
    .option("--lang <ja|en>", w(HELP.lang), (value: string) => {
      const chosen = langValue(value);
      if (chosen === undefined) throw new InvalidArgumentError(w(HELP.langInvalid));
      return chosen;
    });
  const context: Context = {
    w,
    speech: () => {
      const flag = cmd.opts<{ lang?: Lang }>().lang;
      return flag !== undefined ? { lang: flag, env } : { env };
    },
  };
  addBuild(cmd, context);
  addExport(cmd, context);
  addCheck(cmd, context);
  addExplain(cmd, context);
  addCommitments(cmd, context);
  addImport(cmd, context);
  addNew(cmd, context);
  addVersions(cmd, context);
  addCompare(cmd, context);
  addServe(cmd, context, io);
  return cmd;
}

/** `yosan build`: derive, reconcile and write every output of a book. */
function addBuild(cmd: Command, { w, speech }: Context): void {
  cmd
    .command("build")
    .description(w(HELP.build.description))
    .argument(...bookArgument(w))
    .option("--out <dir>", w(HELP.build.out))
    .option(...version(w))
    .option(...strict(w))
    .option("--formats <list>", w(HELP.build.formats(OUTPUT_FORMATS)), OUTPUT_FORMATS.join(","))
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
            stderr: [w(HELP.build.unknownFormat(unknown, OUTPUT_FORMATS))],
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
            ...speech(),
          }),
        );
      },
    );
}

/** `yosan export xlsx|journal`: one output on its own. */
function addExport(cmd: Command, { w, speech }: Context): void {
  const exportCmd = cmd.command("export").description(w(HELP.export.description));
  exportCmd
    .command("xlsx")
    .description(w(HELP.xlsx.description))
    .argument(...bookArgument(w))
    .option("--out <file>", w(HELP.xlsx.out))
    .option(...version(w))
    .option(...strict(w))
    .action(async (book: string, opts: { out?: string; strict: boolean; version?: string }) => {
      const { exportXlsx } = await import("./build.ts");
      emit(
        await exportXlsx(book, {
          ...(opts.out !== undefined ? { out: opts.out } : {}),
          ...(opts.version !== undefined ? { version: opts.version } : {}),
          strict: opts.strict,
          ...speech(),
        }),
      );
    });
  exportCmd
    .command("journal")
    .description(w(HELP.journal.description))
    .argument(...bookArgument(w))
    .option("--out <file>", w(HELP.journal.out))
    .action(async (book: string, opts: { out?: string }) => {
      const { exportJournal } = await import("./commands.ts");
      emit(
        exportJournal(book, {
          ...(opts.out !== undefined ? { out: opts.out } : {}),
          ...speech(),
        }),
      );
    });
}

/** `yosan check`: the check catalogue as text, JSON or JUnit. */
function addCheck(cmd: Command, { w, speech }: Context): void {
  cmd
    .command("check")
    .description(w(HELP.check.description))
    .argument(...bookArgument(w))
    .option("--json", w(HELP.check.json), false)
    .option("--junit <file>", w(HELP.check.junit))
    .option(...version(w))
    .option(...strict(w))
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
            ...speech(),
          }),
        );
      },
    );
}

/** `yosan explain`: how one figure is derived, down to the ledger rows. */
function addExplain(cmd: Command, { w, speech }: Context): void {
  cmd
    .command("explain")
    .description(w(HELP.explain.description))
    .argument("<args...>", w(HELP.explain.args))
    .option("--segment <segment>", w(HELP.explain.segment))
    .option(...version(w))
    .option("--statement <statement>", w(HELP.explain.statement))
    .option("--depth <n>", w(HELP.explain.depth), (v) => {
      if (!/^\d+$/.test(v)) throw new InvalidArgumentError(w(HELP.explain.depthInvalid));
      return Number.parseInt(v, 10);
    })
    .option("--json", w(HELP.explain.json), false)
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
          emit({
            exitCode: 2,
            stdout: [],
            stderr: [w(HELP.explain.tooMany)],
          });
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
            ...speech(),
          }),
        );
      },
    );
}

/** `yosan commitments`: the 債務負担行為 register and its outlook. */
function addCommitments(cmd: Command, { w, speech }: Context): void {
  cmd
    .command("commitments")
    .description(w(HELP.commitments.description))
    .argument(...bookArgument(w))
    .option("--json", w(HELP.commitments.json), false)
    .option("--from <year>", w(HELP.commitments.from))
    .option("--to <year>", w(HELP.commitments.to))
    .option("--era <style>", w(HELP.commitments.era), "modern")
    .action(
      async (book: string, opts: { json: boolean; from?: string; to?: string; era: string }) => {
        if (!["modern", "original", "western"].includes(opts.era)) {
          emit({
            exitCode: 2,
            stdout: [],
            stderr: [w(HELP.commitments.eraInvalid(opts.era))],
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
            ...speech(),
          }),
        );
      },
    );
}

/** `yosan new DIR --template NAME`: a new book from a template. */
function addNew(cmd: Command, { w, speech }: Context): void {
  cmd
    .command("new")
    .description(w(HELP.new.description))
    .argument("<dir>", w(HELP.new.dir))
    .option("--template <name>", w(HELP.new.template))
    .option("--entity <name>", w(HELP.new.entity))
    .option("--year <year>", w(HELP.new.year))
    .action(async (dir: string, opts: { template?: string; entity?: string; year?: string }) => {
      const { runNew } = await import("./new-book.ts");
      emit(runNew(dir, { ...opts, ...speech() }));
    });
}

/** `yosan versions`: the versions of a book. */
function addVersions(cmd: Command, { w, speech }: Context): void {
  cmd
    .command("versions")
    .description(w(HELP.versions.description))
    .argument(...bookArgument(w))
    .option("--json", w(HELP.versions.json), false)
    .action(async (book: string, opts: { json: boolean }) => {
      const { runVersions } = await import("./versions.ts");
      emit(runVersions(book, { json: opts.json, ...speech() }));
    });
}

/** `yosan compare A B`: two versions line by line. */
function addCompare(cmd: Command, { w, speech }: Context): void {
  cmd
    .command("compare")
    .description(w(HELP.compare.description))
    .argument("<args...>", w(HELP.compare.args))
    .option("--segment <segment>", w(HELP.compare.segment))
    .option("--layout <layout>", w(HELP.compare.layout))
    .option("--changed", w(HELP.compare.changed), false)
    .option("--csv <file>", w(HELP.compare.csv))
    .option("--json", w(HELP.compare.json), false)
    .option(...strict(w))
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
          emit({
            exitCode: 2,
            stdout: [],
            stderr: [w(HELP.compare.argsCount)],
          });
          return;
        }
        if (
          opts.layout !== undefined &&
          !["changes", "settlement", "revision"].includes(opts.layout)
        ) {
          emit({
            exitCode: 2,
            stdout: [],
            stderr: [w(HELP.compare.layoutInvalid(opts.layout))],
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
              ? { layout: opts.layout as "changes" | "settlement" | "revision" }
              : {}),
            ...speech(),
          }),
        );
      },
    );
}

/** `yosan import`: spreadsheets and CSV into a book; with --version, actuals from an accounting system. */
function addImport(cmd: Command, { w, speech }: Context): void {
  cmd
    .command("import")
    .description(w(HELP.import.description))
    .argument("<files...>", w(HELP.import.files))
    .requiredOption("--into <dir>", w(HELP.import.into))
    .option("--layout <dir>", w(HELP.import.layout))
    .option("--version <version>", w(HELP.import.version))
    .option("--mapping <file>", w(HELP.import.mapping))
    .option("--as-of <date>", w(HELP.import.asOf))
    .option("--kind <kind>", w(HELP.import.kind))
    .option("--name <name>", w(HELP.import.name))
    .option("--unit <unit>", w(HELP.import.unit))
    .option("--signs <signs>", w(HELP.import.signs))
    .option("--dry-run", w(HELP.import.dryRun), false)
    .option("--verbose", w(HELP.import.verbose), false)
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
            ...speech(),
          }),
        );
      },
    );
}

/** A TCP port: a whole number from 0 (any free port) to 65535. */
function port(w: Say): (value: string) => number {
  return (value) => {
    if (!/^\d{1,5}$/.test(value) || Number(value) > 65535)
      throw new InvalidArgumentError(w(HELP.serve.portInvalid));
    return Number(value);
  };
}

/** `yosan serve`: the book in a browser, on this machine only unless --host says otherwise. */
function addServe(cmd: Command, { w, speech }: Context, io: CommandIO): void {
  cmd
    .command("serve")
    .description(w(HELP.serve.description))
    .argument(...bookArgument(w))
    .option("--port <n>", w(HELP.serve.port), port(w), DEFAULT_PORT)
    .option("--host <address>", w(HELP.serve.host), DEFAULT_HOST)
    .option("--allow-import", w(HELP.serve.allowImport), false)
    .option(...strict(w))
    .action(
      async (
        book: string,
        opts: { port: number; host: string; allowImport: boolean; strict: boolean },
      ) => {
        const { runServe } = await import("./serve-command.ts");
        const { lang, env } = speech();
        exitCode = await runServe(
          book,
          { ...opts, ...(lang !== undefined ? { lang } : {}) },
          { out: io.out, err: io.err, env },
        );
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
  // The language of the help and of what is said before a book is read: the arguments' --lang
  // (when it names one), YOSAN_LANG, the locale, else Japanese.
  const env = io.env ?? process.env;
  const lang = terminalLang(langValue(langArgument(argv)), env, undefined);
  const ignored = ignoredLangVariable(env);
  if (ignored !== undefined) io.err(`${ignored[lang]}\n`);
  try {
    await program(io, lang).parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const fs = error as NodeJS.ErrnoException;
    if (typeof fs.code === "string" && typeof fs.path === "string") {
      // A file system refusal (no permission, a file where a directory should be, a full disk):
      // the user's to fix, and nothing was replaced (outputs are renamed into place last).
      // io/write-atomic.ts NotReplacedError says its refusal in both languages (not imported
      // here: the start-up path stays small); Node's own messages are English.
      const said = (error as { text?: Text }).text;
      const why = said?.ja !== undefined ? said : asWritten(fs.message);
      io.err(`${HELP.run.cannotWrite(fs.path, fs.code, why)[lang]}\n`);
      return 2;
    }
    const trace = (error as Error).stack ?? String(error);
    io.err(`${HELP.run.internal(trace)[lang]}\n`);
    return 3;
  } finally {
    emitTo = PROCESS_IO;
  }
}

/** The `yosan` command: run with the process's arguments and streams. */
export async function main(argv: readonly string[]): Promise<void> {
  process.exitCode = await run(argv);
}
