/**
 * Importing actuals from an accounting system (yosan import EXPORT --into BOOK --version V):
 * a journal and trial balances made from FY29's sample 決算 through the book's mapping
 * (test/tools/generate-actuals.ts) import back to exactly the checked-in figures; a month-end
 * gives a version with its as-of date and 執行率 in compare; what is unmapped, unbalanced or not
 * an export at all is refused with every problem listed and the book byte-identical.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../src/cli/cli.ts";
import { Decimal } from "../src/model/money.ts";
import { parseCsvTable } from "../src/read/csv-table.ts";
import { loadBook } from "../src/read/load-book.ts";
import { copyBook, FY29, hashDir, tempDir } from "./helpers/book.ts";
import { type GeneratedActuals, generateActuals } from "./tools/generate-actuals.ts";

async function yosan(...argv: string[]): Promise<{ exit: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const exit = await run(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { exit, out, err };
}

interface ComparisonRows {
  rows: { statement: string; line: string; segment: string | null; a: string; b: string }[];
  b: { id: string; asOf: string | null; kind: string };
}

async function compareJson(book: string, a: string, b: string): Promise<ComparisonRows> {
  const r = await yosan("compare", book, a, b, "--json");
  return JSON.parse(r.out) as ComparisonRows;
}

/** Leaves of a version by line id and segment id, in the book's unit. */
function leavesOf(book: string, version: string): Map<string, string> {
  const l = loadBook(book);
  if (!l.ok) throw new Error(`${book} does not load`);
  const out = new Map<string, Decimal>();
  for (const e of l.book.versions.entries.get(version) ?? []) {
    const k = `${e.line}\u0000${e.segment ?? ""}`;
    out.set(k, (out.get(k) ?? new Decimal(0)).plus(e.amount.value));
  }
  return new Map([...out].filter(([, v]) => !v.isZero()).map(([k, v]) => [k, v.toFixed()]));
}

let utf8: GeneratedActuals;
let sjis: GeneratedActuals;
let pristine: ComparisonRows;
beforeAll(async () => {
  utf8 = generateActuals({ lines: 20_000, out: join(tempDir(), "utf8"), seed: 29 });
  sjis = generateActuals({ lines: 4_000, out: join(tempDir(), "sjis"), seed: 7, sjis: true });
  pristine = await compareJson(FY29, "current", "settlement");
});

/** A copy of FY29 whose settlement leaves are something else, so an import must rewrite them. */
function bookWithoutSettlement(): string {
  const book = copyBook();
  writeFileSync(
    join(book, "versions/settlement.csv"),
    "account,segment,amount,note\n事業費,一般事業,1,\n",
  );
  return book;
}

