/**
 * The ties and chains a book declares in its checks.csv (`left = right`, like hledger's
 * balance assertions), for every segment and the total. Both sides are expanded to the inputs
 * they sum: where the layout derives one side from the other, the rule cannot fail for this
 * book and is reported as holding by construction (`structural`), not as a pass.
 */

import type { Book, CheckDeclaration, LayoutLine, Relation } from "../model/book.ts";
import { expandToLeaves, type LeafVector } from "../model/expand.ts";
import { comparedAmounts, type Finding } from "../model/findings.ts";
import { type CheckFormula, type Formula, type Reference, refText } from "../model/formula.ts";
import { columnAside } from "../model/glossary.ts";
import type { Model } from "../model/model.ts";
import { Decimal, formatJapanese, ROUNDING_LABELS, type RoundingRule } from "../model/money.ts";
import { type Amount, amountLike, amountText, minusAmount, Quantity } from "../model/quantity.ts";
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
  where: Text,
  l: Amount,
  r: Amount,
  structural: boolean,
  leafRounding: RoundingRule | null,
  margin: Decimal,
): Text {
  const figure = amountText(l);
  const rounding = ROUNDING_LABELS[leafRounding ?? "half-up"];
  const upTo = amountText(amountLike(r, margin));
  const within = l.value.equals(r.value) ? undefined : amountText(r);
  return say(
    within === undefined
      ? `${what}${where.ja}：${figure} で一致しています${
          structural ? "（様式が一方の側を他方から導くため、構成上成立します）" : ""
        }。`
      : `${what}${where.ja}：${figure} = ${within} で、差は帳簿の入力科目の端数処理（${rounding}）で生じうる最大 ${upTo} の範囲内です。`,
    `${what}${where.en}: ${figure}${structural ? " (holds by construction: the layout derives one side from the other)" : ""}${
      within === undefined
        ? ""
        : ` = ${within} within the rounding of the book's leaves (${rounding}: up to ${upTo})`
    }`,
  );
}

/** A side's figure for a limit's message: a quantity with its unit (「12,345 戸」). */
function side(a: Amount): Side {
  return { value: a.value, format: () => amountText(a) };
}

/** Whether `difference` (left − right) satisfies `relation`, allowing `margin` for rounding. */
function holds(relation: Relation, difference: Decimal, margin: Decimal): boolean {
  if (relation === "<=") return difference.lessThanOrEqualTo(margin);
  if (relation === ">=") return difference.negated().lessThanOrEqualTo(margin);
  return difference.abs().lessThanOrEqualTo(margin);
}

/** Whether a side of `decl` names a provision of the 予算 (provisions.csv). */
function namesProvision(decl: CheckDeclaration): boolean {
  return [...decl.left.terms, ...decl.right.terms].some((t) => t.ref.kind === "provision");
}

/** `（item）`, unless the book already wrote the item in brackets. */
function aside(item: string): string {
  return /^[（(].*[）)]$/.test(item) ? item : `（${item}）`;
}

/**
 * A side of a check as a finding names it, in the book's words: a line by its label, a provision
 * by its 条, kind and item (第5条 企業債（配水管布設替事業）), provisions of one 条 and kind
 * together (第5条 企業債（配水管布設替事業、浄水場更新事業）), a schedule column as written.
 */
function sideName(model: Model, formula: CheckFormula): string {
  const book = model.book;
  const provisionOf = (ref: Reference) =>
    ref.kind === "provision" ? book.provisions.find((p) => p.id === ref.id) : undefined;
  const provisions = formula.terms.map((t) => (t.sign === 1 ? provisionOf(t.ref) : undefined));
  const first = provisions[0];
  if (
    first &&
    provisions.length > 1 &&
    provisions.every((p) => p && p.article === first.article && p.kind === first.kind)
  ) {
    const items = provisions.map((p) => p?.item ?? "").filter((i) => i !== "");
    return `${first.article} ${first.kind}${items.length > 0 ? aside(items.join("、")) : ""}`;
  }
  const named = formula.terms.map((t, i) => {
    const ref = t.ref;
    const p = provisionOf(ref);
    const name =
      ref.kind === "line"
        ? (book.lines.find((l) => l.id === ref.id)?.label ?? ref.id)
        : p
          ? `${p.article} ${p.kind}${p.item ? aside(p.item) : ""}`
          : refText(ref);
    return `${t.sign < 0 ? (i === 0 ? "−" : " − ") : i === 0 ? "" : " + "}${name}`;
  });
  return named.length === 0 ? formula.text : named.join("");
}

/** A figure as a limit's message reads it: money or a quantity (its exact value, as a table shows it). */
interface Side {
  readonly value: Decimal;
  format(): string;
}

/**
 * What a limit says (`left <= right`, `left >= right`): both sides by name and figure, and the
 * margin — how far within the limit, or by how much beyond it; at the limit it holds.
 */
function limitMessage(
  model: Model,
  decl: CheckDeclaration,
  where: Text,
  figures: { readonly l: Side; readonly r: Side; readonly margin: Decimal },
): Text {
  const { l, r, margin } = figures;
  const what = decl.description || decl.id;
  const left = `${sideName(model, decl.left)} ${l.format()}`;
  const right = `${sideName(model, decl.right)} ${r.format()}`;
  const at = { ja: `${what}${where.ja}：`, en: `${what}${where.en}: ` };
  const atMost = decl.relation === "<=";
  // How far left is on the allowed side of right (negative: beyond it).
  const room = atMost ? r.value.minus(l.value) : l.value.minus(r.value);
  // The margin in the figures' unit when they are quantities (「545 人」); money as the book's.
  const gap =
    l instanceof Quantity ? `${formatJapanese(room.abs())} ${l.unit}` : formatJapanese(room.abs());
  if (room.isZero())
    return say(
      `${at.ja}${left} は ${right} と同額で、${atMost ? "上限" : "下限"}ちょうどです。`,
      `${at.en}${left} = ${right}, at the ${atMost ? "limit" : "minimum"}`,
    );
  if (room.isPositive())
    return atMost
      ? say(
          `${at.ja}${left} は ${right} 以下で、上限まで ${gap} あります。`,
          `${at.en}${left} ≤ ${right}, ${gap} under the limit`,
        )
      : say(
          `${at.ja}${left} は ${right} 以上で、下限を ${gap} 上回っています。`,
          `${at.en}${left} ≥ ${right}, ${gap} above the minimum`,
        );
  const beyond = atMost
    ? say(
        `${at.ja}${left} は ${right} を ${gap} 超えています`,
        `${at.en}${left} exceeds ${right} by ${gap}`,
      )
    : say(
        `${at.ja}${left} は ${right} を ${gap} 下回っています`,
        `${at.en}${left} falls short of ${right} by ${gap}`,
      );
  if (room.negated().greaterThan(margin)) return say(`${beyond.ja}。`, beyond.en);
  const rounding = ROUNDING_LABELS[model.book.leafRounding ?? "half-up"];
  const upTo = formatJapanese(margin);
  return say(
    `${beyond.ja}が、差は帳簿の入力科目の端数処理（${rounding}）で生じうる最大 ${upTo} の範囲内です。`,
    `${beyond.en}, within the rounding of the book's leaves (${rounding}: up to ${upTo})`,
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
    const difference: Formula<Reference> = {
      text: `${decl.left.text} - (${decl.right.text})`,
      terms: [
        ...decl.left.terms,
        ...decl.right.terms.map((t) => ({ ...t, sign: -t.sign as 1 | -1 })),
      ],
    };
    // A 条 of the 予算 binds the whole 会計: a check naming a provision runs for the total only.
    const columns = namesProvision(decl) ? [null] : columnsOf(model);
    for (const column of columns) {
      const l = model.evaluate(decl.left, column).amount;
      const r = model.evaluate(decl.right, column).amount;
      // Leaves typed from a rounded print: the two sides may differ by what their rounding allows.
      const margin = structural ? new Decimal(0) : tolerances.of(difference, column);
      const ok = holds(decl.relation, l.value.minus(r.value), margin);
      const where = columnAside(model.book.segments, column);
      // What a finding of this check says in either relation: which check, where, from what.
      const about = {
        check: decl.id,
        status: ok ? ("pass" as const) : ("fail" as const),
        ...(statement ? { statement } : {}),
        line,
        ...segmentField(column),
        ...(structural ? { structural: true } : {}),
        sources: [
          ...formulaSources(model, decl.left, column),
          ...formulaSources(model, decl.right, column),
        ],
      };
      if (decl.relation !== "=") {
        findings.push({
          ...about,
          compared: comparedAmounts(r, l),
          relation: decl.relation,
          message: structural
            ? held(decl.description || decl.id, where, l, r, true, null, margin)
            : limitMessage(model, decl, where, { l: side(l), r: side(r), margin }),
        });
        continue;
      }
      findings.push({
        ...about,
        compared: comparedAmounts(
          r,
          l,
          margin.isZero()
            ? undefined
            : {
                min: amountLike(r, r.value.minus(margin)),
                max: amountLike(r, r.value.plus(margin)),
              },
        ),
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
              `${decl.description || decl.id}${where.ja}：${sideName(model, decl.left)} = ${amountText(l)} に対し、${sideName(model, decl.right)} = ${amountText(r)} で、差額は ${amountText(minusAmount(l, r))} です。`,
              `${decl.description || decl.id}${where.en}: ${sideName(model, decl.left)} = ${amountText(l)} but ${sideName(model, decl.right)} = ${amountText(r)}, difference ${amountText(minusAmount(l, r))}`,
            ),
      });
    }
  }
  return findings;
};
