/**
 * statements.xlsx, structurally: every amount is a formula with yosan's figure as its cached
 * result, the △ format is on every amount cell, leaves read the 入力 sheet, text from input
 * never becomes a formula, two renders are byte-identical, and the text dump matches the golden
 * file (UPDATE_GOLDEN=1 rewrites it).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { derive } from "../src/derive.ts";
import { loadBook } from "../src/load-book.ts";
import { reconcile } from "../src/reconcile.ts";
import type { StatementsJson } from "../src/statements-json.ts";
import { AMOUNT_FORMAT, readWorkbookExtras, renderWorkbook } from "../src/workbook.ts";
import { dumpWorkbook } from "../src/workbook-dump.ts";
import { appendLines, buildTemp, copyBook, FY29, REPO } from "./helpers/book.ts";

const GOLDEN = join(REPO, "test/golden/jlis-h29.workbook.txt");

async function renderBook(dir: string): Promise<Buffer> {
  const loaded = loadBook(dir);
  if (!loaded.ok) throw new Error(`book ${dir} did not load`);
  const model = derive(loaded.book);
  const extras = readWorkbookExtras(loaded.book);
  if (!extras.ok) throw new Error("extras did not load");
  return renderWorkbook(model, reconcile(model), extras.extras);
}

async function open(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** Formula and cached result (cell.result, since cell.value drops a cached 0 in exceljs 4). */
function formulaOf(cell: ExcelJS.Cell): { formula: string; result: unknown } | undefined {
  return cell.type === ExcelJS.ValueType.Formula
    ? { formula: cell.formula, result: cell.result }
    : undefined;
}

/** Rows of a statement sheet that carry amounts (headings have none), from row 5. */
function amountRows(ws: ExcelJS.Worksheet): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  for (let r = 5; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (row.getCell(2).value !== null) rows.push(row);
  }
  return rows;
}

let json: StatementsJson;
let built: Buffer;
let rendered: Buffer;
let wb: ExcelJS.Workbook;

beforeAll(async () => {
  const b = await buildTemp(FY29);
  json = b.json;
  built = readFileSync(join(b.out, "statements.xlsx"));
  rendered = await renderBook(FY29);
  wb = await open(built);
});

