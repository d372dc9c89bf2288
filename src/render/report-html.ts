/**
 * The HTML report: one self-contained page (inline CSS, inline SVG drawn here, a few lines of
 * inline script; no network, no web fonts, no chart library) for people who would rather look
 * than read: the statements with segments as columns, the check results with failures first,
 * and charts — revenue and expense by segment, a cash waterfall per segment, and the
 * 債務負担行為 outlook by fiscal year when the caller gives one.
 *
 * Pure: Model + findings → HTML string. Every text from the book or the findings is escaped.
 * Which lines the charts use is configuration (the book's `report` section), never a line id
 * written here; what the caller leaves out is found from the layout's structure.
 */

import { type LayoutLine, rowCount, type StatementDef } from "../model/book.ts";
import type { Outlook } from "../model/commitment.ts";
import {
  type CheckId,
  type CheckStatus,
  checkWords,
  type Finding,
  formatCompared,
} from "../model/findings.ts";
import type { Reference } from "../model/formula.ts";
import { segmentLabel } from "../model/glossary.ts";
import type { Column, Figure, Model } from "../model/model.ts";
import { type Decimal, formatJapanese, type Money, ROUNDING_LABELS } from "../model/money.ts";
import { formatSource } from "../model/provenance.ts";
import { fiscalYearLabel } from "./commitments-text.ts";

/** The lines the charts are drawn from: the book's `report` section. */
export interface ReportLines {
  /** P&L line of the revenue bars, e.g. 営業収益合計. */
  readonly revenue: string;
  /** P&L line of the expense bars, e.g. 営業費用合計. */
  readonly expenses: string;
  /** Statement id of the cash plan (資金計画), whose lines the waterfall follows. */
  readonly cashPlan: string;
  /** Opening cash line of the cash plan, e.g. 前期末現金及び預金. */
  readonly openingCash: string;
  /** Closing cash line of the cash plan, e.g. 当期末現金及び預金. */
  readonly closingCash: string;
}

export interface ReportHtmlOptions {
  /**
   * Line ids for the charts (the book's `report` section). Any left out are found in the
   * layout: the cash plan is the statement whose last line rolls an opening balance forward
   * (`opening + movement`, the opening a leaf of that statement); revenue and expenses are the
   * two subtotals of the first `A - B` line of another statement (営業利益 in a P&L).
   */
  readonly report?: Partial<ReportLines>;
  /** The 債務負担行為 outlook (`outlook` of commitments.ts); its chart appears only when given. */
  readonly commitments?: Outlook;
  /** A footer note, e.g. when the page was generated; none by default, so output is reproducible. */
  readonly generatedNote?: string;
}

/** The key of the 合計 column in `data-segment` attributes and the waterfall selector. */
export const TOTAL_COLUMN_KEY = "合計";

const STATUS_WORDS: Record<CheckStatus, string> = { fail: "不一致", warn: "警告", pass: "一致" };
const SEGMENT_COLOURS = [
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#e15759",
  "#76b7b2",
  "#edc948",
  "#b07aa1",
  "#9c755f",
  "#bab0ac",
  "#ff9da7",
];
const CHART_WIDTH = 1200;
const UNATTRIBUTED_COLOUR = "#9aa0a6";
const REVENUE_COLOUR = "#3b78b8";
const EXPENSE_COLOUR = "#e07b39";
const UP_COLOUR = "#3a9a6e";
const DOWN_COLOUR = "#d2553f";
const LEVEL_COLOUR = "#5b6770";

