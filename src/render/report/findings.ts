/** The report's check results: failures first, then warnings, then a count per check. */
import {
  type CheckId,
  type CountedStatus,
  checkWords,
  countedStatus,
  declaredWords,
  FINDING_WORDS,
  type Finding,
  formatCompared,
  STATUS_WORDS,
} from "../../model/findings.ts";
import { segmentLabel } from "../../model/glossary.ts";
import type { Model } from "../../model/model.ts";
import { formatSource } from "../../model/provenance.ts";
import { inLang, type Lang, say, type Text } from "../../model/text.ts";
import { esc, SECTION_WORDS } from "./html.ts";

/** The words of the check results, in each language. */
const WORDS = {
  ...FINDING_WORDS,
  allPass: say("すべてのチェックが一致しました。", "Every check passes."),
  failures: say("不一致", "Failures"),
  warnings: say("警告", "Warnings"),
  byCheck: say("チェック別の件数", "Findings by check"),
  asserts: say("内容", "What it asserts"),
  builtTitle: say(
    "この帳簿では構成上必ず成立する照合（様式が一方を他方から導く）",
    "holds by construction in this book (the layout derives one side from the other)",
  ),
  hintColumn: say("対処", "Hint"),
} as const;

function wordsOf(model: Model, id: CheckId): { title: Text; hint: Text } {
  return checkWords(id, declaredWords(model.book.checks).get(id));
}

function findingTarget(model: Model, f: Finding): string {
  const st = model.book.statements.find((s) => s.id === f.statement)?.title ?? f.statement;
  const line =
    f.line === undefined
      ? undefined
      : (model.book.lines.find((l) => l.id === f.line)?.label ?? f.line);
  // A book without segments: every figure is the total, nothing to name.
  const segment =
    model.book.segments.length === 0 ? undefined : segmentLabel(model.book.segments, f.segment);
  return [st, line, segment].filter((x) => x !== undefined).join(" · ");
}

/**
 * One finding as a list item: status, check and its words, where, the numbers, sources and
 * hint; yosan's words in `lang`.
 */
export function renderFinding(model: Model, f: Finding, lang: Lang): string {
  const w = (t: Text) => esc(inLang(t, lang));
  const words = wordsOf(model, f.check);
  const c = f.compared;
  const numbers =
    c !== undefined
      ? `<dl class="numbers"><dt>${w(f.relation === "<=" ? WORDS.atMost : f.relation === ">=" ? WORDS.atLeast : WORDS.expected)}</dt><dd>${esc(formatCompared(c, "expected"))}</dd><dt>${w(WORDS.actual)}</dt><dd>${esc(formatCompared(c, "actual"))}</dd><dt>${w(WORDS.difference)}</dt><dd>${esc(formatCompared(c, "difference"))}</dd></dl>`
      : "";
  const sources =
    f.sources.length > 0
      ? `<p class="sources">${w(WORDS.sources)}: ${f.sources.map((s) => `<span class="mono">${esc(formatSource(s, lang))}</span>`).join(" ")}</p>`
      : "";
  return `<li class="finding finding-${f.status}" data-check="${esc(f.check)}" data-status="${f.status}">
<p class="finding-head"><span class="badge badge-${f.status}">${w(STATUS_WORDS[f.status])}</span> <code>${esc(f.check)}</code> ${w(words.title)}</p>
<p class="target">${esc(findingTarget(model, f))}</p>
${numbers}
<p class="message">${w(f.message)}</p>
${sources}
<p class="hint">${w(WORDS.hint)}: ${w(words.hint)}</p>
</li>`;
}

/** The check results section: failures, warnings, then the count of each check; in `lang`. */
export function renderChecks(model: Model, findings: readonly Finding[], lang: Lang): string {
  const w = (t: Text) => esc(inLang(t, lang));
  const fails = findings.filter((f) => f.status === "fail");
  const warns = findings.filter((f) => f.status === "warn");
  const byCheck = new Map<CheckId, Record<CountedStatus, number>>();
  for (const f of findings) {
    const c = byCheck.get(f.check) ?? { pass: 0, fail: 0, warn: 0, built: 0 };
    c[countedStatus(f)] += 1;
    byCheck.set(f.check, c);
  }
  const list = (items: readonly Finding[], heading: Text, cls: string) =>
    items.length === 0
      ? ""
      : `<h3 class="${cls}">${w(heading)} (${items.length})</h3>\n<ol class="findings">\n${items.map((f) => renderFinding(model, f, lang)).join("\n")}\n</ol>`;
  const summaryRows = [...byCheck.entries()].map(([id, c]) => {
    const words = wordsOf(model, id);
    return `<tr data-check="${esc(id)}"><td><code>${esc(id)}</code></td><td>${w(words.title)}</td><td class="num">${c.pass}</td><td class="num${c.fail > 0 ? " bad" : ""}">${c.fail}</td><td class="num${c.warn > 0 ? " warnc" : ""}">${c.warn}</td><td class="num">${c.built}</td><td class="hint-cell">${w(words.hint)}</td></tr>`;
  });
  return `<section id="checks" class="page">
<h2>${w(SECTION_WORDS.checks)}</h2>
${fails.length === 0 && warns.length === 0 ? `<p class="status status-pass">${w(WORDS.allPass)}</p>` : ""}
${list(fails, WORDS.failures, "fail-heading")}
${list(warns, WORDS.warnings, "warn-heading")}
<h3>${w(WORDS.byCheck)}</h3>
<table class="check-summary"><thead><tr><th>ID</th><th>${w(WORDS.asserts)}</th><th>${w(STATUS_WORDS.pass)}</th><th>${w(STATUS_WORDS.fail)}</th><th>${w(STATUS_WORDS.warn)}</th><th title="${w(WORDS.builtTitle)}">${w(STATUS_WORDS.built)}</th><th>${w(WORDS.hintColumn)}</th></tr></thead>
<tbody>
${summaryRows.join("\n")}
</tbody></table>
</section>`;
}
