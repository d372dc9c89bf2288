/**
 * Another body's summary ties out: the FY29 ledger (千円) against a 百万円 print by 勘定 whose
 * every item was rounded on its own (test/fixtures/jlis-h29-million, written by
 * test/tools/make-million-print.ts). `yosan check --strict` passes although many printed
 * 法人計 and subtotals differ from the sum of the printed figures beside them (each such gap is
 * reported as consistent with rounding); a figure moved by 5 百万円 fails, naming its line and
 * segment.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/cli.ts";
import { isNil, parseAmount } from "../src/model/amount-text.ts";
import { Money } from "../src/model/money.ts";
import { loadBook } from "../src/read/load-book.ts";
import type { JsonFinding } from "../src/render/statements-json.ts";
import { copyBook, tempDir } from "./helpers/book.ts";
import { MILLION_FIXTURE, MILLION_PRINT, makeMillionPrint } from "./tools/make-million-print.ts";

/** `yosan check BOOK --json [--strict]` in process: exit code and findings. */
async function check(
  book: string,
  strict: boolean,
): Promise<{ exit: number; findings: JsonFinding[]; err: string }> {
  let out = "";
  let err = "";
  const argv = ["check", book, "--json", ...(strict ? ["--strict"] : [])];
  const exit = await run(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  const findings = out === "" ? [] : (JSON.parse(out) as { findings: JsonFinding[] }).findings;
  return { exit, findings, err };
}

type CsvRow = Record<string, string>;
const printRows = (book: string): CsvRow[] =>
  parse(readFileSync(join(book, MILLION_PRINT.file), "utf8"), { columns: true }) as CsvRow[];

describe("the FY29 ledger against another body's 百万円 summary by 勘定 (法人計, rounded per item)", () => {
  it("the fixture is what the generator makes of the FY29 ledger (its CSV byte for byte)", () => {
    const fresh = join(tempDir(), "book");
    const written = makeMillionPrint(fresh);
    expect(readdirSync(MILLION_FIXTURE).sort()).toEqual([...written].sort());
    const text = (dir: string, f: string) => readFileSync(join(dir, f), "utf8");
    for (const f of written) {
      // book.json as data: the checked-in copy is laid out by the formatter (biome).
      if (f.endsWith(".json"))
        expect(JSON.parse(text(fresh, f)), f).toEqual(JSON.parse(text(MILLION_FIXTURE, f)));
      else expect(text(fresh, f), f).toBe(text(MILLION_FIXTURE, f));
    }
  });

  it("prints every non-heading line of the three statements for each segment and 法人計, with nil cells for zeros", () => {
    const loaded = loadBook(MILLION_FIXTURE);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    const print = loaded.book.prints[0];
    const lines = loaded.book.lines.filter(
      (l) =>
        l.kind !== "heading" &&
        (MILLION_PRINT.statements as readonly string[]).includes(l.statement),
    );
    expect(print?.unit).toBe("百万円");
    expect(print?.rows).toHaveLength(lines.length * (loaded.book.segments.length + 1));
    expect(print?.rows.filter((r) => r.segment === null)).toHaveLength(lines.length);
    const csv = printRows(MILLION_FIXTURE);
    expect(csv.filter((r) => r.segment === MILLION_PRINT.total)).toHaveLength(lines.length);
    const nil = csv.filter((r) => isNil(r.amount ?? ""));
    expect(nil.some((r) => r.amount === "－")).toBe(true);
    expect(nil.some((r) => r.amount === "")).toBe(true);
    expect(print?.rows.filter((r) => !r.cells.has("amount"))).toHaveLength(nil.length);
  });

  it("`yosan check --strict` exits 0; every printed figure passes and every rounding gap is consistent with rounding", async () => {
    const { exit, findings, err } = await check(MILLION_FIXTURE, true);
    expect(err).toBe("");
    expect(exit).toBe(0);
    expect(findings.filter((f) => f.status !== "pass")).toEqual([]);
    const printed = printRows(MILLION_FIXTURE).filter((r) => !isNil(r.amount ?? "")).length;
    expect(findings.filter((f) => f.id === "published.figure")).toHaveLength(printed);
    const sums = findings.filter((f) => f.id === "published.sums");
    const gaps = sums.filter((f) => f.expected !== f.actual);
    // Not vacuous: 法人計 ≠ Σ segments and subtotal ≠ Σ its printed parts, both within segments and in the total.
    expect(gaps.filter((f) => /Σ segments/.test(f.message)).length).toBeGreaterThan(5);
    expect(gaps.filter((f) => !/Σ segments/.test(f.message) && f.segment).length).toBeGreaterThan(
      5,
    );
    expect(
      gaps.filter((f) => !/Σ segments/.test(f.message) && f.segment === undefined).length,
    ).toBeGreaterThan(5);
    for (const g of gaps) {
      expect(g.status).toBe("pass");
      expect(g.message).toMatch(/: consistent with rounding/);
      expect(g.message).toMatch(/\(四捨五入\)/);
    }
  });

  it.each([
    ["a leaf of a segment", "receivables", "個人番号カード発行等事業", "mynumber-card"],
    ["a subtotal of a segment", "current-assets-total", "一般事業", "general"],
    ["a 法人計 figure", "operating-expenses-total", MILLION_PRINT.total, undefined],
    [
      "a line printed as a magnitude",
      "cf-closing-payables",
      "本人確認情報処理事業",
      "resident-registry",
    ],
    ["a figure printed as 0", "supplies", MILLION_PRINT.total, undefined],
  ] as const)(
    "moving %s by 5 百万円 fails with --strict, naming its line and segment",
    async (_what, line, segmentText, segment) => {
      const book = copyBook(MILLION_FIXTURE);
      const rows = printRows(book);
      const row = rows.find((r) => r.line === line && r.segment === segmentText);
      if (!row) throw new Error(`no row ${line} ${segmentText}`);
      const before = parseAmount(row.amount ?? "");
      if (!before.ok) throw new Error(`${line} ${segmentText} prints no figure`);
      row.amount = Money.of(before.value.plus(5), "百万円").format();
      writeFileSync(join(book, MILLION_PRINT.file), stringify(rows, { header: true }));

      const strict = await check(book, true);
      expect(strict.exit).toBe(1);
      const failed = strict.findings.filter((f) => f.status === "fail");
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.every((f) => f.id.startsWith("published."))).toBe(true);
      const named = failed.filter((f) => f.line === line && f.segment === segment);
      expect(named.map((f) => f.id)).toContain("published.figure");
      const figure = named.find((f) => f.id === "published.figure");
      expect(figure?.difference).toBe("5");
      expect(figure?.unit).toBe("百万円");

      // Without --strict the print's disagreement is a warning: exit 0.
      const loose = await check(book, false);
      expect(loose.exit).toBe(0);
      expect(loose.findings.filter((f) => f.status === "fail")).toEqual([]);
      expect(
        loose.findings.some((f) => f.status === "warn" && f.line === line && f.segment === segment),
      ).toBe(true);
    },
  );
});
