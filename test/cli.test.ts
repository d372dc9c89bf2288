/**
 * The `yosan` command line end to end: exit codes and what each command prints (in English,
 * as the tests pin it), and the language it speaks when --lang, YOSAN_LANG, the locale or the
 * book choose.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/cli.ts";
import { LANG_VARIABLE } from "../src/model/text.ts";
import { appendLines, copyBook, FY29, REPO, tempDir } from "./helpers/book.ts";

function yosan(...args: string[]) {
  return spawnSync(process.execPath, [join(REPO, "src/cli/bin.mjs"), ...args], {
    encoding: "utf8",
    cwd: REPO,
  });
}

/** `yosan ARGS…` run in this process with `env` as its whole environment: exit code and output. */
async function yosanIn(env: Record<string, string>, ...args: string[]) {
  let out = "";
  let err = "";
  const exit = await run(args, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    env,
  });
  return { exit, out, err };
}

/** A copy of FY29 whose book.json says `language`, with a failing check (cash does not tie). */
function failingBook(language: "ja" | "en"): string {
  const book = copyBook();
  const manifest = join(book, "book.json");
  const json = JSON.parse(readFileSync(manifest, "utf8")) as Record<string, unknown>;
  writeFileSync(manifest, JSON.stringify({ ...json, language }, null, 1));
  appendLines(join(book, "budget.csv"), "事業費,一般事業,1000,");
  return book;
}

describe("yosan on the command line", () => {
  it("check: 0 on FY29 with the table and the warnings; 1 with --strict; JUnit written", () => {
    const junit = join(tempDir(), "checks.xml");
    const ok = yosan("check", FY29, "--junit", junit);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/tie\.cash\s+8\s+0\s+0/);
    expect(readFileSync(junit, "utf8")).toContain(
      '<testsuite name="published.sign" tests="8" failures="0">',
    );
    expect(yosan("check", FY29, "--strict").status).toBe(1);
    const json = JSON.parse(yosan("check", FY29, "--json").stdout);
    expect(json.findings.length).toBeGreaterThan(1000);
  });

  it("check: 1 when a check fails", () => {
    const book = copyBook();
    appendLines(join(book, "budget.csv"), "事業費,一般事業,1000,");
    const r = yosan("check", book);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL tie\.cash {2}予定貸借対照表 \/ 現金及び預金 \/ 一般事業/);
  });

  it("explain: the tree with sources; exit 2 for an unknown or ambiguous line", () => {
    const r = yosan("explain", "当期末現金及び預金");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("当期末現金及び預金 21,616,961 = 前期末現金及び預金 + 資金収支差額");
    const seg = yosan(
      "explain",
      FY29,
      "cf-closing-cash",
      "--segment",
      "総合行政ネットワーク運営事業",
      "--depth",
      "1",
    );
    expect(seg.stdout).toContain("当期末現金及び預金 1,762,711");
    expect(yosan("explain", "事業費").status).toBe(2);
    expect(yosan("explain", "事業費", "--statement", "cash-plan").status).toBe(0);
    const unknown = yosan("explain", "当期末現金");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/nearest:/);
  });

  it("commitments: the register, years shown both ways, JSON with schedules", () => {
    const text = yosan("commitments", "--era", "original");
    expect(text.status).toBe(0);
    expect(text.stdout).toContain("平成35年度");
    const json = JSON.parse(yosan("commitments", "--json").stdout) as {
      limit: string;
      schedule: { fiscalYear: number; amount: string }[];
    }[];
    expect(json).toHaveLength(32);
    expect(json.reduce((a, c) => a + BigInt(c.limit), 0n)).toBe(25395623n);
    expect(json.flatMap((c) => c.schedule).reduce((a, s) => a + BigInt(s.amount), 0n)).toBe(
      25395623n,
    );
    expect(yosan("commitments", "--from", "平成年度").status).toBe(2);
  });

  it("build: --formats, unknown formats and unwritable outputs are refused with exit 2", () => {
    const out = join(tempDir(), "out");
    const r = yosan("build", FY29, "--out", out, "--formats", "json");
    expect(r.status).toBe(0);
    expect(existsSync(join(out, "statements.json"))).toBe(true);
    expect(existsSync(join(out, "statements.xlsx"))).toBe(false);
    expect(yosan("build", FY29, "--formats", "pdf").status).toBe(2);
    const file = join(tempDir(), "a-file");
    writeFileSync(file, "");
    const blocked = yosan("build", FY29, "--out", join(file, "sub"));
    expect(blocked.status).toBe(2);
    expect(blocked.stderr).toMatch(/cannot write .*ENOTDIR/);
  });

  it("export journal writes one transaction per budget line", () => {
    const file = join(tempDir(), "fy29.journal");
    const r = yosan("export", "journal", FY29, "--out", file);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\(200 transactions\)/);
    expect(readFileSync(file, "utf8")).toContain("balance-sheet:general:cash-and-deposits");
  });

  it("an unknown command or option is a usage error (exit 2)", () => {
    expect(yosan("bogus").status).toBe(2);
    expect(yosan("build", "--bogus").status).toBe(2);
  });
});

