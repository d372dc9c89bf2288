/**
 * The derivation of one figure (what `yosan explain` prints), as a tree one can open level by
 * level: each term with its sign, label, amount and formula, down to the input cells — each
 * naming its file, row and column (and sheet, for a workbook) — and the same tree as the
 * command's text. For an input line in a segment, a form to try another amount (what-if).
 */
import { type ExplainNode, explain } from "../../derive/explain.ts";
import { segmentLabel, unitNote } from "../../model/glossary.ts";
import type { Column } from "../../model/model.ts";
import { type CellSource, formatSource } from "../../model/provenance.ts";
import { amountText } from "../../model/quantity.ts";
import { asWritten, inLang, type Lang } from "../../model/text.ts";
import { renderExplainText } from "../../render/explain-text.ts";
import { echo } from "../guard.ts";
import type { PageView } from "../view.ts";
import { editableColumn, WHAT_IF_FILE, whatIfShown } from "../whatif.ts";
import { columnKey, esc, wordsIn } from "./shell.ts";

/** Levels of the tree shown open at first (the rest one click away). */
const OPEN_LEVELS = 2;

function sourceText(c: CellSource, lang: Lang): string {
  const t = wordsIn(lang);
  const parts = [`<span class="file">${esc(c.file)}</span>`];
  if (c.sheet !== undefined)
    parts.push(`${t("シート", "sheet")} <span class="sheet">${esc(c.sheet)}</span>`);
  parts.push(`${t("行", "row")} <span class="row">${c.row}</span>`);
  if (c.column !== undefined)
    parts.push(`${t("列", "column")} <span class="column">${esc(c.column)}</span>`);
  return parts.join(" · ");
}

/** `(入力 3 行)`: how many input rows an input line has. */
function inputRows(rows: number, lang: Lang): string {
  const n = rows.toLocaleString("en-US");
  return wordsIn(lang)(`(入力 ${n} 行)`, `(${n} input row${rows === 1 ? "" : "s"})`);
}

/** The tree with each what-if adjustment's file and note as a page in `lang` names them. */
function shownTree(n: ExplainNode, lang: Lang): ExplainNode {
  if (n.kind === "cell" && n.cell !== undefined) {
    const shown = whatIfShown(n.cell, n.note, lang);
    if (shown.cell === n.cell) return n;
    const source = formatSource(shown.cell);
    const { note: _note, ...rest } = n;
    return {
      ...rest,
      cell: shown.cell,
      source,
      ref: asWritten(source),
      ...(shown.note !== undefined ? { note: shown.note } : {}),
    };
  }
  return n.children.length === 0
    ? n
    : { ...n, children: n.children.map((c) => shownTree(c, lang)) };
}

/** `前期末現金及び預金 + 資金収支差額`: a formula in its terms' labels, as the command prints it. */
function formulaInWords(n: ExplainNode, lang: Lang): string {
  if (n.children.length === 0) return "0";
  return n.children
    .map(
      (c, i) =>
        `${i === 0 ? (c.sign < 0 ? "− " : "") : c.sign < 0 ? " − " : " + "}${inLang(c.label, lang)}`,
    )
    .join("");
}

