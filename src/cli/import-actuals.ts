/**
 * `yosan import EXPORT... --into BOOK --version ID [--mapping FILE] [--as-of DATE] [--kind
 * actual|forecast] [--dry-run]`: an accounting system's trial balance or journal, through the
 * book's mapping, into an actual (決算) or forecast (決算見込み) version — figures to a month-end
 * with --as-of (執行状況). Prints what was read (rows, period, 借方 = 貸方), what the mapping
 * left out, and the version's leaves per line × segment; refuses (exit 2, book untouched) when
 * anything is unmapped, unreadable or unbalanced; else writes the leaves file and book.json all
 * or nothing.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { FIGURE_CHECKS, modelAndFindings } from "../check/model-and-findings.ts";
import { dateText } from "../import/actuals/aggregate.ts";
import { readMapping } from "../import/actuals/mapping.ts";
import { type ActualsPlan, planActuals } from "../import/actuals/plan.ts";
import {
  declareVersion,
  leavesCsv,
  sharedFileIssue,
  type VersionDecl,
  writeActuals,
} from "../import/actuals/write.ts";
import { formatCount } from "../model/amount-text.ts";
import type { Book, BudgetEntry, Leaf } from "../model/book.ts";
import { daysInMonth } from "../model/era.ts";
import { countFindings, type Finding } from "../model/findings.ts";
import { segmentLabel } from "../model/glossary.ts";
import { formatInputIssue, type InputIssue, reportIssues } from "../model/issues.ts";
import { Decimal, formatJapanese, isUnit, type Unit } from "../model/money.ts";
import { cell, formatSource } from "../model/provenance.ts";
import { findVersion, SETTLED_KINDS } from "../model/version.ts";
import { MAX_FIELD_CHARS } from "../read/limits.ts";
import { loadBook } from "../read/load-book.ts";
import { MAPPING_FILE } from "../read/manifest.ts";
import { textColumns } from "../render/text-width.ts";
import { type CommandResult, invalid, usage } from "./prepare.ts";

export interface ActualsImportOptions {
  readonly into: string;
  /** The version to write (id or name of an actual/forecast version, or a new id). */
  readonly version: string;
  readonly mapping?: string;
  readonly asOf?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly unit?: string;
  readonly signs?: string;
  readonly dryRun?: boolean;
  readonly verbose?: boolean;
}

/** What the version will be, or why the command is misused. */
interface Target {
  readonly decl: VersionDecl;
  /** The version exists already; `renamed` when --name changes its name. */
  readonly existing: boolean;
  readonly renamed: boolean;
  /** yyyymmdd of the fiscal year's first day and of the last day counted; months counted. */
  readonly from: number;
  readonly to: number;
  readonly firstMonth: number;
  readonly lastPeriod: number;
}

const dateKey = (iso: string) => Number(iso.replaceAll("-", ""));

/** `1 row`, `1,234 rows`. */
const rowsText = (n: number) => `${formatCount(n)} row${n === 1 ? "" : "s"}`;

/** The month-end `text` names (2017-12-31, or 2017-12 for its last day), inside the fiscal year. */
function asOfDate(text: string, book: Book): string | { error: string } {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text);
  const fy = book.fiscalYear;
  const expected = `expected a month-end inside ${fy.label} (${fy.start} … ${fy.end}), e.g. 2017-12-31`;
  if (!m) return { error: `--as-of 「${text}」 is not a date: ${expected}` };
  const [y, mo] = [Number(m[1]), Number(m[2])];
  const last = daysInMonth(y, mo);
  if (last === 0) return { error: `--as-of 「${text}」 has no month ${mo}: ${expected}` };
  const iso = `${m[1]}-${m[2]}-${String(last).padStart(2, "0")}`;
  if (m[3] !== undefined && Number(m[3]) !== last)
    return { error: `--as-of ${text} is not a month-end (${iso} is): ${expected}` };
  if (iso < fy.start || iso > fy.end)
    return { error: `--as-of ${text} is outside ${fy.label}: ${expected}` };
  return iso;
}

