/**
 * What every page shows instead of figures when the book does not load: each input issue at
 * its file, row and column, with the row and the hint, as the command line prints them. The
 * page reloads by itself once the files are fixed.
 */
import { formatInputIssue, type InputIssue } from "../../model/issues.ts";
import { inLang, type Lang, say } from "../../model/text.ts";
import { esc, wordsIn } from "./shell.ts";

/** Most issues listed (the rest counted). */
const MAX_LISTED = 100;

/** A list of issues, each with its code. */
export function issueList(issues: readonly InputIssue[], lang: Lang): string {
  const t = wordsIn(lang);
  const shown = issues.slice(0, MAX_LISTED);
  const rest = issues.length - shown.length;
  const more = rest.toLocaleString("en-US");
  return `<ul class="issues">${shown
    .map(
      (i) =>
        `<li class="issue issue-${i.severity}" data-code="${esc(i.code)}"><code>${esc(i.code)}</code><pre>${esc(formatInputIssue(i, lang))}</pre></li>`,
    )
    .join("")}${rest > 0 ? `<li>${t(`… ほか ${more} 件`, `… and ${more} more`)}</li>` : ""}</ul>`;
}

/** What a page is called when the book does not load. */
export const PROBLEMS_TITLE = say("帳簿を読み込めません", "The book does not load");

/** The body of a page when the book does not load. */
export function problemsPage(dir: string, issues: readonly InputIssue[], lang: Lang): string {
  const t = wordsIn(lang);
  const n = issues.length.toLocaleString("en-US");
  return `<section id="book-problems">
<h1>${esc(inLang(PROBLEMS_TITLE, lang))}</h1>
<p><span class="mono">${esc(dir)}</span>: ${t(`${n} 件の問題があります。古い数値は表示しません。ファイルを直して保存すると、このページは自動で読み込み直します。`, `${n} problem${issues.length === 1 ? "" : "s"}. No figures are shown until the book loads again; fix the files and save them, and this page reloads by itself.`)}</p>
${issueList(issues, lang)}
</section>`;
}
