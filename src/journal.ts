/**
 * The book as a plain-text accounting journal (hledger 1.25 and Ledger 3 read it), so that an
 * independent double-entry engine can recompute yosan's leaf totals per account × segment.
 *
 * One transaction per budget entry, dated the first day of the fiscal year, posting the entry's
 * amount to `<statement>:<segment id>:<line id>` (`<statement>:unallocated:<line id>` for an
 * entry with no segment) and its negation to `equity:budget`. Schedule items (e.g. 前受金) go to
 * `schedules:<schedule id>:<segment id>:<column id>` against `equity:schedules`. Amounts are
 * plain decimals in the book's unit with no commodity, so `hledger balance -O csv` prints them
 * exactly as statements.json does. Japanese labels live in `account` directive comments; each
 * transaction carries its source cell as a `source:` tag.
 */
import type { Book, BudgetEntry, ScheduleItem } from "./book.ts";
import { Money } from "./money.ts";
import { type CellSource, formatSource } from "./provenance.ts";

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
  const unallocated = unallocatedSegmentOf(book);
  const segmentName = new Map(book.segments.map((s) => [s.id, s.name]));
  const lineById = new Map(book.lines.map((l) => [l.id, l]));
  const date = book.fiscalYear.start;
  const out: string[] = [
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

  for (const e of book.entries) {
    const account = accountOf(e);
    const description = descriptionText(
      e.note !== "" ? e.note : (lineById.get(e.line)?.label ?? e.line),
    );
    const amount = e.amount.toString();
    out.push(
      `${date} ${description}  ; source: ${where(e.source)}\n    ${account}  ${amount}\n    ${BUDGET_EQUITY}  ${negated(amount)}\n`,
    );
  }

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
  return out.join("\n");
}
