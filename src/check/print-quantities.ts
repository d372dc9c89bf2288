/**
 * The tie-out of a printed quantity — a print row naming a line whose unit is not money (第2条
 * 業務の予定量: 給水戸数 10,700 戸, 年間総給水量 3,131,000 ㎥): compared exactly in the line's own
 * unit, as the document prints it. The print's money unit and rounding never apply to it, nor
 * does published.unit; the findings are those of money (`published.figure`, `published.change`),
 * each figure with its unit (「10,700 戸」).
 */
import { type CheckStatus, comparedAmounts, type Finding } from "../model/findings.ts";
import type { Model } from "../model/model.ts";
import type { Print, PrintedCell, PrintRow } from "../model/print.ts";
import { Quantity } from "../model/quantity.ts";
import { say } from "../model/text.ts";
import { printReference, rowPlace } from "./print-place.ts";
import { figureSources } from "./sources.ts";

/** The row's place and sources, as a finding of it carries them. */
function placeOf(row: PrintRow) {
  return {
    ...(row.statement !== null ? { statement: row.statement } : {}),
    line: row.line ?? row.label,
    ...(row.segment === null ? {} : { segment: row.segment }),
  };
}

/** published.figure for one printed quantity against the model's, exactly; undefined for a cell that is not one. */
export function quantityFigure(
  model: Model,
  print: Print,
  row: PrintRow,
  column: string,
  cell: PrintedCell,
  exact: Quantity,
  warn: CheckStatus,
): Finding | undefined {
  const printed = cell.amount;
  if (!(printed instanceof Quantity) || printed.unit !== exact.unit) return undefined;
  const where = rowPlace(model, print, row, column);
  const ref = printReference(row.reference);
  const ok = printed.equals(exact);
  const shown = printed.withUnit();
  const modelShown = exact.withUnit();
  const difference = printed.minus(exact).withUnit();
  return {
    check: "published.figure",
    status: ok ? "pass" : warn,
    ...placeOf(row),
    compared: comparedAmounts(exact, printed),
    message: ok
      ? say(
          `${where.ja}：印刷された数値 ${shown} はモデルの数値と一致しています${ref.ja}。`,
          `${where.en}: printed ${shown}${ref.en}`,
        )
      : say(
          `${where.ja}：印刷された数値 ${shown} は、モデルの数値 ${modelShown} と一致しません（差 ${difference}）${ref.ja}。`,
          `${where.en}: printed ${shown} but the model gives ${modelShown}, difference ${difference}${ref.en}`,
        ),
    sources: [
      cell.source,
      ...(row.line !== null ? figureSources(model.figure(row.line, row.segment)) : []),
    ],
  };
}

/**
 * published.change for a printed change of a quantity: exactly the model's figure minus the
 * printed previous one (another version's column, a quantity of the same unit).
 */
export function quantityChange(
  model: Model,
  print: Print,
  row: PrintRow,
  fromColumn: string,
  column: string,
  exact: Quantity,
  warn: CheckStatus,
): Finding | undefined {
  const from = row.cells.get(fromColumn);
  const fromKind = print.columns.find((c) => c.id === fromColumn);
  const cell = row.cells.get(column);
  const printed = cell?.amount;
  const previous = from?.amount;
  if (!cell || !from || fromKind?.kind !== "other") return undefined;
  if (!(printed instanceof Quantity) || !(previous instanceof Quantity)) return undefined;
  if (printed.unit !== exact.unit || previous.unit !== exact.unit) return undefined;
  const change = exact.minus(previous);
  const ok = printed.equals(change);
  const where = rowPlace(model, print, row, column);
  const shown = printed.withUnit();
  const sum = `${exact.withUnit()} − ${fromKind.label} ${previous.withUnit()} = ${change.withUnit()}`;
  return {
    check: "published.change",
    status: ok ? "pass" : warn,
    ...placeOf(row),
    compared: comparedAmounts(change, printed),
    message: say(
      `${where.ja}：${sum} です。印刷された数値は ${shown} です。`,
      `${where.en}: ${sum}; printed ${shown}`,
    ),
    sources: [cell.source, from.source],
  };
}
