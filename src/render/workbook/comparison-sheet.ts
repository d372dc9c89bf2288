/**
 * A comparison of two versions the book declares, as a sheet in the official layout (決算報告書,
 * 予実対比): one block per column (合計, then each segment) and statement, every line in layout
 * order and indented, with A | B | 差額 | 増減率 (or 執行率 | 予算残額) | 備考, then what the
 * comparison's checks found.
 *
 * Live: 差額 is B − A, the rates are formulas, every derived line is the layout's formula over
 * the block's own cells and every 合計 leaf the SUM of the segment blocks' cells. The figures of
 * the version the workbook presents read its statement sheets; the other version's are values.
 * Every formula carries yosan's figure as its cached value.
 *
 * Printed on A4 at a fixed scale with the sheet's own page breaks: each column starts a page, a
 * block never breaks across pages, and the orientation and scale are those that print largest
 * with the widest row within the width and the tallest block within a page (row heights are
 * set, so the arithmetic holds).
 */
import type ExcelJS from "exceljs";
import type { ComparedRow, VersionFigures } from "../../derive/compare.ts";
import type { LayoutLine } from "../../model/book.ts";
import { checkWords, declaredWords, type Finding, STATUS_WORDS } from "../../model/findings.ts";
import { segmentLabel, unitNote } from "../../model/glossary.ts";
import type { Column } from "../../model/model.ts";
import { Decimal } from "../../model/money.ts";
import { minusAmount } from "../../model/quantity.ts";
import { inLang, type Lang } from "../../model/text.ts";
import { noteKey } from "../../model/version.ts";
import { versionLabel } from "../comparison.ts";
import {
  type ComparedColumn,
  type ComparisonBlock,
  type ComparisonHeadings,
  comparisonBlocks,
  comparisonHeadings,
  type DeclaredComparison,
  inOrder,
  shownLines,
} from "../comparison-blocks.ts";
import {
  A4_POINTS,
  a1,
  amountCell,
  BOLD_TOTAL_BORDER,
  cellNumber,
  formulaCell,
  headerCell,
  LINE_HEIGHT,
  labelWidth,
  lineFormat,
  type Orientation,
  PAGE_MARGINS,
  ref,
  setupSheet,
  text,
  wrappedRowHeight,
} from "./cells.ts";
import { type Col, type Plan, TOTAL } from "./plan.ts";

/**
 * Number format of a rate: one decimal of a percent, △ for a decrease.
 * @testOnly exported for the tests that use it
 */
export const RATE_FORMAT = '0.0%;"△"0.0%';
/**
 * What a rate cell shows when there is no rate (A is 0).
 * @testOnly exported for the tests that use it
 */
export const NO_RATE = "－";

const HEADER_ROW = 5;
const TITLE_HEIGHT = 21;
const BLOCK_TITLE_HEIGHT = 18;
// Not 9: exceljs leaves a column of its default width 9 out, and viewers then differ.
const WIDTHS = { amount: 14, rate: 10, note: 32 } as const;
/** Height of a row of one line of 11-point text (Excel's own for the font). */
const ROW_HEIGHT = 13.5;

/** Where everything goes: columns, the row of each block and line, heights, page breaks. */
interface SheetLayout {
  readonly headings: ComparisonHeadings;
  /** The columns of A, B, B − A (in the headings' order) and 備考. */
  readonly col: {
    readonly a: number;
    readonly b: number;
    readonly difference: number;
    readonly note: number;
  };
  readonly widths: readonly number[];
  readonly blocks: readonly { block: ComparisonBlock; title: number; first: number }[];
  /** Row of each compared line in each column: noteKey(line, segment). */
  readonly rowOf: ReadonlyMap<string, number>;
  readonly heights: ReadonlyMap<number, number>;
  /** Orientation, scale and the rows after which a page ends. */
  readonly pages: {
    readonly orientation: Orientation;
    readonly scale: number;
    readonly breaks: readonly number[];
  };
  /** The title row of what the checks found, and its rows' texts. */
  readonly findingsRow: number;
  readonly findings: readonly FindingText[];
}

interface FindingText {
  readonly status: Finding["status"];
  readonly head: string;
  readonly body: string;
}

/**
 * The sheet of a declared comparison. Its headings and notes are the Japanese document's; the
 * versions compared and what the checks found (status, message, hint) are in `lang`.
 */
