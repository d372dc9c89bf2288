/**
 * Rows of an export as bytes. A journal of a million lines is mostly Japanese names that the
 * import never needs: decoding 77 MB of UTF-8 into strings and cutting it into nine million
 * cells cost more than everything else together. So the CSV is scanned as bytes — `,` `"` CR
 * LF are single bytes in UTF-8 and in Shift_JIS alike (Shift_JIS trail bytes start at 0x40) —
 * a row is a set of cell offsets into the chunk, dates and plain amounts are read from the
 * digits directly, accounts and 部門 are keyed by a hash of their bytes, and text is decoded
 * only when it is needed: the header, a pair seen for the first time, a message.
 *
 * The scanner accepts the CSV budget files use (csv-scanner.ts's subset): `"…"` quoted cells
 * with `""` escapes and line ends inside, spaces or tabs around cells, LF or CRLF. Anything
 * else (a quote inside an unquoted cell, text after a closing quote, a lone CR) makes it stop
 * with "odd", and the caller reads the file with the grid readers instead.
 */
import iconv from "iconv-lite";
import type { ExactSum } from "./actuals-sum.ts";

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

export type Encoding = "utf8" | "cp932";

/** Days of each month (index 1–12) in a common year. */
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** One row: cell offsets into a buffer, valid while the row is being handled. */
export class ByteRow {
  buf: Buffer = Buffer.alloc(0);
  /** 1-based line on which the row starts. */
  line = 0;
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
      : iconv.decode(this.buf.subarray(start, end), "cp932");
  }

  /** The cell's text ("" past the row's end), quotes taken off and `""` unescaped. */
  text(i: number | undefined): string {
    if (i === undefined || i >= this.count) return "";
    const t = this.decode(this.starts[i] ?? 0, this.ends[i] ?? 0);
    return this.escaped[i] === 1 ? t.replaceAll('""', '"') : t;
  }

  /** Every cell's text. */
  texts(): string[] {
    return Array.from({ length: this.count }, (_, i) => this.text(i));
  }

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
   * Add the amount in cell `i` to `sum`: plain digits (with an optional `-`) straight from the
   * bytes, anything else through the amount parser. Returns why it is not an amount, or null.
   */
  addTo(sum: ExactSum, i: number | undefined): string | null {
    if (i === undefined || i >= this.count) return null;
    const buf = this.buf;
    const s = this.starts[i] ?? 0;
    const e = this.ends[i] ?? 0;
    if (s === e) return null;
    let p = s;
    const negative = buf[p] === 0x2d;
    if (negative) p++;
    if (p < e && e - p <= 15) {
      let n = 0;
      for (; p < e; p++) {
        const d = (buf[p] ?? 0) - 48;
        if (d < 0 || d > 9) break;
        n = n * 10 + d;
      }
      if (p === e) {
        sum.addInteger(negative ? -n : n);
        return null;
      }
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
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    if (day > (m === 2 && leap ? 29 : (DAYS[m] ?? 0))) return null;
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
  row.rawStart = 0;
  row.rawEnd = row.buf.length;
  return row;
}

export type ScanStatus = "ok" | "stop" | "odd";

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
    while (p < n) {
      const start = p;
      const startLine = this.line;
      let lines = 0;
      let cells = 0;
      let end = -1;
      let next = -1;
      for (;;) {
        let q = p;
        while (q < n && (data[q] === SPACE || data[q] === TAB)) q++;
        row.grow(cells);
        if (q < n && data[q] === QUOTE) {
          let close = q + 1;
          let escaped = 0;
          for (;;) {
            close = data.indexOf(QUOTE, close);
            if (close === -1 || close + 1 >= n) {
              if (!final || close === -1) return final ? "odd" : this.keep(start);
              break;
            }
            if (data[close + 1] !== QUOTE) break;
            escaped = 1;
            close += 2;
          }
          for (let i = q + 1; i < close; i++) {
            if (data[i] === LF) lines++;
            else if (data[i] === CR) return "odd";
          }
          row.starts[cells] = q + 1;
          row.ends[cells] = close;
          row.escaped[cells] = escaped;
          cells++;
          p = close + 1;
          while (p < n && (data[p] === SPACE || data[p] === TAB)) p++;
          if (p >= n) {
            if (!final) return this.keep(start);
            end = next = n;
            break;
          }
          if (data[p] === COMMA) {
            p++;
            continue;
          }
          if (data[p] !== LF && data[p] !== CR) return "odd";
        } else {
          let i = p;
          for (; i < n; i++) {
            const c = data[i];
            if (c === COMMA || c === LF || c === CR) break;
            if (c === QUOTE) return "odd";
          }
          if (i >= n && !final) return this.keep(start);
          let s = p;
          let e = i;
          while (s < e && (data[s] === SPACE || data[s] === TAB)) s++;
          while (e > s && (data[e - 1] === SPACE || data[e - 1] === TAB)) e--;
          row.starts[cells] = s;
          row.ends[cells] = e;
          row.escaped[cells] = 0;
          cells++;
          if (i >= n) {
            end = next = n;
            break;
          }
          if (data[i] === COMMA) {
            p = i + 1;
            continue;
          }
          p = i;
        }
        // A line end at p.
        if (data[p] === LF) {
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
      row.rawStart = start;
      row.rawEnd = end;
      const blankLine = cells === 1 && row.starts[0] === row.ends[0] && data[start] !== QUOTE;
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
