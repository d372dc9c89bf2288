/**
 * Reading budget files (budget.csv, bridge.csv, …): streamed as bytes through the byte CSV
 * scanner (byte-csv.ts), each row validated in code with the messages the generic path
 * (csv-parse + the budget schema) gives, and aggregated while reading into one BudgetEntry per
 * (line, segment) of the file — so a book of a million 積算明細 rows costs memory for its
 * account × segment pairs only.
 *
 * The fast path works on the bytes: account and segment cells are resolved once per distinct
 * byte sequence (decoded the first time it is seen), an amount that is a plain integer of up to
 * 15 digits (the common case) is read from its digits and added as an exact JavaScript integer,
 * flushed into a BigInt before it could leave the exact range, and the note is decoded only
 * when an entry keeps it. A row it does not take that way (any other amount, a blank or
 * unknown account, a cell over the limit, white space the scanner does not trim) is decoded and
 * handled as the generic path handles it: every other amount goes through parseAmount into a
 * Decimal. A file the scanner does not accept, or whose header or encoding is wrong, is read
 * the generic way, so every message about a malformed file is the generic one.
 */
import { isUtf8 } from "node:buffer";
import { readSync } from "node:fs";
import { readText } from "../io/read-text.ts";
import { parseAmount, withAmountExpectation } from "../model/amount-text.ts";
import type { BudgetEntry, LayoutLine } from "../model/book.ts";
import { ENTRY_PARTS } from "../model/book.ts";
import { plainText } from "../model/cell-text.ts";
import { type InputIssue, inputError } from "../model/issues.ts";
import { Decimal, Money, type Unit } from "../model/money.ts";
import { cell } from "../model/provenance.ts";
import { type Amount, Quantity, type QuantityUnit } from "../model/quantity.ts";
import { say, type Text } from "../model/text.ts";
import { ByteCsvScanner, type ByteRow, readOpenFile, streamRows } from "./byte-csv.ts";
import { parseCsvTable, unnamedCell } from "./csv-table.ts";
import { ExactSum } from "./exact-sum.ts";
import { cellTooLong, MAX_CELL_CHARS } from "./limits.ts";
import type { Resolution } from "./resolution.ts";
import { emptyCell, validateTable } from "./schema-validation.ts";

/** The columns a budget file must have (in a book without segments, `segment` may be left out). */
export const BUDGET_COLUMNS = ["account", "segment", "amount"] as const;

/** The columns a budget file of a book must have: `segment` only where the book has segments. */
export function budgetColumns(segmented: boolean): readonly string[] {
  return segmented ? BUDGET_COLUMNS : BUDGET_COLUMNS.filter((c) => c !== "segment");
}

/** The header of a budget file yosan writes: the columns it must have, then the note. */
export const BUDGET_HEADER = [...BUDGET_COLUMNS, "note"] as const;

/** How the accounts and segments of a budget file are resolved (leaf lines only). */
interface BudgetNames {
  line(text: string): Resolution<LayoutLine>;
  segment(text: string): Resolution<string | null>;
  /** Does the book have segments (then the `segment` column is required)? */
  readonly segmented: boolean;
}

/**
 * A valid budget row. `exact` is null when `amount` (the trimmed cell) is a plain integer of
 * up to 15 digits; otherwise it is the parsed value.
 */
type BudgetRowVisitor = (
  line: LayoutLine,
  segment: string | null,
  amount: string,
  exact: Decimal | null,
  note: string,
  row: number,
) => void;

/** The texts of the row being visited, read only when asked (valid during the visit only). */
interface RowTexts {
  /** The amount cell as the generic path sees it: trimmed, its apostrophe mark taken off. */
  amount(): string;
  /** The note cell likewise ("" without a note column). */
  note(): string;
}

/**
 * A valid budget row, as the reader hands it on: `integer` is the amount when `exact` is null
 * (a plain integer of up to 15 digits, exact as a JavaScript number); `pair` numbers the
 * distinct (account, segment) cells of the rows the fast path took, from 0 (−1 for others).
 */
type RowSink = (
  line: LayoutLine,
  segment: string | null,
  integer: number,
  exact: Decimal | null,
  row: number,
  texts: RowTexts,
  pair: number,
) => void;

const PLAIN_INTEGER = /^-?\d{1,15}$/;

