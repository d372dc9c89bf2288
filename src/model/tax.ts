/**
 * The consumption-tax model (消費税及び地方消費税): each leaf's 課税区分 (課税, 非課税, 不課税,
 * 特定収入) and rate, the book's rules (book.json `tax`), and the one rate rule that takes the
 * tax out of a 税込 amount, rounded per line to whole units of the book's unit. A `tax` line of
 * the layout sums this rule over the leaves its formula reaches (derive/derive.ts).
 */
import { Decimal, type RoundingRule, roundWhole } from "./money.ts";
import type { CellSource } from "./provenance.ts";
import type { Text } from "./text.ts";

/** The 課税区分 of a 予算科目, by the ids book files may also use. */
const TAX_CLASSES = ["taxable", "exempt", "non-taxable", "specified"] as const;
export type TaxClass = (typeof TAX_CLASSES)[number];

/** What public-sector documents call each 課税区分 (the words a book writes in its `tax` column). */
export const TAX_CLASS_LABELS: Readonly<Record<TaxClass, string>> = {
  taxable: "課税",
  exempt: "非課税",
  "non-taxable": "不課税",
  specified: "特定収入",
};

/** A 課税区分 as written (課税 or taxable …), or undefined for anything else. */
export function taxClassOf(text: string): TaxClass | undefined {
  const t = text.trim();
  for (const c of TAX_CLASSES) if (t === c || t === TAX_CLASS_LABELS[c]) return c;
  return undefined;
}

/** The four 課税区分 as a list in words: 課税（taxable）、非課税（exempt）… and 課税 (taxable), … */
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
  /** Where book.json declares them. */
  readonly source: CellSource;
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
