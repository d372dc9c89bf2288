/**
 * The ties and chains a book declares in its checks.csv (`left = right`, like hledger's
 * balance assertions), for every segment and the total. Both sides are expanded to the inputs
 * they sum: where the layout derives one side from the other, the rule cannot fail for this
 * book and is reported as holding by construction (`structural`), not as a pass.
 */

import type { Book, CheckDeclaration, LayoutLine } from "../model/book.ts";
import { expandToLeaves, type LeafVector } from "../model/expand.ts";
import { comparedAmounts, type Finding } from "../model/findings.ts";
import type { Formula } from "../model/formula.ts";
import { segmentLabel } from "../model/glossary.ts";
import { Decimal, Money, ROUNDING_LABELS, type RoundingRule } from "../model/money.ts";
import { say, type Text } from "../model/text.ts";
import type { Check } from "./check.ts";
import { Tolerances } from "./ranges.ts";
import { columnsOf, firstStatement, formulaSources, segmentField } from "./sources.ts";

/**
 * Which of a book's declared rules hold by construction: both sides expand to the same leaves.
 * A matter of the layout and the rules alone, so worked out once per pair of them (a what-if
 * edit, a version of the book, share both).
 */
const structuralByChecks = new WeakMap<
  readonly CheckDeclaration[],
  WeakMap<readonly LayoutLine[], readonly boolean[]>
>();

function structuralRules(book: Book): readonly boolean[] {
  let byLines = structuralByChecks.get(book.checks);
  if (!byLines) {
    byLines = new WeakMap();
    structuralByChecks.set(book.checks, byLines);
  }
  let flags = byLines.get(book.lines);
  if (!flags) {
    const memo = new Map<string, LeafVector>();
    flags = book.checks.map((decl) => {
      const left = expandToLeaves(book, decl.left, memo);
      const right = expandToLeaves(book, decl.right, memo);
      return left.size === right.size && [...left].every(([k, v]) => right.get(k) === v);
    });
    byLines.set(book.lines, flags);
  }
  return flags;
}

/**
 * A declared rule that holds: its figure, and why when it is not plain equality — the layout
 * derives one side from the other, or the sides differ within the rounding of the book's leaves.
 */
function held(
  what: string,
  where: string,
  l: Money,
  r: Money,
  structural: boolean,
  leafRounding: RoundingRule | null,
  margin: Decimal,
): Text {
  const figure = l.format();
  const rounding = ROUNDING_LABELS[leafRounding ?? "half-up"];
  const upTo = Money.of(margin, r.unit).format();
  const within = l.equals(r) ? undefined : r.format();
  return say(
    within === undefined
      ? `${what}（${where}）：${figure} で一致しています${
          structural ? "（様式が一方の側を他方から導くため、構成上成立します）" : ""
        }。`
      : `${what}（${where}）：${figure} = ${within} で、差は帳簿の入力科目の端数処理（${rounding}）で生じうる最大 ${upTo} の範囲内です。`,
    `${what} (${where}): ${figure}${structural ? " (holds by construction: the layout derives one side from the other)" : ""}${
      within === undefined
        ? ""
        : ` = ${within} within the rounding of the book's leaves (${rounding}: up to ${upTo})`
    }`,
  );
}

export const declaredChecks: Check = (model) => {
  const findings: Finding[] = [];
  const tolerances = new Tolerances(model);
  const structuralFlags = structuralRules(model.book);
  for (const [i, decl] of model.book.checks.entries()) {
    const statement = firstStatement(model, decl.left);
    const structural = structuralFlags[i] === true;
    const line =
      decl.left.terms.length === 1 && decl.left.terms[0]?.ref.kind === "line"
        ? decl.left.terms[0].ref.id
        : decl.left.text;
    const difference: Formula = {
      text: `${decl.left.text} - (${decl.right.text})`,
      terms: [
        ...decl.left.terms,
        ...decl.right.terms.map((t) => ({ ...t, sign: -t.sign as 1 | -1 })),
      ],
    };
    for (const column of columnsOf(model)) {
      const l = model.evaluate(decl.left, column).amount;
      const r = model.evaluate(decl.right, column).amount;
      // Leaves typed from a rounded print: the two sides may differ by what their rounding allows.
      const margin = structural ? new Decimal(0) : tolerances.of(difference, column);
      const ok = l.minus(r).value.abs().lessThanOrEqualTo(margin);
      const where = segmentLabel(model.book.segments, column);
      findings.push({
        check: decl.id,
        status: ok ? "pass" : "fail",
        ...(statement ? { statement } : {}),
        line,
        ...segmentField(column),
        compared: comparedAmounts(
          r,
          l,
          margin.isZero()
            ? undefined
            : {
                min: Money.of(r.value.minus(margin), r.unit),
                max: Money.of(r.value.plus(margin), r.unit),
              },
        ),
        ...(structural ? { structural: true } : {}),
        message: ok
          ? held(
              decl.description || decl.id,
              where,
              l,
              r,
              structural,
              model.book.leafRounding,
              margin,
            )
          : say(
              `${decl.description || decl.id}（${where}）：${decl.left.text} = ${l.format()} に対し、${decl.right.text} = ${r.format()} で、差額は ${l.minus(r).format()} です。`,
              `${decl.description || decl.id} (${where}): ${decl.left.text} = ${l.format()} but ${decl.right.text} = ${r.format()}, difference ${l.minus(r).format()}`,
            ),
        sources: [
          ...formulaSources(model, decl.left, column),
          ...formulaSources(model, decl.right, column),
        ],
      });
    }
  }
  return findings;
};
