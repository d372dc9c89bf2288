/**
 * `published.sums`: a print's own arithmetic. Within each printed table, every printed sum —
 * a 合計 (法人計, 計 …) column against the segments printed beside it, a subtotal against the
 * printed lines its layout formula adds, a row that is the sum of other rows (found by
 * expanding formulas to leaves: 収益計 = 営業収益 + 営業外収益), both sides of a declared tie
 * printed on the same page (print-relations.ts finds them) — must lie within the range its
 * independently rounded parts allow. Lost signs are restored first. A cell that breaks both its
 * row's 合計 and its column's subtotal is named as the likely culprit. Rows naming a quantity
 * (戸, ㎥ …) are printed exactly: their sums must hold exactly, in their unit; a sum of rows of
 * different units is none. Whole printed figures, the usual case, are summed as exact integers.
 */
import {
  type CheckStatus,
  type Compared,
  comparedAmounts,
  type Finding,
} from "../model/findings.ts";
import type { Model } from "../model/model.ts";
import {
  allowedRange,
  allowedRangeWhole,
  Decimal,
  formatWhole,
  type Interval,
  Money,
  meets,
  meetsWhole,
  preimageSum,
  preimageSumWhole,
  presentable,
  presentableWhole,
  ROUNDING_LABELS,
  type RoundingRule,
  type Unit,
  wholeFigure,
  wholeSum,
} from "../model/money.ts";
import { type Print, type PrintedCell, type PrintRow, ruleOf } from "../model/print.ts";
import type { Source } from "../model/provenance.ts";
import { Quantity, type QuantityUnit } from "../model/quantity.ts";
import { say, type Text } from "../model/text.ts";
import { printReference, rowPlace } from "./print-place.ts";
import { bookLines, type Relation, relationsOf, rowKey } from "./print-relations.ts";

