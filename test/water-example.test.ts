/**
 * The shipped 公営企業 example (ledgers/water-r7, 架空のサンプル; issue 23): a 水道事業会計予算
 * by 款・項・目・節, 税込, whose `tax` lines derive the tax inside each part by the book's rule,
 * and whose 税抜 予定損益計算書, 前年度末 and 当年度末 予定貸借対照表 and indirect 予定キャッシュ・
 * フロー計算書 are derived from it. It builds clean; and one 節 of 建設改良費 raised by 1,100
 * 税込 (10%) moves every figure that depends on it by what the rule says, while the ties to the
 * adopted 議案 fail, each naming both sides, and the statements' own ties hold.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { build } from "../src/cli/build.ts";
import { Decimal } from "../src/model/money.ts";
import { loadBook } from "../src/read/load-book.ts";
import type { StatementsJson } from "../src/render/statements-json.ts";
import { jsonFigure, REPO, tempDir } from "./helpers/book.ts";

const WATER = join(REPO, "ledgers/water-r7");

async function buildJson(book: string): Promise<{ exitCode: number; json: StatementsJson }> {
  const out = join(tempDir("yosan-water-"), "out");
  const result = await build(book, { out, strict: false, formats: ["json"] });
  const json = JSON.parse(readFileSync(join(out, "statements.json"), "utf8")) as StatementsJson;
  return { exitCode: result.exitCode, json };
}

/** A copy of the example with one budget row's amount replaced. */
function withAmount(account: string, from: string, to: string): string {
  const dir = join(tempDir(), "water-r7");
  cpSync(WATER, dir, { recursive: true });
  const path = join(dir, "budget.csv");
  const text = readFileSync(path, "utf8");
  const row = `${account},"${from}"`;
  if (!text.includes(row)) throw new Error(`budget.csv has no ${row}`);
  writeFileSync(path, text.replace(row, `${account},"${to}"`));
  return dir;
}

/** Each line the test follows: its statement and id. */
const FOLLOWED = {
  capitalExpenditure: ["capital", "cex-total"],
  shortfall: ["capital", "shortfall"],
  taxAdjustment: ["consumption-tax", "tax-construction"],
  fixedAssets: ["balance-sheet", "bs-ppe"],
  taxPayable: ["balance-sheet", "bs-tax-payable"],
  investing: ["cash-flow", "cf-investing"],
  operating: ["cash-flow", "cf-operating"],
  closingCash: ["cash-flow", "cf-closing-cash"],
  cash: ["balance-sheet", "bs-cash"],
  netIncome: ["profit-and-loss", "pl-net-income"],
} as const;

function figures(json: StatementsJson): Record<keyof typeof FOLLOWED, Decimal> {
  return Object.fromEntries(
    Object.entries(FOLLOWED).map(([k, [st, line]]) => [
      k,
      new Decimal(jsonFigure(json, st, line, null)),
    ]),
  ) as Record<keyof typeof FOLLOWED, Decimal>;
}

