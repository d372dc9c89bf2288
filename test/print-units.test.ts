/**
 * Prints read from small books on disk (loadBook on a temporary directory): a 円 ledger ties
 * to a 百万円 print by 勘定 with a 法人計 total; a print declared in the wrong unit is one
 * published.unit finding naming both units, not a mismatch per figure; blank, 「－」, 「―」,
 * 「—」 and 「‐」 cells are no figure (not 0); a deduction printed as a magnitude whose figure is
 * positive sums with its sign.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { printChecks } from "../src/check/prints.ts";
import { derive } from "../src/derive/derive.ts";
import type { Book } from "../src/model/book.ts";
import type { Finding } from "../src/model/findings.ts";
import type { Money, Unit } from "../src/model/money.ts";
import type { Print } from "../src/model/print.ts";
import { moneyOf } from "../src/model/quantity.ts";
import { loadBook } from "../src/read/load-book.ts";
import { tempDir } from "./helpers/book.ts";

const SEGMENTS = [
  { id: "a", name: "甲勘定" },
  { id: "b", name: "乙勘定" },
];
const TOTAL = "法人計";

const LAYOUT = `statement,id,label,aliases,level,kind,formula,printed
pl,revenue,収益,,0,heading,,
pl,grant-revenue,運営費交付金収益,,1,leaf,,
pl,fees,手数料収入,,1,leaf,,
pl,misc,雑収入,,1,leaf,,
pl,revenue-total,収益合計,,0,derived,grant-revenue + fees + misc,
pl,expenses,業務費,,0,leaf,,
pl,extraordinary,特別損失,,0,leaf,,
pl,net-income,当期純利益,,0,derived,revenue-total - expenses - extraordinary,
cf,receivables,未収金,,1,leaf,,
cf,closing-receivables,当期末未収金,,1,derived,- receivables,magnitude
cf,cash-in,資金収入,,0,derived,fees + closing-receivables,
`;

/** The ledger in 円: 乙勘定 has over-collected (未収金 △3,400,000), so its 当期末未収金 is positive. */
const BUDGET_YEN = `account,segment,amount,note
運営費交付金収益,甲勘定,"1,234,567,890",
運営費交付金収益,乙勘定,"765,432,110",
手数料収入,甲勘定,"345,678,901",
手数料収入,乙勘定,"4,500,000",
業務費,甲勘定,"1,400,000,000",
業務費,乙勘定,"600,000,001",
未収金,甲勘定,"12,345,678",
未収金,乙勘定,"△3,400,000",
`;

/** The same structure in 千円, every figure over 10 百万円 (what a unit mix-up is told by). */
const BUDGET_THOUSANDS = `account,segment,amount,note
運営費交付金収益,甲勘定,"1,234,568",
運営費交付金収益,乙勘定,"765,432",
手数料収入,甲勘定,"345,679",
手数料収入,乙勘定,"45,500",
業務費,甲勘定,"1,400,000",
業務費,乙勘定,"600,001",
未収金,甲勘定,"12,346",
未収金,乙勘定,"△34,000",
`;

/** A printed row: line id, segment name (or 法人計) and the cell's text as printed. */
type Printed = readonly [line: string, segment: string, amount: string];

interface Spec {
  readonly unit: Unit;
  readonly budget: string;
  /** The print's unit and rows; no print when absent. */
  readonly print?: { readonly unit: Unit; readonly rows: readonly Printed[] };
  readonly totalLabels?: readonly string[];
}

