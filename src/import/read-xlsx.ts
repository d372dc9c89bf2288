/**
 * Reading an xlsx into grids. The zip is inspected first by hand (zip-inspect.ts: central
 * directory, declared and real sizes; here, the cell count), before exceljs sees the bytes,
 * because exceljs will take all the memory a hostile file asks for; then each worksheet becomes
 * a grid of display text with its merged ranges, hidden rows and cached formula values.
 */

import type ExcelJS from "exceljs";
import { formatCount } from "../model/amount-text.ts";
import type { InputIssue } from "../model/issues.ts";
import { columnLetter } from "../model/provenance.ts";
import { type Lang, say, sayEach, type Text } from "../model/text.ts";
import type { Grid, GridResult, GridRow, MergedRange, ReadLimits } from "./grid.ts";
import { errorText, failed, readIssue } from "./reader-common.ts";
import { damagedPart, WorkbookParts } from "./xlsx-parts.ts";
import {
  checkEntries,
  type EntryRefusal,
  inflateEntries,
  inspectZip,
  type ZipEntry,
} from "./zip-inspect.ts";

/** exceljs's cell value types, set when exceljs is first loaded. */
let valueType: typeof ExcelJS.ValueType | undefined;

/**
 * Inflate every entry (zip-inspect.ts), refusing a part whose XML is damaged, keeping the parts
 * read before exceljs (xlsx-parts.ts), and counting the `<c>` elements of the worksheets.
 */
async function verifyEntries(
  b: Buffer,
  entries: readonly ZipEntry[],
  parts: WorkbookParts,
): Promise<{ ok: true; cells: number } | ({ ok: false } & EntryRefusal)> {
  let cells = 0;
  const refused = await inflateEntries(b, entries, (name, inflated) => {
    const damaged = damagedPart(name, inflated);
    if (damaged !== undefined) return { reason: "xlsx.parse", detail: damaged };
    parts.visit(name, inflated);
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) cells += countCellElements(inflated);
    return undefined;
  });
  return refused === undefined ? { ok: true, cells } : { ok: false, ...refused };
}

/** Occurrences of `<c ` / `<c>` / `<c/>` in a worksheet's XML: an upper bound on its cells. */
function countCellElements(xml: Buffer): number {
  let n = 0;
  let at = xml.indexOf("<c", 0);
  while (at >= 0) {
    const next = xml[at + 2];
    if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x0a || next === 0x09) n++;
    at = xml.indexOf("<c", at + 2);
  }
  return n;
}

/**
 * Parts of a worksheet exceljs need not parse for us: data validations over whole columns and
 * merged ranges are expanded cell by cell by exceljs and can exhaust memory or time on their
 * own (merges are read from the XML instead, xlsx-parts.ts).
 */
const IGNORED_NODES = [
  "mergeCells",
  "dataValidations",
  "conditionalFormatting",
  "extLst",
  "picture",
  "drawing",
  "headerFooter",
  "pageSetup",
  "printOptions",
  "rowBreaks",
  "autoFilter",
  "sheetProtection",
  "tableParts",
];

