/**
 * layout.csv: every line of every statement in the document's order — headings, leaves
 * (inputs) and derived lines (signed sums of other lines or schedule columns) — and the
 * checks every formula of the book must pass: each reference names a line (not a heading) or a
 * declared schedule column, and no derived line depends on itself. A 「うち」 line (part_of) names
 * the line it is part of and is never an addend.
 */
import type {
  LayoutLine,
  LineKind,
  PrintedConvention,
  ScheduleDef,
  StatementDef,
} from "../model/book.ts";
import type { Reference } from "../model/formula.ts";
import { type InputIssue, inputError } from "../model/issues.ts";
import { nearest } from "../model/labels.ts";
import type { CellSource } from "../model/provenance.ts";
import { say, type Text } from "../model/text.ts";
import type { BookFiles } from "./book-files.ts";
import { cellOf, type Table, type TableRow } from "./csv-table.ts";

const LAYOUT_COLUMNS = ["statement", "id", "label", "kind"] as const;

/** The layout's lines, each formula's references checked, cycles reported. */
export function readLayout(
  files: BookFiles,
  file: string,
  statements: readonly StatementDef[],
  schedules: readonly ScheduleDef[],
): { lines: LayoutLine[]; references: References } {
  const lines: LayoutLine[] = [];
  const byId = new Map<string, LayoutLine>();
  const t = files.table(file, "layout", LAYOUT_COLUMNS);
  const statementIds = new Set(statements.map((s) => s.id));
  for (const r of t?.rows ?? []) {
    const line = t ? layoutLine(files, t, r, statementIds, byId) : null;
    if (line === null) continue;
    lines.push(line);
    byId.set(line.id, line);
  }
  const references = new References(files, byId, schedules);
  for (const line of lines) {
    for (const term of line.formula?.terms ?? [])
      references.check(term.ref, { ...line.source, column: "formula" }, line.formula?.text ?? "");
  }
  files.add(findCycles(lines, byId));
  files.add(checkMemos(lines, byId));
  return { lines, references };
}

/** One row of layout.csv as a line, or null with the issue recorded. */
function layoutLine(
  files: BookFiles,
  t: Table,
  r: TableRow,
  statementIds: ReadonlySet<string>,
  byId: ReadonlyMap<string, LayoutLine>,
): LayoutLine | null {
  const v = r.values;
  const id = v.id ?? "";
  const kind = (v.kind ?? "") as LineKind;
  const issue = (code: InputIssue["code"], column: string, message: Text) => {
    files.issues.push(inputError(code, cellOf(t, r, column), message, r.raw));
    return null;
  };
  if (!statementIds.has(v.statement ?? "")) {
    return issue(
      "layout.unknown-statement",
      "statement",
      say(
        `財務諸表「${v.statement}」は book.json にありません（book.json の財務諸表：${[...statementIds].join("、")}）。`,
        `unknown statement 「${v.statement}」 (book.json declares: ${[...statementIds].join(", ")})`,
      ),
    );
  }
  const first = byId.get(id);
  if (first) {
    return issue(
      "layout.duplicate-line",
      "id",
      say(
        `科目「${id}」が 2 回定められています（最初は ${first.source.row} 行目）。`,
        `line 「${id}」 is declared twice (first at row ${first.source.row})`,
      ),
    );
  }
  const hasFormula = (v.formula ?? "") !== "";
  if ((kind === "derived") !== hasFormula) {
    return issue(
      "layout.kind",
      "formula",
      kind === "derived"
        ? say(
            `計算する科目（derived）「${id}」に式がありません。`,
            `derived line 「${id}」 has no formula`,
          )
        : say(
            `${kind === "leaf" ? "入力科目" : kind === "heading" ? "見出し" : `${kind} の科目`}「${id}」には式を書けません。`,
            `${kind} line 「${id}」 must not have a formula`,
          ),
    );
  }
  const formula = hasFormula ? files.formula(t, r, "formula") : null;
  if (hasFormula && formula === null) return null;
  return {
    statement: v.statement ?? "",
    id,
    label: v.label ?? "",
    aliases: (v.aliases ?? "")
      .split("|")
      .map((a) => a.trim())
      .filter((a) => a !== ""),
    level: Number(v.level || "0"),
    kind,
    ...(formula ? { formula } : {}),
    printed: ((v.printed ?? "") || "signed") as PrintedConvention,
    ...(v.part_of ? { partOf: v.part_of } : {}),
    source: cellOf(t, r, "id"),
  };
}

/**
 * 「うち」 lines: each names a line of its own statement that has a figure, and no formula adds
 * it (a memo states part of a figure already counted).
 */