/**
 * Options of the readers; `generic` reads the file the generic way only (for tests).
 * @testOnly exported for the tests that use it
 */
export interface BudgetReadOptions {
  readonly generic?: boolean;
  /** Bytes read at a time by the fast path (at least 8; for tests of rows across chunks). */
  readonly chunkBytes?: number;
}

/**
 * Visit every valid row of the budget file at `path` (named `shown` in messages), in file order,
 * each exactly once. Returns the issues of the file; when there are any, the visited rows must
 * not be used (as with the generic path, a schema violation anywhere reports only the schema
 * violations of the file).
 */
export function visitBudgetFile(
  path: string,
  shown: string,
  names: BudgetNames,
  visit: BudgetRowVisitor,
  options: BudgetReadOptions = {},
): InputIssue[] {
  return readBudgetRows(
    path,
    shown,
    names,
    (line, segment, _integer, exact, row, texts) =>
      visit(line, segment, texts.amount(), exact, texts.note(), row),
    options,
  );
}

function readBudgetRows(
  path: string,
  shown: string,
  names: BudgetNames,
  sink: RowSink,
  options: BudgetReadOptions,
): InputIssue[] {
  const reader = new BudgetRows(shown, names, sink);
  if (options.generic !== true) {
    const scanner = new ByteCsvScanner("utf8", (row) => reader.byteRow(row));
    const streamed = scanFile(path, scanner, options.chunkBytes);
    if (streamed && reader.columns !== null && reader.dataRows > 0) return reader.issues();
  }
  // The generic path, for everything the fast path does not accept (its issues are the right
  // ones): the whole file at once, up to what an imported file may hold.
  const text = readText(path, shown, GENERIC_MAX_BYTES);
  if (!text.ok) return [text.issue];
  const parsed = parseCsvTable(shown, text.text, budgetColumns(names.segmented));
  if (!parsed.ok) return parsed.issues;
  const invalid = validateTable("budget", parsed.table);
  if (invalid.length > 0) return invalid;
  const header = parsed.table.header;
  const adjacent = header.indexOf("note") === header.indexOf("amount") + 1;
  for (const r of parsed.table.rows) {
    if (r.row <= reader.doneUpTo) continue;
    const v = r.values;
    if (adjacent && splitThousands(v.amount ?? "", v.note ?? "")) {
      reader.rowIssues.push(splitIssue(shown, r.row, v.amount ?? "", v.note ?? "", r.raw));
      continue;
    }
    reader.handle(v.account ?? "", v.segment ?? "", v.amount ?? "", v.note ?? "", r.row, r.raw);
  }
  return reader.rowIssues;
}

/**
 * An amount of one to three digits followed by a note of three-digit groups only: 11,000
 * written without quotes, split by its comma into the amount and the note.
 */
function splitThousands(amount: string, note: string): boolean {
  return /^[-−△▲]?\d{1,3}$/.test(amount) && /^\d{3}(,\d{3})*$/.test(note);
}

/** The row refused at its amount: the figure the comma split, and how to write it. */
function splitIssue(shown: string, row: number, amount: string, note: string, raw: string) {
  return inputError(
    "csv.malformed",
    cell(shown, row, "amount"),
    say(
      `金額「${amount}」と備考「${note}」は、引用符のない ${amount},${note} がカンマで2つのセルに分かれたものに見えます。"${amount},${note}" のように引用符で囲んでください（備考が本当にこの数字なら、備考を引用符で囲んでも同じく読めません。文字を添えてください）。`,
      `the amount 「${amount}」 and the note 「${note}」 look like ${amount},${note} written without quotes and split by its comma: write "${amount},${note}" in quotes (a note that really is these digits needs a word beside them)`,
    ),
    raw,
  );
}

/** Most bytes of a budget file the generic path reads whole (a string's length is bounded). */
const GENERIC_MAX_BYTES = 256 * 1024 * 1024;

/** The columns of a budget file's header (segment and note −1 when there is none). */
interface Columns {
  readonly account: number;
  readonly segment: number;
  readonly amount: number;
  readonly note: number;
}

/** The account and segment cells of a row the fast path takes: what they resolve to. */
interface PairHit {
  readonly line: LayoutLine;
  readonly segment: string | null;
  /** Numbers the distinct pairs of cells the cache keeps, from 0 (−1 for one it does not). */
  readonly id: number;
}

