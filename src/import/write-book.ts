/**
 * A spreadsheet import's plan as the book's files: changed budget rows edited in place (or an
 * adjustment appended), a new book's budget files, schedules, prints and register as CSV, and
 * book.json — staged, loaded and swapped in all or nothing by book-writer.ts.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { type Book, type BudgetEntry, rowCount, type ScheduleItem } from "../model/book.ts";
import { BookInputError } from "../model/issues.ts";
import type { Print } from "../model/print.ts";
import { formatSource } from "../model/provenance.ts";
import { budgetColumns } from "../read/budget-reader.ts";
import { parseCsvTable } from "../read/csv-table.ts";
import { budgetFilesOf, type Manifest, type PrintDecl, printDecls } from "../read/manifest.ts";
import { accountText, bookCsv, budgetHeader, budgetRow, segmentText } from "./book-csv.ts";
import { bookIdOf, copyBook, type WriteResult, writeAllOrNothing } from "./book-writer.ts";
import { type Change, type ImportPlan, PRINTED_COLUMN } from "./plan.ts";

/** The header of a print written by an import, its figure column named `column`. */
function printHeader(column: string): string[] {
  return ["table", "statement", "line", "segment", column, "label", "source"];
}

/** The budget file (relative name) where a line's entries live in `book`, else its first budget file. */
function fileForLine(book: Book, lineId: string, budgetFiles: readonly string[]): string {
  const entry = book.entries.find((e) => e.line === lineId);
  const name = entry ? basename(entry.source.file) : undefined;
  return budgetFiles.find((f) => basename(f) === name) ?? budgetFiles[0] ?? "budget.csv";
}

/** Apply changes to the budget files of an existing book (in the staging copy). */
function applyChanges(
  staging: string,
  current: Book,
  changes: readonly Change[],
  manifest: { files: { budget: string | string[] } },
): string[] {
  const files = budgetFilesOf(manifest);
  const touched = new Set<string>();
  const edits = new Map<string, { replace: Map<number, string[] | null>; append: string[][] }>();
  const editOf = (file: string) => {
    let e = edits.get(file);
    if (!e) {
      e = { replace: new Map(), append: [] };
      edits.set(file, e);
    }
    return e;
  };
  for (const c of changes) {
    const entries = current.entries.filter((e) => e.line === c.line.id && e.segment === c.segment);
    const from = c.sources.map(formatSource).join(" ");
    // One row holds the pair: update it in place; several (積算明細): append an adjustment.
    const only =
      entries.length === 1 && rowCount(entries[0] as BudgetEntry) === 1
        ? (entries[0] as BudgetEntry)
        : undefined;
    if (only) {
      const file =
        files.find((f) => basename(f) === basename(only.source.file)) ?? files[0] ?? "budget.csv";
      editOf(file).replace.set(
        only.source.row,
        c.new.isZero()
          ? null
          : [
              accountText(current, c.line.id),
              segmentText(current, c.segment),
              c.new.toFixed(),
              only.note,
            ],
      );
      touched.add(file);
      continue;
    }
    const file = fileForLine(current, c.line.id, files);
    const delta = c.new.minus(c.old);
    const note =
      entries.length === 0
        ? `import ${from}`
        : `import ${from}: ${c.old.toFixed()} → ${c.new.toFixed()} (調整)`;
    editOf(file).append.push([
      accountText(current, c.line.id),
      segmentText(current, c.segment),
      (entries.length === 0 ? c.new : delta).toFixed(),
      note,
    ]);
    touched.add(file);
  }
  for (const [file, e] of edits) {
    const path = join(staging, file);
    const text = readFileSync(path, "utf8");
    const crlf = text.includes("\r\n");
    const parsed = parseCsvTable(file, text, budgetColumns(current.segments.length > 0));
    // The book loaded a moment ago, so this cannot fail; if it did, stop rather than drop edits.
    if (!parsed.ok) throw new BookInputError(parsed.issues);
    const header = parsed.table.header;
    const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
    const out: string[] = [lines[0] ?? header.join(",")];
    const toRow = (v: string[]) => {
      const values: Record<string, string> = {
        account: v[0] ?? "",
        segment: v[1] ?? "",
        amount: v[2] ?? "",
        note: v[3] ?? "",
      };
      return bookCsv([header.map((h) => values[h] ?? "")], crlf).replace(/\r?\n$/, "");
    };
    for (const r of parsed.table.rows) {
      if (e.replace.has(r.row)) {
        const v = e.replace.get(r.row);
        if (v) out.push(toRow(v));
      } else out.push(r.raw);
    }
    for (const v of e.append) out.push(toRow(v));
    writeFileSync(
      path,
      `${text.startsWith("\uFEFF") ? "\uFEFF" : ""}${out.join(crlf ? "\r\n" : "\n")}${crlf ? "\r\n" : "\n"}`,
    );
  }
  return [...touched];
}

