/**
 * A generated book of 20,000 budget lines (FY29's rows split into random parts, shuffled)
 * builds to exactly FY29's statements and checks, and its statements.json stays about FY29's
 * size: entries are aggregated per account × segment and findings list a bounded number of
 * source cells, so output grows with the pairs, not the lines.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { derive } from "../src/derive/derive.ts";
import { explain, findLine } from "../src/derive/explain.ts";
import { plusAmount, zeroLike } from "../src/model/quantity.ts";
import { budgetRowStream } from "../src/read/budget-rows.ts";
import { loadBook } from "../src/read/load-book.ts";
import { renderExplainText } from "../src/render/explain-text.ts";
import { journalOf } from "../src/render/journal.ts";
import { type Built, buildTemp, FY29, tempDir } from "./helpers/book.ts";
import { generateBook } from "./tools/generate-book.ts";

const LINES = 20_000;

describe(`a generated book of ${LINES.toLocaleString("en-US")} budget lines`, () => {
  let big: Built;
  let fy29: Built;
  let dir: string;

  beforeAll(async () => {
    dir = generateBook({ lines: LINES, out: join(tempDir("yosan-large-"), "book") }).dir;
    big = await buildTemp(dir);
    fy29 = await buildTemp(FY29);
  }, 60_000);

  it("builds to exactly the FY29 statements (ending cash 21,616,961) and checks", () => {
    expect(big.result.stderr).toEqual([]);
    expect(big.json.statements).toEqual(fy29.json.statements);
    expect(big.json.supplementary).toEqual(fy29.json.supplementary);
    const cash = big.json.statements
      .flatMap((s) => s.lines)
      .find((l) => l.id === "cf-closing-cash");
    expect(cash?.total).toBe("21616961");
    expect(big.json.summary).toEqual(fy29.json.summary);
    expect(big.json.checks.map((c) => [c.id, c.status, c.line, c.segment, c.difference])).toEqual(
      fy29.json.checks.map((c) => [c.id, c.status, c.line, c.segment, c.difference]),
    );
  });

  it("keeps one entry per account × segment, and statements.json about FY29's size", () => {
    const loaded = loadBook(dir);
    if (!loaded.ok) throw new Error("does not load");
    // 186 pairs in budget.csv, as FY29's rows, and bridge.csv's 14 rows unchanged.
    expect(loaded.book.entries.length).toBe(200);
    expect(loaded.book.entries.reduce((n, e) => n + (e.rows?.length ?? 1), 0)).toBe(LINES + 14);
    const size = (b: Built) => statSync(join(b.out, "statements.json")).size;
    expect(size(big)).toBeLessThan(size(fy29) * 1.5);
    const sources = big.json.checks.map((c) => c.sources.length);
    expect(Math.max(...sources)).toBeLessThan(200);
    expect(big.json.checks.some((c) => c.sources.some((s) => /more rows of /.test(s)))).toBe(true);
  });

  it("explains a leaf by its first rows and the exact rest", () => {
    const loaded = loadBook(dir);
    if (!loaded.ok) throw new Error("does not load");
    const model = derive(loaded.book);
    const found = findLine(model, "cash-and-deposits");
    if (!found.ok) throw new Error(found.message.en);
    const tree = explain(model, found.line, null);
    expect(tree.amount.toString()).toBe(model.figure("cash-and-deposits", null).amount.toString());
    const sum = tree.children.reduce((a, c) => plusAmount(a, c.amount), zeroLike(tree.amount));
    expect(sum.toString()).toBe(tree.amount.toString());
    expect(tree.children.length).toBeLessThanOrEqual(20 + 8);
    expect(renderExplainText(tree, undefined, "en")).toMatch(/\(input: [\d,]+ rows\)/);
    expect(renderExplainText(tree, undefined, "en")).toMatch(/… and [\d,]+ more rows of /);
  });

  it("exports one journal transaction per budget line, streamed from the file", () => {
    const loaded = loadBook(dir);
    if (!loaded.ok) throw new Error("does not load");
    const journal = journalOf(loaded.book, budgetRowStream(loaded.book), "en");
    expect(journal.match(/^\d{4}-\d{2}-\d{2} .*; source: .*budget\.csv:\d+$/gm)?.length).toBe(
      LINES,
    );
    const budget = readFileSync(join(dir, "budget.csv"), "utf8").split("\n");
    // The 7th line of the file is the 6th data row: its transaction names that row.
    const [account, , amount] = (budget[6] ?? "").split(",");
    expect(journal).toContain(`budget.csv:7\n`);
    expect(account).not.toBe("");
    expect(journal).toMatch(new RegExp(`budget\\.csv:7\\n {4}\\S+ {2}${amount}\\n`));
  });
});
