/**
 * Width of text as a terminal or a spreadsheet column shows it: East Asian wide and full-width
 * characters (漢字, かな, 全角) take two columns, everything else one. The one rule behind the
 * text tables, the check report and the workbook's column widths.
 */

/** Is `code` an East Asian wide or full-width character (two columns)? */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** Columns `text` takes: 2 per wide character, 1 per other. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return width;
}

/**
 * Approximate rendered width of `text` in a proportional font, in em: 1 per wide character,
 * 0.6 per other (for laying out SVG labels and label columns of the HTML report).
 */
export function emWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += isWide(ch.codePointAt(0) ?? 0) ? 1 : 0.6;
  return w;
}

/** `text` padded with spaces on the right to `width` columns. */
export function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

/** `text` padded with spaces on the left to `width` columns. */
function padStart(text: string, width: number): string {
  return " ".repeat(Math.max(0, width - displayWidth(text))) + text;
}

/** Lay out rows of cells in columns two spaces apart; `right[i]` aligns column i to the right. */
export function textColumns(
  rows: readonly (readonly string[])[],
  right: readonly boolean[],
): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cellText, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cellText));
    });
  }
  return rows.map((row) =>
    row
      .map((cellText, i) =>
        right[i] === true ? padStart(cellText, widths[i] ?? 0) : padEnd(cellText, widths[i] ?? 0),
      )
      .join("  ")
      .trimEnd(),
  );
}
