/** Cells of recognised tables: label normalisation, figures as read, with their sources. */
import { isNil, parseAmount, withAmountExpectation } from "../model/amount-text.ts";
import { type InputIssue, inputError } from "../model/issues.ts";
import { normalizeLabel } from "../model/labels.ts";
import { Decimal } from "../model/money.ts";
import { type Grid, type GridRow, gridCellSource } from "./grid.ts";
import type { CellValue } from "./tables.ts";

/** Normalised label for comparison; memoised, since a large sheet repeats a few labels. */
const normCache = new Map<string, string>();
export const norm = (s: string): string => {
  let k = normCache.get(s);
  if (k === undefined) {
    k = normalizeLabel(s).toLowerCase();
    if (normCache.size > 100_000) normCache.clear();
    normCache.set(s, k);
  }
  return k;
};

export function isNumeric(text: string): boolean {
  return text !== "" && parseAmount(text).ok;
}

export function readValue(
  grid: Grid,
  row: GridRow,
  col: number,
  segment: string | null,
  scale: Decimal,
  issues: InputIssue[],
): CellValue | null {
  const text = (row.cells[col - 1] ?? "").trim();
  const source = gridCellSource(grid, row.row, col);
  if (isNil(text)) return { segment, amount: new Decimal(0), printed: null, text, source };
  const p = parseAmount(text);
  if (!p.ok) {
    issues.push(
      inputError("amount.invalid", source, withAmountExpectation(p.reason), row.cells.join(" | ")),
    );
    return null;
  }
  return { segment, amount: p.value.times(scale), printed: p.value, text, source };
}
