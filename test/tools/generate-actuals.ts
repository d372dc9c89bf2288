/**
 * Exports of an accounting system made from a version of a book (FY29's sample 決算 by
 * default), through the book's mapping (ledgers/jlis-h29/mapping.csv, invented codes): the
 * journal (仕訳: one line per posting, each posting balanced by a 諸口 line) and the trial
 * balances it adds up to (残高試算表 with 借方残高/貸方残高, and a 月次推移 with 期首残高 and 4月 …
 * 3月). Importing any of them through the mapping gives the version's leaves back exactly.
 *
 * Each leaf (line × segment) is split over the codes mapped into its line — a contra account
 * (sign -, 減価償却累計額) takes part of it on its own side — and each code's figure over
 * postings of random size, some on the other side (reversals), dated through the fiscal year;
 * a balance-sheet figure starts with an opening entry (開始仕訳) on the year's first day. A few
 * vouchers are dated just before and after the year (the import leaves them out). Amounts are
 * 円; some are written with thousands separators. Seeded, so the same options give the same bytes.
 *
 *   npx tsx test/tools/generate-actuals.ts --lines 1000000 [--out DIR] [--seed 29] [--sjis]
 */
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import iconv from "iconv-lite";
import { Decimal, unitFactor } from "../../src/model/money.ts";
import { versionEntries } from "../../src/model/version.ts";
import { parseCsvTable } from "../../src/read/csv-table.ts";
import { loadBook } from "../../src/read/load-book.ts";
import { lineResolver, segmentResolver } from "../../src/read/resolution.ts";
import { DEFAULT_SOURCE, prng, splitAmount } from "./generate-book.ts";

export interface ActualsOptions {
  /** The book (default ledgers/jlis-h29) and its version to export (default settlement). */
  readonly book?: string;
  readonly version?: string;
  /** The mapping (default BOOK/mapping.csv). */
  readonly mapping?: string;
  /** About how many journal lines (two per posting). */
  readonly lines: number;
  readonly out: string;
  readonly seed?: number;
  /** Write the files in Shift_JIS, as Excel does. */
  readonly sjis?: boolean;
}

export interface GeneratedActuals {
  readonly journal: string;
  readonly trialBalance: string;
  readonly monthly: string;
  readonly lines: number;
  readonly bytes: number;
  /** The leaves (line id, segment id or "") in the book's unit, counting postings up to `asOf` (yyyy-mm-dd). */
  expected(asOf: string): Map<string, Decimal>;
}

interface Code {
  readonly code: string;
  readonly name: string;
  readonly side: "debit" | "credit";
  readonly sign: 1 | -1;
}

interface Posting {
  readonly day: number;
  readonly code: Code;
  readonly dept: readonly [string, string];
  readonly debit: boolean;
  readonly amount: bigint;
  readonly opening: boolean;
  readonly clearing: Code;
  /** The leaf it belongs to (null: outside the year). */
  readonly leaf: string | null;
}

/** What balances each posting: 諸口 in the books, the memo accounts' own 対照勘定 for the cash plan. */
const CLEARING: Code = { code: "9999", name: "諸口", side: "debit", sign: 1 };
const MEMO_CLEARING: Code = { code: "8990", name: "資金備忘対照勘定", side: "debit", sign: 1 };
const DAY = 86_400_000;

