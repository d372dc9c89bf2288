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
import { countFindings, type Finding, STATUS_WORDS } from "../model/findings.ts";
import { segmentLabel, VERSION_KIND_LABELS } from "../model/glossary.ts";
import { formatInputIssue, type InputIssue, reportIssues } from "../model/issues.ts";
import { Decimal, formatJapanese, isUnit, type Unit } from "../model/money.ts";
import { cell, formatSource, type Source } from "../model/provenance.ts";
import { asWritten, type Lang, say, type Text, terminalLang } from "../model/text.ts";
import { findVersion, SETTLED_KINDS } from "../model/version.ts";
import { MAX_FIELD_CHARS } from "../read/limits.ts";
import { loadBook } from "../read/load-book.ts";
import { MAPPING_FILE } from "../read/manifest.ts";
import { IMPORT_WORDS, notChanged, wroteBookText } from "../render/import-text.ts";
import { textColumns } from "../render/text-width.ts";
import { type CommandResult, invalid, type LangOptions, usage } from "./prepare.ts";

/** `--lang` and the environment (prepare.ts): the terminal speaks the book's language unless they say otherwise. */
export interface ActualsImportOptions extends LangOptions {
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

/** `1 row`, `1,234 rows` (「1,234行」). */
const rowsText = (n: number, lang: Lang) =>
  lang === "ja" ? `${formatCount(n)}行` : `${formatCount(n)} row${n === 1 ? "" : "s"}`;

/** The month-end `text` names (2017-12-31, or 2017-12 for its last day), inside the fiscal year. */
function asOfDate(text: string, book: Book): string | { error: Text } {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text);
  const fy = book.fiscalYear;
  const expected = say(
    `${fy.label}（${fy.start} … ${fy.end}）の月末日を指定してください（例：2017-12-31）。`,
    `expected a month-end inside ${fy.label} (${fy.start} … ${fy.end}), e.g. 2017-12-31`,
  );
  const refuse = (ja: string, en: string) => ({
    error: say(`${ja}${expected.ja}`, `${en}: ${expected.en}`),
  });
  if (!m)
    return refuse(`--as-of 「${text}」は日付ではありません。`, `--as-of 「${text}」 is not a date`);
  const [y, mo] = [Number(m[1]), Number(m[2])];
  const last = daysInMonth(y, mo);
  if (last === 0)
    return refuse(
      `--as-of 「${text}」に${mo}月はありません。`,
      `--as-of 「${text}」 has no month ${mo}`,
    );
  const iso = `${m[1]}-${m[2]}-${String(last).padStart(2, "0")}`;
  if (m[3] !== undefined && Number(m[3]) !== last)
    return refuse(
      `--as-of ${text} は月末日ではありません（月末日は ${iso}）。`,
      `--as-of ${text} is not a month-end (${iso} is)`,
    );
  if (iso < fy.start || iso > fy.end)
    return refuse(
      `--as-of ${text} は${fy.label}の範囲外です。`,
      `--as-of ${text} is outside ${fy.label}`,
    );
  return iso;
}

