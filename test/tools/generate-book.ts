/**
 * A large book for benchmarks: a copy of a book (FY29 by default) whose budget.csv is replaced
 * by N line items (積算明細) that split each original row into random integer parts — some
 * negative — which add up exactly to the original amount. The statements of the generated book
 * are therefore exactly the original's (FY29: ending cash 21,616,961). Seeded, so the same
 * arguments give the same bytes.
 *
 *   npx tsx test/tools/generate-book.ts --lines 1000000 [--seed 29] [--from ledgers/jlis-h29] [--out DIR]
 */
import { closeSync, cpSync, openSync, readFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { parseAmount } from "../../src/model/amount-text.ts";
import { parseCsvTable } from "../../src/read/csv-table.ts";

export interface GenerateOptions {
  /** Number of rows of the generated budget.csv (at least the number of rows of the original). */
  readonly lines: number;
  /** Directory to write (created; an existing book there is overwritten). */
  readonly out: string;
  /** Book to copy; default ledgers/jlis-h29. */
  readonly from?: string;
  readonly seed?: number;
}

export interface GeneratedBook {
  readonly dir: string;
  readonly budgetFile: string;
  readonly lines: number;
  readonly bytes: number;
}

const REPO = new URL("../../", import.meta.url);
export const DEFAULT_SOURCE = new URL("ledgers/jlis-h29", REPO).pathname;

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [-span, span] (span < 2^53), as a BigInt. */
function noise(random: () => number, span: bigint): bigint {
  return BigInt(Math.floor(random() * (2 * Number(span) + 1))) - span;
}

/**
 * Split `amount` into `parts` integers that add up to it exactly: parts − 1 of them are the
 * even share plus noise of up to ± one share (so some are negative), the last one is the rest.
 */
export function splitAmount(amount: bigint, parts: number, random: () => number): bigint[] {
  const k = BigInt(parts);
  const share = amount / k;
  const span = (share < 0n ? -share : share) + 10n;
  const out: bigint[] = [];
  let sum = 0n;
  for (let i = 0; i < parts - 1; i++) {
    const part = share + noise(random, span);
    out.push(part);
    sum += part;
  }
  out.push(amount - sum);
  return out;
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Write the generated book; returns where and how big. */
export function generateBook(options: GenerateOptions): GeneratedBook {
  const from = options.from ?? DEFAULT_SOURCE;
  const random = prng(options.seed ?? 29);
  const text = readFileSync(join(from, "budget.csv"), "utf8");
  const parsed = parseCsvTable("budget.csv", text, ["account", "segment", "amount"]);
  if (!parsed.ok) throw new Error(`cannot read ${from}/budget.csv`);
  const rows = parsed.table.rows.map((r) => {
    const a = parseAmount(r.values.amount ?? "");
    if (!a.ok || !a.value.isInteger())
      throw new Error(`budget.csv:${r.row}: amount 「${r.values.amount}」 is not an integer`);
    return {
      prefix: `${csvCell(r.values.account ?? "")},${csvCell(r.values.segment ?? "")},`,
      amount: BigInt(a.value.toFixed()),
    };
  });
  const n = options.lines;
  if (!Number.isInteger(n) || n < rows.length)
    throw new Error(`--lines must be an integer ≥ ${rows.length} (the rows of the original)`);

  // Parts of every original row, then a seeded shuffle of where each part is written.
  const owner = new Uint32Array(n);
  const amounts = new BigInt64Array(n);
  let at = 0;
  rows.forEach((row, i) => {
    const k = Math.floor(n / rows.length) + (i < n % rows.length ? 1 : 0);
    for (const part of splitAmount(row.amount, k, random)) {
      owner[at] = i;
      amounts[at] = part;
      at++;
    }
  });
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = t;
  }

  const dir = resolve(options.out);
  cpSync(from, dir, { recursive: true });
  const budgetFile = join(dir, "budget.csv");
  const fd = openSync(budgetFile, "w");
  let bytes = 0;
  try {
    let chunk = "account,segment,amount,note\n";
    for (let i = 0; i < n; i++) {
      const p = order[i] ?? 0;
      chunk += `${rows[owner[p] ?? 0]?.prefix}${amounts[p]},明細${i + 1}\n`;
      if (chunk.length > 1 << 20) {
        bytes += writeSync(fd, chunk);
        chunk = "";
      }
    }
    bytes += writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return { dir, budgetFile, lines: n, bytes };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      lines: { type: "string", default: "100000" },
      seed: { type: "string", default: "29" },
      from: { type: "string" },
      out: { type: "string" },
    },
  });
  const lines = Number(values.lines);
  const out = values.out ?? join(tmpdir(), `yosan-bench-${lines}`, "jlis-h29");
  const g = generateBook({
    lines,
    out,
    seed: Number(values.seed),
    ...(values.from ? { from: values.from } : {}),
  });
  console.log(`wrote ${g.budgetFile}: ${g.lines} rows, ${(g.bytes / 1e6).toFixed(1)} MB`);
}