/** The rows of one budget file: the checks of each row, and the caches of what cells mean. */
class BudgetRows {
  columns: Columns | null = null;
  /** The header's names, and whether one is blank (a cell under it would be lost). */
  private headerNames: readonly string[] = [];
  private blankHeading = false;
  /** Line of the last row the fast path handled (the generic path goes on after it). */
  doneUpTo = 0;
  dataRows = 0;
  readonly rowIssues: InputIssue[] = [];
  private readonly schemaIssues: InputIssue[] = [];
  private readonly lineCache = new Map<string, Resolution<LayoutLine>>();
  private readonly segmentCache = new Map<string, Resolution<string | null>>();
  /** Account and segment cells by their bytes: what they resolve to, or null when the fast path does not take them. */
  private readonly pairs = new PairCache<PairHit | null>();
  private readonly texts = new TextTexts();
  private readonly bytes = new ByteTexts();

  constructor(
    private readonly shown: string,
    private readonly names: BudgetNames,
    private readonly sink: RowSink,
  ) {}

  issues(): InputIssue[] {
    return this.schemaIssues.length > 0 ? this.schemaIssues : this.rowIssues;
  }

  private line(account: string): Resolution<LayoutLine> {
    let line = this.lineCache.get(account);
    if (line === undefined) {
      line = this.names.line(account);
      this.lineCache.set(account, line);
    }
    return line;
  }

  private segment(text: string): Resolution<string | null> {
    let segment = this.segmentCache.get(text);
    if (segment === undefined) {
      segment = this.names.segment(text);
      this.segmentCache.set(text, segment);
    }
    return segment;
  }

  /** One data row, as the generic path sees it: trimmed values and the row as written. */
  handle(
    account: string,
    segmentText: string,
    amount: string,
    note: string,
    row: number,
    raw: string,
  ) {
    const { shown, schemaIssues, rowIssues } = this;
    if (account === "" || amount === "") {
      if (account === "")
        schemaIssues.push(
          inputError("schema.invalid", cell(shown, row, "account"), emptyCell("account"), raw),
        );
      if (amount === "")
        schemaIssues.push(
          inputError("schema.invalid", cell(shown, row, "amount"), emptyCell("amount"), raw),
        );
      return;
    }
    if (schemaIssues.length > 0) return;
    const long = [
      cellTooLong(shown, row, "account", account),
      cellTooLong(shown, row, "segment", segmentText),
      cellTooLong(shown, row, "note", note),
    ].filter((i) => i !== undefined);
    if (long.length > 0) {
      for (const i of long) rowIssues.push(i);
      return;
    }
    const line = this.line(account);
    const segment = this.segment(segmentText);
    let exact: Decimal | null = null;
    let badAmount: Text | null = null;
    if (!PLAIN_INTEGER.test(amount)) {
      const parsed = parseAmount(amount);
      if (parsed.ok) exact = parsed.value;
      else badAmount = withAmountExpectation(parsed.reason);
    }
    if (line.ok && segment.ok && badAmount === null) {
      this.texts.amountText = amount;
      this.texts.noteText = note;
      const integer = exact === null ? Number(amount) : 0;
      this.sink(line.value, segment.value, integer, exact, row, this.texts, -1);
      return;
    }
    if (!line.ok)
      rowIssues.push(inputError(line.code, cell(shown, row, "account"), line.message, raw));
    if (!segment.ok)
      rowIssues.push(inputError(segment.code, cell(shown, row, "segment"), segment.message, raw));
    if (badAmount !== null)
      rowIssues.push(inputError("amount.invalid", cell(shown, row, "amount"), badAmount, raw));
  }

