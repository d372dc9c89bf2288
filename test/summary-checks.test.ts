/**
 * The FY29 概要 as a print (百万円, 四捨五入, columns 29年度 / 28年度12月補正後 / 増減): every row
 * passes; any 29年度 figure off by one fails; changes and sums are held to the range their
 * rounding allows; the opening cash vs the FY28 revised budget's closing cash is a warning.
 */
import { describe, expect, it } from "vitest";
import { continuityFindings } from "../src/check/continuity.ts";
import { printChecks } from "../src/check/prints.ts";
import { reconcile } from "../src/check/reconcile.ts";
import { derive } from "../src/derive/derive.ts";
import type { Book } from "../src/model/book.ts";
import type { Finding } from "../src/model/findings.ts";
import { Decimal, Money, point, preimage, presentable } from "../src/model/money.ts";
import type { Print, PrintRow } from "../src/model/print.ts";
import { loadBook } from "../src/read/load-book.ts";
import { FY29 } from "./helpers/book.ts";

const loaded = loadBook(FY29);
if (!loaded.ok) throw new Error("FY29 does not load");
const book = loaded.book;
const summary = book.prints.find((p) => p.id === "summary") as Print;
if (!summary) throw new Error("FY29 has a 概要 print");

/** The book with the 概要's row `index`, column `column`, moved by `delta`. */
function withCell(index: number, column: string, delta: number): Book {
  const rows = summary.rows.map((r, i): PrintRow => {
    const cell = r.cells.get(column);
    if (i !== index || !cell?.amount) return r;
    const cells = new Map(r.cells);
    const amount = Money.of(cell.amount.value.plus(delta), (cell.amount as Money).unit);
    cells.set(column, { ...cell, amount, text: amount.format() });
    return { ...r, cells };
  });
  return { ...book, prints: book.prints.map((p) => (p === summary ? { ...p, rows } : p)) };
}

const summaryFindings = (b: Book, strict = false): Finding[] =>
  printChecks(derive(b), { strict }).filter((f) => f.message.en.includes("概要"));

describe("the 概要 print on FY29", () => {
  const findings = summaryFindings(book);

  it("passes for all 16 rows, in every column, and for every sum among them", () => {
    expect(summary.rows).toHaveLength(16);
    expect(findings.filter((f) => f.check === "published.figure")).toHaveLength(16);
    expect(findings.filter((f) => f.check === "published.change")).toHaveLength(16);
    expect(findings.filter((f) => f.check === "published.sums").length).toBeGreaterThan(15);
    expect(findings.filter((f) => f.status !== "pass")).toEqual([]);
  });

  it("says the rule and the range: 46,008,968 千円 presents as 46,009 百万円 (四捨五入)", () => {
    const f = findings.find(
      (x) => x.check === "published.figure" && x.line === "operating-revenue-total",
    );
    expect(f?.message.en).toMatch(/46,008\.968 百万円 presents as 46,009, 四捨五入/);
    // The same figures, rule and place in Japanese.
    expect(f?.message.ja).toBe(
      "概要 29年度の予定損益計算書「営業収益」（合計）：印刷された数値 46,009 はモデルの数値（46,008.968 百万円 を四捨五入すると 46,009）と一致しています（source/h29-budget.txt:315）。",
    );
  });

  it("△370 for 当期純利益's 増減 is a rounding of the unrounded difference, not of 432 − 803", () => {
    const f = findings.find((x) => x.check === "published.change" && x.line === "net-income");
    expect(f?.status).toBe("pass");
    expect(f?.message.en).toMatch(/allows △371 … △370/);
    expect(f?.message.en).toMatch(/the difference of the rounded figures would be △371/);
    expect(f?.message.ja).toMatch(/増減は △371 … △370（四捨五入）となり得ます/);
    expect(f?.message.ja).toMatch(/端数処理後の数値どうしの差では △371 となります/);
  });

  it("a disagreement is a warning about the print by default, a failure with --strict", () => {
    const broken = withCell(0, "current", 1);
    const loose = summaryFindings(broken).filter((f) => f.status !== "pass");
    expect(loose.length).toBeGreaterThan(0);
    expect(loose.every((f) => f.status === "warn")).toBe(true);
    expect(summaryFindings(broken, true).some((f) => f.status === "fail")).toBe(true);
  });

  it.each(summary.rows.map((r, i) => [r.label, i] as const))(
    "fails (--strict) when %s (29年度) is off by one either way, naming the line",
    (_label, i) => {
      for (const delta of [1, -1]) {
        const failed = summaryFindings(withCell(i, "current", delta), true).filter(
          (f) => f.status === "fail" && f.check === "published.figure",
        );
        expect(failed).toHaveLength(1);
        expect(failed[0]?.compared?.difference.toString()).toBe(String(delta));
        expect(failed[0]?.line).toBe(summary.rows[i]?.line ?? summary.rows[i]?.label);
      }
    },
  );

  it.each(summary.rows.map((r, i) => [r.label, i] as const))(
    "fails (--strict) when %s's 増減 is off by two (outside what rounding allows)",
    (_label, i) => {
      for (const delta of [2, -2]) {
        const failed = summaryFindings(withCell(i, "change", delta), true).filter(
          (f) => f.status === "fail" && f.check === "published.change",
        );
        expect(failed).toHaveLength(1);
      }
    },
  );

  it("a sum row outside the range of its rounded parts is reported (費用計 previous +2)", () => {
    const i = summary.rows.findIndex((r) => r.label === "費用計");
    const f = summaryFindings(withCell(i, "previous", 2)).find(
      (x) => x.status === "warn" && x.check === "published.sums",
    );
    expect(f?.message.en).toMatch(
      /概要 28年度12月補正後: 予定損益計算書 費用計 \(合計\) 55,445 ≠ 営業費用 \+ 営業外費用 = 55,443; the rounded parts allow 55,442 … 55,444 \(四捨五入\)/,
    );
    expect(f?.message.ja).toMatch(
      /^概要 28年度12月補正後の予定損益計算書「費用計」（合計） 55,445 ≠ 営業費用 \+ 営業外費用 = 55,443 です。端数処理された内訳から求めた許容範囲は 55,442 … 55,444（四捨五入）です/,
    );
  });

  it("with the whole catalogue, FY29's warnings are exactly the lost signs and the continuity finding", () => {
    const all = reconcile(derive(book));
    expect(all.filter((f) => f.status === "fail")).toEqual([]);
    const warned = all.filter((f) => f.status === "warn").map((f) => f.check);
    expect(warned.filter((c) => c === "published.sign")).toHaveLength(8);
    expect(warned.filter((c) => c === "version.continuity")).toHaveLength(1);
    expect(warned).toHaveLength(9);
    // The lost sign of 資金収支差額, as the issue words it: the same figures and source in both languages.
    const sign = all.find(
      (f) =>
        f.check === "published.sign" && f.line === "cf-net-cash-flow" && f.segment === undefined,
    );
    expect(sign?.message.en).toBe(
      "予定財務諸表（公表）: 資金計画 資金収支差額 (合計): printed 15,232,073 but the figure is △15,232,073: the sign was lost; print △15,232,073 [source/h29-budget.txt:130]",
    );
    expect(sign?.message.ja).toBe(
      "予定財務諸表（公表）の資金計画「資金収支差額」（合計）：印刷された数値 15,232,073 は、モデルの数値 △15,232,073 の符号が欠落しています（source/h29-budget.txt:130）。△15,232,073 と印刷してください。",
    );
    // The opening balance that does not continue the previous version, as a Japanese sentence.
    const continuity = all.find((f) => f.check === "version.continuity");
    expect(continuity?.message.en).toMatch(
      /: the opening balance does not continue the previous version \(difference 1,236 百万円\)$/,
    );
    expect(continuity?.message.ja).toBe(
      "「前期末現金及び預金」36,849 百万円（36,849,034 千円）は28年度12月補正後の「(当期末現金及び預金)」35,613 百万円と異なり、期首残高が前の版の期末残高を引き継いでいません（差額 1,236 百万円）。",
    );
  });
});

