/** How a finding names a printed figure. */
import { segmentLabel } from "../model/glossary.ts";
import type { Model } from "../model/model.ts";
import type { Print, PrintRow } from "../model/print.ts";
import { say, type Text } from "../model/text.ts";

/**
 * Where a printed figure is, in the words of the print: `概要 29年度: 予定損益計算書 営業収益
 * (合計)` (`概要 29年度の予定損益計算書「営業収益」（合計）`): the print's title, the column's
 * label when it has several, the table, the row's label and its segment. The file, row and
 * column are in the finding's sources.
 */
export function rowPlace(model: Model, print: Print, row: PrintRow, column: string): Text {
  const label = print.columns.find((c) => c.id === column)?.label ?? column;
  const many = print.columns.length > 1 ? ` ${label}` : "";
  // The total as the book calls it (法人計 where the book says so).
  const segment =
    row.segment === null
      ? (model.book.totalLabels[0] ?? segmentLabel(model.book.segments, null))
      : segmentLabel(model.book.segments, row.segment);
  return say(
    `${print.title}${many}の${row.table}「${row.label}」（${segment}）`,
    `${print.title}${many}: ${row.table} ${row.label} (${segment})`,
  );
}

/** ` [source/h29-budget.txt:130]` / `（source/h29-budget.txt:130）`: where the print says so, or nothing. */
export function printReference(reference: string): Text {
  return reference ? say(`（${reference}）`, ` [${reference}]`) : say("", "");
}
