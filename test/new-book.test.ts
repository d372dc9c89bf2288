/**
 * `yosan new DIR --template NAME` (cli/new-book.ts; issue 24): every template under
 * ledgers/templates/ builds clean as shipped and as a new book (exit 0, every finding a pass);
 * the body's name and the fiscal year fill book.json's words; the default year is the one after
 * today's; and `new` writes over nothing — a directory with files, an unknown template and a
 * year that is none are refused (exit 2) with the directory untouched.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../src/cli/build.ts";
import { runNew } from "../src/cli/new-book.ts";
import type { StatementsJson } from "../src/render/statements-json.ts";
import { REPO, tempDir } from "./helpers/book.ts";

const TEMPLATES = join(REPO, "ledgers", "templates");
const NAMES = readdirSync(TEMPLATES).filter((n) => existsSync(join(TEMPLATES, n, "book.json")));
const EN = { lang: "en" as const, env: {} };

async function builtClean(book: string): Promise<void> {
  const out = join(tempDir("yosan-new-out-"), "out");
  const result = await build(book, { out, strict: false, formats: ["json"] });
  const json = JSON.parse(readFileSync(join(out, "statements.json"), "utf8")) as StatementsJson;
  const notPass = json.checks.filter((c) => c.status !== "pass");
  expect(notPass.map((c) => `${c.id} ${c.status} ${c.message ?? ""}`)).toEqual([]);
  expect(result.exitCode).toBe(0);
  expect(json.checks.length).toBeGreaterThan(5);
}

describe("the templates", () => {
  it("include the 水道事業 one", () => {
    expect(NAMES).toContain("水道事業");
  });

  it.each(NAMES)("%s builds clean as shipped and as a new book", async (name) => {
    await builtClean(join(TEMPLATES, name));
    const dir = join(tempDir("yosan-new-"), "book");
    const made = runNew(dir, { template: name, entity: "架空市", year: "令和9年度", ...EN });
    expect(made.stderr).toEqual([]);
    expect(made.exitCode).toBe(0);
    const manifest = readFileSync(join(dir, "book.json"), "utf8");
    expect(manifest).not.toMatch(/\{(団体|年度|期間|前年度末|年度末)\}/);
    await builtClean(dir);
  });
});

describe("a new book", () => {
  it("fills in the body's name and the fiscal year, in the era of its dates", () => {
    const dir = join(tempDir("yosan-new-"), "kasou-water");
    const made = runNew(dir, { template: "water", entity: "架空市", year: "2030", ...EN });
    expect(made.exitCode).toBe(0);
    expect(made.stdout[0]).toContain("令和12年度");
    const m = JSON.parse(readFileSync(join(dir, "book.json"), "utf8"));
    expect(m.id).toBe("kasou-water");
    expect(m.title).toBe("令和12年度架空市水道事業会計予算");
    expect(m.fiscalYear).toEqual({ label: "令和12年度", start: "2030-04-01", end: "2031-03-31" });
    const periods = (m.statements as { id: string; period: string }[]).map((s) => [s.id, s.period]);
    expect(periods).toContainEqual(["profit-and-loss", "(令和12年4月1日から令和13年3月31日まで)"]);
    expect(periods).toContainEqual(["opening-balance-sheet", "(令和12年3月31日)"]);
    expect(periods).toContainEqual(["balance-sheet", "(令和13年3月31日)"]);
  });

  it("is for the year after today's unless told (the budget being prepared)", () => {
    const dir = join(tempDir("yosan-new-"), "book");
    // 2027年2月 is in 令和8年度: the budget then prepared is 令和9年度's.
    const made = runNew(dir, { template: "水道事業", today: new Date(2027, 1, 10), ...EN });
    expect(made.exitCode).toBe(0);
    const m = JSON.parse(readFileSync(join(dir, "book.json"), "utf8"));
    expect(m.fiscalYear.start).toBe("2027-04-01");
  });

  it("without --entity, a template named by the body alone gets a name to replace", () => {
    const dir = join(tempDir("yosan-new-"), "book");
    const made = runNew(dir, { template: "法人", ...EN });
    expect(made.stderr).toEqual([]);
    expect(made.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "book.json"), "utf8")).entity).toBe("（団体名）");
  });

  it("may go into an empty directory, leaving no backup beside it", () => {
    const parent = tempDir("yosan-new-");
    const dir = join(parent, "book");
    mkdirSync(dir);
    expect(runNew(dir, { template: "水道事業", ...EN }).exitCode).toBe(0);
    expect(readdirSync(parent)).toEqual(["book"]);
    expect(existsSync(join(dir, "layout.csv"))).toBe(true);
  });
});

describe("where a new book may go", () => {
  it("the working directory itself, when it is empty", () => {
    const dir = join(tempDir("yosan-new-"), "here");
    mkdirSync(dir);
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      expect(runNew(".", { template: "water", ...EN }).exitCode).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(existsSync(join(dir, "book.json"))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith("."))).toEqual([]);
  });

  it("a link to an empty directory, which stays a link", () => {
    const parent = tempDir("yosan-new-");
    mkdirSync(join(parent, "real"));
    symlinkSync(join(parent, "real"), join(parent, "link"));
    expect(runNew(join(parent, "link"), { template: "water", ...EN }).exitCode).toBe(0);
    expect(lstatSync(join(parent, "link")).isSymbolicLink()).toBe(true);
    expect(existsSync(join(parent, "real", "book.json"))).toBe(true);
  });
});

describe("what new refuses (exit 2), writing nothing", () => {
  it("a directory inside the templates' folder", () => {
    const dir = join(TEMPLATES, "ガス事業");
    const r = runNew(dir, { template: "water", ...EN });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.join("\n")).toContain("is inside the templates' folder");
    expect(existsSync(dir)).toBe(false);
  });

  it("a body's name with a line break, or over 200 characters", () => {
    const dir = join(tempDir("yosan-new-"), "book");
    for (const entity of ["架空市\n水道", "あ".repeat(201)]) {
      const r = runNew(dir, { template: "water", entity, ...EN });
      expect(r.exitCode).toBe(2);
      expect(r.stderr.join("\n")).toContain("--entity is the body's name");
    }
    expect(existsSync(dir)).toBe(false);
  });

  it("a directory that holds files: untouched", () => {
    const dir = join(tempDir("yosan-new-"), "book");
    mkdirSync(dir);
    writeFileSync(join(dir, "budget.csv"), "account,amount\nx,1\n");
    const r = runNew(dir, { template: "水道事業", ...EN });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.join("\n")).toContain("already holds files: yosan new writes over nothing");
    expect(readdirSync(dir)).toEqual(["budget.csv"]);
    expect(readFileSync(join(dir, "budget.csv"), "utf8")).toBe("account,amount\nx,1\n");
    const ja = runNew(dir, { template: "水道事業", lang: "ja", env: {} });
    expect(ja.stderr.join("\n")).toContain("yosan new は何も上書きしません");
  });

  it("an unknown template, naming those there are", () => {
    const dir = join(tempDir("yosan-new-"), "book");
    const r = runNew(dir, { template: "ガス事業", ...EN });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.join("\n")).toContain("there is no template 「ガス事業」: the templates are");
    expect(r.stderr.join("\n")).toContain("水道事業");
    expect(existsSync(dir)).toBe(false);
    expect(runNew(dir, { ...EN }).stderr.join("\n")).toContain("choose a template with --template");
  });

  it("a year that is none", () => {
    const dir = join(tempDir("yosan-new-"), "book");
    const r = runNew(dir, { template: "水道事業", year: "来年", ...EN });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.join("\n")).toContain("is not a fiscal year");
    expect(existsSync(dir)).toBe(false);
  });
});
