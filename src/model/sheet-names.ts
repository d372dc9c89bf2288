/**
 * The names of a book's workbook sheets, decided once from the book (its statement and
 * schedule titles, what it calls a segment) and shared by the loader, which says at the title's
 * cell when a name had to differ from the title, and the workbook writer, which uses them.
 *
 * Excel's rules for a sheet name: 1 to 31 characters, none of \ / ? * [ ] : and no control
 * character (a line break, a tab, NUL: XML cannot carry most of them), no apostrophe at
 * either end, not `History` (reserved), unique regardless of case. yosan also writes an
 * apostrophe inside a name as ’ (U+2019): print titles and defined names quote sheet names, and
 * a name with a bare apostrophe is where writers go wrong.
 */
import type { Book, Comparison } from "./book.ts";
import { bySegmentTitle } from "./glossary.ts";
import { say, type Text } from "./text.ts";

/** Fixed sheet names (generic Japanese report terms, not specific to any book). */
export const FIXED_SHEETS = {
  commitments: "債務負担行為",
  findings: "照合結果",
  input: "入力",
  provisions: "予算の条項",
} as const;

const MAX_SHEET_NAME = 31;

/** One sheet: the name its title asks for, the name it gets, and why they differ. */
export interface SheetName {
  readonly wanted: string;
  readonly name: string;
  /** Why `name` differs from `wanted`, each a sentence in both languages; empty when it does not. */
  readonly changes: readonly Text[];
}

/** Every sheet of a book's workbook, in the workbook's order of naming. */
export interface WorkbookSheets {
  /**
   * By statement id: the single-column sheet (main statements) and the by-segment sheet. A book
   * without segments has the single-column sheet (科目 | 金額) of every statement and no other.
   */
  readonly statements: ReadonlyMap<
    string,
    { readonly single?: SheetName; readonly segmented?: SheetName }
  >;
  readonly schedules: ReadonlyMap<string, SheetName>;
  readonly commitments?: SheetName;
  /** By print id: the prints rendered as sheets of their own (a 概要). */
  readonly prints: ReadonlyMap<string, SheetName>;
  readonly findings: SheetName;
  readonly input: SheetName;
  /** The comparisons of versions the book declares, in its order (one sheet each). */
  readonly comparisons: readonly SheetName[];
  /** The 予算's articles that are not tables (provisions.csv), when the book has any. */
  readonly provisions?: SheetName;
}

/** Name `wanted` by Excel's rules, unique among `used` (lower-cased names), saying what changed. */
function nameSheet(wanted: string, used: Set<string>): SheetName {
  const changes: Text[] = [];
  let name = wanted;
  if (/[\\/?*[\]:]/.test(name)) {
    name = name.replace(/[\\/?*[\]:]/g, "_");
    changes.push(
      say(
        "\\ / ? * [ ] : の文字は使えません（_ に置き換えました）。",
        "the characters \\ / ? * [ ] : are not allowed (replaced by _)",
      ),
    );
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is replaced
  const control = /[\u0000-\u001f\u007f]/g;
  if (control.test(name)) {
    name = name.replace(control, "_");
    changes.push(
      say(
        "制御文字（改行、タブ）は使えません（_ に置き換えました）。",
        "control characters (a line break, a tab) are not allowed (replaced by _)",
      ),
    );
  }
  if (name.includes("'")) {
    name = name.replace(/'/g, "’");
    changes.push(say("アポストロフィ（'）は ’ と書きます。", "an apostrophe is written ’"));
  }
  if ([...name].length > MAX_SHEET_NAME) {
    name = [...name].slice(0, MAX_SHEET_NAME).join("");
    changes.push(
      say(
        `シート名は${MAX_SHEET_NAME}文字までです。`,
        `a sheet name has at most ${MAX_SHEET_NAME} characters`,
      ),
    );
  }
  if (name.trim() === "") {
    name = "Sheet";
    changes.push(say("シート名は空にできません。", "a sheet name cannot be empty"));
  }
  if (name.toLowerCase() === "history") {
    name = `${name}_`;
    changes.push(
      say("History という名前は Excel が予約しています。", "Excel reserves the name History"),
    );
  }
  const base = name;
  for (let i = 2; used.has(name.toLowerCase()); i++) {
    const suffix = `(${i})`;
    name = `${[...base].slice(0, MAX_SHEET_NAME - suffix.length).join("")}${suffix}`;
    if (i === 2)
      changes.push(
        say(
          "同じ名前のシートが他にあります（英字の大文字と小文字は区別されません）。",
          "another sheet has the same name (names ignore case)",
        ),
      );
  }
  used.add(name.toLowerCase());
  return { wanted, name, changes };
}

/** The words a comparison's sheet is named by when its title is blank. */
const COMPARISON_SHEETS = {
  settlement: "決算報告書",
  changes: "予実対比",
  revision: "補正予算",
} as const;

/**
 * The sheet names of `book`'s workbook. The comparisons and the provisions are named last, so
 * a book that declares one keeps the names of every other sheet.
 */
export function workbookSheets(
  book: Pick<
    Book,
    "statements" | "schedules" | "segments" | "segmentTerm" | "commitments" | "prints"
  > & {
    readonly versions?: { readonly comparisons: readonly Comparison[] };
    readonly provisions?: readonly unknown[];
  },
): WorkbookSheets {
  const used = new Set<string>();
  const singles = new Map<string, SheetName>();
  const segmented = book.segments.length > 0;
  for (const def of book.statements)
    if (def.role === "statement" || !segmented) singles.set(def.id, nameSheet(def.title, used));
  const statements = new Map<string, { single?: SheetName; segmented?: SheetName }>();
  for (const def of book.statements) {
    const single = singles.get(def.id);
    if (!segmented && single) {
      statements.set(def.id, { single });
      continue;
    }
    const bySegment = nameSheet(
      def.role === "statement" ? bySegmentTitle(book.segmentTerm, def.title) : def.title,
      used,
    );
    statements.set(def.id, single ? { single, segmented: bySegment } : { segmented: bySegment });
  }
  const schedules = new Map(book.schedules.map((s) => [s.id, nameSheet(s.title, used)]));
  const commitments =
    book.commitments !== null ? nameSheet(FIXED_SHEETS.commitments, used) : undefined;
  const prints = new Map(
    book.prints.filter((p) => p.sheet).map((p) => [p.id, nameSheet(p.title, used)]),
  );
  const findings = nameSheet(FIXED_SHEETS.findings, used);
  const input = nameSheet(FIXED_SHEETS.input, used);
  const comparisons = (book.versions?.comparisons ?? []).map((c) =>
    nameSheet(c.title.trim() === "" ? COMPARISON_SHEETS[c.layout] : c.title, used),
  );
  // Named after every other sheet: a book that adds provisions keeps every other name.
  const provisions =
    (book.provisions?.length ?? 0) > 0 ? nameSheet(FIXED_SHEETS.provisions, used) : undefined;
  return {
    statements,
    schedules,
    ...(commitments ? { commitments } : {}),
    prints,
    findings,
    input,
    comparisons,
    ...(provisions ? { provisions } : {}),
  };
}
