/**
 * The report's 「予算の条項」: the 予算's articles that are not tables (provisions.csv), a table
 * per 条 and kind — the book's words as written, yosan's headings in `lang`. The web page's
 * overview shows the same tables.
 */
import { unitNote } from "../../model/glossary.ts";
import type { Model } from "../../model/model.ts";
import { inLang, type Lang } from "../../model/text.ts";
import { fieldOf, PROVISION_WORDS, provisionBlocks } from "../provision-table.ts";
import { esc } from "./html.ts";

/** The provisions as HTML tables (one per 条 and kind) with `tableClass`; "" when the book has none. */
export function provisionTables(model: Model, lang: Lang, tableClass: string): string {
  const w = (t: (typeof PROVISION_WORDS)[keyof typeof PROVISION_WORDS]) => esc(inLang(t, lang));
  return provisionBlocks(model.book.provisions)
    .map((b) => {
      const head = [
        ...(b.item ? [`<th scope="col" class="label">${w(PROVISION_WORDS.item)}</th>`] : []),
        ...(b.amount ? [`<th scope="col">${w(PROVISION_WORDS.amount)}</th>`] : []),
        ...b.fields.map((f) => `<th scope="col" class="label">${esc(f)}</th>`),
        ...(b.text ? [`<th scope="col" class="label">${w(PROVISION_WORDS.text)}</th>`] : []),
      ];
      const rows = b.rows.map((p) => {
        const cells = [
          ...(b.item ? [`<th scope="row" class="label">${esc(p.item)}</th>`] : []),
          ...(b.amount
            ? [
                `<td class="amt"${p.id === null ? "" : ` data-provision="${esc(p.id)}"`}>${esc(p.amount?.format() ?? "")}</td>`,
              ]
            : []),
          ...b.fields.map((f) => `<td>${esc(fieldOf(p, f))}</td>`),
          ...(b.text ? [`<td>${esc(p.text)}</td>`] : []),
        ];
        return `<tr>${cells.join("")}</tr>`;
      });
      const table =
        head.length === 0
          ? ""
          : `<table class="${esc(tableClass)}" style="table-layout:auto;width:auto"><thead><tr>${head.join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
      return `<h3>${esc(b.article)} ${esc(b.kind)}</h3>\n${table}`;
    })
    .join("\n");
}

/** The report's section 「予算の条項」 (after the statements); "" for a book without provisions. */
export function renderProvisions(model: Model, lang: Lang): string {
  if (model.book.provisions.length === 0) return "";
  return `<section id="provisions" class="page"><h2>${esc(inLang(PROVISION_WORDS.title, lang))} <small>${esc(unitNote(model.book.unit))}</small></h2>
${provisionTables(model, lang, "fs provisions")}
</section>`;
}
