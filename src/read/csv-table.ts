/**
 * Reading a CSV file of a book into a table of text cells with provenance. Accepts a UTF-8
 * BOM and CRLF line ends; rejects invalid UTF-8, malformed quoting and an empty file with
 * an issue pointing at the line. Cells stay text: typing them is the caller's business; the
 * apostrophe that marks a formula-like text as text (model/cell-text.ts) is taken off.
 */
import { parse } from "csv-parse/sync";
import { plainText } from "../model/cell-text.ts";
import { type InputIssue, inputError } from "../model/issues.ts";
import { type CellSource, cell } from "../model/provenance.ts";
import { say, type Text } from "../model/text.ts";
import { CsvScanner } from "./csv-scanner.ts";

export interface TableRow {
  /** 1-based line number in the file (the header is line 1). */
  readonly row: number;
  /** Cell text by header name, trimmed. Missing trailing cells are "". */
  readonly values: Readonly<Record<string, string>>;
  /** The row as written (without its line end or blank lines before it), for echoing in messages. */
  readonly raw: string;
}

export interface Table {
  /** The file as the user named it (relative path), used in every message. */
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly TableRow[];
}

type TableResult = { ok: true; table: Table } | { ok: false; issues: InputIssue[] };

/** Source of one cell of a table row. */
export function cellOf(table: Table, row: TableRow, column: string): CellSource {
  return cell(table.file, row.row, column);
}

/**
 * Parse CSV text (already decoded) into a table. `required` columns must appear in the header.
 * Blank lines and lines whose cells are all empty are skipped.
 */
export function parseCsvTable(
  file: string,
  text: string,
  required: readonly string[],
  options: { allowNoRows?: boolean } = {},
): TableResult {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (body.trim() === "") {
    return empty(
      file,
      say(
        "ファイルが空です（見出し行とデータの行が必要です）。",
        "the file is empty (expected a header row and data rows)",
      ),
    );
  }
  // The scanner (csv-scanner.ts) reads the common subset of CSV several times faster than
  // csv-parse with line numbers; anything it declines is read by csv-parse, whose messages then
  // describe the problem. The scanner's `raw` is the row as written already; csv-parse's also
  // holds the blank lines before the row and its line end (rowText takes them off a data row's;
  // the header's is echoed as csv-parse gives it, its end trimmed).
  const cells: string[][] = [];
  const lines: number[] = [];
  const raws: string[] = [];
  const scanner = new CsvScanner((record, line, raw) => {
    cells.push(record);
    lines.push(line);
    raws.push(raw);
  });
  if (!(scanner.push(body) && scanner.end())) {
    cells.length = lines.length = raws.length = 0;
    try {
      const parsed = parse(body, {
        relax_column_count: true,
        skip_empty_lines: true,
        info: true,
        raw: true,
        trim: true,
      }) as unknown as { record: string[]; info: { lines: number }; raw: string }[];
      for (const r of parsed) {
        cells.push(r.record);
        lines.push(r.info.lines);
        raws.push(raws.length === 0 ? r.raw : rowText(r.raw));
      }
    } catch (error) {
      const e = error as { lines?: number; message: string; code?: string };
      return {
        ok: false,
        issues: [inputError("csv.malformed", cell(file, e.lines ?? 1), malformed(e))],
      };
    }
  }
  return tableOf(file, cells, lines, raws, required, options.allowNoRows === true);
}

/**
 * The table of the records read (cells, the line each ends on, the row as written; the first
 * is the header): the header's columns checked, blank rows skipped, each row's cells by column
 * name.
 */
