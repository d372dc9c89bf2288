/**
 * `yosan import`: spreadsheets and CSV → the leaves of a book. Reads every file into grids,
 * recognises the tables against a layout (the book's own or another book's), gathers leaves,
 * printed figures, schedule items and the 債務負担行為 register, determines an input that a
 * printed derived line leaves as the only unknown, checks the print (lost signs, subtotals,
 * segment sums, the cell most likely wrong), and computes the changes to the book.
 * Writing (write-import.ts) happens only after the new book has been loaded and validated.
 */

import { reconcile } from "../check/reconcile.ts";
import { derive } from "../derive/derive.ts";
import type {
  Book,
  BudgetEntry,
  LayoutLine,
  PublishedFigure,
  ScheduleItem,
} from "../model/book.ts";
import { expandToLeaves } from "../model/expand.ts";
import type { Finding } from "../model/findings.ts";
import { type InputIssue, inputError } from "../model/issues.ts";
import { normalizeLabel } from "../model/labels.ts";
import { Decimal, Money } from "../model/money.ts";
import { type CellSource, formatSource } from "../model/provenance.ts";
import { columnLetter, type Grid } from "./grid.ts";
import {
  type CellValue,
  type CommitmentsTable,
  type RecognisedTable,
  recognise,
  type ScheduleTable,
  type StatementTable,
} from "./recognise.ts";

const keyOf = (line: string, segment: string | null) => `${line}|${segment ?? ""}`;

/** The figures an import brings for one leaf × segment. */
export interface ImportedLeaf {
  readonly line: string;
  readonly segment: string | null;
  readonly amount: Decimal;
  readonly sources: readonly CellSource[];
  /** How it was obtained when not read directly: the printed line that determined it. */
  readonly determinedBy?: string;
}

export interface Change {
  readonly kind: "added" | "changed" | "removed";
  readonly line: LayoutLine;
  readonly segment: string | null;
  readonly old: Decimal;
  readonly new: Decimal;
  readonly sources: readonly CellSource[];
}

export interface RecognisedSummary {
  readonly description: string;
  readonly where: string;
  readonly notes: readonly string[];
  readonly used: boolean;
}

export interface ImportPlan {
  readonly layoutBook: Book;
  readonly recognised: readonly RecognisedSummary[];
  /** Leaves the import covers (every line that appears in an imported table), by key. */
  readonly leaves: ReadonlyMap<string, ImportedLeaf>;
  /** Lines whose every segment the import covers. */
  readonly coveredLines: ReadonlySet<string>;
  /** Account × segment pairs named by long-format lines (the rest of those accounts stays). */
  readonly coveredPairs: ReadonlySet<string>;
  readonly published: readonly PublishedFigure[];
  readonly scheduleItems: ReadonlyMap<string, readonly ScheduleItem[]>;
  readonly commitments: CommitmentsTable | null;
  readonly determined: readonly ImportedLeaf[];
  readonly findings: readonly Finding[];
  readonly issues: readonly InputIssue[];
  readonly notes: readonly string[];
}

function rangeOf(t: RecognisedTable): string {
  const where = t.grid.sheet !== undefined ? `${t.grid.file}!${t.grid.sheet}` : t.grid.file;
  return `${where}!A${t.firstRow}:${columnLetter(Math.max(1, t.lastCol))}${t.lastRow}`;
}

function describe(t: RecognisedTable, book: Book): string {
  switch (t.kind) {
    case "statement": {
      const title = book.statements.find((s) => s.id === t.statement)?.title ?? t.statement;
      return `${t.bySegment ? `${book.segmentTerm}別` : ""}${title} (${t.rows.length} lines${t.bySegment ? `, ${book.segments.length} segments + 合計` : ""})`;
    }
    case "input":
      return `budget lines by line id (${t.rows.length} rows)`;
    case "schedule":
      return `${book.schedules.find((s) => s.id === t.schedule)?.title ?? t.schedule} (${t.items.filter((i) => !i.isTotal).length} items)`;
    case "commitments":
      return `債務負担行為 (${t.rows.length} items)`;
  }
}

