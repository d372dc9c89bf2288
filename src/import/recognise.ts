/**
 * Table recognition: finds the tables in grids read from spreadsheets, CSV or text, by their
 * headings and labels rather than fixed positions, and maps every row to a line of a layout.
 * Recognises statements in total form (科目 | 金額) and by segment (科目 | segments… | 合計),
 * yosan's own 入力 sheet (a 科目ID column), long-format budget lines (account, segment,
 * amount), schedules (columns such as 予定前受金 | 累積前受金) and the 債務負担行為 register.
 * Tolerates spaces inside labels, labels split over two rows, aliases, title rows, blank
 * columns, a 千円/百万円 note (amounts are scaled to the book's unit), and damaged segment
 * headers (assigned by position when the column count fits, with a note).
 */

import { isNil } from "../model/amount-text.ts";
import type { Book, LayoutLine } from "../model/book.ts";
import { type InputIssue, inputError } from "../model/issues.ts";
import { suggester } from "../model/labels.ts";
import { Decimal, type Unit, unitFactor } from "../model/money.ts";
import { say, type Text } from "../model/text.ts";
import { lineResolver, type Resolution, segmentResolver } from "../read/resolution.ts";
import { isNumeric, norm, readValue } from "./cells.ts";
import { type Grid, type GridRow, gridCellSource } from "./grid.ts";
import { matchStatementRows, statementRuns } from "./statement-rows.ts";
import type {
  CellValue,
  CommitmentsTable,
  RecognisedRow,
  RecognisedTable,
  Recognition,
  ScheduleTable,
  TableBase,
} from "./tables.ts";
import { unitNote } from "./unit-note.ts";

/** Words of a total column or row: the book's (合計, 計, 総計, and its own such as 法人計) and `total`. */
const totalWords = new WeakMap<Book, ReadonlySet<string>>();
function isTotalLabel(book: Book, text: string): boolean {
  let words = totalWords.get(book);
  if (!words) {
    words = new Set(["total", ...book.totalLabels].map(norm));
    totalWords.set(book, words);
  }
  return words.has(norm(text));
}
const AMOUNT_LABELS = new Set(["金額", "amount", "予算額"]);
const LABEL_HEADERS = new Set(["科目", "区分", "勘定科目", "account", "label", "項目"]);
const ITEM_HEADERS = new Set(["項目", "内容", "item", "事項", "摘要"]);
const ID_HEADERS = new Set(["科目id", "id", "lineid"]);
const SEGMENT_HEADERS = new Set(["segment", "事業", "勘定", "セグメント"]);
const COMMITMENT_HEADERS: Record<string, string> = {
  事項: "item",
  限度額: "limit",
  行為年度: "authorised_year",
  負担となる年度: "burden_years",
  負担年度: "burden_years",
  事業: "segment",
  勘定: "segment",
  segment: "segment",
  item: "item",
  limit: "limit",
  authorised_year: "authorised_year",
  burden_years: "burden_years",
  備考: "note",
  note: "note",
};

/**
 * The book's own resolvers of account and segment text (resolution.ts, as for budget files),
 * built once per book and remembered per distinct text: a large sheet repeats a few names.
 */
interface Resolvers {
  readonly leaf: (text: string) => Resolution<LayoutLine>;
  readonly segment: (text: string) => Resolution<string | null>;
}
const resolverCache = new WeakMap<Book, Resolvers>();
function resolversOf(book: Book): Resolvers {
  const known = resolverCache.get(book);
  if (known) return known;
  const line = lineResolver(book.lines);
  const segment = segmentResolver(book.segments, book.totalLabels);
  const remember = <T>(resolve: (text: string) => T) => {
    const memo = new Map<string, T>();
    return (text: string): T => {
      let r = memo.get(text);
      if (r === undefined) {
        r = resolve(text);
        memo.set(text, r);
      }
      return r;
    };
  };
  const made = { leaf: remember((t) => line(t, { leafOnly: true })), segment: remember(segment) };
  resolverCache.set(book, made);
  return made;
}

/** Characters two labels share, as a share of the longer: tolerant of scrambled headers. */
function similarity(a: string, b: string): number {
  const ca = [...norm(a)];
  const cb = new Map<string, number>();
  for (const c of norm(b)) cb.set(c, (cb.get(c) ?? 0) + 1);
  let common = 0;
  for (const c of ca) {
    const n = cb.get(c) ?? 0;
    if (n > 0) {
      common++;
      cb.set(c, n - 1);
    }
  }
  return common / Math.max(ca.length, [...norm(b)].length, 1);
}