export function writeComparisonSheet(
  wb: ExcelJS.Workbook,
  plan: Plan,
  dc: DeclaredComparison,
  lang: Lang,
): void {
  const name = plan.comparisonSheet(dc.declared);
  if (name === undefined) return;
  const book = plan.model.book;
  const layout = layOut(plan, dc, lang);
  const ws = wb.addWorksheet(name);
  const last = layout.col.note;
  setupSheet(
    ws,
    book,
    name,
    { xSplit: 1, ySplit: HEADER_ROW },
    { kind: "scale", percent: layout.pages.scale, orientation: layout.pages.orientation },
  );
  const title = ws.getCell(1, 1);
  title.value = text(`${book.title} ${dc.declared.title}`);
  title.font = { bold: true, size: 14 };
  versionLines(dc, lang).forEach((t, i) => {
    ws.mergeCells(2 + i, 1, 2 + i, last);
    const cell = ws.getCell(2 + i, 1);
    cell.value = text(t);
    cell.alignment = { wrapText: true, vertical: "top" };
  });
  ws.getCell(4, 1).value = text(explanation(layout.headings));
  const unit = ws.getCell(4, last);
  unit.value = text(unitNote(book.unit));
  unit.alignment = { horizontal: "right" };
  const h = layout.headings;
  [h.label, ...inOrder(h, h), ...h.rates, h.note].forEach((label, i) => {
    headerCell(ws, HEADER_ROW, i + 1, label);
  });
  for (const [row, height] of layout.heights) ws.getRow(row).height = height;
  const flagged = flaggedCells(dc.findings);
  for (const { block, title: at } of layout.blocks)
    writeBlock(ws, plan, dc, layout, block, at, flagged);
  writeFindings(ws, layout);
  for (const row of layout.pages.breaks) ws.getRow(row).addPageBreak();
  layout.widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
}

/**
 * The versions compared, as rows 2 and 3 say them: in Japanese as every Japanese heading names
 * a version (当初予算（original）); in English as the sheet has always said them, name, id and
 * kind with the Japanese asides (test/golden/jlis-h29.workbook.txt pins it).
 */
function versionLines(dc: DeclaredComparison, lang: Lang): [string, string] {
  const label = (f: VersionFigures) =>
    lang === "ja" ? versionLabel(f, "ja") : settledVersionLabel(f);
  return [`A：${label(dc.comparison.a)}`, `B：${label(dc.comparison.b)}`];
}

/** `決算 (settlement, actual) [サンプル: …]`: a version in the English sheet's row 2 or 3. */
function settledVersionLabel(f: VersionFigures): string {
  const v = f.version;
  const extra = [
    v.asOf ? `${v.asOf}まで` : "",
    f.kind === "printed" ? `${f.unit}単位でのみ判明` : "",
    v.sample ? `サンプル: ${v.sample}` : "",
  ].filter((x) => x !== "");
  return `${v.name} (${v.id}, ${v.kind})${extra.length > 0 ? ` [${extra.join("; ")}]` : ""}`;
}

/** What the columns are, in words (row 4). */
function explanation(h: ComparisonHeadings): string {
  const rates = h.execution
    ? `、${h.rates[0]} = B ÷ A、${h.rates[1]} = A − B`
    : h.rates.length > 0
      ? `、${h.rates[0]} = ${h.difference} ÷ |A|`
      : "";
  return `A：${h.a}　B：${h.b}　${h.difference} = B − A${rates}`;
}

/**
 * Decide every row, width, height, page break and the scale before writing a cell: the scale
 * from the narrowest 備考, then 備考 widened to the width the scale leaves (which can only make
 * rows lower), then the page breaks.
 */
