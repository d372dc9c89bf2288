/**
 * The FY29 book exported as a journal, balanced by hledger (an independent double-entry
 * engine, DESIGN.md §5): every leaf account × segment, the unallocated amounts and every 合計
 * must equal statements.json. Every derived line is then recomputed from hledger's leaf
 * balances through the layout formulas and compared too, in every column.
 * Where hledger is missing: skipped with a reason on a developer's machine, a failure in CI.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import type { Book } from "../src/model/book.ts";
import type { Formula } from "../src/model/formula.ts";
import { Decimal } from "../src/model/money.ts";
import { budgetRowStream } from "../src/read/budget-rows.ts";
import { loadBook } from "../src/read/load-book.ts";
import {
  BUDGET_EQUITY,
  journalOf,
  SCHEDULE_EQUITY,
  unallocatedSegmentOf,
} from "../src/render/journal.ts";
import type { StatementsJson } from "../src/render/statements-json.ts";
import { buildTemp, FY29, tempDir } from "./helpers/book.ts";

function available(program: string): boolean {
  const r = spawnSync(program, ["--version"], { encoding: "utf8" });
  return r.error === undefined && r.status === 0;
}

const hasHledger = available("hledger");
const hasLedger = available("ledger");
const inCi = Boolean(process.env.CI);
if (!hasHledger && !inCi)
  console.warn(
    "journal-hledger.test.ts: skipped: hledger is not installed (apt-get install -y hledger, or .ci/install-hledger)",
  );

/** Collapse the segment level, so hledger itself adds the segments up: a:seg:b → a:total:b. */
const TOTAL_ALIASES = [
  "--alias",
  "/^([^:]+):[^:]+:([^:]+)$/=\\1:total:\\2",
  "--alias",
  "/^(schedules:[^:]+):[^:]+:([^:]+)$/=\\1:total:\\2",
];

