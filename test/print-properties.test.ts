/**
 * Property tests of the tie-out against prints (fast-check): on random exact books — random
 * leaves × a few segments, derived lines as signed sums of earlier lines (some printed as a
 * magnitude), ties the book declares, rows printing a formula — a print made by rounding every
 * printed item on its own (every line, every segment and the total; 四捨五入, 切り捨て and
 * 切り上げ; a 千円 or a 円 ledger printed in 百万円) gives no finding but passes, by default and
 * with --strict; and moving any one printed figure just outside the range its figure allows
 * fails (--strict) with a finding naming that figure's line and segment.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { printChecks } from "../src/check/prints.ts";
import { derive } from "../src/derive/derive.ts";
import type { Book, BudgetEntry, CheckDeclaration, LayoutLine } from "../src/model/book.ts";
import { expandToLeaves } from "../src/model/expand.ts";
import { declaredCheckId, type Finding } from "../src/model/findings.ts";
import { type Formula, parseFormula } from "../src/model/formula.ts";
import type { Model } from "../src/model/model.ts";
import { allowedRange, Money, point, type RoundingRule, type Unit } from "../src/model/money.ts";
import type { Print, PrintedCell, PrintRow } from "../src/model/print.ts";
import { cell } from "../src/model/provenance.ts";
import { moneyOf } from "../src/model/quantity.ts";
import { singleVersion } from "../src/model/version.ts";

const PRINT_UNIT = "百万円" satisfies Unit;
/** Ledger units per 百万円. */
const FACTOR: Record<"千円" | "円", bigint> = { 千円: 1000n, 円: 1_000_000n };
/** Runs per property and case; YOSAN_PROPERTY_RUNS=1000 for a long search. */
const RUNS = Number(process.env.YOSAN_PROPERTY_RUNS ?? 25);

/** The shape of a random book: how many segments and leaves, its derived lines and formula rows. */
interface Shape {
  readonly segments: number;
  readonly leaves: number;
  /** Each derived line: terms (an earlier line by index, negated or not), printed as a magnitude? */
  readonly derived: readonly { terms: readonly [number, boolean][]; magnitude: boolean }[];
  /** Rows printing a formula of lines (as a 概要 prints 収益計 = 営業収益 + 営業外収益). */
  readonly formulaRows: readonly (readonly [number, boolean][])[];
  /** Print nothing (「－」) where the model's figure is exactly 0. */
  readonly nilZeros: boolean;
}

const terms = fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 1, maxLength: 4 });
const shape: fc.Arbitrary<Shape> = fc.record({
  segments: fc.integer({ min: 1, max: 4 }),
  leaves: fc.integer({ min: 2, max: 7 }),
  derived: fc.array(fc.record({ terms, magnitude: fc.boolean() }), { minLength: 1, maxLength: 6 }),
  formulaRows: fc.array(terms, { maxLength: 2 }),
  nilZeros: fc.boolean(),
});

/** Ledger amounts, many on or next to a rounding boundary of the print (x.5, x.0 百万円). */
const amounts = (factor: bigint) =>
  fc.array(
    fc.oneof(
      fc.bigInt({ min: -10_000n * factor, max: 10_000n * factor }),
      fc
        .tuple(fc.bigInt({ min: -400n, max: 400n }), fc.constantFrom(-1n, 0n, 1n))
        .map(([k, o]) => (k * factor) / 2n + o),
      fc.bigInt({ min: -factor, max: factor }),
      fc.constant(0n),
    ),
    { minLength: 28, maxLength: 28 },
  );

const formulaOf = (text: string): Formula => {
  const parsed = parseFormula(text);
  if (!parsed.ok) throw new Error(parsed.reason.en);
  return parsed.formula;
};
const termsText = (ids: readonly string[], spec: readonly [number, boolean][]) =>
  spec.map(([k, neg], i) => `${neg ? "- " : i === 0 ? "" : "+ "}${ids[k % ids.length]}`).join(" ");