  /** A row from the byte scanner: the header, a row the fast path takes, or one for `handle`. */
  byteRow(row: ByteRow): boolean {
    const columns = this.columns;
    if (columns === null) return this.header(row);
    // A cell no column names (an unquoted 1,234 split in two): the generic path refuses the row.
    if (
      (row.count > this.headerNames.length || this.blankHeading) &&
      unnamedCell(this.headerNames, row.texts()) !== undefined
    )
      return false;
    const line = row.lastLine;
    this.doneUpTo = line;
    // 11,000 unquoted with the note left blank: an amount of 11 and a note of 000.
    if (columns.note === columns.amount + 1) {
      const noteBytes = row.byteLength(columns.note);
      // Only a note of three-digit groups (3, 7, 11 … bytes) can be the rest of a split figure.
      if ((noteBytes + 1) % 4 === 0 && noteBytes <= 23 && row.byteLength(columns.amount) <= 8) {
        const amount = row.text(columns.amount).trim();
        const note = row.text(columns.note).trim();
        if (splitThousands(amount, note)) {
          this.dataRows++;
          this.rowIssues.push(splitIssue(this.shown, line, amount, note, row.raw()));
          return true;
        }
      }
    }
    // The amount and the note first: cells are resolved only where `handle` would resolve them
    // (a resolver's suggestions are counted, so the messages of later rows depend on it).
    const integer = row.integer(columns.amount);
    if (
      this.schemaIssues.length === 0 &&
      !Number.isNaN(integer) &&
      (columns.note < 0 || row.byteLength(columns.note) <= MAX_CELL_CHARS)
    ) {
      const pair = this.pairs.get(row, columns.account, columns.segment, this.pairHit);
      if (pair !== null) {
        this.dataRows++;
        this.bytes.row = row;
        this.bytes.columns = columns;
        this.sink(pair.line, pair.segment, integer, null, line, this.bytes, pair.id);
        return true;
      }
    }
    const text = (i: number) => plainText(row.text(i).trim());
    const account = text(columns.account);
    const segment = text(columns.segment);
    const amount = text(columns.amount);
    if (
      account === "" &&
      segment === "" &&
      amount === "" &&
      row.texts().every((c) => c.trim() === "")
    )
      return true;
    this.dataRows++;
    const note = columns.note < 0 ? "" : text(columns.note);
    this.handle(account, segment, amount, note, line, row.raw());
    return true;
  }

  /**
   * What the fast path makes of a row's account and segment cells, the first time it sees
   * their bytes: the leaf line and the segment, or null (a blank, unknown or ambiguous account,
   * an unknown segment, a cell over the limit) for `handle` to report.
   */
  private readonly pairHit = (row: ByteRow, a: number, s: number, id: number): PairHit | null => {
    const account = plainText(row.text(a).trim());
    const segmentText = plainText(row.text(s).trim());
    if (account === "" || account.length > MAX_CELL_CHARS || segmentText.length > MAX_CELL_CHARS)
      return null;
    const line = this.line(account);
    const segment = this.segment(segmentText);
    if (!line.ok || !segment.ok) return null;
    return { line: line.value, segment: segment.value, id };
  };

  /** The header row: false (stop, and read the file the generic way) when it is wrong. */
  private header(row: ByteRow): boolean {
    const names = row.texts().map((c) => c.trim());
    // A line of white space only is a blank line to csv-parse (the scanner trims spaces and tabs).
    if (row.count === 1 && names[0] === "" && !row.quoted(0)) return true;
    const seen = new Set<string>();
    for (const n of names) {
      if (n !== "" && seen.has(n)) return false;
      seen.add(n);
    }
    if (budgetColumns(this.names.segmented).some((c) => !seen.has(c))) return false;
    this.headerNames = names;
    this.blankHeading = names.some((n) => n === "");
    this.columns = {
      account: names.indexOf("account"),
      segment: names.indexOf("segment"),
      amount: names.indexOf("amount"),
      note: names.indexOf("note"),
    };
    return true;
  }
}

/** The texts of a row the generic way read. */
class TextTexts implements RowTexts {
  amountText = "";
  noteText = "";

  amount(): string {
    return this.amountText;
  }

  note(): string {
    return this.noteText;
  }
}

/** The texts of a row the fast path took, decoded when asked. */
class ByteTexts implements RowTexts {
  row: ByteRow | null = null;
  columns: Columns | null = null;

  amount(): string {
    return this.row?.text(this.columns?.amount ?? 0) ?? "";
  }

  note(): string {
    const i = this.columns?.note ?? -1;
    if (i < 0 || this.row === null || this.row.blank(i)) return "";
    return plainText(this.row.text(i).trim());
  }
}

/** Most pairs of cells a PairCache keeps, and most bytes of their keys. */
const MAX_PAIRS = 1 << 16;
const MAX_PAIR_BYTES = 1 << 24;
const FNV_PRIME = 0x01000193;

