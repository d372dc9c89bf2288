/**
 * Test helper: a workbook shaped like the printed budget document, made from the book's
 * published.csv (the figures as printed: lost signs, bare-magnitude deductions), with the
 * print's quirks — title and unit rows, segment headers with spaces inside, a label split
 * over two rows, blank columns — for the import tests.
 */
import ExcelJS from "exceljs";
import type { Book } from "../../src/model/book.ts";
import { Money } from "../../src/model/money.ts";
import { publishedFigures } from "./book.ts";

const spaced = (s: string) => [...s].join(" ");

export interface PrintedOptions {
  /** Tables (published.csv `table` names) to include; default the three 事業別 tables. */
  readonly tables?: readonly string[];
  /** Change one printed figure: table, line id, segment id, new text. */
  readonly plant?: { table: string; line: string; segment: string; text: string };
  /** Prefix each sheet with a blank column. */
  readonly blankColumn?: boolean;
}

export async function printedWorkbook(book: Book, options: PrintedOptions = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const tables = options.tables ?? [
    "事業別予定貸借対照表",
    "事業別予定損益計算書",
    "事業別資金計画",
  ];
  const pad = options.blankColumn ? [""] : [];
  for (const table of tables) {
    const figures = publishedFigures(book).filter((p) => p.table === table);
    const statement = figures[0]?.statement ?? "";
    const def = book.statements.find((s) => s.id === statement);
    const ws = wb.addWorksheet(table.slice(0, 31));
    ws.addRow([...pad, `(事業別財務情報(${def?.title ?? ""}関係))`]);
    ws.addRow([...pad, def?.period ?? ""]);
    ws.addRow([...pad, "(単位：千円)"]);
    ws.addRow([
      ...pad,
      statement === "cash-plan" ? "区 分" : "科 目",
      ...book.segments.map((s) => spaced(s.name)),
      "合 計",
    ]);
    const lines = book.lines.filter((l) => l.statement === statement);
    for (const line of lines) {
      if (line.kind === "heading") {
        ws.addRow([...pad, line.label]);
        continue;
      }
      const row = (segment: string | null) => {
        const p = figures.find((f) => f.line === line.id && f.segment === segment);
        if (
          options.plant &&
          options.plant.table === table &&
          options.plant.line === line.id &&
          options.plant.segment === segment
        ) {
          return options.plant.text;
        }
        return p?.printedText ?? "0";
      };
      const values = [...book.segments.map((s) => row(s.id)), row(null)];
      const printed = figures.find((f) => f.line === line.id)?.printedLabel ?? line.label;
      if (printed.includes(" / ")) {
        const [first = "", second = ""] = printed.split(" / ");
        ws.addRow([...pad, first, ...values]);
        ws.addRow([...pad, second, ...values.map(() => "0")]);
      } else ws.addRow([...pad, printed, ...values]);
    }
  }
  if (tables.includes("予定前受金及び累積前受金の内容及び金額") || options.tables === undefined) {
    const ws = wb.addWorksheet("前受金");
    ws.addRow(["(予定貸借対照表関係)"]);
    ws.addRow(["予定前受金及び累積前受金の内容及び金額"]);
    ws.addRow(["(単位：千円)"]);
    ws.addRow(["内 容", "予定前受金", "累積前受金"]);
    const items = book.scheduleItems.filter((i) => i.schedule === "advances");
    for (const i of items)
      ws.addRow([
        spaced(i.label),
        i.amounts.get("planned")?.format(),
        i.amounts.get("cumulative")?.format(),
      ]);
    // The printed 合計 row: the sum of the items, as the document prints it.
    const total = (column: string) =>
      Money.sum(
        book.unit,
        items.map((i) => i.amounts.get(column) ?? Money.zero(book.unit)),
      ).format();
    ws.addRow(["合 計", total("planned"), total("cumulative")]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
