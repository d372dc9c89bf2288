/**
 * The plan of a workbook: every sheet's name and every figure's cell, decided before anything
 * is written, so a formula can point at a sheet written later.
 */
import type { Comparison, LayoutLine, ScheduleDef, StatementDef } from "../../model/book.ts";
import type { Formula, Reference, Term } from "../../model/formula.ts";
import { JA, totalColumnLabel } from "../../model/glossary.ts";
import type { Model, ModelLine } from "../../model/model.ts";
import type { Decimal } from "../../model/money.ts";
import { workbookSheets } from "../../model/sheet-names.ts";
import { type Addr, ref } from "./cells.ts";

/** A column of a segmented table: a segment id, the unallocated entries, or the 合計. */
export type Col = { kind: "segment"; id: string } | { kind: "unallocated" } | { kind: "total" };
export const TOTAL: Col = { kind: "total" };
export const UNALLOCATED: Col = { kind: "unallocated" };
const colKey = (c: Col) => (c.kind === "segment" ? `s:${c.id}` : c.kind);

/** Excel sheet names: at most 31 characters, none of []:*?/\, unique. */
export interface StatementPlan {
  readonly def: StatementDef;
  readonly lines: readonly LayoutLine[];
  /** Single-column sheet (role 'statement' only; every statement in a book without segments). */
  readonly single?: string;
  /** Segments-as-columns sheet (none in a book without segments). */
  readonly segmented?: string;
}

const FIRST_LINE_ROW = 5;
export const HEADER_ROW = 4;
export const INPUT_HEADER_ROW = 3;
/** The 予算の条項 sheet: its header row (a provision per row below it) and its amount column. */
export const PROVISIONS_HEADER_ROW = 4;
export const PROVISION_AMOUNT_COL = 4;

export class Plan {
  readonly statements: StatementPlan[] = [];
  readonly schedules: { def: ScheduleDef; sheet: string }[] = [];
  readonly commitments?: string;
  /** Sheet names of the prints rendered as sheets, by print id. */
  readonly prints = new Map<string, string>();
  readonly findings: string;
  readonly input: string;
  /** Sheet names of the book's comparisons of versions, in book.json's order. */
  readonly comparisons: readonly string[];
  /** The 予算の条項 sheet (provisions.csv), when the book has provisions. */
  readonly provisions?: string;
  /** Segmented-table columns: the segments, the unallocated column if any entry needs it. */
  readonly cols: Col[];
  readonly hasUnallocated: boolean;
  /** Row of each line on its statement's sheets. */
  readonly lineRow = new Map<string, number>();
  readonly lineStatement = new Map<string, StatementPlan>();
  /** Row of each leaf line on 入力. */
  readonly inputRow = new Map<string, number>();
  /** Row of each schedule item on 入力 and on its schedule sheet; total row per schedule. */
  readonly scheduleInputRow = new Map<string, number[]>();
  readonly scheduleHeaderRow = new Map<string, number>();
  readonly scheduleTotalRow = new Map<string, number>();

  constructor(readonly model: Model) {
    const book = model.book;
    const sheets = workbookSheets(book);
    for (const def of book.statements) {
      const lines = book.lines.filter((l) => l.statement === def.id);
      const named = sheets.statements.get(def.id);
      if (!named) throw new Error(`programmer error: statement ${def.id} has no sheet`);
      const plan: StatementPlan = {
        def,
        lines,
        ...(named.segmented !== undefined ? { segmented: named.segmented.name } : {}),
        ...(named.single !== undefined ? { single: named.single.name } : {}),
      };
      this.statements.push(plan);
      lines.forEach((l, i) => {
        this.lineRow.set(l.id, FIRST_LINE_ROW + i);
        this.lineStatement.set(l.id, plan);
      });
    }
    for (const def of book.schedules)
      this.schedules.push({ def, sheet: sheets.schedules.get(def.id)?.name ?? def.id });
    if (sheets.commitments) this.commitments = sheets.commitments.name;
    for (const [id, sheet] of sheets.prints) this.prints.set(id, sheet.name);
    this.findings = sheets.findings.name;
    this.input = sheets.input.name;
    this.comparisons = sheets.comparisons.map((s) => s.name);
    if (sheets.provisions) this.provisions = sheets.provisions.name;

    // A book without segments allocates nothing: its one column is the total.
    this.hasUnallocated =
      book.segments.length > 0 &&
      (book.entries.some((e) => e.segment === null) ||
        book.scheduleItems.some((i) => i.segment === null));
    this.cols = [
      ...book.segments.map((s): Col => ({ kind: "segment", id: s.id })),
      ...(this.hasUnallocated ? [UNALLOCATED] : []),
    ];

    let row = INPUT_HEADER_ROW + 1;
    for (const st of model.statements)
      for (const ml of st.lines) if (ml.line.kind === "leaf") this.inputRow.set(ml.line.id, row++);
    row++;
    for (const s of book.schedules) {
      row++; // title
      this.scheduleHeaderRow.set(s.id, row++);
      const rows: number[] = [];
      for (const _ of book.scheduleItems.filter((i) => i.schedule === s.id)) rows.push(row++);
      this.scheduleInputRow.set(s.id, rows);
      row++;
    }
  }

