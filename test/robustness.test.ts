/**
 * Defects a review found, each with its reproducer: none may crash, hang, lose data or pass
 * silently.
 */
import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../src/cli/build.ts";
import { runCheck } from "../src/cli/commands.ts";
import { runImport } from "../src/cli/import-command.ts";
import { appendLines, copyBook, tempDir } from "./helpers/book.ts";

function edit(file: string, from: string, to: string) {
  const text = readFileSync(file, "utf8");
  if (!text.includes(from)) throw new Error(`${file}: no ${from}`);
  writeFileSync(file, text.replace(from, to));
}

describe("loading refuses what would mislead", () => {
  it.each([
    [
      "a formula term naming a heading",
      (b: string) =>
        edit(
          join(b, "layout.csv"),
          "derived,cash-and-deposits + receivables",
          "derived,current-assets + cash-and-deposits + receivables",
        ),
      /layout\.csv:\d+:formula: error: 「current-assets」 is a heading/,
    ],
    [
      "a printed figure on a heading",
      (b: string) =>
        appendLines(join(b, "published.csv"), "予定貸借対照表,balance-sheet,assets,,100,,"),
      /published\.csv:\d+:line: error: 「assets」 is a heading/,
    ],
    [
      "a budget file listed twice",
      (b: string) => {
        const manifest = JSON.parse(readFileSync(join(b, "book.json"), "utf8"));
        manifest.files.budget = ["budget.csv", "bridge.csv", "budget.csv"];
        writeFileSync(join(b, "book.json"), JSON.stringify(manifest, null, 2));
      },
      /budget file 「budget\.csv」 is listed twice/,
    ],
    [
      "a reserved statement id",
      (b: string) => edit(join(b, "book.json"), '"id": "cash-bridge"', '"id": "checks"'),
      /statement id 「checks」 is reserved/,
    ],
    [
      "a 44-digit amount",
      (b: string) => appendLines(join(b, "budget.csv"), `事業費,一般事業,${"1".repeat(44)},`),
      /budget\.csv:\d+:amount: error: .*more digits than a spreadsheet cell keeps \(at most 15 significant digits/,
    ],
  ])("%s: exit 2 with the cell", async (_name, breakIt, pattern) => {
    const book = copyBook();
    if (_name === "a reserved statement id") {
      // the layout and published rows of that statement must follow the rename
      edit(join(book, "layout.csv"), "cash-bridge,", "checks,");
      writeFileSync(
        join(book, "layout.csv"),
        readFileSync(join(book, "layout.csv"), "utf8").replaceAll("cash-bridge,", "checks,"),
      );
    }
    breakIt(book);
    const out = join(tempDir(), "out");
    const r = await build(book, { out });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.join("\n")).toMatch(pattern);
    expect(existsSync(out)).toBe(false);
  });

  it("an amount a workbook cell cannot hold exactly is refused when the book is loaded, at its cell", async () => {
    const book = copyBook();
    appendLines(join(book, "budget.csv"), "事業費,一般事業,123456789012345678,");
    for (const formats of [["json"], ["xlsx"]] as const) {
      const r = await build(book, { out: join(tempDir(), "out"), formats: [...formats] });
      expect(r.exitCode).toBe(2);
      expect(r.stderr.join("\n")).toMatch(
        /budget\.csv:188:amount: error: 「123456789012345678」 has more digits than a spreadsheet cell keeps/,
      );
    }
  });

  it("a sum of amounts that reaches 15 digits is refused at the leaf's first row", async () => {
    const book = copyBook();
    appendLines(
      join(book, "budget.csv"),
      "事業費,一般事業,900000000000000,",
      "事業費,一般事業,900000000000000,",
    );
    const r = await build(book, { out: join(tempDir(), "out") });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.join("\n")).toMatch(
      /budget\.csv:\d+:amount: error: 「事業費」 could reach [\d,]{20,} \(the sum of its rows\)/,
    );
  });
});

describe("outputs", () => {
  it("building into the book's own directory is refused", async () => {
    const book = copyBook();
    const before = readFileSync(join(book, "checks.csv"), "utf8");
    const r = await build(book, { out: book });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.join("\n")).toMatch(/the output directory .* is the book itself/);
    expect(readFileSync(join(book, "checks.csv"), "utf8")).toBe(before);
  });

  it("a partial build removes the outputs it no longer writes, so none is stale", async () => {
    const book = copyBook();
    const out = join(tempDir(), "out");
    await build(book, { out });
    expect(existsSync(join(out, "statements.xlsx"))).toBe(true);
    await build(book, { out, formats: ["json"] });
    expect(readdirSync(out).sort()).toEqual(["statements.json"]);
  });

  it("a JUnit file aimed at a directory is refused cleanly without litter", () => {
    const dir = tempDir();
    const r = runCheck(copyBook(), { junit: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.join("\n")).toMatch(/is a directory: outputs replace only regular files/);
    const name = dir.split("/").pop() ?? "";
    expect(
      readdirSync(join(dir, "..")).filter((n) => n.startsWith(name) && n.endsWith(".tmp")),
    ).toEqual([]);
  });
});

describe("imports", () => {
  it("into a symlinked book: the real book is updated and a real copy is kept", async () => {
    const real = copyBook();
    const link = join(tempDir(), "link");
    symlinkSync(real, link);
    const file = join(tempDir(), "one.csv");
    writeFileSync(file, "account,segment,amount\n事業費,一般事業,3544415\n");
    const r = await runImport([file], { into: link });
    const text = r.stdout.join("\n");
    expect(text).toMatch(/changed 事業費 \/ 一般事業: 3,543,415 → 3,544,415/);
    const backup = /previous book kept at (\S+)/.exec(text)?.[1] ?? "";
    expect(lstatSync(backup).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(backup, "budget.csv"), "utf8")).toContain("事業費,一般事業,3543415,");
    expect(readFileSync(join(link, "budget.csv"), "utf8")).toContain("事業費,一般事業,3544415,");
  });

  it("long-format lines change only the pairs they name", async () => {
    const file = join(tempDir(), "one.csv");
    writeFileSync(file, "account,segment,amount\n事業費,一般事業,3544415\n");
    const r = await runImport([file], { into: copyBook(), dryRun: true });
    const text = r.stdout.join("\n");
    expect(text).toContain("changes (1):");
    expect(text).not.toContain("removed");
  });

  it("a one-row import into a new book builds (empty budget files are left out)", async () => {
    const file = join(tempDir(), "one.csv");
    writeFileSync(file, "account,segment,amount\n事業費,一般事業,1000\n");
    const into = join(tempDir(), "new-book");
    const r = await runImport([file], { into, layout: copyBook() });
    expect(r.stderr).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(into, "book.json"), "utf8"));
    expect(manifest.files.budget).toEqual(["budget.csv"]);
    expect(
      (await build(into, { out: join(tempDir(), "o"), formats: ["json"] })).exitCode,
    ).toBeLessThan(2);
  });
});
