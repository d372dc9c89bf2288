/**
 * Provenance: where a figure came from. Every parsed cell carries a CellSource
 * (file, optional sheet, 1-based row, column name or letter); anything yosan creates
 * carries a named SyntheticSource. This is what makes messages and `explain` possible.
 */
import type { Lang, Text } from "./text.ts";

/** A cell of an input file. `row` is 1-based as a spreadsheet shows it (the header is row 1). */
export interface CellSource {
  readonly kind: "cell";
  readonly file: string;
  readonly sheet?: string;
  readonly row: number;
  readonly column?: string;
}

/** A value yosan made itself (a default, a derived total), named so a reader can find the rule. */
interface SyntheticSource {
  readonly kind: "synthetic";
  /** What made it, in both languages (model/text.ts). */
  readonly name: Text;
}

export type Source = CellSource | SyntheticSource;

export function cell(file: string, row: number, column?: string, sheet?: string): CellSource {
  return {
    kind: "cell",
    file,
    row,
    ...(column !== undefined ? { column } : {}),
    ...(sheet !== undefined ? { sheet } : {}),
  };
}

export function synthetic(name: Text): SyntheticSource {
  return { kind: "synthetic", name };
}

/**
 * `ledgers/jlis-h29/budget.csv:14:amount` for CSV, `budget.xlsx!事業別BS!D14` for a sheet,
 * `<name>` for synthetic sources, named in `lang`.
 */
export function formatSource(source: CellSource): string;
export function formatSource(source: Source, lang: Lang): string;
export function formatSource(source: Source, lang: Lang = "en"): string {
  if (source.kind === "synthetic") return `<${source.name[lang]}>`;
  if (source.sheet !== undefined) {
    return `${source.file}!${source.sheet}!${source.column ?? ""}${source.row}`;
  }
  return `${source.file}:${source.row}${source.column !== undefined ? `:${source.column}` : ""}`;
}

/** Spreadsheet column letters: 1 → A, 26 → Z, 27 → AA, 16384 → XFD. */
export function columnLetter(col: number): string {
  if (!Number.isInteger(col) || col < 1) throw new RangeError(`column ${col} is not 1 or more`);
  let n = col;
  let letters = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = (n - 1 - r) / 26;
  }
  return letters;
}
