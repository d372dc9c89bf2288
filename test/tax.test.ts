/**
 * The consumption-tax model (model/tax.ts, a `tax` line of the layout): the rate rule as a
 * table of (expected, 税込, rate, rounding, rounds); the figures of test/fixtures/tax-basic (a
 * few 節 of each 課税区分, a tax line, a 税抜 line); `explain` of a tax line; each error the
 * tax columns and book.json's `tax` can raise; and properties over rates, roundings and
 * amounts: tax + 税抜 = 税込 exactly, the tax within a unit of the exact share, and +1,100 on
 * a 課税 10% 節 moving the tax by 100 and the 税抜 line by 1,000.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { derive } from "../src/derive/derive.ts";
import { childrenSum, explain, findLine } from "../src/derive/explain.ts";
import type { Book, BudgetEntry } from "../src/model/book.ts";
import type { InputIssue } from "../src/model/issues.ts";
import type { Model } from "../src/model/model.ts";
import { Decimal, Money, type RoundingRule } from "../src/model/money.ts";
import { rateOf, type TaxRounds, type TaxRules, taxClassOf, taxOf } from "../src/model/tax.ts";
import { loadBook } from "../src/read/load-book.ts";
import type { Manifest } from "../src/read/manifest.ts";
import { explainJson, renderExplainText } from "../src/render/explain-text.ts";
import { statementsJson } from "../src/render/statements-json.ts";
import { REPO, tempDir } from "./helpers/book.ts";

const FIXTURE = join(REPO, "test", "fixtures", "tax-basic");

function loaded(dir = FIXTURE): Book {
  const r = loadBook(dir);
  if (!r.ok)
    throw new Error(`${dir} does not load: ${r.issues.map((i) => i.message.en).join("; ")}`);
  return r.book;
}

function rulesOf(b: Book): TaxRules {
  if (b.tax === undefined) throw new Error("the book has no tax rules");
  return b.tax;
}

const book = loaded();
const model = derive(book);
const total = (m: Model, id: string) => m.figure(id, null).amount.toString();

describe("the rate rule (taxOf)", () => {
  const rows: [string, string, number, RoundingRule, TaxRounds][] = [
    ["100", "1100", 10, "truncate", "tax"],
    ["3030", "33333", 10, "truncate", "tax"],
    ["3030", "33333", 10, "half-up", "tax"],
    ["3031", "33333", 10, "ceiling", "tax"],
    ["3031", "33333", 10, "truncate", "exclusive"],
    ["3030", "33333", 10, "half-up", "exclusive"],
    ["3030", "33333", 10, "ceiling", "exclusive"],
    ["4", "55", 8, "truncate", "tax"],
    ["5", "55", 8, "ceiling", "tax"],
    ["100", "2110", 5, "truncate", "tax"],
    ["100", "2110", 5, "half-up", "tax"],
    ["6210", "83842", 8, "truncate", "tax"], // 養父市 H29: 建設改良費 × 8/108, 切り捨て
    ["6211", "83842", 8, "half-up", "tax"],
    ["0", "5", 10, "half-up", "tax"],
    ["1", "6", 10, "half-up", "tax"],
    ["-100", "-1100", 10, "truncate", "tax"],
    ["-3030", "-33333", 10, "truncate", "tax"],
    ["-3031", "-33333", 10, "ceiling", "tax"],
    ["0", "0", 10, "ceiling", "exclusive"],
  ];
  it.each(rows)(
    "%s = tax in %s at %s%% (%s, rounds %s)",
    (expected, gross, rate, rounding, rounds) => {
      expect(taxOf(new Decimal(gross), new Decimal(rate), { rounding, rounds }).toFixed()).toBe(
        expected,
      );
    },
  );

  it.each([
    ["課税", "taxable"],
    ["taxable", "taxable"],
    ["非課税", "exempt"],
    ["不課税", "non-taxable"],
    ["non-taxable", "non-taxable"],
    [" 特定収入 ", "specified"],
    ["課税対象", undefined],
    ["", undefined],
  ])("the 課税区分 「%s」 reads as %s", (text, expected) => {
    expect(taxClassOf(text)).toBe(expected);
  });

  it.each([
    ["10%", "10"],
    ["8％", "8"],
    [" 6.24 % ", "6.24"],
    ["10", undefined],
    ["ten%", undefined],
    ["-8%", undefined],
  ])("the rate 「%s」 reads as %s", (text, expected) => {
    expect(rateOf(text)?.toFixed()).toBe(expected);
  });
});

describe("tax-basic: a tax line and a 税抜 line", () => {
  it.each([
    ["income", "61000"],
    ["construction", "1172498"],
    // 委託料 3,030 + 工事請負費 100,000 + 新聞購読料 (8%) 4 + 経過措置 (5%) 100; 不課税, 非課税 and
    // 補償費 (the book's default, 不課税) add nothing.
    ["construction-tax", "103134"],
    ["construction-net", "1069364"],
    // A signed formula: the tax of 建設改良費 less that of 資本的収入 (売却代金 1,000; 補助金 is 特定収入).
    ["net-tax", "102134"],
  ])("%s = %s", (id, expected) => {
    expect(total(model, id)).toBe(expected);
  });

  it("reads each leaf's 課税区分 and rate, and the book's rules", () => {
    const line = (id: string) => book.lines.find((l) => l.id === id);
    expect(line("works")?.taxClass).toBe("taxable");
    expect(line("works")?.rate?.toFixed()).toBe("10");
    expect(line("newspapers")?.rate?.toFixed()).toBe("8");
    expect(line("allowances")?.taxClass).toBe("non-taxable");
    expect(line("compensation")?.taxClass).toBeUndefined();
    expect(line("construction-tax")?.kind).toBe("tax");
    expect(book.tax?.rate.toFixed()).toBe("10");
    expect(book.tax?.class).toBe("non-taxable");
    expect(book.tax?.rounding).toBe("truncate");
    expect(book.tax?.rounds).toBe("tax");
  });

  it("keeps each 課税 leaf's 税込 figure, rate and tax in the derivation", () => {
    const d = model.figure("construction-tax", null).derivation;
    if (d.kind !== "tax") throw new Error(`derivation ${d.kind}`);
    expect(
      d.parts.map((p) => [p.line, p.sign, p.gross.toString(), p.rate.toFixed(), p.tax.toString()]),
    ).toEqual([
      ["commissions", 1, "33333", "10", "3030"],
      ["works", 1, "1100000", "10", "100000"],
      ["newspapers", 1, "55", "8", "4"],
      ["old-contract", 1, "2110", "5", "100"],
    ]);
    const net = model.figure("net-tax", null).derivation;
    if (net.kind !== "tax") throw new Error(`derivation ${net.kind}`);
    expect(net.parts.filter((p) => p.sign < 0).map((p) => [p.line, p.tax.toString()])).toEqual([
      ["sales", "1000"],
    ]);
  });

  it("says in statements.json that the line is a tax line", () => {
    const json = statementsJson(model, [], "en");
    const lines = json.statements.flatMap((s) => s.lines);
    expect(lines.find((l) => l.id === "construction-tax")?.kind).toBe("tax");
    expect(lines.find((l) => l.id === "construction-net")?.kind).toBe("derived");
  });
});

describe("explain a tax line", () => {
  const found = findLine(model, "当年度分消費税及び地方消費税資本的収支調整額");
  if (!found.ok) throw new Error(found.message.en);
  const root = explain(model, found.line, null);

  it("is a tax node whose children are the 課税 leaves, adding up to it", () => {
    expect(root.kind).toBe("tax");
    expect(root.amount.toString()).toBe("103134");
    expect(root.children.map((c) => [c.ref.en, c.kind, c.amount.toString()])).toEqual([
      ["commissions", "taxed", "3030"],
      ["works", "taxed", "100000"],
      ["newspapers", "taxed", "4"],
      ["old-contract", "taxed", "100"],
    ]);
    expect(childrenSum(root)?.toString()).toBe("103134");
  });

  it("shows each leaf's 税込 figure, rate and rounded tax in both languages", () => {
    const ja = renderExplainText(root, undefined, "ja");
    const en = renderExplainText(root, undefined, "en");
    expect(ja).toContain(
      "当年度分消費税及び地方消費税資本的収支調整額 103,134 = 消費税（建設改良費計 の課税分）",
    );
    expect(ja).toContain("委託料 3,030（税込 33,333 × 10/110、切り捨て）");
    expect(ja).toContain("新聞購読料 4（税込 55 × 8/108、切り捨て）");
    expect(en).toContain("= tax in 建設改良費計 (its taxable lines)");
    expect(en).toContain("工事請負費（経過措置） 100 (tax-inclusive 2,110 × 5/105, truncate)");
    const json = explainJson(root, "en") as { children: Record<string, unknown>[] };
    expect(json.children[0]).toMatchObject({ gross: "33333", rate: "10%", amount: "3030" });
  });

  it("shows a reduction with its sign", () => {
    const found = findLine(model, "net-tax");
    if (!found.ok) throw new Error(found.message.en);
    const text = renderExplainText(explain(model, found.line, null), undefined, "ja");
    expect(text).toContain("└─ − 固定資産売却代金 1,000（税込 11,000 × 10/110、切り捨て）");
  });

  it("says how an exclusive rounding was taken", () => {
    const m = derive({ ...book, tax: { ...rulesOf(book), rounds: "exclusive" } });
    const found = findLine(m, "construction-tax");
    if (!found.ok) throw new Error(found.message.en);
    const text = renderExplainText(explain(m, found.line, null), undefined, "ja");
    // 33,333 × 100/110 = 30,302.7… → 30,302 (切り捨て): the tax is 3,031.
    expect(text).toContain(
      "委託料 3,031（税込 33,333 − 税抜 30,302（33,333 × 100/110、切り捨て））",
    );
  });
});

describe("a book with segments", () => {
  const dir = join(tempDir(), "book");
  cpSync(join(REPO, "test", "errors", "base"), dir, { recursive: true });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const manifest = JSON.parse(readFileSync(join(dir, "book.json"), "utf8"));
  writeFileSync(join(dir, "book.json"), JSON.stringify({ ...manifest, tax: { rate: "10%" } }));
  const layout = readFileSync(join(dir, "layout.csv"), "utf8")
    .replace(
      "statement,id,label,aliases,level,kind,formula,printed\n",
      "statement,id,label,aliases,level,kind,formula,printed,tax,rate\n",
    )
    .replace(
      "pl,expenses,経常費用,,0,leaf,,\n",
      "pl,expenses,経常費用,,0,leaf,,,課税,\npl,expenses-tax,経常費用に係る消費税,,1,tax,expenses,,,\n",
    );
  writeFileSync(join(dir, "layout.csv"), layout);
  // 経常費用: 一般勘定 700 (the base book's), 特別勘定 700, and 10 not allocated.
  writeFileSync(
    join(dir, "budget.csv"),
    `${readFileSync(join(dir, "budget.csv"), "utf8")}経常費用,特別勘定,700,\n経常費用,,10,\n`,
  );
  const m = derive(loaded(dir));

  it("rounds each segment's tax, and the 合計 is their sum and the unallocated amount's tax", () => {
    expect(m.figure("expenses", null).amount.toString()).toBe("1410");
    expect(m.figure("expenses-tax", "a").amount.toString()).toBe("63");
    expect(m.figure("expenses-tax", "b").amount.toString()).toBe("63");
    // Not 1,410 × 10/110 = 128.1… → 128: 63 + 63 + (10 × 10/110 → 0).
    expect(m.figure("expenses-tax", null).amount.toString()).toBe("126");
  });

  it("explains the 合計 by segment", () => {
    const found = findLine(m, "expenses-tax");
    if (!found.ok) throw new Error(found.message.en);
    const text = renderExplainText(explain(m, found.line, null), undefined, "ja");
    expect(text).toContain("├─ + 経常費用（一般勘定） 63（税込 700 × 10/110、切り捨て）");
    expect(text).toContain("└─ + 経常費用（勘定未配分） 0（税込 10 × 10/110、切り捨て）");
  });
});

describe("errors of the tax columns and rules", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** The fixture with its files changed; the issues of loading it. */
  function issuesOf(change: {
    layout?: (s: string) => string;
    manifest?: (m: Manifest) => unknown;
  }) {
    const dir = join(tempDir(), "book");
    dirs.push(dir);
    cpSync(FIXTURE, dir, { recursive: true });
    const layout = join(dir, "layout.csv");
    const manifest = join(dir, "book.json");
    if (change.layout) writeFileSync(layout, change.layout(readFileSync(layout, "utf8")));
    if (change.manifest)
      writeFileSync(
        manifest,
        JSON.stringify(change.manifest(JSON.parse(readFileSync(manifest, "utf8")))),
      );
    const r = loadBook(dir);
    if (r.ok) throw new Error("the changed book loaded");
    return r.issues;
  }
  const replace = (from: string, to: string) => (s: string) => {
    if (!s.includes(from)) throw new Error(`layout.csv has no ${from}`);
    return s.replace(from, to);
  };
  const where = (i: InputIssue) => {
    const s = i.source as { file: string; row: number; column?: string };
    return [i.code, s.file.split("/").pop(), s.row, s.column];
  };

  it("tax.class: a 課税区分 that is none of the four, at its cell, naming the four", () => {
    const issues = issuesOf({
      layout: replace(
        "commissions,委託料,,1,leaf,,,課税,",
        "commissions,委託料,,1,leaf,,,課税対象,",
      ),
    });
    expect(issues.map(where)).toEqual([["tax.class", "layout.csv", 10, "tax"]]);
    expect(issues[0]?.message.ja).toContain(
      "課税（taxable）、非課税（exempt）、不課税（non-taxable）、特定収入（specified）",
    );
  });

  it("tax.class: a 課税区分 on a line that is not a leaf", () => {
    const issues = issuesOf({
      layout: replace(
        "construction-heading,建設改良費,,0,heading,,,,",
        "construction-heading,建設改良費,,0,heading,,,課税,",
      ),
    });
    expect(issues.map(where)).toEqual([["tax.class", "layout.csv", 6, "tax"]]);
  });

  it("tax.class: book.json's default that is none of the four", () => {
    const issues = issuesOf({ manifest: (m) => ({ ...m, tax: { ...m.tax, class: "免税" } }) });
    expect(issues.map((i) => [i.code, (i.source as { column?: string }).column])).toEqual([
      ["tax.class", "tax.class"],
    ]);
  });

  it.each([
    [
      "a rate of 100% or more",
      replace("works,工事請負費,,1,leaf,,,taxable,10%", "works,工事請負費,,1,leaf,,,taxable,110%"),
      11,
    ],
    [
      "a rate without %",
      replace("works,工事請負費,,1,leaf,,,taxable,10%", "works,工事請負費,,1,leaf,,,taxable,10"),
      11,
    ],
    [
      "a rate on a 非課税 line",
      replace("welfare,法定福利費,,1,leaf,,,非課税,", "welfare,法定福利費,,1,leaf,,,非課税,8%"),
      9,
    ],
    [
      "a rate on a line of the default 不課税",
      replace("compensation,補償費,,1,leaf,,,,", "compensation,補償費,,1,leaf,,,,10%"),
      12,
    ],
  ])("tax.rate: %s", (_what, layout, row) => {
    expect(issuesOf({ layout }).map(where)).toEqual([["tax.rate", "layout.csv", row, "rate"]]);
  });

  it("tax.rate: book.json's rate of 0%", () => {
    const issues = issuesOf({ manifest: (m) => ({ ...m, tax: { ...m.tax, rate: "0%" } }) });
    expect(issues.map((i) => [i.code, (i.source as { column?: string }).column])).toEqual([
      ["tax.rate", "tax.rate"],
    ]);
  });

  it("tax.unset: a leaf without a 課税区分 and no default, once, naming the tax line's row", () => {
    const issues = issuesOf({
      manifest: (m) => ({ ...m, tax: { rate: "10%", rounding: "truncate", rounds: "tax" } }),
    });
    // 補償費 is reached by construction-tax (row 16) and net-tax: said once.
    expect(issues.map(where)).toEqual([["tax.unset", "layout.csv", 12, "tax"]]);
    expect(issues[0]?.message.en).toContain("(row 16)");
    expect(issues[0]?.message.ja).toContain("（16 行目）");
  });

  it("tax.unset: a tax line reaching another tax line", () => {
    const issues = issuesOf({
      layout: (s) => `${s}capital,tax-of-tax,消費税の消費税,,0,tax,construction-tax,,,\n`,
    });
    expect(issues.map(where)).toEqual([["tax.unset", "layout.csv", 19, "formula"]]);
  });

  it("layout.cycle: a tax line reaching a cycle of formulas is told the cycle, not a stack overflow", () => {
    const issues = issuesOf({
      layout: (s) =>
        `${s}capital,cyc-a,循環A,,0,derived,cyc-b + works,,,\ncapital,cyc-b,循環B,,0,derived,cyc-a,,,\ncapital,cyc-tax,循環の消費税,,0,tax,cyc-a,,,\n`,
    });
    expect(issues.map((i) => i.code)).toContain("layout.cycle");
  });

  it("tax.rules: every tax line of a book.json without `tax`", () => {
    const issues = issuesOf({
      manifest: (m) => {
        const { tax: _, ...rest } = m;
        return rest;
      },
    });
    expect(issues.map(where)).toEqual([
      ["tax.rules", "layout.csv", 16, "kind"],
      ["tax.rules", "layout.csv", 18, "kind"],
    ]);
  });

  it("layout.kind: a tax line without a formula", () => {
    const issues = issuesOf({
      layout: replace(",0,tax,construction,", ",0,tax,,"),
    });
    // The line is not read, so net-tax's formula no longer finds it (as for a derived line).
    expect(issues.map(where)).toEqual([
      ["layout.kind", "layout.csv", 16, "formula"],
      ["layout.unknown-reference", "layout.csv", 17, "formula"],
    ]);
    expect(issues[0]?.message.en).toBe(
      "tax line 「construction-tax」 has no formula: name the lines whose tax it is (e.g. construction)",
    );
  });
});

