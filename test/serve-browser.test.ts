/**
 * `yosan serve` in the real Chromium (playwright-core driving /usr/bin/chromium), as finance
 * staff would use it: the overview; a segment's statements; a click on 当期末現金及び預金 and
 * its derivation down to budget.csv's rows; the findings filtered to the lost signs; dropping
 * yosan build's workbook (no changes), a workbook with one changed leaf (that change and its
 * effect on ending cash, then Apply), random bytes (an error, the book byte-identical); a
 * what-if edit of a segment's 事業費 that moves ending cash by exactly the edit; a change on
 * disk that reloads the open page; requests the server refuses; the switch between 日本語 and
 * English. The pages are seen as most of their readers see them, in Japanese (each session
 * opens with `?lang=ja`, which it keeps). Every page is loaded without a console error or a
 * request to anywhere but the server, and photographed into output/serve/.
 *
 * Skipped with a reason where Chromium is missing, except under CI (DESIGN.md §5).
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
} from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendLines, buildTemp, hashDir, REPO } from "./helpers/book.ts";
import { type Served, serveCopy } from "./helpers/serve.ts";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const skip = !hasChromium && !process.env.CI;
if (skip)
  console.log(
    `serve-browser: skipping the Chromium tests: ${CHROMIUM} is missing (install it with .ci/install-chromium; CI does not skip)`,
  );
const SHOTS = join(REPO, "output/serve");

let browser: Browser;
let served: Served;
let workbook: Buffer;

beforeAll(async () => {
  if (skip) return;
  expect(hasChromium, `${CHROMIUM} is missing; CI must install it (.ci/install-chromium)`).toBe(
    true,
  );
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  served = await serveCopy({ allowImport: true });
  workbook = readFileSync(join((await buildTemp(served.dir)).out, "statements.xlsx"));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

/**
 * A fresh browser session on the server, its pages in Japanese (`?lang=ja` on the first, which
 * the session keeps), failing the test on any console error or foreign request.
 */
async function open(
  s: Served,
  path = "/",
): Promise<{ page: Page; context: BrowserContext; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const origin = `http://127.0.0.1:${s.port}/`;
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("request", (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith("data:"))
      problems.push(`request to ${r.url()}`);
  });
  await page.goto(`${origin}${path.replace(/^\//, "")}${path.includes("?") ? "&" : "?"}lang=ja`);
  return { page, context, problems };
}

/** Drop a file on the import page's drop zone, as a user dragging it from the desktop does. */
async function drop(page: Page, name: string, bytes: Buffer): Promise<void> {
  // Made in the page (DataTransfer is the browser's): the file's bytes travel as base64.
  const dataTransfer = await page.evaluateHandle(`(() => {
    const bin = atob(${JSON.stringify(bytes.toString("base64"))});
    const data = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i);
    const dt = new DataTransfer();
    dt.items.add(new File([data], ${JSON.stringify(name)}));
    return dt;
  })()`);
  await page.dispatchEvent("#dropzone", "drop", { dataTransfer });
}

/** Wait until `read` gives a value `ok` accepts (the page works asynchronously); return it. */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const end = Date.now() + 15_000;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${String(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

/** The text of the first element `loc` finds, once it contains `text`. */
const hasText = (loc: Locator, text: string) =>
  until(
    async () => ((await loc.count()) > 0 ? await loc.first().innerText() : ""),
    (t) => t.includes(text),
    `「${text}」`,
  );

/** Once `loc` finds exactly `n` elements. */
const hasCount = (loc: Locator, n: number) =>
  until(
    () => loc.count(),
    (c) => c === n,
    `${n} elements`,
  );

/** yosan build's workbook with 一般事業's 事業費 changed on its input sheet. */
async function editedWorkbook(): Promise<{ bytes: Buffer; row: number }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(workbook as unknown as ArrayBuffer);
  const ws = wb.getWorksheet("入力");
  if (!ws) throw new Error("no 入力 sheet");
  let row = 0;
  ws.eachRow((r, n) => {
    if (r.getCell(3).value === "project-expenses") row = n;
  });
  ws.getCell(row, 4).value = 3544415; // 3,543,415 → 3,544,415
  return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), row };
}

const shot = (page: Page, name: string, fullPage = false) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });

