/**
 * book.json: the manifest of a book (schemas/book.schema.json) — entity, fiscal year, unit,
 * rounding, segments, statements, which files hold what, the consumption-tax rules — and the
 * segments, statements and tax rules it
 * declares, checked for what the schema cannot say (duplicates, reserved ids).
 */
import { posix } from "node:path";
import type { Segment, StatementDef, VersionKind } from "../model/book.ts";
import { parseFormula } from "../model/formula.ts";
import { type InputIssue, inputError } from "../model/issues.ts";
import type { RoundingRule, Unit } from "../model/money.ts";
import type { ContinuityPair, PrintAuthority } from "../model/print.ts";
import { cell } from "../model/provenance.ts";
import {
  rateInRange,
  rateOf,
  type SpecifiedRule,
  type TaxRounds,
  type TaxRules,
  taxClassList,
  taxClassOf,
} from "../model/tax.ts";
import { say } from "../model/text.ts";
import type { BookFiles } from "./book-files.ts";
import { jsonLines } from "./json-lines.ts";
import { jsonTooDeep, MAX_JSON_DEPTH, manifestFieldsTooLong } from "./limits.ts";
import { segmentKeys } from "./resolution.ts";
import { validateJson } from "./schema-validation.ts";

/** book.json as the schema allows it. */
export interface Manifest {
  id: string;
  entity: string;
  title: string;
  fiscalYear: { label: string; start: string; end: string };
  unit: Unit;
  rounding?: RoundingRule;
  roundingNote?: string;
  leaves?: { rounding?: RoundingRule };
  totalLabels?: string[];
  prints?: (Omit<PrintDecl, "columns"> & Partial<Pick<PrintDecl, "columns">>)[];
  continuity?: {
    opening: string;
    previousClosing: string;
    print?: string;
    column?: string;
    version?: string;
  }[];
  versions?: VersionDecl[];
  defaultVersion?: string;
  variance?: { threshold?: string | number; expenses?: string[] };
  comparisons?: {
    a: string;
    b: string;
    title?: string;
    layout?: "changes" | "settlement" | "revision";
    statements?: string[];
    depth?: number;
  }[];
  /** Absent or empty for a book of one entity (a 事業会計): its statements are 科目 | 金額. */
  segments?: { id: string; name: string; aliases?: string[] }[];
  segmentTerm?: string;
  language?: "ja" | "en";
  /** The consumption-tax rules (model/tax.ts): a default rate and 課税区分, the rounding. */
  tax?: {
    rate: string;
    class?: string;
    basis?: "inclusive";
    rounding?: RoundingRule;
    rounds?: TaxRounds;
    specified?: { receipts: string; threshold: string };
  };
  statements: {
    id: string;
    title: string;
    period?: string;
    role: "statement" | "supplementary";
    key?: string[];
  }[];
  files: Record<string, string | string[]> & { layout: string; budget: string | string[] };
  schedules?: {
    id: string;
    title: string;
    file: string;
    columns: { id: string; label: string }[];
  }[];
  report?: Record<string, string>;
  summary?: {
    unit: Unit;
    current: string;
    previous: string;
    continuity?: { opening: string; previousClosing: string }[];
  };
}

/** A version as book.json declares it. */
export interface VersionDecl {
  id: string;
  name: string;
  kind: VersionKind;
  files?: string[];
  base?: string;
  through?: string;
  notes?: string;
  asOf?: string;
  sample?: string;
  print?: string;
  column?: string;
  /** previous: the previous year's book directory, relative to this book, and its version. */
  book?: string;
  version?: string;
  fiscalYear?: string;
}

/** A print as book.json declares it (schemas/book.schema.json, `prints`). */
export interface PrintDecl {
  id: string;
  title: string;
  file: string;
  unit: Unit;
  rounding?: RoundingRule | { default: RoundingRule; tables?: Record<string, RoundingRule> };
  note?: string;
  source?: string;
  sheet?: boolean;
  columns: { id: string; label: string; version?: string; change?: string[] }[];
  /** The version whose figures the print presents (default: the book's default version). */
  version?: string;
  /** `adopted`: the 議決 document, a difference fails; `published` (default): a difference warns. */
  authority?: PrintAuthority;
}

export const MANIFEST_FILE = "book.json";
/** The mapping of an accounting system's codes a book keeps beside book.json (import of actuals). */
export const MAPPING_FILE = "mapping.csv";

/** What every book's tables call the total column; a book adds its own (法人計, 機構計). */
export const TOTAL_LABELS = ["合計", "計", "総計"] as const;

/**
 * The prints a manifest declares, with the earlier keys read as prints of their own:
 * `files.published` (one amount column in the book's unit) and `files.summary` with `summary`
 * (the 概要: current, previous version and 増減 in the summary's unit).
 */