describe("the language yosan speaks on the terminal", () => {
  it("--lang ja: the help, commander's own words and the findings in Japanese", async () => {
    const help = await yosanIn({}, "--lang", "ja", "--help");
    expect(help.exit).toBe(0);
    expect(help.out).toContain("使い方： yosan [オプション] [コマンド]");
    expect(help.out).toContain("このコマンドのヘルプを表示します");
    expect(help.out).not.toMatch(/Usage:|Options:|display help/);
    const build = await yosanIn({}, "build", "--lang", "ja", "--help");
    expect(build.out).toContain("帳簿から3つの財務諸表を区分別に作成して照合し");
    expect(build.out).toContain("共通オプション：");
    const misuse = await yosanIn({}, "--lang", "ja", "build", "--bogus");
    expect(misuse.exit).toBe(2);
    expect(misuse.err).toMatch(/^エラー: オプション --bogus はありません。/);

    const book = failingBook("en");
    const out = join(tempDir(), "out");
    const r = await yosanIn({}, "--lang", "ja", "build", book, "--out", out, "--formats", "json");
    expect(r.exit).toBe(1);
    expect(r.out).toMatch(/^照合：一致 [\d,]+ 件、不一致 [1-9]\d* 件/m);
    expect(r.out).toMatch(/^ {2}不一致 tie\.cash/m);
    expect(r.out).toContain("に出力しました：statements.json");
    expect(r.out).not.toMatch(/checks:|wrote |\bfail\b/);
    const check = await yosanIn({}, "check", book, "--lang=ja");
    expect(check.exit).toBe(1);
    expect(check.out).toMatch(/不一致 tie\.cash/);
  });

  it("a Japanese locale and no --lang: Japanese on the terminal", () => {
    const env: NodeJS.ProcessEnv = { ...process.env, LANG: "ja_JP.UTF-8" };
    delete env[LANG_VARIABLE];
    delete env.LC_ALL;
    delete env.LC_MESSAGES;
    const r = spawnSync(process.execPath, [join(REPO, "src/cli/bin.mjs"), "versions", FY29], {
      encoding: "utf8",
      cwd: REPO,
      env,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("（* は既定の版）");
    const bogus = spawnSync(process.execPath, [join(REPO, "src/cli/bin.mjs"), "bogus"], {
      encoding: "utf8",
      cwd: REPO,
      env,
    });
    expect(bogus.status).toBe(2);
    expect(bogus.stderr).toMatch(/^エラー: コマンド bogus はありません。/);
  });

  it("LANG=C and a book whose language is en: English; the same book under a Japanese locale: Japanese", async () => {
    const book = failingBook("en");
    const out = join(tempDir(), "out");
    const english = await yosanIn({ LANG: "C" }, "build", book, "--out", out, "--formats", "json");
    expect(english.exit).toBe(1);
    expect(english.out).toMatch(/^checks: [\d,]+ passed, [1-9]\d* failed/m);
    expect(english.out).toMatch(/^ {2}fail tie\.cash/m);
    const japanese = await yosanIn({ LC_ALL: "ja_JP.UTF-8", LANG: "C" }, "versions", book);
    expect(japanese.out).toContain("（* は既定の版）");
    // Nothing but the book: Japanese, the default.
    expect((await yosanIn({}, "versions", FY29)).out).toContain("（* は既定の版）");
    expect((await yosanIn({}, "versions", book)).out).toContain("(* builds by default)");
  });

  it("YOSAN_LANG naming neither language is not used, and yosan says so", async () => {
    const r = await yosanIn({ YOSAN_LANG: "fr", LANG: "C" }, "versions", FY29);
    expect(r.exit).toBe(0);
    expect(r.err).toContain(
      "yosan: 警告: YOSAN_LANG=「fr」は ja でも en でもないため、使っていません。",
    );
    expect(r.out).toContain("（* は既定の版）");
    const en = await yosanIn({ YOSAN_LANG: "fr", LANG: "en_US.UTF-8" }, "versions", FY29);
    expect(en.err).toContain(
      "yosan: warning: YOSAN_LANG=「fr」 names neither ja nor en; it is not used",
    );
    expect((await yosanIn({ YOSAN_LANG: "en" }, "versions", FY29)).err).toBe("");
  });

  it("--lang fr is a usage error (exit 2), said in the terminal's language", async () => {
    const r = yosan("--lang", "fr", "check", FY29);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      "error: option '--lang <ja|en>' argument 'fr' is invalid. expected ja or en",
    );
    const ja = await yosanIn({ LANG: "ja_JP.UTF-8" }, "check", FY29, "--lang=fr");
    expect(ja.exit).toBe(2);
    expect(ja.err).toMatch(
      /^エラー: オプション --lang <ja\|en> の値「fr」は使えません。ja または en を指定してください。/,
    );
  });
});
