/**
 * The HTML report: unit tests on the page text (self-contained, escaped, the figures, the order
 * of the findings), then the page in headless Chromium (DESIGN.md §5): it loads from a file://
 * URL without console errors or network requests, the statements' ending cash reads 21,616,961,
 * the waterfall's segment selector works, and a full-page screenshot is saved to
 * output/report-screenshot.png. Chromium is driven over the DevTools protocol on a pipe
 * (`--remote-debugging-pipe`), so no extra dependency is needed.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { reconcile } from "../src/check/reconcile.ts";
import { outlook, schedulesOf } from "../src/derive/commitments.ts";
import { derive } from "../src/derive/derive.ts";
import type { Book } from "../src/model/book.ts";
import type { Outlook } from "../src/model/commitment.ts";
import { comparedAmounts, declaredCheckId, type Finding } from "../src/model/findings.ts";
import type { Model } from "../src/model/model.ts";
import { Money } from "../src/model/money.ts";
import { synthetic } from "../src/model/provenance.ts";
import { loadBook } from "../src/read/load-book.ts";
import { renderReportHtml, resolveReportLines } from "../src/render/report/report.ts";
import { FY29, REPO } from "./helpers/book.ts";

/** The report section proposed for ledgers/jlis-h29/book.json. */
const REPORT = {
  revenue: "operating-revenue-total",
  expenses: "operating-expenses-total",
  cashPlan: "cash-plan",
  openingCash: "cf-opening-cash",
  closingCash: "cf-closing-cash",
} as const;

let book: Book;
let model: Model;
let findings: Finding[];
let commitments: Outlook | undefined;
let html: string;

function loadFy29(): Book {
  const loaded = loadBook(FY29);
  if (!loaded.ok) throw new Error(`FY29 did not load: ${loaded.issues.length} issues`);
  return loaded.book;
}

function commitmentsOutlook(m: Model): Outlook | undefined {
  const register = m.book.commitments;
  if (!register) return undefined;
  return outlook(register.commitments, schedulesOf(register.commitments, register.schedules), {
    segments: m.book.segments,
    unit: m.book.unit,
  });
}

/** The text of the amount cell of a line in a column (segment id or 合計). */
function cellText(page: string, line: string, segment: string): string | undefined {
  const re = new RegExp(`<td [^>]*data-line="${line}" data-segment="${segment}"[^>]*>([^<]*)</td>`);
  return re.exec(page)?.[1];
}

beforeAll(() => {
  book = loadFy29();
  model = derive(book);
  findings = reconcile(model);
  commitments = commitmentsOutlook(model);
  html = renderReportHtml(model, findings, {
    report: REPORT,
    ...(commitments ? { commitments } : {}),
  });
});

