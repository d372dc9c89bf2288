/**
 * What every page shares: the document around it (its language, its title, the session's token
 * and the book's generation — how many times it was loaded — in meta tags, the style sheet and
 * script from the server), the bar with the book, the check badge and the switch between 日本語
 * and English, the navigation, and the what-if banner while the session has unsaved edits.
 * Every text from the book goes through `esc`; yosan's own words are in the page's language.
 */

import type { Version } from "../../model/book.ts";
import { type FindingCounts, STATUS_WORDS } from "../../model/findings.ts";
import { JA, VERSION_KIND_LABELS } from "../../model/glossary.ts";
import type { Column } from "../../model/model.ts";
import { formatJapanese } from "../../model/money.ts";
import { amountText, minusAmount } from "../../model/quantity.ts";
import { inLang, LANGS, type Lang, say, type Text } from "../../model/text.ts";
import { esc } from "../../render/report/html.ts";
import type { KeyChange } from "../key-figures.ts";
import type { AppliedEdit } from "../whatif.ts";

export { esc };

/**
 * yosan's own words on a page of language `lang`: `t("概要", "Overview")` — Japanese first,
 * then English, as `say` (model/text.ts) takes them.
 */
export function wordsIn(lang: Lang): (ja: string, en: string) => string {
  return (ja, en) => inLang(say(ja, en), lang);
}

/** What each kind of version is called on a page (the book names the versions themselves). */
export const VERSION_KIND_WORDS: Readonly<Record<Version["kind"], Text>> = {
  budget: say(VERSION_KIND_LABELS.budget, "original budget"),
  revision: say(VERSION_KIND_LABELS.revision, "supplementary budget"),
  current: say(VERSION_KIND_LABELS.current, "current budget"),
  forecast: say(VERSION_KIND_LABELS.forecast, "settlement forecast"),
  actual: say(VERSION_KIND_LABELS.actual, "settlement"),
  previous: say(VERSION_KIND_LABELS.previous, "previous year"),
};

/** Each language by its own name, as the switch in the bar shows it. */
const LANG_NAMES: Readonly<Record<Lang, string>> = { ja: "日本語", en: "English" };

export type NavKey =
  | "overview"
  | "statements"
  | "findings"
  | "commitments"
  | "downloads"
  | "import"
  | "explain"
  | "compare";

/** The pages in the navigation, each with its name (also its title). */
export const NAV: readonly [NavKey, string, Text][] = [
  ["overview", "/", say("概要", "Overview")],
  ["statements", "/statements", say("財務諸表", "Statements")],
  ["compare", "/compare", say("版の比較", "Compare versions")],
  ["findings", "/findings", say("チェック結果", "Checks")],
  ["commitments", "/commitments", say("債務負担行為", "Commitments")],
  ["downloads", "/downloads", say("ダウンロード", "Downloads")],
  ["import", "/import", say("取込", "Import")],
];

