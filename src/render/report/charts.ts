/**
 * The report's charts, inline SVG drawn here (no chart library, no network): revenue and
 * expense by segment, a cash waterfall per segment, and the 債務負担行為 outlook by fiscal
 * year. Amounts become numbers only for pixel geometry; labels use Money.format().
 */
import type { LayoutLine } from "../../model/book.ts";
import type { Outlook } from "../../model/commitment.ts";
import { JA, segmentLabel, unitNote } from "../../model/glossary.ts";
import type { Column, Model } from "../../model/model.ts";
import type { Money } from "../../model/money.ts";
import { moneyOf } from "../../model/quantity.ts";
import { inLang, type Lang } from "../../model/text.ts";
import { fiscalYearLabel } from "../commitments-text.ts";
import { isSubtotal } from "../statement-table.ts";
import { emWidth } from "../text-width.ts";
import {
  both,
  bySegment,
  CHART_WIDTH,
  DOWN_COLOUR,
  EXPENSE_COLOUR,
  esc,
  LEVEL_COLOUR,
  REVENUE_COLOUR,
  SECTION_WORDS,
  SEGMENT_COLOURS,
  TOTAL_COLUMN_KEY,
  UNATTRIBUTED_COLOUR,
  UP_COLOUR,
} from "./html.ts";
import type { ReportLines, ResolvedLines } from "./report-lines.ts";

