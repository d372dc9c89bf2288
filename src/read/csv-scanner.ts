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
    while (p < n) {
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
            for (let i = from; i < close; i++) {
              const d = s.charCodeAt(i);
              if (d === LF) at++;
              else if (d === CR) return this.fail();
            }
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
          let i = p;
          for (; i < n; i++) {
            c = s.charCodeAt(i);
            if (c === COMMA || c === LF || c === CR) break;
            if (c === QUOTE) return this.fail();
          }
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
}