/** Escape text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const esc = escapeHtml;

/** Render the report page. Pure; the caller writes it (as output/<book>/report.html). */
export function renderReportHtml(
  model: Model,
  findings: readonly Finding[],
  options: ReportHtmlOptions = {},
): string {
  const book = model.book;
  const resolved = resolveReportLines(model, options.report);
  const title = `${book.entity} ${book.title}`;
  const counts = countByStatus(findings);
  const body = [
    renderHeader(model, counts),
    `<section id="statements" class="page"><h2>財務諸表 <small>(単位：${esc(book.unit)})</small></h2>`,
    ...model.statements.map((st) => renderStatement(model, st.def)),
    "</section>",
    renderChecks(model, findings),
    renderCharts(model, resolved, options.commitments),
    options.generatedNote !== undefined
      ? `<footer><p>${esc(options.generatedNote)}</p></footer>`
      : "",
  ];
  return `<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`${title} — ${book.fiscalYear.label}（単位：${book.unit}）`)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.filter((b) => b !== "").join("\n")}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------
// Which lines the charts use.

interface ResolvedLines {
  readonly lines: Partial<ReportLines>;
  /** Why a chart could not be drawn (an unknown or missing id). */
  readonly notes: readonly string[];
}

/** A derived line whose terms are all lines of its own statement: a subtotal or total. */
function isSubtotal(line: LayoutLine, lineById: ReadonlyMap<string, LayoutLine>): boolean {
  if (line.kind !== "derived" || line.formula === undefined) return false;
  return line.formula.terms.every(
    (t) => t.ref.kind === "line" && lineById.get(t.ref.id)?.statement === line.statement,
  );
}

/** The report's lines: the given ids, checked against the book, and the rest found in the layout. */
export function resolveReportLines(model: Model, given: Partial<ReportLines> = {}): ResolvedLines {
  const book = model.book;
  const lineById = new Map(book.lines.map((l) => [l.id, l]));
  const notes: string[] = [];
  const lines: { -readonly [K in keyof ReportLines]?: string } = {};
  const mains = book.statements.filter((s) => s.role === "statement");

  // Cash plan: a statement whose last line is `opening (a leaf of it) + movement`.
  const rollForward = (st: StatementDef) => {
    const own = book.lines.filter((l) => l.statement === st.id && l.kind !== "heading");
    const last = own[own.length - 1];
    if (last?.kind !== "derived" || !last.formula || last.formula.terms.length !== 2) {
      return undefined;
    }
    const refs = last.formula.terms.map((t) =>
      t.sign === 1 && t.ref.kind === "line" ? lineById.get(t.ref.id) : undefined,
    );
    const opening = refs.find((l) => l?.kind === "leaf" && l.statement === st.id);
    const movement = refs.find((l) => l?.kind === "derived" && l.statement === st.id);
    return opening && movement ? { opening: opening.id, closing: last.id } : undefined;
  };
  if (given.cashPlan !== undefined) {
    if (book.statements.some((s) => s.id === given.cashPlan)) lines.cashPlan = given.cashPlan;
    else notes.push(`report.cashPlan 「${given.cashPlan}」 is not a statement of the book`);
  } else {
    const found = mains.find((s) => rollForward(s) !== undefined);
    if (found) lines.cashPlan = found.id;
  }
  const cashDef = book.statements.find((s) => s.id === lines.cashPlan);
  const roll = cashDef ? rollForward(cashDef) : undefined;
  for (const key of ["openingCash", "closingCash"] as const) {
    const id = given[key];
    if (id !== undefined) {
      if (lineById.has(id)) lines[key] = id;
      else notes.push(`report.${key} 「${id}」 is not a line of the book`);
    } else if (roll) {
      lines[key] = key === "openingCash" ? roll.opening : roll.closing;
    }
  }

  // Revenue and expenses: the two subtotals of the first `A - B` line outside the cash plan.
  let pair: { revenue: string; expenses: string } | undefined;
  for (const st of mains) {
    if (st.id === lines.cashPlan) continue;
    for (const l of book.lines) {
      if (l.statement !== st.id || !isSubtotal(l, lineById) || l.formula?.terms.length !== 2) {
        continue;
      }
      const [a, b] = l.formula.terms;
      if (a?.sign === 1 && b?.sign === -1 && a.ref.kind === "line" && b.ref.kind === "line") {
        const ra = lineById.get(a.ref.id);
        const rb = lineById.get(b.ref.id);
        if (ra?.kind === "derived" && rb?.kind === "derived") {
          pair = { revenue: ra.id, expenses: rb.id };
          break;
        }
      }
    }
    if (pair) break;
  }
  for (const key of ["revenue", "expenses"] as const) {
    const id = given[key];
    if (id !== undefined) {
      if (lineById.has(id)) lines[key] = id;
      else notes.push(`report.${key} 「${id}」 is not a line of the book`);
    } else if (pair) {
      lines[key] = pair[key];
    }
  }
  return { lines, notes };
}

// ---------------------------------------------------------------------------------------------
// Header and statements.

function countByStatus(findings: readonly Finding[]): Record<CheckStatus, number> {
  const c: Record<CheckStatus, number> = { pass: 0, fail: 0, warn: 0 };
  for (const f of findings) c[f.status] += 1;
  return c;
}

function renderHeader(model: Model, counts: Record<CheckStatus, number>): string {
  const b = model.book;
  const status = counts.fail > 0 ? "fail" : counts.warn > 0 ? "warn" : "pass";
  return `<header>
<h1>${esc(b.entity)} <span class="book-title">${esc(b.title)}</span></h1>
<p class="meta">${esc(b.fiscalYear.label)}（${esc(b.fiscalYear.start)} 〜 ${esc(b.fiscalYear.end)}）・単位：${esc(b.unit)}・端数処理：${esc(ROUNDING_LABELS[b.rounding])}・${b.segments.length} ${esc(b.segmentTerm)}・<span class="mono">${esc(b.dir)}</span></p>
${b.roundingNote ? `<p class="note">${esc(b.roundingNote)}</p>` : ""}
<p class="status status-${status}">チェック：一致 ${counts.pass}・不一致 ${counts.fail}・警告 ${counts.warn}</p>
<nav class="screen-only"><a href="#statements">財務諸表</a> · <a href="#checks">チェック結果</a> · <a href="#charts">グラフ</a></nav>
</header>`;
}

function segmentName(model: Model, id: string | undefined | null): string {
  return segmentLabel(model.book.segments, id);
}

function refLabel(model: Model, ref: Reference): string {
  if (ref.kind === "line") return model.book.lines.find((l) => l.id === ref.id)?.label ?? ref.id;
  const schedule = model.book.schedules.find((s) => s.id === ref.schedule);
  const column = schedule?.columns.find((c) => c.id === ref.column);
  return `${schedule?.title ?? ref.schedule} ${column?.label ?? ref.column}`;
}

const MAX_SOURCES_IN_TOOLTIP = 12;

/** Tooltip of an amount cell: the formula with its terms, or the input cells. */
function figureTooltip(model: Model, line: LayoutLine, figure: Figure): string {
  const d = figure.derivation;
  if (d.kind === "formula") {
    if (d.terms.length === 0) return `${line.label} = 0\n式: ${d.formula.text}`;
    const terms = d.terms
      .map((t, i) => {
        const op = t.sign < 0 ? (i === 0 ? "− " : " − ") : i === 0 ? "" : " + ";
        return `${op}${refLabel(model, t.ref)} ${t.amount.format()}`;
      })
      .join("");
    return `${line.label} = ${terms}\n式: ${d.formula.text}`;
  }
  if (d.entries.length === 0) return `${line.label}: 入力なし (0)`;
  const shown = d.entries.slice(0, MAX_SOURCES_IN_TOOLTIP).map((e) => {
    const seg = e.segment === null ? "未配分" : segmentName(model, e.segment);
    const rows = rowCount(e);
    return `${formatSource(e.source)}${rows > 1 ? ` ほか ${(rows - 1).toLocaleString("ja-JP")} 行` : ""}  ${seg}  ${e.amount.format()}`;
  });
  const more = d.entries.length - shown.length;
  const rows = d.entries.reduce((n, e) => n + rowCount(e), 0);
  return [
    `${line.label}: 入力 ${rows.toLocaleString("ja-JP")} 件`,
    ...shown,
    ...(more > 0 ? [`… ほか ${more} 件`] : []),
  ].join("\n");
}

function amountCell(model: Model, line: LayoutLine, column: Column, figure: Figure): string {
  const amount = figure.amount;
  const cls = `amt${amount.isNegative() ? " neg" : ""}${column === null ? " total-col" : ""}`;
  return `<td class="${cls}" data-line="${esc(line.id)}" data-segment="${esc(column ?? TOTAL_COLUMN_KEY)}" title="${esc(figureTooltip(model, line, figure))}">${esc(amount.format())}</td>`;
}

function renderStatement(model: Model, def: StatementDef): string {
  const book = model.book;
  const lineById = new Map(book.lines.map((l) => [l.id, l]));
  const columns: Column[] = [...book.segments.map((s) => s.id), null];
  const head = [
    `<th class="label" scope="col">科目</th>`,
    ...book.segments.map((s) => `<th scope="col">${esc(s.name)}</th>`),
    `<th scope="col" class="total-col">${TOTAL_COLUMN_KEY}</th>`,
  ].join("");
  const own = book.lines.filter((l) => l.statement === def.id);
  const labelEm = Math.min(
    24,
    Math.max(10, ...own.map((l) => textWidth(l.label, 1) + 0.8 + l.level * 1.2)) + 0.6,
  );
  const rows = own.map((l) => {
    const indent = `style="padding-left:${(0.4 + l.level * 1.2).toFixed(1)}em"`;
    if (l.kind === "heading") {
      return `<tr class="heading"><th scope="row" class="label" ${indent}>${esc(l.label)}</th><td colspan="${columns.length}"></td></tr>`;
    }
    const cls = isSubtotal(l, lineById) ? "subtotal" : l.kind;
    const cells = columns.map((c) => amountCell(model, l, c, model.figure(l.id, c))).join("");
    return `<tr class="${cls}" id="${esc(`line-${l.id}`)}"><th scope="row" class="label" ${indent}>${esc(l.label)}</th>${cells}</tr>`;
  });
  return `<div class="statement${def.role === "supplementary" ? " supplementary" : ""}" id="${esc(`statement-${def.id}`)}">
<h3>${esc(def.title)} <small>${esc(def.period)}</small>${def.role === "supplementary" ? ' <span class="tag">補足</span>' : ""}</h3>
<table class="fs"><colgroup><col class="label-col" style="width:${labelEm.toFixed(1)}em">${columns.map(() => "<col>").join("")}</colgroup>
<thead><tr>${head}</tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table></div>`;
}

// ---------------------------------------------------------------------------------------------
// Check results.

function wordsOf(model: Model, id: CheckId): { title: string; hint: string } {
  const declared = model.book.checks.find((c) => c.id === id);
  return checkWords(id, declared?.description ?? "");
}

function findingTarget(model: Model, f: Finding): string {
  const st = model.book.statements.find((s) => s.id === f.statement)?.title ?? f.statement;
  const line =
    f.line === undefined
      ? undefined
      : (model.book.lines.find((l) => l.id === f.line)?.label ?? f.line);
  return [st, line, segmentName(model, f.segment)].filter((x) => x !== undefined).join(" · ");
}

function renderFinding(model: Model, f: Finding): string {
  const words = wordsOf(model, f.check);
  const c = f.compared;
  const numbers =
    c !== undefined
      ? `<dl class="numbers"><dt>期待値</dt><dd>${esc(formatCompared(c, "expected"))}</dd><dt>実際</dt><dd>${esc(formatCompared(c, "actual"))}</dd><dt>差額</dt><dd>${esc(formatCompared(c, "difference"))}</dd></dl>`
      : "";
  const sources =
    f.sources.length > 0
      ? `<p class="sources">出典: ${f.sources.map((s) => `<span class="mono">${esc(formatSource(s))}</span>`).join(" ")}</p>`
      : "";
  return `<li class="finding finding-${f.status}" data-check="${esc(f.check)}" data-status="${f.status}">
<p class="finding-head"><span class="badge badge-${f.status}">${STATUS_WORDS[f.status]}</span> <code>${esc(f.check)}</code> ${esc(words.title)}</p>
<p class="target">${esc(findingTarget(model, f))}</p>
${numbers}
<p class="message">${esc(f.message)}</p>
${sources}
<p class="hint">確認: ${esc(words.hint)}</p>
</li>`;
}

function renderChecks(model: Model, findings: readonly Finding[]): string {
  const fails = findings.filter((f) => f.status === "fail");
  const warns = findings.filter((f) => f.status === "warn");
  const byCheck = new Map<CheckId, Record<CheckStatus, number>>();
  for (const f of findings) {
    const c = byCheck.get(f.check) ?? { pass: 0, fail: 0, warn: 0 };
    c[f.status] += 1;
    byCheck.set(f.check, c);
  }
  const list = (items: readonly Finding[], heading: string, cls: string) =>
    items.length === 0
      ? ""
      : `<h3 class="${cls}">${heading} (${items.length})</h3>\n<ol class="findings">\n${items.map((f) => renderFinding(model, f)).join("\n")}\n</ol>`;
  const summaryRows = [...byCheck.entries()].map(([id, c]) => {
    const words = wordsOf(model, id);
    return `<tr data-check="${esc(id)}"><td><code>${esc(id)}</code></td><td>${esc(words.title)}</td><td class="num">${c.pass}</td><td class="num${c.fail > 0 ? " bad" : ""}">${c.fail}</td><td class="num${c.warn > 0 ? " warnc" : ""}">${c.warn}</td><td class="hint-cell">${esc(words.hint)}</td></tr>`;
  });
  return `<section id="checks" class="page">
<h2>チェック結果</h2>
${fails.length === 0 && warns.length === 0 ? '<p class="status status-pass">すべてのチェックが一致しました。</p>' : ""}
${list(fails, "不一致", "fail-heading")}
${list(warns, "警告", "warn-heading")}
<h3>チェック別の件数</h3>
<table class="check-summary"><thead><tr><th>ID</th><th>内容</th><th>一致</th><th>不一致</th><th>警告</th><th>確認のポイント</th></tr></thead>
<tbody>
${summaryRows.join("\n")}
</tbody></table>
</section>`;
}

// ---------------------------------------------------------------------------------------------
// Charts (inline SVG). Amounts become numbers only for pixel geometry; labels use Money.format().

/** Approximate rendered width of a text: CJK and full-width 1em, others 0.6em. */
function textWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.6;
  return w * fontSize;
}

function num(m: Money): number {
  return m.value.toNumber();
}

function px(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

/** Round tick values for an axis from lo to hi: steps of 1, 2 or 5 × 10^k. */
function ticks(lo: number, hi: number, count = 6): number[] {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(v);
  return out;
}

function tickLabel(v: number): string {
  const r = Math.round(v);
  return `${r < 0 ? "△" : ""}${Math.abs(r).toLocaleString("en-US")}`;
}

function signedLabel(m: Money): string {
  return m.isNegative() || m.isZero() ? m.format() : `+${m.format()}`;
}

function svgOpen(width: number, height: number, label: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${px(width)} ${px(height)}" width="${px(width)}" height="${px(height)}" role="img" aria-label="${esc(label)}"><title>${esc(label)}</title>`;
}

