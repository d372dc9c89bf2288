/**
 * Fuzz: damaged and hostile inputs thrown at every command through the real command line —
 * `run` from src/cli/cli.ts in process, or `node src/cli/bin.mjs` in a child process for the
 * cases that may loop or block (thousands of rows, 100 kB cells, odd zips, FIFOs), since a
 * stuck synchronous loop cannot be interrupted in process. For every generated case:
 *
 *  1. the exit code is 0, 1 or 2 — never 3, never an exception escaping `run`, never a hang
 *     (more than 5 s of CPU for one command, or blocked with no progress);
 *  2. no "internal error" and no stack trace in stdout or stderr;
 *  3. exit 2 names the file involved (the damaged book file, the imported file, the refused
 *     output); a damaged CSV file is named with a row;
 *  4. the book directory is byte-identical after every command, except after an import (not
 *     --dry-run) that succeeds — and a book an import wrote loads again;
 *  5. nothing is written outside the book and the case's output directory (the case's temp
 *     directory gains no other entry, the output directory keeps no temporary file, TMPDIR —
 *     pointed into the case while a command runs — and the working directory gain nothing);
 *  6. text is inert in every output: no CSV cell starts a formula (= + - @, their full-width
 *     forms, tab, CR; a plain number such as -123 is fine), report.html carries no live markup,
 *     statements.xlsx holds hostile text as strings (never in a formula, never in a defined
 *     name) under valid sheet names.
 *
 * Every case copies the FY29 book (copyBook) and damages one file, or imports one hostile
 * file into it, or aims one output at a hostile place. A damaged book meets check, build (every
 * format), export xlsx, export journal, explain, commitments, versions and compare current
 * settlement --csv (現計 = 当初 + versions/revision-1.csv, against 決算's file and notes). The
 * generators:
 *
 *   book-bytes              byte flips, truncation, inserted bytes (NUL, 0xFF, CR, …), Shift_JIS /
 *                           UTF-16 / EUC-JP re-encoding, a deleted file, a directory, symlinks —
 *                           in any book file, versions/*.csv included
 *   book-csv-rows           a cell or appended rows (1 … 50,000) with huge, △/negative, empty,
 *                           100 kB or hostile values; 20,000 columns; duplicated headers; blanks
 *   water-csv-rows          the same damage to the water example's CSV files (ledgers/water-r7:
 *                           課税区分, rates, tax lines, the 議案 as adopted print)
 *   book-manifest           book.json: keys removed, values of the wrong type, sheet-hostile
 *                           statement titles, segment names (renamed in the CSV files too),
 *                           segmentTerm and other texts; versions that cycle, collide, share
 *                           files, fall outside the year, and comparisons, prints, continuity
 *                           and variance naming the wrong ones
 *   hostile-text            formula, markup and control-character payloads in every text of a
 *                           book (version names and notes, print and comparison titles too)
 *   output-targets          --out / --junit / compare --csv aimed at the book, its files,
 *                           through symlinks, at files
 *   import-files            random bytes, truncated / flipped xlsx, zips with lying sizes and
 *                           flags, XXE, entity bombs, far cells, small hostile workbooks and CSVs
 *   import-edited-workbook  yosan's own workbook with hostile values typed into it
 *   import-actuals          import EXPORT --version: a journal or trial balance of the sample
 *                           決算 (test/tools/generate-actuals.ts; CSV, Shift_JIS, UTF-16, TSV or
 *                           xlsx) with a damaged cell, header, rows or bytes, a damaged
 *                           mapping.csv or --mapping aimed elsewhere, and odd --version, --as-of,
 *                           --kind, --unit, --signs, --name; a version it writes must compare
 *   versions-import         import EXPORT --version into a version declared on a file something
 *                           else reads (the budget, bridge, a revision, a print, mapping.csv,
 *                           book.json, ./ and // spellings), on a stray file, or its own; an
 *                           export named as a formula (=cmd|…, @SUM, +, -, tab, CR, full-width);
 *                           100,000 extra prefix rules; 10,000 chained revisions. Besides 1–5: a
 *                           written import changed no file but book.json and the version's own,
 *                           and no cell it wrote starts a formula
 *   blocking-files          FIFOs as book files, named by book.json (versions too), imported as
 *                           a file, an export or a mapping, as outputs
 *
 * Fixed seed, bounded runs:
 *
 *   FUZZ_RUNS=N     total runs spread over the generators (default: 72, a quick pass)
 *   FUZZ_SEED=S     another seed
 *   FUZZ_ONLY=re    only the generators whose name matches
 *   FUZZ_SHRINK_MS  time to spend shrinking a failure (default 3 s, 60 s with FUZZ_RUNS)
 *   FUZZ_CHILD=1    run every book command in a child process (cases that may loop for long —
 *                   thousands of rows, 100 kB cells — always do)
 *   FUZZ_COLLECT=1  do not stop at the first failure: run every case, then report each distinct
 *                   failure once, with the smallest case that showed it
 *
 * A failure prints fast-check's shrunk counterexample (the damage, as data) and, per command,
 * the exit code and the first lines of stderr. While shrinking, only the commands that failed
 * are run again. *
 * The default run (55 cases) takes about 30 s on a 2-core machine. Long run of 2026-11 (branch
 * fuzz2): 3,482 cases in about 71 minutes — seed 1 at FUZZ_RUNS=2000 (1,768: book-bytes 480,
 * book-csv-rows 267, book-manifest 280, hostile-text 120, output-targets 100, import-files 240,
 * import-edited-workbook 60, import-actuals 161, blocking-files 60; 42 min), seed 2 at 2000 for
 * all but book-bytes and book-csv-rows (1,120; 18 min), seed 3 at 1500 for book-csv-rows (300)
 * and import-actuals (294; 11 min). It found four defects, fixed with reproducers in
 * test/limits.test.ts, test/errors/ and test/actuals.test.ts (a control character in a sheet
 * name; 50,000 copies of a checks.csv rule; a 150 MB layout.csv; an empty --version), and one
 * slow case: a 100 MB TSV export of 1,000 rows each wider than its header with a 100 kB cell
 * took 7.6 s and 1 GB in import --version; the delimited reader no longer keeps each record's
 * raw text (5.0 s, 720 MB: csv-parse's own work on 100 MB, in proportion to the bytes).
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  appendFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { inflateRawSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import fc from "fast-check";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../src/cli/build.ts";
import { run } from "../src/cli/cli.ts";
import { copyBook, FY29, hashDir, REPO, tempDir } from "./helpers/book.ts";
import { zipOf } from "./helpers/hostile-files.ts";
import { type GeneratedActuals, generateActuals } from "./tools/generate-actuals.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20290401);
const TOTAL = Number(process.env.FUZZ_RUNS ?? 0);
const ONLY = process.env.FUZZ_ONLY ? new RegExp(process.env.FUZZ_ONLY) : undefined;
const COLLECT = process.env.FUZZ_COLLECT === "1";
/** Run every book command in a child process (slower, but a stuck loop cannot stop the run). */
const CHILD = process.env.FUZZ_CHILD === "1";
/** A command that computes for longer than this (CPU time) counts as a hang. */
const HANG_MS = 5_000;
/**
 * Wall-clock limit of one command in process (an unsettled promise is abandoned), and the
 * least time before a child that computes nothing counts as blocked. Higher than HANG_MS so
 * a loaded machine does not fake a hang; files that block a reader use HANG_MS itself.
 */
const WALL_MS = 3 * HANG_MS;
/** Time to spend shrinking a failure (each candidate runs the failing commands again). */
const SHRINK_MS = Number(process.env.FUZZ_SHRINK_MS ?? (TOTAL > 0 ? 60_000 : 3_000));

// ─── running a command ─────────────────────────────────────────────────────────────────────

interface Outcome {
  readonly label: string;
  readonly code: number | "hang" | "threw";
  readonly stdout: string;
  readonly stderr: string;
  /** Wall-clock and CPU milliseconds. */
  readonly ms: number;
  readonly cpu: number;
}

/** The real command line in process; a promise that does not settle in WALL_MS is a hang. */
async function yosanInProcess(
  s: Sandbox,
  label: string,
  argv: readonly string[],
): Promise<Outcome> {
  // os.tmpdir() inside the case while the command runs, so stray temporary files show
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = s.tmp;
  let stdout = "";
  let stderr = "";
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<"hang">((resolve) => {
    timer = setTimeout(() => resolve("hang"), WALL_MS);
  });
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let code: Outcome["code"];
  try {
    code = await Promise.race([
      run(argv, {
        out: (t) => {
          stdout += t;
        },
        err: (t) => {
          stderr += t;
        },
      }),
      hang,
    ]);
  } catch (error) {
    code = "threw";
    stderr += `\n(thrown out of run) ${(error as Error)?.stack ?? String(error)}`;
  } finally {
    clearTimeout(timer);
    if (savedTmp === undefined) Reflect.deleteProperty(process.env, "TMPDIR");
    else process.env.TMPDIR = savedTmp;
  }
  const cpu = process.cpuUsage(cpuStart);
  const ms = Math.round(performance.now() - start);
  return { label, code, stdout, stderr, ms, cpu: Math.round((cpu.user + cpu.system) / 1000) };
}

/** Makes a child print the CPU time it used when it exits (a last line of stderr). */
const CPU_REPORT =
  'data:text/javascript,process.on("exit",()=>process.stderr.write("\\n@@cpu "+JSON.stringify(process.cpuUsage())))';

/** CPU milliseconds a live process has used (Linux /proc; undefined elsewhere or once gone). */
function cpuOf(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
  } catch {
    return undefined;
  }
}

/**
 * The command in a child process (`node src/cli/bin.mjs`). It is killed as a hang once it
 * has computed for HANG_MS, or when after `wallMs` it has computed nothing for HANG_MS
 * (blocked); a child that is merely slow on a loaded machine gets more time (up to 60 s).
 */
function yosanChild(
  s: Sandbox,
  label: string,
  argv: readonly string[],
  wallMs = WALL_MS,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const start = performance.now();
    const bin = join(REPO, "src/cli/bin.mjs");
    const child = spawn(process.execPath, ["--import", CPU_REPORT, bin, ...argv], {
      cwd: REPO,
      env: { ...process.env, TMPDIR: s.tmp },
    });
    let stdout = "";
    let stderr = "";
    let killedAfter: number | undefined;
    let lastCpu = -1;
    let lastProgress = start;
    const look = setInterval(() => {
      const cpu = cpuOf(child.pid);
      const now = performance.now();
      if (cpu !== lastCpu) lastProgress = now;
      lastCpu = cpu ?? lastCpu;
      const blocked = now - start >= wallMs && now - lastProgress >= HANG_MS;
      if (cpu === undefined || cpu > HANG_MS || blocked || now - start > 60_000) {
        killedAfter = cpu ?? Math.round(now - start);
        child.kill("SIGKILL");
      }
    }, 500);
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (code, signal) => {
      clearInterval(look);
      const ms = Math.round(performance.now() - start);
      const report = /\n@@cpu (\{[^\n]*\})$/.exec(stderr);
      const used = report
        ? (JSON.parse(report[1] ?? "{}") as { user: number; system: number })
        : undefined;
      resolve({
        label,
        code: signal !== null ? "hang" : (code ?? 3),
        stdout,
        stderr: report ? stderr.slice(0, report.index) : stderr,
        ms,
        cpu: used ? Math.round((used.user + used.system) / 1000) : (killedAfter ?? ms),
      });
    });
  });
}

// ─── what a case found ─────────────────────────────────────────────────────────────────────

