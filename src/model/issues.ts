/**
 * Input issues: problems found while reading a book or a file handed to `import`. One shape
 * for all of them: values, collected rather than thrown, each with a code from the catalogue
 * (so every code has a title and a hint), a message a finance person can act on, and the
 * cell it points at.
 */

import { formatCount } from "./amount-text.ts";
import { CATALOGUE, type InputIssueCode } from "./catalogue.ts";
import { formatSource, type Source } from "./provenance.ts";
import { inLang, type Lang, mapText, say, type Text } from "./text.ts";

export type { InputIssueCode } from "./catalogue.ts";

export interface InputIssue {
  readonly code: InputIssueCode;
  readonly severity: "error" | "warning";
  /** What is wrong, in both languages (model/text.ts), with the figures and cells it names. */
  readonly message: Text;
  readonly source: Source;
  /** The offending row as written, when there is one, to echo under the message. */
  readonly excerpt?: string;
  /** How many characters of the row were left out of `excerpt` (said in the reader's language). */
  readonly excerptOmitted?: number;
}

export function inputError(
  code: InputIssueCode,
  source: Source,
  message: Text,
  excerpt?: string,
): InputIssue {
  return inputIssue("error", code, source, message, excerpt);
}

export function inputWarning(
  code: InputIssueCode,
  source: Source,
  message: Text,
  excerpt?: string,
): InputIssue {
  return inputIssue("warning", code, source, message, excerpt);
}

function inputIssue(
  severity: InputIssue["severity"],
  code: InputIssueCode,
  source: Source,
  message: Text,
  excerpt: string | undefined,
): InputIssue {
  return {
    code,
    severity,
    message: mapText(message, (words, lang) => clip(words, MAX_MESSAGE_CHARS, lang)),
    source,
    ...(excerpt !== undefined && excerpt.length > MAX_EXCERPT_CHARS
      ? {
          excerpt: excerpt.slice(0, MAX_EXCERPT_CHARS),
          excerptOmitted: excerpt.length - MAX_EXCERPT_CHARS,
        }
      : excerpt !== undefined
        ? { excerpt }
        : {}),
  };
}

/** Longest message and echoed row kept: a 10 MB cell must not become a 10 MB message. */
const MAX_MESSAGE_CHARS = 2000;
const MAX_EXCERPT_CHARS = 300;

/** `text` cut to `max` characters, with the count of what was left out. */
function clip(text: string, max: number, lang: Lang): string {
  return text.length <= max ? text : `${text.slice(0, max)}${omitted(text.length - max, lang)}`;
}

/** `…（ほか1,234文字）` / `… (1,234 more characters)`. */
function omitted(count: number, lang: Lang): string {
  const n = formatCount(count);
  return lang === "ja" ? `…（ほか${n}文字）` : `… (${n} more characters)`;
}

/** The words around an issue on the terminal, in each language. */
const ISSUE_WORDS = {
  error: say("エラー", "error"),
  warning: say("警告", "warning"),
  hint: say("対処", "hint"),
} as const;

/**
 * `budget.csv:14:amount: エラー: 「12,3４5x」は金額ではありません（…）` then the row and what to
 * do, in `lang`.
 */
export function formatInputIssue(issue: InputIssue, lang: Lang): string {
  const severity = inLang(ISSUE_WORDS[issue.severity], lang);
  const lines = [
    `${formatSource(issue.source, lang)}: ${severity}: ${inLang(issue.message, lang)}`,
  ];
  if (issue.excerpt !== undefined)
    lines.push(
      `  | ${issue.excerpt}${issue.excerptOmitted !== undefined ? omitted(issue.excerptOmitted, lang) : ""}`,
    );
  lines.push(`  ${inLang(ISSUE_WORDS.hint, lang)}: ${inLang(CATALOGUE[issue.code].hint, lang)}`);
  return lines.join("\n");
}

/** How many issues a command prints before it summarises the rest. */
const MAX_ISSUES_SHOWN = 100;

/**
 * What a command prints for input it refuses: the first MAX_ISSUES_SHOWN issues, then one line
 * counting them all and saying `where` they are and what was (not) done, e.g.
 * 「ledgers/x に 3 件の問題があります。何も書き込んでいません」 / `3 problems in ledgers/x;
 * nothing was written` — `where` a Text that reads after the count in each language.
 */
export function reportIssues(issues: readonly InputIssue[], where: Text, lang: Lang): string[] {
  const n = formatCount(issues.length);
  const shown = issues.slice(0, MAX_ISSUES_SHOWN).map((i) => formatInputIssue(i, lang));
  const rest = issues.length - shown.length;
  if (rest > 0)
    shown.push(lang === "ja" ? `…ほか${formatCount(rest)}件` : `… and ${formatCount(rest)} more`);
  const count =
    lang === "ja"
      ? `問題${n}件（${where.ja}）`
      : `${n} problem${issues.length === 1 ? "" : "s"} ${where.en}`;
  return [...shown, `yosan: ${count}`];
}

/** Thrown only to abort loading when a stage cannot go on; carries the collected issues. */
export class BookInputError extends Error {
  constructor(readonly issues: readonly InputIssue[]) {
    super(
      issues
        .slice(0, MAX_ISSUES_SHOWN)
        .map((i) => formatInputIssue(i, "en"))
        .join("\n"),
    );
    this.name = "BookInputError";
  }
}