/** Write a book to a fresh temporary directory; returns the directory. */
function writeBook(spec: Spec): string {
  const dir = join(tempDir("yosan-print-units-"), "book");
  mkdirSync(dir);
  const manifest = {
    id: "small-body",
    entity: "独立行政法人小機構",
    title: "令和7年度予算",
    fiscalYear: { label: "令和7年度", start: "2025-04-01", end: "2026-03-31" },
    unit: spec.unit,
    rounding: "half-up",
    segmentTerm: "勘定",
    segments: SEGMENTS,
    statements: [
      { id: "pl", title: "予定損益計算書", role: "statement" },
      { id: "cf", title: "資金計画", role: "statement" },
    ],
    files: { layout: "layout.csv", budget: "budget.csv" },
    ...(spec.totalLabels ? { totalLabels: spec.totalLabels } : {}),
    ...(spec.print
      ? {
          prints: [
            {
              id: "by-account",
              title: "勘定別予定財務諸表",
              file: "print.csv",
              unit: spec.print.unit,
              rounding: "half-up",
              columns: [{ id: "amount", label: "金額" }],
            },
          ],
        }
      : {}),
  };
  writeFileSync(join(dir, "book.json"), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, "layout.csv"), LAYOUT);
  writeFileSync(join(dir, "budget.csv"), spec.budget);
  if (spec.print)
    writeFileSync(
      join(dir, "print.csv"),
      stringify([
        ["table", "line", "segment", "amount"],
        ...spec.print.rows.map(([line, segment, amount]) => ["勘定別", line, segment, amount]),
      ]),
    );
  return dir;
}

function load(dir: string): Book {
  const loaded = loadBook(dir);
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message.en).join("\n"));
  expect(loaded.warnings).toEqual([]);
  return loaded.book;
}

const findingsOf = (book: Book, strict: boolean): Finding[] =>
  printChecks(derive(book), { strict });
const notPassed = (book: Book, strict: boolean) =>
  findingsOf(book, strict).filter((f) => f.status !== "pass");

/**
 * The 円 ledger in 百万円, worked by hand (四捨五入 per item): 1,234,567,890 円 is 1,235;
 * 4,500,000 円 is 4.5, so 5; 手数料収入's 法人計 350.178901 is 350 although 346 + 5 = 351;
 * 乙勘定's 当期末未収金 is +3.4, printed 3, and its 資金収入 4.5 + 3.4 = 7.9 is 8.
 */
const YEN_IN_MILLIONS: readonly Printed[] = [
  ["grant-revenue", "甲勘定", "1,235"],
  ["grant-revenue", "乙勘定", "765"],
  ["grant-revenue", TOTAL, "2,000"],
  ["fees", "甲勘定", "346"],
  ["fees", "乙勘定", "5"],
  ["fees", TOTAL, "350"],
  ["misc", "甲勘定", ""],
  ["misc", "乙勘定", "－"],
  ["misc", TOTAL, "―"],
  ["revenue-total", "甲勘定", "1,580"],
  ["revenue-total", "乙勘定", "770"],
  ["revenue-total", TOTAL, "2,350"],
  ["expenses", "甲勘定", "1,400"],
  ["expenses", "乙勘定", "600"],
  ["expenses", TOTAL, "2,000"],
  ["extraordinary", "甲勘定", "—"],
  ["extraordinary", "乙勘定", "‐"],
  ["extraordinary", TOTAL, "0"],
  ["net-income", "甲勘定", "180"],
  ["net-income", "乙勘定", "170"],
  ["net-income", TOTAL, "350"],
  ["receivables", "甲勘定", "12"],
  ["receivables", "乙勘定", "△3"],
  ["receivables", TOTAL, "9"],
  ["closing-receivables", "甲勘定", "12"],
  ["closing-receivables", "乙勘定", "3"],
  ["closing-receivables", TOTAL, "9"],
  ["cash-in", "甲勘定", "333"],
  ["cash-in", "乙勘定", "8"],
  ["cash-in", TOTAL, "341"],
];

const yenBook = (rows: readonly Printed[] = YEN_IN_MILLIONS, totalLabels = [TOTAL]) =>
  writeBook({ unit: "円", budget: BUDGET_YEN, print: { unit: "百万円", rows }, totalLabels });

/** The rows with one cell's text replaced. */
const withCell = (rows: readonly Printed[], line: string, segment: string, text: string) =>
  rows.map((r): Printed => (r[0] === line && r[1] === segment ? [line, segment, text] : r));

