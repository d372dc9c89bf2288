/**
 * The checks again after a what-if edit, fast enough to follow typing (`yosan serve`'s 試算):
 * the edited book is derived in full (a few milliseconds: a book holds one entry per file ×
 * account × segment however many rows it has) and every check runs again, except two whose
 * inputs an edit of leaves cannot change or reaches only in part — the 債務負担行為 checks (the
 * register is the saved book's) and the tie-out against the prints, most of reconcile's time,
 * recomputed only for the printed rows the edit can reach. This is a shortcut beside the rules
 * it shortcuts: every finding comes from check/prints.ts's own functions.
 *
 * A print's findings decompose: one group per printed row (published.figure, .sign, .change:
 * the row's figures against the model's), then per printed table its published.sums, which
 * read the printed figures only — and which cells lost their sign. So after an edit of leaf L
 * in segment S, only rows printing a line that depends on L, in column S or 合計, are
 * recomputed, and a table's sums only when its lost signs changed. The unit check
 * (published.unit), a verdict on the print as a whole, is kept as each row's votes
 * (prints.ts's rowUnitVotes): the saved votes of the rows not reached and the edited votes of
 * those reached decide it by the tie-out's own rule (scaledPower); if it would fire, the print
 * is tied out whole. The decomposition is verified once per book against the print's whole
 * tie-out (same findings, same order); a print that does not decompose is recomputed whole.
 * test/incremental.test.ts holds the result to `reconcile` of the edited book for random edits.
 */

import { derive } from "../derive/derive.ts";
import type { Book } from "../model/book.ts";
import type { Finding } from "../model/findings.ts";
import type { Column, Model } from "../model/model.ts";
import { Money } from "../model/money.ts";
import type { Print, PrintRow } from "../model/print.ts";
import { cell, formatSource, type Source } from "../model/provenance.ts";
import { withAdjustments } from "../model/version.ts";
import { printedDeduction } from "./print-sums.ts";
import {
  exactFigures,
  printChecks,
  rowUnitVotes,
  scaledPower,
  sumVotes,
  type UnitVotes,
} from "./prints.ts";
import { CHECKS, commitmentChecks, type ReconcileOptions } from "./reconcile.ts";

/** A model whose book has only `prints` (what printChecks reads); figures are the model's. */
function withPrints(model: Model, prints: readonly Print[]): Model {
  return { ...model, book: { ...model.book, prints } };
}

function tieOut(model: Model, prints: readonly Print[], options: ReconcileOptions): Finding[] {
  return printChecks(withPrints(model, prints), options);
}

const isSums = (f: Finding) => f.check === "published.sums";

/**
 * The row findings of `rows` (published.figure, .sign, .change; sums left out), or a
 * published.unit finding when the rows make the print look like another unit. Tied out against
 * a book that holds only these rows' lines, without formulas, checks or entries — what a row's
 * findings read (its figure comes from the model's own functions, its print convention from its
 * line) — so no time goes into looking for the sums these rows are parts of. `planPrint`
 * checks, for every book, that these are the whole tie-out's row findings.
 */
function rowFindingsOf(
  model: Model,
  print: Print,
  rows: readonly PrintRow[],
  options: ReconcileOptions,
): Finding[] {
  const ids = new Set(rows.map((r) => r.line));
  const lines = model.book.lines
    .filter((l) => ids.has(l.id))
    .map(({ formula: _formula, ...line }) => line);
  const thin: Model = { ...model, book: { ...model.book, lines, checks: [], entries: [] } };
  return tieOut(thin, [{ ...print, rows }], options).filter((f) => !isSums(f));
}

/** A print recomputed whole after every edit. */
interface WholePlan {
  readonly kind: "whole";
  readonly print: Print;
  readonly findings: readonly Finding[];
}

