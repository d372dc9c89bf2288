/**
 * The print's own arithmetic, on the printed figures alone (lost signs restored): each printed
 * 合計 against the sum of its printed segments (`segments.sum`), each printed subtotal against
 * its formula over the printed figures it sums (`layout.subtotals`), each printed schedule
 * 合計 against its printed items, and, for a cell that breaks both its row's 合計 and its
 * column's subtotal, the suspicion that this cell is the one that is wrong.
 */
import type {
  LayoutLine,
  PrintedScheduleTotal,
  PublishedFigure,
  ScheduleDef,
  ScheduleItem,
} from "../model/book.ts";
import { comparedAmounts, type Finding } from "../model/findings.ts";
import { Money, type Unit } from "../model/money.ts";
import { type CellSource, formatSource } from "../model/provenance.ts";

/** A printed table: its rows in print order, each line's figures by column. */
interface PrintedTable {
  readonly statement: string;
  readonly bySegment: boolean;
  readonly rows: readonly { readonly line: LayoutLine; readonly figures: PublishedFigure[] }[];
}

/** The printed tables of `figures`, by table name in first-seen order. */
function printedTables(
  figures: readonly PublishedFigure[],
  lines: ReadonlyMap<string, LayoutLine>,
): PrintedTable[] {
  const tables = new Map<
    string,
    { statement: string; rows: Map<string, { line: LayoutLine; figures: PublishedFigure[] }> }
  >();
  for (const p of figures) {
    const line = lines.get(p.line);
    if (line === undefined) continue;
    let t = tables.get(p.table);
    if (t === undefined) {
      t = { statement: p.statement, rows: new Map() };
      tables.set(p.table, t);
    }
    const row = t.rows.get(p.line);
    if (row) row.figures.push(p);
    else t.rows.set(p.line, { line, figures: [p] });
  }
  return [...tables.values()].map((t) => {
    const rows = [...t.rows.values()];
    return {
      statement: t.statement,
      bySegment: rows.some((r) => r.figures.some((f) => f.segment !== null)),
      rows,
    };
  });
}

/**
 * The print's arithmetic. `lostSigns` are the amount cells (formatted sources) whose printed
 * sign the tie-out found lost: their sign is restored before adding up.
 */
export function printArithmeticFindings(
  figures: readonly PublishedFigure[],
  lines: readonly LayoutLine[],
  unit: Unit,
  lostSigns: ReadonlySet<string>,
): Finding[] {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const signed = (line: LayoutLine, p: PublishedFigure) => {
    let a = line.printed === "magnitude" ? p.amount.negate() : p.amount;
    if (lostSigns.has(formatSource(p.source))) a = a.negate();
    return a;
  };
  return printedTables(figures, byId).flatMap((t) => tableFindings(t, unit, signed));
}

type Signed = (line: LayoutLine, p: PublishedFigure) => Money;

