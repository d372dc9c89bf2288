/**
 * Adding up one export while it is read: the header row found among the first rows, then each
 * row's account, 部門 and figures added into one running sum per (account, 部門) as written —
 * so a million journal lines cost memory for the distinct pairs, not the lines. Each pair is
 * matched to the mapping once, when first seen; a journal's dates are checked against the
 * fiscal year and the as-of date; a trial balance's monthly columns are summed up to the as-of
 * month. A unit a title row states above the header (単位：千円) is kept with its cell. Rows that
 * cannot be read become issues at their cells.
 */
import { withAmountExpectation } from "../../model/amount-text.ts";
import { daysInMonth, ERAS, parseEraDate } from "../../model/era.ts";
import { type InputIssue, inputError } from "../../model/issues.ts";
import type { Unit } from "../../model/money.ts";
import { type CellSource, cell, columnLetter } from "../../model/provenance.ts";
import { say } from "../../model/text.ts";
import type { ByteRow } from "../../read/byte-csv.ts";
import { unitNote } from "../unit-note.ts";
import { type ExportShape, type Role, recogniseHeader } from "./header.ts";
import type { AccountRule, DepartmentRule, Mapping, Match } from "./mapping.ts";
import type { RowSink } from "./source.ts";
import { ExactSum } from "./sum.ts";

/** How far down a file its header may sit (title rows, a period line, blank rows above it). */
export const HEADER_ROWS = 30;
/** Row issues kept per file (all are counted). */
const MAX_ROW_ISSUES = 1000;

/** What the rows are read for: the period, and how balances are signed. */
export interface AggregateOptions {
  readonly mapping: Mapping;
  /** The fiscal year's first day and the last day counted (the as-of date or the year's end), yyyymmdd. */
  readonly from: number;
  readonly to: number;
  /** The fiscal year's first month (4). */
  readonly firstMonth: number;
  /** Monthly columns counted: periods 1 … this (13 takes 決算整理 too). */
  readonly lastPeriod: number;
  /** How a trial balance's 残高 and monthly figures are signed. */
  readonly signs: "normal" | "debit";
}

/** The running sums of one account × 部門 as the export writes them. */
export interface Pair {
  readonly code: string;
  readonly name: string;
  readonly deptCode: string;
  readonly deptName: string;
  readonly account: Match<AccountRule>;
  /** null when the account's rule does not look at 部門 (left out, or a segment of its own). */
  readonly department: Match<DepartmentRule> | null;
  rows: number;
  readonly debit: ExactSum;
  readonly credit: ExactSum;
  /** Balances signed on the account's normal side (signs "normal"). */
  readonly balance: ExactSum;
  /** The account's and the 部門's cell in the first row, and the row as written when the pair is not mapped. */
  readonly first: CellSource;
  readonly firstDept: CellSource;
  readonly excerpt: string | undefined;
  /** The pair's cells as bytes (ByteRow.key). */
  readonly key: Buffer;
  readonly marker: number;
}

/** What one file (one sheet of a workbook) gave. */
export interface ExportRead {
  readonly file: string;
  readonly sheet: string | undefined;
  readonly shape: ExportShape | null;
  readonly headerRow: number;
  /** Data rows seen, and rows counted. */
  readonly rows: number;
  readonly counted: number;
  /** Journal rows dated before the fiscal year or after the last day counted. */
  readonly before: { readonly rows: number; readonly first: CellSource | null };
  readonly after: { readonly rows: number; readonly first: CellSource | null };
  /** Journal rows without a date, taking the date of the row above (a voucher's lines). */
  readonly inheritedDates: number;
  /** The unit a title row above the header states (単位：千円), and its cell. */
  readonly titleUnit: {
    readonly unit: Unit;
    readonly source: CellSource;
    readonly raw: string;
  } | null;
  /** Trial-balance rows without a code whose name is blank or reads as a total (合計, 小計, …計), left out. */
  readonly subtotals: { readonly rows: number; readonly first: CellSource | null };
  readonly pairs: readonly Pair[];
  readonly issues: readonly InputIssue[];
  /** Row issues found beyond those kept. */
  readonly moreIssues: number;
  /** The first rows, while no header was found (for the message). */
  readonly firstRows: readonly { readonly row: number; readonly raw: string }[];
  /** The sheets looked at (a workbook). */
  readonly sheets: readonly string[];
}