/** An exact book of `shape` in `unit` (no print yet). */
function bookOf(s: Shape, unit: "千円" | "円", values: readonly bigint[]): Book {
  const segments = Array.from({ length: s.segments }, (_, i) => ({
    id: `seg-${i}`,
    name: `勘定${i}`,
    aliases: [],
  }));
  const lines: LayoutLine[] = [];
  const line = (id: string, kind: "leaf" | "derived", extra: Partial<LayoutLine> = {}) =>
    lines.push({
      statement: "st",
      id,
      label: `科目${id}`,
      aliases: [],
      level: kind === "leaf" ? 1 : 0,
      kind,
      printed: "signed",
      source: cell("layout.csv", lines.length + 2, "id"),
      ...extra,
    });
  for (let i = 0; i < s.leaves; i++) line(`leaf-${i}`, "leaf");
  s.derived.forEach((d, j) => {
    const formula = formulaOf(
      termsText(
        lines.map((l) => l.id),
        d.terms,
      ),
    );
    line(`derived-${j}`, "derived", {
      formula,
      printed: d.magnitude ? "magnitude" : "signed",
    });
  });
  const entries: BudgetEntry[] = [];
  for (let i = 0; i < s.leaves; i++)
    segments.forEach((seg, k) => {
      const v = values[(i * 4 + k) % values.length] ?? 0n;
      entries.push({
        line: `leaf-${i}`,
        segment: seg.id,
        amount: Money.of(v, unit),
        note: "",
        source: cell("budget.csv", entries.length + 2, "amount"),
      });
    });
  const base: Book = {
    dir: "random",
    id: "random",
    entity: "ランダム法人",
    title: "予算",
    language: "ja",
    fiscalYear: { label: "令和7年度", start: "2025-04-01", end: "2026-03-31" },
    unit,
    rounding: "half-up",
    segments,
    segmentTerm: "勘定",
    statements: [{ id: "st", title: "予定損益計算書", period: "", role: "statement", key: [] }],
    lines,
    checks: [],
    provisions: [],
    ...singleVersion(entries),
    schedules: [],
    scheduleItems: [],
    prints: [],
    continuity: [],
    leafRounding: null,
    totalLabels: ["合計", "計", "総計", "法人計"],
    commitments: null,
    report: null,
  };
  return { ...base, checks: expandedTies(base) };
}

/** For each derived line that adds its leaves once each: the tie `line = its leaves` (declared as a book would). */
function expandedTies(book: Book): CheckDeclaration[] {
  return book.lines.flatMap((l, i) => {
    if (l.kind !== "derived" || !l.formula) return [];
    const leaves = [...expandToLeaves(book, l.formula)];
    if (leaves.length < 2 || leaves.some(([, c]) => Math.abs(c) !== 1)) return [];
    const right = formulaOf(
      leaves.map(([id, c], k) => `${c < 0 ? "- " : k === 0 ? "" : "+ "}${id}`).join(" "),
    );
    return [
      {
        id: declaredCheckId("tie.leaves"),
        description: `${l.label} = its leaves`,
        hint: "",
        left: formulaOf(l.id),
        relation: "=",
        right,
        source: cell("checks.csv", i + 2),
      },
    ];
  });
}

/** The exact figure a row prints, in the ledger's unit (a magnitude line unsigned). */
function exactOf(model: Model, row: Pick<PrintRow, "formula" | "line" | "segment">): Money {
  const v = moneyOf(model.evaluate(row.formula, row.segment).amount);
  const line = model.book.lines.find((l) => l.id === row.line);
  return line?.printed === "magnitude" ? v.abs() : v;
}

/** The book with a print of every line and formula row, every item rounded on its own. */
function printed(book: Book, s: Shape, rule: RoundingRule): Book {
  const model = derive(book);
  const columns = [...book.segments.map((x) => x.id), null];
  const what: { formula: Formula; line: string | null; label: string }[] = [
    ...book.lines.map((l) => ({ formula: formulaOf(l.id), line: l.id, label: l.label })),
    ...s.formulaRows.map((spec) => {
      const formula = formulaOf(
        termsText(
          book.lines.map((l) => l.id),
          spec,
        ),
      );
      return { formula, line: null, label: formula.text };
    }),
  ];
  let rowsSoFar = 0;
  const rows: PrintRow[] = what.flatMap((w) =>
    columns.map((segment): PrintRow => {
      const n = rowsSoFar++;
      const exact = exactOf(model, { ...w, segment });
      const cells = new Map<string, PrintedCell>();
      if (!(exact.isZero() && s.nilZeros)) {
        const amount = exact.presentIn(PRINT_UNIT, rule);
        cells.set("amount", {
          amount,
          text: amount.format(),
          source: cell("print.csv", n + 2, "amount"),
        });
      }
      return {
        table: "勘定別予定損益計算書",
        ...w,
        statement: "st",
        segment,
        cells,
        reference: "",
        source: cell("print.csv", n + 2, "line"),
      };
    }),
  );
  const print: Print = {
    id: "by-account",
    title: "勘定別",
    authority: "published",
    version: "budget",
    file: "print.csv",
    unit: PRINT_UNIT,
    rounding: rule,
    tableRounding: new Map(),
    note: "",
    sheet: false,
    columns: [{ kind: "figure", id: "amount", label: "金額" }],
    rows,
  };
  return { ...book, prints: [print] };
}

