/**
 * The sample versions of the FY29 book: a 補正予算（第1号） and a 決算, both INVENTED for
 * demonstration (FY29 had neither as such in the source document; book.json says so on each
 * version). What is real is the 当初予算 they start from; the changes are made here from it by
 * the rules below, so every figure is computed, none typed:
 *
 * - 補正第1号: 個人番号カード等関連交付金 and 事業費 of 個人番号カード発行等事業 both raised by
 *   the same amount (more cards issued, paid by the grant), so its cash does not move; and more
 *   事業収入 in 一般事業, which ends the year with that much more cash (and 積立金).
 * - 決算: the 現計 (当初 + 補正) with 事業費 and 一般管理費 under budget in most 事業 and one
 *   事業費 over (総合行政ネットワーク運営事業: 予算超過), the card grant settled to what was
 *   spent, fewer card fees; the cash that results lands in 現金及び預金 and 積立金 so the
 *   balance sheet, the cash plan and their ties still hold. 備考 explain every variance of at
 *   least 100,000 千円 but one, left unexplained on purpose to show variance.note.
 *
 *   npx tsx test/tools/make-sample-versions.ts [--book ledgers/jlis-h29]
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "csv-stringify/sync";
import type { Book } from "../../src/model/book.ts";
import { Decimal } from "../../src/model/money.ts";
import { versionEntries } from "../../src/model/version.ts";
import { loadBook } from "../../src/read/load-book.ts";

const SAMPLE = "架空のサンプル（デモ用）";

/** 補正第1号: line, segment, change (千円), 備考. */
const REVISION: [string, string, string, string][] = [
  [
    "card-related-grants",
    "mynumber-card",
    "2500000",
    `交付枚数の増加に伴う交付金の増額（${SAMPLE}）`,
  ],
  ["project-expenses", "mynumber-card", "2500000", `カード発行委託費の増額（${SAMPLE}）`],
  ["business-income", "general", "120000", `受託事業の追加による事業収入の増額（${SAMPLE}）`],
];

/** How a change to a P&L line moves the year's cash: revenue in, expense out (non-cash unchanged). */
const CASH_SIGN: Record<string, 1 | -1> = {
  "card-related-grants": 1,
  "business-income": 1,
  "project-expenses": -1,
  "administrative-expenses": -1,
};

/** 決算: the rate each 事業's 事業費 and 一般管理費 came in at, against the 現計. */
const PROJECT_RATE: Record<string, string> = {
  general: "-0.041",
  "resident-registry": "-0.026",
  jpki: "-0.033",
  "mynumber-card": "-0.052",
  "intermediate-server": "-0.018",
  lgwan: "0.024",
  "resident-registry-related": "-0.009",
};
const ADMIN_RATE = "-0.03";
const CARD_FEE_RATE = "-0.04";

const THRESHOLD = new Decimal(100000);
/** The one variance left without a 備考 (variance.note shows it). */
const UNEXPLAINED = ["project-expenses", "resident-registry"];

/** Leaf amounts of a version by line and segment (null segment = not allocated). */
function amounts(book: Book, version: string): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (const e of versionEntries(book, version)) {
    const k = `${e.line}\u0000${e.segment ?? ""}`;
    out.set(k, (out.get(k) ?? new Decimal(0)).plus(e.amount.value));
  }
  return out;
}

const whole = (d: Decimal) => d.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);

