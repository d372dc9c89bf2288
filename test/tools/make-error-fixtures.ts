/**
 * Writes test/errors/<code>/: one reproducer for every input-issue code of the catalogue (as
 * hledger keeps test/errors/*), each the smallest change to the base book (test/errors/base/)
 * or the smallest file to import that raises the code. The expected messages are written by
 * `npm run golden` (test/errors.test.ts with UPDATE_GOLDEN=1) and reviewed in the diff.
 *
 *   npx tsx test/tools/make-error-fixtures.ts
 *
 * Re-running rewrites every case folder but leaves each expected.txt and expected.ja.txt as
 * they are.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { cfb, zipOf } from "../helpers/hostile-files.ts";

const ERRORS = fileURLToPath(new URL("../errors/", import.meta.url));
const BASE = join(ERRORS, "base");

/** A case: files replacing the base book's (`book`), files at the case's root, the command. */
interface Case {
  readonly book?: Record<string, string | Buffer>;
  readonly files?: Record<string, string | Buffer>;
  /** Arguments with BOOK (the case's book) and CASE (the case folder); default `check BOOK`. */
  readonly command?: string;
  /** Files made at run time: a directory, a sparse file of some size, a long line. */
  readonly make?: readonly Record<string, string | number>[];
}

const base = (name: string) => readFileSync(join(BASE, name), "utf8");
const manifest = () => JSON.parse(base("book.json")) as Record<string, unknown>;
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const withLines = (name: string, ...lines: string[]) => `${base(name)}${lines.join("\n")}\n`;
const replaced = (name: string, from: string, to: string) => {
  const text = base(name);
  if (!text.includes(from)) throw new Error(`${name} has no ${from}`);
  return text.replace(from, to);
};
/** The base layout with the tax and rate columns, its 経常費用 row replaced by `rows`. */
const taxLayout = (...rows: string[]) =>
  replaced(
    "layout.csv",
    "statement,id,label,aliases,level,kind,formula,printed\n",
    "statement,id,label,aliases,level,kind,formula,printed,tax,rate\n",
  ).replace("pl,expenses,経常費用,,0,leaf,,\n", `${rows.join("\n")}\n`);
const IMPORT = (file: string) => `import CASE/${file} --into BOOK --dry-run`;
/** An import of actuals into the base book through the case's mapping. */
const ACTUALS = (file: string) =>
  `import CASE/${file} --into BOOK --version settlement --mapping CASE/mapping.csv --dry-run`;
const MAPPING = [
  "kind,code,name,line,segment,side,sign,note",
  "account,111,現金預金,現金預金,,debit,,",
  "account,211,負債,負債,,credit,,",
  "account,411,経常収益,経常収益,,credit,,",
  "account,511,経常費用,経常費用,,debit,,",
  "account,999,諸口,-,,,,",
  "department,1,一般,,一般勘定,,,",
  "department,2,特別,,特別勘定,,,",
];
const JOURNAL = [
  "日付,伝票番号,科目コード,科目名,部門コード,借方金額,貸方金額",
  "2024/04/01,1,111,現金預金,1,1000000,",
  "2024/04/01,1,411,経常収益,1,,1000000",
  "2024/05/10,2,511,経常費用,2,250000,",
  "2024/05/10,2,999,諸口,2,,250000",
];
const lines = (...rows: string[]) => `${rows.join("\n")}\n`;

