/**
 * An import of actuals, planned: each export read and added up (aggregate.ts), then its
 * (account, 部門) sums turned into leaf amounts per line × segment of the book by the mapping —
 * on the account's normal side, with a contra account's sign, converted exactly from the
 * export's unit (円) into the book's — and everything that did not map listed with its rows,
 * debit and credit totals and first cell. Nothing is dropped: what is left out knowingly (an
 * account mapped to `-`) is summed and shown too.
 */

import { formatCount } from "../../model/amount-text.ts";
import type { Book, Leaf } from "../../model/book.ts";
import { type InputIssue, inputError, inputWarning } from "../../model/issues.ts";
import { Decimal, formatJapanese, Money, type Unit } from "../../model/money.ts";
import { type CellSource, cell, columnLetter, formatSource } from "../../model/provenance.ts";
import { say, type Text } from "../../model/text.ts";
import { DEFAULT_LIMITS } from "../grid.ts";
import {
  type AggregateOptions,
  dateText,
  ExportAggregator,
  type ExportRead,
  HEADER_ROWS,
  type Pair,
} from "./aggregate.ts";
import type { AccountRule, Mapping } from "./mapping.ts";
import { readExport } from "./source.ts";

/** One leaf of the version, with the number of export rows summed into it. */
interface ActualLeaf extends Leaf {
  readonly rows: number;
}

/** An export read, in its unit, with its debit and credit totals when it has both sides. */
interface ReadExport {
  readonly read: ExportRead;
  readonly unit: Unit;
  /** Where the unit was stated (--unit, a header cell, a title row); null for the default 円. */
  readonly unitFrom: string | null;
  readonly notes: readonly Text[];
  /** Σ 借方 and Σ 貸方 over the rows counted; null when the figures are balances of one side. */
  readonly totals: { readonly debit: Decimal; readonly credit: Decimal } | null;
}

/** An account mapped to `-`: counted, shown, not imported. */
interface LeftOut {
  readonly rule: AccountRule;
  rows: number;
  debit: Decimal;
  credit: Decimal;
  balance: Decimal;
  readonly unit: Unit;
}

export interface ActualsPlan {
  readonly exports: readonly ReadExport[];
  /** In layout order, segments in the book's order, then not allocated. */
  readonly leaves: readonly ActualLeaf[];
  readonly leftOut: readonly LeftOut[];
  /** Errors (nothing may be written) and warnings. */
  readonly issues: readonly InputIssue[];
  /** Row issues beyond those kept. */
  readonly moreIssues: number;
}

interface ActualsOptions extends Omit<AggregateOptions, "mapping"> {
  /** The unit the exports' amounts are in; default: what a header (金額(千円)) or a title row (単位：千円) says, else 円. */
  readonly unit?: Unit;
  readonly verbose?: boolean;
}

/** Read every export and plan the version's leaves. */
export async function planActuals(
  files: readonly { path: string; shown: string }[],
  book: Book,
  mapping: Mapping,
  options: ActualsOptions,
): Promise<ActualsPlan> {
  const issues: InputIssue[] = [];
  const exports: ReadExport[] = [];
  let moreIssues = 0;
  for (const f of files) {
    let sink = new ExportAggregator(f.shown, { ...options, mapping });
    const source = await readExport(
      f.path,
      f.shown,
      () => {
        sink = new ExportAggregator(f.shown, { ...options, mapping });
        return sink;
      },
      DEFAULT_LIMITS,
      { verbose: options.verbose === true },
    );
    if (!source.ok) {
      issues.push(...source.issues);
      continue;
    }
    const read = sink.result();
    if (read.shape === null) {
      issues.push(noHeader(read));
      continue;
    }
    if (
      read.shape.kind === "trial-balance" &&
      read.shape.figures !== "months" &&
      options.lastPeriod < 13
    ) {
      issues.push(notCut(read, options.to));
      continue;
    }
    issues.push(...read.issues);
    moreIssues += read.moreIssues;
    const { unit, from: unitFrom, clash } = unitOf(read, options.unit);
    if (clash !== null) {
      issues.push(clash);
      continue;
    }
    const twoSided = read.shape.figures === "debit-credit" || read.shape.figures === "balances";
    const sum = (pick: (p: Pair) => Decimal) =>
      read.pairs.reduce((acc, p) => acc.plus(pick(p)), new Decimal(0));
    const totals = twoSided
      ? { debit: sum((p) => p.debit.value()), credit: sum((p) => p.credit.value()) }
      : null;
    if (totals && !totals.debit.equals(totals.credit))
      issues.push(unbalanced(read, unit, totals, options));
    exports.push({ read, unit, unitFrom, notes: source.notes, totals });
  }
  const { leaves, leftOut, unmapped } = fold(exports, book);
  return { exports, leaves, leftOut, issues: [...issues, ...unmapped], moreIssues };
}

