/**
 * The 特定収入 rule (消費税法 第60条第4項; model/tax.ts nonDeductibleOf, a `non-deductible` line
 * of the layout, book.json `tax.specified`): the rule on figures worked by hand; the shipped
 * water example under the threshold (nothing non-deductible, explained by its 特定収入割合) and
 * made a body over it (a 使途不特定 補助金 raised), where the 控除対象外消費税 is computed by the
 * 計算表's steps here, independently, and the statements' ties still hold; properties: a 税込
 * change to a 課税 3条 節 moves the P&L and 未払消費税 by exactly the change between them, for
 * every rate and rounding, under and over the threshold; and the errors of the rule.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { build } from "../src/cli/build.ts";
import { derive } from "../src/derive/derive.ts";
import { explain, findLine } from "../src/derive/explain.ts";
import type { Book } from "../src/model/book.ts";
import type { InputIssue } from "../src/model/issues.ts";
import type { Model } from "../src/model/model.ts";
import { Decimal, Money, type RoundingRule } from "../src/model/money.ts";
import { nonDeductibleOf, ratioPercent, type TaxRounds, taxOf } from "../src/model/tax.ts";
import { loadBook } from "../src/read/load-book.ts";
import { renderExplainText } from "../src/render/explain-text.ts";
import type { StatementsJson } from "../src/render/statements-json.ts";
import { REPO, tempDir } from "./helpers/book.ts";

const WATER = join(REPO, "ledgers/water-r7");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of the example with its files changed. */
function copyWith(change: {
  budget?: [string, string];
  layout?: [string, string];
  manifest?: (m: Record<string, unknown>) => unknown;
}): string {
  const dir = join(tempDir("yosan-specified-"), "water-r7");
  dirs.push(dir);
  cpSync(WATER, dir, { recursive: true });
  const edit = (file: string, [from, to]: [string, string]) => {
    const text = readFileSync(join(dir, file), "utf8");
    if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
    writeFileSync(join(dir, file), text.replace(from, to));
  };
  if (change.budget) edit("budget.csv", change.budget);
  if (change.layout) edit("layout.csv", change.layout);
  if (change.manifest) {
    const path = join(dir, "book.json");
    writeFileSync(path, JSON.stringify(change.manifest(JSON.parse(readFileSync(path, "utf8")))));
  }
  return dir;
}

function loaded(dir: string): Book {
  const r = loadBook(dir);
  if (!r.ok) throw new Error(r.issues.map((i) => i.message.en).join("; "));
  return r.book;
}

const figure = (m: Model, id: string) => new Decimal(m.figure(id, null).amount.toString());

describe("the rule on figures worked by hand", () => {
  const rule = { threshold: new Decimal(5), rounding: "truncate" as RoundingRule };
  const ten = new Decimal(10);
  const d = (n: number) => new Decimal(n);

  it("nothing while the 特定収入割合 is at most the threshold, 5% itself included", () => {
    // 特定収入 50,000 ÷ (950,000 + 50,000) = 5% exactly: not above 5%.
    const r = nonDeductibleOf(
      { sales: d(950_000), forPurchases: d(20_000), unspecified: d(30_000) },
      d(54_000),
      ten,
      rule,
    );
    expect(r.ratio.toString()).toBe("0.05");
    expect(r.applies).toBe(false);
    expect(r.amount.toString()).toBe("0");
  });

  it("above it: the tax in 特定収入 for 課税仕入れ等 plus the rest × 調整割合, each truncated", () => {
    // 特定収入割合 = 210,000 ÷ 1,210,000 = 17.35…%; direct = 110,000 × 10/110 = 10,000;
    // 調整割合 = 100,000 ÷ (1,000,000 + 100,000) = 1/11; (54,000 − 10,000) ÷ 11 = 4,000.
    const r = nonDeductibleOf(
      { sales: d(1_000_000), forPurchases: d(110_000), unspecified: d(100_000) },
      d(54_000),
      ten,
      rule,
    );
    expect(r.applies).toBe(true);
    expect(r.direct.toString()).toBe("10000");
    expect(r.adjustment.times(11).toString()).toBe("1");
    expect(r.adjusted.toString()).toBe("4000");
    expect(r.amount.toString()).toBe("14000");
    // The rounding is the book's: 54,001 leaves 44,001/11 = 4,000.09… → 4,000 truncated, 4,001 up.
    const up = nonDeductibleOf(
      { sales: d(1_000_000), forPurchases: d(110_000), unspecified: d(100_000) },
      d(54_001),
      ten,
      { ...rule, rounding: "ceiling" },
    );
    expect(up.adjusted.toString()).toBe("4001");
  });

  it("a share that comes out whole is not cut a unit short by dividing first", () => {
    // (300,000 − 0) × 1,000,000 ÷ 3,000,000 = 100,000 exactly; × (1/3 as a decimal) truncates
    // to 99,999.
    const r = nonDeductibleOf(
      { sales: d(2_000_000), forPurchases: d(0), unspecified: d(1_000_000) },
      d(300_000),
      ten,
      rule,
    );
    expect(r.adjusted.toString()).toBe("100000");
    const small = nonDeductibleOf(
      { sales: d(600), forPurchases: d(0), unspecified: d(300) },
      d(30),
      ten,
      rule,
    );
    expect(small.adjusted.toString()).toBe("10");
  });

  it("shows a ratio just above the threshold with the digits that tell it from the threshold", () => {
    expect(ratioPercent(new Decimal("0.0361834"), new Decimal(5))).toBe("3.61%");
    expect(ratioPercent(new Decimal("0.05"), new Decimal(5))).toBe("5.00%");
    expect(ratioPercent(new Decimal("0.0500046"), new Decimal(5))).toBe("5.0004%");
    expect(ratioPercent(new Decimal("0.651386"), new Decimal(5))).toBe("65.13%");
  });
});