export function printDecls(manifest: Manifest): PrintDecl[] {
  // A print that declares no columns has one: `amount`, the figure as printed.
  const decls = (manifest.prints ?? []).map(
    (p): PrintDecl => ({ ...p, columns: p.columns ?? [{ id: "amount", label: "金額" }] }),
  );
  const rounding = manifest.rounding ?? "half-up";
  const published = manifest.files.published;
  if (typeof published === "string") {
    decls.push({
      id: "published",
      title: "published",
      file: published,
      unit: manifest.unit,
      rounding,
      columns: [{ id: "amount", label: "金額" }],
    });
  }
  const summaryFile = manifest.files.summary;
  if (typeof summaryFile === "string" && manifest.summary) {
    decls.push({
      id: "summary",
      title: "概要",
      file: summaryFile,
      unit: manifest.summary.unit,
      rounding,
      ...(manifest.roundingNote !== undefined ? { note: manifest.roundingNote } : {}),
      sheet: true,
      columns: [
        { id: "current", label: manifest.summary.current },
        { id: "previous", label: manifest.summary.previous, version: manifest.summary.previous },
        { id: "change", label: "増減", change: ["previous", "current"] },
      ],
    });
  }
  return decls;
}

/**
 * The continuity pairs a manifest declares (the earlier `summary.continuity` included), a pair
 * naming a previous version read as that version's print and column.
 */
export function continuityDecls(manifest: Manifest): ContinuityPair[] {
  const printedOf = (version: string | undefined) =>
    (manifest.versions ?? []).find((v) => v.id === version || v.name === version);
  return [
    ...(manifest.continuity ?? []).map((p) => {
      const v = printedOf(p.version);
      return {
        opening: p.opening,
        previousClosing: p.previousClosing,
        print: p.print ?? v?.print ?? "",
        column: p.column ?? v?.column ?? "",
        // A previous year's book: its figures, not a print's.
        ...(v?.book !== undefined ? { version: v.id } : {}),
      };
    }),
    ...(manifest.summary?.continuity ?? []).map((p) => ({
      ...p,
      print: "summary",
      column: "previous",
    })),
  ];
}

/** The manifest, parsed and validated, with its text; null with the issues recorded. */
export function readManifest(files: BookFiles): { manifest: Manifest; text: string } | null {
  const shown = files.shown(MANIFEST_FILE);
  const text = files.text(MANIFEST_FILE);
  if (text === null) return null;
  const deep = jsonTooDeep(text);
  if (deep !== null) {
    files.issues.push(
      inputError(
        "json.too-deep",
        cell(shown, text.slice(0, deep).split("\n").length),
        say(
          `book.json はここで [ ] と { } が ${MAX_JSON_DEPTH} 段より深く入れ子になっています（${(deep + 1).toLocaleString("en-US")} 文字目）。帳簿の book.json に必要なのは ${MAX_JSON_DEPTH} 段までです。`,
          `book.json nests more than ${MAX_JSON_DEPTH} levels of [ ] and { } here (character ${(deep + 1).toLocaleString("en-US")}); a book's manifest needs at most ${MAX_JSON_DEPTH}`,
        ),
      ),
    );
    return null;
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    const words = (error as Error).message;
    const m = /position (\d+)/.exec(words);
    const line = m ? text.slice(0, Number(m[1])).split("\n").length : 1;
    files.issues.push(
      inputError(
        "json.malformed",
        cell(shown, line),
        say(`book.json を JSON として読めません。${jsonProblem(words)}。`, words),
      ),
    );
    return null;
  }
  const issues = [
    ...validateJson("book", shown, text, data),
    ...manifestFieldsTooLong(shown, text, data),
  ];
  if (issues.length === 0) issues.push(...unreadFiles(shown, text, data as Manifest));
  files.add(issues);
  return issues.length > 0 ? null : { manifest: data as Manifest, text };
}

/**
 * A file book.json names under a key that is read only with another key is never read: say
 * so rather than accept it silently (the schema refuses keys it does not know).
 */
function unreadFiles(shown: string, text: string, manifest: Manifest): InputIssue[] {
  if (manifest.files.summary === undefined || manifest.summary !== undefined) return [];
  return [
    inputError(
      "schema.invalid",
      cell(shown, jsonLines(text).get("/files/summary") ?? 1, "/files/summary"),
      say(
        `files.summary の「${manifest.files.summary}」は、最上位に "summary"（概要の単位と列）があるときだけ読みます。このままではこのファイルは読まれません。"prints" に定めるか、この項目を削除してください。`,
        `files.summary 「${manifest.files.summary}」 is read only with a top-level "summary" (the 概要's unit and columns), so this file would never be read: declare it under "prints", or remove the key`,
      ),
    ),
  ];
}

