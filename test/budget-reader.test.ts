/**
 * The budget reader: its fast path (scanner, checks in code, integer sums) gives exactly what
 * the generic path (csv-parse, the budget schema, parseAmount per row) gives — the same entries
 * and the same issues, message for message — on random budget files with good and bad rows;
 * rows of one pair are aggregated into one entry with its rows; integer sums stay exact past
 * 2^53.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BudgetEntry } from "../src/model/book.ts";
import { formatInputIssue } from "../src/model/issues.ts";
import { readBudgetFile } from "../src/read/budget-reader.ts";
import { loadBook } from "../src/read/load-book.ts";
import { lineResolver, segmentResolver } from "../src/read/resolution.ts";
import { FY29, tempDir } from "./helpers/book.ts";

const loaded = loadBook(FY29);
if (!loaded.ok) throw new Error("FY29 does not load");
const fy29 = loaded.book;
const resolveLine = lineResolver(fy29.lines);
const names = {
  line: (text: string) => resolveLine(text, { leafOnly: true }),
  segment: segmentResolver(fy29.segments),
  segmented: true,
};

function read(text: string, generic: boolean) {
  const file = join(tempDir("yosan-budget-"), "budget.csv");
  writeFileSync(file, text);
  const r = readBudgetFile(file, "budget.csv", names, fy29.unit, { generic });
  return {
    issues: r.issues.map((i) => formatInputIssue(i, "en")),
    entries: r.entries.map((e: BudgetEntry) => ({
      ...e,
      amount: e.amount.toString(),
      rows: e.rows ? [...e.rows] : undefined,
      parts: e.parts?.map((p) => p.toString()),
    })),
  };
}

const csvCell = (text: string, quote: boolean) =>
  quote || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;

const account = fc.constantFrom(
  "現金及び預金",
  "cash-and-deposits",
  "未収金",
  "事業費のうち非資金費用",
  "前 払 金",
  "存在しない科目",
  "営業利益",
  "事業費",
  "",
);
const segment = fc.constantFrom(
  "一般事業",
  "general",
  "lgwan",
  "",
  "合計",
  "架空事業",
  " 一般事業 ",
);
const amount = fc.constantFrom(
  "100",
  "-5",
  "0012",
  "-0",
  "1,234",
  "△1,000",
  "(12)",
  "１，０００",
  "12,3４5x",
  "1.5",
  "999999999999999",
  "-999999999999999",
  "1000000000000000",
  "",
);
const row = fc.record({
  account,
  segment,
  amount,
  note: fc.constantFrom("", "明細, その1", 'say "hi"', "複数\n行"),
  quote: fc.boolean(),
});

const budgetText = fc
  .tuple(
    fc.array(fc.oneof({ weight: 9, arbitrary: row }, { weight: 1, arbitrary: fc.constant(null) }), {
      minLength: 1,
      maxLength: 30,
    }),
    fc.constantFrom("\n", "\r\n"),
    fc.boolean(),
    fc.constantFrom(
      "account,segment,amount,note",
      "note,amount,account,segment",
      "account,segment,amount",
    ),
  )
  .map(([rows, eol, bom, header]) => {
    const columns = header.split(",") as ("account" | "segment" | "amount" | "note")[];
    const lines = rows.map((r) =>
      r === null ? "" : columns.map((c) => csvCell(r[c], r.quote && c !== "account")).join(","),
    );
    const body = [header, ...lines].join(eol).replaceAll("\r\n", "\n").replaceAll("\n", eol);
    return `${bom ? "\uFEFF" : ""}${body}${eol}`;
  });

describe("budget reader", () => {
  it("the fast path gives the generic path's entries and issues", () => {
    fc.assert(
      fc.property(budgetText, (text) => {
        expect(read(text, false)).toEqual(read(text, true));
      }),
      { numRuns: 300 },
    );
  });

  it("falls back to the generic path for what the scanner declines, with the same result", () => {
    const text =
      "account,segment,amount\r\n現金及び預金,一般事業,1\r\n未収金,一般事業,2\n前払金,一般事業,3\r\n";
    expect(read(text, false)).toEqual(read(text, true));
    const quoted = 'account,segment,amount\n現金及び預金,一般事業,1\n未収金,一般事業,2 "x"\n';
    expect(read(quoted, false)).toEqual(read(quoted, true));
    expect(read(quoted, false).issues[0]).toMatch(/budget\.csv:3: error: /);
  });

  it("aggregates the rows of a pair into one entry with its rows, first note and first amounts", () => {
    const rows = Array.from({ length: 30 }, (_, i) => `未収金,一般事業,${i + 1},n${i}`);
    const r = read(["account,segment,amount,note", ...rows, "未収金,lgwan,7,"].join("\n"), false);
    expect(r.issues).toEqual([]);
    expect(r.entries).toHaveLength(2);
    const [first, second] = r.entries;
    expect(first?.amount).toBe("465");
    expect(first?.rows).toEqual(Array.from({ length: 30 }, (_, i) => i + 2));
    expect(first?.parts).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
    expect(first?.note).toBe("n0");
    expect(first?.source).toEqual({ kind: "cell", file: "budget.csv", row: 2, column: "amount" });
    expect(second).toMatchObject({ segment: "lgwan", amount: "7", rows: undefined });
  });

  it("keeps integer sums exact beyond 2^53", () => {
    const big = "999999999999999";
    const n = 5000;
    const text = [
      "account,segment,amount",
      ...Array(n).fill(`未収金,一般事業,${big}`),
      "未収金,一般事業,-1",
    ];
    const r = read(text.join("\n"), false);
    expect(r.entries[0]?.amount).toBe((BigInt(big) * BigInt(n) - 1n).toString());
  });
});