/** The mapping read plainly: codes by line id, 部門 by segment id ("" for not allocated). */
function readMapping(path: string, book: ReturnType<typeof loadOk>) {
  const parsed = parseCsvTable(path, readFileSync(path, "utf8"), ["kind"]);
  if (!parsed.ok) throw new Error(`cannot read ${path}`);
  const lines = lineResolver(book.lines);
  const segments = segmentResolver(book.segments, book.totalLabels);
  const codes = new Map<string, Code[]>();
  const depts = new Map<string, [string, string]>();
  for (const r of parsed.table.rows) {
    const v = r.values;
    if (v.kind === "department") {
      const s = segments(v.segment ?? "");
      if (s.ok && !depts.has(s.value ?? "")) depts.set(s.value ?? "", [v.code ?? "", v.name ?? ""]);
      continue;
    }
    if (v.line === "-" || !v.line) continue;
    const line = lines(v.line, { leafOnly: true });
    if (!line.ok) throw new Error(`${path}:${r.row}: ${line.message.en}`);
    const side = v.side === "credit" || v.side === "貸方" ? "credit" : "debit";
    const sign = v.sign === "-" ? -1 : 1;
    const list = codes.get(line.value.id) ?? [];
    const code = v.code ?? "";
    // A prefix stands for the codes it begins: two of them.
    const concrete = code.endsWith("*")
      ? [0, 1].map((i) => ({ code: `${code.slice(0, -1)}${i}`, name: `${v.name}（${i + 1}）` }))
      : [{ code, name: v.name ?? "" }];
    for (const c of concrete) list.push({ ...c, side, sign });
    codes.set(line.value.id, list);
  }
  return { codes, depts };
}

function loadOk(dir: string) {
  const l = loadBook(dir);
  if (!l.ok) throw new Error(`${dir} does not load`);
  return l.book;
}

/** `total` over `n` parts of random positive weight (the last takes the rest). */
function shares(total: bigint, n: number, random: () => number): bigint[] {
  const weights = Array.from({ length: n }, () => BigInt(1 + Math.floor(random() * 3)));
  const sum = weights.reduce((a, b) => a + b, 0n);
  const out = weights.slice(0, -1).map((w) => (total * w) / sum);
  out.push(total - out.reduce((a, b) => a + b, 0n));
  return out;
}

function isoDay(start: number, day: number): string {
  return new Date(start + day * DAY).toISOString().slice(0, 10);
}

