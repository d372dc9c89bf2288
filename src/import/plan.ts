/**
 * `yosan import`, planned: grids → the leaves of a book. Recognises the tables against a
 * layout (the book's own or another book's), gathers leaves, printed figures, schedule items
 * and the 債務負担行為 register, determines an input that a printed derived line leaves as the
 * only unknown, and computes the changes to the book. Pure: no file is read or written, and
 * nothing is derived or checked here — the plan carries the provisional book, which the
 * command derives and checks like any other (write-book.ts writes it after it loads).
 */
import type { Book, BudgetEntry, LayoutLine, Leaf, ScheduleItem } from "../model/book.ts";
import { expandToLeaves } from "../model/expand.ts";
import { bySegmentTitle, columnAside, JA } from "../model/glossary.ts";
import { type InputIssue, inputError } from "../model/issues.ts";
import { normalizeLabel } from "../model/labels.ts";
import { Decimal, Money, type Unit } from "../model/money.ts";
import type { Print, PrintedCell, PrintRow } from "../model/print.ts";
import { type CellSource, columnLetter, formatSource } from "../model/provenance.ts";
import { type Amount, amountLike, plusAmount, Quantity } from "../model/quantity.ts";
import { say, type Text } from "../model/text.ts";
import { withEntries } from "../model/version.ts";
import type { Grid } from "./grid.ts";
import { recognise } from "./recognise.ts";
import type {
  CellValue,
  CommitmentsTable,
  RecognisedTable,
  ScheduleTable,
  StatementTable,
} from "./tables.ts";

const keyOf = (line: string, segment: string | null) => `${line}|${segment ?? ""}`;

/** A leaf an import brings (its amount in the book's unit), with the cells it was read from. */
interface ImportedLeaf extends Leaf {
  readonly sources: readonly CellSource[];
  /** How it was obtained when not read directly: the printed line that determined it. */
  readonly determinedBy?: Text;
}

export interface Change {
  readonly kind: "added" | "changed" | "removed";
  readonly line: LayoutLine;
  readonly segment: string | null;
  readonly old: Decimal;
  readonly new: Decimal;
  readonly sources: readonly CellSource[];
}

interface RecognisedSummary {
  readonly description: Text;
  /** The range, `file!sheet!A1:D20`. */
  readonly where: string;
  readonly notes: readonly Text[];
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
  /**
   * What the imported tables printed, one print per unit the tables are in (the book's unit:
   * id `imported`), every row a line (or a schedule's 合計) for a segment or the total.
   */
  readonly prints: readonly Print[];
  readonly scheduleItems: ReadonlyMap<string, readonly ScheduleItem[]>;
  readonly commitments: CommitmentsTable | null;
  readonly determined: readonly ImportedLeaf[];
  /** The book as it would be after the import (the leaves determined included). */
  readonly book: Book;
  readonly issues: readonly InputIssue[];
  readonly notes: readonly Text[];
}

function rangeOf(t: RecognisedTable): string {
  const where = t.grid.sheet !== undefined ? `${t.grid.file}!${t.grid.sheet}` : t.grid.file;
  return `${where}!A${t.firstRow}:${columnLetter(Math.max(1, t.lastCol))}${t.lastRow}`;
}

