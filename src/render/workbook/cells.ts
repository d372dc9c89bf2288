/**
 * The workbook's cells: addresses (A1, sheet references quoted), values (exact amounts as the
 * doubles a cell stores, text that is never a formula), and how cells look (fonts, number
 * formats, fills, borders, print setup, widths and heights).
 */
import type ExcelJS from "exceljs";
import type { Book } from "../../model/book.ts";
import type { Decimal } from "../../model/money.ts";
import { columnLetter } from "../../model/provenance.ts";
import { displayWidth } from "../text-width.ts";

/** Font of every cell: the usual Japanese office font (a viewer without it substitutes). */
export const FONT_NAME = "ＭＳ Ｐゴシック";

/** Custom number format of every amount cell: thousands separators, △ for negatives. */
export const AMOUNT_FORMAT = '#,##0;"△"#,##0';

/**
 * The number format of a line's cells: money's (AMOUNT_FORMAT), or a quantity's with its unit
 * after the figure (`#,##0" 戸"`, as the document prints 「12,345 戸」) and as many decimals as
 * its figures have — a quantity is never under the sheet's money-unit note.
 */
export function lineFormat(unit: string | undefined, values: Iterable<Decimal>): string {
  if (unit === undefined) return AMOUNT_FORMAT;
  let places = 0;
  for (const v of values) places = Math.max(places, v.decimalPlaces());
  const number = `#,##0${places > 0 ? `.${"0".repeat(Math.min(places, 6))}` : ""}`;
  const suffix = `" ${unit.replace(/"/g, "")}"`;
  return `${number}${suffix};"△"${number}${suffix}`;
}

/** Number formats of fiscal years (2017年度) and of a number of years (+1年) in 照合結果. */
export const YEAR_FORMATS = { year: '0"年度"', years: '+0"年";-0"年";0"年"' } as const;

/** A cell of a sheet; rendered with the sheet name only when referenced from another sheet. */
export interface Addr {
  readonly sheet: string;
  readonly col: number;
  readonly row: number;
}

export function a1(col: number, row: number): string {
  return `${columnLetter(col)}${row}`;
}

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

export function ref(target: Addr, from: string): string {
  const cell = a1(target.col, target.row);
  return target.sheet === from ? cell : `${quoteSheet(target.sheet)}!${cell}`;
}

/** An exact amount as the JS number an xlsx cell stores; refuses what a double cannot hold. */
export function cellNumber(value: Decimal): number {
  const n = value.toNumber();
  if (!Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER) {
    throw new Error(
      `amount ${value.toFixed()} is too large to be written to a spreadsheet cell exactly (limit ±${Number.MAX_SAFE_INTEGER})`,
    );
  }
  return n === 0 ? 0 : n;
}

/** Text from input, always a string cell (never a formula, whatever it begins with). */
export function text(value: string): ExcelJS.CellValue {
  // The book's own texts are held to 10,000 characters when it is loaded; what yosan composes
  // from them (messages, lists of sources) is cut at the cell's limit.
  return value.length > MAX_CELL_TEXT ? `${value.slice(0, MAX_CELL_TEXT - 1)}…` : value;
}

/** Most characters a spreadsheet cell holds (Excel). */
const MAX_CELL_TEXT = 32_767;

export function formulaCell(formula: string, result: number | string): ExcelJS.CellFormulaValue {
  return { formula, result, date1904: false };
}

const THIN = { style: "thin" as const };
export const BOLD_TOTAL_BORDER: Partial<ExcelJS.Borders> = { top: THIN };
const HEADER_FILL: ExcelJS.Fill = {
  type: "pattern",
  pattern: "solid",
  fgColor: { argb: "FFEFEFEF" },
};
export const INPUT_FILL: ExcelJS.Fill = {
  type: "pattern",
  pattern: "solid",
  fgColor: { argb: "FFFFF8DC" },
};

/**
 * How a sheet meets the A4 page: fit to the page's width and run as many pages tall as it needs
 * (the default), shrink to one whole page (a statement), or print at a fixed scale with the
 * sheet's own page breaks (Excel ignores manual breaks under fit-to-page).
 */
type PrintFit =
  | { readonly kind: "width"; readonly orientation?: Orientation }
  | { readonly kind: "page"; readonly orientation: Orientation }
  | { readonly kind: "scale"; readonly percent: number; readonly orientation: Orientation };

