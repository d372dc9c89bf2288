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
/** The units a book or a print may state, smallest first. */
export const UNITS = ["円", "千円", "百万円", "億円"] as const;
export type Unit = (typeof UNITS)[number];

const UNIT_IN_YEN: Record<Unit, string> = {
  円: "1",
  千円: "1000",
  百万円: "1000000",
  億円: "100000000",
};

/**
 * Presentation rounding rules: 四捨五入 (half-up, symmetric: −2.5 → −3), 切り捨て (truncation
 * toward zero) and 切り上げ (away from zero, in magnitude).
 */
const ROUNDING_RULES = ["half-up", "truncate", "ceiling"] as const;
export type RoundingRule = (typeof ROUNDING_RULES)[number];

/** Japanese names of the rounding rules, for messages and reports. */
export const ROUNDING_LABELS: Record<RoundingRule, string> = {
  "half-up": "四捨五入",
  truncate: "切り捨て",
  ceiling: "切り上げ",
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
  const mode =
    rule === "half-up"
      ? Decimal.ROUND_HALF_UP
      : rule === "truncate"
        ? Decimal.ROUND_DOWN
        : Decimal.ROUND_UP;
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

/**
 * An interval of exact values; each end open or closed (half-up's 2 comes from [1.5, 2.5),
 * truncation's 2 from [2, 3)), so a check on rounded figures is exact at its boundaries too.
 */
export interface Interval {
  readonly lo: Decimal;
  readonly hi: Decimal;
  readonly loOpen: boolean;
  readonly hiOpen: boolean;
}

/** The interval holding `value` alone. */
export function point(value: Decimal): Interval {
  return { lo: value, hi: value, loOpen: false, hiOpen: false };
}

/** `value` ± `margin`, ends closed. */
export function around(value: Decimal, margin: Decimal): Interval {
  return { lo: value.minus(margin), hi: value.plus(margin), loOpen: false, hiOpen: false };
}

const ZERO = new Decimal(0);

/** The exact values that present as `printed` under `rule`: the figure plus its rule's offsets. */
export function preimage(printed: Decimal, rule: RoundingRule): Interval {
  const zero = printed.isZero();
  const [a, b, loOpen, hiOpen] = PREIMAGE_OFFSETS[rule](!zero && printed.isNegative(), zero);
  return { lo: plusHalves(printed, a), hi: plusHalves(printed, b), loOpen, hiOpen };
}

/** value + halves / 2, for the few half units a preimage's ends lie off its figure. */
function plusHalves(value: Decimal, halves: number): Decimal {
  return halves === 0 ? value : value.plus(HALVES[halves] ?? new Decimal(halves).dividedBy(2));
}

const HALVES: Readonly<Record<number, Decimal>> = {
  [-2]: new Decimal(-1),
  [-1]: new Decimal("-0.5"),
  1: new Decimal("0.5"),
  2: new Decimal(1),
};

/**
 * Σ signᵢ × preimage(signᵢ × valueᵢ): the exact values a signed sum of independently rounded
 * printed figures allows, each `value` being a term's signed contribution (the printed figure
 * times its sign). The same interval as folding `combine` over `preimage`, in one pass: each
 * rule's preimage is the figure plus fixed offsets, so the ends are Σ value plus a count of
 * half units.
 */
export function preimageSum(
  terms: readonly { readonly value: Decimal; readonly sign: 1 | -1 }[],
  rule: RoundingRule,
): Interval {
  let center = ZERO;
  let loHalves = 0;
  let hiHalves = 0;
  let loOpen = false;
  let hiOpen = false;
  for (const { value, sign } of terms) {
    center = center.plus(value);
    // The printed figure is sign × value: its own preimage's offsets [a, b] and open ends.
    const zero = value.isZero();
    const negative = !zero && value.isNegative() !== sign < 0;
    const [a, b, aOpen, bOpen] = PREIMAGE_OFFSETS[rule](negative, zero);
    // sign × [x + a, x + b] = [value + sign·a, value + sign·b], ends swapped for a minus.
    if (sign > 0) {
      loHalves += a;
      hiHalves += b;
      loOpen ||= aOpen;
      hiOpen ||= bOpen;
    } else {
      loHalves -= b;
      hiHalves -= a;
      loOpen ||= bOpen;
      hiOpen ||= aOpen;
    }
  }
  return {
    lo: plusHalves(center, loHalves),
    hi: plusHalves(center, hiHalves),
    loOpen,
    hiOpen,
  };
}

/**
 * The one statement of how each rule rounds: the ends of the exact values that present as a
 * figure, as offsets from it in half units, and whether each end is open. Half-up: 2 comes from
 * [1.5, 2.5) and −2 from (−2.5, −1.5]; truncation: 2 from [2, 3), −2 from (−3, −2], 0 from
 * (−1, 1); ceiling (away from zero): 2 from (1, 2], −2 from [−2, −1), 0 from 0 alone.
 */
const PREIMAGE_OFFSETS: Record<
  RoundingRule,
  (negative: boolean, zero: boolean) => readonly [number, number, boolean, boolean]
> = {
  "half-up": (negative, zero) => [-1, 1, negative || zero, !negative],
  truncate: (negative, zero) =>
    zero ? [-2, 2, true, true] : negative ? [-2, 0, true, false] : [0, 2, false, true],
  ceiling: (negative, zero) =>
    zero ? [0, 0, false, false] : negative ? [0, 2, false, true] : [-2, 0, true, false],
};

/** a + sign × b: the values a sum (or difference) of values in a and b can take. */
export function combine(a: Interval, b: Interval, sign: 1 | -1 = 1): Interval {
  return sign === 1
    ? {
        lo: a.lo.plus(b.lo),
        hi: a.hi.plus(b.hi),
        loOpen: a.loOpen || b.loOpen,
        hiOpen: a.hiOpen || b.hiOpen,
      }
    : {
        lo: a.lo.minus(b.hi),
        hi: a.hi.minus(b.lo),
        loOpen: a.loOpen || b.hiOpen,
        hiOpen: a.hiOpen || b.loOpen,
      };
}

/** Do two intervals share a value? (Three comparisons: each one copies its argument.) */
export function meets(a: Interval, b: Interval): boolean {
  const byLo = a.lo.comparedTo(b.lo);
  const lo = byLo >= 0 ? a.lo : b.lo;
  const loOpen = byLo > 0 ? a.loOpen : byLo < 0 ? b.loOpen : a.loOpen || b.loOpen;
  const byHi = a.hi.comparedTo(b.hi);
  const hi = byHi <= 0 ? a.hi : b.hi;
  const hiOpen = byHi < 0 ? a.hiOpen : byHi > 0 ? b.hiOpen : a.hiOpen || b.hiOpen;
  const order = lo.comparedTo(hi);
  return order < 0 || (order === 0 && !loOpen && !hiOpen);
}

/** Could `printed` present some exact value in `range` under `rule`? */
export function presentable(printed: Decimal, range: Interval, rule: RoundingRule): boolean {
  return meets(preimage(printed, rule), range);
}

/** The printed values a range of exact values allows. */
export function allowedRange(range: Interval, rule: RoundingRule): { min: Decimal; max: Decimal } {
  // One exact value presents as one figure: the preimages of the figures partition the line.
  if (!range.loOpen && !range.hiOpen && range.lo.equals(range.hi)) {
    const only = roundWhole(range.lo, rule);
    return { min: only, max: only };
  }
  // The preimages of the figures partition the line and rounding keeps order, so the figures a
  // range allows are consecutive, from round(lo) to round(hi) — less one at an open end that
  // is the very edge of that figure's preimage (test/interval-sums.test.ts checks this against
  // an exhaustive search).
  const low = roundWhole(range.lo, rule);
  const high = roundWhole(range.hi, rule);
  const min = presentable(low, range, rule) ? low : low.plus(1);
  const max = presentable(high, range, rule) ? high : high.minus(1);
  return { min, max };
}
