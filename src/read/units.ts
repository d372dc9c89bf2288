/**
 * The units of a book's figures, checked when it is read. A layout line's `unit` says what its
 * figures are: blank (or the book's own money unit) for money, any other short word (戸, ㎥,
 * ㎥/日, 床, 人, km, %) for a quantity in it; another money unit is refused (`layout.unit`). Then
 * nothing may combine figures of different units — a formula's terms and its line, the two
 * sides of a declared check, a 「うち」 line and the line it is part of, the terms of a print's
 * row (a row names money, tied out in the print's unit, or a quantity, tied out exactly in its
 * own), continuity pairs and the report's chart lines — each refused at its cell (`unit.mix`),
 * naming both figures and their units.
 */
import type { LayoutLine } from "../model/book.ts";
import type { Formula, Reference } from "../model/formula.ts";
import { type InputIssue, inputError } from "../model/issues.ts";
import { isUnit, type Unit } from "../model/money.ts";
import type { ContinuityPair, Print } from "../model/print.ts";
import type { CellSource } from "../model/provenance.ts";
import {
  asQuantityUnit,
  type Measure,
  MONEY,
  measureOf,
  type QuantityUnit,
} from "../model/quantity.ts";
import { say, type Text } from "../model/text.ts";

/** A layout `unit` cell: the quantity's unit (undefined for money), or why it cannot be one. */
export function layoutUnit(
  text: string,
  money: Unit,
): { readonly unit?: QuantityUnit } | { readonly problem: Text } {
  const written = text.trim();
  if (written === "" || written === money) return {};
  if (isUnit(written))
    return {
      problem: say(
        `「${written}」は金額の単位ですが、この帳簿の金額の単位は${money}です。金額の科目は unit を空欄（または${money}）にし、数量の科目にはその単位（戸、㎥ など）を書いてください。`,
        `「${written}」 is a money unit, but this book's amounts are in ${money}: leave unit blank (or ${money}) for money, and write a quantity's own unit (戸, ㎥ …) for a quantity`,
      ),
    };
  return { unit: asQuantityUnit(written) };
}

/** A figure a check or formula names, with its measure, as a message names it. */
interface Named {
  readonly name: string;
  readonly measure: Measure;
}

function unitWord(m: Measure, money: Unit): string {
  return m.kind === "money" ? money : m.unit;
}

/** A figure as a unit message names it: 「給水戸数」（戸） / 「給水戸数」 (戸). */
function shown(n: Named, money: Unit): Text {
  const unit = unitWord(n.measure, money);
  return say(`「${n.name}」（${unit}）`, `「${n.name}」 (${unit})`);
}

/** The first figure and the first after it in another unit; undefined when all agree. */
function mismatch(figures: readonly (Named | undefined)[]): readonly [Named, Named] | undefined {
  const known = figures.filter((f): f is Named => f !== undefined);
  const first = known[0];
  const other = known.find((f) => first !== undefined && !sameMeasure(first.measure, f.measure));
  return first && other ? [first, other] : undefined;
}

function sameMeasure(a: Measure, b: Measure): boolean {
  return a.kind === "money" ? b.kind === "money" : b.kind === "quantity" && a.unit === b.unit;
}

/**
 * `unit.mix` at `at` when `figures` are not all of one unit: the first figure and the first in
 * another unit, each shown with its unit, in the sentence `words` makes of them.
 */
function mixed(
  figures: readonly (Named | undefined)[],
  money: Unit,
  at: CellSource,
  words: (a: Text, b: Text) => Text,
  raw?: string,
): InputIssue | undefined {
  const pair = mismatch(figures);
  if (!pair) return undefined;
  return inputError("unit.mix", at, words(shown(pair[0], money), shown(pair[1], money)), raw);
}

/** What a reference names and its measure; undefined for a reference to nothing (reported elsewhere). */
function named(ref: Reference, lineById: ReadonlyMap<string, LayoutLine>): Named | undefined {
  if (ref.kind === "line") {
    const line = lineById.get(ref.id);
    if (!line || line.kind === "heading") return undefined;
    return { name: line.label, measure: measureOf(line) };
  }
  // Schedule columns and provisions hold money.
  const text = ref.kind === "schedule" ? `${ref.schedule}.${ref.column}` : `provision:${ref.id}`;
  return { name: text, measure: MONEY };
}

/**
 * Derived lines whose formula adds a figure of another unit than the line's own (a quantity and
 * money, or two quantities of different units): one issue per line, at its formula.
 */
export function formulaUnits(
  lines: readonly LayoutLine[],
  lineById: ReadonlyMap<string, LayoutLine>,
  money: Unit,
): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const line of lines) {
    if (line.kind === "leaf" || line.kind === "heading" || !line.formula) continue;
    const issue = mixed(
      [
        { name: line.label, measure: measureOf(line) },
        ...line.formula.terms.map((t) => named(t.ref, lineById)),
      ],
      money,
      { ...line.source, column: "formula" },
      (a, b) =>
        say(
          `${a.ja}の式が${b.ja}を足しています。単位の異なる数値は足し合わせられません（数量の科目には layout.csv の unit 列に単位を書きます）。`,
          `the formula of ${a.en} adds ${b.en}: figures in different units cannot be added (a quantity line states its unit in layout.csv's unit column)`,
        ),
      line.formula.text,
    );
    if (issue) issues.push(issue);
  }
  return issues;
}

