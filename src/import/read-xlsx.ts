/**
 * Reading an xlsx into grids. The zip is inspected first (central directory, declared and real
 * sizes, cell count) by hand, before exceljs sees the bytes, because exceljs will take all the
 * memory a hostile file asks for; then each worksheet becomes a grid of display text with its
 * merged ranges, hidden rows and cached formula values.
 */
import { promisify } from "node:util";
import { inflateRaw } from "node:zlib";
import type ExcelJS from "exceljs";
import type { InputIssue } from "../model/issues.ts";
import { columnLetter } from "../model/provenance.ts";
import type { Grid, GridResult, GridRow, MergedRange, ReadLimits } from "./grid.ts";
import { errorText, failed, type ReadIssueCode, readIssue } from "./reader-common.ts";
import { damagedPart, WorkbookParts } from "./xlsx-parts.ts";

/** exceljs's cell value types, set when exceljs is first loaded. */
let valueType: typeof ExcelJS.ValueType | undefined;

export interface ZipEntry {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly dataStart: number;
}

export type ZipInspection =
  | { ok: true; entries: ZipEntry[] }
  | { ok: false; reason: ReadIssueCode; detail: string };

export const EOCD_SIGNATURE = 0x06054b50;
export const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
export const ZIP64_EOCD_SIGNATURE = 0x06064b50;
export const CENTRAL_SIGNATURE = 0x02014b50;
export const LOCAL_SIGNATURE = 0x04034b50;

/** Read the central directory and every entry's local header; check all offsets are in range. */
export function inspectZip(b: Buffer): ZipInspection {
  const corrupt = (detail: string): ZipInspection => ({
    ok: false,
    reason: "xlsx.corrupt",
    detail,
  });
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b.readUInt32LE(i) === EOCD_SIGNATURE && i + 22 + b.readUInt16LE(i + 20) <= b.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return corrupt("the zip's end-of-central-directory record is missing");
  let count = b.readUInt16LE(eocd + 10);
  let cdSize = b.readUInt32LE(eocd + 12);
  let cdOffset = b.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || b.readUInt32LE(locator) !== ZIP64_LOCATOR_SIGNATURE) {
      return corrupt("the zip64 end-of-central-directory locator is missing");
    }
    const at = safeNumber(b.readBigUInt64LE(locator + 8));
    if (at + 56 > b.length || b.readUInt32LE(at) !== ZIP64_EOCD_SIGNATURE) {
      return corrupt("the zip64 end-of-central-directory record is missing");
    }
    count = safeNumber(b.readBigUInt64LE(at + 32));
    cdSize = safeNumber(b.readBigUInt64LE(at + 40));
    cdOffset = safeNumber(b.readBigUInt64LE(at + 48));
  }
  if (cdOffset + cdSize > b.length) {
    return corrupt(`the central directory (at byte ${cdOffset}) lies past the end of the file`);
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cdOffset + cdSize || b.readUInt32LE(p) !== CENTRAL_SIGNATURE) {
      return corrupt(`central directory entry ${n + 1} of ${count} is damaged`);
    }
    const flags = b.readUInt16LE(p + 8);
    const nameLength = b.readUInt16LE(p + 28);
    const extraLength = b.readUInt16LE(p + 30);
    const commentLength = b.readUInt16LE(p + 32);
    const next = p + 46 + nameLength + extraLength + commentLength;
    if (next > cdOffset + cdSize) return corrupt(`central directory entry ${n + 1} is cut short`);
    const name = b.toString(flags & 0x800 ? "utf8" : "latin1", p + 46, p + 46 + nameLength);
    let compressedSize = b.readUInt32LE(p + 20);
    let uncompressedSize = b.readUInt32LE(p + 24);
    let localOffset = b.readUInt32LE(p + 42);
    // A zip64 extra field holds, in this order, whichever of the three fields are saturated.
    const extra = findExtra(b, p + 46 + nameLength, extraLength, 0x0001);
    if (extra !== undefined) {
      let q = extra.start;
      const take = (): number => {
        if (q + 8 > extra.end) return Number.NaN;
        const v = safeNumber(b.readBigUInt64LE(q));
        q += 8;
        return v;
      };
      if (uncompressedSize === 0xffffffff) uncompressedSize = take();
      if (compressedSize === 0xffffffff) compressedSize = take();
      if (localOffset === 0xffffffff) localOffset = take();
    }
    if (![compressedSize, uncompressedSize, localOffset].every(Number.isFinite)) {
      return corrupt(`the zip64 sizes of ${name} are damaged`);
    }
    if (localOffset + 30 > b.length || b.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) {
      return corrupt(`the data of ${name} lies past the end of the file or is damaged`);
    }
    const dataStart =
      localOffset + 30 + b.readUInt16LE(localOffset + 26) + b.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > b.length) {
      return corrupt(`the data of ${name} runs past the end of the file`);
    }
    entries.push({
      name,
      flags,
      method: b.readUInt16LE(p + 10),
      compressedSize,
      uncompressedSize,
      dataStart,
    });
    p = next;
  }
  return { ok: true, entries };
}

