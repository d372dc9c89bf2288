/** Layout formulas: signed sums of line ids and schedule columns. */
import { describe, expect, it } from "vitest";
import { formatFormula, parseFormula } from "../src/model/formula.ts";

describe("parseFormula", () => {
  it.each([
    ["a + b - c", "a + b - c"],
    ["- receivables", "-receivables"],
    ["-accounts-payable - income-taxes-payable", "-accounts-payable - income-taxes-payable"],
    ["advances.planned", "advances.planned"],
    ["cash-and-deposits", "cash-and-deposits"],
    ["0", "0"],
  ])("%j", (text, canonical) => {
    const p = parseFormula(text);
    expect(p.ok && formatFormula(p.formula)).toBe(canonical);
  });

  it("keeps hyphenated ids whole and signs apart", () => {
    const p = parseFormula("operating-revenue-total - long-term-advances-reversal");
    expect(
      p.ok && p.formula.terms.map((t) => [t.sign, t.ref.kind === "line" ? t.ref.id : ""]),
    ).toEqual([
      [1, "operating-revenue-total"],
      [-1, "long-term-advances-reversal"],
    ]);
  });

  it.each([
    ["", /empty/],
    ["a b", /missing \+ or -/],
    ["a +", /ends with an operator/],
    ["A", /not a line id/],
    ["a * b", /not an operator/],
  ])("rejects %j", (text, reason) => {
    const p = parseFormula(text);
    expect(p.ok).toBe(false);
    if (!p.ok) {
      expect(p.reason.en).toMatch(reason);
      expect(p.reason.ja).toMatch(/。$/);
    }
  });
});