export type Orientation = "portrait" | "landscape";

/** Page margins of every sheet, in inches (the header and footer sit inside top and bottom). */
export const PAGE_MARGINS = {
  left: 0.5,
  right: 0.5,
  top: 0.75,
  bottom: 0.75,
  header: 0.3,
  footer: 0.3,
} as const;

/** A4 in points (1/72 inch), by orientation. */
export const A4_POINTS: Record<Orientation, { width: number; height: number }> = {
  portrait: { width: 595.3, height: 841.9 },
  landscape: { width: 841.9, height: 595.3 },
};

export function setupSheet(
  ws: ExcelJS.Worksheet,
  book: Book,
  title: string,
  frozen: { xSplit: number; ySplit: number },
  fit: PrintFit = { kind: "width" },
): void {
  ws.views = [
    {
      state: "frozen",
      xSplit: frozen.xSplit,
      ySplit: frozen.ySplit,
      topLeftCell: a1(frozen.xSplit + 1, frozen.ySplit + 1),
      activeCell: a1(frozen.xSplit + 1, frozen.ySplit + 1),
      showGridLines: false,
    },
  ];
  ws.pageSetup = {
    paperSize: 9,
    orientation: fit.orientation ?? "landscape",
    ...(fit.kind === "scale"
      ? { fitToPage: false, scale: fit.percent }
      : { fitToPage: true, fitToWidth: 1, fitToHeight: fit.kind === "page" ? 1 : 0 }),
    horizontalCentered: true,
    margins: { ...PAGE_MARGINS },
  };
  if (frozen.ySplit > 0) ws.pageSetup.printTitlesRow = `${frozen.ySplit}:${frozen.ySplit}`;
  const amp = (s: string) => s.replace(/&/g, "&&");
  ws.headerFooter = {
    oddHeader: `&L${amp(book.entity)}&R${amp(`${book.title} ${title}`)}`,
    oddFooter: "&C&P / &N",
  };
}

export function titleRows(
  ws: ExcelJS.Worksheet,
  title: string,
  period: string,
  unitLabel: string,
  lastCol: number,
): void {
  const t = ws.getCell(1, 1);
  t.value = text(title);
  t.font = { bold: true, size: 14 };
  if (period !== "") ws.getCell(2, 1).value = text(period);
  if (unitLabel !== "") {
    const u = ws.getCell(3, lastCol);
    u.value = text(unitLabel);
    u.alignment = { horizontal: "right" };
  }
}

export function headerCell(ws: ExcelJS.Worksheet, row: number, col: number, label: string): void {
  const c = ws.getCell(row, col);
  c.value = text(label);
  c.font = { bold: true };
  c.fill = HEADER_FILL;
  c.border = { top: THIN, bottom: THIN };
  c.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
}

export function amountCell(
  ws: ExcelJS.Worksheet,
  row: number,
  col: number,
  value: ExcelJS.CellValue,
  bold = false,
  numFmt: string = AMOUNT_FORMAT,
): ExcelJS.Cell {
  const c = ws.getCell(row, col);
  c.value = value;
  c.numFmt = numFmt;
  if (bold) {
    c.font = { bold: true };
    c.border = BOLD_TOTAL_BORDER;
  }
  return c;
}

export function labelWidth(
  lines: readonly { label: string; level: number }[],
  min: number,
): number {
  return Math.max(min, ...lines.map((l) => displayWidth(l.label) + 2 * l.level + 2));
}

/** Points per line of wrapped 11-point text. */
export const LINE_HEIGHT = 15;

/**
 * Height of a row from the wrapped texts it holds, each with its column's width (Excel
 * units), estimated generously: set explicitly because LibreOffice does not refit row heights
 * when it opens an xlsx, so wrapped text would overlap the next rows.
 */
export function wrappedRowHeight(cells: readonly { text: string; width: number }[]): number {
  const lines = cells.map(({ text: t, width }) =>
    t
      .split("\n")
      .reduce(
        (n, part) => n + Math.max(1, Math.ceil(displayWidth(part) / Math.max(1, width - 1))),
        0,
      ),
  );
  return LINE_HEIGHT * Math.max(1, ...lines);
}
