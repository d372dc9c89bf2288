/**
 * The overview: which book this is (entity, title, fiscal year, unit, rounding, segments, the
 * directory), the check badge with its counts and the checks that need a look, the key
 * figures for 合計 and every segment (each a link to its derivation), the 予算の条項 (the book's
 * provisions.csv), the book's load warnings, and the report's charts (revenue and expenses by
 * segment, the cash waterfall).
 */

import type { Version } from "../../model/book.ts";
import { type FindingCounts, formatCompared, STATUS_WORDS } from "../../model/findings.ts";
import { JA, totalColumnLabel, unitNote } from "../../model/glossary.ts";
import { formatInputIssue } from "../../model/issues.ts";
import type { Column } from "../../model/model.ts";
import { ROUNDING_LABELS } from "../../model/money.ts";
import { amountText } from "../../model/quantity.ts";
import { inLang, type Lang } from "../../model/text.ts";
import { groupByCheck } from "../../render/check-report.ts";
import { PROVISION_WORDS } from "../../render/provision-table.ts";
import { renderCharts } from "../../render/report/charts.ts";
import { provisionTables } from "../../render/report/provisions.ts";
import { resolveReportLines } from "../../render/report/report-lines.ts";
import { adoptedLines } from "../../render/report/statements.ts";
import { keyLines } from "../key-figures.ts";
import type { PageView } from "../view.ts";
import { columnKey, esc, VERSION_KIND_WORDS, wordsIn } from "./shell.ts";

function statusLine(counts: FindingCounts, lang: Lang): string {
  const t = wordsIn(lang);
  const status = counts.failed > 0 ? "fail" : counts.warned > 0 ? "warn" : "pass";
  const link = (s: keyof typeof STATUS_WORDS, n: number) =>
    `<a href="/findings?status=${s}">${esc(inLang(STATUS_WORDS[s], lang))} ${n}</a>`;
  const links = [
    link("pass", counts.passed),
    link("fail", counts.failed),
    link("warn", counts.warned),
    ...(counts.structural > 0 ? [link("built", counts.structural)] : []),
  ];
  return `<p class="status status-${status}" id="check-summary">${t("チェック：", "Checks: ")}${links.join(t("・", " · "))}</p>`;
}

