/**
 * The grid: a format-neutral picture of one sheet (or one CSV/TSV/text file) as rows of
 * trimmed display text, each row numbered as the spreadsheet or editor shows it. Readers
 * (read-grid.ts) make grids; table recognition consumes them. Nothing here types a cell:
 * an amount is still the text the user wrote, so recognition can quote it back.
 */
import type { InputIssue } from "../model/issues.ts";
import { type CellSource, cell, columnLetter } from "../model/provenance.ts";
import type { Text } from "../model/text.ts";

/** One non-empty row of a grid. */
export interface GridRow {
  /** 1-based row as the spreadsheet shows it (for text files: the line of the file). */
  readonly row: number;
  /** Index = column - 1; trimmed display text; "" for an empty cell. */
  readonly cells: readonly string[];
  /** The row is hidden in the workbook (always false for text files); the caller decides. */
  readonly hidden: boolean;
}

/** A merged range of a sheet, 1-based and inclusive; its value sits in the top-left cell. */
export interface MergedRange {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

export interface Grid {
  /** The file as the user named it. */
  readonly file: string;
  /** The worksheet name; absent for CSV, TSV and text files. */
  readonly sheet?: string;
  /** Non-empty rows only, in ascending row order. */
  readonly rows: readonly GridRow[];
  /** What the reader did that a user may need to know (encoding, cached formula values, …). */
  readonly notes: readonly Text[];
  /** Merged ranges of the sheet (xlsx only; absent when there are none). */
  readonly merges?: readonly MergedRange[];
}

/** Limits that keep a hostile or broken file from exhausting memory. */
export interface ReadLimits {
  /**
   * Most cells a file may hold (all sheets together: the worksheets' cell elements before
   * exceljs parses them, then every cell a grid materialises). exceljs needs about 0.7 kB of
   * heap and 17 µs per cell, so the default of a million is about 700 MB and 17 s.
   */
  maxCells: number;
  /** Most bytes a file may hold: an xlsx's declared uncompressed total, a text file's size. */
  maxUncompressedBytes: number;
  /**
   * Highest uncompressed/compressed ratio of an xlsx entry over 1 MiB. Twice Apache POI's 100,
   * which real workbooks are known to trip; deflate tops out near 1032, so a bomb still shows.
   */
  maxCompressionRatio: number;
}

export const DEFAULT_LIMITS: ReadLimits = Object.freeze({
  maxCells: 1_000_000,
  maxUncompressedBytes: 256 * 1024 * 1024,
  maxCompressionRatio: 200,
});

export type GridResult = { ok: true; grids: Grid[] } | { ok: false; issues: InputIssue[] };

/**
 * Where a cell of a grid came from: `budget.xlsx!事業別BS!D14` for a sheet,
 * `budget.csv:14:D` for a text file (the column as a letter in both).
 */
export function gridCellSource(grid: Grid, row: number, col: number): CellSource {
  return cell(grid.file, row, columnLetter(col), grid.sheet);
}