function describe(t: RecognisedTable, book: Book): Text {
  switch (t.kind) {
    case "statement": {
      const title = book.statements.find((s) => s.id === t.statement)?.title ?? t.statement;
      const shown = t.bySegment ? bySegmentTitle(book.segmentTerm, title) : title;
      const n = book.segments.length;
      return say(
        `${shown}（${t.rows.length}科目${t.bySegment ? `、${book.segmentTerm}${n}列＋${JA.total}` : ""}）`,
        `${shown} (${t.rows.length} lines${t.bySegment ? `, ${n} segments + ${JA.total}` : ""})`,
      );
    }
    case "input":
      return say(
        `科目ID別の予算行（${t.rows.length}行）`,
        `budget lines by line id (${t.rows.length} rows)`,
      );
    case "schedule": {
      const title = book.schedules.find((s) => s.id === t.schedule)?.title ?? t.schedule;
      const n = t.items.filter((i) => !i.isTotal).length;
      return say(`${title}（${n}件）`, `${title} (${n} items)`);
    }
    case "commitments":
      return say(`債務負担行為（${t.rows.length}件）`, `債務負担行為 (${t.rows.length} items)`);
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
  const notes: Text[] = [];
  const { recognised, active } = activeTables(tables, layoutBook, notes);
  const gathered = gatherLeaves(active, layoutBook, issues);
  const { items: scheduleItems, totals: scheduleTotals } = gatherSchedules(
    active,
    layoutBook,
    notes,
  );
  const prints = gatherPrints(active, layoutBook, scheduleTotals);
  // A register printed over several pages is several tables: one register.
  const registerParts = active.filter((x): x is CommitmentsTable => x.kind === "commitments");
  const commitments: CommitmentsTable | null =
    registerParts.length === 0
      ? null
      : { ...(registerParts[0] as CommitmentsTable), rows: registerParts.flatMap((t) => t.rows) };

  const { leaves, coveredLines, coveredPairs } = gathered;
  const base = current ?? layoutBook;
  const covered = (line: string, segment: string | null) =>
    coveredLines.has(line) || coveredPairs.has(keyOf(line, segment));
  const keptEntries =
    current === null ? [] : base.entries.filter((e) => !covered(e.line, e.segment));
  const unit = layoutBook.unit;
  const provisional = (extra: readonly ImportedLeaf[]): Book => ({
    ...withEntries(layoutBook, [...keptEntries, ...[...leaves.values(), ...extra].map(asEntry)]),
    // A new book has none of the layout book's own data: no register or continuity.
    ...(current === null ? { continuity: [], commitments: null } : {}),
    scheduleItems: [
      ...(current?.scheduleItems ?? []).filter((i) => !scheduleItems.has(i.schedule)),
      ...[...scheduleItems.values()].flat(),
    ],
    // The prints the import brings, checked on their own (the book's other prints stay as they are).
    prints,
  });
  // Rows in the book's unit, and quantities (exact in their own unit whatever the table's note).
  const exactRows = prints.flatMap((p) =>
    p.rows.filter(
      (r) => p.unit === unit || r.cells.get(PRINTED_COLUMN)?.amount instanceof Quantity,
    ),
  );
  const determined = determineUnknowns(provisional([]), exactRows, (line, segment) => {
    return (
      leaves.has(keyOf(line, segment)) ||
      (current !== null && !coveredLines.has(line) && current.entries.some((e) => e.line === line))
    );
  });
  for (const d of determined) {
    coveredLines.add(d.line);
    leaves.set(keyOf(d.line, d.segment), d);
  }
  return {
    layoutBook,
    recognised,
    leaves,
    coveredLines,
    coveredPairs,
    prints,
    scheduleItems,
    commitments,
    determined,
    book: provisional([]),
    issues,
    notes,
  };
}

/**
 * The tables to import. A workbook yosan wrote carries its leaves on one input sheet; its
 * statement sheets are formulas over that sheet, so they are views, not inputs.
 */
function activeTables(
  tables: readonly RecognisedTable[],
  book: Book,
  notes: Text[],
): { recognised: RecognisedSummary[]; active: RecognisedTable[] } {
  const sheetKey = (t: RecognisedTable) => `${t.grid.file}\u0000${t.grid.sheet ?? ""}`;
  const inputs = tables.filter((t) => t.kind === "input");
  const inputSheets = new Set(inputs.map(sheetKey));
  const inputFiles = new Set(inputs.map((t) => t.grid.file));
  const used = (t: RecognisedTable) => !inputFiles.has(t.grid.file) || inputSheets.has(sheetKey(t));
  const recognised = tables.map((t) => ({
    description: describe(t, book),
    where: rangeOf(t),
    notes: [...t.grid.notes, ...t.notes],
    used: used(t),
  }));
  const active = tables.filter(used);
  if (active.length < tables.length) {
    notes.push(
      say(
        "yosan のブックの入力シート以外のシートは入力シートを数式で表示したものなので、取り込みませんでした",
        "sheets of a yosan workbook other than its input sheet are views of it (formulas) and were not imported",
      ),
    );
  }
  return { recognised, active };
}

interface GatheredLeaf extends ImportedLeaf {
  amount: Amount;
  readonly sources: CellSource[];
  /** Index of the table the leaf came from (detail rows of one table add up). */
  readonly table: number;
}

/** The leaves of the input tables and of the statements (by segment where there are both). */
function gatherLeaves(
  active: readonly RecognisedTable[],
  book: Book,
  issues: InputIssue[],
): {
  leaves: Map<string, ImportedLeaf>;
  coveredLines: Set<string>;
  coveredPairs: Set<string>;
} {
  const leaves = new Map<string, GatheredLeaf>();
  const coveredLines = new Set<string>();
  const coveredPairs = new Set<string>();
  const bySegmentStatements = new Set(
    active
      .filter((t): t is StatementTable => t.kind === "statement" && t.bySegment)
      .map((t) => t.statement),
  );
  const addLeaf = (table: number, line: LayoutLine, v: CellValue) => {
    const key = keyOf(line.id, v.segment);
    const known = leaves.get(key);
    const amount = importedAmount(line, v, book);
    if (known && known.table !== table) {
      if (!known.amount.value.equals(amount.value)) {
        const where = columnAside(book.segments, v.segment);
        issues.push(
          inputError(
            "import.conflict",
            v.source,
            say(
              `${line.label}${where.ja}：ここでは ${amount.toString()} ですが、${known.sources.map(formatSource).join("、")} では ${known.amount.toString()} です。`,
              `${line.label}${where.en}: ${amount.toString()} here but ${known.amount.toString()} at ${known.sources.map(formatSource).join(", ")}`,
            ),
          ),
        );
      }
      return;
    }
    if (known) {
      known.amount = plusAmount(known.amount, amount);
      known.sources.push(v.source);
    } else {
      leaves.set(key, {
        line: line.id,
        segment: v.segment,
        amount,
        sources: [v.source],
        table,
      });
    }
  };
  active.forEach((t, index) => {
    if (t.kind === "input") {
      for (const r of t.rows) {
        if (t.partial) for (const v of r.values) coveredPairs.add(keyOf(r.line.id, v.segment));
        else coveredLines.add(r.line.id);
        for (const v of r.values) addLeaf(index, r.line, v);
      }
    }
    if (t.kind === "statement" && (t.bySegment || !bySegmentStatements.has(t.statement))) {
      for (const r of t.rows) {
        if (r.line.kind !== "leaf") continue;
        coveredLines.add(r.line.id);
        for (const v of r.values) if (!t.bySegment || v.segment !== null) addLeaf(index, r.line, v);
      }
    }
  });
  const plain = new Map<string, ImportedLeaf>();
  for (const [k, v] of leaves) {
    plain.set(k, { line: v.line, segment: v.segment, amount: v.amount, sources: v.sources });
  }
  return { leaves: plain, coveredLines, coveredPairs };
}

/**
 * A figure read for `line`: money scaled to the book's unit by the table's note (千円, 百万円); a
 * quantity (戸, ㎥ …) as printed, in its line's unit — a money-unit note never scales it.
 */
function importedAmount(line: LayoutLine, v: CellValue, book: Book): Amount {
  if (line.unit === undefined) return Money.of(v.amount, book.unit);
  return Quantity.of(v.printed ?? v.amount, line.unit);
}

/** The id of the print an import makes of tables printed in `unit`. */
function importedPrintId(unit: Unit, bookUnit: Unit): string {
  const names: Record<Unit, string> = {
    円: "yen",
    千円: "thousand-yen",
    百万円: "million-yen",
    億円: "hundred-million-yen",
  };
  return unit === bookUnit ? "imported" : `imported-${names[unit]}`;
}

/**
 * What the statement tables printed (never a yosan workbook's views) and the schedules' 合計
 * rows, as prints in the unit each table is printed in: the tie-out compares them with the model
 * under that unit and the book's rounding — a quantity's row (戸, ㎥ …) exactly, in its unit.
 */
function gatherPrints(
  active: readonly RecognisedTable[],
  book: Book,
  scheduleTotals: readonly PrintRow[],
): Print[] {
  const byUnit = new Map<Unit, PrintRow[]>();
  const add = (unit: Unit, row: PrintRow) => {
    const list = byUnit.get(unit);
    if (list) list.push(row);
    else byUnit.set(unit, [row]);
  };
  for (const t of active) {
    if (t.kind !== "statement") continue;
    const title = book.statements.find((s) => s.id === t.statement)?.title ?? t.statement;
    const table = t.bySegment ? bySegmentTitle(book.segmentTerm, title) : title;
    for (const r of t.rows) {
      const quantity = r.line.unit;
      for (const v of r.values) {
        const cells = new Map<string, PrintedCell>();
        // A quantity (戸, ㎥ …) as printed, in its line's unit: tied out exactly, never scaled.
        if (v.printed !== null)
          cells.set(PRINTED_COLUMN, {
            amount:
              quantity === undefined
                ? Money.of(v.printed, t.unit)
                : Quantity.of(v.printed, quantity),
            text: v.text,
            source: v.source,
          });
        add(t.unit, {
          table,
          formula: { text: r.line.id, terms: [{ sign: 1, ref: { kind: "line", id: r.line.id } }] },
          line: r.line.id,
          statement: t.statement,
          label: r.label,
          segment: v.segment,
          cells,
          reference: formatSource(v.source),
          source: v.source,
        });
      }
    }
  }
  for (const row of scheduleTotals) add(book.unit, row);
  // Named by the files it came from: `予算書.xlsx (千円)`.
  const files = (rows: readonly PrintRow[]) =>
    [...new Set(rows.map((r) => r.source.file.split(/[\\/]/).pop() ?? r.source.file))].join(", ");
  return [...byUnit].map(([unit, rows]) => ({
    id: importedPrintId(unit, book.unit),
    version: book.version,
    title: `${files(rows)} (${unit})`,
    authority: "published",
    file: "",
    unit,
    rounding: book.rounding,
    tableRounding: new Map(),
    note: "",
    sheet: false,
    columns: [{ kind: "figure", id: PRINTED_COLUMN, label: "金額" }],
    rows,
  }));
}

/** The one column of an imported print. */
export const PRINTED_COLUMN = "amount";

/** Schedule items (segments taken from the layout book where the print gives none) and printed 合計 rows. */
function gatherSchedules(
  active: readonly RecognisedTable[],
  book: Book,
  notes: Text[],
): { items: Map<string, ScheduleItem[]>; totals: PrintRow[] } {
  const items = new Map<string, ScheduleItem[]>();
  const totals: PrintRow[] = [];
  for (const t of active.filter((x): x is ScheduleTable => x.kind === "schedule")) {
    const def = book.schedules.find((s) => s.id === t.schedule);
    const own = book.scheduleItems.filter((i) => i.schedule === t.schedule);
    const list: ScheduleItem[] = [];
    for (const item of t.items) {
      if (item.isTotal) continue;
      let segment = item.segment;
      if (!item.segmentGiven) {
        const match = own.find((o) => normalizeLabel(o.label) === normalizeLabel(item.label));
        if (match) segment = match.segment;
        else {
          const at = formatSource(item.labelSource);
          notes.push(
            say(
              `${at}: 明細表の項目「${item.label}」には${book.segmentTerm}がなく、様式の帳簿にもこの項目がないため、配分しないままにしました`,
              `${at}: schedule item 「${item.label}」 has no segment and the layout book has no such item; it stays unallocated`,
            ),
          );
        }
      }
      const amounts = new Map<string, Money>();
      const sources = new Map<string, CellSource>();
      for (const [col, v] of item.amounts) {
        amounts.set(col, Money.of(v.amount, book.unit));
        sources.set(col, v.source);
      }
      list.push({ schedule: t.schedule, label: item.label, segment, amounts, sources, note: "" });
    }
    for (const total of t.items.filter((i) => i.isTotal)) {
      for (const c of def?.columns ?? []) {
        const printed = total.amounts.get(c.id);
        if (!printed) continue;
        const cells = new Map<string, PrintedCell>();
        if (printed.printed !== null)
          cells.set(PRINTED_COLUMN, {
            amount: Money.of(printed.amount, book.unit),
            text: printed.text,
            source: printed.source,
          });
        totals.push({
          table: def?.title ?? t.schedule,
          formula: {
            text: `${t.schedule}.${c.id}`,
            terms: [{ sign: 1, ref: { kind: "schedule", schedule: t.schedule, column: c.id } }],
          },
          line: null,
          statement: null,
          label: `${JA.total} ${c.label}`,
          segment: null,
          cells,
          reference: formatSource(printed.source),
          source: printed.source,
        });
      }
    }
    items.set(t.schedule, list);
  }
  return { items, totals };
}

function asEntry(d: ImportedLeaf): BudgetEntry {
  return {
    line: d.line,
    segment: d.segment,
    amount: d.amount,
    note: d.determinedBy?.en ?? "",
    source: d.sources[0] as CellSource,
  };
}

/**
 * Leaves no table gives that a printed derived figure determines: where the figure's formula,
 * expanded to leaves, leaves exactly one leaf unknown for the figure's segment, that leaf is
 * (printed − the known terms) / its coefficient. Repeats until nothing more is determined.
 */
function determineUnknowns(
  book: Book,
  printed: readonly PrintRow[],
  knownLeaf: (line: string, segment: string | null) => boolean,
): ImportedLeaf[] {
  const lineById = new Map(book.lines.map((l) => [l.id, l]));
  const published = printed.flatMap((row) => {
    const cell = row.cells.get(PRINTED_COLUMN);
    return row.line !== null && cell?.amount
      ? [
          {
            line: row.line,
            segment: row.segment,
            amount: cell.amount,
            printedText: cell.text,
            source: cell.source,
          },
        ]
      : [];
  });
  const printedLines = new Set(published.map((p) => p.line));
  const determined: ImportedLeaf[] = [];
  const memo = new Map<string, ReadonlyMap<string, number>>();
  const value = leafValues(book);
  const isDetermined = (line: string, segment: string | null) =>
    determined.some((d) => d.line === line && d.segment === segment);
  let progress = true;
  while (progress) {
    progress = false;
    for (const p of published) {
      const line = lineById.get(p.line);
      if (!line?.formula || p.segment === null) continue;
      const segment = p.segment;
      const vector = expandToLeaves(book, line.formula, memo);
      const unknown = [...vector].filter(
        ([id]) =>
          !id.includes(".") &&
          lineById.get(id)?.kind === "leaf" &&
          !knownLeaf(id, segment) &&
          !printedLines.has(id) &&
          !isDetermined(id, segment),
      );
      if (unknown.length !== 1) continue;
      const [id, coefficient] = unknown[0] as [string, number];
      const printed = line.printed === "magnitude" ? p.amount.value.negated() : p.amount.value;
      let known = new Decimal(0);
      for (const [leaf, k] of vector)
        if (leaf !== id) known = known.plus(value(leaf, segment).times(k));
      const amount = printed.minus(known).dividedBy(coefficient);
      determined.push({
        line: id,
        segment,
        // In the printed figure's measure: money in the book's unit, or the quantity's unit.
        amount: amountLike(p.amount, amount),
        sources: [p.source],
        determinedBy: say(
          `${formatSource(p.source)} に印刷された${line.label}の数値 ${p.printedText}`,
          `${line.label} printed ${p.printedText} at ${formatSource(p.source)}`,
        ),
      });
      value.set(id, segment, amount);
      progress = true;
    }
  }
  return determined;
}

/** A leaf's value in a segment (the sum of its entries), a schedule column's total, settable. */
function leafValues(book: Book): {
  (key: string, segment: string): Decimal;
  set(line: string, segment: string, amount: Decimal): void;
} {
  const sums = new Map<string, Decimal>();
  for (const e of book.entries) {
    const k = keyOf(e.line, e.segment);
    sums.set(k, (sums.get(k) ?? new Decimal(0)).plus(e.amount.value));
  }
  const value = (key: string, segment: string): Decimal => {
    const dot = key.indexOf(".");
    if (dot < 0) return sums.get(keyOf(key, segment)) ?? new Decimal(0);
    const [schedule, column] = [key.slice(0, dot), key.slice(dot + 1)];
    return book.scheduleItems
      .filter((i) => i.schedule === schedule && i.segment === segment)
      .reduce((a, i) => a.plus(i.amounts.get(column)?.value ?? 0), new Decimal(0));
  };
  value.set = (line: string, segment: string, amount: Decimal) => {
    sums.set(keyOf(line, segment), amount);
  };
  return value;
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
  const lineById = new Map(book.lines.map((l) => [l.id, l]));
  for (const k of keys) {
    const [lineId = "", seg = ""] = k.split("|");
    const segment = seg === "" ? null : seg;
    const line = lineById.get(lineId);
    if (!line) continue;
    const before = old.get(k) ?? new Decimal(0);
    const after = plan.leaves.get(k)?.amount.value ?? new Decimal(0);
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