function renderCharts(
  model: Model,
  resolved: ResolvedLines,
  commitments: Outlook | undefined,
): string {
  const parts = [
    `<section id="charts" class="page"><h2>グラフ <small>(単位：${esc(model.book.unit)})</small></h2>`,
    ...resolved.notes.map((n) => `<p class="note">${esc(n)}</p>`),
    revenueExpenseChart(model, resolved.lines),
    cashWaterfall(model, resolved.lines),
    commitments ? commitmentsChart(model, commitments) : "",
    "</section>",
  ];
  return parts.filter((p) => p !== "").join("\n");
}

/** (a) Grouped horizontal bars: revenue and expenses per segment. */
function revenueExpenseChart(model: Model, lines: Partial<ReportLines>): string {
  const { revenue, expenses } = lines;
  if (revenue === undefined || expenses === undefined) {
    return `<div class="chart-block"><h3>${esc(model.book.segmentTerm)}別の収益と費用</h3><p class="note">No revenue and expense lines: add "report": {"revenue": …, "expenses": …} to book.json.</p></div>`;
  }
  const book = model.book;
  const revLine = book.lines.find((l) => l.id === revenue);
  const expLine = book.lines.find((l) => l.id === expenses);
  const revLabel = revLine?.label ?? revenue;
  const expLabel = expLine?.label ?? expenses;
  const rows = book.segments.map((s) => ({
    name: s.name,
    rev: model.figure(revenue, s.id).amount,
    exp: model.figure(expenses, s.id).amount,
  }));
  const values = rows.flatMap((r) => [num(r.rev), num(r.exp)]);
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const font = 13;
  const labelW = Math.ceil(Math.max(...rows.map((r) => textWidth(r.name, font)))) + 16;
  const width = CHART_WIDTH;
  const valueRoom = 110;
  const x0 = labelW;
  const plotW = width - labelW - valueRoom - 10;
  const top = 46;
  const barH = 13;
  const groupH = 40;
  const height = top + rows.length * groupH + 10;
  const x = (v: number) => x0 + (hi === lo ? 0 : ((v - lo) / (hi - lo)) * plotW);
  const out: string[] = [
    svgOpen(width, height, `${model.book.segmentTerm}別の${revLabel}と${expLabel}`),
  ];
  out.push(
    `<rect x="${px(x0)}" y="8" width="12" height="12" fill="${REVENUE_COLOUR}"/><text x="${px(x0 + 18)}" y="19" class="legend">${esc(revLabel)}</text>`,
    `<rect x="${px(x0 + 40 + textWidth(revLabel, 12))}" y="8" width="12" height="12" fill="${EXPENSE_COLOUR}"/><text x="${px(x0 + 58 + textWidth(revLabel, 12))}" y="19" class="legend">${esc(expLabel)}</text>`,
  );
  for (const t of ticks(lo, hi)) {
    out.push(
      `<line x1="${px(x(t))}" y1="${top - 6}" x2="${px(x(t))}" y2="${height - 8}" class="grid"/><text x="${px(x(t))}" y="${top - 10}" class="tick" text-anchor="middle">${tickLabel(t)}</text>`,
    );
  }
  rows.forEach((r, i) => {
    const gy = top + i * groupH;
    out.push(
      `<text x="${px(labelW - 8)}" y="${px(gy + groupH / 2 + 4)}" class="label" text-anchor="end">${esc(r.name)}</text>`,
    );
    for (const [k, m, colour, lbl] of [
      [0, r.rev, REVENUE_COLOUR, revLabel],
      [1, r.exp, EXPENSE_COLOUR, expLabel],
    ] as const) {
      const v = num(m);
      const y = gy + 6 + k * (barH + 2);
      const a = x(Math.min(0, v));
      const b = x(Math.max(0, v));
      out.push(
        `<rect x="${px(a)}" y="${px(y)}" width="${px(Math.max(b - a, 0.5))}" height="${barH}" fill="${colour}"><title>${esc(`${r.name} ${lbl} ${m.format()}`)}</title></rect>`,
        `<text x="${px(b + 4)}" y="${px(y + barH - 2)}" class="value">${esc(m.format())}</text>`,
      );
    }
  });
  out.push(
    `<line x1="${px(x(0))}" y1="${top - 4}" x2="${px(x(0))}" y2="${height - 8}" class="axis"/>`,
  );
  out.push("</svg>");
  const totalRev = model.figure(revenue, null).amount;
  const totalExp = model.figure(expenses, null).amount;
  return `<div class="chart-block" id="chart-revenue-expenses">
<h3>${esc(model.book.segmentTerm)}別の${esc(revLabel)}と${esc(expLabel)}</h3>
<p class="caption">${TOTAL_COLUMN_KEY}：${esc(revLabel)} ${esc(totalRev.format())} ・ ${esc(expLabel)} ${esc(totalExp.format())}</p>
<figure>${out.join("\n")}</figure>
</div>`;
}

