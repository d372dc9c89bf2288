/**
 * The book as a plain-text accounting journal (hledger 1.25 and Ledger 3 read it), so that an
 * independent double-entry engine can recompute yosan's leaf totals per account × segment.
 *
 * One transaction per budget row, dated the first day of the fiscal year, posting the row's
 * amount to `<statement>:<segment id>:<line id>` (`<statement>:unallocated:<line id>` for an
 * entry with no segment) and its negation to `equity:budget`. Schedule items (e.g. 前受金) go to
 * `schedules:<schedule id>:<segment id>:<column id>` against `equity:schedules`. Amounts are
 * plain decimals in the book's unit with no commodity, so `hledger balance -O csv` prints them
 * exactly as statements.json does. Japanese labels live in `account` directive comments; each
 * transaction carries its source cell as a `source:` tag.
 *
 * A loaded book keeps one entry per account × segment, not its rows; the rows of a budget file
 * whose entries sum several rows are read again from the file, streamed, so the journal has
 * one transaction per line of the budget (what an independent engine should be given) while
 * memory stays with the pairs. `writeJournal` hands the text over in pieces.
 */
import { type Book, type BudgetEntry, rowCount, type ScheduleItem } from "../model/book.ts";
import { Money } from "../model/money.ts";
import { type CellSource, cell, formatSource } from "../model/provenance.ts";
import { visitBudgetFile } from "../read/budget-reader.ts";
import { lineResolver, segmentResolver } from "../read/resolution.ts";

/** Segment part of the account of an entry with no segment (chosen not to clash with a segment id). */
export function unallocatedSegmentOf(book: Book): string {
  const ids = new Set(book.segments.map((s) => s.id));
  let name = "unallocated";
  while (ids.has(name)) name = `_${name}`;
  return name;
}

/** Account of a budget entry: `<statement>:<segment>:<line>`. */
export function journalAccount(statement: string, segment: string, line: string): string {
  return `${statement}:${segment}:${line}`;
}

/** Account of a schedule column for one segment: `schedules:<schedule>:<segment>:<column>`. */
export function scheduleAccount(schedule: string, segment: string, column: string): string {
  return `schedules:${schedule}:${segment}:${column}`;
}

/** The balancing account of budget entries and of schedule items. */
export const BUDGET_EQUITY = "equity:budget";
export const SCHEDULE_EQUITY = "equity:schedules";

/**
 * Free text made safe for a transaction description: `;` would start a comment, a leading
 * `(`, `*` or `!` would be read as a code or a status, line breaks would end the transaction.
 */