/** yyyymmdd of a date as exports write it: 2017-04-01, 2017/4/1, 20170401, H29.4.1, 平成29年4月1日. */
function exportDate(text: string): number | null {
  const t = text.normalize("NFKC").trim();
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T][\d:.]*)?$/.exec(t);
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  const letter = /^([MTSHR])(\d{1,2})[-/.](\d{1,2})[-/.](\d{1,2})$/i.exec(t);
  if (iso || compact) {
    const g = (iso ?? compact) as RegExpExecArray;
    [y, m, d] = [Number(g[1]), Number(g[2]), Number(g[3])];
  } else if (letter) {
    const era = ERAS.find((e) => e.letter === letter[1]?.toUpperCase());
    if (!era) return null;
    [y, m, d] = [era.start.year + Number(letter[2]) - 1, Number(letter[3]), Number(letter[4])];
  } else {
    const era = parseEraDate(t);
    if (!era.ok || era.value.day === undefined) return null;
    [y, m, d] = [era.value.year, era.value.month, era.value.day];
  }
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return y * 10000 + m * 100 + d;
}

/** `20171231` → `2017-12-31`. */
export function dateText(key: number): string {
  const s = String(key);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

/**
 * One file's sink: finds the header, then adds up its rows. A workbook starts a new sheet with
 * `sheet`; the first sheet whose header is recognised is the one read.
 */
export class ExportAggregator implements RowSink {
  private sheetName: string | undefined;
  private shape: ExportShape | null = null;
  private headerRow = 0;
  private seen = 0;
  private rows = 0;
  private counted = 0;
  private readonly pairs = new Map<number, Pair | Pair[]>();
  private readonly list: Pair[] = [];
  private readonly issues: InputIssue[] = [];
  private moreIssues = 0;
  private readonly before = { rows: 0, first: null as CellSource | null };
  private readonly after = { rows: 0, first: null as CellSource | null };
  private readonly subtotals = { rows: 0, first: null as CellSource | null };
  private inheritedDates = 0;
  private lastDate: number | null = null;
  private readonly dates = new Map<string, number | null>();
  private firstRows: { row: number; raw: string }[] = [];
  private titleUnit: ExportRead["titleUnit"] = null;
  private col: Partial<Record<Role, number>> = {};
  private monthColumns: number[] = [];
  private done = false;
  private readonly sheets: string[] = [];

  constructor(
    readonly file: string,
    private readonly options: AggregateOptions,
  ) {}

  sheet(name: string | undefined): void {
    // Only the first sheet with a header is read: a workbook's other sheets are views of it.
    if (this.shape !== null) {
      this.done = true;
      return;
    }
    if (name !== undefined) this.sheets.push(name);
    this.sheetName = name;
    this.seen = 0;
    this.firstRows = [];
    this.titleUnit = null;
  }

  row(row: ByteRow): boolean {
    if (this.done) return false;
    if (this.shape === null) return this.header(row);
    this.rows++;
    if (this.shape.paired) this.paired(row);
    else this.single(row);
    return true;
  }

  /** Look for the header among the first rows; false (stop) after HEADER_ROWS rows without one. */
  private header(row: ByteRow): boolean {
    if (this.firstRows.length < 3)
      this.firstRows.push({ row: row.line, raw: flat(row.raw(), 200) });
    const shape = recogniseHeader(row.texts(), this.options.firstMonth);
    if (shape !== null) {
      this.shape = shape;
      this.headerRow = row.line;
      this.col = shape.columns;
      this.monthColumns = shape.months
        .filter((m) => m.period <= this.options.lastPeriod)
        .map((m) => m.column);
      return true;
    }
    if (this.titleUnit === null) {
      const texts = row.texts();
      for (let i = 0; i < texts.length; i++) {
        const unit = unitNote(texts[i] ?? "");
        if (unit === null) continue;
        const source = cell(
          this.file,
          row.line,
          this.sheetName !== undefined ? columnLetter(i + 1) : undefined,
          this.sheetName,
        );
        this.titleUnit = { unit, source, raw: flat(row.raw()) };
        break;
      }
    }
    this.seen++;
    return this.seen < HEADER_ROWS;
  }

  private at(row: number, column: number | undefined): CellSource {
    const header = column === undefined ? undefined : this.shape?.header[column];
    return cell(
      this.file,
      row,
      this.sheetName !== undefined
        ? columnLetter((column ?? 0) + 1)
        : header !== undefined && header !== ""
          ? header
          : columnLetter((column ?? 0) + 1),
      this.sheetName,
    );
  }

  private issue(issue: InputIssue): void {
    if (this.issues.length < MAX_ROW_ISSUES) this.issues.push(issue);
    else this.moreIssues++;
  }

  /** Is the journal row's date in the period? Counts and reports the rows that are not. */
  private dated(row: ByteRow): boolean {
    const c = this.col.date;
    if (c === undefined) return true;
    let key = row.isoDate(c);
    if (key === null) {
      const text = row.text(c).trim();
      if (text === "") {
        if (this.lastDate === null) {
          this.issue(
            inputError(
              "actuals.date",
              this.at(row.line, c),
              say("日付が空欄です。", "the date is blank"),
              flat(row.raw()),
            ),
          );
          return false;
        }
        this.inheritedDates++;
        key = this.lastDate;
      } else {
        let cached = this.dates.get(text);
        if (cached === undefined) {
          cached = exportDate(text);
          if (this.dates.size < 10_000) this.dates.set(text, cached);
        }
        key = cached;
      }
      if (key === null) {
        this.issue(
          inputError(
            "actuals.date",
            this.at(row.line, c),
            say(
              `「${text.slice(0, 40)}」は日付ではありません。2017-04-01、2017/4/1、20170401、平成29年4月1日 のように書いてください。`,
              `「${text.slice(0, 40)}」 is not a date (expected e.g. 2017-04-01, 2017/4/1, 20170401 or 平成29年4月1日)`,
            ),
            flat(row.raw()),
          ),
        );
        return false;
      }
    }
    this.lastDate = key;
    const out = key < this.options.from ? this.before : key > this.options.to ? this.after : null;
    if (out === null) return true;
    out.rows++;
    out.first ??= this.at(row.line, c);
    return false;
  }

  /** Add one amount cell to `sum`; an issue at the cell when it is not an amount. */
  private add(sum: ExactSum, row: ByteRow, column: number | undefined): void {
    const why = row.addTo(sum, column);
    if (why !== null && column !== undefined)
      this.issue(
        inputError(
          "amount.invalid",
          this.at(row.line, column),
          withAmountExpectation(why),
          flat(row.raw()),
        ),
      );
  }

  /** A trial-balance row or a journal line of one posting. */
  private single(row: ByteRow): void {
    const shape = this.shape as ExportShape;
    const c = this.col;
    const noCode = c.code === undefined || row.blank(c.code);
    const noName = c.name === undefined || row.blank(c.name);
    if (shape.kind === "trial-balance" && noCode && (noName || isTotal(row.text(c.name)))) {
      // A subtotal or heading row (流動資産合計, 合計): its figures are the accounts' again. A row
      // with a name and no code (雑収入) is an account, matched by its name.
      this.subtotals.rows++;
      this.subtotals.first ??= this.at(row.line, noName ? (c.code ?? c.name) : c.name);
      return;
    }
    if (noCode && noName && row.empty()) return;
    if (!this.dated(row)) return;
    const p = this.pair(row, c.code, c.name, c.deptCode, c.deptName);
    p.rows++;
    this.counted++;
    const balances = this.options.signs === "normal" ? p.balance : p.debit;
    switch (shape.figures) {
      case "debit-credit":
        this.add(p.debit, row, c.debit);
        this.add(p.credit, row, c.credit);
        this.add(balances, row, c.opening);
        break;
      case "balances":
        this.add(p.debit, row, c.debitBalance);
        this.add(p.credit, row, c.creditBalance);
        break;
      case "balance":
        this.add(balances, row, c.balance);
        break;
      case "months":
        this.add(balances, row, c.opening);
        for (const m of this.monthColumns) this.add(balances, row, m);
        break;
    }
  }

  /** A journal line holding a debit posting and a credit posting (借方科目 … 貸方科目 …). */
  private paired(row: ByteRow): void {
    if (row.empty()) return;
    if (!this.dated(row)) return;
    const c = this.col;
    this.counted++;
    const sides = [
      [
        c.debitCode,
        c.debitName,
        c.debitDeptCode ?? c.deptCode,
        c.debitDeptName ?? c.deptName,
        c.debit ?? c.amount,
        true,
      ],
      [
        c.creditCode,
        c.creditName,
        c.creditDeptCode ?? c.deptCode,
        c.creditDeptName ?? c.deptName,
        c.credit ?? c.amount,
        false,
      ],
    ] as const;
    for (const [code, name, deptCode, deptName, amount, debit] of sides) {
      if (row.blank(code) && row.blank(name) && row.blank(amount)) continue;
      const p = this.pair(row, code, name, deptCode, deptName);
      p.rows++;
      this.add(debit ? p.debit : p.credit, row, amount);
    }
  }

  /** The running sums of an account × 部門 as written, matched to the mapping when first seen. */
  private pair(
    row: ByteRow,
    codeCol: number | undefined,
    nameCol: number | undefined,
    deptCodeCol: number | undefined,
    deptNameCol: number | undefined,
  ): Pair {
    // The code when there is one, else the name; the same for 部門.
    const byName = codeCol === undefined || row.blank(codeCol);
    const deptByName = deptCodeCol === undefined || row.blank(deptCodeCol);
    const a = byName ? nameCol : codeCol;
    const b = deptByName ? deptNameCol : deptCodeCol;
    const marker = (byName ? 1 : 0) | (deptByName ? 2 : 0);
    const hash = row.hash(marker, a, b);
    const found = this.pairs.get(hash);
    if (found !== undefined) {
      if (!Array.isArray(found)) {
        if (row.sameKey(found.key, marker, a, b)) return found;
      } else for (const p of found) if (row.sameKey(p.key, marker, a, b)) return p;
    }
    const text = (i: number | undefined) => row.text(i).trim();
    const [code, name, deptCode, deptName] = [
      text(codeCol),
      text(nameCol),
      text(deptCodeCol),
      text(deptNameCol),
    ];
    const mapping = this.options.mapping;
    const account = mapping.account(code, name);
    // No 部門 to match: the account's own segment decides, or the book has no segments.
    const department =
      !mapping.byDepartment ||
      (account.ok && (account.rule.line === null || account.rule.segment !== undefined))
        ? null
        : mapping.department(deptCode, deptName);
    const mapped = account.ok && (department === null || department.ok);
    const p: Pair = {
      code,
      name,
      deptCode,
      deptName,
      account,
      department,
      rows: 0,
      debit: new ExactSum(),
      credit: new ExactSum(),
      balance: new ExactSum(),
      first: this.at(row.line, a),
      firstDept: this.at(row.line, b ?? a),
      excerpt: mapped ? undefined : flat(row.raw()),
      key: row.key(marker, a, b),
      marker,
    };
    this.pairs.set(
      hash,
      found === undefined ? p : Array.isArray(found) ? [...found, p] : [found, p],
    );
    this.list.push(p);
    return p;
  }

  /** What the file gave. */
  result(): ExportRead {
    return {
      file: this.file,
      sheet: this.sheetName,
      shape: this.shape,
      headerRow: this.headerRow,
      rows: this.rows,
      counted: this.counted,
      before: this.before,
      after: this.after,
      inheritedDates: this.inheritedDates,
      titleUnit: this.titleUnit,
      subtotals: this.subtotals,
      pairs: this.list,
      issues: this.issues,
      moreIssues: this.moreIssues,
      firstRows: this.firstRows,
      sheets: this.sheets,
    };
  }
}

/** Does an account name read as a total (流動資産合計, 小計, 計)? Full-width folded, spaces and surrounding marks (【】, ＊) taken off. */
function isTotal(name: string): boolean {
  return name
    .normalize("NFKC")
    .replace(/\s+/g, "")
    .replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, "")
    .endsWith("計");
}

/**
 * A copy of `text` (at most `max` characters) that keeps nothing else alive: a slice of a 4 MiB
 * chunk would hold the whole chunk in memory for as long as the pair lives.
 */
function flat(text: string, max = 300): string {
  const t = text.length > max ? text.slice(0, max) : text;
  return Buffer.from(t, "utf8").toString("utf8");
}
