/**
 * What every page shows instead of figures when the book does not load: each input issue at
 * its file, row and column, with the row and the hint, as the command line prints them. The
 * page reloads by itself once the files are fixed.
 */
import { formatInputIssue, type InputIssue } from "../../model/issues.ts";
import { esc } from "./shell.ts";

/** Most issues listed (the rest counted). */
const MAX_LISTED = 100;

/** A list of issues, each with its code. */
export function issueList(issues: readonly InputIssue[]): string {
  const shown = issues.slice(0, MAX_LISTED);
  const rest = issues.length - shown.length;
  return `<ul class="issues">${shown
    .map(
      (i) =>
        `<li class="issue issue-${i.severity}" data-code="${esc(i.code)}"><code>${esc(i.code)}</code><pre>${esc(formatInputIssue(i))}</pre></li>`,
    )
    .join("")}${rest > 0 ? `<li>… ほか ${rest.toLocaleString("en-US")} 件</li>` : ""}</ul>`;
}

/** The body of a page when the book does not load. */
export function problemsPage(dir: string, issues: readonly InputIssue[]): string {
  return `<section id="book-problems">
<h1>帳簿を読み込めません</h1>
<p><span class="mono">${esc(dir)}</span>: ${issues.length.toLocaleString("en-US")} 件の問題があります。古い数値は表示しません。ファイルを直して保存すると、このページは自動で読み込み直します。</p>
${issueList(issues)}
</section>`;
}