/** Plan an import of `grids` against `layoutBook` (pure: no file is read or written). */
export function planImport(
  grids: readonly Grid[],
  layoutBook: Book,
  current: Book | null,
): ImportPlan {
  const { tables, issues: recognitionIssues } = recognise(grids, layoutBook);
  const issues: InputIssue[] = [...recognitionIssues];
  const notes: string[] = [];
  const unit = layoutBook.unit;
  const lineById = new Map(layoutBook.lines.map((l) => [l.id, l]));

  // A workbook yosan wrote carries its leaves on one input sheet; its statement sheets are
  // formulas over that sheet, so they are views, not inputs.
  const inputSheets = new Set(
    tables
      .filter((t) => t.kind === "input")
      .map((t) => `${t.grid.file}\u0000${t.grid.sheet ?? ""}`),
  );
  const inputFiles = new Set(tables.filter((t) => t.kind === "input").map((t) => t.grid.file));
  const used = (t: RecognisedTable) =>
    !inputFiles.has(t.grid.file) || inputSheets.has(`${t.grid.file}\u0000${t.grid.sheet ?? ""}`);
  const recognised = tables.map((t) => ({
    description: describe(t, layoutBook),
    where: rangeOf(t),
    notes: [...t.grid.notes, ...t.notes],
    used: used(t),
  }));
  const active = tables.filter(used);
  if (active.length < tables.length) {
    notes.push(
      "sheets of a yosan workbook other than its input sheet are views of it (formulas) and were not imported",
    );
  }

  // Leaves.
  const leaves = new Map<
    string,
    { line: string; segment: string | null; amount: Decimal; sources: CellSource[]; table: number }
  >();
  const coveredLines = new Set<string>();
  const coveredPairs = new Set<string>();
  const bySegmentStatements = new Set(
    active
      .filter((t): t is StatementTable => t.kind === "statement" && t.bySegment)
      .map((t) => t.statement),
  );
  const addLeaf = (tableIndex: number, line: LayoutLine, v: CellValue) => {
    const key = keyOf(line.id, v.segment);
    const known = leaves.get(key);
    if (known && known.table !== tableIndex) {
      if (!known.amount.equals(v.amount)) {
        issues.push(
          inputError(
            "amount.invalid",
            v.source,
            `${line.label} (${v.segment ?? "合計"}): ${v.amount.toFixed()} here but ${known.amount.toFixed()} at ${known.sources.map(formatSource).join(", ")}`,
          ),
        );
      }
      return;
    }
    if (known) {
      known.amount = known.amount.plus(v.amount); // detail rows of one table add up
      known.sources.push(v.source);
    } else
      leaves.set(key, {
        line: line.id,
        segment: v.segment,
        amount: v.amount,
        sources: [v.source],
        table: tableIndex,
      });
  };
  active.forEach((t, index) => {
    if (t.kind === "input") {
      for (const r of t.rows) {
        if (t.partial) for (const v of r.values) coveredPairs.add(keyOf(r.line.id, v.segment));
        else coveredLines.add(r.line.id);
        for (const v of r.values) addLeaf(index, r.line, v);
      }
    }
    if (t.kind === "statement") {
      const leafSource = t.bySegment || !bySegmentStatements.has(t.statement);
      if (!leafSource) return;
      for (const r of t.rows) {
        if (r.line.kind !== "leaf") continue;
        coveredLines.add(r.line.id);
        for (const v of r.values)
          if (t.bySegment ? v.segment !== null : true) addLeaf(index, r.line, v);
      }
    }
  });

  // Printed figures, kept for the tie-out (never from a yosan workbook's views).
  const published: PublishedFigure[] = [];
  for (const t of active) {
    if (t.kind !== "statement") continue;
    for (const r of t.rows) {
      for (const v of r.values) {
        published.push({
          table: `${t.bySegment ? `${layoutBook.segmentTerm}別` : ""}${layoutBook.statements.find((s) => s.id === t.statement)?.title ?? t.statement}`,
          statement: t.statement,
          line: r.line.id,
          segment: v.segment,
          amount: Money.of(v.amount, unit),
          printedText: v.text,
          printedLabel: r.label,
          reference: formatSource(v.source),
          source: v.source,
        });
      }
    }
  }

  // Schedules.
  const scheduleItems = new Map<string, ScheduleItem[]>();
  const scheduleFindings: Finding[] = [];
  for (const t of active.filter((x): x is ScheduleTable => x.kind === "schedule")) {
    const def = layoutBook.schedules.find((s) => s.id === t.schedule);
    const own = layoutBook.scheduleItems.filter((i) => i.schedule === t.schedule);
    const list: ScheduleItem[] = [];
    for (const item of t.items) {
      if (item.isTotal) continue;
      let segment = item.segment;
      if (!item.segmentGiven) {
        const match = own.find((o) => normalizeLabel(o.label) === normalizeLabel(item.label));
        if (match) segment = match.segment;
        else {
          notes.push(
            `${formatSource(item.labelSource)}: schedule item 「${item.label}」 has no segment and the layout book has no such item; it stays unallocated`,
          );
        }
      }
      const amounts = new Map<string, Money>();
      const sources = new Map<string, CellSource>();
      for (const [col, v] of item.amounts) {
        amounts.set(col, Money.of(v.amount, unit));
        sources.set(col, v.source);
      }
      list.push({ schedule: t.schedule, label: item.label, segment, amounts, sources, note: "" });
    }
    // The printed 合計 row of a schedule must equal the sum of its items.
    for (const total of t.items.filter((i) => i.isTotal)) {
      for (const c of def?.columns ?? []) {
        const printed = total.amounts.get(c.id);
        if (!printed) continue;
        const sum = list.reduce((a, i) => a.plus(i.amounts.get(c.id)?.value ?? 0), new Decimal(0));
        const ok = sum.equals(printed.amount);
        scheduleFindings.push({
          check: "layout.subtotals",
          status: ok ? "pass" : "warn",
          line: `${t.schedule}.${c.id}`,
          expected: sum,
          actual: printed.amount,
          difference: printed.amount.minus(sum),
          message: `${def?.title ?? t.schedule} ${c.label} 合計: printed ${printed.text}, items sum to ${Money.of(sum, unit).format()}`,
          sources: [
            printed.source,
            ...list.flatMap((i) =>
              i.sources.get(c.id) ? [i.sources.get(c.id) as CellSource] : [],
            ),
          ],
        });
      }
    }
    scheduleItems.set(t.schedule, list);
  }
  // A register printed over several pages is several tables: one register.
  const registerParts = active.filter((x): x is CommitmentsTable => x.kind === "commitments");
  const commitments: CommitmentsTable | null =
    registerParts.length === 0
      ? null
      : { ...(registerParts[0] as CommitmentsTable), rows: registerParts.flatMap((t) => t.rows) };

  // The provisional book: imported leaves over the current (or layout) book's other leaves.
  const base = current ?? layoutBook;
  const covered = (line: string, segment: string | null) =>
    coveredLines.has(line) || coveredPairs.has(keyOf(line, segment));
  const keptEntries = base.entries.filter((e) => !covered(e.line, e.segment));
  const importedEntries = (): BudgetEntry[] =>
    [...leaves.values()].map((l) => ({
      line: l.line,
      segment: l.segment,
      amount: Money.of(l.amount, unit),
      note: "",
      source: l.sources[0] as CellSource,
    }));
  const provisional = (extra: readonly BudgetEntry[]): Book => ({
    ...layoutBook,
    // A new book has none of the layout book's own data: no summary, register or continuity.
    ...(current === null ? { summary: null, continuity: [], commitments: null } : {}),
    entries: [...(current === null ? [] : keptEntries), ...importedEntries(), ...extra],
    scheduleItems: [
      ...(current?.scheduleItems ?? []).filter((i) => !scheduleItems.has(i.schedule)),
      ...[...scheduleItems.values()].flat(),
    ],
    published,
  });

  // Determination: a printed derived figure whose expansion leaves exactly one leaf unknown.
  const printedLines = new Set(published.map((p) => p.line));
  const known = (line: string, segment: string | null) =>
    leaves.has(keyOf(line, segment)) ||
    printedLines.has(line) ||
    (current !== null && !coveredLines.has(line) && current.entries.some((e) => e.line === line));
  const determined: ImportedLeaf[] = [];
  const memo = new Map<string, ReadonlyMap<string, number>>();
  let progress = true;
  while (progress) {
    progress = false;
    const model = derive(provisional(determined.map(asEntry(unit))));
    for (const p of published) {
      const line = lineById.get(p.line);
      if (!line?.formula || p.segment === null) continue;
      const vector = expandToLeaves(layoutBook, line.formula, memo);
      const unknown = [...vector].filter(
        ([id]) =>
          !id.includes(".") &&
          !known(id, p.segment) &&
          !determined.some((d) => d.line === id && d.segment === p.segment),
      );
      if (unknown.length !== 1) continue;
      const [id, coefficient] = unknown[0] as [string, number];
      const printed = line.printed === "magnitude" ? p.amount.value.negated() : p.amount.value;
      const withoutUnknown = model.figure(p.line, p.segment).amount.value; // the unknown counts as 0
      const value = printed.minus(withoutUnknown).dividedBy(coefficient);
      determined.push({
        line: id,
        segment: p.segment,
        amount: value,
        sources: [p.source],
        determinedBy: `${line.label} printed ${p.printedText} at ${formatSource(p.source)}`,
      });
      progress = true;
    }
  }
  for (const d of determined) {
    coveredLines.add(d.line);
    leaves.set(keyOf(d.line, d.segment), { ...d, sources: [...d.sources], table: -1 });
  }

  // Checks of the print: the model tie-out (lost signs, figures that differ), the declared
  // ties, and the print's own arithmetic with lost signs restored.
  const book = provisional([]);
  const model = derive(book);
  const modelFindings = reconcile(model).filter(
    (f) => f.check.startsWith("published.") || f.status !== "pass",
  );
  const lostSign = new Set(
    modelFindings
      .filter((f) => f.check === "published.sign")
      .map((f) => formatSource(f.sources[0] as CellSource)),
  );
  const printFindings = printArithmetic(active, layoutBook, lostSign);
  const findings = [...printFindings, ...scheduleFindings, ...modelFindings];
  return {
    layoutBook,
    recognised,
    leaves: new Map(
      [...leaves].map(([k, v]) => [
        k,
        {
          line: v.line,
          segment: v.segment,
          amount: v.amount,
          sources: v.sources,
          ...("determinedBy" in v && v.determinedBy
            ? { determinedBy: v.determinedBy as string }
            : {}),
        },
      ]),
    ),
    coveredLines,
    coveredPairs,
    published,
    scheduleItems,
    commitments,
    determined,
    findings,
    issues,
    notes,
  };
}