function checkMemos(
  lines: readonly LayoutLine[],
  byId: ReadonlyMap<string, LayoutLine>,
): InputIssue[] {
  const issues: InputIssue[] = [];
  const memos = new Set(lines.filter((l) => l.partOf !== undefined).map((l) => l.id));
  for (const line of lines) {
    if (line.partOf === undefined) continue;
    const parent = byId.get(line.partOf);
    if (
      !parent ||
      parent.kind === "heading" ||
      parent.statement !== line.statement ||
      parent.id === line.id
    ) {
      issues.push(
        inputError(
          "layout.memo",
          { ...line.source, column: "part_of" },
          say(
            `「${line.label}」は「${line.partOf}」の内訳（うち）ですが、「${line.partOf}」は ${line.statement} の数値のある科目ではありません。`,
            `「${line.label}」 is part of 「${line.partOf}」, which is not a line with a figure in ${line.statement}`,
          ),
        ),
      );
    }
  }
  for (const line of lines) {
    for (const t of line.formula?.terms ?? []) {
      if (t.ref.kind !== "line" || !memos.has(t.ref.id)) continue;
      const memo = byId.get(t.ref.id);
      issues.push(
        inputError(
          "layout.memo",
          { ...line.source, column: "formula" },
          say(
            `「${line.label}」の式が「${memo?.label ?? t.ref.id}」を足していますが、これは「うち」の科目（${memo?.partOf} の内訳）です。内訳を足すことはできません。`,
            `「${line.label}」 adds 「${memo?.label ?? t.ref.id}」, a 「うち」 line (part of ${memo?.partOf}): a memo is never an addend`,
          ),
        ),
      );
    }
  }
  return issues;
}

/** Checks that what a formula refers to exists: a line with an amount, or a schedule column. */
export class References {
  constructor(
    private readonly files: BookFiles,
    readonly lineById: ReadonlyMap<string, LayoutLine>,
    private readonly schedules: readonly ScheduleDef[],
  ) {}

  /** Whether `ref` names a line or a declared schedule column (no issue recorded). */
  exists(ref: Reference): boolean {
    if (ref.kind === "schedule")
      return this.schedules.some(
        (s) => s.id === ref.schedule && s.columns.some((c) => c.id === ref.column),
      );
    return this.lineById.has(ref.id);
  }

  /** Record an issue at `at` when `ref` names nothing with an amount. */
  check(ref: Reference, at: CellSource, raw: string): void {
    if (ref.kind === "schedule") {
      const def = this.schedules.find((s) => s.id === ref.schedule);
      if (def?.columns.some((c) => c.id === ref.column)) return;
      const declared = this.schedules.flatMap((s) => s.columns.map((c) => `${s.id}.${c.id}`));
      this.files.issues.push(
        inputError(
          "schedule.unknown-column",
          at,
          say(
            `明細表の列「${ref.schedule}.${ref.column}」はありません（定められている列：${declared.join("、")}）。`,
            `unknown schedule column 「${ref.schedule}.${ref.column}」 (declared: ${declared.join(", ")})`,
          ),
          raw,
        ),
      );
      return;
    }
    const target = this.lineById.get(ref.id);
    if (!target) {
      const near = nearest(ref.id, this.lineById.keys());
      this.files.issues.push(
        inputError(
          "layout.unknown-reference",
          at,
          say(
            `科目「${ref.id}」は様式にありません${near.length ? `（近いもの：${near.join("、")}）` : ""}。`,
            `unknown line 「${ref.id}」${near.length ? ` (nearest: ${near.join(", ")})` : ""}`,
          ),
          raw,
        ),
      );
    } else if (target.kind === "heading") {
      this.files.issues.push(
        inputError(
          "layout.unknown-reference",
          at,
          say(
            `「${ref.id}」は見出し（${target.label}）で、金額がありません。その合計の科目を指定してください。`,
            `「${ref.id}」 is a heading (${target.label}): it has no amount; refer to its total line`,
          ),
          raw,
        ),
      );
    }
  }

  /** Record an issue at `at` unless `id` is a line of the layout (`message` says so otherwise). */
  checkLine(id: string, at: CellSource, message: Text): void {
    if (this.lineById.has(id)) return;
    this.files.issues.push(inputError("layout.unknown-reference", at, message));
  }
}

/** Derived lines whose formulas refer back to themselves, reported once per cycle. */
function findCycles(
  lines: readonly LayoutLine[],
  byId: ReadonlyMap<string, LayoutLine>,
): InputIssue[] {
  const state = new Map<string, "visiting" | "done">();
  const issues: InputIssue[] = [];
  const visit = (line: LayoutLine, path: string[]) => {
    const s = state.get(line.id);
    if (s === "done") return;
    if (s === "visiting") {
      const cycle = [...path.slice(path.indexOf(line.id)), line.id];
      issues.push(
        inputError(
          "layout.cycle",
          { ...line.source, column: "formula" },
          say(`式が循環しています：${cycle.join(" → ")}。`, `cycle: ${cycle.join(" → ")}`),
        ),
      );
      return;
    }
    state.set(line.id, "visiting");
    for (const t of line.formula?.terms ?? []) {
      if (t.ref.kind !== "line") continue;
      const next = byId.get(t.ref.id);
      if (next) visit(next, [...path, line.id]);
    }
    state.set(line.id, "done");
  };
  for (const line of lines) visit(line, []);
  return issues;
}