export function findExtra(
  b: Buffer,
  start: number,
  length: number,
  id: number,
): { start: number; end: number } | undefined {
  let q = start;
  while (q + 4 <= start + length) {
    const size = b.readUInt16LE(q + 2);
    if (b.readUInt16LE(q) === id)
      return { start: q + 4, end: Math.min(q + 4 + size, start + length) };
    q += 4 + size;
  }
  return undefined;
}

export function safeNumber(v: bigint): number {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Number.POSITIVE_INFINITY;
}

/** Entries smaller than this are not held to the compression ratio (as Apache POI's grace). */
export const RATIO_GRACE_BYTES = 1024 * 1024;

/** Refuse declared sizes no workbook of tables has: the total, and the ratio of a large entry. */
export function checkEntries(entries: readonly ZipEntry[], limits: ReadLimits): string | undefined {
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (total > limits.maxUncompressedBytes) {
      return `the entries declare more than ${limits.maxUncompressedBytes} bytes uncompressed (${e.name} alone declares ${e.uncompressedSize})`;
    }
    const ratio = e.uncompressedSize / Math.max(e.compressedSize, 1);
    if (e.uncompressedSize > RATIO_GRACE_BYTES && ratio > limits.maxCompressionRatio) {
      return `${e.name} declares ${e.uncompressedSize} bytes from ${e.compressedSize} compressed (ratio ${Math.round(ratio)}, limit ${limits.maxCompressionRatio})`;
    }
  }
  return undefined;
}

export const inflateRawAsync = promisify(inflateRaw);

/**
 * Inflate every entry, refusing one that inflates past its declared size (a lying header is
 * how zip bombs get past size checks), and count the `<c>` elements of the worksheets.
 */
export async function verifyEntries(
  b: Buffer,
  entries: readonly ZipEntry[],
  parts?: WorkbookParts,
): Promise<{ ok: true; cells: number } | { ok: false; reason: ReadIssueCode; detail: string }> {
  let cells = 0;
  for (const e of entries) {
    if (e.name.endsWith("/") && e.uncompressedSize === 0) continue;
    const data = b.subarray(e.dataStart, e.dataStart + e.compressedSize);
    let inflated: Buffer;
    if (e.method === 0) {
      inflated = data;
    } else {
      try {
        inflated = await inflateRawAsync(data, {
          maxOutputLength: Math.max(e.uncompressedSize, 1),
        });
      } catch (error) {
        if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
          return {
            ok: false,
            reason: "xlsx.zip-bomb",
            detail: `${e.name} inflates past the ${e.uncompressedSize} bytes it declares`,
          };
        }
        return { ok: false, reason: "xlsx.corrupt", detail: `${e.name} cannot be inflated` };
      }
    }
    if (inflated.length !== e.uncompressedSize) {
      return {
        ok: false,
        reason: "xlsx.corrupt",
        detail: `${e.name} holds ${inflated.length} bytes, not the ${e.uncompressedSize} it declares`,
      };
    }
    const damaged = damagedPart(e.name, inflated);
    if (damaged !== undefined) return { ok: false, reason: "xlsx.parse", detail: damaged };
    parts?.visit(e.name, inflated);
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(e.name)) cells += countCellElements(inflated);
  }
  return { ok: true, cells };
}