interface Problem {
  /** The command (or "outputs", "sandbox") the problem belongs to. */
  readonly command: string;
  /** What is wrong, without case-specific detail (groups failures). */
  readonly reason: string;
  /** Exit code, time and the first lines of stderr, or the offending cell. */
  readonly detail: string;
}

/** Which commands run: all, or while shrinking only those that failed. */
type Focus = ReadonlySet<string> | null;

function wanted(focus: Focus, label: string): boolean {
  if (focus === null || focus.has(label) || focus.has("sandbox")) return true;
  return (
    focus.has("outputs") && (label === "build" || label === "export xlsx" || label === "compare")
  );
}

/** Control characters shown as escapes, so a message prints on one line. */
function visible(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: showing them is the point
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

function shorten(text: string, max = 240): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

function head(o: Outcome, root: string): string {
  const lines = o.stderr
    .split(root)
    .join("$T")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(0, 4)
    .map((l) => shorten(visible(l)));
  return `exit ${o.code}, ${o.ms} ms (cpu ${o.cpu} ms); stderr: ${lines.length > 0 ? lines.join("\n        | ") : "(none)"}`;
}

const STACK = /\n\s+at [^\n]*:\d+(?::\d+)?\)?(?:\n|$)/;

interface Expect {
  /** Exit 2 must mention one of these (file names). */
  readonly names: readonly string[];
  /** Exit 2 must name a row of this CSV file (`file.csv:N`). */
  readonly rowOf?: string;
}

/** Properties 1–3 for one command's outcome. */
function judge(o: Outcome, expect: Expect, root: string, problems: Problem[]): void {
  const reasons: string[] = [];
  if (o.code === "hang") reasons.push(`killed after ${o.ms} ms, ${o.cpu} ms of CPU (hang)`);
  else if (o.cpu > HANG_MS) reasons.push(`computed for more than ${HANG_MS} ms (hang)`);
  if (o.code === "threw") reasons.push("an exception escaped run()");
  else if (typeof o.code === "number" && ![0, 1, 2].includes(o.code))
    reasons.push(`exit code ${o.code}`);
  const all = `${o.stdout}\n${o.stderr}`;
  if (/internal error/i.test(all)) reasons.push("internal error");
  if (STACK.test(all)) reasons.push("stack trace in the output");
  if (/root:[^\n]*:0:0:/.test(all)) reasons.push("contents of /etc/passwd in the output (XXE)");
  if (o.code === 2) {
    // Misuse the damage caused (a line or a version book.json no longer has) names no file.
    const usage =
      (o.label === "explain" &&
        /^yosan: (no line 「|「[^」]*」 names \d+ lines)/m.test(o.stderr)) ||
      (/compare/.test(o.label) && /^yosan: no version 「/m.test(o.stderr));
    if (!usage && expect.names.length > 0 && !expect.names.some((n) => o.stderr.includes(n)))
      reasons.push(`exit 2 does not name ${expect.names.join(" or ")}`);
    else if (
      !usage &&
      expect.rowOf !== undefined &&
      !new RegExp(`${expect.rowOf.replace(/\./g, "\\.")}:\\d+`).test(o.stderr)
    )
      reasons.push(`exit 2 names no row of ${expect.rowOf}`);
  }
  if (reasons.length > 0)
    problems.push({ command: o.label, reason: reasons.join("; "), detail: head(o, root) });
}

// ─── the sandbox of a case ─────────────────────────────────────────────────────────────────

interface Sandbox {
  /** The case's temporary directory: the book, the output directory, the imported files. */
  readonly root: string;
  readonly book: string;
  readonly out: string;
  readonly inputs: string;
  /** Further entries of root the case made itself. */
  readonly extra: Set<string>;
  /** TMPDIR while the case runs: whatever lands here was written outside book and --out. */
  readonly tmp: string;
  readonly cwdBefore: Set<string>;
}

function sandbox(source = FY29): Sandbox {
  const book = copyBook(source);
  const root = dirname(book);
  const inputs = join(root, "in");
  mkdirSync(inputs);
  const tmp = join(root, "tmp");
  mkdirSync(tmp);
  return {
    root,
    book,
    out: join(root, "out"),
    inputs,
    extra: new Set(),
    tmp,
    cwdBefore: new Set(readdirSync(process.cwd())),
  };
}

/** Property 4: hashDir of the book (a book a command removed or replaced hashes as such). */
function bookHash(s: Sandbox): string {
  try {
    return hashDir(s.book);
  } catch (error) {
    return `the book cannot be read: ${(error as Error).message}`;
  }
}

/** The files of a directory, relative path → content hash, to say what changed. */
function listing(dir: string, prefix = ""): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isDirectory()) for (const [k, v] of listing(p, `${prefix}${name}/`)) files.set(k, v);
    else if (st.isFile())
      files.set(`${prefix}${name}`, createHash("sha256").update(readFileSync(p)).digest("hex"));
    else
      files.set(
        `${prefix}${name}`,
        st.isSymbolicLink() ? `link:${readlinkSync(p)}` : `kind:${st.mode}`,
      );
  }
  return files;
}

function changedFiles(before: Map<string, string>, dir: string): string {
  let after: Map<string, string>;
  try {
    after = listing(dir);
  } catch (error) {
    return `the book cannot be listed (${(error as Error).message})`;
  }
  const names = new Set([...before.keys(), ...after.keys()]);
  const changed = [...names].filter((n) => before.get(n) !== after.get(n));
  return changed.length > 0 ? changed.join(", ") : "(entries or links)";
}

/** Property 5: what the case left outside the book and the output directory. */
function strays(s: Sandbox, backupsAllowed: boolean): Problem[] {
  const problems: Problem[] = [];
  const known = new Set(["book", "out", "in", "tmp", ...s.extra]);
  for (const n of readdirSync(s.root))
    if (!known.has(n) && !(backupsAllowed && n.startsWith("book.backup-")))
      problems.push({ command: "sandbox", reason: "wrote outside the book and --out", detail: n });
  if (existsSync(s.out) && statSync(s.out).isDirectory())
    for (const n of readdirSync(s.out))
      if (n.endsWith(".tmp"))
        problems.push({ command: "sandbox", reason: "left a temporary file in --out", detail: n });
  for (const n of readdirSync(s.tmp))
    problems.push({ command: "sandbox", reason: "wrote into os.tmpdir()", detail: n });
  for (const n of readdirSync(process.cwd()))
    if (!s.cwdBefore.has(n))
      problems.push({ command: "sandbox", reason: "wrote into the working directory", detail: n });
  return problems;
}

/** The shipped 公営企業 example (ledgers/water-r7): 款・項・目・節, tax lines, both balance sheets. */
const WATER = join(REPO, "ledgers/water-r7");

function bookCommands(s: Sandbox, source = FY29): [string, string[]][] {
  if (source === WATER)
    return [
      ["check", ["check", s.book]],
      ["build", ["build", s.book, "--out", s.out, "--formats", "json,csv,html,xlsx"]],
      ["export journal", ["export", "journal", s.book, "--out", join(s.out, "j.journal")]],
      ["explain", ["explain", s.book, "資金期末残高"]],
      ["explain tax", ["explain", s.book, "tax-construction"]],
      ["versions", ["versions", s.book]],
    ];
  return [
    ["check", ["check", s.book]],
    ["build", ["build", s.book, "--out", s.out, "--formats", "json,csv,html,xlsx"]],
    ["export xlsx", ["export", "xlsx", s.book, "--out", join(s.out, "x.xlsx")]],
    ["export journal", ["export", "journal", s.book, "--out", join(s.out, "j.journal")]],
    ["explain", ["explain", s.book, "当期末現金及び預金"]],
    ["commitments", ["commitments", s.book]],
    ["versions", ["versions", s.book]],
    // 現計 (当初 + the revision's file) against 決算 (its file and notes), written as CSV too
    ["compare", ["compare", s.book, "current", "settlement", "--csv", join(s.out, "compare.csv")]],
  ];
}

/** Run every command on a damaged book; properties 1–6. */
/** What a damage promises: the names exit 2 must mention, and how to run the commands. */
interface Damage extends Expect {
  /** The book carries hostile text: check the outputs deeply (property 6). */
  readonly hostileText?: boolean;
  /** The damage may make a command loop for long: run the commands in child processes. */
  readonly child?: boolean;
}

/** Run every command on a damaged book; properties 1–6. */
async function bookCase(
  damage: (s: Sandbox) => Damage,
  focus: Focus,
  source = FY29,
): Promise<Problem[]> {
  const s = sandbox(source);
  try {
    const expect = damage(s);
    const before = bookHash(s);
    const files = listing(s.book);
    const problems: Problem[] = [];
    mkdirSync(s.out, { recursive: true });
    const commands = bookCommands(s, source).filter(([label]) => wanted(focus, label));
    if (expect.child || CHILD) {
      // A synchronous loop cannot be interrupted in process: children, two at a time.
      for (let i = 0; i < commands.length; i += 2) {
        const pair = commands.slice(i, i + 2);
        for (const o of await Promise.all(pair.map(([l, argv]) => yosanChild(s, l, argv))))
          judge(o, expect, s.root, problems);
      }
      if (bookHash(s) !== before)
        problems.push({
          command: "sandbox",
          reason: "a command changed the book",
          detail: changedFiles(files, s.book),
        });
    }
    for (const [label, argv] of expect.child || CHILD ? [] : commands) {
      const o = await yosanInProcess(s, label, argv);
      judge(o, expect, s.root, problems);
      if (bookHash(s) !== before)
        problems.push({
          command: label,
          reason: `changed the book (exit ${o.code})`,
          detail: changedFiles(files, s.book),
        });
    }
    problems.push(...(await outputProblems(s.out, expect.hostileText === true)));
    problems.push(...strays(s, false));
    return problems;
  } finally {
    rmSync(s.root, { recursive: true, force: true });
  }
}

// ─── property 6: inert outputs ─────────────────────────────────────────────────────────────

const FORMULA_START = /^[=+\-@＝＋－＠\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
/** Text of the payloads that must never be live in a formula, a defined name or markup. */
const MARKERS = [
  "HYPERLINK",
  "cmd|",
  "calc",
  "@SUM",
  "＝",
  "＋",
  "－",
  "＠",
  "alert",
  "onerror",
  "<script",
  "<img",
];

async function outputProblems(out: string, deep: boolean): Promise<Problem[]> {
  const problems: Problem[] = [];
  if (!existsSync(out) || !statSync(out).isDirectory()) return problems;
  const say = (reason: string, detail: string) =>
    problems.push({
      command: "outputs",
      reason,
      detail: shorten(visible(detail).replace(/\n/g, "\\n"), 300),
    });
  for (const name of readdirSync(out).sort()) {
    const path = join(out, name);
    if (name.endsWith(".csv")) {
      let rows: string[][];
      try {
        rows = parse(readFileSync(path), {
          bom: true,
          relax_column_count: true,
          record_delimiter: ["\r\n", "\n"],
        });
      } catch (error) {
        say(`${name} is not valid CSV`, (error as Error).message);
        continue;
      }
      const bad = rows.flatMap((r, i) =>
        r.flatMap((c, j) =>
          FORMULA_START.test(c) && !PLAIN_NUMBER.test(c) ? [`row ${i + 1} col ${j + 1}: ${c}`] : [],
        ),
      );
      if (bad.length > 0)
        say(`${name}: a cell starts a formula (not neutralised)`, bad.slice(0, 3).join(" ‖ "));
    }
    if (name.endsWith(".html")) {
      const html = readFileSync(path, "utf8");
      for (const live of ["<script>alert", "<img src=x", "onerror=alert(1)>"])
        if (html.includes(live)) say(`${name}: unescaped markup`, live);
    }
  }
  if (deep) {
    const xlsx = readdirSync(out).filter((n) => n.endsWith(".xlsx"));
    const first = xlsx[0] ? readFileSync(join(out, xlsx[0])) : undefined;
    for (const name of xlsx) {
      // export xlsx renders the same workbook: read a second copy only when it differs
      if (name !== xlsx[0] && first?.equals(readFileSync(join(out, name)))) continue;
      for (const [reason, detail] of await workbookProblems(join(out, name)))
        say(`${name}: ${reason}`, detail);
    }
  }
  return problems;
}

/** The entries of a zip, by its central directory (stored or deflated). */
function unzip(buf: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) return entries;
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < buf.readUInt16LE(eocd + 10); i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const skip = nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLength);
    const local = buf.readUInt32LE(p + 42);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    entries.set(name, method === 8 ? inflateRawSync(data) : data);
    p += 46 + skip;
  }
  return entries;
}

