/**
 * The tie-out against every print of the book, one code path for all of them (a statement
 * printed in the book's unit, a 概要 in 百万円, another body's summary by 勘定):
 *
 * - `published.figure`: a printed figure passes when the model's exact figure presents as it
 *   under the print's unit and rule (within the range the book's rounded leaves allow);
 * - `published.sign`: a printed figure equal to the presentation of minus the model's is a
 *   lost sign, reported with the fix;
 * - `published.change`: a printed 増減 must be a possible rounding of (exact figure − a
 *   previous figure that rounds to the printed one);
 * - `published.sums`: a printed sum — a subtotal, a 合計/法人計 column, a row that is the sum of
 *   other rows, both sides of a declared tie — must lie within the range its independently
 *   rounded parts allow (n parts 四捨五入: n/2 units; 切り捨て and 切り上げ one-sided);
 * - `published.unit`: a print whose figures are the model's times a power of ten is one
 *   finding naming the units, not a mismatch per figure.
 *
 * A row naming a quantity line (戸, ㎥ …: 第2条 業務の予定量) is compared exactly in the line's
 * unit, never under the print's unit and rule (print-quantities.ts).
 *
 * Every finding says the rule and the range it used. The print is the document's, the model
 * is the ledger's: a disagreement is a warning unless `strict` — or unless the print is the
 * adopted 議案 (`authority: adopted`), the authority the ledger must agree with: then every
 * finding that is not a pass fails and says so.
 */

import { type CheckStatus, comparedAmounts, type Finding } from "../model/findings.ts";
import type { Model } from "../model/model.ts";
import {
  around,
  combine,
  Decimal,
  type Interval,
  Money,
  point,
  preimage,
  presentable,
  ROUNDING_LABELS,
  roundWhole,
  UNITS,
  type Unit,
  wholeFigure,
} from "../model/money.ts";
import { type Print, type PrintedCell, type PrintRow, ruleOf } from "../model/print.ts";
import { synthetic } from "../model/provenance.ts";
import { type Amount, moneyOf, Quantity } from "../model/quantity.ts";
import { asWritten, say, type Text } from "../model/text.ts";
import type { Check } from "./check.ts";
import { adoptedNote, printReference, rowPlace } from "./print-place.ts";
import { quantityChange, quantityFigure } from "./print-quantities.ts";
import { allowedPrinted, printSums } from "./print-sums.ts";
import { Tolerances } from "./ranges.ts";
import { figureSources } from "./sources.ts";

export const printChecks: Check = (model, options) => {
  const tolerances = new Tolerances(model);
  // A print presents one version: it is tied out against that version's figures only.
  const own = model.book.prints.filter((p) => p.version === model.book.version);
  return own.flatMap((print) =>
    underAuthority(print, printFindings(model, print, tolerances, options.strict)),
  );
};

/**
 * The findings against the adopted 議案 as the authority: each that is not a pass fails and
 * says that the print is the adopted document; a published print's findings as they are.
 */
function underAuthority(print: Print, findings: Finding[]): Finding[] {
  if (print.authority !== "adopted") return findings;
  return findings.map((f) => {
    if (f.status === "pass") return f;
    const note = adoptedNote(print, f.check);
    return { ...f, status: "fail", message: say(f.message.ja + note.ja, f.message.en + note.en) };
  });
}

/**
 * What the model says a row prints: the exact figure in the print's unit, and the range its
 * rounded leaves allow; for a row naming a quantity (戸, ㎥ …), the quantity itself, exact and
 * in its own unit, which the print's money unit never scales.
 */
interface Exact {
  readonly value: Decimal;
  readonly range: Interval;
  /** The range is `value` alone (closed): the leaves behind it are exact. */
  readonly exactly: boolean;
  readonly quantity?: Quantity;
}

/**
 * The exact figure of each row of `print` under `model`, computed once per row: the model's
 * figure (a deduction printed as a magnitude taken absolute) in the print's unit, with the
 * range the book's rounded leaves allow.
 */
