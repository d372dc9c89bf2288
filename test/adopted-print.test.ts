/**
 * The adopted 議案 as the authority (book.json `prints[].authority: "adopted"`): a ledger figure
 * that differs from the print declared adopted fails without --strict (exit 1), and the
 * finding says the print is the adopted budget, in both languages; the same difference
 * against a 概要 (a print left `published`) stays a warning, as today, and fails only with
 * --strict. The report, the workbook and the overview page name the adopted print with the tag
 * 議決 beside its title. test/fixtures/adopted is a 水道事業会計予算 in the structure of the
 * 議案 (第3条 and 第4条 by 款・項, 千円) with its 概要 in 百万円; FY29's prints are not adopted.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { modelAndFindings } from "../src/check/model-and-findings.ts";
import { build } from "../src/cli/build.ts";
import { run } from "../src/cli/cli.ts";
import { runCheck } from "../src/cli/commands.ts";
import type { Finding } from "../src/model/findings.ts";
import type { Lang } from "../src/model/text.ts";
import { loadBook } from "../src/read/load-book.ts";
import { LiveBook } from "../src/serve/live-book.ts";
import { overviewPage } from "../src/serve/pages/overview.ts";
import { Sessions } from "../src/serve/sessions.ts";
import { pageView } from "../src/serve/view.ts";
import { buildTemp, copyBook, FY29, REPO, tempDir } from "./helpers/book.ts";

const BOOK = join(REPO, "test/fixtures/adopted");

/** Every finding that is not a pass, as the checks give them (both languages). */
function openFindings(book: string, strict = false): Finding[] {
  const loaded = loadBook(book);
  if (!loaded.ok) throw new Error(`${book} does not load`);
  return modelAndFindings(loaded.book, loaded.book.version, { strict }).findings.filter(
    (f) => f.status !== "pass",
  );
}

/** The print a finding is about: the file of its first source. */
const printFile = (f: Finding) => {
  const source = f.sources[0];
  return source?.kind === "cell" ? source.file.split(/[\\/]/).pop() : undefined;
};

/** The command line, in-process: exit code and what it printed. */
async function yosan(...argv: string[]): Promise<{ exit: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const exit = await run(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { exit, out, err };
}

/** Replace one text of one file of a book, exactly once. */
function edit(book: string, file: string, from: string, to: string): void {
  const path = join(book, file);
  const text = readFileSync(path, "utf8");
  expect(text.split(from), `${file}: 「${from}」 once`).toHaveLength(2);
  writeFileSync(path, text.replace(from, to));
}

/** Build a book in `lang` into a temporary directory: its report and its workbook. */
async function built(book: string, lang: Lang) {
  const out = join(tempDir("yosan-out-"), "out");
  const r = await build(book, { out, lang });
  expect(r.exitCode).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(out, "statements.xlsx"));
  return { report: readFileSync(join(out, "report.html"), "utf8"), wb };
}

/** A copy of the fixture whose ledger says 営業費用 2,101,000 where the 議案 adopted 2,100,000. */
function ledgerOff(): string {
  const book = copyBook(BOOK);
  edit(book, "budget.csv", '営業費用,水道事業,"2,100,000"', '営業費用,水道事業,"2,101,000"');
  return book;
}

/** The same book with the 議案 declared an ordinary published print. */
function notAdopted(book: string): string {
  edit(book, "book.json", '"authority": "adopted",', '"authority": "published",');
  return book;
}

