/**
 * Reading amounts as Japanese finance staff write them: `△1,234`, `▲1,234`, `-1,234`,
 * `(1,234)`, full-width digits and commas `１，２３４`, surrounding spaces, an optional
 * decimal part. Never `parseFloat`: the text becomes an exact Decimal or an explanation.
 */
import { Decimal } from "./money.ts";
import { say, type Text } from "./text.ts";

/** An exact amount, or why the text is not one (in both languages, a whole sentence each). */
type ParsedAmount = { ok: true; value: Decimal } | { ok: false; reason: Text };

/**
 * What an amount cell may look like, for error messages: in English a parenthesis after the
 * reason, in Japanese a sentence of its own (`withAmountExpectation` puts it in place).
 */
export const AMOUNT_EXPECTATION: Text = say(
  "数字で書いてください（桁区切りのカンマと、符号 △・▲・- または括弧を使えます）。",
  "expected digits with optional thousands separators and a sign (△, ▲, - or parentheses)",
);

/**
 * Why a cell is not an amount, followed by what an amount looks like:
 * `「12,3４5x」 is not an amount (expected digits …)` /
 * 「「12,3４5x」は金額ではありません。数字で書いてください（…）。」
 */
export function withAmountExpectation(reason: Text): Text {
  return say(`${reason.ja}${AMOUNT_EXPECTATION.ja}`, `${reason.en} (${AMOUNT_EXPECTATION.en})`);
}

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
 * At most 15 significant digits, as a spreadsheet cell keeps (Excel, LibreOffice): every
 * amount of a book must reach its workbook exactly (10^15 円 is ten times a national budget;
 * more digits is a typo). At most 6 decimal places.
 */
const MAX_SIGNIFICANT_DIGITS = 15;
const MAX_FRACTION_DIGITS = 6;

/** Amounts whose magnitude reaches this do not fit a spreadsheet cell exactly. */
export const CELL_LIMIT = new Decimal(10).pow(MAX_SIGNIFICANT_DIGITS);

const PATTERN = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/** A cell's text as a message quotes it: at most 40 characters. */
function clipped(raw: string): string {
  return raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
}

/** Parse one amount cell. Empty text is not an amount: the caller decides what blank means. */
export function parseAmount(raw: string): ParsedAmount {
  let text = toHalfWidth(raw).replace(/[\s\u3000]+/g, "");
  if (text === "") return { ok: false, reason: say("セルが空欄です。", "the cell is empty") };
  let negative = false;
  if (text.startsWith("△") || text.startsWith("▲")) {
    negative = true;
    text = text.slice(1);
  } else if (text.startsWith("(") && text.endsWith(")")) {
    negative = true;
    text = text.slice(1, -1);
  }
  const m = PATTERN.exec(text);
  if (!m)
    return {
      ok: false,
      reason: say(
        `「${clipped(raw)}」は金額ではありません。`,
        `「${clipped(raw)}」 is not an amount`,
      ),
    };
  if (negative && m[1] !== "")
    return {
      ok: false,
      reason: say(`「${clipped(raw)}」に符号が2つあります。`, `「${clipped(raw)}」 has two signs`),
    };
  const whole = m[2]?.replaceAll(",", "") ?? "";
  const fraction = m[3] ?? "";
  const significant = `${whole}${fraction}`.replace(/^0+/, "").length;
  if (significant > MAX_SIGNIFICANT_DIGITS || fraction.length > MAX_FRACTION_DIGITS) {
    return {
      ok: false,
      reason: say(
        `「${clipped(raw)}」は、スプレッドシートのセルが保持できるより多くの桁があります（有効数字${MAX_SIGNIFICANT_DIGITS}桁、小数点以下${MAX_FRACTION_DIGITS}桁まで）。`,
        `「${clipped(raw)}」 has more digits than a spreadsheet cell keeps (at most ${MAX_SIGNIFICANT_DIGITS} significant digits, ${MAX_FRACTION_DIGITS} after the decimal point)`,
      ),
    };
  }
  const digits = `${whole}${m[3] ? `.${m[3]}` : ""}`;
  let value = new Decimal(digits);
  if (negative || m[1] === "-") value = value.negated();
  if (value.isZero()) value = new Decimal(0);
  return { ok: true, value };
}

/** What a printed table writes for "no figure": nothing, or a dash (－ ― — ‐ - ー). */
const NIL_MARKS = new Set(["", "－", "―", "—", "‐", "-", "−", "ー", "–"]);

/** Is `text` (a printed cell) no figure at all, as opposed to a figure of 0? */
export function isNil(text: string): boolean {
  return NIL_MARKS.has(text.replace(/[\s\u3000]+/g, ""));
}

/**
 * A count of rows, cells or findings with thousands separators (`12,345`), without ICU:
 * `toLocaleString` costs tens of microseconds a call, and sources name counts by the thousand.
 */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
