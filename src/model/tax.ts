/**
 * The consumption-tax model (消費税及び地方消費税): each leaf's 課税区分 (課税, 非課税, 不課税,
 * 特定収入 and 特定収入 used only for 課税仕入れ等) and rate, the book's rules (book.json
 * `tax`), the rate rule that takes the tax out of a 税込 amount, rounded per line to whole units
 * of the book's unit, and the 特定収入 rule (消費税法 第60条第4項): the part of the 課税仕入れ等
 * の税額 that may not be deducted when 特定収入 are not 僅少. A `tax` line of the layout sums the
 * rate rule over the leaves its formula reaches, a `non-deductible` line applies the 特定収入
 * rule (derive/derive.ts).
 */

import type { Formula } from "./formula.ts";
import { Decimal, type RoundingRule, roundWhole } from "./money.ts";
import type { CellSource } from "./provenance.ts";
import type { Text } from "./text.ts";

/** The 課税区分 of a 予算科目, by the ids book files may also use. */
const TAX_CLASSES = [
  "taxable",
  "exempt",
  "non-taxable",
  "specified",
  "specified-purchases",
] as const;
export type TaxClass = (typeof TAX_CLASSES)[number];

/** What public-sector documents call each 課税区分 (the words a book writes in its `tax` column). */
export const TAX_CLASS_LABELS: Readonly<Record<TaxClass, string>> = {
  taxable: "課税",
  exempt: "非課税",
  "non-taxable": "不課税",
  specified: "特定収入",
  "specified-purchases": "特定収入（課税仕入れ等）",
};

/** A 課税区分 as written (課税 or taxable …), or undefined for anything else. */
export function taxClassOf(text: string): TaxClass | undefined {
  const t = text.trim();
  for (const c of TAX_CLASSES) if (t === c || t === TAX_CLASS_LABELS[c]) return c;
  return undefined;
}

/** The 課税区分 as a list in words: 課税（taxable）、非課税（exempt）… and 課税 (taxable), … */
export function taxClassList(): Text {
  return {
    ja: TAX_CLASSES.map((c) => `${TAX_CLASS_LABELS[c]}（${c}）`).join("、"),
    en: TAX_CLASSES.map((c) => `${TAX_CLASS_LABELS[c]} (${c})`).join(", "),
  };
}

/** Which figure is rounded per line: the tax (税抜 = 税込 − tax) or the 税抜 amount (tax = 税込 − 税抜). */
export type TaxRounds = "tax" | "exclusive";

/** The book's consumption-tax rules (book.json `tax`). */
export interface TaxRules {
  /** The rate of a 課税 leaf without its own, in percent (10 for 10%). */
  readonly rate: Decimal;
  /** The 課税区分 of a leaf without its own; null when every leaf a tax line reaches must say. */
  readonly class: TaxClass | null;
  /** The budget's amounts include the tax (税込): the only basis for now. */
  readonly basis: "inclusive";
  /** How each line's tax (or 税抜 amount) is rounded to whole units of the book's unit. */
  readonly rounding: RoundingRule;
  readonly rounds: TaxRounds;
  /** The 特定収入 rule (book.json `tax.specified`); absent where the book states none. */
  readonly specified?: SpecifiedRule;
  /** Where book.json declares them. */
  readonly source: CellSource;
}

/**
 * The 特定収入 rule as the book states it (book.json `tax.specified`): the lines holding every
 * receipt of the year (収益的収入 and 資本的収入, 税込), whose leaves' 課税区分 sort them into
 * 資産の譲渡等の対価 (課税 税抜, 非課税) and 特定収入, and the 特定収入割合 above which the
 * rule applies (5%: 消費税法 第60条第4項 and 施行令 第75条; the book states it).
 */
export interface SpecifiedRule {
  readonly receipts: Formula;
  /** In percent (5 for 5%). */
  readonly threshold: Decimal;
  readonly source: CellSource;
}

/** The receipts of the year sorted by 課税区分, in the book's unit (税抜 for 課税). */
export interface Receipts {
  /** 資産の譲渡等の対価の額: 課税 receipts 税抜 and 非課税 receipts. */
  readonly sales: Decimal;
  /** 課税仕入れ等にのみ使途が特定された特定収入. */
  readonly forPurchases: Decimal;
  /** 使途不特定の特定収入. */
  readonly unspecified: Decimal;
}

/** What the 特定収入 rule makes of a year's receipts and its 課税仕入れ等の税額. */
export interface NonDeductible {
  /** 特定収入割合 = 特定収入 / (資産の譲渡等の対価 + 特定収入); 0 without receipts. */
  readonly ratio: Decimal;
  /** Whether the ratio is above the threshold (the rule applies). */
  readonly applies: boolean;
  /** 課税仕入れ等にのみ使途が特定された特定収入 × r/(100+r), rounded. */
  readonly direct: Decimal;
  /** 調整割合 = 使途不特定の特定収入 / (資産の譲渡等の対価 + 使途不特定の特定収入). */
  readonly adjustment: Decimal;
  /** (課税仕入れ等の税額 − direct) × 調整割合, rounded. */
  readonly adjusted: Decimal;
  /** 特定収入に係る課税仕入れ等の税額 = direct + adjusted: the 控除対象外消費税. */
  readonly amount: Decimal;
}

