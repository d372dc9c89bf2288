/**
 * The leaves of a book: its budget files (budget.csv, bridge.csv, …), each streamed and
 * aggregated into one entry per account × segment of the file (budget-reader.ts).
 */
import type { BudgetEntry } from "../model/book.ts";
import { inputError } from "../model/issues.ts";
import type { Unit } from "../model/money.ts";
import { say } from "../model/text.ts";
import type { BookFiles, Names } from "./book-files.ts";
import { readBudgetFile } from "./budget-reader.ts";

/** The entries of every budget file; a file listed twice is refused (its amounts would count twice). */
export function readLeaves(
  files: BookFiles,
  budgetFiles: readonly string[],
  names: Names,
  unit: Unit,
): BudgetEntry[] {
  const entries: BudgetEntry[] = [];
  const seen = new Set<string>();
  for (const file of budgetFiles) {
    const key = files.locate(file);
    if (key === null) continue;
    if (seen.has(key)) {
      files.issues.push(
        inputError(
          "schema.invalid",
          files.manifestCell("/files/budget", "files.budget"),
          say(
            `予算ファイル「${file}」が 2 回指定されています。金額が二重に数えられてしまいます。`,
            `budget file 「${file}」 is listed twice: its amounts would count twice`,
          ),
        ),
      );
      continue;
    }
    seen.add(key);
    const read = readBudgetFile(key, files.shown(file), names.budget, unit);
    files.add(read.issues.map((issue) => files.namedIn(issue, file)));
    for (const e of read.entries) entries.push(e);
  }
  return entries;
}
