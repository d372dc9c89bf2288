/**
 * Quantities: figures whose unit is not money — 給水戸数 in 戸, 年間総給水量 in ㎥, 一日平均給水量
 * in ㎥/日, 病床数 in 床 — in the unit the book's layout declares (its own word, any short
 * string). Exact decimals like money, but a type of their own: `Money` never holds one, a
 * quantity is never added to money nor to a quantity of another unit (the layout's formulas
 * and the declared checks are refused at load when they would, and the sums here throw), and
 * a quantity is shown with its unit (「12,345 戸」), never under the book's money-unit note.
 *
 * `Amount` is what a figure of the model is: money or a quantity. The free functions below
 * combine two of one measure and throw (a programmer error, after the load's checks) otherwise.
 */
import { Decimal, formatJapanese, Money, type Unit } from "./money.ts";

declare const quantityUnit: unique symbol;
/** The unit of a quantity as the book writes it (戸, ㎥, ㎥/日, 床, 人, km, %): never a money unit. */
export type QuantityUnit = string & { readonly [quantityUnit]: true };

/** A unit of the layout's `unit` column as a quantity's unit (the reader has refused money units). */
export function asQuantityUnit(text: string): QuantityUnit {
  return text as QuantityUnit;
}

/** An immutable quantity in one unit; combining two units throws. */
export class Quantity {
  private constructor(
    readonly value: Decimal,
    readonly unit: QuantityUnit,
  ) {}

  static of(value: Decimal | string | bigint, unit: QuantityUnit): Quantity {
    const d = value instanceof Decimal ? value : new Decimal(value.toString());
    return new Quantity(d.isZero() ? new Decimal(0) : d, unit);
  }

  static zero(unit: QuantityUnit): Quantity {
    return new Quantity(new Decimal(0), unit);
  }

  plus(other: Quantity): Quantity {
    sameQuantityUnit(this.unit, other.unit);
    return Quantity.of(this.value.plus(other.value), this.unit);
  }

  minus(other: Quantity): Quantity {
    sameQuantityUnit(this.unit, other.unit);
    return Quantity.of(this.value.minus(other.value), this.unit);
  }

  negate(): Quantity {
    return Quantity.of(this.value.negated(), this.unit);
  }

  abs(): Quantity {
    return Quantity.of(this.value.abs(), this.unit);
  }

  times(sign: 1 | -1): Quantity {
    return sign === 1 ? this : this.negate();
  }

  isZero(): boolean {
    return this.value.isZero();
  }

  isNegative(): boolean {
    return this.value.isNegative() && !this.value.isZero();
  }

  equals(other: Quantity): boolean {
    sameQuantityUnit(this.unit, other.unit);
    return this.value.equals(other.value);
  }

  /** Decimal string, `-` for negatives, no separators: the JSON and CSV form. */
  toString(): string {
    return this.value.toFixed();
  }

  /** The figure as a table shows it under its unit: `12,345`, `△12`. */
  format(): string {
    return formatJapanese(this.value);
  }

  /** The figure with its unit, as a document prints it: `12,345 戸`. */
  withUnit(): string {
    return `${formatJapanese(this.value)} ${this.unit}`;
  }
}

function sameQuantityUnit(a: QuantityUnit, b: QuantityUnit): void {
  if (a !== b) throw new Error(`programmer error: cannot combine quantities in ${a} and ${b}`);
}

/** A figure of the model: money in the book's unit, or a quantity in its line's unit. */
export type Amount = Money | Quantity;

/** The measure of a figure: money, or a quantity's unit. */
export type Measure =
  | { readonly kind: "money" }
  | { readonly kind: "quantity"; readonly unit: QuantityUnit };

export const MONEY: Measure = { kind: "money" };

/** The measure of a layout line (its `unit`; absent: money). */
export function measureOf(line: { readonly unit?: QuantityUnit }): Measure {
  return line.unit === undefined ? MONEY : { kind: "quantity", unit: line.unit };
}

/** The zero of a measure (money in `moneyUnit`). */
export function zeroOf(measure: Measure, moneyUnit: Unit): Amount {
  return measure.kind === "money" ? Money.zero(moneyUnit) : Quantity.zero(measure.unit);
}

/** Σ items, in the measure of `zero`; an item of another measure throws. */
export function sumAmounts(zero: Amount, items: Iterable<Amount>): Amount {
  if (zero instanceof Money) {
    const money: Money[] = [];
    for (const m of items) money.push(moneyOf(m));
    return Money.sum(zero.unit, money);
  }
  let acc = zero.value;
  for (const q of items) {
    if (!(q instanceof Quantity)) throw mixed(zero, q);
    sameQuantityUnit(zero.unit, q.unit);
    acc = acc.plus(q.value);
  }
  return Quantity.of(acc, zero.unit);
}

/** a − b, both of one measure. */
export function minusAmount<A extends Amount>(a: A, b: A): A {
  if (a instanceof Money && b instanceof Money) return a.minus(b) as A;
  if (a instanceof Quantity && b instanceof Quantity) return a.minus(b) as A;
  throw mixed(a, b);
}

/** a + b, both of one measure. */
export function plusAmount<A extends Amount>(a: A, b: A): A {
  if (a instanceof Money && b instanceof Money) return a.plus(b) as A;
  if (a instanceof Quantity && b instanceof Quantity) return a.plus(b) as A;
  throw mixed(a, b);
}

/** `value` in the measure (and unit) of `like`. */
export function amountLike<A extends Amount>(like: A, value: Decimal): A {
  return (like instanceof Money ? Money.of(value, like.unit) : Quantity.of(value, like.unit)) as A;
}

/** The zero of a figure's measure. */
export function zeroLike<A extends Amount>(a: A): A {
  return (a instanceof Money ? Money.zero(a.unit) : Quantity.zero(a.unit)) as A;
}

/** A figure that must be money (an amount of the book, after the load's unit checks). */
export function moneyOf(a: Amount): Money {
  if (a instanceof Money) return a;
  throw new Error(`programmer error: a quantity in ${a.unit} where money was expected`);
}

/** A figure in a message: money as a table shows it (`△1,234`), a quantity with its unit (`12,345 戸`). */
export function amountText(a: Amount): string {
  return a instanceof Quantity ? a.withUnit() : a.format();
}

function mixed(a: Amount, b: Amount): Error {
  return new Error(`programmer error: cannot combine figures in ${a.unit} and ${b.unit}`);
}