/**
 * A 特定収入割合 as a percentage to show beside its threshold: two decimals, cut (never shown as
 * more than it is), and more where two would make a ratio above the threshold look equal to it
 * (5.0004% is 5.0004%, not 5.00%).
 */
export function ratioPercent(ratio: Decimal, threshold: Decimal): string {
  const percent = ratio.times(100);
  let places = 2;
  while (
    places < 10 &&
    percent.greaterThan(threshold) &&
    !percent.toDecimalPlaces(places, Decimal.ROUND_DOWN).greaterThan(threshold)
  )
    places++;
  return `${percent.toDecimalPlaces(places, Decimal.ROUND_DOWN).toFixed(places)}%`;
}

/**
 * The 特定収入に係る課税仕入れ等の税額 (消費税法 第60条第4項, as 国税庁's 計算表 lays it out
 * for 一般課税 with every 課税仕入れ deductible): nothing while the 特定収入割合 is at or below the
 * threshold; above it, the tax in the 特定収入 used only for 課税仕入れ等 plus the rest of the
 * 課税仕入れ等の税額 in the proportion of the 使途不特定 特定収入 (調整割合), each rounded by the
 * book's rule. `purchasesTax` is the 課税仕入れ等の税額 before the rule; the rate is the book's,
 * 国税 and 地方消費税 together, as every tax figure of the book is.
 */
export function nonDeductibleOf(
  receipts: Receipts,
  purchasesTax: Decimal,
  rate: Decimal,
  rule: { readonly threshold: Decimal; readonly rounding: RoundingRule },
): NonDeductible {
  const specified = receipts.forPurchases.plus(receipts.unspecified);
  const whole = receipts.sales.plus(specified);
  const ratio = whole.isZero() ? new Decimal(0) : specified.dividedBy(whole);
  // Compared without dividing: 特定収入 × 100 > threshold × (対価 + 特定収入).
  const applies = !whole.isZero() && specified.times(100).greaterThan(rule.threshold.times(whole));
  const unspecifiedBase = receipts.sales.plus(receipts.unspecified);
  const adjustment = unspecifiedBase.isZero()
    ? new Decimal(0)
    : receipts.unspecified.dividedBy(unspecifiedBase);
  if (!applies) {
    const zero = new Decimal(0);
    return { ratio, applies, direct: zero, adjustment, adjusted: zero, amount: zero };
  }
  const direct = roundWhole(
    receipts.forPurchases.times(rate).dividedBy(rate.plus(100)),
    rule.rounding,
  );
  // Multiplied before it is divided, so a share that comes out whole is not cut a unit short.
  const adjusted = unspecifiedBase.isZero()
    ? new Decimal(0)
    : roundWhole(
        purchasesTax.minus(direct).times(receipts.unspecified).dividedBy(unspecifiedBase),
        rule.rounding,
      );
  return { ratio, applies, direct, adjustment, adjusted, amount: direct.plus(adjusted) };
}

/** `10%` → 10: a percentage as written (digits, an optional fraction, `%` or `％`); else undefined. */
export function rateOf(text: string): Decimal | undefined {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*[%％]\s*$/.exec(text);
  return m?.[1] === undefined ? undefined : new Decimal(m[1]);
}

/** Whether a rate is one a tax can have: above 0 and below 100 percent. */
export function rateInRange(rate: Decimal): boolean {
  return rate.greaterThan(0) && rate.lessThan(100);
}

/** `10%`: a rate as a book writes it. */
export function rateText(rate: Decimal): string {
  return `${rate.toFixed()}%`;
}

/**
 * The tax inside a 税込 amount at `rate` percent, in the amount's unit, rounded per the rules:
 * `rounds: "tax"` rounds g × r / (100 + r); `rounds: "exclusive"` rounds the 税抜 amount
 * g × 100 / (100 + r) and the tax is what remains. Either way tax + 税抜 = g exactly. The
 * rounding is symmetric about zero, so a reduction's tax is the negation of the increase's.
 */
export function taxOf(
  gross: Decimal,
  rate: Decimal,
  rules: { readonly rounding: RoundingRule; readonly rounds: TaxRounds },
): Decimal {
  const base = rate.plus(100);
  if (rules.rounds === "tax") return roundWhole(gross.times(rate).dividedBy(base), rules.rounding);
  return gross.minus(roundWhole(gross.times(100).dividedBy(base), rules.rounding));
}
