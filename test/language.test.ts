/**
 * yosan speaks Japanese where Japanese readers are (issue 21): FY29 built with no language
 * asked for — YOSAN_LANG unset, so the book's `language` (ja) decides — writes report.html,
 * the workbook, checks.csv and statements.json, and serves pages, that hold no English
 * sentence (a run of three English words or more; ids, file names, units and code are not
 * words, see test/helpers/english.ts); the terminal follows a Japanese locale. With
 * `--lang en` the same outputs carry the English messages.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../src/cli/cli.ts";
import { CATALOGUE } from "../src/model/catalogue.ts";
import { LANG_VARIABLE } from "../src/model/text.ts";
import { loadBook } from "../src/read/load-book.ts";
import { OUTPUT_FORMATS } from "../src/render/formats.ts";
import { FY29, REPO, tempDir } from "./helpers/book.ts";
import {
  englishRuns,
  englishWords,
  type FoundRun,
  htmlTexts,
  runsIn,
  wordsIn,
} from "./helpers/english.ts";
import { type Served, type Session, serveCopy, session } from "./helpers/serve.ts";

/** The English message of a lost sign, and where FY29's print loses one. */
const ENGLISH_SIGN = "the sign was lost";
const LOST_SIGN = "△15,232,073";
const LOST_SIGN_AT = "source/h29-budget.txt:130";

/** The process's environment without YOSAN_LANG and with a Japanese locale. */
function japaneseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: "ja_JP.UTF-8" };
  delete env[LANG_VARIABLE];
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  return env;
}

/** `yosan ARGS…` as a user runs it, with `env`. */
function yosan(args: readonly string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [join(REPO, "src/cli/bin.mjs"), ...args], {
    encoding: "utf8",
    cwd: REPO,
    env,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return r;
}

/** Every string in a JSON value, with its path. */
function jsonStrings(value: unknown, path = "$"): { where: string; text: string }[] {
  if (typeof value === "string") return [{ where: path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => jsonStrings(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => jsonStrings(v, `${path}.${k}`));
  }
  return [];
}

/** The text of a cell as a person reads it (a formula's cached result when it is text). */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v !== "object") return "";
  if ("richText" in v) return v.richText.map((r) => r.text).join("");
  if ("formula" in v || "sharedFormula" in v) {
    const result = (v as { result?: unknown }).result;
    return typeof result === "string" ? result : "";
  }
  if ("text" in v && typeof v.text === "string") return v.text;
  return "";
}

/** Every text of a workbook: sheet names, cells, cell notes, headers and footers. */
async function workbookTexts(file: string): Promise<{ where: string; text: string }[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const texts: { where: string; text: string }[] = [];
  wb.eachSheet((ws) => {
    texts.push({ where: `sheet ${ws.name}`, text: ws.name });
    const hf = ws.headerFooter;
    for (const part of [hf.oddHeader, hf.oddFooter, hf.evenHeader, hf.evenFooter]) {
      if (part) texts.push({ where: `${ws.name} header/footer`, text: part });
    }
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const where = `${ws.name}!${cell.address}`;
        texts.push({ where, text: cellText(cell) });
        const note = cell.note;
        if (typeof note === "string") texts.push({ where: `${where} (note)`, text: note });
        else if (note?.texts) {
          texts.push({ where: `${where} (note)`, text: note.texts.map((t) => t.text).join("") });
        }
      });
    });
  });
  return texts;
}

/** checks.csv's fields, each on its own (the header row's column names are machine words). */
function checksCsvTexts(file: string): { where: string; text: string }[] {
  const rows = parse(readFileSync(file, "utf8"), { bom: true }) as string[][];
  const header = rows[0] ?? [];
  return rows
    .slice(1)
    .flatMap((row, i) =>
      row.map((text, c) => ({ where: `checks.csv:${i + 2}:${header[c] ?? c}`, text })),
    );
}

/** The English runs found, one line each, for a failure message. */
function listed(found: readonly FoundRun[]): string {
  return found.map((f) => `${f.where}: ${f.run}`).join("\n");
}

/** Each distinct run once, with the first place it was found and how often. */
function distinct(found: readonly FoundRun[]): FoundRun[] {
  const seen = new Map<string, { where: string; count: number }>();
  for (const f of found) {
    const s = seen.get(f.run);
    if (s) s.count++;
    else seen.set(f.run, { where: f.where, count: 1 });
  }
  return [...seen].map(([run, s]) => ({ where: `${s.where} (×${s.count})`, run }));
}

