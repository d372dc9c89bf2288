/**
 * A print rendered as a sheet of its own (book.json `"sheet": true`, e.g. the 概要): each row
 * a line or formula of the model, its figure columns live formulas that round the statements'
 * cells into the print's unit by its rule (ROUND, ROUNDDOWN, ROUNDUP), another version's
 * figures as printed, and each change both computed (a formula) and as printed.
 */
import type ExcelJS from "exceljs";
import { segmentLabel, unitNote } from "../../model/glossary.ts";
import { ROUNDING_LABELS, type RoundingRule, roundWhole, unitFactor } from "../../model/money.ts";
import {
  ADOPTED_WORDS,
  type Print,
  type PrintColumn,
  type PrintRow,
  ruleOf,
} from "../../model/print.ts";
import { Quantity } from "../../model/quantity.ts";
import { inLang, type Lang } from "../../model/text.ts";
import {
  a1,
  amountCell,
  cellNumber,
  formulaCell,
  headerCell,
  INPUT_FILL,
  labelWidth,
  lineFormat,
  setupSheet,
  text,
  titleRows,
} from "./cells.ts";
import type { Col, Plan } from "./plan.ts";
import { TOTAL } from "./plan.ts";

const FUNCTION: Record<RoundingRule, string> = {
  "half-up": "ROUND",
  truncate: "ROUNDDOWN",
  ceiling: "ROUNDUP",
};

/** A column of the sheet: a print column's figure, or a change as computed or as printed. */
type SheetColumn =
  | { readonly kind: "value"; readonly column: PrintColumn; readonly header: string }
  | { readonly kind: "printed-change"; readonly column: PrintColumn; readonly header: string };

export function writePrintSheet(wb: ExcelJS.Workbook, plan: Plan, print: Print, lang: Lang): void {
  const book = plan.model.book;
  const name = plan.prints.get(print.id);
  if (name === undefined) return;
  const ws = wb.addWorksheet(name);
  const bySegment = print.rows.some((r) => r.segment !== null);
  const first = bySegment ? 4 : 3;
  const columns: SheetColumn[] = print.columns.flatMap((c): SheetColumn[] =>
    c.kind === "change"
      ? [
          { kind: "value", column: c, header: c.label },
          { kind: "printed-change", column: c, header: `${c.label}（公表値）` },
        ]
      : [{ kind: "value", column: c, header: c.label }],
  );
  const last = first + columns.length - 1;
  setupSheet(ws, book, name, { xSplit: first - 1, ySplit: 3 });
  // The adopted 議案 carries its tag beside its title.
  const tag = print.authority === "adopted" ? ` [${inLang(ADOPTED_WORDS.tag, lang)}]` : "";
  titleRows(ws, `${book.title} ${name}${tag}`, "", "", last);
  const unitCell = ws.getCell(2, last);
  unitCell.value = text(unitNote(print.unit));
  unitCell.alignment = { horizontal: "right" };
  const headers = [
    "表",
    "区分",
    ...(bySegment ? [book.segmentTerm] : []),
    ...columns.map((c) => c.header),
  ];
  headers.forEach((h, i) => {
    headerCell(ws, 3, i + 1, h);
  });
  const colOf = new Map(columns.filter((c) => c.kind === "value").map((c, i) => [c.column.id, i]));
  let lastTable = "";
  print.rows.forEach((r, i) => {
    const row = 4 + i;
    if (r.table !== lastTable) ws.getCell(row, 1).value = text(r.table);
    lastTable = r.table;
    ws.getCell(row, 2).value = text(r.label);
    if (bySegment) ws.getCell(row, 3).value = text(segmentLabel(book.segments, r.segment));
    columns.forEach((c, j) => {
      writeCell(ws, plan, print, r, c, row, first + j, name, (id) => {
        const k = columns.findIndex((x) => x.kind === "value" && x.column.id === id);
        return k < 0 || !colOf.has(id) ? undefined : a1(first + k, row);
      });
    });
  });
  const noteRow = 4 + print.rows.length + 1;
  if (print.note !== "") ws.getCell(noteRow, 1).value = text(`(注) ${print.note}`);
  ws.getCell(noteRow + 1, 1).value = text(explanation(book.unit, print));
  ws.getColumn(1).width = labelWidth(
    print.rows.map((r) => ({ label: r.table, level: 0 })),
    14,
  );
  ws.getColumn(2).width = labelWidth(
    print.rows.map((r) => ({ label: r.label, level: 0 })),
    16,
  );
  if (bySegment)
    ws.getColumn(3).width = labelWidth(
      book.segments.map((s) => ({ label: s.name, level: 0 })),
      12,
    );
  for (let c = first; c <= last; c++) ws.getColumn(c).width = 16;
}

