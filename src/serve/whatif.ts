/**
 * What-if edits: a leaf's figure in one segment set to another amount on the page, never
 * saved. The edited book is the book with one adjustment entry per edit (new − saved), named
 * by a synthetic file, so `explain` shows the saved rows and the adjustment beside them and a
 * change flows through every formula exactly as a change to budget.csv would.
 */
import { CELL_LIMIT, parseAmount } from "../model/amount-text.ts";
import type { Book, BudgetEntry, LayoutLine } from "../model/book.ts";
import { segmentLabel } from "../model/glossary.ts";
import type { Model } from "../model/model.ts";
import { type Decimal, formatJapanese, Money } from "../model/money.ts";
import { cell } from "../model/provenance.ts";
import { withAdjustments } from "../model/version.ts";
import { echo } from "./guard.ts";

/** The file the adjustment entries of a what-if name (it exists nowhere on disk). */
export const WHAT_IF_FILE = "what-if (unsaved)";

/** One edit: the figure of leaf `line` in segment `segment` set to `amount` (book's unit). */
export interface WhatIfEdit {
  readonly line: string;
  readonly segment: string;
  readonly amount: Decimal;
}

type ParsedEdit = { ok: true; edit: WhatIfEdit } | { ok: false; message: string };

/** An edit as a request gives it, checked against the book: a leaf, a segment, an amount. */
export function parseEdit(book: Book, input: unknown): ParsedEdit {
  const o = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  const line = book.lines.find((l) => l.id === o.line);
  if (line?.kind !== "leaf")
    return { ok: false, message: "only an input line (a leaf of the layout) can be edited" };
  const segment = book.segments.find((s) => s.id === o.segment);
  if (!segment) return { ok: false, message: `edit a ${book.segmentTerm}'s figure, not the total` };
  if (typeof o.amount !== "string" || o.amount.length > 64)
    return { ok: false, message: "the amount is missing" };
  const parsed = parseAmount(o.amount);
  // The reason repeats the amount the request sent: escaped, as every echo of a request.
  if (!parsed.ok) return { ok: false, message: echo(parsed.reason, 200) };
  if (parsed.value.abs().greaterThanOrEqualTo(CELL_LIMIT))
    return { ok: false, message: "the amount has more digits than a spreadsheet cell keeps" };
  return { ok: true, edit: { line: line.id, segment: segment.id, amount: parsed.value } };
}

/** Edits keyed by line and segment: a later edit of the same figure replaces an earlier one. */
export function mergeEdits(
  edits: readonly WhatIfEdit[],
  more: readonly WhatIfEdit[],
): WhatIfEdit[] {
  const byKey = new Map<string, WhatIfEdit>();
  for (const e of [...edits, ...more]) byKey.set(`${e.line}\u0000${e.segment}`, e);
  return [...byKey.values()];
}

/** The edits that still name a leaf and a segment of `book` (after the book was reloaded). */
export function editsStillValid(book: Book, edits: readonly WhatIfEdit[]): WhatIfEdit[] {
  const leaves = new Set(book.lines.filter((l) => l.kind === "leaf").map((l) => l.id));
  const segments = new Set(book.segments.map((s) => s.id));
  return edits.filter((e) => leaves.has(e.line) && segments.has(e.segment));
}

/** An edit with the saved figure it replaces. */
export interface AppliedEdit extends WhatIfEdit {
  readonly saved: Decimal;
  readonly label: string;
  readonly segmentName: string;
}

/** The saved figure behind each edit, and labels to show it by. */
export function describeEdits(saved: Model, edits: readonly WhatIfEdit[]): AppliedEdit[] {
  const lines = new Map<string, LayoutLine>(saved.book.lines.map((l) => [l.id, l]));
  return edits.map((e) => ({
    ...e,
    saved: saved.figure(e.line, e.segment).amount.value,
    label: lines.get(e.line)?.label ?? e.line,
    segmentName: segmentLabel(saved.book.segments, e.segment),
  }));
}

/** The book with the edits applied as adjustment entries; the book itself is not changed. */
export function editedBook(saved: Model, edits: readonly WhatIfEdit[]): Book {
  const book = saved.book;
  const adjustments: BudgetEntry[] = [];
  describeEdits(saved, edits).forEach((e, i) => {
    const delta = e.amount.minus(e.saved);
    if (delta.isZero()) return;
    adjustments.push({
      line: e.line,
      segment: e.segment,
      amount: Money.of(delta, book.unit),
      note: `what-if: ${formatJapanese(e.saved)} → ${formatJapanese(e.amount)}`,
      source: cell(WHAT_IF_FILE, i + 1, "amount"),
    });
  });
  return withAdjustments(book, adjustments);
}
