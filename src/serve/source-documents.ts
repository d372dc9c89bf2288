/**
 * The documents a book carries (its source text, as published), read for the lines a print's
 * rows cite (`source/h29-budget.txt:130`), so a finding about a printed figure can be shown
 * against the document's own line. A citation names a file inside the book; anything else —
 * an absolute path, `..`, a link out of the book, something not a regular file, a file over
 * 16 MiB or not UTF-8 — shows nothing.
 */
import { closeSync } from "node:fs";
import { isAbsolute, join, normalize } from "node:path";
import { isInside, openRegularFile } from "../io/files.ts";
import { readText } from "../io/read-text.ts";

/** Largest document read for its lines. */
const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** A line of a document a book carries. */
interface DocumentLine {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** The book's documents, each read once when first cited. */
export class SourceDocuments {
  private readonly lines = new Map<string, readonly string[] | null>();

  constructor(private readonly dir: string) {}

  /** The line `reference` (`file:line`, the file relative to the book) names, if any. */
  line(reference: string): DocumentLine | undefined {
    const m = /^(.+):(\d+)$/.exec(reference.trim());
    if (!m) return undefined;
    const file = m[1] as string;
    const line = Number(m[2]);
    const text = this.read(file)?.[line - 1];
    return text === undefined ? undefined : { file, line, text };
  }

  private read(file: string): readonly string[] | null {
    const known = this.lines.get(file);
    if (known !== undefined) return known;
    let lines: string[] | null = null;
    const rel = normalize(file);
    const path = join(this.dir, rel);
    if (!isAbsolute(file) && !rel.startsWith("..") && isInside(path, this.dir)) {
      const opened = openRegularFile(path);
      if (opened.ok) closeSync(opened.fd);
      const read = opened.ok && opened.size <= MAX_DOCUMENT_BYTES ? readText(path, file) : null;
      if (read?.ok) lines = read.text.split(/\r?\n/);
    }
    this.lines.set(file, lines);
    return lines;
  }
}
