/**
 * Bad input never crashes yosan and never writes: each case gets a message naming file, row
 * and column and what was expected, exit code 2, and no output directory.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../src/cli/build.ts";
import { appendLines, copyBook, REPO, tempDir } from "./helpers/book.ts";

function lineCount(file: string): number {
  return readFileSync(file, "utf8").trimEnd().split("\n").length;
}

async function expectRejected(book: string, pattern: RegExp) {
  const out = join(tempDir("yosan-out-"), "out");
  const result = await build(book, { out });
  expect(result.exitCode).toBe(2);
  const text = result.stderr.join("\n");
  expect(text).toMatch(pattern);
  expect(text).toMatch(/nothing was written/);
  expect(existsSync(out)).toBe(false);
  return text;
}

describe("bad input: exit 2, a message naming file:row:column, nothing written", () => {
  it("unknown account", async () => {
    const book = copyBook();
    appendLines(`${book}/budget.csv`, "存在しない科目,一般事業,100,");
    const row = lineCount(`${book}/budget.csv`);
    const text = await expectRejected(
      book,
      new RegExp(`budget\\.csv:${row}:account: error: unknown account 「存在しない科目」`),
    );
    expect(text).toMatch(/nearest:/);
  });

  it("unknown segment", async () => {
    const book = copyBook();
    appendLines(`${book}/budget.csv`, "事業費,架空事業,100,");
    const row = lineCount(`${book}/budget.csv`);
    await expectRejected(
      book,
      new RegExp(`budget\\.csv:${row}:segment: error: unknown segment 「架空事業」`),
    );
  });

  it("non-numeric amount 12,3４5x", async () => {
    const book = copyBook();
    appendLines(`${book}/budget.csv`, '事業費,一般事業,"12,3４5x",');
    const row = lineCount(`${book}/budget.csv`);
    const text = await expectRejected(
      book,
      new RegExp(`budget\\.csv:${row}:amount: error: 「12,3４5x」 is not an amount`),
    );
    expect(text).toMatch(/expected digits/);
    expect(text).toContain('事業費,一般事業,"12,3４5x",');
  });

  it("missing column", async () => {
    const book = copyBook();
    const file = `${book}/bridge.csv`;
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        /^account,segment,amount,note/,
        "account,segment,value,note",
      ),
    );
    await expectRejected(book, /bridge\.csv:1:amount: error: missing column 「amount」/);
  });

  it("duplicate layout line", async () => {
    const book = copyBook();
    appendLines(`${book}/layout.csv`, "balance-sheet,receivables,未収金(重複),,2,leaf,,");
    const row = lineCount(`${book}/layout.csv`);
    await expectRejected(
      book,
      new RegExp(
        `layout\\.csv:${row}:id: error: line 「receivables」 is declared twice \\(first at row 5\\)`,
      ),
    );
  });

  it("empty file", async () => {
    const book = copyBook();
    writeFileSync(`${book}/bridge.csv`, "");
    await expectRejected(book, /bridge\.csv:1: error: the file is empty/);
  });

  it("a formula naming an unknown line", async () => {
    const book = copyBook();
    appendLines(`${book}/checks.csv`, "tie.cash,typo,cash-and-depozits,cf-closing-cash");
    const row = lineCount(`${book}/checks.csv`);
    await expectRejected(
      book,
      new RegExp(
        `checks\\.csv:${row}:left: error: unknown line 「cash-and-depozits」 \\(nearest: cash-and-deposits`,
      ),
    );
  });

  it("a layout with a cycle", async () => {
    const book = copyBook();
    const file = `${book}/layout.csv`;
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "current-assets-total,流動資産合計,,1,derived,cash-and-deposits +",
        "current-assets-total,流動資産合計,,1,derived,total-assets + cash-and-deposits +",
      ),
    );
    await expectRejected(book, /layout\.csv:\d+:formula: error: cycle: .*current-assets-total/);
  });

  it("a Shift_JIS file is named, not misread", async () => {
    const book = copyBook();
    // 「事業費」 in Shift_JIS: 8E 96 8B C6 94 EF
    const sjis = Buffer.concat([
      Buffer.from("account,segment,amount,note\n"),
      Buffer.from([0x8e, 0x96, 0x8b, 0xc6, 0x94, 0xef]),
      Buffer.from(",general,1,\n"),
    ]);
    writeFileSync(`${book}/bridge.csv`, sjis);
    await expectRejected(book, /bridge\.csv:2: error: the file is not valid UTF-8/);
  });

  it("a manifest with an invalid unit points at the key", async () => {
    const book = copyBook();
    const file = `${book}/book.json`;
    writeFileSync(file, readFileSync(file, "utf8").replace('"unit": "千円"', '"unit": "万円"'));
    await expectRejected(
      book,
      /book\.json:\d+:\/unit: error: must be one of: "円", "千円", "百万円"/,
    );
  });

  it("the command line exits 2 and writes nothing", () => {
    const book = copyBook();
    appendLines(`${book}/budget.csv`, "事業費,一般事業,abc,");
    const out = join(tempDir("yosan-out-"), "out");
    const run = spawnSync(
      process.execPath,
      [join(REPO, "src/cli/bin.mjs"), "build", book, "--out", out],
      { encoding: "utf8" },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/budget\.csv:\d+:amount: error: 「abc」 is not an amount/);
    expect(existsSync(out)).toBe(false);
  });
});

describe("accepted variants of input", () => {
  it("UTF-8 BOM, CRLF, full-width digits, △ ▲ - ( ) negatives and separators", async () => {
    const book = copyBook();
    const file = `${book}/budget.csv`;
    const text = readFileSync(file, "utf8").replace(/\n/g, "\r\n");
    const extra = [
      "事業費,一般事業,１，０００,",
      "事業費,一般事業,△500,",
      "事業費,一般事業,▲200,",
      "事業費,一般事業,-100,",
      "事業費,一般事業,(100),",
      '事業費,一般事業," 1,000 ",',
    ];
    writeFileSync(file, `\uFEFF${text}${extra.join("\r\n")}\r\n`);
    const out = join(tempDir("yosan-out-"), "out");
    const result = await build(book, { out });
    expect(result.stderr).toEqual([]);
    // +1,000 −500 −200 −100 −100 +1,000 = +1,100 on 一般事業's 事業費 (3,543,415).
    const json = JSON.parse(readFileSync(join(out, "statements.json"), "utf8"));
    const pl = json.statements.find((s: { id: string }) => s.id === "profit-and-loss");
    expect(pl.lines.find((l: { id: string }) => l.id === "project-expenses").segments.general).toBe(
      "3544515",
    );
  });
});
