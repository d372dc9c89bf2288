/**
 * What every part of the HTML report shares: escaping (every text from the book or the
 * findings goes through it), the words of the page yosan says in more than one part of it, and
 * its colours.
 */
import { type CountedStatus, STATUS_WORDS } from "../../model/findings.ts";
import { JA } from "../../model/glossary.ts";
import { inLang, type Lang, say } from "../../model/text.ts";

/** Escape text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Short name for escapeHtml inside the renderers. */
export const esc = escapeHtml;

/** The key of the 合計 column in `data-segment` attributes and the waterfall selector. */
export const TOTAL_COLUMN_KEY = JA.total;

/** The names of the page's sections (its navigation and headings), in each language. */
export const SECTION_WORDS = {
  statements: say("財務諸表", "Financial statements"),
  checks: say("チェック結果", "Check results"),
  charts: say("グラフ", "Charts"),
} as const;

/** `チェック：一致 1312・不一致 0・警告 9・構成上成立 104`: counted findings in one line, in `lang`. */
export function countsLine(counts: Readonly<Record<CountedStatus, number>>, lang: Lang): string {
  const part = (s: CountedStatus) => `${inLang(STATUS_WORDS[s], lang)} ${counts[s]}`;
  const parts = [
    part("pass"),
    part("fail"),
    part("warn"),
    ...(counts.built > 0 ? [part("built")] : []),
  ];
  return lang === "ja" ? `チェック：${parts.join("・")}` : `Checks: ${parts.join(" · ")}`;
}

/** `A と B` / `A and B`. */
export function both(a: string, b: string, lang: Lang): string {
  return lang === "ja" ? `${a}と${b}` : `${a} and ${b}`;
}

/** `事業別の収益と費用` / `revenue and expenses by 事業`: a title by segment, in `lang`. */
export function bySegment(term: string, what: string, lang: Lang): string {
  return lang === "ja" ? `${term}別の${what}` : `${what} by ${term}`;
}

export const SEGMENT_COLOURS = [
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
export const CHART_WIDTH = 1200;
export const UNATTRIBUTED_COLOUR = "#9aa0a6";
export const REVENUE_COLOUR = "#3b78b8";
export const EXPENSE_COLOUR = "#e07b39";
export const UP_COLOUR = "#3a9a6e";
export const DOWN_COLOUR = "#d2553f";
export const LEVEL_COLOUR = "#5b6770";
/** Bars of the two versions of a comparison: A (the budget, before) light, B (after) dark. */
export const COMPARISON_A_COLOUR = "#a9c4de";
export const COMPARISON_B_COLOUR = "#2f5f8f";