describe("the adopted 議案 is the authority", () => {
  it("the fixture agrees with its 議案 and its 概要: exit 0, every check a pass", () => {
    expect(openFindings(BOOK)).toEqual([]);
    expect(runCheck(BOOK).exitCode).toBe(0);
  });

  it("a ledger figure that differs from the 議案 fails without --strict; against the 概要 it warns", () => {
    const book = ledgerOff();
    const r = runCheck(book);
    expect(r.exitCode).toBe(1);
    const open = openFindings(book);
    const bill = open.filter((f) => printFile(f) === "bill.csv");
    const summary = open.filter((f) => printFile(f) === "summary.csv");
    // 営業費用 and its 款 水道事業費用 against the 議案; 水道事業費用 2,256 against the 概要's 2,255.
    expect(bill.map((f) => [f.check, f.line, f.status])).toEqual([
      ["published.figure", "expense", "fail"],
      ["published.figure", "operating-expenses", "fail"],
    ]);
    expect(summary.map((f) => [f.check, f.line, f.status])).toEqual([
      ["published.figure", "expense", "warn"],
    ]);
    for (const f of bill) {
      expect(f.message.ja).toContain("議決された予算（議案）と異なります。");
      expect(f.message.ja).toMatch(/。$/);
      expect(f.message.en).toContain("the ledger differs from the adopted budget (議案)");
    }
    for (const f of summary) {
      expect(f.message.ja).not.toContain("議決");
      expect(f.message.en).not.toContain("adopted");
    }
  });

  it("the same difference against a print that is not adopted is a warning: exit 0", () => {
    const book = notAdopted(ledgerOff());
    expect(runCheck(book).exitCode).toBe(0);
    const open = openFindings(book);
    expect(open.map((f) => [printFile(f), f.line, f.status])).toEqual([
      ["bill.csv", "expense", "warn"],
      ["bill.csv", "operating-expenses", "warn"],
      ["summary.csv", "expense", "warn"],
    ]);
    for (const f of open) expect(f.message.ja).not.toContain("議決");
  });

  it("with --strict every print's findings fail, as today; the 議案's still say it is the 議案", () => {
    const book = ledgerOff();
    expect(runCheck(book, { strict: true }).exitCode).toBe(1);
    const open = openFindings(book, true);
    expect(open.map((f) => [printFile(f), f.status])).toEqual([
      ["bill.csv", "fail"],
      ["bill.csv", "fail"],
      ["summary.csv", "fail"],
    ]);
    expect(open.filter((f) => f.message.ja.includes("議決")).map(printFile)).toEqual([
      "bill.csv",
      "bill.csv",
    ]);
  });

  it("the 議案 is not reprinted: a sign that differs fails without advising to print it", () => {
    const book = copyBook(BOOK);
    edit(book, "bill.csv", '予備費,"5,000"', '予備費,"△5,000"');
    const open = openFindings(book);
    expect(open.map((f) => [f.check, f.line, f.status])).toEqual([
      ["published.sign", "contingency", "fail"],
    ]);
    const [sign] = open;
    expect(sign?.message.ja).toContain("符号が逆です");
    expect(sign?.message.ja).not.toContain("印刷してください");
    expect(sign?.message.en).not.toContain("print 5,000");
    expect(sign?.message.ja).toContain("議決された予算（議案）と異なります。");
  });

  it("a 議案 copied into the book whose sum does not add fails: check the copy", () => {
    const book = copyBook(BOOK);
    edit(book, "bill.csv", '資本的支出,"850,000"', '資本的支出,"850,100"');
    const open = openFindings(book);
    // 資本的支出 against the ledger, and against its parts and 不足額 within the 議案.
    expect(open.map((f) => [f.check, f.line, f.status])).toEqual([
      ["published.figure", "capital-expense", "fail"],
      ["published.sums", "capital-expense", "fail"],
      ["published.sums", "shortfall", "fail"],
    ]);
    for (const sums of open.filter((f) => f.check === "published.sums")) {
      expect(sums.message.ja).toMatch(/帳簿に写した議案の数値に誤りがないか確かめてください。$/);
      expect(sums.message.en).toContain("is the adopted budget (議案): check the copy of it");
    }
  });

  it("the command exits 1 without --strict", () => {
    const book = ledgerOff();
    const r = spawnSync(process.execPath, [join(REPO, "src/cli/bin.mjs"), "check", book], {
      encoding: "utf8",
      env: { ...process.env, YOSAN_LANG: "ja" },
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("議決された予算（議案）と異なります");
  });

  it("a value other than adopted or published is refused at its place in book.json", () => {
    const book = copyBook(BOOK);
    edit(book, "book.json", '"authority": "adopted",', '"authority": "enacted",');
    const r = runCheck(book);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.join("\n")).toMatch(/book\.json.*authority/);
  });
});

describe("the report, the workbook and the page name the adopted print", () => {
  it("report.html and the 照合結果 sheet: the tag beside the 議案's title, in the document's language", async () => {
    const ja = await built(BOOK, "ja");
    expect(ja.report).toContain(
      '<p class="note adopted">水道事業会計予算（議案） <span class="tag adopted">議決</span>：議決された予算（議案）です。この資料と異なる帳簿の数値は不一致になります。</p>',
    );
    expect(ja.report.match(/class="tag adopted"/g)).toHaveLength(1);
    expect(String(ja.wb.getWorksheet("照合結果")?.getCell(2, 10).value)).toBe(
      "水道事業会計予算（議案） [議決]：議決された予算（議案）です。この資料と異なる帳簿の数値は不一致になります。",
    );
    const en = await built(BOOK, "en");
    expect(en.report).toContain(
      '<p class="note adopted">水道事業会計予算（議案） <span class="tag adopted">adopted</span>: the adopted budget (議案); a ledger figure that differs from it fails</p>',
    );
    expect(String(en.wb.getWorksheet("照合結果")?.getCell(2, 10).value)).toBe(
      "水道事業会計予算（議案） [adopted]: the adopted budget (議案); a ledger figure that differs from it fails",
    );
  });

  it("a print shown as a sheet carries the tag in its title; the 概要 does not", async () => {
    const book = copyBook(BOOK);
    edit(book, "book.json", '"authority": "adopted",', '"authority": "adopted", "sheet": true,');
    edit(book, "book.json", '"unit": "百万円",', '"unit": "百万円", "sheet": true,');
    const titles = (await built(book, "ja")).wb.worksheets.map((w) =>
      String(w.getCell(1, 1).value),
    );
    expect(
      titles.filter((t) => t.includes("水道事業会計予算（議案）") || t.includes("概要")),
    ).toEqual([
      "令和7年度サンプル市水道事業会計予算 水道事業会計予算（議案） [議決]",
      "令和7年度サンプル市水道事業会計予算 予算の概要",
    ]);
  });

  it("the overview page, in Japanese and in English", () => {
    const live = new LiveBook(BOOK, { strict: false });
    try {
      const state = live.current;
      if (!state.ok) throw new Error("the fixture does not load");
      const view = pageView(state, new Sessions().create());
      expect(overviewPage(view, "ja")).toContain('<span class="tag adopted">議決</span>');
      const en = overviewPage(view, "en");
      expect(en).toContain(
        '水道事業会計予算（議案） <span class="tag adopted">adopted</span>: the adopted budget (議案); a ledger figure that differs from it fails',
      );
    } finally {
      live.close();
    }
  });
});

describe("FY29 is unchanged", () => {
  it("its prints are not adopted: their differences stay warnings, exit 0, no tag", async () => {
    const loaded = loadBook(FY29);
    if (!loaded.ok) throw new Error("FY29 does not load");
    expect(loaded.book.prints.map((p) => p.authority)).toEqual(
      loaded.book.prints.map(() => "published"),
    );
    const open = openFindings(FY29);
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((f) => f.status === "warn")).toBe(true);
    expect(open.some((f) => f.message.ja.includes("議決"))).toBe(false);
    expect(runCheck(FY29).exitCode).toBe(0);
    const { out } = await buildTemp(FY29);
    expect(readFileSync(join(out, "report.html"), "utf8")).not.toContain("tag adopted");
  });
});