describe("a ledger in 円 against a print in 百万円", () => {
  const book = load(yenBook());
  const print = book.prints[0] as Print;

  it("ties out, by default and with --strict, every figure presented from 円", () => {
    expect(print.unit).toBe("百万円");
    expect(print.rows).toHaveLength(YEN_IN_MILLIONS.length);
    expect(notPassed(book, false)).toEqual([]);
    expect(notPassed(book, true)).toEqual([]);
    const figures = findingsOf(book, true).filter((f) => f.check === "published.figure");
    expect(figures).toHaveLength(25);
    const grant = figures.find((f) => f.line === "grant-revenue" && f.segment === "a");
    expect(grant?.message.en).toMatch(/1,234\.56789 百万円 presents as 1,235, 四捨五入/);
    expect(grant?.message.ja).toMatch(
      /（1,234\.56789 百万円 を四捨五入すると 1,235）と一致しています/,
    );
    const fees = figures.find((f) => f.line === "fees" && f.segment === "b");
    expect(fees?.message.en).toMatch(/4\.5 百万円 presents as 5, 四捨五入/);
  });

  it("holds 手数料収入's 法人計 350 against 346 + 5 = 351 as consistent with rounding", () => {
    const f = findingsOf(book, true).find(
      (x) => x.check === "published.sums" && x.line === "fees" && x.segment === undefined,
    );
    expect(f?.status).toBe("pass");
    expect(f?.message.en).toMatch(
      /\(法人計\) 350 = Σ segments = 351; .*: consistent with rounding/,
    );
    // In Japanese: the book's word for a segment (勘定), the same figures and range.
    expect(f?.message.ja).toMatch(
      /（法人計） 350 = 各勘定の計 = 351 です。端数処理された内訳から求めた許容範囲は .*（四捨五入）です。端数処理による差であり、整合しています/,
    );
  });

  it("fails (--strict) when a figure is off by one, naming its line and segment", () => {
    const broken = load(yenBook(withCell(YEN_IN_MILLIONS, "grant-revenue", "甲勘定", "1,234")));
    const failed = notPassed(broken, true).filter((f) => f.check === "published.figure");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ status: "fail", line: "grant-revenue", segment: "a" });
    expect(failed[0]?.compared?.difference.toString()).toBe("-1");
  });

  it("reads the total column labelled 法人計 as the total when book.json declares it", () => {
    const totals = print.rows.filter((r) => r.segment === null);
    expect(totals).toHaveLength(10);
    expect(totals.map((r) => r.line)).toContain("net-income");
    expect(book.totalLabels).toContain(TOTAL);
    // Without totalLabels, 法人計 is not a segment of the book.
    const loaded = loadBook(yenBook(YEN_IN_MILLIONS, []));
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const unknown = loaded.issues.filter((i) => i.code === "segment.unknown");
    expect(unknown).toHaveLength(10);
    expect(unknown[0]?.message.en).toMatch(/法人計/);
  });

  it("sums a deduction printed as a magnitude with the sign of its figure, positive or negative", () => {
    const sums = findingsOf(book, true).filter((f) => f.check === "published.sums");
    // 乙勘定: 資金収入 8 = 手数料収入 5 + 当期末未収金 (+3, the figure is +3.4).
    const cashIn = sums.find((f) => f.line === "cash-in" && f.segment === "b");
    expect(cashIn?.status).toBe("pass");
    expect(cashIn?.compared?.expected.toString()).toBe("8");
    // 法人計: −9 = −12 (甲勘定) + 3 (乙勘定).
    const closing = sums.find((f) => f.line === "closing-receivables" && f.segment === undefined);
    expect(closing?.status).toBe("pass");
    expect(closing?.compared?.actual.toString()).toBe("-9");
    expect(closing?.compared?.expected.toString()).toBe("-9");
  });
});