/** Generate the journal and both trial balances into `out`. */
export function generateActuals(options: ActualsOptions): GeneratedActuals {
  const bookDir = options.book ?? DEFAULT_SOURCE;
  const book = loadOk(bookDir);
  const { codes, depts } = readMapping(options.mapping ?? join(bookDir, "mapping.csv"), book);
  const random = prng(options.seed ?? 29);
  const yen = unitFactor(book.unit, "円");
  const start = Date.parse(`${book.fiscalYear.start}T00:00:00Z`);
  const days = Math.round((Date.parse(`${book.fiscalYear.end}T00:00:00Z`) - start) / DAY) + 1;
  const leaves = new Map<string, bigint>();
  for (const e of versionEntries(book, options.version ?? "settlement")) {
    const amount = e.amount.value.times(yen);
    if (!amount.isInteger()) throw new Error(`${e.line}: ${amount} 円 is not whole`);
    const k = `${e.line}\u0000${e.segment ?? ""}`;
    leaves.set(k, (leaves.get(k) ?? 0n) + BigInt(amount.toFixed()));
  }
  const figures: {
    code: Code;
    leaf: string;
    dept: [string, string];
    own: bigint;
    bs: boolean;
    clearing: Code;
  }[] = [];
  for (const [leaf, amount] of leaves) {
    const [lineId = "", segment = ""] = leaf.split("\u0000");
    const line = book.lines.find((l) => l.id === lineId);
    const list = codes.get(lineId);
    const dept = depts.get(segment);
    if (!line || !list || !dept) throw new Error(`the mapping has no code or 部門 for ${leaf}`);
    const contra = list.filter((c) => c.sign === -1);
    const plain = list.filter((c) => c.sign === 1);
    // A contra account takes 30–60% of the figure on its own side; the plain codes the rest.
    const magnitude = amount < 0n ? -amount : amount;
    const taken = contra.map(() => (magnitude * BigInt(30 + Math.floor(random() * 30))) / 100n);
    const rest = shares(amount + taken.reduce((a, b) => a + b, 0n), plain.length, random);
    const bs = line.statement === "balance-sheet";
    const memo = line.statement !== "balance-sheet" && line.statement !== "profit-and-loss";
    const clearing = memo ? MEMO_CLEARING : CLEARING;
    contra.forEach((c, i) => {
      figures.push({ code: c, leaf, dept, own: taken[i] ?? 0n, bs, clearing });
    });
    plain.forEach((c, i) => {
      figures.push({ code: c, leaf, dept, own: rest[i] ?? 0n, bs, clearing });
    });
  }
  // Two lines per voucher: the in-year postings and the few outside the year make `lines`.
  const vouchers = Math.max(figures.length + 2, Math.floor(options.lines / 2));
  const outside = Math.max(2, Math.round(vouchers / 500));
  const inYear = vouchers - outside;
  const postings: Posting[] = [];
  for (const [k, f] of figures.entries()) {
    const count = Math.floor(inYear / figures.length) + (k < inYear % figures.length ? 1 : 0);
    splitAmount(f.own, count, random).forEach((part, i) => {
      const own = part >= 0n;
      postings.push({
        day: f.bs && i === 0 ? 0 : Math.floor(random() * days),
        code: f.code,
        dept: f.dept,
        debit: (f.code.side === "debit") === own,
        amount: own ? part : -part,
        opening: f.bs && i === 0,
        clearing: f.clearing,
        leaf: f.leaf,
      });
    });
  }
  // Vouchers of the year before and after: the import leaves them out.
  for (let i = 0; i < outside; i++) {
    const f = figures[Math.floor(random() * figures.length)] ?? figures[0];
    if (!f) break;
    postings.push({
      day: i % 2 === 0 ? -1 : days + 1,
      code: f.code,
      dept: f.dept,
      debit: random() < 0.5,
      amount: BigInt(1 + Math.floor(random() * 9_999_999)),
      opening: false,
      clearing: f.clearing,
      leaf: null,
    });
  }
  postings.sort((a, b) => a.day - b.day);
  mkdirSync(options.out, { recursive: true });
  const journal = join(options.out, "journal.csv");
  const written = writeJournal(journal, postings, start, options.sjis === true);
  const trialBalance = join(options.out, "trial-balance.csv");
  const monthly = join(options.out, "monthly.csv");
  writeTrialBalances(trialBalance, monthly, postings, book, options.sjis === true);
  return {
    journal,
    trialBalance,
    monthly,
    lines: written.lines,
    bytes: written.bytes,
    expected: (asOf) => {
      const last = Math.round((Date.parse(`${asOf}T00:00:00Z`) - start) / DAY);
      const out = new Map<string, Decimal>();
      for (const p of postings) {
        if (p.leaf === null || p.day > last) continue;
        const own = (p.code.side === "debit") === p.debit ? p.amount : -p.amount;
        const v = new Decimal((own * BigInt(p.code.sign)).toString()).dividedBy(yen);
        out.set(p.leaf, (out.get(p.leaf) ?? new Decimal(0)).plus(v));
      }
      return out;
    },
  };
}

/** An amount as an export writes it: plain digits, now and then with separators (quoted). */
function amountCell(n: bigint, i: number): string {
  if (i % 37 !== 0) return n.toString();
  return `"${n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",")}"`;
}

function writeJournal(
  file: string,
  postings: readonly Posting[],
  start: number,
  sjis: boolean,
): { lines: number; bytes: number } {
  const fd = openSync(file, "w");
  let bytes = 0;
  let lines = 0;
  const flush = (text: string) => {
    bytes += writeSync(fd, sjis ? iconv.encode(text, "cp932") : Buffer.from(text, "utf8"));
  };
  try {
    let chunk = "日付,伝票番号,科目コード,科目名,部門コード,部門名,借方金額,貸方金額,摘要\n";
    postings.forEach((p, i) => {
      const date = isoDay(start, p.day).replaceAll("-", "/");
      const [dc, dn] = p.dept;
      const amount = amountCell(p.amount, i);
      const memo = p.opening ? "開始仕訳" : `取引${i + 1}`;
      const side = (debit: boolean) => (debit ? `${amount},` : `,${amount}`);
      chunk += `${date},${i + 1},${p.code.code},${p.code.name},${dc},${dn},${side(p.debit)},${memo}\n`;
      chunk += `${date},${i + 1},${p.clearing.code},${p.clearing.name},${dc},${dn},${side(!p.debit)},${memo}\n`;
      lines += 2;
      if (chunk.length > 1 << 20) {
        flush(chunk);
        chunk = "";
      }
    });
    flush(chunk);
  } finally {
    closeSync(fd);
  }
  return { lines, bytes };
}

