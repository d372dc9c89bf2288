/**
 * The files of one book directory as the loader's steps see them: each named file read,
 * parsed as CSV and validated against its schema, with every problem collected as an issue
 * at its cell; and the small typed readers every step shares (a formula, an amount, an
 * account, a segment). One instance per load; the steps add to its issues.
 */
import { isAbsolute, join } from "node:path";
import { isInside } from "../io/files.ts";
import { readText } from "../io/read-text.ts";
import { parseAmount, withAmountExpectation } from "../model/amount-text.ts";
import type { LayoutLine, Segment } from "../model/book.ts";
import { type CheckFormula, type Formula, parseFormula } from "../model/formula.ts";
import { type InputIssue, inputError } from "../model/issues.ts";
import { type Decimal, Money, type Unit } from "../model/money.ts";
import { type CellSource, cell } from "../model/provenance.ts";
import { Quantity, type QuantityUnit } from "../model/quantity.ts";
import { say, type Text } from "../model/text.ts";
import { cellOf, parseCsvTable, type Table, type TableRow } from "./csv-table.ts";
import { jsonLines } from "./json-lines.ts";
import { tableCellsTooLong } from "./limits.ts";
import { type LineQuery, lineResolver, segmentResolver } from "./resolution.ts";
import { type SchemaName, validateTable } from "./schema-validation.ts";

/** The manifest: where every other file of the book is named. */
const MANIFEST = "book.json";

/** Codes of problems with a whole file rather than a cell of it. */
const WHOLE_FILE_CODES: ReadonlySet<string> = new Set([
  "file.missing",
  "file.unreadable",
  "file.too-large",
]);

export class BookFiles {
  /** Every issue found so far, in the order found. */
  readonly issues: InputIssue[] = [];
  /** book.json's text once read, to name the field a refused file name comes from. */
  private manifestText: string | undefined;

  constructor(
    /** The book directory as the user named it (used in every message). */
    readonly dir: string,
  ) {}

  /** Each book file's name joined to the directory, as `shown` and `path` give it. */
  private readonly joined = new Map<string, string>();

  /** How messages name a book file: joined to the directory as the user named it. */
  shown(file: string): string {
    let path = this.joined.get(file);
    if (path === undefined) {
      path = join(this.dir, file);
      this.joined.set(file, path);
    }
    return path;
  }

  /** book.json's lines by JSON pointer, computed once when an issue needs one. */
  private manifestLines: Map<string, number> | undefined;

  /**
   * The book.json cell of a field: the line its value starts on (`pointer`, e.g. `/report/revenue`),
   * named `column` (`report.revenue`); line 1 when the field is not in the text.
   */
  manifestCell(pointer: string, column: string): CellSource {
    this.manifestLines ??= jsonLines(this.manifestText ?? "");
    return cell(this.shown(MANIFEST), this.manifestLines.get(pointer) ?? 1, column);
  }

  /** Where to read a book file (not checked: see `locate`). */
  path(file: string): string {
    return this.shown(file);
  }

  /**
   * Where to read a book file, or null with an issue when the name is absolute or leads out
   * of the book directory (`../x.csv`, a link to a file elsewhere): a book is one directory,
   * read and written as one, and yosan never reads a file outside it.
   */
  locate(file: string): string | null {
    const path = this.path(file);
    if (!isAbsolute(file) && isInside(path, this.dir)) return path;
    const field = this.fieldNaming(file);
    const named = field === undefined ? "" : ` (${MANIFEST} ${field})`;
    const namedJa = field === undefined ? "" : `（${MANIFEST} の ${field}）`;
    this.issues.push(
      inputError(
        "file.outside",
        cell(this.shown(MANIFEST), 1, "files"),
        isAbsolute(file)
          ? say(
              `「${file}」${namedJa}は絶対パスです。帳簿のファイルは帳簿のディレクトリ ${this.dir} からの相対パスで、その中に置きます（ファイルを帳簿にコピーし、そこからの名前で指定してください）。`,
              `「${file}」${named} is an absolute path: book files are paths relative to the book directory ${this.dir}, inside it (copy the file into the book and name it from there)`,
            )
          : say(
              `「${file}」${namedJa}は帳簿のディレクトリ ${this.dir} の外にあります。帳簿のファイルは帳簿のディレクトリからの相対パスで、その中に置きます（ファイルを帳簿にコピーしてください）。`,
              `「${file}」 is outside the book directory ${this.dir}${named}: book files are paths relative to the book directory, inside it (copy the file into the book)`,
            ),
      ),
    );
    return null;
  }