interface WaterfallStep {
  readonly line: LayoutLine;
  readonly sign: 1 | -1;
  /** The subtotal this step was found under (資金収入合計, 資金支出合計), for a group heading. */
  readonly group: LayoutLine | undefined;
}

/**
 * The waterfall's steps: the closing-cash formula expanded through the cash plan's own
 * subtotals down to its item lines, each with the sign it carries into closing cash.
 */
function waterfallSteps(
  model: Model,
  cashPlan: string,
  opening: string,
  closing: string,
): WaterfallStep[] {
  const lineById = new Map(model.book.lines.map((l) => [l.id, l]));
  const steps: WaterfallStep[] = [];
  const expand = (id: string, sign: 1 | -1, group: LayoutLine | undefined, depth: number) => {
    if (id === opening) return;
    const line = lineById.get(id);
    if (!line) return;
    if (depth < 20 && line.statement === cashPlan && isSubtotal(line, lineById) && line.formula) {
      for (const t of line.formula.terms) {
        if (t.ref.kind === "line") {
          expand(t.ref.id, (sign * t.sign) as 1 | -1, depth === 0 ? undefined : line, depth + 1);
        }
      }
      return;
    }
    steps.push({ line, sign, group });
  };
  expand(closing, 1, undefined, 0);
  return steps;
}

