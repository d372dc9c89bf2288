/**
 * The HTML report: one self-contained page (inline CSS, inline SVG drawn here, a few lines of
 * inline script; no network, no web fonts, no chart library) for people who would rather look
 * than read: the statements with segments as columns, the 予算's other 条 (予算の条項, when the
 * book has provisions), the check results with failures first, and charts — revenue and
 * expense by segment, a cash waterfall per segment, and the
 * 債務負担行為 outlook by fiscal year when the caller gives one — then a section per comparison
 * of versions the caller gives (A against B by segment, the lines that moved, the variance
 * findings).
 *
 * Pure: Model + findings → HTML string. Every text from the book or the findings is escaped.
 * Which lines the charts use is configuration (the book's `report` section), never a line id
 * written here; what the caller leaves out is found from the layout's structure.
 */

import type { Outlook } from "../../model/commitment.ts";
import { countFindings, type Finding } from "../../model/findings.ts";
import { unitNote } from "../../model/glossary.ts";
import type { Model } from "../../model/model.ts";
import { inLang, type Lang } from "../../model/text.ts";
import type { DeclaredComparison } from "../comparison-blocks.ts";
import { PROVISION_WORDS } from "../provision-table.ts";
import { renderCharts } from "./charts.ts";
import { comparisonSectionId, renderComparisons } from "./comparisons.ts";
import { renderChecks } from "./findings.ts";
import { esc, SECTION_WORDS } from "./html.ts";
import { renderProvisions } from "./provisions.ts";
import { type ReportLines, resolveReportLines } from "./report-lines.ts";
import { renderHeader, renderStatement } from "./statements.ts";
import { SCRIPT, STYLE } from "./style.ts";

export { escapeHtml, TOTAL_COLUMN_KEY } from "./html.ts";
export { type ReportLines, resolveReportLines } from "./report-lines.ts";

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
  /** The comparisons of versions the book declares, computed by the caller: a section each. */
  readonly comparisons?: readonly DeclaredComparison[];
  /** A footer note, e.g. when the page was generated; none by default, so output is reproducible. */
  readonly generatedNote?: string;
  /** The language of the page: yosan's words and `<html lang>` (the book's words are its own). */
  readonly lang: Lang;
}

/** report.html as a build writes it: the book's report lines, its 債務負担行為 outlook and comparisons. */
export function reportFile(
  model: Model,
  findings: readonly Finding[],
  comparisons: readonly DeclaredComparison[],
  lang: Lang,
): { readonly name: string; readonly content: string } {
  const view = model.commitments?.outlook;
  return {
    name: "report.html",
    content: renderReportHtml(model, findings, {
      ...(model.book.report ? { report: model.book.report } : {}),
      ...(view ? { commitments: view } : {}),
      comparisons,
      lang,
    }),
  };
}

/** Render the report page. Pure; the caller writes it (as output/<book>/report.html). */
export function renderReportHtml(
  model: Model,
  findings: readonly Finding[],
  options: ReportHtmlOptions,
): string {
  const lang = options.lang;
  const book = model.book;
  const resolved = resolveReportLines(model, options.report);
  const title = `${book.entity} ${book.title}`;
  const counts = countFindings(findings);
  const body = [
    renderHeader(
      model,
      counts,
      [
        ...(book.provisions.length > 0
          ? [{ id: "provisions", title: inLang(PROVISION_WORDS.title, lang) }]
          : []),
        ...(options.comparisons ?? []).map((c, i) => ({
          id: comparisonSectionId(i),
          title: c.declared.title,
        })),
      ],
      lang,
    ),
    `<section id="statements" class="page"><h2>${esc(inLang(SECTION_WORDS.statements, lang))} <small>${esc(unitNote(book.unit))}</small></h2>`,
    ...model.statements.map((st) => renderStatement(model, st.def, lang)),
    "</section>",
    renderProvisions(model, lang),
    renderChecks(model, findings, lang),
    renderCharts(model, resolved, options.commitments, lang),
    renderComparisons(model, resolved, options.comparisons ?? [], lang),
    options.generatedNote !== undefined
      ? `<footer><p>${esc(options.generatedNote)}</p></footer>`
      : "",
  ];
  return `<!DOCTYPE html>
<html lang="${lang}">
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
