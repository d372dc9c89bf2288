/**
 * `npm run bench`'s rows for `yosan serve` (in this process, not a child): how long the FY29
 * pages take to come back from the server (and, with Chromium, to load in it), and how long a
 * what-if edit takes to recompute the statements and every check — on FY29 and on a generated
 * book of 100,000 budget lines — as the 95th percentile of many random single-leaf edits once
 * the server has warmed up (and before, for the record).
 */
import { existsSync } from "node:fs";
import { request } from "node:http";
import { Recomputer } from "../../src/check/incremental.ts";
import { derive } from "../../src/derive/derive.ts";
import type { Model } from "../../src/model/model.ts";
import { Decimal } from "../../src/model/money.ts";
import { loadBook } from "../../src/read/load-book.ts";
import { startServer } from "../../src/serve/server.ts";
import { editedBook } from "../../src/serve/whatif.ts";
import { prng } from "./generate-book.ts";

/** A row of the bench table (the shape bench.ts prints). */
export interface ServeRow {
  readonly id: string;
  readonly what: string;
  readonly status: "ok" | "failed" | "skipped";
  readonly runs?: number;
  readonly wallMs?: number;
  readonly cpuMs?: number | null;
  readonly rssMiB?: number;
  readonly lines?: number;
  readonly note?: string;
}

const PAGES = [
  "/",
  "/statements",
  "/statements?segment=all",
  "/findings",
  "/findings?status=all",
  "/commitments",
  "/downloads",
  "/import",
];

function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))] ?? 0;
}

const rss = () => Math.round(process.memoryUsage().rss / 2 ** 20);

function get(port: number, path: string): Promise<number> {
  const start = performance.now();
  return new Promise((done, fail) => {
    request({ host: "127.0.0.1", port, path, headers: { Host: `127.0.0.1:${port}` } }, (res) => {
      res.resume();
      res.on("end", () =>
        res.statusCode === 200
          ? done(performance.now() - start)
          : fail(new Error(`${path}: ${res.statusCode}`)),
      );
    })
      .on("error", fail)
      .end();
  });
}

/** Each FY29 page's time to the last byte, median of `runs`; the row is the slowest page. */
export async function pages(book: string, runs: number): Promise<ServeRow[]> {
  const server = await startServer({ book, port: 0, watch: false });
  try {
    const port = server.address.port;
    for (const p of PAGES) await get(port, p); // first renders (downloads' files) out of the way
    const medians = new Map<string, number>();
    for (const p of PAGES) {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await get(port, p));
      medians.set(p, quantile(times, 0.5));
    }
    const [slowest, ms] = [...medians].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
    const rows: ServeRow[] = [
      {
        id: "serve-fy29-page",
        what: "serve: FY29 page from the server (slowest)",
        status: "ok",
        runs,
        wallMs: Math.round(ms),
        cpuMs: null,
        rssMiB: rss(),
        note: `${slowest}; ${[...medians].map(([p, t]) => `${p} ${t.toFixed(0)} ms`).join(", ")}`,
      },
    ];
    rows.push(await browserLoad(port, runs));
    return rows;
  } finally {
    await server.close();
  }
}

/** The FY29 pages loaded in Chromium (navigation to the load event), slowest page's median. */
async function browserLoad(port: number, runs: number): Promise<ServeRow> {
  const id = "serve-fy29-load";
  const what = "serve: FY29 page loaded in Chromium (slowest)";
  if (!existsSync("/usr/bin/chromium"))
    return { id, what, status: "skipped", note: "/usr/bin/chromium not installed" };
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const medians: [string, number][] = [];
    for (const p of PAGES) {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        await page.goto(`http://127.0.0.1:${port}${p}`, { waitUntil: "load" });
        times.push(performance.now() - start);
      }
      medians.push([p, quantile(times, 0.5)]);
    }
    const [slowest, ms] = [...medians].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
    return {
      id,
      what,
      status: "ok",
      runs,
      wallMs: Math.round(ms),
      cpuMs: null,
      rssMiB: rss(),
      note: `${slowest}; ${medians.map(([p, t]) => `${p} ${t.toFixed(0)} ms`).join(", ")}`,
    };
  } finally {
    await browser.close();
  }
}

/** `count` random edits: a leaf, a segment, its saved figure moved by up to ±10^7. */
function randomEdits(model: Model, count: number, seed: number) {
  const random = prng(seed);
  const leaves = model.book.lines.filter((l) => l.kind === "leaf").map((l) => l.id);
  const segments = model.book.segments.map((s) => s.id);
  return Array.from({ length: count }, () => {
    const line = leaves[Math.floor(random() * leaves.length)] as string;
    const segment = segments[Math.floor(random() * segments.length)] as string;
    const delta = new Decimal(Math.floor(random() * 2e7) - 1e7);
    return { line, segment, amount: model.figure(line, segment).amount.value.plus(delta) };
  });
}

/** p95 of what-if recomputations of `book` (statements and every check), cold and warmed up. */
export function whatIf(
  id: string,
  what: string,
  book: string,
  edits: number,
  lines?: number,
): ServeRow {
  const loaded = loadBook(book);
  if (!loaded.ok) return { id, what, status: "failed", note: `${book} does not load` };
  const saved = derive(loaded.book);
  const recomputer = new Recomputer(saved, { strict: false });
  const cpu: number[] = [];
  const time = (list: ReturnType<typeof randomEdits>) =>
    list.map((e) => {
      const c = process.cpuUsage();
      const start = performance.now();
      recomputer.recompute(editedBook(saved, [e]), [e]);
      const wall = performance.now() - start;
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
      return wall;
    });
  const cold = time(randomEdits(saved, Math.min(50, edits), 7));
  for (const _ of recomputer.warmUp());
  cpu.length = 0;
  const warm = time(randomEdits(saved, edits, 29));
  return {
    id,
    what,
    status: "ok",
    runs: edits,
    wallMs: Math.round(quantile(warm, 0.95) * 10) / 10,
    rssMiB: rss(),
    ...(lines !== undefined ? { lines } : {}),
    cpuMs: Math.round(quantile(cpu, 0.95) * 10) / 10,
    note: `wall p95 of ${edits} random edits; median ${quantile(warm, 0.5).toFixed(1)} ms, max ${Math.max(...warm).toFixed(1)} ms; CPU (all threads, GC included) p95 ${quantile(cpu, 0.95).toFixed(1)} ms; before warm-up wall p95 ${quantile(cold, 0.95).toFixed(1)} ms`,
  };
}