function keyFigures(view: PageView): string {
  const model = view.model;
  const columns: Column[] = [null, ...model.book.segments.map((s) => s.id)];
  const head = columns
    .map(
      (c) =>
        `<th scope="col">${esc(c === null ? totalColumnLabel(model.book.segments) : (model.book.segments.find((s) => s.id === c)?.name ?? c))}</th>`,
    )
    .join("");
  const rows = keyLines(model).map((k) => {
    const cells = columns
      .map((c) => {
        const amount = model.figure(k.line.id, c).amount;
        const href = `/statements?segment=${encodeURIComponent(c ?? "")}&explain=${encodeURIComponent(k.line.id)}&at=${encodeURIComponent(columnKey(c))}`;
        return `<td class="amt${amount.isNegative() ? " neg" : ""}${c === null ? " total-col" : ""}" data-line="${esc(k.line.id)}" data-segment="${esc(columnKey(c))}"><a href="${esc(href)}">${esc(amountText(amount))}</a></td>`;
      })
      .join("");
    return `<tr><th scope="row" class="label">${esc(k.statement.title)}　${esc(k.line.label)}</th>${cells}</tr>`;
  });
  // One figure column (a book without segments): as wide as its figures, not the page.
  const single = columns.length === 1;
  return `<table class="fs key-figures"${single ? ' style="width:auto"' : ""}><colgroup><col class="label-col" style="width:20em">${columns.map(() => (single ? '<col style="width:12em">' : "<col>")).join("")}</colgroup><thead><tr><th class="label" scope="col">${JA.account}</th>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function checksToLook(view: PageView, lang: Lang): string {
  const t = wordsIn(lang);
  const groups = groupByCheck(view.model, view.findings).filter((g) => g.fail + g.warn > 0);
  if (groups.length === 0) return "";
  const rows = groups.map((g) => {
    const example = g.findings.find((f) => f.status !== "pass");
    const diff = example?.compared ? formatCompared(example.compared, "difference") : "";
    return `<tr><td><a href="/findings?status=open&amp;check=${encodeURIComponent(g.id)}"><code>${esc(g.id)}</code></a></td><td>${esc(inLang(g.title, lang))}</td><td class="amt">${g.fail}</td><td class="amt">${g.warn}</td><td class="muted">${esc(example ? inLang(example.message, lang) : "")}${diff ? ` [${t("差額", "difference")} ${esc(diff)}]` : ""}</td></tr>`;
  });
  return `<h2>${t("確認が必要なチェック", "Checks that need a look")}</h2><table class="plain" id="checks-to-look"><thead><tr><th>ID</th><th>${t("内容", "What it checks")}</th><th class="amt">${esc(inLang(STATUS_WORDS.fail, lang))}</th><th class="amt">${esc(inLang(STATUS_WORDS.warn, lang))}</th><th>${t("例", "Example")}</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

/** The book's versions (each a link that shows it) and the comparisons it declares. */
function versionsTable(view: PageView, lang: Lang): string {
  const t = wordsIn(lang);
  const b = view.state.book;
  if (b.versions.list.length <= 1) return "";
  const name = (id: string | null) =>
    id === null ? "" : (b.versions.list.find((v) => v.id === id)?.name ?? id);
  const basis = (v: Version) =>
    v.kind === "current"
      ? [v.base, ...v.revisions].map(name).join(" + ")
      : v.kind === "revision"
        ? `${name(v.base)} + ${t("変更", "changes")}`
        : v.printed
          ? t(`印刷物の列（${v.printed.column}）`, `column ${v.printed.column} of a print`)
          : v.linked
            ? `${t("前年度の帳簿", "previous year's book")} ${v.linked.dir}`
            : v.files.join(", ");
  const rows = b.versions.list.map((v) => {
    const shown = v.id === view.version.id;
    const link =
      v.kind === "previous"
        ? esc(v.name)
        : `<a href="/?v=${encodeURIComponent(v.id)}"${shown ? ' aria-current="true"' : ""}>${esc(v.name)}</a>`;
    return `<tr${shown ? ' class="shown"' : ""}><td>${link}${v.id === b.versions.defaultId ? ` <small>${t("（既定）", "(default)")}</small>` : ""}${v.sample ? ` <span class="tag sample">${esc(v.sample)}</span>` : ""}</td><td>${esc(inLang(VERSION_KIND_WORDS[v.kind], lang))}</td><td class="mono">${esc(v.id)}</td><td>${esc(basis(v))}</td><td>${esc(v.asOf ?? "")}</td></tr>`;
  });
  const comparisons = b.versions.comparisons.map(
    (c) =>
      `<li><a href="/compare?a=${encodeURIComponent(c.a)}&amp;b=${encodeURIComponent(c.b)}">${esc(c.title)}</a>（${esc(name(c.a))} → ${esc(name(c.b))}）</li>`,
  );
  return `<h2>${t("版", "Versions")}</h2><table class="plain" id="versions"><thead><tr><th>${t("版", "Version")}</th><th>${t("種類", "Kind")}</th><th>ID</th><th>${t("基になるもの", "Based on")}</th><th>${t("時点", "As of")}</th></tr></thead><tbody>${rows.join("")}</tbody></table>
${comparisons.length > 0 ? `<ul class="comparisons">${comparisons.join("")}</ul>` : ""}`;
}

/** The 予算's articles that are not tables (予算の条項), as the report shows them; "" without any. */
function provisionsSection(view: PageView, lang: Lang): string {
  const b = view.model.book;
  if (b.provisions.length === 0) return "";
  return `<h2 id="provisions">${esc(inLang(PROVISION_WORDS.title, lang))} <small>${esc(unitNote(b.unit))}</small></h2>
${provisionTables(view.model, lang, "plain provisions")}
`;
}

/** The body of the overview page. */
export function overviewPage(view: PageView, lang: Lang): string {
  const t = wordsIn(lang);
  const model = view.model;
  const b = model.book;
  const notes = [...new Set(b.prints.map((p) => p.note).filter((n) => n !== ""))];
  const warnings = view.state.warnings;
  return `<h1>${esc(b.entity)} <small>${esc(b.title)}</small></h1>
<p class="meta">${
    lang === "ja"
      ? `${esc(b.fiscalYear.label)}（${esc(b.fiscalYear.start)} 〜 ${esc(b.fiscalYear.end)}）・単位：${esc(b.unit)}・端数処理：${esc(ROUNDING_LABELS[b.rounding])}・${b.segments.length === 0 ? "" : `${b.segments.length} ${esc(b.segmentTerm)}・`}`
      : `${esc(b.fiscalYear.label)} (${esc(b.fiscalYear.start)} – ${esc(b.fiscalYear.end)}) · unit: ${esc(b.unit)} · rounding: ${esc(b.rounding)} · ${b.segments.length === 0 ? "" : `${b.segments.length} ${esc(b.segmentTerm)} · `}`
  }<span class="mono">${esc(b.dir)}</span></p>
${notes.map((n) => `<p class="note">${esc(n)}</p>`).join("\n")}
${adoptedLines(model, lang)}${statusLine(view.counts, lang)}
<h2>${t("主要な数値", "Key figures")} <small>${b.versions.list.length > 1 ? `${esc(view.version.name)} ` : ""}${esc(unitNote(b.unit))}</small></h2>
${keyFigures(view)}
${provisionsSection(view, lang)}${versionsTable(view, lang)}
${checksToLook(view, lang)}
${warnings.length > 0 ? `<h2>${t("読み込み時の注意", "Warnings when the book was read")} (${warnings.length})</h2><ul class="issues">${warnings.map((w) => `<li><pre>${esc(formatInputIssue(w, lang))}</pre></li>`).join("")}</ul>` : ""}
${renderCharts(model, resolveReportLines(model, b.report ?? {}), undefined, lang)}`;
}
