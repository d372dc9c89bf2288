/**
 * Reading CSV, TSV and text into a grid: the encoding detected (UTF-8 with or without BOM,
 * UTF-16, Shift_JIS/CP932 via iconv-lite), the delimiter guessed from the lines, the records
 * parsed with their line numbers in the file.
 */

import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import { formatCount } from "../model/amount-text.ts";
import type { InputIssue } from "../model/issues.ts";
import { asWritten, say, type Text } from "../model/text.ts";
import type { GridResult, GridRow, ReadLimits } from "./grid.ts";
import { errorText, failed, readIssue, startsWith } from "./reader-common.ts";

/** Extensions whose files are read as tab-separated text. */
const TAB_EXTENSIONS = new Set([".tsv", ".tab", ".txt", ".text"]);

type Decoded = { ok: true; text: string; note: Text } | { ok: false; issue: InputIssue };

/** UTF-8 (BOM or not), UTF-16 with a BOM, else Shift_JIS (CP932). */
function decode(bytes: Buffer, file: string): Decoded {
  if (startsWith(bytes, Buffer.from([0xef, 0xbb, 0xbf]))) {
    const text = utf8(bytes.subarray(3));
    if (text !== undefined)
      return {
        ok: true,
        text,
        note: say("UTF-8（BOM 付き）として読み込みました", "decoded as UTF-8 (with BOM)"),
      };
    return { ok: false, issue: badEncoding(file, iconv.decode(bytes.subarray(3), "utf8")) };
  }
  if (startsWith(bytes, Buffer.from([0xff, 0xfe]))) {
    return {
      ok: true,
      text: iconv.decode(bytes.subarray(2), "utf16le"),
      note: say("UTF-16LE（BOM）として読み込みました", "decoded as UTF-16LE (BOM)"),
    };
  }
  if (startsWith(bytes, Buffer.from([0xfe, 0xff]))) {
    return {
      ok: true,
      text: iconv.decode(bytes.subarray(2), "utf16be"),
      note: say("UTF-16BE（BOM）として読み込みました", "decoded as UTF-16BE (BOM)"),
    };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return {
      ok: false,
      issue: readIssue(
        "text.binary",
        file,
        say(
          `${nul}バイト目が NUL です（バイナリファイルか、BOM のない UTF-16 のファイルです）。`,
          `byte ${nul} is NUL (a binary file, or UTF-16 without a byte-order mark)`,
        ),
        { row: lineOf(bytes, nul) },
      ),
    };
  }
  const text = utf8(bytes);
  if (text !== undefined)
    return { ok: true, text, note: say("UTF-8 として読み込みました", "decoded as UTF-8") };
  const sjis = iconv.decode(bytes, "cp932");
  if (sjis.includes("\uFFFD")) return { ok: false, issue: badEncoding(file, sjis) };
  return {
    ok: true,
    text: sjis,
    note: say("Shift_JIS（CP932）として読み込みました", "decoded as Shift_JIS (CP932)"),
  };
}

function utf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function badEncoding(file: string, decoded: string): InputIssue {
  const at = decoded.indexOf("\uFFFD");
  const line = decoded.slice(0, Math.max(at, 0)).split("\n").length;
  return readIssue(
    "text.encoding",
    file,
    say(
      `${line}行目に、どちらの文字コードでも文字にならないバイトがあります。`,
      `line ${line} has bytes that are text in neither`,
    ),
    { row: line },
  );
}

function lineOf(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
}

const DELIMITER_NAMES: Record<string, Text> = {
  "\t": say("タブ", "tab"),
  ",": say("カンマ", "comma"),
  ";": say("セミコロン", "semicolon"),
};

/**
 * Tab, comma or semicolon: the candidate found the same number of times (outside quotes) on
 * the most of the first non-empty lines. A .tsv/.txt file takes tab whenever a tab appears.
 */
export function detectDelimiter(text: string, ext: string): string {
  const prefersTab = TAB_EXTENSIONS.has(ext);
  const order = prefersTab ? ["\t", ",", ";"] : [",", ";", "\t"];
  const sample = text
    .split("\n", 200)
    .filter((l) => l.trim() !== "")
    .slice(0, 20);
  let best = order[0] ?? ",";
  let bestScore = 0;
  for (const d of order) {
    const counts = sample.map((l) => countOutsideQuotes(l, d)).filter((n) => n > 0);
    if (counts.length === 0) continue;
    if (prefersTab && d === "\t") return d;
    const tally = new Map<number, number>();
    for (const n of counts) tally.set(n, (tally.get(n) ?? 0) + 1);
    const score = Math.max(...tally.values());
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) n++;
  }
  return n;
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

