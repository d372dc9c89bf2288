/**
 * Exact running sums for the rows of an export: plain integers of up to 15 digits (every 円
 * amount an accounting system writes) are added as integers, any other amount parsed into a
 * Decimal, by the sum the budget reader keeps too (read/exact-sum.ts). Never a float.
 */
import { parseAmount } from "../../model/amount-text.ts";
import type { Text } from "../../model/text.ts";
import { ExactSum as SharedSum } from "../../read/exact-sum.ts";

const PLAIN_INTEGER = /^-?\d{1,15}$/;
/** Texts an export writes for "no amount" in a figure cell. */
const NIL = new Set(["", "-", "－", "―", "—", "‐", "ー", "–", "−"]);

/** An export's exact sum: the shared one (read/exact-sum.ts), fed from a cell's text. */
export class ExactSum extends SharedSum {
  /** Add an amount cell; returns why it is not an amount, or null (a blank or dash adds 0). */
  addText(text: string): Text | null {
    if (PLAIN_INTEGER.test(text)) {
      this.addInteger(Number(text));
      return null;
    }
    if (NIL.has(text)) return null;
    const parsed = parseAmount(text);
    if (!parsed.ok) return parsed.reason;
    this.addDecimal(parsed.value);
    return null;
  }
}