describe("report.html as text", () => {
  it("is one self-contained page: no network URL in src, href, url() or @import", () => {
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/@import|<link\b|<iframe\b|<img\b/i);
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script\b[^>]*\bsrc=/i);
  });

  it("titles the page with entity, book, fiscal year and unit", () => {
    const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? "";
    expect(title).toContain("地方公共団体情報システム機構");
    expect(title).toContain("平成29年度予算（案）");
    expect(title).toContain("平成29年度");
    expect(title).toContain("千円");
  });

  it("shows the statements with segments as columns, 合計 last, △ for negatives", () => {
    expect(cellText(html, "cf-closing-cash", "合計")).toBe("21,616,961");
    expect(cellText(html, "cash-and-deposits", "合計")).toBe("21,616,961");
    expect(cellText(html, "cf-net-cash-flow", "合計")).toBe("△15,232,073");
    expect(cellText(html, "operating-income", "jpki")).toBe("△166,796");
    const head = /<thead><tr>(.*?)<\/tr><\/thead>/.exec(html)?.[1] ?? "";
    const names = [...head.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(names).toEqual(["科目", ...book.segments.map((s) => s.name), "合計"]);
  });

  it("gives each amount a tooltip: the formula for a derived line, the cells for an input", () => {
    const closing = /<td [^>]*data-line="cf-closing-cash" data-segment="合計" title="([^"]*)"/.exec(
      html,
    )?.[1];
    expect(closing).toContain("前期末現金及び預金 36,849,034 + 資金収支差額 △15,232,073");
    expect(closing).toContain("式: cf-opening-cash + cf-net-cash-flow");
    const leaf =
      /<td [^>]*data-line="cash-and-deposits" data-segment="general" title="([^"]*)"/.exec(
        html,
      )?.[1];
    expect(leaf).toMatch(/budget\.csv:\d+:amount {2}一般事業 {2}4,185,228/);
  });

  it("escapes labels and names from the book", () => {
    const evil = '<script>alert("label")</script>';
    const evilSegment = "<img src=x onerror=alert(1)>";
    const poisoned: Book = {
      ...book,
      entity: `${book.entity}&<b>`,
      segments: book.segments.map((s, i) => (i === 0 ? { ...s, name: evilSegment } : s)),
      lines: book.lines.map((l) => (l.id === "cash-and-deposits" ? { ...l, label: evil } : l)),
    };
    const m = derive(poisoned);
    const page = renderReportHtml(m, reconcile(m), { report: REPORT });
    expect(page).not.toContain(evil);
    expect(page).not.toContain(evilSegment);
    expect(page).toContain("&lt;script&gt;alert(&quot;label&quot;)&lt;/script&gt;");
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(page).toContain("地方公共団体情報システム機構&amp;&lt;b&gt;");
    expect(page.match(/<script\b/g)).toHaveLength(1);
    expect(page).not.toMatch(/<img\b/);
  });

  it("lists failures before warnings, then a count per check id with its catalogue words", () => {
    const failure: Finding = {
      check: declaredCheckId("tie.cash"),
      status: "fail",
      statement: "balance-sheet",
      line: "cash-and-deposits",
      segment: "general",
      compared: comparedAmounts(Money.of("4185228", "千円"), Money.of("4185000", "千円")),
      message: "a failure listed last among the findings <must be escaped>",
      sources: [synthetic("test")],
    };
    const page = renderReportHtml(model, [...findings, failure], { report: REPORT });
    const firstFail = page.indexOf('data-status="fail"');
    const firstWarn = page.indexOf('data-status="warn"');
    expect(firstFail).toBeGreaterThan(0);
    expect(firstWarn).toBeGreaterThan(firstFail);
    expect(page).toContain("&lt;must be escaped&gt;");
    expect(page).toContain("△228");
    const summary = page.slice(page.indexOf('<table class="check-summary">'));
    const passes = findings.filter((f) => f.check === "tie.cash" && f.status === "pass").length;
    expect(passes).toBe(book.segments.length + 1);
    expect(summary).toContain(
      `<tr data-check="tie.cash"><td><code>tie.cash</code></td><td>貸借対照表の現金及び預金 = 資金計画の当期末現金及び預金</td><td class="num">${passes}</td><td class="num bad">1</td>`,
    );
    expect(summary).toMatch(/data-check="published\.sign">.*<td class="num warnc">8<\/td>/);
  });

  it("warns exactly about FY29's lost signs and the version continuity", () => {
    const warned = [...html.matchAll(/data-check="([^"]+)" data-status="warn"/g)].map((m) => m[1]);
    expect(new Set(warned)).toEqual(
      new Set(findings.filter((f) => f.status === "warn").map((f) => f.check)),
    );
    expect(html).not.toContain('data-status="fail"');
  });

  it("draws the charts as inline SVG: bars by segment, a waterfall per segment and 合計", () => {
    expect(html).toContain('id="chart-revenue-expenses"');
    const waterfalls = [...html.matchAll(/data-chart="waterfall" data-column="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(waterfalls).toEqual(["合計", ...book.segments.map((s) => s.id)]);
    const total = html.slice(html.indexOf('data-column="合計"'));
    expect(total.slice(0, total.indexOf("</figure>"))).toMatch(
      /前期末現金及び預金 36,849,034 → 当期末現金及び預金 21,616,961/,
    );
    expect(html).toContain('<select data-chart-switch="waterfall">');
  });

  it("finds the chart lines in the layout when the book does not name them", () => {
    expect(resolveReportLines(model).lines).toEqual(REPORT);
    const page = renderReportHtml(model, findings, { report: { revenue: "no-such-line" } });
    expect(page).toContain("report.revenue 「no-such-line」 is not a line of the book");
    expect(page).toContain('id="chart-cash-waterfall"');
  });

  it("shows the 債務負担行為 outlook only when given", () => {
    expect(commitments).toBeDefined();
    expect(html).toContain('id="chart-commitments"');
    expect(renderReportHtml(model, findings)).not.toContain('id="chart-commitments"');
  });
});