describe("a round trip: the sample 決算 → an export → import → the same figures", () => {
  it("the journal (20,000 lines, out-of-year vouchers left out) reproduces compare current settlement", async () => {
    const book = bookWithoutSettlement();
    const r = await yosan("import", utf8.journal, "--into", book, "--version", "settlement");
    expect(r.err).toBe("");
    expect(r.exit).toBe(0);
    expect(r.out).toMatch(/journal \(仕訳\), header on row 1 \(decoded as UTF-8, streamed\)/);
    expect(r.out).toMatch(/dated before 2017-04-01 left out/);
    expect(r.out).toMatch(/dated after 2018-03-31 left out/);
    expect(r.out).toMatch(/借方 ([\d,]+) = 貸方 \1 \(円\)/);
    expect(r.out).toMatch(/left out by the mapping \(-\): 9999 諸口/);
    expect(r.out).toMatch(/wrote .*versions\/settlement\.csv, book\.json; previous book kept at /);
    const after = await compareJson(book, "current", "settlement");
    expect(after.rows).toEqual(pristine.rows);
    expect(leavesOf(book, "settlement")).toEqual(leavesOf(FY29, "settlement"));
    // The leaves file is budget.csv's format, in layout order, each note naming the export and
    // its rows in the book's language (FY29's is ja); the 備考 file stays.
    const text = readFileSync(join(book, "versions/settlement.csv"), "utf8");
    expect(text.split("\n")[0]).toBe("account,segment,amount,note");
    expect(text.split("\n")[1]).toMatch(
      /^現金及び預金,一般事業,4459982,"?journal\.csv：[\d,]+行"?$/,
    );
    const manifest = JSON.parse(readFileSync(join(book, "book.json"), "utf8"));
    const v = manifest.versions.find((x: { id: string }) => x.id === "settlement");
    expect(v).toEqual({
      id: "settlement",
      name: "決算",
      kind: "actual",
      files: ["versions/settlement.csv"],
      notes: "versions/settlement-notes.csv",
    });
  });

  it("so do the 残高試算表 (title rows, a 合計 row) and the 月次推移 (期首残高, 4月 … 3月)", async () => {
    for (const file of [utf8.trialBalance, utf8.monthly]) {
      const book = bookWithoutSettlement();
      const r = await yosan("import", file, "--into", book, "--version", "settlement");
      expect(r.exit, r.err).toBe(0);
      expect(r.out).toMatch(/trial balance \(試算表\)/);
      expect((await compareJson(book, "current", "settlement")).rows).toEqual(pristine.rows);
    }
  });

  it("Shift_JIS exports, as Excel and accounting packages write them, read the same", async () => {
    expect(readFileSync(sjis.journal).includes(Buffer.from("科目コード"))).toBe(false);
    for (const file of [sjis.journal, sjis.trialBalance, sjis.monthly]) {
      const book = bookWithoutSettlement();
      const r = await yosan("import", file, "--into", book, "--version", "settlement");
      expect(r.exit, r.err).toBe(0);
      expect(r.out).toContain("decoded as Shift_JIS (CP932), streamed");
      expect((await compareJson(book, "current", "settlement")).rows).toEqual(pristine.rows);
    }
  });

  it("an xlsx trial balance (the grid readers) reads the same", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("表紙").addRow(["残高試算表"]);
    const ws = wb.addWorksheet("残高試算表");
    ws.addRow(["残高試算表 平成29年度"]);
    const parsed = parseCsvTable(
      "tb",
      readFileSync(utf8.trialBalance, "utf8").split("\n").slice(3).join("\n"),
      [],
    );
    if (!parsed.ok) throw new Error("the generated trial balance does not parse");
    ws.addRow(["勘定科目コード", "勘定科目", "部門コード", "部門名", "借方残高", "貸方残高"]);
    for (const row of parsed.table.rows) {
      const v = Object.values(row.values);
      ws.addRow(v.map((c, i) => (i >= 4 && c !== "" ? Number(c) : c)));
    }
    const file = join(tempDir(), "試算表.xlsx");
    await wb.xlsx.writeFile(file);
    const book = bookWithoutSettlement();
    const r = await yosan("import", file, "--into", book, "--version", "settlement");
    expect(r.exit, r.err).toBe(0);
    expect(r.out).toContain("試算表.xlsx!残高試算表: trial balance (試算表), header on row 2");
    expect((await compareJson(book, "current", "settlement")).rows).toEqual(pristine.rows);
  });

  it("a leaf the new export no longer has is listed as removed, by its label and segment", async () => {
    // Given: the trial balance with 貯蔵品 booked under 住基ネット instead of 一般事業
    const dir = tempDir();
    const moved = join(dir, "moved.csv");
    const text = readFileSync(utf8.trialBalance, "utf8");
    expect(text).toMatch(/^1230,貯蔵品,10,一般事業,/m);
    writeFileSync(moved, text.replace(/^1230,貯蔵品,10,一般事業,/m, "1230,貯蔵品,20,住基ネット,"));
    // When: it is imported over the sample 決算
    const book = copyBook();
    const r = await yosan("import", moved, "--into", book, "--version", "settlement", "--dry-run");
    // Then: the 一般事業 leaf is named as removed, the new one is listed
    expect(r.out).toMatch(/removed 貯蔵品 \/ 一般事業: was 25\b/);
    expect(r.out).toMatch(/貯蔵品\s+本人確認情報処理事業\s+25\b/);
  });

  it("importing the same export again changes nothing", async () => {
    const book = copyBook();
    await yosan("import", utf8.journal, "--into", book, "--version", "settlement");
    const before = hashDir(book);
    const again = await yosan("import", utf8.journal, "--into", book, "--version", "settlement");
    expect(again.exit).toBe(0);
    expect(again.out).toContain(`${book}: unchanged`);
    expect(hashDir(book)).toBe(before);
  });
});

