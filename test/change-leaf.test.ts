/**
 * A change to one leaf flows through the statements: a segment's 事業費 +1,000 lowers its
 * 営業利益 and 当期純利益 by 1,000, raises the cash plan's 事業費 (the non-cash bridge is
 * unchanged), lowers ending cash by 1,000, and breaks the cash tie for that segment: exit 1.
 */
import { describe, expect, it } from "vitest";
import { appendLines, buildTemp, copyBook, FY29, jsonFigure } from "./helpers/book.ts";

const SEGMENT = "lgwan";
const SEGMENT_NAME = "総合行政ネットワーク運営事業";

describe("changing one leaf in a copy of the book", () => {
  it("moves profit and ending cash by the change and fails tie.cash for that segment", async () => {
    const before = await buildTemp(FY29);
    const book = copyBook();
    appendLines(`${book}/budget.csv`, `事業費,${SEGMENT_NAME},1000,"test: +1,000"`);
    const after = await buildTemp(book);

    const delta = (statement: string, line: string, segment: string | null) =>
      BigInt(jsonFigure(after.json, statement, line, segment)) -
      BigInt(jsonFigure(before.json, statement, line, segment));

    for (const segment of [SEGMENT, null]) {
      expect(delta("profit-and-loss", "project-expenses", segment)).toBe(1000n);
      expect(delta("profit-and-loss", "operating-income", segment)).toBe(-1000n);
      expect(delta("profit-and-loss", "net-income", segment)).toBe(-1000n);
      expect(delta("cash-plan", "cf-project-expenses", segment)).toBe(1000n);
      expect(delta("cash-plan", "cf-closing-cash", segment)).toBe(-1000n);
      expect(delta("balance-sheet", "cash-and-deposits", segment)).toBe(0n);
    }
    for (const other of ["general", "jpki", "mynumber-card"]) {
      expect(delta("cash-plan", "cf-closing-cash", other)).toBe(0n);
    }

    expect(after.result.exitCode).toBe(1);
    const failed = after.json.checks.filter((c) => c.status === "fail");
    expect(failed.map((c) => [c.id, c.segment ?? "合計"]).sort()).toEqual([
      ["tie.cash", "lgwan"],
      ["tie.cash", "合計"],
    ]);
    const seg = failed.find((c) => c.segment === SEGMENT);
    expect(seg?.difference).toBe("1000");
    expect(seg?.message).toContain(SEGMENT_NAME);
    expect(seg?.sources.some((s) => s.includes("budget.csv"))).toBe(true);
    expect(after.result.stdout.join("\n")).toMatch(
      /fail\s+tie\.cash\s+.*総合行政ネットワーク運営事業/,
    );
  });
});
