/**
 * The mapping of an accounting system's codes (import/actuals/mapping.ts), at the sizes and in the
 * columns real exports have: a chart of 100,000 prefix rules is read and applied without a
 * quadratic step (issue 18, item 3), a trial balance whose 科目 column holds codes is matched
 * as codes, exact and by prefix, while names there are still names (item 7), and the prefix
 * index agrees with a naive longest-prefix search — alone and inside the whole lookup order —
 * over random rule sets.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../src/cli/cli.ts";
import {
  type AccountRule,
  type Mapping,
  type Match,
  normalizeCode,
  PrefixIndex,
  readMapping,
} from "../src/import/actuals/mapping.ts";
import type { Book } from "../src/model/book.ts";
import { normalizeLabel } from "../src/model/labels.ts";
import { loadBook } from "../src/read/load-book.ts";
import { copyBook, FY29, hashDir, tempDir } from "./helpers/book.ts";
import { type GeneratedActuals, generateActuals } from "./tools/generate-actuals.ts";
import { prefixRules } from "./tools/mapping-rules.ts";

async function yosan(...argv: string[]): Promise<{ exit: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const exit = await run(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { exit, out, err };
}

const HEADER = "kind,code,name,line,segment,side,sign,note";
const FY29_MAPPING = readFileSync(join(FY29, "mapping.csv"), "utf8");
/** Rows of FY29's mapping.csv (its header is row 1). */
const FY29_ROWS = FY29_MAPPING.trim().split("\n").length - 1;
const RULES = 100_000;

function write(text: string, name = "mapping.csv"): string {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}

let book: Book;
let generated: GeneratedActuals;
beforeAll(() => {
  const loaded = loadBook(FY29);
  if (!loaded.ok) throw new Error("FY29 does not load");
  book = loaded.book;
  generated = generateActuals({ lines: 2_000, out: join(tempDir(), "export"), seed: 18 });
});

function mappingOf(text: string): Mapping {
  const file = write(text);
  const r = readMapping(file, "mapping.csv", book);
  if (!r.ok) throw new Error(r.issues.map((i) => i.message.en).join("\n"));
  return r.mapping;
}

/** The mapping row a match came from (its row in mapping.csv), or the reason there is none. */
const rowOf = (m: Match<AccountRule>) => (m.ok ? m.rule.source.row : m.why.en);

/** The version's leaves and checks as `import --dry-run` prints them. */
const leavesPrinted = (out: string) => out.slice(out.indexOf("決算 (settlement"));