function scheduleCsv(book: Book, schedule: string, items: readonly ScheduleItem[]): string {
  const def = book.schedules.find((s) => s.id === schedule);
  const cols = def?.columns ?? [];
  const rows = [["item", "segment", ...cols.map((c) => c.id), "note"]];
  for (const i of items)
    rows.push([
      i.label,
      segmentText(book, i.segment),
      ...cols.map((c) => i.amounts.get(c.id)?.toString() ?? "0"),
      i.note,
    ]);
  return bookCsv(rows, false);
}

/** A print as a CSV: the unified header, the kept rows, then the imported rows. */
function printCsv(
  plan: ImportPlan,
  print: Print,
  column: string,
  keep: readonly string[][],
): string {
  const book = plan.layoutBook;
  const rows = [printHeader(column), ...keep];
  for (const r of print.rows) {
    const cell = r.cells.get(PRINTED_COLUMN);
    rows.push([
      r.table,
      r.statement ?? "",
      r.line ?? r.formula.text,
      segmentText(book, r.segment),
      cell?.text ?? "",
      r.label,
      r.reference,
    ]);
  }
  return bookCsv(rows, false, PRINT_SYNTAX_COLUMNS);
}

/** The print columns that are the book's syntax, not free text: `line` (an id or a formula). */
const PRINT_SYNTAX_COLUMNS: ReadonlySet<number> = new Set([printHeader("").indexOf("line")]);

function commitmentsCsv(plan: ImportPlan): string | null {
  const t = plan.commitments;
  if (!t) return null;
  const cols = ["item", "limit", "authorised_year", "burden_years", "segment", "note"];
  return bookCsv([cols, ...t.rows.map((r) => cols.map((c) => r.values[c] ?? ""))], false);
}

/** Budget rows of a new book: one per leaf × segment, in layout order, in the layout book's files. */
function newBudgetFiles(plan: ImportPlan, files: readonly string[]): Map<string, string> {
  const book = plan.layoutBook;
  const rows = new Map<string, string[][]>(files.map((f) => [f, [budgetHeader(book)]]));
  for (const line of book.lines) {
    if (line.kind !== "leaf") continue;
    for (const segment of [...book.segments.map((s) => s.id), null]) {
      const leaf = plan.leaves.get(`${line.id}|${segment ?? ""}`);
      if (!leaf || leaf.amount.isZero()) continue;
      const file = fileForLine(book, line.id, files);
      rows.get(file)?.push(
        budgetRow(
          book,
          { line: line.id, segment },
          leaf.amount.toString(),
          // The book's own record of where a figure came from: written as before, whatever the
          // language of the terminal, so the same import writes the same file.
          leaf.determinedBy
            ? `determined: ${leaf.determinedBy.en}`
            : `import ${leaf.sources.map(formatSource).join(" ")}`,
        ),
      );
    }
  }
  // A file that received no row is left out (a budget file needs rows), unless all are empty.
  const filled = [...rows].filter(([, r]) => r.length > 1);
  return new Map(
    (filled.length > 0 ? filled : [...rows].slice(0, 1)).map(([f, r]) => [f, bookCsv(r, false)]),
  );
}

