/**
 * Prints: what a document published, kept to tie the model out against it. A print has its own
 * unit (円, 千円, 百万円, 億円) and rounding rule (四捨五入, 切り捨て, 切り上げ, possibly one per
 * table: 歳入切り捨て・歳出切り上げ), its source and its columns: figures of this book, figures of
 * another version known only as printed (a 概要's 前年度 column), and changes between two
 * columns (増減). Every row names what it prints as a line or a formula of lines, for one
 * segment or the total; each cell is a printed amount or nothing (blank, －).
 */
import type { Formula } from "./formula.ts";
import type { RoundingRule, Unit } from "./money.ts";
import type { CellSource } from "./provenance.ts";
import type { Amount } from "./quantity.ts";
import { say } from "./text.ts";

/** What a column of a print holds. */
export type PrintColumn =
  | {
      /** Figures of this book (the version the print presents). */
      readonly kind: "figure";
      readonly id: string;
      readonly label: string;
    }
  | {
      /** Figures of another version (e.g. the previous year's revised budget), known only as printed. */
      readonly kind: "other";
      readonly id: string;
      readonly label: string;
      /** What the version is called (a version id or a name such as 前年度補正後). */
      readonly version: string;
    }
  | {
      /** The change from column `from` to column `to` (増減 = to − from). */
      readonly kind: "change";
      readonly id: string;
      readonly label: string;
      readonly from: string;
      readonly to: string;
    };

/**
 * One printed amount, or the cell where nothing was printed. A row naming a quantity line (戸,
 * ㎥ …) holds quantities: exact, in the line's unit, which the print's money unit never scales.
 */
export interface PrintedCell {
  /**
   * The amount as printed (money in the print's unit, a quantity in its line's; signed as
   * printed); null for 「－」 or blank.
   */
  readonly amount: Amount | null;
  readonly text: string;
  readonly source: CellSource;
}

/** One row of a print: what it prints (a line or a formula) for one segment or the total. */
export interface PrintRow {
  /** The printed table, e.g. 事業別資金計画 or 概要. */
  readonly table: string;
  readonly formula: Formula;
  /** The layout line when the row prints one line (then its `printed` convention applies). */
  readonly line: string | null;
  readonly statement: string | null;
  /** The label as printed. */
  readonly label: string;
  /** Segment id; null for the total (合計, 計, 法人計 …). */
  readonly segment: string | null;
  /** By column id; a column the row leaves blank is absent. */
  readonly cells: ReadonlyMap<string, PrintedCell>;
  /** Where in the source document, as the book cites it. */
  readonly reference: string;
  readonly source: CellSource;
}

/**
 * Whose word a print is: `adopted`, the 議案 as the 議会 adopted it (議決) — the authority, so a
 * ledger figure that differs from it is a failure; `published`, any other document (a 概要, a
 * summary), where a difference is a warning unless `--strict`.
 */
export type PrintAuthority = "adopted" | "published";

/** How the report, the workbook and the pages name the adopted print: a tag beside its title, then what it means. */
export const ADOPTED_WORDS = {
  tag: say("議決", "adopted"),
  meaning: say(
    "議決された予算（議案）です。この資料と異なる帳簿の数値は不一致になります。",
    "the adopted budget (議案); a ledger figure that differs from it fails",
  ),
} as const;

/** The adopted prints among `prints` that present `version` (those its figures are tied out against). */
export function adoptedPrints(prints: readonly Print[], version: string): Print[] {
  return prints.filter((p) => p.authority === "adopted" && p.version === version);
}

/** A print: a published set of figures with its own unit and rounding. */
export interface Print {
  readonly id: string;
  readonly title: string;
  /** `adopted` for the 議決 document (its differences fail), else `published`. */
  readonly authority: PrintAuthority;
  /** The version whose figures its figure columns present (its changes are against other columns). */
  readonly version: string;
  readonly file: string;
  readonly unit: Unit;
  /** The rule of every table but those named in `tableRounding`. */
  readonly rounding: RoundingRule;
  readonly tableRounding: ReadonlyMap<string, RoundingRule>;
  /** The print's own note on rounding, e.g. 「科目ごとに百万円未満を四捨五入…」. */
  readonly note: string;
  /** Render the print as a sheet of the workbook (a 概要), its figure columns as live formulas. */
  readonly sheet: boolean;
  readonly columns: readonly PrintColumn[];
  readonly rows: readonly PrintRow[];
}

/** The rounding rule of a table of a print. */
export function ruleOf(
  print: Pick<Print, "rounding" | "tableRounding">,
  table: string,
): RoundingRule {
  return print.tableRounding.get(table) ?? print.rounding;
}

/** An opening balance of this book that should continue a closing balance printed for the previous version. */
export interface ContinuityPair {
  /** Line whose figure is this book's opening balance, e.g. 前期末現金及び預金. */
  readonly opening: string;
  /** Line whose previous-version figure is the closing balance, e.g. 当期末現金及び預金. */
  readonly previousClosing: string;
  /** The print and column holding the previous version's figure of `previousClosing` ("" when `version` links a book). */
  readonly print: string;
  readonly column: string;
  /** The previous version, when it is another book's (its figures are exact, per segment). */
  readonly version?: string;
}