function layOut(plan: Plan, dc: DeclaredComparison, lang: Lang): SheetLayout {
  const c = dc.comparison;
  const headings = comparisonHeadings(c, dc.declared.layout);
  const note = 4 + headings.rates.length + 1;
  const blocks = comparisonBlocks(c, shownLines(dc.declared));
  const column = (k: ComparedColumn) => 2 + headings.order.indexOf(k);
  const narrow = [
    labelWidth(
      blocks.flatMap((b) => b.rows.map((r) => r.line)),
      24,
    ),
    WIDTHS.amount,
    WIDTHS.amount,
    WIDTHS.amount,
    ...(headings.execution ? [WIDTHS.rate, WIDTHS.amount] : headings.rates.map(() => WIDTHS.rate)),
    WIDTHS.note,
  ];
  const placement = place(plan, dc, blocks, lang);
  const spans = spansOf(placement);
  const first = rowHeights(dc, headings, placement, narrow, lang);
  const [landscape, portrait] = (["landscape", "portrait"] as const).map((orientation) => ({
    orientation,
    scale: scaleOn(orientation, narrow, first, spans),
  }));
  if (!landscape || !portrait) throw new Error("programmer error: no orientation");
  const { orientation, scale } = portrait.scale > landscape.scale ? portrait : landscape;
  const room = (usableArea(orientation).width * 100) / scale;
  const others = narrow.slice(0, -1).reduce((a, w) => a + columnPoints(w), 0);
  const widths = [
    ...narrow.slice(0, -1),
    Math.max(WIDTHS.note, Math.floor((room - others) / POINTS_PER_UNIT)),
  ];
  const heights = rowHeights(dc, headings, placement, widths, lang);
  return {
    headings,
    col: { a: column("a"), b: column("b"), difference: column("difference"), note },
    widths,
    blocks: placement.blocks,
    rowOf: placement.rowOf,
    heights,
    pages: { orientation, scale, breaks: breaksAt(orientation, scale, heights, spans) },
    findingsRow: placement.findingsRow,
    findings: placement.findings,
  };
}

/** Where the blocks and the findings go (rows do not depend on the widths). */
interface Placement {
  readonly blocks: readonly { block: ComparisonBlock; title: number; first: number }[];
  readonly rowOf: ReadonlyMap<string, number>;
  readonly findingsRow: number;
  readonly findings: readonly FindingText[];
  /** The row after the last. */
  readonly end: number;
}

function place(
  plan: Plan,
  dc: DeclaredComparison,
  blocks: readonly ComparisonBlock[],
  lang: Lang,
): Placement {
  const rowOf = new Map<string, number>();
  const placed: { block: ComparisonBlock; title: number; first: number }[] = [];
  let row = HEADER_ROW + 1;
  for (const block of blocks) {
    const title = row++;
    placed.push({ block, title, first: row });
    for (const r of block.rows) {
      if (r.compared) rowOf.set(noteKey(r.line.id, block.segment), row);
      row++;
    }
    row++; // a low blank row between blocks
  }
  const findings = findingTexts(plan, dc, lang);
  const findingsRow = row;
  return {
    blocks: placed,
    rowOf,
    findingsRow,
    findings,
    end: findingsRow + 1 + Math.max(1, findings.length),
  };
}

/** The height of every row of the sheet for the given column widths. */
function rowHeights(
  dc: DeclaredComparison,
  headings: ComparisonHeadings,
  placement: Placement,
  widths: readonly number[],
  lang: Lang,
): Map<number, number> {
  const heights = new Map<number, number>();
  const sum = (ws: readonly number[]) => ws.reduce((a, b) => a + b, 0);
  const noteWidth = widths[widths.length - 1] ?? WIDTHS.note;
  heights.set(1, TITLE_HEIGHT);
  versionLines(dc, lang).forEach((t, i) => {
    heights.set(2 + i, wrappedRowHeight([{ text: t, width: sum(widths) }]));
  });
  heights.set(4, ROW_HEIGHT);
  heights.set(
    HEADER_ROW,
    wrappedRowHeight(
      [headings.label, headings.a, headings.b].map((t, i) => ({ text: t, width: widths[i] ?? 0 })),
    ),
  );
  for (const { block, title, first } of placement.blocks) {
    heights.set(title, BLOCK_TITLE_HEIGHT);
    block.rows.forEach((r, i) => {
      const note = wrappedRowHeight([{ text: r.compared?.note?.text ?? "", width: noteWidth }]);
      heights.set(first + i, note > LINE_HEIGHT ? note : ROW_HEIGHT);
    });
    heights.set(first + block.rows.length, LINE_HEIGHT / 2);
  }
  heights.set(placement.findingsRow, BLOCK_TITLE_HEIGHT);
  placement.findings.forEach((f, i) => {
    heights.set(
      placement.findingsRow + 1 + i,
      wrappedRowHeight([
        { text: f.head, width: widths[0] ?? 24 },
        { text: f.body, width: sum(widths.slice(1)) },
      ]),
    );
  });
  return heights;
}

