/**
 * The report's header (the book, its unit and rounding, the check badge) and its statements:
 * each a table with the segments as columns and 合計 last, every amount with a tooltip that
 * says how it is obtained.
 */

import { formatCount } from "../../model/amount-text.ts";
import { type LayoutLine, rowCount, type StatementDef } from "../../model/book.ts";
import type { FindingCounts } from "../../model/findings.ts";
import type { LineReference } from "../../model/formula.ts";
import { JA, segmentLabel } from "../../model/glossary.ts";
import type { Column, Figure, Model } from "../../model/model.ts";
import { ROUNDING_LABELS } from "../../model/money.ts";
import { ADOPTED_WORDS, adoptedPrints } from "../../model/print.ts";
import { formatSource } from "../../model/provenance.ts";
import { amountText } from "../../model/quantity.ts";
import { rateText, ratioPercent } from "../../model/tax.ts";
import { inLang, type Lang, type Text } from "../../model/text.ts";
import { modelColumn, statementTable } from "../statement-table.ts";
import { emWidth } from "../text-width.ts";
import { countsLine, esc, SECTION_WORDS, TOTAL_COLUMN_KEY } from "./html.ts";

/** The book in one line: its year, unit, rounding, segments and folder, in `lang`. */
function metaLine(model: Model, lang: Lang): string {
  const b = model.book;
  const dir = `<span class="mono">${esc(b.dir)}</span>`;
  const n = b.segments.length;
  // A book without segments is one entity: nothing to count.
  if (lang === "ja")
    return `${esc(b.fiscalYear.label)}（${esc(b.fiscalYear.start)} 〜 ${esc(b.fiscalYear.end)}）・単位：${esc(b.unit)}・端数処理：${esc(ROUNDING_LABELS[b.rounding])}・${n === 0 ? "" : `${n} ${esc(b.segmentTerm)}・`}${dir}`;
  return `${esc(b.fiscalYear.label)} (${esc(b.fiscalYear.start)} – ${esc(b.fiscalYear.end)}) · unit: ${esc(b.unit)} · rounding: ${esc(b.rounding)} · ${n === 0 ? "" : `${n} ${n === 1 ? "segment" : "segments"} (${esc(b.segmentTerm)}) · `}${dir}`;
}

/**
 * The adopted 議案 among the prints of the shown version, each a line: its title with the tag
 * 議決 beside it and what it means, each ending its line (the report's header,
 * serve's overview); nothing when no print is adopted.
 */
export function adoptedLines(model: Model, lang: Lang): string {
  const b = model.book;
  return adoptedPrints(b.prints, b.version)
    .map(
      (p) =>
        `<p class="note adopted">${esc(p.title)} <span class="tag adopted">${esc(inLang(ADOPTED_WORDS.tag, lang))}</span>${lang === "ja" ? "：" : ": "}${esc(inLang(ADOPTED_WORDS.meaning, lang))}</p>\n`,
    )
    .join("");
}

/** The page's header; `sections` are further sections to link to (the comparisons). */
export function renderHeader(
  model: Model,
  counts: FindingCounts,
  sections: readonly { readonly id: string; readonly title: string }[],
  lang: Lang,
): string {
  const b = model.book;
  const status = counts.failed > 0 ? "fail" : counts.warned > 0 ? "warn" : "pass";
  const w = (t: Text) => esc(inLang(t, lang));
  return `<header>
<h1>${esc(b.entity)} <span class="book-title">${esc(b.title)}</span></h1>
<p class="meta">${metaLine(model, lang)}</p>
${[
  ...new Set(
    b.prints
      .filter((p) => p.version === b.version)
      .map((p) => p.note)
      .filter((n) => n !== ""),
  ),
]
  .map((n) => `<p class="note">${esc(n)}</p>`)
  .join("\n")}
${adoptedLines(model, lang)}<p class="status status-${status}">${esc(countsLine({ pass: counts.passed, fail: counts.failed, warn: counts.warned, built: counts.structural }, lang))}</p>
<nav class="screen-only"><a href="#statements">${w(SECTION_WORDS.statements)}</a> · <a href="#checks">${w(SECTION_WORDS.checks)}</a> · <a href="#charts">${w(SECTION_WORDS.charts)}</a>${sections.map((s) => ` · <a href="#${esc(s.id)}">${esc(s.title)}</a>`).join("")}</nav>
</header>`;
}

function refLabel(model: Model, ref: LineReference): string {
  if (ref.kind === "line") return model.book.lines.find((l) => l.id === ref.id)?.label ?? ref.id;
  const schedule = model.book.schedules.find((s) => s.id === ref.schedule);
  const column = schedule?.columns.find((c) => c.id === ref.column);
  return `${schedule?.title ?? ref.schedule} ${column?.label ?? ref.column}`;
}

const MAX_SOURCES_IN_TOOLTIP = 12;

