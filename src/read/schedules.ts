/**
 * Schedules declared in book.json (e.g. 予定前受金及び累積前受金): one CSV each, rows
 * `item,segment,<column>…` (`segment` optional in a book without segments), every column an
 * amount in the book's unit. A schedule may be empty
 * (a header only): a budget with no 前受金 is a budget.
 */
import type { ScheduleDef, ScheduleItem } from "../model/book.ts";
import type { Money, Unit } from "../model/money.ts";
import type { CellSource } from "../model/provenance.ts";
import type { BookFiles, Names } from "./book-files.ts";
import { cellOf } from "./csv-table.ts";

/** The items of every declared schedule. */
export function readSchedules(
  files: BookFiles,
  defs: readonly ScheduleDef[],
  names: Names,
  unit: Unit,
): ScheduleItem[] {
  const items: ScheduleItem[] = [];
  for (const def of defs) {
    const columns = def.columns.map((c) => c.id);
    // A book without segments may leave the segment column out.
    const segment = names.segmented ? ["segment"] : [];
    const t = files.table(def.file, "schedule", ["item", ...segment, ...columns], true);
    if (!t) continue;
    for (const r of t.rows) {
      const segment = names.segment(t, r);
      const amounts = new Map<string, Money>();
      const sources = new Map<string, CellSource>();
      for (const c of columns) {
        const a = files.amount(t, r, c, unit);
        if (a) amounts.set(c, a);
        sources.set(c, cellOf(t, r, c));
      }
      if (segment === undefined || amounts.size !== columns.length) continue;
      items.push({
        schedule: def.id,
        label: r.values.item ?? "",
        segment,
        amounts,
        sources,
        note: r.values.note ?? "",
      });
    }
  }
  return items;
}
