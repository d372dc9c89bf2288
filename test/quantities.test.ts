/**
 * Quantities: figures whose unit is not money (test/fixtures/quantities: 第2条 業務の予定量 of a
 * small 水道事業会計 in 千円, no segments — 給水戸数 戸, 給水人口 人, 年間総給水量 ㎥, 一日平均給水量
 * ㎥/日, and 主要な建設改良事業 in money beside them). A layout line declares its unit; its
 * budget rows are read in that unit, never scaled; a declared check ties quantities of one unit;
 * a formula or check that combines units is refused at load (`unit.mix`) naming both lines;
 * every output shows a quantity with its unit (statements.json, CSV, workbook, report, journal,
 * explain, the import) and never under the money-unit note; `Money` never holds a quantity.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { runExplain } from "../src/cli/commands.ts";
import { runImport } from "../src/cli/import-command.ts";
import { derive } from "../src/derive/derive.ts";
import { formatInputIssue } from "../src/model/issues.ts";
import { Money } from "../src/model/money.ts";
import { asQuantityUnit, minusAmount, Quantity, sumAmounts } from "../src/model/quantity.ts";
import { loadBook } from "../src/read/load-book.ts";
import { journalOf } from "../src/render/journal.ts";
import { type Built, buildTemp, jsonFigure, REPO, tempDir } from "./helpers/book.ts";
import { serveCopy, session } from "./helpers/serve.ts";

const BOOK = join(REPO, "test/fixtures/quantities");

/** A copy of the fixture to change. */
function copy(): string {
  const dir = join(tempDir("yosan-quantities-"), "book");
  cpSync(BOOK, dir, { recursive: true });
  return dir;
}

/** Replace `from` by `to` in a file of a book (which must contain it). */
function change(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  writeFileSync(path, text.replace(from, to));
}

/** The issues of a book that does not load, each as `code: message` (English). */
function refusals(dir: string): string[] {
  const r = loadBook(dir);
  if (r.ok) throw new Error("the book loaded");
  return r.issues.map((i) => `${i.code}: ${formatInputIssue(i, "en").split("\n")[0]}`);
}

