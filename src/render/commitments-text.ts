/**
 * The 債務負担行為 register and its year-by-year burden as text (`yosan commitments`) and as
 * JSON-ready objects (amounts as decimal strings).
 */

import { type OutlookOptions, outlook, scheduleFor } from "../derive/commitments.ts";
import type { Commitment, Schedule, YearRange } from "../model/commitment.ts";
import { type EraName, type EraStyle, formatFiscalYear } from "../model/era.ts";
import { JA, unitNote } from "../model/glossary.ts";
import { Money, type Unit } from "../model/money.ts";
import type { Lang } from "../model/text.ts";
import { textColumns } from "./text-width.ts";

/** Options for the renderers. */
interface RenderCommitmentsOptions extends OutlookOptions {
  /** The book's segments (order of segment totals, and their names). */
  readonly segments?: readonly { readonly id: string; readonly name: string }[];
  /** How years are labelled: `modern` (default), `original` or `western`. */
  readonly eraStyle?: EraStyle;
  /** Era of the source for the `original` style; default the era the register was written in. */
  readonly originalEra?: EraName;
  /** What the book calls a segment (事業, 勘定), for the segment column; default 区分. */
  readonly segmentTerm?: string;
  /** The language of yosan's own words (the register's 事項 and years are the book's). */
  readonly lang: Lang;
}

/**
 * A fiscal year's label: `2023年度 / 令和5年度` (modern), `2023年度 / 平成35年度` (original,
 * with originalEra 平成), `2023年度` (western).
 */
export function fiscalYearLabel(year: number, style: EraStyle, originalEra?: EraName): string {
  const western = formatFiscalYear(year, "western");
  return style === "western"
    ? western
    : `${western} / ${formatFiscalYear(year, style, originalEra)}`;
}

/** A year cell: `-` for nothing scheduled, else 1,234,567. */
function amountCell(amount: Money): string {
  return amount.isZero() ? "-" : amount.format();
}

function segmentName(
  id: string | undefined,
  segments: RenderCommitmentsOptions["segments"],
  lang: Lang,
): string {
  if (id === undefined) return lang === "ja" ? JA.unallocated : "(unattributed)";
  return segments?.find((s) => s.id === id)?.name ?? id;
}

function rangeLabel(range: YearRange, style: EraStyle, era?: EraName): string {
  const from = formatFiscalYear(range.from, style, era);
  return range.from === range.to ? from : `${from}から${formatFiscalYear(range.to, style, era)}`;
}

/**
 * The register and its year-by-year burden as text: first the register (No, 事項, 限度額,
 * 行為年度, 負担となる年度, segment) with its total, then one row per commitment and fiscal
 * year, segment totals and the overall total.
 */
export function renderCommitmentsText<U extends Unit>(
  commitments: readonly Commitment<U>[],
  schedules: readonly Schedule<U>[],
  options: RenderCommitmentsOptions,
): string {
  const ja = options.lang === "ja";
  const style = options.eraStyle ?? "modern";
  const era =
    options.originalEra ?? commitments.find((c) => c.writtenEra !== undefined)?.writtenEra;
  const view = outlook(commitments, schedules, options);
  const unitLine = unitNote(view.unit);
  const limits = commitments.flatMap((c) => (c.limit.kind === "amount" ? [c.limit.amount] : []));
  const limitTotal = Money.sum(view.unit, limits as Money<U>[]);

  const segmentHeading = ja ? (options.segmentTerm ?? "区分") : "segment";
  // A book without segments: no segment column, no totals by segment (the 合計 is all).
  const segmented = options.segments?.length !== 0;
  const register: string[][] = [
    ["No", "事項", "限度額", "行為年度", "負担となる年度", ...(segmented ? [segmentHeading] : [])],
  ];
  for (const c of commitments) {
    register.push([
      `#${c.no}`,
      c.item,
      c.limit.kind === "amount" ? c.limit.amount.format() : `「${c.limit.text}」`,
      formatFiscalYear(c.authorisedYear, style, era),
      rangeLabel(c.burdenYears, style, era),
      ...(segmented
        ? [c.segment === undefined ? "" : segmentName(c.segment, options.segments, options.lang)]
        : []),
    ]);
  }
  register.push(["", JA.total, limitTotal.format(), "", "", ...(segmented ? [""] : [])]);

  const yearly: string[][] = [
    ["No", "事項", ...view.years.map((y) => fiscalYearLabel(y, style, era)), JA.total],
  ];
  view.commitments.forEach((row) => {
    const c = commitments.find((x) => x.no === row.commitmentNo);
    yearly.push([
      `#${row.commitmentNo}`,
      c?.item ?? "",
      ...row.byYear.map(amountCell),
      row.total.format(),
    ]);
  });
  for (const row of segmented ? view.segments : []) {
    yearly.push([
      "",
      `計 ${segmentName(row.segment, options.segments, options.lang)}`,
      ...row.byYear.map(amountCell),
      row.total.format(),
    ]);
  }
  yearly.push(["", JA.total, ...view.byYear.map(amountCell), view.total.format()]);

  const lines = [
    `債務負担行為 ${unitLine}`,
    "",
    ...textColumns(register, [false, false, true, false, false, ...(segmented ? [false] : [])]),
    "",
    `年度別負担額 ${unitLine}`,
    "",
    ...textColumns(yearly, [false, false, ...view.years.map(() => true), true]),
  ];
  const first = view.years[0] ?? "";
  const last = view.years.at(-1) ?? "";
  if (!view.before.isZero())
    lines.push(
      ja
        ? `${first}年度より前：${view.before.format()}`
        : `before ${first}: ${view.before.format()}`,
    );
  if (!view.after.isZero())
    lines.push(
      ja ? `${last}年度より後：${view.after.format()}` : `after ${last}: ${view.after.format()}`,
    );
  if (view.unquantified.length > 0) {
    const nos = view.unquantified.map((n) => `#${n}`).join(", ");
    lines.push(
      ja
        ? `限度額が金額でないため合計に含めない事項：${nos}`
        : `limits given as text, excluded from the totals: ${nos}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** JSON form of one commitment; amounts are decimal strings in `unit`. */
interface CommitmentJson {
  readonly no: number;
  readonly item: string;
  /** Decimal string, or null when the limit is text (then see limitText). */
  readonly limit: string | null;
  readonly limitText?: string;
  readonly unit: Unit;
  readonly authorisedYear: number;
  readonly burdenYears: { readonly from: number; readonly to: number };
  readonly segment: string | null;
  readonly scheduleBasis: Schedule["basis"];
  readonly schedule: readonly { readonly fiscalYear: number; readonly amount: string }[];
}

/** The register with schedules as JSON-ready objects (amounts as decimal strings). */
export function commitmentsJson<U extends Unit>(
  commitments: readonly Commitment<U>[],
  schedules: readonly Schedule<U>[],
): CommitmentJson[] {
  return commitments.map((c) => {
    const s = scheduleFor(c, schedules);
    return {
      no: c.no,
      item: c.item,
      limit: c.limit.kind === "amount" ? c.limit.amount.toString() : null,
      ...(c.limit.kind === "text" ? { limitText: c.limit.text } : {}),
      unit: c.unit,
      authorisedYear: c.authorisedYear,
      burdenYears: { from: c.burdenYears.from, to: c.burdenYears.to },
      segment: c.segment ?? null,
      scheduleBasis: s.basis,
      schedule: s.entries.map((e) => ({ fiscalYear: e.fiscalYear, amount: e.amount.toString() })),
    };
  });
}
