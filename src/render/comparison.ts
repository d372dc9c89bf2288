/**
 * A comparison of two versions, rendered: a format-neutral table first (one per statement and
 * column, in the layout's order), then text, CSV and JSON. Two layouts: `changes` (A | B |
 * 差額 | 増減率 | 備考) and `settlement`, the 決算報告書 (区分 | 予算額 | 決算額 | 差額 | 備考, with
 * 執行率 and 予算残額 when the figures run to a month-end).
 */

import type { VersionFigures } from "../derive/compare.ts";
import { type ComparedRow, formatRate, type VersionComparison } from "../derive/compare.ts";
import type { Comparison, LayoutLine } from "../model/book.ts";
import { countFindings, type Finding, STATUS_WORDS } from "../model/findings.ts";
import { JA, segmentLabel, unitNote, VERSION_KIND_LABELS } from "../model/glossary.ts";
import type { Column } from "../model/model.ts";
import { formatSource } from "../model/provenance.ts";
import { amountText } from "../model/quantity.ts";
import { inLang, type Lang } from "../model/text.ts";
import { noteKey } from "../model/version.ts";
import { comparisonHeadings, hiddenNotes, inOrder } from "./comparison-blocks.ts";
import { csv } from "./statements-csv.ts";
import { type JsonFinding, jsonFinding } from "./statements-json.ts";
import { textColumns } from "./text-width.ts";

export type ComparisonLayout = Comparison["layout"];

/** One table of a comparison: a statement in one column (a segment or 合計). */
interface ComparisonTable {
  readonly statement: string;
  readonly title: string;
  readonly segment: Column;
  readonly headers: readonly string[];
  readonly rows: readonly { readonly line: LayoutLine; readonly cells: readonly string[] }[];
}

/**
 * The columns of a layout, from the headings every comparison writer shares
 * (comparison-blocks.ts), in their order: the figures (A | B | 差額, or 既決予定額 | 補正予定額 |
 * 計), then the rates — 増減率 always for `changes`; for the 決算報告書 執行率 and 予算残額 only
 * for figures to a month-end; none for a 補正 — then 備考.
 */
function columnsOf(c: VersionComparison, layout: ComparisonLayout) {
  const h = comparisonHeadings(c, layout);
  const rates: "change" | "execution" | "none" =
    layout === "changes" ? "change" : h.execution ? "execution" : "none";
  const headers = [
    h.label,
    ...inOrder(h, h),
    ...(rates === "change" ? [JA.rate] : rates === "execution" ? h.rates : []),
    h.note,
  ];
  // A quantity (戸, ㎥ …) with its unit after each figure: it is not in the book's money unit.
  const cellsOf = (r: ComparedRow): string[] => [
    r.line.label,
    ...inOrder(h, {
      a: amountText(r.a),
      b: amountText(r.b),
      difference: amountText(r.difference),
    }),
    ...(rates === "change"
      ? [formatRate(r.rate)]
      : rates === "execution"
        ? [
            formatRate(r.execution?.rate ?? null),
            r.execution ? amountText(r.execution.remaining) : "",
          ]
        : []),
    r.note?.text ?? "",
  ];
  return { headers, cellsOf };
}

/** The tables of a comparison: every statement, for each column compared. */
function comparisonTables(
  c: VersionComparison,
  layout: ComparisonLayout,
  shown: (line: LayoutLine) => boolean,
): ComparisonTable[] {
  const { headers, cellsOf } = columnsOf(c, layout);
  const hidden = hiddenNotes(c, shown);
  const tables: ComparisonTable[] = [];
  const columns = [...new Set(c.rows.map((r) => r.segment))];
  const byKey = new Map(c.rows.map((r) => [noteKey(r.line.id, r.segment), r]));
  for (const st of c.book.statements) {
    const lines = c.book.lines.filter((l) => l.statement === st.id && shown(l));
    for (const segment of columns) {
      // In the layout's order, its headings (収入, 支出 …) as rows without figures.
      const rows = lines.flatMap((line) => {
        if (line.kind === "heading")
          return [{ line, cells: [line.label, ...headers.slice(1).map(() => "")] }];
        const r = byKey.get(noteKey(line.id, segment));
        if (r === undefined) return [];
        const note = hidden.get(noteKey(line.id, segment));
        return [{ line, cells: cellsOf(note ? { ...r, note } : r) }];
      });
      if (rows.some((r) => r.line.kind !== "heading"))
        tables.push({ statement: st.id, title: st.title, segment, headers, rows });
    }
  }
  return tables;
}

