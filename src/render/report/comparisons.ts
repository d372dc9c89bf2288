/**
 * The report's comparisons of versions (a section each, for the comparisons the book declares
 * and the caller computed): what the comparison's checks found (variance.note,
 * variance.overrun) with their hints, first; A against B by segment as bar charts (the
 * revenue, expense and closing-cash lines the other charts use); the table of the lines that
 * moved, with their 備考.
 * Every text from the book is escaped.
 */
import { type ComparedRow, formatRate, type VersionComparison } from "../../derive/compare.ts";
import type { LayoutLine } from "../../model/book.ts";
import { countedStatus, type Finding } from "../../model/findings.ts";
import { JA, segmentLabel, unitNote } from "../../model/glossary.ts";
import type { Model } from "../../model/model.ts";
import { type Amount, amountText, minusAmount } from "../../model/quantity.ts";
import { inLang, type Lang, say } from "../../model/text.ts";
import { noteKey } from "../../model/version.ts";
import { versionLabel } from "../comparison.ts";
import {
  type ComparisonBlock,
  type ComparisonHeadings,
  changedRows,
  comparisonBlocks,
  comparisonHeadings,
  type DeclaredComparison,
  inOrder,
  shownLines,
} from "../comparison-blocks.ts";
import { emWidth } from "../text-width.ts";
import { renderFinding } from "./findings.ts";
import {
  both,
  bySegment,
  CHART_WIDTH,
  COMPARISON_A_COLOUR,
  COMPARISON_B_COLOUR,
  countsLine,
  DOWN_COLOUR,
  esc,
  UP_COLOUR,
} from "./html.ts";
import type { ResolvedLines } from "./report-lines.ts";

/** The id of a comparison's section (for links): its position among the book's comparisons. */
export function comparisonSectionId(index: number): string {
  return `comparison-${index + 1}`;
}

/** The words of a comparison's section, in each language. */
const WORDS = {
  overrun: say("予算超過", "over budget"),
  statement: say("表", "Statement"),
  changed: say("差額のある科目", "Lines that changed"),
  noChange: say("差額のある科目はありません。", "No line changed."),
  review: say("確認事項", "To review"),
  nothingToReview: say("差額の確認事項はありません。", "Nothing to review in the differences."),
} as const;

/** One section per comparison, in the book's order; yosan's words in `lang`. */
export function renderComparisons(
  model: Model,
  resolved: ResolvedLines,
  comparisons: readonly DeclaredComparison[],
  lang: Lang,
): string {
  return comparisons.map((dc, i) => renderComparison(model, resolved, dc, i, lang)).join("\n");
}

function renderComparison(
  model: Model,
  resolved: ResolvedLines,
  dc: DeclaredComparison,
  index: number,
  lang: Lang,
): string {
  const ja = lang === "ja";
  const c = dc.comparison;
  const headings = comparisonHeadings(c, dc.declared.layout);
  const lines = [resolved.lines.revenue, resolved.lines.expenses, resolved.lines.closingCash]
    .map((id) => c.book.lines.find((l) => l.id === id))
    .filter((l): l is LayoutLine => l !== undefined);
  const charts = lines.map((l) => comparisonChart(c, l, headings, lang)).filter((s) => s !== "");
  const colon = ja ? "：" : ": ";
  const chartsTitle = bySegment(model.book.segmentTerm, both(headings.a, headings.b, lang), lang);
  return `<section id="${comparisonSectionId(index)}" class="page comparison" data-a="${esc(c.a.version.id)}" data-b="${esc(c.b.version.id)}">
<h2>${esc(dc.declared.title)} <small>${esc(unitNote(model.book.unit))}</small></h2>
<p class="meta">A${colon}${esc(versionLabel(c.a, lang))}<br>B${colon}${esc(versionLabel(c.b, lang))}</p>
${statusLine(dc.findings, lang)}
${findingsList(model, dc.findings, lang)}
${charts.length > 0 ? `<h3>${esc(chartsTitle)}</h3>\n${charts.join("\n")}` : ""}
${revisionTables(dc, headings, lang) ?? changesTable(c, headings, dc.findings, lang, shownLines(dc.declared))}
</section>`;
}