/** Tooltip of an amount cell: the formula with its terms, or the input cells; in `lang`. */
function figureTooltip(model: Model, line: LayoutLine, figure: Figure, lang: Lang): string {
  const ja = lang === "ja";
  const formula = ja ? "式" : "formula";
  const d = figure.derivation;
  if (d.kind === "formula") {
    if (d.terms.length === 0) return `${line.label} = 0\n${formula}: ${d.formula.text}`;
    const terms = d.terms
      .map((t, i) => {
        const op = t.sign < 0 ? (i === 0 ? "− " : " − ") : i === 0 ? "" : " + ";
        return `${op}${refLabel(model, t.ref)} ${amountText(t.amount)}`;
      })
      .join("");
    return `${line.label} = ${terms}\n${formula}: ${d.formula.text}`;
  }
  if (d.kind === "tax") {
    const parts = d.parts.map(
      (p) =>
        `${p.sign < 0 ? "− " : "+ "}${refLabel(model, { kind: "line", id: p.line })} ${amountText(p.tax)} (${ja ? "税込" : "tax-inclusive"} ${amountText(p.gross)}, ${rateText(p.rate)})`,
    );
    return [
      `${line.label} = ${ja ? "消費税" : "tax in"} ${d.formula.text}`,
      ...parts.slice(0, MAX_SOURCES_IN_TOOLTIP),
      ...(parts.length > MAX_SOURCES_IN_TOOLTIP
        ? [
            ja
              ? `… ほか ${parts.length - MAX_SOURCES_IN_TOOLTIP} 件`
              : `… ${parts.length - MAX_SOURCES_IN_TOOLTIP} more`,
          ]
        : []),
    ].join("\n");
  }
  if (d.kind === "non-deductible") {
    const r = d.result;
    const ratio = ratioPercent(r.ratio, d.threshold);
    return [
      `${line.label} = ${ja ? "特定収入に係る課税仕入れ等の税額" : "the 課税仕入れ等の税額 of 特定収入"}`,
      `特定収入割合 ${ratio} (${ja ? "基準" : "threshold"} ${d.threshold.toFixed()}%)`,
      `課税仕入れ等の税額 ${amountText(d.purchasesTax)}: ${d.formula.text}`,
    ].join("\n");
  }
  if (d.entries.length === 0) return `${line.label}: ${ja ? "入力なし" : "no input"} (0)`;
  const shown = d.entries.slice(0, MAX_SOURCES_IN_TOOLTIP).map((e) => {
    // A book without segments: no segment to name beside the cell.
    const seg =
      model.book.segments.length === 0
        ? ""
        : `  ${e.segment === null ? JA.unallocated : segmentLabel(model.book.segments, e.segment)}`;
    const rows = rowCount(e);
    const others = formatCount(rows - 1);
    const also = ja ? ` ほか ${others} 行` : ` and ${others} more row${rows === 2 ? "" : "s"}`;
    return `${formatSource(e.source)}${rows > 1 ? also : ""}${seg}  ${amountText(e.amount)}`;
  });
  const more = d.entries.length - shown.length;
  const rows = d.entries.reduce((n, e) => n + rowCount(e), 0);
  const count = formatCount(rows);
  return [
    ja
      ? `${line.label}: 入力 ${count} 件`
      : `${line.label}: ${count} input row${rows === 1 ? "" : "s"}`,
    ...shown,
    ...(more > 0 ? [ja ? `… ほか ${more} 件` : `… ${more} more`] : []),
  ].join("\n");
}

function amountCell(
  model: Model,
  line: LayoutLine,
  column: Column,
  figure: Figure,
  lang: Lang,
): string {
  const amount = figure.amount;
  const cls = `amt${amount.isNegative() ? " neg" : ""}${column === null ? " total-col" : ""}`;
  // A quantity carries its unit after the figure (「12,345 戸」): it is not in the book's money unit.
  return `<td class="${cls}" data-line="${esc(line.id)}" data-segment="${esc(column ?? TOTAL_COLUMN_KEY)}" title="${esc(figureTooltip(model, line, figure, lang))}">${esc(amountText(amount))}</td>`;
}

/**
 * One statement as an HTML table: its statement table, segments as columns, 合計 last; yosan's
 * words (tooltips, tags) in `lang`.
 */
export function renderStatement(model: Model, def: StatementDef, lang: Lang): string {
  const table = statementTable(model, def);
  const head = [
    `<th class="label" scope="col">${JA.account}</th>`,
    ...table.columns.map((c) =>
      c.kind === "total"
        ? `<th scope="col" class="total-col">${esc(c.label)}</th>`
        : `<th scope="col">${esc(c.label)}</th>`,
    ),
  ].join("");
  const labelEm = Math.min(
    24,
    Math.max(10, ...table.rows.map((r) => emWidth(r.line.label) + 0.8 + r.line.level * 1.2)) + 0.6,
  );
  // One figure column (a book without segments, 科目 | 金額): as wide as its figures, not the page.
  const single = table.columns.length === 1;
  const rows = table.rows.map((r) => {
    const l = r.line;
    const indent = `style="padding-left:${(0.4 + l.level * 1.2).toFixed(1)}em"`;
    if (l.kind === "heading") {
      return `<tr class="heading"><th scope="row" class="label" ${indent}>${esc(l.label)}</th><td colspan="${table.columns.length}"></td></tr>`;
    }
    const cls = r.subtotal ? "subtotal" : l.kind;
    const cells = r.cells
      .map((cell, i) => {
        const column = table.columns[i];
        const c = column ? modelColumn(column) : undefined;
        return cell.figure && c !== undefined ? amountCell(model, l, c, cell.figure, lang) : "";
      })
      .join("");
    return `<tr class="${cls}" id="${esc(`line-${l.id}`)}"><th scope="row" class="label" ${indent}>${esc(l.label)}</th>${cells}</tr>`;
  });
  return `<div class="statement${def.role === "supplementary" ? " supplementary" : ""}" id="${esc(`statement-${def.id}`)}">
<h3>${esc(def.title)} <small>${esc(def.period)}</small>${def.role === "supplementary" ? ` <span class="tag">${lang === "ja" ? "補足" : "supplementary"}</span>` : ""}</h3>
<table class="fs"${single ? ' style="width:auto"' : ""}><colgroup><col class="label-col" style="width:${labelEm.toFixed(1)}em">${table.columns.map(() => (single ? '<col style="width:12em">' : "<col>")).join("")}</colgroup>
<thead><tr>${head}</tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table></div>`;
}
