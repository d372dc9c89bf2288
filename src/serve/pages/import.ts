/**
 * The import page and its fragments: a drop zone; the preview of a dropped file — the tables
 * recognised, notes, the leaves a printed line determined, every change (line, segment,
 * saved → new, the cells it comes from), what it does to the key figures (ending cash …), the
 * findings of the book as it would be — then Apply, or why the file cannot be imported; and
 * what Apply wrote.
 */
import { countedStatus, STATUS_WORDS } from "../../model/findings.ts";
import { segmentLabel, totalColumnLabel } from "../../model/glossary.ts";
import { formatJapanese } from "../../model/money.ts";
import { formatSource } from "../../model/provenance.ts";
import { amountText, minusAmount } from "../../model/quantity.ts";
import { inLang, type Lang } from "../../model/text.ts";
import type { Applied, ImportPreview } from "../import-preview.ts";
import type { KeyChange } from "../key-figures.ts";
import { issueList } from "./problems.ts";
import { esc, wordsIn } from "./shell.ts";

/** The body of the import page. */
export function importPage(allowed: boolean, unit: string, lang: Lang): string {
  const t = wordsIn(lang);
  const off = allowed
    ? ""
    : `<p class="banner" id="import-off">${t("取込は無効です。<code>yosan serve --allow-import</code> で起動すると、ここにドロップしたファイルを帳簿に反映できます。", "Import is off. Start <code>yosan serve --allow-import</code> to write a file dropped here into the book.")}</p>`;
  const drop = t("ここにファイルをドロップ", "Drop a file here");
  return `<h1>${t("取込", "Import")}</h1>
${off}
<p class="muted">${t("xlsx・CSV・TSV・テキスト（UTF-8 / Shift_JIS）の表を読み取り、<code>yosan import --dry-run</code> と同じく何が変わるかを表示します。帳簿への書き込みは「帳簿に反映」を押したときだけ、すべてか無しかで行い、元の帳簿はバックアップとして残します。単位：", "Reads the tables of an xlsx, CSV, TSV or text file (UTF-8 / Shift_JIS) and shows what would change, as <code>yosan import --dry-run</code> does. The book is written only when you press “Apply to the book”, all or nothing, and the book as it was is kept as a backup. Unit: ")}${esc(unit)}</p>
<div id="dropzone" class="dropzone${allowed ? "" : " disabled"}" aria-label="${drop}">
<p>${drop}</p>
<p><label>${t("またはファイルを選択:", "or choose a file:")} <input type="file" id="import-file"${allowed ? "" : " disabled"}></label></p>
</div>
<div id="import-result" aria-live="polite"></div>`;
}

/** The name of a column: a segment's, 合計 — or 金額 in a book without segments (科目 | 金額). */
function columnName(segments: readonly { id: string; name: string }[], id: string | null): string {
  return id === null ? totalColumnLabel(segments) : segmentLabel(segments, id);
}