function parseRecords(text: string, delimiter: string, quote: boolean): ParsedRecord[] {
  return parse(text, {
    delimiter,
    quote: quote ? '"' : false,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
  }) as unknown as ParsedRecord[];
}

/**
 * The line a record starts on: csv-parse's `info.lines` is the line it ends on, and the line
 * breaks between are those inside its quoted fields (kept in the values as written). Counted
 * with indexOf, not by keeping each record's raw text: a 100 MB export held twice, and walked
 * character by character, cost seconds and a gigabyte.
 */
function startLine(r: ParsedRecord): number {
  let inner = 0;
  for (const field of r.record) {
    for (let i = field.indexOf("\n"); i >= 0; i = field.indexOf("\n", i + 1)) inner++;
  }
  return r.info.lines - inner;
}

export function readDelimited(
  bytes: Buffer,
  file: string,
  ext: string,
  limits: ReadLimits,
): GridResult {
  const decoded = decode(bytes, file);
  if (!decoded.ok) return failed(decoded.issue);
  const text = decoded.text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (text.trim() === "")
    return failed(
      readIssue(
        "read.empty",
        file,
        say("空白の行しかありません。", "the file has only blank lines"),
      ),
    );
  const delimiter = detectDelimiter(text, ext);
  const named = DELIMITER_NAMES[delimiter] ?? asWritten(delimiter);
  const notes = [decoded.note, say(`区切り文字：${named.ja}`, `delimiter: ${named.en}`)];
  let records: ParsedRecord[];
  try {
    records = parseRecords(text, delimiter, true);
    // Prose is not CSV: in a text file, a stray quote must not swallow the lines after it.
    if (ext === ".txt" && records.some((r) => startLine(r) !== r.info.lines)) {
      throw new Error("a quoted field spans lines");
    }
  } catch (error) {
    if (ext !== ".txt") return failed(malformed(file, text, error));
    records = parseRecords(text, delimiter, false);
    notes.push(
      say(
        "引用符は書かれたとおりに読みました（プレーンテキストとして、ファイルの1行を表の1行として読みます）",
        "quotes taken as written (plain text: one row per line)",
      ),
    );
  }
  const rows: GridRow[] = [];
  let cells = 0;
  for (const r of records) {
    const texts = r.record.map((c) => c.trim());
    while (texts.length > 0 && texts[texts.length - 1] === "") texts.pop();
    if (texts.length === 0) continue;
    const row = startLine(r);
    cells += texts.length;
    if (cells > limits.maxCells) {
      return failed(
        readIssue(
          "cells.too-many",
          file,
          say(
            `${row}行目で上限の${formatCount(limits.maxCells)}セルを超えたため、読み込みを止めました。`,
            `reading stopped at line ${row}, past the limit of ${limits.maxCells} cells`,
          ),
          { row },
        ),
      );
    }
    rows.push({ row, cells: texts, hidden: false });
  }
  if (rows.length === 0)
    return failed(
      readIssue("read.empty", file, say("値のある行がありません。", "no line has a value")),
    );
  return { ok: true, grids: [{ file, rows, notes }] };
}

/** csv-parse's error as an issue at the line to look at (where an unclosed quote opened). */
function malformed(file: string, text: string, error: unknown): InputIssue {
  const e = error as { code?: string; lines?: number; bytes?: number };
  if (e.code === "CSV_QUOTE_NOT_CLOSED" && e.bytes !== undefined) {
    const before = Buffer.from(text, "utf8").subarray(0, e.bytes).toString("utf8");
    const blank = /^\n*/.exec(text.slice(before.length))?.[0].length ?? 0;
    const row = before.split("\n").length + blank;
    return readIssue(
      "text.malformed",
      file,
      say(
        `${row}行目で開いた引用符が閉じられていません。`,
        `a quote opened on line ${row} is never closed`,
      ),
      { row },
    );
  }
  const detail = errorText(error).replace(/^Invalid [^:]*: /, "");
  return readIssue("text.malformed", file, asWritten(detail), { row: e.lines ?? 1 });
}