function xmlText(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** A formula or reference with its quoted sheet names and string literals taken out. */
function liveText(formula: string): string {
  return formula.replace(/'(?:[^']|'')*'!/g, "SHEET!").replace(/"(?:[^"]|"")*"/g, '""');
}

function validSheetName(n: string): boolean {
  return (
    n.length >= 1 &&
    n.length <= 31 &&
    !/[[\]:*?/\\]/.test(n) &&
    // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is refused
    !/[\u0000-\u001f]/.test(n) &&
    !n.startsWith("'") &&
    !n.endsWith("'") &&
    n.toLowerCase() !== "history"
  );
}

/** Property 6 for a workbook: sheet names, defined names (raw XML), cell types (exceljs). */
async function workbookProblems(path: string): Promise<[string, string][]> {
  const found: [string, string][] = [];
  const buf = readFileSync(path);
  let parts: Map<string, Buffer>;
  try {
    parts = unzip(buf);
  } catch (error) {
    return [["is not a readable zip", (error as Error).message]];
  }
  const workbookXml = parts.get("xl/workbook.xml")?.toString("utf8") ?? "";
  const seen = new Set<string>();
  for (const m of workbookXml.matchAll(/<sheet [^>]*name="([^"]*)"/g)) {
    const n = xmlText(m[1] ?? "");
    if (!validSheetName(n)) found.push(["invalid sheet name", n]);
    if (seen.has(n.toLowerCase())) found.push(["two sheets with one name (ignoring case)", n]);
    seen.add(n.toLowerCase());
  }
  for (const m of workbookXml.matchAll(/<definedName ([^>]*)>([^<]*)<\/definedName>/g)) {
    const [attrs, ref] = [xmlText(m[1] ?? ""), xmlText(m[2] ?? "")];
    const live = liveText(ref);
    if (MARKERS.some((k) => attrs.includes(k) || live.includes(k)) || /'/.test(live))
      found.push(["defined name carries hostile text", `${attrs} → ${ref}`]);
    else if (!/^(?:(?:SHEET!|[^\s'!,]+!)?[$A-Z0-9:]+,?)+$/.test(live))
      found.push(["defined name is not a reference", `${attrs} → ${ref}`]);
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (error) {
    found.push(["cannot be read back by exceljs", (error as Error).message]);
    return found;
  }
  // A merged cell reads as its master's text; the master is checked on its own.
  const strings = [
    ExcelJS.ValueType.String,
    ExcelJS.ValueType.RichText,
    7 as ExcelJS.ValueType,
    ExcelJS.ValueType.Merge,
  ];
  for (const ws of wb.worksheets) {
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        const where = `${ws.name}!${cell.address}`;
        if (cell.type === ExcelJS.ValueType.Formula) {
          const f = cell.formula ?? "";
          if (MARKERS.some((k) => liveText(f).includes(k)))
            found.push(["a formula carries hostile text", `${where}: ${f}`]);
        } else if (MARKERS.some((k) => cell.text.includes(k)) && !strings.includes(cell.type))
          found.push([`hostile text in a cell of type ${cell.type}`, `${where}: ${cell.text}`]);
      });
    });
  }
  return found;
}

// ─── failures: thrown (shrunk by fast-check) or collected ──────────────────────────────────

const collected = new Map<string, { family: string; count: number; spec: string; p: Problem }>();

function signature(family: string, spec: unknown, p: Problem): string {
  const first = p.detail.split("\n")[0] ?? "";
  const stderr = first
    .replace(/^exit \S+, \d+ ms \(cpu \d+ ms\); /, "")
    .replace(/「[^」]*」/g, "「…」")
    .replace(/\d+/g, "#")
    .slice(0, 110);
  const kind = (spec as { kind?: unknown } | null)?.kind;
  const what = typeof kind === "string" ? `${family}/${kind}` : family;
  return `${what} | ${p.command} | ${p.reason.replace(/\d+/g, "#")} | ${stderr}`;
}

function report(family: string, spec: unknown, problems: readonly Problem[]): string {
  return [
    `fuzz ${family}: ${problems.length} problem(s) for the case ${shorten(fc.stringify(spec), 600)}`,
    ...problems.map((p) => `  [${p.command}] ${p.reason}\n        ${p.detail}`),
  ].join("\n");
}

/**
 * One generator: a property over `arb`, fixed seed, `base` runs by default (`share` of
 * FUZZ_RUNS otherwise), at most `shrinks` shrinking steps.
 */
function fuzz<T>(
  family: string,
  base: number,
  share: number,
  arb: fc.Arbitrary<T>,
  body: (spec: T, focus: Focus) => Promise<Problem[]>,
  shrinks = 60,
): void {
  const numRuns = TOTAL > 0 ? Math.max(1, Math.round(TOTAL * share)) : base;
  it.skipIf(ONLY !== undefined && !ONLY.test(family))(
    `${family} (${numRuns} runs, seed ${SEED})`,
    async () => {
      let focus: Set<string> | null = null;
      let failedAt = 0;
      await fc.assert(
        fc.asyncProperty(fc.limitShrink(arb, shrinks), async (spec) => {
          // Shrinking has a time budget: once spent, every further candidate passes at once
          // and fast-check reports the smallest failing case found so far.
          if (focus !== null && performance.now() - failedAt > SHRINK_MS) return;
          const problems = await body(spec, focus);
          if (problems.length === 0) return;
          if (COLLECT) {
            const text = fc.stringify(spec);
            for (const p of problems) {
              const key = signature(family, spec, p);
              const seen = collected.get(key);
              if (!seen) {
                collected.set(key, { family, count: 1, spec: text, p });
                console.log(`[fuzz] new failure: ${key}\n    case: ${shorten(text, 500)}`);
              } else {
                seen.count++;
                if (text.length < seen.spec.length) Object.assign(seen, { spec: text, p });
              }
            }
            return;
          }
          if (focus === null) {
            focus = new Set(problems.map((p) => p.command));
            failedAt = performance.now();
          }
          throw new Error(report(family, spec, problems));
        }),
        { seed: SEED, numRuns, endOnFailure: COLLECT },
      );
      if (COLLECT) {
        const mine = [...collected.entries()].filter(([, v]) => v.family === family);
        expect(
          mine.map(
            ([k, v]) =>
              `${k}\n    ×${v.count}, smallest: ${shorten(v.spec, 500)}\n    ${v.p.detail}`,
          ),
        ).toEqual([]);
      }
    },
    TOTAL > 0 ? 24 * 3600_000 : 180_000,
  );
}

// ─── generators: values ────────────────────────────────────────────────────────────────────

const PAYLOADS = [
  '=HYPERLINK("http://evil.example","x")',
  "+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(1)",
  "＝1+1",
  "＋1+1",
  "－1+1",
  "＠SUM(1)",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "\t=1+1",
  "\r=1+1",
  "bell\u0007 esc\u001b[31m red",
  "nul\u0000x",
  "line\nbreak",
  "=1+1",
] as const;

/** A cell's text, or a long one described rather than spelled out (so it prints short). */
type Val = string | { readonly repeat: string; readonly times: number };
const textOf = (v: Val): string => (typeof v === "string" ? v : v.repeat.repeat(v.times));
/** Copies of a row: a long cell at most 1,000 times (100 MB), past which no string holds it. */
const copiesOf = (v: Val, copies: number): number =>
  typeof v === "string" ? copies : Math.min(copies, 1000);

const hugeNumber = fc
  .tuple(fc.constantFrom("", "-", "△", "▲"), fc.integer({ min: 16, max: 30 }), fc.nat({ max: 9 }))
  .map(([sign, n, d]) => `${sign}${"9".repeat(n - 1)}${d}`);
const amountForms = fc.constantFrom(
  "△1,234",
  "▲5",
  "-0",
  "(1,234)",
  "1e5",
  "１２３",
  "1,2,3",
  "0x10",
  "+5",
  " 12 ",
  "NaN",
  "Infinity",
  "9007199254740993",
  "-9007199254740993",
  "1.5",
  "0.0001",
  "12,3４5x",
  "△",
  "-",
  "()",
  "△-5",
  "--5",
);
const longCell = fc.constantFrom<Val>(
  { repeat: "9", times: 100_000 },
  { repeat: "あ", times: 50_000 },
  { repeat: "x", times: 100_000 },
);
const controls = fc.constantFrom("\u0000", "\r", "\n", '"', "\uFEFF", "\u2028", "\uFFFD", "\u00A0");
const cellValue: fc.Arbitrary<Val> = fc.oneof(
  hugeNumber,
  amountForms,
  fc.constant(""),
  longCell,
  fc.constantFrom(...PAYLOADS),
  controls,
  fc.string({ maxLength: 6 }),
);

// ─── generators: byte damage to any file of the book ───────────────────────────────────────

const BOOK_FILES = [
  "book.json",
  "layout.csv",
  "budget.csv",
  "bridge.csv",
  "checks.csv",
  "published.csv",
  "summary.csv",
  "commitments.csv",
  "advances.csv",
  "versions/revision-1.csv",
  "versions/settlement.csv",
  "versions/settlement-notes.csv",
  "source/h29-budget.txt",
] as const;
const CSV_FILES = BOOK_FILES.filter((f) => f.endsWith(".csv"));
const bookFile = fc.constantFrom(...BOOK_FILES);
const byte = fc.oneof(fc.constantFrom(0x00, 0xff, 0x0d, 0x0a, 0x22, 0x2c, 0xe3, 0xef), fc.nat(255));

const bytesDamage = fc.oneof(
  fc.record({
    kind: fc.constant("flip" as const),
    file: bookFile,
    at: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
    xor: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({ kind: fc.constant("truncate" as const), file: bookFile, keep: fc.nat() }),
  fc.record({
    kind: fc.constant("insert" as const),
    file: bookFile,
    at: fc.nat(),
    bytes: fc.array(byte, { minLength: 1, maxLength: 6 }),
  }),
  fc.record({
    kind: fc.constant("encode" as const),
    file: bookFile,
    encoding: fc.constantFrom("Shift_JIS", "UTF-16LE", "UTF-16LE+BOM", "UTF-16BE", "EUC-JP"),
  }),
  fc.record({
    kind: fc.constantFrom(
      "delete" as const,
      "directory" as const,
      "empty" as const,
      "self-symlink" as const,
      "dangling-symlink" as const,
    ),
    file: bookFile,
  }),
);
type BytesDamage = typeof bytesDamage extends fc.Arbitrary<infer T> ? T : never;

function damageBytes(s: Sandbox, d: BytesDamage): Expect {
  const path = join(s.book, d.file);
  const bytes = readFileSync(path);
  const b = Buffer.from(bytes);
  switch (d.kind) {
    case "flip":
      for (const a of d.at) b[a % b.length] = (b[a % b.length] ?? 0) ^ d.xor;
      writeFileSync(path, b);
      break;
    case "truncate":
      writeFileSync(path, b.subarray(0, d.keep % b.length));
      break;
    case "insert": {
      const at = d.at % (b.length + 1);
      writeFileSync(path, Buffer.concat([b.subarray(0, at), Buffer.from(d.bytes), b.subarray(at)]));
      break;
    }
    case "encode": {
      const text = bytes.toString("utf8");
      const enc = d.encoding.replace("+BOM", "");
      const body = iconv.encode(text, enc);
      writeFileSync(
        path,
        d.encoding.endsWith("+BOM") ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body,
      );
      break;
    }
    case "delete":
      rmSync(path);
      break;
    case "directory":
      rmSync(path);
      mkdirSync(path);
      break;
    case "empty":
      writeFileSync(path, "");
      break;
    case "self-symlink":
      rmSync(path);
      symlinkSync(basename(path), path);
      break;
    case "dangling-symlink":
      rmSync(path);
      symlinkSync(`missing-${basename(path)}`, path);
      break;
  }
  return { names: [basename(d.file)] };
}

// ─── generators: rows and cells of the CSV files ───────────────────────────────────────────

const AMOUNT_COLUMNS = [
  "amount",
  "limit",
  "planned",
  "cumulative",
  "current",
  "previous",
  "change",
];
const csvFile = fc.constantFrom(...CSV_FILES);
/** Mostly `usual`, sometimes `heavy` (heavy cases run in child processes, so cost more). */
const rare = <T>(usual: fc.Arbitrary<T>, heavy: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: usual, weight: 3 }, { arbitrary: heavy, weight: 1 });
const column = fc.oneof(fc.constant("amount" as const), fc.nat(9));

const csvDamage = fc.oneof(
  fc.record({
    kind: fc.constant("cell" as const),
    file: csvFile,
    row: fc.nat(),
    col: column,
    value: cellValue,
  }),
  fc.record({
    kind: fc.constant("append" as const),
    file: csvFile,
    row: fc.nat(),
    col: column,
    value: cellValue,
    copies: rare(fc.constantFrom(1, 2), fc.constantFrom(1000, 50_000)),
  }),
  fc.record({
    kind: fc.constant("wide" as const),
    file: csvFile,
    row: fc.nat(),
    extra: rare(fc.constantFrom(1, 50), fc.constantFrom(5000, 20_000)),
  }),
  fc.record({
    kind: fc.constant("dup-header" as const),
    file: csvFile,
    col: fc.nat(9),
    as: fc.nat(9),
  }),
  fc.record({
    kind: fc.constant("blank-rows" as const),
    file: csvFile,
    count: fc.constantFrom(1, 3, 1000),
    shape: fc.constantFrom("", ",,,", " ", '""', "\t", '"'),
  }),
);
type CsvDamage = typeof csvDamage extends fc.Arbitrary<infer T> ? T : never;

/**
 * The water example's files, damaged as FY29's are: a cell (its 課税区分, rate, kind and formula
 * columns among them), appended rows, wide rows, duplicated headers, blank rows.
 */
const WATER_CSV = ["layout.csv", "budget.csv", "checks.csv", "provisions.csv", "gian.csv"] as const;
const waterDamage = csvDamage.chain((d) =>
  fc.constantFrom(...WATER_CSV).map((file) => ({ ...d, file }) as CsvDamage),
);

function readCsv(path: string): string[][] {
  return parse(readFileSync(path), { bom: true, relax_column_count: true });
}

function writeCsv(path: string, rows: readonly (readonly string[])[]): void {
  writeFileSync(path, stringify(rows as string[][]));
}

function damageCsv(s: Sandbox, d: CsvDamage): Damage {
  const path = join(s.book, d.file);
  const rows = readCsv(path);
  const header = rows[0] ?? [];
  const data = rows.slice(1);
  const col = (c: number | "amount") =>
    c === "amount"
      ? Math.max(
          0,
          header.findIndex((h) => AMOUNT_COLUMNS.includes(h)),
        )
      : c % header.length;
  const row = (r: number) => data[r % data.length] ?? [];
  switch (d.kind) {
    case "cell":
      row(d.row)[col(d.col)] = textOf(d.value);
      writeCsv(path, rows);
      break;
    case "append": {
      const copy = [...row(d.row)];
      copy[col(d.col)] = textOf(d.value);
      writeCsv(path, [...rows, ...Array.from({ length: copiesOf(d.value, d.copies) }, () => copy)]);
      break;
    }
    case "wide":
      row(d.row).push(...Array.from({ length: d.extra }, () => "x"));
      writeCsv(path, rows);
      break;
    case "dup-header":
      header[d.col % header.length] = header[d.as % header.length] ?? "";
      writeCsv(path, rows);
      break;
    case "blank-rows":
      writeFileSync(path, stringify(rows) + `${d.shape}\n`.repeat(d.count));
      break;
  }
  const heavy =
    (d.kind === "append" && (d.copies >= 1000 || typeof d.value !== "string")) ||
    (d.kind === "cell" && typeof d.value !== "string") ||
    (d.kind === "wide" && d.extra >= 5000) ||
    (d.kind === "blank-rows" && d.count >= 1000);
  return { names: [d.file], rowOf: d.file, child: heavy };
}

// ─── generators: book.json ─────────────────────────────────────────────────────────────────

interface Manifest {
  segments: { id: string; name: string }[];
  statements: { title: string }[];
  schedules?: { title: string; columns: { label: string }[] }[];
  segmentTerm?: string;
  versions: { id: string; name: string; files?: string[]; notes?: string }[];
  comparisons: { title: string }[];
  prints: { title: string; file: string; columns: { label: string }[] }[];
  files: Record<string, unknown>;
  [key: string]: unknown;
}
const MANIFEST_TEXT = readFileSync(join(FY29, "book.json"), "utf8");
type Path = readonly (string | number)[];

function pathsOf(v: unknown, prefix: Path = []): Path[] {
  const here = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(v)) return [...here, ...v.flatMap((x, i) => pathsOf(x, [...prefix, i]))];
  if (v !== null && typeof v === "object")
    return [...here, ...Object.entries(v).flatMap(([k, x]) => pathsOf(x, [...prefix, k]))];
  return here;
}
const MANIFEST_PATHS = pathsOf(JSON.parse(MANIFEST_TEXT));

function setPath(root: unknown, path: Path, value: unknown, remove: boolean): void {
  let node = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = path[path.length - 1] ?? "";
  if (!remove) node[last] = value;
  else if (Array.isArray(node)) node.splice(Number(last), 1);
  else Reflect.deleteProperty(node, last);
}

const SHEET_HOSTILE = [
  "History",
  "history",
  "a'b",
  "'ab",
  "ab'",
  "x[1]:*?/\\",
  "Abc",
  "aBC",
  "入力",
  "照合結果",
  "予定貸借対照表",
  "あ".repeat(40),
  "x".repeat(40),
  "",
  " ",
  ...PAYLOADS,
];
const wrongValue = fc.constantFrom<unknown>(
  null,
  0,
  -1,
  1.5,
  1e308,
  "",
  " ",
  "x",
  true,
  [],
  {},
  ["x"],
  { a: 1 },
  "9".repeat(40),
  "../book.json",
  "/etc/hostname",
  ".",
  "source",
  "budget.csv",
  "円",
  "百万円",
  "2018-02-30",
  "truncate",
);
/**
 * Damage to the versions a book declares and what refers to them: cycles, a version built
 * through an actual, files shared with the budget or not budget-shaped, ids and names that
 * collide, dates outside the year, comparisons, prints and continuity naming the wrong kind.
 */
const VERSION_EDITS: readonly (readonly [Path, unknown])[] = [
  [["versions", 1, "base"], "revision-1"],
  [["versions", 2, "base"], "revision-1"],
  [["versions", 2, "base"], "settlement"],
  [["versions", 3, "through"], "settlement"],
  [["versions", 3, "through"], "missing"],
  [["versions", 3, "base"], "current"],
  [["versions", 2, "files"], ["versions/settlement-notes.csv"]],
  [["versions", 4, "files"], ["budget.csv"]],
  [
    ["versions", 4, "files"],
    ["versions/settlement.csv", "versions/settlement.csv"],
  ],
  [["versions", 4, "files"], ["book.json"]],
  [["versions", 4, "files"], ["mapping.csv"]],
  [["versions", 4, "files"], ["source/h29-budget.txt"]],
  [["versions", 4, "files"], ["versions"]],
  [["versions", 4, "files"], []],
  [["versions", 4, "notes"], "versions/revision-1.csv"],
  [["versions", 4, "notes"], "versions/settlement.csv"],
  [["versions", 4, "notes"], "checks.csv"],
  [["versions", 4, "id"], "original"],
  [["versions", 4, "id"], "Current"],
  [["versions", 4, "name"], "当初予算"],
  [["versions", 4, "name"], "original"],
  [["versions", 4, "kind"], "budget"],
  [["versions", 4, "kind"], "previous"],
  [["versions", 4, "asOf"], "2017-02-30"],
  [["versions", 4, "asOf"], "2019-12-31"],
  [["versions", 4, "asOf"], "2016-04-30"],
  [["versions", 4, "asOf"], "2017-12-31"],
  [["versions", 2, "kind"], "actual"],
  [["versions", 0, "column"], "change"],
  [["versions", 0, "column"], "missing"],
  [["versions", 0, "print"], "statements"],
  [["versions", 0, "print"], "missing"],
  [["defaultVersion"], "h28-revised"],
  [["defaultVersion"], "settlement"],
  [["defaultVersion"], "current"],
  [["defaultVersion"], "決算"],
  [["comparisons", 0, "b"], "original"],
  [["comparisons", 1, "a"], "h28-revised"],
  [["comparisons", 0, "layout"], "settlement"],
  [["comparisons", 1, "layout"], "changes"],
  [["comparisons", 1, "b"], "missing"],
  [["continuity", 0, "version"], "settlement"],
  [["continuity", 0, "version"], "current"],
  [["variance", "threshold"], "-1"],
  [["variance", "threshold"], "0"],
  [["variance", "threshold"], "1e400"],
  [["variance", "threshold"], "9".repeat(20)],
  [["variance", "expenses"], ["net-income"]],
  [
    ["variance", "expenses"],
    ["total-assets", "total-assets"],
  ],
  [["prints", 1, "columns", 1, "version"], "決算"],
  [["prints", 1, "columns", 1, "version"], "missing"],
  [
    ["prints", 1, "columns", 2, "change"],
    ["change", "current"],
  ],
  [
    ["prints", 1, "columns", 2, "change"],
    ["current", "current"],
  ],
  [["prints", 0, "file"], "versions/settlement.csv"],
];

const manifestDamage = fc.oneof(
  fc.record({ kind: fc.constant("remove" as const), path: fc.constantFrom(...MANIFEST_PATHS) }),
  fc.record({
    kind: fc.constant("set" as const),
    path: fc.constantFrom(...MANIFEST_PATHS),
    value: wrongValue,
  }),
  fc.record({
    kind: fc.constant("titles" as const),
    titles: fc.array(fc.option(fc.constantFrom(...SHEET_HOSTILE), { nil: null }), {
      minLength: 4,
      maxLength: 4,
    }),
  }),
  fc.record({
    kind: fc.constant("segments" as const),
    names: fc.array(fc.tuple(fc.nat(6), fc.constantFrom(...SHEET_HOSTILE)), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
  fc.record({
    kind: fc.constant("term" as const),
    term: fc.constantFrom(
      "勘'定",
      '"事業"',
      "x'",
      "'",
      "事業".repeat(20),
      "History",
      "=1+1",
      "[]",
      "",
    ),
  }),
  fc.record({
    kind: fc.constant("text" as const),
    path: fc.constantFrom<Path>(
      ["entity"],
      ["title"],
      ["fiscalYear", "label"],
      ["schedules", 0, "title"],
      ["schedules", 0, "columns", 0, "label"],
      ["prints", 1, "title"],
      ["prints", 1, "note"],
      ["prints", 1, "columns", 1, "label"],
      ["versions", 2, "name"],
      ["versions", 4, "name"],
      ["comparisons", 0, "title"],
      ["comparisons", 1, "title"],
    ),
    value: fc.constantFrom(...SHEET_HOSTILE),
  }),
  fc.record({
    kind: fc.constant("versions" as const),
    edits: fc.array(fc.constantFrom(...VERSION_EDITS), { minLength: 1, maxLength: 3 }),
  }),
);
type ManifestDamage = typeof manifestDamage extends fc.Arbitrary<infer T> ? T : never;

/** Rename segment `index` in book.json and in every CSV cell that names it. */
function renameSegment(s: Sandbox, m: Manifest, index: number, name: string): void {
  const seg = m.segments[index % m.segments.length];
  if (!seg) return;
  const old = seg.name;
  seg.name = name;
  for (const f of CSV_FILES) {
    const rows = readCsv(join(s.book, f));
    let changed = false;
    for (const r of rows.slice(1))
      for (let i = 0; i < r.length; i++)
        if (r[i] === old) {
          r[i] = name;
          changed = true;
        }
    if (changed) writeCsv(join(s.book, f), rows);
  }
}

function damageManifest(s: Sandbox, d: ManifestDamage): Damage {
  const m = JSON.parse(MANIFEST_TEXT) as Manifest;
  const names = ["book.json"];
  switch (d.kind) {
    case "remove":
    case "set":
      setPath(m, d.path, d.kind === "set" ? d.value : undefined, d.kind === "remove");
      if (d.kind === "set" && typeof d.value === "string" && d.value.trim() !== "")
        names.push(basename(d.value));
      break;
    case "titles":
      d.titles.forEach((t, i) => {
        const st = m.statements[i];
        if (t !== null && st) st.title = t;
      });
      break;
    case "segments":
      for (const [i, name] of d.names) renameSegment(s, m, i, name);
      names.push(...CSV_FILES);
      break;
    case "term":
      m.segmentTerm = d.term;
      break;
    case "text":
      setPath(m, d.path, d.value, false);
      break;
    case "versions":
      for (const [path, value] of d.edits) {
        setPath(m, path, value, false);
        for (const v of [value].flat())
          if (typeof v === "string" && v.includes(".")) names.push(basename(v));
      }
      break;
  }
  writeFileSync(join(s.book, "book.json"), JSON.stringify(m, null, 2));
  return {
    names,
    hostileText: d.kind !== "remove" && d.kind !== "set" && d.kind !== "versions",
  };
}

// ─── generators: hostile text in every place a book carries text ───────────────────────────

const PLACES = [
  "segment",
  "heading-label",
  "derived-label",
  "budget-note",
  "commitment-item",
  "advances-item",
  "check-description",
  "statement-title",
  "entity",
  "schedule-title",
  "segment-term",
  "summary-label",
  "summary-table",
  "revision-note",
  "settlement-note",
  "version-name",
  "comparison-title",
  "print-title",
  "print-label",
] as const;
const payloadDamage = fc.array(
  fc.tuple(fc.constantFrom(...PLACES), fc.nat(40), fc.constantFrom(...PAYLOADS)),
  { minLength: 1, maxLength: 6 },
);

/** Set column `col` of the `n`-th data row of `file` that `which` accepts. */
function setCell(
  s: Sandbox,
  file: string,
  n: number,
  col: string,
  text: string,
  which: (row: string[], header: string[]) => boolean = () => true,
): void {
  const rows = readCsv(join(s.book, file));
  const header = rows[0] ?? [];
  const candidates = rows.slice(1).filter((r) => which(r, header));
  const row = candidates[n % candidates.length];
  if (!row) return;
  row[header.indexOf(col)] = text;
  writeCsv(join(s.book, file), rows);
}

function damagePayload(
  s: Sandbox,
  places: readonly [string, number, string][],
): Expect & { hostileText: true } {
  const m = JSON.parse(readFileSync(join(s.book, "book.json"), "utf8")) as Manifest;
  const kindIs = (k: string) => (r: string[], h: string[]) =>
    r[h.indexOf("kind")] === k && r[h.indexOf("id")] !== "cf-closing-cash";
  for (const [place, n, text] of places) {
    if (place === "segment") renameSegment(s, m, n, text);
    else if (place === "heading-label")
      setCell(s, "layout.csv", n, "label", text, kindIs("heading"));
    else if (place === "derived-label")
      setCell(s, "layout.csv", n, "label", text, kindIs("derived"));
    else if (place === "budget-note") setCell(s, "budget.csv", n, "note", text);
    else if (place === "commitment-item") setCell(s, "commitments.csv", n, "item", text);
    else if (place === "advances-item") setCell(s, "advances.csv", n, "item", text);
    else if (place === "check-description") setCell(s, "checks.csv", n, "description", text);
    else if (place === "summary-label") setCell(s, "summary.csv", n, "label", text);
    else if (place === "summary-table") setCell(s, "summary.csv", n, "table", text);
    else if (place === "revision-note") setCell(s, "versions/revision-1.csv", n, "note", text);
    else if (place === "settlement-note")
      setCell(s, "versions/settlement-notes.csv", n, "note", text);
    else if (place === "version-name") {
      const v = m.versions[n % m.versions.length];
      if (v) v.name = `${text}${n}`; // names stay distinct
    } else if (place === "comparison-title") {
      const c = m.comparisons[n % m.comparisons.length];
      if (c) c.title = text;
    } else if (place === "print-title") {
      const p = m.prints[n % m.prints.length];
      if (p) p.title = text;
    } else if (place === "print-label") {
      const p = m.prints[n % m.prints.length];
      const c = p?.columns[n % p.columns.length];
      if (c) c.label = text;
    } else if (place === "statement-title") {
      const st = m.statements[n % m.statements.length];
      if (st) st.title = text;
    } else if (place === "entity") m.entity = text;
    else if (place === "schedule-title") {
      const sc = m.schedules?.[0];
      if (sc) sc.title = text;
    } else m.segmentTerm = text;
  }
  writeFileSync(join(s.book, "book.json"), JSON.stringify(m, null, 2));
  return { names: ["book.json", ...CSV_FILES], hostileText: true };
}

// ─── generators: where outputs are aimed ───────────────────────────────────────────────────

const outDamage = fc.record({
  command: fc.constantFrom(
    "build",
    "export xlsx",
    "export journal",
    "check --junit",
    "compare --csv",
  ),
  target: fc.constantFrom(
    "book",
    "book/",
    "out/../book",
    "book/source",
    "book/generated",
    "book/budget.csv",
    "book/book.json",
    "link-to-book",
    "link-to-book/layout.csv",
    "link-to-budget",
    "a-file",
    "a-file/sub",
    "relative book/checks.csv",
  ),
});

async function outCase(
  spec: { command: string; target: string },
  focus: Focus,
): Promise<Problem[]> {
  const s = sandbox();
  try {
    if (spec.target.includes("link-to-book")) {
      symlinkSync(s.book, join(s.root, "link-to-book"));
      s.extra.add("link-to-book");
    }
    if (spec.target === "link-to-budget") {
      symlinkSync(join(s.book, "budget.csv"), join(s.root, "link-to-budget"));
      s.extra.add("link-to-budget");
    }
    if (spec.target.startsWith("a-file")) {
      writeFileSync(join(s.root, "a-file"), "not a directory\n");
      s.extra.add("a-file");
    }
    const target = spec.target.startsWith("relative ")
      ? relative(process.cwd(), join(s.root, spec.target.slice("relative ".length)))
      : join(s.root, spec.target) + (spec.target.endsWith("/") ? "/" : "");
    const argv: Record<string, string[]> = {
      build: ["build", s.book, "--out", target, "--formats", "json,csv,html,xlsx"],
      "export xlsx": ["export", "xlsx", s.book, "--out", target],
      "export journal": ["export", "journal", s.book, "--out", target],
      "check --junit": ["check", s.book, "--junit", target],
      "compare --csv": ["compare", s.book, "current", "settlement", "--csv", target],
    };
    const before = bookHash(s);
    const files = listing(s.book);
    const problems: Problem[] = [];
    if (!wanted(focus, spec.command)) return problems;
    const o = await yosanInProcess(s, spec.command, argv[spec.command] ?? []);
    const names = spec.target.split(/[\s/]+/).filter((n) => n !== "" && !n.startsWith("."));
    judge(o, { names }, s.root, problems);
    if (bookHash(s) !== before)
      problems.push({
        command: spec.command,
        reason: `an output aimed into the book changed it (exit ${o.code})`,
        detail: `--out ${spec.target}: ${changedFiles(files, s.book)}; ${head(o, s.root)}`,
      });
    problems.push(...strays(s, false));
    return problems;
  } finally {
    rmSync(s.root, { recursive: true, force: true });
  }
}

// ─── generators: hostile files to import ───────────────────────────────────────────────────

const KNOWN_LABELS = ["現金及び預金", "事業費", "未収金", "一般管理費", "資産合計", "リース資産"];
const SEGMENT_NAMES = ["一般事業", "本人確認情報処理事業", "", "合計", "general"];

const CT = "http://schemas.openxmlformats.org/package/2006";
const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const SHEET_KINDS = [
  "ok",
  "huge-numbers",
  "billion-laughs",
  "xxe",
  "garbage",
  "many-cells",
  "empty",
  "long-string",
  "far-cell",
] as const;

function sheetXml(kind: (typeof SHEET_KINDS)[number]): string {
  const c = (ref: string, text: string) =>
    `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const rows = (body: string, doctype = "") =>
    `<?xml version="1.0" encoding="UTF-8"?>${doctype}<worksheet xmlns="${MAIN}"><sheetData>${body}</sheetData></worksheet>`;
  const header = `<row r="1">${c("A1", "科目")}${c("B1", "金額")}</row>`;
  switch (kind) {
    case "ok":
      return rows(`${header}<row r="2">${c("A2", "現金及び預金")}<c r="B2"><v>1</v></c></row>`);
    case "huge-numbers":
      return rows(
        `${header}${[
          "1E+300",
          "123456789012345678901234567890",
          "NaN",
          "-0",
          "9007199254740993",
          "1E-320",
        ]
          .map(
            (v, i) =>
              `<row r="${i + 2}">${c(`A${i + 2}`, KNOWN_LABELS[i % 6] ?? "")}<c r="B${i + 2}"><v>${v}</v></c></row>`,
          )
          .join("")}`,
      );
    case "billion-laughs": {
      const ents = ['<!ENTITY l0 "lollollollollol">'];
      for (let i = 1; i < 10; i++) ents.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
      return rows(`<row r="1">${c("A1", "&l9;")}</row>`, `<!DOCTYPE w [${ents.join("")}]>`);
    }
    case "xxe":
      return rows(
        `<row r="1">${c("A1", "&xxe;")}${c("B1", "金額")}</row>`,
        '<!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
      );
    case "garbage":
      return '<worksheet><sheetData><row r="1"><c r="A1"><v>1';
    case "many-cells": {
      const body: string[] = [];
      for (let r = 1; r <= 1500; r++)
        body.push(
          `<row r="${r}">${Array.from({ length: 200 }, (_, i) => `<c r="${colName(i)}${r}"><v>1</v></c>`).join("")}</row>`,
        );
      return rows(body.join(""));
    }
    case "empty":
      return "";
    case "long-string":
      return rows(
        `${header}<row r="2">${c("A2", "あ".repeat(500_000))}<c r="B2"><v>1</v></c></row>`,
      );
    case "far-cell":
      return rows(`${header}<row r="1048576">${c("XFD1048576", "現金及び預金")}</row>`);
  }
}

function colName(i: number): string {
  let n = i + 1;
  let s = "";
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function xlsxParts(sheet: (typeof SHEET_KINDS)[number]): [string, string][] {
  return [
    [
      "[Content_Types].xml",
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="${CT}/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ],
    [
      "_rels/.rels",
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${CT}/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      "xl/workbook.xml",
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="予定貸借対照表" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      "xl/_rels/workbook.xml.rels",
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${CT}/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ],
    ["xl/worksheets/sheet1.xml", sheetXml(sheet)],
  ];
}

const workbookValue = fc.oneof(
  fc.double(),
  fc.constantFrom<unknown>(2 ** 53 + 2, 1e20, -1e21, 1e308, 5e-324, -0),
  hugeNumber,
  amountForms,
  fc.constantFrom(...PAYLOADS),
  fc.constantFrom<unknown>(
    { formula: "1+1", result: 2 },
    { formula: 'HYPERLINK("http://evil.example","x")', result: "x" },
    { formula: "A1", result: { error: "#REF!" } },
    { error: "#DIV/0!" },
    { text: "link", hyperlink: "javascript:alert(1)" },
    { richText: [{ text: "現金及び" }, { text: "預金" }] },
    true,
    new Date(Date.UTC(2017, 3, 1)),
  ),
);

const importDamage = fc.oneof(
  fc.record({
    kind: fc.constant("bytes" as const),
    name: fc.constantFrom("x.xlsx", "x.csv", "x.tsv", "x.txt", "x.xls", "x"),
    prefix: fc.constantFrom<number[]>(
      [],
      [0x50, 0x4b, 0x03, 0x04],
      [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
      [0xef, 0xbb, 0xbf],
      [0xff, 0xfe],
    ),
    bytes: fc.uint8Array({ maxLength: 64 }),
  }),
  fc.record({ kind: fc.constant("truncated-xlsx" as const), keep: fc.nat() }),
  fc.record({
    kind: fc.constant("flipped-xlsx" as const),
    at: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    xor: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({
    kind: fc.constant("zip" as const),
    sheet: fc.constantFrom(...SHEET_KINDS),
    lies: fc.array(
      fc.record({
        part: fc.nat(4),
        declared: fc.constantFrom<number | "honest">("honest", 0, 1, 0xffffffff, 1000),
        flags: fc.constantFrom(0, 1, 8, 0x41),
        stored: fc.boolean(),
      }),
      { maxLength: 2 },
    ),
    extra: fc.option(
      fc.constantFrom("../evil.txt", "/abs.txt", "xl/worksheets/sheet1.xml", "xl/media/zeros.bin"),
      { nil: null },
    ),
  }),
  fc.record({
    kind: fc.constant("workbook" as const),
    sheet: fc.constantFrom("予定貸借対照表", "入力", "Sheet1", "資金計画", ...PAYLOADS.slice(0, 4)),
    header: fc.constantFrom(
      ["科目", "金額"],
      ["account", "segment", "amount"],
      ["科目", "一般事業", "合計"],
    ),
    rows: fc.array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...KNOWN_LABELS), fc.constantFrom(...PAYLOADS)),
        workbookValue,
      ),
      { minLength: 1, maxLength: 5 },
    ),
  }),
  fc.record({
    kind: fc.constant("csv" as const),
    encoding: fc.constantFrom("utf8", "utf8+BOM", "Shift_JIS", "UTF-16LE+BOM"),
    tab: fc.boolean(),
    header: fc.constantFrom(
      ["account", "segment", "amount"],
      ["科目", "事業", "金額"],
      ["account", "account", "amount"],
      ["amount", "segment", "account"],
    ),
    rows: fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(...KNOWN_LABELS),
          fc.constantFrom(...PAYLOADS),
          fc.string({ maxLength: 4 }),
        ),
        fc.constantFrom(...SEGMENT_NAMES, ...PAYLOADS.slice(0, 3)),
        cellValue,
      ),
      { minLength: 1, maxLength: 4 },
    ),
  }),
);
type ImportDamage = typeof importDamage extends fc.Arbitrary<infer T> ? T : never;

/** statements.xlsx of FY29 (built once): the base of the truncated and edited workbooks. */
let baseWorkbook = Buffer.alloc(0);

async function importFile(s: Sandbox, d: ImportDamage): Promise<string> {
  switch (d.kind) {
    case "bytes": {
      const path = join(s.inputs, d.name);
      writeFileSync(path, Buffer.concat([Buffer.from(d.prefix), Buffer.from(d.bytes)]));
      return path;
    }
    case "truncated-xlsx": {
      const path = join(s.inputs, "truncated.xlsx");
      writeFileSync(path, baseWorkbook.subarray(0, d.keep % baseWorkbook.length));
      return path;
    }
    case "flipped-xlsx": {
      const b = Buffer.from(baseWorkbook);
      for (const a of d.at) b[a % b.length] = (b[a % b.length] ?? 0) ^ d.xor;
      const path = join(s.inputs, "flipped.xlsx");
      writeFileSync(path, b);
      return path;
    }
    case "zip": {
      const entries = xlsxParts(d.sheet).map(([name, text]) => ({
        name,
        data: Buffer.from(text, "utf8"),
      })) as { name: string; data: Buffer; declared?: number; stored?: boolean; flags?: number }[];
      for (const lie of d.lies) {
        const e = entries[lie.part % entries.length];
        if (!e) continue;
        if (lie.declared !== "honest") e.declared = lie.declared;
        e.flags = lie.flags;
        e.stored = lie.stored;
      }
      if (d.extra !== null)
        entries.push({
          name: d.extra,
          data: d.extra.endsWith("zeros.bin")
            ? Buffer.alloc(64 * 1024 * 1024)
            : Buffer.from("extra"),
        });
      const path = join(s.inputs, "lying.xlsx");
      writeFileSync(path, zipOf(entries));
      return path;
    }
    case "workbook": {
      const wb = new ExcelJS.Workbook();
      let ws: ExcelJS.Worksheet;
      try {
        ws = wb.addWorksheet(d.sheet);
      } catch {
        ws = wb.addWorksheet("Sheet1");
      }
      ws.addRow([...d.header]);
      for (const [label, value] of d.rows) {
        const amount =
          typeof value === "object" && value !== null && "repeat" in value
            ? textOf(value as Val)
            : value;
        ws.addRow(d.header.length === 3 ? [label, "一般事業", amount] : [label, amount]);
      }
      const path = join(s.inputs, "hostile.xlsx");
      writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
      return path;
    }
    case "csv": {
      const sep = d.tab ? "\t" : ",";
      const text = stringify([[...d.header], ...d.rows.map(([a, b, c]) => [a, b, textOf(c)])], {
        delimiter: sep,
      });
      const enc = d.encoding.replace("+BOM", "");
      const body = enc === "utf8" ? Buffer.from(text, "utf8") : iconv.encode(text, enc);
      const bom = d.encoding.endsWith("+BOM")
        ? Buffer.from(enc === "utf8" ? [0xef, 0xbb, 0xbf] : [0xff, 0xfe])
        : Buffer.alloc(0);
      const path = join(s.inputs, d.tab ? "hostile.tsv" : "hostile.csv");
      writeFileSync(path, Buffer.concat([bom, body]));
      return path;
    }
  }
}

/** How an import case runs beyond `import FILE --into BOOK [--dry-run]`. */
interface ImportRun {
  /** Further arguments (--version and its options) and further names exit 2 may mention. */
  readonly args?: (s: Sandbox) => readonly string[];
  readonly names?: readonly string[];
  /** The command that must succeed on the book the import wrote (default: check). */
  readonly after?: (s: Sandbox) => readonly string[];
}

/** Import a hostile file: --dry-run, then for real; a written book must load again. */
/** Property 4's second half: a book an import wrote loads again (`argv` checks it). */
async function loadsAgain(
  yosan: typeof yosanInProcess,
  s: Sandbox,
  argv: readonly string[],
): Promise<Problem[]> {
  const c = await yosan(s, "check after import", argv);
  return c.code === 0 || c.code === 1
    ? []
    : [
        {
          command: c.label,
          reason: "the book an import wrote does not load",
          detail: head(c, s.root),
        },
      ];
}

async function importCase(
  file: (s: Sandbox) => Promise<string>,
  focus: Focus,
  child = CHILD,
  how: ImportRun = {},
): Promise<Problem[]> {
  const s = sandbox();
  // A workbook can make the reader loop for long: such files go to child processes.
  const yosan = child ? yosanChild : yosanInProcess;
  try {
    const path = await file(s);
    const args = how.args?.(s) ?? [];
    const before = bookHash(s);
    const listed = listing(s.book);
    const problems: Problem[] = [];
    const expect: Expect = { names: [basename(path), ...(how.names ?? [])] };
    if (wanted(focus, "import --dry-run")) {
      const o = await yosan(s, "import --dry-run", [
        "import",
        path,
        "--into",
        s.book,
        ...args,
        "--dry-run",
      ]);
      judge(o, expect, s.root, problems);
      if (bookHash(s) !== before)
        problems.push({
          command: o.label,
          reason: `--dry-run changed the book (exit ${o.code})`,
          detail: changedFiles(listed, s.book),
        });
    }
    let wrote = false;
    if (wanted(focus, "import") || wanted(focus, "check after import")) {
      const o = await yosan(s, "import", ["import", path, "--into", s.book, ...args]);
      judge(o, expect, s.root, problems);
      wrote = o.code === 0 || o.code === 1;
      if (!wrote && bookHash(s) !== before)
        problems.push({
          command: o.label,
          reason: `a refused import changed the book (exit ${o.code})`,
          detail: changedFiles(listed, s.book),
        });
      if (wrote && bookHash(s) !== before)
        problems.push(...(await loadsAgain(yosan, s, how.after?.(s) ?? ["check", s.book])));
    }
    problems.push(...strays(s, wrote));
    return problems;
  } finally {
    rmSync(s.root, { recursive: true, force: true });
  }
}

const editedWorkbook = fc.array(
  fc.record({ sheet: fc.nat(30), row: fc.nat(), col: fc.nat(), value: workbookValue }),
  { minLength: 1, maxLength: 4 },
);

async function editWorkbook(
  s: Sandbox,
  edits: readonly { sheet: number; row: number; col: number; value: unknown }[],
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(baseWorkbook as unknown as ArrayBuffer);
  for (const e of edits) {
    const ws = wb.worksheets[e.sheet % wb.worksheets.length];
    if (!ws) continue;
    const cell = ws.getCell(
      (e.row % Math.max(1, ws.rowCount)) + 1,
      (e.col % Math.max(1, ws.columnCount)) + 1,
    );
    const v = e.value;
    cell.value = (
      typeof v === "object" && v !== null && "repeat" in v ? textOf(v as Val) : v
    ) as ExcelJS.CellValue;
  }
  const path = join(s.inputs, "edited.xlsx");
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
  return path;
}

// ─── generators: an accounting system's exports imported as a version ──────────────────────

/** A small journal and trial balances of FY29's sample 決算 through its mapping (beforeAll). */
let exportsOf: GeneratedActuals = {
  journal: "",
  trialBalance: "",
  monthly: "",
  lines: 0,
  bytes: 0,
  expected: () => new Map(),
};

const exportValue: fc.Arbitrary<Val> = fc.oneof(
  cellValue,
  fc.constantFrom(
    "2017/13/01",
    "2017-02-30",
    "H31.4.1",
    "令和元年5月1日",
    "平成29年4月",
    "0000-00-00",
    "2017-04-01T00:00",
    "99999999",
    "2016/04/01",
    "2018/04/01",
  ),
  fc.constantFrom("9999", "1111", "0001", "511", "8990", "x", "10", "00", "99"),
);
const EXPORT_HEADERS = [
  "日付",
  "科目コード",
  "科目名",
  "部門コード",
  "部門",
  "借方金額",
  "貸方金額",
  "借方残高",
  "貸方残高",
  "残高",
  "4月",
  "金額(千円)",
  "金額(ドル)",
  "",
  ...PAYLOADS.slice(0, 4),
] as const;
const MAPPING_VALUES = [
  "account",
  "department",
  "x",
  "",
  "1111",
  "511*",
  "*",
  "-",
  "debit",
  "credit",
  "both",
  "現金及び預金",
  "資産合計",
  "net-income",
  "一般事業",
  "missing-segment",
  ...PAYLOADS.slice(0, 6),
] as const;

const actualsDamage = fc.record({
  export: fc.constantFrom("journal" as const, "trialBalance" as const, "monthly" as const),
  format: fc.constantFrom("csv", "csv", "csv", "Shift_JIS", "UTF-16LE+BOM", "tsv", "xlsx"),
  damage: fc.oneof(
    fc.record({ kind: fc.constant("none" as const) }),
    fc.record({
      kind: fc.constant("cell" as const),
      row: fc.nat(),
      col: fc.nat(20),
      value: exportValue,
    }),
    fc.record({
      kind: fc.constant("append" as const),
      row: fc.nat(),
      col: fc.nat(20),
      value: exportValue,
      copies: rare(fc.constantFrom(1, 2), fc.constantFrom(2000, 30_000)),
    }),
    fc.record({
      kind: fc.constant("header" as const),
      col: fc.nat(20),
      value: fc.constantFrom(...EXPORT_HEADERS),
    }),
    fc.record({
      kind: fc.constant("flip" as const),
      at: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
      xor: fc.integer({ min: 1, max: 255 }),
    }),
    fc.record({ kind: fc.constant("truncate" as const), keep: fc.nat() }),
  ),
  mapping: fc.option(
    fc.oneof(
      fc.record({
        kind: fc.constant("cell" as const),
        row: fc.nat(),
        col: fc.nat(7),
        value: fc.constantFrom<Val>(...MAPPING_VALUES, { repeat: "x", times: 100_000 }),
      }),
      fc.record({
        kind: fc.constant("append" as const),
        row: fc.nat(),
        col: fc.nat(7),
        value: fc.constantFrom(...MAPPING_VALUES),
      }),
      fc.record({
        kind: fc.constant("flip" as const),
        at: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
        xor: fc.integer({ min: 1, max: 255 }),
      }),
      fc.record({
        kind: fc.constant("aim" as const),
        at: fc.constantFrom("missing", "directory", "book.json", "the export", "empty", "budget"),
      }),
    ),
    { nil: null },
  ),
  option: fc.option(
    fc.oneof(
      fc.record({
        flag: fc.constant("--version" as const),
        value: fc.constantFrom(
          "exec-2017-12",
          "original",
          "current",
          "revision-1",
          "h28-revised",
          "決算",
          "Settlement",
          "../x",
          "new version",
          "History",
          "",
          "a".repeat(300),
          ...PAYLOADS.slice(0, 3),
        ),
      }),
      fc.record({
        flag: fc.constant("--as-of" as const),
        value: fc.constantFrom(
          "2017-12-31",
          "2017-02-30",
          "2016-04-30",
          "2019-03-31",
          "2017-04-01",
          "2017-12-15",
          "H29.12.31",
          "x",
        ),
      }),
      fc.record({
        flag: fc.constant("--kind" as const),
        value: fc.constantFrom("forecast", "budget", "x"),
      }),
      fc.record({
        flag: fc.constant("--unit" as const),
        value: fc.constantFrom("千円", "百万円", "ドル", ""),
      }),
      fc.record({ flag: fc.constant("--signs" as const), value: fc.constantFrom("debit", "x") }),
      fc.record({
        flag: fc.constant("--name" as const),
        // a command line cannot carry NUL
        value: fc.constantFrom(
          "当初予算",
          "",
          "x".repeat(2000),
          ...PAYLOADS.filter((p) => !p.includes("\u0000")),
        ),
      }),
    ),
    { nil: null },
  ),
});
type ActualsDamage = typeof actualsDamage extends fc.Arbitrary<infer T> ? T : never;

/** Byte damage (the same for an export and a mapping). */
function damaged(
  b: Buffer,
  d: { kind: string; at?: readonly number[]; xor?: number; keep?: number },
): Buffer {
  const out = Buffer.from(b);
  if (d.kind === "flip" && out.length > 0)
    for (const a of d.at ?? []) out[a % out.length] = (out[a % out.length] ?? 0) ^ (d.xor ?? 1);
  if (d.kind === "truncate") return out.subarray(0, (d.keep ?? 0) % Math.max(1, out.length));
  return out;
}

/** Edit a cell of `rows` (data row `row`, or a copy of it appended `copies` times). */
function editRows(
  rows: string[][],
  d: { kind: string; row?: number; col?: number; value?: Val; copies?: number },
  headerAt: number,
): void {
  const data = rows.slice(headerAt + 1);
  const target = data[(d.row ?? 0) % Math.max(1, data.length)];
  if (!target) return;
  const col = (d.col ?? 0) % Math.max(1, (rows[headerAt] ?? target).length);
  const value = d.value === undefined ? "" : textOf(d.value);
  if (d.kind === "cell") target[col] = value;
  else if (d.kind === "append") {
    const copy = [...target];
    copy[col] = value;
    for (let i = 0; i < copiesOf(d.value ?? "", d.copies ?? 1); i++) rows.push(copy);
  }
}

/** The export of a case, written into the case's inputs; the mapping damaged in the book. */
async function actualsFile(s: Sandbox, d: ActualsDamage): Promise<string> {
  const source = exportsOf[d.export];
  const rows = parse(readFileSync(source), {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
  }) as string[][];
  const headerAt = Math.max(
    0,
    rows.findIndex((r) => r.includes("科目コード")),
  );
  if (d.damage.kind === "header") {
    const header = rows[headerAt] ?? [];
    header[d.damage.col % Math.max(1, header.length)] = d.damage.value;
  } else editRows(rows, d.damage, headerAt);
  const stem = basename(source, ".csv");
  let path: string;
  let bytes: Buffer;
  if (d.format === "xlsx") {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("試算表");
    for (const r of rows)
      ws.addRow(r.map((c) => (/^-?\d{1,15}$/.test(c) ? Number(c) : c.slice(0, 32_000))));
    path = join(s.inputs, `${stem}.xlsx`);
    bytes = Buffer.from(await wb.xlsx.writeBuffer());
  } else {
    const text = stringify(rows, { delimiter: d.format === "tsv" ? "\t" : "," });
    path = join(s.inputs, `${stem}.${d.format === "tsv" ? "tsv" : "csv"}`);
    if (d.format === "Shift_JIS") bytes = iconv.encode(text, "Shift_JIS");
    else if (d.format === "UTF-16LE+BOM")
      bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, "UTF-16LE")]);
    else bytes = Buffer.from(text, "utf8");
  }
  writeFileSync(path, damaged(bytes, d.damage));
  const m = d.mapping;
  const mapping = join(s.book, "mapping.csv");
  if (m?.kind === "flip") writeFileSync(mapping, damaged(readFileSync(mapping), m));
  else if (m?.kind === "cell" || m?.kind === "append") {
    const table = readCsv(mapping);
    editRows(table, m, 0);
    writeCsv(mapping, table);
  }
  return path;
}

/** The arguments of an actuals case after `import FILE --into BOOK`. */
function actualsArgs(s: Sandbox, d: ActualsDamage, path: string): string[] {
  const o = d.option;
  const args = ["--version", o?.flag === "--version" ? o.value : "settlement"];
  if (o && o.flag !== "--version") args.push(o.flag, o.value);
  if (d.mapping?.kind === "aim") {
    const at: Record<string, string> = {
      missing: join(s.inputs, "missing.csv"),
      directory: s.inputs,
      "book.json": join(s.book, "book.json"),
      "the export": path,
      empty: join(s.inputs, "empty.csv"),
      budget: join(s.book, "budget.csv"),
    };
    if (d.mapping.at === "empty") writeFileSync(at.empty ?? "", "");
    args.push("--mapping", at[d.mapping.at] ?? "");
  }
  return args;
}

function actualsCase(d: ActualsDamage, focus: Focus): Promise<Problem[]> {
  let path = "";
  const o = d.option;
  // the flag, or the value it was given (unless too short to tell in a message)
  const names = ["mapping.csv", ...(o ? [o.flag, o.value].filter((n) => n.trim().length > 2) : [])];
  if (d.mapping?.kind === "aim")
    names.push(
      "--mapping",
      { missing: "missing.csv", directory: "/in", empty: "empty.csv", budget: "budget.csv" }[
        d.mapping.at as string
      ] ?? "book.json",
    );
  const e = d.damage;
  const heavy =
    (e.kind === "append" && (e.copies >= 1000 || typeof e.value !== "string")) ||
    (e.kind === "cell" && typeof e.value !== "string");
  return importCase(
    async (s) => {
      path = await actualsFile(s, d);
      return path;
    },
    focus,
    CHILD || heavy || d.format === "xlsx",
    {
      args: (s) => actualsArgs(s, d, path),
      names,
      // the version it wrote compares with the budget
      after: (s) => [
        "compare",
        s.book,
        "current",
        o?.flag === "--version" && o.value !== "" ? o.value : "settlement",
      ],
    },
  );
}

// ─── generators: versions that share files, hostile export names, big mappings, long chains ─

/** Files of FY29 that something other than the settlement version reads (the oracle). */
const READ_BY_OTHERS = [
  "book.json",
  "layout.csv",
  "checks.csv",
  "budget.csv",
  "bridge.csv",
  "commitments.csv",
  "advances.csv",
  "published.csv",
  "summary.csv",
  "mapping.csv",
  "versions/revision-1.csv",
  "versions/settlement-notes.csv",
  "source/h29-budget.txt",
];

const versionsDamage = fc.record({
  /** The version imported into: FY29's settlement, a forecast declared here, or a new id. */
  target: fc.constantFrom("settlement", "declared", "new"),
  /** The file the target is declared on (null: its own, versions/<id>.csv). */
  file: fc.constantFrom(
    null,
    null,
    "versions/own.csv",
    "versions/settlement.csv",
    ...READ_BY_OTHERS,
    "./budget.csv",
    "versions//revision-1.csv",
    "versions/../bridge.csv",
    "versions/stray.csv",
  ),
  /** A file of the office's own already in the book, read by nothing (the new version's file). */
  stray: fc.boolean(),
  /** The export's file name (its note in the version's file). */
  name: fc.constantFrom(
    "trial-balance",
    "=cmd|' -C calc'!A0",
    "@SUM(1)",
    "+1",
    "-2",
    "\tx",
    "\rx",
    "＝1",
    "＠x",
    "決算 試算表",
    'a,b"c',
  ),
  /** Prefix rules added to mapping.csv that match no code of the export. */
  rules: rare(fc.constantFrom(0, 10), fc.constantFrom(20_000, 100_000)),
  /** Revisions chained after 補正予算（第1号）, each on the one before. */
  revisions: rare(fc.constantFrom(0, 3), fc.constantFrom(2_000, 10_000)),
  dryRun: fc.boolean(),
});
type VersionsDamage = typeof versionsDamage extends fc.Arbitrary<infer T> ? T : never;

/** The book of a case: book.json's versions edited, a stray file, rules, the hostile export. */
function versionsBook(s: Sandbox, d: VersionsDamage): { path: string; id: string; file: string } {
  const manifestPath = join(s.book, "book.json");
  const m = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    versions: Record<string, unknown>[];
  };
  const id = d.target === "settlement" ? "settlement" : d.target === "declared" ? "fc" : "fc-new";
  // A new version's file is always versions/<id>.csv; a declared one's is the case's.
  const file =
    d.target === "new" || d.file === null
      ? d.target === "settlement"
        ? "versions/settlement.csv"
        : `versions/${id}.csv`
      : d.file;
  if (d.target === "settlement" && d.file !== null) {
    const v = m.versions.find((x) => x.id === "settlement");
    if (v) v.files = [d.file];
  } else if (d.target === "declared")
    m.versions.push({ id: "fc", name: "決算見込み", kind: "forecast", files: [file] });
  if (d.revisions > 0) {
    const at = m.versions.findIndex((x) => x.id === "revision-1");
    const chain: Record<string, unknown>[] = [];
    for (let i = 0; i < d.revisions; i++)
      chain.push({
        id: `rev-${i}`,
        name: `補正予算（連鎖${i}）`,
        kind: "revision",
        base: i === 0 ? "revision-1" : `rev-${i - 1}`,
        files: ["versions/revision-1.csv"],
      });
    m.versions.splice(at + 1, 0, ...chain);
  }
  writeFileSync(manifestPath, `${JSON.stringify(m, null, 1)}\n`);
  if (d.stray) writeFileSync(join(s.book, "versions/stray.csv"), "the office's own memo\n");
  if (d.stray && d.target === "new") writeFileSync(join(s.book, file), "kept by the office\n");
  if (d.rules > 0) {
    const lines: string[] = [];
    for (let i = 0; i < d.rules; i++) lines.push(`account,70${i}*,科目${i},事業費,,debit,,`);
    appendFileSync(join(s.book, "mapping.csv"), `${lines.join("\n")}\n`);
  }
  const path = join(s.inputs, `${d.name}.csv`);
  writeFileSync(path, readFileSync(exportsOf.trialBalance));
  return { path, id, file };
}

/** A file's key as the book names it: ./ and // folded, versions/../x as x. */
const fileKey = (f: string) => relative(".", join(".", f));

async function versionsCase(d: VersionsDamage, focus: Focus): Promise<Problem[]> {
  const s = sandbox();
  const heavy = d.rules >= 20_000 || d.revisions >= 2_000;
  const yosan = CHILD || heavy ? yosanChild : yosanInProcess;
  try {
    const { path, id, file } = versionsBook(s, d);
    const before = bookHash(s);
    const listed = listing(s.book);
    const problems: Problem[] = [];
    const label = d.dryRun ? "import --dry-run" : "import";
    if (!wanted(focus, label)) return problems;
    const argv = [
      "import",
      path,
      "--into",
      s.book,
      "--version",
      id,
      ...(d.dryRun ? ["--dry-run"] : []),
    ];
    const o = await yosan(s, label, argv);
    judge(
      o,
      { names: ["book.json", basename(file), "mapping.csv", basename(path)] },
      s.root,
      problems,
    );
    const wrote = !d.dryRun && (o.code === 0 || o.code === 1) && bookHash(s) !== before;
    if (!wrote && bookHash(s) !== before)
      problems.push({
        command: label,
        reason: `${d.dryRun ? "a dry run" : "a refused import"} changed the book (exit ${o.code})`,
        detail: changedFiles(listed, s.book),
      });
    if (wrote) {
      const own =
        d.target === "settlement" && fileKey(file) === "versions/settlement.csv"
          ? "versions/settlement.csv"
          : null;
      const after = listing(s.book);
      for (const [name, hash] of listed) {
        if (name === "book.json" || name === own || after.get(name) === hash) continue;
        problems.push({
          command: label,
          reason: "an import wrote over a file the version did not own",
          detail: `${name} (the version's file: ${fileKey(file)})`,
        });
      }
      for (const [name] of after) {
        if (listed.get(name) === after.get(name) || !/\.(csv|tsv)$/.test(name)) continue;
        for (const row of readCsv(join(s.book, name)))
          for (const c of row)
            if (FORMULA_START.test(c) && !PLAIN_NUMBER.test(c))
              problems.push({
                command: label,
                reason: "a cell written into the book starts a formula",
                detail: `${name}: ${shorten(visible(c), 80)}`,
              });
      }
      problems.push(...(await loadsAgain(yosan, s, ["check", s.book, "--version", id])));
    }
    problems.push(...strays(s, wrote));
    return problems;
  } finally {
    rmSync(s.root, { recursive: true, force: true });
  }
}