describe("the water example", () => {
  it("is under the threshold: nothing non-deductible, and explain says why in its figures", () => {
    const model = derive(loaded(WATER));
    expect(figure(model, "tax-non-deductible").toString()).toBe("0");
    const found = findLine(model, "tax-non-deductible");
    if (!found.ok) throw new Error("no tax-non-deductible line");
    const text = renderExplainText(explain(model, found.line, null), undefined, "ja");
    // 特定収入 84,900 = 11,000 + 64,000 + 9,900; 資産の譲渡等の対価 2,261,326 (README.md).
    expect(text).toContain(
      "特定収入割合 3.61% ＝ 特定収入 84,900 ÷ (2,261,326 + 84,900) が 5% 以下",
    );
  });

  it("made a body over it, computes the 控除対象外消費税 by the 計算表's steps, and its ties hold", async () => {
    // The 使途不特定 経営基盤強化補助金 raised from 11,000 to 200,000: 特定収入 273,900 of
    // 2,535,226, 10.8%.
    const dir = copyWith({
      budget: ['rev-subsidies-base,"11,000"', 'rev-subsidies-base,"200,000"'],
    });
    const before = derive(loaded(WATER));
    const model = derive(loaded(dir));
    // The 計算表 here, from the example's own figures: S 資産の譲渡等の対価 (unchanged),
    // P (国庫補助金 64,000 + 消火栓設置負担金 9,900), U (the 補助金), T (仮払: 3条 + 4条).
    const S = new Decimal(2_261_326);
    const P = new Decimal(73_900);
    const U = new Decimal(200_000);
    const T = figure(model, "tax-expenses").plus(figure(model, "tax-capital-expenditure"));
    const direct = P.times(10).dividedBy(110).floor(); // 6,718
    const adjusted = T.minus(direct).times(U).dividedBy(S.plus(U)).floor();
    const expected = direct.plus(adjusted);
    expect(direct.toString()).toBe("6718");
    expect(figure(model, "tax-non-deductible").toString()).toBe(expected.toString());
    expect(expected.greaterThan(direct)).toBe(true);
    // Expensed: the P&L carries it; 未払消費税 holds it until paid; the cash does not move by it.
    const moved = (id: string) => figure(model, id).minus(figure(before, id)).toString();
    expect(moved("pl-non-deductible")).toBe(expected.toString());
    expect(moved("pl-net-income")).toBe(new Decimal(189_000).minus(expected).toString());
    expect(moved("bs-tax-payable")).toBe(expected.toString());
    expect(moved("cf-closing-cash")).toBe("189000");
    // The statements' own ties hold; the adopted 議案 (第3条 収入, 第8条) does not have the raise.
    const out = join(tempDir("yosan-specified-out-"), "out");
    dirs.push(out);
    await build(dir, { out, strict: false, formats: ["json"] });
    const json = JSON.parse(readFileSync(join(out, "statements.json"), "utf8")) as StatementsJson;
    const status = (id: string) => json.checks.find((c) => c.id === id)?.status;
    for (const id of [
      "bs.balance",
      "cf.closing-cash",
      "tax.balance",
      "pl.tax-bridge",
      "pl.surplus",
    ])
      expect(status(id), id).toBe("pass");
    expect(status("subsidies.other-account")).toBe("fail");
    // explain: the two parts add up to the line, in the 計算表's words.
    const found = findLine(model, "tax-non-deductible");
    if (!found.ok) throw new Error("no tax-non-deductible line");
    const tree = explain(model, found.line, null);
    expect(tree.children.map((c) => c.amount.toString())).toEqual([
      direct.toString(),
      adjusted.toString(),
    ]);
    const text = renderExplainText(tree, undefined, "ja");
    expect(text).toContain(
      "特定収入割合 10.80% ＝ 特定収入 273,900 ÷ (2,261,326 + 273,900) が 5% を超える",
    );
    expect(text).toContain("特定収入 73,900 × 10/110、切り捨て");
    expect(text).toContain("調整割合 200,000/2,461,326");
  });
});

