import type { Version } from "../../model/book.ts";
import { JA, segmentLabel, unitNote, VERSION_KIND_LABELS } from "../../model/glossary.ts";
import type { Column } from "../../model/model.ts";
import { findVersion } from "../../model/version.ts";
import { versionLabel } from "../../render/comparison.ts";
import {
  comparisonBlocks,
  comparisonHeadings,
  type DeclaredComparison,
} from "../../render/comparison-blocks.ts";
import {
  comparisonBlockTable,
  overrunKeys,
  renderComparisons,
} from "../../render/report/comparisons.ts";
import { resolveReportLines } from "../../render/report/report-lines.ts";
import type { LoadedState } from "../live-book.ts";
import { firstComparison } from "../versions.ts";
import { esc } from "./shell.ts";

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
  const overruns = overrunKeys(dc.findings);
  const blocks = comparisonBlocks(c).filter((x) => x.segment === request.segment);
  const where = segmentLabel(book.segments, request.segment);
  const tables =
    blocks.length > 0
      ? blocks.map((x) => comparisonBlockTable(x, headings, overruns)).join("\n")
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