describe("a mapping of 100,000 prefix rules (issue 18, item 3)", () => {
  it("is read, checked and answers every lookup, the longest prefix winning (hang guard: 20 s)", () => {
    const mapping = mappingOf(FY29_MAPPING + prefixRules(RULES));
    expect(mapping.accounts).toBe(62 + RULES);
    expect(mapping.departments).toBe(8);
    // Rule i is on row FY29_ROWS + 2 + i: 7012345 and every code it begins go there.
    expect(rowOf(mapping.account("7012345", ""))).toBe(FY29_ROWS + 2 + 12_345);
    expect(rowOf(mapping.account("701234599", ""))).toBe(FY29_ROWS + 2 + 12_345);
    expect(rowOf(mapping.account("7099999", ""))).toBe(FY29_ROWS + 2 + 99_999);
    expect(rowOf(mapping.account("7100000", ""))).toBe("no rule for the code");
    expect(rowOf(mapping.account("700000", ""))).toBe("no rule for the code");
    // FY29's own rules keep their places: an exact code, a prefix, a name of a coded row.
    const at = (code: string) =>
      FY29_MAPPING.split("\n").findIndex((l) => l.includes(`,${code},`)) + 1;
    expect(rowOf(mapping.account("1112", ""))).toBe(at("1112"));
    expect(rowOf(mapping.account("5119", ""))).toBe(at("511*"));
    expect(rowOf(mapping.account("", "普通預金"))).toBe(at("1112"));
  }, 20_000);

  it("import --dry-run through it gives the same leaves and checks as through FY29's own mapping (hang guard: 20 s)", async () => {
    const into = copyBook();
    const plain = await yosan(
      ...["import", generated.trialBalance, "--into", into, "--version", "settlement"],
      "--dry-run",
    );
    expect(plain.exit, plain.err).toBe(0);
    const big = write(FY29_MAPPING + prefixRules(RULES));
    const r = await yosan(
      ...["import", generated.trialBalance, "--into", into, "--version", "settlement"],
      ...["--mapping", big, "--dry-run"],
    );
    expect(r.err).toBe("");
    expect(r.exit).toBe(0);
    expect(r.out).toContain(`: ${62 + RULES} accounts, 8 部門`);
    expect(r.out).not.toMatch(/ was /);
    expect(leavesPrinted(r.out)).toBe(leavesPrinted(plain.out));
  }, 20_000);

  it("a prefix or a code mapped twice among them is refused at its row, naming the first (hang guard: 20 s)", async () => {
    const last = FY29_ROWS + RULES + 1;
    const big = write(
      `${FY29_MAPPING + prefixRules(RULES)}account,7000000*,重複,事業費,,debit,,\naccount,1112,普通預金（再）,現金及び預金,,debit,,\n`,
    );
    const into = copyBook();
    const before = hashDir(into);
    const r = await yosan(
      ...["import", generated.trialBalance, "--into", into, "--version", "settlement"],
      ...["--mapping", big],
    );
    expect(r.exit).toBe(2);
    expect(r.err).toContain(
      `mapping.csv:${last + 1}:code: error: account 「7000000* 重複」 is mapped twice: here and on row ${FY29_ROWS + 2}`,
    );
    expect(r.err).toMatch(
      new RegExp(
        `mapping\\.csv:${last + 2}:code: error: account 「1112 普通預金（再）」 is mapped twice: here and on row 3\\b`,
      ),
    );
    expect(hashDir(into)).toBe(before);
  }, 20_000);
});