/** A print whose findings decompose into its rows' and its tables' sums. */
interface RowsPlan {
  readonly kind: "rows";
  readonly print: Print;
  readonly tables: readonly string[];
  readonly rowFindings: ReadonlyMap<PrintRow, readonly Finding[]>;
  readonly sums: ReadonlyMap<string, readonly Finding[]>;
  /** Which row a finding's first source (a printed cell) belongs to. */
  readonly rowOfCell: ReadonlyMap<Source, PrintRow>;
  /** Per row: what it says about the print's unit under the saved model (published.unit). */
  readonly votes: ReadonlyMap<PrintRow, UnitVotes>;
  /** The saved book's lost signs of each table (their sums are `sums`). */
  readonly savedSigns: ReadonlyMap<string, string>;
  /** A table's sums under other lost signs (they read nothing else an edit changes), by key. */
  readonly sumsBySigns: Map<string, readonly Finding[]>;
}

/** How many tables' sums under other lost signs a print keeps. */
const SUMS_KEPT = 256;

/**
 * The key of a table's sums: the table, which of its printed cells lost their sign, and which
 * of its rows read as deductions (check/print-sums.ts's printedDeduction) — the two things of
 * an edited model that published.sums reads, everything else being printed.
 */
function signsKey(
  table: string,
  rows: readonly PrintRow[],
  findingsOf: (r: PrintRow) => readonly Finding[],
  model: Model,
): string {
  const inTable = rows.filter((r) => r.table === table);
  const cells = inTable
    .flatMap((r) => findingsOf(r).filter((f) => f.check === "published.sign"))
    .map((f) => (f.sources[0] ? formatSource(f.sources[0], "en") : ""))
    .sort();
  const deduction = printedDeduction(model);
  const deductions = inTable.flatMap((r, i) => (deduction(r) ? [String(i)] : []));
  return [table, ...cells, "|", ...deductions].join("\u0000");
}

type PrintPlan = WholePlan | RowsPlan;

function rowsOf(print: Print, table: string): PrintRow[] {
  return print.rows.filter((r) => r.table === table);
}

/** Row findings grouped by their row (via the printed cell each names first), or null. */
function byRow(
  findings: readonly Finding[],
  rowOfCell: ReadonlyMap<Source, PrintRow>,
): Map<PrintRow, Finding[]> | null {
  const out = new Map<PrintRow, Finding[]>();
  for (const f of findings) {
    const row = f.sources[0] === undefined ? undefined : rowOfCell.get(f.sources[0]);
    if (!row) return null;
    const list = out.get(row);
    if (list) list.push(f);
    else out.set(row, [f]);
  }
  return out;
}

function assemble(
  print: Print,
  tables: readonly string[],
  rowFindings: ReadonlyMap<PrintRow, readonly Finding[]>,
  sums: ReadonlyMap<string, readonly Finding[]>,
): Finding[] {
  return [
    ...print.rows.flatMap((r) => rowFindings.get(r) ?? []),
    ...tables.flatMap((t) => sums.get(t) ?? []),
  ];
}

/** The plan of one print: its decomposition, verified against its whole tie-out, or whole. */
function planPrint(model: Model, print: Print, options: ReconcileOptions): PrintPlan {
  const whole = tieOut(model, [print], options);
  const wholePlan: WholePlan = { kind: "whole", print, findings: whole };
  // A print with a figure that does not tie out might be in the wrong unit as a whole; a book
  // of rounded leaves allows ranges that the row guard below does not account for.
  if (
    model.book.leafRounding !== null ||
    whole.some(
      (f) =>
        f.check === "published.unit" || (f.check === "published.figure" && f.status !== "pass"),
    )
  )
    return wholePlan;
  const rowOfCell = new Map<Source, PrintRow>();
  for (const r of print.rows) for (const c of r.cells.values()) rowOfCell.set(c.source, r);
  const tables = [...new Set(print.rows.map((r) => r.table))];
  const rowFindings = new Map<PrintRow, Finding[]>();
  const sums = new Map<string, Finding[]>();
  const rows = byRow(rowFindingsOf(model, print, print.rows, options), rowOfCell);
  if (!rows) return wholePlan;
  for (const [r, list] of rows) rowFindings.set(r, list);
  for (const table of tables) {
    const sub = tieOut(model, [{ ...print, rows: rowsOf(print, table) }], options);
    if (sub.some((f) => f.check === "published.unit")) return wholePlan;
    sums.set(table, sub.filter(isSums));
  }
  const assembled = assemble(print, tables, rowFindings, sums);
  if (JSON.stringify(assembled) !== JSON.stringify(whole)) return wholePlan;
  const savedSigns = new Map(
    tables.map((t) => [t, signsKey(t, print.rows, (r) => rowFindings.get(r) ?? [], model)]),
  );
  const exactOf = exactFigures(model, print);
  const votes = new Map(print.rows.map((r) => [r, rowUnitVotes(print, r, exactOf(r))]));
  return {
    kind: "rows",
    print,
    tables,
    rowFindings,
    sums,
    rowOfCell,
    votes,
    savedSigns,
    sumsBySigns: new Map(),
  };
}