/** The version the import writes, checked against the book and the options. */
function targetOf(book: Book, o: ActualsImportOptions, lang: Lang): Target | CommandResult {
  if (o.kind !== undefined && o.kind !== "actual" && o.kind !== "forecast")
    return usage(
      say(
        `--kind には actual（決算）か forecast（決算見込み）を指定してください（指定：${o.kind}）。`,
        `--kind must be actual (決算) or forecast (決算見込み), not ${o.kind}`,
      ),
      lang,
    );
  const existing = findVersion(book, o.version);
  if (existing && !SETTLED_KINDS.has(existing.kind))
    return usage(
      say(
        `「${o.version}」は${VERSION_KIND_LABELS[existing.kind]}の版です。実績は actual か forecast の版に取り込み、予算の版には上書きしません（新しい id を指定してください。例：--version settlement）。`,
        `「${o.version}」 is ${existing.name} (${existing.kind}): actuals go into an actual or forecast version, never over a budget (give a new id, e.g. --version settlement)`,
      ),
      lang,
    );
  if (!existing && !/^[a-z0-9][a-z0-9-]*$/.test(o.version))
    return usage(
      say(
        `--version 「${o.version}」：${o.into} にこの版はありません。新しい版の id は英小文字・数字・ハイフンで書いてください（例：settlement、forecast-2017-12）。`,
        `--version 「${o.version}」: no such version in ${o.into}, and a new version needs an id of lower-case letters, digits and hyphens (e.g. settlement, forecast-2017-12)`,
      ),
      lang,
    );
  if (o.name !== undefined && o.name.trim() === "")
    return usage(
      say(
        "--name が空です。版には名前が必要です（例：決算、決算見込み）。",
        "--name is empty: a version needs a name (e.g. 決算, 決算見込み)",
      ),
      lang,
    );
  if (o.name !== undefined && o.name.length > MAX_FIELD_CHARS) {
    const [n, max] = [formatCount(o.name.length), formatCount(MAX_FIELD_CHARS)];
    return usage(
      say(
        `--name は${n}文字あります。book.json の名前は${max}文字までです。`,
        `--name holds ${n} characters; a name in book.json holds at most ${max}`,
      ),
      lang,
    );
  }
  let asOf: string | null = null;
  if (o.asOf !== undefined) {
    const d = asOfDate(o.asOf, book);
    if (typeof d !== "string") return usage(d.error, lang);
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
  if (taken.has(name))
    return usage(
      say(
        `別の版がすでに「${name}」という名前です。--name で名前を指定してください。`,
        `another version is already named ${name}: give --name`,
      ),
      lang,
    );
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

/** `yosan import --version`: the exports read through the mapping, printed, checked and written (terminal in the book's language unless `--lang` says otherwise). */
export async function runActualsImport(
  files: readonly string[],
  o: ActualsImportOptions,
): Promise<CommandResult> {
  const env = o.env ?? process.env;
  const early = terminalLang(o.lang, env, undefined);
  if (files.length === 0) return usage(IMPORT_WORDS.noFile, early);
  if (o.unit !== undefined && !isUnit(o.unit))
    return usage(
      say(
        `--unit には 円・千円・百万円・億円 のいずれかを指定してください（指定：${o.unit}）。`,
        `--unit must be 円, 千円, 百万円 or 億円, not ${o.unit}`,
      ),
      early,
    );
  if (o.signs !== undefined && o.signs !== "normal" && o.signs !== "debit")
    return usage(
      say(
        `--signs には normal か debit を指定してください（指定：${o.signs}）。`,
        `--signs must be normal or debit, not ${o.signs}`,
      ),
      early,
    );
  if (!existsSync(join(o.into, "book.json")))
    return usage(
      say(
        `${o.into} に book.json がありません。実績は既存の帳簿に取り込みます。`,
        `${o.into} has no book.json: actuals go into an existing book`,
      ),
      early,
    );
  const loaded = loadBook(o.into);
  if (!loaded.ok) return invalid(loaded.issues, notChanged(o.into, `in ${o.into}`), early);
  const book = loaded.book;
  const lang = terminalLang(o.lang, env, book.language);
  const target = targetOf(book, o, lang);
  if ("exitCode" in target) return target;
  const shared = sharedFileIssue(o.into, o.into, target.decl);
  if (shared) return invalid([shared], notChanged(o.into, `in ${o.into}`), lang);
  const mappingPath = o.mapping ?? join(o.into, MAPPING_FILE);
  if (o.mapping === undefined && !existsSync(mappingPath))
    return usage(
      say(
        `${o.into} に ${MAPPING_FILE} がありません。会計システムの科目コードと部門を帳簿の科目と${book.segmentTerm}に対応付ける CSV（科目対応表）を --mapping FILE で指定してください（README の importing actuals を参照）。`,
        `${o.into} has no ${MAPPING_FILE}: give --mapping FILE, the CSV that maps the accounting system's 科目コード and 部門 to the book's lines and segments (README: importing actuals)`,
      ),
      lang,
    );
  const mapping = readMapping(mappingPath, mappingPath, book);
  if (!mapping.ok)
    return invalid(
      mapping.issues,
      notChanged(`科目対応表 ${mappingPath}`, `in the mapping ${mappingPath}`),
      lang,
    );
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
  const { accounts, departments } = mapping.mapping;
  const stdout = [
    lang === "ja"
      ? `科目対応表 ${mappingPath}：科目 ${accounts}件、部門 ${departments}件`
      : `mapping ${mappingPath}: ${accounts} accounts, ${departments} 部門`,
    ...readLines(plan, target, lang),
  ];
  const errors = plan.issues.filter((i) => i.severity === "error");
  const warnings = plan.issues.filter((i) => i.severity === "warning");
  if (errors.length > 0 || plan.exports.length === 0)
    return { exitCode: 2, stdout, stderr: refusal(plan, errors, warnings, lang) };
  if (plan.leaves.length === 0)
    return {
      exitCode: 2,
      stdout,
      stderr: [
        `yosan: ${
          say(
            "ファイルのどの行も帳簿の科目に対応しません。帳簿は変更していません。",
            "nothing in the files maps into a line of the book; the book was not changed",
          )[lang]
        }`,
      ],
    };
  return finish(book, o, target, plan, stdout, warnings, lang);
}

/** Every error, unmapped ones all listed (never cut short), then the count. */
function refusal(
  plan: ActualsPlan,
  errors: readonly InputIssue[],
  warnings: readonly InputIssue[],
  lang: Lang,
): string[] {
  const unmapped = errors.filter((i) => i.code === "actuals.unmapped");
  const other = errors.filter((i) => i.code !== "actuals.unmapped");
  const format = (i: InputIssue) => formatInputIssue(i, lang);
  const shown = [...unmapped.map(format), ...reportIssues(other, asWritten(""), lang).slice(0, -1)];
  const total = formatCount(errors.length + plan.moreIssues);
  const many = errors.length + plan.moreIssues !== 1;
  const n = unmapped.length;
  return [
    ...shown,
    ...warnings.map(format),
    lang === "ja"
      ? `yosan: ファイルに問題${total}件${n > 0 ? `（うち科目対応表にないもの${n}件）` : ""}。帳簿は変更していません。`
      : `yosan: ${total} problem${many ? "s" : ""} in the files${n > 0 ? `, ${n} of them not in the mapping` : ""}; the book was not changed`,
  ];
}

/** What each export gave, and what the mapping left out. */
function readLines(plan: ActualsPlan, target: Target, lang: Lang): string[] {
  const ja = lang === "ja";
  const out: string[] = [];
  const first = (at: Source | null, file: string) => formatSource(at ?? cell(file, 1), lang);
  for (const e of plan.exports) {
    const r = e.read;
    const shape = r.shape;
    if (!shape) continue;
    const where = r.sheet !== undefined ? `${r.file}!${r.sheet}` : r.file;
    const notes = e.notes.map((n) => n[lang]);
    const from = e.unitFrom !== null ? (ja ? `（${e.unitFrom}）` : ` (${e.unitFrom})`) : "";
    out.push(
      ja
        ? `${where} を読み込みました：${shape.kind === "journal" ? "仕訳" : "試算表"}、見出し行は${r.headerRow}行目（${notes.join("、")}）、金額の単位は${e.unit}${from}`
        : `read ${where}: ${shape.kind === "journal" ? "journal (仕訳)" : "trial balance (試算表)"}, header on row ${r.headerRow} (${notes.join("; ")}); amounts in ${e.unit}${from}`,
    );
    const counted = [
      ja
        ? `${rowsText(r.rows, lang)}（うち集計${formatCount(r.counted)}行）`
        : `${rowsText(r.rows, lang)}, ${formatCount(r.counted)} counted`,
    ];
    if (shape.figures === "months") {
      const months =
        shape.months
          .filter((m) => m.period <= target.lastPeriod)
          .map((m) => m.label)
          .join(" ") || (ja ? "（なし）" : "(none)");
      const opening = shape.columns.opening !== undefined;
      counted.push(
        ja
          ? `集計した月 ${months}${opening ? "（期首残高に加えて）" : ""}`
          : `months ${months}${opening ? " after the opening balance" : ""}`,
      );
    }
    if (r.before.rows > 0) {
      const [n, date, at] = [
        formatCount(r.before.rows),
        dateText(target.from),
        first(r.before.first, r.file),
      ];
      counted.push(
        ja
          ? `${date} より前の日付の${n}行を除外（最初は ${at}）`
          : `${n} dated before ${date} left out (first ${at})`,
      );
    }
    if (r.after.rows > 0) {
      const [n, date, at] = [
        formatCount(r.after.rows),
        dateText(target.to),
        first(r.after.first, r.file),
      ];
      counted.push(
        ja
          ? `${date} より後の日付の${n}行を除外（最初は ${at}）`
          : `${n} dated after ${date} left out (first ${at})`,
      );
    }
    if (r.inheritedDates > 0) {
      const n = formatCount(r.inheritedDates);
      counted.push(
        ja ? `日付のない${n}行は上の行の日付を使用` : `${n} without a date took the date above`,
      );
    }
    if (r.subtotals.rows > 0) {
      const [n, at] = [formatCount(r.subtotals.rows), first(r.subtotals.first, r.file)];
      counted.push(
        ja
          ? `科目コードがなく科目名が空欄か合計（…計）の${n}行を小計として除外（最初は ${at}）`
          : `${n} without an account code and with a blank or total name (…計) left out as subtotals (first ${at})`,
      );
    }
    out.push(`  ${counted.join(ja ? "、" : "; ")}`);
    if (e.totals) {
      const sums = `借方 ${formatJapanese(e.totals.debit)} ${e.totals.debit.equals(e.totals.credit) ? "=" : "≠"} 貸方 ${formatJapanese(e.totals.credit)}`;
      out.push(ja ? `  ${sums}（${e.unit}）` : `  ${sums} (${e.unit})`);
    }
  }
  for (const l of plan.leftOut) {
    const figures = [
      `借方 ${formatJapanese(l.debit)}`,
      `貸方 ${formatJapanese(l.credit)}`,
      ...(l.balance.isZero() ? [] : [`残高 ${formatJapanese(l.balance)}`]),
    ];
    const rule = `${l.rule.shown} [${formatSource(l.rule.source)}]`;
    out.push(
      ja
        ? `科目対応表で除外（-）：${rule}：${rowsText(l.rows, lang)}、${figures.join("、")}（${l.unit}）`
        : `left out by the mapping (-): ${rule}: ${rowsText(l.rows, lang)}, ${figures.join(", ")} (${l.unit})`,
    );
  }
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
  lang: Lang,
): CommandResult {
  const ja = lang === "ja";
  const v = target.decl;
  const previous = new Map<string, Decimal>();
  for (const e of target.existing ? (book.versions.entries.get(v.id) ?? []) : []) {
    const k = `${e.line}\u0000${e.segment ?? ""}`;
    previous.set(k, (previous.get(k) ?? new Decimal(0)).plus(e.amount.value));
  }
  const n = plan.leaves.length;
  // A book without segments: leaves by line alone, no segment column.
  const segmented = book.segments.length > 0;
  const by = segmented
    ? say(`科目・${book.segmentTerm}別の`, " by line and segment")
    : say("科目別の", " by line");
  stdout.push(
    ja
      ? `${v.name}（${v.id}、${VERSION_KIND_LABELS[v.kind]}${v.asOf ? `、${v.asOf} まで` : ""}）：${by.ja}入力科目 ${n}件（${book.unit}）：`
      : `${v.name} (${v.id}, ${v.kind}${v.asOf ? `, to ${v.asOf}` : ""}): ${n} leaves${by.en}, ${book.unit}:`,
  );
  const was = (amount: Decimal) =>
    ja ? `変更前 ${formatJapanese(amount)}` : `was ${formatJapanese(amount)}`;
  const lineById = new Map(book.lines.map((l) => [l.id, l]));
  const labelOf = (id: string) => lineById.get(id)?.label ?? id;
  const rows = plan.leaves.map((l) => {
    const before = previous.get(`${l.line}\u0000${l.segment ?? ""}`) ?? new Decimal(0);
    previous.delete(`${l.line}\u0000${l.segment ?? ""}`);
    return [
      `  ${labelOf(l.line)}`,
      ...(segmented ? [segmentLabel(book.segments, l.segment)] : []),
      l.amount.format(),
      rowsText(l.rows, lang),
      target.existing && !before.equals(l.amount.value) ? was(before) : "",
    ];
  });
  const numeric = [false, ...(segmented ? [false] : []), true, true, false];
  stdout.push(...textColumns(rows, numeric).map((s) => s.trimEnd()));
  for (const [k, amount] of previous) {
    if (amount.isZero()) continue;
    const [lineId = "", segment = ""] = k.split("\u0000");
    const label = labelOf(lineId);
    const where = segmented
      ? ` / ${segmentLabel(book.segments, segment === "" ? null : segment)}`
      : "";
    stdout.push(
      ja ? `  削除 ${label}${where}：${was(amount)}` : `  removed ${label}${where}: ${was(amount)}`,
    );
  }
  const findings = checksOf(book, plan.leaves, v.file);
  const counted = countFindings(findings);
  stdout.push(
    ja
      ? `版の照合：一致 ${counted.passed} 件、不一致 ${counted.failed} 件、警告 ${counted.warned} 件${counted.structural > 0 ? `（ほかに構成上成立 ${counted.structural} 件）` : ""}`
      : `checks of the version: ${counted.passed} passed, ${counted.failed} failed, ${counted.warned} warnings${counted.structural > 0 ? `; ${counted.structural} more hold by construction` : ""}`,
  );
  for (const f of findings)
    if (f.status !== "pass")
      stdout.push(
        `  ${STATUS_WORDS[f.status][lang]} ${f.check}${ja ? "：" : ": "}${f.message[lang]}`,
      );
  const exitCode = findings.some((f) => f.status === "fail") ? 1 : 0;
  const stderr = warnings.map((w) => formatInputIssue(w, lang));
  const names = plan.exports.map((e) => basename(e.read.file));
  // The leaves file's notes are the book's own record of where each figure came from: in the
  // book's language, not the terminal's, so importing the same export again changes nothing.
  const files = [...new Set(names)].join(" ");
  const csv = leavesCsv(book, plan.leaves, (l) =>
    book.language === "ja"
      ? `${files}：${rowsText(l.rows, "ja")}`
      : `${files}: ${rowsText(l.rows, "en")}`,
  );
  if (o.dryRun) {
    stdout.push(IMPORT_WORDS.dryRun[lang]);
    return { exitCode, stdout, stderr };
  }
  if (unchanged(o.into, v, csv, target.renamed)) {
    stdout.push(IMPORT_WORDS.unchanged(o.into)[lang]);
    return { exitCode, stdout, stderr };
  }
  const written = writeActuals(o.into, v, csv, target.renamed);
  if (!written.ok)
    return {
      exitCode: 2,
      stdout,
      stderr: reportIssues(
        written.issues,
        notChanged("書き込み後の帳簿", "in the book as it would be written"),
        lang,
      ),
    };
  stdout.push(wroteBookText(written, lang));
  if (counted.failed > 0) {
    const k = counted.failed;
    stdout.push(
      ja
        ? `出力のとおりに書き込みましたが、版の照合で不一致が${k}件あります（終了コード 1）。yosan check --version ${v.id} で確認してください。${v.asOf ? "月末までの数値は、年間の計画のようには照合が一致しないことがよくあります。" : ""}`
        : `written as the export gives it, although ${k} ${k === 1 ? "check fails" : "checks fail"} on the version (exit 1): see yosan check --version ${v.id}${v.asOf ? "; figures to a month-end seldom tie as a year's plan does" : ""}`,
    );
  }
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