describe("what an import or a limit never does to the adopted 議案", () => {
  const YABU = join(REPO, "test/fixtures/water-yabu-h29");

  it("an imported 科目 | 金額 table never rewrites the adopted print: the 議案 stays as adopted and catches the difference", async () => {
    const book = copyBook(YABU);
    const before = readFileSync(join(book, "gian.csv"));
    const table = join(tempDir("yosan-import-"), "tab3.csv");
    writeFileSync(table, '科目,金額\n営業費用,"1,012,791"\n営業外費用,"196,988"\n');
    const r = await yosan("import", table, "--into", book);
    expect(r.exit, r.err).toBeLessThan(2);
    expect(readFileSync(join(book, "gian.csv"))).toEqual(before);
    const failed = openFindings(book).filter((f) => f.status === "fail");
    expect(failed.some((f) => f.check === "published.figure" && printFile(f) === "gian.csv")).toBe(
      true,
    );
  });

  it("a limit (≤) whose sides are all printed is not read as a printed sum", () => {
    const book = copyBook(YABU);
    const checks = readFileSync(join(book, "checks.csv"), "utf8");
    writeFileSync(
      join(book, "checks.csv"),
      `${checks}expenses.part,営業費用 + 営業外費用 ≤ 水道事業費用,operating-expenses + non-operating-expenses,<=,water-expenses,\n`,
    );
    expect(openFindings(book)).toEqual([]);
  });
});
