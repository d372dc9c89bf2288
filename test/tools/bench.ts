/**
 * `npm run bench`: the current code and a baseline commit measured in the same run on the same
 * inputs, with Ledger and hledger on the same lines; every row's wall time, CPU time and peak
 * RSS (median of BENCH_RUNS runs), its ratio to the baseline and its targets (bench-targets.ts),
 * each printed as met or NOT MET. Prints a table and writes output/bench.json. A benchmark, not
 * a timed test: it exits 1 only when the current code fails a command or gives a wrong result
 * (a generated book must come out exactly as FY29: ending cash 21,616,961).
 *
 * The current code is a snapshot of the working tree taken at the start, bundled on its own;
 * the baseline (default 6b8a825, or `--baseline SHA` / BENCH_BASELINE; `none` for no baseline)
 * is a git worktree under BENCH_TMP, bundled likewise (bench-programs.ts). Each run of a row
 * runs both, alternating which goes first, so the machine's noise falls on both alike. A
 * baseline that cannot run a row (its feature came later, or it refuses today's book) shows
 * n/a with its reason. When the baseline refuses today's FY29 book, the rows built on FY29
 * also run both programs on the baseline's own ledgers/jlis-h29 (the same FY29, as that commit
 * knew it), and the ratio (marked †) is taken there; the current code's figures and targets
 * stay on today's book.
 *
 * Rows: node -e 0; yosan --help; FY29 JSON + CSV; FY29 every output; the water example once it
 * exists; generated books of 100,000 and 1,000,000 budget lines (10,000,000 with BENCH_FULL=1)
 * with the floor (read + split the CSV in Node); a 200,000-row xlsx import; a 1,000,000-line
 * journal imported as actuals; a 20,000-line one through FY29's mapping and through 100,000
 * more rules; 10,000 revisions; hledger and ledger balance on the 100,000-line book exported
 * as a journal (1,000,000 with BENCH_FULL=1); serve's pages and what-if p95 (bench-serve.ts,
 * in this process, current code only).
 *
 * Env: BENCH_RUNS (default 5), BENCH_FULL=1, BENCH_ONLY (a regex of row ids; the rows its
 * targets name come along), BENCH_BASELINE, BENCH_TMP (default $TMPDIR/yosan-bench).
 */
import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { budgetRowStream } from "../../src/read/budget-rows.ts";
import { loadBook } from "../../src/read/load-book.ts";
import { journalOf } from "../../src/render/journal.ts";
import { baselineProgram, currentProgram, type Program } from "./bench-programs.ts";
import { pages, whatIf } from "./bench-serve.ts";
import { BASELINE_NOISE, seconds, TARGETS, type Verdict, verdict } from "./bench-targets.ts";
import { generateActuals } from "./generate-actuals.ts";
import { generateBook } from "./generate-book.ts";
import { prefixRules } from "./mapping-rules.ts";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const FY29 = join(REPO, "ledgers/jlis-h29");
// The rows' checks read yosan's terminal output in English (「changes: none」, 「N accounts」):
// every yosan the benchmark starts speaks English (model/text.ts; older code ignores it).
process.env.YOSAN_LANG = "en";
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? "5") || 5);
const FULL = process.env.BENCH_FULL === "1";
const WORK = process.env.BENCH_TMP ?? join(tmpdir(), "yosan-bench");
/** This run's inputs and outputs; the baseline worktree stays beside it in WORK. */
const RUN = join(WORK, "run");
const EXPECTED_CLOSING_CASH = "21616961";
const GNU_TIME = "/usr/bin/time";
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
const FLAGS = parseArgs({ options: { baseline: { type: "string" } }, strict: true }).values;
const BASELINE_REV = FLAGS.baseline ?? process.env.BENCH_BASELINE ?? "6b8a825";

/** One run of a process: wall and CPU time in ms, peak RSS in KiB. */
interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number | null;
  readonly rssKiB: number;
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Medians of one program's runs of a row. */
interface Figures {
  readonly runs: number;
  readonly wallMs: number;
  readonly cpuMs: number | null;
  readonly rssMiB: number;
}