describe("the unit of the amounts", () => {
  const rows = (scale: (yen: number) => string) =>
    [
      `2017/04/10,1,1111,現金,10,一般事業,${scale(1_234_000)},`,
      `2017/04/10,1,4330,雑収入,10,一般事業,,${scale(1_234_000)}`,
      `2017/05/10,2,1111,現金,20,住基ネット,${scale(56_000)},`,
      `2017/05/10,2,4330,雑収入,20,住基ネット,,${scale(56_000)}`,
    ].join("\n");
  const header = "日付,伝票番号,科目コード,科目名,部門コード,部門名,借方金額,貸方金額";

  it("a title row above the header (単位：千円, full-width) gives the unit: the same figures in 円 and in 千円 import to the same leaves", async () => {
    const dir = tempDir();
    const yen = join(dir, "yen.csv");
    writeFileSync(yen, `${header}\n${rows(String)}\n`);
    const thousands = join(dir, "thousands.csv");
    writeFileSync(thousands, `仕訳帳\n単位：　千円\n${header}\n${rows((n) => String(n / 1000))}\n`);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("仕訳");
    ws.addRow(["仕訳帳", "", "単位:千円"]);
    ws.addRow(header.split(","));
    for (const r of rows((n) => String(n / 1000)).split("\n")) ws.addRow(r.split(","));
    const xlsx = join(dir, "thousands.xlsx");
    await wb.xlsx.writeFile(xlsx);
    const leaves: Map<string, string>[] = [];
    for (const file of [yen, thousands, xlsx]) {
      const book = copyBook();
      const r = await yosan("import", file, "--into", book, "--version", "t1");
      expect(r.exit === 0 || r.exit === 1, r.err).toBe(true);
      leaves.push(leavesOf(book, "t1"));
    }
    expect(leaves[0]?.size).toBe(4);
    expect(leaves[1]).toEqual(leaves[0]);
    expect(leaves[2]).toEqual(leaves[0]);
    const r = await yosan(
      "import",
      thousands,
      "--into",
      copyBook(),
      "--version",
      "t1",
      "--dry-run",
    );
    expect(r.out).toMatch(/header on row 3 .*; amounts in 千円 \(.*thousands\.csv:2\)/);
    const x = await yosan("import", xlsx, "--into", copyBook(), "--version", "t1", "--dry-run");
    expect(x.out).toMatch(/amounts in 千円 \(.*thousands\.xlsx!仕訳!C1\)/);
    const y = await yosan("import", yen, "--into", copyBook(), "--version", "t1", "--dry-run");
    expect(y.out).toMatch(/amounts in 円\n/);
  });

  it("a title unit that disagrees with a header bracket or with --unit is refused, naming both", async () => {
    const dir = tempDir();
    const bracket = join(dir, "bracket.csv");
    writeFileSync(
      bracket,
      `単位：千円\n${header.replace("借方金額", "借方金額(円)")}\n${rows(String)}\n`,
    );
    const book = copyBook();
    const before = hashDir(book);
    const a = await yosan("import", bracket, "--into", book, "--version", "t1");
    expect(a.exit).toBe(2);
    expect(a.err).toMatch(
      /bracket\.csv:2:借方金額\(円\): error: the header 「借方金額\(円\)」 says 円, but 単位：千円 on the title row .*bracket\.csv:1/,
    );
    const titled = join(dir, "titled.csv");
    writeFileSync(titled, `単位：千円\n${header}\n${rows(String)}\n`);
    const b = await yosan("import", titled, "--into", book, "--version", "t1", "--unit", "円");
    expect(b.exit).toBe(2);
    expect(b.err).toMatch(
      /titled\.csv:1: error: --unit 円 disagrees with 単位：千円 on the title row .*titled\.csv:1/,
    );
    // --unit that agrees with the title is fine, and says where the unit came from.
    const c = await yosan(
      ...["import", titled, "--into", book, "--version", "t1", "--unit", "千円", "--dry-run"],
    );
    expect(c.out).toMatch(/amounts in 千円 \(--unit\)/);
    expect(hashDir(book)).toBe(before);
  });
});

