/**
 * 公営企業 budgets from real 予算書 (issue 22, part 5): small books built from the structure of
 * published 水道事業会計予算 and 下水道事業会計予算 (test/fixtures/water-*, sewer-*; each
 * README.md cites its page). One entity, no segments, 千円, 第3条 and 第4条 by 款・項 as printed,
 * the 第4条 不足額 and its 補てん財源 as declared ties, the 企業債 限度額 as a limit, the 第2条
 * quantities, and the 議案 as the adopted print. Each builds clean — no failure, no warning:
 * yosan raises no false alarm on a real document — and each planted error is caught by the
 * check that names it, at its line and its cell.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../src/cli/build.ts";
import { runCheck } from "../src/cli/commands.ts";
import type { JsonFinding, StatementsJson } from "../src/render/statements-json.ts";
import { jsonFigure, REPO, tempDir } from "./helpers/book.ts";

const FIXTURES = join(REPO, "test/fixtures");

/** The books, each from one real document (README.md in each names it). */
const BOOKS = ["water-yuki-h16", "water-yabu-h29", "sewer-yabu-h29", "water-gamagori-r4"] as const;
const [YUKI, YABU, SEWER, GAMAGORI] = BOOKS;

interface Built {
  readonly exitCode: number;
  readonly stderr: readonly string[];
  readonly json: StatementsJson;
}

/** Build a book (statements.json only) into a temporary directory. */
async function buildJson(book: string, strict = false): Promise<Built> {
  const out = join(tempDir("yosan-utility-"), "out");
  const result = await build(book, { out, strict, formats: ["json"] });
  const json = JSON.parse(readFileSync(join(out, "statements.json"), "utf8")) as StatementsJson;
  return { exitCode: result.exitCode, stderr: result.stderr, json };
}

/** A copy of a fixture with `from` replaced by `to` in one of its files (which must hold `from`). */
function planted(book: string, file: string, from: string, to: string): string {
  const dir = join(tempDir(), book);
  cpSync(join(FIXTURES, book), dir, { recursive: true });
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  if (!text.includes(from)) throw new Error(`${book}/${file} has no ${from}`);
  writeFileSync(path, text.replace(from, to));
  return dir;
}

function notPassing(json: StatementsJson): JsonFinding[] {
  return json.checks.filter((c) => c.status !== "pass");
}

/** The one finding of `check` with `status`, failing the test when there is not exactly one. */
function only(json: StatementsJson, check: string, status: string, line?: string): JsonFinding {
  const found = json.checks.filter(
    (c) => c.id === check && c.status === status && (line === undefined || c.line === line),
  );
  expect(found, `${check} ${status} ${line ?? ""}`).toHaveLength(1);
  return found[0] as JsonFinding;
}

/**
 * `file:row:column` of the first row of a fixture's file that starts with `start` (rows counted
 * from 1, the header being row 1): the cell a finding should name.
 */
function cell(book: string, file: string, start: string, column: string): string {
  const rows = readFileSync(join(FIXTURES, book, file), "utf8").split("\n");
  const row = rows.findIndex((r) => r.startsWith(start));
  if (row < 0) throw new Error(`${book}/${file} has no row starting ${start}`);
  return `${file}:${row + 1}:${column}`;
}

/** Whether a finding names the cell `file:row:column` of the book. */
function names(f: JsonFinding, cell: string): boolean {
  return f.sources.some((s) => s.endsWith(`/${cell}`) || s === cell);
}

describe("公営企業 budgets from real 予算書 build clean", () => {
  it.each(BOOKS)("%s: exit 0, no failure, no warning, no segment", async (name) => {
    const { exitCode, stderr, json } = await buildJson(join(FIXTURES, name));
    expect(stderr).toEqual([]);
    expect(notPassing(json)).toEqual([]);
    expect(exitCode).toBe(0);
    expect(json.segments).toEqual([]);
    expect(json.checks.some((c) => c.id === "segments.sum")).toBe(false);
    // Every printed 款・項 figure is tied out against the ledger.
    expect(json.checks.filter((c) => c.id === "published.figure").length).toBeGreaterThan(15);
    // The command says the same.
    expect(runCheck(join(FIXTURES, name)).exitCode).toBe(0);
  });

  it("第2条's quantities are figures with their unit, apart from money", async () => {
    const { json } = await buildJson(join(FIXTURES, YUKI));
    const volume = json.statements.find((st) => st.id === "volume");
    expect(volume?.lines.map((l) => [l.label, l.total, l.unit ?? json.unit])).toEqual([
      ["給水戸数", "16767", "戸"],
      ["年間総給水量", "6297528", "㎥"],
      ["一日平均給水量", "17254", "㎥/日"],
      // Printed 507,186,000円 (the 議案's second print, in 円, ties it out): money, in 千円.
      ["主要な建設改良事業", "507186", "千円"],
    ]);
    const taps = (await buildJson(join(FIXTURES, GAMAGORI))).json.statements
      .find((st) => st.id === "volume")
      ?.lines.find((l) => l.id === "taps");
    expect([taps?.total, taps?.unit]).toEqual(["34382", "栓"]);
  });

  it("each declared tie and limit passes on the documents' own figures", async () => {
    const yuki = (await buildJson(join(FIXTURES, YUKI))).json;
    // 第4条: 700,202 − 437,260 = 262,942 = 過年度分損益勘定留保資金等 262,942.
    expect(jsonFigure(yuki, "capital", "capital-expenditure", null)).toBe("700202");
    expect(jsonFigure(yuki, "capital", "capital-income", null)).toBe("437260");
    const shortfall = only(yuki, "capital.shortfall", "pass");
    expect([shortfall.expected, shortfall.actual]).toEqual(["262942", "262942"]);
    expect(only(yuki, "capital.funding", "pass").actual).toBe("262942");
    for (const name of [YABU, SEWER]) {
      const { json } = await buildJson(join(FIXTURES, name));
      for (const check of ["capital.shortfall", "capital.funding"])
        expect(only(json, check, "pass").difference, `${name} ${check}`).toBe("0");
    }
  });
});

