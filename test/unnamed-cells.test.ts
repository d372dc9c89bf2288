/**
 * A CSV row with a cell no column names — past the header's end or under a blank heading, as
 * an unquoted 1,234 or a note with a comma splits into — is refused at that cell (csv.malformed),
 * on the budget's fast path and in every other book file, never read with part of its amount or
 * note lost. Trailing empty cells are no cells. And a mistyped account id is told the ids nearest it.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBook } from "../src/read/load-book.ts";
import { REPO, tempDir } from "./helpers/book.ts";

const WATER = join(REPO, "ledgers/water-r7");

/** The example with one budget.csv row replaced (a text, or a whole row by a pattern). */
function withRow(from: string | RegExp, to: string): string {
  const dir = join(tempDir("yosan-unnamed-"), "water-r7");
  cpSync(WATER, dir, { recursive: true });
  const path = join(dir, "budget.csv");
  const text = readFileSync(path, "utf8");
  if (typeof from === "string" ? !text.includes(from) : !from.test(text))
    throw new Error(`budget.csv has no ${from}`);
  writeFileSync(path, text.replace(from, to));
  return dir;
}

const SUBSIDY_ROW = /^rev-subsidies-base,.*$/m;

describe("a CSV row with a cell no column names", () => {
  it("an unquoted 71,622 is refused at the cell it spilled into, not read as 71", () => {
    const dir = withRow('exp-purification-power,"71,622",', "exp-purification-power,71,622,");
    const r = loadBook(dir);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, i.source])).toEqual([
      ["csv.malformed", expect.objectContaining({ row: 24, column: "4" })],
    ]);
    expect(r.issues[0]?.message.ja).toContain("4 列目のセル「浄水場・取水ポンプ電力料」");
    expect(r.issues[0]?.message.en).toContain('written in quotes ("1,234")');
  });

  it("so is a note split by its comma, in any of the book's CSV files", () => {
    const dir = join(tempDir("yosan-unnamed-"), "water-r7");
    cpSync(WATER, dir, { recursive: true });
    const path = join(dir, "checks.csv");
    writeFileSync(
      path,
      `${readFileSync(path, "utf8")}extra.tie,説明,cex-total,=,cex-total,ヒント,余分\n`,
    );
    const r = loadBook(dir);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]?.code).toBe("csv.malformed");
    expect(r.issues[0]?.message.en).toContain("「余分」 in column 7");
  });

  it("trailing empty cells are no cells", () => {
    const dir = withRow(
      'exp-purification-power,"71,622",浄水場・取水ポンプ電力料',
      'exp-purification-power,"71,622",浄水場・取水ポンプ電力料,, ,',
    );
    expect(loadBook(dir).ok).toBe(true);
  });
});

describe("an unquoted figure split into the amount and a blank note", () => {
  it.each([
    ["11,000", "11", "000"],
    ["△11,000", "△11", "000"],
  ])("%s is refused at its amount, not read as %s with a note of %s", (figure, amount, note) => {
    const dir = withRow(SUBSIDY_ROW, `rev-subsidies-base,${figure}`);
    const r = loadBook(dir);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.code, (i.source as { column?: string }).column])).toEqual([
      ["csv.malformed", "amount"],
    ]);
    expect(r.issues[0]?.message.en).toContain(`write "${amount},${note}" in quotes`);
    expect(r.issues[0]?.message.ja).toContain(`引用符のない ${amount},${note}`);
  });

  it("1,234,567 unquoted is refused too (its last group is a cell no column names)", () => {
    const dir = withRow(SUBSIDY_ROW, "rev-subsidies-base,1,234,567");
    const r = loadBook(dir);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.code)).toEqual(["csv.malformed"]);
  });

  it("a three-digit amount with a worded note is read as written", () => {
    const dir = withRow(SUBSIDY_ROW, "rev-subsidies-base,110,000件");
    expect(loadBook(dir).ok).toBe(true);
  });
});

describe("a mistyped account id", () => {
  it("is told the ids nearest it, each with its label", () => {
    const dir = withRow(/^exp-purification-outsourcing,/m, "exp-purification-outsorcing,");
    const r = loadBook(dir);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]?.code).toBe("account.unknown");
    expect(r.issues[0]?.message.en).toContain("(nearest: exp-purification-outsourcing（委託料）");
  });
});