/**
 * How a version is named in a heading: its name, kind and what makes it special (the date its
 * figures run to, the unit a printed version is known in, the sample it is), in `lang`. In
 * Japanese the kind is the glossary's word (当初予算, 現計予算 …), left out when the name says
 * it, beside the id a command line takes: 当初予算（original）, 28年度12月補正後（h28-revised、前年度）.
 */
export function versionLabel(f: VersionFigures, lang: Lang): string {
  const v = f.version;
  const ja = lang === "ja";
  const extra = [
    v.asOf ? (ja ? `${v.asOf}まで` : `to ${v.asOf}`) : "",
    f.kind === "printed" ? (ja ? `${f.unit}単位でのみ判明` : `known only in ${f.unit}`) : "",
    v.sample ? (ja ? `サンプル：${v.sample}` : `sample: ${v.sample}`) : "",
  ].filter((x) => x !== "");
  if (ja) {
    const kind = VERSION_KIND_LABELS[v.kind];
    return `${v.name}（${[v.id, ...(v.name.startsWith(kind) ? [] : [kind]), ...extra].join("、")}）`;
  }
  return `${v.name} (${v.id}, ${v.kind})${extra.length > 0 ? ` [${extra.join("; ")}]` : ""}`;
}

/** The checks of a comparison counted in one line, in `lang`. */
function checksLine(counts: ReturnType<typeof countFindings>, lang: Lang): string {
  if (lang === "ja")
    return `照合：${inLang(STATUS_WORDS.pass, lang)} ${counts.passed} 件、${inLang(STATUS_WORDS.fail, lang)} ${counts.failed} 件、${inLang(STATUS_WORDS.warn, lang)} ${counts.warned} 件${counts.structural > 0 ? `（ほかに${inLang(STATUS_WORDS.built, lang)} ${counts.structural} 件）` : ""}`;
  return `checks: ${counts.passed} passed, ${counts.failed} failed, ${counts.warned} warnings${counts.structural > 0 ? `; ${counts.structural} more hold by construction` : ""}`;
}

/**
 * The comparison as text: a heading, each table, then the findings that are not passes;
 * yosan's words in `options.lang`.
 */
export function renderComparisonText(
  c: VersionComparison,
  findings: readonly Finding[],
  layout: ComparisonLayout,
  options: {
    readonly changedOnly?: boolean;
    readonly lang: Lang;
    /** The lines a declared comparison shows (its statements and depth); all by default. */
    readonly shown?: (line: LayoutLine) => boolean;
  },
): string {
  const lang = options.lang;
  const out = [
    `${c.book.entity} ${c.book.title}`,
    `A${lang === "ja" ? "：" : ": "}${versionLabel(c.a, lang)}`,
    `B${lang === "ja" ? "：" : ": "}${versionLabel(c.b, lang)}`,
    unitNote(c.book.unit),
  ];
  const differs = new Set(
    c.rows.filter((r) => !r.difference.isZero()).map((r) => `${r.line.id}\u0000${r.segment ?? ""}`),
  );
  for (const t of comparisonTables(c, layout, options.shown ?? (() => true))) {
    const rows = options.changedOnly
      ? t.rows.filter((r) => differs.has(`${r.line.id}\u0000${t.segment ?? ""}`))
      : t.rows;
    if (rows.length === 0) continue;
    // A book without segments has one table per statement: its title says enough.
    out.push(
      "",
      c.book.segments.length === 0
        ? t.title
        : `${t.title} — ${segmentLabel(c.book.segments, t.segment)}`,
    );
    const indent = (r: { line: LayoutLine; cells: readonly string[] }) => [
      `${"　".repeat(r.line.level)}${r.cells[0] ?? ""}`,
      ...r.cells.slice(1),
    ];
    out.push(
      ...textColumns(
        [t.headers, ...rows.map(indent)],
        t.headers.map((_, i) => i > 0 && i < t.headers.length - 1),
      ),
    );
  }
  out.push("", checksLine(countFindings(findings), lang));
  for (const f of findings.filter((x) => x.status !== "pass"))
    out.push(
      `  ${inLang(STATUS_WORDS[f.status], lang)} ${f.check}: ${inLang(f.message, lang)}${f.sources.length > 0 ? ` [${f.sources.map((s) => formatSource(s, lang)).join(", ")}]` : ""}`,
    );
  return `${out.join("\n")}\n`;
}