describe("properties: a 税込 change to a 課税 3条 節", () => {
  const RATES = [5, 8, 10] as const;
  const ROUNDINGS: readonly RoundingRule[] = ["truncate", "half-up", "ceiling"];
  const ROUNDS: readonly TaxRounds[] = ["tax", "exclusive"];
  const under = loaded(WATER);
  const over = loaded(
    copyWith({ budget: ['rev-subsidies-base,"11,000"', 'rev-subsidies-base,"200,000"'] }),
  );
  const LEAF = "exp-purification-power"; // 動力費, 課税

  /** The book with the leaf at `amount` 税込, its rate, and the rules' rounding. */
  function variant(
    book: Book,
    amount: bigint,
    rate: number,
    rounding: RoundingRule,
    rounds: TaxRounds,
  ): Book {
    const entries = book.entries.map((e) =>
      e.line === LEAF ? { ...e, amount: Money.of(amount, book.unit) } : e,
    );
    const lines = book.lines.map((l) => (l.id === LEAF ? { ...l, rate: new Decimal(rate) } : l));
    const tax = book.tax;
    if (!tax) throw new Error("no tax rules");
    return { ...book, lines, entries, tax: { ...tax, rounding, rounds } };
  }

  it.each([
    ["under the threshold", under, false],
    ["over it", over, true],
  ] as const)(
    "%s: the P&L moves by the 税抜 part and the non-deductible share, 未払消費税 by the rest",
    (_name, book, applies) => {
      fc.assert(
        fc.property(
          fc.bigInt({ min: 0n, max: 10n ** 9n }),
          fc.bigInt({ min: 0n, max: 10n ** 7n }),
          fc.constantFrom(...RATES),
          fc.constantFrom(...ROUNDINGS),
          fc.constantFrom(...ROUNDS),
          (base, change, rate, rounding, rounds) => {
            const a = derive(variant(book, base, rate, rounding, rounds));
            const b = derive(variant(book, base + change, rate, rounding, rounds));
            const moved = (id: string) => figure(b, id).minus(figure(a, id));
            const g = new Decimal(change.toString());
            const r = new Decimal(rate);
            const leafTax = taxOf(new Decimal((base + change).toString()), r, {
              rounding,
              rounds,
            }).minus(taxOf(new Decimal(base.toString()), r, { rounding, rounds }));
            const shift = moved("tax-non-deductible");
            // The whole 税込 change lands on the two, exactly.
            expect(moved("pl-net-income").plus(moved("bs-tax-payable")).equals(g.negated())).toBe(
              true,
            );
            expect(moved("pl-net-income").equals(g.minus(leafTax).plus(shift).negated())).toBe(
              true,
            );
            expect(moved("bs-tax-payable").equals(leafTax.negated().plus(shift))).toBe(true);
            if (!applies) expect(shift.isZero()).toBe(true);
            else {
              // Over the threshold the non-deductible share of the new tax is its 調整割合
              // (200,000 ÷ 2,461,326), within the one unit each rounding may move.
              const share = leafTax.times(200_000).dividedBy(2_461_326);
              expect(shift.minus(share).abs().lessThanOrEqualTo(1)).toBe(true);
            }
            // The cash does not move by the tax: only by the 税込 payment.
            expect(moved("cf-closing-cash").equals(g.negated())).toBe(true);
          },
        ),
        { numRuns: 60 },
      );
    },
  );
});

