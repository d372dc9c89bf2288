/**
 * Test helper: where each compared line sits on a comparison sheet of the workbook, read from
 * the sheet's own text (a grid of cell texts, row 1 first) as a reader finds it: a block title
 * 「<statement>　<segment or 合計>…」, then the statement's lines in layout order.
 */
import type { Book } from "../../src/model/book.ts";
import { segmentLabel } from "../../src/model/glossary.ts";
import { noteKey } from "../../src/model/version.ts";

/** Row number (1-based) of each line in each column, by noteKey(line, segment). */
export function comparisonRows(
  grid: readonly (readonly string[])[],
  book: Book,
): Map<string, number> {
  const titles = book.statements.flatMap((st) =>
    [null, ...book.segments.map((s) => s.id)].map((segment) => ({
      st,
      segment,
      title: `${st.title}　${segmentLabel(book.segments, segment)}`,
    })),
  );
  const out = new Map<string, number>();
  grid.forEach((row, i) => {
    const text = row[0] ?? "";
    const block = titles.find((t) => text === t.title || text.startsWith(`${t.title}　`));
    if (!block) return;
    const lines = book.lines.filter((l) => l.statement === block.st.id);
    lines.forEach((line, j) => {
      const label = grid[i + 1 + j]?.[0] ?? "";
      if (label !== line.label)
        throw new Error(`row ${i + 2 + j}: 「${label}」 where ${line.label} was expected`);
      if (line.kind !== "heading") out.set(noteKey(line.id, block.segment), i + 2 + j);
    });
  });
  return out;
}