/** (b) Cash waterfall from opening to closing cash, one SVG per segment and 合計. */
function cashWaterfall(model: Model, lines: Partial<ReportLines>): string {
  const { cashPlan, openingCash, closingCash } = lines;
  if (cashPlan === undefined || openingCash === undefined || closingCash === undefined) {
    return `<div class="chart-block"><h3>資金の増減</h3><p class="note">No cash plan lines: add "report": {"cashPlan": …, "openingCash": …, "closingCash": …} to book.json.</p></div>`;
  }
  const book = model.book;
  const steps = waterfallSteps(model, cashPlan, openingCash, closingCash);
  const openLabel = book.lines.find((l) => l.id === openingCash)?.label ?? openingCash;
  const closeLabel = book.lines.find((l) => l.id === closingCash)?.label ?? closingCash;
  const columns: Column[] = [null, ...book.segments.map((s) => s.id)];
  const svgs = columns.map((column) => {
    const key = column ?? TOTAL_COLUMN_KEY;
    const svg = waterfallSvg(model, column, steps, openingCash, closingCash, openLabel, closeLabel);
    return `<figure class="waterfall" data-chart="waterfall" data-column="${esc(key)}"${column === null ? "" : " hidden"}><figcaption>${esc(segmentName(model, column))}</figcaption>${svg}</figure>`;
  });
  const select = `<label class="selector">${esc(model.book.segmentTerm)}：<select data-chart-switch="waterfall">${columns
    .map(
      (c) =>
        `<option value="${esc(c ?? TOTAL_COLUMN_KEY)}"${c === null ? " selected" : ""}>${esc(segmentName(model, c))}</option>`,
    )
    .join("")}</select></label>`;
  const title = book.statements.find((s) => s.id === cashPlan)?.title ?? cashPlan;
  return `<div class="chart-block" id="chart-cash-waterfall">
<h3>資金の増減（${esc(title)}）：${esc(openLabel)}から${esc(closeLabel)}まで</h3>
${select}
${svgs.join("\n")}
</div>`;
}