// ─── generators: files that block a reader (child process, killed after 5 s) ──────────────

const blockingDamage = fc.oneof(
  fc.record({ kind: fc.constant("fifo" as const), file: bookFile }),
  fc.record({
    kind: fc.constant("fifo-outside" as const),
    slot: fc.constantFrom(
      "layout",
      "checks",
      "commitments",
      "budget",
      "print",
      "schedule",
      "version-files",
      "version-notes",
    ),
  }),
  fc.record({ kind: fc.constant("fifo-import" as const) }),
  fc.record({ kind: fc.constant("fifo-actuals" as const) }),
  fc.record({ kind: fc.constant("fifo-mapping" as const) }),
  fc.record({
    kind: fc.constant("fifo-out" as const),
    command: fc.constantFrom("export journal", "export xlsx", "check --junit", "compare --csv"),
  }),
);
type BlockingDamage = typeof blockingDamage extends fc.Arbitrary<infer T> ? T : never;

function mkfifo(path: string): void {
  rmSync(path, { force: true });
  const r = spawnSync("mkfifo", [path]);
  if (r.status !== 0) throw new Error(`mkfifo ${path}: ${r.stderr}`);
}

async function blockingCase(d: BlockingDamage, focus: Focus): Promise<Problem[]> {
  const s = sandbox();
  try {
    let names = [basename(s.book)];
    let commands: [string, string[]][] = [
      ["check", ["check", s.book]],
      ["build", ["build", s.book, "--out", s.out, "--formats", "json"]],
      ["explain", ["explain", s.book, "当期末現金及び預金"]],
    ];
    if (d.kind === "fifo") {
      mkfifo(join(s.book, d.file));
      names = [basename(d.file)];
    } else if (d.kind === "fifo-outside") {
      // book.json names a FIFO outside the book (as it could name /dev/stdin or a device)
      mkfifo(join(s.inputs, "pipe.csv"));
      const m = JSON.parse(MANIFEST_TEXT) as Manifest;
      const pipe = "../in/pipe.csv";
      if (d.slot === "budget") m.files.budget = [pipe, "bridge.csv"];
      else if (d.slot === "print") setPath(m, ["prints", 0, "file"], pipe, false);
      else if (d.slot === "schedule") setPath(m, ["schedules", 0, "file"], pipe, false);
      else if (d.slot === "version-files") setPath(m, ["versions", 4, "files"], [pipe], false);
      else if (d.slot === "version-notes") setPath(m, ["versions", 4, "notes"], pipe, false);
      else m.files[d.slot] = pipe;
      writeFileSync(join(s.book, "book.json"), JSON.stringify(m, null, 2));
      names = ["pipe.csv", "book.json"];
    } else if (d.kind === "fifo-import") {
      const fifo = join(s.inputs, "fifo.csv");
      mkfifo(fifo);
      names = ["fifo.csv"];
      commands = [["import --dry-run", ["import", fifo, "--into", s.book, "--dry-run"]]];
    } else if (d.kind === "fifo-actuals" || d.kind === "fifo-mapping") {
      // an accounting export, or the mapping it is read through, that never ends
      const fifo = join(s.inputs, d.kind === "fifo-actuals" ? "export.csv" : "mapping.csv");
      mkfifo(fifo);
      names = [basename(fifo)];
      const argv = ["import", d.kind === "fifo-actuals" ? fifo : exportsOf.journal];
      argv.push("--into", s.book, "--version", "settlement", "--dry-run");
      if (d.kind === "fifo-mapping") argv.push("--mapping", fifo);
      commands = [["import --version --dry-run", argv]];
    } else {
      mkdirSync(s.out);
      const fifo = join(s.out, "target");
      mkfifo(fifo);
      names = ["target"];
      const argv =
        d.command === "check --junit"
          ? ["check", s.book, "--junit", fifo]
          : d.command === "compare --csv"
            ? ["compare", s.book, "current", "settlement", "--csv", fifo]
            : ["export", d.command.split(" ")[1] ?? "", s.book, "--out", fifo];
      commands = [[d.command, argv]];
    }
    const before = bookHash(s);
    const listed = listing(s.book);
    const outcomes = await Promise.all(
      commands
        .filter(([label]) => wanted(focus, label))
        .map(([label, argv]) => yosanChild(s, label, argv, HANG_MS)),
    );
    const problems: Problem[] = [];
    for (const o of outcomes) judge(o, { names }, s.root, problems);
    if (bookHash(s) !== before)
      problems.push({
        command: "sandbox",
        reason: "changed the book",
        detail: changedFiles(listed, s.book),
      });
    problems.push(...strays(s, false));
    return problems;
  } finally {
    rmSync(s.root, { recursive: true, force: true });
  }
}