describe("a book with 第2条 業務の予定量 builds, each quantity in its unit", () => {
  let built: Built;
  beforeAll(async () => {
    built = await buildTemp(BOOK);
  });

  it("exit 0: the tie of ㎥ and the 「うち」 of 戸 pass, in their units", () => {
    expect(built.result.stderr).toEqual([]);
    expect(built.result.exitCode).toBe(0);
    const byId = new Map(built.json.checks.map((c) => [c.id, c]));
    expect(byId.get("volume.total")).toMatchObject({
      status: "pass",
      expected: "3650000",
      actual: "3650000",
      unit: "㎥",
      message: "年間総給水量 = 有収水量 + 無収水量: 3,650,000 ㎥",
    });
    expect(byId.get("memo.within")).toMatchObject({ status: "pass", unit: "戸" });
  });

  it("statements.json gives each quantity its unit, exactly as typed (never scaled to 千円)", () => {
    const { json } = built;
    expect(json.unit).toBe("千円");
    const volumes = json.supplementary.find((s) => s.id === "volumes");
    const units = Object.fromEntries((volumes?.lines ?? []).map((l) => [l.id, l.unit ?? null]));
    expect(units).toEqual({
      households: "戸",
      "households-residential": "戸",
      population: "人",
      "annual-volume": "㎥",
      "billed-volume": "㎥",
      "unbilled-volume": "㎥",
      "distributed-volume": "㎥",
      "daily-volume": "㎥/日",
      // 主要な建設改良事業: money, in the book's unit.
      "main-replacement": null,
      "plant-renewal": null,
      "works-total": null,
    });
    expect(jsonFigure(json, "volumes", "households", null)).toBe("12345");
    expect(jsonFigure(json, "volumes", "distributed-volume", null)).toBe("3650000");
    expect(jsonFigure(json, "volumes", "daily-volume", null)).toBe("10000");
    expect(jsonFigure(json, "volumes", "works-total", null)).toBe("370000");
    for (const l of json.statements.flatMap((s) => s.lines)) expect(l.unit).toBeUndefined();
  });

  it("the CSV of a statement with quantities has a unit column; a statement of money has none", () => {
    const volumes = readFileSync(join(built.out, "volumes.csv"), "utf8").replace(/^\uFEFF/, "");
    const rows = volumes.trimEnd().split("\r\n");
    expect(rows[0]).toBe("id,label,level,kind,unit,金額");
    expect(rows).toContain("households,給水戸数,0,leaf,戸,12345");
    expect(rows).toContain("daily-volume,一日平均給水量,0,leaf,㎥/日,10000");
    expect(rows).toContain("works,主要な建設改良事業,0,heading,,");
    expect(rows).toContain("main-replacement,配水管布設替事業,1,leaf,千円,250000");
    const pl = readFileSync(join(built.out, "pl.csv"), "utf8").replace(/^\uFEFF/, "");
    expect(pl.split("\r\n")[0]).toBe("id,label,level,kind,金額");
  });

  it("the report shows 「12,345 戸」 (the unit after the figure), money as before", () => {
    const html = readFileSync(join(built.out, "report.html"), "utf8");
    expect(html).toMatch(/data-line="households"[^>]*>12,345 戸</);
    expect(html).toMatch(/data-line="daily-volume"[^>]*>10,000 ㎥\/日</);
    expect(html).toMatch(/data-line="main-replacement"[^>]*>250,000</);
    expect(html).not.toMatch(/>12,345</);
  });

  it("the workbook: a quantity's cells carry its unit in their number format", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(built.out, "statements.xlsx"));
    const ws = wb.getWorksheet("業務の予定量");
    if (!ws) throw new Error("no sheet 業務の予定量");
    const formatOf = (label: string) => {
      let found: string | undefined;
      ws.eachRow((row) => {
        if (row.getCell(1).value === label) found = row.getCell(2).numFmt;
      });
      return found;
    };
    expect(formatOf("給水戸数")).toBe('#,##0" 戸";"△"#,##0" 戸"');
    expect(formatOf("一日平均給水量")).toBe('#,##0" ㎥/日";"△"#,##0" ㎥/日"');
    expect(formatOf("配水管布設替事業")).toBe('#,##0;"△"#,##0');
  });

  it("explain and the journal name the unit; hledger would keep it apart as a commodity", async () => {
    const r = await runExplain(BOOK, "配水量計", { lang: "en" });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.join("\n")).toContain("(単位：㎥)");
    expect(r.stdout.join("\n")).toContain("配水量計 3,650,000 ㎥ = 有収水量 + 無収水量");
    const loaded = loadBook(BOOK);
    if (!loaded.ok) throw new Error("does not load");
    const journal = journalOf(loaded.book, undefined, "en");
    expect(journal).toContain('    volumes:households  12345 "戸"\n    equity:budget  -12345 "戸"');
    expect(journal).toContain("    volumes:main-replacement  250000\n");
  });
});

describe("yosan serve shows a quantity with its unit, and what-if edits it in that unit", () => {
  it("statements: 「12,345 戸」; an edit of 給水戸数 moves it and nothing of money", async () => {
    const s = await serveCopy({ from: BOOK, watch: false });
    try {
      const me = await session(s.port);
      const page = (await me.get("/statements")).text;
      expect(page).toMatch(/data-line="households" data-segment="合計"[^>]*>12,345 戸</);
      expect(page).toMatch(/data-line="main-replacement" data-segment="合計"[^>]*>250,000</);
      const r = await me.post(
        "/api/whatif",
        JSON.stringify({ line: "households", segment: "合計", amount: "12400" }),
      );
      expect(r.status).toBe(200);
      const edited = (await me.get("/statements")).text;
      expect(edited).toMatch(/data-line="households" data-segment="合計"[^>]*>12,400 戸</);
      expect(edited).toMatch(/data-line="net-income" data-segment="合計"[^>]*>150,000</);
    } finally {
      await s.close();
    }
  });
});

describe("a planted error in a quantity fails its check, in its unit", () => {
  it("無収水量 100 ㎥ too many: volume.total fails by △100 ㎥", async () => {
    const dir = copy();
    change(dir, "budget.csv", '無収水量,"365,000"', '無収水量,"365,100"');
    const { json, result } = await buildTemp(dir);
    expect(result.exitCode).toBe(1);
    const f = json.checks.find((c) => c.id === "volume.total");
    expect(f).toMatchObject({ status: "fail", difference: "-100", unit: "㎥" });
    expect(f?.message).toBe(
      "年間総給水量 = 有収水量 + 無収水量: 年間総給水量 = 3,650,000 ㎥ but 配水量計 = 3,650,100 ㎥, difference △100 ㎥",
    );
  });
});

