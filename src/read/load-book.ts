/**
 * Loading a book directory: the only stage that reads files. Parses book.json and the CSV
 * files it names, validates them against schemas/ with ajv, resolves accounts and segments
 * by id or label, and returns either a Book or every issue found (each pointing at a cell).
 */
import { join } from "node:path";
import { readText } from "../io/read-text.ts";
import { AMOUNT_EXPECTATION, parseAmount } from "../model/amount-text.ts";
import type {
  Book,
  BudgetEntry,
  CheckDeclaration,
  LayoutLine,
  LineKind,
  PrintedConvention,
  PublishedFigure,
  ScheduleDef,
  ScheduleItem,
  Segment,
  StatementDef,
  SummaryDef,
  SummaryRow,
} from "../model/book.ts";
import type { CommitmentActuals, ExplicitSchedule } from "../model/commitment.ts";
import { declaredCheckId } from "../model/findings.ts";
import { type Formula, parseFormula, type Reference } from "../model/formula.ts";
import { type InputIssue, inputError } from "../model/issues.ts";
import { nearest } from "../model/labels.ts";
import { Money, type RoundingRule, type Unit } from "../model/money.ts";
import { type CellSource, cell } from "../model/provenance.ts";
import { readBudgetFile } from "./budget-reader.ts";
import {
  COMMITMENT_REQUIRED_COLUMNS,
  readCommitmentActuals,
  readCommitmentSchedules,
  readCommitments,
} from "./commitments.ts";
import { cellOf, parseCsvTable, type Table, type TableRow } from "./csv-table.ts";
import { type LineQuery, lineResolver, segmentKeys, segmentResolver } from "./resolution.ts";
import { type SchemaName, validateJson, validateTable } from "./schema-validation.ts";

export { readText } from "../io/read-text.ts";

export type LoadResult = { ok: true; book: Book } | { ok: false; issues: InputIssue[] };

interface Manifest {
  id: string;
  entity: string;
  title: string;
  fiscalYear: { label: string; start: string; end: string };
  unit: Unit;
  rounding: RoundingRule;
  roundingNote?: string;
  segments: { id: string; name: string; aliases?: string[] }[];
  segmentTerm?: string;
  statements: {
    id: string;
    title: string;
    period?: string;
    role: "statement" | "supplementary";
    key?: string[];
  }[];
  files: Record<string, string | string[]> & { layout: string; budget: string | string[] };
  schedules?: {
    id: string;
    title: string;
    file: string;
    columns: { id: string; label: string }[];
  }[];
  report?: Record<string, string>;
  summary?: {
    unit: Unit;
    current: string;
    previous: string;
    continuity?: { opening: string; previousClosing: string }[];
  };
}

