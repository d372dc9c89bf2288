/**
 * The rows of an accounting system's export, handed one by one to a sink. A comma-separated
 * file (UTF-8, or Shift_JIS as Excel and most Japanese accounting packages write it) is streamed
 * in 4 MiB chunks through the byte scanner (read/byte-csv.ts), so a journal of millions of lines
 * costs memory for what the sink keeps, not for the file, and text is decoded only where it is
 * read. Anything else — an xlsx, a TSV, a CSV the scanner declines (odd quoting), a file that is
 * not text — goes through the import's grid readers (../read-grid.ts), whose limits and messages
 * then apply.
 */
import { readSync } from "node:fs";
import { extname } from "node:path";
import iconv from "iconv-lite";
import type { InputIssue } from "../../model/issues.ts";
import { say, type Text } from "../../model/text.ts";
import {
  ByteCsvScanner,
  type ByteRow,
  type Encoding,
  QUOTE,
  readOpenFile,
  streamRows,
  textRow,
} from "../../read/byte-csv.ts";
import { DEFAULT_LIMITS, type ReadLimits } from "../grid.ts";
import { detectDelimiter } from "../read-delimited.ts";
import { type ReadOptions, readGrids } from "../read-grid.ts";

/** Where the rows go. `row` returns false to stop reading the sheet (or the streamed file). */
export interface RowSink {
  /** A new sheet starts (an xlsx's worksheet; once, unnamed, for a text file). */
  sheet(name: string | undefined): void;
  /** A row; its cells are valid only during the call. */
  row(row: ByteRow): boolean;
}

type SourceResult = { ok: true; notes: Text[] } | { ok: false; issues: InputIssue[] };

const CHUNK_BYTES = 1 << 22;
const MAX_ROW_BYTES = 1 << 26;

/**
 * Read the export at `path` (named `shown` in messages) into a sink made by `makeSink`: a new
 * one when reading has to start again (a CSV the byte scanner declines half-way), so a sink
 * never sees a row twice.
 */
export async function readExport(
  path: string,
  shown: string,
  makeSink: () => RowSink,
  limits: ReadLimits = DEFAULT_LIMITS,
  options: ReadOptions = {},
): Promise<SourceResult> {
  const ext = extname(shown).toLowerCase();
  if (ext === ".csv" || ext === "") {
    const streamed = stream(path, makeSink);
    if (streamed !== null) {
      const encoding = streamed === "utf8" ? "UTF-8" : "Shift_JIS (CP932)";
      const ja = streamed === "utf8" ? "UTF-8" : "Shift_JIS（CP932）";
      return {
        ok: true,
        notes: [say(`${ja} として逐次読み込みました`, `decoded as ${encoding}, streamed`)],
      };
    }
  }
  const read = await readGrids(path, shown, limits, options);
  if (!read.ok) return { ok: false, issues: read.issues };
  const sink = makeSink();
  const notes: Text[] = [];
  for (const grid of read.grids) {
    sink.sheet(grid.sheet);
    for (const n of grid.notes) if (!notes.some((m) => m.en === n.en)) notes.push(n);
    for (const r of grid.rows) if (!sink.row(textRow(r.cells, r.row))) break;
  }
  return { ok: true, notes };
}

/**
 * The encoding of a comma-separated text whose first chunk is `bytes`, or null when it is for
 * the grid readers (a zip or an Office file, UTF-16, NUL bytes, bytes neither UTF-8 nor
 * Shift_JIS, another delimiter).
 */
function sniff(bytes: Buffer): Encoding | null {
  if (bytes.length === 0 || bytes.includes(0)) return null;
  if (bytes[0] === 0xff || bytes[0] === 0xfe || (bytes[0] === 0x50 && bytes[1] === 0x4b))
    return null;
  const lastLine = bytes.lastIndexOf(0x0a);
  const sample = lastLine > 0 ? bytes.subarray(0, lastLine) : bytes;
  let encoding: Encoding = "utf8";
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(sample);
  } catch {
    if (iconv.decode(sample, "cp932").includes("\uFFFD")) return null;
    encoding = "cp932";
  }
  return detectDelimiter(sample.subarray(0, 65536).toString("latin1"), ".csv") === ","
    ? encoding
    : null;
}

/**
 * Stream a comma-separated file through the byte scanner into a sink: its encoding when it was
 * read (or the sink stopped), null when the file is for the grid readers. The incomplete row at
 * the end of a chunk moves to the front of the buffer and the next chunk is read after it (a
 * row longer than the buffer doubles it).
 */
function stream(path: string, makeSink: () => RowSink): Encoding | null {
  return readOpenFile<Encoding | null>(
    path,
    (fd, size) => {
      if (size === 0) return null;
      const buf = Buffer.allocUnsafe(CHUNK_BYTES);
      const filled = readSync(fd, buf, 0, buf.length, null);
      const encoding = sniff(buf.subarray(0, filled));
      if (encoding === null) return null;
      const sink = makeSink();
      sink.sheet(undefined);
      // A line of blanks around `""` (a row of one empty cell, as csv-parse reads it) has
      // always been skipped here like a blank line.
      const scanner = new ByteCsvScanner(encoding, (row) =>
        row.count === 1 && row.blank(0) && row.buf[row.rawStart] !== QUOTE ? true : sink.row(row),
      );
      const from = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
      // A row of 64 MiB is not an export ("long"), nor is what the scanner declines ("odd"):
      // the grid readers say what the file is. A sink that stopped has read what it needed.
      const end = streamRows(fd, scanner, { buf, filled, from }, MAX_ROW_BYTES);
      return end === "odd" || end === "long" ? null : encoding;
    },
    null,
  );
}
