/**
 * The import page and its fragments: a drop zone; the preview of a dropped file — the tables
 * recognised, notes, the leaves a printed line determined, every change (line, segment,
 * saved → new, the cells it comes from), what it does to the key figures (ending cash …), the
 * findings of the book as it would be — then Apply, or why the file cannot be imported; and
 * what Apply wrote.
 */
import { segmentLabel } from "../../model/glossary.ts";
import { formatJapanese } from "../../model/money.ts";
import { formatSource } from "../../model/provenance.ts";
import type { Applied, ImportPreview } from "../import-preview.ts";
import type { KeyChange } from "../key-figures.ts";
import { issueList } from "./problems.ts";
import { esc } from "./shell.ts";

/** The body of the import page. */
export function importPage(allowed: boolean, unit: string): string {
  const off = allowed
    ? ""
    : '<p class="banner" id="import-off">取込は無効です。<code>yosan serve --allow-import</code> で起動すると、ここにドロップしたファイルを帳簿に反映できます。</p>';
  return `<h1>取込</h1>
${off}
<p class="muted">xlsx・CSV・TSV・テキスト（UTF-8 / Shift_JIS）の表を読み取り、<code>yosan import --dry-run</code> と同じく何が変わるかを表示します。帳簿への書き込みは「帳簿に反映」を押したときだけ、すべてか無しかで行い、元の帳簿はバックアップとして残します。単位：${esc(unit)}</p>
<div id="dropzone" class="dropzone${allowed ? "" : " disabled"}" aria-label="ここにファイルをドロップ">
<p>ここにファイルをドロップ</p>
<p><label>またはファイルを選択: <input type="file" id="import-file"${allowed ? "" : " disabled"}></label></p>
</div>
<div id="import-result" aria-live="polite"></div>`;
}