/** The version the import writes, checked against the book and the options. */
function targetOf(book: Book, o: ActualsImportOptions): Target | CommandResult {
  if (o.kind !== undefined && o.kind !== "actual" && o.kind !== "forecast")
    return usage(`--kind must be actual (決算) or forecast (決算見込み), not ${o.kind}`);
  const existing = findVersion(book, o.version);
  if (existing && !SETTLED_KINDS.has(existing.kind))
    return usage(
      `「${o.version}」 is ${existing.name} (${existing.kind}): actuals go into an actual or forecast version, never over a budget (give a new id, e.g. --version settlement)`,
    );
  if (!existing && !/^[a-z0-9][a-z0-9-]*$/.test(o.version))
    return usage(
      `--version 「${o.version}」: no such version in ${o.into}, and a new version needs an id of lower-case letters, digits and hyphens (e.g. settlement, forecast-2017-12)`,
    );
  if (o.name !== undefined && o.name.trim() === "")
    return usage("--name is empty: a version needs a name (e.g. 決算, 決算見込み)");
  if (o.name !== undefined && o.name.length > MAX_FIELD_CHARS)
    return usage(
      `--name holds ${formatCount(o.name.length)} characters; a name in book.json holds at most ${formatCount(MAX_FIELD_CHARS)}`,
    );
  let asOf: string | null = null;
  if (o.asOf !== undefined) {
    const d = asOfDate(o.asOf, book);
    if (typeof d !== "string") return usage(d.error);
    asOf = d;
  }
  const kind = (o.kind ?? existing?.kind ?? "actual") as "actual" | "forecast";
  const id = existing?.id ?? o.version;
  const taken = new Set(book.versions.list.filter((v) => v.id !== id).map((v) => v.name));
  const base =
    o.name ??
    existing?.name ??
    (asOf !== null ? "執行状況" : kind === "actual" ? "決算" : "決算見込み");
  const name = taken.has(base) && o.name === undefined ? `${base}（${id}）` : base;
  if (taken.has(name)) return usage(`another version is already named ${name}: give --name`);
  const firstMonth = Number(book.fiscalYear.start.slice(5, 7));
  const to = asOf ?? book.fiscalYear.end;
  const months =
    (Number(to.slice(0, 4)) - Number(book.fiscalYear.start.slice(0, 4))) * 12 +
    Number(to.slice(5, 7)) -
    firstMonth +
    1;
  return {
    decl: { id, name, kind, asOf, file: existing?.files[0] ?? `versions/${id}.csv` },
    existing: existing !== undefined,
    renamed: existing !== undefined && o.name !== undefined && o.name !== existing.name,
    from: dateKey(book.fiscalYear.start),
    to: dateKey(to),
    firstMonth,
    lastPeriod: to === book.fiscalYear.end ? 13 : months,
  };
}

export async function runActualsImport(
  files: readonly string[],
  o: ActualsImportOptions,
): Promise<CommandResult> {
  if (files.length === 0) return usage("import needs at least one FILE");
  if (o.unit !== undefined && !isUnit(o.unit))
    return usage(`--unit must be 円, 千円, 百万円 or 億円, not ${o.unit}`);
  if (o.signs !== undefined && o.signs !== "normal" && o.signs !== "debit")
    return usage(`--signs must be normal or debit, not ${o.signs}`);
  if (!existsSync(join(o.into, "book.json")))
    return usage(`${o.into} has no book.json: actuals go into an existing book`);
  const loaded = loadBook(o.into);
  if (!loaded.ok) return invalid(loaded.issues, `in ${o.into}; the book was not changed`);
  const book = loaded.book;
  const target = targetOf(book, o);
  if ("exitCode" in target) return target;
  const shared = sharedFileIssue(o.into, o.into, target.decl);
  if (shared) return invalid([shared], `in ${o.into}; the book was not changed`);
  const mappingPath = o.mapping ?? join(o.into, MAPPING_FILE);
  if (o.mapping === undefined && !existsSync(mappingPath))
    return usage(
      `${o.into} has no ${MAPPING_FILE}: give --mapping FILE, the CSV that maps the accounting system's 科目コード and 部門 to the book's lines and segments (README: importing actuals)`,
    );
  const mapping = readMapping(mappingPath, mappingPath, book);
  if (!mapping.ok)
    return invalid(mapping.issues, `in the mapping ${mappingPath}; the book was not changed`);
  const plan = await planActuals(
    files.map((f) => ({ path: f, shown: f })),
    book,
    mapping.mapping,
    {
      from: target.from,
      to: target.to,
      firstMonth: target.firstMonth,
      lastPeriod: target.lastPeriod,
      signs: (o.signs ?? "normal") as "normal" | "debit",
      ...(o.unit !== undefined ? { unit: o.unit as Unit } : {}),
      verbose: o.verbose === true,
    },
  );
  const stdout = [
    `mapping ${mappingPath}: ${mapping.mapping.accounts} accounts, ${mapping.mapping.departments} 部門`,
    ...readLines(plan, target),
  ];
  const errors = plan.issues.filter((i) => i.severity === "error");
  const warnings = plan.issues.filter((i) => i.severity === "warning");
  if (errors.length > 0 || plan.exports.length === 0)
    return { exitCode: 2, stdout, stderr: refusal(plan, errors, warnings) };
  if (plan.leaves.length === 0)
    return {
      exitCode: 2,
      stdout,
      stderr: [
        "yosan: nothing in the files maps into a line of the book; the book was not changed",
      ],
    };
  return finish(book, o, target, plan, stdout, warnings);
}