/**
 * A copy of the book with a published 概要 in 百万円 (a sheet of the workbook) printing the
 * quantities beside money, with the previous year and 増減: each row of `rows` is
 * `line,current,previous,change`.
 */
function withSummary(rows: readonly string[]): string {
  const dir = copy();
  const manifest = JSON.parse(readFileSync(join(dir, "book.json"), "utf8"));
  manifest.prints = [
    {
      id: "summary",
      title: "概要",
      file: "summary.csv",
      unit: "百万円",
      rounding: "half-up",
      sheet: true,
      columns: [
        { id: "current", label: "7年度" },
        { id: "previous", label: "6年度", version: "6年度" },
        { id: "change", label: "増減", change: ["previous", "current"] },
      ],
    },
  ];
  writeFileSync(join(dir, "book.json"), JSON.stringify(manifest, null, 2));
  writeFileSync(
    join(dir, "summary.csv"),
    [
      "table,statement,line,current,previous,change",
      ...rows.map((r) => `業務の予定量,volumes,${r}`),
      "",
    ].join("\n"),
  );
  return dir;
}

/** The 概要's rows as the figures tie out: quantities exact in their units, money in 百万円. */
const SUMMARY = [
  'households,"12,345","12,000",345',
  'billed-volume,"3,285,000","3,300,000","△15,000"',
  'unbilled-volume,"365,000","350,000","15,000"',
  'distributed-volume,"3,650,000","3,650,000",0',
  "main-replacement,250,240,10",
  "plant-renewal,120,130,△10",
  "works-total,370,370,0",
];

describe("a print row naming a quantity is tied out exactly, in its unit", () => {
  it("beside money in 百万円: each quantity as printed, never scaled nor rounded, exit 0", async () => {
    const { result, json, out } = await buildTemp(withSummary(SUMMARY));
    expect(result.stderr).toEqual([]);
    expect(json.checks.filter((c) => c.status !== "pass")).toEqual([]);
    expect(result.exitCode).toBe(0);
    const figure = (line: string) =>
      json.checks.find((c) => c.id === "published.figure" && c.line === line);
    expect([figure("households")?.expected, figure("households")?.unit]).toEqual(["12345", "戸"]);
    expect([figure("billed-volume")?.actual, figure("billed-volume")?.unit]).toEqual([
      "3285000",
      "㎥",
    ]);
    expect([figure("main-replacement")?.actual, figure("main-replacement")?.unit]).toEqual([
      "250",
      "百万円",
    ]);
    const change = json.checks.find((c) => c.id === "published.change" && c.line === "households");
    expect([change?.status, change?.expected, change?.unit]).toEqual(["pass", "345", "戸"]);
    // No unit mix-up is read from the quantities, which are not in 百万円.
    expect(json.checks.some((c) => c.id === "published.unit")).toBe(false);
    // The 概要's sheet: the quantity exact with its unit, never divided into 百万円 nor rounded.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, "statements.xlsx"));
    const ws = wb.getWorksheet("概要");
    if (!ws) throw new Error("no sheet 概要");
    const households = ws.getRow(4).getCell(3);
    expect(ws.getRow(4).getCell(2).value).toBe("給水戸数");
    expect((households.value as ExcelJS.CellFormulaValue).formula).not.toMatch(/ROUND|\/1000/);
    expect((households.value as ExcelJS.CellFormulaValue).result).toBe(12345);
    expect(households.numFmt).toBe('#,##0" 戸";"△"#,##0" 戸"');
  });

  it("a printed quantity that differs is a warning against a published print, 「12,346 戸」", async () => {
    const dir = withSummary(['households,"12,346","12,000",346', ...SUMMARY.slice(1)]);
    const plain = await buildTemp(dir);
    expect(plain.result.exitCode).toBe(0);
    const bad = plain.json.checks.filter((c) => c.status !== "pass");
    expect(bad.map((c) => [c.id, c.status, c.line, c.expected, c.actual, c.unit])).toEqual([
      ["published.figure", "warn", "households", "12345", "12346", "戸"],
      ["published.change", "warn", "households", "345", "346", "戸"],
    ]);
    expect(bad[0]?.message).toContain("12,346 戸");
    expect(bad[0]?.sources[0]).toMatch(/summary\.csv:2:current$/);
    expect((await buildTemp(dir, true)).result.exitCode).toBe(1);
  });

  it("a printed sum of quantities holds exactly, in their unit: 配水量計 off by 1 ㎥ is no rounding", async () => {
    const dir = withSummary([
      ...SUMMARY.slice(0, 3),
      'distributed-volume,"3,650,001","3,650,000",1',
      ...SUMMARY.slice(4),
    ]);
    const { json } = await buildTemp(dir);
    const sums = json.checks.filter(
      (c) => c.id === "published.sums" && c.line === "distributed-volume" && c.status !== "pass",
    );
    // 7年度 and 増減: 3,650,001 ≠ 有収水量 + 無収水量 = 3,650,000 (a 百万円 print's rounding never applies).
    expect(sums.map((c) => [c.expected, c.actual, c.unit])).toEqual([
      ["3650000", "3650001", "㎥"],
      ["0", "1", "㎥"],
    ]);
    expect(sums[0]?.message).toContain("3,650,001 ㎥ ≠");
  });

  it("is read exactly: a decimal as printed; a unit in the cell is not an amount", () => {
    const dir = withSummary(['daily-volume,"10,000.5",,', ...SUMMARY]);
    const loaded = loadBook(dir);
    if (!loaded.ok) throw new Error("does not load");
    const row = loaded.book.prints[0]?.rows.find((r) => r.line === "daily-volume");
    expect(row?.cells.get("current")?.amount).toEqual(
      Quantity.of("10000.5", asQuantityUnit("㎥/日")),
    );
    const withUnit = withSummary(['households,"12,345戸",,', ...SUMMARY.slice(1)]);
    expect(refusals(withUnit)).toEqual([
      "amount.invalid: " +
        `${withUnit}/summary.csv:2:current: error: 「12,345戸」 is not an amount (expected digits with optional thousands separators and a sign (△, ▲, - or parentheses))`,
    ]);
  });
});

