/**
 * Input issues: problems found while reading and validating a book. They are values,
 * collected rather than thrown, each with a code from one catalogue (so every code has a
 * title and a hint), a message a finance person can act on, and the cell it points at.
 */
import { formatSource, type Source } from "./provenance.ts";

export const INPUT_ISSUE_CATALOGUE = {
  "file.missing": {
    title: "file not found",
    hint: "check the file name in book.json and that the file exists",
  },
  "file.unreadable": {
    title: "file cannot be read",
    hint: "check permissions and that it is a text file",
  },
  "file.empty": {
    title: "file is empty",
    hint: "a CSV needs a header row and at least one data row",
  },
  "file.encoding": {
    title: "file is not valid UTF-8",
    hint: "save the file as UTF-8 (CSV UTF-8 in Excel)",
  },
  "csv.malformed": {
    title: "CSV cannot be parsed",
    hint: "check quotes and the number of fields on the row",
  },
  "json.malformed": { title: "JSON cannot be parsed", hint: "check the syntax near the position" },
  "column.missing": {
    title: "required column missing",
    hint: "the header row must name every required column",
  },
  "column.duplicate": {
    title: "column named twice",
    hint: "rename or remove one of the columns",
  },
  "schema.invalid": {
    title: "value does not match the book format",
    hint: "see the schema in schemas/ for what the field accepts",
  },
  "amount.invalid": {
    title: "not an amount",
    hint: "write digits, optionally with thousands separators and △ or - for negatives",
  },
  "account.unknown": {
    title: "unknown account",
    hint: "use a line id or label from the book's layout (layout.csv)",
  },
  "account.ambiguous": {
    title: "label names more than one account",
    hint: "use the line id instead of the label",
  },
  "account.not-input": {
    title: "account is derived, not an input",
    hint: "only leaf lines take amounts; derived lines are computed from them",
  },
  "segment.unknown": {
    title: "unknown segment",
    hint: "use a segment id or name from book.json, or leave it blank for an unallocated amount",
  },
  "segment.duplicate": {
    title: "segment declared twice",
    hint: "segment ids and names must be unique",
  },
  "layout.duplicate-line": {
    title: "layout line declared twice",
    hint: "line ids must be unique across the book's layout",
  },
  "layout.unknown-statement": {
    title: "unknown statement",
    hint: "declare the statement in book.json's statements",
  },
  "layout.unknown-reference": {
    title: "formula refers to an unknown line",
    hint: "use a line id from layout.csv or schedule.column of a declared schedule",
  },
  "layout.formula": {
    title: "formula cannot be read",
    hint: "write terms joined by + and -, e.g. `total-assets - total-liabilities`",
  },
  "layout.kind": {
    title: "line kind and formula disagree",
    hint: "leaf and heading lines have no formula; derived lines need one",
  },
  "layout.cycle": {
    title: "formulas refer to each other in a cycle",
    hint: "a derived line cannot depend on itself",
  },
  "schedule.unknown-column": {
    title: "unknown schedule column",
    hint: "use a column declared for the schedule in book.json",
  },
  "published.unknown-line": {
    title: "published figure for an unknown line",
    hint: "use a line id or label from layout.csv",
  },
} as const satisfies Record<string, { title: string; hint: string }>;

export type InputIssueCode = keyof typeof INPUT_ISSUE_CATALOGUE;

export interface InputIssue {
  readonly code: InputIssueCode;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly source: Source;
  /** The offending row as written, when there is one, to echo under the message. */
  readonly excerpt?: string;
  /** A finer hint than the code's catalogue hint (e.g. a reader's), printed instead of it. */
  readonly hint?: string;
}

export function inputError(
  code: InputIssueCode,
  source: Source,
  message: string,
  excerpt?: string,
): InputIssue {
  return {
    code,
    severity: "error",
    message,
    source,
    ...(excerpt !== undefined ? { excerpt } : {}),
  };
}

/** `budget.csv:14:amount: 「12,3４5x」 is not an amount (…)` then the row and a hint. */
export function formatInputIssue(issue: InputIssue): string {
  const lines = [`${formatSource(issue.source)}: ${issue.severity}: ${issue.message}`];
  if (issue.excerpt !== undefined) lines.push(`  | ${issue.excerpt}`);
  lines.push(`  hint: ${issue.hint ?? INPUT_ISSUE_CATALOGUE[issue.code].hint}`);
  return lines.join("\n");
}

/**
 * What a command prints for input it refuses: every issue, then one line counting them and
 * saying `where` they are and what was (not) done, e.g. `in ledgers/x; nothing was written`.
 */
export function reportIssues(issues: readonly InputIssue[], where: string): string[] {
  const count = `${issues.length} problem${issues.length === 1 ? "" : "s"}`;
  return [...issues.map(formatInputIssue), `yosan: ${count} ${where}`];
}

/** Thrown only to abort loading when a stage cannot go on; carries the collected issues. */
export class BookInputError extends Error {
  constructor(readonly issues: readonly InputIssue[]) {
    super(issues.map(formatInputIssue).join("\n"));
    this.name = "BookInputError";
  }
}
