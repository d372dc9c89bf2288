/** The report's check results: failures first, then warnings, then a count per check. */
import {
  type CheckId,
  type CountedStatus,
  checkWords,
  countedStatus,
  declaredWords,
  type Finding,
  formatCompared,
} from "../../model/findings.ts";
import { segmentLabel } from "../../model/glossary.ts";
import type { Model } from "../../model/model.ts";
import { formatSource } from "../../model/provenance.ts";
import { esc, STATUS_WORDS } from "./html.ts";

function wordsOf(model: Model, id: CheckId): { title: string; hint: string } {
  return checkWords(id, declaredWords(model.book.checks).get(id));
}

function findingTarget(model: Model, f: Finding): string {
  const st = model.book.statements.find((s) => s.id === f.statement)?.title ?? f.statement;
  const line =
    f.line === undefined
      ? undefined
      : (model.book.lines.find((l) => l.id === f.line)?.label ?? f.line);
  return [st, line, segmentLabel(model.book.segments, f.segment)]
    .filter((x) => x !== undefined)
    .join(" · ");
}

/** One finding as a list item: status, check and its words, where, the numbers, sources and hint. */
export function renderFinding(model: Model, f: Finding): string {
  const words = wordsOf(model, f.check);
  const c = f.compared;
  const numbers =
    c !== undefined
      ? `<dl class="numbers"><dt>期待値</dt><dd>${esc(formatCompared(c, "expected"))}</dd><dt>実際</dt><dd>${esc(formatCompared(c, "actual"))}</dd><dt>差額</dt><dd>${esc(formatCompared(c, "difference"))}</dd></dl>`
      : "";
  const sources =
    f.sources.length > 0
      ? `<p class="sources">出典: ${f.sources.map((s) => `<span class="mono">${esc(formatSource(s))}</span>`).join(" ")}</p>`
      : "";
  return `<li class="finding finding-${f.status}" data-check="${esc(f.check)}" data-status="${f.status}">
<p class="finding-head"><span class="badge badge-${f.status}">${STATUS_WORDS[f.status]}</span> <code>${esc(f.check)}</code> ${esc(words.title)}</p>
<p class="target">${esc(findingTarget(model, f))}</p>
${numbers}
<p class="message">${esc(f.message)}</p>
${sources}
<p class="hint">確認: ${esc(words.hint)}</p>
</li>`;
}

export function renderChecks(model: Model, findings: readonly Finding[]): string {
  const fails = findings.filter((f) => f.status === "fail");
  const warns = findings.filter((f) => f.status === "warn");
  const byCheck = new Map<CheckId, Record<CountedStatus, number>>();
  for (const f of findings) {
    const c = byCheck.get(f.check) ?? { pass: 0, fail: 0, warn: 0, built: 0 };
    c[countedStatus(f)] += 1;
    byCheck.set(f.check, c);
  }
  const list = (items: readonly Finding[], heading: string, cls: string) =>
    items.length === 0
      ? ""
      : `<h3 class="${cls}">${heading} (${items.length})</h3>\n<ol class="findings">\n${items.map((f) => renderFinding(model, f)).join("\n")}\n</ol>`;
  const summaryRows = [...byCheck.entries()].map(([id, c]) => {
    const words = wordsOf(model, id);
    return `<tr data-check="${esc(id)}"><td><code>${esc(id)}</code></td><td>${esc(words.title)}</td><td class="num">${c.pass}</td><td class="num${c.fail > 0 ? " bad" : ""}">${c.fail}</td><td class="num${c.warn > 0 ? " warnc" : ""}">${c.warn}</td><td class="num">${c.built}</td><td class="hint-cell">${esc(words.hint)}</td></tr>`;
  });
  return `<section id="checks" class="page">
<h2>チェック結果</h2>
${fails.length === 0 && warns.length === 0 ? '<p class="status status-pass">すべてのチェックが一致しました。</p>' : ""}
${list(fails, "不一致", "fail-heading")}
${list(warns, "警告", "warn-heading")}
<h3>チェック別の件数</h3>
<table class="check-summary"><thead><tr><th>ID</th><th>内容</th><th>一致</th><th>不一致</th><th>警告</th><th title="このブックの構成上必ず成立する（レイアウトが一方を他方から導く）">構成上成立</th><th>確認のポイント</th></tr></thead>
<tbody>
${summaryRows.join("\n")}
</tbody></table>
</section>`;
}