interface Row {
  readonly id: string;
  readonly what: string;
  readonly status: "ok" | "failed" | "not yet available" | "skipped";
  readonly runs?: number;
  readonly wallMs?: number;
  readonly cpuMs?: number | null;
  readonly rssMiB?: number;
  readonly lines?: number;
  readonly note?: string;
  /** The baseline's figures on the same input, or n/a and why. */
  readonly baseline?: (Figures & { readonly status: "ok" }) | { status: "n/a"; note: string };
  /** The current code's figures on the baseline's own book, when the baseline refuses today's. */
  readonly currentOnBaselineBook?: Figures;
  /** Current / baseline median wall time, and CPU time, on the same input. */
  readonly ratio?: number;
  readonly cpuRatio?: number;
  targets?: Verdict[];
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const hasGnuTime =
  existsSync(GNU_TIME) &&
  spawnSync(GNU_TIME, ["-f", "%M", "true"], { encoding: "utf8" }).status === 0;

/** Run a command once, measured by GNU time (`%U %S %M`), or by polling /proc VmHWM without it. */
async function measure(command: string, args: readonly string[]): Promise<Sample> {
  if (hasGnuTime) {
    const report = join(RUN, "time.txt");
    const start = process.hrtime.bigint();
    const r = spawnSync(GNU_TIME, ["-o", report, "-f", "%U %S %M", command, ...args], {
      cwd: RUN,
      encoding: "utf8",
      maxBuffer: 1 << 30,
    });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    const last = readFileSync(report, "utf8").trim().split("\n").pop() ?? "";
    const [user = "0", sys = "0", rss = "0"] = last.split(" ");
    return {
      wallMs,
      cpuMs: (Number(user) + Number(sys)) * 1000,
      rssKiB: Number(rss),
      status: r.status ?? -1,
      stdout: r.stdout,
      stderr: r.stderr,
    };
  }
  return new Promise((done) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: RUN });
    let stdout = "";
    let stderr = "";
    let peak = 0;
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        if (m) peak = Math.max(peak, Number(m[1]));
      } catch {
        // the process has exited
      }
    }, 5);
    child.on("close", (code) => {
      clearInterval(poll);
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      done({ wallMs, cpuMs: null, rssKiB: peak, status: code ?? -1, stdout, stderr });
    });
  });
}

function figures(samples: readonly Sample[]): Figures {
  const cpu = samples.map((s) => s.cpuMs);
  return {
    runs: samples.length,
    wallMs: Math.round(median(samples.map((s) => s.wallMs))),
    cpuMs: cpu.every((c) => c !== null) ? Math.round(median(cpu as number[])) : null,
    rssMiB: Math.round(median(samples.map((s) => s.rssKiB)) / 1024),
  };
}

/** The first lines of what a failed command said, on one line. */
function said(s: Sample): string {
  const text = (s.stderr.trim() || s.stdout.trim())
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(0, 2)
    .join(" / ");
  return `exit ${s.status}: ${text.length > 160 ? `${text.slice(0, 157)}…` : text}`;
}

/** Median of `runs` runs of a command other than yosan (no baseline). */
async function plain(
  id: string,
  what: string,
  command: string,
  args: readonly string[],
  options: { runs?: number; lines?: number } = {},
): Promise<Row> {
  const runs = options.runs ?? RUNS;
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    const s = await measure(command, args);
    if (s.status !== 0) return { id, what, status: "failed", note: said(s) };
    samples.push(s);
    process.stderr.write(`  ${id} run ${i + 1}/${runs}: ${seconds(s.wallMs)}\n`);
  }
  return {
    id,
    what,
    status: "ok",
    ...figures(samples),
    ...(options.lines !== undefined ? { lines: options.lines } : {}),
  };
}

/** A yosan row: its arguments given an input and an output directory of each program's own. */
interface Task {
  readonly id: string;
  readonly what: string;
  readonly args: (input: string, out: string) => string[];
  /** Today's input ("" for none). */
  readonly input: string;
  /** The same input as the baseline reads it, when it refuses today's (see the header). */
  readonly common?: string;
  /** Every run's output is checked: an error, or null. */
  readonly check?: (s: Sample, out: string) => string | null;
  readonly runs?: number;
  readonly lines?: number;
}

let CURRENT: Program;
let BASELINE: Program | null = null;
let BASELINE_UNAVAILABLE = "";
/** Does the baseline read today's FY29 book? Otherwise its own, and why not today's. */
let SHARED_BOOKS = true;
let REFUSAL = "";
let COMMON_FY29: string | undefined;

