/**
 * checks.csv: the ties and chains a book declares, each `left = right` for every segment and
 * the total, with the book's own words for it (its description); with `relation` `<=` or `>=`
 * a limit (企業債 ≤ its 限度額, whose amount a side names as `provision:<id>`). A rule is
 * declared once: a row repeating an earlier row's check, left, relation and right (a pasted
 * copy) is refused at its row, so every rule is counted once and thousands of copies cost
 * nothing downstream.
 */
import { type CheckDeclaration, RELATION_SIGNS, type Relation } from "../model/book.ts";
import { declaredCheckId } from "../model/findings.ts";
import { inputError } from "../model/issues.ts";
import { say } from "../model/text.ts";
import type { BookFiles } from "./book-files.ts";
import { cellOf } from "./csv-table.ts";
import type { References } from "./layout.ts";

/**
 * checks.csv's `relation` as written (full-width forms folded): blank or `=` a tie, `<=` (≤, ≦)
 * at most, `>=` (≥, ≧) at least; null for anything else.
 */
function readRelation(text: string): Relation | null {
  const folded = text.normalize("NFKC").replace(/\s+/g, "");
  if (folded === "" || folded === "=" || folded === "==") return "=";
  if (folded === "<=" || folded === "≤" || folded === "≦") return "<=";
  if (folded === ">=" || folded === "≥" || folded === "≧") return ">=";
  return null;
}

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
    const left = files.checkFormula(t, r, "left");
    const right = files.checkFormula(t, r, "right");
    const relation = readRelation(r.values.relation ?? "");
    if (relation === null)
      files.issues.push(
        inputError(
          "checks.relation",
          cellOf(t, r, "relation"),
          say(
            `「${r.values.relation}」は関係として読めません。「=」（空欄も同じ）、「<=」（≤、≦）または「>=」（≥、≧）を書いてください。`,
            `「${r.values.relation}」 is not a relation: write = (or leave it blank), <= (≤, ≦) or >= (≥, ≧)`,
          ),
          r.raw,
        ),
      );
    if (!left || !right || relation === null) continue;
    const id = declaredCheckId(r.values.check ?? "");
    const rule = [id, left.text, relation, right.text]
      .map((s) => s.replace(/\s+/g, ""))
      .join("\u0000");
    const first = firstRow.get(rule);
    if (first !== undefined) {
      const stated = `${left.text} ${RELATION_SIGNS[relation]} ${right.text}`;
      files.issues.push(
        inputError(
          "checks.duplicate",
          cellOf(t, r, "check"),
          say(
            `照合 ${id}: ${stated} が 2 回定められています（最初は ${first} 行目）。`,
            `the rule ${id}: ${stated} is declared twice (first at row ${first})`,
          ),
          r.raw,
        ),
      );
      continue;
    }
    firstRow.set(rule, r.row);
    for (const term of left.terms) references.check(term.ref, cellOf(t, r, "left"), r.raw, true);
    for (const term of right.terms) references.check(term.ref, cellOf(t, r, "right"), r.raw, true);
    // Both sides in one unit: a quantity (戸, ㎥ …) is compared with quantities of its unit only.
    references.checkUnits(id, [left, right], cellOf(t, r, "right"), r.raw);
    checks.push({
      id,
      description: r.values.description ?? "",
      hint: r.values.hint ?? "",
      left,
      relation,
      right,
      source: cellOf(t, r, "check"),
    });
  }
  return checks;
}
