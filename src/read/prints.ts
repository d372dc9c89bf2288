/**
 * Prints: what documents published, read from one CSV each (schemas/print.schema.json) as the
 * book declares them in book.json (`prints`: unit, rounding, columns). A row names what it
 * prints — a line by id or label, or a formula of line ids — and the segment (blank or a total
 * label for the total); each declared column holds an amount as printed, or nothing (blank,
 * 「－」) — money in the print's unit, or, on a row naming a quantity line (戸, ㎥ …), a
 * quantity read exactly in the line's unit. Also the opening balances that should continue a
 * previous version's closing ones.
 */
import { isNil } from "../model/amount-text.ts";
import type { StatementDef } from "../model/book.ts";
import { type Formula, parseFormula } from "../model/formula.ts";
import { inputError } from "../model/issues.ts";
import type { ContinuityPair, Print, PrintColumn, PrintedCell, PrintRow } from "../model/print.ts";
import { cell } from "../model/provenance.ts";
import { say } from "../model/text.ts";
import type { Versions } from "../model/version.ts";
import type { BookFiles, Names } from "./book-files.ts";
import { cellOf, type Table, type TableRow } from "./csv-table.ts";
import type { References } from "./layout.ts";
import { MANIFEST_FILE, type PrintDecl } from "./manifest.ts";
import { printRowUnit } from "./units.ts";

/** The print a declaration names, its rows read and checked. */
export function readPrint(
  files: BookFiles,
  decl: PrintDecl,
  statements: readonly StatementDef[],
  names: Names,
  references: References,
  versions: Versions,
): Print {
  const columns = printColumns(files, decl);
  const version = printVersion(files, decl, versions);
  const t = files.table(decl.file, "print", ["table", ...columns.map((c) => c.id)]);
  const rows: PrintRow[] = [];
  if (t && !t.header.includes("line") && !t.header.includes("formula")) {
    files.issues.push(
      inputError(
        "column.missing",
        cell(t.file, 1, "line"),
        say(
          `列「line」がありません。公表資料の各行は、印刷する内容を科目 id、科目名または式で示します（見出し行の列：${t.header.join("、")}）。`,
          `missing column 「line」: a print's rows name what they print by line id, label or formula (the header has: ${t.header.join(", ")})`,
        ),
      ),
    );
  }
  for (const r of t?.rows ?? []) {
    if (!t) break;
    const row = printRow(files, t, r, decl, columns, statements, names, references);
    if (row) rows.push(row);
  }
  const rounding = typeof decl.rounding === "object" ? decl.rounding.default : decl.rounding;
  const tables = typeof decl.rounding === "object" ? (decl.rounding.tables ?? {}) : {};
  return {
    id: decl.id,
    title: decl.title,
    authority: decl.authority ?? "published",
    version,
    file: files.shown(decl.file),
    unit: decl.unit,
    rounding: rounding ?? "half-up",
    tableRounding: new Map(Object.entries(tables)),
    note: decl.note ?? "",
    sheet: decl.sheet === true,
    columns,
    rows,
  };
}

/** The version a print presents: the one it names (by id or name), else the book's default. */
function printVersion(files: BookFiles, decl: PrintDecl, versions: Versions): string {
  if (decl.version === undefined) return versions.defaultId;
  const v = versions.list.find((x) => x.id === decl.version || x.name === decl.version);
  if (v && v.kind !== "previous") return v.id;
  files.issues.push(
    inputError(
      "version.unknown",
      cell(files.shown(MANIFEST_FILE), 1, `prints.${decl.id}.version`),
      say(
        `公表資料「${decl.id}」が示す「${decl.version}」は、この帳簿の数値のある版ではありません（版：${versions.list.map((x) => x.id).join("、")}）。`,
        `print 「${decl.id}」 presents 「${decl.version}」, not a version with figures of this book (versions: ${versions.list.map((x) => x.id).join(", ")})`,
      ),
    ),
  );
  return versions.defaultId;
}

/** The declared columns, a change naming two columns of the print. */
function printColumns(files: BookFiles, decl: PrintDecl): PrintColumn[] {
  const ids = new Set(decl.columns.map((c) => c.id));
  return decl.columns.map((c): PrintColumn => {
    if (c.change) {
      const [from = "", to = ""] = c.change;
      for (const id of [from, to]) {
        if (!ids.has(id))
          files.issues.push(
            inputError(
              "schema.invalid",
              cell(files.shown(MANIFEST_FILE), 1, `prints.${decl.id}.columns.${c.id}.change`),
              say(
                `増減の列「${c.id}」が示す「${id}」は、この公表資料の列ではありません（列：${[...ids].join("、")}）。`,
                `the change column 「${c.id}」 names 「${id}」, not a column of the print (columns: ${[...ids].join(", ")})`,
              ),
            ),
          );
      }
      return { kind: "change", id: c.id, label: c.label, from, to };
    }
    if (c.version) return { kind: "other", id: c.id, label: c.label, version: c.version };
    return { kind: "figure", id: c.id, label: c.label };
  });
}