function nodeHtml(
  n: ExplainNode,
  column: Column,
  depth: number,
  root: boolean,
  lang: Lang,
): string {
  const op = root ? "" : n.sign < 0 ? "−" : "+";
  const amount = `<span class="amt${n.amount.isNegative() ? " neg" : ""}">${esc(amountText(n.amount))}</span>`;
  const label = esc(inLang(n.label, lang));
  if (n.kind === "cell") {
    const shown = n.cell ? whatIfShown(n.cell, n.note, lang) : { cell: undefined, note: n.note };
    const where = shown.cell
      ? `<span class="src" title="${esc(formatSource(shown.cell))}">${sourceText(shown.cell, lang)}</span>`
      : `<span class="src">${esc(inLang(n.ref, lang))}</span>`;
    const whatIf = n.cell?.file === WHAT_IF_FILE ? ' class="whatif-row"' : "";
    return `<li${whatIf} data-kind="cell"><span class="op">${op}</span>${amount}${where} <span class="label">${label}</span>${shown.note ? ` <span class="note">— ${esc(shown.note)}</span>` : ""}</li>`;
  }
  const name =
    n.statement !== undefined && !root
      ? `<a class="term" data-explain data-line="${esc(inLang(n.ref, lang))}" data-segment="${esc(columnKey(column))}" href="#">${label}</a>`
      : `<span class="label">${label}</span>`;
  const how =
    n.kind === "formula"
      ? ` <span class="formula" title="${esc(n.formula ?? "")}">= ${esc(formulaInWords(n, lang))}</span>`
      : n.kind === "input"
        ? ` <span class="rows">${esc(inputRows(n.rows ?? n.children.length, lang))}</span>`
        : n.kind === "tax"
          ? ` <span class="formula" title="${esc(n.formula ?? "")}">= ${esc(n.taxIn ? inLang(n.taxIn, lang) : "")}</span>`
          : n.kind === "taxed" && n.taxed
            ? ` <span class="rows">(${esc(inLang(n.taxed.words, lang))})</span>`
            : "";
  const head = `<span class="op">${op}</span>${name}${amount}${how}`;
  if (n.children.length === 0) return `<li data-kind="${n.kind}">${head}</li>`;
  const children = n.children.map((c) => nodeHtml(c, column, depth + 1, false, lang)).join("");
  return `<li data-kind="${n.kind}"><details${depth < OPEN_LEVELS ? " open" : ""}><summary>${head}</summary><ul>${children}</ul></details></li>`;
}

type ExplainLookup = { ok: true; html: string } | { ok: false; message: string };

/** The derivation panel of `lineId` in `column` of the view's model, in `lang`. */
export function explainPanel(
  view: PageView,
  lineId: string,
  column: Column,
  lang: Lang,
): ExplainLookup {
  const t = wordsIn(lang);
  const model = view.model;
  const line = model.book.lines.find((l) => l.id === lineId && l.kind !== "heading");
  if (!line)
    return {
      ok: false,
      message: t(
        `この帳簿に科目「${echo(lineId)}」はありません。`,
        `no line 「${echo(lineId)}」 in this book`,
      ),
    };
  const tree = explain(model, line, column);
  const statement = model.book.statements.find((s) => s.id === line.statement);
  // A book without segments: the statement's title says where the figure is.
  const where =
    model.book.segments.length === 0
      ? ""
      : ` / ${segmentLabel(model.book.segments, column ?? undefined)}`;
  const saved = view.saved.figure(line.id, column).amount;
  const form =
    view.editable && line.kind === "leaf" && editableColumn(model.book, column)
      ? `<form class="whatif" data-whatif data-line="${esc(line.id)}" data-segment="${esc(columnKey(column))}">
<label>${t("試算: この入力科目の金額を", "What-if: set this input line to")} <input name="amount" inputmode="decimal" value="${esc(tree.amount.value.toFixed())}" aria-label="${t("試算の金額", "what-if amount")}">${t(" に", "")}</label>
<button type="submit" class="primary">${t("再計算", "Recalculate")}</button> <span class="muted">${t("保存値", "saved")} ${esc(amountText(saved))}</span>
<span class="message" role="status"></span></form>`
      : "";
  const html = `<div class="explain" data-line="${esc(line.id)}" data-segment="${esc(columnKey(column))}">
<header><h3>${esc(line.label)} <small>${esc(statement?.title ?? line.statement)}${esc(where)} ${esc(unitNote(line.unit ?? model.book.unit))}</small></h3><button type="button" data-close-drill aria-label="${t("閉じる", "Close")}">×</button></header>
<p class="figure">${esc(amountText(tree.amount))}</p>
${form}
<ul class="tree">${nodeHtml(tree, column, 0, true, lang)}</ul>
<details class="as-text"><summary>${t("テキストで表示（yosan explain と同じ）", "As text (as yosan explain prints it)")}</summary><pre class="mono">${esc(renderExplainText(shownTree(tree, lang), undefined, lang))}</pre></details>
</div>`;
  return { ok: true, html };
}