/** The pairs of every export as leaves, accounts left out, and issues for what did not map. */
function fold(
  exports: readonly ReadExport[],
  book: Book,
): { leaves: ActualLeaf[]; leftOut: LeftOut[]; unmapped: InputIssue[] } {
  const sums = new Map<string, { amount: Money; rows: number }>();
  const leftOut = new Map<string, LeftOut>();
  const unmapped = new Map<string, Unmapped>();
  for (const { read, unit } of exports) {
    for (const p of read.pairs) {
      const debit = p.debit.value();
      const credit = p.credit.value();
      const balance = p.balance.value();
      if (!p.account.ok || (p.department !== null && !p.department.ok)) {
        noteUnmapped(unmapped, read, p, unit, { debit, credit, balance });
        continue;
      }
      const rule = p.account.rule;
      if (rule.line === null) {
        const id = `${rule.source.row}\u0000${unit}`;
        const l = leftOut.get(id) ?? {
          rule,
          rows: 0,
          debit: new Decimal(0),
          credit: new Decimal(0),
          balance: new Decimal(0),
          unit,
        };
        l.rows += p.rows;
        l.debit = l.debit.plus(debit);
        l.credit = l.credit.plus(credit);
        l.balance = l.balance.plus(balance);
        leftOut.set(id, l);
        continue;
      }
      const segment =
        rule.segment !== undefined
          ? rule.segment
          : p.department?.ok
            ? p.department.rule.segment
            : null;
      const own = (rule.side === "debit" ? debit.minus(credit) : credit.minus(debit)).plus(balance);
      const amount = Money.of(rule.sign === 1 ? own : own.negated(), unit).convert(book.unit);
      const key = `${rule.line.id}\u0000${segment ?? ""}`;
      const s = sums.get(key);
      sums.set(
        key,
        s ? { amount: s.amount.plus(amount), rows: s.rows + p.rows } : { amount, rows: p.rows },
      );
    }
  }
  const leaves: ActualLeaf[] = [];
  for (const line of book.lines) {
    if (line.kind !== "leaf") continue;
    for (const segment of [...book.segments.map((s) => s.id), null]) {
      const s = sums.get(`${line.id}\u0000${segment ?? ""}`);
      if (s) leaves.push({ line: line.id, segment, amount: s.amount, rows: s.rows });
    }
  }
  return {
    leaves,
    leftOut: [...leftOut.values()],
    unmapped: [...unmapped.values()].map(unmappedIssue),
  };
}

/** An account or 部門 of one file that matched no rule, summed over its rows. */
interface Unmapped {
  readonly what: "account" | "部門";
  readonly key: string;
  readonly why: Text;
  readonly first: CellSource;
  readonly excerpt: string | undefined;
  readonly unit: Unit;
  rows: number;
  debit: Decimal;
  credit: Decimal;
  balance: Decimal;
}