describe("englishRuns finds English sentences, not ids, file names or figures", () => {
  it.each([
    ["the sign was lost", ["the sign was lost"]],
    [
      "printed 15,232,073 but the figure is △15,232,073: the sign was lost; print △15,232,073",
      ["but the figure is", "the sign was lost; print"],
    ],
    [
      "印刷された数値は、the opening balance does not continue です",
      ["the opening balance does not continue"],
    ],
    ["the model's figure is right", ["the model's figure is right"]],
    ["the sign was lost, print it", ["the sign was lost,"]],
  ])("flags %s", (text, runs) => {
    expect(englishRuns(text)).toEqual(runs);
  });

  it.each([
    "source/h29-budget.txt:130",
    "published.sign",
    "印刷された数値 15,232,073 は、モデルの数値 △15,232,073 の符号が欠落しています（source/h29-budget.txt:130）。",
    "予定財務諸表（公表） published.sign cf-closing-cash ledgers/jlis-h29/budget.csv:2:amount 千円",
    "yosan build --lang en",
    "LGWAN運営におけるWebTrust検証定期監査",
    "two words",
    "ends here. starts again",
    "（line, segment, note）",
    "勘定：code, name, line, side、部門：code, name, segment",
  ])("does not flag %s", (text) => {
    expect(englishRuns(text)).toEqual([]);
  });

  it("counts words up to the threshold it is given", () => {
    expect(englishRuns("three words here", 4)).toEqual([]);
    expect(englishRuns("now four words here", 4)).toEqual(["now four words here"]);
  });

  it("reads a page's text without markup, scripts or styles, cell by cell", () => {
    const html =
      '<html><head><title>概要</title><style>.a { content: "is not shown here" }</style></head>' +
      "<body><table><tr><td>pass</td><td>fail</td><td>warn</td></tr></table>" +
      '<p title="a tooltip says this">印刷された数値 <b>15,232,073</b> &amp; 符号</p>' +
      '<script>const s = "not read by anyone";</script><code>yosan build --out a b c</code></body></html>';
    const texts = htmlTexts(html);
    expect(texts).toContain("概要");
    expect(texts).toContain("a tooltip says this");
    expect(texts.join("|")).not.toMatch(/shown here|read by anyone|yosan build/);
    expect(runsIn(texts.map((text) => ({ where: "page", text })))).toEqual([
      { where: "page", run: "a tooltip says this" },
    ]);
  });
});

describe("FY29 without a language asked for is Japanese; with --lang en, English", () => {
  const saved = process.env[LANG_VARIABLE];
  const ja = join(tempDir("yosan-lang-"), "ja");
  const en = join(tempDir("yosan-lang-"), "en");

  beforeAll(() => {
    // Tests are pinned to English (test/helpers/pin-language.ts); this one is not.
    delete process.env[LANG_VARIABLE];
    const env = japaneseEnv();
    const built = yosan(["build", FY29, "--out", ja], env);
    expect(built.status, built.stderr).toBe(0);
    const english = yosan(["build", FY29, "--out", en, "--lang", "en"], env);
    expect(english.status, english.stderr).toBe(0);
  });
  afterAll(() => {
    if (saved === undefined) delete process.env[LANG_VARIABLE];
    else process.env[LANG_VARIABLE] = saved;
  });

  it("report.html holds no English sentence", () => {
    const html = readFileSync(join(ja, "report.html"), "utf8");
    expect(html).toContain(LOST_SIGN);
    expect(html).toContain(LOST_SIGN_AT);
    const found = runsIn(htmlTexts(html).map((text) => ({ where: "report.html", text })));
    expect(listed(distinct(found))).toBe("");
  });

  it("the workbook's cells hold no English sentence", async () => {
    const texts = await workbookTexts(join(ja, "statements.xlsx"));
    expect(texts.some((t) => t.text.includes(LOST_SIGN_AT))).toBe(true);
    expect(listed(distinct(runsIn(texts)))).toBe("");
  });

  it("checks.csv's text columns, statements.json's texts and the comparisons hold no English sentence", () => {
    const csv = checksCsvTexts(join(ja, "checks.csv"));
    expect(csv.some((t) => t.text.includes(LOST_SIGN_AT))).toBe(true);
    expect(listed(distinct(runsIn(csv)))).toBe("");
    const json = jsonStrings(JSON.parse(readFileSync(join(ja, "statements.json"), "utf8")));
    expect(listed(distinct(runsIn(json)))).toBe("");
    for (const name of readdirSync(ja).filter((f) => f.startsWith("compare-"))) {
      const rows = parse(readFileSync(join(ja, name), "utf8"), { bom: true }) as string[][];
      const texts = rows.flatMap((row, i) =>
        row.map((text, c) => ({ where: `${name}:${i + 1}:${c + 1}`, text })),
      );
      expect(listed(distinct(runsIn(texts)))).toBe("");
    }
  });

  it("with --lang en, the same outputs carry the English messages", async () => {
    expect(readFileSync(join(en, "report.html"), "utf8")).toContain(ENGLISH_SIGN);
    const cells = await workbookTexts(join(en, "statements.xlsx"));
    expect(cells.some((t) => t.text.includes(ENGLISH_SIGN))).toBe(true);
    const csv = checksCsvTexts(join(en, "checks.csv"));
    expect(csv.some((t) => t.where.endsWith(":message") && t.text.includes(ENGLISH_SIGN))).toBe(
      true,
    );
    expect(readFileSync(join(en, "statements.json"), "utf8")).toContain(ENGLISH_SIGN);
  });

  it("the terminal follows a Japanese locale, and --lang en", () => {
    const env = japaneseEnv();
    const ja = yosan(["check", FY29], env);
    expect(ja.status, ja.stderr).toBe(0);
    expect(ja.stdout).toContain(LOST_SIGN);
    const found = runsIn(
      `${ja.stdout}\n${ja.stderr}`
        .split("\n")
        .map((text, i) => ({ where: `check:${i + 1}`, text })),
    );
    expect(listed(distinct(found))).toBe("");
    const english = yosan(["check", FY29, "--lang", "en"], env);
    expect(english.status).toBe(0);
    expect(english.stdout).toContain(ENGLISH_SIGN);
  });
});