function tableOf(
  file: string,
  records: readonly string[][],
  lines: readonly number[],
  raws: readonly string[],
  required: readonly string[],
  allowNoRows: boolean,
): TableResult {
  const first = records[0];
  if (first === undefined)
    return empty(file, say("ファイルに行がありません。", "the file has no rows"));
  const header = first.map((h) => h.trim());
  const issues: InputIssue[] = [];
  const seen = new Set<string>();
  header.forEach((h, i) => {
    if (h !== "" && seen.has(h)) {
      issues.push(
        inputError(
          "column.duplicate",
          cell(file, 1, h),
          say(
            `列「${h}」が 2 回あります（${i + 1} 列目）。`,
            `column 「${h}」 appears twice (column ${i + 1})`,
          ),
        ),
      );
    }
    seen.add(h);
  });
  for (const name of required) {
    if (!seen.has(name)) {
      issues.push(
        inputError(
          "column.missing",
          cell(file, 1, name),
          say(
            `列「${name}」がありません（見出し行の列：${header.join("、")}。少なくとも必要な列：${required.join("、")}）。`,
            `missing column 「${name}」 (the header has: ${header.join(", ")}; expected at least: ${required.join(", ")})`,
          ),
          (raws[0] ?? "").trimEnd(),
        ),
      );
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  // The named columns, by their index in the header.
  const named: number[] = [];
  header.forEach((h, i) => {
    if (h !== "") named.push(i);
  });
  const rows: TableRow[] = [];
  for (let n = 1; n < records.length; n++) {
    const record = records[n] as string[];
    if (blank(record)) continue;
    const lost = unnamedCell(header, record);
    if (lost !== undefined) {
      issues.push(
        inputError(
          "csv.malformed",
          cell(file, lines[n] as number, `${lost.index + 1}`),
          unnamedCellMessage(lost),
          raws[n] as string,
        ),
      );
      continue;
    }
    const values: Record<string, string> = {};
    for (const i of named) values[header[i] as string] = plainText((record[i] ?? "").trim());
    rows.push({ row: lines[n] as number, values, raw: raws[n] as string });
  }
  if (issues.length > 0) return { ok: false, issues };
  if (rows.length === 0 && !allowNoRows) {
    return {
      ok: false,
      issues: [
        inputError(
          "file.empty",
          cell(file, 2),
          say("見出し行だけで、データの行がありません。", "the file has a header but no data rows"),
        ),
      ],
    };
  }
  return { ok: true, table: { file, header, rows } };
}

/**
 * The first cell of a record that no column of the header names (past its end, or under a
 * blank heading) and that holds something: read, it would be lost. An unquoted 1,234 or a note
 * with a comma splits into such a cell.
 */
export function unnamedCell(
  header: readonly string[],
  record: readonly string[],
): { readonly index: number; readonly text: string } | undefined {
  for (let i = 0; i < record.length; i++) {
    if (i < header.length && header[i] !== "") continue;
    const text = (record[i] ?? "").trim();
    if (text !== "") return { index: i, text };
  }
  return undefined;
}

/** Why a row with a cell no column names is refused, and how it comes about. */
function unnamedCellMessage(lost: { readonly index: number; readonly text: string }): Text {
  return say(
    `この行の ${lost.index + 1} 列目のセル「${lost.text}」には、見出しの列名がありません。値にカンマを含めるときは "1,234" のように引用符で囲んでください（囲まないとカンマでセルが分かれ、金額や備考の一部が失われます）。`,
    `this row has a cell 「${lost.text}」 in column ${lost.index + 1}, which the header does not name: a value with a comma is written in quotes ("1,234"); unquoted, the comma splits it and part of the amount or note would be lost`,
  );
}

/** Are all the cells of a record empty (or white space)? */
function blank(record: readonly string[]): boolean {
  for (const c of record) if (c.trim() !== "") return false;
  return true;
}

/** What csv-parse says is wrong with the quoting (its English words, said in Japanese by its code). */
const MALFORMED_JA: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: '「"」で始まるセルが閉じられないまま、ファイルが終わっています。',
  CSV_INVALID_CLOSING_QUOTE:
    '「"」で閉じたセルの後ろに、区切りの「,」でも改行でもない文字があります。',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE:
    '「"」で閉じたセルの後ろに、区切りの「,」でも改行でもない文字があります。',
  INVALID_OPENING_QUOTE: '「"」で囲んでいないセルの途中に「"」があります。',
};

/** csv-parse's complaint, its English as it words it (without the `Invalid …:` prefix). */
function malformed(e: { message: string; code?: string }): Text {
  const en = e.message.replace(/^Invalid [^:]*: /, "");
  const ja = MALFORMED_JA[e.code ?? ""] ?? `CSV として読めません（${en}）。`;
  return say(ja, en);
}

/**
 * The row itself out of csv-parse's `raw`, which also holds the blank lines skipped before the
 * row and its line end (in a CRLF file only the CR of each).
 */
function rowText(raw: string): string {
  return raw.replace(/^(?:[^\S\r\n]*(?:\r\n|\r|\n))+/, "").replace(/(?:\r\n|\r|\n)$/, "");
}

/** A table that has nothing to read: `file.empty` at its first row. */
function empty(file: string, message: Text): TableResult {
  return { ok: false, issues: [inputError("file.empty", cell(file, 1), message)] };
}