export function recognise(grids: readonly Grid[], book: Book): Recognition {
  const tables: RecognisedTable[] = [];
  const issues: InputIssue[] = [];
  for (const grid of grids) {
    const r = recogniseGrid(grid, book);
    for (const t of r.tables) tables.push(t);
    for (const i of r.issues) issues.push(i);
  }
  return { tables, issues };
}

type Header =
  | {
      kind: "segments";
      labelCol: number;
      columns: { col: number; segment: string | null }[];
      notes: Text[];
    }
  | { kind: "amount"; labelCol: number; amountCol: number }
  | {
      kind: "input";
      idCol: number;
      labelCol: number;
      columns: { col: number; segment: string | null }[];
    }
  | { kind: "lines"; accountCol: number; segmentCol: number; amountCol: number }
  | {
      kind: "schedule";
      schedule: string;
      labelCol: number;
      segmentCol: number;
      columns: { col: number; column: string }[];
    }
  | { kind: "commitments"; columns: { col: number; name: string }[] };

/** The segment a header cell names: an id, null for a total column, undefined for neither. */
function segmentOf(book: Book, text: string): string | null | undefined {
  if (isTotalLabel(book, text)) return null;
  const r = resolversOf(book).segment(text.trim());
  return r.ok ? r.value : undefined;
}

