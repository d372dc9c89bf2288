/**
 * `published.sums`: a print's own arithmetic. Within each printed table, every printed sum —
 * a 合計 (法人計, 計 …) column against the segments printed beside it, a subtotal against the
 * printed lines its layout formula adds, a row that is the sum of other rows (found by
 * expanding formulas to leaves: 収益計 = 営業収益 + 営業外収益), both sides of a declared tie
 * printed on the same page — must lie within the range its independently rounded parts allow.
 * Lost signs are restored first. A cell that breaks both its row's 合計 and its column's
 * subtotal is named as the likely culprit. Rows naming a quantity (戸, ㎥ …) are printed exactly:
 * their sums must hold exactly, in their unit; a sum of rows of different units is none.
 */
import { expandToLeaves, type LeafVector } from "../model/expand.ts";
import { type CheckStatus, comparedAmounts, type Finding } from "../model/findings.ts";
import type { Model } from "../model/model.ts";
import {
  allowedRange,
  Decimal,
  type Interval,
  Money,
  meets,
  preimageSum,
  presentable,
  ROUNDING_LABELS,
  type RoundingRule,
  type Unit,
} from "../model/money.ts";
import { type Print, type PrintedCell, type PrintRow, ruleOf } from "../model/print.ts";
import type { Source } from "../model/provenance.ts";
import { Quantity, type QuantityUnit } from "../model/quantity.ts";
import { asWritten, say, type Text } from "../model/text.ts";
import { printReference, rowPlace } from "./print-place.ts";

/** The printed values a range of exact values allows (ends closed). */
export function allowedPrinted(
  range: Interval,
  rule: RoundingRule,
  unit: Unit,
): { min: Money; max: Money } {
  const r = allowedRange(range, rule);
  return { min: Money.of(r.min, unit), max: Money.of(r.max, unit) };
}

/** A sum the print states: `total` should be Σ sign × part. */
interface Relation {
  readonly kind: "segments" | "formula" | "rows" | "tie";
  readonly total: readonly { sign: 1 | -1; row: PrintRow }[];
  readonly parts: readonly { sign: 1 | -1; row: PrintRow }[];
  /** What the total is the sum of, in words: `Σ segments`, `営業収益 + 営業外収益`, a declared tie. */
  readonly what: Text;
}

/**
 * Whether a printed row reads as a deduction: a line printed as a magnitude (|figure|, as
 * published.figure compares it) takes back the sign of the model's figure — minus for a
 * deduction, plus where the deduction is positive. The one thing besides lost signs that
 * published.sums reads from the model (serve's what-if keys kept sums by both).
 */
export function printedDeduction(model: Model): (row: PrintRow) => boolean {
  const magnitude = new Set(
    model.book.lines.filter((l) => l.printed === "magnitude").map((l) => l.id),
  );
  return (row) =>
    row.line !== null &&
    magnitude.has(row.line) &&
    !model.figure(row.line, row.segment).amount.value.greaterThan(0);
}

/** published.sums over every table of `print`; `lostSigns` are the cells whose sign the tie-out restored. */
export function printSums(
  model: Model,
  print: Print,
  lostSigns: ReadonlySet<PrintedCell>,
  strict: boolean,
): Finding[] {
  const deduction = printedDeduction(model);
  const signed = (row: PrintRow, cell: PrintedCell): Decimal | null => {
    if (!cell.amount) return null;
    let v = cell.amount.value;
    if (deduction(row)) v = v.negated();
    if (lostSigns.has(cell)) v = v.negated();
    return v;
  };
  const findings: Finding[] = [];
  const byTable = new Map<string, PrintRow[]>();
  for (const row of print.rows) {
    const list = byTable.get(row.table);
    if (list) list.push(row);
    else byTable.set(row.table, [row]);
  }
  for (const [table, rows] of byTable) {
    const rule = ruleOf(print, table);
    const relations = relationsOf(model, rows);
    const broken = {
      segments: new Set<string>(),
      formula: new Map<string, Map<string, string>>(),
    };
    for (const rel of relations) {
      for (const column of print.columns) {
        const f = checkRelation(model, print, rel, column.id, rule, signed, strict);
        if (!f) continue;
        findings.push(f);
        if (f.status === "pass") continue;
        const total = rel.total[0]?.row;
        if (rel.kind === "segments" && total)
          broken.segments.add(`${column.id}\u0000${rowKey(total)}`);
        if (rel.kind === "formula" && total) {
          const key = `${column.id}\u0000${total.segment ?? ""}`;
          const subtotals = broken.formula.get(key) ?? new Map<string, string>();
          for (const p of rel.parts) subtotals.set(rowKey(p.row), total.label);
          broken.formula.set(key, subtotals);
        }
      }
    }
    findings.push(...culprits(model, rows, print, broken, strict));
  }
  return findings;
}

