/**
 * The tables recognition finds in grids: statements (in total form or by segment), budget
 * lines keyed by line id, schedules and the 債務負担行為 register, each row mapped to the
 * layout and each figure read from its cell, scaled to the book's unit.
 */
import type { LayoutLine } from "../model/book.ts";
import type { InputIssue } from "../model/issues.ts";
import type { Decimal, Unit } from "../model/money.ts";
import type { CellSource } from "../model/provenance.ts";
import type { Text } from "../model/text.ts";
import type { Grid } from "./grid.ts";

/** A value read from one cell, scaled to the book's unit. */
export interface CellValue {
  /** Segment id, or null for the 合計 / single amount column. */
  readonly segment: string | null;
  readonly amount: Decimal;
  /** The value as printed, in the table's unit; null where the table prints no figure (－). */
  readonly printed: Decimal | null;
  readonly text: string;
  readonly source: CellSource;
}

export interface RecognisedRow {
  readonly line: LayoutLine;
  readonly label: string;
  readonly labelSource: CellSource;
  readonly values: readonly CellValue[];
}

export interface TableBase {
  readonly grid: Grid;
  readonly title: string;
  readonly headerRow: number;
  readonly firstRow: number;
  readonly lastRow: number;
  readonly lastCol: number;
  /** Multiplier from the table's unit to the book's unit (1 when none was noted). */
  readonly scale: Decimal;
  /** The unit the table is printed in (its 千円/百万円 note, else the book's). */
  readonly unit: Unit;
  readonly notes: readonly Text[];
}

export interface StatementTable extends TableBase {
  readonly kind: "statement";
  readonly statement: string;
  /** true when the columns are segments (+ 合計); false for a single amount column. */
  readonly bySegment: boolean;
  readonly rows: readonly RecognisedRow[];
}

/** yosan's 入力 sheet or any table keyed by line id, or long-format budget lines. */
interface InputTable extends TableBase {
  readonly kind: "input";
  readonly rows: readonly RecognisedRow[];
  /**
   * true for long-format lines (account, segment, amount): they change only the pairs they
   * name. A table with a column per segment (the 入力 sheet) states every segment of its lines.
   */
  readonly partial: boolean;
}

export interface ScheduleTable extends TableBase {
  readonly kind: "schedule";
  readonly schedule: string;
  readonly items: readonly {
    readonly label: string;
    readonly segment: string | null;
    readonly segmentGiven: boolean;
    readonly labelSource: CellSource;
    readonly amounts: ReadonlyMap<string, CellValue>;
    readonly isTotal: boolean;
  }[];
}

export interface CommitmentsTable extends TableBase {
  readonly kind: "commitments";
  /** Rows as text by commitments.csv column name. */
  readonly rows: readonly {
    readonly values: Readonly<Record<string, string>>;
    readonly source: CellSource;
  }[];
}

export type RecognisedTable = StatementTable | InputTable | ScheduleTable | CommitmentsTable;

export interface Recognition {
  readonly tables: RecognisedTable[];
  readonly issues: InputIssue[];
}