function asEntry(unit: Book["unit"]) {
  return (d: ImportedLeaf): BudgetEntry => ({
    line: d.line,
    segment: d.segment,
    amount: Money.of(d.amount, unit),
    note: d.determinedBy ?? "",
    source: d.sources[0] as CellSource,
  });
}

/**
 * layout.subtotals and segments.sum on the printed figures themselves (lost signs restored),
 * and for a cell that breaks both its row's segment sum and its column's subtotal, the
 * suspicion that this cell is the one that is wrong.
 */
function printArithmetic(
  tables: readonly RecognisedTable[],
  book: Book,
  lostSign: ReadonlySet<string>,
): Finding[] {
  const findings: Finding[] = [];
  for (const t of tables) {
    if (t.kind !== "statement") continue;
    const byLine = new Map(t.rows.map((r) => [r.line.id, r]));
    const signed = (line: LayoutLine, v: CellValue) => {
      let a = line.printed === "magnitude" ? v.amount.negated() : v.amount;
      if (lostSign.has(formatSource(v.source))) a = a.negated();
      return a;
    };
    const rowBreaks = new Set<string>();
    const colBreaks: { line: LayoutLine; segment: string | null; terms: string[] }[] = [];
    // segments.sum on the print.
    if (t.bySegment) {
      for (const r of t.rows) {
        const total = r.values.find((v) => v.segment === null);
        if (!total) continue;
        const sum = r.values
          .filter((v) => v.segment !== null)
          .reduce((a, v) => a.plus(signed(r.line, v)), new Decimal(0));
        const ok = sum.equals(signed(r.line, total));
        if (!ok) rowBreaks.add(r.line.id);
        findings.push({
          check: "segments.sum",
          status: ok ? "pass" : "warn",
          statement: t.statement,
          line: r.line.id,
          expected: sum,
          actual: signed(r.line, total),
          difference: signed(r.line, total).minus(sum),
          message: `print ${formatSource(total.source)}: ${r.label} 合計 ${total.text} ${ok ? "=" : "≠"} Σ segments ${Money.of(sum, book.unit).format()}`,
          sources: [
            total.source,
            ...r.values.filter((v) => v.segment !== null).map((v) => v.source),
          ],
        });
      }
    }
    // layout.subtotals: each printed derived line against its formula over printed figures.
    for (const r of t.rows) {
      const f = r.line.formula;
      if (!f || f.terms.length === 0) continue;
      const termRows = f.terms.map((term) =>
        term.ref.kind === "line" ? byLine.get(term.ref.id) : undefined,
      );
      if (termRows.some((x) => x === undefined)) continue;
      for (const v of r.values) {
        let computed = new Decimal(0);
        const sources: CellSource[] = [v.source];
        let complete = true;
        f.terms.forEach((term, i) => {
          const tr = termRows[i];
          const tv = tr?.values.find((x) => x.segment === v.segment);
          if (!tr || !tv) {
            complete = false;
            return;
          }
          computed = computed.plus(signed(tr.line, tv).times(term.sign));
          sources.push(tv.source);
        });
        if (!complete) continue;
        const printed = signed(r.line, v);
        const ok = printed.equals(computed);
        if (!ok)
          colBreaks.push({
            line: r.line,
            segment: v.segment,
            terms: f.terms.map((x) => (x.ref.kind === "line" ? x.ref.id : "")),
          });
        findings.push({
          check: "layout.subtotals",
          status: ok ? "pass" : "warn",
          statement: t.statement,
          line: r.line.id,
          ...(v.segment !== null ? { segment: v.segment } : {}),
          expected: computed,
          actual: printed,
          difference: printed.minus(computed),
          message: `print ${formatSource(v.source)}: ${r.label} ${v.text} ${ok ? "=" : "≠"} ${f.text} = ${Money.of(computed, book.unit).format()}`,
          sources,
        });
      }
    }
    // The cell most likely wrong: on a row whose segment sum breaks, in a column whose subtotal breaks.
    for (const r of t.rows) {
      if (!rowBreaks.has(r.line.id)) continue;
      for (const v of r.values) {
        if (v.segment === null) continue;
        const hit = colBreaks.find((c) => c.segment === v.segment && c.terms.includes(r.line.id));
        if (!hit) continue;
        findings.push({
          check: "layout.subtotals",
          status: "warn",
          statement: t.statement,
          line: r.line.id,
          segment: v.segment,
          message: `print ${formatSource(v.source)}: ${r.label} ${v.text} breaks both its row's 合計 and ${hit.line.label}: this cell is most likely wrong`,
          sources: [v.source],
        });
      }
    }
  }
  return findings;
}