async function workbook(fill: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function cases(): Promise<Record<string, Case>> {
  const statementSheet = await workbook((wb) => {
    const ws = wb.addWorksheet("貸借対照表");
    ws.addRow(["科目", "一般勘定", "特別勘定", "合計"]);
    ws.addRow(["現金預金", 1000, 500, 1500]);
    for (let i = 0; i < 40; i++) ws.addRow([`注記${i}`, "あいうえおかきくけこ".repeat(3)]);
  });
  return {
    // Book files.
    "file.missing": {
      book: {
        "book.json": json({
          ...manifest(),
          files: { ...(manifest().files as object), budget: "budget-2024.csv" },
        }),
      },
    },
    "file.unreadable": { make: [{ directory: "BOOK/budget.csv" }] },
    "file.empty": { book: { "budget.csv": "" } },
    "file.too-large": { make: [{ sparse: "BOOK/checks.csv", bytes: 65 * 1024 * 1024 }] },
    "file.outside": {
      book: {
        "book.json": json({
          ...manifest(),
          files: { ...(manifest().files as object), budget: ["budget.csv", "../outside.csv"] },
        }),
      },
    },
    "text.too-long": {
      book: {
        "budget.csv": withLines("budget.csv", `経常費用,特別勘定,50,${"注".repeat(10_001)}`),
      },
    },
    "amount.too-large": {
      book: {
        "budget.csv": withLines(
          "budget.csv",
          "経常費用,特別勘定,999999999999999,",
          "経常費用,特別勘定,1,",
        ),
      },
    },
    "sheet.renamed": {
      book: {
        "book.json": base("book.json").replace(
          '"title": "損益計算書"',
          '"title": "P\'L: 損益/計算書"',
        ),
      },
    },
    "file.encoding": {
      book: {
        "budget.csv": iconv.encode(withLines("budget.csv", "経常費用,特別勘定,50,"), "cp932"),
      },
    },
    "csv.malformed": { book: { "budget.csv": withLines("budget.csv", '経常費用,特別勘定,"50,') } },
    "json.malformed": {
      book: { "book.json": base("book.json").replace('"unit": "千円",', '"unit": "千円"') },
    },
    "json.too-deep": {
      book: {
        "book.json": replaced(
          "book.json",
          '"unit": "千円",',
          `"unit": "千円",\n  "notes": ${"[".repeat(40)}${"]".repeat(40)},`,
        ),
      },
    },
    "column.missing": { book: { "budget.csv": "account,segment,note\n現金預金,一般勘定,\n" } },
    "column.duplicate": {
      book: { "budget.csv": "account,segment,amount,amount\n現金預金,一般勘定,1000,1000\n" },
    },
    "schema.invalid": {
      book: { "book.json": base("book.json").replace('"unit": "千円"', '"unit": "万円"') },
    },
    "amount.invalid": {
      book: { "budget.csv": withLines("budget.csv", '経常費用,特別勘定,"12,3４5x",') },
    },
    "account.unknown": {
      book: { "budget.csv": withLines("budget.csv", "現金及び預金,特別勘定,50,") },
    },
    "account.ambiguous": {
      book: {
        "layout.csv": withLines(
          "layout.csv",
          "bs,misc-bs,雑収入,,1,leaf,,",
          "pl,misc-pl,雑収入,,0,leaf,,",
        ),
        "budget.csv": withLines("budget.csv", "雑収入,一般勘定,5,"),
      },
    },
    "account.not-input": {
      book: { "budget.csv": withLines("budget.csv", "資産合計,一般勘定,5,") },
    },
    "segment.unknown": { book: { "budget.csv": withLines("budget.csv", "経常費用,研究勘定,50,") } },
    "segment.duplicate": {
      book: { "book.json": base("book.json").replace('"name": "特別勘定"', '"name": "一般勘定"') },
    },
    // A book without segments (one entity): a budget row naming one is an input error.
    "segment.undeclared": {
      book: {
        "book.json": json({ ...manifest(), segmentTerm: undefined, segments: undefined }),
        "budget.csv": `${base("budget.csv").replace(/,(一般|特別)勘定,/g, ",,")}経常費用,一般勘定,50,\n`,
        "advances.csv": replaced("advances.csv", ",一般勘定,", ",,"),
        "commitments.csv": replaced("commitments.csv", ",一般勘定,", ",,"),
      },
    },
    "layout.duplicate-line": {
      book: { "layout.csv": withLines("layout.csv", "bs,cash,現金,,1,leaf,,") },
    },
    "layout.unknown-statement": {
      book: { "layout.csv": withLines("layout.csv", "cf,cf-cash,期末資金,,0,leaf,,") },
    },
    "layout.unknown-reference": {
      book: {
        "layout.csv": replaced(
          "layout.csv",
          "total-assets,資産合計,,0,derived,cash,",
          "total-assets,資産合計,,0,derived,cash + deposits,",
        ),
      },
    },
    "layout.formula": {
      book: { "layout.csv": replaced("layout.csv", "derived,cash,", "derived,cash * 2,") },
    },
    "layout.kind": {
      book: {
        "layout.csv": replaced(
          "layout.csv",
          "bs,liabilities,負債,,0,leaf,,",
          "bs,liabilities,負債,,0,leaf,cash,",
        ),
      },
    },
    "layout.cycle": {
      book: { "layout.csv": replaced("layout.csv", "derived,cash,", "derived,cash + net-assets,") },
    },
    "checks.duplicate": {
      book: {
        "checks.csv": withLines(
          "checks.csv",
          "bs.balance,資産合計 = 負債 + 純資産 (写し),total-assets,liabilities  +  net-assets",
        ),
      },
    },
    "checks.relation": {
      book: {
        "checks.csv": lines(
          "check,description,left,relation,right",
          "bs.balance,資産合計 = 負債 + 純資産,total-assets,,liabilities + net-assets",
          "limit.liabilities,負債は資産合計未満,liabilities,<,total-assets",
        ),
      },
    },
    "provisions.duplicate": {
      book: {
        "book.json": json({
          ...manifest(),
          files: { ...(manifest().files as object), provisions: "provisions.csv" },
        }),
        "provisions.csv": lines(
          "id,article,kind,item,amount,text",
          "bonds,第5条,企業債,施設整備事業,100000,",
          "bonds,第5条,企業債,設備更新事業,50000,",
        ),
      },
    },
    "provisions.reference": {
      book: {
        "book.json": json({
          ...manifest(),
          files: { ...(manifest().files as object), provisions: "provisions.csv" },
        }),
        "provisions.csv": lines(
          "id,article,kind,item,amount,text",
          "bonds,第5条,企業債,施設整備事業,100000,",
        ),
        "checks.csv": lines(
          "check,description,left,relation,right",
          "bs.balance,資産合計 = 負債 + 純資産,total-assets,,liabilities + net-assets",
          "limit.liabilities,第5条 企業債の限度額,liabilities,<=,provision:bond",
        ),
      },
    },
    "layout.memo": {
      book: {
        "layout.csv": replaced(
          "layout.csv",
          "statement,id,label,aliases,level,kind,formula,printed\n",
          "statement,id,label,aliases,level,kind,formula,printed,part_of\n",
        ).replace(
          "pl,net-income,当期純利益,,0,derived,revenue - expenses,\n",
          "pl,net-income,当期純利益,,0,derived,revenue - expenses + personnel,\npl,personnel,うち人件費,,1,leaf,,,expenses\n",
        ),
      },
    },
    // Quantities (戸, ㎥ …): a line's unit is its own word, never another money unit; a quantity
    // is never added to an amount.
    "layout.unit": {
      book: {
        "layout.csv": replaced(
          "layout.csv",
          "statement,id,label,aliases,level,kind,formula,printed\n",
          "statement,id,label,aliases,level,kind,formula,printed,unit\n",
        ).replace("bs,liabilities,負債,,0,leaf,,", "bs,liabilities,負債,,0,leaf,,,円"),
      },
    },
    "unit.mix": {
      book: {
        "layout.csv": replaced(
          "layout.csv",
          "statement,id,label,aliases,level,kind,formula,printed\n",
          "statement,id,label,aliases,level,kind,formula,printed,unit\n",
        ).replace(
          "pl,net-income,当期純利益,,0,derived,revenue - expenses,\n",
          "pl,net-income,当期純利益,,0,derived,revenue - expenses + volume,\npl,volume,年間総給水量,,1,leaf,,,㎥\n",
        ),
      },
    },
    // The consumption tax: a leaf's 課税区分 and rate, a tax line and book.json's rules.
    "tax.class": {
      book: {
        "book.json": json({ ...manifest(), tax: { rate: "10%" } }),
        "layout.csv": taxLayout("pl,expenses,経常費用,,0,leaf,,,課税対象,"),
      },
    },
    "tax.rate": {
      book: {
        "book.json": json({ ...manifest(), tax: { rate: "10%" } }),
        "layout.csv": taxLayout("pl,expenses,経常費用,,0,leaf,,,課税,10"),
      },
    },
    "tax.unset": {
      book: {
        "book.json": json({ ...manifest(), tax: { rate: "10%" } }),
        "layout.csv": taxLayout(
          "pl,expenses,経常費用,,0,leaf,,,,",
          "pl,expenses-tax,経常費用に係る消費税,,1,tax,expenses,,,",
        ),
      },
    },
    "tax.rules": {
      book: {
        "layout.csv": taxLayout(
          "pl,expenses,経常費用,,0,leaf,,,課税,",
          "pl,expenses-tax,経常費用に係る消費税,,1,tax,expenses,,,",
        ),
      },
    },
    // Versions: a revision names what it changes; a 現計 runs through revisions of its budget.
    "version.unknown": {
      book: {
        "book.json": json({
          ...manifest(),
          versions: [
            { id: "original", name: "当初予算", kind: "budget" },
            {
              id: "revision-1",
              name: "補正予算（第1号）",
              kind: "revision",
              base: "draft",
              files: ["revision-1.csv"],
            },
          ],
        }),
        "revision-1.csv": "account,segment,amount,note\n経常費用,一般勘定,100,増額\n",
      },
    },
    "version.order": {
      book: {
        "book.json": json({
          ...manifest(),
          versions: [
            {
              id: "revision-1",
              name: "補正予算（第1号）",
              kind: "revision",
              files: ["revision-1.csv"],
            },
            { id: "original", name: "当初予算", kind: "budget" },
          ],
        }),
        "revision-1.csv": "account,segment,amount,note\n経常費用,一般勘定,100,増額\n",
      },
    },
    "schedule.unknown-column": {
      book: { "layout.csv": replaced("layout.csv", "advances.planned", "advances.cumulative") },
    },
    "published.unknown-line": {
      book: { "published.csv": withLines("published.csv", "貸借対照表,bs,assets,,0,資産の部,p.1") },
    },
    "output.refused": { command: "build BOOK --out BOOK" },

    // The 債務負担行為 register and its schedules and actuals.
    "commitments.column-missing": {
      book: { "commitments.csv": "item,limit,authorised_year\nシステム保守,300,令和6年度\n" },
    },
    "commitments.item-missing": {
      book: { "commitments.csv": withLines("commitments.csv", ",100,令和6年度,令和6年度,,") },
    },
    "commitments.year": {
      book: {
        "commitments.csv": withLines("commitments.csv", "清掃委託,100,令和X年度,令和6年度,,"),
      },
    },
    "commitments.range": {
      book: {
        "commitments.csv": withLines(
          "commitments.csv",
          "清掃委託,100,令和6年度,令和8年度から令和6年度,,",
        ),
      },
    },
    "commitments.burden-before-authorised": {
      book: {
        "commitments.csv": withLines(
          "commitments.csv",
          "清掃委託,100,令和6年度,令和5年度から令和7年度,,",
        ),
      },
    },
    "commitments.limit-invalid": {
      book: {
        "commitments.csv": withLines("commitments.csv", "清掃委託,12x,令和6年度,令和6年度,,"),
      },
    },
    "commitments.limit-negative": {
      book: {
        "commitments.csv": withLines("commitments.csv", "清掃委託,△100,令和6年度,令和6年度,,"),
      },
    },
    "commitments.limit-text": {
      book: {
        "commitments.csv": withLines(
          "commitments.csv",
          "損失補償,損失補償に要する額,令和6年度,令和6年度,,",
        ),
      },
    },
    "commitments.segment-unknown": {
      book: {
        "commitments.csv": withLines(
          "commitments.csv",
          "清掃委託,100,令和6年度,令和6年度,研究勘定,",
        ),
      },
    },
    "commitments.entry-column-missing": {
      book: { "commitment-schedules.csv": "item,fiscal_year\nシステム保守,令和6年度\n" },
    },
    "commitments.entry-item-unknown": {
      book: {
        "commitment-schedules.csv": withLines("commitment-schedules.csv", "清掃委託,令和6年度,10"),
      },
    },
    "commitments.entry-item-ambiguous": {
      book: {
        "commitments.csv": withLines("commitments.csv", "システム保守,90,令和6年度,令和7年度,,"),
        "commitment-schedules.csv": "item,fiscal_year,amount\nシステム保守,令和7年度,90\n",
      },
    },
    "commitments.entry-kind": {
      book: {
        "commitment-actuals.csv": withLines("commitment-actuals.csv", "庁舎賃借,請求,令和7年度,10"),
      },
    },
    "commitments.entry-year": {
      book: { "commitment-schedules.csv": withLines("commitment-schedules.csv", "#1,来年度,10") },
    },
    "commitments.entry-duplicate": {
      book: {
        "commitment-schedules.csv": withLines(
          "commitment-schedules.csv",
          "システム保守,令和8年度,100",
        ),
      },
    },
    "commitments.entry-amount-invalid": {
      book: {
        "commitment-actuals.csv": withLines(
          "commitment-actuals.csv",
          "庁舎賃借,payment,令和8年度,1x",
        ),
      },
    },
    "commitments.entry-amount-negative": {
      book: {
        "commitment-actuals.csv": withLines(
          "commitment-actuals.csv",
          "庁舎賃借,payment,令和8年度,△5",
        ),
      },
    },

    // Files handed to `yosan import`.
    "read.missing": { command: IMPORT("budget-2024.xlsx") },
    "read.io": { command: IMPORT("folder.xlsx"), make: [{ directory: "CASE/folder.xlsx" }] },
    "read.too-large": {
      command: IMPORT("huge.csv"),
      make: [{ sparse: "CASE/huge.csv", bytes: 300 * 1024 * 1024 }],
    },
    "read.empty": { command: IMPORT("empty.csv"), files: { "empty.csv": "" } },
    "text.binary": {
      command: IMPORT("binary.csv"),
      files: { "binary.csv": Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x01, 0x02, 0x0a]) },
    },
    "text.encoding": {
      command: IMPORT("mixed.csv"),
      files: { "mixed.csv": Buffer.from([0x61, 0x0a, 0x62, 0xff, 0xfe, 0x0a]) },
    },
    "text.malformed": {
      command: IMPORT("quote.csv"),
      files: { "quote.csv": 'account,segment,amount\n"現金預金,一般勘定,1000\n' },
    },
    "xlsx.not-zip": {
      command: IMPORT("renamed.xlsx"),
      files: { "renamed.xlsx": "account,segment,amount\n現金預金,一般勘定,1000\n" },
    },
    "xlsx.corrupt": {
      command: IMPORT("half.xlsx"),
      files: { "half.xlsx": statementSheet.subarray(0, Math.floor(statementSheet.length / 2)) },
    },
    "xlsx.zip-bomb": {
      command: IMPORT("bomb.xlsx"),
      files: {
        "bomb.xlsx": zipOf([
          { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
          { name: "xl/workbook.xml", data: Buffer.from("<workbook/>"), declared: 0xfffffff0 },
        ]),
      },
    },
    "xlsx.unsupported": {
      command: IMPORT("locked.xlsx"),
      files: {
        "locked.xlsx": zipOf([
          { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
          { name: "xl/workbook.xml", data: Buffer.from("<workbook/>"), flags: 1 },
        ]),
      },
    },
    "xlsx.not-workbook": {
      command: IMPORT("archive.xlsx"),
      files: { "archive.xlsx": zipOf([{ name: "readme.txt", data: Buffer.from("hello") }]) },
    },
    "xlsx.parse": {
      command: IMPORT("garbled.xlsx"),
      files: {
        "garbled.xlsx": zipOf([
          { name: "[Content_Types].xml", data: Buffer.from("<Types/>") },
          { name: "xl/workbook.xml", data: Buffer.from("<workbook><sheets><sheet") },
        ]),
      },
    },
    "xls.encrypted": {
      command: IMPORT("secret.xlsx"),
      files: { "secret.xlsx": cfb("EncryptedPackage") },
    },
    "xls.legacy": { command: IMPORT("budget.xls"), files: { "budget.xls": cfb("Workbook") } },
    "xls.other": { command: IMPORT("memo.csv"), files: { "memo.csv": cfb("WordDocument") } },
    "cells.too-many": {
      command: IMPORT("wide.csv"),
      make: [{ line: "CASE/wide.csv", cell: "1", cells: 1_000_001 }],
    },
    // An accounting system's trial balance or journal imported as actuals, and the mapping.
    "mapping.duplicate": {
      command: ACTUALS("journal.csv"),
      files: {
        "journal.csv": lines(...JOURNAL),
        "mapping.csv": lines(...MAPPING, "account,511,経常費用（旧）,経常費用,,debit,,"),
      },
    },
    "mapping.side": {
      command: ACTUALS("journal.csv"),
      files: {
        "journal.csv": lines(...JOURNAL),
        "mapping.csv": lines(...MAPPING, "account,512,経常費用戻入,経常費用,,credit,,"),
      },
    },
    "actuals.header": {
      command: ACTUALS("names.csv"),
      files: {
        "names.csv": lines("氏名,所属,内線", "山田,総務課,1234"),
        "mapping.csv": lines(...MAPPING),
      },
    },
    "actuals.unmapped": {
      command: ACTUALS("journal.csv"),
      files: {
        "journal.csv": lines(
          ...JOURNAL,
          "2024/06/03,3,611,寄附金,1,,30000",
          "2024/06/03,3,999,諸口,1,30000,",
        ),
        "mapping.csv": lines(...MAPPING),
      },
    },
    "import.overwrite": {
      // Not a dry run: the check is the writer's, on the files the import would write.
      command: "import CASE/bs.csv --into BOOK",
      book: { "imported-million-yen.csv": lines("memo,date", "call the auditor,2024-05-01") },
      files: {
        "bs.csv": lines(
          "貸借対照表",
          "（単位：百万円）",
          "科目,金額",
          "現金預金,2",
          "負債,1",
          "資産合計,2",
        ),
      },
    },
    "version.shared-file": {
      command:
        "import CASE/journal.csv --into BOOK --version forecast --mapping CASE/mapping.csv --dry-run",
      book: {
        "book.json": json({
          ...manifest(),
          versions: [
            { id: "original", name: "当初予算", kind: "budget" },
            { id: "forecast", name: "決算見込み", kind: "forecast", files: ["budget.csv"] },
          ],
        }),
      },
      files: { "journal.csv": lines(...JOURNAL), "mapping.csv": lines(...MAPPING) },
    },
    "actuals.unbalanced": {
      command: ACTUALS("journal.csv"),
      files: {
        "journal.csv": lines(...JOURNAL, "2024/06/03,3,511,経常費用,1,4000,"),
        "mapping.csv": lines(...MAPPING),
      },
    },
    "actuals.unit": {
      command: ACTUALS("journal.csv"),
      files: {
        "journal.csv": lines(
          "仕訳帳",
          "単位：千円",
          ...JOURNAL.map((l, i) => (i === 0 ? l.replace("借方金額", "借方金額(円)") : l)),
        ),
        "mapping.csv": lines(...MAPPING),
      },
    },
    "actuals.as-of": {
      command: `${ACTUALS("trial-balance.csv")} --as-of 2024-09-30`,
      files: {
        "trial-balance.csv": lines(
          "科目コード,科目名,部門コード,借方残高,貸方残高",
          "111,現金預金,1,750000,",
          "411,経常収益,1,,1000000",
          "511,経常費用,2,250000,",
        ),
        "mapping.csv": lines(...MAPPING),
      },
    },
    "actuals.date": {
      command: ACTUALS("journal.csv"),
      files: {
        "journal.csv": lines(
          ...JOURNAL,
          "2024/06/31,3,511,経常費用,1,4000,",
          "2024/06/31,3,999,諸口,1,,4000",
        ),
        "mapping.csv": lines(...MAPPING),
      },
    },
    "import.conflict": {
      command: "import CASE/first.csv CASE/second.csv --into BOOK --dry-run",
      files: {
        "first.csv": "account,segment,amount\n現金預金,一般勘定,1000\n",
        "second.csv": "account,segment,amount\n現金預金,一般勘定,1200\n",
      },
    },
  };
}

async function main(): Promise<void> {
  const all = await cases();
  for (const [code, c] of Object.entries(all)) {
    const dir = join(ERRORS, code);
    const goldens = ["expected.txt", "expected.ja.txt"].map((name) => join(dir, name));
    const keep = goldens.map((g) => (existsSync(g) ? readFileSync(g) : undefined));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const [name, content] of Object.entries(c.book ?? {})) {
      mkdirSync(join(dir, "book"), { recursive: true });
      writeFileSync(join(dir, "book", name), content);
    }
    for (const [name, content] of Object.entries(c.files ?? {}))
      writeFileSync(join(dir, name), content);
    if (c.command !== undefined) writeFileSync(join(dir, "command"), `${c.command}\n`);
    if (c.make !== undefined) writeFileSync(join(dir, "make.json"), json(c.make));
    goldens.forEach((g, i) => {
      const kept = keep[i];
      if (kept !== undefined) writeFileSync(g, kept);
    });
  }
  const stale = readdirSync(ERRORS).filter((d) => d !== "base" && d !== "README.md" && !(d in all));
  for (const d of stale) rmSync(join(ERRORS, d), { recursive: true, force: true });
  console.log(`wrote ${Object.keys(all).length} cases to ${ERRORS}`);
}

await main();
