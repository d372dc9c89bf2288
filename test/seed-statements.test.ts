/**
 * Every figure of the three total statements and the three 事業別 tables of seed 004, read
 * straight from the seed text, equals statements.json — with the print's lost signs restored
 * and the cash plan's bare-magnitude deductions signed. And the tie-out reports exactly the
 * document's lost signs, nothing else.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { parseAmount } from "../src/model/amount-text.ts";
import type { Book } from "../src/model/book.ts";
import { loadBook } from "../src/read/load-book.ts";
import { validator } from "../src/read/schema-validation.ts";
import { type Built, buildTemp, FY29, jsonFigure, publishedFigures } from "./helpers/book.ts";
import { matchRows, readSeedTables } from "./helpers/seed.ts";

/** DESIGN.md §3: figures printed without their △ (table, line label, column). */
const LOST_SIGNS = [
  ["資金計画", "資金収支差額", "合計"],
  ["事業別資金計画", "資金収支差額", "本人確認情報処理事業"],
  ["事業別資金計画", "資金収支差額", "個人番号カード発行等事業"],
  ["事業別資金計画", "資金収支差額", "中間サーバー共同化・集約化等事業"],
  ["事業別資金計画", "資金収支差額", "合計"],
  ["事業別予定損益計算書", "営業利益", "公的個人認証サービス事業"],
  ["事業別予定損益計算書", "経常利益", "公的個人認証サービス事業"],
  ["事業別予定損益計算書", "当期純利益", "公的個人認証サービス事業"],
] as const;
/** Deductions the cash plan prints as bare magnitudes. */
const MAGNITUDE_LINES = new Set(["当期末未収金", "当期末未払金"]);

let built: Built;
let book: Book;
beforeAll(async () => {
  const loaded = loadBook(FY29);
  if (!loaded.ok) throw new Error("FY29 book does not load");
  book = loaded.book;
  built = await buildTemp(FY29);
});

describe("statements.json against the seed's printed tables", () => {
  it("matches every printed figure of all six tables", () => {
    const segments = book.segments;
    let compared = 0;
    const lost = new Set(LOST_SIGNS.map((x) => x.join("|")));
    for (const table of readSeedTables()) {
      const layout = book.lines.filter((l) => l.statement === table.statement);
      for (const { row, lineId } of matchRows(table, layout)) {
        const columns = table.bySegment ? [...segments.map((s) => s.name), "合計"] : ["合計"];
        expect(row.values.length, `${table.name} line ${row.line}`).toBe(columns.length);
        columns.forEach((column, i) => {
          const parsed = parseAmount(row.values[i] ?? "");
          if (!parsed.ok) throw new Error(`seed line ${row.line}: ${parsed.reason}`);
          const label = book.lines.find((l) => l.id === lineId)?.label ?? "";
          let expected = parsed.value;
          if (lost.has([table.name, label, column].join("|"))) expected = expected.negated();
          if (MAGNITUDE_LINES.has(label)) expected = expected.negated();
          const segment =
            column === "合計" ? null : (segments.find((s) => s.name === column)?.id ?? "?");
          const actual = jsonFigure(built.json, table.statement, lineId, segment);
          expect(actual, `${table.name} ${row.printed} ${column} (seed line ${row.line})`).toBe(
            expected.isZero() ? "0" : expected.toFixed(),
          );
          compared++;
        });
      }
    }
    // 3 total tables (52 + 30 + 19 figures) and 3 事業別 tables × 8 columns.
    expect(compared).toBe(774);
  });

  it("statements.json is valid against schemas/statements.schema.json", () => {
    const validate = validator("statements");
    expect(validate(built.json), JSON.stringify(validate.errors)).toBe(true);
    expect(built.json.statements.map((s) => s.id)).toEqual([
      "balance-sheet",
      "profit-and-loss",
      "cash-plan",
    ]);
    expect(built.json.unit).toBe("千円");
    expect(built.json.segments.map((s) => s.id)).toHaveLength(7);
  });

  it("key figures: 資産合計, 当期純利益, 当期末現金及び預金", () => {
    expect(jsonFigure(built.json, "balance-sheet", "total-assets", null)).toBe("45080934");
    expect(jsonFigure(built.json, "profit-and-loss", "net-income", null)).toBe("432492");
    expect(jsonFigure(built.json, "cash-plan", "cf-closing-cash", null)).toBe("21616961");
    expect(jsonFigure(built.json, "cash-plan", "cf-closing-receivables", null)).toBe("-17739649");
    expect(jsonFigure(built.json, "cash-plan", "cf-net-cash-flow", null)).toBe("-15232073");
  });
});

describe("reconciliation of the canonical FY29 book", () => {
  it("passes every model check and exits 0", () => {
    expect(built.result.exitCode).toBe(0);
    expect(built.json.checks.filter((c) => c.status === "fail")).toEqual([]);
    // Warnings besides the print's lost signs: only the continuity between budget versions.
    const warned = built.json.checks.filter(
      (c) => c.status === "warn" && !c.id.startsWith("published."),
    );
    expect(warned.map((c) => c.id)).toEqual(["version.continuity"]);
    const ids = new Set(built.json.checks.map((c) => c.id));
    for (const id of [
      "segments.sum",
      "bs.balance",
      "pl.chain",
      "cf.chain",
      "tie.cash",
      "tie.receivables",
      "tie.payables",
      "tie.cash-revenue",
      "tie.interest",
      "tie.advances",
    ]) {
      expect(ids, id).toContain(id);
    }
  });

  it("reports exactly the document's lost signs, as warnings, and nothing else about the print", () => {
    const names = new Map(book.segments.map((s) => [s.id, s.name]));
    const labels = new Map(book.lines.map((l) => [l.id, l.label]));
    const notPass = built.json.checks.filter(
      (c) => c.id.startsWith("published.") && c.status !== "pass",
    );
    expect(notPass.every((c) => c.id === "published.sign" && c.status === "warn")).toBe(true);
    const got = notPass.map((c) => {
      const p = publishedFigures(book).find(
        (x) =>
          x.line === c.line &&
          (x.segment ?? undefined) === c.segment &&
          c.sources[0]?.endsWith(`:${x.source.row}:amount`),
      );
      return [
        p?.table,
        labels.get(c.line ?? ""),
        c.segment === undefined ? "合計" : names.get(c.segment),
      ].join("|");
    });
    expect(publishedFigures(book, "statements")).toHaveLength(774);
    expect(got.sort()).toEqual(LOST_SIGNS.map((x) => x.join("|")).sort());
  });

  it("--strict turns the lost signs into failures (exit 1)", async () => {
    const strict = await buildTemp(FY29, true);
    expect(strict.result.exitCode).toBe(1);
    expect(
      strict.json.checks.filter((c) => c.status === "fail").every((c) => c.id === "published.sign"),
    ).toBe(true);
    expect(strict.json.checks.filter((c) => c.status === "fail")).toHaveLength(LOST_SIGNS.length);
  });
});