/**
 * The book's consumption-tax rules (book.json `tax`): a rate between 0% and 100% (else
 * tax.rate) and a 課税区分 of the four (else tax.class). Undefined without a `tax` object (or
 * with the issue recorded). Rounding defaults to 切り捨て of the tax (truncate, rounds: tax).
 */
export function taxRulesOf(manifest: Manifest, files: BookFiles): TaxRules | undefined {
  const tax = manifest.tax;
  if (tax === undefined) return undefined;
  const source = files.manifestCell("/tax", "tax");
  const rate = rateOf(tax.rate);
  if (rate === undefined || !rateInRange(rate)) {
    files.issues.push(
      inputError(
        "tax.rate",
        files.manifestCell("/tax/rate", "tax.rate"),
        say(
          `book.json の tax.rate「${tax.rate}」は 0% より大きく 100% より小さい百分率ではありません（例：10%）。`,
          `book.json's tax.rate 「${tax.rate}」 is not a percentage above 0% and below 100% (e.g. 10%)`,
        ),
      ),
    );
    return undefined;
  }
  const taxClass = tax.class === undefined ? undefined : taxClassOf(tax.class);
  if (tax.class !== undefined && taxClass === undefined) {
    const classes = taxClassList();
    files.issues.push(
      inputError(
        "tax.class",
        files.manifestCell("/tax/class", "tax.class"),
        say(
          `book.json の tax.class「${tax.class}」は課税区分ではありません。${classes.ja}のいずれかを書いてください。`,
          `book.json's tax.class 「${tax.class}」 is not a 課税区分: write one of ${classes.en}`,
        ),
      ),
    );
    return undefined;
  }
  const specified =
    tax.specified === undefined
      ? undefined
      : specifiedRuleOf(tax.specified, (manifest.segments ?? []).length > 0, files);
  if (specified === null) return undefined;
  return {
    rate,
    class: taxClass ?? null,
    basis: "inclusive",
    rounding: tax.rounding ?? "truncate",
    rounds: tax.rounds ?? "tax",
    ...(specified ? { specified } : {}),
    source,
  };
}

/**
 * The 特定収入 rule (book.json `tax.specified`): its receipts formula (else layout.formula) and
 * its threshold, a percentage from 0% to below 100% (else tax.rate), in a book without
 * segments (else tax.rules); null with the issue recorded. The formula's references are checked against the layout with the rest of the book.
 */
function specifiedRuleOf(
  written: { receipts: string; threshold: string },
  segmented: boolean,
  files: BookFiles,
): SpecifiedRule | null {
  if (segmented) {
    // The 特定収入割合 is the whole body's: a segment's share of the 控除対象外消費税 would be an
    // allocation the book has not declared, so the rule is refused rather than guessed.
    files.issues.push(
      inputError(
        "tax.rules",
        files.manifestCell("/tax/specified", "tax.specified"),
        say(
          "book.json の tax.specified（特定収入の計算）は、区分（segments）のない帳簿でだけ使えます。特定収入割合は事業者全体で一つで、区分ごとの配分の方法を yosan はまだ定められません。",
          "book.json's tax.specified (the 特定収入 rule) works only in a book without segments: the 特定収入割合 is the whole body's, and yosan cannot yet state how a segment's share would be allocated",
        ),
      ),
    );
    return null;
  }
  const parsed = parseFormula(written.receipts);
  if (!parsed.ok) {
    files.issues.push(
      inputError(
        "layout.formula",
        files.manifestCell("/tax/specified/receipts", "tax.specified.receipts"),
        say(
          `book.json の tax.specified.receipts「${written.receipts}」は数式として読めません。${parsed.reason.ja}`,
          `book.json's tax.specified.receipts 「${written.receipts}」: ${parsed.reason.en}`,
        ),
      ),
    );
    return null;
  }
  const threshold = rateOf(written.threshold);
  if (threshold === undefined || !threshold.lessThan(100)) {
    files.issues.push(
      inputError(
        "tax.rate",
        files.manifestCell("/tax/specified/threshold", "tax.specified.threshold"),
        say(
          `book.json の tax.specified.threshold「${written.threshold}」は 0% 以上 100% 未満の百分率ではありません（特定収入割合の基準：5%）。`,
          `book.json's tax.specified.threshold 「${written.threshold}」 is not a percentage from 0% to below 100% (the 特定収入割合 threshold: 5%)`,
        ),
      ),
    );
    return null;
  }
  return {
    receipts: parsed.formula,
    threshold,
    source: files.manifestCell("/tax/specified/receipts", "tax.specified.receipts"),
  };
}