/** Load and validate the book in `dir`. `dir` is used as given in every message. */
export function loadBook(dir: string): LoadResult {
  const issues: InputIssue[] = [];
  const shown = (file: string) => join(dir, file);

  const manifestFile = shown("book.json");
  const manifestText = readText(join(dir, "book.json"), manifestFile);
  if (!manifestText.ok) return { ok: false, issues: [manifestText.issue] };
  let manifestData: unknown;
  try {
    manifestData = JSON.parse(manifestText.text.replace(/^\uFEFF/, ""));
  } catch (error) {
    const m = /position (\d+)/.exec((error as Error).message);
    const line = m ? manifestText.text.slice(0, Number(m[1])).split("\n").length : 1;
    return {
      ok: false,
      issues: [inputError("json.malformed", cell(manifestFile, line), (error as Error).message)],
    };
  }
  const manifestIssues = validateJson("book", manifestFile, manifestText.text, manifestData);
  if (manifestIssues.length > 0) return { ok: false, issues: manifestIssues };
  const manifest = manifestData as Manifest;
  const unit = manifest.unit;

  // Segments.
  const segments: Segment[] = [];
  const segmentIndex = new Map<string, Segment>();
  for (const s of manifest.segments) {
    const seg: Segment = { id: s.id, name: s.name, aliases: s.aliases ?? [] };
    for (const key of segmentKeys(seg)) {
      if (segmentIndex.has(key)) {
        issues.push(
          inputError(
            "segment.duplicate",
            cell(manifestFile, 1, "segments"),
            `segment 「${key}」 is declared twice`,
          ),
        );
      }
      segmentIndex.set(key, seg);
    }
    segments.push(seg);
  }
  const statements: StatementDef[] = manifest.statements.map((s) => ({
    id: s.id,
    title: s.title,
    period: s.period ?? "",
    role: s.role,
    key: s.key ?? [],
  }));
  const statementIds = new Set(statements.map((s) => s.id));
  // Statement ids name output files (<id>.csv beside checks.csv and statements.json).
  for (const s of statements) {
    if (s.id === "checks" || s.id === "statements") {
      issues.push(
        inputError(
          "schema.invalid",
          cell(manifestFile, 1, "statements"),
          `statement id 「${s.id}」 is reserved (yosan writes ${s.id}.csv/json); choose another id`,
        ),
      );
    }
  }
  if (statementIds.size !== statements.length) {
    issues.push(
      inputError(
        "schema.invalid",
        cell(manifestFile, 1, "statements"),
        "two statements have the same id",
      ),
    );
  }
  const scheduleDefs: ScheduleDef[] = (manifest.schedules ?? []).map((s) => ({ ...s }));

  // Every CSV file: read, parse, validate against its schema.
  const table = (
    file: string,
    schema: SchemaName,
    required: readonly string[],
    allowNoRows = false,
  ): Table | null => {
    const text = readText(join(dir, file), shown(file));
    if (!text.ok) {
      issues.push(text.issue);
      return null;
    }
    const parsed = parseCsvTable(shown(file), text.text, required, { allowNoRows });
    if (!parsed.ok) {
      issues.push(...parsed.issues);
      return null;
    }
    const schemaIssues = validateTable(schema, parsed.table);
    issues.push(...schemaIssues);
    return schemaIssues.length > 0 ? null : parsed.table;
  };
  const formulaOf = (t: Table, r: TableRow, column: string): Formula | null => {
    const parsed = parseFormula(r.values[column] ?? "");
    if (parsed.ok) return parsed.formula;
    issues.push(
      inputError(
        "layout.formula",
        cellOf(t, r, column),
        `「${r.values[column]}」: ${parsed.reason}`,
        r.raw,
      ),
    );
    return null;
  };

  // Layout.
  const lines: LayoutLine[] = [];
  const lineById = new Map<string, LayoutLine>();
  const layoutTable = table(manifest.files.layout, "layout", ["statement", "id", "label", "kind"]);
  if (layoutTable) {
    for (const r of layoutTable.rows) {
      const v = r.values;
      const id = v.id ?? "";
      const kind = (v.kind ?? "") as LineKind;
      if (!statementIds.has(v.statement ?? "")) {
        issues.push(
          inputError(
            "layout.unknown-statement",
            cellOf(layoutTable, r, "statement"),
            `unknown statement 「${v.statement}」 (book.json declares: ${[...statementIds].join(", ")})`,
            r.raw,
          ),
        );
        continue;
      }
      const first = lineById.get(id);
      if (first) {
        issues.push(
          inputError(
            "layout.duplicate-line",
            cellOf(layoutTable, r, "id"),
            `line 「${id}」 is declared twice (first at row ${first.source.row})`,
            r.raw,
          ),
        );
        continue;
      }
      const hasFormula = (v.formula ?? "") !== "";
      if ((kind === "derived") !== hasFormula) {
        issues.push(
          inputError(
            "layout.kind",
            cellOf(layoutTable, r, "formula"),
            kind === "derived"
              ? `derived line 「${id}」 has no formula`
              : `${kind} line 「${id}」 must not have a formula`,
            r.raw,
          ),
        );
        continue;
      }
      const formula = hasFormula ? formulaOf(layoutTable, r, "formula") : null;
      if (hasFormula && formula === null) continue;
      const line: LayoutLine = {
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
        source: cellOf(layoutTable, r, "id"),
      };
      lines.push(line);
      lineById.set(id, line);
    }
  }

  const checkReference = (ref: Reference, at: CellSource, raw: string) => {
    if (ref.kind === "line") {
      const target = lineById.get(ref.id);
      if (!target) {
        const near = nearest(ref.id, lineById.keys());
        issues.push(
          inputError(
            "layout.unknown-reference",
            at,
            `unknown line 「${ref.id}」${near.length ? ` (nearest: ${near.join(", ")})` : ""}`,
            raw,
          ),
        );
      } else if (target.kind === "heading") {
        issues.push(
          inputError(
            "layout.unknown-reference",
            at,
            `「${ref.id}」 is a heading (${target.label}): it has no amount; refer to its total line`,
            raw,
          ),
        );
      }
      return;
    }
    const def = scheduleDefs.find((s) => s.id === ref.schedule);
    if (!def?.columns.some((c) => c.id === ref.column)) {
      issues.push(
        inputError(
          "layout.unknown-reference",
          at,
          `unknown schedule column 「${ref.schedule}.${ref.column}」 (declared: ${scheduleDefs
            .flatMap((s) => s.columns.map((c) => `${s.id}.${c.id}`))
            .join(", ")})`,
          raw,
        ),
      );
    }
  };
  for (const line of lines) {
    for (const t of line.formula?.terms ?? [])
      checkReference(t.ref, { ...line.source, column: "formula" }, line.formula?.text ?? "");
  }
  issues.push(...findCycles(lines, lineById));

  // Declared checks.
  const checks: CheckDeclaration[] = [];
  const checksFile = manifest.files.checks;
  if (typeof checksFile === "string") {
    const t = table(checksFile, "checks", ["check", "left", "right"]);
    for (const r of t?.rows ?? []) {
      if (!t) break;
      const left = formulaOf(t, r, "left");
      const right = formulaOf(t, r, "right");
      if (!left || !right) continue;
      for (const [f, col] of [
        [left, "left"],
        [right, "right"],
      ] as const) {
        for (const term of f.terms) checkReference(term.ref, cellOf(t, r, col), r.raw);
      }
      checks.push({
        id: declaredCheckId(r.values.check ?? ""),
        description: r.values.description ?? "",
        left,
        right,
        source: cellOf(t, r, "check"),
      });
    }
  }

  // Account and segment resolution.
  const lineResolution = lineResolver(lines);
  const segmentResolution = segmentResolver(segments);
  const resolveLine = (
    text: string,
    at: CellSource,
    raw: string,
    query: LineQuery,
  ): LayoutLine | null => {
    const r = lineResolution(text, query);
    if (r.ok) return r.value;
    issues.push(inputError(r.code, at, r.message, raw));
    return null;
  };
  const resolveSegment = (text: string, at: CellSource, raw: string): string | null | undefined => {
    const r = segmentResolution(text);
    if (r.ok) return r.value;
    issues.push(inputError(r.code, at, r.message, raw));
    return undefined;
  };
  const amountOf = (t: Table, r: TableRow, column: string, u: Unit = unit): Money | null => {
    const text = r.values[column] ?? "";
    const parsed = parseAmount(text);
    if (parsed.ok) return Money.of(parsed.value, u);
    issues.push(
      inputError(
        "amount.invalid",
        cellOf(t, r, column),
        `${parsed.reason} (${AMOUNT_EXPECTATION})`,
        r.raw,
      ),
    );
    return null;
  };

  // Budget entries: streamed and aggregated per (line, segment) of each file.
  const entries: BudgetEntry[] = [];
  const budgetFiles =
    typeof manifest.files.budget === "string" ? [manifest.files.budget] : manifest.files.budget;
  const budgetNames = {
    line: (text: string) => lineResolution(text, { leafOnly: true }),
    segment: segmentResolution,
  };
  const seenBudget = new Set<string>();
  for (const file of budgetFiles) {
    const key = join(dir, file);
    if (seenBudget.has(key)) {
      issues.push(
        inputError(
          "schema.invalid",
          cell(manifestFile, 1, "files.budget"),
          `budget file 「${file}」 is listed twice: its amounts would count twice`,
        ),
      );
      continue;
    }
    seenBudget.add(key);
    const read = readBudgetFile(join(dir, file), shown(file), budgetNames, unit);
    issues.push(...read.issues);
    entries.push(...read.entries);
  }

  // Schedules.
  const scheduleItems: ScheduleItem[] = [];
  for (const def of scheduleDefs) {
    // A schedule may be empty (a header only): a budget with no 前受金 is a budget.
    const t = table(
      def.file,
      "schedule",
      ["item", "segment", ...def.columns.map((c) => c.id)],
      true,
    );
    if (!t) continue;
    for (const r of t.rows) {
      const segment = resolveSegment(r.values.segment ?? "", cellOf(t, r, "segment"), r.raw);
      const amounts = new Map<string, Money>();
      const sources = new Map<string, CellSource>();
      for (const c of def.columns) {
        const a = amountOf(t, r, c.id);
        if (a) amounts.set(c.id, a);
        sources.set(c.id, cellOf(t, r, c.id));
      }
      if (segment === undefined || amounts.size !== def.columns.length) continue;
      scheduleItems.push({
        schedule: def.id,
        label: r.values.item ?? "",
        segment,
        amounts,
        sources,
        note: r.values.note ?? "",
      });
    }
  }

  // Published figures.
  const published: PublishedFigure[] = [];
  const publishedFile = manifest.files.published;
  if (typeof publishedFile === "string") {
    const t = table(publishedFile, "published", [
      "table",
      "statement",
      "line",
      "segment",
      "amount",
    ]);
    for (const r of t?.rows ?? []) {
      if (!t) break;
      const statement = r.values.statement ?? "";
      if (!statementIds.has(statement)) {
        issues.push(
          inputError(
            "layout.unknown-statement",
            cellOf(t, r, "statement"),
            `unknown statement 「${statement}」`,
            r.raw,
          ),
        );
        continue;
      }
      const line = resolveLine(r.values.line ?? "", cellOf(t, r, "line"), r.raw, {
        leafOnly: false,
        statement,
      });
      if (line?.kind === "heading") {
        issues.push(
          inputError(
            "published.unknown-line",
            cellOf(t, r, "line"),
            `「${r.values.line}」 is a heading: it has no figure to print`,
            r.raw,
          ),
        );
        continue;
      }
      const segment = resolveSegment(r.values.segment ?? "", cellOf(t, r, "segment"), r.raw);
      const amount = amountOf(t, r, "amount");
      if (!line || segment === undefined || !amount) continue;
      published.push({
        table: r.values.table ?? "",
        statement,
        line: line.id,
        segment,
        amount,
        printedText: r.values.amount ?? "",
        printedLabel: r.values.printed_label || line.label,
        reference: r.values.source ?? "",
        source: cellOf(t, r, "amount"),
      });
    }
  }

  // Summary (概要).
  let summary: SummaryDef | null = null;
  const summaryFile = manifest.files.summary;
  if (typeof summaryFile === "string" && manifest.summary) {
    const su = manifest.summary.unit;
    const t = table(summaryFile, "summary", ["table", "label", "formula", "current"]);
    const rows: SummaryRow[] = [];
    for (const r of t?.rows ?? []) {
      if (!t) break;
      const formula = formulaOf(t, r, "formula");
      for (const term of formula?.terms ?? [])
        checkReference(term.ref, cellOf(t, r, "formula"), r.raw);
      const current = amountOf(t, r, "current", su);
      const optional = (column: string) =>
        (r.values[column] ?? "") === "" ? null : amountOf(t, r, column, su);
      if (!formula || !current) continue;
      rows.push({
        table: r.values.table ?? "",
        label: r.values.label ?? "",
        formula,
        current,
        previous: optional("previous"),
        change: optional("change"),
        reference: r.values.source ?? "",
        sources: {
          current: cellOf(t, r, "current"),
          previous: cellOf(t, r, "previous"),
          change: cellOf(t, r, "change"),
        },
      });
    }
    summary = {
      unit: su,
      current: manifest.summary.current,
      previous: manifest.summary.previous,
      rows,
    };
  }

  const continuity = manifest.summary?.continuity ?? [];
  for (const pair of continuity) {
    for (const id of [pair.opening, pair.previousClosing]) {
      if (!lineById.has(id)) {
        issues.push(
          inputError(
            "layout.unknown-reference",
            cell(manifestFile, 1, "summary.continuity"),
            `continuity line 「${id}」 is not in the layout`,
          ),
        );
      }
    }
  }

  const report = manifest.report ?? null;
  for (const [key, id] of Object.entries(report ?? {})) {
    const known = key === "cashPlan" ? statementIds.has(id) : lineById.has(id);
    if (!known) {
      issues.push(
        inputError(
          "layout.unknown-reference",
          cell(manifestFile, 1, `report.${key}`),
          `report.${key} 「${id}」 is not in the layout`,
        ),
      );
    }
  }

  // 債務負担行為: the register, and optional explicit schedules and actuals.
  let commitments: Book["commitments"] = null;
  const commitmentsFile = manifest.files.commitments;
  if (typeof commitmentsFile === "string") {
    const text = readText(join(dir, commitmentsFile), shown(commitmentsFile));
    const parsed = text.ok
      ? parseCsvTable(shown(commitmentsFile), text.text, COMMITMENT_REQUIRED_COLUMNS)
      : null;
    if (!text.ok) issues.push(text.issue);
    else if (parsed && !parsed.ok) issues.push(...parsed.issues);
    else if (parsed?.ok) {
      issues.push(...validateTable("commitments", parsed.table));
      const read = readCommitments(parsed.table, segments, unit);
      issues.push(...read.issues);
      const optionalTable = (key: string, required: readonly string[]) => {
        const f = manifest.files[key];
        if (typeof f !== "string") return null;
        const t = readText(join(dir, f), shown(f));
        if (!t.ok) {
          issues.push(t.issue);
          return null;
        }
        const p = parseCsvTable(shown(f), t.text, required);
        if (!p.ok) {
          issues.push(...p.issues);
          return null;
        }
        return p.table;
      };
      let schedules: ExplicitSchedule[] = [];
      let actuals: CommitmentActuals[] = [];
      const st = optionalTable("commitmentSchedules", ["item", "fiscal_year", "amount"]);
      if (st) {
        const r = readCommitmentSchedules(st, read.commitments, unit);
        issues.push(...r.issues);
        schedules = [...r.schedules];
      }
      const at = optionalTable("commitmentActuals", ["item", "kind", "fiscal_year", "amount"]);
      if (at) {
        const r = readCommitmentActuals(at, read.commitments, unit);
        issues.push(...r.issues);
        actuals = [...r.actuals];
      }
      commitments = {
        file: shown(commitmentsFile),
        commitments: read.commitments,
        schedules,
        actuals,
      };
    }
  }

  for (const s of statements) {
    for (const k of s.key) {
      if (!lineById.has(k))
        issues.push(
          inputError(
            "layout.unknown-reference",
            cell(manifestFile, 1, "statements"),
            `key line 「${k}」 of ${s.id} is not in the layout`,
          ),
        );
    }
  }

  if (issues.some((i) => i.severity === "error")) return { ok: false, issues };
  return {
    ok: true,
    book: {
      dir,
      id: manifest.id,
      entity: manifest.entity,
      title: manifest.title,
      fiscalYear: manifest.fiscalYear,
      unit,
      rounding: manifest.rounding,
      roundingNote: manifest.roundingNote ?? "",
      segments,
      segmentTerm: manifest.segmentTerm ?? "事業",
      statements,
      lines,
      checks,
      entries,
      schedules: scheduleDefs,
      scheduleItems,
      published,
      summary,
      continuity,
      commitments,
      report,
    },
  };
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
          `cycle: ${cycle.join(" → ")}`,
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