/** A cell that starts like a number: such a row is data, never a header. */
const LOOKS_NUMERIC = /^[\s△▲+\-(（]*[0-9０-９]/;

function classifyHeader(row: GridRow, book: Book, next: readonly GridRow[]): Header | null {
  // Headers are words; a row with a figure after its first cell is data (fast path for big sheets).
  if (row.cells.some((c, i) => i > 0 && LOOKS_NUMERIC.test(c) && isNumeric(c.trim()))) return null;
  const cells = row.cells.map((c) => c.trim());
  const keys = cells.map(norm);
  const idCol = keys.findIndex((k) => ID_HEADERS.has(k));
  const mapped = cells.map((c) => (c === "" ? undefined : segmentOf(book, c)));
  const segmentCols = mapped.flatMap((m, i) =>
    m === undefined ? [] : [{ col: i + 1, segment: m }],
  );
  // A book without segments: its 入力 sheet is 表 | 科目 | 科目ID | 金額, the figure the total's.
  const segmented = book.segments.length > 0;
  const amountCol = keys.findIndex((k) => AMOUNT_LABELS.has(k));
  const inputCols =
    segmented || segmentCols.length > 0 || amountCol < 0 || keys[idCol] !== "科目id"
      ? segmentCols
      : [{ col: amountCol + 1, segment: null }];
  if (idCol >= 0 && inputCols.length >= 1) {
    const labelCol = keys.findIndex((k, i) => i !== idCol && LABEL_HEADERS.has(k));
    return { kind: "input", idCol: idCol + 1, labelCol: labelCol + 1, columns: inputCols };
  }
  const accountCol = keys.findIndex((k) => k === "account" || k === "科目");
  const segmentCol = keys.findIndex((k) => SEGMENT_HEADERS.has(k));
  // Long-format lines (account, segment, amount); without the segment in a book without segments.
  if (
    accountCol >= 0 &&
    (segmentCol >= 0 || (!segmented && keys[accountCol] === "account")) &&
    amountCol >= 0
  ) {
    return {
      kind: "lines",
      accountCol: accountCol + 1,
      segmentCol: segmentCol + 1,
      amountCol: amountCol + 1,
    };
  }
  for (const s of book.schedules) {
    const cols = s.columns.map((c) => ({
      column: c.id,
      col: keys.findIndex((k) => k === norm(c.label) || k === c.id) + 1,
    }));
    if (cols.every((c) => c.col > 0)) {
      const first = cols.reduce((m, c) => Math.min(m, c.col), Number.POSITIVE_INFINITY);
      const named = keys.findIndex((k, i) => i < first - 1 && ITEM_HEADERS.has(k)) + 1;
      const labelCol = named || keys.findIndex((k, i) => i < first - 1 && k !== "") + 1 || 1;
      return {
        kind: "schedule",
        schedule: s.id,
        labelCol,
        segmentCol: segmentCol + 1,
        columns: cols,
      };
    }
  }
  const commitmentCols = keys.flatMap((k, i) => {
    // 「〇〇の負担となる年度」: whoever the register says bears the burden.
    const name =
      COMMITMENT_HEADERS[k] ?? (k.endsWith("負担となる年度") ? "burden_years" : undefined);
    return name ? [{ col: i + 1, name }] : [];
  });
  if (
    commitmentCols.some((c) => c.name === "item") &&
    commitmentCols.some((c) => c.name === "limit")
  ) {
    return { kind: "commitments", columns: commitmentCols };
  }
  const labelCol = keys.findIndex((k) => LABEL_HEADERS.has(k)) + 1;
  const lastNonEmpty = keys.reduce((a, k, i) => (k !== "" ? i + 1 : a), 0);
  const totalCol = cells.findIndex((c) => c !== "" && isTotalLabel(book, c)) + 1;
  // Segment header: names that match the book's segments, or a damaged header whose columns fit.
  const named = segmentCols.filter((c) => c.segment !== null);
  const n = book.segments.length;
  if (named.length >= 2 && named.length === n && totalCol > 0) {
    return { kind: "segments", labelCol: labelCol || 1, columns: segmentCols, notes: [] };
  }
  if (labelCol > 0 && totalCol > labelCol) {
    // Damaged header (spaces, scrambled characters, a wrong number of names): take the columns
    // that carry figures in the rows below, and assign them in the layout's segment order.
    const dataCols = figureColumns(next, labelCol);
    if (segmented && dataCols.length === n + 1) {
      const names = cells.slice(labelCol, totalCol - 1).filter((c) => c !== "");
      const columns = dataCols.map((col, i) => ({
        col,
        segment: i < n ? (book.segments[i]?.id ?? null) : null,
      }));
      const weak = book.segments.filter((s, i) => similarity(names[i] ?? "", s.name) < 0.5);
      const term = book.segmentTerm;
      const notes = [
        say(
          `${term}の見出しが崩れています（${term}の列${n}列に対して名前が${names.length}個）。列は様式の${term}の順に割り当てました${
            weak.length > 0
              ? `。${weak.map((s) => `「${s.name}」`).join("、")}を確認してください`
              : ""
          }`,
          `segment header damaged (${names.length} names for ${n} segment columns): columns assigned in the layout's segment order${
            weak.length > 0 ? `; check ${weak.map((s) => s.name).join(", ")}` : ""
          }`,
        ),
      ];
      return { kind: "segments", labelCol, columns, notes };
    }
    if (dataCols.length === 1 || (totalCol === 0 && dataCols.length === 1)) {
      return { kind: "amount", labelCol, amountCol: dataCols[0] ?? totalCol };
    }
  }
  const amountOnly = keys.findIndex((k) => AMOUNT_LABELS.has(k)) + 1;
  if (labelCol > 0 && amountOnly > labelCol && lastNonEmpty === amountOnly) {
    return { kind: "amount", labelCol, amountCol: amountOnly };
  }
  return null;
}

/** Columns right of the label column holding numbers in most of the next rows. */
function figureColumns(rows: readonly GridRow[], labelCol: number): number[] {
  const counts = new Map<number, number>();
  let considered = 0;
  for (const r of rows.slice(0, 12)) {
    const numeric = r.cells.flatMap((c, i) =>
      i + 1 > labelCol && isNumeric(c.trim()) ? [i + 1] : [],
    );
    if (numeric.length === 0) continue;
    considered++;
    for (const c of numeric) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, k]) => k >= Math.max(1, considered / 2))
    .map(([c]) => c)
    .sort((a, b) => a - b);
}

