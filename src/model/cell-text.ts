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

/**
 * The cell as it is safe to write: a leading apostrophe where a spreadsheet would see a formula
 * — and before a text that already begins with the mark (`'=x`), so that `plainText` gives it
 * back as it was.
 */
export function safeText(text: string): string {
  if (PLAIN_NUMBER.test(text)) return text;
  return FORMULA_START.test(text) || plainText(text) !== text ? `'${text}` : text;
}

/**
 * The cell as written before `safeText`: the one apostrophe `safeText` would have put in front
 * taken off (before a formula-like text, or before a text that itself begins with the mark).
 */
export function plainText(text: string): string {
  if (text.charCodeAt(0) !== 0x27) return text;
  // The marks `safeText` adds are the leading apostrophes before a formula-like character.
  let i = 1;
  while (text.charCodeAt(i) === 0x27) i++;
  return FORMULA_START.test(text.charAt(i)) ? text.slice(1) : text;
}
