/**
 * The auditor's and the planner's commands over a loaded book: `check`, `explain`,
 * `commitments` and `export journal`. Each returns what to print and the exit code, so the
 * command line stays a thin shell and tests can call these directly.
 */
import { basename, dirname, join, relative, resolve } from "node:path";
import { commitmentFindings } from "../check/commitments.ts";
import { planCommitments } from "../derive/commitments.ts";
import { derive } from "../derive/derive.ts";
import { explain, findLine } from "../derive/explain.ts";
import { outputRefusal } from "../io/files.ts";
import { writeFileAtomicallyFrom, writeFilesAtomically } from "../io/write-atomic.ts";
import { formatCount } from "../model/amount-text.ts";
import type { Book } from "../model/book.ts";
import { type EraStyle, parseFiscalYear } from "../model/era.ts";
import { exitCodeFor, type Finding, STATUS_WORDS } from "../model/findings.ts";
import { JA, segmentLabel } from "../model/glossary.ts";
import { BookInputError } from "../model/issues.ts";
import type { Model } from "../model/model.ts";
import { inLang, mapText, say } from "../model/text.ts";
import { budgetRowStream } from "../read/budget-rows.ts";
import { renderCheckJson, renderCheckText, renderJunit } from "../render/check-report.ts";
import { commitmentsJson, renderCommitmentsText } from "../render/commitments-text.ts";
import { explainJson, renderExplainText } from "../render/explain-text.ts";
import { writeJournal } from "../render/journal.ts";
import {
  bookFor,
  type CommandResult,
  inBook,
  invalid,
  type LangOptions,
  type Languages,
  modelFor,
  noSegments,
  refused,
  usage,
  wroteLine,
} from "./prepare.ts";

/** The book in `bookDir`, with its load warnings formatted for stderr; or the refusal. */
function loaded(
  bookDir: string,
  version: string | undefined,
  speech: LangOptions,
):
  | { ok: true; book: Book; warnings: string[]; lang: Languages }
  | { ok: false; result: CommandResult } {
  const r = bookFor(bookDir, version, speech);
  return r.ok ? r : { ok: false, result: invalid(r.issues, inBook(bookDir), r.lang.terminal) };
}

function modelOf(
  bookDir: string,
  strict: boolean,
  version: string | undefined,
  speech: LangOptions,
):
  | { ok: true; model: Model; findings: Finding[]; warnings: string[]; lang: Languages }
  | { ok: false; result: CommandResult } {
  const r = modelFor(bookDir, strict, version, speech);
  return r.ok ? r : { ok: false, result: invalid(r.issues, inBook(bookDir), r.lang.terminal) };
}

export interface CheckOptions extends LangOptions {
  readonly json?: boolean;
  readonly junit?: string;
  readonly strict?: boolean;
  /** The version to check (id or name; default: the book's default version). */
  readonly version?: string;
}

/** `yosan check`: the whole catalogue, grouped by check, failures and warnings with sources. */
export function runCheck(bookDir: string, options: CheckOptions = {}): CommandResult {
  const m = modelOf(bookDir, options.strict ?? false, options.version, options);
  if (!m.ok) return m.result;
  const stdout = [
    options.json
      ? renderCheckJson(m.model, m.findings, m.lang.document).trimEnd()
      : renderCheckText(m.model, m.findings, m.lang.terminal),
  ];
  if (options.junit) {
    const target = resolve(options.junit);
    const refusal = outputRefusal(target, [bookDir]);
    if (refusal !== undefined)
      return invalid([refused(target, refusal)], inBook(bookDir), m.lang.terminal);
    writeFilesAtomically(dirname(target), [
      { name: basename(target), content: renderJunit(m.model, m.findings, m.lang.document) },
    ]);
    if (!options.json) stdout.push(wroteLine(target, m.lang.terminal));
  }
  return { exitCode: exitCodeFor(m.findings), stdout, stderr: m.warnings };
}

export interface ExplainOptions extends LangOptions {
  readonly version?: string;
  readonly segment?: string;
  readonly statement?: string;
  readonly json?: boolean;
  readonly depth?: number;
}

