import type { Version } from "../../model/book.ts";
import { segmentLabel, unitNote } from "../../model/glossary.ts";
import type { Column } from "../../model/model.ts";
import { inLang, type Lang } from "../../model/text.ts";
import { findVersion } from "../../model/version.ts";
import { versionLabel } from "../../render/comparison.ts";
import {
  comparisonBlocks,
  comparisonHeadings,
  type DeclaredComparison,
  shownLines,
} from "../../render/comparison-blocks.ts";
import {
  comparisonBlockTable,
  overrunKeys,
  renderComparisons,
} from "../../render/report/comparisons.ts";
import { resolveReportLines } from "../../render/report/report-lines.ts";
import type { LoadedState } from "../live-book.ts";
import { firstComparison } from "../versions.ts";
import { esc, VERSION_KIND_WORDS, wordsIn } from "./shell.ts";

/** What the page was asked for: versions A and B (id or name) and the column. */
interface CompareRequest {
  readonly a: string | undefined;
  readonly b: string | undefined;
  readonly segment: Column;
}

function find(state: LoadedState, text: string | undefined): Version | undefined {
  return text === undefined || text === "" ? undefined : findVersion(state.book, text);
}

function select(name: string, label: string, options: string, id = name): string {
  return `<label>${esc(label)} <select name="${name}" id="${id}">${options}</select></label>`;
}

/** The form that picks A, B and the column. */
function picker(state: LoadedState, a: string, b: string, column: Column, lang: Lang): string {
  const t = wordsIn(lang);
  const book = state.book;
  const versions = (chosen: string) =>
    book.versions.list
      .map(
        (v) =>
          `<option value="${esc(v.id)}"${v.id === chosen ? " selected" : ""}>${esc(t(`${v.name}（${inLang(VERSION_KIND_WORDS[v.kind], lang)}）`, `${v.name} (${inLang(VERSION_KIND_WORDS[v.kind], lang)})`))}</option>`,
      )
      .join("");
  const columns = [null, ...book.segments.map((s) => s.id)]
    .map(
      (c) =>
        `<option value="${esc(c ?? "")}"${c === column ? " selected" : ""}>${esc(segmentLabel(book.segments, c))}</option>`,
    )
    .join("");
  // A book without segments: the total is all there is, nothing to pick.
  const segment =
    book.segments.length === 0 ? "" : ` ${select("segment", book.segmentTerm, columns)}`;
  return `<form method="get" action="/compare" class="compare-picker" id="compare-picker">
${select("a", "A", versions(a))} ${select("b", "B", versions(b))}${segment}
<button type="submit" class="primary">${t("比較", "Compare")}</button>
</form>`;
}

/** The body of the comparison page. */
export function comparePage(state: LoadedState, request: CompareRequest, lang: Lang): string {
  const t = wordsIn(lang);
  const heading = t("版の比較", "Compare versions");
  const book = state.book;
  const first = firstComparison(book);
  if (!first)
    return `<h1>${heading}</h1><p class="muted">${t("この帳簿には版が 1 つしかありません（book.json の versions で当初予算・補正予算・決算などを宣言すると比較できます）。", "This book has one version only (declare its versions — 当初予算, 補正予算, 決算 … — under versions in book.json to compare them).")}</p>`;
  const a = find(state, request.a ?? first.a);
  const b = find(state, request.b ?? first.b);
  const form = picker(state, a?.id ?? first.a, b?.id ?? first.b, request.segment, lang);
  if (!a || !b) {
    const unknown = esc((!a ? request.a : request.b) ?? "");
    return `<h1>${heading}</h1>${form}<p class="error">${t(`版「${unknown}」はこの帳簿にありません。`, `There is no version 「${unknown}」 in this book.`)}</p>`;
  }
  const dc: DeclaredComparison = state.versions.compare(a, b);
  const c = dc.comparison;
  const headings = comparisonHeadings(c, dc.declared.layout);
  const overruns = overrunKeys(dc.findings);
  // A 補正予算's document (款・項, 合計) is the report section below: not shown twice.
  const blocks =
    dc.declared.layout === "revision"
      ? []
      : comparisonBlocks(c, shownLines(dc.declared)).filter((x) => x.segment === request.segment);
  const where = segmentLabel(book.segments, request.segment);
  const tables =
    dc.declared.layout === "revision"
      ? ""
      : blocks.length > 0
        ? blocks.map((x) => comparisonBlockTable(x, headings, overruns, lang)).join("\n")
        : `<p class="muted">${t(`${esc(where)}の行はこの比較にありません（前年度の版は印刷された列の行だけを持ちます）。`, `This comparison has no rows for ${esc(where)} (a previous year's version has only the rows of its printed column).`)}</p>`;
  const model = state.model;
  const colon = t("：", ": ");
  const shownWhere = book.segments.length === 0 ? "" : ` · ${esc(where)}`;
  return `<h1>${heading} <small>${esc(dc.declared.title)}${shownWhere} ${esc(unitNote(book.unit))}</small></h1>
${form}
<p class="meta" id="compare-versions">A${colon}${esc(versionLabel(c.a, lang))}<br>B${colon}${esc(versionLabel(c.b, lang))}<br>${esc(headings.difference)} = B − A</p>
<div class="compare-tables">
${tables}
</div>
${renderComparisons(model, resolveReportLines(model, book.report ?? {}), [dc], lang)}`;
}
