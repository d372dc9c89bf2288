/**
 * `npm run report:preview [BOOK_DIR]`: build the book, then look at what it wrote as a reader
 * would, all under output/preview/:
 * - statements.pdf: LibreOffice prints the whole workbook (each sheet with its print setup: A4,
 *   header, footer, page breaks), and the pages each sheet takes are listed;
 * - workbook-NN.png: every page of that PDF (pdftoppm);
 * - report.png and report-comparison-N.png: report.html in headless Chromium, the whole page
 *   and each comparison's section.
 * Installs poppler-utils (pdftoppm) with apt when it is missing; needs soffice
 * (.ci/install-libreoffice), Chromium (.ci/install-chromium) and, for Japanese glyphs, a
 * Japanese font (fonts-ipaexfont-gothic).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build, defaultOutDir } from "../../src/cli/build.ts";
import { hasChromium, launchChromium, openPage } from "../helpers/chromium.ts";
import { pagesPerSheet, printToPdf } from "../helpers/pdf-pages.ts";

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
}

function has(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
}

function ensureTools(): void {
  if (!has("soffice")) throw new Error("soffice is missing: run .ci/install-libreoffice");
  const missing: string[] = [];
  if (!has("pdftoppm")) missing.push("poppler-utils");
  const fonts = spawnSync("sh", ["-c", "fc-list :lang=ja | grep -q ."]);
  if (fonts.status !== 0) missing.push("fonts-ipaexfont-gothic");
  if (missing.length === 0) return;
  console.log(`report-preview: installing ${missing.join(" ")}`);
  run("apt-get", ["install", "-y", "--no-install-recommends", ...missing]);
}

/** The workbook printed to PDF, its pages per sheet listed, every page as a PNG. */
function previewWorkbook(xlsx: string, out: string): void {
  const work = mkdtempSync(join(tmpdir(), "yosan-preview-"));
  const pdf = printToPdf(readFileSync(xlsx), work);
  rmSync(work, { recursive: true, force: true });
  writeFileSync(join(out, "statements.pdf"), pdf);
  const printed = pagesPerSheet(pdf);
  console.log(`report-preview: statements.pdf, ${printed.total} pages`);
  for (const s of printed.sheets) {
    const size = printed.sizes[s.first - 1];
    const way = size && size.width > size.height ? "landscape" : "portrait";
    const pages = s.pages === 1 ? `p. ${s.first}` : `pp. ${s.first}–${s.first + s.pages - 1}`;
    console.log(`  ${String(s.pages).padStart(3)} ${way.padEnd(9)} ${pages.padEnd(12)} ${s.name}`);
  }
  run("pdftoppm", ["-png", "-r", "80", join(out, "statements.pdf"), join(out, "workbook")]);
}

/** report.html in headless Chromium: the whole page and each comparison's section. */
async function previewReport(html: string, out: string): Promise<void> {
  if (!hasChromium) {
    console.log("report-preview: no Chromium (.ci/install-chromium): report.html not shown");
    return;
  }
  const browser = launchChromium();
  try {
    const page = await openPage(browser, pathToFileURL(html).href, 1400);
    writeFileSync(join(out, "report.png"), await page.screenshot());
    const ids = await page.evaluate<string[]>(
      `Array.from(document.querySelectorAll("section.comparison")).map(s => s.id)`,
    );
    for (const id of ids) {
      const box = await page.evaluate<{ y: number; height: number }>(
        `(() => { const r = document.getElementById("${id}").getBoundingClientRect(); return { y: Math.floor(r.top + window.scrollY), height: Math.ceil(r.height) }; })()`,
      );
      writeFileSync(join(out, `report-${id}.png`), await page.screenshot(box));
    }
    if (page.errors.length > 0)
      console.log(`report-preview: the page logged ${page.errors.join("; ")}`);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const book = process.argv[2] ?? "ledgers/jlis-h29";
  ensureTools();
  const result = await build(book);
  for (const line of [...result.stdout, ...result.stderr]) console.log(line);
  if (result.exitCode === 2) process.exit(2);
  const dir = defaultOutDir(book);
  const out = resolve("output/preview");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  previewWorkbook(join(dir, "statements.xlsx"), out);
  await previewReport(resolve(dir, "report.html"), out);
  console.log(`report-preview: ${out}/: ${readdirSync(out).length} files`);
}

await main();
