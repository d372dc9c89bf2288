/**
 * statements.xlsx printed by LibreOffice to PDF (DESIGN.md §5), counted page by page from the
 * PDF's sheet bookmarks: every statement sheet — the single-column statements upright, the
 * by-segment and supplementary tables across — fits one A4 page, and each comparison sheet
 * prints on exactly the pages it plans (one more than its manual page breaks: no block runs
 * onto a page of its own, no column is cut off onto another page). Skipped with a printed
 * reason where soffice is missing, unless CI is set.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { workbookSheets } from "../src/model/sheet-names.ts";
import { loadBook } from "../src/read/load-book.ts";
import type { StatementsJson } from "../src/render/statements-json.ts";
import { buildTemp, FY29, tempDir } from "./helpers/book.ts";
import { sofficeAvailable } from "./helpers/libreoffice.ts";
import { type PrintedPdf, pagesPerSheet, printToPdf } from "./helpers/pdf-pages.ts";
import { rowBreaks } from "./helpers/workbook-dump.ts";

const available = sofficeAvailable();
if (!available && !process.env.CI) {
  console.log(
    "workbook-print.test.ts: skipped: soffice (LibreOffice) is not installed; run .ci/install-libreoffice",
  );
}

// Registered only where it fails, so a machine with LibreOffice reports no skipped test.
if (!available && process.env.CI) {
  describe("LibreOffice in CI", () => {
    it("is installed (CI must not skip the printed-page tests)", () => {
      expect.fail("CI is set but soffice is not installed: run .ci/install-libreoffice");
    });
  });
}

/** A4 in points, either way up, to a point. */
function isA4(size: { width: number; height: number }): boolean {
  const [short, long] = [size.width, size.height].sort((a, b) => a - b);
  return Math.abs((short ?? 0) - 595.3) < 1 && Math.abs((long ?? 0) - 841.9) < 1;
}

describe.skipIf(!available)("statements.xlsx printed by LibreOffice (FY29)", () => {
  let json: StatementsJson;
  let pdf: PrintedPdf;
  let breaks: Map<string, number[]>;
  let comparisons: readonly string[];

  beforeAll(async () => {
    const built = await buildTemp(FY29);
    json = built.json;
    const xlsx = readFileSync(join(built.out, "statements.xlsx"));
    breaks = await rowBreaks(xlsx);
    pdf = pagesPerSheet(printToPdf(xlsx, tempDir("yosan-print-")));
    const loaded = loadBook(FY29);
    if (!loaded.ok) throw new Error("FY29 did not load");
    comparisons = workbookSheets(loaded.book).comparisons.map((s) => s.name);
  }, 240_000);

  const sheet = (name: string) => {
    const s = pdf.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`no pages for ${name}: ${pdf.sheets.map((x) => x.name).join(", ")}`);
    return s;
  };

  it("prints every sheet, on A4 pages only", () => {
    expect(pdf.sheets.length).toBe(14);
    expect(pdf.sheets.reduce((n, s) => n + s.pages, 0)).toBe(pdf.total);
    expect(pdf.sizes.filter((s) => !isA4(s))).toEqual([]);
  });

  it("fits every statement on one page: the statements upright, the tables by segment across", () => {
    for (const st of json.statements) {
      const single = sheet(st.title);
      expect(single.pages, st.title).toBe(1);
      const size = pdf.sizes[single.first - 1];
      expect(size && size.height > size.width, `${st.title} is upright`).toBe(true);
      const bySegment = sheet(`事業別${st.title}`);
      expect(bySegment.pages, `事業別${st.title}`).toBe(1);
      const across = pdf.sizes[bySegment.first - 1];
      expect(across && across.width > across.height, `事業別${st.title} is across`).toBe(true);
    }
    for (const st of json.supplementary) expect(sheet(st.title).pages, st.title).toBe(1);
  });

  it("prints each comparison on the pages it plans: a block never spills, no column is cut off", () => {
    expect(comparisons).toEqual(["当初予算と現計予算（補正第1号）", "決算報告書（サンプル）"]);
    for (const name of comparisons) {
      const planned = (breaks.get(name) ?? []).length + 1;
      // 合計 and seven segments, each starting a page of its own.
      expect(planned, name).toBeGreaterThanOrEqual(1 + json.segments.length);
      expect(sheet(name).pages, name).toBe(planned);
    }
  });
});
