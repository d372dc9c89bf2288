/**
 * Money: exact decimal amounts tagged with a unit (円, 千円, 百万円).
 *
 * The only place that knows about decimal.js configuration, unit conversion and
 * presentation rounding (四捨五入 = half-up, 切り捨て = truncation). Amounts are never JS
 * numbers outside this module; inside it, a whole figure below 10^15 (nearly every printed or
 * budgeted figure) may be added, subtracted and rounded as an exact JS integer, every sum
 * checked to stay exact — the same results as decimal.js at a fraction of the cost, which a
 * build of thousands of figures pays mostly in cold code. We use a `Decimal.clone` of our own
 * and never touch decimal.js's global config.
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

const ZERO = new Decimal(0);

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
    // Normalise -0 so that "-0" never appears in output (one zero: Decimals are immutable).
    return new Money(d.isZero() ? ZERO : d, unit);
  }

  /** A whole figure (wholeFigure's exact integer, below) as an amount. */
  static ofWhole<U extends Unit>(value: number, unit: U): Money<U> {
    if (!Number.isSafeInteger(value))
      throw new Error(`programmer error: ${value} is not a whole figure`);
    return Money.of(decimalOfWhole(value), unit);
  }

  static zero<U extends Unit>(unit: U): Money<U> {
    return new Money(ZERO, unit);
  }

  /** Sum of amounts in one unit; the unit is given so an empty sum is well defined. */
  static sum<U extends Unit>(unit: U, items: Iterable<Money<U>>): Money<U> {
    // Whole figures (the usual case) add as exact integers until a sum would grow too large.
    let whole: number | undefined = 0;
    let acc = ZERO;
    for (const m of items) {
      sameUnit(unit, m.unit);
      if (whole !== undefined) {
        const w = wholeFigure(m.value);
        if (w !== undefined && Math.abs(whole + w) <= WHOLE_LIMIT) {
          whole += w;
          continue;
        }
        acc = decimalOfWhole(whole);
        whole = undefined;
      }
      acc = acc.plus(m.value);
    }
    return Money.of(whole === undefined ? acc : decimalOfWhole(whole), unit);
  }

  plus(other: Money<U>): Money<U> {
    sameUnit(this.unit, other.unit);
    return Money.of(added(this.value, other.value, 1), this.unit);
  }

  minus(other: Money<U>): Money<U> {
    sameUnit(this.unit, other.unit);
    return Money.of(added(this.value, other.value, -1), this.unit);
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
    return this.value === other.value || this.value.equals(other.value);
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
  // A whole number presents as itself under every rule (and Decimals are immutable).
  if (value.isInteger()) return value;
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
  // toFixed writes `-` exactly for a negative that is not zero (never `-0`).
  const fixed = value.toFixed();
  const neg = fixed.charCodeAt(0) === 45;
  const digits = neg ? fixed.slice(1) : fixed;
  const point = digits.indexOf(".");
  const int = point < 0 ? digits : digits.slice(0, point);
  const frac = point < 0 ? "" : digits.slice(point);
  return `${neg ? "△" : ""}${groupThousands(int)}${frac}`;
}

/** `1234567` → `1,234,567`: the digits of a whole number, grouped by threes. */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
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

/** The exact values that present as `printed` under `rule`: the figure plus its rule's offsets. */
export function preimage(printed: Decimal, rule: RoundingRule): Interval {
  const zero = printed.isZero();
  const o = offsetsOf(rule, !zero && printed.isNegative(), zero);
  return {
    lo: plusHalves(printed, o.lo),
    hi: plusHalves(printed, o.hi),
    loOpen: o.loOpen,
    hiOpen: o.hiOpen,
  };
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
  const ends = noHalves();
  for (let i = 0; i < terms.length; i++) {
    const { value, sign } = terms[i] as (typeof terms)[number];
    center = center.plus(value);
    // The printed figure is sign × value: its own preimage's offsets [a, b] and open ends.
    const zero = value.isZero();
    addHalves(ends, offsetsOf(rule, !zero && value.isNegative() !== sign < 0, zero), sign);
  }
  return {
    lo: plusHalves(center, ends.lo),
    hi: plusHalves(center, ends.hi),
    loOpen: ends.loOpen,
    hiOpen: ends.hiOpen,
  };
}

