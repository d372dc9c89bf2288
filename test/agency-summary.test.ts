/**
 * A book shaped like 会計検査院's summaries of a 独立行政法人 by 勘定 (test/fixtures/agency-summary,
 * made by test/tools/make-agency-summary.ts): 百万円, every item rounded on its own, 法人計 as
 * the total, 「うち」 rows, 「－」 for nothing, the BS rows and the P&L rows in one table. Its
 * rounding gaps pass as rounding; a figure 5 百万円 off, a memo larger than its parent and a
 * memo used as an addend do not; the printed table imports into the right statements.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { modelAndFindings } from "../src/check/model-and-findings.ts";
import { runCheck } from "../src/cli/commands.ts";
import { runImport } from "../src/cli/import-command.ts";
import { loadBook } from "../src/read/load-book.ts";
import type { JsonFinding } from "../src/render/statements-json.ts";
import { buildTemp, copyBook, REPO, tempDir } from "./helpers/book.ts";

const BOOK = join(REPO, "test/fixtures/agency-summary");

const checksOf = (book: string, strict = true) => {
  const r = runCheck(book, { strict, json: true });
  const json = JSON.parse(r.stdout.join("\n")) as { findings: JsonFinding[] };
  return { exitCode: r.exitCode, checks: json.findings, stderr: r.stderr.join("\n") };
};

/** The findings of a book's own version, as the checks give them (both languages). */
const findingsOf = (book: string) => {
  const loaded = loadBook(book);
  if (!loaded.ok) throw new Error(`${book} does not load`);
  return modelAndFindings(loaded.book, loaded.book.version, { strict: true }).findings;
};

/** Rewrite one cell of a CSV in a copy of the book. */
function editCsv(
  book: string,
  file: string,
  match: (row: Record<string, string>) => boolean,
  column: string,
  text: string,
): void {
  const path = join(book, file);
  const rows = parse(readFileSync(path, "utf8"), { columns: true }) as Record<string, string>[];
  const header = Object.keys(rows[0] ?? {});
  let hits = 0;
  for (const r of rows) {
    if (!match(r)) continue;
    r[column] = text;
    hits++;
  }
  expect(hits, `${file}: one row to edit`).toBe(1);
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  writeFileSync(
    path,
    `${[header.join(","), ...rows.map((r) => header.map((h) => quote(r[h] ?? "")).join(","))].join("\n")}\n`,
  );
}

