/**
 * A bench row for the actuals import's mapping (issue 18, item 3): `yosan import --dry-run` of a
 * generated journal through FY29's mapping plus 100,000 prefix rules (`7000000*` … into 事業費,
 * a chart of accounts with a long tail), as a child process — wall time and peak RSS, median of
 * a few runs, with the same import through FY29's own mapping for reference. The import must
 * give the sample 決算 back exactly (no leaf "was" anything else), whatever the extra rules.
 * Target: about a second (before the prefix index it took over 300 s).
 *
 *   npx tsx test/tools/bench-mapping.ts [--rules 100000] [--lines 20000] [--runs 3]
 */
import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { generateActuals } from "./generate-actuals.ts";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const FY29 = join(REPO, "ledgers/jlis-h29");
const BIN = join(REPO, "src/cli/bin.mjs");
const BUNDLE = join(REPO, "output/.bundle/cli.mjs");
const GNU_TIME = "/usr/bin/time";

/** A row of the bench table (the shape bench.ts prints). */
export interface MappingRow {
  readonly id: string;
  readonly what: string;
  readonly status: "ok" | "failed";
  readonly runs?: number;
  readonly wallMs?: number;
  readonly cpuMs?: number | null;
  readonly rssMiB?: number;
  readonly lines?: number;
  readonly note?: string;
}

export interface MappingBenchOptions {
  /** Extra prefix rules (default 100,000). */
  readonly rules?: number;
  /** About how many journal lines the export has (default 20,000). */
  readonly lines?: number;
  /** Measured runs per row; the row is their median (default 3). */
  readonly runs?: number;
  /** Work directory (default $TMPDIR/yosan-bench-mapping). */
  readonly work?: string;
}

/** `n` prefix rules `7000000*` … `7000000+n-1*` into 事業費, one a line, each ending in a newline. */
export function prefixRules(n: number): string {
  let text = "";
  for (let i = 0; i < n; i++) text += `account,${7_000_000 + i}*,科目${i},事業費,,debit,,\n`;
  return text;
}

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number | null;
  readonly rssKiB: number;
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

const hasGnuTime = () =>
  existsSync(GNU_TIME) && spawnSync(GNU_TIME, ["-f", "%M", "true"]).status === 0;

/** One run: wall and CPU time, peak RSS (GNU time's %M, or /proc VmHWM polled without it). */
function measure(args: readonly string[], work: string): Promise<Sample> {
  const start = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - start) / 1e6;
  if (hasGnuTime()) {
    const report = join(work, "time.txt");
    const r = spawnSync(GNU_TIME, ["-o", report, "-f", "%U %S %M", process.execPath, ...args], {
      cwd: REPO,
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
    const wallMs = elapsed();
    const last = readFileSync(report, "utf8").trim().split("\n").pop() ?? "";
    const [user = "0", sys = "0", rss = "0"] = last.split(" ");
    return Promise.resolve({
      wallMs,
      cpuMs: (Number(user) + Number(sys)) * 1000,
      rssKiB: Number(rss),
      status: r.status ?? -1,
      stdout: r.stdout,
      stderr: r.stderr,
    });
  }
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: REPO });
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
      done({ wallMs: elapsed(), cpuMs: null, rssKiB: peak, status: code ?? -1, stdout, stderr });
    });
  });
}

const median = (values: readonly number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/** Does bin.mjs run the bundle (newer than every file under src/), or fall back to tsx? */
function bundleIsFresh(): boolean {
  if (!existsSync(BUNDLE)) return false;
  const built = statSync(BUNDLE).mtimeMs;
  const older = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).every((e) =>
      e.isDirectory() ? older(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs <= built,
    );
  return older(join(REPO, "src"));
}

async function importRow(
  id: string,
  what: string,
  args: readonly string[],
  runs: number,
  work: string,
  note: string,
): Promise<MappingRow> {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    const s = await measure([BIN, ...args], work);
    const problem =
      s.status !== 0
        ? `exit ${s.status}: ${s.stderr.slice(0, 400)}`
        : /借方 ([\d,]+) = 貸方 \1/.test(s.stdout) && !/ was /.test(s.stdout)
          ? null
          : "the import did not give the sample 決算 back: rows were lost or misread";
    if (problem) return { id, what, status: "failed", note: problem };
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
    note,
  };
}

/**
 * The mapping rows: `import --dry-run` of a generated journal into a copy of FY29 through its
 * own mapping, then through that mapping plus `rules` prefix rules.
 */
export async function mappingRows(options: MappingBenchOptions = {}): Promise<MappingRow[]> {
  const rules = options.rules ?? 100_000;
  const runs = options.runs ?? 3;
  const work = options.work ?? join(tmpdir(), "yosan-bench-mapping");
  mkdirSync(work, { recursive: true });
  const g = generateActuals({
    lines: options.lines ?? 20_000,
    out: join(work, "export"),
    seed: 29,
  });
  const book = join(work, "jlis-h29");
  cpSync(FY29, book, { recursive: true });
  const big = join(work, `mapping-${rules}.csv`);
  writeFileSync(big, readFileSync(join(FY29, "mapping.csv"), "utf8") + prefixRules(rules));
  const mb = (statSync(big).size / 1e6).toFixed(1);
  const args = ["import", g.journal, "--into", book, "--version", "settlement", "--dry-run"];
  const how = bundleIsFresh() ? "bundle" : "tsx (the bundle is older than src/)";
  const journal = `${g.lines.toLocaleString("en")}-line journal`;
  return [
    await importRow(
      "actuals-mapping-fy29",
      `import --dry-run of a ${journal}, FY29's mapping (62 accounts)`,
      args,
      runs,
      work,
      `run by ${how}`,
    ),
    await importRow(
      `actuals-mapping-${rules / 1000}k`,
      `import --dry-run of a ${journal}, mapping + ${rules.toLocaleString("en")} prefix rules`,
      [...args, "--mapping", big],
      runs,
      work,
      `mapping ${mb} MB; run by ${how}`,
    ),
  ].map((r) => ({ ...r, lines: g.lines }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      rules: { type: "string", default: "100000" },
      lines: { type: "string", default: "20000" },
      runs: { type: "string", default: "3" },
    },
  });
  const rows = await mappingRows({
    rules: Number(values.rules),
    lines: Number(values.lines),
    runs: Number(values.runs),
  });
  for (const r of rows)
    console.log(
      r.status === "ok"
        ? `${r.id.padEnd(24)} ${((r.wallMs ?? 0) / 1000).toFixed(2).padStart(7)} s  ${String(r.rssMiB).padStart(5)} MiB peak RSS  ×${r.runs}  ${r.what}; ${r.note}`
        : `${r.id.padEnd(24)} FAILED: ${r.note}`,
    );
  if (rows.some((r) => r.status !== "ok")) process.exitCode = 1;
}