/** Occurrences of `<c ` / `<c>` / `<c/>` in a worksheet's XML: an upper bound on its cells. */
export function countCellElements(xml: Buffer): number {
  let n = 0;
  let at = xml.indexOf("<c", 0);
  while (at >= 0) {
    const next = xml[at + 2];
    if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x0a || next === 0x09) n++;
    at = xml.indexOf("<c", at + 2);
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// xlsx

/**
 * Parts of a worksheet exceljs need not parse for us: data validations over whole columns and
 * merged ranges are expanded cell by cell by exceljs and can exhaust memory or time on their
 * own (merges are read from the XML instead, xlsx-parts.ts).
 */
export const IGNORED_NODES = [
  "mergeCells",
  "dataValidations",
  "conditionalFormatting",
  "extLst",
  "picture",
  "drawing",
  "headerFooter",
  "pageSetup",
  "printOptions",
  "rowBreaks",
  "autoFilter",
  "sheetProtection",
  "tableParts",
];

export async function readXlsx(
  bytes: Buffer,
  file: string,
  limits: ReadLimits,
  verbose = false,
): Promise<GridResult> {
  const zip = inspectZip(bytes);
  if (!zip.ok) return failed(readIssue(zip.reason, file, zip.detail));
  const sizes = checkEntries(zip.entries, limits);
  if (sizes !== undefined) return failed(readIssue("xlsx.zip-bomb", file, sizes));
  const names = new Set(zip.entries.map((e) => e.name.replace(/^\//, "")));
  if (!names.has("xl/workbook.xml"))
    return failed(readIssue("xlsx.not-workbook", file, notWorkbookDetail(names, bytes)));
  const encrypted = zip.entries.find((e) => (e.flags & 1) !== 0);
  if (encrypted !== undefined) {
    return failed(
      readIssue("xlsx.unsupported", file, `${encrypted.name} is encrypted inside the zip`),
    );
  }
  const method = zip.entries.find((e) => e.method !== 0 && e.method !== 8);
  if (method !== undefined) {
    return failed(
      readIssue(
        "xlsx.unsupported",
        file,
        `${method.name} uses compression method ${method.method}`,
      ),
    );
  }
  const parts = new WorkbookParts();
  const verified = await verifyEntries(bytes, zip.entries, parts);
  if (!verified.ok) return failed(readIssue(verified.reason, file, verified.detail));
  if (verified.cells > limits.maxCells) {
    return failed(
      readIssue(
        "cells.too-many",
        file,
        `the worksheets hold ${verified.cells} cells, over the limit of ${limits.maxCells}`,
      ),
    );
  }
  // exceljs is loaded on first use: reading CSV or text never pays for it.
  const { default: Excel } = await import("exceljs");
  valueType = Excel.ValueType;
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer, { ignoreNodes: IGNORED_NODES });
  } catch (error) {
    const detail = "a part of it is damaged in a way exceljs cannot read";
    return failed(
      readIssue("xlsx.parse", file, verbose ? `${detail} (exceljs: ${errorText(error)})` : detail),
    );
  }
  const grids: Grid[] = [];
  let budget = limits.maxCells;
  for (const worksheet of workbook.worksheets) {
    const built = sheetGrid(worksheet, file, budget, parts.mergesOf(worksheet.name));
    if (!built.ok) return failed(built.issue);
    budget -= built.cells;
    grids.push(built.grid);
  }
  if (grids.every((g) => g.rows.length === 0)) {
    return failed(readIssue("read.empty", file, "no worksheet has a cell with a value"));
  }
  return { ok: true, grids };
}

export function notWorkbookDetail(names: ReadonlySet<string>, bytes: Buffer): string {
  if (names.has("xl/workbook.bin")) return "it is an Excel binary workbook (.xlsb)";
  if (names.has("mimetype") && bytes.includes("opendocument.spreadsheet")) {
    return "it is an OpenDocument spreadsheet (.ods)";
  }
  if (names.has("word/document.xml")) return "it is a Word document";
  return names.size === 0 ? "the zip is empty" : "it has no xl/workbook.xml";
}

export const MAX_CELLS_NAMED = 10;

export type SheetBuilt = { ok: true; grid: Grid; cells: number } | { ok: false; issue: InputIssue };

/** One worksheet as a grid; stops with an issue once more than `budget` cells are made. */
export function sheetGrid(
  worksheet: ExcelJS.Worksheet,
  file: string,
  budget: number,
  merges: readonly MergedRange[] = [],
): SheetBuilt {
  const sheet = worksheet.name;
  const rows: GridRow[] = [];
  const uncached: string[] = [];
  let formulas = 0;
  let cells = 0;
  let overAt: number | undefined;
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (overAt !== undefined) return;
    const texts: string[] = [];
    row.eachCell({ includeEmpty: false }, (c, col) => {
      let text: string;
      const value = c.value;
      if (c.type === valueType?.Formula) {
        // Not `value.result`: exceljs's formula value drops a falsy result (0, FALSE).
        const result = c.result as ExcelJS.CellValue | undefined;
        formulas++;
        if (result === undefined || result === null) uncached.push(c.address);
        text = valueText(result);
      } else {
        text = valueText(value);
      }
      if (text !== "") {
        while (texts.length < col - 1) texts.push("");
        texts[col - 1] = text;
      }
    });
    if (texts.length === 0) return;
    cells += texts.length;
    if (cells > budget) {
      overAt = rowNumber;
      return;
    }
    rows.push({ row: rowNumber, cells: texts, hidden: row.hidden === true });
  });
  if (overAt !== undefined) {
    return {
      ok: false,
      issue: readIssue(
        "cells.too-many",
        file,
        `reading stopped at row ${overAt} of sheet ${sheet}, past the limit of the cells allowed`,
        { row: overAt, sheet },
      ),
    };
  }
  const notes: string[] = [];
  if (worksheet.state !== "visible") notes.push(`the sheet is ${worksheet.state}`);
  if (formulas > 0) notes.push(`formula cells read from cached values (${formulas} cells)`);
  if (uncached.length > 0) {
    notes.push(
      `formula cells without a cached value (or with an empty one) read as empty: ${listed(uncached)} (if they should hold figures, open and save the workbook in Excel or LibreOffice to compute them)`,
    );
  }
  const mergeList: MergedRange[] = [...merges].sort((a, b) => a.top - b.top || a.left - b.left);
  if (mergeList.length > 0) {
    notes.push(
      `merged cells keep their value in the top-left cell only: ${listed(mergeList.map(rangeText))}`,
    );
  }
  const hiddenRows = rows.filter((r) => r.hidden).map((r) => String(r.row));
  if (hiddenRows.length > 0) notes.push(`hidden rows kept and flagged: ${listed(hiddenRows)}`);
  // Only the columns the sheet defines (<cols>): never a walk over every possible column.
  const hiddenColumns = (worksheet.columns ?? []).flatMap((c, i) =>
    c.hidden ? [columnLetter(i + 1)] : [],
  );
  if (hiddenColumns.length > 0) notes.push(`hidden columns kept: ${listed(hiddenColumns)}`);
  return {
    ok: true,
    cells,
    grid: {
      file,
      sheet,
      rows,
      notes,
      ...(mergeList.length > 0 ? { merges: mergeList } : {}),
    },
  };
}

