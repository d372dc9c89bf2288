/**
 * The budget reader's byte path against its generic path (csv-parse, the budget schema,
 * parseAmount per row): on random budget files — random quoting, LF or CRLF, zero to two BOMs,
 * blank lines of spaces, tabs, U+3000 or `""`, spaces around cells, short and long rows, odd
 * rows the scanner declines, multi-byte labels, notes with commas, quotes and line ends,
 * apostrophe-marked cells, cells over the length limit, invalid UTF-8 — read in chunks of any
 * size, the same entries (line, segment, amount, note, rows, parts, source), the same rows
 * visited (line, segment, amount, note, row number) and the same issues, message for message.
 * (One allowance: where csv-parse's echo of a row is damaged — its `raw` keeps only the first
 * byte of a multi-byte space it trims, shown as U+FFFD, and a blank line of such spaces before
 * the row — the echoed row is not compared.)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { BudgetEntry } from "../src/model/book.ts";
import { formatInputIssue } from "../src/model/issues.ts";
import {
  type BudgetReadOptions,
  readBudgetFile,
  visitBudgetFile,
} from "../src/read/budget-reader.ts";
import { loadBook } from "../src/read/load-book.ts";
import { lineResolver, segmentResolver } from "../src/read/resolution.ts";
import { FY29 } from "./helpers/book.ts";

const loaded = loadBook(FY29);
if (!loaded.ok) throw new Error("FY29 does not load");
const fy29 = loaded.book;
/**
 * Resolvers of their own, which note every text they are asked: a resolver suggests names for
 * at most 200 unknown texts, so which texts are resolved, and in what order, decides the words
 * of later messages (of this file and of the book's other files).
 */
function names(asked: string[]) {
  const resolveLine = lineResolver(fy29.lines);
  const resolveSegment = segmentResolver(fy29.segments);
  return {
    line: (text: string) => {
      asked.push(`line ${text}`);
      return resolveLine(text, { leafOnly: true });
    },
    segment: (text: string) => {
      asked.push(`segment ${text}`);
      return resolveSegment(text);
    },
    segmented: true,
  };
}

/** Issues of rows (not of the file: the generic path then resolves nothing). */
const ROW_ISSUE = /^(account|segment|amount|text)\./;

const dir = mkdtempSync(join(tmpdir(), "yosan-budget-bytes-"));
const file = join(dir, "budget.csv");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Everything the reader gives for `bytes`: entries, issues, the rows visited and the texts
 * resolved.
 */
function read(bytes: Buffer, options: BudgetReadOptions) {
  writeFileSync(file, bytes);
  const asked: string[] = [];
  const r = readBudgetFile(file, "budget.csv", names(asked), fy29.unit, options);
  const visits: unknown[] = [];
  const issues = visitBudgetFile(
    file,
    "budget.csv",
    names([]),
    (line, segment, amount, exact, note, row) =>
      visits.push([line.id, segment, amount, exact?.toString() ?? null, note, row]),
    options,
  );
  return {
    issues: r.issues.map((i) => formatInputIssue(i, "en")),
    entries: r.entries.map((e: BudgetEntry) => ({
      ...e,
      amount: e.amount.toString(),
      rows: e.rows ? [...e.rows] : undefined,
      parts: e.parts?.map((p) => p.toString()),
    })),
    // Rows visited before an issue was found are not to be used: compare them only without.
    visits: issues.length > 0 ? issues.map((i) => formatInputIssue(i, "en")) : visits,
    // A file's issues stop the generic path before it resolves anything, not the byte path.
    asked: r.issues.every((i) => ROW_ISSUE.test(i.code)) ? asked : [],
  };
}

const LONG = "長".repeat(10_001);