describe("a month-end (執行状況)", () => {
  it("--as-of declares the version with its date; journal and 月次推移 both give the figures to that day; compare gives 執行率", async () => {
    const expected = new Map(
      [...utf8.expected("2017-12-31")]
        .filter(([, v]) => !v.isZero())
        .map(([k, v]) => [k, v.toFixed()]),
    );
    for (const file of [utf8.journal, utf8.monthly]) {
      const book = copyBook();
      const r = await yosan(
        ...["import", file, "--into", book, "--version", "exec-2017-12", "--as-of", "2017-12-31"],
      );
      expect(r.exit === 0 || r.exit === 1, r.err).toBe(true);
      expect(r.out).toMatch(/執行状況 \(exec-2017-12, actual, to 2017-12-31\)/);
      // Written although checks fail on it: said, with the command that shows them.
      if (r.exit === 1)
        expect(r.out).toMatch(
          /written as the export gives it, although \d+ checks? fails? on the version \(exit 1\): see yosan check --version exec-2017-12; figures to a month-end/,
        );
      expect(leavesOf(book, "exec-2017-12")).toEqual(expected);
      const manifest = JSON.parse(readFileSync(join(book, "book.json"), "utf8"));
      expect(manifest.versions.at(-1)).toEqual({
        id: "exec-2017-12",
        name: "執行状況",
        kind: "actual",
        files: ["versions/exec-2017-12.csv"],
        asOf: "2017-12-31",
      });
      const c = await compareJson(book, "current", "exec-2017-12");
      expect(c.b.asOf).toBe("2017-12-31");
      const text = await yosan("compare", book, "current", "exec-2017-12", "--segment", "lgwan");
      expect(text.out).toContain("[to 2017-12-31]");
      expect(text.out).toMatch(/執行率\s+予算残額/);
      const ja = await yosan(
        "compare",
        book,
        "current",
        "exec-2017-12",
        "--segment",
        "lgwan",
        "--lang",
        "ja",
      );
      expect(ja.out).toContain("B：執行状況（exec-2017-12、決算、2017-12-31まで）");
    }
    // The journal's rows after the month-end are left out and counted.
    const book = copyBook();
    const r = await yosan(
      ...[
        "import",
        utf8.journal,
        "--into",
        book,
        "--version",
        "x",
        "--as-of",
        "2017-12",
        "--dry-run",
      ],
    );
    expect(r.out).toMatch(/[\d,]+ dated after 2017-12-31 left out/);
  });

  it("refuses to cut a trial balance without dates or monthly columns at a month-end (its figures are the period's it was exported for); the year's end is the whole year", async () => {
    const book = copyBook();
    const before = hashDir(book);
    for (const dry of [[], ["--dry-run"]]) {
      const r = await yosan(
        ...["import", utf8.trialBalance, "--into", book, "--version", "exec-2017-09"],
        ...["--as-of", "2017-09-30", ...dry],
      );
      expect(r.exit).toBe(2);
      expect(r.err).toMatch(
        /trial-balance\.csv:4:借方残高: error: a trial balance without dates or monthly columns cannot be cut at the as-of date 2017-09-30: .*expected a journal with 日付, or a trial balance with monthly columns/,
      );
      expect(r.err).toMatch(/the book was not changed/);
      expect(r.out).not.toMatch(/執行状況/);
      expect(hashDir(book)).toBe(before);
    }
    const whole = await yosan(
      ...["import", utf8.trialBalance, "--into", book, "--version", "settlement"],
      ...["--as-of", "2018-03-31", "--dry-run"],
    );
    expect(whole.exit === 0 || whole.exit === 1, whole.err).toBe(true);
  });

  it("refuses an as-of date that is not a month-end of the fiscal year", async () => {
    const book = copyBook();
    for (const date of ["2017-12-30", "2018-04-30", "12/31"]) {
      const r = await yosan(
        "import",
        utf8.journal,
        "--into",
        book,
        "--version",
        "x",
        "--as-of",
        date,
      );
      expect(r.exit).toBe(2);
      expect(r.err).toMatch(/--as-of .*expected a month-end inside 平成29年度/);
    }
  });
});