describe("figures of different units are never combined: refused at load (unit.mix)", () => {
  it("a quantity added to an amount, naming both lines and their units", () => {
    const dir = copy();
    change(
      dir,
      "layout.csv",
      "main-replacement + plant-renewal,,,",
      "main-replacement + plant-renewal + households,,,",
    );
    expect(refusals(dir)).toEqual([
      "unit.mix: " +
        `${dir}/layout.csv:13:formula: error: the formula of 「建設改良事業計」 (千円) adds 「給水戸数」 (戸): figures in different units cannot be added (a quantity line states its unit in layout.csv's unit column)`,
    ]);
  });

  it("a chart line of book.json's report that names a quantity, at the line of book.json naming it", () => {
    const dir = copy();
    const manifest = JSON.parse(readFileSync(join(dir, "book.json"), "utf8"));
    manifest.report = { revenue: "households" };
    writeFileSync(join(dir, "book.json"), JSON.stringify(manifest, null, 1));
    const line = readFileSync(join(dir, "book.json"), "utf8")
      .split("\n")
      .findIndex((l) => l.includes('"revenue"'));
    const issues = refusals(dir);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(
      new RegExp(`^unit\\.mix: .*book\\.json:${line + 1}:report\\.revenue: error: `),
    );
  });

  it("two quantities of different units in one formula (㎥ and ㎥/日)", () => {
    const dir = copy();
    change(dir, "layout.csv", "billed-volume + unbilled-volume", "billed-volume + daily-volume");
    expect(refusals(dir)).toEqual([
      "unit.mix: " +
        `${dir}/layout.csv:8:formula: error: the formula of 「配水量計」 (㎥) adds 「一日平均給水量」 (㎥/日): figures in different units cannot be added (a quantity line states its unit in layout.csv's unit column)`,
    ]);
  });

  it("a check that ties a quantity to money, or to another unit", () => {
    const dir = copy();
    writeFileSync(
      join(dir, "checks.csv"),
      [
        "check,description,left,right,hint",
        "mix.money,給水戸数 = 給水収益,households,water-charges,",
        "mix.units,年間総給水量 = 一日平均給水量,annual-volume,daily-volume,",
        "",
      ].join("\n"),
    );
    expect(refusals(dir)).toEqual([
      "unit.mix: " +
        `${dir}/checks.csv:2:right: error: the check mix.money combines 「給水戸数」 (戸) and 「給水収益」 (千円): figures in different units can be neither added nor compared`,
      "unit.mix: " +
        `${dir}/checks.csv:3:right: error: the check mix.units combines 「年間総給水量」 (㎥) and 「一日平均給水量」 (㎥/日): figures in different units can be neither added nor compared`,
    ]);
  });

  it("a print row whose formula combines units", () => {
    const dir = withSummary(["households + main-replacement,1,,", ...SUMMARY]);
    expect(refusals(dir)).toEqual([
      "unit.mix: " +
        `${dir}/summary.csv:2:line: error: row 「households + main-replacement」 of the print 「概要」 combines 「給水戸数」 (戸) and 「配水管布設替事業」 (千円): figures in different units cannot be added`,
    ]);
  });

  it("a 「うち」 line in another unit than its parent", () => {
    const dir = copy();
    change(
      dir,
      "layout.csv",
      "うち一般用,,1,leaf,,,households,戸",
      "うち一般用,,1,leaf,,,households,人",
    );
    expect(refusals(dir)[0]).toMatch(
      /^unit\.mix: .*layout\.csv:3:part_of: error: 「うち一般用」 \(人\) is part of 「給水戸数」 \(戸\), in another unit$/,
    );
  });

  it("a money unit other than the book's is not a quantity's unit (layout.unit)", () => {
    const dir = copy();
    change(dir, "layout.csv", "営業費用,,0,leaf,,,,千円", "営業費用,,0,leaf,,,,円");
    expect(refusals(dir)).toEqual([
      "layout.unit: " +
        `${dir}/layout.csv:15:unit: error: 「円」 is a money unit, but this book's amounts are in 千円: leave unit blank (or 千円) for money, and write a quantity's own unit (戸, ㎥ …) for a quantity`,
    ]);
  });
});