const rowKey = (row: PrintRow) => row.formula.text;

/** The sums a table states: 合計 columns, layout subtotals, rows that sum other rows, ties. */
function relationsOf(model: Model, rows: readonly PrintRow[]): Relation[] {
  const relations: Relation[] = [];
  const byKey = new Map<string, PrintRow>();
  for (const r of rows) byKey.set(`${rowKey(r)}\u0000${r.segment ?? ""}`, r);
  const find = (formula: string, segment: string | null) =>
    byKey.get(`${formula}\u0000${segment ?? ""}`);
  // 合計 column = Σ segments.
  for (const total of rows.filter((r) => r.segment === null)) {
    const parts = model.book.segments
      .map((s) => find(rowKey(total), s.id))
      .filter((r): r is PrintRow => r !== undefined);
    if (parts.length > 0)
      relations.push({
        kind: "segments",
        total: [{ sign: 1, row: total }],
        parts: parts.map((row) => ({ sign: 1, row })),
        what: say(`各${model.book.segmentTerm}の計`, "Σ segments"),
      });
  }
  const lineById = new Map(model.book.lines.map((l) => [l.id, l]));
  const covered = new Set<PrintRow>();
  // A subtotal against the printed lines its layout formula adds.
  for (const total of rows) {
    const line = total.line !== null ? lineById.get(total.line) : undefined;
    const terms = line?.kind === "derived" ? (line.formula?.terms ?? []) : [];
    if (terms.length === 0) continue;
    const parts = terms.map((t) =>
      t.ref.kind === "line" ? find(t.ref.id, total.segment) : undefined,
    );
    if (parts.some((p) => p === undefined)) continue;
    covered.add(total);
    const signed = terms.map((t, i) => ({ sign: t.sign, row: parts[i] as PrintRow }));
    relations.push({
      kind: "formula",
      total: [{ sign: 1, row: total }],
      parts: signed,
      what: sumText(signed),
    });
  }
  relations.push(...rowSums(model, rows, covered));
  // A declared tie that states a relation already found (資金収支差額 = 資金収入合計 − 資金支出合計
  // is also the layout's formula) is not checked twice.
  const ties = printedTies(model, rows, find);
  if (ties.length > 0) {
    const stated = new Set(relations.map(relationKey));
    relations.push(...ties.filter((r) => !stated.has(relationKey(r))));
  }
  return relations;
}

/** `営業収益 + 営業外収益 − 特別損失`: signed parts in the print's own labels (the same in either language). */
function sumText(parts: readonly { sign: 1 | -1; row: PrintRow }[]): Text {
  return asWritten(
    parts
      .map(
        (p, i) => `${i === 0 ? (p.sign < 0 ? "−" : "") : p.sign < 0 ? " − " : " + "}${p.row.label}`,
      )
      .join(""),
  );
}

/** What a relation states, the same however it was found. */
function relationKey(rel: Relation): string {
  const side = (terms: readonly { sign: 1 | -1; row: PrintRow }[], flip: 1 | -1) =>
    terms.map((t) => `${t.sign * flip}${rowKey(t.row)}\u0000${t.row.segment ?? ""}`);
  const all = [...side(rel.total, 1), ...side(rel.parts, -1)].sort();
  const negated = [...side(rel.total, -1), ...side(rel.parts, 1)].sort();
  const a = all.join("\u0001");
  const b = negated.join("\u0001");
  return a < b ? a : b;
}

/**
 * Rows (of the same segment) that are a signed sum of two or three other rows, found by
 * expanding formulas to leaves: the relations a 概要 states without a layout formula.
 */