/**
 * The two sides of a declared check in one unit: the first term of another unit than the
 * first term's is refused at `at`, naming both. Undefined when they agree.
 */
export function checkUnits(
  id: string,
  sides: readonly Formula<Reference>[],
  lineById: ReadonlyMap<string, LayoutLine>,
  money: Unit,
  at: CellSource,
  raw: string,
): InputIssue | undefined {
  return mixed(
    sides.flatMap((side) => side.terms.map((t) => named(t.ref, lineById))),
    money,
    at,
    (a, b) =>
      say(
        `照合 ${id} は${a.ja}と${b.ja}を合わせています。単位の異なる数値は足すことも比べることもできません。`,
        `the check ${id} combines ${a.en} and ${b.en}: figures in different units can be neither added nor compared`,
      ),
    raw,
  );
}

/** 「うち」 lines in another unit than the line they are part of. */
export function memoUnits(
  lines: readonly LayoutLine[],
  lineById: ReadonlyMap<string, LayoutLine>,
  money: Unit,
): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const line of lines) {
    const parent = line.partOf === undefined ? undefined : lineById.get(line.partOf);
    if (!parent || parent.kind === "heading") continue;
    const issue = mixed(
      [
        { name: line.label, measure: measureOf(line) },
        { name: parent.label, measure: measureOf(parent) },
      ],
      money,
      { ...line.source, column: "part_of" },
      (a, b) =>
        say(
          `${a.ja}は${b.ja}の内訳（うち）ですが、単位が異なります。`,
          `${a.en} is part of ${b.en}, in another unit`,
        ),
    );
    if (issue) issues.push(issue);
  }
  return issues;
}

/** The quantity line a reference names, if it names one. */
function quantityLine(
  ref: Reference,
  lineById: ReadonlyMap<string, LayoutLine>,
): (LayoutLine & { readonly unit: QuantityUnit }) | undefined {
  if (ref.kind !== "line") return undefined;
  const line = lineById.get(ref.id);
  return line?.unit === undefined ? undefined : (line as LayoutLine & { unit: QuantityUnit });
}

/**
 * The quantity unit of what a print row names (its first term naming a quantity line), or
 * undefined for money: the unit its printed figures are read in, exactly, never scaled by the
 * print's money unit. A row whose terms mix units is refused by `printUnits`.
 */
export function printRowUnit(
  formula: Formula<Reference>,
  lineById: ReadonlyMap<string, LayoutLine>,
): QuantityUnit | undefined {
  for (const t of formula.terms) {
    const q = quantityLine(t.ref, lineById);
    if (q) return q.unit;
  }
  return undefined;
}

/**
 * Rows of prints whose terms are of different units (money and a quantity, or two quantities
 * of different units): a printed figure is money in the print's unit or a quantity in its
 * own, never a sum of both. One issue per row, at its line cell.
 */
export function printUnits(
  prints: readonly Print[],
  lineById: ReadonlyMap<string, LayoutLine>,
  money: Unit,
): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const print of prints) {
    for (const row of print.rows) {
      const issue = mixed(
        row.formula.terms.map((t) => named(t.ref, lineById)),
        money,
        row.source,
        (a, b) =>
          say(
            `印刷物「${print.title}」の行「${row.label}」は${a.ja}と${b.ja}を合わせています。単位の異なる数値は足し合わせられません。`,
            `row 「${row.label}」 of the print 「${print.title}」 combines ${a.en} and ${b.en}: figures in different units cannot be added`,
          ),
      );
      if (issue) issues.push(issue);
    }
  }
  return issues;
}

/**
 * Lines the manifest names where money is meant — continuity pairs (opening and closing
 * balances) and the report's chart lines — that are quantities, each at its field.
 */
export function moneyLines(
  named: readonly { readonly id: string; readonly at: CellSource; readonly what: string }[],
  lineById: ReadonlyMap<string, LayoutLine>,
): InputIssue[] {
  return named.flatMap(({ id, at, what }) => {
    const q = quantityLine({ kind: "line", id }, lineById);
    if (!q) return [];
    return [
      inputError(
        "unit.mix",
        at,
        say(
          `${what} の「${q.label}」は数量（${q.unit}）の科目です。ここには金額の科目を指定してください。`,
          `${what} 「${q.label}」 is a quantity (${q.unit}): name a line of money here`,
        ),
      ),
    ];
  });
}

/** The continuity pairs' lines as `moneyLines` takes them, at book.json's `continuity`. */
export function continuityLines(
  pairs: readonly ContinuityPair[],
  at: CellSource,
): { id: string; at: CellSource; what: string }[] {
  return pairs.flatMap((p) => [
    { id: p.opening, at, what: "continuity.opening" },
    { id: p.previousClosing, at, what: "continuity.previousClosing" },
  ]);
}
