/**
 * Test helper: how many pages each sheet of a workbook takes when LibreOffice prints it to PDF.
 * LibreOffice's PDF of a spreadsheet has one outline entry (bookmark) per printed sheet,
 * titled with the sheet's name and pointing at its first page; the page tree gives the order
 * of the pages. Reads the PDF's objects directly (LibreOffice writes them uncompressed), so no
 * PDF tool is needed.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { recalcProfileArg } from "./libreoffice.ts";

export interface PrintedSheet {
  readonly name: string;
  /** 1-based number of its first page. */
  readonly first: number;
  readonly pages: number;
}

export interface PrintedPdf {
  readonly total: number;
  readonly sheets: readonly PrintedSheet[];
  /** Width and height of each page in points (its MediaBox, or the one it inherits). */
  readonly sizes: readonly { readonly width: number; readonly height: number }[];
}

/** The dictionary text of every object of a PDF, by object number. */
function objects(pdf: string): Map<number, string> {
  const out = new Map<number, string>();
  const re = /(\d+) 0 obj\b([\s\S]*?)endobj/g;
  for (let m = re.exec(pdf); m !== null; m = re.exec(pdf)) {
    const body = m[2] ?? "";
    const stream = body.indexOf("stream");
    out.set(Number(m[1]), stream >= 0 ? body.slice(0, stream) : body);
  }
  return out;
}

function refs(list: string): number[] {
  return [...list.matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
}

/** A PDF string: <FEFF…> hex (UTF-16BE) or a literal (…) of ASCII. */
function decodeTitle(raw: string): string {
  const hex = /^<([0-9A-Fa-f\s]*)>$/.exec(raw.trim());
  if (hex) {
    const bytes = Buffer.from((hex[1] ?? "").replace(/\s/g, ""), "hex");
    if (bytes[0] === 0xfe && bytes[1] === 0xff)
      return bytes.subarray(2).swap16().toString("utf16le");
    return bytes.toString("latin1");
  }
  return raw
    .trim()
    .replace(/^\(|\)$/g, "")
    .replace(/\\([()\\])/g, "$1");
}

/** Pages per sheet of a PDF printed by LibreOffice from a workbook. */
export function pagesPerSheet(pdf: Buffer): PrintedPdf {
  const text = pdf.toString("latin1");
  const objs = objects(text);
  const root = [...objs.entries()].find(
    ([, d]) => /\/Type\s*\/Pages\b/.test(d) && !/\/Parent\b/.test(d),
  );
  if (!root) throw new Error("no page tree in the PDF");
  const pages: number[] = [];
  const sizes: { width: number; height: number }[] = [];
  const box = (d: string) => {
    const m = /\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/.exec(d);
    return m
      ? { width: Number(m[3]) - Number(m[1]), height: Number(m[4]) - Number(m[2]) }
      : undefined;
  };
  const walk = (id: number, inherited: { width: number; height: number }) => {
    const d = objs.get(id) ?? "";
    const size = box(d) ?? inherited;
    if (/\/Type\s*\/Pages\b/.test(d)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(d)?.[1] ?? "";
      for (const k of refs(kids)) walk(k, size);
    } else {
      pages.push(id);
      sizes.push(size);
    }
  };
  walk(root[0], { width: 0, height: 0 });
  const index = new Map(pages.map((p, i) => [p, i]));
  const entries: { name: string; first: number }[] = [];
  for (const d of objs.values()) {
    const title = /\/Title\s*(<[^>]*>|\((?:\\.|[^\\)])*\))/.exec(d)?.[1];
    const dest = /\/Dest\s*\[\s*(\d+) 0 R/.exec(d)?.[1];
    if (title === undefined || dest === undefined) continue;
    const at = index.get(Number(dest));
    if (at !== undefined) entries.push({ name: decodeTitle(title), first: at + 1 });
  }
  if (entries.length === 0)
    throw new Error("the PDF has no outline: LibreOffice wrote no sheet bookmarks");
  entries.sort((a, b) => a.first - b.first);
  const sheets = entries.map((e, i) => ({
    ...e,
    pages: (entries[i + 1]?.first ?? pages.length + 1) - e.first,
  }));
  return { total: pages.length, sheets, sizes };
}

/** Print `xlsx` to PDF with LibreOffice (headless, a fresh profile) in `work`; the PDF's bytes. */
export function printToPdf(xlsx: Buffer, work: string): Buffer {
  const file = join(work, "book.xlsx");
  writeFileSync(file, xlsx);
  const r = spawnSync(
    "soffice",
    [
      recalcProfileArg(join(work, "profile")),
      "--headless",
      "--convert-to",
      "pdf",
      "--outdir",
      work,
      file,
    ],
    { encoding: "utf8", timeout: 180_000 },
  );
  if (r.status !== 0) throw new Error(`soffice failed (${r.status}): ${r.stderr}`);
  return readFileSync(join(work, "book.pdf"));
}