  /**
   * The book.json field that names `file` (`files.budget`, `versions.settlement.files`: an
   * element of a list by its id, a file in a list of files by the list), or undefined.
   */
  private fieldNaming(file: string): string | undefined {
    if (this.manifestText === undefined) return undefined;
    let data: unknown;
    try {
      data = JSON.parse(this.manifestText.replace(/^\uFEFF/, ""));
    } catch {
      return undefined;
    }
    const find = (value: unknown, path: readonly string[]): readonly string[] | undefined => {
      if (value === file) return path;
      if (value === null || typeof value !== "object" || path.length > 8) return undefined;
      for (const [key, v] of Object.entries(value)) {
        const id = (v as { id?: unknown } | null)?.id;
        const step = !Array.isArray(value)
          ? [key]
          : typeof id === "string"
            ? [id]
            : typeof v === "string"
              ? []
              : [key];
        const found = find(v, [...path, ...step]);
        if (found) return found;
      }
      return undefined;
    };
    return find(data, [])?.join(".");
  }

  /** A file's text (strict UTF-8), or null with the issue recorded. */
  text(file: string): string | null {
    const path = this.locate(file);
    if (path === null) return null;
    const read = readText(path, this.shown(file));
    if (read.ok && file === MANIFEST) this.manifestText = read.text;
    if (read.ok) return read.text;
    this.issues.push(this.namedIn(read.issue, file));
    return null;
  }

  /**
   * A problem with a whole file (not found, a directory, too large) that also says which
   * book.json field names the file, since the name is the thing to correct there.
   */
  namedIn(issue: InputIssue, file: string): InputIssue {
    if (!WHOLE_FILE_CODES.has(issue.code) || file === MANIFEST) return issue;
    const field = this.fieldNaming(file);
    return field === undefined
      ? issue
      : {
          ...issue,
          message: say(
            `${issue.message.ja}${MANIFEST} の ${field} で指定されたファイルです。`,
            `${issue.message.en} (named by ${MANIFEST} ${field})`,
          ),
        };
  }

  /**
   * A CSV file of the book, parsed and validated against `schema`, or null with the issues
   * recorded. `required` columns must be in the header; an empty table is allowed only with
   * `allowNoRows`.
   */
  table(
    file: string,
    schema: SchemaName | null,
    required: readonly string[],
    allowNoRows = false,
  ): Table | null {
    const text = this.text(file);
    if (text === null) return null;
    const parsed = parseCsvTable(this.shown(file), text, required, { allowNoRows });
    if (!parsed.ok) {
      this.add(parsed.issues);
      return null;
    }
    this.add(tableCellsTooLong(parsed.table));
    if (schema === null) return parsed.table;
    const schemaIssues = validateTable(schema, parsed.table);
    this.add(schemaIssues);
    return schemaIssues.length > 0 ? null : parsed.table;
  }

  /** The formula in a cell, or null with a `layout.formula` issue. */
  formula(t: Table, r: TableRow, column: string): Formula | null {
    return this.parsed(t, r, column, parseFormula(r.values[column] ?? ""));
  }

  /** A side of a check in a cell (it may name provisions), or null with a `layout.formula` issue. */
  checkFormula(t: Table, r: TableRow, column: string): CheckFormula | null {
    return this.parsed(t, r, column, parseFormula(r.values[column] ?? "", { provisions: true }));
  }