describe("planted errors are caught by the check that names them", () => {
  it("a changed 建設改良費 breaks 第4条's 不足額 (資本的支出 − 資本的収入 = 不足額)", async () => {
    // 建設改良費 509,354 → 519,354 (budget.csv row 10): 資本的支出 becomes 710,202.
    const book = planted(YUKI, "budget.csv", '建設改良費,"509,354"', '建設改良費,"519,354"');
    const { exitCode, json } = await buildJson(book);
    expect(exitCode).toBe(1);
    const tie = only(json, "capital.shortfall", "fail");
    expect(tie.line).toBe("capital-expenditure - capital-income");
    expect([tie.expected, tie.actual, tie.difference]).toEqual(["262942", "272942", "10000"]);
    // The tie names the 不足額's cell and the layout row of the 資本的支出 the change rolls into.
    expect(names(tie, cell(YUKI, "budget.csv", "不足額,", "amount"))).toBe(true);
    expect(names(tie, cell(YUKI, "layout.csv", "capital,capital-expenditure,", "id"))).toBe(true);
    // 不足額 = Σ 補てん財源 still holds: the error is in the 款・項, not in the sentence.
    only(json, "capital.funding", "pass");
    // The adopted 議案 names the changed cell itself.
    const printed = only(json, "published.figure", "fail", "construction");
    expect(names(printed, cell(YUKI, "budget.csv", "建設改良費,", "amount"))).toBe(true);
    expect(
      names(
        printed,
        cell(YUKI, "gian.csv", "第4条 資本的収入及び支出,capital,construction,", "amount"),
      ),
    ).toBe(true);
  });

  it("a changed 補てん財源 breaks 不足額 = Σ 補てん財源", async () => {
    // 当年度分消費税及び地方消費税資本的収支調整額 12,025 → 12,052 (a transposition).
    const book = planted(SEWER, "budget.csv", '"12,025"', '"12,052"');
    const { exitCode, json } = await buildJson(book);
    expect(exitCode).toBe(1);
    const tie = only(json, "capital.funding", "fail");
    expect([tie.expected, tie.actual, tie.difference]).toEqual(["618840", "618813", "-27"]);
    expect(names(tie, cell(SEWER, "budget.csv", "不足額,", "amount"))).toBe(true);
    expect(names(tie, cell(SEWER, "budget.csv", "当年度分消費税", "amount"))).toBe(true);
    only(json, "capital.shortfall", "pass");
  });

  it("企業債 above its 限度額 fails, naming the limit and the margin", async () => {
    // 企業債 276,000 → 276,500: 500 over the 第5条 限度額 of 276,000.
    const book = planted(YUKI, "budget.csv", '企業債,"276,000"', '企業債,"276,500"');
    const { exitCode, json } = await buildJson(book);
    expect(exitCode).toBe(1);
    const limit = only(json, "bonds.limit", "fail");
    expect(limit.line).toBe("bonds");
    expect([limit.expected, limit.actual, limit.difference]).toEqual(["276000", "276500", "500"]);
    // 「企業債 276,500 exceeds 第5条 企業債（水道事業） 276,000 by 500」: the 条, the limit, the margin.
    expect(limit.message).toContain("第5条 企業債");
    expect(limit.message).toContain("276,000");
    expect(limit.message).toContain("500");
    expect(names(limit, cell(YUKI, "budget.csv", "企業債,", "amount"))).toBe(true);
    expect(names(limit, cell(YUKI, "provisions.csv", "bond-limit,", "amount"))).toBe(true);
  });

  it("企業債 at its 限度額 passes (the documents' own figures)", async () => {
    const { json } = await buildJson(join(FIXTURES, YABU));
    const limit = only(json, "bonds.limit", "pass");
    expect([limit.expected, limit.actual]).toEqual(["67100", "67100"]);
  });

  it("a ledger figure that differs from the adopted 議案 fails without --strict", async () => {
    // 営業費用 1,518,928 → 1,518,982 in the ledger; the 議案 prints 1,518,928.
    const book = planted(SEWER, "budget.csv", '"1,518,928"', '"1,518,982"');
    const { exitCode, json } = await buildJson(book);
    expect(exitCode).toBe(1);
    const f = only(json, "published.figure", "fail", "operating-expenses");
    expect([f.expected, f.actual, f.difference]).toEqual(["1518982", "1518928", "-54"]);
    expect(
      names(
        f,
        cell(
          SEWER,
          "gian.csv",
          "第3条 収益的収入及び支出,revenue-expense,operating-expenses,",
          "amount",
        ),
      ),
    ).toBe(true);
    expect(names(f, cell(SEWER, "budget.csv", "営業費用,", "amount"))).toBe(true);
    // The 款 printed above it differs by as much.
    only(json, "published.figure", "fail", "sewer-expenses");
    // Nothing else moved: no tie runs through 第3条.
    expect(notPassing(json).every((c) => c.id === "published.figure")).toBe(true);
  });

  it("the same difference against a published page (not the 議案) stays a warning unless --strict", async () => {
    const book = planted(GAMAGORI, "budget.csv", '営業費用,"1,900,579"', '営業費用,"1,900,597"');
    const plain = await buildJson(book);
    expect(plain.exitCode).toBe(0);
    const f = only(plain.json, "published.figure", "warn", "operating-expenses");
    expect(
      names(
        f,
        cell(
          GAMAGORI,
          "web.csv",
          "収益的収入及び支出,revenue-expense,operating-expenses,",
          "amount",
        ),
      ),
    ).toBe(true);
    expect(names(f, cell(GAMAGORI, "budget.csv", "営業費用,", "amount"))).toBe(true);
    const strict = await buildJson(book, true);
    expect(strict.exitCode).toBe(1);
    only(strict.json, "published.figure", "fail", "operating-expenses");
  });

  it("主要な建設改良事業 above the 建設改良費 it is part of fails the book's ≤", async () => {
    // 第2条(4) 管渠整備費 75,600 → 175,600: the 主要な建設改良事業 reach 269,600 > 243,952.
    const book = planted(
      SEWER,
      "budget.csv",
      'major-works-sewers,"75,600"',
      'major-works-sewers,"175,600"',
    );
    const { exitCode, json } = await buildJson(book);
    expect(exitCode).toBe(1);
    const f = only(json, "works.within", "fail");
    expect([f.expected, f.actual, f.difference]).toEqual(["243952", "269600", "25648"]);
    expect(names(f, cell(SEWER, "budget.csv", "major-works-sewers,", "amount"))).toBe(true);
    expect(names(f, cell(SEWER, "budget.csv", "建設改良費,", "amount"))).toBe(true);
  });

  it("a quantity added to money is refused at load, naming both lines", async () => {
    // 水道事業収益 = 営業収益 + 営業外収益 + 給水戸数: 戸 added to 千円.
    const book = planted(
      YUKI,
      "layout.csv",
      "operating-revenue + non-operating-revenue,",
      "operating-revenue + non-operating-revenue + households,",
    );
    const out = join(tempDir("yosan-utility-"), "out");
    const result = await build(book, { out, formats: ["json"] });
    expect(result.exitCode).toBe(2);
    const text = result.stderr.join("\n");
    expect(text).toContain(cell(YUKI, "layout.csv", "revenue-expense,water-revenue,", "formula"));
    expect(text).toContain("給水戸数");
    expect(text).toContain("水道事業収益");
  });

  it("a 第2条 quantity that differs from the adopted 議案 fails, exactly and in its unit", async () => {
    // The 議案 prints 第2条 (1)-(3) as quantities: tied out exactly, each in its unit, never
    // under the print's 千円 and 四捨五入.
    const clean = (await buildJson(join(FIXTURES, YABU))).json;
    const tied = (line: string) => only(clean, "published.figure", "pass", line);
    expect(
      ["households", "annual-volume", "daily-volume"].map((l) => [
        tied(l).expected,
        tied(l).actual,
        tied(l).unit,
      ]),
    ).toEqual([
      ["10700", "10700", "戸"],
      ["3131000", "3131000", "㎥"],
      ["8578", "8578", "㎥/日"],
    ]);
    // 給水戸数 10,700 → 17,000 in the ledger; the 議案 prints 10,700 戸.
    const book = planted(YABU, "budget.csv", 'households,"10,700"', 'households,"17,000"');
    const { exitCode, json } = await buildJson(book);
    expect(exitCode).toBe(1);
    const f = only(json, "published.figure", "fail", "households");
    expect([f.expected, f.actual, f.difference, f.unit]).toEqual(["17000", "10700", "-6300", "戸"]);
    expect(f.message).toContain("10,700 戸");
    expect(f.message).toContain("17,000 戸");
    expect(names(f, cell(YABU, "budget.csv", "households,", "amount"))).toBe(true);
    expect(
      names(f, cell(YABU, "gian.csv", "第2条 業務の予定量,volume,households,", "amount")),
    ).toBe(true);
    // Nothing else moved: a quantity is in no money sum, and the print's unit is not in question.
    expect(notPassing(json)).toEqual([f]);
    expect(runCheck(book).exitCode).toBe(1);
  });
});
