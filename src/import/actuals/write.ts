/**
 * Writing imported actuals into a book: the version's leaves file (budget.csv's format,
 * account,segment,amount,note, rows in layout order) and the version declared or updated in
 * book.json — through book-writer.ts's all-or-nothing path (staged copy, loaded, swapped in,
 * the previous book kept as a backup).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Book, Leaf } from "../../model/book.ts";
import { JA } from "../../model/glossary.ts";
import { BookInputError, type InputIssue, inputError } from "../../model/issues.ts";
import { cell } from "../../model/provenance.ts";
import { say } from "../../model/text.ts";
import { jsonLines } from "../../read/json-lines.ts";
import { fileKey, fileReaders, MANIFEST_FILE, type Manifest } from "../../read/manifest.ts";
import { bookCsv, budgetHeader, budgetRow } from "../book-csv.ts";
import { identity, rewriteBook, type WriteResult } from "../book-writer.ts";

/** The version an import writes, as book.json declares it. */
export interface VersionDecl {
  readonly id: string;
  readonly name: string;
  readonly kind: "actual" | "forecast";
  readonly asOf: string | null;
  /** The leaves file, relative to the book. */
  readonly file: string;
}

/** The leaves as a budget file: one row per line × segment, in layout order. */
export function leavesCsv<L extends Leaf>(
  book: Book,
  leaves: readonly L[],
  note: (leaf: L) => string,
): string {
  const rows: string[][] = [budgetHeader(book)];
  for (const leaf of leaves) rows.push(budgetRow(book, leaf, leaf.amount.toString(), note(leaf)));
  return bookCsv(rows, false);
}

/**
 * book.json with the version declared: an existing one of that id takes the kind, files and
 * as-of date (and loses the mark of an invented sample: its figures are now the export's); a
 * new one is added last. A book that declared no versions gets its budget declared first.
 * Indentation and key order are kept.
 */
export function declareVersion(manifestText: string, v: VersionDecl, renamed: boolean): string {
  const text = manifestText.replace(/^\uFEFF/, "");
  const manifest = JSON.parse(text) as Record<string, unknown>;
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? "  ";
  const versions = (manifest.versions as Record<string, unknown>[] | undefined) ?? [
    { id: "budget", name: JA.budget, kind: "budget" },
  ];
  const existing = versions.find((x) => x.id === v.id);
  const own = {
    kind: v.kind,
    files: [v.file],
    ...(v.asOf !== null ? { asOf: v.asOf } : {}),
  };
  if (existing) {
    delete existing.asOf;
    delete existing.sample;
    Object.assign(existing, own, renamed ? { name: v.name } : {});
  } else versions.push({ id: v.id, name: v.name, ...own });
  manifest.versions = versions;
  return `${JSON.stringify(manifest, null, indent)}\n`;
}

/**
 * Null when the version's leaves file is its own; else the issue refusing it: the file is read
 * by something other than the version (the budget, a revision, another version, a print), and
 * an import never writes over it. `dir` is where book.json is read, `shown` how it is named.
 */
export function sharedFileIssue(dir: string, shown: string, v: VersionDecl): InputIssue | null {
  const text = readFileSync(join(dir, MANIFEST_FILE), "utf8").replace(/^\uFEFF/, "");
  const manifest = JSON.parse(text) as Manifest;
  const own = new Set([`versions.${v.id}`]);
  const all = fileReaders(manifest);
  const readers = [
    ...new Set([...(all.get(fileKey(v.file)) ?? []), ...sameFileReaders(dir, v.file, all)]),
  ];
  const others = readers.filter((r) => !own.has(r));
  const index = (manifest.versions ?? []).findIndex((x) => x.id === v.id);
  const at = cell(
    join(shown, MANIFEST_FILE),
    index < 0 ? 1 : (jsonLines(text).get(`/versions/${index}`) ?? 1),
    `versions.${v.id}`,
  );
  if (others.length > 0)
    return inputError(
      "version.shared-file",
      at,
      say(
        `版「${v.id}」は「${v.file}」に書き込むことになりますが、このファイルは ${others.join("、")} も読んでいます。取込みは帳簿のほかの部分が読むファイルを上書きしません。「${v.id}」に専用のファイルを宣言するか（"files": ["versions/${v.id}.csv"]）、新しい版の id に取り込んでください。`,
        `version 「${v.id}」 would be written to 「${v.file}」, which ${others.join(", ")} also ${others.length === 1 ? "reads" : "read"}: an import never writes over a file another part of the book reads; declare 「${v.id}」 with a file of its own ("files": ["versions/${v.id}.csv"]) or import into a new version id`,
      ),
    );
  // A file the version does not read yet (a new version's versions/<id>.csv left behind, a
  // file of the finance office's own): never written over either.
  if (readers.length === 0 && existsSync(join(dir, v.file)))
    return inputError(
      "version.shared-file",
      at,
      say(
        `版「${v.id}」は「${v.file}」に書き込むことになりますが、このファイルは book.json のどこからも読まれていないのに、すでに帳簿にあります。取込みは自分が書いていないファイルを上書きしません。ファイルを移動するか削除するか、別の版の id に取り込んでください。`,
        `version 「${v.id}」 would be written to 「${v.file}」, which is already in the book although nothing in book.json reads it: an import never writes over a file it did not write; move or remove it, or import into another version id`,
      ),
    );
  return null;
}

/**
 * The readers of every book file that is the same file as `file` on disk however it is
 * spelt: a disk that ignores case (Budget.csv is budget.csv on Windows and macOS) or another
 * Unicode form of the name, compared by device and inode.
 */
function sameFileReaders(
  dir: string,
  file: string,
  readers: ReadonlyMap<string, readonly string[]>,
): string[] {
  const target = identity(join(dir, file));
  if (target === null) return [];
  return [...readers].flatMap(([other, who]) =>
    identity(join(dir, other)) === target ? [...who] : [],
  );
}

/** Write the leaves and the declaration into the book at `target`, all or nothing. */
export function writeActuals(
  target: string,
  v: VersionDecl,
  csv: string,
  renamed: boolean,
): WriteResult {
  return rewriteBook(target, (staging) => {
    // Checked again on the staged copy: the writer itself never writes over another's file.
    const shared = sharedFileIssue(staging, target, v);
    if (shared) throw new BookInputError([shared]);
    const path = join(staging, v.file);
    mkdirSync(dirname(path), { recursive: true });
    const files: string[] = [];
    const before = readFileIf(path);
    if (before !== csv) {
      writeFileSync(path, csv);
      files.push(v.file);
    }
    const manifestPath = join(staging, MANIFEST_FILE);
    const text = readFileSync(manifestPath, "utf8");
    const updated = declareVersion(text, v, renamed);
    if (updated !== text) {
      writeFileSync(manifestPath, updated);
      files.push(MANIFEST_FILE);
    }
    return files;
  });
}

function readFileIf(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}
