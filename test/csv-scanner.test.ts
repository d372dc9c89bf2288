/**
 * The CSV scanners against csv-parse (the reference they replace on the hot path): the string
 * scanner (csv-scanner.ts) and the byte scanner (byte-csv.ts, issue 20), on random CSV text with
 * quotes, "" escapes, commas, LF and CRLF, blank lines and spaces (and for the bytes multi-byte
 * text, U+3000, NBSP and BOM around cells), give the same cells and line numbers, in any
 * chunking; and whatever csv-parse rejects, they decline (the caller then reads the file with
 * csv-parse).
 */
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteCsvScanner } from "../src/read/byte-csv.ts";
import { CsvScanner } from "../src/read/csv-scanner.ts";

type Rec = [cells: string[], line: number, raw: string];

function scan(text: string, cuts: readonly number[] = []): Rec[] | null {
  const out: Rec[] = [];
  const scanner = new CsvScanner((cells, line, raw) => out.push([cells, line, raw]));
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (!scanner.push(text.slice(from, cut))) return null;
    from = cut;
  }
  if (!scanner.push(text.slice(from)) || !scanner.end()) return null;
  return out;
}

/** csv-parse with the options of csv-table.ts; null when it throws. */
function reference(text: string): Rec[] | null {
  try {
    const records = parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number }; raw: string }[];
    return records.map((r) => [r.record, r.info.lines, r.raw]);
  } catch {
    return null;
  }
}

/**
 * Same cells and lines; the scanner's raw is csv-parse's without blank lines before it or the
 * line end (csv-parse's raw keeps only the first byte of a trimmed multi-byte space: not compared).
 */
function expectSame(got: Rec[], want: Rec[]) {
  expect(got.map(([c, l]) => [c, l])).toEqual(want.map(([c, l]) => [c, l]));
  got.forEach(([, , raw], i) => {
    const ref = (want[i]?.[2] ?? "").replace(/\r?\n?$/, "").replace(/\r$/, "");
    if (ref.includes("\uFFFD")) return;
    expect(ref.endsWith(raw), JSON.stringify([ref, raw])).toBe(true);
    expect(ref.slice(0, ref.length - raw.length).trim()).toBe("");
  });
}

const cellText = fc
  .array(fc.constantFrom("a", "あ", "1", ",", '"', " ", "\n", "△", "　", "-"), { maxLength: 6 })
  .map((cs) => cs.join(""));

/** A cell as written: quoted (always when it must be), or bare; sometimes spaces around. */
const writtenCell = fc
  .tuple(cellText, fc.boolean(), fc.constantFrom("", " ", "\t"), fc.constantFrom("", " "))
  .map(([text, quote, before, after]) => {
    const must = /[",\n]/.test(text) || text !== text.trim();
    if (must || quote) return `${before}"${text.replaceAll('"', '""')}"${after}`;
    return text;
  });

const wellFormed = fc
  .tuple(
    fc.array(fc.oneof(fc.array(writtenCell, { minLength: 1, maxLength: 5 }), fc.constant([])), {
      minLength: 1,
      maxLength: 12,
    }),
    fc.constantFrom("\n", "\r\n"),
    fc.boolean(),
  )
  .map(([rows, eol, trailing]) => {
    const lines = rows.map((cells) => cells.join(","));
    // In a CRLF file a line break inside quotes is CRLF too (the scanner leaves a quoted CR to csv-parse).
    const text = lines.join(eol) + (trailing ? eol : "");
    return text;
  });

const anyText = fc
  .array(fc.constantFrom("a", "あ", ",", '"', " ", "\t", "\n", "\r\n", "\r", "　", "1"), {
    maxLength: 40,
  })
  .map((cs) => cs.join(""));

const cutsOf = (text: string) =>
  fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 5 });

