/**
 * The key figures of a book — the lines each statement names as its key (`key` in book.json;
 * its last line otherwise), as `yosan build` prints them — and how a change moves them: what
 * the overview shows, and what a what-if or an import says it does to ending cash.
 */
import type { LayoutLine, StatementDef } from "../model/book.ts";
import type { Column, Model } from "../model/model.ts";
import type { Amount } from "../model/quantity.ts";

interface KeyLine {
  readonly statement: StatementDef;
  readonly line: LayoutLine;
}

/** The key lines of the book's statements (supplementary tables left out), in order. */
export function keyLines(model: Model): KeyLine[] {
  return model.statements
    .filter((s) => s.def.role === "statement")
    .flatMap((s) => {
      const ids = s.def.key.length > 0 ? s.def.key : [s.lines[s.lines.length - 1]?.line.id ?? ""];
      return ids.flatMap((id) => {
        const l = s.lines.find((x) => x.line.id === id);
        return l ? [{ statement: s.def, line: l.line }] : [];
      });
    });
}

/** A key figure that moved: in which column, from what to what. */
export interface KeyChange extends KeyLine {
  readonly column: Column;
  /** Money, or a quantity (a key line may be one) with its unit. */
  readonly before: Amount;
  readonly after: Amount;
}

/** The key figures that differ between two models of one book (合計 first, then segments). */
export function keyChanges(before: Model, after: Model): KeyChange[] {
  const columns: Column[] = [null, ...before.book.segments.map((s) => s.id)];
  return keyLines(before).flatMap((k) =>
    columns.flatMap((column) => {
      const b = before.figure(k.line.id, column).amount;
      const a = after.figure(k.line.id, column).amount;
      return a.value.equals(b.value) ? [] : [{ ...k, column, before: b, after: a }];
    }),
  );
}