/** Every error, unmapped ones all listed (never cut short), then the count. */
function refusal(
  plan: ActualsPlan,
  errors: readonly InputIssue[],
  warnings: readonly InputIssue[],
): string[] {
  const unmapped = errors.filter((i) => i.code === "actuals.unmapped");
  const other = errors.filter((i) => i.code !== "actuals.unmapped");
  const shown = [...unmapped.map(formatInputIssue), ...reportIssues(other, "").slice(0, -1)];
  const total = errors.length + plan.moreIssues;
  const what = unmapped.length > 0 ? `, ${unmapped.length} of them not in the mapping` : "";
  return [
    ...shown,
    ...warnings.map(formatInputIssue),
    `yosan: ${formatCount(total)} problem${total === 1 ? "" : "s"} in the files${what}; the book was not changed`,
  ];
}

/** What each export gave, and what the mapping left out. */
function readLines(plan: ActualsPlan, target: Target): string[] {
  const out: string[] = [];
  for (const e of plan.exports) {
    const r = e.read;
    const shape = r.shape;
    if (!shape) continue;
    const where = r.sheet !== undefined ? `${r.file}!${r.sheet}` : r.file;
    out.push(
      `read ${where}: ${shape.kind === "journal" ? "journal (仕訳)" : "trial balance (試算表)"}, header on row ${r.headerRow} (${e.notes.join("; ")}); amounts in ${e.unit}${e.unitFrom !== null ? ` (${e.unitFrom})` : ""}`,
    );
    const counted = [`${rowsText(r.rows)}, ${formatCount(r.counted)} counted`];
    if (shape.figures === "months")
      counted.push(
        `months ${
          shape.months
            .filter((m) => m.period <= target.lastPeriod)
            .map((m) => m.label)
            .join(" ") || "(none)"
        }${shape.columns.opening !== undefined ? " after the opening balance" : ""}`,
      );
    if (r.before.rows > 0)
      counted.push(
        `${formatCount(r.before.rows)} dated before ${dateText(target.from)} left out (first ${formatSource(r.before.first ?? cell(r.file, 1))})`,
      );
    if (r.after.rows > 0)
      counted.push(
        `${formatCount(r.after.rows)} dated after ${dateText(target.to)} left out (first ${formatSource(r.after.first ?? cell(r.file, 1))})`,
      );
    if (r.inheritedDates > 0)
      counted.push(`${formatCount(r.inheritedDates)} without a date took the date above`);
    if (r.subtotals.rows > 0)
      counted.push(
        `${formatCount(r.subtotals.rows)} without an account code and with a blank or total name (…計) left out as subtotals (first ${formatSource(r.subtotals.first ?? cell(r.file, 1))})`,
      );
    out.push(`  ${counted.join("; ")}`);
    if (e.totals)
      out.push(
        `  借方 ${formatJapanese(e.totals.debit)} ${e.totals.debit.equals(e.totals.credit) ? "=" : "≠"} 貸方 ${formatJapanese(e.totals.credit)} (${e.unit})`,
      );
  }
  for (const l of plan.leftOut)
    out.push(
      `left out by the mapping (-): ${l.rule.shown} [${formatSource(l.rule.source)}]: ${rowsText(l.rows)}, 借方 ${formatJapanese(l.debit)}, 貸方 ${formatJapanese(l.credit)}${l.balance.isZero() ? "" : `, 残高 ${formatJapanese(l.balance)}`} (${l.unit})`,
    );
  return out;
}