/** The leaves and segments an edit changed (null: the total, in a book without segments). */
interface ChangedLeaf {
  readonly line: string;
  readonly segment: string | null;
}

/** What a recomputation gives: the edited book's model and every finding. */
export interface Recomputed {
  readonly model: Model;
  readonly findings: readonly Finding[];
}

/** Recomputes a book after what-if edits, reusing what the edits cannot reach. */
export class Recomputer {
  private readonly plans: readonly PrintPlan[];
  private readonly dependents = new Map<string, string[]>();
  /** The saved book's findings: equal to `reconcile(saved)`. */
  readonly findings: readonly Finding[];

  constructor(
    readonly saved: Model,
    private readonly options: ReconcileOptions,
  ) {
    this.plans = saved.book.prints.map((p) => planPrint(saved, p, options));
    for (const l of saved.book.lines) {
      for (const t of l.formula?.terms ?? []) {
        if (t.ref.kind !== "line") continue;
        const list = this.dependents.get(t.ref.id);
        if (list) list.push(l.id);
        else this.dependents.set(t.ref.id, [l.id]);
      }
    }
    this.commitments = commitmentChecks(saved, options);
    this.findings = this.run(saved, (plan) =>
      plan.kind === "whole"
        ? [...plan.findings]
        : assemble(plan.print, plan.tables, plan.rowFindings, plan.sums),
    );
  }

  /** The saved book's 債務負担行為 findings, the same after any edit of leaves. */
  private readonly commitments: readonly Finding[];

  /** How each print is recomputed after an edit: by the rows it reaches, or whole. */
  get printPlans(): readonly { readonly print: string; readonly kind: "rows" | "whole" }[] {
    return this.plans.map((p) => ({ print: p.print.id, kind: p.kind }));
  }

  /**
   * Every check in reconcile's order, the prints' tie-out from `prints`; the 債務負担行為
   * checks are the saved book's (an edit moves leaves only).
   */
  private run(model: Model, prints: (plan: PrintPlan) => Finding[]): Finding[] {
    return CHECKS.flatMap((check) =>
      check === printChecks
        ? this.plans.flatMap(prints)
        : check === commitmentChecks
          ? [...this.commitments]
          : check(model, this.options),
    );
  }