function noteUnmapped(
  into: Map<string, Unmapped>,
  read: ExportRead,
  p: Pair,
  unit: Unit,
  sums: { debit: Decimal; credit: Decimal; balance: Decimal },
): void {
  const add = (what: Unmapped["what"], key: string, why: Text, first: CellSource) => {
    const id = `${read.file}\u0000${what}\u0000${key}`;
    const u = into.get(id) ?? {
      what,
      key,
      why,
      first,
      excerpt: p.excerpt,
      unit,
      rows: 0,
      debit: new Decimal(0),
      credit: new Decimal(0),
      balance: new Decimal(0),
    };
    u.rows += p.rows;
    u.debit = u.debit.plus(sums.debit);
    u.credit = u.credit.plus(sums.credit);
    u.balance = u.balance.plus(sums.balance);
    into.set(id, u);
  };
  const shown = (code: string, name: string) =>
    [code, name].filter((x) => x !== "").join(" ") || "(blank)";
  if (!p.account.ok) add("account", shown(p.code, p.name), p.account.why, p.first);
  if (p.department !== null && !p.department.ok)
    add("部門", shown(p.deptCode, p.deptName), p.department.why, p.firstDept);
}

/** An unmapped account or 部門 as an issue: an error, or a warning when it has no amount at all. */
function unmappedIssue(u: Unmapped): InputIssue {
  const figures = [
    `借方 ${formatJapanese(u.debit)}`,
    `貸方 ${formatJapanese(u.credit)}`,
    ...(u.balance.isZero() ? [] : [`残高 ${formatJapanese(u.balance)}`]),
  ];
  const empty = u.debit.isZero() && u.credit.isZero() && u.balance.isZero();
  const rows = formatCount(u.rows);
  const message = say(
    `${u.what === "account" ? "科目" : "部門"}「${u.key}」は科目対応表にありません（${u.why.ja}）。${rows}行、${figures.join("、")}（${u.unit}）。最初の行はここです。${empty ? "金額がないため、失われるものはありません。" : ""}`,
    `${u.what} 「${u.key}」 is not in the mapping (${u.why.en}): ${rows} row${u.rows === 1 ? "" : "s"}, ${figures.join(", ")} (${u.unit}); first here${empty ? "; no amount, so nothing is lost" : ""}`,
  );
  return empty
    ? inputWarning("actuals.unmapped", u.first, message, u.excerpt)
    : inputError("actuals.unmapped", u.first, message, u.excerpt);
}

/**
 * The unit of an export's amounts: --unit, else a header bracket (金額(千円)), else a title row
 * (単位：千円), else 円 — with where it was stated, and an issue when a title row disagrees with
 * the header or with --unit.
 */
function unitOf(
  read: ExportRead,
  given: Unit | undefined,
): { unit: Unit; from: string | null; clash: InputIssue | null } {
  const shape = read.shape;
  const title = read.titleUnit;
  const column = shape?.unitColumn ?? null;
  const header =
    shape && shape.unit !== null && column !== null
      ? {
          unit: shape.unit,
          text: shape.header[column] ?? "",
          source: cell(
            read.file,
            read.headerRow,
            read.sheet !== undefined ? columnLetter(column + 1) : shape.header[column],
            read.sheet,
          ),
        }
      : null;
  const titled = title
    ? say(
        `表題の行（${formatSource(title.source)}）の「単位：${title.unit}」`,
        `単位：${title.unit} on the title row ${formatSource(title.source)}`,
      )
    : say("", "");
  if (given !== undefined) {
    const clash =
      title && title.unit !== given
        ? inputError(
            "actuals.unit",
            title.source,
            say(
              `--unit ${given} が${titled.ja}と食い違っています。金額の単位は一つにしてください（--unit を外すか、表題の行を直してください）。`,
              `--unit ${given} disagrees with ${titled.en}: expected one unit for the amounts (leave out --unit, or correct the title row)`,
            ),
            title.raw,
          )
        : null;
    return { unit: given, from: "--unit", clash };
  }
  if (header !== null) {
    const clash =
      title && title.unit !== header.unit
        ? inputError(
            "actuals.unit",
            header.source,
            say(
              `見出し「${header.text}」は${header.unit}ですが、${titled.ja}と食い違っています。金額の単位は一つにしてください（見出しか表題の行を直してください）。`,
              `the header 「${header.text}」 says ${header.unit}, but ${titled.en}: expected one unit for the amounts (correct the header or the title row)`,
            ),
          )
        : null;
    return { unit: header.unit, from: formatSource(header.source), clash };
  }
  if (title) return { unit: title.unit, from: formatSource(title.source), clash: null };
  return { unit: "円", from: null, clash: null };
}