/** The comparison's checks in one line: how many pass, warn, fail, hold by construction. */
function statusLine(findings: readonly Finding[], lang: Lang): string {
  const counts = { pass: 0, fail: 0, warn: 0, built: 0 };
  for (const f of findings) counts[countedStatus(f)] += 1;
  const status = counts.fail > 0 ? "fail" : counts.warn > 0 ? "warn" : "pass";
  return `<p class="status status-${status}">${esc(countsLine(counts, lang))}</p>`;
}

/** A change with its sign (`+1,234`, `△1,234`); a quantity with its unit. */
function signed(m: Amount): string {
  return m.isNegative() || m.isZero() ? amountText(m) : `+${amountText(m)}`;
}

function px(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

/** Bars of A and B for one line in each segment, with B − A (and its rate) beside them. */
function comparisonChart(
  c: VersionComparison,
  line: LayoutLine,
  headings: ComparisonHeadings,
  lang: Lang,
): string {
  const ja = lang === "ja";
  const byKey = new Map(c.rows.map((r) => [noteKey(r.line.id, r.segment), r]));
  const rows = c.book.segments
    .map((s) => ({ name: s.name, r: byKey.get(noteKey(line.id, s.id)) }))
    .filter((x): x is { name: string; r: ComparedRow } => x.r !== undefined);
  if (rows.length === 0) return "";
  const values = rows.flatMap(({ r }) => [r.a.value.toNumber(), r.b.value.toNumber()]);
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const labelW = Math.ceil(Math.max(...rows.map((x) => emWidth(x.name) * 13))) + 16;
  const diffW = 190;
  const valueRoom = 100;
  const plotW = CHART_WIDTH - labelW - diffW - valueRoom;
  const top = 30;
  const barH = 12;
  const groupH = 36;
  const height = top + rows.length * groupH + 8;
  const x = (v: number) => labelW + (hi === lo ? 0 : ((v - lo) / (hi - lo)) * plotW);
  const title = `${line.label}${ja ? "：" : ": "}${both(headings.a, headings.b, lang)}`;
  const expense = c.book.versions.variance.expenses.includes(line.id);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${CHART_WIDTH} ${px(height)}" width="${CHART_WIDTH}" height="${px(height)}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>`,
    `<rect x="${labelW}" y="6" width="12" height="12" fill="${COMPARISON_A_COLOUR}"/><text x="${labelW + 18}" y="17" class="legend">A ${esc(headings.a)}</text>`,
    `<rect x="${px(labelW + 60 + emWidth(headings.a) * 12)}" y="6" width="12" height="12" fill="${COMPARISON_B_COLOUR}"/><text x="${px(labelW + 78 + emWidth(headings.a) * 12)}" y="17" class="legend">B ${esc(headings.b)}</text>`,
    `<text x="${CHART_WIDTH - 8}" y="17" class="legend" text-anchor="end">${esc(headings.difference)} (B − A)</text>`,
  ];
  rows.forEach(({ name, r }, i) => {
    const gy = top + i * groupH;
    out.push(
      `<text x="${labelW - 8}" y="${px(gy + groupH / 2 + 3)}" class="label" text-anchor="end">${esc(name)}</text>`,
    );
    for (const [k, m, colour, who] of [
      [0, r.a, COMPARISON_A_COLOUR, headings.a],
      [1, r.b, COMPARISON_B_COLOUR, headings.b],
    ] as const) {
      const v = m.value.toNumber();
      const y = gy + 5 + k * (barH + 2);
      const a = x(Math.min(0, v));
      const b = x(Math.max(0, v));
      out.push(
        `<rect x="${px(a)}" y="${px(y)}" width="${px(Math.max(b - a, 0.5))}" height="${barH}" fill="${colour}"><title>${esc(`${name} ${who} ${amountText(m)}`)}</title></rect>`,
        `<text x="${px(b + 4)}" y="${px(y + barH - 2)}" class="value">${esc(amountText(m))}</text>`,
      );
    }
    const rate = formatRate(r.rate);
    // Green where B is the better side: less of an expense (variance.expenses), more of anything else.
    const better = expense ? r.difference.isNegative() : !r.difference.isNegative();
    const colour = r.difference.isZero() ? "#56606a" : better ? UP_COLOUR : DOWN_COLOUR;
    out.push(
      `<text x="${CHART_WIDTH - 8}" y="${px(gy + groupH / 2 + 3)}" class="value strong" text-anchor="end" fill="${colour}" style="fill:${colour}">${esc(signed(r.difference))}${rate === "" ? "" : ` (${esc(rate.startsWith("-") ? `△${rate.slice(1)}` : rate)})`}</text>`,
    );
  });
  out.push(
    `<line x1="${px(x(0))}" y1="${top - 4}" x2="${px(x(0))}" y2="${px(height - 4)}" class="axis"/>`,
    "</svg>",
  );
  const total = byKey.get(noteKey(line.id, null));
  const caption = total ? totalCaption(total, headings, lang) : "";
  return `<div class="chart-block" data-line="${esc(line.id)}">
<h4>${esc(line.label)}</h4>
${caption === "" ? "" : `<p class="caption">${esc(caption)}</p>`}
<figure>${out.join("\n")}</figure>
</div>`;
}

/** `合計：予算額 1,000 → 決算額 1,200（差額 +200）`: the 合計 of a compared line, in `lang`. */
function totalCaption(total: ComparedRow, headings: ComparisonHeadings, lang: Lang): string {
  const from = `${headings.a} ${amountText(total.a)}`;
  const to = `${headings.b} ${amountText(total.b)}`;
  const change = `${headings.difference} ${signed(total.difference)}`;
  return lang === "ja"
    ? `${JA.total}：${from} → ${to}（${change}）`
    : `${JA.total}: ${from} → ${to} (${change})`;
}

function amountCell(m: Amount, extra = ""): string {
  return `<td class="amt${m.isNegative() ? " neg" : ""}${extra}">${esc(amountText(m))}</td>`;
}

function rateText(rate: string): string {
  return rate.replace(/^-/, "△");
}

/**
 * One statement of one column of a comparison as a table: every line in the document's layout,
 * A | B | 差額 | the rates | 備考 (each note citing its cell), 予算超過 lines marked (the mark
 * in `lang`).
 */
export function comparisonBlockTable(
  block: ComparisonBlock,
  headings: ComparisonHeadings,
  overruns: ReadonlySet<string>,
  lang: Lang,
): string {
  const head = [
    `<th class="label" scope="col">${esc(headings.label)}</th>`,
    ...inOrder(headings, {
      a: `<th scope="col">A ${esc(headings.a)}</th>`,
      b: `<th scope="col">B ${esc(headings.b)}</th>`,
      difference: `<th scope="col">${esc(headings.difference)}</th>`,
    }),
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
          amountCell(r.execution?.remaining ?? minusAmount(r.a, r.b)),
        ]
      : headings.rates.map(() => `<td class="amt">${esc(rateText(formatRate(r.rate)))}</td>`);
    const over = overruns.has(noteKey(line.id, r.segment));
    const cls = [closesGroup ? "subtotal" : line.kind, r.difference.isZero() ? "" : "moved"]
      .concat(over ? ["overrun"] : [])
      .filter((x) => x !== "")
      .join(" ");
    const note = r.note
      ? `<span title="${esc(`${r.note.source.file}:${r.note.source.row}`)}">${esc(r.note.text)}</span>`
      : "";
    return `<tr class="${cls}" data-line="${esc(line.id)}" data-segment="${esc(r.segment ?? JA.total)}"><th scope="row" class="label" ${indent}>${esc(line.label)}${over ? ` <span class="tag fail">${esc(inLang(WORDS.overrun, lang))}</span>` : ""}</th>${inOrder(
      headings,
      { a: amountCell(r.a), b: amountCell(r.b), difference: amountCell(r.difference, " diff") },
    ).join("")}${rates.join("")}<td class="note">${note}</td></tr>`;
  });
  return `<div class="statement compared" id="${esc(`compare-${block.statement.id}`)}">
<h3>${esc(block.statement.title)} <small>${esc(block.statement.period)}</small></h3>
<table class="fs comparison-table">${cols}<thead><tr>${head}</tr></thead><tbody>
${rows.join("\n")}
</tbody></table></div>`;
}

/** The 予算超過 findings of a comparison, by noteKey of their line and segment. */
export function overrunKeys(findings: readonly Finding[]): Set<string> {
  return new Set(
    findings
      .filter((f) => f.check === "variance.overrun" && f.status !== "pass" && f.line)
      .map((f) => noteKey(f.line ?? "", f.segment ?? null)),
  );
}

/**
 * A 補正予算 (layout `revision`) as the document prints it: every statement it shows, 款・項 to
 * its depth, 既決予定額 | 補正予定額 | 計, the 合計 column only; undefined for any other layout.
 */
function revisionTables(
  dc: DeclaredComparison,
  headings: ComparisonHeadings,
  lang: Lang,
): string | undefined {
  if (dc.declared.layout !== "revision") return undefined;
  const overruns = overrunKeys(dc.findings);
  return comparisonBlocks(dc.comparison, shownLines(dc.declared))
    .filter((b) => b.segment === null)
    .map((b) => comparisonBlockTable(b, headings, overruns, lang))
    .join("\n");
}

/** The lines whose B differs from A (合計 first, then the segments), with rates and 備考. */
function changesTable(
  c: VersionComparison,
  headings: ComparisonHeadings,
  findings: readonly Finding[],
  lang: Lang,
  shown: (line: LayoutLine) => boolean,
): string {
  const rows = changedRows(c, shown);
  const over = overrunKeys(findings);
  const titles = new Map(c.book.statements.map((s) => [s.id, s.title]));
  // A book without segments has no segment column: every row is the total.
  const segmented = c.book.segments.length > 0;
  const head = [
    inLang(WORDS.statement, lang),
    headings.label,
    ...(segmented ? [c.book.segmentTerm] : []),
    ...inOrder(headings, headings),
    ...headings.rates,
    headings.note,
  ];
  // The figure and rate columns, after the statement, the label and (with segments) the segment.
  const first = segmented ? 3 : 2;
  const numeric = new Set(Array.from({ length: 3 + headings.rates.length }, (_, i) => first + i));
  const body = rows.map((r, i) => {
    const rates = headings.execution
      ? [
          formatRate(r.execution?.rate ?? null),
          amountText(r.execution?.remaining ?? minusAmount(r.a, r.b)),
        ]
      : headings.rates.map(() => formatRate(r.rate));
    // The statement is named on the first of its rows, the line on its first column's row.
    const first = rows[i - 1]?.statement !== r.statement;
    const sameLine = !first && rows[i - 1]?.line.id === r.line.id;
    const cells = [
      first ? (titles.get(r.statement) ?? r.statement) : "",
      sameLine ? "" : r.line.label,
      ...(segmented ? [segmentLabel(c.book.segments, r.segment)] : []),
      ...inOrder(headings, {
        a: amountText(r.a),
        b: amountText(r.b),
        difference: amountText(r.difference),
      }),
      ...rates.map((t) => t.replace(/^-/, "△")),
      r.note?.text ?? "",
    ];
    const cls = [
      r.segment === null ? "total-row" : "",
      over.has(noteKey(r.line.id, r.segment)) ? "over" : "",
    ]
      .filter((x) => x !== "")
      .join(" ");
    return `<tr${cls === "" ? "" : ` class="${cls}"`} data-line="${esc(r.line.id)}" data-segment="${esc(r.segment ?? "")}">${cells
      .map((t, i) =>
        numeric.has(i)
          ? `<td class="amt${t.startsWith("△") ? " neg" : ""}">${esc(t)}</td>`
          : `<td>${esc(t)}</td>`,
      )
      .join("")}</tr>`;
  });
  const all = c.rows.length;
  const count =
    lang === "ja"
      ? `(${rows.length} / ${all} 行：差額が 0 の行は省略。全行は比較の CSV とブックのシートにあります)`
      : `(${rows.length} / ${all} rows: rows with no difference left out; every row is in the compare CSV and the workbook's sheet)`;
  return `<h3>${esc(inLang(WORDS.changed, lang))} <small>${esc(count)}</small></h3>
${
  rows.length === 0
    ? `<p class="note">${esc(inLang(WORDS.noChange, lang))}</p>`
    : `<table class="fs changes"><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead>
<tbody>
${body.join("\n")}
</tbody></table>`
}`;
}

/** What the comparison's checks found that is not a pass, failures first, with their hints. */
function findingsList(model: Model, findings: readonly Finding[], lang: Lang): string {
  const open = [
    ...findings.filter((f) => f.status === "fail"),
    ...findings.filter((f) => f.status === "warn"),
  ];
  const review = esc(inLang(WORDS.review, lang));
  if (open.length === 0)
    return `<h3>${review}</h3>\n<p class="status status-pass">${esc(inLang(WORDS.nothingToReview, lang))}</p>`;
  return `<h3>${review} (${open.length})</h3>
<ol class="findings">
${open.map((f) => renderFinding(model, f, lang)).join("\n")}
</ol>`;
}