describe("refusals: exit 2, every problem listed, the book byte-identical", () => {
  it("unmapped codes and 部門 are listed with rows, 借方/貸方 totals and first cell; nothing is written, with or without --dry-run", async () => {
    const file = join(tempDir(), "journal.csv");
    writeFileSync(
      file,
      `${readFileSync(utf8.journal, "utf8")}${[
        "2017/06/01,900001,5999,雑損失,10,一般事業,12000,,x",
        "2017/06/01,900001,9999,諸口,10,一般事業,,12000,x",
        "2017/06/05,900003,5999,雑損失,20,住基ネット,,500,x",
        "2017/06/05,900003,9999,諸口,20,住基ネット,500,,x",
        "2017/06/02,900002,5110,委託費,80,新規事業,5000,,y",
        "2017/06/02,900002,9999,諸口,80,新規事業,,5000,y",
      ].join("\n")}\n`,
    );
    const book = copyBook();
    const before = hashDir(book);
    for (const dry of [[], ["--dry-run"]]) {
      const r = await yosan("import", file, "--into", book, "--version", "settlement", ...dry);
      expect(r.exit).toBe(2);
      expect(r.err).toMatch(
        /journal\.csv:\d+:科目コード: error: account 「5999 雑損失」 is not in the mapping \(no rule for the code\): 2 rows, 借方 12,000, 貸方 500 \(円\); first here\n {2}\| 2017\/06\/01,900001,5999,雑損失,10,一般事業,12000,,x/,
      );
      expect(r.err).toMatch(
        /journal\.csv:\d+:部門コード: error: 部門 「80 新規事業」 is not in the mapping \(no rule for the code\): 1 row, 借方 5,000, 貸方 0 \(円\)/,
      );
      expect(r.err).toMatch(/hint: add a row for it to the mapping file/);
      expect(r.err).toMatch(
        /yosan: 2 problems in the files, 2 of them not in the mapping; the book was not changed/,
      );
      expect(hashDir(book)).toBe(before);
    }
  });

  it("a journal whose debits and credits differ is reported and refused", async () => {
    const file = join(tempDir(), "journal.csv");
    writeFileSync(
      file,
      `${readFileSync(utf8.journal, "utf8")}2017/07/01,900009,5110,委託費,10,一般事業,7000,,片側だけ\n`,
    );
    const book = copyBook();
    const before = hashDir(book);
    const r = await yosan("import", file, "--into", book, "--version", "settlement");
    expect(r.exit).toBe(2);
    expect(r.err).toMatch(
      /journal\.csv:1:借方金額: error: 借方 ([\d,]+) ≠ 貸方 [\d,]+ \(円; difference 7,000\) over the [\d,]+ rows counted \(dated 2017-04-01 … 2018-03-31\)/,
    );
    expect(r.out).toMatch(/借方 [\d,]+ ≠ 貸方 [\d,]+ \(円\)/);
    expect(hashDir(book)).toBe(before);
  });

  it("garbage — random bytes, an xlsx that is not a trial balance, a CSV without a header, an empty file, bad amounts and dates — gets exit 2 and a message naming the file", async () => {
    const dir = tempDir();
    let seed = 7;
    const random = Buffer.from(
      Array.from({ length: 20_000 }, () => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed & 0xff;
      }),
    );
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("集計");
    ws.addRow(["科目", "一般勘定", "合計"]);
    ws.addRow(["現金預金", 1000, 1000]);
    const files: Record<string, string | Buffer> = {
      "random.csv": random,
      "random.bin": random,
      "summary.xlsx": Buffer.from(await wb.xlsx.writeBuffer()),
      "names.csv": "氏名,住所,電話\n山田,東京,03\n",
      "empty.csv": "",
      "bad.csv": "日付,科目コード,借方金額,貸方金額\n2017/13/01,5110,100,\n2017/05/01,5110,12x,\n",
    };
    const expected: Record<string, RegExp> = {
      "random.csv": /random\.csv:\d+: error: (not a text file|text is neither UTF-8 nor Shift_JIS)/,
      "random.bin": /random\.bin:\d+: error: (not a text file|text is neither UTF-8 nor Shift_JIS)/,
      "summary.xlsx":
        /summary\.xlsx:1: error: no sheet has the header of a trial balance or journal in its first 30 rows \(sheets 「集計」\)/,
      "names.csv":
        /names\.csv:1: error: no header of a trial balance or journal in the first 30 rows/,
      "empty.csv": /empty\.csv:1: error: file is empty/,
      "bad.csv":
        /bad\.csv:2:日付: error: 「2017\/13\/01」 is not a date[\s\S]*bad\.csv:3:借方金額: error: 「12x」 is not an amount/,
    };
    const book = copyBook();
    const before = hashDir(book);
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(join(dir, name), content);
      const r = await yosan("import", join(dir, name), "--into", book, "--version", "settlement");
      expect(r.exit, name).toBe(2);
      expect(r.err, name).toMatch(expected[name] as RegExp);
      expect(r.err, name).toMatch(/the book was not changed/);
      expect(r.err, name).not.toMatch(/internal error|\n\s+at /);
      expect(hashDir(book), name).toBe(before);
    }
    expect(readdirSync(join(book, "..")).filter((f) => f.includes("backup"))).toEqual([]);
  });

  it("a version that is a budget, an unknown option combination and a book without a mapping are refused", async () => {
    const book = copyBook();
    const before = hashDir(book);
    const cases: [string[], RegExp][] = [
      [
        ["--version", "original"],
        /「original」 is 当初予算 \(budget\): actuals go into an actual or forecast version/,
      ],
      [["--version", "Bad_Id"], /a new version needs an id of lower-case letters/],
      // found by test/fuzz.test.ts: an empty --version was refused without naming the option
      [
        ["--version", ""],
        /^yosan: --version 「」: no such version in .*a new version needs an id/m,
      ],
      [["--version", "x", "--kind", "budget"], /--kind must be actual/],
      [["--version", "x", "--unit", "万円"], /--unit must be 円/],
      [["--mapping", "m.csv"], /--mapping, --as-of, .* import actuals: give --version too/],
      [["--version", "x", "--layout", FY29], /actuals \(--version\) go into an existing book/],
    ];
    for (const [args, message] of cases) {
      const r = await yosan("import", utf8.journal, "--into", book, ...args);
      expect(r.exit, args.join(" ")).toBe(2);
      expect(r.err).toMatch(message);
    }
    const bare = copyBook();
    const { rmSync } = await import("node:fs");
    rmSync(join(bare, "mapping.csv"));
    const r = await yosan("import", utf8.journal, "--into", bare, "--version", "x");
    expect(r.exit).toBe(2);
    expect(r.err).toMatch(/has no mapping\.csv: give --mapping FILE/);
    expect(hashDir(book)).toBe(before);
  });
});

