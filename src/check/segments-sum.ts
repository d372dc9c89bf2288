/** `segments.sum`: the 合計 column equals the sum of the segment columns, on every line of every statement. */
import { comparedAmounts, type Finding } from "../model/findings.ts";
import { Money } from "../model/money.ts";
import type { Check } from "./check.ts";
import { figureSources } from "./sources.ts";

export const segmentsSum: Check = (model) => {
  const unit = model.book.unit;
  const findings: Finding[] = [];
  for (const st of model.statements) {
    for (const ml of st.lines) {
      const sum = Money.sum(
        unit,
        [...ml.segments.values()].map((f) => f.amount),
      );
      const ok = sum.equals(ml.total.amount);
      findings.push({
        check: "segments.sum",
        status: ok ? "pass" : "fail",
        statement: st.def.id,
        line: ml.line.id,
        compared: comparedAmounts(sum, ml.total.amount),
        message: ok
          ? `${ml.line.label}: 合計 ${ml.total.amount.format()} = Σ segments`
          : `${ml.line.label}: 合計 ${ml.total.amount.format()} but the segments sum to ${sum.format()}${
              ml.unallocated.isZero()
                ? ""
                : ` (${ml.unallocated.format()} is not allocated to a segment)`
            }`,
        sources: figureSources(ml.total),
      });
    }
  }
  return findings;
};