describe("a 科目 column that holds codes (issue 18, item 7)", () => {
  /** The generated 残高試算表 with only its code columns, headed 科目 and 部門. */
  function codesUnder科目(): string {
    const lines = readFileSync(generated.trialBalance, "utf8").split("\n");
    const header = lines.findIndex((l) => l.startsWith("科目コード,"));
    const rows = lines.map((l, i) => {
      if (i < header || l === "") return l;
      if (i === header) return "科目,部門,借方残高,貸方残高";
      const [code, name, dept, , debit, credit] = l.split(",");
      return [code || name, dept, debit, credit].join(",");
    });
    return write(rows.join("\n"), "試算表.csv");
  }

  it("codes under 科目 and 部門 are matched as codes, exact and by prefix (511*): the same leaves as under 科目コード and 部門コード", async () => {
    const into = copyBook();
    const coded = await yosan(
      ...["import", generated.trialBalance, "--into", into, "--version", "settlement"],
      "--dry-run",
    );
    expect(coded.exit, coded.err).toBe(0);
    const file = codesUnder科目();
    expect(readFileSync(file, "utf8")).toMatch(/\n5110,10,\d+,\n/);
    const r = await yosan(
      ...["import", file, "--into", into, "--version", "settlement", "--dry-run"],
    );
    expect(r.err).toBe("");
    expect(r.exit).toBe(0);
    expect(r.out).toMatch(/left out as subtotals \(first .*試算表\.csv:\d+:科目\)/);
    expect(leavesPrinted(r.out)).toBe(leavesPrinted(coded.out));
  });

  it("a column of codes and names maps each as the mapping says; what maps nowhere is refused, named as a code or a name", async () => {
    const file = write(
      [
        "科目,部門,借方残高,貸方残高",
        "1112,10,1000,", // an exact code
        "5119,10,300,", // a code under 511*
        "雑収入,10,,1300", // a name (4330 雑収入)
        "5999,10,7,",
        "寄附金収入,10,,7",
      ].join("\n"),
      "混在.csv",
    );
    const into = copyBook();
    const before = hashDir(into);
    const r = await yosan("import", file, "--into", into, "--version", "t1");
    expect(r.exit).toBe(2);
    expect(r.err).toMatch(
      /混在\.csv:5:科目: error: account 「5999」 is not in the mapping \(no rule for it as a code or as a name\): 1 row, 借方 7/,
    );
    expect(r.err).toMatch(
      /混在\.csv:6:科目: error: account 「寄附金収入」 is not in the mapping \(no rule for it as a code or as a name\)/,
    );
    expect(r.err).not.toMatch(/「(1112|5119|雑収入)」/);
    expect(hashDir(into)).toBe(before);
    writeFileSync(file, readFileSync(file, "utf8").split("\n").slice(0, 4).join("\n"));
    const ok = await yosan("import", file, "--into", into, "--version", "t1", "--dry-run");
    expect(ok.err).toBe("");
    expect(ok.out).toMatch(/\n {2}現金及び預金\s+一般事業\s+1\s+1 row\b/);
    expect(ok.out).toMatch(/\n {2}事業費\s+一般事業\s+0\.3\s+1 row\b/);
    expect(ok.out).toMatch(/\n {2}雑収入\s+一般事業\s+1\.3\s+1 row\b/);
  });

  it("in a name column an exact code comes first, then a name, then the longest prefix; a name that maps two ways is refused, never tried as a prefix", () => {
    const mapping = mappingOf(
      [
        HEADER,
        "account,51*,事業費,事業費,,debit,,", // 2
        "account,5110,委託費,事業費,,debit,,", // 3
        "account,,5111,一般管理費,,debit,,", // 4: a name that looks like a code
        "account,,雑収入,雑収入,,credit,,", // 5
        "account,61*,寄附金,事業費,,debit,,", // 6
        "account,62*,寄附金,一般管理費,,debit,,", // 7: 寄附金 now maps two ways
        "account,寄*,寄せ,事業費,,debit,,", // 8
      ].join("\n"),
    );
    // A code column: exact, then the longest prefix, then the name of a row without a code.
    expect(rowOf(mapping.account("5110", ""))).toBe(3);
    expect(rowOf(mapping.account("5111", ""))).toBe(2);
    expect(rowOf(mapping.account("9", "雑収入"))).toBe(5);
    expect(rowOf(mapping.account("9", "5111"))).toBe(4);
    // A name column.
    expect(rowOf(mapping.account("", "5110"))).toBe(3);
    expect(rowOf(mapping.account("", "5111"))).toBe(4);
    expect(rowOf(mapping.account("", "5112"))).toBe(2);
    expect(rowOf(mapping.account("", "５１１２"))).toBe(2);
    expect(rowOf(mapping.account("", "雑収入"))).toBe(5);
    expect(rowOf(mapping.account("", "委託費"))).toBe(3);
    expect(rowOf(mapping.account("", "寄附金"))).toMatch(
      /the name matches rows that map differently/,
    );
    expect(rowOf(mapping.account("", "寄付"))).toBe(8);
    expect(rowOf(mapping.account("", "7"))).toBe("no rule for it as a code or as a name");
  });

  it("a 部門 column of codes finds department prefixes too", () => {
    const mapping = mappingOf(
      [HEADER, "department,1*,,,一般事業,,,", "department,12,,,lgwan,,,"].join("\n"),
    );
    const seg = (code: string, name: string) => {
      const m = mapping.department(code, name);
      return m.ok ? m.rule.segment : m.why.en;
    };
    expect(seg("", "13")).toBe("general");
    expect(seg("", "12")).toBe("lgwan");
    expect(seg("13", "")).toBe("general");
    expect(seg("", "2")).toBe("no rule for it as a code or as a name");
  });
});

/** The longest of `prefixes` that `code` begins with, the first written among equals: a linear scan. */
function naiveLongest(prefixes: readonly (readonly [string, number])[], code: string) {
  let best: readonly [string, number] | undefined;
  for (const p of prefixes)
    if (code.startsWith(p[0]) && (best === undefined || p[0].length > best[0].length)) best = p;
  return best?.[1];
}