describe("errors of the rule", () => {
  const issuesOf = (dir: string): InputIssue[] => {
    const r = loadBook(dir);
    if (r.ok) throw new Error("the changed book loaded");
    return r.issues;
  };
  const where = (i: InputIssue) => {
    const s = i.source as { file: string; row: number; column?: string };
    return [i.code, s.file.split("/").pop(), s.column];
  };
  const withSpecified = (specified: unknown) =>
    copyWith({
      manifest: (m) => ({ ...m, tax: { ...(m.tax as object), specified } }),
    });

  it("tax.rules: a non-deductible line in a book without tax.specified, at its kind", () => {
    const dir = copyWith({
      manifest: (m) => {
        const { specified: _, ...tax } = m.tax as Record<string, unknown>;
        return { ...m, tax };
      },
    });
    const issues = issuesOf(dir);
    expect(issues.map(where)).toEqual([["tax.rules", "layout.csv", "kind"]]);
    expect(issues[0]?.message.ja).toContain("特定収入の計算方法");
    expect(issues[0]?.message.en).toContain("特定収入 rule");
  });

  it("tax.rate: a threshold that is no percentage, at book.json's field", () => {
    const issues = issuesOf(
      withSpecified({ receipts: "rev-total + cin-total", threshold: "five" }),
    );
    expect(issues.map(where)).toEqual([["tax.rate", "book.json", "tax.specified.threshold"]]);
  });

  it("layout.unknown-reference: receipts naming a line the layout lacks, at book.json's field", () => {
    const issues = issuesOf(withSpecified({ receipts: "rev-total + cin-totl", threshold: "5%" }));
    expect(issues.map((i) => i.code)).toEqual(["layout.unknown-reference"]);
    expect(where(issues[0] as InputIssue).slice(1)).toEqual([
      "book.json",
      "tax.specified.receipts",
    ]);
  });

  it("tax.unset: a receipt without a 課税区分, at its tax cell, naming tax.specified.receipts", () => {
    const dir = copyWith({
      layout: [",leaf,,,,特定収入（課税仕入れ等）\n", ",leaf,,,,\n"],
    });
    const issues = issuesOf(dir);
    expect(issues.map(where)).toEqual([["tax.unset", "layout.csv", "tax"]]);
    expect(issues[0]?.message.ja).toContain("book.json の tax.specified.receipts がこの科目を含み");
  });

  it("tax.unset: a receipt must say its own 課税区分 — book.json's default does not decide what is 特定収入", () => {
    // 他会計補助金 left blank while book.json's default is 不課税: with the default it would
    // silently not be 特定収入, and the 控除対象外消費税 would drop with no finding.
    const dir = copyWith({
      layout: [",leaf,,,,特定収入\n", ",leaf,,,,\n"],
      manifest: (m) => ({ ...m, tax: { ...(m.tax as object), class: "不課税" } }),
    });
    const issues = issuesOf(dir);
    expect(issues.map(where)).toEqual([["tax.unset", "layout.csv", "tax"]]);
    expect(issues[0]?.message.ja).toContain("経営基盤強化補助金");
    expect(issues[0]?.message.ja).toContain("既定の区分 tax.class では決めません");
    expect(issues[0]?.message.en).toContain("does not decide whether a receipt is 特定収入");
  });

  it.each([
    ["rev-total + cin-total + rev-subsidies-base", "counts 2 times 「経営基盤強化補助金」"],
    ["rev-subsidies-base - rev-total + cin-total", "subtracts 「水道料金」"],
    ["rev-total - rev-total", "reaches no leaf"],
    ["rev-total + cin-total + households", "a quantity (戸)"],
  ])("tax.rules: receipts %s are refused at book.json's field, not summed", (receipts, words) => {
    const issues = issuesOf(withSpecified({ receipts, threshold: "5%" }));
    expect(issues.map(where)).toEqual([["tax.rules", "book.json", "tax.specified.receipts"]]);
    expect(issues[0]?.message.en).toContain(words);
  });

  it("tax.rules: the rule in a book with segments is refused, not guessed", () => {
    const dir = copyWith({
      manifest: (m) => ({ ...m, segments: [{ id: "a", name: "上水道" }] }),
    });
    const codes = issuesOf(dir).map(where);
    expect(codes).toContainEqual(["tax.rules", "book.json", "tax.specified"]);
  });
});
