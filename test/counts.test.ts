/**
 * One count everywhere: the pass / fail / warn / by-construction counts of a book are the same
 * in the build's summary line, `yosan check`'s total row, statements.json, the report's header
 * and the workbook's 照合結果 (its COUNTIF cells), for FY29 and for books of other bodies.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { runCheck } from "../src/cli/commands.ts";
import { buildTemp, FY29, REPO } from "./helpers/book.ts";

interface Counts {
  passed: number;
  failed: number;
  warned: number;
  structural: number;
}

const BOOKS = [
  FY29,
  join(REPO, "test/fixtures/agency-summary"),
  join(REPO, "test/fixtures/other-body"),
];

describe.each(BOOKS)("the counts of %s", (book) => {
  it("agree in the CLI, statements.json, the report and the workbook", async () => {
    const { result, json, out } = await buildTemp(book);
    const fromJson: Counts = json.summary;

    const line = result.stdout.find((l) => l.startsWith("checks: ")) ?? "";
    const m =
      /^checks: (\d+) passed, (\d+) failed, (\d+) warnings(?:; (\d+) more hold by construction)?/.exec(
        line,
      );
    expect(m, line).not.toBeNull();
    const fromBuild: Counts = {
      passed: Number(m?.[1]),
      failed: Number(m?.[2]),
      warned: Number(m?.[3]),
      structural: Number(m?.[4] ?? 0),
    };

    const total = runCheck(book, {})
      .stdout.join("\n")
      .split("\n")
      .find((l) => l.startsWith("total "));
    const [, p, f, w, b] = (total ?? "").trim().split(/\s+/).map(Number);
    const fromCheck: Counts = {
      passed: p ?? -1,
      failed: f ?? -1,
      warned: w ?? -1,
      structural: b ?? -1,
    };

    const html = readFileSync(join(out, "report.html"), "utf8");
    // The report speaks the tests' language (English): `Checks: pass 1312 · fail 0 · …`.
    const h = /Checks: pass (\d+) · fail (\d+) · warn (\d+)(?: · built (\d+))?/.exec(html);
    expect(h).not.toBeNull();
    const fromReport: Counts = {
      passed: Number(h?.[1]),
      failed: Number(h?.[2]),
      warned: Number(h?.[3]),
      structural: Number(h?.[4] ?? 0),
    };

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, "statements.xlsx"));
    const ws = wb.getWorksheet("照合結果");
    // The cached result of each COUNTIF (exceljs keeps a result of 0 on the cell, not the value).
    const counted = (col: number) => Number(ws?.getCell(2, col).result);
    const fromWorkbook: Counts = {
      passed: counted(3),
      failed: counted(5),
      warned: counted(7),
      structural: counted(9),
    };
    // Not all zero: the counts compare something.
    expect(fromJson.passed + fromJson.structural).toBeGreaterThan(0);
    expect({ fromBuild, fromCheck, fromReport, fromWorkbook }).toEqual({
      fromBuild: fromJson,
      fromCheck: fromJson,
      fromReport: fromJson,
      fromWorkbook: fromJson,
    });
  });
});
