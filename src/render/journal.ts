/**
 * The book as a plain-text accounting journal (hledger 1.25 and Ledger 3 read it), so that an
 * independent double-entry engine can recompute yosan's leaf totals per account × segment.
 *
 * One transaction per budget row, dated the first day of the fiscal year, posting the row's
 * amount to `<statement>:<segment id>:<line id>` (`<statement>:unallocated:<line id>` for an
 * entry with no segment) and its negation to `equity:budget`. Schedule items (e.g. 前受金) go to
 * `schedules:<schedule id>:<segment id>:<column id>` against `equity:schedules` (a book without
 * segments leaves the segment part out: `<statement>:<line id>`). Amounts are
 * plain decimals in the book's unit with no commodity, so `hledger balance -O csv` prints them
 * exactly as statements.json does. Japanese labels live in `account` directive comments; each
 * transaction carries its source cell as a `source:` tag.
 *
 * A loaded book keeps one entry per account × segment, not its rows; the rows of a budget file
 * whose entries sum several rows come from a row stream that read/ provides (the file read
 * again, streamed), so the journal has one transaction per line of the budget (what an
 * independent engine should be given) while memory stays with the pairs. `writeJournal` hands
 * the text over in pieces.
 */
import { formatCount } from "../model/amount-text.ts";
import { type Book, type BudgetEntry, type BudgetRowStream, rowCount } from "../model/book.ts";
import { JA, segmentLabel } from "../model/glossary.ts";
import { BookInputError, inputError } from "../model/issues.ts";
import { Money } from "../model/money.ts";
import { type CellSource, cell, formatSource } from "../model/provenance.ts";
import { inLang, type Lang, say } from "../model/text.ts";

/**
 * Segment part of the account of an entry with no segment (chosen not to clash with a segment id).
 * @testOnly exported for the tests that use it
 */
export function unallocatedSegmentOf(book: Book): string {
  const ids = new Set(book.segments.map((s) => s.id));
  let name = "unallocated";
  while (ids.has(name)) name = `_${name}`;
  return name;
}

/** Account of a budget entry: `<statement>:<segment>:<line>` (`<statement>:<line>`: no segments). */
function journalAccount(statement: string, segment: string | null, line: string): string {
  return segment === null ? `${statement}:${line}` : `${statement}:${segment}:${line}`;
}

/** Account of a schedule column for one segment: `schedules:<schedule>:<segment>:<column>`. */
function scheduleAccount(schedule: string, segment: string | null, column: string): string {
  return segment === null
    ? `schedules:${schedule}:${column}`
    : `schedules:${schedule}:${segment}:${column}`;
}

/**
 * The balancing account of budget entries and of schedule items.
 * @testOnly exported for the tests that use it
 */
export const BUDGET_EQUITY = "equity:budget";
/** @testOnly exported for the tests that use it */
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

/**
 * The book as an hledger/Ledger journal (text, LF line ends, ends with a newline).
 * @testOnly exported for the tests that use it
 */
export function journalOf(book: Book, rows: BudgetRowStream | undefined, lang: Lang): string {
  const parts: string[] = [];
  writeJournal(book, (text) => parts.push(text), rows, lang);
  return parts.join("");
}

/** Accounts of a book's entries and schedule items, and their `account` directives. */
class Accounts {
  /** The segment part of an entry with no segment; null in a book without segments (none at all). */
  readonly unallocated: string | null;
  private readonly byPair = new Map<string, string>();
  private readonly lineById: ReadonlyMap<string, Book["lines"][number]>;

  constructor(
    private readonly book: Book,
    private readonly lang: Lang,
  ) {
    this.unallocated = book.segments.length === 0 ? null : unallocatedSegmentOf(book);
    this.lineById = new Map(book.lines.map((l) => [l.id, l]));
  }

  /** `<statement>:<segment>:<line>` of a line and segment (cached per pair). */
  of(lineId: string, segment: string | null): string {
    const key = `${lineId}\u0000${segment ?? ""}`;
    const known = this.byPair.get(key);
    if (known !== undefined) return known;
    const line = this.lineById.get(lineId);
    if (!line) throw new Error(`programmer error: unknown line ${lineId}`);
    const account = journalAccount(line.statement, segment ?? this.unallocated, lineId);
    this.byPair.set(key, account);
    return account;
  }

