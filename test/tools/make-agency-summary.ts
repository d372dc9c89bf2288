/**
 * A test book shaped like the summaries 会計検査院 publishes of a 独立行政法人's statements by
 * 勘定 (DESIGN.md §8): 資産 (うち 現金預金), 負債, 純資産, then 経常費用, 経常収益, 経常利益,
 * 臨時損失, 臨時利益, 当期純利益, 目的積立金取崩額, 当期総利益 — in 百万円, every item rounded
 * on its own (四捨五入), so printed totals differ from the sums of printed parts by a unit or
 * two while nothing is wrong. The body and its figures are invented (a fictional 法人 with
 * three 勘定); what is real is the structure and the per-item rounding.
 *
 * The exact figures below are in 円. The ledger (budget.csv) holds the leaves as the print
 * shows them (rounded per item, so book.json says `leaves.rounding`), and summary.csv is the
 * print: every line of every 勘定 and the 法人計, each rounded from its exact figure. Nothing
 * in the output is typed: it is all rounded here from the exact figures.
 *
 *   npx tsx test/tools/make-agency-summary.ts [--out test/fixtures/agency-summary]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "csv-stringify/sync";
import { Decimal, Money, roundWhole } from "../../src/model/money.ts";

const SEGMENTS = [
  { id: "general", name: "一般勘定" },
  { id: "special", name: "特定事業勘定" },
  { id: "mutual", name: "共済勘定" },
] as const;

/** The exact figures of the leaves, in 円, per 勘定 (invented). */
const EXACT: Record<string, [string, string, string]> = {
  assets: ["12345678901", "3210987654", "456789012"],
  cash: ["2345678901", "1109876543", "98765432"],
  liabilities: ["8765432109", "2109876543", "123456789"],
  "ordinary-expenses": ["5432109876", "987654321", "45678901"],
  "ordinary-revenue": ["5500987654", "1000123456", "45432109"],
  "extraordinary-losses": ["12345678", "0", "0"],
  "extraordinary-gains": ["1234567", "0", "0"],
  "reserve-reversal": ["0", "50000000", "0"],
};

/** The layout: statement, id, label, level, kind, formula, part_of. */
const LAYOUT: [string, string, string, number, "leaf" | "derived", string, string][] = [
  ["bs", "assets", "資産", 0, "leaf", "", ""],
  ["bs", "cash", "うち現金預金", 1, "leaf", "", "assets"],
  ["bs", "liabilities", "負債", 0, "leaf", "", ""],
  ["bs", "net-assets", "純資産", 0, "leaf", "", ""],
  ["pl", "ordinary-expenses", "経常費用", 0, "leaf", "", ""],
  ["pl", "ordinary-revenue", "経常収益", 0, "leaf", "", ""],
  ["pl", "ordinary-income", "経常利益", 0, "derived", "ordinary-revenue - ordinary-expenses", ""],
  ["pl", "extraordinary-losses", "臨時損失", 0, "leaf", "", ""],
  ["pl", "extraordinary-gains", "臨時利益", 0, "leaf", "", ""],
  [
    "pl",
    "net-income",
    "当期純利益",
    0,
    "derived",
    "ordinary-income - extraordinary-losses + extraordinary-gains",
    "",
  ],
  ["pl", "reserve-reversal", "目的積立金取崩額", 0, "leaf", "", ""],
  ["pl", "total-income", "当期総利益", 0, "derived", "net-income + reserve-reversal", ""],
];

/** Every line's exact figure per 勘定 (純資産 = 資産 − 負債; derived lines by their formulas). */
export function exactFigures(): Map<string, Decimal[]> {
  const out = new Map<string, Decimal[]>();
  for (const [id, values] of Object.entries(EXACT))
    out.set(
      id,
      values.map((v) => new Decimal(v)),
    );
  const of = (id: string) => out.get(id) ?? [];
  const combine = (f: (i: number) => Decimal) => SEGMENTS.map((_, i) => f(i));
  const at = (id: string, i: number) => of(id)[i] ?? new Decimal(0);
  out.set(
    "net-assets",
    combine((i) => at("assets", i).minus(at("liabilities", i))),
  );
  out.set(
    "ordinary-income",
    combine((i) => at("ordinary-revenue", i).minus(at("ordinary-expenses", i))),
  );
  out.set(
    "net-income",
    combine((i) =>
      at("ordinary-income", i)
        .minus(at("extraordinary-losses", i))
        .plus(at("extraordinary-gains", i)),
    ),
  );
  out.set(
    "total-income",
    combine((i) => at("net-income", i).plus(at("reserve-reversal", i))),
  );
  return out;
}

