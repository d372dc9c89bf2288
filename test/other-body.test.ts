/**
 * A book yosan was not written for: another body's chart of accounts and statement ids, two
 * segments (one named by an alias), unit 円, truncation, no cash plan, no schedules, no print,
 * no summary. Every output builds; the figures are the fixture's own arithmetic.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { runCheck, runExplain } from "../src/cli/commands.ts";
import { buildTemp, jsonFigure, REPO } from "./helpers/book.ts";

const BOOK = join(REPO, "test/fixtures/other-body");

describe("another public body's book", () => {
  it("builds every output with its own statements, segments and unit", async () => {
    const { result, json, out } = await buildTemp(BOOK);
    expect(result.stderr).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(json.unit).toBe("円");
    expect(json.rounding).toBe("truncate");
    expect(json.statements.map((s) => s.id)).toEqual(["bs", "pl"]);
    expect(json.segments.map((s) => s.name)).toEqual(["教育研究勘定", "共通勘定"]);
    // 1,250,000 + 300,500 (法人共通 is an alias of 共通勘定) + 2,000,000
    expect(jsonFigure(json, "bs", "total-assets", null)).toBe("3550500");
    expect(jsonFigure(json, "bs", "cash", "common")).toBe("300500");
    // 業務費 5,800,000 and a detail row of △50,000 add up.
    expect(jsonFigure(json, "pl", "operations", "education")).toBe("5750000");
    // 6,200,000 − (5,750,000 + 449,999)
    expect(jsonFigure(json, "pl", "net-income", null)).toBe("1");
    expect(jsonFigure(json, "pl", "net-income", "common")).toBe("-449999");
    expect(json.checks.filter((c) => c.status !== "pass")).toEqual([]);
    for (const f of ["bs.csv", "pl.csv", "checks.csv", "report.html", "statements.xlsx"])
      expect(existsSync(join(out, f)), f).toBe(true);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("独立行政法人サンプル機構");
    expect(html).not.toMatch(/(src|href)=["']https?:/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, "statements.xlsx"));
    expect(wb.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining([
        "予定貸借対照表",
        "勘定別予定貸借対照表",
        "予定損益計算書",
        "入力",
        "照合結果",
      ]),
    );
    // The charts by segment use the book's word for one (勘定別の…; in English, … by 勘定).
    expect(html).toContain(" by 勘定");
  });

  it("check and explain work on it", () => {
    expect(runCheck(BOOK).exitCode).toBe(0);
    const tree = runExplain(BOOK, "当期総利益", { segment: "共通勘定" });
    expect(tree.exitCode).toBe(0);
    expect(tree.stdout.join("\n")).toContain("当期総利益 △449,999 = 経常利益");
  });
});
