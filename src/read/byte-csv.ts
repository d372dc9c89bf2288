/**
 * CSV as bytes, for the files that can be huge: a budget of millions of 積算明細 rows
 * (budget-reader.ts) and an accounting system's journal (import/actuals/source.ts). Decoding
 * tens of megabytes of UTF-8 into strings and cutting them into millions of cells costs more
 * than everything else together, so the CSV is scanned as bytes — `,` `"` CR LF are single
 * bytes in UTF-8 and in Shift_JIS alike (Shift_JIS trail bytes start at 0x40) — a row is a set
 * of cell offsets into the chunk, plain amounts and dates are read from the digits in place,
 * cells can be keyed by a hash of their bytes, and text is decoded only when it is needed.
 *
 * The scanner accepts csv-scanner.ts's subset: `,` between cells, LF or CRLF line ends (one
 * style per file), `"…"` quoted cells with `""` escapes and line ends inside, spaces or tabs
 * around cells. Anything else (a quote inside an unquoted cell, text after a closing quote, an
 * unclosed quote, a CR inside quotes, a lone CR, mixed line ends) makes it stop with "odd", and
 * the caller reads the file another way. It gives csv-parse's rows, cells and line numbers
 * (`{ trim: true, skip_empty_lines: true, relax_column_count: true }`, property-tested in
 * test/csv-scanner.test.ts) but for one thing: an unquoted cell is trimmed of spaces and tabs
 * only, so other white space (U+3000 …) is left for the reader to trim when it decodes the cell,
 * and a line of nothing else is a row of one such cell rather than a blank line.
 */
import { closeSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import { openRegularFile } from "../io/files.ts";
import { daysInMonth } from "../model/era.ts";

/**
 * The bytes a CSV scanner looks for: one byte each in UTF-8 and in Shift_JIS, and the same
 * numbers as UTF-16 code units (csv-scanner.ts scans decoded text with them).
 */
export const COMMA = 0x2c;
export const QUOTE = 0x22;
export const LF = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const TAB = 0x09;

export type Encoding = "utf8" | "cp932";

/**
 * What ByteRow.addTo adds an amount into (import/actuals/sum.ts's ExactSum is one); `Why` is
 * how it says a cell is not an amount (its words, passed on as they are).
 */
interface AmountSum<Why> {
  addInteger(n: number): void;
  /** Add an amount written otherwise; why it is not an amount, or null. */
  addText(text: string): Why | null;
}

/**
 * Shift_JIS (cp932) text by iconv-lite, loaded on the first such cell: a book's own files are
 * UTF-8, so most commands never need it, and loading it costs every start several ms.
 */
let iconvDecode: ((bytes: Buffer, encoding: string) => string) | undefined;
function cp932(bytes: Buffer): string {
  iconvDecode ??= (createRequire(import.meta.url)("iconv-lite") as typeof import("iconv-lite"))
    .decode;
  return iconvDecode(bytes, "cp932");
}

/** One row: cell offsets into a buffer, valid while the row is being handled. */
export class ByteRow {
  buf: Buffer = Buffer.alloc(0);
  /** 1-based line on which the row starts. */
  line = 0;
  /** 1-based line on which the row ends (csv-parse's `info.lines`): later when a quoted cell holds line ends. */
  lastLine = 0;
  count = 0;
  rawStart = 0;
  rawEnd = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /** 1 when the cell was quoted and holds `""` escapes. */
  escaped = new Uint8Array(64);

  constructor(readonly encoding: Encoding) {}

  /** Make room for cell `i`. */
  grow(i: number): void {
    if (i < this.starts.length) return;
    const n = this.starts.length * 2;
    const s = new Int32Array(n);
    s.set(this.starts);
    const e = new Int32Array(n);
    e.set(this.ends);
    const q = new Uint8Array(n);
    q.set(this.escaped);
    [this.starts, this.ends, this.escaped] = [s, e, q];
  }

  private decode(start: number, end: number): string {
    if (start >= end) return "";
    return this.encoding === "utf8"
      ? this.buf.toString("utf8", start, end)
      : cp932(this.buf.subarray(start, end));
  }

  /** The cell's text ("" past the row's end, or for −1: a column the header lacks), quotes taken off and `""` unescaped. */
  text(i: number | undefined): string {
    if (i === undefined || i < 0 || i >= this.count) return "";
    const t = this.decode(this.starts[i] ?? 0, this.ends[i] ?? 0);
    return this.escaped[i] === 1 ? t.replaceAll('""', '"') : t;
  }

  /** Every cell's text. */
  texts(): string[] {
    return Array.from({ length: this.count }, (_, i) => this.text(i));
  }

  /** Was the cell written between quotes? (An unquoted cell never follows a quote.) */
  quoted(i: number): boolean {
    const s = this.starts[i] ?? 0;
    return i < this.count && s > this.rawStart && this.buf[s - 1] === QUOTE;
  }

  /** The number of bytes of cell `i` (0 past the row's end); never fewer than its UTF-16 length. */
  byteLength(i: number): number {
    return i < this.count ? (this.ends[i] ?? 0) - (this.starts[i] ?? 0) : 0;
  }

  /** Does the cell hold no bytes (white space other than spaces and tabs is a byte)? */
  blank(i: number | undefined): boolean {
    return i === undefined || i >= this.count || this.starts[i] === this.ends[i];
  }

  /** Every cell blank. */
  empty(): boolean {
    for (let i = 0; i < this.count; i++) if (this.starts[i] !== this.ends[i]) return false;
    return true;
  }

  /** The row as written, for a message. */
  raw(): string {
    return this.decode(this.rawStart, this.rawEnd);
  }

  /**
   * The cell as a plain integer — 1 to 15 digits with an optional `-`, exactly as JavaScript
   * holds it — read from the bytes; NaN for anything else (a blank cell included).
   */
  integer(i: number | undefined): number {
    if (i === undefined || i >= this.count) return Number.NaN;
    const buf = this.buf;
    let p = this.starts[i] ?? 0;
    const e = this.ends[i] ?? 0;
    const negative = buf[p] === 0x2d;
    if (negative) p++;
    if (p >= e || e - p > 15) return Number.NaN;
    let n = 0;
    for (; p < e; p++) {
      const d = (buf[p] ?? 0) - 48;
      if (d < 0 || d > 9) return Number.NaN;
      n = n * 10 + d;
    }
    return negative ? -n : n;
  }

  /**
   * Add the amount in cell `i` to `sum`: plain digits (with an optional `-`) straight from the
   * bytes, anything else through the amount parser. Returns why it is not an amount, or null.
   */
  addTo<Why>(sum: AmountSum<Why>, i: number | undefined): Why | null {
    if (this.blank(i)) return null;
    const n = this.integer(i);
    if (!Number.isNaN(n)) {
      sum.addInteger(n);
      return null;
    }
    return sum.addText(this.text(i).trim());
  }

  /** yyyymmdd of a date written 2017-04-01 or 2017/4/1, read from the digits; null otherwise. */
  isoDate(i: number | undefined): number | null {
    if (i === undefined || i >= this.count) return null;
    const buf = this.buf;
    let p = this.starts[i] ?? 0;
    const e = this.ends[i] ?? 0;
    if (e - p < 8 || e - p > 10) return null;
    let y = 0;
    for (const stop = p + 4; p < stop; p++) {
      const d = (buf[p] ?? 0) - 48;
      if (d < 0 || d > 9) return null;
      y = y * 10 + d;
    }
    const sep = buf[p++];
    if (sep !== 0x2d && sep !== 0x2f) return null;
    let m = 0;
    const m0 = p;
    for (; p < e && buf[p] !== sep; p++) {
      const d = (buf[p] ?? 0) - 48;
      if (d < 0 || d > 9) return null;
      m = m * 10 + d;
    }
    if (p === m0 || p - m0 > 2 || p >= e || m < 1 || m > 12) return null;
    p++;
    let day = 0;
    const d0 = p;
    for (; p < e; p++) {
      const d = (buf[p] ?? 0) - 48;
      if (d < 0 || d > 9) return null;
      day = day * 10 + d;
    }
    if (p === d0 || p - d0 > 2 || day < 1) return null;
    if (day > daysInMonth(y, m)) return null;
    return y * 10000 + m * 100 + day;
  }

  /**
   * The key of an (account, 部門) pair as written: `marker` (which cells were used) and the
   * bytes of cells `a` and `b`, with 0xFF between them (a byte neither UTF-8 nor Shift_JIS
   * text contains). `hash` is FNV-1a over the same bytes.
   */
  hash(marker: number, a: number | undefined, b: number | undefined): number {
    let x = Math.imul(2166136261 ^ marker, 16777619);
    x = this.mix(x, a);
    x = Math.imul(x ^ 0xff, 16777619);
    return this.mix(x, b) >>> 0;
  }

  private mix(h: number, i: number | undefined): number {
    let x = h;
    if (i === undefined || i >= this.count) return x;
    const buf = this.buf;
    const e = this.ends[i] ?? 0;
    for (let p = this.starts[i] ?? 0; p < e; p++) x = Math.imul(x ^ (buf[p] ?? 0), 16777619);
    return x;
  }

  private bytes(i: number | undefined): Buffer {
    return i === undefined || i >= this.count
      ? Buffer.alloc(0)
      : this.buf.subarray(this.starts[i] ?? 0, this.ends[i] ?? 0);
  }

  /** A copy of the key's bytes, kept with the pair. */
  key(marker: number, a: number | undefined, b: number | undefined): Buffer {
    return Buffer.concat([
      Buffer.from([marker]),
      this.bytes(a),
      Buffer.from([0xff]),
      this.bytes(b),
    ]);
  }

  /** Is `key` the key of this row's cells `a` and `b`? */
  sameKey(key: Buffer, marker: number, a: number | undefined, b: number | undefined): boolean {
    if (key[0] !== marker) return false;
    const buf = this.buf;
    const inRow = (i: number | undefined) => i !== undefined && i < this.count;
    const as = inRow(a) ? (this.starts[a as number] ?? 0) : 0;
    const ae = inRow(a) ? (this.ends[a as number] ?? 0) : 0;
    const bs = inRow(b) ? (this.starts[b as number] ?? 0) : 0;
    const be = inRow(b) ? (this.ends[b as number] ?? 0) : 0;
    const off = ae - as + 2;
    if (key.length !== off + be - bs || key[off - 1] !== 0xff) return false;
    for (let p = as, k = 1; p < ae; p++, k++) if (key[k] !== buf[p]) return false;
    for (let p = bs, k = off; p < be; p++, k++) if (key[k] !== buf[p]) return false;
    return true;
  }
}

/** A row made of texts (a grid's row), for the same sink. */
export function textRow(cells: readonly string[], line: number): ByteRow {
  const row = new ByteRow("utf8");
  const parts = cells.map((c) => Buffer.from(c, "utf8"));
  row.grow(parts.length);
  let at = 0;
  parts.forEach((p, i) => {
    row.starts[i] = at;
    row.ends[i] = at + p.length;
    at += p.length + 1;
  });
  row.buf = Buffer.from(cells.join(","), "utf8");
  row.count = parts.length;
  row.line = line;
  row.lastLine = line;
  row.rawStart = 0;
  row.rawEnd = row.buf.length;
  return row;
}

type ScanStatus = "ok" | "stop" | "odd";

/**
 * The byte scanner: `scan` the bytes read so far; it handles every complete row and says how
 * far it got, so the caller moves the incomplete rest to the front of its buffer and reads on
 * after it (no copy of the chunk). The handler returns false to stop.
 */
export class ByteCsvScanner {
  private line = 1;
  /** Line end style, fixed by the first one: 0 not yet, 1 LF, 2 CRLF. */
  private style = 0;
  private readonly row: ByteRow;
  /** After a scan: the offset of the first byte not handled (the incomplete last row). */
  rest = 0;

  constructor(
    encoding: Encoding,
    private readonly onRow: (row: ByteRow) => boolean,
  ) {
    this.row = new ByteRow(encoding);
  }

  /** Scan the complete rows of `data`; with `final`, the last row needs no line end. */
  scan(data: Buffer, final: boolean): ScanStatus {
    const row = this.row;
    row.buf = data;
    const n = data.length;
    let p = 0;
    this.rest = 0;
    let { starts, ends, escaped } = row;
    while (p < n) {
      const start = p;
      const startLine = this.line;
      let lines = 0;
      let cells = 0;
      let end = -1;
      let next = -1;
      let quoted = false;
      /** The byte at p (−1 past the end). */
      let c = 0;
      for (;;) {
        if (cells === starts.length) {
          row.grow(cells);
          ({ starts, ends, escaped } = row);
        }
        let q = p;
        c = q < n ? (data[q] as number) : -1;
        while (c === SPACE || c === TAB) c = ++q < n ? (data[q] as number) : -1;
        if (c === QUOTE) {
          let close = q + 1;
          let escapes = 0;
          for (;;) {
            close = data.indexOf(QUOTE, close);
            if (close === -1 || close + 1 >= n) {
              if (!final || close === -1) return final ? "odd" : this.keep(start);
              break;
            }
            if (data[close + 1] !== QUOTE) break;
            escapes = 1;
            close += 2;
          }
          for (let i = q + 1; i < close; i++) {
            const d = data[i];
            if (d === LF) lines++;
            else if (d === CR) return "odd";
          }
          quoted = true;
          starts[cells] = q + 1;
          ends[cells] = close;
          escaped[cells] = escapes;
          cells++;
          p = close + 1;
          c = p < n ? (data[p] as number) : -1;
          while (c === SPACE || c === TAB) c = ++p < n ? (data[p] as number) : -1;
          if (p >= n) {
            if (!final) return this.keep(start);
            end = next = n;
            break;
          }
          if (c === COMMA) {
            p++;
            continue;
          }
          if (c !== LF && c !== CR) return "odd";
        } else {
          // An unquoted cell from q: every byte above `,` is text (the hot loop).
          let i = q;
          for (; i < n; i++) {
            c = data[i] as number;
            if (c > COMMA) continue;
            if (c === COMMA || c === LF || c === CR) break;
            if (c === QUOTE) return "odd";
          }
          if (i >= n) {
            if (!final) return this.keep(start);
            c = -1;
          }
          let e = i;
          while (e > q && (data[e - 1] === SPACE || data[e - 1] === TAB)) e--;
          starts[cells] = q;
          ends[cells] = e;
          escaped[cells] = 0;
          cells++;
          if (i >= n) {
            end = next = n;
            break;
          }
          if (c === COMMA) {
            p = i + 1;
            continue;
          }
          p = i;
        }
        // A line end at p.
        if (c === LF) {
          if (this.style === 2) return "odd";
          this.style = 1;
          end = p;
          next = p + 1;
        } else {
          if (p + 1 >= n && !final) return this.keep(start);
          if (data[p + 1] !== LF || this.style === 1) return "odd";
          this.style = 2;
          end = p;
          next = p + 2;
        }
        break;
      }
      this.line = startLine + lines + (next > end ? 1 : 0);
      row.count = cells;
      row.line = startLine;
      row.lastLine = startLine + lines;
      row.rawStart = start;
      row.rawEnd = end;
      // A line of spaces and tabs only is not a row (csv-parse's skip_empty_lines); `""` is one.
      const blankLine = cells === 1 && starts[0] === ends[0] && !quoted;
      if (!blankLine && !this.onRow(row)) return "stop";
      p = next;
    }
    this.rest = n;
    return "ok";
  }

  /** The row from `start` is incomplete: the caller keeps it for the next scan. */
  private keep(start: number): ScanStatus {
    this.rest = start;
    return "ok";
  }
}

/** How a streamed file ended: read to its end, stopped (by the scanner's sink or `check`), declined as CSV the scanner does not read, or a row longer than allowed. */
type StreamEnd = "ok" | "stop" | "odd" | "long";

/**
 * Stream the open file `fd` through `scanner`, in the reading loop every byte reader shares:
 * `buf` holds the `filled` bytes read so far from the file's start and its rows begin at
 * `from` (after a BOM); the incomplete row at the end of each chunk moves to the front and the
 * next chunk is read after it, and a row longer than the buffer doubles it, up to `maxRow`
 * bytes. `check`, when given, sees each run of complete lines before they are scanned, and the
 * rest of the file at its end (the budget reader checks UTF-8 there); false stops.
 */
export function streamRows(
  fd: number,
  scanner: ByteCsvScanner,
  start: { buf: Buffer; filled: number; from: number },
  maxRow: number,
  check?: (bytes: Buffer) => boolean,
): StreamEnd {
  let { buf, filled, from } = start;
  /** Bytes before this offset have been checked. */
  let checked = from;
  for (;;) {
    if (check) {
      // Every complete row ends at or before the last LF: check up to there, then scan.
      const upTo = filled > 0 ? buf.lastIndexOf(LF, filled - 1) + 1 : 0;
      if (upTo > checked) {
        if (!check(buf.subarray(checked, upTo))) return "stop";
        checked = upTo;
      }
    }
    const status = scanner.scan(buf.subarray(from, filled), false);
    if (status !== "ok") return status;
    const rest = from + scanner.rest;
    const kept = filled - rest;
    if (kept === buf.length) {
      if (buf.length >= maxRow) return "long";
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, rest, filled);
      buf = bigger;
    } else buf.copy(buf, 0, rest, filled);
    checked = Math.max(0, checked - rest);
    from = 0;
    filled = kept;
    const n = readSync(fd, buf, filled, buf.length - filled, null);
    if (n === 0) {
      if (check && !check(buf.subarray(checked, filled))) return "stop";
      return scanner.scan(buf.subarray(0, filled), true);
    }
    filled += n;
  }
}

/**
 * `read` run on the regular file at `path` (its descriptor and size), the file closed after.
 * `failed` when the file cannot be opened as a regular file, or reading it fails with an I/O
 * error or a buffer too large to allocate: the callers' other readers then say what is wrong.
 * Any other exception is a defect and is not hidden.
 */
export function readOpenFile<T>(path: string, read: (fd: number, size: number) => T, failed: T): T {
  const opened = openRegularFile(path);
  if (!opened.ok) return failed;
  try {
    return read(opened.fd, opened.size);
  } catch (error) {
    const io = typeof (error as { code?: unknown }).code === "string";
    if (io || error instanceof RangeError) return failed;
    throw error;
  } finally {
    closeSync(opened.fd);
  }
}
