/**
 * An exact running sum of amounts as readers meet them, never a float: plain integers (every
 * amount most files write) are added as JavaScript integers and moved into a BigInt before
 * they could leave the range a double holds exactly; any other amount is a Decimal. The budget
 * reader keeps one per (line, segment), the actuals import one per (account, 部門).
 */
import { Decimal } from "../model/money.ts";

/** |sum| past which the integer part moves into the BigInt (2^52: the next add stays exact). */
const FLUSH_AT = 2 ** 52;

export class ExactSum {
  private small = 0;
  private big = 0n;
  private decimal: Decimal | null = null;

  /** Add a safe integer of at most 15 digits (so |small| stays under 2^53 after one add). */
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