/** Points a character unit of column width takes on paper, generously (LibreOffice: 7, Excel: about 5.3). */
const POINTS_PER_UNIT = 7.2;

function columnPoints(width: number): number {
  return width * POINTS_PER_UNIT;
}

/** The printable area of an A4 page inside the margins, in points. */
function usableArea(orientation: Orientation): { width: number; height: number } {
  const page = A4_POINTS[orientation];
  const inch = 72;
  return {
    width: page.width - (PAGE_MARGINS.left + PAGE_MARGINS.right) * inch,
    height: page.height - (PAGE_MARGINS.top + PAGE_MARGINS.bottom) * inch,
  };
}

/** What must stay on one page: each block, and the findings after them. */
interface Span {
  readonly segment: Column;
  readonly from: number;
  readonly to: number;
}

function spansOf(placement: Placement): Span[] {
  const blocks = placement.blocks;
  return [
    ...blocks.map((p, i) => ({
      segment: p.block.segment,
      from: p.title,
      to: blocks[i + 1]?.title ?? placement.findingsRow,
    })),
    // The findings follow the last block, on its page if they fit.
    {
      segment: blocks[blocks.length - 1]?.block.segment ?? null,
      from: placement.findingsRow,
      to: placement.end,
    },
  ];
}

function spanHeight(heights: ReadonlyMap<number, number>, from: number, to: number): number {
  let sum = 0;
  for (let r = from; r < to; r++) sum += heights.get(r) ?? ROW_HEIGHT;
  return sum;
}

/**
 * The largest scale (percent) at which every row fits the page's width and the tallest span a
 * page under the repeated heading row, less a margin for a viewer's own rounding.
 */
function scaleOn(
  orientation: Orientation,
  widths: readonly number[],
  heights: ReadonlyMap<number, number>,
  spans: readonly Span[],
): number {
  const area = usableArea(orientation);
  const heading = heights.get(HEADER_ROW) ?? ROW_HEIGHT;
  const tallest = Math.max(0, ...spans.map((s) => spanHeight(heights, s.from, s.to)));
  const wide = widths.reduce((a, w) => a + columnPoints(w), 0);
  const fit = Math.min(1, area.width / wide, area.height / (tallest + heading));
  return Math.max(10, Math.floor(fit * 100 * 0.96));
}

/** Page breaks: before each new column, and before a span that would not fit what is left. */
function breaksAt(
  orientation: Orientation,
  scale: number,
  heights: ReadonlyMap<number, number>,
  spans: readonly Span[],
): number[] {
  const capacity = (usableArea(orientation).height * 100) / scale;
  const heading = heights.get(HEADER_ROW) ?? ROW_HEIGHT;
  const breaks: number[] = [];
  let used = spanHeight(heights, 1, HEADER_ROW + 1);
  spans.forEach((s, i) => {
    const h = spanHeight(heights, s.from, s.to);
    const newColumn = i > 0 && spans[i - 1]?.segment !== s.segment;
    if (i > 0 && (newColumn || used + h > capacity)) {
      breaks.push(s.from - 1);
      used = heading;
    }
    used += h;
  });
  return breaks;
}

/** Cells whose B a non-passing check flags (予算超過): noteKey(line, segment). */
function flaggedCells(findings: readonly Finding[]): Set<string> {
  const out = new Set<string>();
  for (const f of findings)
    if (f.check === "variance.overrun" && f.status !== "pass" && f.line !== undefined)
      out.add(noteKey(f.line, f.segment ?? null));
  return out;
}

