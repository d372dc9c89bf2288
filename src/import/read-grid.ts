/**
 * Readers: any input file finance staff hand us (xlsx, CSV, TSV, the seed's tab-separated
 * text) becomes grids of trimmed display text with spreadsheet row numbers. Dispatch is on
 * content first (a zip is an xlsx, an OLE2 compound file is a legacy or encrypted workbook),
 * then on the extension. A file that cannot be read becomes issues naming it, never a throw;
 * a zip is inspected (central directory, declared and real sizes, cell count) before exceljs
 * sees it, because exceljs will take all the memory a hostile file asks for.
 */

import { closeSync } from "node:fs";
import { extname } from "node:path";
import { openRegularFile, readRegularFile } from "../io/files.ts";
import { formatCount } from "../model/amount-text.ts";
import type { InputIssue } from "../model/issues.ts";
import { asWritten, say } from "../model/text.ts";
import { DEFAULT_LIMITS, type GridResult, type ReadLimits } from "./grid.ts";
import { readDelimited } from "./read-delimited.ts";
import { readXlsx } from "./read-xlsx.ts";
import { errorText, failed, readIssue, startsWith } from "./reader-common.ts";

const XLSX_EXTENSIONS = new Set([".xlsx", ".xlsm", ".xltx", ".xltm"]);

/**
 * Read a file into grids: one per worksheet of an xlsx, one for a CSV/TSV/text file.
 * `path` is where to read; `shownName` is how messages and sources name the file.
 * Never throws: anything that goes wrong is an issue naming `shownName`.
 */
export async function readGrids(
  path: string,
  shownName: string,
  limits: ReadLimits = DEFAULT_LIMITS,
  options: ReadOptions = {},
): Promise<GridResult> {
  try {
    return await readGridsOrThrow(path, shownName, limits, options);
  } catch (error) {
    return failed(readIssue("read.io", shownName, asWritten(errorText(error))));
  }
}

/** How much a reader says: `verbose` adds a library's own error text to its messages. */
export interface ReadOptions {
  readonly verbose?: boolean;
}

async function readGridsOrThrow(
  path: string,
  file: string,
  limits: ReadLimits,
  options: ReadOptions,
): Promise<GridResult> {
  // Opened without blocking and refused unless a regular file (a FIFO never hangs the import).
  const opened = openRegularFile(path);
  if (!opened.ok) {
    if (opened.code === "ENOENT")
      return failed(
        readIssue(
          "read.missing",
          file,
          say(`${path} にファイルがありません。`, `no file at ${path}`),
        ),
      );
    return failed(readIssue("read.io", file, opened.why));
  }
  closeSync(opened.fd);
  const size = opened.size;
  if (size === 0)
    return failed(
      readIssue("read.empty", file, say("ファイルの大きさが0バイトです。", "the file has 0 bytes")),
    );
  if (size > limits.maxUncompressedBytes) {
    return failed(
      readIssue(
        "read.too-large",
        file,
        say(
          `${formatCount(size)}バイトあり、上限の${formatCount(limits.maxUncompressedBytes)}バイトを超えています。`,
          `${size} bytes, over the limit of ${limits.maxUncompressedBytes}`,
        ),
      ),
    );
  }
  const read = readRegularFile(path);
  if (!read.ok) return failed(readIssue("read.io", file, read.why));
  const bytes = read.bytes;
  const ext = extname(file).toLowerCase();
  if (startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, EMPTY_ZIP_MAGIC)) {
    return readXlsx(bytes, file, limits, options.verbose === true);
  }
  if (startsWith(bytes, CFB_MAGIC)) return failed(describeCompoundFile(bytes, file));
  if (XLSX_EXTENSIONS.has(ext)) {
    return failed(
      readIssue(
        "xlsx.not-zip",
        file,
        say(
          `ファイル名は ${ext} ですが、zip 形式ではありません。`,
          `the file is named ${ext} but is not a zip`,
        ),
      ),
    );
  }
  if (ext === ".xls") {
    return failed(
      readIssue(
        "xls.other",
        file,
        say(
          "ファイル名は .xls ですが、Excel 97-2003 のブックではありません。",
          "the file is named .xls but is not an Excel 97-2003 workbook",
        ),
      ),
    );
  }
  return readDelimited(bytes, file, ext, limits);
}

// ---------------------------------------------------------------------------------------------
// Magic numbers and OLE2 compound files

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const EMPTY_ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** An OLE2 compound file: an encrypted xlsx, a legacy .xls, or some other Office file. */
function describeCompoundFile(bytes: Buffer, file: string): InputIssue {
  const has = (name: string) => bytes.includes(Buffer.from(name, "utf16le"));
  if (has("EncryptedPackage")) {
    return readIssue(
      "xls.encrypted",
      file,
      say("暗号化された Office のファイルです。", "the file is an encrypted Office package"),
    );
  }
  if (has("Workbook") || has("Book")) {
    return readIssue(
      "xls.legacy",
      file,
      say(
        "バイナリ形式のブックを収めた OLE2 複合ファイルです。",
        "an OLE2 compound file holding a binary workbook",
      ),
    );
  }
  return readIssue(
    "xls.other",
    file,
    say(
      "OLE2 複合ファイルです（古い Office の文書かもしれません）。",
      "an OLE2 compound file (an old Office document?)",
    ),
  );
}