/** The leaves per line × segment (with the version's figure before, when it differs), the checks, the write. */
function finish(
  book: Book,
  o: ActualsImportOptions,
  target: Target,
  plan: ActualsPlan,
  stdout: string[],
  warnings: readonly InputIssue[],
): CommandResult {
  const v = target.decl;
  const previous = new Map<string, Decimal>();
  for (const e of target.existing ? (book.versions.entries.get(v.id) ?? []) : []) {
    const k = `${e.line}\u0000${e.segment ?? ""}`;
    previous.set(k, (previous.get(k) ?? new Decimal(0)).plus(e.amount.value));
  }
  stdout.push(
    `${v.name} (${v.id}, ${v.kind}${v.asOf ? `, to ${v.asOf}` : ""}): ${plan.leaves.length} leaves by line and segment, ${book.unit}:`,
  );
  const lineById = new Map(book.lines.map((l) => [l.id, l]));
  const labelOf = (id: string) => lineById.get(id)?.label ?? id;
  const rows = plan.leaves.map((l) => {
    const before = previous.get(`${l.line}\u0000${l.segment ?? ""}`) ?? new Decimal(0);
    previous.delete(`${l.line}\u0000${l.segment ?? ""}`);
    return [
      `  ${labelOf(l.line)}`,
      segmentLabel(book.segments, l.segment),
      l.amount.format(),
      rowsText(l.rows),
      target.existing && !before.equals(l.amount.value) ? `was ${formatJapanese(before)}` : "",
    ];
  });
  stdout.push(...textColumns(rows, [false, false, true, true, false]).map((s) => s.trimEnd()));
  for (const [k, amount] of previous) {
    if (amount.isZero()) continue;
    const [lineId = "", segment = ""] = k.split("\u0000");
    const label = labelOf(lineId);
    const where = segmentLabel(book.segments, segment === "" ? null : segment);
    stdout.push(`  removed ${label} / ${where}: was ${formatJapanese(amount)}`);
  }
  const findings = checksOf(book, plan.leaves, v.file);
  const counted = countFindings(findings);
  stdout.push(
    `checks of the version: ${counted.passed} passed, ${counted.failed} failed, ${counted.warned} warnings${counted.structural > 0 ? `; ${counted.structural} more hold by construction` : ""}`,
  );
  for (const f of findings)
    if (f.status !== "pass") stdout.push(`  ${f.status} ${f.check}: ${f.message}`);
  const exitCode = findings.some((f) => f.status === "fail") ? 1 : 0;
  const stderr = warnings.map(formatInputIssue);
  const names = plan.exports.map((e) => basename(e.read.file));
  const csv = leavesCsv(
    book,
    plan.leaves,
    (l) => `${[...new Set(names)].join(" ")}: ${rowsText(l.rows)}`,
  );
  if (o.dryRun) {
    stdout.push("dry run: nothing written");
    return { exitCode, stdout, stderr };
  }
  if (unchanged(o.into, v, csv, target.renamed)) {
    stdout.push(`${o.into}: unchanged`);
    return { exitCode, stdout, stderr };
  }
  const written = writeActuals(o.into, v, csv, target.renamed);
  if (!written.ok)
    return {
      exitCode: 2,
      stdout,
      stderr: reportIssues(
        written.issues,
        "in the book as it would be written; the book was not changed",
      ),
    };
  stdout.push(
    `wrote ${written.bookDir}: ${written.files.join(", ")}${written.backup ? `; previous book kept at ${written.backup}` : ""}`,
  );
  if (counted.failed > 0)
    stdout.push(
      `written as the export gives it, although ${counted.failed} ${counted.failed === 1 ? "check fails" : "checks fail"} on the version (exit 1): see yosan check --version ${v.id}${v.asOf ? "; figures to a month-end seldom tie as a year's plan does" : ""}`,
    );
  return { exitCode, stdout, stderr };
}

/** Would the write change nothing (same leaves file, same declaration)? */
function unchanged(into: string, v: VersionDecl, csv: string, renamed: boolean): boolean {
  try {
    const text = readFileSync(join(into, "book.json"), "utf8");
    return (
      readFileSync(join(into, v.file), "utf8") === csv && declareVersion(text, v, renamed) === text
    );
  } catch {
    return false;
  }
}

/** The book's own checks over the version's leaves (ties, chains, segments, 「うち」 lines). */
function checksOf(book: Book, leaves: readonly Leaf[], file: string): Finding[] {
  const entries: BudgetEntry[] = leaves.map((l, i) => ({
    line: l.line,
    segment: l.segment,
    amount: l.amount,
    note: "",
    source: cell(join(book.dir, file), i + 2, "amount"),
  }));
  const own = { ...book, entries };
  return modelAndFindings(own, own.version, { strict: false, checks: FIGURE_CHECKS }).findings;
}