function writeBlock(
  ws: ExcelJS.Worksheet,
  plan: Plan,
  dc: DeclaredComparison,
  layout: SheetLayout,
  block: ComparisonBlock,
  at: number,
  flagged: ReadonlySet<string>,
): void {
  const book = plan.model.book;
  const title = ws.getCell(at, 1);
  const period = block.statement.period === "" ? "" : `　${block.statement.period}`;
  // A book without segments has one block per statement: its title says enough.
  const where = book.segments.length === 0 ? "" : `　${segmentLabel(book.segments, block.segment)}`;
  title.value = text(`${block.statement.title}${where}${period}`);
  title.font = { bold: true, size: 12 };
  const sheet = ws.name;
  block.rows.forEach((r, i) => {
    const row = at + 1 + i;
    const label = ws.getCell(row, 1);
    label.value = text(r.line.label);
    label.alignment = { horizontal: "left", indent: r.line.level, vertical: "top" };
    if (r.line.kind === "heading") {
      label.font = { bold: r.line.level === 0 };
      return;
    }
    if (r.closesGroup) {
      label.font = { bold: true };
      label.border = BOLD_TOTAL_BORDER;
    }
    const cmp = r.compared;
    if (!cmp) return;
    const side = (s: "a" | "b") => {
      const expr = sideExpr(plan, layout, dc, s, r.line, block.segment, sheet);
      const cached = cellNumber(cmp[s].value);
      return expr === undefined ? cached : formulaCell(expr, cached);
    };
    // A quantity (戸, ㎥ …) shows its unit after each figure.
    const format = lineFormat(r.line.unit, [cmp.a.value, cmp.b.value]);
    amountCell(ws, row, layout.col.a, side("a"), r.closesGroup, format);
    const b = amountCell(ws, row, layout.col.b, side("b"), r.closesGroup, format);
    if (flagged.has(noteKey(r.line.id, block.segment)))
      b.font = { bold: true, color: { argb: "FFC00000" } };
    writeDifferences(ws, layout, cmp, row, r.closesGroup);
    const note = ws.getCell(row, layout.col.note);
    if (cmp.note) note.value = text(cmp.note.text);
    note.alignment = { wrapText: true, vertical: "top", indent: 1 };
    // A row a long 備考 makes taller reads from its top line.
    for (let col = 2; col < layout.col.note; col++) {
      const cell = ws.getCell(row, col);
      cell.alignment = { ...cell.alignment, vertical: "top" };
    }
  });
}

/** 差額 and the rates of one row, as formulas over its A and B. */
function writeDifferences(
  ws: ExcelJS.Worksheet,
  layout: SheetLayout,
  r: ComparedRow,
  row: number,
  bold: boolean,
): void {
  const A = a1(layout.col.a, row);
  const B = a1(layout.col.b, row);
  const D = a1(layout.col.difference, row);
  const format = lineFormat(r.line.unit, [r.a.value, r.b.value]);
  amountCell(
    ws,
    row,
    layout.col.difference,
    formulaCell(`${B}-${A}`, cellNumber(r.difference.value)),
    bold,
    format,
  );
  // A 補正予算 shows no rate.
  if (layout.headings.rates.length === 0) return;
  // A rate of nothing (A is 0) is shown as 「－」, as printed tables do.
  const rate = (col: number, formula: string, value: Decimal | null) => {
    const cell = ws.getCell(row, col);
    cell.value = formulaCell(
      `IF(${A}=0,"${NO_RATE}",${formula})`,
      value === null ? NO_RATE : cellNumber(value),
    );
    cell.numFmt = RATE_FORMAT;
    cell.alignment = { horizontal: "right" };
    if (bold) cell.border = BOLD_TOTAL_BORDER;
  };
  if (!layout.headings.execution) {
    rate(5, `${D}/ABS(${A})`, r.rate);
    return;
  }
  rate(5, `${B}/${A}`, r.execution?.rate ?? null);
  const remaining = r.execution?.remaining ?? minusAmount(r.a, r.b);
  amountCell(ws, row, 6, formulaCell(`${A}-${B}`, cellNumber(remaining.value)), bold, format);
}

/** Whether a side's figures are the workbook's own (its statement sheets hold them). */
function presented(plan: Plan, f: VersionFigures): boolean {
  return f.kind === "model" && f.version.id === plan.model.book.version;
}

/**
 * What one side of a comparison books to 合計 of a leaf beyond the sum of its segments (its
 * unallocated amount, per version: a 決算 may book to 合計 only what the budget allocated); null
 * when the comparison has no 合計 row of the line.
 */
function unallocatedOf(dc: DeclaredComparison, side: "a" | "b", lineId: string): Decimal | null {
  let total: Decimal | null = null;
  let parts = new Decimal(0);
  for (const r of dc.comparison.rows) {
    if (r.line.id !== lineId) continue;
    if (r.segment === null) total = r[side].value;
    else parts = parts.plus(r[side].value);
  }
  return total === null ? null : total.minus(parts);
}

/**
 * The formula of one side of a line in a column, or undefined to write the value: a 合計 leaf
 * sums the segment blocks; a derived line is its layout formula over the block's cells; a leaf
 * or a tax line of the presented version reads its statement sheet.
 */
