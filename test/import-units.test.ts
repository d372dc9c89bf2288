/**
 * Import of a table noted in 百万円 (or 円) into a 千円 book: amounts are scaled, and the
 * import says so; full-width digits and △ negatives in cells are read.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runImport } from "../src/cli/import-command.ts";
import { copyBook, tempDir } from "./helpers/book.ts";

describe("units noted in a table's heading", () => {
  it("scales a 百万円 long-format table to the book's 千円 and says so", async () => {
    const file = join(tempDir(), "lines.csv");
    writeFileSync(
      file,
      "(単位：百万円)\naccount,segment,amount\n事業費,一般事業,３，５４４\n雑収入,一般事業,△1\n",
    );
    const book = copyBook();
    const r = await runImport([file], { into: book, dryRun: true });
    const text = r.stdout.join("\n");
    expect(text).toContain("note: amounts in 百万円 scaled to 千円 (×1000)");
    expect(text).toMatch(/changed 事業費 \/ 一般事業: 3,543,415 → 3,544,000/);
    expect(text).toMatch(/changed 雑収入 \/ 一般事業: 900 → △1,000/);
    expect(text).toContain("dry run: nothing written");
  });

  it("scales a 円 table down to 千円 exactly (fractions are kept, not rounded away)", async () => {
    const file = join(tempDir(), "yen.csv");
    writeFileSync(file, "単位：円\naccount,segment,amount\n受取利息,一般事業,140500\n");
    const r = await runImport([file], { into: copyBook(), dryRun: true });
    expect(r.stdout.join("\n")).toMatch(/changed 受取利息 \/ 一般事業: 140 → 140\.5/);
  });

  it("an ambiguous label in budget lines is named with its candidates (exit 2)", async () => {
    const file = join(tempDir(), "ambiguous.csv");
    writeFileSync(file, "account,segment,amount\nリース資産,一般事業,1\n");
    const r = await runImport([file], { into: copyBook(), dryRun: true });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.join("\n")).toMatch(
      /ambiguous\.csv:2:A: error: 「リース資産」 names 2 accounts: tangible-lease-assets \(balance-sheet\), intangible-lease-assets \(balance-sheet\)/,
    );
  });
});