describe("rounding intervals", () => {
  it.each([
    ["432", "half-up", "[431.5, 432.5)"],
    ["-370", "half-up", "(-370.5, -369.5]"],
    ["0", "half-up", "(-0.5, 0.5)"],
    ["2", "truncate", "[2, 3)"],
    ["-2", "truncate", "(-3, -2]"],
    ["0", "truncate", "(-1, 1)"],
    ["2", "ceiling", "(1, 2]"],
    ["-2", "ceiling", "[-2, -1)"],
    ["0", "ceiling", "[0, 0]"],
  ] as const)("preimage(%s, %s) = %s", (p, rule, text) => {
    const r = preimage(new Decimal(p), rule);
    expect(
      `${r.loOpen ? "(" : "["}${r.lo.toFixed()}, ${r.hi.toFixed()}${r.hiOpen ? ")" : "]"}`,
    ).toBe(text);
  });

  it("a range allows only the values whose preimage meets it, ends open or closed", () => {
    const range = {
      lo: new Decimal("431.5"),
      hi: new Decimal("434.5"),
      loOpen: false,
      hiOpen: true,
    };
    expect(
      ["431", "432", "433", "434", "435"].map((t) => presentable(new Decimal(t), range, "half-up")),
    ).toEqual([false, true, true, true, false]);
    expect(presentable(new Decimal("2"), point(new Decimal("2.5")), "half-up")).toBe(false);
    expect(presentable(new Decimal("3"), point(new Decimal("2.5")), "half-up")).toBe(true);
  });
});

describe("version.continuity", () => {
  it("warns that FY29 opening cash 36,849 百万円 does not continue the FY28 revised budget's 35,613", () => {
    const [f, ...rest] = continuityFindings(derive(book));
    expect(rest).toEqual([]);
    expect(f?.status).toBe("warn");
    expect(f?.compared?.actual.toString()).toBe("36849");
    expect(f?.compared?.expected.toString()).toBe("35613");
    expect(f?.compared?.difference.toString()).toBe("1236");
  });

  it("passes when the previous closing rounds to the opening", () => {
    const i = summary.rows.findIndex((r) => r.line === "cf-closing-cash");
    const cell = summary.rows[i]?.cells.get("previous");
    const fixed = withCell(i, "previous", 36849 - Number(cell?.amount?.toString()));
    expect(continuityFindings(derive(fixed))[0]?.status).toBe("pass");
  });
});