describe("importing a table of 業務の予定量 with a 円 note", () => {
  it("scales the money to 千円 and takes the quantity as printed", async () => {
    const dir = copy();
    const file = join(tempDir("yosan-quantities-import-"), "volumes.csv");
    writeFileSync(
      file,
      '業務の予定量\n（単位：円）\n科目,金額\n給水戸数,"12,400"\n配水管布設替事業,"260,000,000"\n',
    );
    const r = await runImport([file], { into: dir, lang: "en" });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.join("\n")).toContain("changed 給水戸数: 12,345 → 12,400 戸");
    const loaded = loadBook(dir);
    if (!loaded.ok) throw new Error("does not load");
    const model = derive(loaded.book);
    expect(model.figure("households", null).amount.toString()).toBe("12400");
    expect(model.figure("main-replacement", null).amount.toString()).toBe("260000");
  });
});

describe("Money never holds a quantity", () => {
  const ko = asQuantityUnit("戸");
  const m3 = asQuantityUnit("㎥");

  it("is refused by the compiler, and at run time when a cast hides it", () => {
    const q = Quantity.of("12345", ko);
    // @ts-expect-error a quantity is not money
    const asMoney: Money = q;
    // @ts-expect-error money and a quantity do not add
    expect(() => Money.of("1", "千円").plus(q)).toThrow(/千円 and 戸/);
    expect(() => Money.sum("千円", [asMoney])).toThrow(/cannot combine amounts in 千円 and 戸/);
    expect(() => sumAmounts(Money.zero("千円"), [q])).toThrow(/quantity in 戸 where money/);
    expect(() => sumAmounts(Quantity.zero(m3), [q])).toThrow(/quantities in ㎥ and 戸/);
    expect(() => minusAmount<Money | Quantity>(Money.of("1", "千円"), q)).toThrow(
      /cannot combine figures in 千円 and 戸/,
    );
  });

  it("adds quantities of one unit exactly, and shows them with it", () => {
    const sum = sumAmounts(Quantity.zero(m3), [
      Quantity.of("3285000.5", m3),
      Quantity.of("364999.5", m3),
    ]);
    expect(sum.toString()).toBe("3650000");
    expect(Quantity.of("-12", ko).withUnit()).toBe("△12 戸");
    expect(Quantity.of("-0", ko).toString()).toBe("0");
  });
});
