/**
 * The rows behind a loaded book's budget entries, read again from the budget files and
 * streamed (the journal export gives an independent engine one transaction per row, while the
 * book keeps only one entry per account × segment).
 */
import type { Book, BudgetRowStream } from "../model/book.ts";
import { Money } from "../model/money.ts";
import { cell } from "../model/provenance.ts";
import { visitBudgetFile } from "./budget-reader.ts";
import { lineResolver, segmentResolver } from "./resolution.ts";

/** A stream of the rows of `book`'s budget files (named as the book's entries name them). */
export function budgetRowStream(book: Book): BudgetRowStream {
  const resolveLine = lineResolver(book.lines);
  const names = {
    line: (text: string) => resolveLine(text, { leafOnly: true }),
    segment: segmentResolver(book.segments),
    segmented: book.segments.length > 0,
  };
  return (file, visit) => {
    let rows = 0;
    const issues = visitBudgetFile(file, file, names, (line, segment, amount, exact, note, row) => {
      visit({
        line,
        segment,
        amount: exact === null ? String(Number(amount)) : Money.of(exact, book.unit).toString(),
        note,
        source: cell(file, row),
      });
      rows++;
    });
    return { rows, issues };
  };
}