function writeCell(
  ws: ExcelJS.Worksheet,
  plan: Plan,
  print: Print,
  r: PrintRow,
  c: SheetColumn,
  row: number,
  col: number,
  sheet: string,
  cellOf: (column: string) => string | undefined,
): void {
  const book = plan.model.book;
  const rule = ruleOf(print, r.table);
  const fn = FUNCTION[rule];
  const factor = unitFactor(print.unit, book.unit);
  const column: Col = r.segment === null ? TOTAL : { kind: "segment", id: r.segment };
  const amount = plan.model.evaluate(r.formula, r.segment).amount;
  if (amount instanceof Quantity) {
    quantityCell(ws, plan, print, r, c, { row, col, sheet }, amount, cellOf);
    return;
  }
  const exact = amount.convert(print.unit).value;
  const scaled = `(${plan.formulaExpr(r.formula, column, sheet)})/${factor.toFixed()}`;
  const printed = r.cells.get(c.column.id)?.amount;
  if (c.kind === "printed-change") {
    if (printed) amountCell(ws, row, col, cellNumber(printed.value)).fill = INPUT_FILL;
    return;
  }
  const pc = c.column;
  if (pc.kind === "figure") {
    amountCell(
      ws,
      row,
      col,
      formulaCell(`${fn}(${scaled},0)`, cellNumber(roundWhole(exact, rule))),
    );
  } else if (pc.kind === "other") {
    if (printed) amountCell(ws, row, col, cellNumber(printed.value)).fill = INPUT_FILL;
  } else {
    // A change: the unrounded figure of a figure column, the printed one of another version.
    const side = (id: string) => {
      const kind = print.columns.find((x) => x.id === id)?.kind;
      if (kind === "figure") return { expr: scaled, value: exact };
      const v = r.cells.get(id)?.amount?.value;
      const at = cellOf(id);
      return v !== undefined && at !== undefined ? { expr: at, value: v } : undefined;
    };
    const to = side(pc.to);
    const from = side(pc.from);
    if (!to || !from) return;
    const change = roundWhole(to.value.minus(from.value), rule);
    amountCell(ws, row, col, formulaCell(`${fn}(${to.expr}-${from.expr},0)`, cellNumber(change)));
  }
}

/**
 * A cell of a row naming a quantity (戸, ㎥ …): its figure exactly, in its unit (never divided
 * into the print's unit nor rounded), a change as the plain difference, each with its unit.
 */
function quantityCell(
  ws: ExcelJS.Worksheet,
  plan: Plan,
  print: Print,
  r: PrintRow,
  c: SheetColumn,
  at: { readonly row: number; readonly col: number; readonly sheet: string },
  exact: Quantity,
  cellOf: (column: string) => string | undefined,
): void {
  const { row, col, sheet } = at;
  const column: Col = r.segment === null ? TOTAL : { kind: "segment", id: r.segment };
  const expr = `(${plan.formulaExpr(r.formula, column, sheet)})`;
  const printed = r.cells.get(c.column.id)?.amount;
  const values = [
    exact.value,
    ...[...r.cells.values()].flatMap((x) => (x.amount ? [x.amount.value] : [])),
  ];
  const format = lineFormat(exact.unit, values);
  const put = (value: ExcelJS.CellValue) => amountCell(ws, row, col, value, false, format);
  const pc = c.column;
  if (c.kind === "printed-change" || pc.kind === "other") {
    if (printed) put(cellNumber(printed.value)).fill = INPUT_FILL;
    return;
  }
  if (pc.kind === "figure") {
    put(formulaCell(expr, cellNumber(exact.value)));
    return;
  }
  const side = (id: string) => {
    if (print.columns.find((x) => x.id === id)?.kind === "figure")
      return { expr, value: exact.value };
    const v = r.cells.get(id)?.amount?.value;
    const ref = cellOf(id);
    return v !== undefined && ref !== undefined ? { expr: ref, value: v } : undefined;
  };
  const to = side(pc.to);
  const from = side(pc.from);
  if (to && from)
    put(formulaCell(`${to.expr}-${from.expr}`, cellNumber(to.value.minus(from.value))));
}

/** How the sheet's columns are made, in words. */
function explanation(bookUnit: string, print: Print): string {
  const rule = ROUNDING_LABELS[print.rounding];
  const figures = print.columns.filter((c) => c.kind === "figure").map((c) => c.label);
  const others = print.columns.filter((c) => c.kind === "other").map((c) => c.label);
  const changes = print.columns.filter((c) => c.kind === "change");
  const label = (id: string) => print.columns.find((c) => c.id === id)?.label ?? id;
  const parts = [`${figures.join("・")}は${bookUnit}の額を${print.unit}に${rule}した数式。`];
  for (const c of changes) {
    if (c.kind !== "change") continue;
    parts.push(
      `${c.label}は端数処理前の${label(c.to)}の額と${label(c.from)}の額の差を${rule}したもの。`,
    );
  }
  if (others.length > 0 && changes.length > 0)
    parts.push(
      `${others.join("・")}は${print.unit}の公表値しかないため、公表の${changes.map((c) => c.label).join("・")}と1異なることがある。`,
    );
  return parts.join("");
}