/** `yosan ARGS…` in this process with no environment (only --lang and the book decide): all it said. */
async function yosanHere(...args: string[]): Promise<string> {
  let said = "";
  await run(args, { out: (t) => (said += t), err: (t) => (said += t), env: {} });
  return said;
}

/**
 * The command line as the English help of every command gives it — the program's name and
 * every command, subcommand, argument and option of each Usage line and term column: what a
 * user types, the same in a Japanese text.
 */
async function commandLineWords(): Promise<Set<string>> {
  const words = new Set<string>();
  const add = (text: string) => {
    for (const w of text.match(/[A-Za-z]+/g) ?? []) words.add(w.toLowerCase());
  };
  const visit = async (command: readonly string[]) => {
    let section = "";
    for (const line of (await yosanHere(...command, "--help", "--lang", "en")).split("\n")) {
      const title = /^([A-Z][A-Za-z ]*):(.*)$/.exec(line);
      if (title) {
        section = title[1] ?? "";
        add(title[2] ?? "");
        continue;
      }
      const term = /^ {2}(\S.*?)(?: {2,}|$)/.exec(line)?.[1];
      if (term === undefined) continue;
      add(term);
      const name = term.split(" ")[0] ?? "";
      if (section === "Commands" && name !== "help") await visit([...command, name]);
    }
  };
  await visit([]);
  return words;
}

/**
 * The names that stand in a Japanese text as they are, from where they are defined: FY29's ids
 * (versions, lines, statements, prints, checks) and every check and issue code; book.json's keys
 * and the columns of the book's CSVs (schemas/); the output formats; the command line. Not the
 * segments' ids: yosan names a segment by its name.
 */
async function allowedNames(): Promise<Set<string>> {
  const loaded = loadBook(FY29);
  if (!loaded.ok) throw new Error("FY29 does not load");
  const b = loaded.book;
  const names = new Set<string>([
    ...b.versions.list.map((v) => v.id),
    ...b.lines.map((l) => l.id),
    ...b.statements.map((st) => st.id),
    ...b.prints.flatMap((p) => [p.id, ...p.columns.map((c) => c.id)]),
    ...b.checks.map((c) => c.id),
    ...Object.keys(CATALOGUE),
    ...OUTPUT_FORMATS,
    ...(await commandLineWords()),
  ]);
  for (const file of readdirSync(join(REPO, "schemas"))) {
    const schema = JSON.parse(readFileSync(join(REPO, "schemas", file), "utf8")) as {
      type?: string;
      properties?: Record<string, unknown>;
      items?: { properties?: Record<string, unknown> };
    };
    const keys =
      schema.type === "array"
        ? schema.items?.properties
        : file === "book.schema.json"
          ? schema.properties
          : undefined;
    for (const key of Object.keys(keys ?? {})) names.add(key);
  }
  return names;
}

describe("englishWords finds a word of yosan's left in English, not the names allowed", () => {
  const allowed = new Set(["original", "language", "book", "build"]);
  it.each([
    ["種類 budget", ["budget"]],
    ["journal.csv: 3 rows", ["rows"]],
    ["A：当初予算 (original, budget)", ["budget"]],
    ["No #1 事項 77,928 平成29年度 general", ["general"]],
  ])("flags %s", (text, words) => {
    expect(englishWords(text, allowed)).toEqual(words);
  });
  it.each([
    "当初予算（original）",
    "出力は帳簿の language。",
    "build [オプション] [book]",
    "published.sign ledgers/jlis-h29/budget.csv:7:amount --strict <dir> json,csv",
    "LGWAN運営におけるWebTrust検証 DC内作業用PC",
    "id 名称 種類",
  ])("does not flag %s", (text) => {
    expect(englishWords(text, allowed)).toEqual([]);
  });
});

