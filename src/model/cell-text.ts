/**
 * Text in a delimited file a spreadsheet may open: a cell that begins as a formula would
 * (OWASP CSV injection: = + - @, a tab, a carriage return or a line feed, and the full-width
 * forms of the first four) is written with a leading apostrophe, as Excel itself marks text;
 * a plain number such as -123 stays a number. Every delimited file yosan writes passes its
 * free text through `safeText`, and every book file yosan reads takes the mark off again with
 * `plainText`, so a book written this way reads back to the same labels, notes and figures.
 */

const FORMULA_START = /^[=+\-@\t\r\n＝＋－＠]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** The cell as it is safe to write: a leading apostrophe where a spreadsheet would see a formula. */
export function safeText(text: string): string {
  if (PLAIN_NUMBER.test(text)) return text;
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The cell as written before `safeText`: the apostrophe that marks a formula-like text taken off. */
export function plainText(text: string): string {
  return text.charCodeAt(0) === 0x27 && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