export async function readXlsx(
  bytes: Buffer,
  file: string,
  limits: ReadLimits,
  verbose = false,
): Promise<GridResult> {
  const zip = inspectZip(bytes);
  if (!zip.ok) return failed(readIssue(zip.reason, file, zip.detail));
  const sizes = checkEntries(zip.entries, limits);
  if (sizes !== undefined) return failed(readIssue("xlsx.zip-bomb", file, sizes));
  const names = new Set(zip.entries.map((e) => e.name.replace(/^\//, "")));
  if (!names.has("xl/workbook.xml"))
    return failed(readIssue("xlsx.not-workbook", file, notWorkbookDetail(names, bytes)));
  const encrypted = zip.entries.find((e) => (e.flags & 1) !== 0);
  if (encrypted !== undefined) {
    return failed(
      readIssue(
        "xlsx.unsupported",
        file,
        say(
          `${encrypted.name} は zip の中で暗号化されています。`,
          `${encrypted.name} is encrypted inside the zip`,
        ),
      ),
    );
  }
  const method = zip.entries.find((e) => e.method !== 0 && e.method !== 8);
  if (method !== undefined) {
    return failed(
      readIssue(
        "xlsx.unsupported",
        file,
        say(
          `${method.name} は圧縮方式 ${method.method} を使っています。`,
          `${method.name} uses compression method ${method.method}`,
        ),
      ),
    );
  }
  const parts = new WorkbookParts();
  const verified = await verifyEntries(bytes, zip.entries, parts);
  if (!verified.ok) return failed(readIssue(verified.reason, file, verified.detail));
  if (verified.cells > limits.maxCells) {
    return failed(
      readIssue(
        "cells.too-many",
        file,
        say(
          `ワークシートに${formatCount(verified.cells)}セルあり、上限の${formatCount(limits.maxCells)}セルを超えています。`,
          `the worksheets hold ${verified.cells} cells, over the limit of ${limits.maxCells}`,
        ),
      ),
    );
  }
  // exceljs is loaded on first use: reading CSV or text never pays for it.
  const { default: Excel } = await import("exceljs");
  valueType = Excel.ValueType;
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer, { ignoreNodes: IGNORED_NODES });
  } catch (error) {
    const detail = say(
      "ブックの一部が exceljs では読めない形で壊れています。",
      "a part of it is damaged in a way exceljs cannot read",
    );
    const said = errorText(error);
    return failed(
      readIssue(
        "xlsx.parse",
        file,
        verbose
          ? say(`${detail.ja}（exceljs：${said}）`, `${detail.en} (exceljs: ${said})`)
          : detail,
      ),
    );
  }
  const grids: Grid[] = [];
  let budget = limits.maxCells;
  for (const worksheet of workbook.worksheets) {
    const built = sheetGrid(worksheet, file, budget, parts.mergesOf(worksheet.name));
    if (!built.ok) return failed(built.issue);
    budget -= built.cells;
    grids.push(built.grid);
  }
  if (grids.every((g) => g.rows.length === 0)) {
    return failed(
      readIssue(
        "read.empty",
        file,
        say("値のあるセルを持つワークシートがありません。", "no worksheet has a cell with a value"),
      ),
    );
  }
  return { ok: true, grids };
}

function notWorkbookDetail(names: ReadonlySet<string>, bytes: Buffer): Text {
  if (names.has("xl/workbook.bin"))
    return say(
      "Excel のバイナリ形式のブック（.xlsb）です。",
      "it is an Excel binary workbook (.xlsb)",
    );
  if (names.has("mimetype") && bytes.includes("opendocument.spreadsheet")) {
    return say(
      "OpenDocument のスプレッドシート（.ods）です。",
      "it is an OpenDocument spreadsheet (.ods)",
    );
  }
  if (names.has("word/document.xml")) return say("Word の文書です。", "it is a Word document");
  return names.size === 0
    ? say("zip が空です。", "the zip is empty")
    : say("xl/workbook.xml がありません。", "it has no xl/workbook.xml");
}

const MAX_CELLS_NAMED = 10;

/** A sheet's state other than visible, in Japanese. */
const SHEET_STATES: Readonly<Record<string, string>> = {
  hidden: "非表示",
  veryHidden: "完全に非表示（veryHidden）",
};

type SheetBuilt = { ok: true; grid: Grid; cells: number } | { ok: false; issue: InputIssue };

/** One worksheet as a grid; stops with an issue once more than `budget` cells are made. */
function sheetGrid(
  worksheet: ExcelJS.Worksheet,
  file: string,
  budget: number,
  merges: readonly MergedRange[] = [],
): SheetBuilt {
  const sheet = worksheet.name;
  const rows: GridRow[] = [];
  const uncached: string[] = [];
  let formulas = 0;
  let cells = 0;
  let overAt: number | undefined;
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (overAt !== undefined) return;
    const texts: string[] = [];
    row.eachCell({ includeEmpty: false }, (c, col) => {
      let text: string;
      const value = c.value;
      if (c.type === valueType?.Formula) {
        // Not `value.result`: exceljs's formula value drops a falsy result (0, FALSE).
        const result = c.result as ExcelJS.CellValue | undefined;
        formulas++;
        if (result === undefined || result === null) uncached.push(c.address);
        text = valueText(result);
      } else {
        text = valueText(value);
      }
      if (text !== "") {
        while (texts.length < col - 1) texts.push("");
        texts[col - 1] = text;
      }
    });
    if (texts.length === 0) return;
    cells += texts.length;
    if (cells > budget) {
      overAt = rowNumber;
      return;
    }
    rows.push({ row: rowNumber, cells: texts, hidden: row.hidden === true });
  });
  if (overAt !== undefined) {
    return {
      ok: false,
      issue: readIssue(
        "cells.too-many",
        file,
        say(
          `シート ${sheet} の ${overAt}行目で許容されるセル数の上限を超えたため、読み込みを止めました。`,
          `reading stopped at row ${overAt} of sheet ${sheet}, past the limit of the cells allowed`,
        ),
        { row: overAt, sheet },
      ),
    };
  }
  const notes: Text[] = [];
  if (worksheet.state !== "visible")
    notes.push(
      say(
        `シートは${SHEET_STATES[worksheet.state] ?? `「${worksheet.state}」`}です`,
        `the sheet is ${worksheet.state}`,
      ),
    );
  if (formulas > 0)
    notes.push(
      say(
        `数式のセルは保存された計算結果を読みました（${formatCount(formulas)}セル）`,
        `formula cells read from cached values (${formulas} cells)`,
      ),
    );
  if (uncached.length > 0) {
    notes.push(
      sayEach((lang) =>
        lang === "ja"
          ? `計算結果が保存されていない（または空の）数式のセルは空として読みました：${listed(uncached, lang)}（数値が入るはずのセルなら、ブックを Excel か LibreOffice で開いて保存し、計算させてください）`
          : `formula cells without a cached value (or with an empty one) read as empty: ${listed(uncached, lang)} (if they should hold figures, open and save the workbook in Excel or LibreOffice to compute them)`,
      ),
    );
  }
  const mergeList: MergedRange[] = [...merges].sort((a, b) => a.top - b.top || a.left - b.left);
  if (mergeList.length > 0) {
    const ranges = mergeList.map(rangeText);
    notes.push(
      sayEach((lang) =>
        lang === "ja"
          ? `結合したセルの値は左上のセルだけにあります：${listed(ranges, lang)}`
          : `merged cells keep their value in the top-left cell only: ${listed(ranges, lang)}`,
      ),
    );
  }
  const hiddenRows = rows.filter((r) => r.hidden).map((r) => String(r.row));
  if (hiddenRows.length > 0)
    notes.push(
      sayEach((lang) =>
        lang === "ja"
          ? `非表示の行も読み込み、印を付けました：${listed(hiddenRows, lang)}`
          : `hidden rows kept and flagged: ${listed(hiddenRows, lang)}`,
      ),
    );
  // Only the columns the sheet defines (<cols>): never a walk over every possible column.
  const hiddenColumns = (worksheet.columns ?? []).flatMap((c, i) =>
    c.hidden ? [columnLetter(i + 1)] : [],
  );
  if (hiddenColumns.length > 0)
    notes.push(
      sayEach((lang) =>
        lang === "ja"
          ? `非表示の列も読み込みました：${listed(hiddenColumns, lang)}`
          : `hidden columns kept: ${listed(hiddenColumns, lang)}`,
      ),
    );
  return {
    ok: true,
    cells,
    grid: {
      file,
      sheet,
      rows,
      notes,
      ...(mergeList.length > 0 ? { merges: mergeList } : {}),
    },
  };
}