const account = fc.constantFrom(
  "現金及び預金",
  "cash-and-deposits",
  "未収金",
  "事業費のうち非資金費用",
  "前 払 金",
  "　未収金　",
  "\t未収金",
  "'未収金",
  "'=未収金",
  "'-未収金",
  "'",
  "存在しない科目",
  "営業利益",
  "事業費",
  "",
  "　",
  LONG,
);
const segment = fc.constantFrom(
  "一般事業",
  "general",
  "lgwan",
  "",
  "合計",
  "架空事業",
  " 一般事業 ",
  "　一般事業",
  "'+lgwan",
  "'合計",
  "\u00a0lgwan",
  LONG,
);
const amount = fc.oneof(
  fc.constantFrom(
    "100",
    "-5",
    "0012",
    "-0",
    "0",
    "1,234",
    "△1,000",
    "(12)",
    "１，０００",
    "12,3４5x",
    "1.5",
    "'-5",
    "'12",
    "+100",
    "-",
    "--5",
    "1e3",
    "　100",
    "100\t",
    "999999999999999",
    "-999999999999999",
    "1000000000000000",
    "",
  ),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
);
const note = fc.constantFrom(
  "",
  "明細, その1",
  'say "hi"',
  "複数\n行",
  "'=SUM(A1)",
  "'@x",
  "　",
  " 空白 ",
  "ｶﾅ・絵文字🙂",
  LONG,
);

/** A cell as written: bare when it can be, else (or at random) quoted, spaces around at random. */
const written = (text: string, quote: boolean, pad: string) => {
  const must = /[",\r\n]/.test(text) || text !== text.replace(/^[ \t]+|[ \t]+$/g, "");
  if (!must && !quote) return text;
  return `${pad}"${text.replaceAll('"', '""')}"${pad}`;
};

/** A line that is no row, or a row of too few or too many cells. */
const blankLine = fc.constantFrom(
  "",
  "   ",
  "\t",
  "　",
  '""',
  '  ""',
  ",,,",
  " , , ",
  "未収金,一般事業",
  "未収金,一般事業,4,n,extra,cells",
);

/** A line the scanner declines (the file is then read the generic way from there). */
const oddLine = fc.constantFrom(
  '未収金,一般事業,1 "x",',
  '"未収金"x,一般事業,1',
  "未収金,一般事業,2\r",
  '"未収金,一般事業,3',
);

const COLUMNS = ["account", "segment", "amount", "note"] as const;

const row = fc.record({
  account,
  segment,
  amount,
  note,
  quote: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  pad: fc.constantFrom("", "", " ", "\t"),
});

const header = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      "account,segment,amount,note",
      "note,amount,account,segment",
      "account,segment,amount",
      " account , segment ,amount, note ",
      '"account","segment","amount","note"',
      "account,segment,amount,note,memo",
      "\uFEFFaccount,segment,amount",
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom("account,segment,amount,amount", "account,amount,note") },
);