/** Run the current code and the baseline alternately; the row fails only if the current code does. */
async function yosan(t: Task): Promise<Row> {
  const runs = t.runs ?? RUNS;
  const common = !SHARED_BOOKS && t.common !== undefined ? t.common : t.input;
  interface Lane {
    readonly name: string;
    readonly program: Program;
    readonly input: string;
    readonly samples: Sample[];
    failure?: string;
  }
  const lane = (name: string, program: Program, input: string): Lane => ({
    name,
    program,
    input,
    samples: [],
  });
  const current = lane("current", CURRENT, t.input);
  const lanes = [current];
  const twin =
    BASELINE && common !== t.input ? lane("current-on-baseline-book", CURRENT, common) : null;
  const baseline = BASELINE ? lane("baseline", BASELINE, common) : null;
  if (twin) lanes.push(twin);
  if (baseline) lanes.push(baseline);
  for (let i = 0; i < runs; i++) {
    const progress: string[] = [];
    for (const l of i % 2 === 0 ? lanes : [...lanes].reverse()) {
      if (l.failure) continue;
      const out = join(RUN, `${t.id}.${l.name}`);
      const s = await measure(process.execPath, [l.program.bin, ...t.args(l.input, out)]);
      const problem = s.status !== 0 ? said(s) : (t.check?.(s, out) ?? null);
      if (problem) {
        l.failure = problem;
        if (l === current) {
          console.error(`${t.id}: ${problem}`);
          return { id: t.id, what: t.what, status: "failed", note: problem };
        }
        continue;
      }
      l.samples.push(s);
      progress.push(`${l.name} ${seconds(s.wallMs)}`);
    }
    process.stderr.write(`  ${t.id} run ${i + 1}/${runs}: ${progress.join(", ")}\n`);
  }
  const mine = figures(current.samples);
  const row: Row = {
    id: t.id,
    what: t.what,
    status: "ok",
    ...mine,
    ...(t.lines !== undefined ? { lines: t.lines } : {}),
  };
  if (!baseline)
    return { ...row, baseline: { status: "n/a", note: BASELINE_UNAVAILABLE || "no baseline" } };
  if (baseline.failure) return { ...row, baseline: { status: "n/a", note: baseline.failure } };
  const theirs = figures(baseline.samples);
  const againstTheirs = twin && !twin.failure ? figures(twin.samples) : twin ? null : mine;
  return {
    ...row,
    baseline: { status: "ok", ...theirs },
    ...(twin && againstTheirs ? { currentOnBaselineBook: againstTheirs } : {}),
    ...(againstTheirs
      ? {
          ratio: Math.round((againstTheirs.wallMs / theirs.wallMs) * 100) / 100,
          ...(againstTheirs.cpuMs && theirs.cpuMs
            ? { cpuRatio: Math.round((againstTheirs.cpuMs / theirs.cpuMs) * 100) / 100 }
            : {}),
        }
      : { note: `the current code on the baseline's book: ${twin?.failure}` }),
  };
}

/** statements.json's ending cash must be FY29's. */
function fy29Cash(_: Sample, out: string): string | null {
  const json = JSON.parse(readFileSync(join(out, "statements.json"), "utf8")) as {
    statements: { id: string; lines: { id: string; total: string }[] }[];
  };
  const cash = json.statements
    .find((s) => s.id === "cash-plan")
    ?.lines.find((l) => l.id === "cf-closing-cash")?.total;
  return cash === EXPECTED_CLOSING_CASH
    ? null
    : `ending cash ${cash}, expected ${EXPECTED_CLOSING_CASH}: the book is not FY29`;
}

function build(
  id: string,
  what: string,
  book: string,
  common: string | undefined,
  options: { formats?: string; lines?: number; runs?: number } = {},
): Promise<Row> {
  return yosan({
    id,
    what,
    input: book,
    ...(common ? { common } : {}),
    args: (b, out) => [
      "build",
      b,
      "--out",
      out,
      ...(options.formats ? ["--formats", options.formats] : []),
    ],
    check: fy29Cash,
    ...(options.lines !== undefined ? { lines: options.lines } : {}),
    ...(options.runs !== undefined ? { runs: options.runs } : {}),
  });
}