/** 円 → 百万円, rounded half-up as the print rounds each item. */
const million = (yen: Decimal) =>
  roundWhole(Money.of(yen, "円").convert("百万円").value, "half-up");

/** The printed text of a figure: 「－」 for nothing, △ for negatives, thousands separators. */
const printed = (v: Decimal) => (v.isZero() ? "－" : Money.of(v, "百万円").format());

export function makeAgencySummary(out: string): void {
  mkdirSync(out, { recursive: true });
  const exact = exactFigures();
  const book = {
    $schema: "../../../schemas/book.schema.json",
    id: "agency-r5-summary",
    entity: "独立行政法人サンプル研究機構（架空）",
    title: "令和5事業年度 財務諸表の概要（勘定別）",
    source:
      "invented figures in the structure of 会計検査院's summaries by 勘定 (百万円, rounded per item); made by test/tools/make-agency-summary.ts",
    fiscalYear: { label: "令和5事業年度", start: "2023-04-01", end: "2024-03-31" },
    unit: "百万円",
    rounding: "half-up",
    segmentTerm: "勘定",
    totalLabels: ["法人計"],
    leaves: { rounding: "half-up" },
    segments: SEGMENTS,
    statements: [
      { id: "bs", title: "貸借対照表", period: "(令和6年3月31日現在)", role: "statement" },
      {
        id: "pl",
        title: "損益計算書",
        period: "(令和5年4月1日から令和6年3月31日まで)",
        role: "statement",
      },
    ],
    files: { layout: "layout.csv", checks: "checks.csv", budget: "budget.csv" },
    prints: [
      {
        id: "summary",
        title: "財務諸表の概要（勘定別）",
        file: "summary.csv",
        unit: "百万円",
        rounding: "half-up",
        note: "単位未満四捨五入のため、合計と内訳が一致しない場合がある。",
        columns: [{ id: "amount", label: "金額" }],
      },
    ],
  };
  writeFileSync(join(out, "book.json"), `${JSON.stringify(book, null, 2)}\n`);
  writeFileSync(
    join(out, "layout.csv"),
    stringify([
      ["statement", "id", "label", "aliases", "level", "kind", "formula", "printed", "part_of"],
      ...LAYOUT.map(([st, id, label, level, kind, formula, partOf]) => [
        st,
        id,
        label,
        "",
        String(level),
        kind,
        formula,
        "",
        partOf,
      ]),
    ]),
  );
  writeFileSync(
    join(out, "checks.csv"),
    stringify([
      ["check", "description", "left", "right", "hint"],
      [
        "bs.balance",
        "資産 = 負債 + 純資産",
        "assets",
        "liabilities + net-assets",
        "資産, 負債 and 純資産 are typed from the print: compare them with it",
      ],
    ]),
  );
  // The ledger: the leaves as printed per 勘定 (the 法人計 is the model's sum).
  const budget: string[][] = [["account", "segment", "amount", "note"]];
  for (const [, id, label, , kind] of LAYOUT) {
    if (kind !== "leaf") continue;
    SEGMENTS.forEach((s, i) => {
      const v = million(exact.get(id)?.[i] ?? new Decimal(0));
      if (!v.isZero()) budget.push([label, s.name, Money.of(v, "百万円").format(), ""]);
    });
  }
  writeFileSync(join(out, "budget.csv"), stringify(budget));
  // The print: every line of every 勘定 and the 法人計, each rounded from its exact figure.
  const print: string[][] = [["table", "statement", "line", "segment", "amount", "source"]];
  for (const [st, id, label] of LAYOUT) {
    const values = exact.get(id) ?? [];
    SEGMENTS.forEach((s, i) => {
      print.push(["勘定別", st, label, s.name, printed(million(values[i] ?? new Decimal(0))), ""]);
    });
    const total = values.reduce((a, v) => a.plus(v), new Decimal(0));
    print.push(["勘定別", st, label, "法人計", printed(million(total)), ""]);
  }
  writeFileSync(join(out, "summary.csv"), stringify(print));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { out: { type: "string" } } });
  const out = resolve(values.out ?? "test/fixtures/agency-summary");
  makeAgencySummary(out);
  console.log(`wrote ${out}`);
}
