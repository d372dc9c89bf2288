/**
 * `npm run report:preview [BOOK_DIR]`: build the book, then have LibreOffice print the
 * 予定貸借対照表 sheet of statements.xlsx to PDF (the other sheets hidden, so the PDF holds that
 * sheet's pages with their print setup: A4 landscape, header, footer) and pdftoppm turn the
 * pages into PNG, all under output/preview/. For looking at the workbook by eye.
 * Installs poppler-utils (pdftoppm) with apt when it is missing; needs soffice
 * (.ci/install-libreoffice) and, for Japanese glyphs, a Japanese font (fonts-ipaexfont-gothic).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";
import { build, defaultOutDir } from "../../src/cli/build.ts";
import { recalcProfileArg } from "../helpers/libreoffice.ts";

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

async function main(): Promise<void> {
  const book = process.argv[2] ?? "ledgers/jlis-h29";
  ensureTools();
  const result = await build(book);
  for (const line of [...result.stdout, ...result.stderr]) console.log(line);
  if (result.exitCode === 2) process.exit(2);
  const xlsx = join(defaultOutDir(book), "statements.xlsx");

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsx);
  const first = wb.worksheets[0];
  if (!first) throw new Error("the workbook has no sheets");
  for (const ws of wb.worksheets) if (ws !== first) ws.state = "hidden";
  const work = mkdtempSync(join(tmpdir(), "yosan-preview-"));
  const sheetFile = join(work, "preview.xlsx");
  await wb.xlsx.writeFile(sheetFile);

  run("soffice", [
    recalcProfileArg(join(work, "profile")),
    "--headless",
    "--convert-to",
    "pdf",
    "--outdir",
    work,
    sheetFile,
  ]);

  const out = resolve("output/preview");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const pdf = join(out, `${first.name}.pdf`);
  run("cp", [join(work, "preview.pdf"), pdf]);
  run("pdftoppm", ["-png", "-r", "110", pdf, join(out, "preview")]);
  rmSync(work, { recursive: true, force: true });
  console.log(`report-preview: ${first.name} → ${out}/: ${readdirSync(out).join(", ")}`);
}

await main();