describe("the prefix index against a naive search (property)", () => {
  const text = (max: number) =>
    fc.string({ unit: fc.constantFrom("0", "1", "2", "a"), maxLength: max });

  it("the longest prefix wins, the first of equal prefixes is kept and reported as duplicated", () => {
    fc.assert(
      fc.property(
        fc.array(text(5), { maxLength: 40 }),
        fc.array(text(8), { maxLength: 30 }),
        (prefixes, codes) => {
          const index = new PrefixIndex<number>();
          const kept: [string, number][] = [];
          prefixes.forEach((p, i) => {
            const before = index.add(p, i);
            const first = kept.find(([q]) => q === p);
            expect(before).toBe(first?.[1]);
            if (!first) kept.push([p, i]);
          });
          for (const code of [...codes, ...prefixes])
            expect(index.longest(code)).toBe(naiveLongest(kept, code));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("the mapping's whole lookup order agrees with a reference written from the README (code columns and name columns)", () => {
    const code = fc.string({
      unit: fc.constantFrom("5", "1", "０", "2"),
      minLength: 1,
      maxLength: 4,
    });
    const name = fc.constantFrom("", "委託費", "賃借料", "511", "5");
    const rule = fc.record({
      code,
      prefix: fc.boolean(),
      name,
      line: fc.constantFrom("事業費", "一般管理費"),
    });
    const codeless = fc.record({
      name: fc.constantFrom("委託費", "賃借料", "51", "雑費"),
      line: fc.constantFrom("事業費", "一般管理費"),
    });
    const rules = fc.uniqueArray(rule, {
      selector: (r) => normalizeCode(r.code) + (r.prefix ? "*" : ""),
      maxLength: 12,
    });
    const names = fc.uniqueArray(codeless, { selector: (r) => r.name, maxLength: 3 });
    const queries = fc.array(
      fc.tuple(fc.oneof(fc.constant(""), code, fc.constant("5119")), fc.oneof(name, code)),
      {
        maxLength: 20,
      },
    );
    fc.assert(
      fc.property(rules, names, queries, (coded, plain, qs) => {
        const rows = [
          ...coded.map((r) => ({
            code: r.code + (r.prefix ? "*" : ""),
            name: r.name,
            line: r.line,
          })),
          ...plain.map((r) => ({ code: "", name: r.name, line: r.line })),
        ];
        const mapping = mappingOf(
          [
            HEADER,
            ...rows.map((r) => `account,${r.code},${r.name},${r.line},,debit,,`),
            "department,,,,,,,", // never empty
          ].join("\n"),
        );
        const withRow = rows.map((r, i) => ({ ...r, row: i + 2, key: normalizeCode(r.code) }));
        const exact = (c: string) =>
          withRow.find((r) => r.key !== "" && !r.key.endsWith("*") && r.key === c)?.row;
        const prefix = (c: string) =>
          naiveLongest(
            withRow
              .filter((r) => r.key.endsWith("*"))
              .map((r) => [r.key.slice(0, -1), r.row] as const),
            c,
          );
        const byName = (n: string, all: boolean) => {
          const same = withRow.filter(
            (r) => (all || r.code === "") && n !== "" && normalizeLabel(r.name) === n,
          );
          if (same.length === 0) return undefined;
          return same.every((r) => r.line === same[0]?.line) ? same[0]?.row : "ambiguous";
        };
        for (const [c, n] of qs) {
          const got = mapping.account(c, n);
          const key = normalizeCode(c);
          const label = normalizeLabel(n);
          const expected =
            key === "" && label === ""
              ? undefined
              : key !== ""
                ? (exact(key) ?? prefix(key) ?? byName(label, false))
                : (exact(normalizeCode(n)) ?? byName(label, true) ?? prefix(normalizeCode(n)));
          if (expected === "ambiguous") expect(rowOf(got)).toMatch(/map differently/);
          else if (expected === undefined) expect(got.ok).toBe(false);
          else expect(rowOf(got)).toBe(expected);
        }
      }),
      { numRuns: 150 },
    );
  });
});