export function exactFigures(
  model: Model,
  print: Print,
  tolerances: Tolerances = new Tolerances(model),
): (row: PrintRow) => Exact {
  const lineById = new Map(model.book.lines.map((l) => [l.id, l]));
  const factor = new Decimal(1).dividedBy(Money.of("1", print.unit).convert(model.book.unit).value);
  // A print in the book's own unit takes the figures as they are.
  const scaled = !factor.equals(1);
  const exacts = new Map<PrintRow, Exact>();
  return (row) => {
    const known = exacts.get(row);
    if (known) return known;
    // A row printing one line (its formula is that line) reads the line's figure, made once.
    const amount = (
      row.line !== null
        ? model.figure(row.line, row.segment)
        : model.evaluate(row.formula, row.segment)
    ).amount;
    let value = amount.value;
    // A deduction printed without its sign: the print shows the magnitude.
    if (row.line !== null && lineById.get(row.line)?.printed === "magnitude") value = value.abs();
    if (amount instanceof Quantity) {
      const quantity = Quantity.of(value, amount.unit);
      const exact = { value, range: point(value), exactly: true, quantity };
      exacts.set(row, exact);
      return exact;
    }
    let margin = tolerances.of(row.formula, row.segment);
    if (scaled) {
      value = value.times(factor);
      margin = margin.times(factor);
    }
    const exactly = margin.isZero();
    const exact = { value, range: exactly ? point(value) : around(value, margin), exactly };
    exacts.set(row, exact);
    return exact;
  };
}

function printFindings(
  model: Model,
  print: Print,
  tolerances: Tolerances,
  strict: boolean,
): Finding[] {
  const warn: CheckStatus = strict ? "fail" : "warn";
  const exactOf = exactFigures(model, print, tolerances);
  const mixup = unitMixup(
    model,
    print,
    sumVotes(print.rows.map((r) => rowUnitVotes(print, r, exactOf(r)))),
  );
  const findings: Finding[] = [];
  const lostSigns = new Set<PrintedCell>();
  for (const row of print.rows) {
    const exact = exactOf(row);
    // A quantity is tied out exactly in its unit, whatever the print's money unit turns out to be.
    if (exact.quantity) {
      findings.push(...quantityFindings(model, print, row, exact.quantity, warn));
      continue;
    }
    if (mixup) continue;
    for (const column of print.columns) {
      const cell = row.cells.get(column.id);
      if (!cell?.amount) continue;
      if (column.kind === "figure") {
        const f = figureFinding(model, print, row, column.id, cell, exact, warn);
        if (f.check === "published.sign") lostSigns.add(cell);
        findings.push(f);
      } else if (column.kind === "change") {
        const f = changeFinding(
          model,
          print,
          row,
          column.from,
          column.id,
          moneyOf(cell.amount),
          cell.text,
          exact,
          warn,
        );
        if (f) findings.push(f);
      }
    }
  }
  return [...(mixup ? [mixup] : []), ...findings, ...printSums(model, print, lostSigns, strict)];
}

/** The findings of a row naming a quantity: each printed figure and change, exactly. */
function quantityFindings(
  model: Model,
  print: Print,
  row: PrintRow,
  exact: Quantity,
  warn: CheckStatus,
): Finding[] {
  return print.columns.flatMap((column) => {
    const cell = row.cells.get(column.id);
    if (!cell?.amount) return [];
    const f =
      column.kind === "figure"
        ? quantityFigure(model, print, row, column.id, cell, exact, warn)
        : column.kind === "change"
          ? quantityChange(model, print, row, column.from, column.id, exact, warn)
          : undefined;
    return f ? [f] : [];
  });
}

/** published.figure or published.sign for one printed figure. */
function figureFinding(
  model: Model,
  print: Print,
  row: PrintRow,
  column: string,
  cell: PrintedCell,
  exact: Exact,
  warn: CheckStatus,
): Finding {
  const printed = moneyOf(cell.amount as Amount);
  const text = cell.text;
  const rule = ruleOf(print, row.table);
  const unit = print.unit;
  const presented = Money.of(roundWhole(exact.value, rule), unit);
  const where = rowPlace(model, print, row, column);
  const ref = printReference(row.reference);
  const exactly = exact.exactly;
  const sameUnit = unit === model.book.unit && exactly;
  const ok = presentable(printed.value, exact.range, rule);
  const lostSign =
    !ok && !printed.isZero() && presentable(printed.value.negated(), exact.range, rule);
  // The model's figure as presented: said in a pass only when the units differ.
  const shown = ok && sameUnit ? "" : presented.format();
  const how = sameUnit ? say("", "") : presentation(exact, unit, ROUNDING_LABELS[rule], shown);
  // One exact value (a closed point) allows its own presentation alone, as allowedRange says.
  const allowed = exactly
    ? { min: presented, max: presented }
    : allowedPrinted(exact.range, rule, unit);
  return {
    check: lostSign ? "published.sign" : "published.figure",
    status: ok ? "pass" : warn,
    ...(row.statement !== null ? { statement: row.statement } : {}),
    line: row.line ?? row.label,
    ...(row.segment === null ? {} : { segment: row.segment }),
    compared: comparedAmounts(presented, printed, allowed),
    sources: [
      cell.source,
      ...(row.line !== null ? figureSources(model.figure(row.line, row.segment)) : []),
    ],
    message: ok
      ? say(
          `${where.ja}：印刷された数値 ${text} はモデルの数値${how.ja}と一致しています${ref.ja}。`,
          `${where.en}: printed ${text}${how.en}${ref.en}`,
        )
      : lostSign
        ? lostSignMessage(print, where, text, shown, ref)
        : mismatchMessage(where, text, shown, how, printed.minus(presented).format(), ref),
  };
}

