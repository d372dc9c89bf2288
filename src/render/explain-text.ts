/**
 * `yosan explain` rendered: the derivation tree of a figure as indented text with its
 * operators (`当期末現金及び預金 21,616,961 = 前期末現金及び預金 + 資金収支差額`), down to the
 * input cells, and as plain JSON (amounts as decimal strings).
 */
import type { ExplainNode } from "../derive/explain.ts";
import { formatCount } from "../model/amount-text.ts";
import { amountText, Quantity } from "../model/quantity.ts";
import { inLang, type Lang } from "../model/text.ts";

/** ` = 0 (no items)`: a formula without terms, in `lang`. */
function noItems(lang: Lang): string {
  return lang === "ja" ? " = 0（項目なし）" : " = 0 (no items)";
}

/** ` (input: 3 rows)`: how many rows an input figure sums, in `lang`. */
function inputRows(rows: number, lang: Lang): string {
  return lang === "ja"
    ? `（入力：${formatCount(rows)} 行）`
    : ` (input: ${rows.toLocaleString("en-US")} row${rows === 1 ? "" : "s"})`;
}

/**
 * The tree as indented text, operators printed: `当期末現金及び預金 21,616,961 = 前期末… + 資金収支差額`,
 * `maxDepth` levels deep (undefined: all), yosan's own words in `lang`.
 */
export function renderExplainText(
  root: ExplainNode,
  maxDepth: number | undefined,
  lang: Lang,
): string {
  const depthLimit = maxDepth ?? Number.POSITIVE_INFINITY;
  const out: string[] = [];
  const walk = (
    n: ExplainNode,
    prefix: string,
    isLast: boolean,
    depth: number,
    isRoot: boolean,
  ) => {
    const op = isRoot ? "" : n.sign < 0 ? "− " : "+ ";
    let head = `${op}${inLang(n.label, lang)} ${amountText(n.amount)}`;
    if (n.kind === "formula" && n.children.length > 0) {
      head += ` = ${n.children.map((c, i) => `${i === 0 ? (c.sign < 0 ? "− " : "") : c.sign < 0 ? " − " : " + "}${inLang(c.label, lang)}`).join("")}`;
    } else if (n.kind === "formula") head += noItems(lang);
    else if (n.kind === "input") head += inputRows(n.rows ?? n.children.length, lang);
    else if (n.kind === "tax" && n.taxIn) head += ` = ${inLang(n.taxIn, lang)}`;
    else if (n.kind === "taxed" && n.taxed)
      head += lang === "ja" ? `（${n.taxed.words.ja}）` : ` (${n.taxed.words.en})`;
    if (n.kind === "cell") {
      const label = inLang(n.label, lang);
      head = `${op}${amountText(n.amount)}  ${n.source ?? inLang(n.ref, lang)}${label === "" ? "" : `  ${label}`}${n.note ? ` — ${n.note}` : ""}`;
    }
    const connector = isRoot ? "" : isLast ? "└─ " : "├─ ";
    out.push(`${prefix}${connector}${head}`);
    if (depth >= depthLimit) {
      if (n.children.length > 0) out.push(`${prefix}${isRoot ? "" : isLast ? "   " : "│  "}└─ …`);
      return;
    }
    const childPrefix = isRoot ? "" : `${prefix}${isLast ? "   " : "│  "}`;
    n.children.forEach((c, i) => {
      walk(c, childPrefix, i === n.children.length - 1, depth + 1, false);
    });
  };
  walk(root, "", true, 0, true);
  return out.join("\n");
}

/** The tree as plain JSON (amounts as decimal strings), yosan's own words in `lang`. */
export function explainJson(n: ExplainNode, lang: Lang): unknown {
  return {
    sign: n.sign,
    label: inLang(n.label, lang),
    ref: inLang(n.ref, lang),
    ...(n.statement ? { statement: n.statement } : {}),
    amount: n.amount.toString(),
    // A quantity's unit (戸, ㎥ …); money is in the book's unit.
    ...(n.amount instanceof Quantity ? { unit: n.amount.unit } : {}),
    kind: n.kind,
    ...(n.formula ? { formula: n.formula } : {}),
    ...(n.taxed
      ? { gross: n.taxed.gross.toString(), rate: n.taxed.rate, rule: inLang(n.taxed.words, lang) }
      : {}),
    ...(n.source ? { source: n.source } : {}),
    ...(n.note ? { note: n.note } : {}),
    children: n.children.map((c) => explainJson(c, lang)),
  };
}