describe("properties", () => {
  const RATES = [5, 8, 10] as const;
  const ROUNDINGS: readonly RoundingRule[] = ["truncate", "half-up", "ceiling"];
  const ROUNDS: readonly TaxRounds[] = ["tax", "exclusive"];
  const nonNegative = fc.bigInt({ min: 0n, max: 10n ** 12n });
  const rules = rulesOf(book);

  /** The fixture's leaves at the given amounts (in 千円), rates and rules. */
  function withAmounts(
    amounts: ReadonlyMap<string, bigint>,
    rates: ReadonlyMap<string, number>,
    rounding: RoundingRule,
    rounds: TaxRounds,
  ): Book {
    const entries: BudgetEntry[] = book.entries.map((e) => {
      const a = amounts.get(e.line);
      return a === undefined ? e : { ...e, amount: Money.of(a, book.unit) };
    });
    const lines = book.lines.map((l) => {
      const r = rates.get(l.id);
      return r === undefined ? l : { ...l, rate: new Decimal(r) };
    });
    return { ...book, lines, entries, tax: { ...rules, rounding, rounds } };
  }
  const taxable = ["commissions", "works", "newspapers", "old-contract"] as const;
  const arbitraryBook = fc.record({
    amounts: fc.tuple(...taxable.map(() => nonNegative)),
    rates: fc.tuple(...taxable.map(() => fc.constantFrom(...RATES))),
    rounding: fc.constantFrom(...ROUNDINGS),
    rounds: fc.constantFrom(...ROUNDS),
  });

  it("each line: tax + 税抜 = 税込 exactly, 0 ≤ tax ≤ g × r/(100+r) + 1, and a reduction mirrors an increase", () => {
    fc.assert(
      fc.property(
        nonNegative,
        fc.constantFrom(...RATES),
        fc.constantFrom(...ROUNDINGS),
        fc.constantFrom(...ROUNDS),
        (g, r, rounding, rounds) => {
          const gross = new Decimal(g.toString());
          const rate = new Decimal(r);
          const tax = taxOf(gross, rate, { rounding, rounds });
          const exact = gross.times(rate).dividedBy(rate.plus(100));
          expect(tax.isInteger()).toBe(true);
          // The rounded figure, computed here independently with decimal.js's own rounding
          // modes (g ≥ 0): the tax itself, or the 税抜 amount whose rest is the tax.
          const mode = {
            truncate: Decimal.ROUND_DOWN,
            "half-up": Decimal.ROUND_HALF_UP,
            ceiling: Decimal.ROUND_UP,
          }[rounding];
          if (rounds === "tax") expect(tax.equals(exact.toDecimalPlaces(0, mode))).toBe(true);
          else {
            const net = gross.times(100).dividedBy(rate.plus(100)).toDecimalPlaces(0, mode);
            expect(gross.minus(tax).equals(net)).toBe(true);
          }
          expect(tax.greaterThanOrEqualTo(0)).toBe(true);
          expect(tax.lessThanOrEqualTo(exact.plus(1))).toBe(true);
          expect(tax.minus(exact).abs().lessThan(1)).toBe(true);
          expect(taxOf(gross.negated(), rate, { rounding, rounds }).equals(tax.negated())).toBe(
            true,
          );
        },
      ),
    );
  });

  it("the model: the tax line + the 税抜 line = the 税込 line, the tax within a unit per 課税 leaf", () => {
    fc.assert(
      fc.property(arbitraryBook, ({ amounts, rates, rounding, rounds }) => {
        const m = derive(
          withAmounts(
            new Map(taxable.map((id, i) => [id, amounts[i] as bigint])),
            new Map(taxable.map((id, i) => [id, rates[i] as number])),
            rounding,
            rounds,
          ),
        );
        const gross = new Decimal(total(m, "construction"));
        const tax = new Decimal(total(m, "construction-tax"));
        const net = new Decimal(total(m, "construction-net"));
        expect(tax.plus(net).equals(gross)).toBe(true);
        const exact = taxable.reduce((sum, _id, i) => {
          const r = new Decimal(rates[i] as number);
          return sum.plus(
            new Decimal((amounts[i] as bigint).toString()).times(r).dividedBy(r.plus(100)),
          );
        }, new Decimal(0));
        expect(tax.minus(exact).abs().lessThan(taxable.length)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("+1,100 (税込) on a 課税 10% 節 moves the tax line by 100 and the 税抜 line by 1,000", () => {
    fc.assert(
      fc.property(arbitraryBook, ({ amounts, rates, rounding, rounds }) => {
        const at = (add: bigint) =>
          derive(
            withAmounts(
              new Map(
                taxable.map((id, i) => [id, (amounts[i] as bigint) + (id === "works" ? add : 0n)]),
              ),
              new Map(taxable.map((id, i) => [id, id === "works" ? 10 : (rates[i] as number)])),
              rounding,
              rounds,
            ),
          );
        const before = at(0n);
        const after = at(1100n);
        const moved = (id: string) =>
          new Decimal(total(after, id)).minus(total(before, id)).toFixed();
        expect(moved("construction")).toBe("1100");
        expect(moved("construction-tax")).toBe("100");
        expect(moved("construction-net")).toBe("1000");
        expect(moved("net-tax")).toBe("100");
      }),
      { numRuns: 200 },
    );
  });
});