/**
 * The trial balances the journal adds up to, per code × 部門: 残高試算表 (借方残高 / 貸方残高,
 * title rows above the header, a 合計 row) and 月次推移 (期首残高, 4月 … 3月, signed on the
 * account's own side, with a 合計 column).
 */
function writeTrialBalances(
  file: string,
  monthly: string,
  postings: readonly Posting[],
  book: ReturnType<typeof loadOk>,
  sjis: boolean,
): void {
  const firstMonth = Number(book.fiscalYear.start.slice(5, 7));
  const start = Date.parse(`${book.fiscalYear.start}T00:00:00Z`);
  const rows = new Map<string, { code: Code; dept: readonly [string, string]; cells: bigint[] }>();
  const add = (
    code: Code,
    dept: readonly [string, string],
    period: number,
    debit: boolean,
    amount: bigint,
  ) => {
    const k = `${code.code}\u0000${dept[0]}`;
    const r = rows.get(k) ?? { code, dept, cells: Array.from({ length: 13 }, () => 0n) };
    r.cells[period] =
      (r.cells[period] ?? 0n) + ((code.side === "debit") === debit ? amount : -amount);
    rows.set(k, r);
  };
  for (const p of postings) {
    if (p.leaf === null) continue;
    const month = new Date(start + p.day * DAY).getUTCMonth() + 1;
    const period = p.opening ? 0 : ((month - firstMonth + 12) % 12) + 1;
    add(p.code, p.dept, period, p.debit, p.amount);
    add(p.clearing, p.dept, period, !p.debit, p.amount);
  }
  const sorted = [...rows.values()].sort((a, b) =>
    a.code.code === b.code.code
      ? a.dept[0].localeCompare(b.dept[0])
      : a.code.code.localeCompare(b.code.code),
  );
  const write = (path: string, text: string) => {
    const fd = openSync(path, "w");
    try {
      writeSync(fd, sjis ? iconv.encode(text, "cp932") : Buffer.from(text, "utf8"));
    } finally {
      closeSync(fd);
    }
  };
  let tb = `残高試算表\n${book.fiscalYear.label} (${book.fiscalYear.start}～${book.fiscalYear.end}),単位：円\n\n科目コード,科目名,部門コード,部門名,借方残高,貸方残高\n`;
  let debits = 0n;
  let credits = 0n;
  const months = Array.from({ length: 12 }, (_, i) => `${((firstMonth - 1 + i) % 12) + 1}月`);
  let mo = `科目コード,科目名,部門コード,部門名,期首残高,${months.join(",")},合計\n`;
  for (const r of sorted) {
    const own = r.cells.reduce((a, b) => a + b, 0n);
    const debitSigned = r.code.side === "debit" ? own : -own;
    if (debitSigned >= 0n) debits += debitSigned;
    else credits -= debitSigned;
    const [dc, dn] = r.dept;
    tb += `${r.code.code},${r.code.name},${dc},${dn},${debitSigned >= 0n ? debitSigned : ""},${debitSigned < 0n ? -debitSigned : ""}\n`;
    mo += `${r.code.code},${r.code.name},${dc},${dn},${r.cells.join(",")},${own}\n`;
  }
  tb += `,合計,,,${debits},${credits}\n`;
  write(file, tb);
  write(monthly, mo);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      lines: { type: "string", default: "100000" },
      seed: { type: "string", default: "29" },
      out: { type: "string" },
      sjis: { type: "boolean", default: false },
    },
  });
  const lines = Number(values.lines);
  const out = values.out ?? join(tmpdir(), `yosan-actuals-${lines}`);
  const g = generateActuals({ lines, out, seed: Number(values.seed), sjis: values.sjis });
  console.log(
    `wrote ${g.journal}: ${g.lines} lines, ${(g.bytes / 1e6).toFixed(1)} MB; ${g.trialBalance}; ${g.monthly}`,
  );
}