/** What the shell needs to know about the page and the book. */
interface Shell {
  /** The language of yosan's own words on the page (`<html lang>`). */
  readonly lang: Lang;
  /** The same page in each language (the switch in the bar), when the page offers it. */
  readonly inEachLang?: Readonly<Record<Lang, string>>;
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

function badge(counts: FindingCounts, lang: Lang): string {
  const pill = (status: keyof typeof STATUS_WORDS, n: number) => {
    const label = inLang(STATUS_WORDS[status], lang);
    return `<a href="/findings?status=${status}" class="pill pill-${status}" title="${esc(label)}">${esc(label)} ${n.toLocaleString("en-US")}</a>`;
  };
  const t = wordsIn(lang);
  return `<span class="badge-counts" id="check-badge">${t("チェック", "Checks")} ${pill("pass", counts.passed)}${pill("fail", counts.failed)}${pill("warn", counts.warned)}${counts.structural > 0 ? pill("built", counts.structural) : ""}</span>`;
}

/** The switch between the languages: each a link to the same page in it, the page's marked. */
function langSwitch(lang: Lang, hrefs: Readonly<Record<Lang, string>>): string {
  const links = LANGS.map(
    (l) =>
      `<a href="${esc(hrefs[l])}" lang="${l}" hreflang="${l}" data-lang="${l}"${l === lang ? ' class="active" aria-current="true"' : ""}>${LANG_NAMES[l]}</a>`,
  );
  return `<span class="langs" id="lang-switch">${links.join(" | ")}</span>`;
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
        `<a href="${esc(carry(key, href))}"${key === shell.active ? ' class="active" aria-current="page"' : ""}>${esc(inLang(label, shell.lang))}</a>`,
    )
    .join("");
  return `<!DOCTYPE html>
<html lang="${shell.lang}">
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
<div class="topbar"><span class="book">yosan<small>${esc(shell.book ?? "")}</small></span><nav>${nav}</nav>${shell.counts ? badge(shell.counts, shell.lang) : ""}${shell.inEachLang ? langSwitch(shell.lang, shell.inEachLang) : ""}</div>
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
  notice: string,
  lang: Lang,
): string {
  const t = wordsIn(lang);
  const links = versions.map((v) => {
    const label = `${v.name}${v.id === defaultId ? t("（既定）", " (default)") : ""}`;
    const title = `${inLang(VERSION_KIND_WORDS[v.kind], lang)} · ${v.id}${v.sample ? ` · ${v.sample}` : ""}`;
    return `<a href="${esc(href(v.id))}" data-version="${esc(v.id)}" title="${esc(title)}"${v.id === shown.id ? ' class="active" aria-current="true"' : ""}>${esc(label)}</a>`;
  });
  const sample = shown.sample ? `<span class="tag sample">${esc(shown.sample)}</span>` : "";
  const other =
    shown.id !== defaultId
      ? `<span class="muted">${t("（この版は表示のみ。試算は既定の版で行えます）", "(this version is shown only; what-if works on the default version)")}</span>`
      : "";
  return `<nav class="versions tabs" id="version-bar" aria-label="${t("版", "Version")}"><span class="muted">${t("版：", "Version: ")}</span>${links.join("")}${sample}${other}</nav>${notice === "" ? "" : `<p class="error">${esc(notice)}</p>`}`;
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
  lang: Lang,
): string {
  if (edits.length === 0) return "";
  const t = wordsIn(lang);
  const rows = edits
    .map(
      (e) =>
        `<tr><th>${esc(e.label)}</th><td>${esc(e.segmentName)}</td><td class="amt">${esc(formatJapanese(e.saved))}</td><td>→</td><td class="amt"><strong>${esc(formatJapanese(e.amount))}</strong></td></tr>`,
    )
    .join("");
  const moved = effects
    .map(
      (k) =>
        `<tr class="effect" data-line="${esc(k.line.id)}" data-segment="${esc(columnKey(k.column))}"><th>${esc(k.line.label)}</th><td>${esc(segmentName(k.column))}</td><td class="amt">${esc(amountText(k.before))}</td><td>→</td><td class="amt"><strong>${esc(amountText(k.after))}</strong></td><td class="amt muted">(${esc(amountText(minusAmount(k.after, k.before)))})</td></tr>`,
    )
    .join("");
  return `<section class="banner whatif" id="whatif-banner">
<h2>${t(`試算中（未保存）: ${edits.length} 件の変更`, `What-if (unsaved): ${edits.length} change${edits.length === 1 ? "" : "s"}`)}</h2>
<table>${rows}</table>
${moved ? `<p>${t("主要な数値への影響:", "Effect on the key figures:")}</p><table>${moved}</table>` : ""}
<p><button type="button" data-action="whatif-discard">${t("破棄", "Discard")}</button> <button type="button" class="primary" data-action="whatif-apply" data-output="whatif-result"${canApply ? "" : ` disabled title="${t("yosan serve --allow-import で起動すると帳簿に反映できます", "start yosan serve with --allow-import to apply the changes to the book")}"`}>${t("帳簿に反映", "Apply to the book")}</button> <span id="whatif-result"></span></p>
</section>`;
}
