/**
 * The mapping of an accounting system's codes (actuals-mapping.ts), at the sizes and in the
 * columns real exports have: a chart of 100,000 prefix rules is read and applied without a
 * quadratic step (issue 18, item 3), and the prefix index agrees with a naive longest-prefix
 * search over random rule sets.
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
  PrefixIndex,
  readMapping,
} from "../src/import/actuals-mapping.ts";
import type { Book } from "../src/model/book.ts";
import { loadBook } from "../src/read/load-book.ts";
import { copyBook, FY29, hashDir, tempDir } from "./helpers/book.ts";
import { prefixRules } from "./tools/bench-mapping.ts";
import { type GeneratedActuals, generateActuals } from "./tools/generate-actuals.ts";

async function yosan(...argv: string[]): Promise<{ exit: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const exit = await run(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { exit, out, err };
}

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
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("\n"));
  return r.mapping;
}

/** The mapping row a match came from (its row in mapping.csv), or the reason there is none. */
const rowOf = (m: Match<AccountRule>) => (m.ok ? m.rule.source.row : m.why);

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
});
