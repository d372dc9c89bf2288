/**
 * statements.json: the model and its findings as one JSON document (schema:
 * schemas/statements.schema.json). Amounts are decimal strings in the book's unit, negatives
 * with `-`; deduction lines carry their sign. Deterministic: no timestamps, stable order.
 */
import { comparedUnit, comparedValues, countFindings, type Finding } from "../model/findings.ts";
import type { Column, Model, ModelLine, ModelStatement } from "../model/model.ts";
import { formatSource } from "../model/provenance.ts";
import { inLang, type Lang } from "../model/text.ts";
import { type Version, versionOf } from "../model/version.ts";

/** @testOnly exported for the tests that use it */
export interface StatementsJson {
  /** The version these statements are, and every version of the book. */
  version: JsonVersionDecl;
  versions: JsonVersionDecl[];
  readonly book: {
    id: string;
    entity: string;
    title: string;
    fiscalYear: { label: string; start: string; end: string };
  };
  readonly unit: string;
  readonly rounding: string;
  readonly segments: { id: string; name: string }[];
  readonly statements: JsonStatement[];
  readonly supplementary: JsonStatement[];
  readonly schedules: JsonSchedule[];
  /** The 予算's articles that are not tables (provisions.csv); absent for a book without any. */
  readonly provisions?: JsonProvision[];
  readonly checks: JsonFinding[];
  readonly summary: { passed: number; failed: number; warned: number; structural: number };
}

/** A provision as statements.json carries it: the book's words, the amount in the book's unit. */
interface JsonProvision {
  id?: string;
  article: string;
  kind: string;
  item: string;
  amount?: string;
  text: string;
  fields: Record<string, string>;
}

interface JsonStatement {
  id: string;
  title: string;
  period: string;
  lines: JsonLine[];
}

interface JsonLine {
  id: string;
  label: string;
  kind: "leaf" | "derived" | "tax" | "non-deductible";
  level: number;
  section: string[];
  formula?: string;
  printed: string;
  /** A quantity line's unit (戸, ㎥ …): its figures are in it, not in the book's money unit. */
  unit?: string;
  total: string;
  /** Absent in a book without segments: its lines are 科目 | 金額 (`total`). */
  segments?: Record<string, string>;
  unallocated?: string;
}

interface JsonSchedule {
  id: string;
  title: string;
  columns: { id: string; label: string }[];
  items: { item: string; segment: string | null; amounts: Record<string, string> }[];
  totals: Record<string, string>;
}

export interface JsonFinding {
  id: string;
  status: string;
  statement?: string;
  line?: string;
  segment?: string;
  expected?: string;
  actual?: string;
  difference?: string;
  /** What expected and actual are in: an amount unit (千円 …), 年度 for fiscal years, 件 for counts. */
  unit?: string;
  message: string;
  sources: string[];
  structural?: boolean;
  /** A limit: `expected` is the most (`<=`) or the least (`>=`) `actual` may be. */
  relation?: "<=" | ">=";
}

/** Headings above each line, outermost first, from the layout's levels. */
function sections(model: Model, statement: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const stack: { level: number; label: string }[] = [];
  for (const l of model.book.lines.filter((x) => x.statement === statement)) {
    while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= l.level) stack.pop();
    if (l.kind === "heading") stack.push({ level: l.level, label: l.label });
    else
      out.set(
        l.id,
        stack.map((s) => s.label),
      );
  }
  return out;
}

function jsonLine(ml: ModelLine, section: string[], segmented: boolean): JsonLine {
  const segments: Record<string, string> = {};
  for (const [id, f] of ml.segments) segments[id] = f.amount.toString();
  return {
    id: ml.line.id,
    label: ml.line.label,
    kind: ml.line.kind === "heading" ? "leaf" : ml.line.kind,
    level: ml.line.level,
    section,
    ...(ml.line.formula ? { formula: ml.line.formula.text } : {}),
    printed: ml.line.printed,
    ...(ml.line.unit !== undefined ? { unit: ml.line.unit } : {}),
    total: ml.total.amount.toString(),
    ...(segmented ? { segments } : {}),
    ...(ml.unallocated.isZero() ? {} : { unallocated: ml.unallocated.toString() }),
  };
}

