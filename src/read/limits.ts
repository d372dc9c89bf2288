/**
 * The limits of every output, checked once when a book is loaded and reported at the cell
 * that breaks them, so no writer is ever the first to find bad input:
 * - text: a cell of a book holds at most 10,000 characters, a field of book.json 1,000 (a
 *   spreadsheet cell holds 32,767; messages quote labels);
 * - figures: every figure the layout makes from the leaves must stay under 15 significant
 *   digits, what a spreadsheet cell keeps exactly (each amount is held to it as it is read);
 * - sheet names: where Excel's rules make a sheet's name differ from its title, a warning at
 *   the title says what the sheet will be called (model/sheet-names.ts).
 */
import { CELL_LIMIT } from "../model/amount-text.ts";
import type { BudgetEntry, LayoutLine, ScheduleItem } from "../model/book.ts";
import { type InputIssue, inputError, inputWarning } from "../model/issues.ts";
import { Decimal, formatJapanese } from "../model/money.ts";
import { cell } from "../model/provenance.ts";
import type { SheetName, WorkbookSheets } from "../model/sheet-names.ts";
import { joinTexts, say } from "../model/text.ts";
import type { Table } from "./csv-table.ts";
import { jsonLines } from "./json-lines.ts";

/** Most characters in a cell of a book's CSV files. */
export const MAX_CELL_CHARS = 10_000;
/** Most characters in a string field of book.json (titles, names, periods). */
export const MAX_FIELD_CHARS = 1_000;
/**
 * Most levels of nesting in book.json. The schema's deepest value (a print's column's
 * `change` list) is five levels down; anything far deeper is damage, and walking it would
 * exhaust the stack.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * The first place where JSON text nests deeper than `max` arrays and objects, as a character
 * offset and the depth reached there, or null. One pass over the text, strings skipped, so it
 * runs before anything recursive sees the value.
 */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return null;
}

/** An issue for a cell over MAX_CELL_CHARS, or undefined. */
export function cellTooLong(
  file: string,
  row: number,
  column: string,
  text: string,
): InputIssue | undefined {
  if (text.length <= MAX_CELL_CHARS) return undefined;
  const n = text.length.toLocaleString("en-US");
  const max = MAX_CELL_CHARS.toLocaleString("en-US");
  return inputError(
    "text.too-long",
    cell(file, row, column),
    say(
      `セルに ${n} 文字あります。帳簿のセルは ${max} 文字までです。`,
      `the cell holds ${n} characters; a cell of a book holds at most ${max}`,
    ),
  );
}

/** Every cell of `table` over the limit. */
export function tableCellsTooLong(table: Table): InputIssue[] {
  const out: InputIssue[] = [];
  for (const r of table.rows) {
    // A cell is part of its row as written (quotes and marks taken off): within a row of at
    // most the limit, every cell is.
    if (r.raw.length <= MAX_CELL_CHARS) continue;
    for (const [column, text] of Object.entries(r.values)) {
      const issue = cellTooLong(table.file, r.row, column, text);
      if (issue) out.push(issue);
    }
  }
  return out;
}

/** Every string of book.json over MAX_FIELD_CHARS, at its line. */
export function manifestFieldsTooLong(file: string, text: string, data: unknown): InputIssue[] {
  const out: InputIssue[] = [];
  let lines: Map<string, number> | undefined;
  /** The keys and indices down to the value walked (its pointer, written only for an issue). */
  const path: (string | number)[] = [];
  const walk = (value: unknown) => {
    if (typeof value === "string") {
      if (value.length <= MAX_FIELD_CHARS) return;
      lines ??= jsonLines(text);
      const pointer = path.map((k) => `/${k}`).join("");
      const n = value.length.toLocaleString("en-US");
      const max = MAX_FIELD_CHARS.toLocaleString("en-US");
      out.push(
        inputError(
          "text.too-long",
          cell(file, lines.get(pointer) ?? 1, pointer),
          say(
            `この項目に ${n} 文字あります。book.json の項目は ${max} 文字までです。`,
            `the field holds ${n} characters; book.json fields hold at most ${max}`,
          ),
        ),
      );
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        walk(value[i]);
        path.pop();
      }
    } else if (value !== null && typeof value === "object")
      for (const k in value) {
        if (!Object.hasOwn(value, k)) continue;
        path.push(k);
        walk((value as Record<string, unknown>)[k]);
        path.pop();
      }
  };
  walk(data);
  return out;
}