/**
 * Values by the bytes of two cells of a row (the account and the segment), worked out once
 * per distinct pair: a hash of each cell's length and up to six bytes from either end picks a
 * slot of an open-addressed table, the cells are compared with the kept key byte for byte, and
 * `make` is asked only for a pair not seen before. At most MAX_PAIRS pairs are kept; beyond,
 * a pair not yet kept is worked out every time it is seen.
 */
class PairCache<T> {
  private keys = new Uint8Array(1 << 12);
  private used = 0;
  private readonly keyAt: number[] = [];
  private readonly firstLength: number[] = [];
  private readonly secondLength: number[] = [];
  private readonly hashes: number[] = [];
  private readonly values: T[] = [];
  /** Entry index + 1 per slot; 0 empty. */
  private table = new Int32Array(1 << 10);

  /** The value of cells `a` and `b` (−1: a column the header lacks) of `row`; `make` is told the number the pair will be kept under (or −1). */
  get(
    row: ByteRow,
    a: number,
    b: number,
    make: (row: ByteRow, a: number, b: number, id: number) => T,
  ): T {
    const buf = row.buf;
    const n = row.count;
    const as = a < n ? (row.starts[a] as number) : 0;
    const ae = a < n ? (row.ends[a] as number) : 0;
    const bs = b >= 0 && b < n ? (row.starts[b] as number) : 0;
    const be = b >= 0 && b < n ? (row.ends[b] as number) : 0;
    const hash = mix(buf, bs, be, mix(buf, as, ae, 0x811c9dc5));
    const keys = this.keys;
    const mask = this.table.length - 1;
    let slot = (hash ^ (hash >>> 16)) & mask;
    for (;;) {
      const k = (this.table[slot] as number) - 1;
      if (k < 0) break;
      if (this.firstLength[k] === ae - as && this.secondLength[k] === be - bs) {
        let at = this.keyAt[k] as number;
        let p = as;
        while (p < ae && keys[at] === buf[p]) {
          p++;
          at++;
        }
        let q = bs;
        if (p === ae)
          while (q < be && keys[at] === buf[q]) {
            q++;
            at++;
          }
        if (p === ae && q === be) return this.values[k] as T;
      }
      slot = (slot + 1) & mask;
    }
    const size = ae - as + (be - bs);
    const kept = this.values.length < MAX_PAIRS && this.used + size <= MAX_PAIR_BYTES;
    const value = make(row, a, b, kept ? this.values.length : -1);
    if (kept) {
      if (this.used + size > keys.length) {
        const bigger = new Uint8Array(Math.max(keys.length * 2, this.used + size));
        bigger.set(keys.subarray(0, this.used));
        this.keys = bigger;
      }
      this.keys.set(buf.subarray(as, ae), this.used);
      this.keys.set(buf.subarray(bs, be), this.used + (ae - as));
      this.keyAt.push(this.used);
      this.firstLength.push(ae - as);
      this.secondLength.push(be - bs);
      this.hashes.push(hash);
      this.values.push(value);
      this.used += size;
      this.table[slot] = this.values.length;
      if (this.values.length * 2 > this.table.length) this.rehash();
    }
    return value;
  }

  /** Double the table (kept at most half full, so a probe soon meets an empty slot). */
  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    this.hashes.forEach((hash, k) => {
      let slot = (hash ^ (hash >>> 16)) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = k + 1;
    });
    this.table = table;
  }
}

/** FNV-1a over a cell's length and up to six bytes from either end of it. */
function mix(buf: Buffer, s: number, e: number, h: number): number {
  let x = Math.imul(h ^ (e - s), FNV_PRIME);
  const head = Math.min(e, s + 6);
  for (let p = s; p < head; p++) x = Math.imul(x ^ (buf[p] as number), FNV_PRIME);
  for (let p = Math.max(head, e - 6); p < e; p++) x = Math.imul(x ^ (buf[p] as number), FNV_PRIME);
  return x;
}

const CHUNK_BYTES = 1 << 22;
/** A row longer than what the generic path reads whole is left to it, to say what is wrong. */
const MAX_ROW_BYTES = GENERIC_MAX_BYTES;

/**
 * One buffer for every budget file read (this is synchronous): a book of thousands of version
 * files would otherwise allocate a chunk per file and spend its time collecting them.
 */
let shared: Buffer | undefined;

