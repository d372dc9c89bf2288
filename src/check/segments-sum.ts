/**
 * `segments.sum`: the 合計 column equals the sum of the segment columns, on every line of every
 * statement. A book without segments (one entity, 科目 | 金額) has nothing to check: no findings.
 */
import { comparedAmounts, type Finding } from "../model/findings.ts";
import { amountText, sumAmounts, zeroLike } from "../model/quantity.ts";
import { say } from "../model/text.ts";
import type { Check } from "./check.ts";
import { figureSources } from "./sources.ts";

export const segmentsSum: Check = (model) => {
  const term = model.book.segmentTerm;
  const findings: Finding[] = [];
  if (model.book.segments.length === 0) return findings;
  for (const st of model.statements) {
    for (const ml of st.lines) {
      const sum = sumAmounts(
        zeroLike(ml.total.amount),
        [...ml.segments.values()].map((f) => f.amount),
      );
      const ok = sum.value.equals(ml.total.amount.value);
      const label = ml.line.label;
      const total = amountText(ml.total.amount);
      const sumText = amountText(sum);
      const unallocated = ml.unallocated.isZero() ? undefined : amountText(ml.unallocated);
      findings.push({
        check: "segments.sum",
        status: ok ? "pass" : "fail",
        statement: st.def.id,
        line: ml.line.id,
        compared: comparedAmounts(sum, ml.total.amount),
        message: ok
          ? say(
              `「${label}」の合計 ${total} は各${term}の計と一致しています。`,
              `${label}: 合計 ${total} = Σ segments`,
            )
          : say(
              `「${label}」の合計 ${total} に対し、各${term}の計は ${sumText} です${
                unallocated === undefined ? "" : `（${unallocated} が${term}に配分されていません）`
              }。`,
              `${label}: 合計 ${total} but the segments sum to ${sumText}${
                unallocated === undefined ? "" : ` (${unallocated} is not allocated to a segment)`
              }`,
            ),
        sources: figureSources(ml.total),
      });
    }
  }
  return findings;
};