/** published.figure's words for a printed figure that is not the model's, with the difference. */
function mismatchMessage(
  where: Text,
  text: string,
  shown: string,
  how: Text,
  difference: string,
  ref: Text,
): Text {
  return say(
    `${where.ja}：印刷された数値 ${text} は、モデルの数値 ${shown}${how.ja || " "}と一致しません（差額 ${difference}）${ref.ja}。`,
    `${where.en}: printed ${text} but the model gives ${shown}${how.en}, difference ${difference}${ref.en}`,
  );
}

/**
 * published.sign's words: a printed figure that is the model's but for its sign. The adopted
 * 議案 is not reprinted, so its sign is the one to keep; any other print lost the sign.
 */
function lostSignMessage(print: Print, where: Text, text: string, shown: string, ref: Text): Text {
  return print.authority === "adopted"
    ? say(
        `${where.ja}：印刷された数値 ${text} と、モデルの数値 ${shown} とで符号が逆です${ref.ja}。`,
        `${where.en}: printed ${text} but the figure is ${shown}: the signs differ${ref.en}`,
      )
    : say(
        `${where.ja}：印刷された数値 ${text} は、モデルの数値 ${shown} の符号が欠落しています${ref.ja}。${shown} と印刷してください。`,
        `${where.en}: printed ${text} but the figure is ${shown}: the sign was lost; print ${shown}${ref.en}`,
      );
}

/**
 * How the model's exact figure presents in a print of another unit or from rounded leaves:
 * `（1,234.5678 百万円 ± 0.0005 を四捨五入すると 1,235）` / ` (… presents as 1,235, 四捨五入)`.
 */
function presentation(exact: Exact, unit: Unit, rounding: string, shown: string): Text {
  const exactText = `${Money.of(exact.value, unit).format()} ${unit}${exact.exactly ? "" : ` ± ${Money.of(exact.range.hi.minus(exact.value), unit).format()}`}`;
  return say(
    `（${exactText} を${rounding}すると ${shown}）`,
    ` (${exactText} presents as ${shown}, ${rounding})`,
  );
}

/** published.change: a printed 増減 against (exact figure − the range of the printed previous one). */
function changeFinding(
  model: Model,
  print: Print,
  row: PrintRow,
  fromColumn: string,
  column: string,
  printed: Money,
  text: string,
  exact: Exact,
  warn: CheckStatus,
): Finding | undefined {
  const from = row.cells.get(fromColumn);
  const fromKind = print.columns.find((c) => c.id === fromColumn);
  if (!from?.amount || fromKind?.kind !== "other") return undefined;
  const rule = ruleOf(print, row.table);
  const unit = print.unit;
  const previous = preimage(from.amount.value, rule);
  const change = combine(exact.range, previous, -1);
  const ok = presentable(printed.value, change, rule);
  const naive = roundWhole(exact.value, rule).minus(from.amount.value);
  const allowed = allowedPrinted(change, rule, unit);
  const range = `${allowed.min.format()} … ${allowed.max.format()}`;
  const where = rowPlace(model, print, row, column);
  const rounding = ROUNDING_LABELS[rule];
  const exactText = Money.of(exact.value, unit).format();
  const fromText = from.amount.format();
  const previousRange = `[${previous.lo.toFixed()}, ${previous.hi.toFixed()}]`;
  const rounded = naive.equals(printed.value) ? undefined : Money.of(naive, unit).format();
  return {
    check: "published.change",
    status: ok ? "pass" : warn,
    ...(row.statement ? { statement: row.statement } : {}),
    line: row.line ?? row.label,
    ...(row.segment === null ? {} : { segment: row.segment }),
    compared: comparedAmounts(
      Money.of(roundWhole(exact.value.minus(from.amount.value), rule), unit),
      printed,
      allowed,
    ),
    message: say(
      `${where.ja}：${exactText} − ${fromKind.label} ${fromText}（端数処理前の数値は ${previousRange} の範囲）から、増減は ${range}（${rounding}）となり得ます。印刷された数値は ${text} です${
        rounded === undefined ? "" : `（端数処理後の数値どうしの差では ${rounded} となります）`
      }。`,
      `${where.en}: ${exactText} − ${fromKind.label} ${fromText} (exact in ${previousRange}) allows ${range} (${rounding}); printed ${text}${
        rounded === undefined ? "" : ` (the difference of the rounded figures would be ${rounded})`
      }`,
    ),
    sources: [row.cells.get(column)?.source ?? row.source, from.source],
  };
}

