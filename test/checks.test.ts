/**
 * Each check can fail: a ledger or layout that breaks it gets a failed finding with expected,
 * actual, difference and sources. (On the canonical book they all pass: see
 * seed-statements.test.ts.)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { modelAndFindings } from "../src/check/model-and-findings.ts";
import { loadBook } from "../src/read/load-book.ts";
import { appendLines, buildTemp, copyBook, FY29 } from "./helpers/book.ts";

function replaceIn(file: string, from: string, to: string) {
  const text = readFileSync(file, "utf8");
  if (!text.includes(from)) throw new Error(`${file}: no ${from}`);
  writeFileSync(file, text.replace(from, to));
}

describe("checks fail when their rule is broken", () => {
  it("segments.sum: an amount without a segment makes 合計 exceed the segments", async () => {
    const book = copyBook();
    appendLines(`${book}/budget.csv`, "預り金,,500,unallocated");
    const { json, result } = await buildTemp(book);
    const failed = json.checks.filter((c) => c.status === "fail" && c.id === "segments.sum");
    expect(failed.map((c) => c.line)).toEqual(
      expect.arrayContaining([
        "deposits-received",
        "current-liabilities-total",
        "total-liabilities",
      ]),
    );
    const f = failed.find((c) => c.line === "deposits-received");
    expect(f?.difference).toBe("500");
    expect(f?.message).toMatch(/500 is not allocated to a segment/);
    expect(result.exitCode).toBe(1);
    // In Japanese, the same figures, with the book's word for a segment.
    const loaded = loadBook(book);
    if (!loaded.ok) throw new Error("the book does not load");
    const ja = modelAndFindings(loaded.book, loaded.book.version).findings.find(
      (x) => x.check === "segments.sum" && x.line === "deposits-received",
    )?.message.ja;
    expect(ja).toMatch(
      /^「預り金」の合計 \S+ に対し、各事業の計は \S+ です（500 が事業に配分されていません）。$/,
    );
  });

  it("tie.receivables and tie.payables bite when the cash plan's closing balances are keyed, not derived", async () => {
    const book = copyBook();
    const layout = `${book}/layout.csv`;
    replaceIn(
      layout,
      "cf-closing-receivables,当期末未収金,,1,derived,- receivables,magnitude",
      "cf-closing-receivables,当期末未収金,,1,leaf,,magnitude",
    );
    replaceIn(
      layout,
      "cf-closing-payables,当期末未払金,,1,derived,- accounts-payable - income-taxes-payable,magnitude",
      "cf-closing-payables,当期末未払金,,1,leaf,,magnitude",
    );
    appendLines(
      `${book}/budget.csv`,
      "当期末未収金,一般事業,-734082,",
      "当期末未払金,一般事業,-1860351,keyed without 未払法人税等 70",
    );
    const { json } = await buildTemp(book);
    const failed = json.checks.filter((c) => c.status === "fail");
    const ids = new Set(failed.map((c) => `${c.id}:${c.segment ?? "合計"}`));
    // 一般事業 keyed right for receivables; every other segment now lacks its closing receivables.
    expect(ids.has("tie.receivables:general")).toBe(false);
    expect(ids.has("tie.receivables:resident-registry")).toBe(true);
    const payables = failed.find((c) => c.id === "tie.payables" && c.segment === "general");
    expect(payables?.expected).toBe("1860351");
    expect(payables?.actual).toBe("1860421");
    expect(payables?.difference).toBe("70");
    expect(payables?.sources.some((s) => /budget\.csv:\d+:amount/.test(s))).toBe(true);
  });

  it("tie.advances: the 前受金 schedule disagreeing with BS 長期前受金", async () => {
    const book = copyBook();
    replaceIn(`${book}/advances.csv`, '"500,000","500,000"', '"500,000","400,000"');
    const { json } = await buildTemp(book);
    const f = json.checks.find(
      (c) => c.id === "tie.advances" && c.segment === "jpki" && c.status === "fail",
    );
    expect(f?.line).toBe("long-term-advances-received");
    expect(f?.difference).toBe("100000");
    expect(f?.sources.some((s) => s.includes("advances.csv"))).toBe(true);
  });

  it("pl.chain: a profit line whose layout formula disagrees with the declared chain", async () => {
    const book = copyBook();
    replaceIn(
      `${book}/layout.csv`,
      "operating-income,営業利益,,0,derived,operating-revenue-total - operating-expenses-total",
      "operating-income,営業利益,,0,derived,operating-revenue-total - project-expenses",
    );
    const { json, result } = await buildTemp(book);
    const f = json.checks.filter(
      (c) => c.id === "pl.chain" && c.status === "fail" && c.line === "operating-income",
    );
    expect(f.length).toBe(7); // the six segments with 一般管理費, and 合計
    expect(result.exitCode).toBe(1);
  });

  it("published.figure: a mistyped printed figure is a warning, a failure with --strict", async () => {
    const book = copyBook();
    replaceIn(
      `${book}/published.csv`,
      '予定貸借対照表,balance-sheet,receivables,,"17,739,649"',
      '予定貸借対照表,balance-sheet,receivables,,"17,793,649"',
    );
    const loose = await buildTemp(book);
    const f = loose.json.checks.find((c) => c.id === "published.figure" && c.status !== "pass");
    expect(f?.status).toBe("warn");
    expect(f?.difference).toBe("54000");
    expect(loose.result.exitCode).toBe(0);
    const strict = await buildTemp(book, true);
    expect(strict.result.exitCode).toBe(1);
  });
});

describe("what a finding compares is said with its kind", () => {
  it("checks.csv gives commitments.years in 年度 and amounts in the book's unit or the 概要's", async () => {
    const { out } = await buildTemp(FY29);
    const rows = parse(readFileSync(join(out, "checks.csv"), "utf8"), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    const years = rows.filter((r) => r.check === "commitments.years");
    expect(years).toHaveLength(32);
    for (const r of years) {
      expect(r.unit).toBe("年度");
      expect(r.expected).toMatch(/^20\d\d$/);
      expect(r.actual).toMatch(/^20\d\d$/);
    }
    const printed = (file: string) =>
      new Set(
        rows
          .filter((r) => r.check === "published.figure" && r.sources?.includes(file))
          .map((r) => r.unit),
      );
    expect(printed("summary.csv")).toEqual(new Set(["百万円"]));
    expect(printed("published.csv")).toEqual(new Set(["千円"]));
    expect(new Set(rows.filter((r) => r.check === "segments.sum").map((r) => r.unit))).toEqual(
      new Set(["千円"]),
    );
  });
});
