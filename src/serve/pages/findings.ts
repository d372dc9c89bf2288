/**
 * The findings page: every finding of the catalogue, filtered by status, check, statement and
 * segment, each with what was expected, what was found, the difference, the range rounding
 * allowed, the sources on both sides and the hint (the catalogue's words, or the book's for
 * its own checks). A finding about a printed figure is shown against the document's own line
 * (the book carries its source document), the printed figure marked and, for a lost sign, the
 * figure as it should have been printed.
 */
import {
  type CheckStatus,
  type CountedStatus,
  checkWords,
  countedStatus,
  declaredWords,
  type Finding,
  formatAllowed,
  formatCompared,
} from "../../model/findings.ts";
import { JA } from "../../model/glossary.ts";
import type { PrintedCell, PrintRow } from "../../model/print.ts";
import { formatSource, type Source } from "../../model/provenance.ts";
import { findingPlace } from "../../render/check-report.ts";
import type { LoadedState } from "../live-book.ts";
import type { PageView } from "../view.ts";
import { columnKey, esc } from "./shell.ts";

/** Which findings the page lists. */
interface FindingFilter {
  /** `open` (failures and warnings, the default), a status, `built`, or `all`. */
  readonly status: string;
  readonly check: string;
  readonly statement: string;
  /** "" any, 合計 for the total, or a segment id. */
  readonly segment: string;
  /** Which page of PAGE_SIZE findings (1-based). */
  readonly page: number;
}

/** Findings listed per page (a page of all 1,400 of FY29 would take seconds to lay out). */
const PAGE_SIZE = 200;

function pageLink(filter: FindingFilter, page: number, label: string): string {
  const q = new URLSearchParams({
    status: filter.status,
    check: filter.check,
    statement: filter.statement,
    segment: filter.segment,
    page: String(page),
  });
  return `<a href="/findings?${esc(q.toString())}" rel="${page > filter.page ? "next" : "prev"}">${label}</a>`;
}

function pager(filter: FindingFilter, count: number): string {
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  if (pages === 1) return "";
  const page = Math.min(Math.max(1, filter.page), pages);
  const from = (page - 1) * PAGE_SIZE + 1;
  const to = Math.min(count, page * PAGE_SIZE);
  return `<p class="pager">${page > 1 ? pageLink(filter, page - 1, "« 前へ") : ""} ${from.toLocaleString("en-US")}–${to.toLocaleString("en-US")} 件目（${page} / ${pages} ページ） ${page < pages ? pageLink(filter, page + 1, "次へ »") : ""}</p>`;
}

const STATUS_CHOICES: readonly [string, string][] = [
  ["open", "不一致と警告"],
  ["fail", "不一致"],
  ["warn", "警告"],
  ["pass", "一致"],
  ["built", "構成上成立"],
  ["all", "すべて"],
];

const BADGE: Record<CountedStatus, [CheckStatus, string]> = {
  fail: ["fail", "不一致"],
  warn: ["warn", "警告"],
  pass: ["pass", "一致"],
  built: ["pass", "構成上成立"],
};

function matches(f: Finding, filter: FindingFilter): boolean {
  const status = countedStatus(f);
  if (filter.status === "open" && status !== "fail" && status !== "warn") return false;
  if (filter.status !== "open" && filter.status !== "all" && status !== filter.status) return false;
  if (filter.check !== "" && f.check !== filter.check) return false;
  if (filter.statement !== "" && f.statement !== filter.statement) return false;
  if (filter.segment === JA.total && f.segment !== undefined) return false;
  if (filter.segment !== "" && filter.segment !== JA.total && f.segment !== filter.segment)
    return false;
  return true;
}

/** The printed cell a finding's first source is, with its row: where a print is cited. */
const printedCells = new WeakMap<LoadedState, Map<Source, { row: PrintRow; cell: PrintedCell }>>();

function printedCellOf(state: LoadedState, f: Finding) {
  let map = printedCells.get(state);
  if (!map) {
    map = new Map();
    for (const p of state.book.prints)
      for (const row of p.rows)
        for (const cell of row.cells.values()) map.set(cell.source, { row, cell });
    printedCells.set(state, map);
  }
  return f.sources[0] === undefined ? undefined : map.get(f.sources[0]);
}

/** The document's line a printed figure comes from, the figure marked. */
function documentLine(state: LoadedState, f: Finding): string {
  if (!f.check.startsWith("published.")) return "";
  const printed = printedCellOf(state, f);
  if (!printed || printed.row.reference === "") return "";
  const line = state.documents.line(printed.row.reference);
  if (!line) return "";
  const at = printed.cell.text === "" ? -1 : line.text.indexOf(printed.cell.text);
  const text =
    at < 0
      ? esc(line.text)
      : `${esc(line.text.slice(0, at))}<mark>${esc(printed.cell.text)}</mark>${esc(line.text.slice(at + printed.cell.text.length))}`;
  const fix =
    f.check === "published.sign" && f.compared
      ? ` <span class="fix">→ ${esc(formatCompared(f.compared, "expected"))}</span>`
      : "";
  return `<div class="doc-line" title="${esc(`${line.file}:${line.line}`)}"><span class="muted">${esc(line.file)}:${line.line}</span>  ${text}${fix}</div>`;
}

