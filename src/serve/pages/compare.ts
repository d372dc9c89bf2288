/**
 * The comparison page: two versions of the book (A and B, any two — 当初 and 現計, 現計 and 決算,
 * last year's print and this year's budget) for 合計 or one segment, every line of every
 * statement in the document's layout: A | B | 差額 | 増減率 (執行率 | 予算残額 when B runs to a
 * month-end) | 備考; a budget against settled figures in the words of the 決算報告書 (区分 |
 * 予算額 | 決算額 | 差額 | 備考). Then the comparison's checks, charts and moved lines as the
 * report draws them. The same comparison as `yosan compare A B` (check/variance.ts), laid out
 * from the same blocks as the workbook's comparison sheets (render/comparison-blocks.ts).
 */
import { formatRate } from "../../derive/compare.ts";
import type { Version } from "../../model/book.ts";
import { JA, segmentLabel, unitNote, VERSION_KIND_LABELS } from "../../model/glossary.ts";
import type { Column } from "../../model/model.ts";
import type { Money } from "../../model/money.ts";
import { noteKey } from "../../model/version.ts";
import { versionLabel } from "../../render/comparison.ts";
import {
  type ComparisonBlock,
  type ComparisonHeadings,
  comparisonBlocks,
  comparisonHeadings,
  type DeclaredComparison,
} from "../../render/comparison-blocks.ts";
import { renderComparisons } from "../../render/report/comparisons.ts";
import { resolveReportLines } from "../../render/report/report-lines.ts";
import { emWidth } from "../../render/text-width.ts";
import type { LoadedState } from "../live-book.ts";
import { firstComparison } from "../versions.ts";
import { columnKey, esc } from "./shell.ts";

/** What the page was asked for: versions A and B (id or name) and the column. */
export interface CompareRequest {
  readonly a: string | undefined;
  readonly b: string | undefined;
  readonly segment: Column;
}

function find(state: LoadedState, text: string | undefined): Version | undefined {
  if (text === undefined || text === "") return undefined;
  return state.book.versions.list.find((v) => v.id === text || v.name === text);
}

function select(name: string, label: string, options: string, id = name): string {
  return `<label>${esc(label)} <select name="${name}" id="${id}">${options}</select></label>`;
}

/** The form that picks A, B and the column. */
function picker(state: LoadedState, a: string, b: string, column: Column): string {
  const book = state.book;
  const versions = (chosen: string) =>
    book.versions.list
      .map(
        (v) =>
          `<option value="${esc(v.id)}"${v.id === chosen ? " selected" : ""}>${esc(`${v.name}（${VERSION_KIND_LABELS[v.kind]}）`)}</option>`,
      )
      .join("");
  const columns = [null, ...book.segments.map((s) => s.id)]
    .map(
      (c) =>
        `<option value="${esc(c ?? "")}"${c === column ? " selected" : ""}>${esc(segmentLabel(book.segments, c))}</option>`,
    )
    .join("");
  return `<form method="get" action="/compare" class="compare-picker" id="compare-picker">
${select("a", "A", versions(a))} ${select("b", "B", versions(b))} ${select("segment", book.segmentTerm, columns)}
<button type="submit" class="primary">比較</button>
</form>`;
}

function amountCell(m: Money, extra = ""): string {
  return `<td class="amt${m.isNegative() ? " neg" : ""}${extra}">${esc(m.format())}</td>`;
}

function rateText(rate: string): string {
  return rate.replace(/^-/, "△");
}

