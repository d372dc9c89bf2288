/**
 * One-off transcription of seed 004 into the FY29 book's data files (budget.csv, bridge.csv,
 * published.csv), kept so the transcription is reproducible and reviewable:
 *   npx tsx test/tools/transcribe-seed.ts
 * Leaves come from the 事業別 tables (one row per account × segment, zeros omitted); the
 * non-cash bridge is P&L expense − cash-plan expense per segment; published.csv is every
 * printed figure of the six tables, as printed. test/seed-transcription.test.ts re-checks it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseAmount } from "../../src/model/amount-text.ts";
import type { Decimal } from "../../src/model/money.ts";
import { parseCsvTable } from "../../src/read/csv-table.ts";
import { matchRows, readSeedTables, SEED_FILE } from "../helpers/seed.ts";

const BOOK = new URL("../../ledgers/jlis-h29/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("book.json", BOOK), "utf8")) as {
  segments: { id: string; name: string }[];
};
const layoutResult = parseCsvTable(
  "layout.csv",
  readFileSync(new URL("layout.csv", BOOK), "utf8"),
  [],
);
if (!layoutResult.ok) throw new Error("layout");
const layout = layoutResult.table.rows.map((r) => ({
  statement: r.values.statement ?? "",
  id: r.values.id ?? "",
  label: r.values.label ?? "",
  aliases: (r.values.aliases ?? "").split("|").filter((a) => a !== ""),
  kind: r.values.kind ?? "",
}));
const leafLabelCount = new Map<string, number>();
for (const l of layout)
  if (l.kind === "leaf") leafLabelCount.set(l.label, (leafLabelCount.get(l.label) ?? 0) + 1);
const accountName = (id: string) => {
  const l = layout.find((x) => x.id === id);
  if (!l) throw new Error(id);
  return leafLabelCount.get(l.label) === 1 ? l.label : l.id;
};
const amount = (text: string): Decimal => {
  const p = parseAmount(text);
  if (!p.ok) throw new Error(text);
  return p.value;
};
const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
const fmt = (d: Decimal) => d.toFixed();

const tables = readSeedTables();
const budget: string[] = ["account,segment,amount,note"];
const published: string[] = ["table,statement,line,segment,amount,printed_label,source"];
const segValues = new Map<string, readonly string[]>(); // line id → segment texts

for (const table of tables) {
  const lines = layout.filter((l) => l.statement === table.statement);
  for (const { row, lineId, continuation } of matchRows(table, lines)) {
    const printed = continuation ? `${row.printed} / ${continuation.printed}` : row.printed;
    const where = continuation ? `${row.line}-${continuation.line}` : `${row.line}`;
    const columns = table.bySegment ? [...manifest.segments.map((s) => s.name), ""] : [""];
    columns.forEach((segment, i) => {
      const text = row.values[i];
      if (text === undefined) throw new Error(`${table.name} ${row.line}: missing column ${i}`);
      published.push(
        [table.name, table.statement, lineId, segment, text, printed, `${SEED_FILE}:${where}`]
          .map(csvCell)
          .join(","),
      );
    });
    if (table.bySegment) segValues.set(`${table.statement}/${lineId}`, row.values);
  }
}

for (const line of layout) {
  if (line.kind !== "leaf" || line.statement === "cash-bridge") continue;
  const values = segValues.get(`${line.statement}/${line.id}`);
  if (!values) throw new Error(`no segment figures for ${line.id}`);
  manifest.segments.forEach((s, i) => {
    const v = amount(values[i] ?? "");
    if (!v.isZero()) budget.push([accountName(line.id), s.name, fmt(v), ""].map(csvCell).join(","));
  });
}

const bridge: string[] = ["account,segment,amount,note"];
for (const [pl, cf, noncash] of [
  ["project-expenses", "cf-project-expenses", "noncash-project-expenses"],
  ["administrative-expenses", "cf-administrative-expenses", "noncash-administrative-expenses"],
] as const) {
  const accrual = segValues.get(`profit-and-loss/${pl}`);
  const cash = segValues.get(`cash-plan/${cf}`);
  if (!accrual || !cash) throw new Error(pl);
  manifest.segments.forEach((s, i) => {
    const v = amount(accrual[i] ?? "").minus(amount(cash[i] ?? ""));
    bridge.push(
      [
        accountName(noncash),
        s.name,
        fmt(v),
        "損益計算書の費用 − 資金計画の支出 (減価償却費・引当金繰入等)",
      ]
        .map(csvCell)
        .join(","),
    );
  });
}

writeFileSync(new URL("budget.csv", BOOK), `${budget.join("\n")}\n`);
writeFileSync(new URL("bridge.csv", BOOK), `${bridge.join("\n")}\n`);
writeFileSync(new URL("published.csv", BOOK), `${published.join("\n")}\n`);
console.log(
  `budget ${budget.length - 1} rows, bridge ${bridge.length - 1}, published ${published.length - 1}`,
);