describe("nil cells: blank, 「－」, 「―」, 「—」, 「‐」", () => {
  const book = load(yenBook());
  const print = book.prints[0] as Print;
  const row = (line: string, segment: string | null) =>
    print.rows.find((r) => r.line === line && r.segment === segment);

  it.each([
    ["misc", "a", ""],
    ["misc", "b", "－"],
    ["misc", null, "―"],
    ["extraordinary", "a", "—"],
    ["extraordinary", "b", "‐"],
  ] as const)("%s (%s) printed 「%s」 loads as no figure, not 0", (line, segment, _text) => {
    const r = row(line, segment);
    expect(r).toBeDefined();
    expect(r?.cells.has("amount")).toBe(false);
    const about = findingsOf(book, true).filter(
      (f) => f.line === line && (f.segment ?? null) === segment,
    );
    // No figure to compare: no published.figure, and nothing but passes.
    expect(about.filter((f) => f.check === "published.figure")).toEqual([]);
    expect(about.filter((f) => f.status !== "pass")).toEqual([]);
  });

  it("「0」 is a figure: 特別損失's 法人計 is compared as 0", () => {
    const cell = row("extraordinary", null)?.cells.get("amount");
    expect(cell?.amount?.isZero()).toBe(true);
    const f = findingsOf(book, true).find(
      (x) =>
        x.check === "published.figure" && x.line === "extraordinary" && x.segment === undefined,
    );
    expect(f?.status).toBe("pass");
  });

  it("text that is neither a figure nor a dash is refused at its cell", () => {
    const loaded = loadBook(yenBook(withCell(YEN_IN_MILLIONS, "misc", "乙勘定", "n/a")));
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.issues.map((i) => i.code)).toEqual(["amount.invalid"]);
  });
});

describe("a print declared in the wrong unit", () => {
  const ledger = load(writeBook({ unit: "千円", budget: BUDGET_THOUSANDS }));
  const model = derive(ledger);
  /** Every figure of the ledger as `as` presents it, one row per line and segment (法人計 too). */
  const rowsIn = (as: (m: Money) => Money): Printed[] =>
    ledger.lines
      .filter((l) => l.kind !== "heading")
      .flatMap((l) =>
        [...SEGMENTS.map((s) => [s.id, s.name] as const), [null, TOTAL] as const].map(
          ([id, name]): Printed => {
            const m = moneyOf(model.figure(l.id, id).amount);
            const shown = as(l.printed === "magnitude" ? m.abs() : m);
            return [l.id, name, shown.isZero() ? "－" : shown.format()];
          },
        ),
      );

  it.each([
    ["百万円", "千円", (m: Money) => m],
    ["千円", "百万円", (m: Money) => m.presentIn("百万円", "half-up")],
  ] as const)(
    "declared %s but printed in %s: one published.unit finding naming both units",
    (declared, actual, as) => {
      const rows = rowsIn(as);
      const book = load(
        writeBook({
          unit: "千円",
          budget: BUDGET_THOUSANDS,
          print: { unit: declared, rows },
          totalLabels: [TOTAL],
        }),
      );
      expect((book.prints[0] as Print).rows.filter((r) => r.cells.has("amount")).length).toBe(24);
      for (const strict of [false, true]) {
        const found = notPassed(book, strict);
        expect(found.map((f) => f.check)).toEqual(["published.unit"]);
        expect(found[0]?.message.en).toMatch(
          new RegExp(`declared in ${declared} but looks like it is in ${actual}`),
        );
        expect(found[0]?.message.ja).toMatch(
          new RegExp(
            `公表資料の単位は ${declared} と宣言されていますが、${actual} で作成されているようです。`,
          ),
        );
      }
      // Declared in the unit it is really in, the same figures tie out.
      const right = load(
        writeBook({
          unit: "千円",
          budget: BUDGET_THOUSANDS,
          print: { unit: actual, rows },
          totalLabels: [TOTAL],
        }),
      );
      expect(notPassed(right, true)).toEqual([]);
    },
  );
});
