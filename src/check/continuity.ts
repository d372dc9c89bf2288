/**
 * `version.continuity`: the opening balances of this budget against the previous version's
 * closing balances (the 概要's previous column), a warning when the ranges cannot meet.
 */
import { inputSources } from "../derive/derive.ts";
import { comparedAmounts, type Finding } from "../model/findings.ts";
import type { Model } from "../model/model.ts";
import { Money, preimage, roundWhole } from "../model/money.ts";
import type { Check } from "./check.ts";

/** version.continuity: opening balances vs the previous version's closing balances (warnings). */
export function continuityFindings(model: Model): Finding[] {
  const summary = model.book.summary;
  const pairs = model.book.continuity;
  if (!summary || pairs.length === 0) return [];
  const rule = model.book.rounding;
  const su = summary.unit;
  const findings: Finding[] = [];
  for (const pair of pairs) {
    const row = summary.rows.find(
      (r) =>
        r.formula.terms.length === 1 &&
        r.formula.terms[0]?.ref.kind === "line" &&
        r.formula.terms[0].ref.id === pair.previousClosing,
    );
    if (!row?.previous) continue;
    const opening = model.figure(pair.opening, null);
    const exact = opening.amount.convert(su).value;
    const prev = preimage(row.previous.value, rule);
    const ok = exact.greaterThanOrEqualTo(prev.lo) && exact.lessThanOrEqualTo(prev.hi);
    const openingLabel = model.book.lines.find((l) => l.id === pair.opening)?.label ?? pair.opening;
    const rounded = roundWhole(exact, rule);
    findings.push({
      check: "version.continuity",
      status: ok ? "pass" : "warn",
      line: pair.opening,
      compared: comparedAmounts(row.previous, Money.of(rounded, su)),
      message: `${openingLabel} ${Money.of(rounded, su).format()} ${su} (${opening.amount.format()} ${model.book.unit}) vs ${summary.previous}'s ${row.label} ${row.previous.format()} ${su}${
        ok
          ? ""
          : `: the opening balance does not continue the previous version (difference ${Money.of(rounded.minus(row.previous.value), su).format()} ${su})`
      }`,
      sources: [
        ...(opening.derivation.kind === "input" ? inputSources(opening.derivation.entries) : []),
        row.sources.previous,
      ],
    });
  }
  return findings;
}

/** version.continuity: opening balances vs the previous version (warnings). */
export const versionContinuity: Check = (model) => continuityFindings(model);