/** The half units a sum's ends lie off Σ value so far, and which ends are open. */
interface SumHalves {
  lo: number;
  hi: number;
  loOpen: boolean;
  hiOpen: boolean;
}

/** The ends of an empty sum: no offset, both closed. */
function noHalves(): SumHalves {
  return { lo: 0, hi: 0, loOpen: false, hiOpen: false };
}

/** Add a term's offsets [a, b] to `ends`: sign × [x + a, x + b], ends swapped for a minus. */
function addHalves(ends: SumHalves, o: Offsets, sign: 1 | -1): void {
  if (sign > 0) {
    ends.lo += o.lo;
    ends.hi += o.hi;
    ends.loOpen ||= o.loOpen;
    ends.hiOpen ||= o.hiOpen;
  } else {
    ends.lo -= o.hi;
    ends.hi -= o.lo;
    ends.loOpen ||= o.hiOpen;
    ends.hiOpen ||= o.loOpen;
  }
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

/** A preimage's ends as offsets from its figure, in half units, and whether each is open. */
interface Offsets {
  readonly lo: number;
  readonly hi: number;
  readonly loOpen: boolean;
  readonly hiOpen: boolean;
}

/** PREIMAGE_OFFSETS of `rule` for a positive, a negative and a zero figure. */
function offsetCases(rule: RoundingRule): readonly [Offsets, Offsets, Offsets] {
  const of = (negative: boolean, zero: boolean): Offsets => {
    const [lo, hi, loOpen, hiOpen] = PREIMAGE_OFFSETS[rule](negative, zero);
    return { lo, hi, loOpen, hiOpen };
  };
  return [of(false, false), of(true, false), of(false, true)];
}

/**
 * Every rule's offsets, worked out once: the paths every printed figure and sum takes look
 * them up (no call, no array built, nothing destructured).
 */
const OFFSETS: Record<RoundingRule, readonly [Offsets, Offsets, Offsets]> = {
  "half-up": offsetCases("half-up"),
  truncate: offsetCases("truncate"),
  ceiling: offsetCases("ceiling"),
};

/** The offsets of the preimage of a figure under `rule` (a zero figure is not negative). */
function offsetsOf(rule: RoundingRule, negative: boolean, zero: boolean): Offsets {
  const cases = OFFSETS[rule];
  return zero ? cases[2] : negative ? cases[1] : cases[0];
}

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
  // Whole figures (the usual case) in exact integers, without a Decimal made.
  const figure = wholeFigure(printed);
  const lo = figure === undefined ? undefined : wholeFigure(range.lo);
  const hi = lo === undefined ? undefined : wholeFigure(range.hi);
  if (figure !== undefined && lo !== undefined && hi !== undefined)
    return presentableWhole(
      figure,
      { lo: 2 * lo, hi: 2 * hi, loOpen: range.loOpen, hiOpen: range.hiOpen },
      rule,
    );
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

// ---------------------------------------------------------------------------------------------
// Whole figures: the same rules on exact JS integers, for the many printed figures that are whole

/** The largest sum of whole figures kept as a JS integer: its double and a few more halves stay exact. */
const WHOLE_LIMIT = 2 ** 50;

/**
 * A figure as an exact JS integer when it is a whole number below 10^15 units (a printed figure
 * almost always is), else undefined: then the functions below, on such figures and in half
 * units, give exactly what their Decimal counterparts give, at a fraction of the cost. Every
 * sum they take is checked to stay below 2^50, so no float ever rounds.
 */
export function wholeFigure(value: Decimal): number | undefined {
  // decimal.js holds |value| as base-10^7 limbs `d` (trailing zero limbs dropped) and the
  // decimal exponent `e` of the leading digit: read from them, not through a string. A limb
  // past those before the point is a fraction (decimal.js's own isInteger test).
  const { d, e } = value;
  const limbs = Math.floor(e / 7) + 1;
  if (!d || e >= 15 || d.length > limbs) return undefined;
  let n = 0;
  for (let i = 0; i < limbs; i++) n = n * 1e7 + (i < d.length ? (d[i] as number) : 0);
  // Zero unsigned: a JS −0 gains nothing and costs the optimised code of every caller.
  return value.s < 0 && n !== 0 ? -n : n;
}

/** A safe JS integer as a Decimal: zero the one zero, a small figure read without a string. */
function decimalOfWhole(value: number): Decimal {
  return value === 0 ? ZERO : new Decimal(value);
}

/** a + sign × b: in exact integers where both are whole figures (the usual case), else Decimals. */
function added(a: Decimal, b: Decimal, sign: 1 | -1): Decimal {
  const x = wholeFigure(a);
  const y = x === undefined ? undefined : wholeFigure(b);
  if (x !== undefined && y !== undefined) return decimalOfWhole(x + sign * y);
  return sign === 1 ? a.plus(b) : a.minus(b);
}

/** Σ whole figures, or undefined when a partial sum leaves the whole-figure range. */
export function wholeSum(values: readonly number[]): number | undefined {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i] as number;
    if (Math.abs(sum) > WHOLE_LIMIT) return undefined;
  }
  return sum;
}