/**
 * Stream the file at `path` through `scanner` in chunks: a leading BOM dropped (and a second
 * one, as the generic path drops it), every byte checked to be UTF-8 before its rows are
 * scanned, the incomplete row at the end of a chunk moved to the front of the buffer and the
 * next chunk read after it. False when the file cannot be read, is not UTF-8, or the scanner
 * declines it or is stopped.
 */
function scanFile(path: string, scanner: ByteCsvScanner, chunkBytes?: number): boolean {
  return readOpenFile(
    path,
    (fd) => {
      shared ??= Buffer.allocUnsafe(CHUNK_BYTES);
      const buf = chunkBytes === undefined ? shared : Buffer.allocUnsafe(Math.max(8, chunkBytes));
      let filled = 0;
      while (filled < 6) {
        const n = readSync(fd, buf, filled, buf.length - filled, null);
        if (n === 0) break;
        filled += n;
      }
      let from = 0;
      while (from < 6 && from + 3 <= filled && buf.readUIntBE(from, 3) === 0xefbbbf) from += 3;
      return streamRows(fd, scanner, { buf, filled, from }, MAX_ROW_BYTES, isUtf8) === "ok";
    },
    false,
  );
}

/** Running sum of one (line, segment) of a file. */
interface Posting {
  readonly line: string;
  readonly segment: string | null;
  /** A quantity line's unit: its rows are quantities in it, never scaled as money. */
  readonly quantity: QuantityUnit | undefined;
  readonly note: string;
  /** The rows, in `rows[0 … count)` (grown by half as they come: 4 bytes a row). */
  rows: Uint32Array;
  count: number;
  readonly parts: Amount[];
  readonly sum: ExactSum;
}

/** A posting's figure: money in the book's unit, or a quantity in its line's. */
function postingAmount(p: Posting, value: Decimal | string, unit: Unit): Amount {
  return p.quantity === undefined ? Money.of(value, unit) : Quantity.of(value, p.quantity);
}

/**
 * Read one budget file into entries, one per (line, segment), in the order of their first row.
 * Issues as visitBudgetFile; entries only when there are none.
 */
export function readBudgetFile(
  path: string,
  shown: string,
  names: BudgetNames,
  unit: Unit,
  options: BudgetReadOptions = {},
): { entries: BudgetEntry[]; issues: InputIssue[] } {
  const byLine = new Map<string, Map<string | null, Posting>>();
  const postings: Posting[] = [];
  /** The posting of each pair of cells the fast path numbered. */
  const byPair: (Posting | undefined)[] = [];
  const issues = readBudgetRows(
    path,
    shown,
    names,
    (line, segment, integer, exact, row, texts, pair) => {
      let p = pair < 0 ? undefined : byPair[pair];
      if (p === undefined) {
        let bySegment = byLine.get(line.id);
        if (bySegment === undefined) {
          bySegment = new Map();
          byLine.set(line.id, bySegment);
        }
        p = bySegment.get(segment);
        if (p === undefined) {
          const note = texts.note();
          const rows = new Uint32Array(4);
          p = {
            line: line.id,
            segment,
            quantity: line.unit,
            note,
            rows,
            count: 0,
            parts: [],
            sum: new ExactSum(),
          };
          bySegment.set(segment, p);
          postings.push(p);
        }
        if (pair >= 0) byPair[pair] = p;
      }
      if (p.count === p.rows.length) {
        const more = new Uint32Array(p.count + (p.count >> 1));
        more.set(p.rows);
        p.rows = more;
      }
      p.rows[p.count++] = row;
      if (p.parts.length < ENTRY_PARTS)
        p.parts.push(postingAmount(p, exact ?? new Decimal(integer), unit));
      if (exact === null) p.sum.addInteger(integer);
      else p.sum.addDecimal(exact);
    },
    options,
  );
  if (issues.length > 0) return { entries: [], issues };
  const entries = postings.map((p): BudgetEntry => {
    const source = cell(shown, p.rows[0] ?? 1, "amount");
    const base = { line: p.line, segment: p.segment, note: p.note, source };
    if (p.count === 1) return { ...base, amount: p.parts[0] ?? postingAmount(p, "0", unit) };
    return {
      ...base,
      amount: postingAmount(p, p.sum.value(), unit),
      rows: p.rows.subarray(0, p.count),
      parts: p.parts,
    };
  });
  return { entries, issues };
}
