/** `yosan check` renderings: the grouped table, failures with sources, JUnit XML. */
import { describe, expect, it } from "vitest";
import { reconcile } from "../src/check/reconcile.ts";
import { derive } from "../src/derive/derive.ts";
import { loadBook } from "../src/read/load-book.ts";
import { renderCheckJson, renderCheckText, renderJunit } from "../src/render/check-report.ts";
import { appendLines, copyBook, FY29 } from "./helpers/book.ts";

function modelOf(dir: string) {
  const loaded = loadBook(dir);
  if (!loaded.ok) throw new Error("book does not load");
  const model = derive(loaded.book);
  return { model, findings: reconcile(model) };
}

describe("check report on FY29", () => {
  const { model, findings } = modelOf(FY29);

  it("groups by check with counts and titles, then lists each warning with its sources", () => {
    const text = renderCheckText(model, findings, "en");
    expect(text).toMatch(/^check\s+pass\s+fail\s+warn\s+built\s+what it asserts/);
    // Ties the FY29 layout derives are counted apart: they hold by construction.
    expect(text).toMatch(/tie\.receivables\s+0\s+0\s+0\s+8/);
    expect(text).toContain("(built: holds by construction");
    expect(text).toMatch(
      /tie\.cash\s+8\s+0\s+0\s+0\s+貸借対照表の現金及び預金 = 資金計画の当期末現金及び預金/,
    );
    expect(text).toMatch(/published\.sign\s+0\s+0\s+8/);
    expect(text).toMatch(/version\.continuity\s+0\s+0\s+1/);
    expect(text).toContain("WARN published.sign  資金計画 / 資金収支差額 / 合計");
    expect(text).toMatch(/expected △15,232,073 {2}actual 15,232,073 {2}difference 30,464,146/);
    expect(text).toMatch(/sources: \S*jlis-h29\/published\.csv:\d+:amount/);
    expect(text).not.toContain("FAIL");
  });

  it("speaks Japanese when asked: the table's words, the status of each finding, its hint", () => {
    const text = renderCheckText(model, findings, "ja");
    expect(text).toMatch(/^チェック\s+一致\s+不一致\s+警告\s+構成上成立\s+照合の内容/);
    expect(text).toMatch(/tie\.receivables\s+0\s+0\s+0\s+8/);
    expect(text).toContain("（構成上成立：");
    expect(text).toContain("警告 published.sign  資金計画 / 資金収支差額 / 合計");
    expect(text).toMatch(/期待値 △15,232,073 {2}実際 15,232,073 {2}差額 30,464,146/);
    expect(text).toMatch(/出典: \S*jlis-h29\/published\.csv:\d+:amount/);
    expect(text).toContain("    対処: ");
    expect(text).not.toContain("WARN");
  });

  it("JSON carries the groups and every finding", () => {
    const json = JSON.parse(renderCheckJson(model, findings, "en"));
    expect(json.findings).toHaveLength(findings.length);
    expect(json.checks.find((c: { id: string }) => c.id === "published.sign").warn).toBe(8);
  });
});

describe("check report on a broken copy", () => {
  it("lists the failure first with expected, actual, difference and both sources; JUnit has a failure", () => {
    const book = copyBook();
    appendLines(`${book}/budget.csv`, "事業費,一般事業,1000,");
    const { model, findings } = modelOf(book);
    const text = renderCheckText(model, findings, "en");
    const failAt = text.indexOf("FAIL tie.cash");
    expect(failAt).toBeGreaterThan(0);
    expect(failAt).toBeLessThan(text.indexOf("WARN"));
    expect(text).toMatch(/FAIL tie\.cash {2}予定貸借対照表 \/ 現金及び預金 \/ 一般事業/);
    expect(text).toMatch(/expected 4,184,228 {2}actual 4,185,228 {2}difference 1,000/);
    const xml = renderJunit(model, findings, "en");
    expect(xml).toMatch(/<testsuite name="tie\.cash" tests="8" failures="2">/);
    expect(xml).toContain("<failure message=");
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  });
});