/** The floor: read the CSV and split it on newlines and commas, nothing else. */
const FLOOR_SCRIPT = `
const { readFileSync } = require("node:fs");
const text = readFileSync(process.argv[1], "utf8");
let cells = 0;
for (const line of text.split("\\n")) if (line !== "") cells += line.split(",").length;
process.stdout.write(String(cells));
`;

function version(command: string): string | null {
  const r = spawnSync(command, ["--version"], { encoding: "utf8" });
  return r.error || r.status !== 0 ? null : (r.stdout.split("\n")[0] ?? "").trim();
}

async function exportJournal(bookDir: string, file: string): Promise<number> {
  const start = process.hrtime.bigint();
  const loaded = await loadBook(bookDir);
  if (!loaded.ok) throw new Error(`${bookDir} does not load`);
  writeFileSync(file, journalOf(loaded.book, budgetRowStream(loaded.book), "en"));
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** hledger and ledger balance on a journal, or skipped with the reason. */
async function engine(
  name: "hledger" | "ledger",
  size: string,
  journal: string,
  lines: number,
  runs: number,
): Promise<Row> {
  const id = `${name}-${size}`;
  const what = `${name} balance, ${lines.toLocaleString("en")} lines`;
  if (!version(name))
    return { id, what, status: "skipped", note: `${name} not installed (.ci/install-hledger)` };
  const args =
    name === "hledger" ? ["-f", journal, "balance", "-O", "csv"] : ["-f", journal, "balance"];
  return plain(id, what, name, args, { runs, lines });
}

/** A copy of `book` at `dir` (for commands that are given a book to write into). */
function copyOf(book: string, dir: string): string {
  mkdirSync(join(dir, ".."), { recursive: true });
  cpSync(book, dir, { recursive: true });
  return dir;
}

/**
 * The baseline's FY29 with `generated`'s budget.csv (hard-linked) when both FY29s have the same
 * budget.csv, else generated again from the baseline's FY29.
 */
function commonGenerated(generated: string, lines: number, dir: string): string | undefined {
  if (SHARED_BOOKS || !COMMON_FY29) return undefined;
  const same = readFileSync(join(FY29, "budget.csv")).equals(
    readFileSync(join(COMMON_FY29, "budget.csv")),
  );
  if (!same) return generateBook({ lines, out: dir, from: COMMON_FY29, seed: 29 }).dir;
  copyOf(COMMON_FY29, dir);
  rmSync(join(dir, "budget.csv"));
  linkSync(join(generated, "budget.csv"), join(dir, "budget.csv"));
  return dir;
}

/** (xlsx-import) `import --dry-run` of a 200,000-row xlsx splitting FY29's leaves: no change. */
async function xlsxImport(lines: number): Promise<Row> {
  const g = generateBook({ lines, out: join(RUN, "xlsx-src", "jlis-h29"), seed: 4 });
  const file = join(RUN, "budget-200k.xlsx");
  const { default: Excel } = await import("exceljs");
  const writer = new Excel.stream.xlsx.WorkbookWriter({ filename: file });
  const sheet = writer.addWorksheet("budget");
  sheet.addRow(["account", "segment", "amount"]).commit();
  const text = readFileSync(g.budgetFile, "utf8").split("\n").slice(1);
  for (const line of text) {
    if (line === "") continue;
    const [account = "", segment = "", amount = ""] = line.split(",");
    sheet.addRow([account, segment, Number(amount)]).commit();
  }
  sheet.commit();
  await writer.commit();
  process.stderr.write(`  wrote ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB)\n`);
  const into = copyOf(FY29, join(RUN, "xlsx-into", "jlis-h29"));
  const common = COMMON_FY29 && copyOf(COMMON_FY29, join(RUN, "xlsx-into-baseline", "jlis-h29"));
  // The bridge lines live in bridge.csv; the xlsx carries only budget.csv's rows.
  return yosan({
    id: "xlsx-import",
    what: `import of a ${lines.toLocaleString("en")}-row xlsx, dry run`,
    input: into,
    ...(common ? { common } : {}),
    args: (book) => ["import", file, "--into", book, "--dry-run"],
    runs: Math.min(RUNS, 3),
    lines,
    check: (s) =>
      s.stdout.includes("changes: none")
        ? null
        : "the import changed the book: rows were lost or misread",
  });
}

/** The sample 決算 given back exactly: debits equal credits and no leaf "was" anything else. */
function settlementBack(s: Sample): string | null {
  return /借方 ([\d,]+) = 貸方 \1/.test(s.stdout) && !/ was /.test(s.stdout)
    ? null
    : "the import did not give the sample 決算 back: rows were lost or misread";
}

/** (actuals-1m) `import JOURNAL --into FY29 --version settlement --dry-run`, 1,000,000 lines. */
function actualsImport(lines: number): Promise<Row> {
  const g = generateActuals({ lines, out: join(RUN, "actuals"), seed: 29 });
  process.stderr.write(
    `  generated ${g.journal}: ${g.lines.toLocaleString("en")} journal lines, ${(g.bytes / 1e6).toFixed(1)} MB\n`,
  );
  const book = copyOf(FY29, join(RUN, "actuals-into", "jlis-h29"));
  return yosan({
    id: "actuals-1m",
    what: `${g.lines.toLocaleString("en")}-line journal imported as actuals`,
    input: book,
    args: (b) => ["import", g.journal, "--into", b, "--version", "settlement", "--dry-run"],
    lines: g.lines,
    check: settlementBack,
  });
}

/**
 * (actuals-mapping-*, issue 18) a 20,000-line journal imported as actuals through FY29's own
 * mapping, then through it plus 100,000 prefix rules (mapping-rules.ts's `prefixRules`, codes
 * no export begins with, given by --mapping): the rules are read and indexed, the figures come
 * back, measured like every other row on the snapshot's bundle.
 */
async function mappingImport(rules: number): Promise<Row[]> {
  const g = generateActuals({ lines: 20_000, out: join(RUN, "mapping-src"), seed: 29 });
  const book = copyOf(FY29, join(RUN, "mapping-into", "jlis-h29"));
  const big = join(RUN, `mapping-${rules}.csv`);
  writeFileSync(big, readFileSync(join(FY29, "mapping.csv"), "utf8") + prefixRules(rules));
  const args = (b: string) => [
    "import",
    g.journal,
    "--into",
    b,
    "--version",
    "settlement",
    "--dry-run",
  ];
  const journal = `${g.lines.toLocaleString("en")}-line journal`;
  const rows: Row[] = [];
  if (wanted("actuals-mapping-fy29"))
    rows.push(
      await yosan({
        id: "actuals-mapping-fy29",
        what: `${journal} as actuals, FY29's mapping`,
        input: book,
        args,
        lines: g.lines,
        check: settlementBack,
      }),
    );
  const id = `actuals-mapping-${rules / 1000}k`;
  if (wanted(id))
    rows.push(
      await yosan({
        id,
        what: `${journal}, + ${rules.toLocaleString("en")} mapping rules`,
        input: book,
        args: (b) => [...args(b), "--mapping", big],
        lines: g.lines,
        check: (s) => {
          const accounts = Number(/: (\d+) accounts/.exec(s.stdout)?.[1] ?? 0);
          return accounts < rules
            ? `the mapping was read as ${accounts} accounts, expected over ${rules}`
            : settlementBack(s);
        },
      }),
    );
  return rows;
}

/**
 * (versions-10k, issue 18) `versions BOOK --json` on FY29 with 10,000 revisions, each on the
 * one before, and 現計 through the last; comparisons and the default version removed.
 */
function manyVersions(count: number): Promise<Row> {
  const book = copyOf(FY29, join(RUN, "versions", "jlis-h29"));
  const file = join(book, "book.json");
  const json = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown> & {
    versions: { id: string; kind: string }[];
  };
  const versions: object[] = json.versions.filter(
    (v) => v.kind === "previous" || v.kind === "budget",
  );
  let previous = json.versions.find((v) => v.kind === "budget")?.id ?? "original";
  for (let i = 0; i < count; i++) {
    versions.push({
      id: `rev-${i}`,
      name: `補正${i}`,
      kind: "revision",
      base: previous,
      files: ["versions/revision-1.csv"],
    });
    previous = `rev-${i}`;
  }
  versions.push({ id: "current", name: "現計予算", kind: "current", through: previous });
  const { comparisons: _c, defaultVersion: _d, ...rest } = json;
  writeFileSync(file, `${JSON.stringify({ ...rest, versions }, null, 1)}\n`);
  const expected = versions.length;
  return yosan({
    id: "versions-10k",
    what: `versions --json, ${count.toLocaleString("en")} revisions`,
    input: book,
    args: (b) => ["versions", b, "--json"],
    check: (s) => {
      const listed = (JSON.parse(s.stdout) as { versions?: unknown[] }).versions?.length;
      return listed === expected ? null : `listed ${listed} versions, expected ${expected}`;
    },
  });
}

/** The water example's book, once one exists under ledgers/. */
function waterBook(): string | undefined {
  const name = readdirSync(join(REPO, "ledgers")).find((n) => /water|suido|水道/i.test(n));
  return name ? join(REPO, "ledgers", name) : undefined;
}

/** Is the row selected by BENCH_ONLY (or named by a target of a selected row)? */
function wanted(id: string): boolean {
  if (!ONLY || ONLY.test(id)) return true;
  return Object.entries(TARGETS).some(
    ([row, ts]) => ONLY.test(row) && ts.some((t) => "row" in t.target && t.target.row === id),
  );
}

const pad = (s: string, n: number) =>
  s.length >= n ? s.slice(0, n) : s + " ".repeat(n - s.length);
const cell = (f?: { wallMs?: number; rssMiB?: number }) =>
  f?.wallMs === undefined
    ? pad("", 18)
    : `${seconds(f.wallMs).padStart(9)} ${String(f.rssMiB ?? "").padStart(4)} MiB`;

function ratioText(row: Row): string {
  if (row.ratio === undefined) return "";
  const mark = row.currentOnBaselineBook ? "†" : " ";
  const flag =
    row.ratio > 1 + BASELINE_NOISE ? " SLOWER" : row.ratio < 1 - BASELINE_NOISE ? " faster" : "";
  return `${row.ratio.toFixed(2)}${mark}${flag}`;
}

function verdictText(v: Verdict): string {
  const met = v.met === null ? "n/a" : v.met ? "met" : v.stretch ? "NOT MET (stretch)" : "NOT MET";
  return `${v.text}: ${met}`;
}

/** The table: one line per row, a second for a failure, a baseline n/a or an unmet target. */
function table(rows: readonly Row[]): string {
  const out = [
    `${pad("row", 21)} ${pad("what", 46)} ${pad("current", 18)} ${pad("baseline", 18)} ${pad("cur/base", 13)} targets`,
  ];
  for (const r of rows) {
    if (r.status !== "ok") {
      out.push(
        `${pad(r.id, 21)} ${pad(r.what, 46)} ${r.status.toUpperCase()}${r.note ? `: ${r.note}` : ""}`,
      );
      continue;
    }
    const base =
      r.baseline?.status === "ok" ? cell(r.baseline) : pad(r.baseline ? "   n/a" : "", 18);
    out.push(
      `${pad(r.id, 21)} ${pad(r.what, 46)} ${cell(r)} ${base} ${pad(ratioText(r), 13)} ${(r.targets ?? []).map(verdictText).join("; ")}`,
    );
    if (r.baseline?.status === "n/a" && BASELINE)
      out.push(`${" ".repeat(22)}baseline n/a: ${r.baseline.note}`);
  }
  return out.join("\n");
}

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  for (const entry of readdirSync(WORK))
    if (!entry.startsWith("baseline-")) rmSync(join(WORK, entry), { recursive: true, force: true });
  mkdirSync(RUN, { recursive: true });
  const started = new Date();
  const load = loadavg();

  process.stderr.write("  bundling the current code…\n");
  CURRENT = currentProgram(REPO, join(WORK, "current"));
  if (BASELINE_REV !== "none") {
    try {
      process.stderr.write(`  preparing the baseline ${BASELINE_REV}…\n`);
      BASELINE = baselineProgram(REPO, WORK, BASELINE_REV);
    } catch (e) {
      BASELINE_UNAVAILABLE = `baseline ${BASELINE_REV} unavailable: ${(e as Error).message}`;
    }
  }
  if (BASELINE) {
    const probe = spawnSync(
      process.execPath,
      [BASELINE.bin, "build", FY29, "--out", join(RUN, "probe"), "--formats", "json"],
      { encoding: "utf8", cwd: RUN },
    );
    SHARED_BOOKS = probe.status === 0;
    REFUSAL = (probe.stderr || probe.stdout).split("\n").find((l) => /error/.test(l)) ?? "";
    const own = join(BASELINE.root, "ledgers/jlis-h29");
    COMMON_FY29 = SHARED_BOOKS ? FY29 : existsSync(own) ? own : undefined;
  }

  const header = [
    `yosan bench: ${RUNS} runs (median), ${cpus().length} CPUs, load ${load.map((l) => l.toFixed(2)).join(" ")}, ${hasGnuTime ? "GNU time" : "/proc VmHWM polling"}${FULL ? ", BENCH_FULL" : ""}${ONLY ? `, BENCH_ONLY=${ONLY.source}` : ""}`,
    `current:  ${CURRENT.describe}${CURRENT.warning ? ` — WARNING: ${CURRENT.warning}` : ""}`,
    BASELINE
      ? `baseline: ${BASELINE.describe}${BASELINE.warning ? ` — WARNING: ${BASELINE.warning}` : ""}`
      : `baseline: ${BASELINE_UNAVAILABLE || "none"}`,
  ];
  if (BASELINE && !SHARED_BOOKS)
    header.push(
      `† the baseline refuses today's FY29 book (${REFUSAL.trim().replace(/^.*?: error: /, "")}): FY29 rows also run both on its own ledgers/jlis-h29; the ratio is taken there`,
    );
  header.push(
    `cur/base: current / baseline median wall time on the same input; SLOWER above ${1 + BASELINE_NOISE}, faster below ${1 - BASELINE_NOISE} (noise tolerance ${BASELINE_NOISE * 100}%)`,
  );
  console.log(header.join("\n"));

  const rows: Row[] = [];
  const add = (row: Row) => {
    rows.push(row);
    process.stderr.write(`  done ${row.id}: ${row.status}\n`);
  };
  const fy29Common = SHARED_BOOKS ? undefined : COMMON_FY29;

  if (wanted("node-e0"))
    add(await plain("node-e0", "node -e 0 (bare Node start-up)", process.execPath, ["-e", "0"]));
  if (wanted("help"))
    add(
      await yosan({
        id: "help",
        what: "yosan --help (start-up alone)",
        input: "",
        args: () => ["--help"],
        // In the terminal's language (使い方： in Japanese, the default; Usage: before issue 21).
        check: (s) => (/(Usage: |使い方： ?)yosan/.test(s.stdout) ? null : "no usage printed"),
      }),
    );
  if (wanted("fy29-build"))
    add(
      await build("fy29-build", "FY29 build, JSON + CSV", FY29, fy29Common, {
        formats: "json,csv",
      }),
    );
  if (wanted("fy29-full"))
    add(await build("fy29-full", "FY29 build, every output (the default)", FY29, fy29Common));
  if (wanted("water")) {
    const water = waterBook();
    add(
      water
        ? await yosan({
            id: "water",
            what: "the water example, every output",
            input: water,
            args: (b, out) => ["build", b, "--out", out],
          })
        : { id: "water", what: "the water example, every output", status: "not yet available" },
    );
  }

  const sizes: [string, number][] = [
    ["100k", 100_000],
    ["1m", 1_000_000],
  ];
  if (FULL) sizes.push(["10m", 10_000_000]);
  const journals = new Map<string, { file: string; lines: number; exportMs: number }>();
  const generated = new Map<string, string>();
  for (const [size, lines] of sizes) {
    const needs = [
      `build-${size}`,
      `floor-${size}`,
      `hledger-${size}`,
      `ledger-${size}`,
      `whatif-${size}`,
    ];
    if (!needs.some(wanted)) continue;
    const g = generateBook({ lines, out: join(RUN, size, "jlis-h29"), seed: 29 });
    generated.set(size, g.dir);
    process.stderr.write(
      `  generated ${g.budgetFile}: ${lines.toLocaleString("en")} lines, ${(g.bytes / 1e6).toFixed(1)} MB\n`,
    );
    if (wanted(`build-${size}`)) {
      const common = commonGenerated(g.dir, lines, join(RUN, `${size}-baseline`, "jlis-h29"));
      add(
        await build(
          `build-${size}`,
          `build, ${lines.toLocaleString("en")} budget lines`,
          g.dir,
          common,
          {
            formats: "json,csv",
            lines,
            ...(size === "10m" ? { runs: Math.min(RUNS, 3) } : {}),
          },
        ),
      );
    }
    if (wanted(`floor-${size}`))
      add(
        await plain(
          `floor-${size}`,
          `floor: read + split ${lines.toLocaleString("en")} lines (Node)`,
          process.execPath,
          ["-e", FLOOR_SCRIPT, g.budgetFile],
          { lines },
        ),
      );
    const engines = size === "100k" || (FULL && size === "1m");
    if (engines && (wanted(`hledger-${size}`) || wanted(`ledger-${size}`))) {
      const file = join(RUN, `${size}.journal`);
      const exportMs = await exportJournal(g.dir, file);
      journals.set(size, { file, lines, exportMs });
      process.stderr.write(
        `  exported ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB) in ${seconds(exportMs)}\n`,
      );
    }
  }
  if (wanted("xlsx-import")) add(await xlsxImport(200_000));
  if (wanted("actuals-1m")) add(await actualsImport(1_000_000));
  if (wanted("actuals-mapping-fy29") || wanted("actuals-mapping-100k"))
    for (const row of await mappingImport(100_000)) add(row);
  if (wanted("versions-10k")) add(await manyVersions(10_000));
  for (const [size, j] of journals) {
    // hledger needs ~8.5 GB for 1,000,000 lines: one run there.
    const runs = size === "100k" ? RUNS : 1;
    for (const name of ["hledger", "ledger"] as const)
      if (wanted(`${name}-${size}`)) add(await engine(name, size, j.file, j.lines, runs));
  }
  if (!FULL) process.stderr.write("  (10,000,000 lines, and engines on 1,000,000: BENCH_FULL=1)\n");
  if (wanted("serve-fy29-page") || wanted("serve-fy29-load"))
    for (const row of await pages(FY29, 5)) if (wanted(row.id)) add(row);
  if (wanted("whatif-fy29"))
    add(whatIf("whatif-fy29", "what-if edit → statements + checks, FY29", FY29, 300));
  const large = generated.get("100k");
  if (wanted("whatif-100k") && large)
    add(whatIf("whatif-100k", "what-if edit, 100,000 budget lines", large, 100, 100_000));

  const byId = (id: string) => rows.find((r) => r.id === id && r.status === "ok");
  for (const row of rows)
    if (row.status === "ok")
      row.targets = (TARGETS[row.id] ?? []).map((t) => verdict(t, row, byId));
  console.log(table(rows));

  const unmet = rows.flatMap((r) =>
    (r.targets ?? []).filter((v) => v.met === false).map((v) => `${r.id} (${verdictText(v)})`),
  );
  const moved = (slower: boolean) =>
    rows
      .filter((r) =>
        r.ratio === undefined
          ? false
          : slower
            ? r.ratio > 1 + BASELINE_NOISE
            : r.ratio < 1 - BASELINE_NOISE,
      )
      .map((r) => `${r.id} ×${r.ratio?.toFixed(2)}`);
  console.log(`targets NOT MET: ${unmet.length ? unmet.join("; ") : "none"}`);
  console.log(`slower than the baseline: ${moved(true).join(", ") || "none"}`);
  console.log(`faster than the baseline: ${moved(false).join(", ") || "none"}`);

  const report = {
    date: started.toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? "",
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      loadAverageAtStart: load,
      node: process.version,
      hledger: version("hledger"),
      ledger: version("ledger"),
      measuredBy: hasGnuTime ? "GNU time" : "/proc VmHWM polling",
    },
    runs: RUNS,
    full: FULL,
    only: ONLY?.source ?? null,
    current: {
      describe: CURRENT.describe,
      commit: CURRENT.commit,
      warning: CURRENT.warning ?? null,
    },
    baseline: BASELINE
      ? {
          describe: BASELINE.describe,
          commit: BASELINE.commit,
          worktree: BASELINE.root,
          warning: BASELINE.warning ?? null,
          readsTodaysBook: SHARED_BOOKS,
          refusal: SHARED_BOOKS ? null : REFUSAL.trim(),
        }
      : { unavailable: BASELINE_UNAVAILABLE || "none" },
    baselineNoise: BASELINE_NOISE,
    targets: TARGETS,
    results: rows,
    journalExportMs: Object.fromEntries([...journals].map(([k, v]) => [k, Math.round(v.exportMs)])),
  };
  mkdirSync(join(REPO, "output"), { recursive: true });
  writeFileSync(join(REPO, "output/bench.json"), `${JSON.stringify(report, null, 2)}\n`);
  console.log("wrote output/bench.json");
  if (rows.some((r) => r.status === "failed")) process.exitCode = 1;
}

await main();
