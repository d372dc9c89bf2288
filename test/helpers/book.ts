/** Test helper: temporary copies of books and builds into temporary output directories. */
import { createHash } from "node:crypto";
import {
  cpSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildResult, build } from "../../src/cli/build.ts";
import type { Book } from "../../src/model/book.ts";
import { Money } from "../../src/model/money.ts";
import type { CellSource } from "../../src/model/provenance.ts";
import type { StatementsJson } from "../../src/render/statements-json.ts";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const FY29 = join(REPO, "ledgers/jlis-h29");

export function tempDir(prefix = "yosan-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A hash of everything under `dir`: every name, every file's bytes, every link's target,
 * recursively — equal before and after a command means the command changed nothing there.
 */
export function hashDir(dir: string): string {
  const h = createHash("sha256");
  const walk = (d: string, prefix: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      h.update(`${prefix}${name}\0`);
      if (st.isSymbolicLink()) h.update(`link:${readlinkSync(p)}\0`);
      else if (st.isDirectory()) walk(p, `${prefix}${name}/`);
      else if (st.isFile()) h.update(readFileSync(p));
      else h.update(`kind:${st.mode}\0`);
    }
  };
  walk(dir, "");
  return h.digest("hex");
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
export async function buildTemp(book: string, strict = false, version?: string): Promise<Built> {
  const out = join(tempDir("yosan-out-"), "out");
  const result = await build(book, { out, strict, ...(version !== undefined ? { version } : {}) });
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
  const v = segment === null ? l.total : l.segments?.[segment];
  if (v === undefined) throw new Error(`no segment ${segment}`);
  return v;
}

/** A printed figure of a book's one-column prints, flattened (what tests compare with). */
export interface PrintedFigure {
  readonly print: string;
  readonly table: string;
  readonly statement: string;
  readonly line: string;
  readonly segment: string | null;
  readonly amount: Money;
  readonly printedText: string;
  readonly printedLabel: string;
  readonly source: CellSource;
}

/** Every printed money figure of the book's prints that print one line (each column of each row). */
export function publishedFigures(book: Book, print?: string): PrintedFigure[] {
  return book.prints
    .filter((p) => print === undefined || p.id === print)
    .flatMap((p) =>
      p.rows.flatMap((r) =>
        r.line === null
          ? []
          : [...r.cells.values()].flatMap((c) =>
              !(c.amount instanceof Money)
                ? []
                : [
                    {
                      print: p.id,
                      table: r.table,
                      statement: r.statement ?? "",
                      line: r.line as string,
                      segment: r.segment,
                      amount: c.amount,
                      printedText: c.text,
                      printedLabel: r.label,
                      source: c.source,
                    },
                  ],
            ),
      ),
    );
}
