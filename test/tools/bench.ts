/**
 * `npm run bench`: whole-process wall time, CPU time and peak RSS of yosan and of the engines it
 * is measured against, median of BENCH_RUNS runs (default 5). Prints a table and writes
 * output/bench.json. A benchmark, not a timed test: it fails (exit 1) only when a generated book
 * does not come out exactly as FY29 (ending cash 21,616,961) or a command fails.
 *
 *   (1) yosan build of FY29, cold CLI start included
 *   (2) the same with the workbook and HTML report            — placeholder until they exist
 *   (3) yosan build of generated books of 100,000 and (BENCH_FULL=1) 1,000,000 budget lines
 *   (4) import of a 200,000-row xlsx                          — placeholder until it exists
 *   (5) floor: read the same CSV and split it on newlines and commas in Node
 *   (6) hledger balance and ledger balance on the book exported as a journal (100k; 1M with
 *       BENCH_FULL=1, one run each: hledger needs ~8.5 GB there)
 *   (7) yosan import of a 1,000,000-line journal export (仕訳, UTF-8, made from FY29's sample 決算
 *       through the book's mapping) as version settlement, --dry-run: it must give the version's
 *       figures back exactly (no leaf "was" anything else); target under 3 s and 400 MiB
 *   (8) yosan serve: the FY29 pages, from the server and loaded in Chromium (bench-serve.ts)
 *   (9) yosan serve: a what-if edit recomputing the statements and every check, p95, on FY29
 *       and on the generated 100,000-line book
 *
 * Env: BENCH_RUNS (default 5), BENCH_FULL=1, BENCH_TMP (work directory, default $TMPDIR/yosan-bench),
 * BENCH_ONLY=serve (only rows 8 and 9).
 */
import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { budgetRowStream } from "../../src/read/budget-rows.ts";
import { loadBook } from "../../src/read/load-book.ts";
import { journalOf } from "../../src/render/journal.ts";
import { serveRows } from "./bench-serve.ts";
import { generateActuals } from "./generate-actuals.ts";
import { generateBook } from "./generate-book.ts";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const FY29 = join(REPO, "ledgers/jlis-h29");
const BIN = join(REPO, "src/cli/bin.mjs");
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? "5") || 5);
const FULL = process.env.BENCH_FULL === "1";
const WORK = process.env.BENCH_TMP ?? join(tmpdir(), "yosan-bench");
const EXPECTED_CLOSING_CASH = "21616961";
const GNU_TIME = "/usr/bin/time";
const ONLY_SERVE = process.env.BENCH_ONLY === "serve";

