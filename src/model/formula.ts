/**
 * Formulas of the layout: a signed sum of references, e.g.
 * `operating-revenue-total - long-term-advances-reversal`, `- receivables`,
 * `advances.planned` (a schedule column's total), or `0` (an empty sum); in checks.csv also
 * `provision:bonds` (the amount of a provision of the 予算, provisions.csv: a limit).
 * Operators are separated from ids by spaces, since ids contain hyphens.
 * Linear on purpose: every derived figure is a signed sum, which Excel, hledger and an
 * auditor can all follow, and the 合計 column equals the sum of the segment columns.
 */
import { say, type Text } from "./text.ts";

/** What a formula of the layout or a print's row refers to: a line, or a schedule column's total. */
export type LineReference =
  | { readonly kind: "line"; readonly id: string }
  | { readonly kind: "schedule"; readonly schedule: string; readonly column: string };

/**
 * What a side of a check of checks.csv may refer to besides: the amount of a provision of the
 * 予算 (provisions.csv), e.g. a 限度額.
 */
export type Reference = LineReference | { readonly kind: "provision"; readonly id: string };

export interface Term<R extends Reference = LineReference> {
  readonly sign: 1 | -1;
  readonly ref: R;
}

/** A signed sum; by default of lines and schedule columns (a layout's or a print's formula). */
export interface Formula<R extends Reference = LineReference> {
  readonly text: string;
  readonly terms: readonly Term<R>[];
}

/** A side of a check of checks.csv: lines, schedule columns and provisions' amounts. */
export type CheckFormula = Formula<Reference>;

/** A formula, or why the text is not one (in both languages, a whole sentence each). */
type ParsedFormula<R extends Reference> =
  | { ok: true; formula: Formula<R> }
  | { ok: false; reason: Text };

const REF = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)?$/;
/** The prefix of a reference to a provision: `provision:bonds`. */
const PROVISION_PREFIX = "provision:";
const PROVISION_REF = /^provision:[a-z0-9][a-z0-9-]*$/;
/** What separates the tokens of a formula, and a sign written against its term (`-receivables`). */
const SPACES = /\s+/;
const GLUED_SIGN = /^[+\-−][a-z0-9]/;

/**
 * Parse `a + b - c`; `0` is the empty sum. `provision:<id>` is read only with `provisions`
 * (a side of a check); elsewhere it is refused with a sentence saying where it belongs.
 */
export function parseFormula(text: string): ParsedFormula<LineReference>;
export function parseFormula(
  text: string,
  options: { readonly provisions: true },
): ParsedFormula<Reference>;
export function parseFormula(
  text: string,
  options: { readonly provisions?: boolean } = {},
): ParsedFormula<Reference> {
  const trimmed = text.trim();
  if (trimmed === "0") return { ok: true, formula: { text: trimmed, terms: [] } };
  // Operators stand apart (ids contain hyphens); a sign may be glued to the term it signs.
  const tokens = trimmed
    .split(SPACES)
    .flatMap((t) => (GLUED_SIGN.test(t) ? [t.charAt(0), t.slice(1)] : [t]))
    .filter((t) => t !== "");
  const terms: Term<Reference>[] = [];
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
        reason:
          REF.test(token) || PROVISION_REF.test(token)
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
    if (PROVISION_REF.test(token)) {
      if (options.provisions !== true)
        return {
          ok: false,
          reason: say(
            `「${token}」：予算の条項の金額は checks.csv の照合の式でだけ使えます。`,
            `「${token}」: a provision's amount can be named only in a check of checks.csv`,
          ),
        };
      terms.push({ sign, ref: { kind: "provision", id: token.slice(PROVISION_PREFIX.length) } });
      sign = 1;
      expectTerm = false;
      continue;
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

/** The formula written back in its canonical form, each reference named by `name` (its id by default). */
export function formatFormula(
  formula: Formula<Reference>,
  name: (ref: Reference) => string = refText,
): string {
  if (formula.terms.length === 0) return "0";
  return formula.terms
    .map((t, i) => `${t.sign < 0 ? (i === 0 ? "-" : " - ") : i === 0 ? "" : " + "}${name(t.ref)}`)
    .join("");
}

/** A reference as a formula writes it: `line-id`, `schedule.column`, `provision:id`. */
export function refText(ref: Reference): string {
  if (ref.kind === "provision") return `${PROVISION_PREFIX}${ref.id}`;
  return ref.kind === "line" ? ref.id : `${ref.schedule}.${ref.column}`;
}
