/**
 * Reading amounts as Japanese finance staff write them: `△1,234`, `▲1,234`, `-1,234`,
 * `(1,234)`, full-width digits and commas `１，２３４`, surrounding spaces, an optional
 * decimal part. Never `parseFloat`: the text becomes an exact Decimal or an explanation.
 */
import { Decimal } from "./money.ts";

export type ParsedAmount = { ok: true; value: Decimal } | { ok: false; reason: string };

/** What an amount cell may look like, for error messages. */
export const AMOUNT_EXPECTATION =
  "expected digits with optional thousands separators and a sign (△, ▲, - or parentheses)";

const FULL_WIDTH: Record<string, string> = {
  "０": "0",
  "１": "1",
  "２": "2",
  "３": "3",
  "４": "4",
  "５": "5",
  "６": "6",
  "７": "7",
  "８": "8",
  "９": "9",
  "，": ",",
  "．": ".",
  "－": "-",
  "−": "-",
  "（": "(",
  "）": ")",
  "＋": "+",
};

/** Replace full-width digits and punctuation by their ASCII forms. */
export function toHalfWidth(text: string): string {
  return text.replace(/[０-９，．－−（）＋]/g, (c) => FULL_WIDTH[c] ?? c);
}

/**
 * Limits that keep every sum exact within the money module's 40 significant digits (a budget
 * in 円 of 10^18 is already a thousand times any government's): more digits is a typo.
 */
export const MAX_WHOLE_DIGITS = 18;
export const MAX_FRACTION_DIGITS = 6;

const PATTERN = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/** Parse one amount cell. Empty text is not an amount: the caller decides what blank means. */
export function parseAmount(raw: string): ParsedAmount {
  let text = toHalfWidth(raw).replace(/[\s\u3000]+/g, "");
  if (text === "") return { ok: false, reason: "the cell is empty" };
  let negative = false;
  if (text.startsWith("△") || text.startsWith("▲")) {
    negative = true;
    text = text.slice(1);
  } else if (text.startsWith("(") && text.endsWith(")")) {
    negative = true;
    text = text.slice(1, -1);
  }
  const m = PATTERN.exec(text);
  if (!m) return { ok: false, reason: `「${raw}」 is not an amount` };
  if (negative && m[1] !== "") return { ok: false, reason: `「${raw}」 has two signs` };
  const whole = m[2]?.replaceAll(",", "") ?? "";
  if (
    whole.replace(/^0+/, "").length > MAX_WHOLE_DIGITS ||
    (m[3]?.length ?? 0) > MAX_FRACTION_DIGITS
  ) {
    return {
      ok: false,
      reason: `「${raw}」 is too long an amount (at most ${MAX_WHOLE_DIGITS} digits before the decimal point and ${MAX_FRACTION_DIGITS} after)`,
    };
  }
  const digits = `${whole}${m[3] ? `.${m[3]}` : ""}`;
  let value = new Decimal(digits);
  if (negative || m[1] === "-") value = value.negated();
  if (value.isZero()) value = new Decimal(0);
  return { ok: true, value };
}