/** Approximate rendered width of a text in pixels at `fontSize`. */
function textWidth(text: string, fontSize: number): number {
  return emWidth(text) * fontSize;
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

/** The charts section: revenue and expenses, the cash waterfall, the 債務負担行為; in `lang`. */
export function renderCharts(
  model: Model,
  resolved: ResolvedLines,
  commitments: Outlook | undefined,
  lang: Lang,
): string {
  const parts = [
    `<section id="charts" class="page"><h2>${esc(inLang(SECTION_WORDS.charts, lang))} <small>${esc(unitNote(model.book.unit))}</small></h2>`,
    ...resolved.notes.map((n) => `<p class="note">${esc(inLang(n, lang))}</p>`),
    revenueExpenseChart(model, resolved.lines, lang),
    cashWaterfall(model, resolved.lines, lang),
    commitments ? commitmentsChart(model, commitments, lang) : "",
    "</section>",
  ];
  return parts.filter((p) => p !== "").join("\n");
}

/** (a) Grouped horizontal bars: revenue and expenses per segment. */
function revenueExpenseChart(model: Model, lines: Partial<ReportLines>, lang: Lang): string {
  const { revenue, expenses } = lines;
  if (revenue === undefined || expenses === undefined) {
    const ja = lang === "ja";
    const title = bySegment(
      model.book.segmentTerm,
      ja ? "収益と費用" : "revenue and expenses",
      lang,
    );
    const note = ja
      ? '収益と費用の科目がありません。book.json に "report": {"revenue": …, "expenses": …} を加えてください。'
      : 'No revenue and expense lines: add "report": {"revenue": …, "expenses": …} to book.json.';
    return `<div class="chart-block"><h3>${esc(title)}</h3><p class="note">${esc(note)}</p></div>`;
  }
  const book = model.book;
  const revLine = book.lines.find((l) => l.id === revenue);
  const expLine = book.lines.find((l) => l.id === expenses);
  const revLabel = revLine?.label ?? revenue;
  const expLabel = expLine?.label ?? expenses;
  // A book without segments: one pair of bars, the entity's own.
  const segmented = book.segments.length > 0;
  const rows = (segmented ? book.segments : [{ id: null, name: JA.total }]).map((s) => ({
    name: s.name,
    rev: moneyOf(model.figure(revenue, s.id).amount),
    exp: moneyOf(model.figure(expenses, s.id).amount),
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
  const title = segmented
    ? bySegment(model.book.segmentTerm, both(revLabel, expLabel, lang), lang)
    : both(revLabel, expLabel, lang);
  const out: string[] = [svgOpen(width, height, title)];
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
  const totalRev = moneyOf(model.figure(revenue, null).amount);
  const totalExp = moneyOf(model.figure(expenses, null).amount);
  const total = segmented ? `${TOTAL_COLUMN_KEY}${lang === "ja" ? "：" : ": "}` : "";
  return `<div class="chart-block" id="chart-revenue-expenses">
<h3>${esc(title)}</h3>
<p class="caption">${total}${esc(revLabel)} ${esc(totalRev.format())} ・ ${esc(expLabel)} ${esc(totalExp.format())}</p>
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
function cashWaterfall(model: Model, lines: Partial<ReportLines>, lang: Lang): string {
  const { cashPlan, openingCash, closingCash } = lines;
  const ja = lang === "ja";
  if (cashPlan === undefined || openingCash === undefined || closingCash === undefined) {
    const note = ja
      ? '資金計画の科目がありません。book.json に "report": {"cashPlan": …, "openingCash": …, "closingCash": …} を加えてください。'
      : 'No cash plan lines: add "report": {"cashPlan": …, "openingCash": …, "closingCash": …} to book.json.';
    return `<div class="chart-block"><h3>${cashMovement(lang)}</h3><p class="note">${esc(note)}</p></div>`;
  }
  const book = model.book;
  const steps = waterfallSteps(model, cashPlan, openingCash, closingCash);
  const openLabel = book.lines.find((l) => l.id === openingCash)?.label ?? openingCash;
  const closeLabel = book.lines.find((l) => l.id === closingCash)?.label ?? closingCash;
  const columns: Column[] = [null, ...book.segments.map((s) => s.id)];
  const segmented = book.segments.length > 0;
  const svgs = columns.map((column) => {
    const key = column ?? TOTAL_COLUMN_KEY;
    const svg = waterfallSvg(
      model,
      column,
      steps,
      { id: openingCash, label: openLabel },
      { id: closingCash, label: closeLabel },
      lang,
    );
    // A book without segments has one waterfall, the entity's: nothing to name or choose.
    const caption = segmented
      ? `<figcaption>${esc(segmentLabel(model.book.segments, column))}</figcaption>`
      : "";
    return `<figure class="waterfall" data-chart="waterfall" data-column="${esc(key)}"${column === null ? "" : " hidden"}>${caption}${svg}</figure>`;
  });
  const select = !segmented
    ? ""
    : `<label class="selector">${esc(model.book.segmentTerm)}${ja ? "：" : ": "}<select data-chart-switch="waterfall">${columns
        .map(
          (c) =>
            `<option value="${esc(c ?? TOTAL_COLUMN_KEY)}"${c === null ? " selected" : ""}>${esc(segmentLabel(model.book.segments, c))}</option>`,
        )
        .join("")}</select></label>`;
  const title = book.statements.find((s) => s.id === cashPlan)?.title ?? cashPlan;
  return `<div class="chart-block" id="chart-cash-waterfall">
<h3>${
    ja
      ? `資金の増減（${esc(title)}）：${esc(openLabel)}から${esc(closeLabel)}まで`
      : `Cash movement (${esc(title)}): from ${esc(openLabel)} to ${esc(closeLabel)}`
  }</h3>
${select === "" ? "" : `${select}\n`}${svgs.join("\n")}
</div>`;
}

/** `資金の増減` / `Cash movement`. */
function cashMovement(lang: Lang): string {
  return lang === "ja" ? "資金の増減" : "Cash movement";
}

function waterfallSvg(
  model: Model,
  column: Column,
  steps: readonly WaterfallStep[],
  open: { readonly id: string; readonly label: string },
  close: { readonly id: string; readonly label: string },
  lang: Lang,
): string {
  const ja = lang === "ja";
  const openLabel = open.label;
  const closeLabel = close.label;
  const opening = moneyOf(model.figure(open.id, column).amount);
  const closing = moneyOf(model.figure(close.id, column).amount);
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
          amount: moneyOf(model.figure(group.id, column).amount),
        });
      }
    }
    const figure = moneyOf(model.figure(s.line.id, column).amount);
    const delta = figure.times(s.sign);
    running = running.plus(delta);
    const how =
      s.sign < 0
        ? `${ja ? "支出" : "payment"} ${figure.format()} → ${ja ? "資金" : "cash"} ${delta.format()}`
        : `${ja ? "収入" : "receipt"} ${figure.format()}`;
    rows.push({ kind: "step", label: s.line.label, amount: delta, tip: `${s.line.label}: ${how}` });
  }
  const residual = closing.minus(running);
  if (!residual.isZero()) {
    rows.push({
      kind: "step",
      label: ja ? "その他の差額" : "other difference",
      amount: residual,
      tip: ja ? "説明されない差額" : "difference not explained by the lines",
    });
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
      `${cashMovement(lang)}${model.book.segments.length === 0 ? "" : ` ${segmentLabel(model.book.segments, column)}`}: ${openLabel} ${opening.format()} → ${closeLabel} ${closing.format()}`,
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
export function commitmentsChart(model: Model, view: Outlook, lang: Lang): string {
  const ja = lang === "ja";
  const years = view.years;
  const heading = ja ? "債務負担行為の年度別負担額" : "債務負担行為: burden by fiscal year";
  if (years.length === 0) {
    const none = ja
      ? "債務負担行為の年度別の負担はありません。"
      : "No 債務負担行為 burden falls in any fiscal year.";
    return `<div class="chart-block" id="chart-commitments"><h3>${esc(heading)}</h3><p class="note">${esc(none)}</p></div>`;
  }
  const segmentIndex = (id: string) => model.book.segments.findIndex((s) => s.id === id);
  const series = view.segments.map((s) => ({
    name:
      s.segment === undefined
        ? model.book.segments.length === 0
          ? JA.total
          : `${model.book.segmentTerm}未配分`
        : segmentLabel(model.book.segments, s.segment),
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
  const out: string[] = [svgOpen(width, height, heading)];
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
  if (!view.before.isZero())
    notes.push(
      `${ja ? "表示期間より前の負担額" : "burden before the years shown:"} ${view.before.format()}`,
    );
  if (!view.after.isZero())
    notes.push(
      `${ja ? "表示期間より後の負担額" : "burden after the years shown:"} ${view.after.format()}`,
    );
  if (view.unquantified.length > 0) {
    const n = view.unquantified.length;
    const nos = view.unquantified.map((x) => `#${x}`).join(", ");
    notes.push(
      ja
        ? `限度額が金額でない ${n} 件（${nos}）は合計に含まない`
        : `${n} ${n === 1 ? "commitment" : "commitments"} with a 限度額 given as text (${nos}) not in the totals`,
    );
  }
  return `<div class="chart-block" id="chart-commitments">
<h3>${esc(heading)} <small>${esc(unitNote(view.unit))}</small></h3>
<figure>${out.join("\n")}</figure>
${notes.length > 0 ? `<p class="note">${esc(notes.join(ja ? "。" : "; "))}</p>` : ""}
<table class="fs outlook"><colgroup><col class="label-col">${years.map(() => "<col>").join("")}<col></colgroup><thead><tr><th class="label" scope="col">${esc(model.book.segmentTerm)}</th>${yearHeads}<th scope="col" class="total-col">${TOTAL_COLUMN_KEY}</th></tr></thead>
<tbody>
${tableRows.join("\n")}
</tbody></table>
</div>`;
}
