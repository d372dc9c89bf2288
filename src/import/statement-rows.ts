/**
 * Rows of statement tables: which statement each run of rows belongs to (a summary by 勘定
 * prints the BS rows and then the P&L rows in one table), and which layout line each row is —
 * by label or alias in the document's order, labels split over two rows, 「うち」 rows.
 */
import type { Book, LayoutLine } from "../model/book.ts";
import { type InputIssue, inputError } from "../model/issues.ts";
import { suggester } from "../model/labels.ts";
import { Decimal } from "../model/money.ts";
import type { CellSource } from "../model/provenance.ts";
import { say, type Text } from "../model/text.ts";
import { norm, readValue } from "./cells.ts";
import { type Grid, type GridRow, gridCellSource } from "./grid.ts";
import type { CellValue, RecognisedRow } from "./tables.ts";

/** Suggesters of a book's labels, per statement ("" for all), made once per book. */
const suggesters = new WeakMap<Book, Map<string, (text: string) => string[]>>();

function suggestionsFor(book: Book, statement: string | undefined, text: string): string[] {
  let byStatement = suggesters.get(book);
  if (byStatement === undefined) {
    byStatement = new Map();
    suggesters.set(book, byStatement);
  }
  const key = statement ?? "";
  let suggest = byStatement.get(key);
  if (suggest === undefined) {
    const pool = book.lines.filter(
      (l) => l.kind !== "heading" && (statement === undefined || l.statement === statement),
    );
    suggest = suggester(pool.map((l) => l.label));
    byStatement.set(key, suggest);
  }
  return suggest(text);
}

function unknownLabel(
  book: Book,
  label: string,
  at: CellSource,
  statement: string | undefined,
  row: GridRow,
): InputIssue {
  const near = suggestionsFor(book, statement, label);
  return inputError(
    "account.unknown",
    at,
    say(
      `${statement ? `${statement} に` : ""}「${label}」という科目はありません${near.length > 0 ? `（近いもの：${near.join("、")}）` : ""}。`,
      `unrecognised label 「${label}」${statement ? ` in ${statement}` : ""}${near.length > 0 ? ` (nearest: ${near.join(", ")})` : ""}`,
    ),
    row.cells.join(" | "),
  );
}

/** Rows of a table that belong to one statement. */
interface StatementRun {
  readonly statement: string;
  readonly rows: GridRow[];
  readonly notes: Text[];
}

/** Per book: the statements each normalised label names (memo lines also by their bare label). */
const labelStatements = new WeakMap<Book, Map<string, Set<string>>>();

/** The statements whose layouts have a line labelled `label` (or its 「うち」-less form). */
function statementsOf(book: Book, label: string): string[] {
  let index = labelStatements.get(book);
  if (!index) {
    index = new Map();
    const add = (key: string, statement: string) => {
      const set = index?.get(key) ?? new Set<string>();
      set.add(statement);
      index?.set(key, set);
    };
    for (const l of book.lines) {
      if (l.kind === "heading") continue;
      for (const name of [l.label, ...l.aliases]) {
        add(norm(name), l.statement);
        if (l.partOf !== undefined) add(`うち\u0000${norm(stripMemo(name))}`, l.statement);
      }
    }
    labelStatements.set(book, index);
  }
  const key = norm(label);
  if (key === "") return [];
  const direct = index.get(key);
  if (direct) return [...direct];
  return [...(index.get(`うち\u0000${norm(stripMemo(label))}`) ?? [])];
}

/** A label without its 「うち」 prefix: うち現金預金, (うち)現金預金 → 現金預金. */
const stripMemo = (label: string) => label.replace(/^[\s（(]*うち[）)]?\s*/, "");

/**
 * The statements a table's rows belong to, in order. Most tables print one statement: it is
 * the one whose lines the labels match best (the title breaks ties). A summary by 勘定 prints
 * several in one table (資産, 負債, 純資産, then 経常費用 … 当期総利益): when at least two rows
 * in a row match only another statement, the rows from there on are filed under it; a label
 * several statements share stays with the rows around it, and a note says so.
 */
