/**
 * What the file readers share: the issue of a file that cannot be read, named by a catalogue
 * code, the text of an exception in the user's terms, and magic-number tests.
 */
import { CATALOGUE } from "../model/catalogue.ts";
import { type InputIssue, type InputIssueCode, inputError } from "../model/issues.ts";
import { cell } from "../model/provenance.ts";
import { sayEach, type Text } from "../model/text.ts";
import type { GridResult } from "./grid.ts";

/** The codes a reader reports: one per reason a file cannot be read (words in the catalogue). */
export type ReadIssueCode = Extract<
  InputIssueCode,
  `read.${string}` | `text.${string}` | `xlsx.${string}` | `xls.${string}` | "cells.too-many"
>;

/**
 * The message reads `<title>: <detail>` (「<title>：<detail>」), so it stands on its own; the hint
 * is the code's. `detail` is yosan's sentence, or a library's own words (`asWritten`).
 */
export function readIssue(
  code: ReadIssueCode,
  file: string,
  detail: Text | undefined,
  at: { row?: number; column?: string; sheet?: string } = {},
): InputIssue {
  const title = CATALOGUE[code].title;
  const message = sayEach((lang) =>
    detail === undefined
      ? `${title[lang]}${lang === "ja" ? "。" : ""}`
      : `${title[lang]}${lang === "ja" ? "：" : ": "}${detail[lang]}`,
  );
  return inputError(code, cell(file, at.row ?? 1, at.column, at.sheet), message);
}

export function failed(issue: InputIssue): GridResult {
  return { ok: false, issues: [issue] };
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Do `bytes` begin with `magic`? */
export function startsWith(bytes: Buffer, magic: Buffer): boolean {
  return bytes.length >= magic.length && bytes.subarray(0, magic.length).equals(magic);
}