/** An Interval over whole figures, its ends in half units (2 × value) so that every end is whole. */
interface HalfInterval {
  readonly lo: number;
  readonly hi: number;
  readonly loOpen: boolean;
  readonly hiOpen: boolean;
}

/**
 * preimageSum of whole figures (each term's signed contribution, |value| ≤ 2^50), in half units;
 * undefined when Σ value leaves the whole-figure range.
 */
export function preimageSumWhole(
  terms: readonly { readonly value: number; readonly sign: 1 | -1 }[],
  rule: RoundingRule,
): HalfInterval | undefined {
  let center = 0;
  const ends = noHalves();
  for (let i = 0; i < terms.length; i++) {
    const { value, sign } = terms[i] as (typeof terms)[number];
    center += value;
    if (Math.abs(center) > WHOLE_LIMIT) return undefined;
    const zero = value === 0;
    addHalves(ends, offsetsOf(rule, !zero && value < 0 !== sign < 0, zero), sign);
  }
  return {
    lo: 2 * center + ends.lo,
    hi: 2 * center + ends.hi,
    loOpen: ends.loOpen,
    hiOpen: ends.hiOpen,
  };
}

/** preimage of a whole figure (|printed| ≤ 2^50), in half units. */
function preimageWhole(printed: number, rule: RoundingRule): HalfInterval {
  const zero = printed === 0;
  const o = offsetsOf(rule, !zero && printed < 0, zero);
  return { lo: 2 * printed + o.lo, hi: 2 * printed + o.hi, loOpen: o.loOpen, hiOpen: o.hiOpen };
}

/** meets on half-unit intervals. */
export function meetsWhole(a: HalfInterval, b: HalfInterval): boolean {
  const lo = Math.max(a.lo, b.lo);
  const loOpen = a.lo > b.lo ? a.loOpen : a.lo < b.lo ? b.loOpen : a.loOpen || b.loOpen;
  const hi = Math.min(a.hi, b.hi);
  const hiOpen = a.hi < b.hi ? a.hiOpen : a.hi > b.hi ? b.hiOpen : a.hiOpen || b.hiOpen;
  return lo < hi || (lo === hi && !loOpen && !hiOpen);
}

/** presentable for a whole figure (|printed| ≤ 2^50) and a half-unit range. */
export function presentableWhole(
  printed: number,
  range: HalfInterval,
  rule: RoundingRule,
): boolean {
  return meetsWhole(preimageWhole(printed, rule), range);
}

/** roundWhole of a value given in half units: a whole value is itself; a half rounds by the rule. */
function roundHalves(halves: number, rule: RoundingRule): number {
  if (halves % 2 === 0) return halves / 2;
  // x.5: half-up and ceiling go away from zero, truncation toward it.
  const away = rule === "truncate" ? -1 : 1;
  return (halves + (halves > 0 ? away : -away)) / 2;
}

/** allowedRange for a half-unit range: the whole figures it allows. */
export function allowedRangeWhole(
  range: HalfInterval,
  rule: RoundingRule,
): { min: number; max: number } {
  if (!range.loOpen && !range.hiOpen && range.lo === range.hi) {
    const only = roundHalves(range.lo, rule);
    return { min: only, max: only };
  }
  const low = roundHalves(range.lo, rule);
  const high = roundHalves(range.hi, rule);
  const min = presentableWhole(low, range, rule) ? low : low + 1;
  const max = presentableWhole(high, range, rule) ? high : high - 1;
  return { min, max };
}

/** formatJapanese of a whole figure. */
export function formatWhole(value: number): string {
  return `${value < 0 ? "△" : ""}${groupThousands(Math.abs(value).toString())}`;
}
