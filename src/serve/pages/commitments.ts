/**
 * The 債務負担行為 page: the register as the book has it (事項, 限度額, 行為年度, 負担となる年度,
 * segment, how its burden is spread), the burden by fiscal year as the report charts it, and
 * the register's findings.
 */
import { scheduleFor } from "../../derive/commitments.ts";
import type { Commitment } from "../../model/commitment.ts";
import { segmentLabel, unitNote } from "../../model/glossary.ts";
import type { Lang } from "../../model/text.ts";
import { commitmentsChart } from "../../render/report/charts.ts";
import {
  BASIS_LABELS,
  writtenRange,
  writtenYear,
} from "../../render/workbook/commitments-sheet.ts";
import type { PageView } from "../view.ts";
import { findingList } from "./findings.ts";
import { esc, wordsIn } from "./shell.ts";

/** The body of the 債務負担行為 page. */
export function commitmentsPage(view: PageView, lang: Lang): string {
  const t = wordsIn(lang);
  const heading = t("債務負担行為", "Commitments (債務負担行為)");
  const model = view.model;
  const plan = model.commitments;
  const b = model.book;
  if (!plan)
    return `<h1>${heading}</h1><p class="muted">${t("この帳簿には債務負担行為の一覧がありません（book.json の files.commitments）。", "This book has no register of commitments (債務負担行為; files.commitments in book.json).")}</p>`;
  const rows = plan.register.commitments.map((c: Commitment) => {
    const s = scheduleFor(c, plan.schedules);
    const limit =
      c.limit.kind === "amount" ? esc(c.limit.amount.format()) : `「${esc(c.limit.text)}」`;
    return `<tr><td class="amt">${c.no}</td><td>${esc(c.item)}</td><td class="amt">${limit}</td><td>${esc(writtenYear(c.authorisedYear, c))}</td><td>${esc(writtenRange(c))}</td><td>${esc(c.segment === undefined ? "" : segmentLabel(b.segments, c.segment))}</td><td>${esc(BASIS_LABELS[s.basis])}</td></tr>`;
  });
  const problems = view.findings.filter(
    (f) => f.check.startsWith("commitments.") && f.status !== "pass",
  );
  const count = plan.register.commitments.length;
  return `<h1>${heading} <small>${esc(unitNote(b.unit))}${t(`・${count} 件`, ` · ${count} commitment${count === 1 ? "" : "s"}`)}</small></h1>
${commitmentsChart(model, plan.outlook, lang)}
<h2>${t("一覧", "Register")}</h2>
<table class="plain" id="commitments-register"><thead><tr><th class="amt">No</th><th>事項</th><th class="amt">限度額</th><th>行為年度</th><th>負担となる年度</th><th>${esc(b.segmentTerm)}</th><th>年度割</th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table>
${problems.length > 0 ? `<h2>${t("確認が必要な点", "Points that need a look")} (${problems.length})</h2>${findingList(view, problems, lang)}` : `<p class="status status-pass">${t("債務負担行為のチェックはすべて一致しました。", "Every check of the commitments passed.")}</p>`}`;
}