function jsonStatement(model: Model, st: ModelStatement): JsonStatement {
  const sec = sections(model, st.def.id);
  return {
    id: st.def.id,
    title: st.def.title,
    period: st.def.period,
    lines: st.lines.map((ml) =>
      jsonLine(ml, sec.get(ml.line.id) ?? [], model.book.segments.length > 0),
    ),
  };
}

/** A finding as the JSON outputs carry it: ids and values as they are, the message in `lang`. */
export function jsonFinding(f: Finding, lang: Lang): JsonFinding {
  // Keys in the order the schema lists them, the optional ones only when present (message and
  // sources, which every finding has, are set in their place below).
  const out = { id: f.check, status: f.status } as JsonFinding;
  if (f.statement !== undefined) out.statement = f.statement;
  if (f.line !== undefined) out.line = f.line;
  if (f.segment !== undefined) out.segment = f.segment;
  if (f.compared !== undefined) {
    const values = comparedValues(f.compared);
    out.expected = values.expected;
    out.actual = values.actual;
    out.difference = values.difference;
    out.unit = comparedUnit(f.compared);
  }
  out.message = inLang(f.message, lang);
  out.sources = f.sources.map((s) => formatSource(s, lang));
  if (f.structural) out.structural = true;
  if (f.relation !== undefined) out.relation = f.relation;
  return out;
}

/** A version as statements.json lists it. */
interface JsonVersionDecl {
  id: string;
  name: string;
  kind: string;
  base: string | null;
  revisions: string[];
  asOf: string | null;
  sample: string | null;
}

function jsonVersionOf(v: Version): JsonVersionDecl {
  return {
    id: v.id,
    name: v.name,
    kind: v.kind,
    base: v.base,
    revisions: [...v.revisions],
    asOf: v.asOf,
    sample: v.sample,
  };
}

/** statements.json of a model and its findings; the findings' messages in `lang`. */
export function statementsJson(
  model: Model,
  findings: readonly Finding[],
  lang: Lang,
): StatementsJson {
  const book = model.book;
  const schedules: JsonSchedule[] = book.schedules.map((def) => {
    const totals: Record<string, string> = {};
    for (const c of def.columns)
      totals[c.id] = model.scheduleTotal(def.id, c.id, null as Column).amount.toString();
    return {
      id: def.id,
      title: def.title,
      columns: def.columns.map((c) => ({ id: c.id, label: c.label })),
      items: book.scheduleItems
        .filter((i) => i.schedule === def.id)
        .map((i) => ({
          item: i.label,
          segment: i.segment,
          amounts: Object.fromEntries([...i.amounts].map(([k, v]) => [k, v.toString()])),
        })),
      totals,
    };
  });
  return {
    book: {
      id: book.id,
      entity: book.entity,
      title: book.title,
      fiscalYear: { ...book.fiscalYear },
    },
    unit: book.unit,
    rounding: book.rounding,
    version: jsonVersionOf(versionOf(book)),
    versions: book.versions.list.map(jsonVersionOf),
    segments: book.segments.map((s) => ({ id: s.id, name: s.name })),
    statements: model.statements
      .filter((s) => s.def.role === "statement")
      .map((s) => jsonStatement(model, s)),
    supplementary: model.statements
      .filter((s) => s.def.role === "supplementary")
      .map((s) => jsonStatement(model, s)),
    schedules,
    ...(book.provisions.length > 0
      ? {
          provisions: book.provisions.map((p) => ({
            ...(p.id !== null ? { id: p.id } : {}),
            article: p.article,
            kind: p.kind,
            item: p.item,
            ...(p.amount !== null ? { amount: p.amount.toString() } : {}),
            text: p.text,
            fields: Object.fromEntries(p.fields.map((f) => [f.name, f.value])),
          })),
        }
      : {}),
    checks: findings.map((f) => jsonFinding(f, lang)),
    summary: countFindings(findings),
  };
}