function recogniseGrid(grid: Grid, book: Book): Recognition {
  const tables: RecognisedTable[] = [];
  const issues: InputIssue[] = [];
  const rows = grid.rows;
  const headers: { index: number; header: Header }[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!row) continue;
    // Only the next dozen rows matter to a header (figureColumns looks at 12).
    const h = classifyHeader(row, book, rows.slice(i + 1, i + 13));
    if (h) headers.push({ index: i, header: h });
  }
  const knownLabels = new Set(book.lines.flatMap((l) => [l.label, ...l.aliases].map(norm)));
  headers.forEach(({ index, header }, k) => {
    const end = headers[k + 1]?.index ?? rows.length;
    const headerRow = rows[index];
    if (!headerRow) return;
    const body = tableBody(header, rows.slice(index + 1, end), knownLabels);
    // Title and unit: the rows without figures just above the header (up to six).
    const aboveRows: GridRow[] = [];
    for (let j = index - 1; j >= 0 && aboveRows.length < 6; j--) {
      const r = rows[j];
      if (
        !r ||
        r.cells.some((c) => isNumeric(c.trim())) ||
        (k > 0 && j <= (headers[k - 1]?.index ?? -1))
      )
        break;
      aboveRows.unshift(r);
    }
    const above = aboveRows.flatMap((r) => r.cells.filter((c) => c.trim() !== ""));
    const headerText = headerRow.cells.filter((c) => c.trim() !== "");
    let unit: Unit | undefined;
    for (const t of [...above, ...headerText]) unit = unitNote(t) ?? unit;
    const notes: Text[] = [];
    let scale = new Decimal(1);
    if (unit !== undefined && unit !== book.unit) {
      scale = unitFactor(unit, book.unit);
      notes.push(
        say(
          `${unit}単位の金額を${book.unit}単位に換算しました（×${scale.toFixed()}）`,
          `amounts in ${unit} scaled to ${book.unit} (×${scale.toFixed()})`,
        ),
      );
    }
    const title = above.filter((t) => !unitNote(t)).join(" ");
    const lastRow = body[body.length - 1]?.row ?? headerRow.row;
    const lastCol = body.reduce((m, r) => Math.max(m, r.cells.length), headerRow.cells.length);
    const base = {
      grid,
      title,
      headerRow: headerRow.row,
      firstRow: headerRow.row,
      lastRow,
      lastCol,
      scale,
      unit: unit ?? book.unit,
      notes,
    };
    for (const t of readTables(header, base, body, book, issues)) tables.push(t);
  });
  return { tables, issues };
}

/**
 * The rows of a table: from the header down to the first row that cannot belong to it (prose,
 * a page title, the next document section), so text between tables is never read as data.
 */
function tableBody(
  header: Header,
  rows: readonly GridRow[],
  knownLabels: ReadonlySet<string>,
): GridRow[] {
  const out: GridRow[] = [];
  const cell = (r: GridRow, col: number) => (r.cells[col - 1] ?? "").trim();
  for (const r of rows) {
    let belongs: boolean;
    switch (header.kind) {
      case "segments":
      case "amount": {
        const cols =
          header.kind === "segments" ? header.columns.map((c) => c.col) : [header.amountCol];
        const figures = cols.some(
          (c) => isNumeric(cell(r, c)) || (isNil(cell(r, c)) && cell(r, c) !== ""),
        );
        belongs = figures || knownLabels.has(norm(cell(r, header.labelCol)));
        break;
      }
      case "schedule":
        belongs = header.columns.some((c) => isNumeric(cell(r, c.col)));
        break;
      case "commitments": {
        const year = header.columns.find((c) => c.name === "authorised_year");
        belongs = year !== undefined && /年度|^\d{4}$/.test(cell(r, year.col).normalize("NFKC"));
        break;
      }
      default:
        belongs = true;
    }
    if (!belongs) break;
    out.push(r);
  }
  return out;
}

/**
 * The tables under one header: a statement table (or one per statement when the table runs
 * through several, as a summary by 勘定 prints the BS rows and then the P&L rows), or another
 * kind of table.
 */
function readTables(
  header: Header,
  base: Omit<TableBase, "title"> & { title: string },
  body: readonly GridRow[],
  book: Book,
  issues: InputIssue[],
): RecognisedTable[] {
  if (header.kind !== "segments" && header.kind !== "amount") {
    const t = readTable(header, base, body, book, issues);
    return t ? [t] : [];
  }
  const columns =
    header.kind === "segments" ? header.columns : [{ col: header.amountCol, segment: null }];
  const runs = statementRuns(body, header.labelCol, book, base.title);
  return runs.map((run) => {
    const rows = matchStatementRows(
      base.grid,
      run.rows,
      header.labelCol,
      columns,
      run.statement,
      book,
      base.scale,
      issues,
    );
    const first = run.rows[0]?.row ?? base.firstRow;
    const last = run.rows[run.rows.length - 1]?.row ?? base.lastRow;
    return {
      ...base,
      ...(runs.length > 1 ? { firstRow: first, lastRow: last } : {}),
      notes: [...base.notes, ...(header.kind === "segments" ? header.notes : []), ...run.notes],
      kind: "statement",
      statement: run.statement,
      bySegment: header.kind === "segments",
      rows,
    };
  });
}

