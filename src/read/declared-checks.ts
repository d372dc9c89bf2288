/**
 * checks.csv: the ties and chains a book declares, each `left = right` for every segment and
 * the total, with the book's own words for it (its description). A rule is declared once: a
 * row repeating an earlier row's check, left and right (a pasted copy) is refused at its row,
 * so every rule is counted once and thousands of copies cost nothing downstream.
 */
import type { CheckDeclaration } from "../model/book.ts";
import { declaredCheckId } from "../model/findings.ts";
import { inputError } from "../model/issues.ts";
import { say } from "../model/text.ts";
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
  /** The first row of each rule, by check id, left and right with spaces taken out. */
  const firstRow = new Map<string, number>();
  for (const r of t.rows) {
    const left = files.formula(t, r, "left");
    const right = files.formula(t, r, "right");
    if (!left || !right) continue;
    const id = declaredCheckId(r.values.check ?? "");
    const rule = [id, left.text, right.text].map((s) => s.replace(/\s+/g, "")).join("\u0000");
    const first = firstRow.get(rule);
    if (first !== undefined) {
      files.issues.push(
        inputError(
          "checks.duplicate",
          cellOf(t, r, "check"),
          say(
            `照合 ${id}: ${left.text} = ${right.text} が 2 回定められています（最初は ${first} 行目）。`,
            `the rule ${id}: ${left.text} = ${right.text} is declared twice (first at row ${first})`,
          ),
          r.raw,
        ),
      );
      continue;
    }
    firstRow.set(rule, r.row);
    for (const term of left.terms) references.check(term.ref, cellOf(t, r, "left"), r.raw);
    for (const term of right.terms) references.check(term.ref, cellOf(t, r, "right"), r.raw);
    checks.push({
      id,
      description: r.values.description ?? "",
      hint: r.values.hint ?? "",
      left,
      right,
      source: cellOf(t, r, "check"),
    });
  }
  return checks;
}
