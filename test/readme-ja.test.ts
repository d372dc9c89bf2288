/**
 * README.ja.md, for finance staff, is kept in step with README.md: both name the same
 * `yosan` commands, the same codes (input issues and checks) and the same exit codes, and the
 * Japanese one holds no English sentence outside code (a run of four English words or more,
 * test/helpers/english.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../src/model/catalogue.ts";
import { REPO } from "./helpers/book.ts";
import { englishRuns } from "./helpers/english.ts";

const README = readFileSync(join(REPO, "README.md"), "utf8");
const README_JA = readFileSync(join(REPO, "README.ja.md"), "utf8");

/** Fenced code blocks (```…```) of a Markdown text. */
const FENCED = /^```[^\n]*\n[\s\S]*?^```[ \t]*$/gm;
/** Inline code spans (`…`, ``…``). */
const INLINE = /(`+)([\s\S]*?[^`])\1(?!`)/g;

/** The code of a Markdown text: its fenced blocks and inline spans. */
function codeOf(markdown: string): string[] {
  const blocks = markdown.match(FENCED) ?? [];
  const rest = markdown.replace(FENCED, "\n");
  const spans = [...rest.matchAll(INLINE)].map((m) => m[2] ?? "");
  return [...blocks, ...spans];
}

/** The prose of a Markdown text: everything but its code. */
function proseOf(markdown: string): string {
  return markdown.replace(FENCED, "\n").replace(INLINE, " ");
}

/**
 * The commands a README names: `yosan X` (`yosan export X`) written as code — a user types
 * them — whether `yosan`, `npx yosan` or `yosan serve:` as it prints.
 */
function commandsOf(markdown: string): Set<string> {
  const found = new Set<string>();
  for (const code of codeOf(markdown)) {
    for (const m of code.matchAll(/(?:^|[\s(])yosan (export [a-z]+|[a-z]+)\b/gm)) {
      found.add(m[1] ?? "");
    }
  }
  return found;
}

/** The ids of the checks FY29 declares (checks.csv): codes a README names beside the catalogue's. */
const DECLARED = new Set(
  readFileSync(join(REPO, "ledgers/jlis-h29/checks.csv"), "utf8")
    .split(/\r?\n/)
    .slice(1)
    .map((row) => row.split(",")[0] ?? "")
    .filter((id) => id !== ""),
);
const CODES = new Set([...Object.keys(CATALOGUE), ...DECLARED]);

/** The codes a README names: the catalogue's input-issue codes and check ids, FY29's checks. */
function codesOf(markdown: string): Set<string> {
  const found = new Set<string>();
  for (const m of markdown.matchAll(/[a-z][a-z0-9]*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+/g)) {
    if (CODES.has(m[0])) found.add(m[0]);
  }
  return found;
}

/** The exit codes a README's table lists (rows `| 0 | …`). */
function exitCodesOf(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^\|\s*(\d+)\s*\|/gm)].map((m) => m[1] ?? ""));
}

const sorted = (s: Set<string>) => [...s].sort();

describe("README.ja.md keeps in step with README.md", () => {
  it("names the same yosan commands", () => {
    const en = commandsOf(README);
    expect(en.size).toBeGreaterThanOrEqual(10);
    expect(sorted(commandsOf(README_JA))).toEqual(sorted(en));
  });

  it("names the same codes of input issues and checks", () => {
    const en = codesOf(README);
    expect(en).toContain("amount.invalid");
    expect(en).toContain("published.sign");
    expect(sorted(codesOf(README_JA))).toEqual(sorted(en));
  });

  it("lists the same exit codes", () => {
    const en = exitCodesOf(README);
    expect(sorted(en)).toEqual(["0", "1", "2"]);
    expect(sorted(exitCodesOf(README_JA))).toEqual(sorted(en));
  });

  it("links README.md to README.ja.md and back", () => {
    expect(README).toContain("(README.ja.md)");
    expect(README_JA).toContain("(README.md)");
  });

  it("README.ja.md gives each code the catalogue's Japanese title and hint", () => {
    // A table row with a code in a cell of its own: first (the checks, looked up by id) or
    // second (the input errors, looked up by their title, 内容, in the first).
    const CODE_CELL = /^\|(?: [^|]* \|)? `([a-z.-]+)` \|/;
    const quoted = README_JA.split("\n").filter((row) =>
      Object.hasOwn(CATALOGUE, CODE_CELL.exec(row)?.[1] ?? ""),
    );
    expect(quoted.length).toBeGreaterThanOrEqual(20);
    for (const row of quoted) {
      const code = (CODE_CELL.exec(row)?.[1] ?? "") as keyof typeof CATALOGUE;
      const text = row.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      expect(text, code).toContain(CATALOGUE[code].title.ja);
      expect(text, code).toContain(CATALOGUE[code].hint.ja);
    }
  });

  it("README.ja.md holds no English sentence outside code", () => {
    const runs = proseOf(README_JA)
      .split("\n")
      .flatMap((line, i) => englishRuns(line, 4).map((run) => `README.ja.md:${i + 1}: ${run}`));
    expect(runs).toEqual([]);
  });
});

describe("the extraction of commands and codes", () => {
  const sample = [
    "yosan writes files; `npx yosan build --out x` and `yosan export xlsx`.",
    "```sh",
    "npx yosan check   # published.sign",
    "yosan serve: http://127.0.0.1:8429/",
    "```",
    "`actuals.unmapped`, advances.planned, statements.json, `bs.balance`",
    "| 2 | invalid |",
  ].join("\n");

  it("finds commands in code only", () => {
    expect(sorted(commandsOf(sample))).toEqual(["build", "check", "export xlsx", "serve"]);
  });

  it("finds codes of the catalogue and of FY29's checks, not file names or formulas", () => {
    expect(sorted(codesOf(sample))).toEqual(["actuals.unmapped", "bs.balance", "published.sign"]);
  });

  it("reads prose without its code", () => {
    expect(proseOf(sample)).not.toContain("npx");
    expect(proseOf(sample)).toContain("yosan writes files");
    expect(sorted(exitCodesOf(sample))).toEqual(["2"]);
  });
});
