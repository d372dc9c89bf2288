/**
 * Property tests on random books (fast-check): segment columns sum to 合計; every derived line
 * equals its formula (recomputed here with BigInt, independently of the engine); splitting
 * entries into parts changes nothing; the balance sheet balances whenever its inputs do, and
 * the bs.balance check fails when they do not.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reconcile } from "../src/check/reconcile.ts";
import { derive } from "../src/derive/derive.ts";
import type { Book, BudgetEntry, LayoutLine } from "../src/model/book.ts";
import { parseFormula } from "../src/model/formula.ts";
import { Money } from "../src/model/money.ts";
import { cell } from "../src/model/provenance.ts";
import { minusAmount } from "../src/model/quantity.ts";
import { loadBook } from "../src/read/load-book.ts";
import { FY29 } from "./helpers/book.ts";

const loaded = loadBook(FY29);
if (!loaded.ok) throw new Error("FY29 book does not load");
const fy29 = loaded.book;
const leaves = fy29.lines.filter((l) => l.kind === "leaf");
const segmentIds = fy29.segments.map((s) => s.id);

const amount = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n });
const entry = (line: string, segment: string | null, value: bigint, row = 1): BudgetEntry => ({
  line,
  segment,
  amount: Money.of(value, fy29.unit),
  note: "",
  source: cell("random.csv", row, "amount"),
});

/** Independent evaluation of a figure with BigInt, from the layout formulas. */
function expectedFigure(
  book: Book,
  id: string,
  segment: string | null,
  memo = new Map<string, bigint>(),
): bigint {
  const key = `${id}|${segment}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const line = book.lines.find((l) => l.id === id) as LayoutLine;
  let v = 0n;
  if (line.kind === "derived") {
    for (const t of line.formula?.terms ?? []) {
      const x =
        t.ref.kind === "line"
          ? expectedFigure(book, t.ref.id, segment, memo)
          : book.scheduleItems
              .filter(
                (i) =>
                  i.schedule === (t.ref as { schedule: string }).schedule &&
                  (segment === null || i.segment === segment),
              )
              .reduce(
                (a, i) =>
                  a +
                  BigInt(i.amounts.get((t.ref as { column: string }).column)?.toString() ?? "0"),
                0n,
              );
      v += BigInt(t.sign) * x;
    }
  } else {
    for (const e of book.entries)
      if (e.line === id && (segment === null || e.segment === segment))
        v += BigInt(e.amount.toString());
  }
  memo.set(key, v);
  return v;
}

const randomEntries = fc.array(
  fc.tuple(fc.constantFrom(...leaves.map((l) => l.id)), fc.constantFrom(...segmentIds), amount),
  {
    minLength: 1,
    maxLength: 120,
  },
);

describe("random amounts on the FY29 layout", () => {
  it("segments sum to 合計 and every derived line equals its formula", () => {
    fc.assert(
      fc.property(randomEntries, (rows) => {
        const book: Book = { ...fy29, entries: rows.map(([l, s, v], i) => entry(l, s, v, i + 2)) };
        const model = derive(book);
        const memo = new Map<string, bigint>();
        for (const st of model.statements) {
          for (const ml of st.lines) {
            let sum = 0n;
            for (const s of segmentIds) {
              const got = BigInt(model.figure(ml.line.id, s).amount.toString());
              expect(got).toBe(expectedFigure(book, ml.line.id, s, memo));
              sum += got;
            }
            expect(BigInt(ml.total.amount.toString())).toBe(sum);
          }
        }
        const findings = reconcile(model);
        expect(findings.filter((f) => f.check === "segments.sum" && f.status !== "pass")).toEqual(
          [],
        );
        // The declared chains hold on any amounts, since the layout obeys them.
        expect(
          findings.filter((f) => /^(pl|cf)\.chain$/.test(f.check) && f.status !== "pass"),
        ).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it("splitting entries into parts gives the same statements", () => {
    fc.assert(
      fc.property(
        randomEntries,
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 120, maxLength: 120 }),
        (rows, parts) => {
          const whole: Book = { ...fy29, entries: rows.map(([l, s, v]) => entry(l, s, v)) };
          const split: Book = {
            ...fy29,
            entries: rows.flatMap(([l, s, v], i) => {
              const n = BigInt(parts[i] ?? 1);
              const piece = v / n;
              return [...Array(Number(n) - 1).fill(piece), v - piece * (n - 1n)].map((x) =>
                entry(l, s, x),
              );
            }),
          };
          const a = derive(whole);
          const b = derive(split);
          for (const l of fy29.lines.filter((x) => x.kind !== "heading")) {
            for (const s of [...segmentIds, null])
              expect(b.figure(l.id, s).amount.toString()).toBe(a.figure(l.id, s).amount.toString());
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("the balance sheet balances whenever its inputs do, and bs.balance fails when they do not", () => {
    const bsLeaves = leaves.filter(
      (l) => l.statement === "balance-sheet" && l.id !== "general-reserve",
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom(...bsLeaves.map((l) => l.id)),
            fc.constantFrom(...segmentIds),
            amount,
          ),
          { maxLength: 80 },
        ),
        fc.constantFrom(...segmentIds),
        fc.bigInt({ min: -1000n, max: 1000n }).filter((x) => x !== 0n),
        (rows, broken, offset) => {
          const base: Book = { ...fy29, entries: rows.map(([l, s, v]) => entry(l, s, v)) };
          const model = derive(base);
          // Balance each segment with its 積立金: assets − liabilities − other net assets.
          const balancing = segmentIds.map((s) => {
            const gap = minusAmount(
              model.figure("total-assets", s).amount,
              model.figure("total-liabilities-and-net-assets", s).amount,
            );
            return entry("general-reserve", s, BigInt(gap.toString()));
          });
          const balanced = reconcile(derive({ ...base, entries: [...base.entries, ...balancing] }));
          expect(balanced.filter((f) => f.check === "bs.balance" && f.status !== "pass")).toEqual(
            [],
          );
          const unbalanced = reconcile(
            derive({
              ...base,
              entries: [...base.entries, ...balancing, entry("cash-and-deposits", broken, offset)],
            }),
          );
          const failed = unbalanced.filter((f) => f.check === "bs.balance" && f.status === "fail");
          expect(failed.map((f) => f.segment ?? null).sort()).toEqual(
            [broken, broken, null, null].sort(),
          );
          expect(failed.every((f) => f.compared?.difference.toString() === offset.toString())).toBe(
            true,
          );
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("random layouts", () => {
  it("a random DAG of derived lines evaluates as its formulas say, per segment and in total", () => {
    const layoutArb = fc.integer({ min: 2, max: 8 }).chain((nLeaves) =>
      fc.tuple(
        fc.constant(nLeaves),
        fc.array(fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 1, maxLength: 5 }), {
          minLength: 1,
          maxLength: 10,
        }),
      ),
    );
    fc.assert(
      fc.property(
        layoutArb,
        fc.array(fc.tuple(fc.nat(), fc.nat(), amount), { maxLength: 50 }),
        ([nLeaves, derivedSpecs], rows) => {
          const lines: LayoutLine[] = [];
          for (let i = 0; i < nLeaves; i++) {
            lines.push({
              statement: "s",
              id: `leaf-${i}`,
              label: `L${i}`,
              aliases: [],
              level: 1,
              kind: "leaf",
              printed: "signed",
              source: cell("layout.csv", i + 2),
            });
          }
          derivedSpecs.forEach((terms, j) => {
            const text = terms
              .map(
                ([k, neg], idx) =>
                  `${neg ? "-" : idx === 0 ? "" : "+"} ${lines[k % lines.length]?.id}`,
              )
              .join(" ");
            const parsed = parseFormula(text);
            if (!parsed.ok) throw new Error(parsed.reason.en);
            lines.push({
              statement: "s",
              id: `derived-${j}`,
              label: `D${j}`,
              aliases: [],
              level: 0,
              kind: "derived",
              formula: parsed.formula,
              printed: "signed",
              source: cell("layout.csv", nLeaves + j + 2),
            });
          });
          const segs = ["a", "b", "c"];
          const book: Book = {
            ...fy29,
            segments: segs.map((id) => ({ id, name: id, aliases: [] })),
            statements: [{ id: "s", title: "S", period: "", role: "statement", key: [] }],
            lines,
            checks: [],
            prints: [],
            continuity: [],
            schedules: [],
            scheduleItems: [],
            entries: rows.map(([l, s, v]) =>
              entry(`leaf-${l % nLeaves}`, segs[s % segs.length] ?? "a", v),
            ),
          };
          const model = derive(book);
          const memo = new Map<string, bigint>();
          for (const l of lines) {
            let sum = 0n;
            for (const s of segs) {
              const got = BigInt(model.figure(l.id, s).amount.toString());
              expect(got).toBe(expectedFigure(book, l.id, s, memo));
              sum += got;
            }
            expect(BigInt(model.figure(l.id, null).amount.toString())).toBe(sum);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
