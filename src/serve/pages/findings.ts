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
  STATUS_WORDS,
} from "../../model/findings.ts";
import { JA } from "../../model/glossary.ts";
import type { PrintedCell, PrintRow } from "../../model/print.ts";
import { formatSource, type Source } from "../../model/provenance.ts";
import { inLang, type Lang, say, type Text } from "../../model/text.ts";
import { findingPlace } from "../../render/check-report.ts";
import type { LoadedState } from "../live-book.ts";
import type { PageView } from "../view.ts";
import { columnKey, esc, wordsIn } from "./shell.ts";

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

function pager(filter: FindingFilter, count: number, lang: Lang): string {
  const t = wordsIn(lang);
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  if (pages === 1) return "";
  const page = Math.min(Math.max(1, filter.page), pages);
  const from = (page - 1) * PAGE_SIZE + 1;
  const to = Math.min(count, page * PAGE_SIZE);
  const range = `${from.toLocaleString("en-US")}–${to.toLocaleString("en-US")}`;
  return `<p class="pager">${page > 1 ? pageLink(filter, page - 1, t("« 前へ", "« Previous")) : ""} ${t(`${range} 件目（${page} / ${pages} ページ）`, `${range} of ${count.toLocaleString("en-US")} (page ${page} of ${pages})`)} ${page < pages ? pageLink(filter, page + 1, t("次へ »", "Next »")) : ""}</p>`;
}

/** All of them, in a filter's choices. */
const ALL = say("すべて", "all");

const STATUS_CHOICES: readonly [string, Text][] = [
  ["open", say("不一致と警告", "fail and warn")],
  ["fail", STATUS_WORDS.fail],
  ["warn", STATUS_WORDS.warn],
  ["pass", STATUS_WORDS.pass],
  ["built", STATUS_WORDS.built],
  ["all", ALL],
];

/** The badge of a finding: its colour (a check status) for each counted status. */
const BADGE: Record<CountedStatus, CheckStatus> = {
  fail: "fail",
  warn: "warn",
  pass: "pass",
  built: "pass",
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

function findingCard(
  view: PageView,
  f: Finding,
  words: ReturnType<typeof checkWords>,
  lang: Lang,
): string {
  const t = wordsIn(lang);
  const model = view.model;
  const status = countedStatus(f);
  const badge = BADGE[status];
  const badgeWord = inLang(STATUS_WORDS[status], lang);
  const c = f.compared;
  const allowed = c ? formatAllowed(c) : undefined;
  const numbers = c
    ? `<dl class="numbers"><dt>${f.relation === "<=" ? t("上限", "Limit") : f.relation === ">=" ? t("下限", "Minimum") : t("期待値", "Expected")}</dt><dd>${esc(formatCompared(c, "expected"))}</dd><dt>${t("実際", "Actual")}</dt><dd>${esc(formatCompared(c, "actual"))}</dd><dt>${t("差額", "Difference")}</dt><dd>${esc(formatCompared(c, "difference"))}</dd>${allowed ? `<dt>${t("許容範囲", "Allowed range")}</dt><dd class="range">${esc(allowed)}</dd>` : ""}</dl>`
    : "";
  const sources =
    f.sources.length > 0
      ? `<p class="sources">${t("出典:", "Sources:")} ${f.sources.map((s) => `<span class="mono">${esc(formatSource(s, lang))}</span>`).join(" ")}</p>`
      : "";
  const line = f.line
    ? model.book.lines.find((l) => l.id === f.line && l.kind !== "heading")
    : undefined;
  const segment = f.segment ?? JA.total;
  const drill = line
    ? `<p><a href="/statements?segment=${encodeURIComponent(f.segment ?? "")}&amp;explain=${encodeURIComponent(line.id)}&amp;at=${encodeURIComponent(columnKey(f.segment ?? null))}">${t("算出過程を見る", "See the derivation")}</a></p>`
    : "";
  return `<li class="finding finding-${badge}" data-check="${esc(f.check)}" data-status="${status}" data-statement="${esc(f.statement ?? "")}" data-line="${esc(f.line ?? "")}" data-segment="${esc(segment)}">
<p class="finding-head"><span class="badge badge-${badge}">${esc(badgeWord)}</span> <code>${esc(f.check)}</code> ${esc(inLang(words.title, lang))}</p>
<p class="target">${esc(findingPlace(model, f))}</p>
${numbers}
<p class="message">${esc(inLang(f.message, lang))}</p>
${documentLine(view.state, f)}
${sources}
<p class="hint">${t("対処:", "Hint:")} ${esc(inLang(words.hint, lang))}</p>
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
export function findingList(view: PageView, findings: readonly Finding[], lang: Lang): string {
  const declared = declaredWords(view.model.book.checks);
  return `<ol class="findings">\n${findings.map((f) => findingCard(view, f, checkWords(f.check, declared.get(f.check)), lang)).join("\n")}\n</ol>`;
}

/** The body of the findings page. */
export function findingsPage(view: PageView, filter: FindingFilter, lang: Lang): string {
  const t = wordsIn(lang);
  const all = inLang(ALL, lang);
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
${select(
  "status",
  t("状態", "Status"),
  filter.status,
  STATUS_CHOICES.map(([v, w]): [string, string] => [v, inLang(w, lang)]),
)}
${select("check", t("チェック", "Check"), filter.check, [["", all], ...[...words].map(([id, w]): [string, string] => [id, `${id} — ${inLang(w.title, lang)}`])])}
${select("statement", t("計算書", "Statement"), filter.statement, [["", all], ...b.statements.map((s): [string, string] => [s.id, s.title])])}
${
  // A book without segments: every finding is about the total, nothing to filter by.
  b.segments.length === 0
    ? ""
    : select("segment", b.segmentTerm, filter.segment, [
        ["", all],
        [JA.total, JA.total],
        ...b.segments.map((s): [string, string] => [s.id, s.name]),
      ])
}
<noscript><button type="submit">${t("絞り込む", "Filter")}</button></noscript>
</form>`;
  const quick = `<p class="quick">${t("よく使う絞り込み:", "Common filters:")} <a href="/findings?status=all&amp;check=published.sign">${t("印刷で失われた符号（published.sign）", "signs lost in print (published.sign)")}</a> <a href="/findings?status=fail">${esc(inLang(STATUS_WORDS.fail, lang))}</a> <a href="/findings?status=warn">${esc(inLang(STATUS_WORDS.warn, lang))}</a> <a href="/findings?status=all">${esc(all)}</a></p>`;
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const first = (Math.min(Math.max(1, filter.page), pages) - 1) * PAGE_SIZE;
  const list =
    shown.length === 0
      ? `<p class="status status-pass" id="no-findings">${t("該当するチェック結果はありません。", "No findings match.")}</p>`
      : `${pager(filter, shown.length, lang)}<ol class="findings">\n${shown
          .slice(first, first + PAGE_SIZE)
          .map((f) => findingCard(view, f, words.get(f.check) ?? checkWords(f.check), lang))
          .join("\n")}\n</ol>${pager(filter, shown.length, lang)}`;
  const shownCount = shown.length.toLocaleString("en-US");
  const allCount = view.findings.length.toLocaleString("en-US");
  return `<h1>${t("チェック結果", "Checks")} <small id="findings-count">${t(`${shownCount} 件 / 全 ${allCount} 件`, `${shownCount} of ${allCount}`)}</small></h1>
${form}
${quick}
${list}`;
}
