/**
 * The format-neutral table of a statement, made once and handed to every writer (CSV, HTML,
 * the workbook): which rows (every layout line, headings included, in the document's order),
 * which columns (the segments, the unallocated amounts where a book has them, 合計; 金額 alone
 * in a book without segments), each
 * row's role (a heading, a line closing a group, a subtotal of its own statement's lines) and
 * each cell's figure with its derivation. The writers decide only how a role looks.
 */
import type { LayoutLine, StatementDef } from "../model/book.ts";
import { JA, totalColumnLabel } from "../model/glossary.ts";
import type { Column, Figure, Model } from "../model/model.ts";
import type { Unit } from "../model/money.ts";
import { type Amount, minusAmount } from "../model/quantity.ts";

/** A column of a statement table: a segment, the unallocated amounts, or the 合計. */
export type TableColumn =
  | { readonly kind: "segment"; readonly id: string; readonly label: string }
  | { readonly kind: "unallocated"; readonly label: string }
  | { readonly kind: "total"; readonly label: string };

interface TableCell {
  /** Money in the table's unit; a quantity (in its line's `unit`) shown with that unit. */
  readonly amount: Amount;
  /** How the amount is obtained (absent for the unallocated column, which is 合計 − Σ segments). */
  readonly figure?: Figure;
}

interface TableRow {
  readonly line: LayoutLine;
  /** A derived line that closes a group: level 0, or shallower than the line before it. */
  readonly closesGroup: boolean;
  /** A derived line whose terms are all lines of its own statement. */
  readonly subtotal: boolean;
  /** One per column; empty for a heading. */
  readonly cells: readonly TableCell[];
}

interface StatementTable {
  readonly def: StatementDef;
  readonly unit: Unit;
  readonly columns: readonly TableColumn[];
  readonly rows: readonly TableRow[];
}

interface TableOptions {
  /** Segment columns before 合計 (default true); without them, 合計 alone. */
  readonly segments?: boolean;
  /** A 未配分 column between the segments and 合計 (default false). */
  readonly unallocated?: boolean;
}

/** The column of the model a table column reads (null = 合計; undefined = computed). */
export function modelColumn(c: TableColumn): Column | undefined {
  if (c.kind === "segment") return c.id;
  return c.kind === "total" ? null : undefined;
}

/** The table of statement `def` of `model`. */
export function statementTable(
  model: Model,
  def: StatementDef,
  options: TableOptions = {},
): StatementTable {
  const book = model.book;
  const columns: TableColumn[] = [
    ...(options.segments === false
      ? []
      : book.segments.map((s): TableColumn => ({ kind: "segment", id: s.id, label: s.name }))),
    ...(options.unallocated ? [{ kind: "unallocated", label: JA.unallocated } as const] : []),
    // 金額 for a book without segments: its statements are 科目 | 金額.
    { kind: "total", label: totalColumnLabel(book.segments) },
  ];
  const lines = book.lines.filter((l) => l.statement === def.id);
  const lineById = new Map(book.lines.map((l) => [l.id, l]));
  const closing = closingLines(lines);
  const rows = lines.map(
    (line): TableRow => ({
      line,
      closesGroup: closing.has(line.id),
      subtotal: isSubtotal(line, lineById),
      cells: line.kind === "heading" ? [] : columns.map((c) => cellOf(model, line, c)),
    }),
  );
  return { def, unit: book.unit, columns, rows };
}

function cellOf(model: Model, line: LayoutLine, c: TableColumn): TableCell {
  const column = modelColumn(c);
  if (column !== undefined) {
    const figure = model.figure(line.id, column);
    return { amount: figure.amount, figure };
  }
  // Unallocated = 合計 − Σ segments (by linearity, also for derived lines).
  let amount = model.figure(line.id, null).amount;
  for (const s of model.book.segments)
    amount = minusAmount(amount, model.figure(line.id, s.id).amount);
  return { amount };
}

/** Derived lines that close a group: level 0, or shallower than the line before them. */
export function closingLines(lines: readonly LayoutLine[]): Set<string> {
  const out = new Set<string>();
  let previous: LayoutLine | undefined;
  for (const l of lines) {
    if (l.kind === "heading") continue;
    if (l.kind === "derived" && (l.level === 0 || (previous && previous.level > l.level)))
      out.add(l.id);
    previous = l;
  }
  return out;
}

/** A derived line whose terms are all lines of its own statement: a subtotal or total. */
export function isSubtotal(line: LayoutLine, lineById: ReadonlyMap<string, LayoutLine>): boolean {
  if (line.kind !== "derived" || line.formula === undefined) return false;
  return line.formula.terms.every(
    (t) => t.ref.kind === "line" && lineById.get(t.ref.id)?.statement === line.statement,
  );
}