describe("the mapping file", () => {
  const mappingWith = (...rows: string[]) => {
    const file = join(tempDir(), "mapping.csv");
    writeFileSync(file, `kind,code,name,line,segment,side,sign,note\n${rows.join("\n")}\n`);
    return file;
  };
  const journal = () => {
    const file = join(tempDir(), "journal.csv");
    writeFileSync(
      file,
      [
        "伝票日付,借方科目コード,借方科目,借方部門,借方金額,貸方科目コード,貸方科目,貸方部門,貸方金額,摘要",
        '2017/05/10,5110,委託費,10,"1,200,000",1112,普通預金,10,"1,200,000",支払',
        "2017/05/11,1312,建物減価償却累計額,10,300000,1311,建物,10,300000,除却",
        "2017/05/12,1311,建物,10,1000000,1112,普通預金,10,1000000,取得",
        "2017/06/30,5110,委託費,60,45000,1112,普通預金,60,45000,",
      ].join("\n"),
    );
    return file;
  };

  it("a journal with 借方 and 貸方 on one line, a prefix (511*) and a contra account (sign -) give the right signs", async () => {
    const mapping = mappingWith(
      "account,1112,普通預金,現金及び預金,,debit,,",
      "account,1311,建物,建物,,debit,,",
      "account,1312,建物減価償却累計額,建物,,credit,-,",
      "account,511*,事業費,事業費,,debit,,",
      "department,10,一般事業,,general,,,",
      "department,60,LGWAN,,lgwan,,,",
    );
    const book = copyBook();
    const r = await yosan(
      ...["import", journal(), "--into", book, "--version", "fc", "--kind", "forecast"],
      ...["--mapping", mapping, "--dry-run"],
    );
    expect(r.err).toBe("");
    expect(r.out).toContain("借方 2,545,000 = 貸方 2,545,000 (円)");
    expect(r.out).toMatch(/決算見込み \(fc, forecast\): 5 leaves/);
    // 現金及び預金 −1,200,000 − 1,000,000 (一般事業), −45,000 (LGWAN); 建物 1,000,000 − 300,000 + 300,000.
    expect(r.out).toMatch(/現金及び預金\s+一般事業\s+△2,200\s+2 rows/);
    expect(r.out).toMatch(/現金及び預金\s+総合行政ネットワーク運営事業\s+△45\s+1 row\b/);
    expect(r.out).toMatch(/建物\s+一般事業\s+1,000\s+3 rows/);
    expect(r.out).toMatch(/事業費\s+一般事業\s+1,200\s+1 row\b/);
  });

  it("sides that disagree, a code mapped twice, an unknown line and a missing side are refused at their cells", async () => {
    const mapping = mappingWith(
      "account,1311,建物,建物,,debit,,",
      "account,1312,建物減価償却累計額,建物,,credit,,",
      "account,1311,建物（再）,建物,,debit,,",
      "account,5110,委託費,事業経費,,debit,,",
      "account,5120,賃借料,事業費,,,,",
      "department,10,一般事業,,一般勘定,,,",
      "department,20,住基,事業費,,,,",
    );
    const book = copyBook();
    const before = hashDir(book);
    const r = await yosan(
      ...["import", journal(), "--into", book, "--version", "fc", "--mapping", mapping],
    );
    expect(r.exit).toBe(2);
    expect(r.err).toMatch(
      /mapping\.csv:3:side: error: 1312 建物減価償却累計額 goes into 建物 \(buildings\) on the credit side, but 1311 建物 \(row 2\) on the debit side/,
    );
    expect(r.err).toMatch(
      /mapping\.csv:4:code: error: account 「1311 建物（再）」 is mapped twice: here and on row 2/,
    );
    expect(r.err).toMatch(/mapping\.csv:5:line: error: unknown account 「事業経費」/);
    expect(r.err).toMatch(/mapping\.csv:6:side: error: account 5120 賃借料 has no side/);
    expect(r.err).toMatch(/mapping\.csv:7:segment: error: unknown segment 「一般勘定」/);
    expect(r.err).toMatch(
      /mapping\.csv:8:line: error: a department row maps a 部門 to a segment \(the segment column\): leave line blank/,
    );
    expect(r.err).toMatch(/the book was not changed/);
    expect(hashDir(book)).toBe(before);
  });

  it("FY29's mapping names every leaf line a generated export needs, and says its codes are invented", () => {
    const text = readFileSync(join(FY29, "mapping.csv"), "utf8");
    const rows = text.trim().split("\n").slice(1);
    expect(rows.every((r) => r.endsWith("架空のサンプルコード（デモ用）"))).toBe(true);
    expect(existsSync(utf8.journal)).toBe(true);
  });

  it("an export in Shift_JIS keeps its names when they are listed", async () => {
    const file = join(tempDir(), "tb.csv");
    writeFileSync(
      file,
      iconv.encode(
        "科目コード,科目名,部門コード,部門名,借方残高,貸方残高\n7777,寄附金収入,10,一般事業,,5000\n",
        "cp932",
      ),
    );
    const r = await yosan("import", file, "--into", copyBook(), "--version", "settlement");
    expect(r.exit).toBe(2);
    expect(r.err).toContain("account 「7777 寄附金収入」 is not in the mapping");
  });
});