/** `hledger -f FILE balance --flat -E -O csv [args]` as account → exact balance. */
function hledgerBalances(file: string, args: readonly string[] = []): Map<string, Decimal> {
  const r = spawnSync("hledger", ["-f", file, "balance", "--flat", "-E", "-O", "csv", ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`hledger failed (${r.status}): ${r.stderr}`);
  const rows = parse(r.stdout) as string[][];
  expect(rows[0]).toEqual(["account", "balance"]);
  const out = new Map<string, Decimal>();
  for (const [account = "", balance = ""] of rows.slice(1)) {
    expect(balance, `${account}: one plain amount`).toMatch(/^-?\d+(\.\d+)?$/);
    out.set(account, new Decimal(balance));
  }
  return out;
}

/** `ledger -f FILE balance` per account, exact. */
function ledgerBalances(file: string): Map<string, Decimal> {
  const r = spawnSync(
    "ledger",
    [
      "-f",
      file,
      "balance",
      "--flat",
      "--empty",
      "--no-total",
      "--balance-format",
      "%(account)\t%(quantity(display_total))\n",
    ],
    { encoding: "utf8", maxBuffer: 1 << 28 },
  );
  if (r.status !== 0) throw new Error(`ledger failed (${r.status}): ${r.stderr}`);
  const out = new Map<string, Decimal>();
  for (const line of r.stdout.split("\n").filter((l) => l !== "")) {
    const [account = "", balance = ""] = line.split("\t");
    out.set(account, new Decimal(balance));
  }
  return out;
}

interface Fixture {
  book: Book;
  json: StatementsJson;
  file: string;
}

describe.skipIf(!hasHledger && !inCi)("journal export verified by hledger", () => {
  let fx: Fixture;
  let leaves: Map<string, Decimal>;
  let totals: Map<string, Decimal>;

  beforeAll(async () => {
    expect(hasHledger, "hledger must be installed in CI (.ci/install-hledger)").toBe(true);
    const loaded = await loadBook(FY29);
    if (!loaded.ok) throw new Error("FY29 does not load");
    const { json } = await buildTemp(FY29);
    const file = join(tempDir("yosan-journal-"), "fy29.journal");
    // In Japanese, the language a build speaks by default: hledger reads its comments as well.
    const journal = journalOf(loaded.book, budgetRowStream(loaded.book), "ja");
    expect(journal).toContain("; yosan が ");
    expect(journal).toContain("  ; 予算（相手勘定）");
    writeFileSync(file, journal);
    fx = { book: loaded.book, json, file };
    leaves = hledgerBalances(file);
    totals = hledgerBalances(file, TOTAL_ALIASES);
  });

  const allLines = () => [...fx.json.statements, ...fx.json.supplementary].flatMap((s) => s.lines);
  const statementOf = (line: string) => fx.book.lines.find((l) => l.id === line)?.statement ?? "";
  const balance = (m: Map<string, Decimal>, account: string) => m.get(account) ?? new Decimal(0);
  const diffs = (rows: { what: string; expected: string; actual: Decimal }[]) =>
    rows
      .filter((r) => !r.actual.equals(new Decimal(r.expected)))
      .map((r) => `${r.what}: statements.json ${r.expected}, hledger ${r.actual.toFixed()}`);

  it("every leaf × segment balance equals statements.json", () => {
    const leafLines = allLines().filter((l) => l.kind === "leaf");
    expect(leafLines.length).toBeGreaterThan(40);
    const rows = leafLines.flatMap((l) =>
      fx.json.segments.map((s) => ({
        what: `${l.id} × ${s.id}`,
        expected: l.segments?.[s.id] ?? "0",
        actual: balance(leaves, `${statementOf(l.id)}:${s.id}:${l.id}`),
      })),
    );
    expect(rows.length).toBe(leafLines.length * 7);
    expect(diffs(rows)).toEqual([]);
  });

  it("unallocated amounts and the 合計 column (summed by hledger) equal statements.json", () => {
    const unallocated = unallocatedSegmentOf(fx.book);
    const rows = allLines()
      .filter((l) => l.kind === "leaf")
      .flatMap((l) => [
        {
          what: `${l.id} 合計`,
          expected: l.total,
          actual: balance(totals, `${statementOf(l.id)}:total:${l.id}`),
        },
        {
          what: `${l.id} unallocated`,
          expected: l.unallocated ?? "0",
          actual: balance(leaves, `${statementOf(l.id)}:${unallocated}:${l.id}`),
        },
      ]);
    expect(diffs(rows)).toEqual([]);
  });

  it("has no account that yosan does not know, and every transaction balances", () => {
    const known = new Set(
      allLines()
        .filter((l) => l.kind === "leaf")
        .flatMap((l) => [
          ...fx.json.segments.map((s) => `${statementOf(l.id)}:${s.id}:${l.id}`),
          `${statementOf(l.id)}:${unallocatedSegmentOf(fx.book)}:${l.id}`,
        ]),
    );
    const schedulePrefix = /^schedules:[a-z0-9-]+:[a-z0-9_-]+:[a-z0-9-]+$/;
    const stray = [...leaves.keys()].filter(
      (a) =>
        !known.has(a) &&
        !schedulePrefix.test(a) &&
        a !== BUDGET_EQUITY &&
        a !== SCHEDULE_EQUITY &&
        a !== "total",
    );
    expect(stray).toEqual([]);
    expect(balance(leaves, "total").isZero()).toBe(true);
    expect(fx.book.entries.length).toBeGreaterThan(150);
  });

  it("schedule totals (前受金) equal statements.json", () => {
    const rows = fx.json.schedules.flatMap((s) =>
      Object.entries(s.totals).map(([column, expected]) => ({
        what: `${s.id}.${column}`,
        expected,
        actual: balance(totals, `schedules:${s.id}:total:${column}`),
      })),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(diffs(rows)).toEqual([]);
  });

  it("every derived line, recomputed from hledger's leaves by the layout formulas, equals statements.json", () => {
    const lineById = new Map(fx.book.lines.map((l) => [l.id, l]));
    const columns: (string | null)[] = [...fx.json.segments.map((s) => s.id), null];
    const memo = new Map<string, Decimal>();
    const figureOf = (id: string, column: string | null): Decimal => {
      const key = `${id}|${column}`;
      const known = memo.get(key);
      if (known) return known;
      const line = lineById.get(id);
      if (!line) throw new Error(`unknown line ${id}`);
      const v = line.formula
        ? evaluate(line.formula, column)
        : column === null
          ? balance(totals, `${line.statement}:total:${id}`)
          : balance(leaves, `${line.statement}:${column}:${id}`);
      memo.set(key, v);
      return v;
    };
    const evaluate = (f: Formula, column: string | null): Decimal =>
      f.terms.reduce((acc, t) => {
        const v =
          t.ref.kind === "line"
            ? figureOf(t.ref.id, column)
            : balance(
                column === null ? totals : leaves,
                `schedules:${t.ref.schedule}:${column ?? "total"}:${t.ref.column}`,
              );
        return t.sign === 1 ? acc.plus(v) : acc.minus(v);
      }, new Decimal(0));
    const derived = allLines().filter((l) => l.kind === "derived");
    const rows = derived.flatMap((l) =>
      columns.map((c) => ({
        what: `${l.id} × ${c ?? "合計"}`,
        expected: c === null ? l.total : (l.segments?.[c] ?? "0"),
        actual: figureOf(l.id, c),
      })),
    );
    expect(derived.map((l) => l.id)).toContain("cf-closing-cash");
    expect(figureOf("cf-closing-cash", null).toFixed()).toBe("21616961");
    expect(diffs(rows)).toEqual([]);
  });

  // Skipped only on a developer's machine without Ledger; CI (which installs it) must run it.
  it.skipIf(!hasLedger && !process.env.CI)(
    "Ledger gives the same balance for every account as hledger",
    () => {
      const fromLedger = ledgerBalances(fx.file);
      const mismatches = [...leaves]
        .filter(([a, v]) => a !== "total" && !v.isZero())
        .filter(([a, v]) => !(fromLedger.get(a) ?? new Decimal(0)).equals(v))
        .map(([a, v]) => `${a}: hledger ${v.toFixed()}, ledger ${fromLedger.get(a)?.toFixed()}`);
      expect(mismatches).toEqual([]);
    },
  );
});