describe.skipIf(skip)("yosan serve in Chromium", () => {
  it("overview → a segment → 当期末現金及び預金's derivation down to budget.csv's rows", async () => {
    const { page, context, problems } = await open(served);
    try {
      await hasText(page.locator("h1"), "地方公共団体情報システム機構");
      await hasText(page.locator("#check-summary"), "警告 9");
      expect(
        (
          await hasText(
            page.locator('.key-figures td[data-line="cf-closing-cash"][data-segment="合計"]'),
            "21,616,961",
          )
        ).trim(),
      ).toBe("21,616,961");
      await shot(page, "overview", true);

      await page.click("text=財務諸表");
      await page.click(".tabs >> text=総合行政ネットワーク運営事業");
      await page.waitForURL(/segment=lgwan/);
      const cash = page.locator('td[data-line="cf-closing-cash"][data-segment="lgwan"]');
      expect((await hasText(cash, "1,762,711")).trim()).toBe("1,762,711");
      await shot(page, "statements-segment");

      await cash.click();
      const drill = page.locator("#drill");
      await drill.first().waitFor({ state: "visible" });
      await hasText(drill.locator("h3"), "当期末現金及び預金");
      await page.evaluate(
        `document.querySelectorAll("#drill details").forEach((d) => { d.open = true; })`,
      );
      const rows = drill.locator('li[data-kind="cell"] .src');
      expect(await rows.count()).toBeGreaterThan(10);
      await drill
        .locator('li[data-kind="cell"] .src', { hasText: "budget.csv" })
        .first()
        .waitFor({ state: "visible" });
      await hasText(drill, "budget.csv · 行 186 · 列 amount");
      await shot(page, "drill-down");
      // A term of the tree opens its own derivation.
      await drill.locator("a.term", { hasText: "資金収支差額" }).first().click();
      await hasText(drill.locator("h3"), "資金収支差額");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("findings filtered to the lost signs, each against the document's line", async () => {
    const { page, context, problems } = await open(served, "/findings");
    try {
      await page.selectOption('select[name="status"]', "all");
      await page.waitForURL(/status=all/);
      await page.selectOption('select[name="check"]', "published.sign");
      await page.waitForURL(/check=published\.sign/);
      await hasCount(page.locator("li.finding"), 8);
      await hasCount(page.locator("li.finding .doc-line mark"), 8);
      await hasText(page.locator("li.finding").first(), "資金収支差額");
      await shot(page, "findings-lost-signs", true);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("dropping files: yosan build's workbook (no changes), one changed leaf, random bytes", async () => {
    const { page, context, problems } = await open(served, "/import");
    const before = hashDir(served.dir);
    try {
      await drop(page, "statements.xlsx", workbook);
      await hasText(page.locator("#no-changes"), "no changes");
      await shot(page, "import-no-changes", true);

      const edited = await editedWorkbook();
      await drop(page, "edited.xlsx", edited.bytes);
      const changes = page.locator("#import-changes tr.change");
      await hasCount(changes, 1);
      await hasText(changes, "3,543,415");
      await hasText(changes, "3,544,415");
      await hasText(changes, `edited.xlsx!入力!D${edited.row}`);
      const cash = page.locator('#import-effects tr[data-line="cf-closing-cash"][data-segment=""]');
      await hasText(cash, "21,616,961");
      await hasText(cash, "21,615,961");
      await hasText(cash, "△1,000");
      await shot(page, "import-one-change", true);

      const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) % 251));
      await drop(page, "noise.xlsx", noise);
      await hasText(page.locator('[data-result="error"]'), "取り込めません: noise.xlsx");
      await hasText(page.locator('[data-result="error"]'), "xlsx.not-zip");
      await shot(page, "import-error", true);
      expect(hashDir(served.dir)).toBe(before);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("a what-if edit of a segment's 事業費 moves ending cash by exactly the edit, unsaved", async () => {
    const { page, context, problems } = await open(served, "/statements?segment=lgwan");
    const before = hashDir(served.dir);
    try {
      await page.click('td[data-line="project-expenses"][data-segment="lgwan"]');
      const form = page.locator("#drill form.whatif");
      await form.first().waitFor({ state: "visible" });
      await form.locator('input[name="amount"]').fill("2,156,114"); // 2,155,114 + 1,000
      await form.locator('button[type="submit"]').click();
      await hasText(page.locator("#whatif-banner"), "試算中（未保存）");
      const cash = page.locator('td[data-line="cf-closing-cash"][data-segment="lgwan"]');
      expect((await hasText(cash, "1,761,711")).trim()).toBe("1,761,711");
      expect(await cash.getAttribute("class")).toMatch(/\bchanged\b/);
      await hasText(
        page.locator('#whatif-banner tr.effect[data-line="cf-closing-cash"][data-segment="合計"]'),
        "21,615,961",
      );
      await page.evaluate("window.scrollTo(0, 0)");
      await shot(page, "what-if");
      // The checks recomputed: the cash tie fails for the segment and 合計.
      await page.goto(`http://127.0.0.1:${served.port}/findings?status=fail`);
      await hasCount(page.locator('li.finding[data-check="tie.cash"]'), 2);
      expect(hashDir(served.dir)).toBe(before);
      // Discard reloads the page: wait for that reload before going on (or it cuts the next goto).
      await Promise.all([
        page.waitForEvent("load"),
        page.click('button[data-action="whatif-discard"]'),
      ]);
      await hasCount(page.locator("#whatif-banner"), 0);
      await page.goto(`http://127.0.0.1:${served.port}/statements?segment=lgwan`);
      expect((await hasText(cash, "1,762,711")).trim()).toBe("1,762,711");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("the other pages: 債務負担行為, downloads", async () => {
    const { page, context, problems } = await open(served, "/commitments");
    try {
      await hasCount(page.locator("#commitments-register tbody tr"), 32);
      await shot(page, "commitments", true);
      await page.goto(`http://127.0.0.1:${served.port}/downloads`);
      await hasText(page.locator("#downloads"), "statements.xlsx");
      await shot(page, "downloads");
      await page.goto(`http://127.0.0.1:${served.port}/statements?segment=all`);
      await shot(page, "statements-all");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("versions: the picker shows 決算; the comparison page as a 決算報告書 with its overrun", async () => {
    const { page, context, problems } = await open(served, "/statements?segment=lgwan");
    try {
      const cash = page.locator('td[data-line="cf-closing-cash"][data-segment="lgwan"]');
      await hasText(cash, "1,762,711");
      await page.click('#version-bar a[data-version="settlement"]');
      await page.waitForURL(/v=settlement/);
      // The sample 決算 of 総合行政ネットワーク運営事業 closes with less cash (its 事業費 overran).
      expect((await hasText(cash, "1,712,564")).trim()).toBe("1,712,564");
      await hasText(page.locator("h1"), "決算");
      await shot(page, "statements-settlement");
      // The page's own links carry its version (the script adds it), so 合計 stays on 決算.
      await page.click(".tabs >> text=合計");
      await page.waitForURL(/segment=&v=settlement|v=settlement/);
      expect(page.url()).toContain("v=settlement");
      await hasText(page.locator("h1"), "決算 · 合計");

      await page.click("nav >> text=版の比較");
      await page.selectOption("#a", "current");
      await page.selectOption("#b", "settlement");
      await page.selectOption("#segment", "lgwan");
      await page.click("#compare-picker button");
      await page.waitForURL(/b=settlement/);
      const expenses = page.locator(
        '.compare-tables tr[data-line="project-expenses"][data-segment="lgwan"]',
      );
      await hasText(expenses, "予算超過");
      expect(await expenses.locator("td.diff").innerText()).toBe("51,723");
      await shot(page, "compare-settlement", true);
      // Back on the default version, the page shows the 当初予算 again.
      await page.goto(`http://127.0.0.1:${served.port}/statements?segment=lgwan&v=original`);
      await hasText(cash, "1,762,711");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("the switch in the bar: English, then 日本語 again, each page of the session following it", async () => {
    const { page, context, problems } = await open(served, "/findings?status=warn");
    try {
      expect(await page.getAttribute("html", "lang")).toBe("ja");
      await hasText(page.locator("h1"), "チェック結果");
      await page.click('#lang-switch a[data-lang="en"]');
      await page.waitForURL(/lang=en/);
      expect(await page.getAttribute("html", "lang")).toBe("en");
      await hasText(page.locator("h1"), "Checks");
      // The page's own parameters are kept: the same nine warnings.
      await hasCount(page.locator("li.finding"), 9);
      await shot(page, "findings-english");
      // The session keeps the language: the navigation leads to English pages.
      await page.click("nav >> text=Statements");
      await hasText(page.locator("h1"), "Statements");
      await page.click('#lang-switch a[data-lang="ja"]');
      await hasText(page.locator("h1"), "財務諸表");
      expect(await page.getAttribute("html", "lang")).toBe("ja");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("refuses a change without the token, from the page's own session too", async () => {
    const { page, context } = await open(served);
    try {
      const r = await page.request.post(`http://127.0.0.1:${served.port}/api/whatif/discard`, {
        data: "{}",
      });
      expect(r.status()).toBe(403);
    } finally {
      await context.close();
    }
  });

  it("Apply writes the book; an edit on disk reloads the open page", async () => {
    const s = await serveCopy({ allowImport: true });
    const { page, context, problems } = await open(s, "/import");
    try {
      const edited = await editedWorkbook();
      await drop(page, "edited.xlsx", edited.bytes);
      await hasCount(page.locator("#import-changes tr.change"), 1);
      const before = hashDir(s.dir);
      await page.click('button[data-action="import-apply"]');
      // Applied: the book changed on disk and every open page reloads with it.
      await until(
        () =>
          page
            .locator('meta[name="yosan-generation"]')
            .getAttribute("content")
            .catch(() => null),
        (v) => v === "2",
        "the page to reload with generation 2",
      );
      expect(hashDir(s.dir)).not.toBe(before);
      await page.goto(`http://127.0.0.1:${s.port}/`);
      expect(
        (
          await hasText(
            page.locator('.key-figures td[data-line="cf-closing-cash"][data-segment="合計"]'),
            "21,615,961",
          )
        ).trim(),
      ).toBe("21,615,961");
      appendLines(join(s.dir, "budget.csv"), "事業費,一般事業,-1000,back");
      await until(
        () =>
          page
            .locator('meta[name="yosan-generation"]')
            .getAttribute("content")
            .catch(() => null),
        (v) => v === "3",
        "the page to reload with generation 3",
      );
      expect(
        (
          await hasText(
            page.locator('.key-figures td[data-line="cf-closing-cash"][data-segment="合計"]'),
            "21,616,961",
          )
        ).trim(),
      ).toBe("21,616,961");
      await shot(page, "live-reload");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      await s.close();
    }
  });
});