function waterfallSvg(
  model: Model,
  column: Column,
  steps: readonly WaterfallStep[],
  openingId: string,
  closingId: string,
  openLabel: string,
  closeLabel: string,
): string {
  const opening = model.figure(openingId, column).amount;
  const closing = model.figure(closingId, column).amount;
  type Row =
    | { kind: "level"; label: string; amount: Money }
    | { kind: "step"; label: string; amount: Money; tip: string }
    | { kind: "group"; label: string; amount: Money };
  const rows: Row[] = [{ kind: "level", label: openLabel, amount: opening }];
  let running = opening;
  let group: LayoutLine | undefined;
  for (const s of steps) {
    if (s.group !== group) {
      group = s.group;
      if (group) {
        rows.push({
          kind: "group",
          label: group.label,
          amount: model.figure(group.id, column).amount,
        });
      }
    }
    const figure = model.figure(s.line.id, column).amount;
    const delta = figure.times(s.sign);
    running = running.plus(delta);
    const how =
      s.sign < 0 ? `支出 ${figure.format()} → 資金 ${delta.format()}` : `収入 ${figure.format()}`;
    rows.push({ kind: "step", label: s.line.label, amount: delta, tip: `${s.line.label}: ${how}` });
  }
  const residual = closing.minus(running);
  if (!residual.isZero()) {
    rows.push({ kind: "step", label: "その他の差額", amount: residual, tip: "説明されない差額" });
  }
  rows.push({ kind: "level", label: closeLabel, amount: closing });

  // Running levels, for the scale.
  const levels: number[] = [0, num(opening)];
  let acc = opening;
  for (const r of rows) {
    if (r.kind === "step") {
      acc = acc.plus(r.amount);
      levels.push(num(acc));
    }
  }
  levels.push(num(closing));
  const lo = Math.min(...levels);
  const hi = Math.max(...levels);
  const font = 13;
  const labelW = Math.ceil(Math.max(...rows.map((r) => textWidth(r.label, font)))) + 24;
  const width = CHART_WIDTH;
  const valueW = 130;
  const x0 = labelW;
  const plotW = width - labelW - valueW - 16;
  const top = 30;
  const rowH = 24;
  const barH = 15;
  const height = top + rows.length * rowH + 10;
  const x = (v: number) => x0 + (hi === lo ? 0 : ((v - lo) / (hi - lo)) * plotW);
  const out: string[] = [
    svgOpen(
      width,
      height,
      `資金の増減 ${segmentName(model, column)}: ${openLabel} ${opening.format()} → ${closeLabel} ${closing.format()}`,
    ),
  ];
  for (const t of ticks(lo, hi)) {
    out.push(
      `<line x1="${px(x(t))}" y1="${top - 6}" x2="${px(x(t))}" y2="${height - 6}" class="grid"/><text x="${px(x(t))}" y="${top - 10}" class="tick" text-anchor="middle">${tickLabel(t)}</text>`,
    );
  }
  out.push(
    `<line x1="${px(x(0))}" y1="${top - 4}" x2="${px(x(0))}" y2="${height - 6}" class="axis"/>`,
  );
  let level = opening;
  let prevEnd: number | undefined;
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const cy = y + rowH / 2;
    const by = cy - barH / 2;
    const labelClass = r.kind === "step" ? "label" : "label strong";
    const labelX = labelW - 8;
    out.push(
      `<text x="${px(labelX)}" y="${px(cy + 4.5)}" class="${labelClass}" text-anchor="end">${esc(r.label)}</text>`,
    );
    const valueX = width - 8;
    if (r.kind === "group") {
      out.push(
        `<text x="${px(valueX)}" y="${px(cy + 4.5)}" class="value group" text-anchor="end">${esc(r.amount.format())}</text>`,
      );
      return;
    }
    let a: number;
    let b: number;
    let colour: string;
    let tip: string;
    let valueText: string;
    if (r.kind === "level") {
      const v = num(r.amount);
      a = x(Math.min(0, v));
      b = x(Math.max(0, v));
      colour = LEVEL_COLOUR;
      tip = `${r.label} ${r.amount.format()}`;
      valueText = r.amount.format();
      prevEnd = x(v);
    } else {
      const from = num(level);
      level = level.plus(r.amount);
      const to = num(level);
      a = x(Math.min(from, to));
      b = x(Math.max(from, to));
      colour = r.amount.isNegative() ? DOWN_COLOUR : UP_COLOUR;
      tip = `${r.tip}\n${level.minus(r.amount).format()} → ${level.format()}`;
      valueText = signedLabel(r.amount);
      if (prevEnd !== undefined) {
        out.push(
          `<line x1="${px(prevEnd)}" y1="${px(by - (rowH - barH))}" x2="${px(prevEnd)}" y2="${px(by)}" class="connector"/>`,
        );
      }
      prevEnd = x(to);
    }
    out.push(
      `<rect x="${px(a)}" y="${px(by)}" width="${px(Math.max(b - a, 1))}" height="${barH}" fill="${colour}"><title>${esc(tip)}</title></rect>`,
      `<text x="${px(valueX)}" y="${px(cy + 4.5)}" class="value${r.kind === "level" ? " strong" : ""}" text-anchor="end">${esc(valueText)}</text>`,
    );
  });
  out.push("</svg>");
  return out.join("\n");
}

