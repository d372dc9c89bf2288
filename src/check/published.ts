/**
 * The tie-out against the published print: each printed figure against the model's figure as
 * the print shows it (`published.figure`), a printed figure equal to minus the model's named
 * as a lost sign with the fix (`published.sign`). Warnings unless strict: the model is right,
 * the print is wrong.
 */
import { type CheckStatus, comparedAmounts, type Finding } from "../model/findings.ts";
import { segmentLabel } from "../model/glossary.ts";
import type { Check } from "./check.ts";
import { figureSources } from "./sources.ts";

export const publishedTieOut: Check = (model, options) => {
  const findings: Finding[] = [];
  const warn: CheckStatus = options.strict ? "fail" : "warn";
  const lineById = new Map(model.book.lines.map((l) => [l.id, l]));
  for (const p of model.book.published) {
    const line = lineById.get(p.line);
    if (!line || line.kind === "heading") continue;
    const modelAmount = model.figure(p.line, p.segment).amount;
    const shouldPrint = line.printed === "magnitude" ? modelAmount.abs() : modelAmount;
    const where = `${p.table} ${p.printedLabel} (${segmentLabel(model.book.segments, p.segment)})`;
    const base = {
      statement: p.statement,
      line: p.line,
      ...(p.segment === null ? {} : { segment: p.segment }),
      compared: comparedAmounts(shouldPrint, p.amount),
      sources: [p.source, ...figureSources(model.figure(p.line, p.segment))],
    };
    const ref = p.reference ? ` [${p.reference}]` : "";
    if (p.amount.equals(shouldPrint)) {
      findings.push({
        check: "published.figure",
        status: "pass",
        ...base,
        message: `${where}: printed ${p.printedText}${ref}`,
      });
    } else if (p.amount.equals(shouldPrint.negate())) {
      findings.push({
        check: "published.sign",
        status: warn,
        ...base,
        message: `${where}: printed ${p.printedText} but the figure is ${shouldPrint.format()}: the sign was lost; print ${shouldPrint.format()}${ref}`,
      });
    } else {
      findings.push({
        check: "published.figure",
        status: warn,
        ...base,
        message: `${where}: printed ${p.printedText} but the model gives ${shouldPrint.format()}, difference ${p.amount.minus(shouldPrint).format()}${ref}`,
      });
    }
  }
  return findings;
};
