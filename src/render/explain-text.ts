/**
 * `yosan explain` rendered: the derivation tree of a figure as indented text with its
 * operators (`当期末現金及び預金 21,616,961 = 前期末現金及び預金 + 資金収支差額`), down to the
 * input cells, and as plain JSON (amounts as decimal strings).
 */
import type { ExplainNode } from "../derive/explain.ts";

/** The tree as indented text, operators printed: `当期末現金及び預金 21,616,961 = 前期末… + 資金収支差額`. */
export function renderExplainText(root: ExplainNode, maxDepth = Number.POSITIVE_INFINITY): string {
  const out: string[] = [];
  const walk = (
    n: ExplainNode,
    prefix: string,
    isLast: boolean,
    depth: number,
    isRoot: boolean,
  ) => {
    const op = isRoot ? "" : n.sign < 0 ? "− " : "+ ";
    let head = `${op}${n.label} ${n.amount.format()}`;
    if (n.kind === "formula" && n.children.length > 0) {
      head += ` = ${n.children.map((c, i) => `${i === 0 ? (c.sign < 0 ? "− " : "") : c.sign < 0 ? " − " : " + "}${c.label}`).join("")}`;
    } else if (n.kind === "formula") head += " = 0 (no items)";
    else if (n.kind === "input") {
      const rows = n.rows ?? n.children.length;
      head += ` (input: ${rows.toLocaleString("en-US")} row${rows === 1 ? "" : "s"})`;
    }
    if (n.kind === "cell")
      head = `${op}${n.amount.format()}  ${n.source ?? n.ref}  ${n.label}${n.note ? ` — ${n.note}` : ""}`;
    const connector = isRoot ? "" : isLast ? "└─ " : "├─ ";
    out.push(`${prefix}${connector}${head}`);
    if (depth >= maxDepth) {
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

/** The tree as plain JSON (amounts as decimal strings). */
export function explainJson(n: ExplainNode): unknown {
  return {
    sign: n.sign,
    label: n.label,
    ref: n.ref,
    ...(n.statement ? { statement: n.statement } : {}),
    amount: n.amount.toString(),
    kind: n.kind,
    ...(n.formula ? { formula: n.formula } : {}),
    ...(n.source ? { source: n.source } : {}),
    ...(n.note ? { note: n.note } : {}),
    children: n.children.map(explainJson),
  };
}
