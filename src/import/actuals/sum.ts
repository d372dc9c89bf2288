/**
 * Exact running sums for the rows of an export: plain integers of up to 15 digits (every 円
 * amount an accounting system writes) are added as JavaScript integers and moved into a BigInt
 * before they could leave the exact range, as the budget reader does; any other amount is
 * parsed into a Decimal. Never a float.
 */
import { parseAmount } from "../../model/amount-text.ts";
import { Decimal } from "../../model/money.ts";

const PLAIN_INTEGER = /^-?\d{1,15}$/;
const FLUSH_AT = 2 ** 52;
/** Texts an export writes for "no amount" in a figure cell. */
const NIL = new Set(["", "-", "－", "―", "—", "‐", "ー", "–", "−"]);

export class ExactSum {
  private small = 0;
  private big = 0n;
  private decimal: Decimal | null = null;

  /** Add an amount cell; returns why it is not an amount, or null (a blank or dash adds 0). */
  addText(text: string): string | null {
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

  addInteger(n: number): void {
    this.small += n;
    if (this.small > FLUSH_AT || this.small < -FLUSH_AT) {
      this.big += BigInt(this.small);
      this.small = 0;
    }
  }

  addDecimal(d: Decimal): void {
    this.decimal = this.decimal === null ? d : this.decimal.plus(d);
  }

  value(): Decimal {
    const integer = new Decimal((this.big + BigInt(this.small)).toString());
    return this.decimal === null ? integer : integer.plus(this.decimal);
  }
}
