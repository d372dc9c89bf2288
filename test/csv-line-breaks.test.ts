/**
 * A cell holding a line break — a label wrapped inside its spreadsheet cell (予算額\n（千円）),
 * a message or a note — is quoted in every CSV yosan writes, so that Excel, which ends a row at
 * any unquoted line break, reads the file row for row; and every file reads back through
 * csv-parse and the book's own reader as written: the output's csv() (CRLF) and an import's
 * bookCsv (CRLF or LF alike).
 */
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bookCsv } from "../src/import/book-csv.ts";
import { safeText } from "../src/model/cell-text.ts";
import { parseCsvTable } from "../src/read/csv-table.ts";
import { csv } from "../src/render/statements-csv.ts";

/** Text with line breaks of every kind among ordinary characters. */
const cellText = fc
  .array(fc.constantFrom("a", "予", "算", " ", ",", '"', "\n", "\r", "\r\n", "1"), {
    minLength: 1,
    maxLength: 12,
  })
  .map((parts) => parts.join(""))
  // What a spreadsheet would read as a formula is neutralised (cell-text.ts); keep to the rest.
  .filter((t) => !/^[=+\-@\t\r\n]/.test(t));

describe("a line break inside a cell", () => {
  it("output CSV: quoted, and read back as written", () => {
    const out = csv([
      ["label", "note"],
      ["予算額\n（千円）", "x"],
    ]);
    expect(out).toContain('"予算額\n（千円）"');
    expect(parse(out, { bom: true })).toEqual([
      ["label", "note"],
      ["予算額\n（千円）", "x"],
    ]);
  });

  it("output CSV: any text round-trips", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(cellText, cellText), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const written = [["a", "b"], ...rows.map(([x, y]) => [x, y])];
          expect(parse(csv(written), { bom: true })).toEqual(written);
        },
      ),
    );
  });

  it("output CSV: byte for byte what csv-stringify writes with the same options", () => {
    const anyText = fc.oneof(cellText, fc.string(), fc.string({ unit: "grapheme" }));
    fc.assert(
      fc.property(fc.array(fc.array(anyText, { maxLength: 6 }), { maxLength: 8 }), (rows) => {
        const expected = stringify(
          rows.map((r) => r.map(safeText)),
          { bom: true, record_delimiter: "\r\n", quote_record_delimiter: true },
        );
        expect(csv(rows)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  for (const crlf of [true, false])
    it(`an import's book CSV (${crlf ? "CRLF" : "LF"}) reads back through the book's reader`, () => {
      fc.assert(
        fc.property(cellText, (label) => {
          const text = bookCsv(
            [
              ["id", "label"],
              ["sales", label],
            ],
            crlf,
          );
          const table = parseCsvTable("layout.csv", text, ["id", "label"]);
          expect(table.ok).toBe(true);
          if (!table.ok) return;
          expect(table.table.rows.length).toBe(1);
          if (/[\r\n]/.test(label)) expect(text).toContain(`"${label.replaceAll('"', '""')}"`);
          // The reader trims a cell (csv-table.ts); inside, every line break is kept.
          expect(table.table.rows[0]?.values.label).toBe(label.trim());
        }),
      );
    });
});
