/**
 * checks.csv: the ties and chains a book declares, each `left = right` for every segment and
 * the total, with the book's own words for it (its description).
 */
import type { CheckDeclaration } from "../model/book.ts";
import { declaredCheckId } from "../model/findings.ts";
import type { BookFiles } from "./book-files.ts";
import { cellOf } from "./csv-table.ts";
import type { References } from "./layout.ts";

/** The declared checks of `file`, each side's references checked against the layout. */
export function readDeclaredChecks(
  files: BookFiles,
  file: string,
  references: References,
): CheckDeclaration[] {
  const t = files.table(file, "checks", ["check", "left", "right"]);
  if (t === null) return [];
  const checks: CheckDeclaration[] = [];
  for (const r of t.rows) {
    const left = files.formula(t, r, "left");
    const right = files.formula(t, r, "right");
    if (!left || !right) continue;
    for (const term of left.terms) references.check(term.ref, cellOf(t, r, "left"), r.raw);
    for (const term of right.terms) references.check(term.ref, cellOf(t, r, "right"), r.raw);
    checks.push({
      id: declaredCheckId(r.values.check ?? ""),
      description: r.values.description ?? "",
      hint: r.values.hint ?? "",
      left,
      right,
      source: cellOf(t, r, "check"),
    });
  }
  return checks;
}