/**
 * What one printed row says about the print's unit, for published.unit: how many of its figures
 * can be compared (the model's |figure| at least 10, the printed one not zero) and, for each
 * power of ten other than 0 by which a printed figure is the model's (within 1%), how many.
 */
export interface UnitVotes {
  readonly compared: number;
  readonly powers: ReadonlyMap<number, number>;
}

export function rowUnitVotes(print: Print, row: PrintRow, exact: Exact): UnitVotes {
  let compared = 0;
  const powers = new Map<number, number>();
  // A quantity is not in the print's unit: it says nothing about it.
  if (exact.quantity) return { compared, powers };
  const whole = wholeFigure(exact.value);
  if (whole !== undefined ? Math.abs(whole) < 10 : exact.value.abs().lessThan(10))
    return { compared, powers };
  // The power of ten between a printed figure and the model's, to the nearest: a guess (a float
  // is fine for an exponent), confirmed exactly below; most figures are in the print's unit.
  const exactLog = Math.log10(magnitude(exact.value));
  for (const c of print.columns) {
    if (c.kind !== "figure") continue;
    const printed = row.cells.get(c.id)?.amount;
    if (!printed || printed.isZero()) continue;
    compared++;
    const power = Math.round(Math.log10(magnitude(printed.value)) - exactLog);
    if (power === 0 || !Number.isFinite(power) || Math.abs(power) > 12) continue;
    const scaled = exact.value.abs().times(new Decimal(10).pow(power));
    if (printed.value.abs().minus(scaled).abs().lessThanOrEqualTo(scaled.times("0.01").plus(1)))
      powers.set(power, (powers.get(power) ?? 0) + 1);
  }
  return { compared, powers };
}

/** |value| as a float, for an exponent: a whole figure exactly and without a string made. */
function magnitude(value: Decimal): number {
  return Math.abs(wholeFigure(value) ?? value.toNumber());
}

/** The votes of several rows together. */
export function sumVotes(votes: Iterable<UnitVotes>): UnitVotes {
  let compared = 0;
  const powers = new Map<number, number>();
  for (const v of votes) {
    compared += v.compared;
    for (const [p, n] of v.powers) powers.set(p, (powers.get(p) ?? 0) + n);
  }
  return { compared, powers };
}

/** The power of ten most of a print's compared figures are scaled by, or undefined: the unit rule. */
export function scaledPower(votes: UnitVotes): { power: number; count: number } | undefined {
  const [power, count] = [...votes.powers].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
  if (votes.compared < 3 || count < votes.compared * 0.8) return undefined;
  return { power, count };
}

/**
 * published.unit: most of a print's figures equal the model's times one power of ten (1,000
 * for a 千円 print declared as 百万円): one finding naming both units, instead of a mismatch
 * per figure.
 */
function unitMixup(model: Model, print: Print, votes: UnitVotes): Finding | undefined {
  const scaled = scaledPower(votes);
  if (!scaled) return undefined;
  const { power, count } = scaled;
  const compared = votes.compared;
  const factor = new Decimal(10).pow(power);
  const actual = Money.of("1", print.unit).convert(model.book.unit).value.dividedBy(factor);
  const named = UNITS.find((u) => Money.of("1", u).convert(model.book.unit).value.equals(actual));
  const times = factor.toFixed();
  return {
    check: "published.unit",
    status: "fail",
    line: print.title,
    message: say(
      `${print.title}（${print.file}）：数値 ${compared} 件のうち ${count} 件がモデルの数値の ${times} 倍です。公表資料の単位は ${print.unit} と宣言されています${named ? `が、${named} で作成されているようです` : ""}。book.json で公表資料の単位を確認してください。`,
      `${print.title} (${print.file}): ${count} of its ${compared} figures are the model's times ${times}: the print is declared in ${print.unit}${named ? ` but looks like it is in ${named}` : ""}; check the print's unit in book.json`,
    ),
    sources: [print.rows[0]?.source ?? synthetic(asWritten(print.file))],
  };
}