function tableFindings(t: PrintedTable, unit: Unit, signed: Signed): Finding[] {
  const findings: Finding[] = [];
  const rowBreaks = new Set<string>();
  if (t.bySegment) {
    for (const r of t.rows) {
      const finding = rowSum(t, r, unit, signed);
      if (finding === undefined) continue;
      if (finding.status !== "pass") rowBreaks.add(r.line.id);
      findings.push(finding);
    }
  }
  const colBreaks: { line: LayoutLine; segment: string | null; terms: string[] }[] = [];
  const byLine = new Map(t.rows.map((r) => [r.line.id, r]));
  for (const r of t.rows) {
    const f = r.line.formula;
    if (!f || f.terms.length === 0) continue;
    const termRows = f.terms.map((term) =>
      term.ref.kind === "line" ? byLine.get(term.ref.id) : undefined,
    );
    if (termRows.some((x) => x === undefined)) continue;
    for (const p of r.figures) {
      let computed = Money.zero(unit);
      const sources: CellSource[] = [p.source];
      let complete = true;
      f.terms.forEach((term, i) => {
        const tr = termRows[i];
        const tv = tr?.figures.find((x) => x.segment === p.segment);
        if (!tr || !tv) {
          complete = false;
          return;
        }
        computed = computed.plus(signed(tr.line, tv).times(term.sign));
        sources.push(tv.source);
      });
      if (!complete) continue;
      const printed = signed(r.line, p);
      const ok = printed.equals(computed);
      if (!ok)
        colBreaks.push({
          line: r.line,
          segment: p.segment,
          terms: f.terms.map((x) => (x.ref.kind === "line" ? x.ref.id : "")),
        });
      findings.push({
        check: "layout.subtotals",
        status: ok ? "pass" : "warn",
        statement: t.statement,
        line: r.line.id,
        ...(p.segment !== null ? { segment: p.segment } : {}),
        compared: comparedAmounts(computed, printed),
        message: `print ${formatSource(p.source)}: ${p.printedLabel} ${p.printedText} ${ok ? "=" : "≠"} ${f.text} = ${computed.format()}`,
        sources,
      });
    }
  }
  // The cell most likely wrong: on a row whose segment sum breaks, in a column whose subtotal breaks.
  for (const r of t.rows) {
    if (!rowBreaks.has(r.line.id)) continue;
    for (const p of r.figures) {
      if (p.segment === null) continue;
      const hit = colBreaks.find((c) => c.segment === p.segment && c.terms.includes(r.line.id));
      if (!hit) continue;
      findings.push({
        check: "layout.subtotals",
        status: "warn",
        statement: t.statement,
        line: r.line.id,
        segment: p.segment,
        message: `print ${formatSource(p.source)}: ${p.printedLabel} ${p.printedText} breaks both its row's 合計 and ${hit.line.label}: this cell is most likely wrong`,
        sources: [p.source],
      });
    }
  }
  return findings;
}

/** segments.sum on one printed row: its 合計 against the sum of its printed segments. */
function rowSum(
  t: PrintedTable,
  r: PrintedTable["rows"][number],
  unit: Unit,
  signed: Signed,
): Finding | undefined {
  const total = r.figures.find((v) => v.segment === null);
  if (!total) return undefined;
  const parts = r.figures.filter((v) => v.segment !== null);
  const sum = Money.sum(
    unit,
    parts.map((v) => signed(r.line, v)),
  );
  const printed = signed(r.line, total);
  const ok = sum.equals(printed);
  return {
    check: "segments.sum",
    status: ok ? "pass" : "warn",
    statement: t.statement,
    line: r.line.id,
    compared: comparedAmounts(sum, printed),
    message: `print ${formatSource(total.source)}: ${total.printedLabel} 合計 ${total.printedText} ${ok ? "=" : "≠"} Σ segments ${sum.format()}`,
    sources: [total.source, ...parts.map((v) => v.source)],
  };
}

/** Each printed schedule 合計 against the sum of the schedule's items. */
export function scheduleTotalFindings(
  totals: readonly PrintedScheduleTotal[],
  items: readonly ScheduleItem[],
  schedules: readonly ScheduleDef[],
): Finding[] {
  return totals.map((total) => {
    const own = items.filter((i) => i.schedule === total.schedule);
    const unit = total.amount.unit;
    const sum = Money.sum(
      unit,
      own.map((i) => i.amounts.get(total.column) ?? Money.zero(unit)),
    );
    const ok = sum.equals(total.amount);
    const def = schedules.find((s) => s.id === total.schedule);
    const label = def?.columns.find((c) => c.id === total.column)?.label ?? total.column;
    return {
      check: "layout.subtotals",
      status: ok ? "pass" : "warn",
      line: `${total.schedule}.${total.column}`,
      compared: comparedAmounts(sum, total.amount),
      message: `${def?.title ?? total.schedule} ${label} 合計: printed ${total.printedText}, items sum to ${sum.format()}`,
      sources: [
        total.source,
        ...own.flatMap((i) => {
          const s = i.sources.get(total.column);
          return s ? [s] : [];
        }),
      ],
    };
  });
}
