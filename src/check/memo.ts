/**
 * `memo.within`: a 「うち」 line (layout part_of) lies between 0 and the line it is part of, for
 * every segment and the total: 資産 1,000 うち 現金 1,200 is a typo somewhere.
 */
import { comparedAmounts, type Finding } from "../model/findings.ts";
import { columnAside } from "../model/glossary.ts";
import { amountText, zeroLike } from "../model/quantity.ts";
import { say } from "../model/text.ts";
import type { Check } from "./check.ts";
import { figureSources } from "./sources.ts";

export const memoWithin: Check = (model) => {
  const findings: Finding[] = [];
  const byId = new Map(model.book.lines.map((l) => [l.id, l]));
  const columns = [...model.book.segments.map((s) => s.id as string | null), null];
  for (const memo of model.book.lines) {
    const parent = memo.partOf !== undefined ? byId.get(memo.partOf) : undefined;
    if (!parent) continue;
    for (const segment of columns) {
      const part = model.figure(memo.id, segment);
      const whole = model.figure(parent.id, segment);
      const [lo, hi] = whole.amount.isNegative()
        ? [whole.amount, zeroLike(whole.amount)]
        : [zeroLike(whole.amount), whole.amount];
      const below = part.amount.value.lessThan(lo.value);
      const above = hi.value.lessThan(part.amount.value);
      const ok = !below && !above;
      // Expected: the nearest figure the parent allows, so the difference is the excess.
      const nearest = below ? lo : above ? hi : part.amount;
      const where = columnAside(model.book.segments, segment);
      const partText = amountText(part.amount);
      const wholeText = amountText(whole.amount);
      findings.push({
        check: "memo.within",
        status: ok ? "pass" : "fail",
        statement: memo.statement,
        line: memo.id,
        ...(segment === null ? {} : { segment }),
        compared: comparedAmounts(nearest, part.amount, { min: lo, max: hi }),
        message: say(
          `「${memo.label}」${where.ja}${partText} は 0 … 「${parent.label}」${wholeText} の範囲${ok ? "内です" : "内にありません"}。`,
          `${memo.label}${where.en} ${partText} ${ok ? "lies within" : "is not within"} 0 … ${parent.label} ${wholeText}`,
        ),
        sources: [...figureSources(part), ...figureSources(whole)],
      });
    }
  }
  return findings;
};
