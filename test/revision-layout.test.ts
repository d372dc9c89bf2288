/**
 * A 補正予算 as 公営企業 print it (a comparison of layout `revision`; issue 24): the water
 * example's 補正予算（第1号） shows 第2条〜第4条 by 款・項 (its `statements` and `depth`) as
 * 既決予定額 | 補正予定額 | 計 | 備考 — on the terminal, in report.html and in the workbook,
 * where 補正予定額 is the formula 計 − 既決予定額 in the column between them. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { build } from "../src/cli/build.ts";
import { runCompare } from "../src/cli/versions.ts";
import { REPO, tempDir } from "./helpers/book.ts";

const WATER = join(REPO, "ledgers/water-r7");
const JA = { lang: "ja" as const, env: {} };

describe("the water example's 補正予算（第1号）", () => {
  it("prints 第2条〜第4条 by 款・項: 既決予定額 | 補正予定額 | 計 | 備考", () => {
    const r = runCompare(WATER, "original", "current", JA);
    expect(r.exitCode).toBe(0);
    const text = r.stdout.join("\n");
    const row = (label: string) =>
      text
        .split("\n")
        .find((l) => l.trim().startsWith(label))
        ?.trim()
        .split(/\s+/);
    expect(text).toMatch(/区分\s+既決予定額\s+補正予定額\s+計\s+備考/);
    // The document's headings, as the workbook and the report show them.
    expect(text).toMatch(/\n収入\s*\n\s+水道事業収益/);
    expect(text).toMatch(/\n補てん財源\s*\n\s+過年度分損益勘定留保資金/);
    expect(row("資本的支出")).toEqual(["資本的支出", "1,954,681", "33,000", "1,987,681"]);
    expect(row("資本的収入額が資本的支出額に対し不足する額")?.slice(1)).toEqual([
      "1,322,781",
      "33,000",
      "1,355,781",
    ]);
    // A 項 carries the reasons of the 節 its depth hides.
    expect(row("営業収益")).toEqual([
      "営業収益",
      "2,480,652",
      "△22,000",
      "2,458,652",
      "有収水量の減による水道料金の減額（架空のサンプル）",
    ]);
    // 款・項 only (depth 2): no 目 or 節, and only the statements of the 議案's 第2条〜第4条.
    expect(row("工事請負費")).toBeUndefined();
    expect(row("委託料")).toBeUndefined();
    expect(text).not.toContain("予定損益計算書");
  });

  it("is a workbook sheet whose 補正予定額 is 計 − 既決予定額, between them", async () => {
    const out = join(tempDir("yosan-revision-"), "out");
    await build(WATER, { out, strict: false, formats: ["xlsx"] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(out, "statements.xlsx")) as unknown as ArrayBuffer);
    const ws = wb.worksheets.find((w) => w.name.startsWith("補正予算"));
    if (!ws) throw new Error(`no 補正予算 sheet: ${wb.worksheets.map((w) => w.name).join(", ")}`);
    let header = 0;
    ws.eachRow((r, n) => {
      if (header === 0 && r.getCell(2).value === "既決予定額") header = n;
    });
    expect([2, 3, 4, 5].map((c) => ws.getRow(header).getCell(c).value)).toEqual([
      "既決予定額",
      "補正予定額",
      "計",
      "備考",
    ]);
    let found = 0;
    ws.eachRow((r, n) => {
      if (r.getCell(1).value !== "資本的支出") return;
      found++;
      const d = r.getCell(3).value as { formula: string; result: number };
      expect(d.formula).toBe(`D${n}-B${n}`);
      expect(d.result).toBe(33000);
    });
    expect(found).toBe(1);
  });

  it("is a section of report.html in the same columns", async () => {
    const out = join(tempDir("yosan-revision-"), "out");
    await build(WATER, { out, strict: false, formats: ["html"] });
    const html = readFileSync(join(out, "report.html"), "utf8");
    const section = html.slice(html.indexOf('id="comparison-1"'));
    expect(section).toMatch(/既決予定額<\/th><th scope="col">補正予定額<\/th><th scope="col">B 計/);
    expect(section).toContain("1,987,681");
  });
});
