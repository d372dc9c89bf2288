/**
 * Reading budget files (budget.csv, bridge.csv, …): streamed in chunks through the CSV scanner,
 * each row validated in code with the messages the generic path (csv-parse + the budget schema)
 * gives, and aggregated while reading into one BudgetEntry per (line, segment) of the file —
 * so a book of a million 積算明細 rows costs memory for its account × segment pairs only.
 *
 * Account and segment text is resolved once per distinct text. Amounts that are plain integers
 * of up to 15 digits (the common case) are added as exact JavaScript integers, flushed into a
 * BigInt before they could leave the exact range; every other amount goes through parseAmount
 * into a Decimal. A file the scanner does not accept, or whose header or encoding is wrong, is
 * read the generic way, so every message about a malformed file is the generic one.
 */
import { closeSync, readSync } from "node:fs";
import { openRegularFile } from "../io/files.ts";
import { readText } from "../io/read-text.ts";
import { AMOUNT_EXPECTATION, parseAmount } from "../model/amount-text.ts";
import type { BudgetEntry, LayoutLine } from "../model/book.ts";
import { ENTRY_PARTS } from "../model/book.ts";
import { plainText } from "../model/cell-text.ts";
import { type InputIssue, inputError } from "../model/issues.ts";
import { Decimal, Money, type Unit } from "../model/money.ts";
import { cell } from "../model/provenance.ts";
import { CsvScanner } from "./csv-scanner.ts";
import { parseCsvTable } from "./csv-table.ts";
import { cellTooLong } from "./limits.ts";
import type { Resolution } from "./resolution.ts";
import { validateTable } from "./schema-validation.ts";

/** The columns a budget file must have. */
export const BUDGET_COLUMNS = ["account", "segment", "amount"] as const;

/** How the accounts and segments of a budget file are resolved (leaf lines only). */
export interface BudgetNames {
  line(text: string): Resolution<LayoutLine>;
  segment(text: string): Resolution<string | null>;
}

/**
 * A valid budget row. `exact` is null when `amount` (the trimmed cell) is a plain integer of
 * up to 15 digits; otherwise it is the parsed value.
 */
export type BudgetRowVisitor = (
  line: LayoutLine,
  segment: string | null,
  amount: string,
  exact: Decimal | null,
  note: string,
  row: number,
) => void;

const PLAIN_INTEGER = /^-?\d{1,15}$/;
const CHUNK_BYTES = 1 << 22;

/**
 * Visit every valid row of the budget file at `path` (named `shown` in messages), in file order,
 * each exactly once. Returns the issues of the file; when there are any, the visited rows must
 * not be used (as with the generic path, a schema violation anywhere reports only the schema
 * violations of the file). `generic` reads the file the generic way only (for tests).
 */