describe("statements.xlsx (FY29)", () => {
  it("is written by yosan build and equals renderWorkbook's bytes", () => {
    expect(built.equals(rendered)).toBe(true);
  });

  it("is deterministic: two renders are byte-identical", async () => {
    const again = await renderBook(FY29);
    expect(again.equals(rendered)).toBe(true);
  });

  it("has the sheets of the document, the checks and the inputs", () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "予定貸借対照表",
      "予定損益計算書",
      "資金計画",
      "事業別予定貸借対照表",
      "事業別予定損益計算書",
      "事業別資金計画",
      "資金計画調整（非資金費用）",
      "予定前受金及び累積前受金の内容及び金額",
      "債務負担行為",
      "概要",
      "照合結果",
      "入力",
    ]);
    expect(wb.creator).toBe("地方公共団体情報システム機構");
    expect(wb.created.toISOString()).toBe("2017-04-01T00:00:00.000Z");
  });

  it("gives every line of every statement a formula whose cached result is statements.json's figure", () => {
    const segmentIds = json.segments.map((s) => s.id);
    for (const st of json.statements) {
      const single = sheet(wb, st.title);
      const rows = amountRows(single);
      expect(rows.map((r) => r.getCell(1).value)).toEqual(st.lines.map((l) => l.label));
      rows.forEach((row, i) => {
        const line = st.lines[i];
        const f = formulaOf(row.getCell(2));
        expect(f, `${st.title} ${line?.label}`).toBeDefined();
        expect(String(f?.result)).toBe(line?.total);
        if (line?.kind === "leaf") expect(f?.formula).toMatch(/^'入力'!/);
      });
    }
    for (const st of [
      ...json.statements.map((s) => ({ ...s, sheet: `事業別${s.title}` })),
      ...json.supplementary.map((s) => ({ ...s, sheet: s.title })),
    ]) {
      const ws = sheet(wb, st.sheet);
      const header = ws.getRow(4);
      expect(segmentIds.map((_, i) => header.getCell(2 + i).value)).toEqual(
        json.segments.map((s) => s.name),
      );
      const totalCol = 2 + segmentIds.length;
      expect(header.getCell(totalCol).value).toBe("合計");
      const rows = amountRows(ws);
      expect(rows.length).toBe(st.lines.length);
      rows.forEach((row, i) => {
        const line = st.lines[i];
        if (!line) throw new Error("row without line");
        segmentIds.forEach((id, j) => {
          const f = formulaOf(row.getCell(2 + j));
          expect(f, `${st.sheet} ${line.label} ${id}`).toBeDefined();
          expect(String(f?.result)).toBe(line.segments[id]);
        });
        const total = formulaOf(row.getCell(totalCol));
        expect(total?.formula).toMatch(/^SUM\(B\d+:[A-Z]+\d+\)$/);
        expect(String(total?.result)).toBe(line.total);
      });
    }
  });

  it("applies the △ number format to every numeric cell and every formula cell with a number", () => {
    let amounts = 0;
    for (const ws of wb.worksheets) {
      ws.eachRow((row) => {
        row.eachCell((cell) => {
          const f = formulaOf(cell);
          const numeric = typeof cell.value === "number" || typeof f?.result === "number";
          if (!numeric) return;
          // The counts of pass/fail/warn on 照合結果 are counts, not amounts.
          if (ws.name === "照合結果" && Number(cell.row) === 2) return;
          amounts++;
          expect(cell.numFmt, `${ws.name}!${cell.address}`).toBe(AMOUNT_FORMAT);
        });
      });
    }
    expect(amounts).toBeGreaterThan(1000);
  });

  it("writes no string that looks like a formula and no formula without a cached result", () => {
    for (const ws of wb.worksheets) {
      ws.eachRow((row) => {
        row.eachCell((cell) => {
          if (typeof cell.value === "string")
            expect(cell.value.startsWith("="), `${ws.name}!${cell.address}`).toBe(false);
          const f = formulaOf(cell);
          if (f) expect(f.result, `${ws.name}!${cell.address}`).not.toBeUndefined();
        });
      });
    }
  });

  it("lists every finding on 照合結果, declared checks as live formulas", () => {
    const ws = sheet(wb, "照合結果");
    expect(ws.rowCount).toBe(3 + json.checks.length);
    json.checks.forEach((c, i) => {
      const row = ws.getRow(4 + i);
      expect(row.getCell(1).value).toBe(c.id);
      const status = row.getCell(5);
      const f = formulaOf(status);
      expect(f?.result ?? status.value).toBe(c.status);
      if (c.id === "tie.cash") {
        expect(f?.formula).toBe(`IF(H${4 + i}=0,"pass","fail")`);
        expect(formulaOf(row.getCell(7))?.formula).toMatch(/予定貸借対照表/);
        expect(formulaOf(row.getCell(6))?.formula).toMatch(/資金計画/);
      }
      if (c.difference !== undefined) {
        const d = row.getCell(8);
        expect(String(formulaOf(d)?.result ?? d.value)).toBe(c.difference);
      }
    });
  });

  it("writes the 概要 in 百万円 as ROUND formulas over the 千円 figures", () => {
    const ws = sheet(wb, "概要");
    const row = ws.getRow(4);
    expect(row.getCell(2).value).toBe("営業収益");
    expect(formulaOf(row.getCell(3))).toEqual({
      formula: "ROUND(('予定損益計算書'!B17)/1000,0)",
      result: 46009,
    });
    const net = ws.getRow(11);
    expect(net.getCell(2).value).toBe("当期純利益");
    expect(formulaOf(net.getCell(5))?.result).toBe(-371);
    expect(net.getCell(6).value).toBe(-370);
  });

  it("matches the golden dump (UPDATE_GOLDEN=1 to rewrite)", async () => {
    // Sources name the book as the build was given it: make the dump independent of the checkout.
    const dump = (await dumpWorkbook(built)).split(`${FY29}/`).join("ledgers/jlis-h29/");
    if (process.env.UPDATE_GOLDEN === "1" || !existsSync(GOLDEN)) {
      if (process.env.UPDATE_GOLDEN !== "1" && process.env.CI)
        throw new Error(`${GOLDEN} is missing; run UPDATE_GOLDEN=1 npx vitest run`);
      mkdirSync(dirname(GOLDEN), { recursive: true });
      writeFileSync(GOLDEN, dump);
    }
    expect(dump).toBe(readFileSync(GOLDEN, "utf8"));
  });
});

describe("text from input", () => {
  it("is written as text even when it begins with = + - or @", async () => {
    const dir = copyBook();
    const advances = join(dir, "advances.csv");
    const text = readFileSync(advances, "utf8").replace("住基ネットシステムの機器更改", "=1+2");
    writeFileSync(advances, text);
    appendLines(
      join(dir, "commitments.csv"),
      '@SUM(A1),"1,000",平成29年度,平成30年度,,+cmd|calc',
      '-2+3,"2,000",平成29年度,平成30年度,,',
    );
    const wb2 = await open(await renderBook(dir));
    const found: string[] = [];
    for (const ws of wb2.worksheets) {
      ws.eachRow((row) => {
        row.eachCell((cell) => {
          if (typeof cell.value === "string" && /^[=+\-@]/.test(cell.value)) {
            expect(cell.type).toBe(ExcelJS.ValueType.String);
            found.push(`${ws.name}:${cell.value}`);
          }
        });
      });
    }
    expect(found).toEqual(
      expect.arrayContaining([
        "予定前受金及び累積前受金の内容及び金額:=1+2",
        "入力:=1+2",
        "債務負担行為:@SUM(A1)",
        "債務負担行為:+cmd|calc",
        "債務負担行為:-2+3",
      ]),
    );
  });
});