// ---------------------------------------------------------------------------------------------
// Headless Chromium over the DevTools protocol (messages are JSON, NUL-terminated, on fds 3/4).

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const skipBrowser = !hasChromium && !process.env.CI;
if (skipBrowser) {
  console.log(
    `report-html: skipping the Chromium test: ${CHROMIUM} is missing (install it with .ci/install-chromium; CI does not skip)`,
  );
}

interface CdpMessage {
  readonly id?: number;
  readonly method?: string;
  readonly params?: Record<string, unknown>;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly message: string };
  readonly sessionId?: string;
}

interface Browser {
  send<T = Record<string, unknown>>(
    method: string,
    params?: Record<string, unknown>,
    sessionId?: string,
  ): Promise<T>;
  onEvent(listener: (m: CdpMessage) => void): void;
  close(): Promise<void>;
}

function launchChromium(): Browser {
  const profile = mkdtempSync(join(tmpdir(), "yosan-chromium-"));
  const child = spawn(
    CHROMIUM,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--hide-scrollbars",
      `--user-data-dir=${profile}`,
      "--remote-debugging-pipe",
      "about:blank",
    ],
    { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const toChrome = child.stdio[3] as Writable;
  const fromChrome = child.stdio[4] as Readable;
  const pending = new Map<number, { resolve: (r: never) => void; reject: (e: Error) => void }>();
  const listeners: ((m: CdpMessage) => void)[] = [];
  let nextId = 1;
  let buffer = Buffer.alloc(0);
  fromChrome.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (let end = buffer.indexOf(0); end >= 0; end = buffer.indexOf(0)) {
      const message = JSON.parse(buffer.subarray(0, end).toString("utf8")) as CdpMessage;
      buffer = buffer.subarray(end + 1);
      if (message.id === undefined) {
        for (const l of listeners) l(message);
        continue;
      }
      const p = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) p?.reject(new Error(message.error.message));
      else p?.resolve((message.result ?? {}) as never);
    }
  });
  child.on("exit", (code) => {
    for (const p of pending.values()) p.reject(new Error(`chromium exited (${code}):\n${stderr}`));
    pending.clear();
  });
  return {
    send<T>(method: string, params: Record<string, unknown> = {}, sessionId?: string) {
      const id = nextId++;
      const message = { id, method, params, ...(sessionId ? { sessionId } : {}) };
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (r: never) => void, reject });
        toChrome.write(`${JSON.stringify(message)}\0`);
      });
    },
    onEvent(listener) {
      listeners.push(listener);
    },
    async close() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      if (child.exitCode === null) {
        await this.send("Browser.close").catch(() => undefined);
        const timer = new Promise((resolve) => setTimeout(resolve, 5000));
        await Promise.race([exited, timer]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

describe("report.html in headless Chromium", () => {
  it.skipIf(skipBrowser)(
    "loads from file:// without console errors or network; ending cash reads 21,616,961; screenshot saved",
    async () => {
      expect(hasChromium, `${CHROMIUM} is missing; CI must install it (.ci/install-chromium)`).toBe(
        true,
      );
      const dir = mkdtempSync(join(tmpdir(), "yosan-report-"));
      const file = join(dir, "report.html");
      writeFileSync(file, html);
      const url = pathToFileURL(file).href;

      const browser = launchChromium();
      try {
        const { targetId } = await browser.send<{ targetId: string }>("Target.createTarget", {
          url: "about:blank",
        });
        const { sessionId } = await browser.send<{ sessionId: string }>("Target.attachToTarget", {
          targetId,
          flatten: true,
        });
        const errors: string[] = [];
        const requests: string[] = [];
        let onLoad: () => void = () => undefined;
        const loaded = new Promise<void>((resolve) => {
          onLoad = resolve;
        });
        browser.onEvent((m) => {
          if (m.sessionId !== sessionId) return;
          const p = m.params ?? {};
          if (m.method === "Page.loadEventFired") onLoad();
          if (m.method === "Runtime.consoleAPICalled" && ["error", "assert"].includes(`${p.type}`))
            errors.push(`console.${p.type}: ${JSON.stringify(p.args)}`);
          if (m.method === "Runtime.exceptionThrown")
            errors.push(`exception: ${JSON.stringify(p.exceptionDetails)}`);
          if (m.method === "Log.entryAdded") {
            const entry = p.entry as { level?: string; text?: string; url?: string };
            if (entry.level === "error") errors.push(`log: ${entry.text} ${entry.url ?? ""}`);
          }
          if (m.method === "Network.requestWillBeSent")
            requests.push(`${(p.request as { url?: string }).url}`);
        });
        for (const domain of ["Page", "Runtime", "Log", "Network"])
          await browser.send(`${domain}.enable`, {}, sessionId);
        await browser.send(
          "Emulation.setDeviceMetricsOverride",
          { width: 1400, height: 900, deviceScaleFactor: 1, mobile: false },
          sessionId,
        );
        await browser.send("Page.navigate", { url }, sessionId);
        await loaded;

        const evaluate = async <T>(expression: string): Promise<T> => {
          const r = await browser.send<{ result: { value: T }; exceptionDetails?: unknown }>(
            "Runtime.evaluate",
            { expression, returnByValue: true },
            sessionId,
          );
          if (r.exceptionDetails) throw new Error(JSON.stringify(r.exceptionDetails));
          return r.result.value;
        };
        const endingCash = await evaluate<string>(
          `document.querySelector('td[data-line="cf-closing-cash"][data-segment="合計"]').textContent`,
        );
        expect(endingCash).toBe("21,616,961");

        // The waterfall shows 合計; choosing a segment shows that segment's chart alone.
        const visible = () =>
          evaluate<string[]>(
            `Array.from(document.querySelectorAll('[data-chart="waterfall"]')).filter(f => !f.hidden && f.getBoundingClientRect().height > 0).map(f => f.dataset.column)`,
          );
        expect(await visible()).toEqual(["合計"]);
        await evaluate(
          `(() => { const s = document.querySelector('select[data-chart-switch="waterfall"]'); s.value = "mynumber-card"; s.dispatchEvent(new Event("change")); })()`,
        );
        expect(await visible()).toEqual(["mynumber-card"]);
        await evaluate(
          `(() => { const s = document.querySelector('select[data-chart-switch="waterfall"]'); s.value = "合計"; s.dispatchEvent(new Event("change")); })()`,
        );

        // Japanese text is drawn with a Japanese font (no boxes): the font the page gets is installed.
        const fontOk = await evaluate<boolean>(
          `document.fonts.check('13px "IPAexGothic"', "当期末現金及び預金")`,
        );
        expect(fontOk, "IPAexGothic missing: install fonts-ipaexfont-gothic").toBe(true);

        const metrics = await browser.send<{ cssContentSize: { height: number } }>(
          "Page.getLayoutMetrics",
          {},
          sessionId,
        );
        const height = Math.ceil(metrics.cssContentSize.height);
        const shot = await browser.send<{ data: string }>(
          "Page.captureScreenshot",
          {
            format: "png",
            captureBeyondViewport: true,
            clip: { x: 0, y: 0, width: 1400, height, scale: 1 },
          },
          sessionId,
        );
        const out = join(REPO, "output");
        mkdirSync(out, { recursive: true });
        writeFileSync(join(out, "report-screenshot.png"), Buffer.from(shot.data, "base64"));

        expect(errors).toEqual([]);
        expect(requests.filter((r) => !r.startsWith("file:") && !r.startsWith("data:"))).toEqual(
          [],
        );
      } finally {
        await browser.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