describe("a summary by 勘定 in 百万円, rounded per item", () => {
  it("ties out with --strict: every gap is rounding, and there are gaps", () => {
    const { exitCode, checks, stderr } = checksOf(BOOK);
    expect(stderr).toBe("");
    expect(exitCode).toBe(0);
    expect(checks.filter((c) => c.status !== "pass")).toEqual([]);
    const gaps = checks.filter(
      (c) => c.id === "published.sums" && c.message.includes("consistent with rounding"),
    );
    // 資産, うち現金預金, 負債, 純資産, 経常費用, 経常収益 法人計 ≠ Σ 勘定, and more.
    expect(gaps.length).toBeGreaterThanOrEqual(6);
    const balance = checks.filter((c) => c.id === "bs.balance" && c.expected !== c.actual);
    expect(balance.length).toBeGreaterThanOrEqual(2);
    for (const c of balance) expect(c.message).toMatch(/within the rounding of the book's leaves/);
    expect(checks.filter((c) => c.id === "memo.within")).toHaveLength(4);
  });

  it("without leaves.rounding the same book fails bs.balance: the ranges are what makes it pass", () => {
    const book = copyBook(BOOK);
    const manifest = JSON.parse(readFileSync(join(book, "book.json"), "utf8"));
    delete manifest.leaves;
    writeFileSync(join(book, "book.json"), JSON.stringify(manifest));
    const { exitCode, checks } = checksOf(book);
    expect(exitCode).toBe(1);
    expect(
      checks.filter((c) => c.id === "bs.balance" && c.status === "fail").map((c) => c.segment),
    ).toEqual(expect.arrayContaining(["general", "mutual"]));
  });

  it("a printed figure 5 百万円 off fails, naming its line and 勘定", () => {
    const book = copyBook(BOOK);
    editCsv(
      book,
      "summary.csv",
      (r) => r.line === "負債" && r.segment === "特定事業勘定",
      "amount",
      "2,115",
    );
    const { exitCode, checks } = checksOf(book);
    expect(exitCode).toBe(1);
    const failed = checks.filter((c) => c.status === "fail");
    expect(failed.some((c) => c.line === "liabilities" && c.segment === "special")).toBe(true);
    const figure = failed.find((c) => c.id === "published.figure");
    expect(figure?.message).toMatch(
      /負債 \(特定事業勘定\): printed 2,115 but the model gives 2,110/,
    );
    // In Japanese, the same place, figures and difference.
    const ja = findingsOf(book).find((f) => f.check === "published.figure" && f.status === "fail")
      ?.message.ja;
    expect(ja).toMatch(
      /「負債」（特定事業勘定）：印刷された数値 2,115 は、モデルの数値 2,110（.*）と一致しません（差額 5）/,
    );
    // Loose, the print's findings are warnings: exit 0.
    expect(checksOf(book, false).exitCode).toBe(0);
  });

  it("a 「うち」 figure larger than its parent fails memo.within", () => {
    const book = copyBook(BOOK);
    editCsv(
      book,
      "budget.csv",
      (r) => r.account === "うち現金預金" && r.segment === "共済勘定",
      "amount",
      "458",
    );
    const { checks } = checksOf(book, false);
    const f = checks.find((c) => c.id === "memo.within" && c.status === "fail");
    expect(f?.line).toBe("cash");
    expect(f?.segment).toBe("mutual");
    expect(f?.message).toBe("うち現金預金 (共済勘定) 458 is not within 0 … 資産 457");
    expect(
      findingsOf(book).find((x) => x.check === "memo.within" && x.status === "fail")?.message,
    ).toEqual({
      ja: "「うち現金預金」（共済勘定）458 は 0 … 「資産」457 の範囲内にありません。",
      en: "うち現金預金 (共済勘定) 458 is not within 0 … 資産 457",
    });
    expect(f?.difference).toBe("1");
  });

  it("a 「うち」 line used as an addend is refused at load (exit 2), naming the cell", () => {
    const book = copyBook(BOOK);
    editCsv(
      book,
      "layout.csv",
      (r) => r.id === "ordinary-income",
      "formula",
      "ordinary-revenue - ordinary-expenses + cash",
    );
    const r = runCheck(book, {});
    expect(r.exitCode).toBe(2);
    expect(r.stderr.join("\n")).toMatch(
      /layout\.csv:8:formula: error: 「経常利益」 adds 「うち現金預金」, a 「うち」 line \(part of assets\): a memo is never an addend/,
    );
  });
});

describe("importing the printed table (項目 | 法人計 | 勘定…, BS rows then P&L rows)", () => {
  /** The summary as 会計検査院 lays it out: one table, the total first, 「－」 for nothing. */
  async function summaryWorkbook(): Promise<string> {
    const rows = parse(readFileSync(join(BOOK, "summary.csv"), "utf8"), {
      columns: true,
    }) as Record<string, string>[];
    const segments = ["一般勘定", "特定事業勘定", "共済勘定"];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("勘定別");
    ws.addRow(["独立行政法人サンプル研究機構 勘定別財務諸表の概要"]);
    ws.addRow(["（単位：百万円）"]);
    ws.addRow(["項目", "法人計", ...segments]);
    const labels = [...new Set(rows.map((r) => r.line as string))];
    for (const label of labels) {
      const of = (segment: string) =>
        rows.find((r) => r.line === label && r.segment === segment)?.amount ?? "";
      ws.addRow([label, of("法人計"), ...segments.map(of)]);
    }
    const file = join(tempDir(), "summary.xlsx");
    await wb.xlsx.writeFile(file);
    return file;
  }

  it("files the BS rows and the P&L rows under their statements and says so", async () => {
    const file = await summaryWorkbook();
    const into = join(tempDir(), "imported");
    const r = await runImport([file], { into, layout: BOOK, dryRun: true });
    const text = r.stdout.join("\n");
    expect(r.exitCode, r.stderr.join("\n")).toBe(0);
    expect(text).toMatch(/貸借対照表 \(4 lines, 3 segments \+ 合計\)/);
    expect(text).toMatch(/損益計算書 \(8 lines, 3 segments \+ 合計\)/);
    expect(text).toMatch(/rows 4–7 filed under 貸借対照表 by their labels/);
    expect(text).toMatch(/rows 8–15 filed under 損益計算書 by their labels/);
    expect(text).not.toMatch(/unrecognised label/);
  });

  it("into the book it came from: no change, and the tie-out passes", async () => {
    const file = await summaryWorkbook();
    const book = copyBook(BOOK);
    const r = await runImport([file], { into: book, dryRun: true });
    const text = r.stdout.join("\n");
    expect(r.exitCode, r.stderr.join("\n")).toBe(0);
    expect(text).toContain("changes: none");
    expect(text).not.toMatch(/^\s+(fail|warn) /m);
  });

  it("the book builds every output", async () => {
    const { result, json } = await buildTemp(BOOK, true);
    expect(result.exitCode).toBe(0);
    expect(json.unit).toBe("百万円");
  });
});
