/**
 * What every part of the HTML report shares: escaping (every text from the book or the
 * findings goes through it) and the words and colours of the page.
 */
import type { CheckStatus } from "../../model/findings.ts";
import { JA } from "../../model/glossary.ts";

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

export const STATUS_WORDS: Record<CheckStatus, string> = {
  fail: "不一致",
  warn: "警告",
  pass: "一致",
};
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
