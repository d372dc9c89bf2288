import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../src/cli/build.ts";
import { runImport } from "../src/cli/import-command.ts";
import { loadBook } from "../src/read/load-book.ts";
import type { StatementsJson } from "../src/render/statements-json.ts";
import {
  buildTemp,
  copyBook,
  FY29,
  hashDir,
  jsonFigure,
  publishedFigures,
  tempDir,
} from "./helpers/book.ts";
import { printedWorkbook } from "./helpers/printed-workbook.ts";
import { SEED_PATH } from "./helpers/seed.ts";

function sameStatements(a: StatementsJson, b: StatementsJson): string[] {
  const diffs: string[] = [];
  for (const [i, sa] of [...a.statements, ...a.supplementary].entries()) {
    const sb = [...b.statements, ...b.supplementary][i];
    for (const la of sa.lines) {
      const lb = sb?.lines.find((l) => l.id === la.id);
      if (
        !lb ||
        lb.total !== la.total ||
        JSON.stringify(lb.segments) !== JSON.stringify(la.segments)
      )
        diffs.push(`${sa.id}/${la.id}`);
    }
  }
  return diffs;
}

const fy29 = loadBook(FY29);
if (!fy29.ok) throw new Error("FY29 does not load");
let canonical: StatementsJson;
let workbookPath: string;
beforeAll(async () => {
  const built = await buildTemp(FY29);
  canonical = built.json;
  workbookPath = join(built.out, "statements.xlsx");
});

describe("round trip through yosan's workbook", () => {
  it("an unedited workbook changes nothing", async () => {
    const book = copyBook();
    const before = hashDir(book);
    const r = await runImport([workbookPath], { into: book });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.join("\n")).toContain("changes: none");
    expect(r.stdout.join("\n")).toContain("unchanged");
    expect(hashDir(book)).toBe(before);
    expect(existsSync(`${book}.backup`)).toBe(false);
  });

  it("an edited cell and an added detail row come back as exactly those changes", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(workbookPath);
    const ws = wb.getWorksheet("入力");
    if (!ws) throw new Error("no 入力 sheet");
    let projectRow = 0;
    let lastLeafRow = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(3).value === "project-expenses") projectRow = n;
      if (typeof row.getCell(3).value === "string" && /^[a-z]/.test(row.getCell(3).value as string))
        lastLeafRow = n;
    });
    ws.getCell(projectRow, 4).value = 3544415; // 一般事業 事業費 3,543,415 → 3,544,415
    ws.getRow(lastLeafRow + 1).values = [
      "予定損益計算書",
      "事業収入 (明細追加)",
      "business-income",
      500,
    ];
    const edited = join(tempDir(), "edited.xlsx");
    await wb.xlsx.writeFile(edited);

    const book = copyBook();
    const r = await runImport([edited], { into: book });
    const text = r.stdout.join("\n");
    // The books' checks now fail (事業費 moved without the BS cash): exit 1, as for build.
    expect(r.exitCode, r.stderr.join("\n")).toBe(1);
    expect(text).toMatch(/fail tie\.cash: .*\(一般事業\)/);
    expect(text).toContain("changes (2):");
    expect(text).toMatch(
      new RegExp(
        `changed 事業費 / 一般事業: 3,543,415 → 3,544,415 {2}\\[.*edited\\.xlsx!入力!D${projectRow}\\]`,
      ),
    );
    expect(text).toMatch(/changed 事業収入 \/ 一般事業: 3,083,637 → 3,084,137/);
    expect(text).toMatch(/previous book kept at .*backup-/);
    const after = await buildTemp(book);
    expect(BigInt(jsonFigure(after.json, "profit-and-loss", "net-income", "general"))).toBe(
      57293n - 1000n + 500n,
    );
    // 事業費 had a single row: updated in place, not appended.
    const budget = readFileSync(join(book, "budget.csv"), "utf8");
    expect(budget).toContain("事業費,一般事業,3544415,");
    expect(budget).not.toContain("事業費,一般事業,3543415");
  });
});