function findingCard(view: PageView, f: Finding, words: ReturnType<typeof checkWords>): string {
  const model = view.model;
  const [badge, badgeWord] = BADGE[countedStatus(f)];
  const c = f.compared;
  const allowed = c ? formatAllowed(c) : undefined;
  const numbers = c
    ? `<dl class="numbers"><dt>期待値</dt><dd>${esc(formatCompared(c, "expected"))}</dd><dt>実際</dt><dd>${esc(formatCompared(c, "actual"))}</dd><dt>差額</dt><dd>${esc(formatCompared(c, "difference"))}</dd>${allowed ? `<dt>許容範囲</dt><dd class="range">${esc(allowed)}</dd>` : ""}</dl>`
    : "";
  const sources =
    f.sources.length > 0
      ? `<p class="sources">出典: ${f.sources.map((s) => `<span class="mono">${esc(formatSource(s))}</span>`).join(" ")}</p>`
      : "";
  const line = f.line
    ? model.book.lines.find((l) => l.id === f.line && l.kind !== "heading")
    : undefined;
  const segment = f.segment ?? JA.total;
  const drill = line
    ? `<p><a href="/statements?segment=${encodeURIComponent(f.segment ?? "")}&amp;explain=${encodeURIComponent(line.id)}&amp;at=${encodeURIComponent(columnKey(f.segment ?? null))}">算出過程を見る</a></p>`
    : "";
  return `<li class="finding finding-${badge}" data-check="${esc(f.check)}" data-status="${countedStatus(f)}" data-statement="${esc(f.statement ?? "")}" data-line="${esc(f.line ?? "")}" data-segment="${esc(segment)}">
<p class="finding-head"><span class="badge badge-${badge}">${badgeWord}</span> <code>${esc(f.check)}</code> ${esc(words.title)}</p>
<p class="target">${esc(findingPlace(model, f))}</p>
${numbers}
<p class="message">${esc(f.message)}</p>
${documentLine(view.state, f)}
${sources}
<p class="hint">確認: ${esc(words.hint)}</p>
${drill}
</li>`;
}

function select(name: string, label: string, value: string, options: [string, string][]): string {
  const opts = options
    .map(
      ([v, l]) => `<option value="${esc(v)}"${v === value ? " selected" : ""}>${esc(l)}</option>`,
    )
    .join("");
  return `<label>${esc(label)}<select name="${name}">${opts}</select></label>`;
}

/** Findings as the page lists them (the commitments page lists its own with this). */
export function findingList(view: PageView, findings: readonly Finding[]): string {
  const declared = declaredWords(view.model.book.checks);
  return `<ol class="findings">\n${findings.map((f) => findingCard(view, f, checkWords(f.check, declared.get(f.check)))).join("\n")}\n</ol>`;
}

/** The body of the findings page. */
export function findingsPage(view: PageView, filter: FindingFilter): string {
  const model = view.model;
  const b = model.book;
  const declared = declaredWords(b.checks);
  const words = new Map(
    [...new Set(view.findings.map((f) => f.check))].map((id) => [
      id,
      checkWords(id, declared.get(id)),
    ]),
  );
  const shown = view.findings.filter((f) => matches(f, filter));
  const form = `<form class="filters" method="get" action="/findings">
${select("status", "状態", filter.status, [...STATUS_CHOICES])}
${select("check", "チェック", filter.check, [["", "すべて"], ...[...words].map(([id, w]): [string, string] => [id, `${id} — ${w.title}`])])}
${select("statement", "計算書", filter.statement, [["", "すべて"], ...b.statements.map((s): [string, string] => [s.id, s.title])])}
${select("segment", b.segmentTerm, filter.segment, [["", "すべて"], [JA.total, JA.total], ...b.segments.map((s): [string, string] => [s.id, s.name])])}
<noscript><button type="submit">絞り込む</button></noscript>
</form>`;
  const quick = `<p class="quick">よく使う絞り込み: <a href="/findings?status=all&amp;check=published.sign">印刷で失われた符号（published.sign）</a> <a href="/findings?status=fail">不一致</a> <a href="/findings?status=warn">警告</a> <a href="/findings?status=all">すべて</a></p>`;
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const first = (Math.min(Math.max(1, filter.page), pages) - 1) * PAGE_SIZE;
  const list =
    shown.length === 0
      ? '<p class="status status-pass" id="no-findings">該当するチェック結果はありません。</p>'
      : `${pager(filter, shown.length)}<ol class="findings">\n${shown
          .slice(first, first + PAGE_SIZE)
          .map((f) => findingCard(view, f, words.get(f.check) ?? checkWords(f.check)))
          .join("\n")}\n</ol>${pager(filter, shown.length)}`;
  return `<h1>チェック結果 <small id="findings-count">${shown.length.toLocaleString("en-US")} 件 / 全 ${view.findings.length.toLocaleString("en-US")} 件</small></h1>
${form}
${quick}
${list}`;
}