describe("trial-balance rows without a code", () => {
  const monthly = (...rows: string[]) => {
    const file = join(tempDir(), "monthly.csv");
    const zeros = Array(11).fill("0").join(",");
    writeFileSync(
      file,
      [
        "科目コード,科目名,部門コード,部門名,期首残高,4月,5月,6月,7月,8月,9月,10月,11月,12月,1月,2月,3月",
        `1111,現金,10,一般事業,1000,1000,${zeros}`,
        ...rows.map((r) => `${r},${zeros}`),
      ].join("\n"),
    );
    return file;
  };

  it("a row with a name and no code is an account matched by the mapping's name; blank and total names (合計, 小計, 【 計 】) are left out as subtotals", async () => {
    const file = monthly(
      ",雑収入,10,一般事業,0,5000",
      ",流動資産 小計,,,1000,1000",
      ",,,,0,0",
      ",合計,,,1000,6000",
      ",【 計 】,,,1000,6000",
    );
    const r = await yosan("import", file, "--into", copyBook(), "--version", "t1", "--dry-run");
    expect(r.err).toBe("");
    expect(r.out).toMatch(/6 rows, 2 counted/);
    expect(r.out).toMatch(
      /4 without an account code and with a blank or total name \(…計\) left out as subtotals \(first .*monthly\.csv:4:科目名\)/,
    );
    // 5,000 円 in the book's 千円, from the mapping's row 「account,4330,雑収入,雑収入」.
    expect(r.out).toMatch(/\n {2}雑収入\s+一般事業\s+5\s+1 row\b/);
    expect(r.out).toMatch(/\n {2}現金及び預金\s+一般事業\s+2\s+1 row\b/);
  });

  it("a name without a code that the mapping does not know is refused as unmapped, with its amount", async () => {
    const file = monthly(",寄附金収入,10,一般事業,0,5000");
    const book = copyBook();
    const before = hashDir(book);
    const r = await yosan("import", file, "--into", book, "--version", "t1");
    expect(r.exit).toBe(2);
    expect(r.err).toMatch(
      /monthly\.csv:3:科目名: error: account 「寄附金収入」 is not in the mapping \(.*\): 1 row, 借方 0, 貸方 0, 残高 5,000 \(円\)/,
    );
    expect(hashDir(book)).toBe(before);
  });
});

