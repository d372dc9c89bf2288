/** Money and Japanese amount text: tables of (input, expected) rows, immutability, unit safety. */
import { describe, expect, it } from "vitest";
import { formatCount, parseAmount, withAmountExpectation } from "../src/model/amount-text.ts";
import { Decimal, formatJapanese, Money, roundWhole } from "../src/model/money.ts";

describe("parseAmount", () => {
  it.each([
    ["1,234", "1234"],
    ["△1,234", "-1234"],
    ["▲1,234", "-1234"],
    ["-1,234", "-1234"],
    ["(1,234)", "-1234"],
    ["（１，２３４）", "-1234"],
    ["１２３", "123"],
    ["  17,739,649 ", "17739649"],
    ["0", "0"],
    ["△0", "0"],
    ["1234567", "1234567"],
    ["12.5", "12.5"],
    ["+5", "5"],
  ])("%j → %s", (text, expected) => {
    const p = parseAmount(text);
    expect(p.ok && p.value.toFixed()).toBe(expected);
  });

  it.each(["", "abc", "12,3４5x", "1,23", "1,2345", "△-5", "--5", "1.2.3", "(5", "5)"])(
    "rejects %j",
    (text) => {
      const p = parseAmount(text);
      expect(p.ok).toBe(false);
      if (!p.ok) expect(p.reason.ja).toMatch(/。$/);
    },
  );

  it("says why a cell is not an amount and what an amount looks like, in both languages", () => {
    const p = parseAmount("12,3４5x");
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(withAmountExpectation(p.reason)).toEqual({
      ja: "「12,3４5x」は金額ではありません。数字で書いてください（桁区切りのカンマと、符号 △・▲・- または括弧を使えます）。",
      en: "「12,3４5x」 is not an amount (expected digits with optional thousands separators and a sign (△, ▲, - or parentheses))",
    });
  });
});

describe("Money", () => {
  it.each([
    ["-15232073", "△15,232,073"],
    ["21616961", "21,616,961"],
    ["0", "0"],
    ["-0", "0"],
    ["999", "999"],
    ["1000", "1,000"],
  ])("formats %s as %s", (value, text) => {
    expect(Money.of(value, "千円").format()).toBe(text);
  });

  it.each([
    // 千円 → 百万円, the 概要's rule: half-up (四捨五入) vs truncation (切り捨て), symmetric about zero
    ["432492", "half-up", "432"],
    ["432500", "half-up", "433"],
    ["-370500", "half-up", "-371"],
    ["46008968", "half-up", "46009"],
    ["46008968", "truncate", "46008"],
    ["-1999", "truncate", "-1"],
  ] as const)("presents %s 千円 in 百万円 by %s as %s", (value, rule, expected) => {
    expect(Money.of(value, "千円").presentIn("百万円", rule).toString()).toBe(expected);
  });

  it("is exact where floats are not", () => {
    expect(Money.of("0.1", "円").plus(Money.of("0.2", "円")).toString()).toBe("0.3");
    const big = Money.of("9007199254740993", "円");
    expect(big.plus(Money.of("1", "円")).toString()).toBe("9007199254740994");
  });

  it("is immutable", () => {
    const a = Money.of("100", "千円");
    const b = a.plus(Money.of("1", "千円"));
    expect(a.toString()).toBe("100");
    expect(b.toString()).toBe("101");
    expect(a.negate().toString()).toBe("-100");
    expect(a.toString()).toBe("100");
  });

  it("refuses to mix units, at compile time and at run time", () => {
    const thousand = Money.of("1", "千円");
    const million = Money.of("1", "百万円");
    // @ts-expect-error — 千円 and 百万円 cannot be added
    expect(() => thousand.plus(million)).toThrow(/cannot combine amounts in 千円 and 百万円/);
    expect(million.convert("千円").toString()).toBe("1000");
  });

  it("rounds whole numbers by rule and formats fractions", () => {
    expect(roundWhole(new Decimal("2.5"), "half-up").toFixed()).toBe("3");
    expect(roundWhole(new Decimal("-2.5"), "half-up").toFixed()).toBe("-3");
    expect(roundWhole(new Decimal("2.9"), "truncate").toFixed()).toBe("2");
    expect(formatJapanese(new Decimal("-1234.5"))).toBe("△1,234.5");
  });

  it("never changes decimal.js's global configuration", async () => {
    const { Decimal: Global } = await import("decimal.js");
    expect(Global.precision).toBe(20);
    expect(Decimal.precision).toBe(40);
  });
});

describe("formatCount: counts with thousands separators, as toLocaleString('en-US') writes them", () => {
  it.each([0, 1, 12, 999, 1000, 12345, 123456, 1234567, 100000000, -1234])("%i", (n) => {
    expect(formatCount(n)).toBe(n.toLocaleString("en-US"));
  });
});