function rowSums(
  model: Model,
  rows: readonly PrintRow[],
  covered: ReadonlySet<PrintRow>,
): Relation[] {
  const memo = new Map<string, LeafVector>();
  // 「うち」 rows state part of another row: never a sum, never an addend.
  const memos = new Set(model.book.lines.filter((l) => l.partOf !== undefined).map((l) => l.id));
  const summable = rows.filter((r) => r.line === null || !memos.has(r.line));
  const vectors = new Map(summable.map((r) => [r, expandToLeaves(model.book, r.formula, memo)]));
  const keys = new Map(summable.map((r) => [r, [...(vectors.get(r)?.keys() ?? [])]]));
  // Rows of one segment sum rows of the same segment only.
  const bySegment = new Map<string | null, PrintRow[]>();
  for (const r of summable) {
    const list = bySegment.get(r.segment);
    if (list) list.push(r);
    else bySegment.set(r.segment, [r]);
  }
  const relations: Relation[] = [];
  for (const total of summable) {
    if (covered.has(total)) continue;
    const target = vectors.get(total);
    if (!target || target.size < 2) continue;
    const candidates = (bySegment.get(total.segment) ?? []).filter((r) => {
      const k = keys.get(r) ?? [];
      return (
        r !== total && k.length > 0 && k.length <= target.size && k.every((key) => target.has(key))
      );
    });
    const found = combination(target, candidates, vectors);
    if (found)
      relations.push({
        kind: "rows",
        total: [{ sign: 1, row: total }],
        parts: found,
        what: sumText(found),
      });
  }
  return relations;
}

/**
 * Two or three of `candidates` whose signed vectors sum to `target`, fewest first, and among
 * those the first in candidate order (each candidate + then −). The last part is looked up by
 * the vector it must be, so two parts cost one pass and three a pass per pair.
 */
function combination(
  target: LeafVector,
  candidates: readonly PrintRow[],
  vectors: ReadonlyMap<PrintRow, LeafVector>,
): { sign: 1 | -1; row: PrintRow }[] | undefined {
  if (candidates.length > 40) return undefined;
  const vectorOf = (i: number) => vectors.get(candidates[i] as PrintRow) ?? new Map();
  // Each candidate's vector, signed both ways, by its canonical text → (index, sign), ascending.
  const bySum = new Map<string, [number, 1 | -1][]>();
  for (let i = 0; i < candidates.length; i++)
    for (const sign of [1, -1] as const) {
      const key = vectorKey(vectorOf(i), sign);
      const list = bySum.get(key);
      if (list) list.push([i, sign]);
      else bySum.set(key, [[i, sign]]);
    }
  /** The first candidate after `after` whose signed vector is `rest`. */
  const last = (rest: Map<string, number>, after: number) =>
    rest.size === 0 ? undefined : bySum.get(vectorKey(rest, 1))?.find(([i]) => i > after);
  const part = (i: number, sign: 1 | -1) => ({ sign, row: candidates[i] as PrintRow });
  for (let i = 0; i < candidates.length; i++)
    for (const si of [1, -1] as const) {
      const rest = minus(target, vectorOf(i), si);
      const k = last(rest, i);
      if (k) return [part(i, si), part(k[0], k[1])];
    }
  for (let i = 0; i < candidates.length; i++)
    for (const si of [1, -1] as const) {
      const afterI = minus(target, vectorOf(i), si);
      for (let j = i + 1; j < candidates.length; j++)
        for (const sj of [1, -1] as const) {
          const k = last(minus(afterI, vectorOf(j), sj), j);
          if (k) return [part(i, si), part(j, sj), part(k[0], k[1])];
        }
    }
  return undefined;
}

/** a − sign × b, zero coefficients dropped. */
function minus(a: LeafVector, b: LeafVector, sign: 1 | -1): Map<string, number> {
  const out = new Map(a);
  for (const [k, v] of b) {
    const x = (out.get(k) ?? 0) - v * sign;
    if (x === 0) out.delete(k);
    else out.set(k, x);
  }
  return out;
}

/** A vector times `sign` as text, the same for equal vectors whatever their order. */
function vectorKey(v: LeafVector, sign: 1 | -1): string {
  return [...v]
    .map(([k, c]) => `${k}\u0000${c * sign}`)
    .sort()
    .join("\u0001");
}

/** Declared ties whose every term is printed in the table, for each segment printed. */
function printedTies(
  model: Model,
  rows: readonly PrintRow[],
  find: (formula: string, segment: string | null) => PrintRow | undefined,
): Relation[] {
  const relations: Relation[] = [];
  const segments = new Set(rows.map((r) => r.segment));
  for (const decl of model.book.checks) {
    // A limit (≤, ≥) is not a sum: its printed sides need not add up.
    if (decl.relation !== "=") continue;
    for (const segment of segments) {
      const side = (terms: typeof decl.left.terms) =>
        terms.map((t) => ({
          sign: t.sign,
          row: t.ref.kind === "line" ? find(t.ref.id, segment) : undefined,
        }));
      const left = side(decl.left.terms);
      const right = side(decl.right.terms);
      if ([...left, ...right].some((p) => p.row === undefined) || left.length === 0) continue;
      if (left.length === 1 && right.length === 1) continue; // a tie of one printed line to another: a figure, not a sum
      relations.push({
        kind: "tie",
        total: left as { sign: 1 | -1; row: PrintRow }[],
        parts: right as { sign: 1 | -1; row: PrintRow }[],
        what: say(
          `${decl.description || decl.id}（${decl.left.text} = ${decl.right.text}）`,
          `${decl.description || decl.id} (${decl.left.text} = ${decl.right.text})`,
        ),
      });
    }
  }
  return relations;
}

