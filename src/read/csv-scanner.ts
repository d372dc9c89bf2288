/**
 * A small incremental CSV scanner over text, which csv-table.ts tries first on the book's files
 * (on FY29 csv-parse with line numbers took 77 ms of a 0.65 s build), handing anything it
 * declines to csv-parse. (The file that can be huge, the budget, is scanned as bytes by
 * byte-csv.ts, to the same subset.)
 *
 * Why hand-written (the rule is to use the library): on a generated 1,000,000-row budget.csv
 * (68 MB) on the 2-core reference machine, csv-parse/sync with `info` and `raw` (for line
 * numbers and echoed rows) took 23–34 s and 3 GiB; csv-parse's stream API takes 6.1 s without
 * `info` and 12.3 s with it — over issue 7's 5 s budget for the whole build on its own. This
 * scanner takes 0.6 s on the same file, and the whole budget read (decode, scan, check, resolve,
 * add up) 1.5 s.
 *
 * It is deliberately partial: it accepts exactly the RFC 4180 subset that budget files use —
 * `,` between cells, LF or CRLF line ends (one style per file, as csv-parse detects it from the
 * first line end), `"…"` quoted cells with `""` escapes and LF inside, spaces or tabs around a
 * quoted cell — and gives the same cells and line numbers as csv-parse with
 * `{ trim: true, skip_empty_lines: true, relax_column_count: true }` (property-tested against it
 * in test/csv-scanner.test.ts). For anything else (a quote inside an unquoted cell, text after
 * a closing quote, an unclosed quote, a CR inside quotes, a lone CR, mixed line ends) it returns
 * `false`, and the caller reads the file with csv-parse instead, so messages about malformed
 * files stay csv-parse's own.
 *
 * A book's files are small and read once, by code not yet compiled: a line that is a whole
 * record with no quote, or only `"…"` cells without `""`, is cut with the string's own split
 * (on FY29 every one of the 965 lines), and the rest is searched with indexOf rather than
 * compared character by character (which also kept V8 compiling `scan` for 20–30 ms of CPU).
 */

import { COMMA, CR, LF, QUOTE, SPACE, TAB } from "./byte-csv.ts";

/**
 * Called once per record: `cells` as csv-parse gives them with `trim: true` (unquoted cells
 * trimmed, quoted cells as written between the quotes), `line` the 1-based line on which the
 * record ends (csv-parse's `info.lines`), `raw` the record as written without its line end.
 */
type CsvRecordHandler = (cells: string[], line: number, raw: string) => void;

/** Incremental scanner: `push` decoded text in chunks of any size, then `end`. */
export class CsvScanner {
  private buffer = "";
  /** Line number at the start of `buffer`. */
  private line = 1;
  /** Line end style, fixed by the first line end outside quotes: 0 not yet seen, 1 LF, 2 CRLF. */
  private style = 0;
  private failed = false;
  /** Where the next quote, comma, LF and CR of the buffer being scanned are. */
  private readonly quotes = new NextIndex('"');
  private readonly commas = new NextIndex(",");
  private readonly lfs = new NextIndex("\n");
  private readonly crs = new NextIndex("\r");

  constructor(private readonly onRecord: CsvRecordHandler) {}

  /** Scan more text. Returns false once the text is outside the supported subset. */
  push(text: string): boolean {
    if (this.failed) return false;
    this.buffer = this.buffer === "" ? text : this.buffer + text;
    return this.scan(false);
  }

  /** Scan what is left. Returns false when the text is outside the supported subset. */
  end(): boolean {
    if (this.failed) return false;
    return this.scan(true);
  }

  private fail(): boolean {
    this.failed = true;
    this.buffer = "";
    return false;
  }

