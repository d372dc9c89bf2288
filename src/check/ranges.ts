/**
 * How exact a figure of the model is. With exact leaves, exactly; when a book says its leaves
 * were typed from a print rounded per item (book.json `leaves.rounding`), each leaf row is off
 * by up to half a unit (四捨五入) or one unit (切り捨て, 切り上げ), so a figure is known only
 * within the sum of its leaves' margins — and every check over those leaves allows that range,
 * as XBRL Calculation 1.1 does, never a blanket ±1.
 */
import { expandToLeaves, type LeafVector } from "../model/expand.ts";
import type { Formula, Reference } from "../model/formula.ts";
import type { Column, Model } from "../model/model.ts";
import { Decimal, type RoundingRule } from "../model/money.ts";

/** How far one rounded item can be from the exact value it rounds, in its unit. */
function itemMargin(rule: RoundingRule): Decimal {
  return rule === "half-up" ? new Decimal("0.5") : new Decimal(1);
}

/** Margins of a model's figures, memoised per model. */
export class Tolerances {
  private readonly memo = new Map<string, LeafVector>();
  /** Rows per leaf and column, counted on first need: a book of exact leaves never needs them. */
  private counted: Map<string, number> | undefined;

  constructor(private readonly model: Model) {}

  private get rows(): Map<string, number> {
    if (this.counted) return this.counted;
    const rows = new Map<string, number>();
    for (const e of this.model.book.entries) {
      for (const key of [`${e.line}\u0000${e.segment ?? ""}`, `${e.line}\u0000*`]) {
        rows.set(key, (rows.get(key) ?? 0) + (e.rows?.length ?? 1));
      }
    }
    this.counted = rows;
    return rows;
  }

  /** The margin of `formula` in `column` (0 when the book's leaves are exact), in the book's unit. */
  of(formula: Formula<Reference>, column: Column): Decimal {
    const rule = this.model.book.leafRounding;
    if (rule === null) return new Decimal(0);
    return this.ofVector(expandToLeaves(this.model.book, formula, this.memo), column).times(
      itemMargin(rule),
    );
  }

  /** The number of rounded items a leaf vector sums (with multiplicity), in a column. */
  private ofVector(vector: LeafVector, column: Column): Decimal {
    let items = 0;
    for (const [key, coefficient] of vector) {
      const dot = key.indexOf(".");
      const count =
        dot < 0
          ? (this.rows.get(`${key}\u0000${column === null ? "*" : column}`) ?? 0)
          : this.scheduleItems(key.slice(0, dot), column);
      items += Math.abs(coefficient) * count;
    }
    return new Decimal(items);
  }

  private scheduleItems(schedule: string, column: Column): number {
    return this.model.book.scheduleItems.filter(
      (i) => i.schedule === schedule && (column === null || i.segment === column),
    ).length;
  }
}