describe("the printed layout into an empty directory (--layout)", () => {
  it("builds to the canonical statements, with the lost signs as findings and the bridge determined", async () => {
    const file = join(tempDir(), "printed.xlsx");
    writeFileSync(file, await printedWorkbook(fy29.book, { blankColumn: true }));
    const into = join(tempDir(), "new-book");
    const r = await runImport([file], { into, layout: FY29 });
    const text = r.stdout.join("\n");
    expect(r.exitCode, `${text}\n${r.stderr.join("\n")}`).toBe(0);
    expect(text).toMatch(
      /事業別予定貸借対照表 \(42 lines, 7 segments \+ 合計\) → .*printed\.xlsx!事業別予定貸借対照表!A4:/,
    );
    expect(text).toMatch(
      /determined 事業費のうち非資金費用 \(一般事業\) = 233,829 from 事業費 printed 3,309,586/,
    );
    expect((text.match(/warn published\.sign/g) ?? []).length).toBe(7); // the 事業別 tables' lost signs
    const built = await buildTemp(into);
    expect(sameStatements(canonical, built.json)).toEqual([]);
    expect(jsonFigure(built.json, "cash-plan", "cf-closing-cash", null)).toBe("21616961");
  });

  it("a planted error is reported at its exact cell, with the checks it breaks", async () => {
    const file = join(tempDir(), "planted.xlsx");
    // 未収金 of 一般事業: 734,082 printed as 743,082.
    writeFileSync(
      file,
      await printedWorkbook(fy29.book, {
        plant: {
          table: "事業別予定貸借対照表",
          line: "receivables",
          segment: "general",
          text: "743,082",
        },
      }),
    );
    const into = join(tempDir(), "planted-book");
    const r = await runImport([file], { into, layout: FY29, dryRun: true });
    const text = r.stdout.join("\n");
    expect(text).toMatch(
      /warn published\.sums: planted\.xlsx \(千円\): 事業別予定貸借対照表 未収金 \(一般事業\) 743,082 breaks both its row's 合計 and 流動資産合計: this cell is most likely wrong \[.*planted\.xlsx!事業別予定貸借対照表!B8\]/,
    );
    expect(text).toMatch(
      /warn published\.sums: planted\.xlsx \(千円\): 事業別予定貸借対照表 未収金 \(合計\) 17,739,649 ≠ Σ segments = 17,748,649/,
    );
    expect(text).toMatch(/fail bs\.balance: .*\(一般事業\).*difference 9,000/);
    expect(text).toMatch(
      /warn published\.figure: planted\.xlsx \(千円\): 事業別資金計画 当期末未収金 \(一般事業\): printed 734,082 but the model gives 743,082/,
    );
    expect(text).toContain("dry run: nothing written");
    expect(existsSync(into)).toBe(false);
  });
});