export function isFormula(
  value: ExcelJS.CellValue,
): value is ExcelJS.CellFormulaValue | ExcelJS.CellSharedFormulaValue {
  return (
    typeof value === "object" && value !== null && ("formula" in value || "sharedFormula" in value)
  );
}

export function rangeText(r: MergedRange): string {
  return `${columnLetter(r.left)}${r.top}:${columnLetter(r.right)}${r.bottom}`;
}

export function listed(items: readonly string[]): string {
  const shown = items.slice(0, MAX_CELLS_NAMED).join(", ");
  return items.length > MAX_CELLS_NAMED
    ? `${shown} and ${items.length - MAX_CELLS_NAMED} more`
    : shown;
}

/** A cell value as exact, locale-free display text. */
export function valueText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return numberText(value);
  if (typeof value === "string") return value.trim();
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return dateText(value);
  if ("error" in value) return String(value.error);
  if ("richText" in value)
    return value.richText
      .map((run) => run.text)
      .join("")
      .trim();
  if (isFormula(value)) return valueText(value.result as ExcelJS.CellValue);
  if ("text" in value) return valueText(value.text as ExcelJS.CellValue);
  return "";
}

/** Integers as plain digits; other numbers as the shortest round-trip text, never exponential. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Object.is(n, -0)) return "0";
  if (Number.isInteger(n)) return BigInt(n).toString();
  return plainDecimal(String(n));
}

/** `1.5e-7` → `0.00000015`; text without an exponent is returned as it is. */
export function plainDecimal(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const [, sign = "", whole = "", fraction = "", exp = "0"] = m;
  const digits = whole + fraction;
  const point = whole.length + Number(exp);
  let out: string;
  if (point <= 0) out = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + "0".repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  out = out.replace(/^0+(?=\d)/, "");
  if (out.includes(".")) out = out.replace(/\.?0+$/, "");
  return sign + out;
}

/** ISO `yyyy-mm-dd`, with `Thh:mm:ss` only when the time is not midnight. */
export function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return "";
  const iso = d.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 19);
}
