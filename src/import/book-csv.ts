/**
 * How an import writes rows into a book's CSV files: cells neutralised as every CSV yosan writes
 * is, and each account and segment by the name the book's reader resolves back to it. Shared by
 * the spreadsheet import (write-book.ts) and the actuals import (actuals/write.ts).
 */
import { stringify } from "csv-stringify/sync";
import { parseAmount } from "../model/amount-text.ts";
import type { Book } from "../model/book.ts";
import { safeText } from "../model/cell-text.ts";
import { BUDGET_HEADER } from "../read/budget-reader.ts";
import { lineResolver, segmentResolver } from "../read/resolution.ts";

/**
 * Rows as a book's CSV. Every free-text cell (a label, a note, a file name in a note) is
 * neutralised as every CSV yosan writes is (model/cell-text.ts: a text a spreadsheet would
 * run as a formula gets a leading apostrophe, which the book's readers take off again); an
 * amount stays as it is, and so do the columns whose index is in `syntax` (a print's line
 * column, which may hold a formula such as `- receivables`).
 */
export function bookCsv(
  rows: readonly (readonly string[])[],
  crlf: boolean,
  syntax: ReadonlySet<number> = NO_COLUMNS,
): string {
  const safe = rows.map((r) =>
    r.map((t, c) => (syntax.has(c) || parseAmount(t).ok ? t : safeText(t))),
  );
  // A cell holding a line break (a label wrapped in its spreadsheet cell) is quoted whatever the
  // record delimiter: csv-stringify quotes only the delimiter it was given unless told otherwise.
  return stringify(safe, { record_delimiter: crlf ? "\r\n" : "\n", quote_record_delimiter: true });
}

const NO_COLUMNS: ReadonlySet<number> = new Set();

/**
 * How an account is written in a budget file: its label where the book's reader resolves that
 * label to this leaf and no other (not another line's id or alias), else its id.
 */
export function accountText(book: Book, lineId: string): string {
  return writtenNames(book).account(lineId);
}

/**
 * How a segment is written in a budget file: its name where the reader resolves that name to
 * this segment (not another's id or alias, not a total label), else its id; blank for 合計.
 */
export function segmentText(book: Book, segment: string | null): string {
  return segment === null ? "" : writtenNames(book).segment(segment);
}

/** The header of a budget file an import writes: yosan's, without `segment` in a book without segments. */
export function budgetHeader(book: Book): string[] {
  return BUDGET_HEADER.filter((c) => c !== "segment" || book.segments.length > 0);
}

/** A budget row of a leaf in the columns of `budgetHeader(book)`: account, segment, amount, note. */
export function budgetRow(
  book: Book,
  leaf: { readonly line: string; readonly segment: string | null },
  amount: string,
  note: string,
): string[] {
  const segment = book.segments.length > 0 ? [segmentText(book, leaf.segment)] : [];
  return [accountText(book, leaf.line), ...segment, amount, note];
}

/** The written names of a book's leaves and segments, made once per book. */
const namesByBook = new WeakMap<
  Book,
  { account: (lineId: string) => string; segment: (id: string) => string }
>();

function writtenNames(book: Book) {
  let names = namesByBook.get(book);
  if (names) return names;
  const resolveLine = lineResolver(book.lines);
  const resolveSegment = segmentResolver(book.segments, book.totalLabels);
  const lines = new Map(book.lines.map((l) => [l.id, l]));
  const segments = new Map(book.segments.map((s) => [s.id, s]));
  const account = new Map<string, string>();
  names = {
    account: (lineId) => {
      let text = account.get(lineId);
      if (text !== undefined) return text;
      const line = lines.get(lineId);
      const r = line ? resolveLine(line.label, { leafOnly: true }) : undefined;
      text = line && r?.ok && r.value.id === lineId ? line.label : lineId;
      account.set(lineId, text);
      return text;
    },
    segment: (id) => {
      const s = segments.get(id);
      const r = s ? resolveSegment(s.name) : undefined;
      return s && r?.ok && r.value === id ? s.name : id;
    },
  };
  namesByBook.set(book, names);
  return names;
}
