/**
 * Test helper: reads the FY29 statements straight out of the published budget document (the
 * customer's text, tab-separated, kept in the book as ledgers/jlis-h29/source/h29-budget.txt),
 * independently of the book's CSV files, so tests can compare yosan's figures with the print.
 * Knows the print's damage (spaced labels, a label split over two rows, aliases) only as far
 * as needed to match rows to the book's layout lines.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The published document, as the book carries it. */
export const SEED_PATH = fileURLToPath(
  new URL("../../ledgers/jlis-h29/source/h29-budget.txt", import.meta.url),
);
/** How the book's citations name it (relative to the book directory). */
export const SEED_FILE = "source/h29-budget.txt";

export interface SeedRow {
  /** Label as printed. */
  readonly printed: string;
  /** Label with all white space removed. */
  readonly label: string;
  /** Printed amount texts, one per column, in document order. */
  readonly values: readonly string[];
  /** 1-based line number in the seed. */
  readonly line: number;
}

export interface SeedTable {
  readonly name: string;
  readonly statement: "balance-sheet" | "profit-and-loss" | "cash-plan";
  /** true for the 事業別 tables: seven segment columns then 合計. */
  readonly bySegment: boolean;
  readonly rows: readonly SeedRow[];
}

const squash = (s: string) => s.replace(/[\s\u3000]+/g, "");

function readTable(lines: readonly string[], headerLine: number, lastLabel: string): SeedRow[] {
  const rows: SeedRow[] = [];
  for (let i = headerLine; i < lines.length; i++) {
    const text = lines[i] ?? "";
    if (text.trim() === "") continue;
    const [printed = "", ...cells] = text.split("\t");
    const values = cells
      .map((c) => c.trim())
      .filter((c, idx, all) => c !== "" || idx < all.length - 1);
    rows.push({
      printed,
      label: squash(printed),
      values: values.filter((v) => v !== ""),
      line: i + 1,
    });
    if (squash(printed) === lastLabel) break;
  }
  return rows;
}

/** The six statement tables of seed 004: three totals, three 事業別. */
export function readSeedTables(): SeedTable[] {
  const lines = readFileSync(SEED_PATH, "utf8").split("\n");
  const find = (prefix: string, after: number) => {
    for (let i = after; i < lines.length; i++) {
      if ((lines[i] ?? "").startsWith(prefix)) return i + 1; // 1-based header line
    }
    throw new Error(`seed: no line starting ${prefix} after ${after}`);
  };
  const bsTotal = find("科 目\t金額", 0);
  const plTotal = find("科 目\t金 額", bsTotal);
  const cfTotal = find("区分\t金額", plTotal);
  const bsSeg = find("科 目\t一般事業", cfTotal);
  const plSeg = find("科 目\t一般事業", bsSeg);
  const cfSeg = find("区分\t一般事業", plSeg);
  return [
    {
      name: "予定貸借対照表",
      statement: "balance-sheet",
      bySegment: false,
      rows: readTable(lines, bsTotal, "負債純資産合計"),
    },
    {
      name: "予定損益計算書",
      statement: "profit-and-loss",
      bySegment: false,
      rows: readTable(lines, plTotal, "当期純利益"),
    },
    {
      name: "資金計画",
      statement: "cash-plan",
      bySegment: false,
      rows: readTable(lines, cfTotal, "当期末現金及び預金"),
    },
    {
      name: "事業別予定貸借対照表",
      statement: "balance-sheet",
      bySegment: true,
      rows: readTable(lines, bsSeg, "負債純資産合計"),
    },
    {
      name: "事業別予定損益計算書",
      statement: "profit-and-loss",
      bySegment: true,
      rows: readTable(lines, plSeg, "当期純利益"),
    },
    {
      name: "事業別資金計画",
      statement: "cash-plan",
      bySegment: true,
      rows: readTable(lines, cfSeg, "当期末現金及び預金"),
    },
  ];
}

export interface LayoutLineLike {
  readonly id: string;
  readonly label: string;
  readonly aliases: readonly string[];
  readonly kind: string;
}

export interface MatchedRow {
  readonly row: SeedRow;
  readonly lineId: string;
  /** The second row of a label split over two rows (its figures are printed as zeros). */
  readonly continuation?: SeedRow;
}

/**
 * Match a seed table's rows to layout lines in order (labels compared without spaces,
 * aliases allowed; a label split over two rows is joined). Headings and rows without figures
 * are skipped. Throws when a row with figures matches nothing: the test then fails loudly.
 */
export function matchRows(table: SeedTable, layout: readonly LayoutLineLike[]): MatchedRow[] {
  const names = (l: LayoutLineLike) => [l.label, ...l.aliases].map(squash);
  const out: MatchedRow[] = [];
  let cursor = 0;
  const rows = table.rows;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row === undefined || row.values.length === 0) continue;
    let label = row.label;
    let index = layout.findIndex(
      (l, k) => k >= cursor && l.kind !== "heading" && names(l).includes(label),
    );
    const next = rows[i + 1];
    let continuation: SeedRow | undefined;
    if (index < 0 && next !== undefined) {
      label = row.label + next.label;
      index = layout.findIndex(
        (l, k) => k >= cursor && l.kind !== "heading" && names(l).includes(label),
      );
      if (index >= 0) {
        continuation = next; // printed with zeros; belongs to this line
        i++;
      }
    }
    const line = layout[index];
    if (line === undefined)
      throw new Error(
        `seed ${table.name} line ${row.line}: 「${row.printed}」 matches no layout line`,
      );
    out.push({ row, lineId: line.id, ...(continuation ? { continuation } : {}) });
    cursor = index + 1;
  }
  return out;
}