/** (c) 債務負担行為: stacked bars by fiscal year, one colour per segment, with the numbers below. */
function commitmentsChart(model: Model, view: Outlook): string {
  const years = view.years;
  if (years.length === 0) {
    return `<div class="chart-block" id="chart-commitments"><h3>債務負担行為の年度別負担額</h3><p class="note">債務負担行為の年度別の負担はありません。</p></div>`;
  }
  const segmentIndex = (id: string) => model.book.segments.findIndex((s) => s.id === id);
  const series = view.segments.map((s) => ({
    name:
      s.segment === undefined ? `${model.book.segmentTerm}未配分` : segmentName(model, s.segment),
    colour:
      s.segment === undefined
        ? UNATTRIBUTED_COLOUR
        : (SEGMENT_COLOURS[Math.max(0, segmentIndex(s.segment)) % SEGMENT_COLOURS.length] ??
          UNATTRIBUTED_COLOUR),
    row: s,
  }));
  const totals = view.byYear.map(num);
  const hi = Math.max(0, ...totals);
  const font = 12;
  const legendW = Math.ceil(Math.max(...series.map((s) => textWidth(s.name, font)))) + 40;
  const width = CHART_WIDTH;
  const left = 96;
  const top = 28;
  const plotH = 300;
  const bottom = 48;
  const plotW = width - left - legendW - 20;
  const height = top + plotH + bottom;
  const slot = plotW / years.length;
  const barW = Math.min(64, slot * 0.6);
  const y = (v: number) => top + plotH - (hi === 0 ? 0 : (v / hi) * plotH);
  const out: string[] = [svgOpen(width, height, "債務負担行為の年度別負担額")];
  for (const t of ticks(0, hi)) {
    out.push(
      `<line x1="${left}" y1="${px(y(t))}" x2="${px(left + plotW)}" y2="${px(y(t))}" class="grid"/><text x="${left - 6}" y="${px(y(t) + 4)}" class="tick" text-anchor="end">${tickLabel(t)}</text>`,
    );
  }
  years.forEach((year, i) => {
    const cx = left + slot * (i + 0.5);
    let acc = 0;
    for (const s of series) {
      const m = s.row.byYear[i];
      if (m === undefined || m.isZero() || m.isNegative()) continue;
      const v = num(m);
      const y1 = y(acc + v);
      const y0 = y(acc);
      acc += v;
      out.push(
        `<rect x="${px(cx - barW / 2)}" y="${px(y1)}" width="${px(barW)}" height="${px(Math.max(y0 - y1, 0.5))}" fill="${s.colour}"><title>${esc(`${fiscalYearLabel(year, "modern")} ${s.name} ${m.format()}`)}</title></rect>`,
      );
    }
    const total = view.byYear[i];
    const [western = "", era = ""] = fiscalYearLabel(year, "modern").split(" / ");
    out.push(
      `<text x="${px(cx)}" y="${px(y(acc) - 5)}" class="value" text-anchor="middle">${esc(total?.format() ?? "")}</text>`,
      `<text x="${px(cx)}" y="${top + plotH + 18}" class="tick" text-anchor="middle">${esc(western)}</text>`,
      `<text x="${px(cx)}" y="${top + plotH + 34}" class="tick" text-anchor="middle">${esc(era)}</text>`,
    );
  });
  out.push(
    `<line x1="${left}" y1="${top + plotH}" x2="${px(left + plotW)}" y2="${top + plotH}" class="axis"/>`,
  );
  const lx = left + plotW + 24;
  series.forEach((s, i) => {
    const ly = top + 6 + i * 20;
    out.push(
      `<rect x="${px(lx)}" y="${ly}" width="12" height="12" fill="${s.colour}"/><text x="${px(lx + 18)}" y="${ly + 11}" class="legend">${esc(s.name)}</text>`,
    );
  });
  out.push("</svg>");

  const yearHeads = years
    .map(
      (yr) => `<th scope="col">${esc(fiscalYearLabel(yr, "modern")).replace(" / ", "<br>")}</th>`,
    )
    .join("");
  const tableRows = series.map(
    (s) =>
      `<tr><th scope="row" class="label"><span class="swatch" style="background:${s.colour}"></span>${esc(s.name)}</th>${s.row.byYear.map((m) => `<td class="amt">${m.isZero() ? "-" : esc(m.format())}</td>`).join("")}<td class="amt total-col">${esc(s.row.total.format())}</td></tr>`,
  );
  tableRows.push(
    `<tr class="subtotal"><th scope="row" class="label">${TOTAL_COLUMN_KEY}</th>${view.byYear.map((m) => `<td class="amt">${esc(m.format())}</td>`).join("")}<td class="amt total-col">${esc(view.total.format())}</td></tr>`,
  );
  const notes: string[] = [];
  if (!view.before.isZero()) notes.push(`表示期間より前の負担額 ${view.before.format()}`);
  if (!view.after.isZero()) notes.push(`表示期間より後の負担額 ${view.after.format()}`);
  if (view.unquantified.length > 0) {
    notes.push(
      `限度額が金額でない ${view.unquantified.length} 件（${view.unquantified.map((n) => `#${n}`).join(", ")}）は合計に含まない`,
    );
  }
  return `<div class="chart-block" id="chart-commitments">
<h3>債務負担行為の年度別負担額 <small>(単位：${esc(view.unit)})</small></h3>
<figure>${out.join("\n")}</figure>
${notes.length > 0 ? `<p class="note">${esc(notes.join("。"))}</p>` : ""}
<table class="fs outlook"><colgroup><col class="label-col">${years.map(() => "<col>").join("")}<col></colgroup><thead><tr><th class="label" scope="col">${esc(model.book.segmentTerm)}</th>${yearHeads}<th scope="col" class="total-col">${TOTAL_COLUMN_KEY}</th></tr></thead>
<tbody>
${tableRows.join("\n")}
</tbody></table>
</div>`;
}

// ---------------------------------------------------------------------------------------------
// Page style and script.

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; padding: 16px 24px 40px; max-width: 1480px; color: #1d232a; background: #fff;
  font-family: "IPAexGothic", "IPAexゴシック", "Noto Sans CJK JP", "Hiragino Kaku Gothic ProN", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif;
  font-size: 13px; line-height: 1.45; }