/**
 * Stage, validate and install the imported book at `into`. `layoutDir` supplies the manifest,
 * layout, checks and provisions of a new book.
 */
export function writeImport(
  plan: ImportPlan,
  changes: readonly Change[],
  current: Book | null,
  target: string,
  layoutDir: string,
): WriteResult {
  return writeAllOrNothing(target, (staging, into) => {
    const files: string[] = [];
    let manifest: StagedManifest;
    if (current) {
      copyBook(into, staging);
      manifest = JSON.parse(readFileSync(join(staging, "book.json"), "utf8"));
      files.push(...applyChanges(staging, current, changes, manifest));
    } else {
      manifest = stageNewBook(plan, staging, into, layoutDir, files);
    }
    const manifestChanged = stageImportedTables(plan, current, staging, manifest, files);
    if (!current || manifestChanged) {
      writeFileSync(join(staging, "book.json"), `${JSON.stringify(manifest, null, 2)}\n`);
      if (!current) files.push("book.json");
    }
    return files;
  });
}

/** book.json as staged: the manifest's fields, read and written as JSON. */
type StagedManifest = Record<string, unknown> & {
  files: Record<string, unknown> & { budget: string | string[] };
};

/**
 * A new book in `staging`: the layout book's manifest (without the layout book's own data —
 * summary, print, register), layout, checks and provisions, the imported leaves as budget
 * files, and empty schedules for those the import did not bring.
 */
function stageNewBook(
  plan: ImportPlan,
  staging: string,
  into: string,
  layoutDir: string,
  files: string[],
): StagedManifest {
  mkdirSync(staging, { recursive: true });
  const manifest: StagedManifest = JSON.parse(
    readFileSync(join(layoutDir, "book.json"), "utf8").replace(/^\uFEFF/, ""),
  );
  manifest.id = bookIdOf(into);
  delete manifest.summary;
  delete manifest.prints;
  delete manifest.continuity;
  // A new book has one version, the one imported: none of the layout book's others.
  delete manifest.versions;
  delete manifest.defaultVersion;
  delete manifest.comparisons;
  delete manifest.variance;
  for (const key of [
    "summary",
    "published",
    "commitments",
    "commitmentSchedules",
    "commitmentActuals",
  ])
    delete manifest.files[key];
  // The checks may name the 予算's provisions (provision:<id>): they come along with them.
  for (const key of ["layout", "checks", "provisions"]) {
    const f = manifest.files[key];
    if (typeof f === "string") {
      cpSync(join(layoutDir, f), join(staging, f));
      files.push(f);
    }
  }
  const written = newBudgetFiles(plan, budgetFilesOf(manifest));
  for (const [f, text] of written) {
    writeFileSync(join(staging, f), text);
    files.push(f);
  }
  manifest.files.budget = [...written.keys()];
  // Schedules the import did not bring start empty (a header only).
  for (const s of plan.layoutBook.schedules) {
    if (!plan.scheduleItems.has(s.id)) {
      writeFileSync(join(staging, s.file), scheduleCsv(plan.layoutBook, s.id, []));
      files.push(s.file);
    }
  }
  return manifest;
}