  /** Scan the complete records of the buffer; keep an incomplete last one unless `final`. */
  private scan(final: boolean): boolean {
    const s = this.buffer;
    const n = s.length;
    let p = 0;
    let line = this.line;
    const { quotes, commas, lfs, crs } = this;
    for (const next of [quotes, commas, lfs, crs]) next.reset(s);
    while (p < n) {
      const after = this.simpleLine(s, p, line);
      if (after >= 0) {
        p = after;
        line++;
        continue;
      }
      const start = p;
      let at = line;
      const cells: string[] = [];
      let quoted = false;
      let end = -1;
      let next = -1;
      let incomplete = false;
      fields: for (;;) {
        let q = p;
        let c = 0;
        while (q < n) {
          c = s.charCodeAt(q);
          if (c !== SPACE && c !== TAB) break;
          q++;
        }
        if (q < n && c === QUOTE) {
          quoted = true;
          let value = "";
          let from = q + 1;
          for (;;) {
            const close = s.indexOf('"', from);
            if (close === -1) {
              if (final) return this.fail();
              incomplete = true;
              break fields;
            }
            if (crs.from(from) < close) return this.fail();
            for (let lf = lfs.from(from); lf < close; lf = lfs.from(lf + 1)) at++;
            if (close + 1 >= n && !final) {
              incomplete = true;
              break fields;
            }
            if (s.charCodeAt(close + 1) === QUOTE) {
              value += s.slice(from, close + 1);
              from = close + 2;
              continue;
            }
            value += s.slice(from, close);
            p = close + 1;
            break;
          }
          while (p < n) {
            c = s.charCodeAt(p);
            if (c !== SPACE && c !== TAB) break;
            p++;
          }
          cells.push(value);
          if (p >= n) {
            if (!final) {
              incomplete = true;
              break;
            }
            end = next = n;
            break;
          }
          if (c === COMMA) {
            p++;
            continue;
          }
          if (c !== LF && c !== CR) return this.fail();
        } else {
          const i = Math.min(commas.from(p), lfs.from(p), crs.from(p), n);
          if (quotes.from(p) < i) return this.fail();
          if (i >= n) {
            if (!final) {
              incomplete = true;
              break;
            }
            cells.push(s.slice(p, i).trim());
            end = next = n;
            break;
          }
          cells.push(s.slice(p, i).trim());
          c = s.charCodeAt(i);
          if (c === COMMA) {
            p = i + 1;
            continue;
          }
          p = i;
        }
        // A line end at p.
        if (c === LF) {
          if (this.style === 2) return this.fail();
          this.style = 1;
          end = p;
          next = p + 1;
        } else {
          if (p + 1 >= n && !final) {
            incomplete = true;
            break;
          }
          if (s.charCodeAt(p + 1) !== LF || this.style === 1) return this.fail();
          this.style = 2;
          end = p;
          next = p + 2;
        }
        break;
      }
      if (incomplete) {
        this.buffer = s.slice(start);
        this.line = line;
        return true;
      }
      // A line of blanks only is an empty line (csv-parse's skip_empty_lines), not a record.
      if (quoted || cells.length > 1 || cells[0] !== "")
        this.onRecord(cells, at, s.slice(start, end));
      p = next;
      line = next > end ? at + 1 : at;
    }
    this.buffer = "";
    this.line = line;
    return true;
  }

  /**
   * The record of the line at `p` when it is a whole record that needs no scanning character by
   * character (the common case): it ends in the line end of the file's style, and any quoted
   * cell in it is `"…"` without `""`, between commas (spaces or tabs around allowed). Its cells
   * come from splitting it at its quotes and commas. Returns the position after its line end,
   * or −1 for `scan` to read the line.
   */
  private simpleLine(s: string, p: number, line: number): number {
    const lf = this.lfs.from(p);
    if (lf === Number.POSITIVE_INFINITY) return -1;
    const cr = this.crs.from(p);
    let end = lf;
    let style = 1;
    if (cr < lf) {
      if (cr !== lf - 1 || this.style === 1) return -1;
      end = cr;
      style = 2;
    } else if (this.style === 2) return -1;
    const text = s.slice(p, end);
    const quoted = this.quotes.from(p) < end;
    const cells = quoted ? quotedCells(text) : plainCells(text);
    if (cells === null) return -1;
    this.style = style;
    // A line of blanks only is an empty line (csv-parse's skip_empty_lines), not a record.
    if (quoted || cells.length > 1 || cells[0] !== "") this.onRecord(cells, line, text);
    return lf + 1;
  }
}

/** Spaces and tabs only: what may stand between a quoted cell and its commas. */
const SPACES_TABS = /^[ \t]*$/;

/** The cells of a line without quotes: its text between commas, trimmed. */
function plainCells(text: string): string[] {
  const cells = text.split(",");
  for (let k = 0; k < cells.length; k++) cells[k] = (cells[k] as string).trim();
  return cells;
}

/**
 * The cells of a line with quotes when each quoted cell is `"…"` without `""`, with only
 * spaces or tabs between it and its commas: quoted cells as written between the quotes, the
 * others trimmed. Null for any other line (`scan` reads it, and declines what is not CSV).
 */
function quotedCells(text: string): string[] | null {
  const parts = text.split('"');
  if (parts.length % 2 === 0) return null;
  const cells: string[] = [];
  /** The text before the next quoted cell: unquoted cells, then what leads to its quote. */
  let before = parts[0] as string;
  for (let k = 1; k < parts.length; k += 2) {
    const unquoted = before.split(",");
    if (!SPACES_TABS.test(unquoted.pop() as string)) return null;
    for (const c of unquoted) cells.push(c.trim());
    cells.push(parts[k] as string);
    const after = parts[k + 1] as string;
    const comma = after.indexOf(",");
    if (!SPACES_TABS.test(comma === -1 ? after : after.slice(0, comma))) return null;
    if (comma === -1) return k + 2 < parts.length ? null : cells;
    before = after.slice(comma + 1);
  }
  for (const c of before.split(",")) cells.push(c.trim());
  return cells;
}

/**
 * Where the next occurrence of one character is in a text, from any position on: searched
 * with the string's own indexOf, and searched again only once the scan has passed it (the
 * scan moves forward only), so a text is searched once per character rather than each of its
 * characters compared in turn.
 */
class NextIndex {
  private text = "";
  /** The next occurrence at or after the positions asked so far; −1 not yet searched. */
  private at = -1;

  constructor(private readonly char: string) {}

  /** Start on another text. */
  reset(text: string): void {
    this.text = text;
    this.at = -1;
  }

  /** The position of the first occurrence at or after `from`, or Infinity when there is none. */
  from(from: number): number {
    if (this.at < from) {
      const i = this.text.indexOf(this.char, from);
      this.at = i === -1 ? Number.POSITIVE_INFINITY : i;
    }
    return this.at;
  }
}
