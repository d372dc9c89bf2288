/**
 * The shortcuts of the print tie-out against the rules they shortcut (issue 19): the signed sum
 * of independently rounded figures in one pass (preimageSum) is the fold of combine over
 * preimage, and the printed figures a range allows (allowedRange, a search at the two ends) are
 * those an exhaustive search finds — for every rounding rule, signs, zeros and fractions.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allowedRange,
  combine,
  Decimal,
  type Interval,
  point,
  preimage,
  preimageSum,
  presentable,
  type RoundingRule,
} from "../src/model/money.ts";

const RULES: RoundingRule[] = ["half-up", "truncate", "ceiling"];
const rule = fc.constantFrom(...RULES);
/** Figures as printed: whole units, zero and negatives often. */
const figure = fc.oneof(
  fc.constant(0),
  fc.integer({ min: -5, max: 5 }),
  fc.integer({ min: -10_000_000, max: 10_000_000 }),
);
const term = fc.record({ figure, sign: fc.constantFrom<1 | -1>(1, -1) });

const same = (a: Interval, b: Interval) =>
  a.lo.equals(b.lo) && a.hi.equals(b.hi) && a.loOpen === b.loOpen && a.hiOpen === b.hiOpen;

describe("preimageSum is the fold of combine over preimage", () => {
  it("for any terms and rule", () => {
    fc.assert(
      fc.property(fc.array(term, { maxLength: 12 }), rule, (terms, r) => {
        // A term's value is its signed contribution: the printed figure times its sign.
        const folded = terms.reduce<Interval>(
          (acc, t) => combine(acc, preimage(new Decimal(t.figure), r), t.sign),
          point(new Decimal(0)),
        );
        const onePass = preimageSum(
          terms.map((t) => ({ value: new Decimal(t.figure).times(t.sign), sign: t.sign })),
          r,
        );
        expect(same(onePass, folded), JSON.stringify({ terms, r })).toBe(true);
      }),
      { numRuns: 2000, seed: 19 },
    );
  });
});

describe("allowedRange finds what an exhaustive search finds", () => {
  /** Every printed figure from round(lo) − 3 to round(hi) + 3 whose preimage meets the range. */
  const exhaustive = (range: Interval, r: RoundingRule) => {
    const found: Decimal[] = [];
    const from = range.lo.floor().minus(3);
    const to = range.hi.ceil().plus(3);
    for (let t = from; t.lessThanOrEqualTo(to); t = t.plus(1))
      if (presentable(t, range, r)) found.push(t);
    return found;
  };
  const range = fc
    .record({
      lo: fc.integer({ min: -400, max: 400 }),
      width: fc.integer({ min: 0, max: 40 }),
      // tenths, so ends fall on, beside and between the rounding boundaries
      loOpen: fc.boolean(),
      hiOpen: fc.boolean(),
    })
    .map(({ lo, width, loOpen, hiOpen }) => ({
      lo: new Decimal(lo).dividedBy(10),
      hi: new Decimal(lo + width).dividedBy(10),
      loOpen: width === 0 ? false : loOpen,
      hiOpen: width === 0 ? false : hiOpen,
    }));
  it("for ranges with open and closed ends on and off the boundaries", () => {
    fc.assert(
      fc.property(range, rule, (rg, r) => {
        const all = exhaustive(rg, r);
        const got = allowedRange(rg, r);
        expect(all.length, "a non-empty range allows some figure").toBeGreaterThan(0);
        expect(got.min.toFixed()).toBe(all[0]?.toFixed());
        expect(got.max.toFixed()).toBe(all[all.length - 1]?.toFixed());
        // consecutive: every figure between min and max is allowed
        expect(all.length).toBe(got.max.minus(got.min).toNumber() + 1);
      }),
      { numRuns: 3000, seed: 19 },
    );
  });
});