function descriptionText(text: string): string {
  if (!UNSAFE_DESCRIPTION.test(text)) return text;
  return text
    .replace(/[\r\n\t]+/g, " ")
    .replace(/;/g, "；")
    .trim()
    .replace(/^\(/, "（")
    .replace(/^\*/, "＊")
    .replace(/^!/, "！");
}
const UNSAFE_DESCRIPTION = /[;\r\n\t]|^[\s(*!]|\s$/;

/** `-x` for `x`, `x` for `-x`: the balancing amount, as text (amounts are already canonical). */
function negated(amount: string): string {
  if (amount === "0") return amount;
  return amount.startsWith("-") ? amount.slice(1) : `-${amount}`;
}

/** A source cell as `file:row` (the row is what a reader opens; the column is always the amount). */
function where(source: CellSource): string {
  const text =
    source.sheet === undefined
      ? `${source.file}:${source.row}`
      : formatSource({ ...source, column: undefined });
  return commentText(text);
}

/** Comment text: one line (a line break would end the comment). */
function commentText(text: string): string {
  return /[\r\n\t]/.test(text) ? text.replace(/[\r\n\t]+/g, " ").trim() : text;
}

/** The book as an hledger/Ledger journal (text, LF line ends, ends with a newline). */
export function journalOf(book: Book): string {
  const parts: string[] = [];
  writeJournal(book, (text) => parts.push(text));
  return parts.join("");
}

/**
 * Write the journal of `book` in pieces through `emit` (their concatenation is the journal).
 * Returns the number of budget transactions. Throws when a budget file no longer has the rows
 * it had when the book was loaded.
 */
export function writeJournal(book: Book, emit: (text: string) => void): number {
  const unallocated = unallocatedSegmentOf(book);
  const segmentName = new Map(book.segments.map((s) => [s.id, s.name]));
  const lineById = new Map(book.lines.map((l) => [l.id, l]));
  const date = book.fiscalYear.start;
  let out: string[] = [
    `; ${commentText(`${book.entity} ${book.title} (${book.id}), ${book.fiscalYear.label} ${book.fiscalYear.start} … ${book.fiscalYear.end}`)}`,
    `; Written by yosan from ${commentText(book.dir)}. Amounts in ${book.unit}, no commodity symbol.`,
    "; Accounts: <statement>:<segment>:<line>; entries with no segment under :unallocated: (here :" +
      `${unallocated}:). Derived lines are not exported: they are yosan's layout formulas.`,
    "decimal-mark .",
    "",
  ];

  // Account directives for every account used, with the Japanese labels.
  const declared = new Set<string>();
  const declare = (account: string, comment: string) => {
    if (declared.has(account)) return;
    declared.add(account);
    out.push(`account ${account}  ; ${commentText(comment)}`);
  };
  const entryAccount = (e: BudgetEntry): string => {
    const line = lineById.get(e.line);
    if (!line) throw new Error(`programmer error: unknown line ${e.line}`);
    return journalAccount(line.statement, e.segment ?? unallocated, e.line);
  };
  const accounts = new Map<string, string>();
  const accountOf = (e: BudgetEntry): string => {
    const key = `${e.line}\u0000${e.segment ?? ""}`;
    const known = accounts.get(key);
    if (known !== undefined) return known;
    const account = entryAccount(e);
    accounts.set(key, account);
    return account;
  };
  for (const e of book.entries) {
    if (declared.has(accountOf(e))) continue;
    const line = lineById.get(e.line);
    const seg = e.segment === null ? "未配分" : (segmentName.get(e.segment) ?? e.segment);
    declare(accountOf(e), `${line?.label ?? e.line} / ${seg}`);
  }
  const scheduleTitle = new Map(book.schedules.map((s) => [s.id, s]));
  const itemAccounts = (item: ScheduleItem): [string, string][] =>
    [...item.amounts.keys()].map((column) => {
      const def = scheduleTitle.get(item.schedule);
      const label = def?.columns.find((c) => c.id === column)?.label ?? column;
      const seg =
        item.segment === null ? "未配分" : (segmentName.get(item.segment) ?? item.segment);
      return [
        scheduleAccount(item.schedule, item.segment ?? unallocated, column),
        `${def?.title ?? item.schedule} ${label} / ${seg}`,
      ];
    });
  for (const item of book.scheduleItems) for (const [a, c] of itemAccounts(item)) declare(a, c);
  declare(BUDGET_EQUITY, "予算（相手勘定）");
  if (book.scheduleItems.length > 0) declare(SCHEDULE_EQUITY, "付表（相手勘定）");
  out.push("");

  const transaction = (account: string, description: string, amount: string, source: CellSource) =>
    `${date} ${descriptionText(description)}  ; source: ${where(source)}\n    ${account}  ${amount}\n    ${BUDGET_EQUITY}  ${negated(amount)}\n`;
  // Pieces of `out.join("\n")` over everything: a separator before every piece but the first.
  let started = false;
  const flush = () => {
    if (out.length === 0) return;
    emit(`${started ? "\n" : ""}${out.join("\n")}`);
    started = true;
    out = [];
  };
  let transactions = 0;
  const entryTransactions = (entries: readonly BudgetEntry[]) => {
    for (const e of entries) {
      const description = e.note !== "" ? e.note : (lineById.get(e.line)?.label ?? e.line);
      out.push(transaction(accountOf(e), description, e.amount.toString(), e.source));
      transactions++;
    }
  };
  if (!book.entries.some((e) => e.rows !== undefined)) entryTransactions(book.entries);
  else {
    const byFile = new Map<string, BudgetEntry[]>();
    for (const e of book.entries) {
      const list = byFile.get(e.source.file);
      if (list) list.push(e);
      else byFile.set(e.source.file, [e]);
    }
    const resolveLine = lineResolver(book.lines);
    const names = {
      line: (text: string) => resolveLine(text, { leafOnly: true }),
      segment: segmentResolver(book.segments),
    };
    for (const [file, entries] of byFile) {
      if (!entries.some((e) => e.rows !== undefined)) {
        entryTransactions(entries);
        continue;
      }
      flush();
      const expected = entries.reduce((n, e) => n + rowCount(e), 0);
      let rows = 0;
      const issues = visitBudgetFile(
        file,
        file,
        names,
        (line, segment, amount, exact, note, row) => {
          const key = `${line.id}\u0000${segment ?? ""}`;
          let account = accounts.get(key);
          if (account === undefined) {
            account = journalAccount(line.statement, segment ?? unallocated, line.id);
            accounts.set(key, account);
          }
          const text =
            exact === null ? String(Number(amount)) : Money.of(exact, book.unit).toString();
          out.push(transaction(account, note !== "" ? note : line.label, text, cell(file, row)));
          rows++;
          if (out.length >= 4096) flush();
        },
      );
      if (issues.length > 0 || rows !== expected)
        throw new Error(
          `${file} has changed since the book was loaded (${rows} rows now, ${expected} then); load the book again`,
        );
      transactions += rows;
    }
  }
  flush();

  for (const item of book.scheduleItems) {
    const first = item.sources.values().next().value;
    out.push(`${date} ${descriptionText(item.label)}${first ? `  ; source: ${where(first)}` : ""}`);
    for (const [column, amount] of item.amounts) {
      const account = scheduleAccount(item.schedule, item.segment ?? unallocated, column);
      out.push(`    ${account}  ${amount.toString()}`);
    }
    const total = Money.sum(book.unit, item.amounts.values());
    out.push(`    ${SCHEDULE_EQUITY}  ${total.negate().toString()}`, "");
  }
  flush();
  return transactions;
}