/** A trial balance of one period's figures (no dates, no monthly columns) and an as-of date. */
function notCut(read: ExportRead, to: number): InputIssue {
  const shape = read.shape;
  const c = shape?.columns;
  const column = c?.balance ?? c?.debitBalance ?? c?.creditBalance ?? c?.debit ?? c?.credit;
  const header = column === undefined ? undefined : shape?.header[column];
  return inputError(
    "actuals.as-of",
    cell(
      read.file,
      read.headerRow,
      read.sheet !== undefined && column !== undefined ? columnLetter(column + 1) : header,
      read.sheet,
    ),
    say(
      `日付も月別の列もない試算表は、基準日 ${dateText(to)} で区切れません。「${header ?? ""}」の数値は出力した期間のものです。日付のある仕訳か、月別の列（4月 … 3月）のある試算表を使ってください。`,
      `a trial balance without dates or monthly columns cannot be cut at the as-of date ${dateText(to)}: its 「${header ?? ""}」 figures are those of the period it was exported for (expected a journal with 日付, or a trial balance with monthly columns 4月 … 3月)`,
    ),
    shape?.header.join(","),
  );
}

function noHeader(read: ExportRead): InputIssue {
  const expected = say(
    "科目（科目コードか科目名）と金額（借方と貸方、残高、または月別の列 4月 … 3月）、仕訳ならさらに日付を見出しに持つ行が必要です。",
    "expected a row naming the account (科目コード or 科目名) and the amounts (借方 and 貸方, 残高, or monthly columns 4月 … 3月), and for a journal 日付",
  );
  if (read.sheets.length > 0) {
    const names = read.sheets.map((s) => `「${s}」`);
    return inputError(
      "actuals.header",
      cell(read.file, 1),
      say(
        `どのシートにも、最初の${HEADER_ROWS}行に試算表か仕訳の見出しがありません（シート ${names.join("、")}）。${expected.ja}`,
        `no sheet has the header of a trial balance or journal in its first ${HEADER_ROWS} rows (sheets ${names.join(", ")}): ${expected.en}`,
      ),
    );
  }
  const first = read.firstRows[0];
  return inputError(
    "actuals.header",
    cell(read.file, first?.row ?? 1),
    say(
      `最初の${HEADER_ROWS}行に試算表か仕訳の見出しがありません。${expected.ja}`,
      `no header of a trial balance or journal in the first ${HEADER_ROWS} rows: ${expected.en}`,
    ),
    first?.raw,
  );
}

function unbalanced(
  read: ExportRead,
  unit: Unit,
  totals: { debit: Decimal; credit: Decimal },
  period: { readonly from: number; readonly to: number },
): InputIssue {
  const c = read.shape?.columns;
  const column = c?.debit ?? c?.debitBalance ?? c?.amount;
  const header = column === undefined ? undefined : read.shape?.header[column];
  const isDated = read.shape?.columns.date !== undefined;
  const [from, to] = [dateText(period.from), dateText(period.to)];
  const debit = formatJapanese(totals.debit);
  const credit = formatJapanese(totals.credit);
  const difference = formatJapanese(totals.debit.minus(totals.credit));
  const counted = formatCount(read.counted);
  return inputError(
    "actuals.unbalanced",
    cell(read.file, read.headerRow, header, read.sheet),
    say(
      `集計した${counted}行${isDated ? `（日付 ${from} … ${to}）` : ""}で、借方 ${debit} ≠ 貸方 ${credit} です（${unit}、差額 ${difference}）。`,
      `借方 ${debit} ≠ 貸方 ${credit} (${unit}; difference ${difference}) over the ${counted} rows counted${isDated ? ` (dated ${from} … ${to})` : ""}`,
    ),
  );
}