  label(lineId: string): string {
    return this.lineById.get(lineId)?.label ?? lineId;
  }

  /** A quantity line's unit as a commodity after its amounts (` "戸"`); "" for money. */
  commodity(lineId: string): string {
    const unit = this.lineById.get(lineId)?.unit;
    return unit === undefined ? "" : ` "${unit}"`;
  }

  /** `account` directives for every account used, with the Japanese labels as comments. */
  directives(): string[] {
    const book = this.book;
    const out: string[] = [];
    const declared = new Set<string>();
    const declare = (account: string, comment: string) => {
      if (declared.has(account)) return;
      declared.add(account);
      out.push(`account ${account}  ; ${commentText(comment)}`);
    };
    const segment = (id: string | null) =>
      book.segments.length === 0
        ? ""
        : ` / ${id === null ? JA.unallocated : segmentLabel(book.segments, id)}`;
    for (const e of book.entries) {
      declare(this.of(e.line, e.segment), `${this.label(e.line)}${segment(e.segment)}`);
    }
    const defs = new Map(book.schedules.map((s) => [s.id, s]));
    for (const item of book.scheduleItems) {
      const def = defs.get(item.schedule);
      for (const column of item.amounts.keys()) {
        const label = def?.columns.find((c) => c.id === column)?.label ?? column;
        declare(
          scheduleAccount(item.schedule, item.segment ?? this.unallocated, column),
          `${def?.title ?? item.schedule} ${label}${segment(item.segment)}`,
        );
      }
    }
    declare(BUDGET_EQUITY, inLang(EQUITY_COMMENTS.budget, this.lang));
    if (book.scheduleItems.length > 0)
      declare(SCHEDULE_EQUITY, inLang(EQUITY_COMMENTS.schedules, this.lang));
    return out;
  }
}

/** The comments of the two balancing accounts. */
const EQUITY_COMMENTS = {
  budget: say("予算（相手勘定）", "budget (balancing account)"),
  schedules: say("付表（相手勘定）", "schedules (balancing account)"),
} as const;

/** The journal's opening comments: where it comes from, its unit, how accounts are named. */
function headerComments(book: Book, unallocated: string | null, lang: Lang): string[] {
  const title = commentText(
    `${book.entity} ${book.title} (${book.id}), ${book.fiscalYear.label} ${book.fiscalYear.start} … ${book.fiscalYear.end}`,
  );
  const dir = commentText(book.dir);
  if (unallocated === null)
    return [
      `; ${title}`,
      lang === "ja"
        ? `; yosan が ${dir} から書き出しました。金額の単位は${book.unit}で、通貨記号は付けていません。`
        : `; Written by yosan from ${dir}. Amounts in ${book.unit}, no commodity symbol.`,
      lang === "ja"
        ? "; 勘定は <statement>:<line> です（この帳簿には区分がありません）。派生する科目は yosan の様式の数式なので書き出していません。"
        : "; Accounts: <statement>:<line> (the book has no segments). Derived lines are not exported: they are yosan's layout formulas.",
    ];
  if (lang === "ja")
    return [
      `; ${title}`,
      `; yosan が ${dir} から書き出しました。金額の単位は${book.unit}で、通貨記号は付けていません。`,
      `; 勘定は <statement>:<segment>:<line> です。区分のない金額は :unallocated: の下（ここでは :${unallocated}:）にあります。派生する科目は yosan の様式の数式なので書き出していません。`,
    ];
  return [
    `; ${title}`,
    `; Written by yosan from ${dir}. Amounts in ${book.unit}, no commodity symbol.`,
    "; Accounts: <statement>:<segment>:<line>; entries with no segment under :unallocated: (here :" +
      `${unallocated}:). Derived lines are not exported: they are yosan's layout formulas.`,
  ];
}

