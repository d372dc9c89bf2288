/**
 * Money: exact decimal amounts tagged with a unit (円, 千円, 百万円).
 *
 * The only place that knows about decimal.js configuration, unit conversion and
 * presentation rounding (四捨五入 = half-up, 切り捨て = truncation). Amounts are never JS
 * numbers. We use a `Decimal.clone` of our own and never touch decimal.js's global config.
 */
import { Decimal as DecimalJs } from "decimal.js";

/** Our own Decimal constructor: 40 significant digits, half-up; never the global one. */
export const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Decimal = InstanceType<typeof Decimal>;

/** Units a Japanese public body's budget is published in. */
export const UNITS = ["円", "千円", "百万円"] as const;
export type Unit = (typeof UNITS)[number];

const UNIT_IN_YEN: Record<Unit, string> = { 円: "1", 千円: "1000", 百万円: "1000000" };

/** A book's presentation rounding rule: 四捨五入 (half-up) or 切り捨て (truncation toward zero). */
export const ROUNDING_RULES = ["half-up", "truncate"] as const;
export type RoundingRule = (typeof ROUNDING_RULES)[number];

/** Japanese names of the rounding rules, for messages and reports. */
export const ROUNDING_LABELS: Record<RoundingRule, string> = {
  "half-up": "四捨五入",
  truncate: "切り捨て",
};

export function isUnit(text: string): text is Unit {
  return (UNITS as readonly string[]).includes(text);
}

/**
 * An immutable amount in one unit. The unit is part of the type, so adding 千円 to 百万円
 * is a compile error (and a runtime error if the types were widened).
 */
export class Money<U extends Unit = Unit> {
  private constructor(
    readonly value: Decimal,
    readonly unit: U,
  ) {}

  static of<U extends Unit>(value: Decimal | string | bigint, unit: U): Money<U> {
    const d = value instanceof Decimal ? value : new Decimal(value.toString());
    // Normalise -0 so that "-0" never appears in output.
    return new Money(d.isZero() ? new Decimal(0) : d, unit);
  }

  static zero<U extends Unit>(unit: U): Money<U> {
    return new Money(new Decimal(0), unit);
  }

  /** Sum of amounts in one unit; the unit is given so an empty sum is well defined. */
  static sum<U extends Unit>(unit: U, items: Iterable<Money<U>>): Money<U> {
    let acc = new Decimal(0);
    for (const m of items) {
      sameUnit(unit, m.unit);
      acc = acc.plus(m.value);
    }
    return Money.of(acc, unit);
  }

  plus(other: Money<U>): Money<U> {
    sameUnit(this.unit, other.unit);
    return Money.of(this.value.plus(other.value), this.unit);
  }

  minus(other: Money<U>): Money<U> {
    sameUnit(this.unit, other.unit);
    return Money.of(this.value.minus(other.value), this.unit);
  }

  negate(): Money<U> {
    return Money.of(this.value.negated(), this.unit);
  }

  abs(): Money<U> {
    return Money.of(this.value.abs(), this.unit);
  }

  times(sign: 1 | -1): Money<U> {
    return sign === 1 ? this : this.negate();
  }

  isZero(): boolean {
    return this.value.isZero();
  }

  isNegative(): boolean {
    return this.value.isNegative() && !this.value.isZero();
  }

  equals(other: Money<U>): boolean {
    sameUnit(this.unit, other.unit);
    return this.value.equals(other.value);
  }

  /** Exact conversion to another unit, without rounding (千円 → 百万円 may give a fraction). */
  convert<V extends Unit>(to: V): Money<V> {
    const factor = new Decimal(UNIT_IN_YEN[this.unit]).dividedBy(UNIT_IN_YEN[to]);
    return Money.of(this.value.times(factor), to);
  }

  /** Convert to another unit and round to whole units by the book's rule. */
  presentIn<V extends Unit>(to: V, rule: RoundingRule): Money<V> {
    const exact = this.convert(to).value;
    return Money.of(roundWhole(exact, rule), to);
  }

  /** Decimal string, `-` for negatives, no separators: the JSON and CSV form. */
  toString(): string {
    return this.value.toFixed();
  }

  /** Japanese presentation: thousands separators, △ for negatives (e.g. `△15,232,073`). */
  format(): string {
    return formatJapanese(this.value);
  }
}

function sameUnit(a: Unit, b: Unit): void {
  if (a !== b) throw new Error(`programmer error: cannot combine amounts in ${a} and ${b}`);
}

/** Round a decimal to a whole number by a presentation rule (symmetric about zero). */
export function roundWhole(value: Decimal, rule: RoundingRule): Decimal {
  const mode = rule === "half-up" ? Decimal.ROUND_HALF_UP : Decimal.ROUND_DOWN;
  return value.toDecimalPlaces(0, mode);
}

/** `1234567` → `1,234,567`; negatives with a leading △. */
export function formatJapanese(value: Decimal): string {
  const neg = value.isNegative() && !value.isZero();
  const [int = "0", frac] = value.abs().toFixed().split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "△" : ""}${grouped}${frac ? `.${frac}` : ""}`;
}

/** The multiplier between two units, e.g. 百万円 → 千円 is 1000. */
export function unitFactor(from: Unit, to: Unit): Decimal {
  return new Decimal(UNIT_IN_YEN[from]).dividedBy(UNIT_IN_YEN[to]);
}

// ---------------------------------------------------------------------------------------------
// Rounded figures: which exact values a printed figure allows (XBRL Calculation 1.1)

/** Exact interval [lo, hi] of the true values that present as `printed` under `rule`. */
export function preimage(printed: Decimal, rule: RoundingRule): { lo: Decimal; hi: Decimal } {
  const half = new Decimal("0.5");
  if (rule === "half-up") {
    // half-up is symmetric: 2.5 → 3, −2.5 → −3; the bounds are closed on the inside.
    return { lo: printed.minus(half), hi: printed.plus(half) };
  }
  // truncation toward zero: 2 comes from [2, 3), −2 from (−3, −2], 0 from (−1, 1).
  if (printed.isZero()) return { lo: new Decimal(-1), hi: new Decimal(1) };
  return printed.isNegative()
    ? { lo: printed.minus(1), hi: printed }
    : { lo: printed, hi: printed.plus(1) };
}

/**
 * Is `printed` a possible presentation of some value in [lo, hi]? True when the values that
 * present as `printed` overlap the range (boundary points, where half-up and truncation
 * intervals are open, do not count).
 */
export function presentable(
  printed: Decimal,
  lo: Decimal,
  hi: Decimal,
  rule: RoundingRule,
): boolean {
  const p = preimage(printed, rule);
  if (lo.equals(hi)) return roundWhole(lo, rule).equals(printed);
  return p.lo.lessThan(hi) && p.hi.greaterThan(lo);
}

/** The printed values a range allows, as "a … b" (or the single value). */
export function allowedRange(
  lo: Decimal,
  hi: Decimal,
  rule: RoundingRule,
): { min: Decimal; max: Decimal } {
  const from = roundWhole(lo, rule).minus(1);
  const to = roundWhole(hi, rule).plus(1);
  // Rounded parts allow a range a few units wide; a wider one means absurd inputs: no search.
  if (to.minus(from).greaterThan(1000))
    return { min: roundWhole(lo, rule), max: roundWhole(hi, rule) };
  let min = to;
  let max = from;
  for (let t = from; t.lessThanOrEqualTo(to); t = t.plus(1)) {
    if (!presentable(t, lo, hi, rule)) continue;
    if (t.lessThan(min)) min = t;
    if (t.greaterThan(max)) max = t;
  }
  return { min, max };
}