/** One statement of one column: every line, A | B | 差額 | rates | 備考. */
function blockTable(
  block: ComparisonBlock,
  headings: ComparisonHeadings,
  overruns: ReadonlySet<string>,
): string {
  const head = [
    `<th class="label" scope="col">${esc(headings.label)}</th>`,
    `<th scope="col">A ${esc(headings.a)}</th>`,
    `<th scope="col">B ${esc(headings.b)}</th>`,
    `<th scope="col">${esc(headings.difference)}</th>`,
    ...headings.rates.map((r) => `<th scope="col">${esc(r)}</th>`),
    `<th scope="col" class="note-col">${esc(headings.note)}</th>`,
  ].join("");
  const width = 4 + headings.rates.length;
  const labelEm = Math.min(
    24,
    Math.max(10, ...block.rows.map((r) => emWidth(r.line.label) + 0.8 + r.line.level * 1.2)) + 0.6,
  );
  const cols = `<colgroup><col class="label-col" style="width:${labelEm.toFixed(1)}em">${'<col class="amount-col">'.repeat(width - 1)}<col class="note-col"></colgroup>`;
  const rows = block.rows.map(({ line, closesGroup, compared: r }) => {
    const indent = `style="padding-left:${(0.4 + line.level * 1.2).toFixed(1)}em"`;
    if (r === undefined)
      return `<tr class="heading"><th scope="row" class="label" ${indent}>${esc(line.label)}</th><td colspan="${width}"></td></tr>`;
    const rates = headings.execution
      ? [
          `<td class="amt">${esc(rateText(formatRate(r.execution?.rate ?? null)))}</td>`,
          amountCell(r.execution?.remaining ?? r.a.minus(r.b)),
        ]
      : [`<td class="amt">${esc(rateText(formatRate(r.rate)))}</td>`];
    const over = overruns.has(noteKey(line.id, r.segment));
    const cls = [closesGroup ? "subtotal" : line.kind, r.difference.isZero() ? "" : "moved"]
      .concat(over ? ["overrun"] : [])
      .filter((x) => x !== "")
      .join(" ");
    const note = r.note
      ? `<span title="${esc(`${r.note.source.file}:${r.note.source.row}`)}">${esc(r.note.text)}</span>`
      : "";
    return `<tr class="${cls}" data-line="${esc(line.id)}" data-segment="${esc(columnKey(r.segment))}"><th scope="row" class="label" ${indent}>${esc(line.label)}${over ? ' <span class="tag fail">予算超過</span>' : ""}</th>${amountCell(r.a)}${amountCell(r.b)}${amountCell(r.difference, " diff")}${rates.join("")}<td class="note">${note}</td></tr>`;
  });
  return `<div class="statement compared" id="${esc(`compare-${block.statement.id}`)}">
<h3>${esc(block.statement.title)} <small>${esc(block.statement.period)}</small></h3>
<table class="fs comparison-table">${cols}<thead><tr>${head}</tr></thead><tbody>
${rows.join("\n")}
</tbody></table></div>`;
}

/** The body of the comparison page. */
export function comparePage(state: LoadedState, request: CompareRequest): string {
  const book = state.book;
  const first = firstComparison(book);
  if (!first)
    return `<h1>版の比較</h1><p class="muted">この帳簿には版が 1 つしかありません（book.json の versions で当初予算・補正予算・決算などを宣言すると比較できます）。</p>`;
  const a = find(state, request.a ?? first.a);
  const b = find(state, request.b ?? first.b);
  const form = picker(state, a?.id ?? first.a, b?.id ?? first.b, request.segment);
  if (!a || !b) {
    const unknown = !a ? request.a : request.b;
    return `<h1>版の比較</h1>${form}<p class="error">版「${esc(unknown ?? "")}」はこの帳簿にありません。</p>`;
  }
  const dc: DeclaredComparison = state.versions.compare(a, b);
  const c = dc.comparison;
  const headings = comparisonHeadings(c, dc.declared.layout);
  const overruns = new Set(
    dc.findings
      .filter((f) => f.check === "variance.overrun" && f.status !== "pass" && f.line)
      .map((f) => noteKey(f.line ?? "", f.segment ?? null)),
  );
  const blocks = comparisonBlocks(c).filter((x) => x.segment === request.segment);
  const where = segmentLabel(book.segments, request.segment);
  const tables =
    blocks.length > 0
      ? blocks.map((x) => blockTable(x, headings, overruns)).join("\n")
      : `<p class="muted">${esc(where)}の行はこの比較にありません（前年度の版は印刷された列の行だけを持ちます）。</p>`;
  const model = state.model;
  return `<h1>版の比較 <small>${esc(dc.declared.title)} · ${esc(where)} ${esc(unitNote(book.unit))}</small></h1>
${form}
<p class="meta" id="compare-versions">A：${esc(versionLabel(c.a))}<br>B：${esc(versionLabel(c.b))}<br>${esc(JA.difference)} = B − A</p>
<div class="compare-tables">
${tables}
</div>
${renderComparisons(model, resolveReportLines(model, book.report ?? {}), [dc])}`;
}
