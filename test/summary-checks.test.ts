/**
 * summary.rounding and version.continuity on the FY29 概要 (百万円, 四捨五入): every row
 * passes; any current-year figure off by one fails; changes and sums are held to the range
 * their rounding allows; the opening cash vs the FY28 revised budget's closing cash is a warning.
 */
import { describe, expect, it } from "vitest";
import { continuityFindings } from "../src/check/continuity.ts";
import { reconcile } from "../src/check/reconcile.ts";
import { summaryRoundingFindings } from "../src/check/summary-rounding.ts";
import { derive } from "../src/derive/derive.ts";
import type { Book, SummaryRow } from "../src/model/book.ts";
import { Decimal, Money, preimage, presentable } from "../src/model/money.ts";
import { loadBook } from "../src/read/load-book.ts";
import { FY29 } from "./helpers/book.ts";

const loaded = loadBook(FY29);
if (!loaded.ok) throw new Error("FY29 does not load");
const book = loaded.book;
const summary = book.summary;
if (!summary) throw new Error("FY29 has a summary");

function withRow(index: number, change: (row: SummaryRow) => SummaryRow): Book {
  const rows = summary?.rows.map((r, i) => (i === index ? change(r) : r)) ?? [];
  return { ...book, summary: { ...(summary as NonNullable<Book["summary"]>), rows } };
}
const plus = (m: Money, n: number) => Money.of(m.value.plus(n), m.unit);

describe("summary.rounding on FY29", () => {
  const findings = summaryRoundingFindings(derive(book));

  it("passes for all 16 rows of the 概要, in every column", () => {
    expect(summary.rows).toHaveLength(16);
    const current = findings.filter(
      (f) => / \(29年度\)$/.test(f.line ?? "") && !f.message.includes(" = "),
    );
    expect(current).toHaveLength(16);
    expect(findings.filter((f) => f.status !== "pass")).toEqual([]);
    expect(findings.length).toBeGreaterThan(16 + 15);
  });

  it("△370 for 当期純利益's 増減 is a rounding of the unrounded difference, not of 432 − 803", () => {
    const f = findings.find(
      (x) => x.line === "予定損益計算書 当期純利益 (増減)" && !x.message.includes(" = "),
    );
    expect(f?.status).toBe("pass");
    expect(f?.message).toMatch(/the difference of the rounded figures would be △371/);
  });

  it("a disagreement is a warning about the print by default, a failure with --strict", () => {
    const broken = derive(withRow(0, (r) => ({ ...r, current: plus(r.current, 1) })));
    const loose = summaryRoundingFindings(broken).filter((f) => f.status !== "pass");
    expect(loose.length).toBeGreaterThan(0);
    expect(loose.every((f) => f.status === "warn")).toBe(true);
    expect(summaryRoundingFindings(broken, true).some((f) => f.status === "fail")).toBe(true);
  });

  it.each(summary.rows.map((r, i) => [r.label, i] as const))(
    "fails (--strict) when %s (29年度) is off by one either way",
    (_label, i) => {
      for (const delta of [1, -1]) {
        const broken = summaryRoundingFindings(
          derive(withRow(i, (r) => ({ ...r, current: plus(r.current, delta) }))),
          true,
        );
        const row = summary.rows[i];
        const failed = broken.filter((f) => f.status === "fail");
        expect(failed.length).toBeGreaterThan(0);
        expect(
          failed.some(
            (f) =>
              f.line === `${row?.table} ${row?.label} (29年度)` &&
              f.compared?.difference.toString() === String(delta),
          ),
        ).toBe(true);
      }
    },
  );

  it.each(
    summary.rows.filter((r) => r.change).map((r) => [r.label, summary.rows.indexOf(r)] as const),
  )("fails (--strict) when %s's 増減 is off by two (outside what rounding allows)", (_label, i) => {
    for (const delta of [2, -2]) {
      const broken = summaryRoundingFindings(
        derive(withRow(i, (r) => ({ ...r, change: r.change ? plus(r.change, delta) : null }))),
        true,
      );
      expect(broken.some((f) => f.status === "fail")).toBe(true);
    }
  });

  it("a sum row outside the range of its rounded parts is reported (費用計 previous +2)", () => {
    const i = summary.rows.findIndex((r) => r.label === "費用計");
    const broken = summaryRoundingFindings(
      derive(withRow(i, (r) => ({ ...r, previous: r.previous ? plus(r.previous, 2) : null }))),
    );
    const f = broken.find(
      (x) => x.status === "warn" && x.message.includes("費用計 = 営業費用 + 営業外費用 (previous)"),
    );
    expect(f?.message).toMatch(/allow 55,442 … 55,444; printed 55,445/);
  });
});

describe("rounding intervals", () => {
  it.each([
    ["432", "half-up", "431.5", "432.5"],
    ["-370", "half-up", "-370.5", "-369.5"],
    ["2", "truncate", "2", "3"],
    ["-2", "truncate", "-3", "-2"],
    ["0", "truncate", "-1", "1"],
  ] as const)("preimage(%s, %s) = [%s, %s]", (p, rule, lo, hi) => {
    const r = preimage(new Decimal(p), rule);
    expect([r.lo.toFixed(), r.hi.toFixed()]).toEqual([lo, hi]);
  });

  it("a range allows only the values whose preimage overlaps it", () => {
    const lo = new Decimal("431.5");
    const hi = new Decimal("434.5");
    expect(
      ["431", "432", "433", "434", "435"].map((t) =>
        presentable(new Decimal(t), lo, hi, "half-up"),
      ),
    ).toEqual([false, true, true, true, false]);
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
    const i = summary.rows.findIndex((r) => r.formula.text === "cf-closing-cash");
    const fixed = withRow(i, (r) => ({ ...r, previous: Money.of("36849", r.current.unit) }));
    expect(continuityFindings(derive(fixed))[0]?.status).toBe("pass");
  });

  it("with the whole catalogue, FY29's warnings are exactly the lost signs and the continuity finding", () => {
    const all = reconcile(derive(book));
    expect(all.filter((f) => f.status === "fail")).toEqual([]);
    const warned = all.filter((f) => f.status === "warn").map((f) => f.check);
    expect(warned.filter((c) => c === "published.sign")).toHaveLength(8);
    expect(warned.filter((c) => c === "version.continuity")).toHaveLength(1);
    expect(warned).toHaveLength(9);
  });
});
