/**
 * The glossary: the Japanese words yosan itself prints (the book supplies the rest — labels,
 * titles, segment names), with the English names the code uses for them. README.md's glossary
 * table is this module in prose.
 */
import type { Segment } from "./book.ts";
import { say, type Text } from "./text.ts";

export const JA = {
  /** 合計: the total column of a segmented table, and a segment reference meaning "no segment". */
  total: "合計",
  /** 未配分: amounts booked without a segment. */
  unallocated: "未配分",
  /** 単位: the unit note of a table, 単位：千円. */
  unit: "単位",
  /** 科目: the label column of a statement. */
  account: "科目",
  /** 金額: the amount column of a single-column statement. */
  amount: "金額",
  /** 別: 事業別, 勘定別 — a table by segment. */
  by: "別",
  /** 予算: the one version of a book that declares none. */
  budget: "予算",
  /** 予算額, 決算額, 差額, 備考, 区分: the columns of a 決算報告書. */
  budgetAmount: "予算額",
  settledAmount: "決算額",
  difference: "差額",
  note: "備考",
  category: "区分",
  /** 既決予定額, 補正予定額, 計: the columns of a 公営企業's 補正予算. */
  decidedAmount: "既決予定額",
  revisionAmount: "補正予定額",
  revisedTotal: "計",
  /** 増減率, 執行率, 予算残額: a comparison's rates and what remains. */
  rate: "増減率",
  executionRate: "執行率",
  remaining: "予算残額",
} as const;

/** What each kind of version is called in a page's headings and lists. */
export const VERSION_KIND_LABELS = {
  budget: "当初予算",
  revision: "補正予算",
  current: "現計予算",
  forecast: "決算見込み",
  actual: "決算",
  previous: "前年度",
} as const;

/** `(単位：千円)`. */
export function unitNote(unit: string): string {
  return `(${JA.unit}：${unit})`;
}

/** `事業別予定貸借対照表`: the title of a statement's table by segment. */
export function bySegmentTitle(segmentTerm: string, title: string): string {
  return `${segmentTerm}${JA.by}${title}`;
}

/**
 * The name of a column as people read it: the segment's name, 合計 for the total (null or
 * undefined), the id itself for a segment the book does not declare.
 */
export function segmentLabel(
  segments: readonly Pick<Segment, "id" | "name">[],
  id: string | null | undefined,
): string {
  if (id === null || id === undefined) return JA.total;
  return segments.find((s) => s.id === id)?.name ?? id;
}

/**
 * The label of a statement's one figure column: 合計 beside the segments, 金額 in a book
 * without segments (one entity, 科目 | 金額).
 */
export function totalColumnLabel(segments: readonly unknown[]): string {
  return segments.length === 0 ? JA.amount : JA.total;
}

/**
 * The column a sentence names after a figure — 「（合計）」, 「（一般事業）」 — or nothing in a
 * book without segments, whose every figure is the total.
 */
export function columnAside(
  segments: readonly Pick<Segment, "id" | "name">[],
  id: string | null | undefined,
): Text {
  if (segments.length === 0) return say("", "");
  const label = segmentLabel(segments, id);
  return say(`（${label}）`, ` (${label})`);
}
