/** `segments.sum`: the 合計 column equals the sum of the segment columns, on every line of every statement. */
import { comparedAmounts, type Finding } from "../model/findings.ts";
import { Money } from "../model/money.ts";
import { say } from "../model/text.ts";
import type { Check } from "./check.ts";
import { figureSources } from "./sources.ts";

export const segmentsSum: Check = (model) => {
  const unit = model.book.unit;
  const term = model.book.segmentTerm;
  const findings: Finding[] = [];
  for (const st of model.statements) {
    for (const ml of st.lines) {
      const sum = Money.sum(
        unit,
        [...ml.segments.values()].map((f) => f.amount),
      );
      const ok = sum.equals(ml.total.amount);
      const label = ml.line.label;
      const total = ml.total.amount.format();
      const sumText = sum.format();
      const unallocated = ml.unallocated.isZero() ? undefined : ml.unallocated.format();
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
