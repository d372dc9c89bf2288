/**
 * 債務負担行為: the FY29 register as transcribed (ledgers/jlis-h29/commitments.csv), schedules,
 * findings, the outlook and its renderings, and one case per input error, each asserting that
 * the message names the file, row and column.
 */
import { readFile } from "node:fs/promises";
import { Ajv } from "ajv";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { commitmentFindings } from "../src/check/commitments.ts";
import { outlook, scheduleOf, schedulesOf } from "../src/derive/commitments.ts";
import { parseAmount } from "../src/model/amount-text.ts";
import { CATALOGUE } from "../src/model/catalogue.ts";
import type { Commitment, CommitmentActuals, Schedule } from "../src/model/commitment.ts";
import { formatInputIssue, type InputIssueCode } from "../src/model/issues.ts";
import { Decimal, Money } from "../src/model/money.ts";
import { cell, synthetic } from "../src/model/provenance.ts";
import { asWritten } from "../src/model/text.ts";
import {
  ACTUALS_COLUMNS,
  COMMITMENT_REQUIRED_COLUMNS,
  readCommitmentActuals,
  readCommitmentSchedules,
  readCommitments,
  SCHEDULE_COLUMNS,
} from "../src/read/commitments.ts";
import { parseCsvTable, type Table } from "../src/read/csv-table.ts";
import {
  commitmentsJson,
  fiscalYearLabel,
  renderCommitmentsText,
} from "../src/render/commitments-text.ts";

const REGISTER = "ledgers/jlis-h29/commitments.csv";
const SCHEDULES = "test/fixtures/commitment-schedules.csv";

/** The seven segments of the FY29 book, in the document's column order. */
const SEGMENTS = [
  { id: "general", name: "一般事業" },
  { id: "resident-registry", name: "本人確認情報処理事業" },
  { id: "jpki", name: "公的個人認証サービス事業" },
  { id: "mynumber-card", name: "個人番号カード発行等事業" },
  { id: "intermediate-server", name: "中間サーバー共同化・集約化等事業" },
  { id: "lgwan", name: "総合行政ネットワーク運営事業" },
  { id: "resident-registry-related", name: "本人確認情報処理事業関連事業" },
];

function table(file: string, text: string, required: readonly string[]): Table {
  const result = parseCsvTable(file, text, required);
  if (!result.ok) throw new Error(result.issues.map((i) => formatInputIssue(i, "en")).join("\n"));
  return result.table;
}

let registerText: string;
let commitments: Commitment<"千円">[];
let schedules: Schedule<"千円">[];

beforeAll(async () => {
  registerText = await readFile(new URL(`../${REGISTER}`, import.meta.url), "utf8");
  const read = readCommitments(
    table(REGISTER, registerText, COMMITMENT_REQUIRED_COLUMNS),
    SEGMENTS,
    "千円",
  );
  expect(read.issues).toEqual([]);
  commitments = read.commitments;
  schedules = schedulesOf(commitments);
});

const byItem = (prefix: string) => {
  const found = commitments.filter((c) => c.item.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0] as Commitment<"千円">;
};