/** published.sums for one relation in one column, or undefined when a figure is missing. */
function checkRelation(
  model: Model,
  print: Print,
  rel: Relation,
  column: string,
  rule: RoundingRule,
  signed: (row: PrintRow, cell: PrintedCell) => Decimal | null,
  strict: boolean,
): Finding | undefined {
  const value = (p: { sign: 1 | -1; row: PrintRow }) => {
    const cell = p.row.cells.get(column);
    if (!cell) return rel.kind === "segments" && p !== rel.total[0] ? new Decimal(0) : null;
    const v = signed(p.row, cell);
    return v === null ? null : v.times(p.sign);
  };
  const totals = rel.total.map(value);
  const parts = rel.parts.map(value);
  if (totals.some((v) => v === null) || parts.some((v) => v === null)) return undefined;
  if (rel.kind === "segments" && rel.parts.every((p) => !p.row.cells.has(column))) return undefined;
  const measure = relationUnit(rel, column);
  if (measure === "mixed") return undefined;
  if (measure !== "money")
    return exactRelation(model, print, rel, column, totals, parts, measure, strict);
  // The exact values the printed parts allow, each rounded on its own.
  const range = (values: (Decimal | null)[], signs: readonly { sign: 1 | -1 }[]) =>
    preimageSum(
      values.map((v, i) => ({ value: v as Decimal, sign: signs[i]?.sign ?? 1 })),
      rule,
    );
  const sum = (values: (Decimal | null)[]) =>
    values.reduce<Decimal>((a, v) => a.plus(v as Decimal), new Decimal(0));
  const partsRange = range(parts, rel.parts);
  const unit = print.unit;
  const totalRow = rel.total[0]?.row as PrintRow;
  const printed = sum(totals);
  const ok =
    rel.kind === "tie"
      ? meets(range(totals, rel.total), partsRange)
      : presentable(printed, partsRange, rule);
  const allowed = allowedPrinted(partsRange, rule, unit);
  const naive = sum(parts);
  const where = rowPlace(model, print, totalRow, column);
  const printedText = Money.of(printed, unit).format();
  const naiveText = Money.of(naive, unit).format();
  const fits =
    !ok &&
    rel.kind !== "tie" &&
    !printed.isZero() &&
    presentable(printed.negated(), partsRange, rule)
      ? Money.of(printed.negated(), unit).format()
      : undefined;
  const range2 = allowed.min.equals(allowed.max)
    ? allowed.min.format()
    : `${allowed.min.format()} … ${allowed.max.format()}`;
  const rounding = ROUNDING_LABELS[rule];
  const roundingOnly = ok && !naive.equals(printed);
  const ref = printReference(totalRow.reference);
  const relation = ok ? "=" : "≠";
  return {
    ...aboutRow(totalRow, ok ? "pass" : strict ? "fail" : "warn"),
    compared: comparedAmounts(Money.of(naive, unit), Money.of(printed, unit), allowed),
    message: say(
      `${where.ja} ${printedText} ${relation} ${rel.what.ja} = ${naiveText} です。端数処理された内訳から求めた許容範囲は ${range2}（${rounding}）です${
        roundingOnly
          ? "。端数処理による差であり、整合しています"
          : fits !== undefined
            ? `。${fits} であれば範囲内に収まるため、符号が欠落しているようです`
            : ""
      }${ref.ja}。`,
      `${where.en} ${printedText} ${relation} ${rel.what.en} = ${naiveText}; the rounded parts allow ${range2} (${rounding})${
        roundingOnly
          ? ": consistent with rounding"
          : fits !== undefined
            ? `: ${fits} would fit, the sign looks lost`
            : ""
      }${ref.en}`,
    ),
    sources: relationSources(rel, column),
  };
}

/**
 * What a relation's printed cells in `column` are: money, one quantity unit, or `mixed` (a
 * relation a layout whose formulas and checks are each in one unit never states: skipped).
 */