/**
 * Figures that could reach 15 digits: a bound on every line in every column — a leaf's is the
 * sum of the magnitudes of its entries, a schedule column's of its items, a derived line's the
 * sum of its terms' bounds — refused where it reaches 10^15 (a sum of smaller parts included).
 */
export function figuresTooLarge(
  lines: readonly LayoutLine[],
  entries: readonly BudgetEntry[],
  items: readonly ScheduleItem[],
): InputIssue[] {
  const leafBound = new Map<string, Decimal>();
  const firstSource = new Map<string, BudgetEntry>();
  for (const e of entries) {
    leafBound.set(e.line, (leafBound.get(e.line) ?? new Decimal(0)).plus(e.amount.value.abs()));
    if (!firstSource.has(e.line)) firstSource.set(e.line, e);
  }
  const scheduleBound = (schedule: string, column: string) =>
    items
      .filter((i) => i.schedule === schedule)
      .reduce((a, i) => a.plus(i.amounts.get(column)?.value.abs() ?? 0), new Decimal(0));
  const byId = new Map(lines.map((l) => [l.id, l]));
  const memo = new Map<string, Decimal>();
  let leaves: Decimal | undefined;
  const everyLeaf = () => {
    leaves ??= [...leafBound.values()].reduce((a, b) => a.plus(b), new Decimal(0));
    return leaves;
  };
  const bound = (id: string): Decimal => {
    const known = memo.get(id);
    if (known) return known;
    memo.set(id, new Decimal(0)); // a cycle is reported elsewhere; never loop
    const line = byId.get(id);
    let b = leafBound.get(id) ?? new Decimal(0);
    // A 控除対象外消費税 is at most its 課税仕入れ等の税額 and twice the receipts, all within
    // every leaf's magnitude.
    if (line?.kind === "non-deductible") b = b.plus(everyLeaf().times(2));
    for (const t of line?.kind === "derived" ||
    line?.kind === "tax" ||
    line?.kind === "non-deductible"
      ? (line.formula?.terms ?? [])
      : []) {
      b = b.plus(
        t.ref.kind === "line" ? bound(t.ref.id) : scheduleBound(t.ref.schedule, t.ref.column),
      );
    }
    memo.set(id, b);
    return b;
  };
  const out: InputIssue[] = [];
  for (const line of lines) {
    if (line.kind === "heading" || bound(line.id).lessThan(CELL_LIMIT)) continue;
    const entry = firstSource.get(line.id);
    const figure = formatJapanese(bound(line.id));
    const leaf = line.kind === "leaf";
    out.push(
      inputError(
        "amount.too-large",
        entry?.source ?? { ...line.source, column: "formula" },
        say(
          `「${line.label}」は ${figure}${leaf ? "（各行の合計）" : "（足し合わせる数値の合計）"}に達するおそれがあります。15 桁以上の数値は表計算ソフトのセルで正確に保てません。`,
          `「${line.label}」 could reach ${figure} ${leaf ? "(the sum of its rows)" : "(the sum of the figures it adds)"}: 15 digits or more, which a spreadsheet cell cannot keep exactly`,
        ),
      ),
    );
  }
  return out;
}

/** A warning at the title for every sheet whose name had to differ from it. */
export function renamedSheets(
  file: string,
  text: string,
  sheets: WorkbookSheets,
  statementIds: readonly string[],
  scheduleIds: readonly string[],
): InputIssue[] {
  const out: InputIssue[] = [];
  let lines: Map<string, number> | undefined;
  const warn = (sheet: SheetName | undefined, pointer: string) => {
    if (!sheet || sheet.changes.length === 0) return;
    lines ??= jsonLines(text);
    const why = joinTexts(sheet.changes, say("", "; "));
    out.push(
      inputWarning(
        "sheet.renamed",
        cell(file, lines.get(pointer) ?? 1, pointer),
        say(
          `ブックでは「${sheet.wanted}」のシート名を「${sheet.name}」とします。${why.ja}`,
          `the workbook's sheet for 「${sheet.wanted}」 is named 「${sheet.name}」: ${why.en}`,
        ),
      ),
    );
  };
  statementIds.forEach((id, i) => {
    const named = sheets.statements.get(id);
    warn(named?.single, `/statements/${i}/title`);
    warn(named?.segmented, `/statements/${i}/title`);
  });
  scheduleIds.forEach((id, i) => {
    warn(sheets.schedules.get(id), `/schedules/${i}/title`);
  });
  return out;
}