h1 { font-size: 22px; margin: 4px 0 6px; }
h1 .book-title { font-weight: normal; }
h2 { font-size: 18px; border-bottom: 2px solid #33414e; padding-bottom: 4px; margin: 28px 0 12px; }
h3 { font-size: 15px; margin: 20px 0 8px; }
h2 small, h3 small { font-weight: normal; color: #56606a; font-size: 12px; }
.meta { margin: 0 0 4px; color: #33414e; }
.note { color: #56606a; font-size: 12px; margin: 4px 0; }
.mono, code { font-family: "DejaVu Sans Mono", "Menlo", "Consolas", monospace; font-size: 11.5px; }
nav a { color: #1f5fa8; }
.status { display: inline-block; padding: 3px 10px; border-radius: 3px; font-weight: bold; margin: 6px 0; }
.status-pass { background: #e3f3ea; color: #1d6b41; }
.status-warn { background: #fff4d6; color: #7a5300; }
.status-fail { background: #fde4e1; color: #a32116; }
.tag { font-size: 11px; font-weight: normal; background: #e8ecef; padding: 1px 6px; border-radius: 3px; }
table.fs { border-collapse: collapse; width: 100%; table-layout: fixed; margin-bottom: 8px; }
table.fs col.label-col { width: 16em; }
table.outlook col.label-col { width: 20em; }
table.fs th, table.fs td { border-bottom: 1px solid #e3e7ea; padding: 2px 6px; }
table.fs thead th { background: #eef1f4; border-bottom: 2px solid #9aa6b1; font-weight: bold; font-size: 12px;
  text-align: center; vertical-align: bottom; line-height: 1.3; }
table.fs th.label { text-align: left; font-weight: normal; }
table.fs td.amt { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.fs .total-col { background: #f6f8fa; }
table.fs tr.heading th.label { font-weight: bold; color: #33414e; padding-top: 6px; }
table.fs tr.subtotal th.label, table.fs tr.subtotal td { font-weight: bold; }
table.fs tr.subtotal td { border-top: 1px solid #9aa6b1; }
table.fs tbody tr:hover td, table.fs tbody tr:hover th { background: #eef5fc; }
table.fs td[title] { cursor: help; }
.statement.supplementary table.fs { font-size: 12px; }
ol.findings { list-style: none; padding: 0; margin: 0; }
li.finding { border: 1px solid #d6dbe0; border-left: 5px solid #9aa6b1; border-radius: 3px; padding: 6px 10px; margin: 0 0 8px; }
li.finding p { margin: 2px 0; }
li.finding-fail { border-left-color: #c0392b; background: #fff8f7; }
li.finding-warn { border-left-color: #d69e00; background: #fffcf2; }
.finding-head code { font-weight: bold; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; color: #fff; font-size: 11px; font-weight: bold; }
.badge-fail { background: #c0392b; } .badge-warn { background: #b07d00; } .badge-pass { background: #2e7d4f; }
.target { font-weight: bold; }
dl.numbers { display: flex; flex-wrap: wrap; gap: 2px 8px; margin: 2px 0; }
dl.numbers dt { color: #56606a; } dl.numbers dd { margin: 0 14px 0 0; font-variant-numeric: tabular-nums; font-weight: bold; }
.sources { font-size: 11.5px; color: #56606a; } .sources .mono { margin-right: 8px; }
.hint { font-size: 12px; color: #33414e; }
.fail-heading { color: #a32116; } .warn-heading { color: #7a5300; }
table.check-summary { border-collapse: collapse; width: 100%; }
table.check-summary th, table.check-summary td { border-bottom: 1px solid #e3e7ea; padding: 3px 6px; text-align: left; vertical-align: top; }
table.check-summary thead th { background: #eef1f4; }
table.check-summary td.num { text-align: right; font-variant-numeric: tabular-nums; width: 4.5em; }
td.bad { color: #a32116; font-weight: bold; } td.warnc { color: #7a5300; font-weight: bold; }
td.hint-cell { color: #56606a; font-size: 12px; }
.chart-block { margin: 12px 0 28px; break-inside: avoid; }
.caption { color: #33414e; margin: 0 0 6px; }
figure { margin: 6px 0; }
figcaption { font-weight: bold; margin-bottom: 4px; }
svg.chart { max-width: 100%; height: auto; display: block; font-family: inherit; }
svg.chart text { font-family: "IPAexGothic", "IPAexゴシック", "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif; fill: #1d232a; }
svg.chart .label { font-size: 13px; }
svg.chart .strong { font-weight: bold; }
svg.chart .legend { font-size: 12px; }
svg.chart .tick { font-size: 11px; fill: #56606a; }
svg.chart .value { font-size: 12px; font-variant-numeric: tabular-nums; }
svg.chart .value.group { fill: #56606a; }
svg.chart .grid { stroke: #e3e7ea; stroke-width: 1; }
svg.chart .axis { stroke: #33414e; stroke-width: 1; }
svg.chart .connector { stroke: #8a949e; stroke-width: 1; stroke-dasharray: 3 2; }
.selector { display: inline-block; margin: 0 0 6px; }
.selector select { font: inherit; padding: 2px 4px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; vertical-align: baseline; }
table.outlook thead th { font-weight: normal; }
footer { margin-top: 30px; color: #56606a; font-size: 11px; }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5px; }
  .screen-only, .selector { display: none; }
  section.page { break-before: page; }
  header + section.page { break-before: auto; }
  h2 { margin-top: 0; }
  .statement { break-inside: auto; }
  .statement + .statement { break-before: page; }
  table.fs thead { display: table-header-group; }
  table.fs tr, li.finding { break-inside: avoid; }
  table.fs thead th { font-size: 9px; }
  svg.chart { max-height: 170mm; width: auto; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** Switch the waterfall between the pre-rendered segments; no data, no network. */
const SCRIPT = `
(function () {
  var selects = document.querySelectorAll("select[data-chart-switch]");
  Array.prototype.forEach.call(selects, function (select) {
    var chart = select.getAttribute("data-chart-switch");
    function show() {
      var figures = document.querySelectorAll('[data-chart="' + chart + '"]');
      Array.prototype.forEach.call(figures, function (figure) {
        figure.hidden = figure.getAttribute("data-column") !== select.value;
      });
    }
    select.addEventListener("change", show);
    show();
  });
})();
`;
