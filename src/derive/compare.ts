/**
 * Two versions line by line: for every line of every statement, per segment and 合計, A, B,
 * B − A, the rate of change, and for a budget against actual figures the 執行率 and what
 * remains (予算残額), with the book's 備考. A version known only as printed (a previous year's
 * 概要 column) has figures where the print has them, converted to the book's unit and known to
 * its precision.
 */
import type { Book, LayoutLine } from "../model/book.ts";
import type { Column, Model } from "../model/model.ts";
import { Decimal, Money, type Unit } from "../model/money.ts";
import { type Amount, minusAmount, zeroLike } from "../model/quantity.ts";
import {
  atVersion,
  budgetAgainstSettled,
  noteKey,
  notesOf,
  type Version,
  type VersionNote,
} from "../model/version.ts";
import { derive } from "./derive.ts";

/** The rate of change of a figure alike in both versions (0), and its 執行率 (1). */
const RATE_ZERO = new Decimal(0);
const RATE_ONE = new Decimal(1);

/** The figures of one version: a model, or a print's column for a previous version. */
export type VersionFigures =
  | { readonly kind: "model"; readonly version: Version; readonly model: Model }
  | {
      readonly kind: "printed";
      readonly version: Version;
      /** The unit it is known in (百万円 for a 概要); a quantity in its own. */
      readonly unit: Unit;
      readonly figures: ReadonlyMap<string, Amount>;
    };

export interface ComparedRow {
  readonly statement: string;
  readonly line: LayoutLine;
  readonly segment: Column;
  /** Money in the book's unit, or a quantity in its line's unit (both sides alike). */
  readonly a: Amount;
  readonly b: Amount;
  /** B − A. */
  readonly difference: Amount;
  /** (B − A) / |A|; null when A is 0. */
  readonly rate: Decimal | null;
  /** Budget against actual figures: 執行率 B / A (null when A is 0) and 予算残額 A − B. */
  readonly execution: { readonly rate: Decimal | null; readonly remaining: Amount } | null;
  /** 備考: B's note for the line and segment, else A's. */
  readonly note: VersionNote | null;
}

export interface VersionComparison {
  readonly book: Book;
  readonly a: VersionFigures;
  readonly b: VersionFigures;
  readonly rows: readonly ComparedRow[];
}

/** Models of a book's versions, derived once per book (a book never changes once loaded). */
const versionModels = new WeakMap<Book, Map<string, Model>>();

/** Version `id` of `book` derived (once: comparisons and their checks ask for the same versions). */
export function versionModel(book: Book, id: string): Model {
  let models = versionModels.get(book);
  if (!models) {
    models = new Map();
    versionModels.set(book, models);
  }
  let model = models.get(id);
  if (!model) {
    model = derive(atVersion(book, id));
    models.set(id, model);
  }
  return model;
}

/** The figures of a version of `book`. */
export function figuresOf(book: Book, id: string): VersionFigures {
  const version = book.versions.list.find((v) => v.id === id || v.name === id);
  if (!version) throw new Error(`unknown version ${id}`);
  if (version.linked !== null) return linkedFigures(book, version, version.linked);
  if (version.kind !== "previous" || version.printed === null)
    return { kind: "model", version, model: versionModel(book, version.id) };
  const { print: printId, column } = version.printed;
  const print = book.prints.find((p) => p.id === printId);
  // Money in the print's unit; a quantity row's in its line's unit.
  const figures = new Map<string, Amount>();
  for (const row of print?.rows ?? []) {
    const amount = row.cells.get(column)?.amount;
    if (row.line === null || !amount) continue;
    const line = book.lines.find((l) => l.id === row.line);
    // A deduction printed without its sign carries the line's sign again.
    const signed = line?.printed === "magnitude" ? amount.negate() : amount;
    figures.set(noteKey(row.line, row.segment), signed);
  }
  return { kind: "printed", version, unit: print?.unit ?? book.unit, figures };
}

/**
 * A previous year's book as figures of this book's lines: every line both books have (by id),
 * for the segments both have and the total, in the other book's unit.
 */
function linkedFigures(book: Book, version: Version, linked: Book): VersionFigures {
  const model = versionModel(linked, linked.version);
  const lines = new Set(linked.lines.filter((l) => l.kind !== "heading").map((l) => l.id));
  const segments = new Set(linked.segments.map((s) => s.id));
  const figures = new Map<string, Amount>();
  for (const line of book.lines) {
    if (!lines.has(line.id)) continue;
    for (const column of [...book.segments.map((s) => s.id), null]) {
      if (column !== null && !segments.has(column)) continue;
      figures.set(noteKey(line.id, column), model.figure(line.id, column).amount);
    }
  }
  return { kind: "printed", version, unit: linked.unit, figures };
}

function figureOf(f: VersionFigures, line: string, column: Column, unit: Unit): Amount | null {
  if (f.kind === "model") return f.model.figure(line, column).amount;
  const printed = f.figures.get(noteKey(line, column));
  // Money in the book's unit; a quantity (of a previous year's book) as it is.
  return printed instanceof Money ? printed.convert(unit) : (printed ?? null);
}

/**
 * A against B for every non-heading line of every statement (and supplementary table), for
 * `columns` (default: every segment and 合計), where both have a figure.
 */
export function compareVersions(
  book: Book,
  a: VersionFigures,
  b: VersionFigures,
  columns: readonly Column[] = [...book.segments.map((s) => s.id), null],
): VersionComparison {
  const unit = book.unit;
  // The one zero of every money difference that is none (amounts are immutable).
  const zero = Money.zero(unit);
  const rows: ComparedRow[] = [];
  const executes = budgetAgainstSettled(a.version, b.version);
  const notesA = notesOf(book, a.version.id);
  const notesB = notesOf(book, b.version.id);
  const noted = notesA.size > 0 || notesB.size > 0;
  for (const st of book.statements) {
    for (const line of book.lines) {
      if (line.statement !== st.id || line.kind === "heading") continue;
      for (const column of columns) {
        const x = figureOf(a, line.id, column, unit);
        const y = figureOf(b, line.id, column, unit);
        if (x === null || y === null) continue;
        // A line of another measure in the previous year's book is not comparable.
        if (x.unit !== y.unit && !(x instanceof Money && y instanceof Money)) continue;
        // Most lines are alike in both versions: no subtraction or division to do for them.
        const same = x === y || x.value.eq(y.value);
        const difference = same
          ? x instanceof Money && x.unit === unit
            ? zero
            : zeroLike(x)
          : minusAmount(y, x);
        const key = noted ? noteKey(line.id, column) : "";
        rows.push({
          statement: st.id,
          line,
          segment: column,
          a: x,
          b: y,
          difference,
          rate: x.isZero() ? null : same ? RATE_ZERO : difference.value.dividedBy(x.value.abs()),
          execution: executes
            ? {
                rate: x.isZero() ? null : same ? RATE_ONE : y.value.dividedBy(x.value),
                remaining: same ? difference : difference.negate(),
              }
            : null,
          note: noted ? (notesB.get(key) ?? notesA.get(key) ?? null) : null,
        });
      }
    }
  }
  return { book, a, b, rows };
}

/** A rate as a percentage with one decimal: 0.0523 → 5.2%. */
export function formatRate(rate: Decimal | null): string {
  if (rate === null) return "";
  return `${rate.times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1)}%`;
}
