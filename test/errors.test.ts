/**
 * One reproducer and its exact message for every input-issue code (test/errors/<code>/, as
 * hledger keeps test/errors/*): the case's book (the base book with the case's files over
 * it) or the file it imports goes through the real command line, and what yosan prints — exit
 * code, stdout, stderr, paths relative to the case — must equal expected.txt in English
 * (YOSAN_LANG=en) and expected.ja.txt in Japanese (YOSAN_LANG=ja). The book must be
 * byte-identical afterwards. `npm run golden` rewrites both; review the diff.
 */
import {
  closeSync,
  cpSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/cli.ts";
import { CATALOGUE, INPUT_ISSUE_CODES } from "../src/model/catalogue.ts";
import { LANG_VARIABLE, type Lang } from "../src/model/text.ts";
import { hashDir, REPO } from "./helpers/book.ts";
import { expectGolden } from "./helpers/golden.ts";

const ERRORS = join(REPO, "test", "errors");
const CASES = readdirSync(ERRORS, { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== "base")
  .map((e) => e.name)
  .sort();

/** Each language's golden file, and the word before a hint in it. */
const GOLDEN: Readonly<Record<Lang, { file: string; hint: string }>> = {
  en: { file: "expected.txt", hint: "hint" },
  ja: { file: "expected.ja.txt", hint: "対処" },
};

/** Files made at run time (test/errors/README.md). */
type Make =
  | { directory: string }
  | { sparse: string; bytes: number }
  | { line: string; cell: string; cells: number };

async function runCase(
  code: string,
  lang: Lang,
): Promise<{ text: string; before: string; after: string }> {
  const dir = join(ERRORS, code);
  const tmp = mkdtempSync(join(tmpdir(), "yosan-error-"));
  try {
    const book = join(tmp, "book");
    const caseDir = join(tmp, "case");
    cpSync(join(ERRORS, "base"), book, { recursive: true });
    if (existsSync(join(dir, "book"))) cpSync(join(dir, "book"), book, { recursive: true });
    cpSync(dir, caseDir, {
      recursive: true,
      filter: (src) => !/\/(book|expected(\.ja)?\.txt)$/.test(src),
    });
    const place = (path: string) =>
      path.replace(/^BOOK\//, `${book}/`).replace(/^CASE\//, `${caseDir}/`);
    const makes: Make[] = existsSync(join(dir, "make.json"))
      ? JSON.parse(readFileSync(join(dir, "make.json"), "utf8"))
      : [];
    for (const m of makes) {
      if ("directory" in m) {
        rmSync(place(m.directory), { force: true });
        mkdirSync(place(m.directory), { recursive: true });
      } else if ("sparse" in m) {
        const fd = openSync(place(m.sparse), "w");
        ftruncateSync(fd, m.bytes);
        closeSync(fd);
      } else {
        writeFileSync(place(m.line), `${Array(m.cells).fill(m.cell).join(",")}\n`);
      }
    }
    const command = existsSync(join(dir, "command"))
      ? readFileSync(join(dir, "command"), "utf8").trim()
      : "check BOOK";
    const argv = command
      .split(/\s+/)
      .map((a) => a.replace(/^BOOK/, book).replace(/^CASE/, caseDir));
    const before = hashDir(book);
    let stdout = "";
    let stderr = "";
    const exit = await run(argv, {
      out: (t) => (stdout += t),
      err: (t) => (stderr += t),
      env: { [LANG_VARIABLE]: lang },
    });
    const after = hashDir(book);
    const shown = (t: string) => t.split(`${tmp}/`).join("").split(tmp).join("");
    const text = `$ yosan ${command}\nexit ${exit}\n--- stdout\n${shown(stdout)}--- stderr\n${shown(stderr)}`;
    return { text, before, after };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

describe("one reproducer and its exact message per input-issue code", () => {
  it("has a case for every code of the catalogue, and no case without a code", () => {
    expect(CASES).toEqual([...INPUT_ISSUE_CODES].sort());
  });

  it("gives every code its own hint in each language, so each message names its code", () => {
    for (const lang of ["ja", "en"] as const) {
      const hints = INPUT_ISSUE_CODES.map((c) => CATALOGUE[c].hint[lang]);
      expect(new Set(hints).size, lang).toBe(hints.length);
    }
  });

  it.each(CASES.flatMap((code) => (["en", "ja"] as const).map((lang) => [code, lang] as const)))(
    "%s (%s)",
    async (code, lang) => {
      const { text, before, after } = await runCase(code, lang);
      const golden = GOLDEN[lang];
      expect(text).toContain(
        `${golden.hint}: ${CATALOGUE[code as keyof typeof CATALOGUE].hint[lang]}`,
      );
      expect(text).not.toMatch(/internal error|内部エラー|\n\s+at /);
      expect(after, "the book must be byte-identical after the command").toBe(before);
      expectGolden(join(ERRORS, code, golden.file), text);
    },
  );
});
