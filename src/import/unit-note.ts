/**
 * The unit a note states: 単位：千円, 単位:千円, 単位 千円, （単位：百万円）, 【単位＝円】, 金額(単位:億円).
 * One reader for both imports — a spreadsheet table's title or header (recognise.ts) and the
 * title rows above an accounting export's header (actuals/header.ts).
 */
import { isUnit, type Unit } from "../model/money.ts";

/**
 * After NFKC (full-width ： （ ） folded) and with white space removed (a half- or full-width
 * space between 単位 and the unit): 単位, then a colon, an equals sign or an opening bracket,
 * or nothing, then the unit. The note may stand anywhere in the text and inside brackets.
 */
const NOTE = /単位[:=]?[([【「<]?(億円|百万円|千円|円)/;

/** The unit a note such as 「(単位：百万円)」 or 「単位 千円」 states, or null when the text states none. */
export function unitNote(text: string): Unit | null {
  const m = NOTE.exec(text.normalize("NFKC").replace(/\s+/g, ""));
  const unit = m?.[1] ?? "";
  return isUnit(unit) ? unit : null;
}
