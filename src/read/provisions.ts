/**
 * provisions.csv: the 予算's articles that are not tables — 企業債 (起債の目的, 限度額, 起債の方法,
 * 利率, 償還の方法), 一時借入金の限度額, the 経費 that may not be diverted without the 議会's
 * decision, たな卸資産購入限度額, 他会計からの補助金 … — one row per provision, each with its 条,
 * in the book's words. An amount is in the book's unit; a row with an id is a figure checks.csv
 * can name (`provision:<id>`). Any column besides the known ones is a text field of the row,
 * kept under its header as written (起債の方法, 利率, 償還の方法).
 */
import type { Provision } from "../model/book.ts";
import { inputError } from "../model/issues.ts";
import type { Unit } from "../model/money.ts";
import { say } from "../model/text.ts";
import type { BookFiles } from "./book-files.ts";
import { cellOf } from "./csv-table.ts";

/** The columns yosan reads itself; every other column is a text field shown as written. */
const KNOWN_COLUMNS: ReadonlySet<string> = new Set([
  "id",
  "article",
  "kind",
  "item",
  "amount",
  "text",
]);

/** The provisions of `file`, in its order; a duplicate id is refused at its cell. */
export function readProvisions(files: BookFiles, file: string, unit: Unit): Provision[] {
  const t = files.table(file, "provisions", ["article", "kind"]);
  if (t === null) return [];
  const fieldNames = t.header.filter((h) => h !== "" && !KNOWN_COLUMNS.has(h));
  const firstRow = new Map<string, number>();
  const out: Provision[] = [];
  for (const r of t.rows) {
    const v = r.values;
    const id = v.id ?? "";
    if (id !== "") {
      const first = firstRow.get(id);
      if (first !== undefined) {
        files.issues.push(
          inputError(
            "provisions.duplicate",
            cellOf(t, r, "id"),
            say(
              `条項の id「${id}」が 2 回使われています（最初は ${first} 行目）。`,
              `provision id 「${id}」 is used twice (first at row ${first})`,
            ),
            r.raw,
          ),
        );
        continue;
      }
      firstRow.set(id, r.row);
    }
    const written = (v.amount ?? "") !== "";
    const amount = written ? files.amount(t, r, "amount", unit) : null;
    if (written && amount === null) continue;
    out.push({
      id: id === "" ? null : id,
      article: v.article ?? "",
      kind: v.kind ?? "",
      item: v.item ?? "",
      amount,
      text: v.text ?? "",
      fields: fieldNames.map((name) => ({ name, value: v[name] ?? "" })),
      source: cellOf(t, r, "article"),
      amountSource: written ? cellOf(t, r, "amount") : null,
    });
  }
  return out;
}
