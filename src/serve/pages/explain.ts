/**
 * The derivation of one figure (what `yosan explain` prints), as a tree one can open level by
 * level: each term with its sign, label, amount and formula, down to the input cells — each
 * naming its file, row and column (and sheet, for a workbook) — and the same tree as the
 * command's text. For an input line in a segment, a form to try another amount (what-if).
 */
import { type ExplainNode, explain } from "../../derive/explain.ts";
import { segmentLabel, unitNote } from "../../model/glossary.ts";
import type { Column } from "../../model/model.ts";
import type { CellSource } from "../../model/provenance.ts";
import { renderExplainText } from "../../render/explain-text.ts";
import { echo } from "../guard.ts";
import type { PageView } from "../view.ts";
import { WHAT_IF_FILE } from "../whatif.ts";
import { columnKey, esc } from "./shell.ts";

/** Levels of the tree shown open at first (the rest one click away). */
const OPEN_LEVELS = 2;

function sourceText(c: CellSource): string {
  const parts = [`<span class="file">${esc(c.file)}</span>`];
  if (c.sheet !== undefined) parts.push(`シート <span class="sheet">${esc(c.sheet)}</span>`);
  parts.push(`行 <span class="row">${c.row}</span>`);
  if (c.column !== undefined) parts.push(`列 <span class="column">${esc(c.column)}</span>`);
  return parts.join(" · ");
}

/** `前期末現金及び預金 + 資金収支差額`: a formula in its terms' labels, as the command prints it. */
function formulaInWords(n: ExplainNode): string {
  if (n.children.length === 0) return "0";
  return n.children
    .map((c, i) => `${i === 0 ? (c.sign < 0 ? "− " : "") : c.sign < 0 ? " − " : " + "}${c.label}`)
    .join("");
}

function nodeHtml(n: ExplainNode, column: Column, depth: number, root: boolean): string {
  const op = root ? "" : n.sign < 0 ? "−" : "+";
  const amount = `<span class="amt${n.amount.isNegative() ? " neg" : ""}">${esc(n.amount.format())}</span>`;
  if (n.kind === "cell") {
    const where = n.cell
      ? `<span class="src" title="${esc(n.source ?? "")}">${sourceText(n.cell)}</span>`
      : `<span class="src">${esc(n.ref)}</span>`;
    const whatIf = n.cell?.file === WHAT_IF_FILE ? ' class="whatif-row"' : "";
    return `<li${whatIf} data-kind="cell"><span class="op">${op}</span>${amount}${where} <span class="label">${esc(n.label)}</span>${n.note ? ` <span class="note">— ${esc(n.note)}</span>` : ""}</li>`;
  }
  const name =
    n.statement !== undefined && !root
      ? `<a class="term" data-explain data-line="${esc(n.ref)}" data-segment="${esc(columnKey(column))}" href="#">${esc(n.label)}</a>`
      : `<span class="label">${esc(n.label)}</span>`;
  const how =
    n.kind === "formula"
      ? ` <span class="formula" title="${esc(n.formula ?? "")}">= ${esc(formulaInWords(n))}</span>`
      : n.kind === "input"
        ? ` <span class="rows">(入力 ${(n.rows ?? n.children.length).toLocaleString("en-US")} 行)</span>`
        : "";
  const head = `<span class="op">${op}</span>${name}${amount}${how}`;
  if (n.children.length === 0) return `<li data-kind="${n.kind}">${head}</li>`;
  const children = n.children.map((c) => nodeHtml(c, column, depth + 1, false)).join("");
  return `<li data-kind="${n.kind}"><details${depth < OPEN_LEVELS ? " open" : ""}><summary>${head}</summary><ul>${children}</ul></details></li>`;
}

type ExplainLookup = { ok: true; html: string } | { ok: false; message: string };

/** The derivation panel of `lineId` in `column` of the view's model. */
export function explainPanel(
  view: PageView,
  lineId: string,
  column: Column,
  whatIfAllowed = true,
): ExplainLookup {
  const model = view.model;
  const line = model.book.lines.find((l) => l.id === lineId && l.kind !== "heading");
  if (!line) return { ok: false, message: `no line 「${echo(lineId)}」 in this book` };
  const tree = explain(model, line, column);
  const statement = model.book.statements.find((s) => s.id === line.statement);
  const where = segmentLabel(model.book.segments, column ?? undefined);
  const saved = view.saved.figure(line.id, column).amount;
  const form =
    whatIfAllowed && view.editable && line.kind === "leaf" && column !== null
      ? `<form class="whatif" data-whatif data-line="${esc(line.id)}" data-segment="${esc(column)}">
<label>試算: この入力科目の金額を <input name="amount" inputmode="decimal" value="${esc(tree.amount.value.toFixed())}" aria-label="試算の金額"> に</label>
<button type="submit" class="primary">再計算</button> <span class="muted">保存値 ${esc(saved.format())}</span>
<span class="message" role="status"></span></form>`
      : "";
  const html = `<div class="explain" data-line="${esc(line.id)}" data-segment="${esc(columnKey(column))}">
<header><h3>${esc(line.label)} <small>${esc(statement?.title ?? line.statement)} / ${esc(where)} ${esc(unitNote(model.book.unit))}</small></h3><button type="button" data-close-drill aria-label="閉じる">×</button></header>
<p class="figure">${esc(tree.amount.format())}</p>
${form}
<ul class="tree">${nodeHtml(tree, column, 0, true)}</ul>
<details class="as-text"><summary>テキストで表示（yosan explain と同じ）</summary><pre class="mono">${esc(renderExplainText(tree))}</pre></details>
</div>`;
  return { ok: true, html };
}
