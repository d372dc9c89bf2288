/**
 * Writing imported actuals into a book: the version's leaves file (budget.csv's format,
 * account,segment,amount,note, rows in layout order) and the version declared or updated in
 * book.json — through write-book.ts's all-or-nothing path (staged copy, loaded, swapped in,
 * the previous book kept as a backup).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stringify } from "csv-stringify/sync";
import type { Book } from "../model/book.ts";
import { JA } from "../model/glossary.ts";
import type { ActualLeaf } from "./actuals-plan.ts";
import { accountText, rewriteBook, segmentText, type WriteResult } from "./write-book.ts";

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
export function leavesCsv(
  book: Book,
  leaves: readonly ActualLeaf[],
  note: (leaf: ActualLeaf) => string,
): string {
  const rows = [["account", "segment", "amount", "note"]];
  for (const leaf of leaves)
    rows.push([
      accountText(book, leaf.line.id),
      segmentText(book, leaf.segment),
      leaf.amount.toString(),
      note(leaf),
    ]);
  return stringify(rows, { record_delimiter: "\n" });
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

/** Write the leaves and the declaration into the book at `target`, all or nothing. */
export function writeActuals(
  target: string,
  v: VersionDecl,
  csv: string,
  renamed: boolean,
): WriteResult {
  return rewriteBook(target, (staging) => {
    const path = join(staging, v.file);
    mkdirSync(dirname(path), { recursive: true });
    const files: string[] = [];
    const before = readFileIf(path);
    if (before !== csv) {
      writeFileSync(path, csv);
      files.push(v.file);
    }
    const manifestPath = join(staging, "book.json");
    const text = readFileSync(manifestPath, "utf8");
    const updated = declareVersion(text, v, renamed);
    if (updated !== text) {
      writeFileSync(manifestPath, updated);
      files.push("book.json");
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
