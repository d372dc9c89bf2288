/** How a finding names a printed figure, and what it adds when the print is the adopted 議案. */
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
  const many = columnHead(print, column);
  // The total as the book calls it (法人計 where the book says so).
  const segment =
    row.segment === null
      ? (model.book.totalLabels[0] ?? segmentLabel(model.book.segments, null))
      : segmentLabel(model.book.segments, row.segment);
  // A book without segments: every figure is the total, nothing to name beside it.
  if (model.book.segments.length === 0)
    return say(
      `${print.title}${many}の${row.table}「${row.label}」`,
      `${print.title}${many}: ${row.table} ${row.label}`,
    );
  return say(
    `${print.title}${many}の${row.table}「${row.label}」（${segment}）`,
    `${print.title}${many}: ${row.table} ${row.label} (${segment})`,
  );
}

/** Each print's columns as a place names them, made once per print (a place per printed figure). */
const heads = new WeakMap<Print, Map<string, string>>();

/** ` 29年度`: the column's label when the print has several columns, else nothing. */
function columnHead(print: Print, column: string): string {
  let byId = heads.get(print);
  if (!byId) {
    byId = new Map();
    for (const c of print.columns) if (!byId.has(c.id)) byId.set(c.id, c.label);
    heads.set(print, byId);
  }
  return print.columns.length > 1 ? ` ${byId.get(column) ?? column}` : "";
}

/** ` [source/h29-budget.txt:130]` / `（source/h29-budget.txt:130）`: where the print says so, or nothing. */
export function printReference(reference: string): Text {
  return reference ? say(`（${reference}）`, ` [${reference}]`) : say("", "");
}

/**
 * What a finding that is not a pass adds when its print is the adopted 議案 (`authority:
 * adopted`): for a figure (published.figure, .sign, .change) the ledger differs from the
 * authority and is what to correct, unless the book's copy of the 議案 is wrong; for the print's own arithmetic or unit (published.sums,
 * .unit) the copy of the 議案 in the book is what to check. Nothing for any other print.
 */
export function adoptedNote(print: Print, check: string): Text {
  if (print.authority !== "adopted") return say("", "");
  if (check === "published.sums" || check === "published.unit")
    return say(
      `${print.title} は議決された予算（議案）です。帳簿に写した議案の数値に誤りがないか確かめてください。`,
      `; ${print.title} is the adopted budget (議案): check the copy of it in the book`,
    );
  return say(
    "帳簿の数値が議決された予算（議案）と異なります。帳簿に写した議案の数値が正しければ、帳簿を直してください。",
    "; the ledger differs from the adopted budget (議案): if the book's copy of the 議案 is right, correct the ledger",
  );
}