/**
 * One CSV of the comparison: a row per line and column, amounts as decimal strings (no
 * `segment` column in a book without segments: every row is the total).
 */
export function comparisonCsv(c: VersionComparison): string {
  const execution = c.rows.some((r) => r.execution !== null);
  const segmented = c.book.segments.length > 0;
  // A book with quantities (戸, ㎥ …) says each row's unit in a column of its own.
  const units = c.rows.some((r) => r.line.unit !== undefined);
  const rows: string[][] = [
    [
      "statement",
      "line",
      "label",
      ...(segmented ? ["segment"] : []),
      ...(units ? ["unit"] : []),
      c.a.version.name,
      c.b.version.name,
      JA.difference,
      JA.rate,
      ...(execution ? [JA.executionRate, JA.remaining] : []),
      JA.note,
    ],
  ];
  for (const r of c.rows) {
    const a = r.a.value.toFixed();
    // B alike A (most lines): the same text, no difference, a rate of change of 0 and a 執行率 of 1.
    const alike = r.difference.isZero();
    const row = [r.statement, r.line.id, r.line.label];
    if (segmented) row.push(segmentLabel(c.book.segments, r.segment));
    if (units) row.push(r.line.unit ?? c.book.unit);
    row.push(
      a,
      alike ? a : r.b.value.toFixed(),
      alike ? "0" : r.difference.value.toFixed(),
      r.rate === null ? "" : alike ? "0" : r.rate.toFixed(),
    );
    if (execution) {
      const e = r.execution;
      row.push(
        e === null || e.rate === null ? "" : alike ? "1" : e.rate.toFixed(),
        e === null ? "" : alike ? "0" : e.remaining.value.toFixed(),
      );
    }
    row.push(r.note?.text ?? "");
    rows.push(row);
  }
  return csv(rows);
}

/** @testOnly exported for the tests that use it */
export interface ComparisonJson {
  unit: string;
  a: JsonVersion;
  b: JsonVersion;
  rows: {
    statement: string;
    line: string;
    label: string;
    segment: string | null;
    /** A quantity row's unit (戸, ㎥ …); money rows are in the comparison's `unit`. */
    unit?: string;
    a: string;
    b: string;
    difference: string;
    rate: string | null;
    executionRate?: string | null;
    remaining?: string;
    note: string;
  }[];
  findings: JsonFinding[];
  summary: ReturnType<typeof countFindings>;
}

interface JsonVersion {
  id: string;
  name: string;
  kind: string;
  asOf: string | null;
  sample: string | null;
  /** The unit the figures are known in (a printed previous version: 百万円). */
  precision: string;
}

function jsonVersion(f: VersionFigures, bookUnit: string): JsonVersion {
  return {
    id: f.version.id,
    name: f.version.name,
    kind: f.version.kind,
    asOf: f.version.asOf,
    sample: f.version.sample,
    precision: f.kind === "printed" ? f.unit : bookUnit,
  };
}

/** The comparison as JSON: figures as decimal strings, the findings' messages in `lang`. */
export function comparisonJson(
  c: VersionComparison,
  findings: readonly Finding[],
  lang: Lang,
): ComparisonJson {
  return {
    unit: c.book.unit,
    a: jsonVersion(c.a, c.book.unit),
    b: jsonVersion(c.b, c.book.unit),
    rows: c.rows.map((r) => ({
      statement: r.statement,
      line: r.line.id,
      label: r.line.label,
      segment: r.segment,
      ...(r.line.unit !== undefined ? { unit: r.line.unit } : {}),
      a: r.a.value.toFixed(),
      b: r.b.value.toFixed(),
      difference: r.difference.value.toFixed(),
      rate: r.rate?.toFixed() ?? null,
      ...(r.execution
        ? {
            executionRate: r.execution.rate?.toFixed() ?? null,
            remaining: r.execution.remaining.value.toFixed(),
          }
        : {}),
      note: r.note?.text ?? "",
    })),
    findings: findings.map((f) => jsonFinding(f, lang)),
    summary: countFindings(findings),
  };
}

/** The file a build writes for a declared comparison of `a` and `b`. */
export const comparisonFileName = (a: string, b: string) => `compare-${a}-${b}.csv`;
