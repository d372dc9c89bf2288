/**
 * The files book.json names are paths relative to the book directory, inside it (issue 18): an
 * absolute path (`/etc/passwd`) or one leading out with `..`, in any field that names a file
 * (files.budget, a version's files), is an input error at book.json naming the field, exit 2,
 * the book unchanged — never "file not found" at the path joined under the book.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/cli.ts";
import { copyBook, hashDir } from "./helpers/book.ts";

async function check(book: string): Promise<{ exit: number; err: string }> {
  let err = "";
  const exit = await run(["check", book], { out: () => undefined, err: (t) => (err += t) });
  return { exit, err };
}

/** The parts of book.json these tests change. */
interface Manifest {
  files: { budget: string | string[] };
  versions: { id: string; files?: string[] }[];
}

/** A copy of FY29 with book.json changed by `change`. */
function bookWith(change: (manifest: Manifest) => void): string {
  const book = copyBook();
  const file = join(book, "book.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
  change(manifest);
  writeFileSync(file, JSON.stringify(manifest, null, 2));
  return book;
}

function settlement(m: Manifest): { files?: string[] } {
  const v = m.versions.find((x) => x.id === "settlement");
  if (!v) throw new Error("FY29 has no settlement version");
  return v;
}

describe("book files are paths inside the book", () => {
  it("an absolute path in a version's files: an error at book.json naming the field, exit 2", async () => {
    const book = bookWith((m) => {
      settlement(m).files = ["/etc/passwd"];
    });
    const before = hashDir(book);
    const r = await check(book);
    expect(r.exit).toBe(2);
    expect(r.err).toContain(
      `${book}/book.json:1:files: error: 「/etc/passwd」 (book.json versions.settlement.files) is an absolute path: book files are paths relative to the book directory ${book}, inside it`,
    );
    expect(r.err).toContain("hint: keep every file a book names inside its directory");
    expect(r.err).not.toContain("file not found");
    expect(r.err).not.toContain(`${book}/etc/passwd`);
    expect(r.err).not.toMatch(/root:/);
    expect(hashDir(book)).toBe(before);
  });

  it("a path leading out with `..` in a version's files, or an absolute one in files.budget", async () => {
    const out = bookWith((m) => {
      settlement(m).files = ["versions/../../settlement.csv"];
    });
    const r = await check(out);
    expect(r.exit).toBe(2);
    expect(r.err).toContain("「versions/../../settlement.csv」 is outside the book directory");
    expect(r.err).toContain("(book.json versions.settlement.files)");
    expect(r.err).toContain("book files are paths relative to the book directory, inside it");
    const budget = bookWith((m) => {
      m.files.budget = ["budget.csv", join(out, "bridge.csv")];
    });
    const b = await check(budget);
    expect(b.exit).toBe(2);
    expect(b.err).toContain(
      `「${join(out, "bridge.csv")}」 (book.json files.budget) is an absolute path`,
    );
  });
});