/** Changes from the current book's leaves to the plan's, for every covered line. */
export function changesOf(plan: ImportPlan, current: Book | null): Change[] {
  const book = plan.layoutBook;
  const old = new Map<string, Decimal>();
  for (const e of current?.entries ?? []) {
    const k = keyOf(e.line, e.segment);
    if (!plan.coveredLines.has(e.line) && !plan.coveredPairs.has(k)) continue;
    old.set(k, (old.get(k) ?? new Decimal(0)).plus(e.amount.value));
  }
  const changes: Change[] = [];
  const keys = new Set([...old.keys(), ...plan.leaves.keys()]);
  const order = new Map(book.lines.map((l, i) => [l.id, i]));
  const segOrder = new Map(book.segments.map((s, i) => [s.id, i]));
  for (const k of keys) {
    const [lineId = "", seg = ""] = k.split("|");
    const segment = seg === "" ? null : seg;
    const line = book.lines.find((l) => l.id === lineId);
    if (!line) continue;
    const before = old.get(k) ?? new Decimal(0);
    const after = plan.leaves.get(k)?.amount ?? new Decimal(0);
    if (before.equals(after)) continue;
    changes.push({
      kind: before.isZero() ? "added" : after.isZero() ? "removed" : "changed",
      line,
      segment,
      old: before,
      new: after,
      sources: plan.leaves.get(k)?.sources ?? [],
    });
  }
  return changes.sort(
    (a, b) =>
      (order.get(a.line.id) ?? 0) - (order.get(b.line.id) ?? 0) ||
      (segOrder.get(a.segment ?? "") ?? 99) - (segOrder.get(b.segment ?? "") ?? 99),
  );
}