  private parsed<F>(
    t: Table,
    r: TableRow,
    column: string,
    parsed: { ok: true; formula: F } | { ok: false; reason: Text },
  ): F | null {
    if (parsed.ok) return parsed.formula;
    this.issues.push(
      inputError(
        "layout.formula",
        cellOf(t, r, column),
        say(
          `「${r.values[column]}」は数式として読めません。${parsed.reason.ja}`,
          `「${r.values[column]}」: ${parsed.reason.en}`,
        ),
        r.raw,
      ),
    );
    return null;
  }

  /** The amount in a cell, in `unit`, or null with an `amount.invalid` issue. */
  amount(t: Table, r: TableRow, column: string, unit: Unit): Money | null {
    const value = this.decimal(t, r, column);
    return value === null ? null : Money.of(value, unit);
  }

  /** The quantity in a cell, exactly as written (digits only, as an amount), or null with an `amount.invalid` issue. */
  quantity(t: Table, r: TableRow, column: string, unit: QuantityUnit): Quantity | null {
    const value = this.decimal(t, r, column);
    return value === null ? null : Quantity.of(value, unit);
  }

  private decimal(t: Table, r: TableRow, column: string): Decimal | null {
    const parsed = parseAmount(r.values[column] ?? "");
    if (parsed.ok) return parsed.value;
    this.issues.push(
      inputError(
        "amount.invalid",
        cellOf(t, r, column),
        withAmountExpectation(parsed.reason),
        r.raw,
      ),
    );
    return null;
  }

  /** Record issues (one by one: a file may bring hundreds of thousands). */
  add(issues: Iterable<InputIssue>): void {
    for (const issue of issues) this.issues.push(issue);
  }

  /** Has any error (not a warning) been found? */
  failed(): boolean {
    return this.issues.some((i) => i.severity === "error");
  }
}

/**
 * Resolving what people type in a book's cells to its lines and segments, recording an
 * issue at the cell when it names none (or several).
 */
export class Names {
  private readonly lines: ReturnType<typeof lineResolver>;
  private readonly segments: ReturnType<typeof segmentResolver>;
  /** The segment ids of the segment texts resolved so far (null: not allocated). */
  private readonly segmentIds = new Map<string, string | null>();
  /** Does the book have segments? (Without, a file may leave out its `segment` column.) */
  readonly segmented: boolean;

  constructor(
    private readonly files: BookFiles,
    lines: readonly LayoutLine[],
    segments: readonly Segment[],
    totals?: readonly string[],
  ) {
    this.lines = lineResolver(lines);
    this.segments = segmentResolver(segments, totals);
    this.segmented = segments.length > 0;
  }

  /** The line the `column` cell of row `r` names, or null with the issue at that cell. */
  line(t: Table, r: TableRow, column: string, query: LineQuery): LayoutLine | null {
    const res = this.lines(r.values[column] ?? "", query);
    if (res.ok) return res.value;
    this.files.issues.push(inputError(res.code, cellOf(t, r, column), res.message, r.raw));
    return null;
  }

  /**
   * The segment id the `segment` cell of row `r` names, null for blank / 合計 (not allocated),
   * undefined with an issue at that cell.
   */
  segment(t: Table, r: TableRow): string | null | undefined {
    const text = r.values.segment ?? "";
    const known = this.segmentIds.get(text);
    if (known !== undefined) return known;
    const res = this.segments(text);
    if (res.ok) {
      // Only what resolves is kept: an unknown name's message counts the suggestions made.
      this.segmentIds.set(text, res.value);
      return res.value;
    }
    this.files.issues.push(inputError(res.code, cellOf(t, r, "segment"), res.message, r.raw));
    return undefined;
  }

  /** The resolvers themselves, for the streamed budget reader (which reports per row). */
  get budget() {
    return {
      line: (text: string) => this.lines(text, { leafOnly: true }),
      segment: this.segments,
      segmented: this.segmented,
    };
  }
}
