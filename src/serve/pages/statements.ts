/**
 * The statements page: every statement of the book in the document's layout (its lines in
 * order, headings, indentation, subtotals; △ for negatives), for 合計, one segment, or all
 * segments side by side. Written from the format-neutral statement table
 * (render/statement-table.ts), as the CSV, workbook and report writers are.
 *
 * The page is a list of columns, each a figure of one view (`pageView`) in one column of the
 * model, so a comparison of versions is more columns: A | B, then a 差額 and a 備考 column.
 * Every amount opens its derivation; an input line's figure in a segment can be edited
 * (what-if). A figure that differs from the saved book is marked, the saved one in its title.
 */
import type { LayoutLine, StatementDef } from "../../model/book.ts";
import { bySegmentTitle, JA, segmentLabel, unitNote } from "../../model/glossary.ts";
import type { Column, Model } from "../../model/model.ts";
import { type Amount, amountText, minusAmount } from "../../model/quantity.ts";
import type { Lang } from "../../model/text.ts";
import { modelColumn, statementTable, type TableColumn } from "../../render/statement-table.ts";
import { emWidth } from "../../render/text-width.ts";
import type { PageView } from "../view.ts";
import { editableColumn } from "../whatif.ts";
import { columnKey, esc, wordsIn } from "./shell.ts";

/** Which columns the page shows: 合計, one segment, or every segment and 合計. */
export type ColumnChoice =
  | { readonly kind: "one"; readonly column: Column }
  | { readonly kind: "all" };

/** A column of the page: one view's figures in one column of its model. */
interface PageColumn {
  readonly label: string;
  readonly view: PageView;
  readonly column: TableColumn;
}

/** The page's columns for a choice, all of one view (the saved book or the session's what-if). */
function pageColumns(model: Model, view: PageView, choice: ColumnChoice): PageColumn[] {
  const first = model.statements[0]?.def;
  if (!first) return [];
  const unallocated = model.statements.some((s) => s.lines.some((l) => !l.unallocated.isZero()));
  const columns = statementTable(model, first, { unallocated }).columns;
  const wanted =
    choice.kind === "all"
      ? columns
      : columns.filter((c) => modelColumn(c) === choice.column && c.kind !== "unallocated");
  return wanted.map((column) => ({ label: column.label, view, column }));
}

function cellOf(
  col: PageColumn,
  line: LayoutLine,
  saved: Model,
): { amount: Amount; saved: Amount | null; editable: boolean; column: Column | undefined } {
  const table = col.view.model;
  const column = modelColumn(col.column);
  if (column === undefined) {
    let amount = table.figure(line.id, null).amount;
    for (const s of table.book.segments)
      amount = minusAmount(amount, table.figure(line.id, s.id).amount);
    return { amount, saved: null, editable: false, column };
  }
  const amount = table.figure(line.id, column).amount;
  const before = saved.figure(line.id, column).amount;
  return {
    amount,
    saved: before.value.equals(amount.value) ? null : before,
    editable: col.view.editable && line.kind === "leaf" && editableColumn(table.book, column),
    column,
  };
}

function amountCell(col: PageColumn, line: LayoutLine, saved: Model, lang: Lang): string {
  const t = wordsIn(lang);
  const c = cellOf(col, line, saved);
  const cls = [
    "amt",
    c.amount.isNegative() ? "neg" : "",
    c.column === null ? "total-col" : "",
    c.column !== undefined ? "fig" : "",
    c.saved ? "changed" : "",
    c.editable ? "leaf-cell" : "",
  ].filter((x) => x !== "");
  const attrs =
    c.column === undefined
      ? ""
      : ` data-explain data-line="${esc(line.id)}" data-segment="${esc(columnKey(c.column))}" tabindex="0" role="button"`;
  const title = c.saved
    ? ` title="${esc(t(`保存値 ${amountText(c.saved)}（試算 ${amountText(minusAmount(c.amount, c.saved))}）`, `saved ${amountText(c.saved)} (what-if ${amountText(minusAmount(c.amount, c.saved))})`))}"`
    : "";
  // A quantity carries its unit after the figure (「12,345 戸」).
  return `<td class="${cls.join(" ")}"${attrs}${title}>${esc(amountText(c.amount))}</td>`;
}