/** `yosan explain LINE`: the derivation tree of a figure down to its input cells. */
export function runExplain(
  bookDir: string,
  lineText: string,
  options: ExplainOptions = {},
): CommandResult {
  const l = loaded(bookDir, options.version, options);
  if (!l.ok) return l.result;
  const lang = l.lang.terminal;
  const model = derive(l.book);
  if (
    options.statement !== undefined &&
    !l.book.statements.some((s) => s.id === options.statement)
  ) {
    const ids = l.book.statements.map((s) => s.id);
    return usage(
      say(
        `「${options.statement}」という表はありません（この帳簿の表：${ids.join("、")}）。`,
        `unknown statement 「${options.statement}」 (the book has: ${ids.join(", ")})`,
      ),
      lang,
    );
  }
  const found = findLine(model, lineText, options.statement);
  if (!found.ok) return usage(found.message, lang);
  let segment: string | null = null;
  if (options.segment !== undefined && options.segment !== JA.total) {
    if (l.book.segments.length === 0) return noSegments(l.book, options.segment, lang);
    const s = l.book.segments.find((x) => x.id === options.segment || x.name === options.segment);
    if (!s)
      return usage(
        say(
          `「${options.segment}」という${l.book.segmentTerm}はありません（この帳簿の${l.book.segmentTerm}：${l.book.segments.map((x) => `${x.id}（${x.name}）`).join("、")}）。`,
          `unknown segment 「${options.segment}」 (the book has: ${l.book.segments.map((x) => `${x.id} (${x.name})`).join(", ")})`,
        ),
        lang,
      );
    segment = s.id;
  }
  const tree = explain(model, found.line, segment);
  // A book without segments has one column: the title alone says where the figure is.
  const where = l.book.segments.length === 0 ? "" : ` / ${segmentLabel(l.book.segments, segment)}`;
  const title =
    l.book.statements.find((s) => s.id === found.line.statement)?.title ?? found.line.statement;
  return {
    exitCode: 0,
    stdout: options.json
      ? [
          JSON.stringify(
            {
              statement: found.line.statement,
              segment,
              tree: explainJson(tree, l.lang.document),
            },
            null,
            2,
          ),
        ]
      : [
          // A quantity's tree is in its own unit (戸, ㎥ …), never the book's money unit.
          lang === "ja"
            ? `${title}${where}（単位：${found.line.unit ?? l.book.unit}）`
            : `${title}${where} (単位：${found.line.unit ?? l.book.unit})`,
          renderExplainText(tree, options.depth, lang),
        ],
    stderr: l.warnings,
  };
}

export interface CommitmentsOptions extends LangOptions {
  readonly json?: boolean;
  readonly from?: string;
  readonly to?: string;
  readonly era?: EraStyle;
}

/** `yosan commitments`: the 債務負担行為 register and its outlook by fiscal year. */
export function runCommitments(bookDir: string, options: CommitmentsOptions = {}): CommandResult {
  const l = loaded(bookDir, undefined, options);
  if (!l.ok) return l.result;
  const lang = l.lang.terminal;
  const register = l.book.commitments;
  if (!register)
    return usage(
      say(
        `${bookDir} の帳簿には債務負担行為の調書がありません（book.json の files.commitments で指定します）。`,
        `the book in ${bookDir} has no 債務負担行為 register (files.commitments in book.json)`,
      ),
      lang,
    );
  const year = (text: string | undefined, flag: string): number | undefined | CommandResult => {
    if (text === undefined) return undefined;
    const p = parseFiscalYear(text);
    return p.ok
      ? p.value.year
      : usage(
          mapText(p.reason, (why, l) =>
            l === "ja" ? `${flag} 「${text}」：${why}` : `${flag} 「${text}」: ${why}`,
          ),
          lang,
        );
  };
  const from = year(options.from, "--from");
  const to = year(options.to, "--to");
  if (typeof from === "object") return from;
  if (typeof to === "object") return to;
  const schedules = planCommitments(register, l.book.segments, l.book.unit).schedules;
  const findings = commitmentFindings(register.commitments, schedules, register.actuals);
  const range = { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
  const text = options.json
    ? JSON.stringify(commitmentsJson(register.commitments, schedules), null, 2)
    : renderCommitmentsText(register.commitments, schedules, {
        ...range,
        segments: l.book.segments,
        unit: l.book.unit,
        eraStyle: options.era ?? "modern",
        segmentTerm: l.book.segmentTerm,
        lang,
      });
  const problems = findings.filter((f) => f.status !== "pass");
  return {
    exitCode: exitCodeFor(findings),
    stdout: [
      text,
      ...(options.json
        ? []
        : problems.map(
            (f) =>
              `${lang === "en" ? f.status : STATUS_WORDS[f.status].ja} ${f.check} ${f.line ?? ""}: ${inLang(f.message, lang)}`,
          )),
    ],
    stderr: l.warnings,
  };
}

/** `yosan export journal`: the book as an hledger/Ledger journal. */
export function exportJournal(
  bookDir: string,
  options: { readonly out?: string } & LangOptions = {},
): CommandResult {
  const l = loaded(bookDir, undefined, options);
  if (!l.ok) return l.result;
  const lang = l.lang.terminal;
  const target = resolve(options.out ?? join("output", basename(resolve(bookDir)), "book.journal"));
  const refusal = outputRefusal(target, [bookDir]);
  if (refusal !== undefined) return invalid([refused(target, refusal)], inBook(bookDir), lang);
  let transactions: number;
  try {
    transactions = writeFileAtomicallyFrom(target, (emit) =>
      writeJournal(l.book, emit, budgetRowStream(l.book), l.lang.document),
    );
  } catch (error) {
    if (error instanceof BookInputError) return invalid(error.issues, inBook(bookDir), lang);
    throw error;
  }
  const shown = relative(process.cwd(), target);
  return {
    exitCode: 0,
    stdout: [
      inLang(
        say(
          `${shown} を出力しました（取引 ${formatCount(transactions)} 件）`,
          `wrote ${shown} (${transactions} transactions)`,
        ),
        lang,
      ),
    ],
    stderr: l.warnings,
  };
}