  /** Column number of a segmented-table column (label column is 1). */
  colNumber(c: Col): number {
    if (c.kind === "total") return this.cols.length + 2;
    const i = this.cols.findIndex((x) => colKey(x) === colKey(c));
    return i + 2;
  }

  /** Input-sheet column of a segmented column: after 表, 科目, 科目ID. */
  inputCol(c: Col): number {
    return this.colNumber(c) + 2;
  }

  /** The cell of a line in a column: 合計 on the single sheet if there is one, else segmented. */
  lineCell(id: string, c: Col): Addr {
    const st = this.lineStatement.get(id);
    const row = this.lineRow.get(id);
    if (!st || row === undefined) throw new Error(`programmer error: line ${id} has no cell`);
    if (c.kind === "total" && st.single !== undefined) return { sheet: st.single, col: 2, row };
    if (st.segmented === undefined)
      throw new Error(`programmer error: line ${id} has no ${c.kind} cell`);
    return { sheet: st.segmented, col: this.colNumber(c), row };
  }

  /** The sheet of a comparison the book declares (undefined for one it does not). */
  comparisonSheet(c: Comparison): string | undefined {
    const list = this.model.book.versions.comparisons;
    const i = list.indexOf(c);
    const at =
      i >= 0 ? i : list.findIndex((x) => x.a === c.a && x.b === c.b && x.title === c.title);
    return at >= 0 ? this.comparisons[at] : undefined;
  }

  scheduleSheet(id: string): { def: ScheduleDef; sheet: string } {
    const s = this.schedules.find((x) => x.def.id === id);
    if (!s) throw new Error(`programmer error: unknown schedule ${id}`);
    return s;
  }

  /** Schedule sheet: item rows start at 4; the 合計 row follows them. */
  scheduleItemRows(id: string): number[] {
    return (this.scheduleInputRow.get(id) ?? []).map((_, i) => 4 + i);
  }

  scheduleColumnNumber(def: ScheduleDef, column: string): number {
    const i = def.columns.findIndex((c) => c.id === column);
    if (i < 0) throw new Error(`programmer error: unknown schedule column ${def.id}.${column}`);
    return 3 + i;
  }

  /** The Excel expression of a schedule column's total for a column of the statements. */
  scheduleExpr(schedule: string, column: string, c: Col, from: string): string {
    const { def, sheet } = this.scheduleSheet(schedule);
    const col = this.scheduleColumnNumber(def, column);
    const rows = this.scheduleItemRows(schedule);
    if (c.kind === "total") {
      return ref({ sheet, col, row: 4 + rows.length }, from);
    }
    const items = this.model.book.scheduleItems.filter((i) => i.schedule === schedule);
    const wanted = c.kind === "segment" ? c.id : null;
    const cells = rows
      .filter((_, i) => (items[i]?.segment ?? null) === wanted)
      .map((row) => ref({ sheet, col, row }, from));
    if (cells.length === 0) return "0";
    return cells.length === 1 ? (cells[0] ?? "0") : `(${cells.join("+")})`;
  }

  /**
   * The cell of a provision's amount on the 予算の条項 sheet: a row per provision below the
   * header (PROVISIONS_HEADER_ROW), the amount in PROVISION_AMOUNT_COL.
   */
  provisionCell(id: string): Addr {
    const i = this.model.book.provisions.findIndex((p) => p.id === id);
    if (this.provisions === undefined || i < 0)
      throw new Error(`programmer error: provision ${id} has no cell`);
    return {
      sheet: this.provisions,
      col: PROVISION_AMOUNT_COL,
      row: PROVISIONS_HEADER_ROW + 1 + i,
    };
  }

  /** A linear formula as an Excel expression over the cells of column `c`. */
  formulaExpr(formula: Formula<Reference>, c: Col, from: string): string {
    if (formula.terms.length === 0) return "0";
    return formula.terms
      .map((t: Term<Reference>, i) => {
        const e =
          t.ref.kind === "line"
            ? ref(this.lineCell(t.ref.id, c), from)
            : t.ref.kind === "schedule"
              ? this.scheduleExpr(t.ref.schedule, t.ref.column, c, from)
              : c.kind === "total"
                ? ref(this.provisionCell(t.ref.id), from)
                : "0";
        return `${t.sign < 0 ? "-" : i === 0 ? "" : "+"}${e}`;
      })
      .join("");
  }

  /** yosan's amount of a leaf line in a column (未配分: the entries booked without a segment). */
  leafValue(ml: ModelLine, c: Col): Decimal {
    if (c.kind === "segment") return this.model.figure(ml.line.id, c.id).amount.value;
    return c.kind === "total" ? ml.total.amount.value : ml.unallocated.value;
  }

  colLabel(c: Col): string {
    if (c.kind === "total") return totalColumnLabel(this.model.book.segments);
    if (c.kind === "unallocated") return JA.unallocated;
    return this.model.book.segments.find((s) => s.id === c.id)?.name ?? c.id;
  }
}