const budgetBytes = fc
  .record({
    rows: fc.array(
      fc.oneof(
        { weight: 40, arbitrary: row },
        { weight: 5, arbitrary: blankLine },
        { weight: 1, arbitrary: oddLine },
      ),
      { minLength: 0, maxLength: 25 },
    ),
    before: fc.oneof(
      { weight: 4, arbitrary: fc.constant([]) },
      {
        weight: 1,
        arbitrary: fc.array(fc.constantFrom("", "  ", "　", '""', ' ""'), { maxLength: 2 }),
      },
    ),
    header,
    eol: fc.constantFrom("\n", "\r\n"),
    crlfInQuotes: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, fc.constant(true)),
    boms: fc.integer({ min: 0, max: 2 }),
    trailing: fc.boolean(),
    damage: fc.oneof({ weight: 14, arbitrary: fc.constant(null) }, fc.nat()),
  })
  .map(({ rows, before, header, eol, crlfInQuotes, boms, trailing, damage }) => {
    const columns = header
      .split(",")
      .map((c) => c.replace(/[\s"\uFEFF]/g, ""))
      .map((c) => (COLUMNS.includes(c as (typeof COLUMNS)[number]) ? c : "note"));
    const lines = rows.map((r) => {
      if (typeof r === "string") return r;
      return columns
        .map((c, i) => {
          const k = c as (typeof COLUMNS)[number];
          return written(r[k], r.quote[i % 4] ?? false, r.pad);
        })
        .join(",");
    });
    let body = [...before, header, ...lines].join(eol) + (trailing ? eol : "");
    // A line end inside quotes is LF, or as the file's (then a CR inside quotes: declined).
    if (eol === "\r\n" && crlfInQuotes) body = body.replace(/\r\n/g, "\n").replace(/\n/g, "\r\n");
    const bytes = Buffer.concat([
      Buffer.from("\uFEFF".repeat(boms), "utf8"),
      Buffer.from(body, "utf8"),
    ]);
    // Now and then a byte that is not UTF-8 (or a multi-byte character cut short).
    if (damage !== null && bytes.length > 0)
      bytes[damage % bytes.length] = damage % 2 ? 0xff : 0xe3;
    return bytes;
  });

/** The issues of `got` and `want` with the echoed row dropped where csv-parse's is damaged. */
function comparable(got: Outcome, want: Outcome): [Outcome, Outcome] {
  const damaged = (i: number) => (want.issues[i] ?? "").includes("\uFFFD");
  const drop = (text: string) => text.replace(/\n {2}\| [\s\S]*?(?=\n {2}hint: )/, "");
  const fix = (o: Outcome): Outcome => ({
    ...o,
    issues: o.issues.map((t, i) => (damaged(i) ? drop(t) : t)),
    visits:
      o.visits.length === want.issues.length && o.issues.length > 0
        ? o.visits.map((t, i) => (damaged(i) && typeof t === "string" ? drop(t) : t))
        : o.visits,
  });
  return [fix(got), fix(want)];
}

type Outcome = ReturnType<typeof read>;

const chunk = fc.oneof(fc.constant(undefined), fc.integer({ min: 8, max: 64 }));

describe("budget reader: the byte path gives the generic path's result", () => {
  it("on random budget files, read in chunks of any size", () => {
    fc.assert(
      fc.property(budgetBytes, chunk, (bytes, chunkBytes) => {
        const [got, want] = comparable(read(bytes, { chunkBytes }), read(bytes, { generic: true }));
        expect(got).toEqual(want);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    [
      "a BOM, CRLF and a quoted multi-line note",
      '\uFEFFaccount,segment,amount,note\r\n未収金,一般事業,1,"a\nb"\r\n未収金,一般事業,2,\r\n',
    ],
    ["two BOMs", "\uFEFF\uFEFFaccount,segment,amount\n未収金,一般事業,1\n"],
    ['a blank line of `""` before the header', ' ""\naccount,segment,amount\n未収金,一般事業,1\n'],
    ["a line of U+3000 before the header", "　\naccount,segment,amount\n未収金,一般事業,1\n"],
    [
      "apostrophe-marked cells",
      "account,segment,amount,note\n'=未収金,'合計,'-5,'=SUM(A1)\n未収金,一般事業,'-5,'@x\n",
    ],
    [
      "a row the scanner declines after good rows",
      'account,segment,amount\n未収金,一般事業,1\n未収金,一般事業,2 "x"\n',
    ],
  ])("%s", (_, text) => {
    const bytes = Buffer.from(text, "utf8");
    for (const chunkBytes of [undefined, 8, 13]) {
      expect(read(bytes, { chunkBytes })).toEqual(read(bytes, { generic: true }));
    }
  });

  it("more distinct spellings of (account, segment) than the cache keeps: still one exact entry", () => {
    // 70,200 pairs of cells, all 未収金 × 一般事業 once trimmed, each written with other spaces.
    const rows = Array.from(
      { length: 70_200 },
      (_, i) =>
        `"${" ".repeat(i % 300)}未収金","${" ".repeat(Math.floor(i / 300))}一般事業",${i + 1}`,
    );
    const r = read(Buffer.from(["account,segment,amount", ...rows].join("\n")), {});
    expect(r.issues).toEqual([]);
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]?.amount).toBe(String((70_200 * 70_201) / 2));
    expect(r.entries[0]?.rows).toEqual(Array.from({ length: 70_200 }, (_, i) => i + 2));
  });

  it("an invalid byte in a later chunk: the generic path's encoding issue", () => {
    const rows = Array.from({ length: 200 }, (_, i) => `未収金,一般事業,${i}`);
    const bytes = Buffer.from(["account,segment,amount", ...rows, "未収金,一般事業,x"].join("\n"));
    bytes[bytes.length - 1] = 0xff;
    const r = read(bytes, { chunkBytes: 64 });
    expect(r).toEqual(read(bytes, { generic: true }));
    expect(r.issues[0]).toMatch(/^budget\.csv:202: error: the file is not valid UTF-8/);
  });
});