/** One statement as a table of the page's columns. */
function statementSection(
  def: StatementDef,
  columns: readonly PageColumn[],
  saved: Model,
  segmentTerm: string,
  lang: Lang,
): string {
  const t = wordsIn(lang);
  const model = columns[0]?.view.model ?? saved;
  const table = statementTable(model, def);
  const single = columns.length === 1;
  const title = single || columns.length === 0 ? def.title : bySegmentTitle(segmentTerm, def.title);
  const labelEm = Math.min(
    24,
    Math.max(10, ...table.rows.map((r) => emWidth(r.line.label) + 0.8 + r.line.level * 1.2)) + 0.6,
  );
  const head = [
    `<th class="label" scope="col">${JA.account}</th>`,
    ...columns.map(
      (c) =>
        `<th scope="col"${c.column.kind === "total" ? ' class="total-col"' : ""}>${esc(single ? JA.amount : c.label)}</th>`,
    ),
  ].join("");
  const rows = table.rows.map((r) => {
    const l = r.line;
    const indent = `style="padding-left:${(0.4 + l.level * 1.2).toFixed(1)}em"`;
    if (l.kind === "heading")
      return `<tr class="heading"><th scope="row" class="label" ${indent}>${esc(l.label)}</th><td colspan="${columns.length}"></td></tr>`;
    const cls = r.subtotal ? "subtotal" : l.kind;
    const cells = columns.map((c) => amountCell(c, l, saved, lang)).join("");
    return `<tr class="${cls}" data-row="${esc(l.id)}"><th scope="row" class="label" ${indent}>${esc(l.label)}</th>${cells}</tr>`;
  });
  return `<div class="statement${def.role === "supplementary" ? " supplementary" : ""}" id="${esc(`statement-${def.id}`)}">
<h3>${esc(title)} <small>${esc(def.period)}</small>${def.role === "supplementary" ? ` <span class="tag">${t("補足", "supplementary")}</span>` : ""}</h3>
<table class="fs${single ? " single" : ""}"><colgroup><col class="label-col" style="width:${labelEm.toFixed(1)}em">${columns.map(() => '<col class="amount-col">').join("")}</colgroup>
<thead><tr>${head}</tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table></div>`;
}

/** The tabs that choose the columns: 合計, each segment, all (none in a book without segments). */
function tabs(model: Model, choice: ColumnChoice, lang: Lang): string {
  const t = wordsIn(lang);
  if (model.book.segments.length === 0) return "";
  const tab = (href: string, label: string, active: boolean) =>
    `<a href="${href}"${active ? ' class="active" aria-current="true"' : ""}>${esc(label)}</a>`;
  const b = model.book;
  return `<nav class="tabs" aria-label="${esc(b.segmentTerm)}">${[
    tab("/statements", JA.total, choice.kind === "one" && choice.column === null),
    ...b.segments.map((s) =>
      tab(
        `/statements?segment=${encodeURIComponent(s.id)}`,
        s.name,
        choice.kind === "one" && choice.column === s.id,
      ),
    ),
    tab(
      "/statements?segment=all",
      `${b.segmentTerm}${JA.by}${t("（すべて）", " (all)")}`,
      choice.kind === "all",
    ),
  ].join("")}</nav>`;
}

/** The body of the statements page; `drill` is the derivation panel to open with it, if any. */
export function statementsPage(
  view: PageView,
  choice: ColumnChoice,
  drill: string,
  lang: Lang,
): string {
  const t = wordsIn(lang);
  const model = view.model;
  const b = model.book;
  const columns = pageColumns(model, view, choice);
  // A book without segments: one column (科目 | 金額), nothing to choose or name.
  const segmented = b.segments.length > 0;
  const where = !segmented
    ? ""
    : `${choice.kind === "all" ? `${b.segmentTerm}${JA.by}` : segmentLabel(b.segments, choice.column ?? undefined)} `;
  const version = b.versions.list.length > 1 ? `${view.version.name} · ` : "";
  const whatIf = segmented
    ? t(
        `点線の下線がある入力科目は、${esc(b.segmentTerm)}ごとに金額を変えて試算できます（保存されません）。`,
        ` An input line underlined with dots can be given another amount for a ${esc(b.segmentTerm)}, as a what-if (not saved).`,
      )
    : t(
        "点線の下線がある入力科目は、金額を変えて試算できます（保存されません）。",
        " An input line underlined with dots can be given another amount, as a what-if (not saved).",
      );
  return `<h1>${t("財務諸表", "Statements")} <small>${esc(version)}${esc(where)}${esc(unitNote(b.unit))}</small></h1>
${tabs(model, choice, lang)}
<p class="muted">${t("金額をクリックすると、その数値の算出過程（yosan explain）が元の帳簿の行まで表示されます。", "Click an amount to see how it is derived (yosan explain), down to the rows of the book.")}${view.editable ? whatIf : ""}</p>
<div class="statements-grid${columns.length === 1 ? " single" : ""}">
${model.statements.map((st) => statementSection(st.def, columns, view.saved, b.segmentTerm, lang)).join("\n")}
</div>
<aside id="drill" class="drill"${drill === "" ? " hidden" : ""} aria-label="${t("算出過程", "Derivation")}">${drill}</aside>`;
}