const notPassed = (book: Book, strict: boolean): Finding[] =>
  printChecks(derive(book), { strict }).filter((f) => f.status !== "pass");

const CASES = (["千円", "円"] as const).flatMap((ledger) =>
  (["half-up", "truncate", "ceiling"] as const).map((rule) => [ledger, rule] as const),
);

describe.each(CASES)(
  "a %s ledger printed in 百万円, %s, every item rounded on its own",
  (ledger, rule) => {
    const factor = FACTOR[ledger];

    it("ties out: no finding but passes, by default and with --strict", () => {
      // What the runs checked, so that passing is not vacuous: sums whose printed total differs
      // from the sum of its printed parts, and relations of each kind.
      const seen = { gaps: 0, ties: 0, formulaRows: 0 };
      fc.assert(
        fc.property(shape, amounts(factor), (s, values) => {
          const book = printed(bookOf(s, ledger, values), s, rule);
          expect(notPassed(book, false)).toEqual([]);
          const findings = printChecks(derive(book), { strict: true });
          expect(findings.filter((f) => f.status !== "pass")).toEqual([]);
          const cells = (book.prints[0] as Print).rows.filter((r) => r.cells.has("amount"));
          expect(findings.filter((f) => f.check === "published.figure")).toHaveLength(cells.length);
          const sums = findings.filter((f) => f.check === "published.sums");
          const ids = new Set(book.lines.map((l) => l.id));
          seen.gaps += sums.filter(
            (f) => f.compared?.kind === "amount" && !f.compared.difference.isZero(),
          ).length;
          seen.ties += sums.filter((f) => f.message.en.includes("= its leaves")).length;
          seen.formulaRows += sums.filter((f) => !ids.has(f.line ?? "")).length;
        }),
        { numRuns: RUNS },
      );
      expect(seen.gaps).toBeGreaterThan(0);
      expect(seen.ties).toBeGreaterThan(0);
      expect(seen.formulaRows).toBeGreaterThan(0);
    });

    it("a printed figure moved just outside its allowed range fails, naming its line and segment", () => {
      fc.assert(
        fc.property(shape, amounts(factor), fc.nat(), fc.boolean(), (s, values, pick, up) => {
          const book = printed(bookOf(s, ledger, values), s, rule);
          const print = book.prints[0] as Print;
          const figures = print.rows.filter((r) => r.cells.has("amount"));
          fc.pre(figures.length > 0);
          const row = figures[pick % figures.length] as PrintRow;
          const model = derive(book);
          const exact = exactOf(model, row).convert(PRINT_UNIT).value;
          const allowed = allowedRange(point(exact), rule);
          const moved = Money.of(up ? allowed.max.plus(1) : allowed.min.minus(1), PRINT_UNIT);
          const old = row.cells.get("amount") as PrintedCell;
          const cells = new Map([["amount", { ...old, amount: moved, text: moved.format() }]]);
          const rows = print.rows.map((r) => (r === row ? { ...r, cells } : r));
          const broken: Book = { ...book, prints: [{ ...print, rows }] };
          const failed = notPassed(broken, true);
          expect(failed.length).toBeGreaterThan(0);
          expect(failed.every((f) => f.status === "fail")).toBe(true);
          const named = failed.filter(
            (f) => f.line === (row.line ?? row.label) && (f.segment ?? null) === row.segment,
          );
          expect(named.length, JSON.stringify(failed.map((f) => f.message))).toBeGreaterThan(0);
        }),
        { numRuns: RUNS },
      );
    });
  },
);
