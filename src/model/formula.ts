/**
 * Formulas of the layout: a signed sum of references, e.g.
 * `operating-revenue-total - long-term-advances-reversal`, `- receivables`,
 * `advances.planned` (a schedule column's total), or `0` (an empty sum).
 * Operators are separated from ids by spaces, since ids contain hyphens.
 * Linear on purpose: every derived figure is a signed sum, which Excel, hledger and an
 * auditor can all follow, and the 合計 column equals the sum of the segment columns.
 */
import { say, type Text } from "./text.ts";

export type Reference =
  | { readonly kind: "line"; readonly id: string }
  | { readonly kind: "schedule"; readonly schedule: string; readonly column: string };

export interface Term {
  readonly sign: 1 | -1;
  readonly ref: Reference;
}

export interface Formula {
  readonly text: string;
  readonly terms: readonly Term[];
}

/** A formula, or why the text is not one (in both languages, a whole sentence each). */
type ParsedFormula = { ok: true; formula: Formula } | { ok: false; reason: Text };

const REF = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)?$/;

/** Parse `a + b - c`; `0` is the empty sum. */
export function parseFormula(text: string): ParsedFormula {
  const trimmed = text.trim();
  if (trimmed === "0") return { ok: true, formula: { text: trimmed, terms: [] } };
  // Operators stand apart (ids contain hyphens); a sign may be glued to the term it signs.
  const tokens = trimmed
    .split(/\s+/)
    .flatMap((t) => (/^[+\-−][a-z0-9]/.test(t) ? [t.charAt(0), t.slice(1)] : [t]))
    .filter((t) => t !== "");
  const terms: Term[] = [];
  let sign: 1 | -1 = 1;
  let expectTerm = true;
  for (const token of tokens) {
    if (token === "+" || token === "-" || token === "−") {
      if (!expectTerm && terms.length === 0)
        return {
          ok: false,
          reason: say(`予期しない「${token}」があります。`, `unexpected 「${token}」`),
        };
      sign = token === "+" ? sign : (-sign as 1 | -1);
      expectTerm = true;
      continue;
    }
    if (!expectTerm) {
      return {
        ok: false,
        reason: REF.test(token)
          ? say(
              `「${token}」の前に + または - がありません。`,
              `missing + or - before 「${token}」`,
            )
          : say(
              `「${token}」は演算子ではありません（式に使えるのは + と - だけです）。`,
              `「${token}」 is not an operator (formulas use + and - only)`,
            ),
      };
    }
    if (!REF.test(token)) {
      return {
        ok: false,
        reason: say(
          `「${token}」は科目 id ではありません（英小文字、数字と - で書きます）。`,
          `「${token}」 is not a line id (lower-case letters, digits and -)`,
        ),
      };
    }
    const [a = "", b] = token.split(".");
    terms.push({
      sign,
      ref: b === undefined ? { kind: "line", id: a } : { kind: "schedule", schedule: a, column: b },
    });
    sign = 1;
    expectTerm = false;
  }
  if (terms.length === 0)
    return {
      ok: false,
      reason: say(
        "式が空です（項のない合計は 0 と書いてください）。",
        "the formula is empty (write 0 for an empty sum)",
      ),
    };
  if (expectTerm)
    return {
      ok: false,
      reason: say("式が演算子で終わっています。", "the formula ends with an operator"),
    };
  return { ok: true, formula: { text: trimmed, terms } };
}

/**
 * The formula written back in its canonical form.
 * @testOnly exported for the tests that use it
 */
export function formatFormula(
  formula: Formula,
  name: (ref: Reference) => string = refText,
): string {
  if (formula.terms.length === 0) return "0";
  return formula.terms
    .map((t, i) => `${t.sign < 0 ? (i === 0 ? "-" : " - ") : i === 0 ? "" : " + "}${name(t.ref)}`)
    .join("");
}

function refText(ref: Reference): string {
  return ref.kind === "line" ? ref.id : `${ref.schedule}.${ref.column}`;
}
