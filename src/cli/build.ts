/**
 * `yosan build`: load → derive → reconcile → render → write, and the few lines it prints;
 * `yosan export xlsx`: the same up to the workbook, written on its own.
 * Exit codes: 0 all checks pass (warnings allowed), 1 a check failed, 2 the book could not
 * be read or is invalid (then nothing is written).
 */

import { rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { type DeclaredComparison, declaredComparisons } from "../check/variance.ts";
import { outputDirRefusal, outputRefusal } from "../io/files.ts";
import { writeFilesAtomically } from "../io/write-atomic.ts";
import { formatCount } from "../model/amount-text.ts";
import type { Book } from "../model/book.ts";
import {
  countFindings,
  exitCodeFor,
  type Finding,
  formatCompared,
  STATUS_WORDS,
} from "../model/findings.ts";
import type { InputIssue } from "../model/issues.ts";
import type { Model } from "../model/model.ts";
import { amountText } from "../model/quantity.ts";
import { type Lang, say } from "../model/text.ts";
import { versionOf } from "../model/version.ts";
import { comparisonFileName } from "../render/comparison.ts";
import { OUTPUT_FORMATS, type OutputFormat } from "../render/formats.ts";
import { renderAllOutputs } from "../render/outputs.ts";
import { padEnd } from "../render/text-width.ts";
import { renderWorkbook } from "../render/workbook/workbook.ts";
import { invalid, type LangOptions, modelFor, refused, shownPath, wroteLine } from "./prepare.ts";

export interface BuildOptions extends LangOptions {
  readonly out?: string;
  /** The version to build (id or name; default: the book's default version). */
  readonly version?: string;
  readonly strict?: boolean;
  /** Which outputs to write (default: all). statements.json is always written. */
  readonly formats?: readonly OutputFormat[];
  /** How many failure/warning lines to print before summarising the rest. */
  readonly maxListed?: number;
}

export interface BuildResult {
  readonly exitCode: 0 | 1 | 2;
  /** What the command prints on stdout (summary) and stderr (input issues). */
  readonly stdout: string[];
  readonly stderr: string[];
  readonly written: string[];
  readonly model?: Model;
  readonly findings?: Finding[];
}

/** The default output directory of a book: output/<book dir name>. */
export function defaultOutDir(bookDir: string): string {
  return join("output", basename(resolve(bookDir)));
}

export { declaredComparisons };

/** The comparisons a build of `book` writes: the declared ones, with the default version only. */
function comparisonsToWrite(
  book: Book,
  formats: readonly OutputFormat[],
  strict: boolean,
): DeclaredComparison[] {
  const writes = formats.some((f) => f !== "json");
  return writes && book.version === book.versions.defaultId
    ? declaredComparisons(book, strict)
    : [];
}
/**
 * The build summary in `lang`: book, key figures, check counts, one line per failure or
 * warning.
 */
export function summaryLines(
  model: Model,
  findings: readonly Finding[],
  lang: Lang,
  maxListed = 40,
): string[] {
  const b = model.book;
  const v = versionOf(b);
  const ja = lang === "ja";
  const sample = v.sample ? (ja ? `、サンプル：${v.sample}` : `; sample: ${v.sample}`) : "";
  const version =
    b.versions.list.length > 1
      ? ja
        ? ` — ${v.name}（${v.id}${sample}）`
        : ` — ${v.name} (${v.id}${sample})`
      : "";
  const fy = b.fiscalYear;
  const n = b.segments.length;
  // A book without segments is one entity: nothing to count.
  const segments = n === 0 ? "" : ja ? `、${formatCount(n)}${b.segmentTerm}` : `, ${n} segments`;
  const lines = [
    ja
      ? `${b.entity} ${b.title}${version} — ${fy.label}（${fy.start} … ${fy.end}）、単位：${b.unit}${segments}（${b.dir}）`
      : `${b.entity} ${b.title}${version} — ${fy.label} (${fy.start} … ${fy.end}), 単位：${b.unit}${segments} [${b.dir}]`,
  ];
  const main = model.statements.filter((s) => s.def.role === "statement");
  const width = Math.max(...main.map((s) => s.def.title.length));
  for (const st of main) {
    const keys =
      st.def.key.length > 0 ? st.def.key : [st.lines[st.lines.length - 1]?.line.id ?? ""];
    const shown = keys
      .map((k) => st.lines.find((l) => l.line.id === k))
      .filter((l) => l !== undefined)
      .map((l) => `${l.line.label} ${amountText(l.total.amount)}`);
    lines.push(`  ${st.def.title.padEnd(width, "　")}  ${shown.join(" · ")}`);
  }
  const c = countFindings(findings);
  const count = (k: number) => formatCount(k);
  lines.push(
    ja
      ? `照合：一致 ${count(c.passed)} 件、不一致 ${count(c.failed)} 件、警告 ${count(c.warned)} 件${c.structural > 0 ? `（ほかに構成上成立 ${count(c.structural)} 件）` : ""}`
      : `checks: ${c.passed} passed, ${c.failed} failed, ${c.warned} warnings${c.structural > 0 ? `; ${c.structural} more hold by construction of the layout` : ""}`,
  );
  const notable = [
    ...findings.filter((f) => f.status === "fail"),
    ...findings.filter((f) => f.status === "warn"),
  ];
  for (const f of notable.slice(0, maxListed)) {
    const difference = f.compared !== undefined ? formatCompared(f.compared, "difference") : "";
    lines.push(
      ja
        ? `  ${padEnd(STATUS_WORDS[f.status].ja, 6)} ${f.check.padEnd(16)} ${f.message.ja}${difference ? `［差額 ${difference}］` : ""}`
        : `  ${f.status.padEnd(4)} ${f.check.padEnd(16)} ${f.message.en}${difference ? ` [difference ${difference}]` : ""}`,
    );
  }
  if (notable.length > maxListed) {
    const rest = notable.length - maxListed;
    lines.push(
      ja ? `  …ほか ${count(rest)} 件は checks.csv にあります` : `  … ${rest} more in checks.csv`,
    );
  }
  return lines;
}

function invalidBook(bookDir: string, issues: readonly InputIssue[], lang: Lang): BuildResult {
  const where = say(`${bookDir}、何も出力していません`, `in ${bookDir}; nothing was written`);
  return { ...invalid(issues, where, lang), exitCode: 2, written: [] };
}

/** The names of the files a build of `formats` writes. */
function outputNames(model: Model, formats: readonly OutputFormat[]): string[] {
  const names = ["statements.json"];
  if (formats.includes("csv"))
    names.push(...model.statements.map((s) => `${s.def.id}.csv`), "checks.csv");
  if (formats.includes("html")) names.push("report.html");
  if (formats.includes("xlsx")) names.push("statements.xlsx");
  return names;
}

/** Every file a full build writes for this model (to clear those a partial build leaves stale). */
function staleOutputs(model: Model): string[] {
  return [
    ...model.statements.map((s) => `${s.def.id}.csv`),
    ...model.book.versions.comparisons.map((c) => comparisonFileName(c.a, c.b)),
    "checks.csv",
    "report.html",
    "statements.xlsx",
  ];
}

/** Run a build of the book in `bookDir`. Writes files only when the book loaded. */
export async function build(bookDir: string, options: BuildOptions = {}): Promise<BuildResult> {
  const prepared = modelFor(bookDir, options.strict ?? false, options.version, options);
  if (!prepared.ok) return invalidBook(bookDir, prepared.issues, prepared.lang.terminal);
  const { model, findings, lang } = prepared;
  const book = model.book;
  // Another version than the default builds beside it: output/<book>-<version>.
  const out =
    options.out ??
    (book.version === book.versions.defaultId
      ? defaultOutDir(bookDir)
      : `${defaultOutDir(bookDir)}-${book.version}`);
  const formats = options.formats ?? OUTPUT_FORMATS;
  const refusal =
    outputDirRefusal(out, [bookDir]) ??
    [...outputNames(model, formats)]
      .map((name) => outputRefusal(join(out, name), [bookDir]))
      .find((r) => r !== undefined);
  if (refusal !== undefined) return invalidBook(bookDir, [refused(out, refusal)], lang.terminal);
  // The comparisons the book declares are written with its default version.
  const comparisons = comparisonsToWrite(book, formats, options.strict ?? false);
  const files = await renderAllOutputs(model, findings, formats, comparisons, lang.document);
  const written = writeFilesAtomically(out, files);
  // Outputs of formats not written this time would no longer match: remove them.
  const fresh = new Set(files.map((f) => f.name));
  for (const name of staleOutputs(model))
    if (!fresh.has(name)) rmSync(join(out, name), { force: true });
  const stdout = summaryLines(model, findings, lang.terminal, options.maxListed);
  const dir = `${shownPath(out)}/`;
  const names = written.map((w) => basename(w));
  stdout.push(
    lang.terminal === "ja"
      ? `${dir} に出力しました：${names.join("、")}`
      : `wrote ${dir}: ${names.join(", ")}`,
  );
  return {
    exitCode: exitCodeFor(findings),
    stdout,
    stderr: prepared.warnings,
    written,
    model,
    findings,
  };
}

/** `yosan export xlsx`: write only the workbook, to `out` (default output/<book>/statements.xlsx). */
export async function exportXlsx(
  bookDir: string,
  options: { out?: string; strict?: boolean; version?: string } & LangOptions = {},
): Promise<BuildResult> {
  const prepared = modelFor(bookDir, options.strict ?? false, options.version, options);
  if (!prepared.ok) return invalidBook(bookDir, prepared.issues, prepared.lang.terminal);
  const { model, findings, lang } = prepared;
  const target = resolve(options.out ?? join(defaultOutDir(bookDir), "statements.xlsx"));
  const refusal = outputRefusal(target, [bookDir]);
  if (refusal !== undefined) return invalidBook(bookDir, [refused(target, refusal)], lang.terminal);
  const comparisons = comparisonsToWrite(model.book, ["xlsx"], options.strict ?? false);
  const content = await renderWorkbook(model, findings, { comparisons, lang: lang.document });
  const written = writeFilesAtomically(dirname(target), [{ name: basename(target), content }]);
  return {
    exitCode: exitCodeFor(findings),
    stdout: [wroteLine(target, lang.terminal)],
    stderr: prepared.warnings,
    written,
    model,
    findings,
  };
}