/** Text, and the records with their first line and raw text, that both scanners must give. */
const BOTH_SCANNERS: [string, [string[], number, string][]][] = [
  [
    "a,b\nc,d\n",
    [
      [["a", "b"], 1, "a,b"],
      [["c", "d"], 2, "c,d"],
    ],
  ],
  [
    "a,b\r\n\r\nc,d",
    [
      [["a", "b"], 1, "a,b"],
      [["c", "d"], 3, "c,d"],
    ],
  ],
  [
    'x,"1,2"\n"q""u\not",e\n',
    [
      [["x", "1,2"], 1, 'x,"1,2"'],
      [['q"u\not', "e"], 3, '"q""u\not",e'],
    ],
  ],
  [
    " a , b \n  \n ,\n",
    [
      [["a", "b"], 1, " a , b "],
      [["", ""], 3, " ,"],
    ],
  ],
];

describe("CsvScanner", () => {
  it.each([...BOTH_SCANNERS] as const)("%j", (text, expected) => {
    expect(scan(text)).toEqual(expected);
    expectSame(scan(text) ?? [], reference(text) ?? []);
  });

  it.each([['a"b,c\n'], ['"a"b,c\n'], ['"open\n'], ["a\rb\r"], ["a\r\nb\nc\r\n"], ["a\nb\r\n"]])(
    "declines what it does not handle: %j",
    (text) => {
      expect(scan(text)).toBeNull();
    },
  );

  it("gives csv-parse's cells and line numbers on well-formed CSV, in any chunking", () => {
    fc.assert(
      fc.property(
        wellFormed.chain((text) => fc.tuple(fc.constant(text), cutsOf(text))),
        ([text, cuts]) => {
          const want = reference(text);
          expect(want).not.toBeNull();
          const whole = scan(text);
          expect(whole, JSON.stringify(text)).not.toBeNull();
          expectSame(whole ?? [], want ?? []);
          expect(scan(text, cuts)).toEqual(whole);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("on any text: declines whatever csv-parse rejects, and otherwise agrees with it", () => {
    fc.assert(
      fc.property(
        anyText.chain((text) => fc.tuple(fc.constant(text), cutsOf(text))),
        ([text, cuts]) => {
          const got = scan(text, cuts);
          if (got === null) return;
          const want = reference(text);
          expect(want, JSON.stringify(text)).not.toBeNull();
          expectSame(got, want ?? []);
        },
      ),
      { numRuns: 5000 },
    );
  });
});

/**
 * The byte scanner fed `text` as UTF-8 cut at the byte offsets `cuts`, as its callers feed it:
 * the incomplete rest of each scan moved before the next piece. Its documented difference from
 * csv-parse is undone here: it trims an unquoted cell of spaces and tabs only (the reader trims
 * other white space when it decodes), so a line of other white space is a row of one cell.
 */
function scanBytes(text: string, cuts: readonly number[] = []): Rec[] | null {
  const data = Buffer.from(text, "utf8");
  const out: Rec[] = [];
  const scanner = new ByteCsvScanner("utf8", (row) => {
    const cells = row.texts().map((c, i) => (row.quoted(i) ? c : c.trim()));
    const raw = row.raw();
    // The row starts as many lines before its last as it holds line ends (inside quotes).
    expect(row.lastLine - row.line).toBe(raw.split("\n").length - 1);
    if (row.count === 1 && !row.quoted(0) && cells[0] === "") return true;
    out.push([cells, row.lastLine, raw]);
    return true;
  });
  let rest = Buffer.alloc(0);
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const piece = Buffer.concat([rest, data.subarray(from, cut)]);
    if (scanner.scan(piece, false) !== "ok") return null;
    rest = Buffer.from(piece.subarray(scanner.rest));
    from = cut;
  }
  return scanner.scan(Buffer.concat([rest, data.subarray(from)]), true) === "ok" ? out : null;
}

const byteCellText = fc
  .array(
    fc.constantFrom(
      "a",
      "あ",
      "1",
      ",",
      '"',
      " ",
      "\t",
      "\n",
      "△",
      "　",
      "-",
      "\u00a0",
      "\uFEFF",
      "🙂",
    ),
    { maxLength: 6 },
  )
  .map((cs) => cs.join(""));

const byteWrittenCell = fc
  .tuple(byteCellText, fc.boolean(), fc.constantFrom("", " ", "\t"), fc.constantFrom("", " "))
  .map(([text, quote, before, after]) => {
    const must = /[",\n]/.test(text) || text !== text.trim();
    if (must || quote) return `${before}"${text.replaceAll('"', '""')}"${after}`;
    return text;
  });

const byteWellFormed = fc
  .tuple(
    fc.array(fc.oneof(fc.array(byteWrittenCell, { minLength: 1, maxLength: 5 }), fc.constant([])), {
      minLength: 1,
      maxLength: 12,
    }),
    fc.constantFrom("\n", "\r\n"),
    fc.boolean(),
  )
  .map(
    ([rows, eol, trailing]) =>
      rows.map((cells) => cells.join(",")).join(eol) + (trailing ? eol : ""),
  );

const byteAnyText = fc
  .array(
    fc.constantFrom("a", "あ", ",", '"', " ", "\t", "\n", "\r\n", "\r", "　", "1", "\u00a0", "🙂"),
    { maxLength: 40 },
  )
  .map((cs) => cs.join(""));

const byteCutsOf = (text: string) =>
  fc.array(fc.integer({ min: 0, max: Buffer.byteLength(text, "utf8") }), { maxLength: 5 });

describe("ByteCsvScanner", () => {
  it.each([
    ...BOTH_SCANNERS,
    [
      '  ""\n現金,一般\n',
      [
        [[""], 1, '  ""'],
        [["現金", "一般"], 2, "現金,一般"],
      ],
    ],
  ] as const)("%j", (text, expected) => {
    expect(scanBytes(text)).toEqual(expected);
    expectSame(scanBytes(text) ?? [], reference(text) ?? []);
  });

  it.each([
    ['a"b,c\n'],
    ['"a"b,c\n'],
    ['"open\n'],
    ["a\rb\r"],
    ["a\r\nb\nc\r\n"],
    ["a\nb\r\n"],
    ['"a\rb"\n'],
  ])("declines what it does not handle: %j", (text) => {
    expect(scanBytes(text)).toBeNull();
  });

  it("reads plain integers from the digits, and nothing else", () => {
    const cells = [
      "0",
      "-0",
      "0012",
      "999999999999999",
      "-999999999999999",
      "1000000000000000",
      "-",
      "1,000",
      " 1",
      "+1",
      "１",
      "",
    ];
    let got: number[] = [];
    new ByteCsvScanner("utf8", (row) => {
      got = cells.map((_, i) => row.integer(i));
      return true;
    }).scan(Buffer.from(cells.map((c) => `"${c}"`).join(",")), true);
    expect(got).toEqual([
      0,
      -0,
      12,
      999999999999999,
      -999999999999999,
      NaN,
      NaN,
      NaN,
      NaN,
      NaN,
      NaN,
      NaN,
    ]);
  });

  it("gives csv-parse's cells and line numbers on well-formed CSV, in any chunking", () => {
    fc.assert(
      fc.property(
        byteWellFormed.chain((text) => fc.tuple(fc.constant(text), byteCutsOf(text))),
        ([text, cuts]) => {
          const want = reference(text);
          expect(want).not.toBeNull();
          const whole = scanBytes(text);
          expect(whole, JSON.stringify(text)).not.toBeNull();
          expectSame(whole ?? [], want ?? []);
          expect(scanBytes(text, cuts)).toEqual(whole);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("on any text: declines whatever csv-parse rejects, and otherwise agrees with it", () => {
    fc.assert(
      fc.property(
        byteAnyText.chain((text) => fc.tuple(fc.constant(text), byteCutsOf(text))),
        ([text, cuts]) => {
          const got = scanBytes(text, cuts);
          if (got === null) return;
          const want = reference(text);
          expect(want, JSON.stringify(text)).not.toBeNull();
          expectSame(got, want ?? []);
          expect(scanBytes(text)).toEqual(got);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