/** The segments, each id, name and alias unique among them (none for a book of one entity). */
export function segmentsOf(manifest: Manifest, files: BookFiles): Segment[] {
  const at = files.manifestCell("/segments", "segments");
  const term = manifest.segmentTerm ?? "区分";
  const seen = new Set<string>();
  return (manifest.segments ?? []).map((s) => {
    const seg: Segment = { id: s.id, name: s.name, aliases: s.aliases ?? [] };
    for (const key of segmentKeys(seg)) {
      if (seen.has(key))
        files.issues.push(
          inputError(
            "segment.duplicate",
            at,
            say(
              `${term}「${key}」が 2 回定められています。`,
              `segment 「${key}」 is declared twice`,
            ),
          ),
        );
      seen.add(key);
    }
    return seg;
  });
}

/** Ids yosan names its own outputs by (checks.csv, statements.json): no statement may take them. */
const RESERVED_STATEMENT_IDS = new Set(["checks", "statements"]);

/** The statements, with unique ids that do not clash with yosan's own output names. */
export function statementsOf(manifest: Manifest, files: BookFiles): StatementDef[] {
  const at = files.manifestCell("/statements", "statements");
  const statements: StatementDef[] = manifest.statements.map((s) => ({
    id: s.id,
    title: s.title,
    period: s.period ?? "",
    role: s.role,
    key: s.key ?? [],
  }));
  // Statement ids name output files (<id>.csv beside checks.csv and statements.json).
  for (const s of statements) {
    if (RESERVED_STATEMENT_IDS.has(s.id)) {
      files.issues.push(
        inputError(
          "schema.invalid",
          at,
          say(
            `財務諸表の id「${s.id}」は予約されています（yosan が ${s.id}.csv/json を書き出します）。別の id にしてください。`,
            `statement id 「${s.id}」 is reserved (yosan writes ${s.id}.csv/json); choose another id`,
          ),
        ),
      );
    }
  }
  if (new Set(statements.map((s) => s.id)).size !== statements.length) {
    files.issues.push(
      inputError(
        "schema.invalid",
        at,
        say("2 つの財務諸表が同じ id です。", "two statements have the same id"),
      ),
    );
  }
  return statements;
}

/** A book file's name as a key: slashes forward, `./` and repeated separators folded. */
export function fileKey(file: string): string {
  return posix.normalize(file.replaceAll("\\", "/")).replace(/^\.\//, "");
}

/**
 * Who reads each file a manifest names, keyed by fileKey: `files.budget` (and the budget
 * versions that read it), `versions.<id>`, `versions.<id>.notes`, `prints.<id>`,
 * `schedules.<id>`, `files.layout`, book.json and mapping.csv — so a writer can refuse a file
 * that something else reads.
 */
export function fileReaders(manifest: Manifest): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  const add = (file: string | undefined, reader: string) => {
    if (file === undefined) return;
    const key = fileKey(file);
    const set = sets.get(key) ?? new Set();
    set.add(reader);
    sets.set(key, set);
  };
  for (const [key, value] of Object.entries(manifest.files))
    for (const f of typeof value === "string" ? [value] : value) add(f, `files.${key}`);
  for (const v of manifest.versions ?? []) {
    const own =
      v.files ??
      (v.kind === "budget" || v.kind === "forecast" || v.kind === "actual"
        ? budgetFilesOf(manifest)
        : []);
    for (const f of own) add(f, `versions.${v.id}`);
    add(v.notes, `versions.${v.id}.notes`);
  }
  for (const p of printDecls(manifest)) add(p.file, `prints.${p.id}`);
  for (const s of manifest.schedules ?? []) add(s.file, `schedules.${s.id}`);
  add(MANIFEST_FILE, "book.json");
  add(MAPPING_FILE, MAPPING_FILE);
  return new Map([...sets].map(([file, set]) => [file, [...set]]));
}

/** The budget files a manifest lists (one name or several). */
export function budgetFilesOf(manifest: {
  readonly files: { readonly budget: string | string[] };
}): string[] {
  const b = manifest.files.budget;
  return typeof b === "string" ? [b] : b;
}

/** What JSON.parse's (English) message says is wrong, said in Japanese. */
const JSON_PROBLEMS: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/Unexpected end of JSON input/, () => "途中で終わっています（括弧か引用符が閉じていません）"],
  [/property name/, () => '項目名（"…"）が必要な位置に別の文字があります'],
  [/Expected ',' or '}'/, () => "「,」か「}」が必要な位置に別の文字があります"],
  [/Expected ',' or ']'/, () => "「,」か「]」が必要な位置に別の文字があります"],
  [/after JSON/, () => "JSON の終わりの後に余分な文字があります"],
  [/control character/, () => "文字列の中に改行やタブがそのまま入っています"],
  [/escape/i, () => "文字列の中の「\\」の使い方が正しくありません"],
  [/Unexpected token '(.+?)'/, (m) => `予期しない文字「${m[1]}」があります`],
];

function jsonProblem(message: string): string {
  for (const [pattern, say] of JSON_PROBLEMS) {
    const m = pattern.exec(message);
    if (m) return say(m);
  }
  return "構文が正しくありません";
}