export function statementRuns(
  body: readonly GridRow[],
  labelCol: number,
  book: Book,
  title: string,
): StatementRun[] {
  const label = (r: GridRow) => (r.cells[labelCol - 1] ?? "").trim();
  const only = body.map((r) => {
    const st = statementsOf(book, label(r));
    return st.length === 1 ? st[0] : undefined;
  });
  // Where the rows switch statement: two labels in a row found only in the new statement.
  const starts: { index: number; statement: string }[] = [];
  let current: string | undefined;
  for (let i = 0; i < body.length; i++) {
    const st = only[i];
    if (st === undefined || st === current) continue;
    // A statement starts at two labels in a row found only in it (rows before the first
    // start belong to the first run).
    const next = only.slice(i + 1).find((x) => x !== undefined);
    if (next !== st) continue;
    starts.push({ index: i, statement: st });
    current = st;
  }
  if (starts.length < 2) {
    const statement = chooseStatement(body, labelCol, book, title);
    return statement ? [{ statement, rows: [...body], notes: [] }] : [];
  }
  return starts.map((start, k) => {
    const from = k === 0 ? 0 : start.index;
    const to = starts[k + 1]?.index ?? body.length;
    const rows = body.slice(from, to);
    const shared = rows.filter((r) => statementsOf(book, label(r)).length > 1).map(label);
    const title = book.statements.find((s) => s.id === start.statement)?.title ?? start.statement;
    const [first, last] = [rows[0]?.row ?? "", rows[rows.length - 1]?.row ?? ""];
    const notes = [
      say(
        `${first}–${last}行目は科目名から${title}に振り分けました`,
        `rows ${first}–${last} filed under ${title} by their labels`,
      ),
      ...(shared.length > 0
        ? [
            say(
              `${shared.map((l) => `「${l}」`).join("、")}は別の表の科目名でもあるため、前後の行とともに${title}に振り分けました`,
              `${shared.map((l) => `「${l}」`).join(", ")} also name lines of another statement: filed under ${title} with the rows around them`,
            ),
          ]
        : []),
    ];
    return { statement: start.statement, rows, notes };
  });
}

/** The statement whose lines the table's labels match best (the title breaks ties). */
function chooseStatement(
  body: readonly GridRow[],
  labelCol: number,
  book: Book,
  title: string,
): string | undefined {
  let best: { id: string; score: number } | undefined;
  for (const st of book.statements) {
    const labels = new Set(
      book.lines
        .filter((l) => l.statement === st.id)
        .flatMap((l) => [l.label, ...l.aliases].map(norm)),
    );
    let score = 0;
    for (const r of body) if (labels.has(norm(r.cells[labelCol - 1] ?? ""))) score++;
    if (norm(title).includes(norm(st.title))) score += 3;
    if (!best || score > best.score) best = { id: st.id, score };
  }
  return best && best.score > 0 ? best.id : undefined;
}

export function matchStatementRows(
  grid: Grid,
  body: readonly GridRow[],
  labelCol: number,
  columns: readonly { col: number; segment: string | null }[],
  statement: string,
  book: Book,
  scale: Decimal,
  issues: InputIssue[],
): RecognisedRow[] {
  const layout = book.lines.filter((l) => l.statement === statement);
  const names = (l: LayoutLine) => [l.label, ...l.aliases].map(norm);
  const find = (label: string, cursor: number): number => {
    const key = norm(label);
    const bare = norm(stripMemo(label));
    // A 「うち」 row matches a memo line by its label with or without the prefix.
    const named = (l: LayoutLine) =>
      l.kind !== "heading" &&
      (names(l).includes(key) || (l.partOf !== undefined && names(l).includes(bare)));
    const after = layout.findIndex((l, k) => k >= cursor && named(l));
    if (after >= 0) return after;
    return layout.findIndex(named);
  };
  const hasFigures = (r: GridRow) => columns.some((c) => (r.cells[c.col - 1] ?? "").trim() !== "");
  const out: RecognisedRow[] = [];
  let cursor = 0;
  let pendingLabel: { text: string; row: GridRow } | undefined; // a label part printed on a row without figures
  for (let i = 0; i < body.length; i++) {
    const r = body[i];
    if (!r) continue;
    const label = (r.cells[labelCol - 1] ?? "").trim();
    if (!hasFigures(r)) {
      pendingLabel = label === "" ? undefined : { text: label, row: r };
      continue;
    }
    if (label === "") continue;
    let labelText = label;
    let index = find(label, cursor);
    const merged: GridRow[] = [r];
    const next = body[i + 1];
    if (index < 0 && next) {
      const joined = label + (next.cells[labelCol - 1] ?? "").trim();
      const j = find(joined, cursor);
      if (j >= 0) {
        index = j;
        labelText = `${label} / ${(next.cells[labelCol - 1] ?? "").trim()}`;
        merged.push(next);
        i++;
      }
    }
    if (index < 0 && pendingLabel) {
      const j = find(pendingLabel.text + label, cursor);
      if (j >= 0) {
        index = j;
        labelText = `${pendingLabel.text} / ${label}`;
      }
    }
    pendingLabel = undefined;
    const line = layout[index];
    const labelSource = gridCellSource(grid, r.row, labelCol);
    if (!line) {
      issues.push(unknownLabel(book, label, labelSource, statement, r));
      continue;
    }
    cursor = index + 1;
    const values: CellValue[] = [];
    for (const c of columns) {
      const parts = merged.map((m) => readValue(grid, m, c.col, c.segment, scale, issues));
      if (parts.some((p) => p === null)) continue;
      const first = parts[0];
      if (!first) continue;
      const amount = parts.reduce((a, p) => a.plus(p?.amount ?? 0), new Decimal(0));
      values.push({ ...first, amount });
    }
    if (line.kind === "heading") continue;
    out.push({ line, label: labelText, labelSource, values });
  }
  return out;
}