/** A row of a print, or null with its issues recorded. */
function printRow(
  files: BookFiles,
  t: Table,
  r: TableRow,
  decl: PrintDecl,
  columns: readonly PrintColumn[],
  statements: readonly StatementDef[],
  names: Names,
  references: References,
): PrintRow | null {
  const v = r.values;
  const statementText = v.statement ?? "";
  const statement =
    statementText === ""
      ? undefined
      : statements.find((s) => s.id === statementText || s.title === statementText);
  if (statementText !== "" && !statement) {
    files.issues.push(
      inputError(
        "layout.unknown-statement",
        cellOf(t, r, "statement"),
        say(
          `財務諸表「${statementText}」は book.json にありません（book.json の財務諸表：${statements.map((s) => s.id).join("、")}）。`,
          `unknown statement 「${statementText}」 (book.json declares: ${statements.map((s) => s.id).join(", ")})`,
        ),
        r.raw,
      ),
    );
    return null;
  }
  const lineColumn = "line" in v ? "line" : "formula";
  const what = rowFormula(files, t, r, lineColumn, statement?.id, names, references);
  const segment = names.segment(t, r);
  const cells = new Map<string, PrintedCell>();
  let ok = what !== null && segment !== undefined;
  // A row naming a quantity (戸, ㎥ …) prints it exactly, in its unit: the print's money unit never scales it.
  const quantity = what === null ? undefined : printRowUnit(what.formula, references.lineById);
  for (const c of columns) {
    const text = v[c.id] ?? "";
    if (isNil(text)) continue;
    const amount =
      quantity === undefined
        ? files.amount(t, r, c.id, decl.unit)
        : files.quantity(t, r, c.id, quantity);
    if (amount === null) ok = false;
    else cells.set(c.id, { amount, text, source: cellOf(t, r, c.id) });
  }
  if (!ok || what === null || segment === undefined) return null;
  return {
    table: v.table ?? "",
    formula: what.formula,
    line: what.line,
    statement: what.statement,
    label: v.label || v.printed_label || what.label,
    segment,
    cells,
    reference: v.source ?? "",
    source: cellOf(t, r, lineColumn),
  };
}

/** A space (between terms) or a dot (a schedule column): what a print's formula has. */
const MAYBE_FORMULA = /[\s.]/;
/** Any line of the layout, derived ones included (a print's row may name one). */
const ANY_LINE = { leafOnly: false } as const;

/**
 * What a row prints: a formula (`a + b - c`, or a schedule column's total `advances.planned`)
 * when the cell is one whose every reference exists, else a line by id or label (within
 * `statement` when given).
 */
function rowFormula(
  files: BookFiles,
  t: Table,
  r: TableRow,
  column: string,
  statement: string | undefined,
  names: Names,
  references: References,
): { formula: Formula; line: string | null; statement: string | null; label: string } | null {
  const text = r.values[column] ?? "";
  // A formula here has several terms or names a schedule column: a text without a space or a
  // dot is one term at most, a line's id or label, and is looked up as such.
  const parsed = MAYBE_FORMULA.test(text) ? parseFormula(text) : null;
  const formula =
    parsed?.ok === true &&
    (parsed.formula.terms.length > 1 || parsed.formula.terms[0]?.ref.kind === "schedule") &&
    parsed.formula.terms.every((term) => references.exists(term.ref));
  if (parsed?.ok && formula) {
    for (const term of parsed.formula.terms)
      references.check(term.ref, cellOf(t, r, column), r.raw);
    return { formula: parsed.formula, line: null, statement: statement ?? null, label: text };
  }
  const line = names.line(
    t,
    r,
    column,
    statement !== undefined ? { leafOnly: false, statement } : ANY_LINE,
  );
  if (line === null) return null;
  if (line.kind === "heading") {
    files.issues.push(
      inputError(
        "published.unknown-line",
        cellOf(t, r, column),
        say(
          `「${text}」は見出しで、印刷する数値がありません。`,
          `「${text}」 is a heading: it has no figure to print`,
        ),
        r.raw,
      ),
    );
    return null;
  }
  return {
    formula: { text: line.id, terms: [{ sign: 1, ref: { kind: "line", id: line.id } }] },
    line: line.id,
    statement: line.statement,
    label: line.label,
  };
}

/** The opening balances that should continue a previous version's closing balances. */
export function readContinuity(
  files: BookFiles,
  pairs: readonly ContinuityPair[],
  prints: readonly Print[],
  references: References,
  versions: Versions,
): ContinuityPair[] {
  const at = files.manifestCell("/continuity", "continuity");
  for (const pair of pairs) {
    references.checkLine(
      pair.opening,
      at,
      say(
        `continuity の科目「${pair.opening}」は様式にありません。`,
        `continuity line 「${pair.opening}」 is not in the layout`,
      ),
    );
    if (pair.version !== undefined) {
      // The closing line is the previous year's book's.
      const linked = versions.list.find((v) => v.id === pair.version)?.linked;
      if (linked && !linked.lines.some((l) => l.id === pair.previousClosing))
        files.issues.push(
          inputError(
            "layout.unknown-reference",
            at,
            say(
              `continuity の科目「${pair.previousClosing}」は ${linked.dir} の様式にありません。`,
              `continuity line 「${pair.previousClosing}」 is not in the layout of ${linked.dir}`,
            ),
          ),
        );
      continue;
    }
    references.checkLine(
      pair.previousClosing,
      at,
      say(
        `continuity の科目「${pair.previousClosing}」は様式にありません。`,
        `continuity line 「${pair.previousClosing}」 is not in the layout`,
      ),
    );
    const print = prints.find((p) => p.id === pair.print);
    const column = print?.columns.find((c) => c.id === pair.column);
    if (column?.kind !== "other") {
      files.issues.push(
        inputError(
          "schema.invalid",
          at,
          say(
            `continuity が示す「${pair.print}.${pair.column}」は、別の版を印刷する公表資料の列（"version" のある列）でなければなりません。`,
            `continuity names 「${pair.print}.${pair.column}」: it must be a column of a print that prints another version (a column with "version")`,
          ),
        ),
      );
    }
  }
  return [...pairs];
}
