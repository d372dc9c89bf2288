/**
 * What every page shares: the document around it (its title, the session's token and the book's
 * generation — how many times it was loaded — in meta tags, the style sheet and script from the
 * server), the bar with the book and
 * the check badge, the navigation, and the what-if banner while the session has unsaved edits.
 * Every text from the book goes through `esc`.
 */

import type { Version } from "../../model/book.ts";
import type { FindingCounts } from "../../model/findings.ts";
import { JA, VERSION_KIND_LABELS } from "../../model/glossary.ts";
import type { Column } from "../../model/model.ts";
import { formatJapanese } from "../../model/money.ts";
import { esc } from "../../render/report/html.ts";
import type { KeyChange } from "../key-figures.ts";
import type { AppliedEdit } from "../whatif.ts";

export { esc };

export type NavKey =
  | "overview"
  | "statements"
  | "findings"
  | "commitments"
  | "downloads"
  | "import"
  | "explain"
  | "compare";

const NAV: readonly [NavKey, string, string][] = [
  ["overview", "/", "概要"],
  ["statements", "/statements", "財務諸表"],
  ["compare", "/compare", "版の比較"],
  ["findings", "/findings", "チェック結果"],
  ["commitments", "/commitments", "債務負担行為"],
  ["downloads", "/downloads", "ダウンロード"],
  ["import", "/import", "取込"],
];

/** What the shell needs to know about the page and the book. */
interface Shell {
  readonly title: string;
  readonly active: NavKey;
  /** The session's token for requests that change something. */
  readonly token: string;
  /** How many times the book was loaded when the page was made (the page reloads when it changes). */
  readonly generation: number;
  /** `entity title` of the book, when it loaded. */
  readonly book?: string;
  readonly counts?: FindingCounts;
  /** HTML of the what-if banner, when the session has edits. */
  readonly banner?: string;
  /** Whether the book has more than one version (then 版の比較 is in the navigation). */
  readonly hasVersions?: boolean;
  /** The version the page shows, when it shows the picker: its links and requests carry it. */
  readonly shown?: string;
  /** HTML of the version picker, for a book of more than one version. */
  readonly versions?: string;
}

function badge(counts: FindingCounts): string {
  const pill = (cls: string, label: string, n: number, status: string) =>
    `<a href="/findings?status=${status}" class="pill pill-${cls}" title="${esc(label)}">${esc(label)} ${n.toLocaleString("en-US")}</a>`;
  return `<span class="badge-counts" id="check-badge">チェック ${pill("pass", "一致", counts.passed, "pass")}${pill("fail", "不一致", counts.failed, "fail")}${pill("warn", "警告", counts.warned, "warn")}${counts.structural > 0 ? pill("built", "構成上成立", counts.structural, "built") : ""}</span>`;
}

/** A whole page. */
export function page(shell: Shell, body: string): string {
  const carry = (key: NavKey, href: string) =>
    shell.shown !== undefined && key !== "compare" && key !== "import"
      ? `${href}?v=${encodeURIComponent(shell.shown)}`
      : href;
  const nav = NAV.filter(([key]) => key !== "compare" || shell.hasVersions === true)
    .map(
      ([key, href, label]) =>
        `<a href="${esc(carry(key, href))}"${key === shell.active ? ' class="active" aria-current="page"' : ""}>${label}</a>`,
    )
    .join("");
  return `<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="yosan-token" content="${esc(shell.token)}">
<meta name="yosan-generation" content="${shell.generation}">
<title>${esc(shell.title)}${shell.book ? ` — ${esc(shell.book)}` : ""}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/app.css">
</head>
<body data-page="${shell.active}"${shell.shown !== undefined ? ` data-version="${esc(shell.shown)}"` : ""}>
<div class="topbar"><span class="book">yosan<small>${esc(shell.book ?? "")}</small></span><nav>${nav}</nav>${shell.counts ? badge(shell.counts) : ""}</div>
<main>
${shell.versions ?? ""}
${shell.banner ?? ""}
${body}
</main>
<script src="/assets/app.js"></script>
</body>
</html>
`;
}

/**
 * The version picker: every version a page can show, the one shown marked, each a link to the
 * same page showing it (`href`); a sample version says so.
 */
export function versionBar(
  versions: readonly Version[],
  shown: Version,
  defaultId: string,
  href: (id: string) => string,
  notice = "",
): string {
  const links = versions.map((v) => {
    const label = `${v.name}${v.id === defaultId ? "（既定）" : ""}`;
    const title = `${VERSION_KIND_LABELS[v.kind]} · ${v.id}${v.sample ? ` · ${v.sample}` : ""}`;
    return `<a href="${esc(href(v.id))}" data-version="${esc(v.id)}" title="${esc(title)}"${v.id === shown.id ? ' class="active" aria-current="true"' : ""}>${esc(label)}</a>`;
  });
  const sample = shown.sample ? `<span class="tag sample">${esc(shown.sample)}</span>` : "";
  const other =
    shown.id !== defaultId
      ? '<span class="muted">（この版は表示のみ。試算は既定の版で行えます）</span>'
      : "";
  return `<nav class="versions tabs" id="version-bar" aria-label="版"><span class="muted">版：</span>${links.join("")}${sample}${other}</nav>${notice === "" ? "" : `<p class="error">${esc(notice)}</p>`}`;
}

/** A segment id or 合計 as a page and its URLs name a column. */
export function columnKey(column: Column): string {
  return column ?? JA.total;
}

/** The column a URL names: a segment id of the book, or null for 合計 (also for anything else). */
export function columnOf(segments: readonly { id: string }[], key: string | undefined): Column {
  return segments.find((s) => s.id === key)?.id ?? null;
}

/**
 * The banner of a page with unsaved what-if edits: each edit (saved → new), the key figures
 * they move, and the buttons to discard them or apply them (written like an import).
 */
export function whatIfBanner(
  edits: readonly AppliedEdit[],
  effects: readonly KeyChange[],
  segmentName: (c: Column) => string,
  canApply: boolean,
): string {
  if (edits.length === 0) return "";
  const rows = edits
    .map(
      (e) =>
        `<tr><th>${esc(e.label)}</th><td>${esc(e.segmentName)}</td><td class="amt">${esc(formatJapanese(e.saved))}</td><td>→</td><td class="amt"><strong>${esc(formatJapanese(e.amount))}</strong></td></tr>`,
    )
    .join("");
  const moved = effects
    .map(
      (k) =>
        `<tr class="effect" data-line="${esc(k.line.id)}" data-segment="${esc(columnKey(k.column))}"><th>${esc(k.line.label)}</th><td>${esc(segmentName(k.column))}</td><td class="amt">${esc(k.before.format())}</td><td>→</td><td class="amt"><strong>${esc(k.after.format())}</strong></td><td class="amt muted">(${esc(k.after.minus(k.before).format())})</td></tr>`,
    )
    .join("");
  return `<section class="banner whatif" id="whatif-banner">
<h2>試算中（未保存）: ${edits.length} 件の変更</h2>
<table>${rows}</table>
${moved ? `<p>主要な数値への影響:</p><table>${moved}</table>` : ""}
<p><button type="button" data-action="whatif-discard">破棄</button> <button type="button" class="primary" data-action="whatif-apply" data-output="whatif-result"${canApply ? "" : ' disabled title="yosan serve --allow-import で起動すると帳簿に反映できます"'}>帳簿に反映</button> <span id="whatif-result"></span></p>
</section>`;
}