function effectsTable(
  effects: readonly KeyChange[],
  segments: readonly { id: string; name: string }[],
  lang: Lang,
): string {
  const t = wordsIn(lang);
  if (effects.length === 0)
    return `<p class="muted" id="import-effects">${t("主要な数値は変わりません。", "The key figures do not change.")}</p>`;
  const rows = effects.map(
    (k) =>
      `<tr data-line="${esc(k.line.id)}" data-segment="${esc(k.column ?? "")}"><td>${esc(k.statement.title)}</td><th>${esc(k.line.label)}</th><td>${esc(columnName(segments, k.column))}</td><td class="amt">${esc(amountText(k.before))}</td><td>→</td><td class="amt"><strong>${esc(amountText(k.after))}</strong></td><td class="amt">${esc(amountText(minusAmount(k.after, k.before)))}</td></tr>`,
  );
  return `<h3>${t("主要な数値への影響", "Effect on the key figures")}</h3><table class="plain" id="import-effects"><thead><tr><th>${t("計算書", "Statement")}</th><th>科目</th><th>${t("列", "Column")}</th><th class="amt">${t("現在", "Now")}</th><th></th><th class="amt">${t("取込後", "After import")}</th><th class="amt">${t("差額", "Difference")}</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function recognisedList(p: ImportPreview, lang: Lang): string {
  const t = wordsIn(lang);
  const plan = p.plan;
  if (!plan) return "";
  const note = t("注:", "note:");
  const items = plan.recognised.map(
    (r) =>
      `<li>${esc(inLang(r.description, lang))} → <span class="mono">${esc(r.where)}</span>${r.used ? "" : t(" （入力シートの表示用のため取り込みません）", " (not imported: it is shown on the input sheet only)")}${r.notes.map((n) => `<br><span class="muted">${note} ${esc(inLang(n, lang))}</span>`).join("")}</li>`,
  );
  const notes = plan.notes.map((n) => `<li class="muted">${note} ${esc(inLang(n, lang))}</li>`);
  return `<details class="recognised"><summary>${t("認識した表", "Tables recognised")} (${plan.recognised.length})</summary><ul>${items.join("")}${notes.join("")}</ul></details>`;
}

/** The preview of a dropped file. */
export function previewFragment(p: ImportPreview, canApply: boolean, lang: Lang): string {
  const t = wordsIn(lang);
  const book = p.plan?.layoutBook;
  const segments = book?.segments ?? [];
  if (
    p.plan === null ||
    p.issues.some((i) => i.severity === "error") ||
    p.plan.recognised.length === 0
  ) {
    const why =
      p.issues.length > 0
        ? issueList(p.issues, lang)
        : `<p>${t(`${esc(p.fileName)} に、この帳簿の表として認識できるものがありません。`, `Nothing in ${esc(p.fileName)} is recognised as a table of this book.`)}</p>`;
    return `<div class="import-preview" data-result="error"><h2 class="error">${t("取り込めません:", "Cannot import:")} ${esc(p.fileName)}</h2><p>${t("帳簿は変更されていません。", "The book was not changed.")}</p>${why}${recognisedList(p, lang)}</div>`;
  }
  const labels = new Map((book?.lines ?? []).map((l) => [l.id, l.label]));
  const determined = p.plan.determined.map(
    (d) =>
      `<li>${esc(labels.get(d.line) ?? d.line)}${segments.length === 0 ? "" : ` (${esc(segmentLabel(segments, d.segment ?? undefined))})`} = ${esc(d.amount.format())} — ${esc(d.determinedBy ? inLang(d.determinedBy, lang) : "")}</li>`,
  );
  const kinds = {
    added: t("追加", "added"),
    changed: t("変更", "changed"),
    removed: t("削除", "removed"),
  } as const;
  const changes = p.changes.map(
    (c) =>
      `<tr class="change change-${c.kind}" data-line="${esc(c.line.id)}" data-segment="${esc(c.segment ?? "")}"><td>${kinds[c.kind]}</td><th>${esc(c.line.label)}</th><td>${esc(columnName(segments, c.segment))}</td><td class="amt">${esc(formatJapanese(c.old))}</td><td>→</td><td class="amt"><strong>${esc(formatJapanese(c.new))}</strong></td><td class="mono">${esc(c.sources.map(formatSource).join(", "))}</td></tr>`,
  );
  const counts = p.counts;
  const notable = p.findings.filter((f) => f.status !== "pass");
  const warnings = p.issues.filter((i) => i.severity === "warning");
  const body = p.unchanged
    ? `<p class="ok" id="no-changes">${t("変更はありません（no changes）: 取り込む内容は帳簿と同じです。", "No changes: what the file brings is what the book has.")}</p>`
    : `${
        changes.length === 0
          ? `<p id="import-changes">${t("入力の変更はありません（印刷値・表の取込のみ）。", "No input changes (printed figures and tables only).")}</p>`
          : `<h3>${t("変更", "Changes")} (${changes.length})</h3><table class="plain" id="import-changes"><thead><tr><th></th><th>科目</th><th>${t("列", "Column")}</th><th class="amt">${t("現在", "Now")}</th><th></th><th class="amt">${t("取込後", "After import")}</th><th>${t("セル", "Cell")}</th></tr></thead><tbody>${changes.join("")}</tbody></table>`
      }
${effectsTable(p.effects, segments, lang)}`;
  const word = (s: keyof typeof STATUS_WORDS) => esc(inLang(STATUS_WORDS[s], lang));
  const sep = t("・", " · ");
  const tally = [
    ...(counts && counts.passed > 0 ? [`${word("pass")} ${counts.passed}`] : []),
    `${word("fail")} ${counts?.failed ?? 0}`,
    `${word("warn")} ${counts?.warned ?? 0}`,
    ...(counts && counts.structural > 0 ? [`${word("built")} ${counts.structural}`] : []),
  ].join(sep);
  const findings = counts
    ? `<h3>${t("取り込む内容のチェック", "Checks of what is imported")} <small>${t("（yosan import と同じ: 取り込む印刷値の照合と、一致しないチェック）", "(as yosan import: the tie-out of the printed figures it brings, and the checks that do not pass)")}</small></h3><p>${tally}</p>${notable.length > 0 ? `<ul class="import-findings">${notable.map((f) => `<li><span class="badge badge-${f.status}">${word(countedStatus(f))}</span> <code>${esc(f.check)}</code> ${esc(inLang(f.message, lang))}</li>`).join("")}</ul>` : ""}`
    : "";
  const apply =
    p.pending && !p.unchanged
      ? `<p><button type="button" class="primary" data-action="import-apply" data-id="${esc(p.pending.id)}"${canApply ? "" : " disabled"}>${t("帳簿に反映", "Apply to the book")}</button> <span class="muted">${t("すべてか無しかで書き込み、元の帳簿はバックアップとして残します。", "Written all or nothing; the book as it was is kept as a backup.")}</span></p>`
      : "";
  return `<div class="import-preview" data-result="${p.unchanged ? "unchanged" : "changes"}">
<h2>${esc(p.fileName)}</h2>
${body}
${determined.length > 0 ? `<h3>${t("印刷値から決まった入力", "Inputs the printed figures determined")}</h3><ul>${determined.join("")}</ul>` : ""}
${recognisedList(p, lang)}
${warnings.length > 0 ? `<h3>${t("注意", "Warnings")} (${warnings.length})</h3>${issueList(warnings, lang)}` : ""}
${findings}
${apply}
</div>`;
}

/** What Apply did. */
export function appliedFragment(a: Applied, lang: Lang): string {
  const t = wordsIn(lang);
  if (!a.ok)
    return `<div class="import-preview" data-result="refused"><p class="error">${esc(inLang(a.message, lang))}</p>${a.issues.length > 0 ? issueList(a.issues, lang) : ""}</div>`;
  const files = esc(a.files.join(", ") || t("変更したファイルなし", "no file changed"));
  const dir = `<span class="mono">${esc(a.bookDir)}</span>`;
  const backup = a.backup ? `<span class="mono">${esc(a.backup)}</span>` : "";
  return `<div class="import-preview" data-result="applied"><p class="ok" id="import-applied">${t(`帳簿に書き込みました: ${dir}（${files}）`, `Written into the book: ${dir} (${files})`)}</p>${backup ? `<p>${t(`元の帳簿は ${backup} に残しました。`, `The book as it was is kept in ${backup}.`)}</p>` : ""}</div>`;
}
