/**
 * The whole-figure paths of model/money.ts (exact JS integers, ends in half units) against the
 * Decimal functions they stand in for: the same figures, sums, ranges and texts for every input,
 * including figures at and past the limits where the Decimal path must take over (10^15 units,
 * sums past 2^50) and figures that are not whole.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allowedRange,
  allowedRangeWhole,
  Decimal,
  formatJapanese,
  formatWhole,
  Money,
  meets,
  meetsWhole,
  preimageSum,
  preimageSumWhole,
  presentable,
  presentableWhole,
  wholeFigure,
  wholeSum,
} from "../src/model/money.ts";

/** Whole figures of every size, around the limits as well. */
const whole = fc.oneof(
  fc.integer({ min: -2000, max: 2000 }),
  fc.integer({ min: -(2 ** 50), max: 2 ** 50 }),
  fc.constantFrom(0, 1, -1, 10 ** 15 - 1, -(10 ** 15 - 1), 2 ** 50, -(2 ** 50)),
);
/** Decimal figures: whole ones (small and past 10^15) and fractions such as 千円 from 円. */
const figure = fc.oneof(
  whole.map((n) => new Decimal(n)),
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map((n) => new Decimal(n.toString())),
  fc.integer({ min: -2_000_000, max: 2_000_000 }).map((n) => new Decimal(n).dividedBy(1000)),
  fc.integer({ min: -40, max: 40 }).map((n) => new Decimal(n).dividedBy(2)),
);
const rule = fc.constantFrom("half-up" as const, "truncate" as const, "ceiling" as const);
const sign = fc.constantFrom(1 as const, -1 as const);

/** A half-unit interval as the Decimal Interval it stands for. */
const halves = (h: { lo: number; hi: number; loOpen: boolean; hiOpen: boolean }) => ({
  lo: new Decimal(h.lo).dividedBy(2),
  hi: new Decimal(h.hi).dividedBy(2),
  loOpen: h.loOpen,
  hiOpen: h.hiOpen,
});

describe("whole figures", () => {
  it("wholeFigure reads exactly the whole figures below 10^15, and nothing else", () => {
    fc.assert(
      fc.property(figure, (d) => {
        const n = wholeFigure(d);
        if (d.isInteger() && d.abs().lessThan(1e15)) expect(n).toBe(Number(d.toFixed()));
        else expect(n).toBeUndefined();
      }),
    );
  });

  it("preimageSumWhole, meets, presentable and allowedRange agree with the Decimal functions", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ value: whole, sign }), { maxLength: 8 }),
        whole,
        rule,
        (terms, printed, r) => {
          const exact = preimageSum(
            terms.map((t) => ({ value: new Decimal(t.value), sign: t.sign })),
            r,
          );
          const w = preimageSumWhole(terms, r);
          const sum = wholeSum(terms.map((t) => t.value));
          if (w === undefined || sum === undefined) return; // past 2^50: the Decimal path
          const asDecimal = halves(w);
          expect(asDecimal.lo.equals(exact.lo) && asDecimal.hi.equals(exact.hi)).toBe(true);
          expect([w.loOpen, w.hiOpen]).toEqual([exact.loOpen, exact.hiOpen]);
          expect(presentableWhole(printed, w, r)).toBe(presentable(new Decimal(printed), exact, r));
          // Whether the sum's range meets one printed figure's own range, both ways alike.
          const one = preimageSumWhole([{ value: printed, sign: 1 }], r);
          const oneExact = preimageSum([{ value: new Decimal(printed), sign: 1 }], r);
          if (one !== undefined) expect(meetsWhole(w, one)).toBe(meets(exact, oneExact));
          const a = allowedRangeWhole(w, r);
          const b = allowedRange(exact, r);
          expect([a.min, a.max]).toEqual([Number(b.min.toFixed()), Number(b.max.toFixed())]);
        },
      ),
    );
  });

  it("Money.plus, minus and sum give the Decimal sums, whole or not", () => {
    fc.assert(
      fc.property(figure, figure, fc.array(figure, { maxLength: 6 }), (a, b, more) => {
        const x = Money.of(a, "千円");
        const y = Money.of(b, "千円");
        expect(x.plus(y).value.equals(a.plus(b))).toBe(true);
        expect(x.minus(y).value.equals(a.minus(b))).toBe(true);
        const all = [a, b, ...more];
        const total = all.reduce((s, v) => s.plus(v), new Decimal(0));
        expect(
          Money.sum(
            "千円",
            all.map((v) => Money.of(v, "千円")),
          ).value.equals(total),
        ).toBe(true);
      }),
    );
  });

  it("formatWhole writes what formatJapanese writes", () => {
    fc.assert(
      fc.property(whole, (n) => {
        expect(formatWhole(n)).toBe(formatJapanese(new Decimal(n)));
      }),
    );
  });
});