/** The imported schedules, printed figures and register, into the staged book. */
function stageImportedTables(
  plan: ImportPlan,
  current: Book | null,
  staging: string,
  manifest: StagedManifest,
  files: string[],
): boolean {
  let manifestChanged = false;
  for (const [id, imported] of plan.scheduleItems) {
    const def = plan.layoutBook.schedules.find((s) => s.id === id);
    if (!def) continue;
    // Keep the notes of items the book already has (the import has no note column).
    const known = (current ?? plan.layoutBook).scheduleItems.filter((i) => i.schedule === id);
    const items = imported.map((i) => ({
      ...i,
      note: i.note || (known.find((k) => k.label === i.label)?.note ?? ""),
    }));
    const path = join(staging, def.file);
    if (!existsSync(path) || scheduleChanged(current, id, items)) {
      writeFileSync(path, scheduleCsv(plan.layoutBook, id, items));
      files.push(def.file);
    }
  }
  if (stagePrints(plan, staging, manifest, files)) manifestChanged = true;
  const commitments = commitmentsCsv(plan);
  if (commitments !== null) {
    const name =
      typeof manifest.files.commitments === "string"
        ? manifest.files.commitments
        : "commitments.csv";
    if (manifest.files.commitments !== name) manifestChanged = true;
    manifest.files.commitments = name;
    writeFileSync(join(staging, name), commitments);
    files.push(name);
  }
  return manifestChanged;
}

/**
 * The imported prints into the staged book: each into the book's print of one figure column in
 * its unit (its rows for the same tables replaced, the others kept), or a print of its own
 * declared in book.json. Returns whether book.json changed.
 */
function stagePrints(
  plan: ImportPlan,
  staging: string,
  manifest: StagedManifest,
  files: string[],
): boolean {
  let changed = false;
  for (const print of plan.prints) {
    const decls = printDecls(manifest as unknown as Manifest);
    // Never the adopted 議案: it is the authority an import is checked against, not a copy of it.
    const target = decls.find(
      (d) =>
        d.authority !== "adopted" &&
        d.unit === print.unit &&
        d.columns.length === 1 &&
        !d.columns[0]?.version &&
        !d.columns[0]?.change,
    );
    const column = target?.columns[0]?.id ?? PRINTED_COLUMN;
    const name = target?.file ?? `${print.id}.csv`;
    if (!target) {
      const prints = (manifest.prints as PrintDecl[] | undefined) ?? [];
      prints.push({
        id: print.id,
        title: `取込 (${print.unit})`,
        file: name,
        unit: print.unit,
        rounding: print.rounding,
        columns: [{ id: PRINTED_COLUMN, label: "金額" }],
      });
      manifest.prints = prints;
      changed = true;
    }
    const tables = new Set(print.rows.map((r) => r.table));
    let keep: string[][] = [];
    const path = join(staging, name);
    if (existsSync(path)) {
      const parsed = parseCsvTable(name, readFileSync(path, "utf8"), []);
      if (!parsed.ok) throw new BookInputError(parsed.issues); // never drop the print's rows
      keep = parsed.table.rows
        .filter((r) => !tables.has(r.values.table ?? ""))
        .map((r) =>
          printHeader(column).map((h) =>
            h === "label"
              ? (r.values.label ?? r.values.printed_label ?? "")
              : h === "line"
                ? (r.values.line ?? r.values.formula ?? "")
                : (r.values[h] ?? ""),
          ),
        );
    }
    writeFileSync(path, printCsv(plan, print, column, keep));
    files.push(name);
  }
  return changed;
}

/**
 * Would writing `plan` into the book `current` change nothing: no leaf, no print, no register,
 * no schedule? (A new book, `current` null, always changes something.)
 */
export function changesNothing(
  plan: ImportPlan,
  changes: readonly Change[],
  current: Book | null,
): boolean {
  return (
    current !== null &&
    changes.length === 0 &&
    plan.prints.length === 0 &&
    !plan.commitments &&
    ![...plan.scheduleItems].some(([id, items]) => scheduleChanged(current, id, items))
  );
}

/** Does the imported schedule differ from the current book's (items, segments, amounts)? */
function scheduleChanged(
  current: Book | null,
  id: string,
  items: readonly ScheduleItem[],
): boolean {
  if (!current) return true;
  const old = current.scheduleItems.filter((i) => i.schedule === id);
  if (old.length !== items.length) return true;
  return !old.every((o, k) => {
    const n = items[k];
    if (!n || n.label !== o.label || n.segment !== o.segment) return false;
    return [...o.amounts].every(([c, v]) => n.amounts.get(c)?.equals(v) ?? false);
  });
}