/** A book with quantities (戸, ㎥ …): say that their unit is their commodity. */
function quantityComments(book: Book, lang: Lang): string[] {
  const units = [...new Set(book.lines.flatMap((l) => (l.unit === undefined ? [] : [l.unit])))];
  if (units.length === 0) return [];
  const list = commentText(units.join(lang === "ja" ? "、" : ", "));
  return [
    lang === "ja"
      ? `; 数量の科目（${list}）の金額には、その単位を通貨記号として付けています（金額とは足し合わせません）。`
      : `; Quantity lines (${list}) carry their unit as a commodity: never added to the amounts.`,
  ];
}

/**
 * Write the journal of `book` in pieces through `emit` (their concatenation is the journal).
 * Returns the number of budget transactions. Its comments are in `lang` (the labels are the
 * book's). The rows of entries that sum several rows come from `rows`; a book stream that no
 * longer has the rows the book was loaded with is refused with a BookInputError naming the file.
 */
export function writeJournal(
  book: Book,
  emit: (text: string) => void,
  rows: BudgetRowStream | undefined,
  lang: Lang,
): number {
  const accounts = new Accounts(book, lang);
  const date = book.fiscalYear.start;
  let out: string[] = [
    ...headerComments(book, accounts.unallocated, lang),
    ...quantityComments(book, lang),
    "decimal-mark .",
    "",
    ...accounts.directives(),
    "",
  ];
  // A quantity (戸, ㎥ …) carries its unit as a commodity: never added to the money.
  const transaction = (
    account: string,
    description: string,
    amount: string,
    source: CellSource,
    commodity: string,
  ) =>
    `${date} ${descriptionText(description)}  ; source: ${where(source)}\n    ${account}  ${amount}${commodity}\n    ${BUDGET_EQUITY}  ${negated(amount)}${commodity}\n`;
  // Pieces of `out.join("\n")` over everything: a separator before every piece but the first.
  let started = false;
  const flush = () => {
    if (out.length === 0) return;
    emit(`${started ? "\n" : ""}${out.join("\n")}`);
    started = true;
    out = [];
  };
  let transactions = 0;
  for (const [file, entries] of entriesByFile(book)) {
    if (!entries.some((e) => e.rows !== undefined)) {
      for (const e of entries) {
        const description = e.note !== "" ? e.note : accounts.label(e.line);
        out.push(
          transaction(
            accounts.of(e.line, e.segment),
            description,
            e.amount.toString(),
            e.source,
            accounts.commodity(e.line),
          ),
        );
        transactions++;
      }
      continue;
    }
    if (rows === undefined) throw new Error(`programmer error: the rows of ${file} were not given`);
    flush();
    const expected = entries.reduce((n, e) => n + rowCount(e), 0);
    const streamed = rows(file, (row) => {
      const description = row.note !== "" ? row.note : row.line.label;
      out.push(
        transaction(
          accounts.of(row.line.id, row.segment),
          description,
          row.amount,
          row.source,
          accounts.commodity(row.line.id),
        ),
      );
      if (out.length >= 4096) flush();
    });
    if (streamed.issues.length > 0 || streamed.rows !== expected) {
      throw new BookInputError([
        inputError(
          "file.unreadable",
          cell(file, 1),
          say(
            `${file} は帳簿を読み込んだ後に変更されています（現在 ${formatCount(streamed.rows)} 行、読み込み時 ${formatCount(expected)} 行）。帳簿を読み込み直してください。`,
            `${file} has changed since the book was loaded (${streamed.rows} rows now, ${expected} then); load the book again`,
          ),
        ),
      ]);
    }
    transactions += streamed.rows;
  }
  flush();
  out.push(...scheduleTransactions(book, accounts.unallocated));
  flush();
  return transactions;
}

/** Entries by the file they came from, in book order. */
function entriesByFile(book: Book): Map<string, BudgetEntry[]> {
  const byFile = new Map<string, BudgetEntry[]>();
  for (const e of book.entries) {
    const list = byFile.get(e.source.file);
    if (list) list.push(e);
    else byFile.set(e.source.file, [e]);
  }
  return byFile;
}

/** One transaction per schedule item: its columns against equity:schedules. */
function scheduleTransactions(book: Book, unallocated: string | null): string[] {
  const out: string[] = [];
  const date = book.fiscalYear.start;
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
  return out;
}
