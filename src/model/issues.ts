/**
 * Input issues: problems found while reading a book or a file handed to `import`. One shape
 * for all of them: values, collected rather than thrown, each with a code from the catalogue
 * (so every code has a title and a hint), a message a finance person can act on, and the
 * cell it points at.
 */
import { CATALOGUE, type InputIssueCode } from "./catalogue.ts";
import { formatSource, type Source } from "./provenance.ts";

export type { InputIssueCode } from "./catalogue.ts";

export interface InputIssue {
  readonly code: InputIssueCode;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly source: Source;
  /** The offending row as written, when there is one, to echo under the message. */
  readonly excerpt?: string;
}

export function inputError(
  code: InputIssueCode,
  source: Source,
  message: string,
  excerpt?: string,
): InputIssue {
  return inputIssue("error", code, source, message, excerpt);
}

export function inputWarning(
  code: InputIssueCode,
  source: Source,
  message: string,
  excerpt?: string,
): InputIssue {
  return inputIssue("warning", code, source, message, excerpt);
}

function inputIssue(
  severity: InputIssue["severity"],
  code: InputIssueCode,
  source: Source,
  message: string,
  excerpt: string | undefined,
): InputIssue {
  return {
    code,
    severity,
    message: clip(message, MAX_MESSAGE_CHARS),
    source,
    ...(excerpt !== undefined ? { excerpt: clip(excerpt, MAX_EXCERPT_CHARS) } : {}),
  };
}

/** Longest message and echoed row kept: a 10 MB cell must not become a 10 MB message. */
const MAX_MESSAGE_CHARS = 2000;
const MAX_EXCERPT_CHARS = 300;

/** `text` cut to `max` characters, with the count of what was left out. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${(text.length - max).toLocaleString("en-US")} more characters)`;
}

/** `budget.csv:14:amount: 「12,3４5x」 is not an amount (…)` then the row and a hint. */
export function formatInputIssue(issue: InputIssue): string {
  const lines = [`${formatSource(issue.source)}: ${issue.severity}: ${issue.message}`];
  if (issue.excerpt !== undefined) lines.push(`  | ${issue.excerpt}`);
  lines.push(`  hint: ${CATALOGUE[issue.code].hint}`);
  return lines.join("\n");
}

/** How many issues a command prints before it summarises the rest. */
const MAX_ISSUES_SHOWN = 100;

/**
 * What a command prints for input it refuses: the first MAX_ISSUES_SHOWN issues, then one line
 * counting them all and saying `where` they are and what was (not) done, e.g.
 * `in ledgers/x; nothing was written`.
 */
export function reportIssues(issues: readonly InputIssue[], where: string): string[] {
  const count = `${issues.length.toLocaleString("en-US")} problem${issues.length === 1 ? "" : "s"}`;
  const shown = issues.slice(0, MAX_ISSUES_SHOWN).map(formatInputIssue);
  const rest = issues.length - shown.length;
  if (rest > 0) shown.push(`… and ${rest.toLocaleString("en-US")} more`);
  return [...shown, `yosan: ${count} ${where}`];
}

/** Thrown only to abort loading when a stage cannot go on; carries the collected issues. */
export class BookInputError extends Error {
  constructor(readonly issues: readonly InputIssue[]) {
    super(issues.slice(0, MAX_ISSUES_SHOWN).map(formatInputIssue).join("\n"));
    this.name = "BookInputError";
  }
}