function relationUnit(rel: Relation, column: string): "money" | QuantityUnit | "mixed" {
  const units = new Set<string>();
  for (const p of [...rel.total, ...rel.parts]) {
    const amount = p.row.cells.get(column)?.amount;
    if (amount) units.add(amount instanceof Quantity ? amount.unit : "");
  }
  if (units.size > 1) return "mixed";
  const [unit = ""] = units;
  return unit === "" ? "money" : (unit as QuantityUnit);
}

/** published.sums of quantities: printed exactly, so the printed total is exactly Σ its printed parts. */
function exactRelation(
  model: Model,
  print: Print,
  rel: Relation,
  column: string,
  totals: readonly (Decimal | null)[],
  parts: readonly (Decimal | null)[],
  unit: QuantityUnit,
  strict: boolean,
): Finding {
  const sum = (values: readonly (Decimal | null)[]) =>
    Quantity.of(
      values.reduce<Decimal>((a, v) => a.plus(v ?? 0), new Decimal(0)),
      unit,
    );
  const printed = sum(totals);
  const naive = sum(parts);
  const ok = printed.equals(naive);
  const totalRow = rel.total[0]?.row as PrintRow;
  const where = rowPlace(model, print, totalRow, column);
  const ref = printReference(totalRow.reference);
  const relation = ok ? "=" : "≠";
  return {
    ...aboutRow(totalRow, ok ? "pass" : strict ? "fail" : "warn"),
    compared: comparedAmounts(naive, printed),
    message: say(
      `${where.ja} ${printed.withUnit()} ${relation} ${rel.what.ja} = ${naive.withUnit()} です${ref.ja}。`,
      `${where.en} ${printed.withUnit()} ${relation} ${rel.what.en} = ${naive.withUnit()}${ref.en}`,
    ),
    sources: relationSources(rel, column),
  };
}

/** What a published.sums finding is about: the printed row (its statement, line and segment). */
function aboutRow(
  row: PrintRow,
  status: CheckStatus,
): Pick<Finding, "check" | "status" | "statement" | "line" | "segment"> {
  return {
    check: "published.sums",
    status,
    ...(row.statement ? { statement: row.statement } : {}),
    line: row.line ?? row.label,
    ...(row.segment === null ? {} : { segment: row.segment }),
  };
}

/** The printed cells a relation ties in `column`: its (first) total's, then its parts'. */
function relationSources(rel: Relation, column: string): Source[] {
  return [rel.total[0], ...rel.parts].flatMap((p) => {
    const c = p?.row.cells.get(column);
    return c ? [c.source] : [];
  });
}

function segmentName(model: Model, id: string | null): string {
  return id === null
    ? (model.book.totalLabels[0] ?? "合計")
    : (model.book.segments.find((s) => s.id === id)?.name ?? id);
}

/** A cell that breaks both its row's 合計 and the subtotal of its column, in words. */
function culpritMessage(
  where: Text,
  text: string,
  total: string,
  subtotal: string,
  ref: Text,
): Text {
  return say(
    `${where.ja} ${text} は、行の${total}とも「${subtotal}」とも合いません。このセルが誤っている可能性が最も高いです${ref.ja}。`,
    `${where.en} ${text} breaks both its row's ${total} and ${subtotal}: this cell is most likely wrong${ref.en}`,
  );
}

/** The cell most likely wrong: on a row whose 合計 breaks, in a column whose subtotal breaks. */
function culprits(
  model: Model,
  rows: readonly PrintRow[],
  print: Print,
  broken: {
    segments: ReadonlySet<string>;
    formula: ReadonlyMap<string, ReadonlyMap<string, string>>;
  },
  strict: boolean,
): Finding[] {
  const out: Finding[] = [];
  for (const row of rows) {
    if (row.segment === null) continue;
    for (const column of print.columns) {
      if (!broken.segments.has(`${column.id}\u0000${rowKey(row)}`)) continue;
      const subtotal = broken.formula.get(`${column.id}\u0000${row.segment}`)?.get(rowKey(row));
      if (subtotal === undefined) continue;
      const cell = row.cells.get(column.id);
      if (!cell) continue;
      out.push({
        ...aboutRow(row, strict ? "fail" : "warn"),
        message: culpritMessage(
          rowPlace(model, print, row, column.id),
          cell.text,
          segmentName(model, null),
          subtotal,
          printReference(row.reference),
        ),
        sources: [cell.source],
      });
    }
  }
  return out;
}