describe("the terminal in Japanese holds no English word of yosan's own", () => {
  it("check, versions, compare, commitments, explain, build and the help", async () => {
    const allowed = await allowedNames();
    // The ids a user types are allowed; a version's kind or a segment's id is not a name.
    expect(allowed).toContain("original");
    expect(allowed).toContain("language");
    expect(allowed).not.toContain("budget");
    expect(allowed).not.toContain("general");
    const out = join(tempDir("yosan-lang-"), "out");
    const commands = [
      ["check", FY29],
      ["versions", FY29],
      ["compare", FY29, "original", "current"],
      ["commitments", FY29],
      ["explain", FY29, "cash-and-deposits"],
      ["build", FY29, "--formats", "json,csv", "--out", out],
      ["--help"],
      ["build", "--help"],
    ];
    const found: FoundRun[] = [];
    for (const command of commands) {
      const said = await yosanHere(...command, "--lang", "ja");
      const texts = said
        .split("\n")
        .map((text, i) => ({ where: `${command.slice(0, 1).join(" ")}:${i + 1}`, text }));
      found.push(...runsIn(texts), ...wordsIn(texts, allowed));
    }
    expect(listed(distinct(found))).toBe("");
  });
});

describe("yosan serve's pages for FY29 without a language asked for are Japanese", () => {
  const saved = process.env[LANG_VARIABLE];
  let s: Served;
  let me: Session;
  const PAGES = [
    "/",
    "/statements",
    "/statements?segment=all",
    "/statements?segment=lgwan&explain=cf-closing-cash&at=lgwan",
    "/explain?line=cf-closing-cash",
    "/compare",
    "/compare?a=original&b=current",
    "/compare?a=current&b=settlement&segment=lgwan",
    "/findings",
    "/findings?status=all",
    "/findings?status=all&check=published.sign",
    "/findings?status=all&check=version.continuity",
    "/commitments",
    "/downloads",
    "/import",
    "/?v=settlement",
    "/findings?status=all&v=settlement",
  ];

  beforeAll(async () => {
    delete process.env[LANG_VARIABLE];
    s = await serveCopy({ allowImport: true, watch: false });
    me = await session(s.port);
  });
  afterAll(async () => {
    await s?.close();
    if (saved === undefined) delete process.env[LANG_VARIABLE];
    else process.env[LANG_VARIABLE] = saved;
  });

  it("every page holds no English sentence", async () => {
    const found: FoundRun[] = [];
    for (const path of PAGES) {
      const page = await me.get(path);
      expect(page.status, path).toBe(200);
      found.push(...runsIn(htmlTexts(page.text).map((text) => ({ where: path, text }))));
    }
    // The session keeps the version a page picked (?v=settlement above): back to the default.
    const signs = await me.get("/findings?status=all&check=published.sign&v=original");
    expect(signs.text).toContain(LOST_SIGN);
    expect(listed(distinct(found))).toBe("");
  });

  it("a what-if's pages and a refused edit hold no English sentence", async () => {
    const ok = await me.post(
      "/api/whatif",
      JSON.stringify({ line: "project-expenses", segment: "lgwan", amount: "1000" }),
    );
    expect(ok.status).toBe(200);
    const found: FoundRun[] = [];
    for (const path of ["/", "/statements?segment=lgwan", "/findings"]) {
      const page = await me.get(path);
      found.push(
        ...runsIn(htmlTexts(page.text).map((text) => ({ where: `what-if ${path}`, text }))),
      );
    }
    const refused = await me.post(
      "/api/whatif",
      JSON.stringify({ line: "project-expenses", segment: "lgwan", amount: "12,3４5x" }),
    );
    expect(refused.status).toBe(400);
    found.push(...runsIn(jsonStrings(JSON.parse(refused.text), "refused what-if")));
    await me.post("/api/whatif/discard");
    expect(listed(distinct(found))).toBe("");
  });
});

describe("yosan serve --lang en serves the English messages", () => {
  const saved = process.env[LANG_VARIABLE];
  let s: Served;
  let me: Session;
  beforeAll(async () => {
    // --lang alone decides, not the pinned YOSAN_LANG.
    delete process.env[LANG_VARIABLE];
    s = await serveCopy({ watch: false, lang: "en" });
    me = await session(s.port);
  });
  afterAll(async () => {
    await s?.close();
    if (saved === undefined) delete process.env[LANG_VARIABLE];
    else process.env[LANG_VARIABLE] = saved;
  });

  it("the lost sign in English", async () => {
    const page = await me.get("/findings?status=all&check=published.sign");
    expect(page.status).toBe(200);
    expect(page.text).toContain(ENGLISH_SIGN);
  });
});
