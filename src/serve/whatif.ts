/**
 * What-if edits: a leaf's figure in one segment set to another amount on the page, never
 * saved. The edited book is the book with one adjustment entry per edit (new − saved), named
 * by a synthetic file, so `explain` shows the saved rows and the adjustment beside them and a
 * change flows through every formula exactly as a change to budget.csv would.
 */
import { CELL_LIMIT, parseAmount } from "../model/amount-text.ts";
import type { Book, BudgetEntry, LayoutLine } from "../model/book.ts";
import { JA, segmentLabel } from "../model/glossary.ts";
import type { Model } from "../model/model.ts";
import { type Decimal, formatJapanese } from "../model/money.ts";
import { type CellSource, cell } from "../model/provenance.ts";
import { amountLike } from "../model/quantity.ts";
import { inLang, type Lang, mapText, say, type Text } from "../model/text.ts";
import { withAdjustments } from "../model/version.ts";
import { echo } from "./guard.ts";

/** The file the adjustment entries of a what-if name (it exists nowhere on disk). */
export const WHAT_IF_FILE = "what-if (unsaved)";
/** What the adjustment entry's note starts with (then `saved → new`). */
const WHAT_IF_NOTE = "what-if: ";
/** The what-if's file and note as a page shows them. */
const WHAT_IF_WORDS = {
  file: say("試算（未保存）", WHAT_IF_FILE),
  note: say("試算: ", WHAT_IF_NOTE),
};

/**
 * A cell of a what-if adjustment and its note as a page in `lang` names them (the synthetic
 * file, `what-if: saved → new`); any other cell as it is.
 */
export function whatIfShown(
  at: CellSource,
  note: string | undefined,
  lang: Lang,
): { cell: CellSource; note: string | undefined } {
  if (at.file !== WHAT_IF_FILE) return { cell: at, note };
  return {
    cell: { ...at, file: inLang(WHAT_IF_WORDS.file, lang) },
    note:
      note?.startsWith(WHAT_IF_NOTE) === true
        ? `${inLang(WHAT_IF_WORDS.note, lang)}${note.slice(WHAT_IF_NOTE.length)}`
        : note,
  };
}

/**
 * One edit: the figure of leaf `line` in segment `segment` set to `amount` (book's unit);
 * `segment` is null in a book without segments, whose figures are the total.
 */
export interface WhatIfEdit {
  readonly line: string;
  readonly segment: string | null;
  readonly amount: Decimal;
}

/**
 * Can a what-if edit the figures of `column`? A segment's, or the total's in a book without
 * segments (where the total of a segmented book is theirs to sum).
 */
export function editableColumn(book: Book, column: string | null): boolean {
  return column !== null || book.segments.length === 0;
}

type ParsedEdit = { ok: true; edit: WhatIfEdit } | { ok: false; message: Text };

/** An edit as a request gives it, checked against the book: a leaf, a segment, an amount. */
export function parseEdit(book: Book, input: unknown): ParsedEdit {
  const o = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  const line = book.lines.find((l) => l.id === o.line);
  if (line?.kind !== "leaf")
    return {
      ok: false,
      message: say(
        "試算で変えられるのは入力科目（様式の末端の科目）だけです。",
        "only an input line (a leaf of the layout) can be edited",
      ),
    };
  // A book without segments: its figures are the total's (the page names it 合計).
  const total =
    o.segment === undefined || o.segment === null || o.segment === "" || o.segment === JA.total;
  const segment =
    book.segments.length === 0 && total
      ? { id: null }
      : book.segments.find((s) => s.id === o.segment);
  if (!segment)
    return {
      ok: false,
      message: say(
        `合計ではなく、${book.segmentTerm}の数値を変えてください。`,
        `edit a ${book.segmentTerm}'s figure, not the total`,
      ),
    };
  if (typeof o.amount !== "string" || o.amount.length > 64)
    return { ok: false, message: say("金額がありません。", "the amount is missing") };
  const parsed = parseAmount(o.amount);
  // The reason repeats the amount the request sent: escaped, as every echo of a request.
  if (!parsed.ok)
    return {
      ok: false,
      message: mapText(reasonText(parsed.reason, o.amount), (r) => echo(r, 200)),
    };
  if (parsed.value.abs().greaterThanOrEqualTo(CELL_LIMIT))
    return {
      ok: false,
      message: say(
        "金額の桁数が、表計算ソフトのセルが保持できる桁数を超えています。",
        "the amount has more digits than a spreadsheet cell keeps",
      ),
    };
  return { ok: true, edit: { line: line.id, segment: segment.id, amount: parsed.value } };
}

/**
 * Why an amount was refused, in both languages: the reader's own words, or — where it gives
 * them in English only — that `amount` is no amount, in Japanese.
 */
function reasonText(reason: string | Text, amount: string): Text {
  return typeof reason === "string" ? say(`「${amount}」は金額として読めません。`, reason) : reason;
}

/** Edits keyed by line and segment: a later edit of the same figure replaces an earlier one. */
export function mergeEdits(
  edits: readonly WhatIfEdit[],
  more: readonly WhatIfEdit[],
): WhatIfEdit[] {
  const byKey = new Map<string, WhatIfEdit>();
  for (const e of [...edits, ...more]) byKey.set(`${e.line}\u0000${e.segment ?? ""}`, e);
  return [...byKey.values()];
}

/** The edits that still name a leaf and a segment of `book` (after the book was reloaded; the total in a book without segments). */
export function editsStillValid(book: Book, edits: readonly WhatIfEdit[]): WhatIfEdit[] {
  const leaves = new Set(book.lines.filter((l) => l.kind === "leaf").map((l) => l.id));
  const segments = new Set(book.segments.map((s) => s.id));
  return edits.filter(
    (e) =>
      leaves.has(e.line) &&
      (e.segment === null ? book.segments.length === 0 : segments.has(e.segment)),
  );
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
    segmentName:
      saved.book.segments.length === 0 ? "" : segmentLabel(saved.book.segments, e.segment),
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
      // In the edited figure's own measure: money, or a quantity in its line's unit.
      amount: amountLike(saved.figure(e.line, e.segment).amount, delta),
      note: `${WHAT_IF_NOTE}${formatJapanese(e.saved)} → ${formatJapanese(e.amount)}`,
      source: cell(WHAT_IF_FILE, i + 1, "amount"),
    });
  });
  return withAdjustments(book, adjustments);
}
