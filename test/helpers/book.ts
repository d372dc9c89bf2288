/** Test helper: temporary copies of books and builds into temporary output directories. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildResult, build } from "../../src/cli/build.ts";
import type { StatementsJson } from "../../src/render/statements-json.ts";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const FY29 = join(REPO, "ledgers/jlis-h29");

export function tempDir(prefix = "yosan-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A copy of a book directory in a fresh temporary directory. */
export function copyBook(source = FY29): string {
  const dir = join(tempDir(), "book");
  cpSync(source, dir, { recursive: true });
  return dir;
}

/** Append CSV lines to a file of a book. */
export function appendLines(file: string, ...lines: string[]): void {
  const text = readFileSync(file, "utf8");
  writeFileSync(file, `${text.endsWith("\n") ? text : `${text}\n`}${lines.join("\n")}\n`);
}

export interface Built {
  result: BuildResult;
  out: string;
  json: StatementsJson;
}

/** Build a book into a temporary output directory and read back statements.json. */
export async function buildTemp(book: string, strict = false): Promise<Built> {
  const out = join(tempDir("yosan-out-"), "out");
  const result = await build(book, { out, strict });
  const json = JSON.parse(readFileSync(join(out, "statements.json"), "utf8")) as StatementsJson;
  return { result, out, json };
}

/** Figure of a line in statements.json: `segment` null for 合計. */
export function jsonFigure(
  json: StatementsJson,
  statement: string,
  line: string,
  segment: string | null,
): string {
  const st = [...json.statements, ...json.supplementary].find((s) => s.id === statement);
  const l = st?.lines.find((x) => x.id === line);
  if (!l) throw new Error(`no line ${statement}/${line}`);
  const v = segment === null ? l.total : l.segments[segment];
  if (v === undefined) throw new Error(`no segment ${segment}`);
  return v;
}
