/**
 * Which lines the report's charts are drawn from: the book's `report` section, checked against
 * the layout, and what it leaves out found from the layout's structure (never a line id
 * written in the code).
 */
import type { StatementDef } from "../../model/book.ts";
import type { Model } from "../../model/model.ts";
import { say, type Text } from "../../model/text.ts";
import { isSubtotal } from "../statement-table.ts";

/** The lines the charts are drawn from: the book's `report` section. */
export interface ReportLines {
  /** P&L line of the revenue bars, e.g. 営業収益合計. */
  readonly revenue: string;
  /** P&L line of the expense bars, e.g. 営業費用合計. */
  readonly expenses: string;
  /** Statement id of the cash plan (資金計画), whose lines the waterfall follows. */
  readonly cashPlan: string;
  /** Opening cash line of the cash plan, e.g. 前期末現金及び預金. */
  readonly openingCash: string;
  /** Closing cash line of the cash plan, e.g. 当期末現金及び預金. */
  readonly closingCash: string;
}

export interface ResolvedLines {
  readonly lines: Partial<ReportLines>;
  /** Why a chart could not be drawn (an unknown or missing id), in both languages. */
  readonly notes: readonly Text[];
}

/** The note for a `report` key naming no line of the book. */
function notLine(key: keyof ReportLines, id: string): Text {
  return say(
    `report.${key} の「${id}」は帳簿の科目にありません。`,
    `report.${key} 「${id}」 is not a line of the book`,
  );
}

/** The report's lines: the given ids, checked against the book, and the rest found in the layout. */
export function resolveReportLines(model: Model, given: Partial<ReportLines> = {}): ResolvedLines {
  const book = model.book;
  // Charts draw money: a quantity line (戸, ㎥ …) is never one of their lines.
  const lineById = new Map(book.lines.filter((l) => l.unit === undefined).map((l) => [l.id, l]));
  const notes: Text[] = [];
  const lines: { -readonly [K in keyof ReportLines]?: string } = {};
  const mains = book.statements.filter((s) => s.role === "statement");

  // Cash plan: a statement whose last line is `opening (a leaf of it) + movement`.
  const rollForward = (st: StatementDef) => {
    const own = book.lines.filter((l) => l.statement === st.id && l.kind !== "heading");
    const last = own[own.length - 1];
    if (last?.kind !== "derived" || !last.formula || last.formula.terms.length !== 2) {
      return undefined;
    }
    const refs = last.formula.terms.map((t) =>
      t.sign === 1 && t.ref.kind === "line" ? lineById.get(t.ref.id) : undefined,
    );
    const opening = refs.find((l) => l?.kind === "leaf" && l.statement === st.id);
    const movement = refs.find((l) => l?.kind === "derived" && l.statement === st.id);
    return opening && movement ? { opening: opening.id, closing: last.id } : undefined;
  };
  if (given.cashPlan !== undefined) {
    if (book.statements.some((s) => s.id === given.cashPlan)) lines.cashPlan = given.cashPlan;
    else
      notes.push(
        say(
          `report.cashPlan の「${given.cashPlan}」は帳簿の財務諸表にありません。`,
          `report.cashPlan 「${given.cashPlan}」 is not a statement of the book`,
        ),
      );
  } else {
    const found = mains.find((s) => rollForward(s) !== undefined);
    if (found) lines.cashPlan = found.id;
  }
  const cashDef = book.statements.find((s) => s.id === lines.cashPlan);
  const roll = cashDef ? rollForward(cashDef) : undefined;
  for (const key of ["openingCash", "closingCash"] as const) {
    const id = given[key];
    if (id !== undefined) {
      if (lineById.has(id)) lines[key] = id;
      else notes.push(notLine(key, id));
    } else if (roll) {
      lines[key] = key === "openingCash" ? roll.opening : roll.closing;
    }
  }

  // Revenue and expenses: the two subtotals of the first `A - B` line outside the cash plan.
  let pair: { revenue: string; expenses: string } | undefined;
  for (const st of mains) {
    if (st.id === lines.cashPlan) continue;
    for (const l of book.lines) {
      if (l.statement !== st.id || !isSubtotal(l, lineById) || l.formula?.terms.length !== 2) {
        continue;
      }
      const [a, b] = l.formula.terms;
      if (a?.sign === 1 && b?.sign === -1 && a.ref.kind === "line" && b.ref.kind === "line") {
        const ra = lineById.get(a.ref.id);
        const rb = lineById.get(b.ref.id);
        if (ra?.kind === "derived" && rb?.kind === "derived") {
          pair = { revenue: ra.id, expenses: rb.id };
          break;
        }
      }
    }
    if (pair) break;
  }
  for (const key of ["revenue", "expenses"] as const) {
    const id = given[key];
    if (id !== undefined) {
      if (lineById.has(id)) lines[key] = id;
      else notes.push(notLine(key, id));
    } else if (pair) {
      lines[key] = pair[key];
    }
  }
  return { lines, notes };
}
