/**
 * Expansion of a formula to the leaves it ultimately sums: leaf id (or `schedule.column`, or a
 * check's `provision:<id>`) → coefficient. Used to recognise which summary rows are sums of
 * others, which declared checks hold by construction, and which single unknown input a printed
 * derived line determines on import.
 */
import type { Book, LayoutLine } from "./book.ts";
import { type Formula, type Reference, refText } from "./formula.ts";

export type LeafVector = ReadonlyMap<string, number>;

/** A book's lines by id, made once per list of lines (every expansion of a book shares it). */
const byLines = new WeakMap<readonly LayoutLine[], ReadonlyMap<string, LayoutLine>>();

function linesById(lines: readonly LayoutLine[]): ReadonlyMap<string, LayoutLine> {
  let map = byLines.get(lines);
  if (!map) {
    map = new Map(lines.map((l) => [l.id, l]));
    byLines.set(lines, map);
  }
  return map;
}

/**
 * Expand `formula` through derived lines down to leaves. A derived line with no terms (a
 * total of nothing, such as 特別損失合計 = 0) stays a symbol of its own, and so does a tax line
 * (its figure is the rounded tax of its leaves, not a signed sum of them). A line met again
 * while it is being expanded (a cycle, which the layout's reader reports as layout.cycle)
 * stays a symbol too, so a book with a cycle is told so rather than overflowing the stack.
 */
export function expandToLeaves(
  book: Pick<Book, "lines">,
  formula: Formula<Reference>,
  memo = new Map<string, LeafVector>(),
  expanding = new Set<string>(),
): LeafVector {
  const byId = linesById(book.lines);
  const out = new Map<string, number>();
  const add = (key: string, k: number) => {
    const v = (out.get(key) ?? 0) + k;
    if (v === 0) out.delete(key);
    else out.set(key, v);
  };
  for (const t of formula.terms) {
    if (t.ref.kind !== "line") {
      add(refText(t.ref), t.sign);
      continue;
    }
    const id = t.ref.id;
    const line = byId.get(id);
    if (
      line?.kind === "derived" &&
      line.formula &&
      line.formula.terms.length > 0 &&
      !expanding.has(id)
    ) {
      let sub = memo.get(id);
      if (!sub) {
        expanding.add(id);
        sub = expandToLeaves(book, line.formula, memo, expanding);
        expanding.delete(id);
        memo.set(id, sub);
      }
      for (const [k, v] of sub) add(k, v * t.sign);
    } else add(id, t.sign);
  }
  return out;
}