function isFormula(
  value: ExcelJS.CellValue,
): value is ExcelJS.CellFormulaValue | ExcelJS.CellSharedFormulaValue {
  return (
    typeof value === "object" && value !== null && ("formula" in value || "sharedFormula" in value)
  );
}

function rangeText(r: MergedRange): string {
  return `${columnLetter(r.left)}${r.top}:${columnLetter(r.right)}${r.bottom}`;
}

function listed(items: readonly string[], lang: Lang): string {
  const shown = items.slice(0, MAX_CELLS_NAMED).join(lang === "ja" ? "、" : ", ");
  const more = items.length - MAX_CELLS_NAMED;
  if (more <= 0) return shown;
  return lang === "ja" ? `${shown} ほか${more}件` : `${shown} and ${more} more`;
}

/** A cell value as exact, locale-free display text. */
function valueText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return numberText(value);
  if (typeof value === "string") return value.trim();
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return dateText(value);
  if ("error" in value) return String(value.error);
  if ("richText" in value)
    return value.richText
      .map((run) => run.text)
      .join("")
      .trim();
  if (isFormula(value)) return valueText(value.result as ExcelJS.CellValue);
  if ("text" in value) return valueText(value.text as ExcelJS.CellValue);
  return "";
}

/**
 * Integers as plain digits; other numbers as the shortest round-trip text, never exponential.
 * @testOnly exported for test/read-grid.test.ts
 */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Object.is(n, -0)) return "0";
  if (Number.isInteger(n)) return BigInt(n).toString();
  return plainDecimal(String(n));
}

/** `1.5e-7` → `0.00000015`; text without an exponent is returned as it is. */
function plainDecimal(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const [, sign = "", whole = "", fraction = "", exp = "0"] = m;
  const digits = whole + fraction;
  const point = whole.length + Number(exp);
  let out: string;
  if (point <= 0) out = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + "0".repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  out = out.replace(/^0+(?=\d)/, "");
  if (out.includes(".")) out = out.replace(/\.?0+$/, "");
  return sign + out;
}

/** ISO `yyyy-mm-dd`, with `Thh:mm:ss` only when the time is not midnight. */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return "";
  const iso = d.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 19);
}