  /** The printed rows of `plan` an edit of `changed` reaches. */
  private reached(plan: RowsPlan, changed: readonly ChangedLeaf[]): PrintRow[] {
    const lines = new Set<string>();
    const stack = changed.map((c) => c.line);
    for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
      if (lines.has(id)) continue;
      lines.add(id);
      stack.push(...(this.dependents.get(id) ?? []));
    }
    const columns = new Set<Column>([null, ...changed.map((c) => c.segment)]);
    return plan.print.rows.filter(
      (r) =>
        columns.has(r.segment) &&
        r.formula.terms.some((t) => t.ref.kind === "line" && lines.has(t.ref.id)),
    );
  }

  /** The edited book derived and checked; `changed` names every leaf and segment edited. */
  recompute(edited: Book, changed: readonly ChangedLeaf[]): Recomputed {
    // An edit moves leaves only: derive reuses the register's 債務負担行為 plan.
    const model = derive(edited);
    const findings = this.run(model, (plan) =>
      plan.kind === "whole"
        ? tieOut(model, [plan.print], this.options)
        : this.rowsAfter(model, plan, this.reached(plan, changed)),
    );
    return { model, findings };
  }

  /** A decomposed print after an edit that reached `rows` of it. */
  private rowsAfter(model: Model, plan: RowsPlan, rows: readonly PrintRow[]): Finding[] {
    const { print, tables } = plan;
    if (rows.length === 0) return assemble(print, tables, plan.rowFindings, plan.sums);
    const whole = () => tieOut(model, [print], this.options);
    // The unit check judges a print as a whole: the saved votes of the rows the edit did not
    // reach, the edited votes of those it did, by the tie-out's own rule.
    const reached = new Set(rows);
    const exactOf = exactFigures(model, print);
    const votes = sumVotes(
      print.rows.map((r) =>
        reached.has(r)
          ? rowUnitVotes(print, r, exactOf(r))
          : (plan.votes.get(r) ?? { compared: 0, powers: new Map() }),
      ),
    );
    if (scaledPower(votes)) return whole();
    const run = rowFindingsOf(model, print, rows, this.options);
    if (run.some((f) => f.check === "published.unit")) return whole();
    const fresh = byRow(run, plan.rowOfCell);
    if (!fresh) return whole();
    const rowFindings = new Map(plan.rowFindings);
    for (const r of rows) rowFindings.set(r, fresh.get(r) ?? []);
    const sums = new Map(plan.sums);
    for (const table of new Set(rows.map((r) => r.table))) {
      const key = signsKey(table, print.rows, (r) => rowFindings.get(r) ?? [], model);
      if (key === plan.savedSigns.get(table)) continue;
      const other = plan.sumsBySigns.get(key) ?? this.tableSums(model, plan, table);
      if (!other) return whole();
      sums.set(table, other);
    }
    return assemble(print, tables, rowFindings, sums);
  }

  /**
   * A table's sums under the lost signs of `model` (the table tied out whole), kept by those
   * signs for the next edit that loses or restores the same ones; null when the print must be
   * tied out whole.
   */
  private tableSums(model: Model, plan: RowsPlan, table: string): readonly Finding[] | null {
    const sub = tieOut(model, [{ ...plan.print, rows: rowsOf(plan.print, table) }], this.options);
    if (sub.some((f) => f.check === "published.unit")) return null;
    const own = byRow(
      sub.filter((f) => !isSums(f)),
      plan.rowOfCell,
    );
    if (!own) return null;
    const sums = sub.filter(isSums);
    if (plan.sumsBySigns.size >= SUMS_KEPT) {
      const oldest = plan.sumsBySigns.keys().next().value;
      if (oldest !== undefined) plan.sumsBySigns.delete(oldest);
    }
    plan.sumsBySigns.set(
      signsKey(table, plan.print.rows, (r) => own.get(r) ?? [], model),
      sums,
    );
    return sums;
  }

  /**
   * Work to do while the server is idle, one step per call: the tables' sums under the lost
   * signs that an edit of one leaf in one segment would leave (the edit moves every figure it
   * reaches, so a sign lost there is lost no more), so that such an edit finds them ready.
   */
  *warmUp(): Generator<void, void, void> {
    const segments = this.saved.book.segments.map((s) => s.id);
    const leaves = this.saved.book.lines.filter((l) => l.kind === "leaf").map((l) => l.id);
    for (const plan of this.plans) {
      if (plan.kind !== "rows") continue;
      const signed = new Set(
        plan.print.rows.filter((r) =>
          (plan.rowFindings.get(r) ?? []).some((f) => f.check === "published.sign"),
        ),
      );
      if (signed.size === 0) continue;
      const seen = new Set<string>();
      for (const line of leaves) {
        for (const segment of segments) {
          const changed = [{ line, segment }];
          const lost = this.reached(plan, changed).filter((r) => signed.has(r));
          const key = lost
            .map((r) => plan.print.rows.indexOf(r))
            .sort((a, b) => a - b)
            .join(",");
          if (lost.length === 0 || seen.has(key)) continue;
          seen.add(key);
          const book = this.saved.book;
          const one = {
            line,
            segment,
            amount: Money.of("1", book.unit),
            note: "",
            source: WARM_UP,
          };
          this.recompute(withAdjustments(book, [one]), changed);
          yield;
        }
      }
    }
  }
}

/** Where the warm-up's edits (one leaf of one segment moved by one unit) say they come from. */
const WARM_UP = cell("what-if warm-up", 1, "amount");