/** The printed values a range of exact values allows (ends closed). */
export function allowedPrinted(
  range: Interval,
  rule: RoundingRule,
  unit: Unit,
): { min: Money; max: Money } {
  const r = allowedRange(range, rule);
  return { min: Money.of(r.min, unit), max: Money.of(r.max, unit) };
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
  const figures = printFigures(model, print.unit, lostSigns);
  const book = bookLines(model);
  const findings: Finding[] = [];
  const byTable = new Map<string, PrintRow[]>();
  for (const row of print.rows) {
    const list = byTable.get(row.table);
    if (list) list.push(row);
    else byTable.set(row.table, [row]);
  }
  for (const [table, rows] of byTable) {
    const rule = ruleOf(print, table);
    const relations = relationsOf(model, rows, book);
    const broken = {
      segments: new Set<string>(),
      formula: new Map<string, Map<string, string>>(),
    };
    for (const rel of relations) {
      for (const column of print.columns) {
        const f = checkRelation(model, print, rel, column.id, rule, figures, strict);
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

/**
 * A printed figure as the sums read it: signed (a deduction printed as a magnitude and a lost
 * sign restored) and, when it is whole, as an exact integer for the fast path (money.ts).
 */
interface SignedFigure {
  readonly value: Decimal;
  readonly whole: number | undefined;
  /** The quantity's unit (戸, ㎥ …), or "" for money. */
  readonly unit: string;
}

/**
 * What the sums of one print read, each worked out once: every printed cell's signed figure
 * (null for 「－」 or blank), and a whole figure as an amount in the print's unit and as printed.
 */
interface PrintFigures {
  readonly figureOf: (row: PrintRow, cell: PrintedCell) => SignedFigure | null;
  readonly moneyOf: (whole: number) => Money;
  readonly textOf: (whole: number) => string;
}

/** `compute` remembered by its argument: each value worked out once per print. */
function once<K, V>(compute: (key: K) => V): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    if (known.has(key)) return known.get(key) as V;
    const value = compute(key);
    known.set(key, value);
    return value;
  };
}

/** PrintFigures for a print in `unit` whose cells `lostSigns` had their sign restored. */
function printFigures(model: Model, unit: Unit, lostSigns: ReadonlySet<PrintedCell>): PrintFigures {
  const deducted = once(printedDeduction(model));
  const figures = new Map<PrintedCell, SignedFigure>();
  return {
    figureOf: (row, cell) => {
      if (!cell.amount) return null;
      let figure = figures.get(cell);
      if (!figure) {
        let v = cell.amount.value;
        if (deducted(row)) v = v.negated();
        if (lostSigns.has(cell)) v = v.negated();
        const money = cell.amount instanceof Money;
        figure = { value: v, whole: wholeFigure(v), unit: money ? "" : cell.amount.unit };
        figures.set(cell, figure);
      }
      return figure;
    },
    moneyOf: once((whole: number) => Money.ofWhole(whole, unit)),
    textOf: once(formatWhole),
  };
}

/** published.sums for one relation in one column, or undefined when a figure is missing. */
function checkRelation(
  model: Model,
  print: Print,
  rel: Relation,
  column: string,
  rule: RoundingRule,
  figures: PrintFigures,
  strict: boolean,
): Finding | undefined {
  const terms = relationTerms(rel, column, figures.figureOf);
  if (!terms) return undefined;
  if (terms.unit !== "money")
    return exactRelation(
      model,
      print,
      rel,
      column,
      contributions(terms.totals),
      contributions(terms.parts),
      terms.unit,
      strict,
    );
  const tie = rel.kind === "tie";
  const { ok, printedText, naiveText, allowedText, fits, roundingOnly, compared } =
    wholeOutcome(terms.totals, terms.parts, tie, rule, figures) ??
    decimalOutcome(terms.totals, terms.parts, tie, rule, print.unit);
  const totalRow = rel.total[0]?.row as PrintRow;
  const where = rowPlace(model, print, totalRow, column);
  const rounding = ROUNDING_LABELS[rule];
  const ref = printReference(totalRow.reference);
  const relation = ok ? "=" : "≠";
  return {
    ...aboutRow(totalRow, ok ? "pass" : strict ? "fail" : "warn"),
    compared,
    message: say(
      `${where.ja} ${printedText} ${relation} ${rel.what.ja} = ${naiveText} です。端数処理された内訳から求めた許容範囲は ${allowedText}（${rounding}）です${
        roundingOnly
          ? "。端数処理による差であり、整合しています"
          : fits !== undefined
            ? `。${fits} であれば範囲内に収まるため、符号が欠落しているようです`
            : ""
      }${ref.ja}。`,
      `${where.en} ${printedText} ${relation} ${rel.what.en} = ${naiveText}; the rounded parts allow ${allowedText} (${rounding})${
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

/** A term of a relation in one column: its signed printed figure (null: a blank segment, zero) and sign. */
interface Term {
  readonly figure: SignedFigure | null;
  readonly sign: 1 | -1;
}

/**
 * A relation's printed figures in `column` and what they are — money or one quantity unit — or
 * undefined when it cannot be checked there: a figure missing, no segment printed beside a 合計,
 * or figures of different units (a relation a layout whose formulas and checks are each in one
 * unit never states).
 */
function relationTerms(
  rel: Relation,
  column: string,
  figureOf: (row: PrintRow, cell: PrintedCell) => SignedFigure | null,
): { totals: Term[]; parts: Term[]; unit: "money" | QuantityUnit } | undefined {
  const totals: Term[] = [];
  const parts: Term[] = [];
  // "" for money; undefined until a figure is read.
  let unit: string | undefined;
  let printedPart = false;
  const sides = [rel.total, rel.parts] as const;
  for (let s = 0; s < 2; s++) {
    const terms = sides[s] as Relation["parts"];
    const out = s === 0 ? totals : parts;
    for (let i = 0; i < terms.length; i++) {
      const { sign, row } = terms[i] as Relation["parts"][number];
      const cell = row.cells.get(column);
      if (!cell) {
        // A segment left blank beside its 合計 adds nothing.
        if (rel.kind !== "segments" || out === totals) return undefined;
        out.push({ figure: null, sign });
        continue;
      }
      const figure = figureOf(row, cell);
      if (figure === null) return undefined;
      if (unit !== undefined && figure.unit !== unit) return undefined;
      unit = figure.unit;
      if (out === parts) printedPart = true;
      out.push({ figure, sign });
    }
  }
  if (rel.kind === "segments" && !printedPart) return undefined;
  return { totals, parts, unit: unit ? (unit as QuantityUnit) : "money" };
}

/** Each term's signed contribution, sign × figure, as a Decimal. */
function contributions(terms: readonly Term[]): Decimal[] {
  return terms.map((t) => (t.figure === null ? new Decimal(0) : t.figure.value.times(t.sign)));
}

/**
 * A printed money total against its printed parts, worked out: whether the total lies within
 * the range the independently rounded parts allow, and the figures the finding states.
 */
interface SumOutcome {
  readonly ok: boolean;
  /** The printed total, and the plain sum of the printed parts, as printed (△1,234). */
  readonly printedText: string;
  readonly naiveText: string;
  /** The printed totals the parts allow: `min … max`, or the one. */
  readonly allowedText: string;
  /** Minus the printed total, where it would fit and the total does not: a sign lost. */
  readonly fits: string | undefined;
  /** The total fits but is not the plain sum: rounding explains the difference. */
  readonly roundingOnly: boolean;
  readonly compared: Compared;
}

/** `min … max`, or the one figure a range allows. */
function rangeText(min: string, max: string): string {
  return min === max ? min : `${min} … ${max}`;
}

/**
 * The outcome when every printed figure is whole (the usual case), in exact integers (money.ts's
 * whole-figure functions); undefined when one is not, or a sum grows too large: then the Decimals.
 */
function wholeOutcome(
  totalTerms: readonly Term[],
  partTerms: readonly Term[],
  tie: boolean,
  rule: RoundingRule,
  { moneyOf, textOf }: PrintFigures,
): SumOutcome | undefined {
  const totals = wholeTerms(totalTerms);
  const parts = totals && wholeTerms(partTerms);
  if (!totals || !parts) return undefined;
  const partsRange = preimageSumWhole(parts, rule);
  const printed = wholeSum(totals.map((t) => t.value));
  const naive = wholeSum(parts.map((t) => t.value));
  if (!partsRange || printed === undefined || naive === undefined) return undefined;
  let ok: boolean;
  if (tie) {
    const totalsRange = preimageSumWhole(totals, rule);
    if (!totalsRange) return undefined;
    ok = meetsWhole(totalsRange, partsRange);
  } else ok = presentableWhole(printed, partsRange, rule);
  const { min, max } = allowedRangeWhole(partsRange, rule);
  const lostSign = !ok && !tie && printed !== 0 && presentableWhole(-printed, partsRange, rule);
  return {
    ok,
    printedText: textOf(printed),
    naiveText: textOf(naive),
    allowedText: rangeText(textOf(min), textOf(max)),
    fits: lostSign ? textOf(-printed) : undefined,
    roundingOnly: ok && naive !== printed,
    compared: comparedAmounts(moneyOf(naive), moneyOf(printed), {
      min: moneyOf(min),
      max: moneyOf(max),
    }),
  };
}

/** Each term's contribution as a whole figure, or undefined if one is not whole. */
function wholeTerms(terms: readonly Term[]): { value: number; sign: 1 | -1 }[] | undefined {
  const out: { value: number; sign: 1 | -1 }[] = [];
  for (let i = 0; i < terms.length; i++) {
    const { figure, sign } = terms[i] as Term;
    const whole = figure === null ? 0 : figure.whole;
    if (whole === undefined) return undefined;
    // Zero stays unsigned, as wholeFigure gives it.
    out.push({ value: whole === 0 ? 0 : sign * whole, sign });
  }
  return out;
}

/** The outcome in Decimals, for printed figures with decimals (or beyond the whole figures). */
function decimalOutcome(
  totalTerms: readonly Term[],
  partTerms: readonly Term[],
  tie: boolean,
  rule: RoundingRule,
  unit: Unit,
): SumOutcome {
  const signed = (terms: readonly Term[]) => {
    const values = contributions(terms);
    return terms.map((t, i) => ({ value: values[i] as Decimal, sign: t.sign }));
  };
  const sum = (terms: readonly { value: Decimal }[]) =>
    terms.reduce<Decimal>((a, t) => a.plus(t.value), new Decimal(0));
  const totals = signed(totalTerms);
  const parts = signed(partTerms);
  // The exact values the printed parts allow, each rounded on its own.
  const partsRange = preimageSum(parts, rule);
  const printed = sum(totals);
  const ok = tie
    ? meets(preimageSum(totals, rule), partsRange)
    : presentable(printed, partsRange, rule);
  const allowed = allowedPrinted(partsRange, rule, unit);
  const naive = sum(parts);
  const lostSign =
    !ok && !tie && !printed.isZero() && presentable(printed.negated(), partsRange, rule);
  return {
    ok,
    printedText: Money.of(printed, unit).format(),
    naiveText: Money.of(naive, unit).format(),
    allowedText: rangeText(allowed.min.format(), allowed.max.format()),
    fits: lostSign ? Money.of(printed.negated(), unit).format() : undefined,
    roundingOnly: ok && !naive.equals(printed),
    compared: comparedAmounts(Money.of(naive, unit), Money.of(printed, unit), allowed),
  };
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
  const sources: Source[] = [];
  const total = rel.total[0]?.row.cells.get(column);
  if (total) sources.push(total.source);
  for (let i = 0; i < rel.parts.length; i++) {
    const c = rel.parts[i]?.row.cells.get(column);
    if (c) sources.push(c.source);
  }
  return sources;
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