describe("other readers", () => {
  it("a Shift_JIS CSV of the 事業別 P&L re-imports with no change", async () => {
    const rows = [
      ["(事業別財務情報(予定損益計算書関係))"],
      ["(単位：千円)"],
      ["科 目", ...fy29.book.segments.map((s) => s.name), "合 計"],
    ];
    for (const line of fy29.book.lines.filter((l) => l.statement === "profit-and-loss")) {
      if (line.kind === "heading") {
        rows.push([line.label]);
        continue;
      }
      const p = publishedFigures(fy29.book).filter(
        (x) => x.table === "事業別予定損益計算書" && x.line === line.id,
      );
      rows.push([
        line.label,
        ...fy29.book.segments.map((s) => p.find((x) => x.segment === s.id)?.printedText ?? ""),
        p.find((x) => x.segment === null)?.printedText ?? "",
      ]);
    }
    const csvText = rows
      .map((r) => r.map((c) => (c.includes(",") ? `"${c}"` : c)).join(","))
      .join("\r\n");
    const file = join(tempDir(), "pl-sjis.csv");
    writeFileSync(file, iconv.encode(csvText, "Shift_JIS"));
    const book = copyBook();
    const before = hashDir(book);
    const r = await runImport([file], { into: book, dryRun: true });
    const text = r.stdout.join("\n");
    expect(text).toContain("decoded as Shift_JIS (CP932)");
    expect(text).toMatch(/事業別予定損益計算書 \(\d+ lines, 7 segments \+ 合計\)/);
    expect(text).toContain("changes: none");
    expect((text.match(/warn published\.sign/g) ?? []).length).toBe(3);
    expect(hashDir(book)).toBe(before);
  });

  it("the seed's own text tables build a book identical to the canonical one", async () => {
    const into = join(tempDir(), "seed-book");
    const r = await runImport([SEED_PATH], { into, layout: FY29 });
    expect(r.exitCode, r.stderr.join("\n")).toBe(0);
    const text = r.stdout.join("\n");
    expect((text.match(/warn published\.sign/g) ?? []).length).toBe(8);
    expect(text).toMatch(/債務負担行為 \(22 items\)/);
    const built = await buildTemp(into);
    expect(sameStatements(canonical, built.json)).toEqual([]);
    const loaded = loadBook(into);
    expect(loaded.ok && loaded.book.commitments?.commitments.length).toBe(32);
  });
});

describe("bad input leaves the book untouched (exit 2)", () => {
  const cases: [string, (dir: string) => string, RegExp][] = [
    [
      "random bytes named .xlsx",
      (d) => {
        const f = join(d, "x.xlsx");
        writeFileSync(f, Buffer.from("not a zip at all, just text"));
        return f;
      },
      /x\.xlsx.*not a readable xlsx|x\.xlsx.*(corrupt|zip)/,
    ],
    [
      "a truncated workbook",
      (d) => {
        const f = join(d, "t.xlsx");
        const full = readFileSync(workbookPath);
        writeFileSync(f, full.subarray(0, Math.floor(full.length / 2)));
        return f;
      },
      /t\.xlsx.*(truncated|corrupt)/,
    ],
    [
      "an unknown label in a table",
      (d) => {
        const f = join(d, "u.csv");
        writeFileSync(f, "科目,金額\n営業収益,1\n事業費,2\n謎の科目,3\n当期純利益,4\n");
        return f;
      },
      /u\.csv:4:A: error: unrecognised label 「謎の科目」.*nearest:/,
    ],
    [
      "a file with no table",
      (d) => {
        const f = join(d, "n.csv");
        writeFileSync(f, "hello,world\n1,2\n");
        return f;
      },
      /no table recognised/,
    ],
    ["a missing file", (d) => join(d, "missing.xlsx"), /missing\.xlsx/],
  ];
  it.each(cases)("%s", async (_name, make, pattern) => {
    const book = copyBook();
    const before = hashDir(book);
    const r = await runImport([make(tempDir())], { into: book });
    expect(r.exitCode).toBe(2);
    expect(`${r.stdout.join("\n")}\n${r.stderr.join("\n")}`).toMatch(pattern);
    expect(hashDir(book)).toBe(before);
    expect(
      readdirSync(join(book, "..")).filter((n) => n.includes("backup") || n.includes("staging")),
    ).toEqual([]);
  });

  it("an import into a directory without a book and without --layout is refused", async () => {
    const r = await runImport([workbookPath], { into: join(tempDir(), "nowhere") });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.join("\n")).toMatch(/give --layout/);
  });

  it("the build still works after a refused import (nothing half-written)", async () => {
    const book = copyBook();
    await runImport([join(tempDir(), "missing.xlsx")], { into: book });
    const out = join(tempDir(), "out");
    expect((await build(book, { out })).exitCode).toBe(0);
  });
});