export function visitBudgetFile(
  path: string,
  shown: string,
  names: BudgetNames,
  visit: BudgetRowVisitor,
  options: { readonly generic?: boolean } = {},
): InputIssue[] {
  const lineCache = new Map<string, Resolution<LayoutLine>>();
  const segmentCache = new Map<string, Resolution<string | null>>();
  const rowIssues: InputIssue[] = [];
  const schemaIssues: InputIssue[] = [];

  /** One data row, as the generic path sees it: trimmed values and the row as written. */
  const handle = (
    account: string,
    segmentText: string,
    amount: string,
    note: string,
    row: number,
    raw: string,
  ) => {
    if (account === "" || amount === "") {
      if (account === "")
        schemaIssues.push(
          inputError("schema.invalid", cell(shown, row, "account"), "「」 must not be empty", raw),
        );
      if (amount === "")
        schemaIssues.push(
          inputError("schema.invalid", cell(shown, row, "amount"), "「」 must not be empty", raw),
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
    let line = lineCache.get(account);
    if (line === undefined) {
      line = names.line(account);
      lineCache.set(account, line);
    }
    let segment = segmentCache.get(segmentText);
    if (segment === undefined) {
      segment = names.segment(segmentText);
      segmentCache.set(segmentText, segment);
    }
    let exact: Decimal | null = null;
    let badAmount: string | null = null;
    if (!PLAIN_INTEGER.test(amount)) {
      const parsed = parseAmount(amount);
      if (parsed.ok) exact = parsed.value;
      else badAmount = `${parsed.reason} (${AMOUNT_EXPECTATION})`;
    }
    if (line.ok && segment.ok && badAmount === null) {
      visit(line.value, segment.value, amount, exact, note, row);
      return;
    }
    if (!line.ok)
      rowIssues.push(inputError(line.code, cell(shown, row, "account"), line.message, raw));
    if (!segment.ok)
      rowIssues.push(inputError(segment.code, cell(shown, row, "segment"), segment.message, raw));
    if (badAmount !== null)
      rowIssues.push(inputError("amount.invalid", cell(shown, row, "amount"), badAmount, raw));
  };

  // The fast path: stream, scan, check the header, handle rows.
  const state = {
    columns: null as { account: number; segment: number; amount: number; note: number } | null,
    headerBad: false,
    doneUpTo: 0,
    dataRows: 0,
  };
  const scanner = new CsvScanner((cells, line, raw) => {
    const columns = state.columns;
    if (columns === null) {
      if (state.headerBad) return;
      const names = cells.map((c) => c.trim());
      const seen = new Set<string>();
      for (const n of names) {
        if (n !== "" && seen.has(n)) state.headerBad = true;
        seen.add(n);
      }
      if (BUDGET_COLUMNS.some((c) => !seen.has(c))) state.headerBad = true;
      if (state.headerBad) return;
      state.columns = {
        account: names.indexOf("account"),
        segment: names.indexOf("segment"),
        amount: names.indexOf("amount"),
        note: names.indexOf("note"),
      };
      return;
    }
    state.doneUpTo = line;
    const account = plainText((cells[columns.account] ?? "").trim());
    const segment = plainText((cells[columns.segment] ?? "").trim());
    const amount = plainText((cells[columns.amount] ?? "").trim());
    if (account === "" && segment === "" && amount === "" && cells.every((c) => c.trim() === ""))
      return;
    state.dataRows++;
    const note = columns.note < 0 ? "" : plainText((cells[columns.note] ?? "").trim());
    handle(account, segment, amount, note, line, raw);
  });
  const streamed =
    options.generic !== true && streamText(path, (text) => scanner.push(text)) && scanner.end();
  if (streamed && state.columns !== null && state.dataRows > 0)
    return schemaIssues.length > 0 ? schemaIssues : rowIssues;

  // The generic path, for everything the fast path does not accept (its issues are the right
  // ones): the whole file at once, up to what an imported file may hold.
  const text = readText(path, shown, GENERIC_MAX_BYTES);
  if (!text.ok) return [text.issue];
  const parsed = parseCsvTable(shown, text.text, BUDGET_COLUMNS);
  if (!parsed.ok) return parsed.issues;
  const invalid = validateTable("budget", parsed.table);
  if (invalid.length > 0) return invalid;
  for (const r of parsed.table.rows) {
    if (r.row <= state.doneUpTo) continue;
    const v = r.values;
    handle(v.account ?? "", v.segment ?? "", v.amount ?? "", v.note ?? "", r.row, r.raw);
  }
  return rowIssues;
}

/** Most bytes of a budget file the generic path reads whole (a string's length is bounded). */
const GENERIC_MAX_BYTES = 256 * 1024 * 1024;

/**
 * Decode a file as strict UTF-8 in chunks (a leading BOM dropped, and a second one as the
 * generic path does) and hand each chunk to `take`. False when the file cannot be read or
 * decoded, or when `take` refuses a chunk.
 */
let chunk: Buffer | undefined;

function streamText(path: string, take: (text: string) => boolean): boolean {
  const opened = openRegularFile(path);
  if (!opened.ok) return false;
  const fd = opened.fd;
  try {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    // One buffer for every read (this is synchronous): a book of thousands of version files
    // would otherwise allocate a chunk per file and spend its time collecting them.
    chunk ??= Buffer.allocUnsafe(CHUNK_BYTES);
    const bytes = chunk;
    let first = true;
    for (;;) {
      const n = readSync(fd, bytes, 0, CHUNK_BYTES, null);
      let text =
        n === 0 ? decoder.decode() : decoder.decode(bytes.subarray(0, n), { stream: true });
      if (first && text !== "") {
        if (text.startsWith("\uFEFF")) text = text.slice(1);
        first = false;
      }
      if (text !== "" && !take(text)) return false;
      if (n === 0) return true;
    }
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** Running sum of one (line, segment) of a file. */
interface Posting {
  readonly line: string;
  readonly segment: string | null;
  readonly note: string;
  readonly rows: number[];
  readonly parts: Money[];
  /** Exact while |small| ≤ 2^52; flushed into `big` beyond. */
  small: number;
  big: bigint;
  decimal: Decimal | null;
}

const FLUSH_AT = 2 ** 52;

/**
 * Read one budget file into entries, one per (line, segment), in the order of their first row.
 * Issues as visitBudgetFile; entries only when there are none.
 */
export function readBudgetFile(
  path: string,
  shown: string,
  names: BudgetNames,
  unit: Unit,
  options: { readonly generic?: boolean } = {},
): { entries: BudgetEntry[]; issues: InputIssue[] } {
  const byLine = new Map<string, Map<string | null, Posting>>();
  const postings: Posting[] = [];
  const issues = visitBudgetFile(
    path,
    shown,
    names,
    (line, segment, amount, exact, note, row) => {
      let bySegment = byLine.get(line.id);
      if (bySegment === undefined) {
        bySegment = new Map();
        byLine.set(line.id, bySegment);
      }
      let p = bySegment.get(segment);
      if (p === undefined) {
        p = { line: line.id, segment, note, rows: [], parts: [], small: 0, big: 0n, decimal: null };
        bySegment.set(segment, p);
        postings.push(p);
      }
      p.rows.push(row);
      if (p.parts.length < ENTRY_PARTS) p.parts.push(Money.of(exact ?? amount, unit));
      if (exact === null) {
        p.small += Number(amount);
        if (p.small > FLUSH_AT || p.small < -FLUSH_AT) {
          p.big += BigInt(p.small);
          p.small = 0;
        }
      } else p.decimal = p.decimal === null ? exact : p.decimal.plus(exact);
    },
    options,
  );
  if (issues.length > 0) return { entries: [], issues };
  const entries = postings.map((p): BudgetEntry => {
    const source = cell(shown, p.rows[0] ?? 1, "amount");
    const base = { line: p.line, segment: p.segment, note: p.note, source };
    if (p.rows.length === 1) return { ...base, amount: p.parts[0] ?? Money.zero(unit) };
    const integer = new Decimal((p.big + BigInt(p.small)).toString());
    return {
      ...base,
      amount: Money.of(p.decimal === null ? integer : integer.plus(p.decimal), unit),
      rows: Uint32Array.from(p.rows),
      parts: p.parts,
    };
  });
  return { entries, issues };
}