/** One run of a process: wall and CPU time in ms, peak RSS in KiB. */
interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number | null;
  readonly rssKiB: number;
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
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
    const report = join(WORK, "time.txt");
    const start = process.hrtime.bigint();
    const r = spawnSync(GNU_TIME, ["-o", report, "-f", "%U %S %M", command, ...args], {
      cwd: REPO,
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
    const child = spawn(command, args, { cwd: REPO });
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

/** Median of `runs` measured runs; `check` sees every run's output and returns an error or null. */
async function bench(
  id: string,
  what: string,
  command: string,
  args: readonly string[],
  options: { runs?: number; lines?: number; check?: (s: Sample) => string | null } = {},
): Promise<Row> {
  const runs = options.runs ?? RUNS;
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    const s = await measure(command, args);
    const problem =
      s.status !== 0 ? `exit ${s.status}: ${s.stderr.slice(0, 400)}` : options.check?.(s);
    if (problem) {
      console.error(`${id}: ${problem}`);
      return { id, what, status: "failed", note: problem };
    }
    samples.push(s);
    process.stderr.write(`  ${id} run ${i + 1}/${runs}: ${(s.wallMs / 1000).toFixed(2)} s\n`);
  }
  const cpu = samples.map((s) => s.cpuMs);
  return {
    id,
    what,
    status: "ok",
    runs,
    wallMs: Math.round(median(samples.map((s) => s.wallMs))),
    cpuMs: cpu.every((c) => c !== null) ? Math.round(median(cpu as number[])) : null,
    rssMiB: Math.round(median(samples.map((s) => s.rssKiB)) / 1024),
    ...(options.lines !== undefined ? { lines: options.lines } : {}),
  };
}

/** Build a book with the CLI into `out`; the check reads statements.json's ending cash. */
function yosanBuild(
  id: string,
  what: string,
  book: string,
  lines?: number,
  formats = "json,csv",
): Promise<Row> {
  const out = join(WORK, `${id}-out`);
  return bench(
    id,
    what,
    process.execPath,
    [BIN, "build", book, "--out", out, "--formats", formats],
    {
      ...(lines !== undefined ? { lines } : {}),
      check: () => {
        const json = JSON.parse(readFileSync(join(out, "statements.json"), "utf8")) as {
          statements: { id: string; lines: { id: string; total: string }[] }[];
        };
        const cash = json.statements
          .find((s) => s.id === "cash-plan")
          ?.lines.find((l) => l.id === "cf-closing-cash")?.total;
        return cash === EXPECTED_CLOSING_CASH
          ? null
          : `ending cash ${cash}, expected ${EXPECTED_CLOSING_CASH}: the generated book is not FY29`;
      },
    },
  );
}

/** The floor: read the CSV and split it on newlines and commas, nothing else. */
const FLOOR_SCRIPT = `
const { readFileSync } = require("node:fs");
const t = process.hrtime.bigint();
const text = readFileSync(process.argv[1], "utf8");
let cells = 0;
for (const line of text.split("\\n")) if (line !== "") cells += line.split(",").length;
process.stdout.write(cells + " " + Number(process.hrtime.bigint() - t) / 1e6);
`;

function floor(id: string, csv: string, lines: number): Promise<Row> {
  return bench(
    id,
    `floor: read + split ${lines.toLocaleString("en")}-line CSV (node)`,
    process.execPath,
    ["-e", FLOOR_SCRIPT, csv],
    {
      lines,
    },
  );
}

function version(command: string): string | null {
  const r = spawnSync(command, ["--version"], { encoding: "utf8" });
  return r.error || r.status !== 0 ? null : (r.stdout.split("\n")[0] ?? "").trim();
}

async function exportJournal(bookDir: string, file: string): Promise<number> {
  const start = process.hrtime.bigint();
  const loaded = await loadBook(bookDir);
  if (!loaded.ok) throw new Error(`${bookDir} does not load`);
  writeFileSync(file, journalOf(loaded.book, budgetRowStream(loaded.book)));
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function engines(size: string, journal: string, lines: number, runs: number): Promise<Row[]> {
  const rows: Row[] = [];
  const hledger = version("hledger");
  const ledger = version("ledger");
  rows.push(
    hledger
      ? await bench(
          `hledger-${size}`,
          `hledger balance, ${size} journal`,
          "hledger",
          ["-f", journal, "balance", "-O", "csv"],
          { runs, lines },
        )
      : {
          id: `hledger-${size}`,
          what: `hledger balance, ${size}`,
          status: "skipped",
          note: "hledger not installed (.ci/install-hledger)",
        },
  );
  rows.push(
    ledger
      ? await bench(
          `ledger-${size}`,
          `ledger balance, ${size} journal`,
          "ledger",
          ["-f", journal, "balance"],
          { runs, lines },
        )
      : {
          id: `ledger-${size}`,
          what: `ledger balance, ${size}`,
          status: "skipped",
          note: "ledger not installed (.ci/install-hledger)",
        },
  );
  return rows;
}

function fmt(row: Row): string {
  const cell = (v: string, w: number) => v.padStart(w);
  if (row.status !== "ok")
    return `${row.id.padEnd(16)} ${row.what.padEnd(52)} ${row.status.toUpperCase()}${row.note ? ` — ${row.note}` : ""}`;
  return `${row.id.padEnd(16)} ${row.what.padEnd(52)} ${cell(((row.wallMs ?? 0) / 1000).toFixed(3), 8)} s ${cell(
    row.cpuMs == null ? "—" : (row.cpuMs / 1000).toFixed(2),
    7,
  )} s ${cell(String(row.rssMiB ?? 0), 6)} MiB  ×${row.runs}`;
}

/**
 * (4) `yosan import --dry-run` of a 200,000-row xlsx of budget lines (account, segment, amount)
 * whose rows split the FY29 leaves, into a copy of the FY29 book: the import must report no
 * change, which proves every row was read and added up exactly.
 */
async function xlsxImport(lines: number): Promise<Row> {
  const g = generateBook({ lines, out: join(WORK, "xlsx-src", "jlis-h29"), seed: 4 });
  const file = join(WORK, "budget-200k.xlsx");
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
  console.log(`  wrote ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB)`);
  const book = join(WORK, "xlsx-into", "jlis-h29");
  mkdirSync(join(book, ".."), { recursive: true });
  cpSync(FY29, book, { recursive: true });
  // The bridge lines live in bridge.csv; the xlsx carries only budget.csv's rows.
  return bench(
    "xlsx-import",
    `(4) import of a ${lines.toLocaleString("en")}-row xlsx`,
    process.execPath,
    [BIN, "import", file, "--into", book, "--dry-run"],
    {
      runs: Math.min(RUNS, 3),
      lines,
      check: (s) =>
        s.stdout.includes("changes: none")
          ? null
          : "the import changed the book: rows were lost or misread",
    },
  );
}

/**
 * (7) `yosan import JOURNAL --into FY29 --version settlement --dry-run` of a generated journal:
 * every leaf must come out as the checked-in sample (the import prints "was …" for any other).
 */
async function actualsImport(lines: number): Promise<Row> {
  const g = generateActuals({ lines, out: join(WORK, "actuals"), seed: 29 });
  console.log(
    `  generated ${g.journal}: ${g.lines.toLocaleString("en")} journal lines, ${(g.bytes / 1e6).toFixed(1)} MB`,
  );
  const book = join(WORK, "actuals-into", "jlis-h29");
  mkdirSync(join(book, ".."), { recursive: true });
  cpSync(FY29, book, { recursive: true });
  return bench(
    "actuals-1m",
    `(7) import of a ${g.lines.toLocaleString("en")}-line journal as actuals`,
    process.execPath,
    [BIN, "import", g.journal, "--into", book, "--version", "settlement", "--dry-run"],
    {
      lines: g.lines,
      check: (s) =>
        /借方 ([\d,]+) = 貸方 \1/.test(s.stdout) && !/ was /.test(s.stdout)
          ? null
          : "the import did not give the sample 決算 back: rows were lost or misread",
    },
  );
}

/** output/bench.json: the machine, the targets and every row. */
function writeReport(
  started: Date,
  load: number[],
  rows: readonly Row[],
  ratios: Record<string, number>,
  journals: ReadonlyMap<string, { exportMs: number }>,
): void {
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
    targets: {
      "fy29-build wall ms": 500,
      "build-1m wall ms": 5000,
      "build-1m rss MiB": 1024,
      "hledger/yosan 100k": 10,
      "ledger/yosan 100k": 1,
      "serve-fy29-load wall ms": 1000,
      "whatif-fy29 p95 ms": 50,
      "whatif-100k p95 ms": 500,
      "actuals-1m wall ms": 3000,
      "actuals-1m rss MiB": 400,
    },
    results: rows,
    journalExportMs: Object.fromEntries([...journals].map(([k, v]) => [k, Math.round(v.exportMs)])),
    ratios,
  };
  mkdirSync(join(REPO, "output"), { recursive: true });
  writeFileSync(join(REPO, "output/bench.json"), `${JSON.stringify(report, null, 2)}\n`);
  console.log("wrote output/bench.json");
  if (rows.some((r) => r.status === "failed")) process.exitCode = 1;
}

async function main(): Promise<void> {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const started = new Date();
  const load = loadavg();
  console.log(
    `yosan bench: ${RUNS} runs (median), ${cpus().length} CPUs, load ${load.map((l) => l.toFixed(2)).join(" ")}, ` +
      `${hasGnuTime ? "GNU time" : "/proc VmHWM polling"}${FULL ? ", BENCH_FULL" : ""}`,
  );
  const rows: Row[] = [];
  const add = (row: Row) => {
    rows.push(row);
    console.log(fmt(row));
  };

  if (ONLY_SERVE) {
    const g = generateBook({ lines: 100_000, out: join(WORK, "100k", "jlis-h29"), seed: 29 });
    for (const row of await serveRows(FY29, { dir: g.dir, lines: 100_000 })) add(row);
    writeReport(started, load, rows, {}, new Map());
    return;
  }
  add(await yosanBuild("fy29-build", "(1) yosan build FY29, JSON + CSV (cold CLI start)", FY29));
  add(
    await yosanBuild(
      "fy29-full",
      "(2) yosan build FY29 + workbook + HTML report",
      FY29,
      undefined,
      "json,csv,xlsx,html",
    ),
  );

  const sizes: [string, number][] = [["100k", 100_000]];
  if (FULL) sizes.push(["1m", 1_000_000]);
  const journals = new Map<string, { file: string; lines: number; exportMs: number }>();
  const generated = new Map<string, string>();
  for (const [size, lines] of sizes) {
    const g = generateBook({ lines, out: join(WORK, size, "jlis-h29"), seed: 29 });
    generated.set(size, g.dir);
    console.log(
      `  generated ${g.budgetFile}: ${lines.toLocaleString("en")} lines, ${(g.bytes / 1e6).toFixed(1)} MB`,
    );
    add(
      await yosanBuild(
        `build-${size}`,
        `(3) yosan build, ${lines.toLocaleString("en")} budget lines`,
        g.dir,
        lines,
      ),
    );
    add(await floor(`floor-${size}`, g.budgetFile, lines));
    const file = join(WORK, `${size}.journal`);
    const exportMs = await exportJournal(g.dir, file);
    journals.set(size, { file, lines, exportMs });
    console.log(
      `  exported ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB) in ${(exportMs / 1000).toFixed(2)} s`,
    );
  }
  add(await xlsxImport(200_000));
  add(await actualsImport(1_000_000));
  for (const [size, j] of journals) {
    for (const row of await engines(size, j.file, j.lines, size === "1m" ? 1 : RUNS)) add(row);
  }
  if (!FULL) console.log("  (1,000,000 lines: set BENCH_FULL=1)");
  const large = generated.get("100k");
  for (const row of await serveRows(FY29, large ? { dir: large, lines: 100_000 } : undefined))
    add(row);

  const by = (id: string) => rows.find((r) => r.id === id && r.status === "ok");
  const ratios: Record<string, number> = {};
  const ratio = (name: string, num?: Row, den?: Row) => {
    if (num?.wallMs && den?.wallMs)
      ratios[name] = Math.round((num.wallMs / den.wallMs) * 100) / 100;
  };
  for (const [size] of sizes) {
    ratio(`hledger/yosan ${size} (target ≥ 10)`, by(`hledger-${size}`), by(`build-${size}`));
    ratio(`ledger/yosan ${size} (target > 1)`, by(`ledger-${size}`), by(`build-${size}`));
    ratio(`yosan/floor ${size}`, by(`build-${size}`), by(`floor-${size}`));
  }
  const r100 = by("build-100k");
  const r1m = by("build-1m");
  if (r100?.rssMiB && r1m?.rssMiB)
    ratios["RSS 1m / 100k"] = Math.round((r1m.rssMiB / r100.rssMiB) * 100) / 100;
  console.log("ratios (wall time):");
  for (const [k, v] of Object.entries(ratios)) console.log(`  ${k.padEnd(34)} ${v.toFixed(2)}`);

  writeReport(started, load, rows, ratios, journals);
}

await main();
