/**
 * Readers: any input file finance staff hand us (xlsx, CSV, TSV, the seed's tab-separated
 * text) becomes grids of trimmed display text with spreadsheet row numbers. Dispatch is on
 * content first (a zip is an xlsx, an OLE2 compound file is a legacy or encrypted workbook),
 * then on the extension. A file that cannot be read becomes issues naming it, never a throw;
 * a zip is inspected (central directory, declared and real sizes, cell count) before exceljs
 * sees it, because exceljs will take all the memory a hostile file asks for.
 */

import { readFile, stat } from "node:fs/promises";
import { extname } from "node:path";
import type { InputIssue } from "../model/issues.ts";
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
): Promise<GridResult> {
  try {
    return await readGridsOrThrow(path, shownName, limits);
  } catch (error) {
    return failed(readIssue("read.io", shownName, errorText(error)));
  }
}

async function readGridsOrThrow(
  path: string,
  file: string,
  limits: ReadLimits,
): Promise<GridResult> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return failed(readIssue("read.io", file, "the path is not a file"));
    size = info.size;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOENT") return failed(readIssue("read.missing", file, `no file at ${path}`));
    return failed(readIssue("read.io", file, errorText(error)));
  }
  if (size === 0) return failed(readIssue("read.empty", file, "the file has 0 bytes"));
  if (size > limits.maxUncompressedBytes) {
    return failed(
      readIssue(
        "read.too-large",
        file,
        `${size} bytes, over the limit of ${limits.maxUncompressedBytes}`,
      ),
    );
  }
  const bytes = await readFile(path);
  const ext = extname(file).toLowerCase();
  if (startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, EMPTY_ZIP_MAGIC)) {
    return readXlsx(bytes, file, limits);
  }
  if (startsWith(bytes, CFB_MAGIC)) return failed(describeCompoundFile(bytes, file));
  if (XLSX_EXTENSIONS.has(ext)) {
    return failed(readIssue("xlsx.not-zip", file, `the file is named ${ext} but is not a zip`));
  }
  if (ext === ".xls") {
    return failed(
      readIssue("xls.other", file, "the file is named .xls but is not an Excel 97-2003 workbook"),
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
    return readIssue("xls.encrypted", file, "the file is an encrypted Office package");
  }
  if (has("Workbook") || has("Book")) {
    return readIssue("xls.legacy", file, "an OLE2 compound file holding a binary workbook");
  }
  return readIssue("xls.other", file, "an OLE2 compound file (an old Office document?)");
}
