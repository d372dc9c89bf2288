/**
 * `version.continuity`: the opening balances of this book against the closing balances of the
 * version before it, as a print gives them (a 概要's 前年度 column, known only rounded): a
 * warning when the opening balance cannot be a figure that rounds to the printed closing one.
 */
import { derive, inputSources } from "../derive/derive.ts";
import { comparedAmounts, type Finding } from "../model/findings.ts";
import { columnAside } from "../model/glossary.ts";
import type { Model } from "../model/model.ts";
import { Money, meets, point, preimage, roundWhole } from "../model/money.ts";
import { type ContinuityPair, ruleOf } from "../model/print.ts";
import { moneyOf } from "../model/quantity.ts";
import { say, type Text } from "../model/text.ts";
import type { Check } from "./check.ts";
import { figureSources } from "./sources.ts";

/**
 * An opening balance against the closing balance before it: `difference` (with its unit) when
 * it does not continue it; `before` says whether that is the previous version or year.
 */
function continued(
  opening: Text,
  closing: Text,
  difference: string | undefined,
  before: "version" | "year",
): Text {
  if (difference === undefined)
    return say(
      `${opening.ja}は、${closing.ja}を引き継いでいます。`,
      `${opening.en} vs ${closing.en}`,
    );
  const previous =
    before === "version" ? say("前の版", "previous version") : say("前年度", "previous year");
  return say(
    `${opening.ja}は${closing.ja}と異なり、期首残高が${previous.ja}の期末残高を引き継いでいません（差額 ${difference}）。`,
    `${opening.en} vs ${closing.en}: the opening balance does not continue the ${previous.en} (difference ${difference})`,
  );
}

/**
 * version.continuity: opening balances vs the previous version's closing balances (warnings).
 * @testOnly exported for the tests that use it
 */
export function continuityFindings(model: Model): Finding[] {
  const findings: Finding[] = [];
  for (const pair of model.book.continuity) {
    if (pair.version !== undefined) {
      findings.push(...linkedContinuity(model, pair));
      continue;
    }
    const print = model.book.prints.find((p) => p.id === pair.print);
    const column = print?.columns.find((c) => c.id === pair.column);
    const row = print?.rows.find((r) => r.line === pair.previousClosing && r.segment === null);
    const cell = row?.cells.get(pair.column);
    if (!print || column?.kind !== "other" || !row || !cell?.amount) continue;
    // The closing line is money (read/units.ts refuses a quantity's): so is its printed figure.
    const closing = moneyOf(cell.amount);
    const unit = print.unit;
    const rule = ruleOf(print, row.table);
    const opening = model.figure(pair.opening, null);
    // Continuity pairs name money lines (read/prints.ts refuses a quantity's).
    const openingAmount = moneyOf(opening.amount);
    const exact = openingAmount.convert(unit).value;
    const ok = meets(point(exact), preimage(closing.value, rule));
    const openingLabel = model.book.lines.find((l) => l.id === pair.opening)?.label ?? pair.opening;
    const rounded = Money.of(roundWhole(exact, rule), unit);
    findings.push({
      check: "version.continuity",
      status: ok ? "pass" : "warn",
      line: pair.opening,
      compared: comparedAmounts(closing, rounded),
      message: continued(
        say(
          `「${openingLabel}」${rounded.format()} ${unit}（${openingAmount.format()} ${model.book.unit}）`,
          `${openingLabel} ${rounded.format()} ${unit} (${openingAmount.format()} ${model.book.unit})`,
        ),
        say(
          `${column.version}の「${row.label}」${closing.format()} ${unit}`,
          `${column.version}'s ${row.label} ${closing.format()} ${unit}`,
        ),
        ok ? undefined : `${rounded.minus(closing).format()} ${unit}`,
        "version",
      ),
      sources: [
        ...(opening.derivation.kind === "input" ? inputSources(opening.derivation.entries) : []),
        cell.source,
      ],
    });
  }
  return findings;
}

/**
 * An opening balance against the closing balance of the previous year's book, for the total
 * and every segment both books have: exact when both keep the same unit, else within what the
 * coarser one's rounding allows.
 */
function linkedContinuity(model: Model, pair: ContinuityPair): Finding[] {
  const version = model.book.versions.list.find((v) => v.id === pair.version);
  const linked = version?.linked;
  if (!version || !linked) return [];
  const previous = derive(linked);
  const unit = linked.unit;
  const rule = linked.rounding;
  const openingLabel = model.book.lines.find((l) => l.id === pair.opening)?.label ?? pair.opening;
  const closingLabel =
    linked.lines.find((l) => l.id === pair.previousClosing)?.label ?? pair.previousClosing;
  const shared = new Set(linked.segments.map((s) => s.id));
  const columns = [...model.book.segments.map((s) => s.id).filter((s) => shared.has(s)), null];
  return columns.map((column): Finding => {
    const opening = model.figure(pair.opening, column);
    const closing = previous.figure(pair.previousClosing, column);
    const openingAmount = moneyOf(opening.amount);
    const closingAmount = moneyOf(closing.amount);
    const exact = openingAmount.convert(unit).value;
    const ok =
      unit === model.book.unit
        ? openingAmount.equals(closingAmount.convert(model.book.unit))
        : meets(point(exact), preimage(closingAmount.value, rule));
    const shown = Money.of(exact, unit);
    const where = columnAside(model.book.segments, column);
    return {
      check: "version.continuity",
      status: ok ? "pass" : "warn",
      line: pair.opening,
      ...(column === null ? {} : { segment: column }),
      compared: comparedAmounts(closingAmount, shown),
      message: continued(
        say(
          `「${openingLabel}」${where.ja}${shown.format()} ${unit}`,
          `${openingLabel}${where.en} ${shown.format()} ${unit}`,
        ),
        say(
          `${version.name}の「${closingLabel}」${closingAmount.format()} ${unit}`,
          `${version.name}'s ${closingLabel} ${closingAmount.format()} ${unit}`,
        ),
        ok ? undefined : `${shown.minus(closingAmount).format()} ${unit}`,
        "year",
      ),
      sources: [...figureSources(opening), ...figureSources(closing)],
    };
  });
}

/** version.continuity: opening balances vs the previous version (warnings). */
export const versionContinuity: Check = (model) => continuityFindings(model);
