/**
 * The `yosan` command line: parses arguments with commander and maps each command to its
 * stage functions. Exit codes for every command: 0 all checks pass (warnings allowed),
 * 1 a check failed, 2 the input could not be read or is invalid, or the command was misused.
 */
import { Command, CommanderError } from "commander";
import { build, exportXlsx } from "./build.ts";

export const DEFAULT_BOOK = "ledgers/jlis-h29";

function emit(result: { stdout: string[]; stderr: string[]; exitCode: number }): void {
  if (result.stdout.length > 0) process.stdout.write(`${result.stdout.join("\n")}\n`);
  if (result.stderr.length > 0) process.stderr.write(`${result.stderr.join("\n")}\n`);
  process.exitCode = result.exitCode;
}

export function program(): Command {
  const cmd = new Command("yosan")
    .description("Budget and financial-statement modeller for Japanese public bodies")
    .exitOverride()
    .showHelpAfterError();
  cmd
    .command("build")
    .description(
      "derive the three statements by segment from a book, reconcile them, write output/<book>/",
    )
    .argument("[book]", "book directory", DEFAULT_BOOK)
    .option("--out <dir>", "output directory (default: output/<book dir name>)")
    .option("--strict", "treat findings about the published document as failures", false)
    .action(async (book: string, opts: { out?: string; strict: boolean }) => {
      emit(
        await build(book, {
          ...(opts.out !== undefined ? { out: opts.out } : {}),
          strict: opts.strict,
        }),
      );
    });
  const exportCmd = cmd.command("export").description("write one output format on its own");
  exportCmd
    .command("xlsx")
    .description(
      "write the workbook (statements in the official layout with live formulas, checks, inputs)",
    )
    .argument("[book]", "book directory", DEFAULT_BOOK)
    .option("--out <file>", "output file (default: output/<book dir name>/statements.xlsx)")
    .option("--strict", "treat findings about the published document as failures", false)
    .action(async (book: string, opts: { out?: string; strict: boolean }) => {
      emit(
        await exportXlsx(book, {
          ...(opts.out !== undefined ? { out: opts.out } : {}),
          strict: opts.strict,
        }),
      );
    });
  return cmd;
}

export async function main(argv: readonly string[]): Promise<void> {
  try {
    await program().parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`yosan: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 3;
  }
}