function effectsTable(
  effects: readonly KeyChange[],
  segments: readonly { id: string; name: string }[],
): string {
  if (effects.length === 0)
    return '<p class="muted" id="import-effects">主要な数値は変わりません。</p>';
  const rows = effects.map(
    (k) =>
      `<tr data-line="${esc(k.line.id)}" data-segment="${esc(k.column ?? "")}"><td>${esc(k.statement.title)}</td><th>${esc(k.line.label)}</th><td>${esc(segmentLabel(segments, k.column ?? undefined))}</td><td class="amt">${esc(k.before.format())}</td><td>→</td><td class="amt"><strong>${esc(k.after.format())}</strong></td><td class="amt">${esc(k.after.minus(k.before).format())}</td></tr>`,
  );
  return `<h3>主要な数値への影響</h3><table class="plain" id="import-effects"><thead><tr><th>計算書</th><th>科目</th><th>列</th><th class="amt">現在</th><th></th><th class="amt">取込後</th><th class="amt">差額</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function recognisedList(p: ImportPreview): string {
  const plan = p.plan;
  if (!plan) return "";
  const items = plan.recognised.map(
    (r) =>
      `<li>${esc(r.description)} → <span class="mono">${esc(r.where)}</span>${r.used ? "" : " （入力シートの表示用のため取り込みません）"}${r.notes.map((n) => `<br><span class="muted">note: ${esc(n)}</span>`).join("")}</li>`,
  );
  const notes = plan.notes.map((n) => `<li class="muted">note: ${esc(n)}</li>`);
  return `<details class="recognised"><summary>認識した表 (${plan.recognised.length})</summary><ul>${items.join("")}${notes.join("")}</ul></details>`;
}

/** The preview of a dropped file. */
export function previewFragment(p: ImportPreview, canApply: boolean): string {
  const book = p.plan?.layoutBook;
  const segments = book?.segments ?? [];
  if (
    p.plan === null ||
    p.issues.some((i) => i.severity === "error") ||
    p.plan.recognised.length === 0
  ) {
    const why =
      p.issues.length > 0
        ? issueList(p.issues)
        : `<p>${esc(p.fileName)} に、この帳簿の表として認識できるものがありません。</p>`;
    return `<div class="import-preview" data-result="error"><h2 class="error">取り込めません: ${esc(p.fileName)}</h2><p>帳簿は変更されていません。</p>${why}${recognisedList(p)}</div>`;
  }
  const labels = new Map((book?.lines ?? []).map((l) => [l.id, l.label]));
  const determined = p.plan.determined.map(
    (d) =>
      `<li>${esc(labels.get(d.line) ?? d.line)} (${esc(segmentLabel(segments, d.segment ?? undefined))}) = ${esc(d.amount.format())} — ${esc(d.determinedBy ?? "")}</li>`,
  );
  const kinds = { added: "追加", changed: "変更", removed: "削除" } as const;
  const changes = p.changes.map(
    (c) =>
      `<tr class="change change-${c.kind}" data-line="${esc(c.line.id)}" data-segment="${esc(c.segment ?? "")}"><td>${kinds[c.kind]}</td><th>${esc(c.line.label)}</th><td>${esc(segmentLabel(segments, c.segment ?? undefined))}</td><td class="amt">${esc(formatJapanese(c.old))}</td><td>→</td><td class="amt"><strong>${esc(formatJapanese(c.new))}</strong></td><td class="mono">${esc(c.sources.map(formatSource).join(", "))}</td></tr>`,
  );
  const counts = p.counts;
  const notable = p.findings.filter((f) => f.status !== "pass");
  const warnings = p.issues.filter((i) => i.severity === "warning");
  const body = p.unchanged
    ? `<p class="ok" id="no-changes">変更はありません（no changes）: 取り込む内容は帳簿と同じです。</p>`
    : `${
        changes.length === 0
          ? '<p id="import-changes">入力の変更はありません（印刷値・表の取込のみ）。</p>'
          : `<h3>変更 (${changes.length})</h3><table class="plain" id="import-changes"><thead><tr><th></th><th>科目</th><th>列</th><th class="amt">現在</th><th></th><th class="amt">取込後</th><th>セル</th></tr></thead><tbody>${changes.join("")}</tbody></table>`
      }
${effectsTable(p.effects, segments)}`;
  const findings = counts
    ? `<h3>取り込む内容のチェック <small>（yosan import と同じ: 取り込む印刷値の照合と、一致しないチェック）</small></h3><p>${counts.passed > 0 ? `一致 ${counts.passed}・` : ""}不一致 ${counts.failed}・警告 ${counts.warned}${counts.structural > 0 ? `・構成上成立 ${counts.structural}` : ""}</p>${notable.length > 0 ? `<ul class="import-findings">${notable.map((f) => `<li><span class="badge badge-${f.status}">${f.status}</span> <code>${esc(f.check)}</code> ${esc(f.message)}</li>`).join("")}</ul>` : ""}`
    : "";
  const apply =
    p.pending && !p.unchanged
      ? `<p><button type="button" class="primary" data-action="import-apply" data-id="${esc(p.pending.id)}"${canApply ? "" : " disabled"}>帳簿に反映</button> <span class="muted">すべてか無しかで書き込み、元の帳簿はバックアップとして残します。</span></p>`
      : "";
  return `<div class="import-preview" data-result="${p.unchanged ? "unchanged" : "changes"}">
<h2>${esc(p.fileName)}</h2>
${body}
${determined.length > 0 ? `<h3>印刷値から決まった入力</h3><ul>${determined.join("")}</ul>` : ""}
${recognisedList(p)}
${warnings.length > 0 ? `<h3>注意 (${warnings.length})</h3>${issueList(warnings)}` : ""}
${findings}
${apply}
</div>`;
}

/** What Apply did. */
export function appliedFragment(a: Applied): string {
  if (!a.ok)
    return `<div class="import-preview" data-result="refused"><p class="error">${esc(a.message)}</p>${a.issues.length > 0 ? issueList(a.issues) : ""}</div>`;
  return `<div class="import-preview" data-result="applied"><p class="ok" id="import-applied">帳簿に書き込みました: <span class="mono">${esc(a.bookDir)}</span>（${esc(a.files.join(", ") || "変更したファイルなし")}）</p>${a.backup ? `<p>元の帳簿は <span class="mono">${esc(a.backup)}</span> に残しました。</p>` : ""}</div>`;
}