// ─── the properties ────────────────────────────────────────────────────────────────────────

describe("fuzz: damaged and hostile inputs at every command", () => {
  let baseDir = "";
  beforeAll(async () => {
    baseDir = tempDir("yosan-fuzz-");
    const r = await build(FY29, { out: baseDir, formats: ["json", "xlsx"] });
    if (r.exitCode > 1) throw new Error(r.stderr.join("\n"));
    baseWorkbook = readFileSync(join(baseDir, "statements.xlsx"));
    exportsOf = generateActuals({ lines: 400, out: join(baseDir, "exports"), seed: SEED % 1000 });
  });
  afterAll(() => {
    if (baseDir !== "") rmSync(baseDir, { recursive: true, force: true });
  });

  fuzz("book-bytes", 12, 0.24, bytesDamage, (d, focus) =>
    bookCase((s) => damageBytes(s, d), focus),
  );
  fuzz("book-csv-rows", 5, 0.2, csvDamage, (d, focus) => bookCase((s) => damageCsv(s, d), focus));
  fuzz("water-csv-rows", 3, 0.04, waterDamage, (d, focus) =>
    bookCase((s) => damageCsv(s, d), focus, WATER),
  );
  fuzz("book-manifest", 5, 0.14, manifestDamage, (d, focus) =>
    bookCase((s) => damageManifest(s, d), focus),
  );
  fuzz("hostile-text", 2, 0.06, payloadDamage, (d, focus) =>
    bookCase((s) => damagePayload(s, d), focus),
  );
  fuzz("output-targets", 6, 0.05, outDamage, outCase);
  fuzz("import-files", 14, 0.12, importDamage, (d, focus) =>
    importCase((s) => importFile(s, d), focus, CHILD || d.kind === "zip"),
  );
  fuzz("import-edited-workbook", 2, 0.03, editedWorkbook, (d, focus) =>
    importCase((s) => editWorkbook(s, d), focus),
  );
  fuzz("import-actuals", 8, 0.13, actualsDamage, actualsCase);
  fuzz("versions-import", 6, 0.08, versionsDamage, versionsCase);
  fuzz("blocking-files", 1, 0.03, blockingDamage, blockingCase, 0);
});