export function makeSampleVersions(bookDir: string): void {
  // The book names these files: empty ones first, so it loads to make them from its 当初予算.
  mkdirSync(join(bookDir, "versions"), { recursive: true });
  for (const [file, header] of [
    ["revision-1.csv", "account,segment,amount,note\ncash-and-deposits,,0,\n"],
    ["settlement.csv", "account,segment,amount,note\ncash-and-deposits,,0,\n"],
    ["settlement-notes.csv", "line,segment,note\n"],
  ] as const)
    if (!existsSync(join(bookDir, "versions", file)))
      writeFileSync(join(bookDir, "versions", file), header);
  const loaded = loadBook(bookDir);
  if (!loaded.ok)
    throw new Error(`${bookDir} does not load: ${loaded.issues.map((i) => i.message).join("; ")}`);
  const book = loaded.book;
  const segments = book.segments.map((s) => s.id);
  // A leaf by its label where the label is its own, else by its id (リース債務 is two lines).
  const count = new Map<string, number>();
  for (const l of book.lines) count.set(l.label, (count.get(l.label) ?? 0) + 1);
  const label = (id: string) => {
    const l = book.lines.find((x) => x.id === id);
    return l && count.get(l.label) === 1 ? l.label : id;
  };
  // Segments by id: stable when a 事業 is renamed.
  const name = (id: string) => id;
  // The revision's changes, and what they leave in cash at the year's end (BS 現金及び預金 and
  // 積立金 move with it, so the projected balance sheet and the cash plan still tie).
  const revision = REVISION.map(([line, seg, change, note]) => ({
    line,
    seg,
    change: new Decimal(change),
    note,
  }));
  for (const seg of segments) {
    const cash = REVISION.filter(([, s]) => s === seg).reduce(
      (sum, [line, , change]) => sum.plus(new Decimal(change).times(CASH_SIGN[line] ?? 0)),
      new Decimal(0),
    );
    if (cash.isZero()) continue;
    revision.push(
      {
        line: "cash-and-deposits",
        seg,
        change: cash,
        note: `補正に伴う期末資金の増減（${SAMPLE}）`,
      },
      { line: "general-reserve", seg, change: cash, note: `補正に伴う積立金の増減（${SAMPLE}）` },
    );
  }
  writeFileSync(
    join(bookDir, "versions/revision-1.csv"),
    stringify([
      ["account", "segment", "amount", "note"],
      ...revision.map((r) => [label(r.line), name(r.seg), r.change.toFixed(), r.note]),
    ]),
  );

  // The 現計 the 決算 runs against: 当初 + 補正第1号.
  const current = amounts(book, "original");
  for (const r of revision) {
    const k = `${r.line}\u0000${r.seg}`;
    current.set(k, (current.get(k) ?? new Decimal(0)).plus(r.change));
  }
  const actual = new Map(current);
  const notes: string[][] = [["line", "segment", "note"]];
  const change = (line: string, seg: string, delta: Decimal, note: string) => {
    const k = `${line}\u0000${seg}`;
    actual.set(k, (actual.get(k) ?? new Decimal(0)).plus(delta));
    const explained = !(line === UNEXPLAINED[0] && seg === UNEXPLAINED[1]);
    if (delta.abs().greaterThanOrEqualTo(THRESHOLD) && explained)
      notes.push([label(line), name(seg), `${note}（${SAMPLE}）`]);
  };
  const of = (line: string, seg: string) => current.get(`${line}\u0000${seg}`) ?? new Decimal(0);
  for (const seg of segments) {
    const project = whole(of("project-expenses", seg).times(PROJECT_RATE[seg] ?? "0"));
    change(
      "project-expenses",
      seg,
      project,
      project.isNegative()
        ? "委託契約の入札差金等による減"
        : "回線増強の前倒しによる増（予算超過）",
    );
    const admin = whole(of("administrative-expenses", seg).times(ADMIN_RATE));
    change("administrative-expenses", seg, admin, "事務経費の節減");
    let revenue = new Decimal(0);
    if (seg === "mynumber-card") {
      // The grant is settled to what was spent; fewer cards, fewer fees.
      change("card-related-grants", seg, project, "交付金の精算（事業費の減に連動）");
      const fees = whole(of("business-income", seg).times(CARD_FEE_RATE));
      change("business-income", seg, fees, "発行枚数の減による手数料収入の減");
      revenue = project.plus(fees);
    }
    // What the year left in cash: revenue change − expense change (non-cash items unchanged).
    const cash = revenue.minus(project).minus(admin);
    if (!cash.isZero()) {
      change("cash-and-deposits", seg, cash, "資金収支の結果");
      change("general-reserve", seg, cash, "当期の収支差額の積立");
    }
  }
  const rows: string[][] = [["account", "segment", "amount", "note"]];
  for (const [k, v] of actual) {
    const [line = "", seg = ""] = k.split("\u0000");
    rows.push([label(line), seg === "" ? "" : name(seg), v.toFixed(), ""]);
  }
  writeFileSync(join(bookDir, "versions/settlement.csv"), stringify(rows));
  writeFileSync(join(bookDir, "versions/settlement-notes.csv"), stringify(notes));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { book: { type: "string" } } });
  const dir = resolve(values.book ?? "ledgers/jlis-h29");
  makeSampleVersions(dir);
  console.log(`wrote ${dir}/versions/`);
}