describe("another body: no versions yet, names without codes, no 部門 column", () => {
  it("a 残高 trial balance by names goes through account segments and the rule for rows without 部門; the book gets its versions declared", async () => {
    const book = copyBook(join(FY29, "../../test/fixtures/other-body"));
    const mapping = join(tempDir(), "mapping.csv");
    writeFileSync(
      mapping,
      [
        "kind,code,name,line,segment,side,sign,note",
        "account,,現金預金,現金預金,,debit,,",
        "account,,運営費交付金収益,運営費交付金収益,,credit,,",
        "account,,授業料収益,授業料収益,教育研究勘定,credit,,授業料は教育研究勘定のみ",
        "account,,業務費,業務費,,debit,,",
        "department,,,,共通勘定,,,部門のない行",
      ].join("\n"),
    );
    for (const [signs, rows] of [
      ["normal", ["現金預金,1000", "運営費交付金収益,800", "授業料収益,200", "業務費,0"]],
      ["debit", ["現金預金,1000", "運営費交付金収益,△800", "授業料収益,(200)", "業務費,-"]],
    ] as const) {
      const tb = join(tempDir(), "tb.csv");
      writeFileSync(tb, `勘定科目,残高\n${rows.join("\n")}\n`);
      const target = copyBook(book);
      const r = await yosan(
        ...["import", tb, "--into", target, "--version", "settlement", "--mapping", mapping],
        ...["--signs", signs],
      );
      expect(r.err).toBe("");
      expect(r.out).toMatch(/現金預金\s+共通勘定\s+1,000/);
      expect(r.out).toMatch(/運営費交付金収益\s+共通勘定\s+800/);
      expect(r.out).toMatch(/授業料収益\s+教育研究勘定\s+200/);
      const manifest = JSON.parse(readFileSync(join(target, "book.json"), "utf8"));
      expect(manifest.versions).toEqual([
        { id: "budget", name: "予算", kind: "budget" },
        { id: "settlement", name: "決算", kind: "actual", files: ["versions/settlement.csv"] },
      ]);
      const v = await yosan("versions", target);
      expect(v.exit).toBe(0);
      const c = await yosan("compare", target, "budget", "settlement", "--json");
      expect(c.exit === 0 || c.exit === 1, c.err).toBe(true);
    }
  });
});