function readTable(
  header: Exclude<Header, { kind: "segments" | "amount" }>,
  base: Omit<TableBase, "title"> & { title: string },
  body: readonly GridRow[],
  book: Book,
  issues: InputIssue[],
): RecognisedTable | null {
  const grid = base.grid;
  switch (header.kind) {
    case "input": {
      const rows: RecognisedRow[] = [];
      const byId = new Map(book.lines.map((l) => [l.id, l]));
      const suggestIds = suggester(byId.keys());
      for (const r of body) {
        const id = (r.cells[header.idCol - 1] ?? "").trim();
        if (id === "") continue;
        const line = byId.get(id);
        const labelSource = gridCellSource(grid, r.row, header.idCol);
        if (line?.kind !== "leaf") {
          issues.push(
            inputError(
              line ? "account.not-input" : "account.unknown",
              labelSource,
              line
                ? say(
                    `「${id}」は計算で求める科目のため、金額を入力できません。`,
                    `「${id}」 is a derived line; it cannot take an amount`,
                  )
                : unknownId(id, suggestIds(id)),
            ),
          );
          continue;
        }
        // The segments' figures (合計 is their sum), or the total's in a book without segments.
        const values = header.columns
          .filter((c) => c.segment !== null || book.segments.length === 0)
          .flatMap((c) => readValue(grid, r, c.col, c.segment, base.scale, issues) ?? []);
        rows.push({ line, label: line.label, labelSource, values });
      }
      return { ...base, kind: "input", rows, partial: false };
    }
    case "lines": {
      const rows: RecognisedRow[] = [];
      for (const r of body) {
        const account = (r.cells[header.accountCol - 1] ?? "").trim();
        if (account === "") continue;
        const labelSource = gridCellSource(grid, r.row, header.accountCol);
        const line = resolversOf(book).leaf(account);
        const segment = readSegment(grid, r, header.segmentCol, book, issues);
        if (!line.ok) {
          issues.push(inputError(line.code, labelSource, line.message, r.cells.join(" | ")));
          continue;
        }
        if (segment === undefined) continue;
        const v = readValue(grid, r, header.amountCol, segment, base.scale, issues);
        if (v) rows.push({ line: line.value, label: account, labelSource, values: [v] });
      }
      return { ...base, kind: "input", rows, partial: true };
    }
    case "schedule": {
      const items: ScheduleTable["items"][number][] = [];
      for (const r of body) {
        const label = (r.cells[header.labelCol - 1] ?? "").trim();
        if (label === "") continue;
        const labelSource = gridCellSource(grid, r.row, header.labelCol);
        const segText = header.segmentCol > 0 ? (r.cells[header.segmentCol - 1] ?? "").trim() : "";
        const segment = readSegment(grid, r, header.segmentCol, book, issues);
        if (segment === undefined) continue;
        const amounts = new Map<string, CellValue>();
        for (const c of header.columns) {
          const v = readValue(grid, r, c.col, segment, base.scale, issues);
          if (v) amounts.set(c.column, v);
        }
        items.push({
          label,
          segment,
          segmentGiven: segText !== "",
          labelSource,
          amounts,
          isTotal: isTotalLabel(book, label),
        });
      }
      return { ...base, kind: "schedule", schedule: header.schedule, items };
    }
    case "commitments": {
      const rows: CommitmentsTable["rows"][number][] = [];
      for (const r of body) {
        const values: Record<string, string> = {};
        for (const c of header.columns) values[c.name] = (r.cells[c.col - 1] ?? "").trim();
        if (Object.values(values).every((v) => v === "")) continue;
        rows.push({ values, source: gridCellSource(grid, r.row, header.columns[0]?.col ?? 1) });
      }
      return { ...base, kind: "commitments", rows };
    }
  }
}

/** A line id the layout does not have, with the nearest ids it has. */
function unknownId(id: string, near: readonly string[]): Text {
  return say(
    `科目ID「${id}」はありません（近いもの：${near.join("、")}）。`,
    `unknown line id 「${id}」 (nearest: ${near.join(", ")})`,
  );
}

/** The segment named in a cell: an id, null for blank or 合計, undefined (and an issue) if unknown. */
function readSegment(
  grid: Grid,
  r: GridRow,
  col: number,
  book: Book,
  issues: InputIssue[],
): string | null | undefined {
  const text = col > 0 ? (r.cells[col - 1] ?? "").trim() : "";
  const resolved = resolversOf(book).segment(text);
  if (resolved.ok) return resolved.value;
  issues.push(inputError(resolved.code, gridCellSource(grid, r.row, col), resolved.message));
  return undefined;
}
