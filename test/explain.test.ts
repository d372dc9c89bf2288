/**
 * `explain`: the derivation tree of 当期末現金及び預金 down to ledger rows. Its leaves, taken
 * through the printed operators, sum to the figure; every leaf names its source row.
 */
import { describe, expect, it } from "vitest";
import { derive } from "../src/derive/derive.ts";
import { childrenSum, type ExplainNode, explain, findLine } from "../src/derive/explain.ts";
import { Money } from "../src/model/money.ts";
import { moneyOf } from "../src/model/quantity.ts";
import { loadBook } from "../src/read/load-book.ts";
import { renderExplainText } from "../src/render/explain-text.ts";
import { FY29 } from "./helpers/book.ts";

const loaded = loadBook(FY29);
if (!loaded.ok) throw new Error("FY29 does not load");
const model = derive(loaded.book);

/** Sum of the cell leaves through the signs on the path from the root. */
function leafSum(n: ExplainNode, sign = 1): { sum: Money; leaves: ExplainNode[] } {
  if (n.children.length === 0)
    return { sum: moneyOf(n.amount).times(sign as 1 | -1), leaves: n.kind === "cell" ? [n] : [] };
  let sum = Money.zero(moneyOf(n.amount).unit);
  const leaves: ExplainNode[] = [];
  for (const c of n.children) {
    const r = leafSum(c, sign * c.sign);
    sum = sum.plus(r.sum);
    leaves.push(...r.leaves);
  }
  return { sum, leaves };
}

describe("explain 当期末現金及び預金", () => {
  const found = findLine(model, "当期末現金及び預金");
  if (!found.ok) throw new Error(found.message.en);

  it.each([
    [null, "21616961"],
    ["lgwan", "1762711"],
    ["mynumber-card", "7062318"],
  ])("column %s: the leaves sum through the operators to the figure", (segment, expected) => {
    const tree = explain(model, found.line, segment);
    expect(tree.amount.toString()).toBe(expected);
    // The book's words are its own in either language.
    expect(tree.label).toEqual({ ja: "当期末現金及び預金", en: "当期末現金及び預金" });
    const { sum, leaves } = leafSum(tree);
    expect(sum.toString()).toBe(expected);
    expect(leaves.length).toBeGreaterThan(10);
    expect(leaves.every((l) => /\.csv:\d+:\w+$/.test(l.source ?? ""))).toBe(true);
    // Every formula node equals the signed sum of its children.
    const walk = (n: ExplainNode): void => {
      const s = childrenSum(n);
      if (s && n.kind !== "cell") expect(s.toString(), n.label.en).toBe(n.amount.toString());
      n.children.forEach(walk);
    };
    walk(tree);
  });

  it("prints the document's arithmetic with its operators", () => {
    const text = renderExplainText(explain(model, found.line, null), undefined, "en");
    const lines = text.split("\n");
    expect(lines[0]).toBe("当期末現金及び預金 21,616,961 = 前期末現金及び預金 + 資金収支差額");
    expect(text).toContain("+ 資金収支差額 △15,232,073 = 資金収入合計 − 資金支出合計");
    expect(text).toContain("+ 資金収入合計 40,021,634 = ");
    expect(text).toContain("− 資金支出合計 55,253,707 = ");
    expect(text).toContain("事業費（予定損益計算書）");
    expect(text).toMatch(/jlis-h29\/budget\.csv:\d+:amount {2}一般事業/);
    expect(text).toMatch(/advances\.csv:\d+:planned/);
  });

  it("limits the depth when asked", () => {
    const text = renderExplainText(explain(model, found.line, null), 1, "en");
    expect(text.split("\n").length).toBeLessThan(8);
    expect(text).toContain("…");
  });
});

describe("findLine", () => {
  it("finds by id, by label ignoring spaces, and by alias", () => {
    const byId = findLine(model, "cf-closing-cash");
    const bySpaced = findLine(model, "当期末 現金及び預金");
    const byAlias = findLine(model, "未払法人税等");
    expect(byId.ok && byId.line.id).toBe("cf-closing-cash");
    expect(bySpaced.ok && bySpaced.line.id).toBe("cf-closing-cash");
    expect(byAlias.ok && byAlias.line.id).toBe("income-taxes-payable");
  });

  it("names the candidates of an ambiguous label and suggests the nearest for an unknown one", () => {
    const amb = findLine(model, "事業費");
    expect(amb.ok).toBe(false);
    if (!amb.ok) {
      expect(amb.message.en).toMatch(
        /project-expenses \(profit-and-loss\), cf-project-expenses \(cash-plan\)/,
      );
      // The same candidates in Japanese, and what to give instead.
      expect(amb.message.ja).toBe(
        "「事業費」に当たる科目が 2 件あります（project-expenses（profit-and-loss）、cf-project-expenses（cash-plan））。id か --statement で指定してください。",
      );
    }
    const scoped = findLine(model, "事業費", "cash-plan");
    expect(scoped.ok && scoped.line.id).toBe("cf-project-expenses");
    const unknown = findLine(model, "当期末現金");
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) {
      expect(unknown.message.en).toMatch(/nearest: /);
      expect(unknown.message.ja).toMatch(/^科目「当期末現金」はありません（近いもの：.+）。$/);
    }
  });
});