describe("the water example (架空のサンプル)", () => {
  it("builds clean: every check passes, 資金期末残高 = 現金預金, 不足額 = Σ 補てん財源", async () => {
    const { exitCode, json } = await buildJson(WATER);
    expect(exitCode).toBe(0);
    expect(json.checks.filter((c) => c.status !== "pass")).toEqual([]);
    const f = figures(json);
    expect(f.closingCash.equals(f.cash)).toBe(true);
    const funding = new Decimal(jsonFigure(json, "capital", "funding-total", null));
    expect(funding.equals(f.shortfall)).toBe(true);
    // The 調整額 is the tax of each 課税 節, truncated one by one: 121,377 (truncating the
    // total once would give 121,380).
    expect(f.taxAdjustment.toString()).toBe("121377");
  });

  it("+1,100 税込 on a 節 of 建設改良費 moves what depends on it, and the 議案's ties fail", async () => {
    const base = await buildJson(WATER);
    const changed = await buildJson(withAmount("cex-mains-works", "934,716", "935,816"));
    const a = figures(base.json);
    const b = figures(changed.json);
    const moved = Object.fromEntries(
      Object.keys(FOLLOWED).map((k) => [
        k,
        b[k as keyof typeof FOLLOWED].minus(a[k as keyof typeof FOLLOWED]).toNumber(),
      ]),
    );
    expect(moved).toEqual({
      capitalExpenditure: 1100,
      shortfall: 1100,
      taxAdjustment: 100,
      fixedAssets: 1000,
      taxPayable: -100,
      investing: -1100,
      operating: 0,
      closingCash: -1100,
      cash: -1100,
      netIncome: 0,
    });
    const failed = changed.json.checks.filter((c) => c.status === "fail" || c.status === "warn");
    const byId = (id: string) => failed.find((c) => c.id === id);
    // 不足額 (derived, +1,100) against the 補てん財源 the 議案 states (unchanged).
    expect(byId("capital.funding")?.difference).toBe("1100");
    // The derived 調整額 (+100) against the 議案's.
    expect(byId("capital.tax-adjustment")?.difference).toMatch(/^-?100$/);
    // The adopted 議案's 第4条 figures no longer match the budget: a failure without --strict.
    expect(failed.some((c) => c.id === "published.figure" && c.line === "cex-total")).toBe(true);
    for (const id of ["capital.funding", "capital.tax-adjustment"])
      expect(byId(id)?.sources.length, id).toBeGreaterThanOrEqual(2);
    // The statements' own ties hold.
    for (const id of ["bs.balance", "bs.opening-balance", "cf.closing-cash", "tax.balance"])
      expect(failed.map((c) => c.id)).not.toContain(id);
    expect(changed.exitCode).toBe(1);
  });

  it("a 限度額 left without its amount is refused at the check, naming the provisions.csv cell to fill", () => {
    const dir = join(tempDir(), "water-r7");
    cpSync(WATER, dir, { recursive: true });
    const path = join(dir, "provisions.csv");
    const rows = parse(readFileSync(path, "utf8"), { bom: true }) as string[][];
    const at = rows.findIndex((r) => r[0] === "bonds-plant");
    const amount = (rows[0] ?? []).indexOf("amount");
    (rows[at] as string[])[amount] = "";
    writeFileSync(path, stringify(rows));
    const loaded = loadBook(dir);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const issue = loaded.issues.find((i) => i.code === "provisions.reference");
    const cell = `provisions.csv:${at + 1}:amount`;
    expect(issue?.message.ja).toContain(`${cell}）には金額がありません`);
    expect(issue?.message.en).toContain(`${cell}) has no amount`);
  });

  it("a print that declares no columns has one, amount, as README.md says", async () => {
    const dir = join(tempDir(), "water-r7");
    cpSync(WATER, dir, { recursive: true });
    const path = join(dir, "book.json");
    const manifest = JSON.parse(readFileSync(path, "utf8")) as { prints: { columns?: unknown }[] };
    for (const p of manifest.prints) delete p.columns;
    writeFileSync(path, JSON.stringify(manifest));
    const { exitCode, json } = await buildJson(dir);
    expect(exitCode).toBe(0);
    const tied = json.checks.filter((c) => c.id === "published.figure" && c.status === "pass");
    expect(tied.length).toBeGreaterThan(20);
  });

  it("an amount left blank is refused at its cell, saying what it holds", () => {
    const dir = withAmount("households", "45,600", "");
    const text = readFileSync(join(dir, "budget.csv"), "utf8");
    writeFileSync(join(dir, "budget.csv"), text.replace('households,""', "households,"));
    const loaded = loadBook(dir);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const issue = loaded.issues[0];
    expect(issue?.source).toMatchObject({ row: 2, column: "amount" });
    expect(issue?.message.ja).toBe(
      "空欄にはできません。金額を書いてください（例：1,234、△1,234。0 もそのまま 0 と書きます）。",
    );
    expect(issue?.message.en).toBe(
      "empty: write an amount (e.g. 1,234 or △1,234; zero is written 0)",
    );
  });

  it("a 給与費明細書 that misses the 実施計画 fails, naming both", async () => {
    const dir = join(tempDir(), "water-r7");
    cpSync(WATER, dir, { recursive: true });
    const path = join(dir, "salaries.csv");
    const text = readFileSync(path, "utf8");
    writeFileSync(path, text.replace('損益勘定支弁職員,"133,900"', '損益勘定支弁職員,"134,900"'));
    const { exitCode, json } = await buildJson(dir);
    expect(exitCode).toBe(1);
    const failed = json.checks.filter((c) => c.status === "fail");
    expect(failed.map((c) => c.id).sort()).toEqual(["salary.pay", "salary.total"]);
    const pay = failed.find((c) => c.id === "salary.pay");
    expect(pay?.difference).toMatch(/^-?1000$/);
    expect(pay?.sources.some((s) => s.includes("salaries.csv:2:salaries"))).toBe(true);
    expect(pay?.sources.some((s) => s.includes("budget.csv"))).toBe(true);
  });
});