function sideExpr(
  plan: Plan,
  layout: SheetLayout,
  dc: DeclaredComparison,
  side: "a" | "b",
  line: LayoutLine,
  segment: Column,
  sheet: string,
): string | undefined {
  const col = side === "a" ? layout.col.a : layout.col.b;
  const live = presented(plan, dc.comparison[side]);
  const planCol: Col = segment === null ? TOTAL : { kind: "segment", id: segment };
  const own = () => (live ? ref(plan.lineCell(line.id, planCol), sheet) : undefined);
  const at = (id: string, s: Column) => {
    const row = layout.rowOf.get(noteKey(id, s));
    return row === undefined ? undefined : a1(col, row);
  };
  if (line.kind === "leaf") {
    if (segment === null) {
      const parts = plan.model.book.segments.map((s) => at(line.id, s.id));
      if (parts.length > 0 && parts.every((p) => p !== undefined)) {
        // What this side books to 合計 only (not allocated to a segment) is added as written.
        const rest = unallocatedOf(dc, side, line.id);
        if (rest === null) return own();
        const sum = `SUM(${parts.join(",")})`;
        if (rest.isZero()) return sum;
        // The presented version's 合計 lives on its statement sheet (its 未配分 included).
        if (live) return own();
        return `${sum}${rest.isNegative() ? "-" : "+"}${rest.abs().toFixed()}`;
      }
    }
    return own();
  }
  // A tax line is no signed sum of cells: its statement sheet's value, or the value itself.
  if (line.kind === "tax" || line.kind === "non-deductible") return own();
  const terms = line.formula?.terms ?? [];
  if (terms.length === 0) return "0";
  const parts: string[] = [];
  for (const [i, t] of terms.entries()) {
    const e =
      t.ref.kind === "line"
        ? at(t.ref.id, segment)
        : live
          ? plan.scheduleExpr(t.ref.schedule, t.ref.column, planCol, sheet)
          : undefined;
    if (e === undefined) return own();
    parts.push(`${t.sign < 0 ? "-" : i === 0 ? "" : "+"}${e}`);
  }
  return parts.join("");
}

/**
 * The word before a finding's hint: 対処, as the terminal and the pages say it. The English
 * sheet keeps the 確認 it has always had, as both keep 確認事項 above the findings
 * (test/golden/jlis-h29.workbook.txt pins the English sheet).
 */
const HINT: Readonly<Record<Lang, string>> = { ja: "対処", en: "確認" };

/** What the comparison's checks found that is not a pass: status, check, where; message and hint. */
function findingTexts(plan: Plan, dc: DeclaredComparison, lang: Lang): FindingText[] {
  const book = plan.model.book;
  const words = declaredWords(book.checks);
  const labels = new Map(book.lines.map((l) => [l.id, l.label]));
  return dc.findings
    .filter((f) => f.status !== "pass")
    .map((f) => {
      const where = [
        f.line === undefined ? undefined : (labels.get(f.line) ?? f.line),
        book.segments.length === 0 ? undefined : segmentLabel(book.segments, f.segment),
      ].filter((x) => x !== undefined);
      return {
        status: f.status,
        head: `${inLang(STATUS_WORDS[f.status], lang)} ${f.check}\n${where.join(" ")}`,
        body: `${inLang(f.message, lang)}\n${HINT[lang]}: ${inLang(checkWords(f.check, words.get(f.check)).hint, lang)}`,
      };
    });
}

/** After the blocks: what the comparison's checks found that is not a pass, with their hints. */
function writeFindings(ws: ExcelJS.Worksheet, layout: SheetLayout): void {
  const start = layout.findingsRow;
  const title = ws.getCell(start, 1);
  title.value = text(`確認事項 (${layout.findings.length})`);
  title.font = { bold: true, size: 12 };
  if (layout.findings.length === 0) {
    ws.getCell(start + 1, 1).value = text("確認事項はありません。");
    return;
  }
  layout.findings.forEach((f, i) => {
    const row = start + 1 + i;
    const head = ws.getCell(row, 1);
    head.value = text(f.head);
    head.font = { bold: true, color: { argb: f.status === "fail" ? "FFC00000" : "FF7A5300" } };
    head.alignment = { wrapText: true, vertical: "top" };
    ws.mergeCells(row, 2, row, layout.col.note);
    const cell = ws.getCell(row, 2);
    cell.value = text(f.body);
    cell.alignment = { wrapText: true, vertical: "top" };
  });
}