describe("the FY29 register (ledgers/jlis-h29/commitments.csv)", () => {
  it("has 32 commitments, numbered in register order, all authorised in 平成29年度", () => {
    expect(commitments).toHaveLength(32);
    expect(commitments.map((c) => c.no)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    expect(new Set(commitments.map((c) => c.authorisedYear))).toEqual(new Set([2017]));
    expect(commitments.every((c) => c.writtenEra === "平成")).toBe(true);
  });

  it("limits total 25,395,623 千円, computed from the cells", () => {
    const limits = commitments.map((c) => {
      if (c.limit.kind !== "amount") throw new Error(`#${c.no} has a text limit`);
      return c.limit.amount;
    });
    const total = Money.sum("千円", limits);
    expect(total.format()).toBe("25,395,623");
    // Independently of readCommitments: sum the raw limit column.
    const raw = table(REGISTER, registerText, ["limit"]).rows.map((r) => {
      const p = parseAmount(r.values.limit ?? "");
      if (!p.ok) throw new Error(p.reason.en);
      return p.value;
    });
    expect(raw.reduce((a, b) => a.plus(b), new Decimal(0)).toFixed()).toBe("25395623");
  });

  it("reads single years and ranges, including the printed space in 「平成29年度から 平成32年度」", () => {
    const fair = byItem("「地方自治情報化推進フェア2018」");
    expect(fair.burdenYears).toEqual({ from: 2018, to: 2018 });
    const card = byItem("個人番号カード管理システム");
    expect(card.burdenYears).toEqual({ from: 2017, to: 2020 });
    expect(card.limit.kind === "amount" && card.limit.amount.toString()).toBe("12210900");
    const lgwan = byItem("LGWAN運営における第四次LGWAN構築");
    expect(lgwan.burdenYears).toEqual({ from: 2017, to: 2023 });
    expect(Math.max(...commitments.map((c) => c.burdenYears.to))).toBe(2023);
  });

  it("keeps two commitments with the same item apart", () => {
    const tax = commitments.filter((c) => c.item.startsWith("地方税・地方交付税等"));
    expect(tax.map((c) => [c.no, c.burdenYears.from, c.burdenYears.to])).toEqual([
      [8, 2017, 2022],
      [13, 2018, 2023],
    ]);
  });

  it("attributes segments only where named, and every LGWAN item to lgwan", () => {
    const lgwan = commitments.filter((c) => c.item.includes("LGWAN"));
    expect(lgwan).toHaveLength(9);
    expect(lgwan.every((c) => c.segment === "lgwan")).toBe(true);
    expect(byItem("通知カード及び個人番号カード").segment).toBe("mynumber-card");
    expect(byItem("住民基本台帳ネットワークシステム").segment).toBe("resident-registry");
    expect(byItem("鍵管理").segment).toBeUndefined();
    expect(byItem("構内電話交換機").segment).toBeUndefined();
  });

  it("records the cell each field came from", () => {
    const fair = byItem("「地方自治情報化推進フェア2018」");
    expect(fair.sources.limit).toEqual(cell(REGISTER, 2, "limit"));
    expect(fair.sources.burdenYears).toEqual(cell(REGISTER, 2, "burden_years"));
    expect(commitments[31]?.sources.item).toEqual(cell(REGISTER, 33, "item"));
  });

  it("matches the schema (ajv), which refuses a row without a limit or with an unknown column", async () => {
    const schema = JSON.parse(
      await readFile(new URL("../schemas/commitments.schema.json", import.meta.url), "utf8"),
    );
    const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(
      schema,
    );
    const rows = table(REGISTER, registerText, []).rows.map((r) => r.values);
    expect(validate(rows), JSON.stringify(validate.errors)).toBe(true);
    const first = rows[0] ?? {};
    const { limit: _dropped, ...withoutLimit } = first;
    expect(validate([withoutLimit])).toBe(false);
    expect(validate([{ ...first, amount: "1" }])).toBe(false);
  });
});

describe("even schedules of the FY29 register", () => {
  it("sum to each limit and fall only inside the burden years, one entry per year", () => {
    for (const c of commitments) {
      const s = schedules.find((x) => x.commitmentNo === c.no);
      expect(s?.basis).toBe("even");
      const years = s?.entries.map((e) => e.fiscalYear);
      const expected: number[] = [];
      for (let y = c.burdenYears.from; y <= c.burdenYears.to; y++) expected.push(y);
      expect(years).toEqual(expected);
      expect(c.limit.kind === "amount" && s?.total?.equals(c.limit.amount)).toBe(true);
    }
  });

  it("give the remainder to the last year (構内電話交換機: 10,889 over 7 years)", () => {
    const phone = byItem("構内電話交換機");
    const s = scheduleOf(phone);
    expect(s.entries.map((e) => e.amount.toString())).toEqual([
      "1555",
      "1555",
      "1555",
      "1555",
      "1555",
      "1555",
      "1559",
    ]);
  });

  it("put nothing in FY2017 for フェア2018 (burden 平成30年度 only)", () => {
    const fair = byItem("「地方自治情報化推進フェア2018」");
    const s = scheduleOf(fair);
    expect(s.entries.map((e) => [e.fiscalYear, e.amount.toString()])).toEqual([[2018, "77928"]]);
    const view = outlook(commitments, schedules, { segments: SEGMENTS });
    expect(view.years[0]).toBe(2017);
    const row = view.commitments.find((r) => r.commitmentNo === fair.no);
    expect(row?.byYear[0]?.isZero()).toBe(true);
    expect(row?.byYear[1]?.toString()).toBe("77928");
  });

  it("pass every commitments.years and commitments.limit check", () => {
    const findings = commitmentFindings(commitments, schedules);
    expect(findings).toHaveLength(64);
    expect(findings.filter((f) => f.status !== "pass")).toEqual([]);
    expect(new Set(findings.map((f) => f.check))).toEqual(
      new Set(["commitments.years", "commitments.limit"]),
    );
  });
});

describe("outlook of the FY29 register", () => {
  it("covers FY2017–FY2023 and its yearly totals sum to the limit total", () => {
    const view = outlook(commitments, schedules, { segments: SEGMENTS });
    expect(view.years).toEqual([2017, 2018, 2019, 2020, 2021, 2022, 2023]);
    expect(Money.sum("千円", view.byYear).toString()).toBe("25395623");
    expect(view.total.toString()).toBe("25395623");
    expect(view.byYear.map((m) => m.toString())).toEqual([
      "5465214",
      "5709373",
      "5327577",
      "5315937",
      "1213136",
      "1212087",
      "1152299",
    ]);
  });

  it("totals per segment in the book's order, unattributed last, summing to the total", () => {
    const view = outlook(commitments, schedules, { segments: SEGMENTS });
    expect(view.segments.map((s) => s.segment)).toEqual([
      "general",
      "resident-registry",
      "jpki",
      "mynumber-card",
      "lgwan",
      undefined,
    ]);
    expect(
      Money.sum(
        "千円",
        view.segments.map((s) => s.total),
      ).toString(),
    ).toBe("25395623");
    const card = view.segments.find((s) => s.segment === "mynumber-card");
    expect(card?.total.toString()).toBe(String(3_033_225 + 12_210_900));
    for (let i = 0; i < view.years.length; i++) {
      const column = Money.sum(
        "千円",
        view.segments.map((s) => s.byYear[i] ?? Money.zero("千円")),
      );
      expect(column.equals(view.byYear[i] ?? Money.zero("千円"))).toBe(true);
    }
  });

  it("restricted to FY2018–FY2019, reports what falls before and after", () => {
    const view = outlook(commitments, schedules, { from: 2018, to: 2019 });
    expect(view.years).toEqual([2018, 2019]);
    expect(view.total.toString()).toBe(String(5_709_373 + 5_327_577));
    expect(view.before.toString()).toBe("5465214");
    expect(view.after.toString()).toBe(String(5_315_937 + 1_213_136 + 1_212_087 + 1_152_299));
    expect(view.before.plus(view.total).plus(view.after).toString()).toBe("25395623");
  });
});

describe("rendering", () => {
  it("labels FY2023 (平成35年度) as 2023年度 / 令和5年度 in the modern style", () => {
    expect(fiscalYearLabel(2023, "modern")).toBe("2023年度 / 令和5年度");
    expect(fiscalYearLabel(2023, "original", "平成")).toBe("2023年度 / 平成35年度");
    expect(fiscalYearLabel(2019, "modern")).toBe("2019年度 / 令和元年度");
    expect(fiscalYearLabel(2023, "western")).toBe("2023年度");
    const text = renderCommitmentsText(commitments, schedules, { segments: SEGMENTS, lang: "en" });
    expect(text).toContain("2023年度 / 令和5年度");
    expect(text).not.toContain("平成35年度");
    expect(text).toMatch(/#2 +構内電話交換機のリース +10,889 +平成29年度 +平成29年度から令和5年度/);
  });

  it("keeps the years as printed in the original style and drops eras in the western style", () => {
    const original = renderCommitmentsText(commitments, schedules, {
      eraStyle: "original",
      lang: "en",
    });
    expect(original).toContain("2023年度 / 平成35年度");
    expect(original).toMatch(
      /#2 +構内電話交換機のリース +10,889 +平成29年度 +平成29年度から平成35年度/,
    );
    const western = renderCommitmentsText(commitments, schedules, {
      eraStyle: "western",
      lang: "en",
    });
    expect(western).not.toMatch(/平成|令和/);
    expect(western).toContain("2017年度から2023年度");
  });

  it("prints the register total, segment totals and the year total row", () => {
    const text = renderCommitmentsText(commitments, schedules, { segments: SEGMENTS, lang: "en" });
    const lines = text.split("\n");
    expect(lines[0]).toBe("債務負担行為 (単位：千円)");
    expect(lines.find((l) => /^\s+合計\s+25,395,623$/.test(l))).toBeDefined();
    const yearTotal = lines.filter((l) => /^\s+合計\s/.test(l)).at(-1);
    expect(yearTotal?.trim().split(/\s+/)).toEqual([
      "合計",
      "5,465,214",
      "5,709,373",
      "5,327,577",
      "5,315,937",
      "1,213,136",
      "1,212,087",
      "1,152,299",
      "25,395,623",
    ]);
    expect(lines.some((l) => l.includes("計 総合行政ネットワーク運営事業"))).toBe(true);
  });

  it("gives JSON with decimal strings and a schedule per commitment", () => {
    const json = commitmentsJson(commitments, schedules);
    expect(json).toHaveLength(32);
    expect(json[0]).toEqual({
      no: 1,
      item: "「地方自治情報化推進フェア2018」に係る企画・設営・運営業務委託",
      limit: "77928",
      unit: "千円",
      authorisedYear: 2017,
      burdenYears: { from: 2018, to: 2018 },
      segment: "general",
      scheduleBasis: "even",
      schedule: [{ fiscalYear: 2018, amount: "77928" }],
    });
    for (const c of json) {
      const sum = c.schedule.reduce((a, e) => a.plus(e.amount), new Decimal(0));
      expect(sum.toFixed()).toBe(c.limit);
    }
    // Round-trips through JSON text unchanged.
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe("scheduleOf (properties)", () => {
  const commitmentWith = (limit: Decimal, from: number, length: number): Commitment<"千円"> => ({
    no: 1,
    item: "property",
    limit: { kind: "amount", amount: Money.of(limit, "千円") },
    unit: "千円",
    authorisedYear: from,
    burdenYears: { from, to: from + length - 1 },
    sources: {
      item: synthetic(asWritten("test")),
      limit: synthetic(asWritten("test")),
      authorisedYear: synthetic(asWritten("test")),
      burdenYears: synthetic(asWritten("test")),
    },
  });

  const limitArb = fc.oneof(
    fc.bigInt({ min: 0n, max: 10n ** 15n }).map((n) => new Decimal(n.toString())),
    fc.bigInt({ min: 0n, max: 10n ** 9n }).map((n) => new Decimal(n.toString()).dividedBy(100)),
    fc.integer({ min: 0, max: 30 }).map((n) => new Decimal(n)),
  );

  it("always sums to the limit, never negative, zero outside the burden years", () => {
    fc.assert(
      fc.property(
        limitArb,
        fc.integer({ min: 1989, max: 2060 }),
        fc.integer({ min: 1, max: 15 }),
        (limit, from, length) => {
          const c = commitmentWith(limit, from, length);
          const s = scheduleOf(c);
          const sum = s.entries.reduce((a, e) => a.plus(e.amount.value), new Decimal(0));
          expect(sum.equals(limit)).toBe(true);
          expect(s.entries.every((e) => !e.amount.isNegative())).toBe(true);
          expect(s.entries).toHaveLength(length);
          expect(
            s.entries.every((e) => e.fiscalYear >= from && e.fiscalYear <= from + length - 1),
          ).toBe(true);
          // Whole units in every year but the last; no year gets less than the others.
          const head = s.entries.slice(0, -1);
          expect(head.every((e) => e.amount.value.isInteger())).toBe(true);
          expect(new Set(head.map((e) => e.amount.toString())).size).toBeLessThanOrEqual(1);
          const last = s.entries.at(-1)?.amount.value ?? new Decimal(0);
          expect(head.every((e) => e.amount.value.lessThanOrEqualTo(last))).toBe(true);
          expect(last.minus(head[0]?.amount.value ?? last).lessThan(length)).toBe(true);
          expect(s.problems).toEqual([]);
        },
      ),
    );
  });

  it("outlook over any register: yearly totals sum to the limits' total", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.bigInt({ min: 0n, max: 10n ** 12n }),
            fc.integer({ min: 2010, max: 2030 }),
            fc.integer({ min: 1, max: 8 }),
          ),
          { maxLength: 20 },
        ),
        (rows) => {
          const register = rows.map(([limit, from, length], i) => ({
            ...commitmentWith(new Decimal(limit.toString()), from, length),
            no: i + 1,
          }));
          const view = outlook(register, schedulesOf(register), { unit: "千円" });
          const limits = rows.reduce((a, [l]) => a + l, 0n);
          expect(Money.sum("千円", view.byYear).toString()).toBe(limits.toString());
          expect(view.total.toString()).toBe(limits.toString());
        },
      ),
    );
  });
});

describe("explicit schedules (test/fixtures/commitment-schedules.csv)", () => {
  let explicit: Schedule<"千円">[];
  beforeAll(async () => {
    const text = await readFile(new URL(`../${SCHEDULES}`, import.meta.url), "utf8");
    const read = readCommitmentSchedules(
      table(SCHEDULES, text, SCHEDULE_COLUMNS),
      commitments,
      "千円",
    );
    expect(read.issues).toEqual([]);
    expect(read.schedules.map((s) => s.commitmentNo)).toEqual([1, 13, 17, 19, 25]);
    explicit = schedulesOf(commitments, read.schedules);
  });

  const findingsFor = (no: number) =>
    commitmentFindings(commitments, explicit).filter((f) => f.line?.startsWith(`#${no} `));

  it("reads #n references and era, western and bare years", () => {
    const s = explicit.find((x) => x.commitmentNo === 13);
    expect(s?.basis).toBe("explicit");
    expect(s?.entries.map((e) => e.fiscalYear)).toEqual([2018, 2019, 2020, 2021, 2022, 2023]);
    expect(s?.entries[0]?.source).toEqual(cell(SCHEDULES, 3, "amount"));
    expect(findingsFor(13).every((f) => f.status === "pass")).toBe(true);
  });

  it("warns when a schedule stays below the limit, and matches items across PDF spaces", () => {
    const limitFindings = findingsFor(25).filter((f) => f.check === "commitments.limit");
    expect(limitFindings).toHaveLength(1);
    expect(limitFindings[0]?.status).toBe("warn");
    expect(limitFindings[0]?.compared?.difference.toString()).toBe("-14928");
  });

  it("fails a schedule above the limit, with expected, actual, difference and sources", () => {
    const [f] = findingsFor(17).filter((x) => x.check === "commitments.limit");
    expect(f?.status).toBe("fail");
    expect(f?.compared?.expected.toString()).toBe("480");
    expect(f?.compared?.actual.toString()).toBe("500");
    expect(f?.compared?.difference.toString()).toBe("20");
    expect(f?.sources[0]).toEqual(cell(REGISTER, 18, "limit"));
    expect(f?.sources).toContainEqual(cell(SCHEDULES, 16, "amount"));
    expect(f?.message.en).toContain("above the limit 480 by 20");
    expect(f?.message.ja).toContain("の合計 500 は限度額 480 を 20 超えています。");
  });

  it("fails an amount scheduled outside the burden years", () => {
    const years = findingsFor(19).filter((f) => f.check === "commitments.years");
    expect(years.map((f) => f.status)).toEqual(["pass", "fail"]);
    expect(years[1]?.compared?.actual).toBe(2017);
    expect(years[1]?.compared?.expected).toBe(2018);
    expect(years[1]?.sources).toContainEqual(cell(SCHEDULES, 11, "amount"));
    expect(years[1]?.message.en).toContain("FY2017, outside the burden years FY2018–FY2022");
    expect(years[1]?.message.ja).toContain(
      "228 千円 が平成29年度に予定されていますが、負担となる年度（平成30年度から令和4年度）の範囲外です。",
    );
  });

  it("leaves the even spread for commitments without an explicit schedule", () => {
    expect(explicit.find((s) => s.commitmentNo === 2)?.basis).toBe("even");
    const view = outlook(commitments, explicit);
    expect(view.total.toString()).toBe(String(25_395_623 + 20 - 14_928));
  });
});

describe("actuals (test/fixtures/commitment-actuals.csv)", () => {
  const ACTUALS = "test/fixtures/commitment-actuals.csv";
  let actuals: CommitmentActuals<"千円">[];
  beforeAll(async () => {
    const text = await readFile(new URL(`../${ACTUALS}`, import.meta.url), "utf8");
    const read = readCommitmentActuals(table(ACTUALS, text, ACTUALS_COLUMNS), commitments, "千円");
    expect(read.issues).toEqual([]);
    actuals = read.actuals;
  });

  it("reads contracts (contract/契約) and payments (payment/支出) per commitment", () => {
    expect(
      actuals.map((a) => [
        a.commitmentNo,
        a.contracted?.amount.toString(),
        a.payments?.map((p) => [p.fiscalYear, p.amount.toString()]),
      ]),
    ).toEqual([
      [
        1,
        "80000",
        [
          [2017, "1000"],
          [2018, "79500"],
        ],
      ],
      [23, "12000000", [[2017, "3000000"]]],
    ]);
    expect(actuals[0]?.contracted?.source).toEqual(cell(ACTUALS, 2, "amount"));
  });

  it("fails a contract above the limit and payments outside the burden years or above the contract", () => {
    const fair = byItem("「地方自治情報化推進フェア2018」");
    const findings = commitmentFindings(commitments, schedules, actuals).filter(
      (f) => f.line === `#${fair.no} ${fair.item}`,
    );
    const failed = findings.filter((f) => f.status === "fail");
    expect(failed.map((f) => f.message.en)).toEqual([
      expect.stringContaining("paid in FY2017, outside the burden years FY2018–FY2018"),
      expect.stringContaining("contracted 80,000 exceeds the limit 77,928 by 2,072"),
      expect.stringContaining("payments total 80,500, above the contracted amount 80,000 by 500"),
    ]);
    // The same figures and years in Japanese.
    expect(failed.map((f) => f.message.ja)).toEqual([
      expect.stringContaining(
        "1,000 千円 が平成29年度に支出されていますが、負担となる年度（平成30年度）の範囲外です。",
      ),
      expect.stringContaining("契約額 80,000 は限度額 77,928 を 2,072 超えています。"),
      expect.stringContaining("支出額の合計 80,500 は契約額 80,000 を 500 超えています。"),
    ]);
    expect(failed[1]?.sources).toEqual([cell(REGISTER, 2, "limit"), cell(ACTUALS, 2, "amount")]);
    expect(failed[2]?.compared?.difference.toString()).toBe("500");
  });

  it("passes a contract and payments within the limit", () => {
    const card = byItem("個人番号カード管理システム");
    const findings = commitmentFindings(commitments, schedules, actuals).filter((f) =>
      f.line?.startsWith(`#${card.no} `),
    );
    expect(findings.map((f) => [f.check, f.status])).toEqual([
      ["commitments.years", "pass"],
      ["commitments.limit", "pass"],
      ["commitments.limit", "pass"],
      ["commitments.limit", "pass"],
    ]);
  });

  it("refuses an unknown kind and a second contract, naming file, row and column", () => {
    const FILE = "books/bad/commitment-actuals.csv";
    const { actuals: read, issues } = readCommitmentActuals(
      table(
        FILE,
        "item,kind,fiscal_year,amount\n#2,contract,,100\n#2,refund,平成29年度,1\n#2,契約,,200\n",
        ACTUALS_COLUMNS,
      ),
      commitments,
      "千円",
    );
    expect(issues.map((i) => formatInputIssue(i, "en").split("\n")[0])).toEqual([
      `${FILE}:3:kind: error: 「refund」 is not a kind of actual (contract/契約 or payment/支出)`,
      `${FILE}:4:kind: error: commitment #2 already has a contract on row 2`,
    ]);
    expect(read).toEqual([
      {
        commitmentNo: 2,
        contracted: expect.objectContaining({ source: cell(FILE, 2, "amount") }),
        payments: [],
      },
    ]);
  });
});

describe("input errors name the file, row and column", () => {
  const FILE = "books/bad/commitments.csv";
  const HEADER = "item,limit,authorised_year,burden_years,segment,note";
  const read = (row: string) =>
    readCommitments(
      table(
        FILE,
        `${HEADER}\n構内電話交換機のリース,"10,889",平成29年度,平成29年度から平成35年度,,\n${row}\n`,
        COMMITMENT_REQUIRED_COLUMNS,
      ),
      SEGMENTS,
      "千円",
    );

  // [case, the bad row (row 3 of the file), column, detail code, base code, severity, message fragment, kept?]
  const cases: [string, string, string, InputIssueCode, string, string, string, boolean][] = [
    [
      "unreadable authorising year",
      "事務機器等リース,2110,平成年度,平成29年度から平成34年度,,",
      "authorised_year",
      "commitments.year",
      "schema.invalid",
      "error",
      "「平成年度」 has no year number",
      false,
    ],
    [
      "unsupported era",
      "事務機器等リース,2110,大正5年度,平成29年度から平成34年度,,",
      "authorised_year",
      "commitments.year",
      "schema.invalid",
      "error",
      "大正 is not supported",
      false,
    ],
    [
      "era year 0",
      "事務機器等リース,2110,平成29年度,令和0年度,,",
      "burden_years",
      "commitments.range",
      "schema.invalid",
      "error",
      "era years start at 1",
      false,
    ],
    [
      "range ending before it starts",
      "事務機器等リース,2110,平成29年度,平成34年度から平成29年度,,",
      "burden_years",
      "commitments.range",
      "schema.invalid",
      "error",
      "ends (FY2017) before it starts (FY2022)",
      false,
    ],
    [
      "burden before the authorising year",
      "事務機器等リース,2110,平成29年度,平成28年度から平成30年度,,",
      "burden_years",
      "commitments.burden-before-authorised",
      "schema.invalid",
      "warning",
      "start in 平成28年度 (FY2016), before the commitment is authorised in 平成29年度 (FY2017)",
      true,
    ],
    [
      "negative limit",
      '事務機器等リース,"△2,110",平成29年度,平成29年度から平成34年度,,',
      "limit",
      "commitments.limit-negative",
      "amount.invalid",
      "error",
      "「△2,110」 is negative",
      false,
    ],
    [
      "non-numeric limit",
      '事務機器等リース,"2,1１0x",平成29年度,平成29年度から平成34年度,,',
      "limit",
      "commitments.limit-invalid",
      "amount.invalid",
      "error",
      "「2,1１0x」 is not an amount",
      false,
    ],
    [
      "limit with its unit",
      '事務機器等リース,"2,110千円",平成29年度,平成29年度から平成34年度,,',
      "limit",
      "commitments.limit-invalid",
      "amount.invalid",
      "error",
      "carries a unit",
      false,
    ],
    [
      "empty limit",
      "事務機器等リース,,平成29年度,平成29年度から平成34年度,,",
      "limit",
      "commitments.limit-invalid",
      "amount.invalid",
      "error",
      "the limit (限度額) is empty",
      false,
    ],
    [
      "text limit",
      "損失補償,損失補償に要する額,平成29年度,平成29年度から平成34年度,,",
      "limit",
      "commitments.limit-text",
      "amount.invalid",
      "warning",
      "「損失補償に要する額」 is text, not an amount",
      true,
    ],
    [
      "empty item",
      ",2110,平成29年度,平成29年度から平成34年度,,",
      "item",
      "commitments.item-missing",
      "schema.invalid",
      "error",
      "the item (事項) is empty",
      false,
    ],
    [
      "unknown segment",
      "事務機器等リース,2110,平成29年度,平成29年度から平成34年度,admin,",
      "segment",
      "commitments.segment-unknown",
      "segment.unknown",
      "error",
      "「admin」 is not a segment of this book",
      false,
    ],
  ];

  it.each(cases)("%s", (_name, row, column, detail, code, severity, fragment, kept) => {
    const { commitments: read3, issues } = read(row);
    expect(issues).toHaveLength(1);
    const [issue] = issues;
    expect(issue?.code).toBe(detail);
    expect(CATALOGUE[code as InputIssueCode]).toBeDefined();
    expect(issue?.severity).toBe(severity);
    expect(issue?.source).toEqual(cell(FILE, 3, column));
    expect(issue?.excerpt).toBe(row);
    const text = formatInputIssue(issue as NonNullable<typeof issue>, "en");
    expect(text.startsWith(`${FILE}:3:${column}: ${severity}: `)).toBe(true);
    expect(text).toContain(fragment);
    expect(formatInputIssue(issue as NonNullable<typeof issue>, "en")).toContain(
      `${FILE}:3:${column}:`,
    );
    expect(read3.map((c) => c.no)).toEqual(kept ? [1, 2] : [1]);
  });

  it("fails commitments.years for a commitment burdening a year before its authorisation", () => {
    const { commitments: read3 } = read(
      "事務機器等リース,2110,平成29年度,平成28年度から平成30年度,,",
    );
    const f = commitmentFindings(read3).filter((x) => x.check === "commitments.years");
    expect(f.map((x) => x.status)).toEqual(["pass", "fail"]);
    expect(f[1]?.compared?.difference).toBe(-1);
    expect(f[1]?.message.en).toContain(
      "burden years start in FY2016, 1 year(s) before the commitment is authorised in FY2017",
    );
    expect(f[1]?.message.ja).toContain(
      "負担となる年度が平成28年度から始まり、行為年度（平成29年度）より1年前です。",
    );
    expect(f[1]?.sources).toEqual([
      cell(FILE, 3, "authorised_year"),
      cell(FILE, 3, "burden_years"),
    ]);
  });

  it("keeps a text limit out of every sum and warns about it", () => {
    const { commitments: read3 } = read("損失補償,損失補償に要する額,平成29年度,平成29年度,,");
    const s = schedulesOf(read3);
    expect(s[1]?.basis).toBe("none");
    const view = outlook(read3, s);
    expect(view.total.toString()).toBe("10889");
    expect(view.unquantified).toEqual([2]);
    const f = commitmentFindings(read3, s).filter((x) => x.check === "commitments.limit");
    expect(f.map((x) => x.status)).toEqual(["pass", "warn"]);
    expect(f[1]?.message.ja).toContain(
      "限度額「損失補償に要する額」は金額ではないため、年度別の額と支出額を照合できません。",
    );
    expect(commitmentsJson(read3, s)[1]).toMatchObject({
      limit: null,
      limitText: "損失補償に要する額",
    });
    expect(renderCommitmentsText(read3, s, { lang: "en" })).toContain(
      "excluded from the totals: #2",
    );
  });

  it("reports a missing column once, at the header", () => {
    const t = table(FILE, "item,limit,authorised_year\nx,1,平成29年度\n", []);
    const { commitments: none, issues } = readCommitments(t, SEGMENTS, "千円");
    expect(none).toEqual([]);
    expect(issues.map((i) => formatInputIssue(i, "en").split("\n")[0])).toEqual([
      `${FILE}:1:burden_years: error: missing column 「burden_years」 (the header has: item, limit, authorised_year; expected: item, limit, authorised_year, burden_years)`,
    ]);
  });
});

describe("schedule input errors name the file, row and column", () => {
  const FILE = "books/bad/commitment-schedules.csv";
  const read = (row: string) =>
    readCommitmentSchedules(
      table(FILE, `item,fiscal_year,amount\n#2,平成29年度,1555\n${row}\n`, SCHEDULE_COLUMNS),
      commitments,
      "千円",
    );

  // [row 3 of the file, column, detail code, message fragment]
  const cases: [string, string, InputIssueCode, string][] = [
    [
      "存在しない事項,平成29年度,1",
      "item",
      "commitments.entry-item-unknown",
      "「存在しない事項」 is not an item",
    ],
    ["#99,平成29年度,1", "item", "commitments.entry-item-unknown", "there is no commitment #99"],
    [
      "地方税・地方交付税等の情報処理システムの機器及びソフトウェアのリース,平成30年度,1",
      "item",
      "commitments.entry-item-ambiguous",
      "names 2 commitments (#8, #13)",
    ],
    ["#2,平成年度,1", "fiscal_year", "commitments.entry-year", "has no year number"],
    ["#2,平成30年,1", "fiscal_year", "commitments.entry-year", "calendar year"],
    [
      "#2,平成29年度,1",
      "fiscal_year",
      "commitments.entry-duplicate",
      "already has an amount for FY2017 on row 2",
    ],
    ["#2,平成30年度,12x", "amount", "commitments.entry-amount-invalid", "「12x」 is not an amount"],
    ["#2,平成30年度,△5", "amount", "commitments.entry-amount-negative", "「△5」 is negative"],
  ];
  it.each(cases)("%s → %s", (row, column, detail, fragment) => {
    const { schedules: read3, issues } = read(row);
    expect(issues).toHaveLength(1);
    const [issue] = issues;
    expect(issue?.code).toBe(detail);
    expect(issue?.source).toEqual(cell(FILE, 3, column));
    const text = formatInputIssue(issue as NonNullable<typeof issue>, "en");
    expect(text.startsWith(`${FILE}:3:${column}: error: `)).toBe(true);
    expect(text).toContain(fragment);
    expect(read3).toEqual([
      { commitmentNo: 2, entries: [expect.objectContaining({ fiscalYear: 2017 })] },
    ]);
  });
});
