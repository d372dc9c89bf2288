/**
 * The mapping of an accounting system's codes to a book (mapping.csv, schemas/mapping.schema.json),
 * as hledger's CSV rules map a bank's fields to accounts: each `account` row sends a 科目コード
 * (or a name, or every code a prefix begins) to a leaf line with the account's normal side and
 * an optional contra sign, or to `-` (known, left out); each `department` row sends a 部門 to a
 * segment. Lookups are values: the rule, or why there is none — an export row that matches no
 * rule is never dropped, the import lists it.
 */

import { readText } from "../../io/read-text.ts";
import type { Book, LayoutLine } from "../../model/book.ts";
import { type InputIssue, inputError } from "../../model/issues.ts";
import { normalizeLabel } from "../../model/labels.ts";
import { type CellSource, cell } from "../../model/provenance.ts";
import { say, type Text } from "../../model/text.ts";
import { cellOf, parseCsvTable, type Table, type TableRow } from "../../read/csv-table.ts";
import { tableCellsTooLong } from "../../read/limits.ts";
import { lineResolver, type Resolution, segmentResolver } from "../../read/resolution.ts";
import { validateTable } from "../../read/schema-validation.ts";

type Side = "debit" | "credit";

/** Where an account's rows go. */
export interface AccountRule {
  /** The leaf line; null for an account mapped to `-` (known, left out). */
  readonly line: LayoutLine | null;
  /** The account's normal side: its figure is debit − credit on the debit side, else credit − debit. */
  readonly side: Side;
  /** −1 for a contra account: its figure reduces the line. */
  readonly sign: 1 | -1;
  /** The segment of all the account's rows (undefined: by 部門; null: not allocated). */
  readonly segment: string | null | undefined;
  /** The code or name as the mapping writes it, for messages. */
  readonly shown: string;
  readonly source: CellSource;
}

/** Where a 部門's rows go. */
export interface DepartmentRule {
  /** Segment id; null for not allocated (合計 only). */
  readonly segment: string | null;
  readonly shown: string;
  readonly source: CellSource;
}

export type Match<T> =
  | { readonly ok: true; readonly rule: T }
  | { readonly ok: false; readonly why: Text };

export interface Mapping {
  readonly file: string;
  readonly accounts: number;
  readonly departments: number;
  /**
   * The rule for an exported account: by code (exact, then the longest prefix), else by the name
   * of a row without a code; without a code, the name is tried as an exact code, then as a name,
   * then by the longest prefix.
   */
  account(code: string, name: string): Match<AccountRule>;
  /** The rule for an exported 部門, in the same order (both blank: the rule for rows without 部門). */
  department(code: string, name: string): Match<DepartmentRule>;
  /**
   * Do 部門 matter? Not in a book without segments: every row goes to the total, whatever its
   * 部門, and none needs a department row.
   */
  readonly byDepartment: boolean;
}

/**
 * Codes are compared as exported, full-width digits and letters folded.
 * @testOnly exported for the tests that use it
 */
export const normalizeCode = (text: string) =>
  PLAIN_CODE.test(text) ? text : text.normalize("NFKC").trim();

/** Printable ASCII without spaces: what NFKC and trimming leave as it is (most codes), so skipped. */
const PLAIN_CODE = /^[\x21-\x7e]*$/;

const SIDES: Record<string, Side> = {
  debit: "debit",
  借方: "debit",
  credit: "credit",
  貸方: "credit",
};

/**
 * Rules by prefix (`511*` is the prefix 511), answering "the longest prefix a code begins with"
 * by one hash lookup per distinct prefix length, longest first (as routing tables find the
 * longest matching prefix): a chart of 100,000 prefix rules is indexed in linear time, and a
 * lookup costs at most one probe per length up to the code's own, never one per rule. The first
 * rule written for a prefix is kept.
 * @testOnly exported for the tests that use it
 */
export class PrefixIndex<T> {
  private readonly byPrefix = new Map<string, T>();
  private readonly lengths = new Set<number>();
  /** Distinct prefix lengths, longest first; rebuilt after an add. */
  private longestFirst: number[] | null = null;

  /** Add the rule for `prefix`; returns the rule written earlier for the same prefix, if any (it stays). */
  add(prefix: string, rule: T): T | undefined {
    const before = this.byPrefix.get(prefix);
    if (before !== undefined) return before;
    this.byPrefix.set(prefix, rule);
    if (!this.lengths.has(prefix.length)) {
      this.lengths.add(prefix.length);
      this.longestFirst = null;
    }
    return undefined;
  }

  /** The rule of the longest prefix `code` begins with, if any. */
  longest(code: string): T | undefined {
    this.longestFirst ??= [...this.lengths].sort((a, b) => b - a);
    for (const length of this.longestFirst) {
      if (length > code.length) continue;
      const rule = this.byPrefix.get(code.slice(0, length));
      if (rule !== undefined) return rule;
    }
    return undefined;
  }
}

/** The rules sharing a name, and whether they all map alike (kept as they are added). */
interface Named<T> {
  readonly rules: T[];
  alike: boolean;
}

/**
 * Rules indexed by code, prefix and name (names only of rows without a code, for coded exports).
 * A rule is any value (an account's is its row in `AccountRows`); `same` says whether two map
 * alike, `shown` how a message names one.
 */
class Index<T> {
  readonly codes = new Map<string, T>();
  readonly prefixes = new PrefixIndex<T>();
  /** Names of rows without a code: matched for any export row. */
  readonly codeless = new Map<string, Named<T>>();
  /**
   * Names of every row: matched for an export row without a code, so indexed when the first
   * such row asks (a coded export never does); until then the names and their rules, in order.
   */
  private namesIndex: Map<string, Named<T>> | null = null;
  private readonly pendingNames: string[] = [];
  private readonly pendingRules: T[] = [];
  readonly blank: T[] = [];

  constructor(
    private readonly same: (a: T, b: T) => boolean,
    private readonly shown: (rule: T) => string,
  ) {}

  private named(into: Map<string, Named<T>>, key: string, rule: T): Named<T> {
    const group = into.get(key);
    if (group === undefined) {
      const fresh = { rules: [rule], alike: true };
      into.set(key, fresh);
      return fresh;
    }
    group.rules.push(rule);
    group.alike &&= this.same(rule, group.rules[0] as T);
    return group;
  }

  /** Add a rule; returns the rule it duplicates, if any. */
  add(code: string, name: string, rule: T): T | undefined {
    if (code === "" && name === "") {
      this.blank.push(rule);
      return this.blank.length > 1 ? this.blank[0] : undefined;
    }
    if (name !== "") {
      this.pendingNames.push(name);
      this.pendingRules.push(rule);
      this.namesIndex = null;
    }
    if (code === "") {
      const same = this.named(this.codeless, normalizeLabel(name), rule).rules;
      return same.length > 1 ? same[0] : undefined;
    }
    if (code.endsWith("*")) return this.prefixes.add(code.slice(0, -1), rule);
    const before = this.codes.get(code);
    if (before === undefined) this.codes.set(code, rule);
    return before;
  }

  /**
   * An export row's rule. With a code: the exact code, the longest prefix, then the name of a
   * row without a code. Without one, the name column is tried as an exact code (a column headed
   * 科目 or 部門 often holds codes), then as a name, then by prefix — so names stay names in a
   * column of both, and a name that maps two ways is refused rather than caught by a prefix.
   */
  find(codeText: string, nameText: string): Match<T> {
    const code = normalizeCode(codeText);
    const name = normalizeLabel(nameText);
    if (code === "" && name === "") {
      const rule = this.blank[0];
      return rule !== undefined ? { ok: true, rule } : { ok: false, why: NO_RULE.blank };
    }
    if (code !== "") {
      const rule = this.codes.get(code) ?? this.prefixes.longest(code);
      if (rule !== undefined) return { ok: true, rule };
      return this.byName(this.codeless, name) ?? { ok: false, why: NO_RULE.code };
    }
    const asCode = normalizeCode(nameText);
    const exact = this.codes.get(asCode);
    if (exact !== undefined) return { ok: true, rule: exact };
    const byName = this.byName(this.names(), name);
    if (byName !== null) return byName;
    const prefixed = this.prefixes.longest(asCode);
    return prefixed !== undefined
      ? { ok: true, rule: prefixed }
      : { ok: false, why: NO_RULE.either };
  }

  /** The names of every row, indexed as they were added (a blank name after folding is no name). */
  private names(): Map<string, Named<T>> {
    if (this.namesIndex !== null) return this.namesIndex;
    const index = new Map<string, Named<T>>();
    this.pendingNames.forEach((name, i) => {
      const key = normalizeLabel(name);
      if (key !== "") this.named(index, key, this.pendingRules[i] as T);
    });
    this.namesIndex = index;
    return index;
  }

  /** The rule of a name, or why the name maps no single way; null when no row has it. */
  private byName(from: Map<string, Named<T>>, name: string): Match<T> | null {
    const group = from.get(name);
    const first = group?.rules[0];
    if (group === undefined || first === undefined) return null;
    if (group.alike) return { ok: true, rule: first };
    const shown = group.rules.map(this.shown);
    return {
      ok: false,
      why: say(
        `この名前は対応先の異なる複数の行に当たります（${shown.join("、")}）。コードも出力してください`,
        `the name matches rows that map differently (${shown.join(", ")}); export the code too`,
      ),
    };
  }
}

/** Why an exported account or 部門 matches no rule (said inside the message's brackets). */
const NO_RULE = {
  blank: say("空欄の行に対応する行がありません", "no rule for rows without one"),
  code: say("このコードに対応する行がありません", "no rule for the code"),
  either: say(
    "コードとしても名前としても対応する行がありません",
    "no rule for it as a code or as a name",
  ),
} as const;

const sameDepartment = (a: DepartmentRule, b: DepartmentRule) => a.segment === b.segment;

/** What an account row maps to, before it has a place among the rows. */
type Target = Pick<AccountRule, "line" | "side" | "sign">;

/** How a message names a mapping row: its code and name, whichever are written. */
const shownKey = (code: string, name: string) =>
  code === "" ? name : name === "" ? code : `${code} ${name}`;

/** The side an account's figure enters its line on: a contra account's is the other one. */
const effectiveSide = (t: Target): Side =>
  t.sign === 1 ? t.side : t.side === "debit" ? "credit" : "debit";

/**
 * A mapping's account rows, column by column, each made an `AccountRule` when first asked for
 * (the same object after): a chart of 100,000 prefix rules keeps a few slots a row, not a rule,
 * its cell and its name each, and an import asks for the few rules its export's codes meet.
 */
class AccountRows {
  private readonly lines: (LayoutLine | null)[] = [];
  private readonly sides: Side[] = [];
  private readonly signs: (1 | -1)[] = [];
  private readonly segments: (string | null | undefined)[] = [];
  private readonly codes: string[] = [];
  private readonly names: string[] = [];
  private readonly rows: number[] = [];
  private readonly made = new Map<number, AccountRule>();

  constructor(private readonly file: string) {}

  /** Keep a row; returns its handle. */
  add(t: Target, segment: AccountRule["segment"], code: string, name: string, row: number): number {
    this.lines.push(t.line);
    this.sides.push(t.side);
    this.signs.push(t.sign);
    this.segments.push(segment);
    this.codes.push(code);
    this.names.push(name);
    return this.rows.push(row) - 1;
  }

  /** The row's line, side and sign. */
  target(i: number): Target {
    return {
      line: this.lines[i] ?? null,
      side: this.sides[i] ?? "debit",
      sign: this.signs[i] ?? 1,
    };
  }

  shown(i: number): string {
    return shownKey(this.codes[i] ?? "", this.names[i] ?? "");
  }

  rule(i: number): AccountRule {
    const made = this.made.get(i);
    if (made !== undefined) return made;
    const rule: AccountRule = {
      ...this.target(i),
      segment: this.segments[i],
      shown: this.shown(i),
      source: cell(this.file, this.rows[i] ?? 0),
    };
    this.made.set(i, rule);
    return rule;
  }

  same(a: number, b: number): boolean {
    return (
      this.lines[a]?.id === this.lines[b]?.id &&
      this.sides[a] === this.sides[b] &&
      this.signs[a] === this.signs[b] &&
      this.segments[a] === this.segments[b]
    );
  }
}

/** Read and check the mapping file at `path` (named `shown` in messages) against `book`. */
export function readMapping(
  path: string,
  shown: string,
  book: Book,
): { ok: true; mapping: Mapping } | { ok: false; issues: InputIssue[] } {
  const text = readText(path, shown);
  if (!text.ok) return { ok: false, issues: [text.issue] };
  const parsed = parseCsvTable(shown, text.text, ["kind"]);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  const table = parsed.table;
  const issues: InputIssue[] = [...tableCellsTooLong(table), ...validateTable("mapping", table)];
  if (issues.length > 0) return { ok: false, issues };
  const rows = new AccountRows(table.file);
  const accounts = new Index<number>(
    (a, b) => rows.same(a, b),
    (i) => rows.shown(i),
  );
  const departments = new Index<DepartmentRule>(sameDepartment, (r) => r.shown);
  const lineOf = lineResolver(book.lines);
  const lines = perText((text) => lineOf(text, LEAF_ONLY));
  const segments = perText(segmentResolver(book.segments, book.totalLabels));
  /** The first row into each line, by line id: the side every other row into it must enter on. */
  const sides = new Map<string, number>();
  let nAccounts = 0;
  for (const r of table.rows) {
    const v = r.values;
    if (v.kind === "account") nAccounts++;
    const code = normalizeCode(v.code ?? "");
    const name = v.name ?? "";
    const segmentText = v.segment ?? "";
    const segment = segments(segmentText);
    if (!segment.ok) {
      issues.push(inputError(segment.code, cellOf(table, r, "segment"), segment.message, r.raw));
      continue;
    }
    if (v.kind === "department") {
      const stray = (["line", "side", "sign"] as const).find((c) => (v[c] ?? "") !== "");
      if (stray !== undefined) {
        issues.push(
          inputError(
            "schema.invalid",
            cellOf(table, r, stray),
            say(
              `department の行は部門を${book.segmentTerm}（segment 列）に対応付けます。${stray} は空欄にしてください。`,
              `a department row maps a 部門 to a segment (the segment column): leave ${stray} blank`,
            ),
            r.raw,
          ),
        );
        continue;
      }
      const rule: DepartmentRule = {
        segment: segment.value,
        shown: shownKey(code, name) || "(no 部門)",
        source: cellOf(table, r, "kind"),
      };
      const before = departments.add(code, name, rule);
      if (before)
        issues.push(duplicate(table, r, DUPLICATE_WHAT.department, shownKey(code, name), before));
      continue;
    }
    const target = accountTarget(table, r, code, name, lines, issues);
    if (!target) continue;
    const segmentOf = segmentText === "" ? undefined : segment.value;
    const handle = rows.add(target, segmentOf, code, name, r.row);
    const before = accounts.add(code, name, handle);
    if (before !== undefined) {
      issues.push(
        duplicate(table, r, DUPLICATE_WHAT.account, shownKey(code, name), rows.rule(before)),
      );
      continue;
    }
    if (target.line === null) continue;
    const first = sides.get(target.line.id);
    if (first === undefined) sides.set(target.line.id, handle);
    else if (effectiveSide(rows.target(first)) !== effectiveSide(target))
      issues.push(sideClash(table, r, shownKey(code, name), target, rows.rule(first)));
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    mapping: {
      file: shown,
      accounts: nAccounts,
      departments: table.rows.length - nAccounts,
      account: (c, n) => {
        const match = accounts.find(c, n);
        return match.ok ? { ok: true, rule: rows.rule(match.rule) } : match;
      },
      department: (c, n) => departments.find(c, n),
      byDepartment: book.segments.length > 0,
    },
  };
}

/** An account row that enters its line on the other side from the first row into it. */
function sideClash(
  table: Table,
  r: TableRow,
  shown: string,
  target: Target,
  first: AccountRule,
): InputIssue {
  const line = target.line as LayoutLine;
  const effective = effectiveSide(target);
  const firstEffective = effectiveSide(first);
  return inputError(
    "mapping.side",
    cellOf(table, r, "side"),
    say(
      `${shown} は${line.label}（${line.id}）に${SIDE_WORDS[effective]}側で入りますが、${first.shown}（${first.source.row}行目）は${SIDE_WORDS[firstEffective]}側で入ります。どちらかが控除科目（sign -）か、side が誤っています。`,
      `${shown} goes into ${line.label} (${line.id}) on the ${effective} side, but ${first.shown} (${formatAt(first.source)}) on the ${firstEffective} side: one of them is a contra account (sign -) or has the wrong side`,
    ),
    r.raw,
  );
}

const formatAt = (s: CellSource) => `row ${s.row}`;

const LEAF_ONLY = { leafOnly: true } as const;

/**
 * `resolve` answered once per distinct text: a mapping of 100,000 rows names a handful of lines
 * and segments, and a resolution is a value (the line, or the issue to report at each cell).
 */
function perText<R>(resolve: (text: string) => R): (text: string) => R {
  const seen = new Map<string, R>();
  return (text) => {
    let result = seen.get(text);
    if (result === undefined) {
      result = resolve(text);
      seen.set(text, result);
    }
    return result;
  };
}

/** A side in Japanese. */
const SIDE_WORDS: Record<Side, string> = { debit: "借方", credit: "貸方" };

/** What a mapping row maps, in each language. */
const DUPLICATE_WHAT = {
  account: say("科目", "account"),
  department: say("部門", "部門"),
} as const;

function duplicate<T extends { readonly source: CellSource }>(
  table: Table,
  r: TableRow,
  what: Text,
  key: string,
  before: T,
): InputIssue {
  return inputError(
    "mapping.duplicate",
    cellOf(table, r, r.values.code ? "code" : "name"),
    say(
      `${what.ja}「${key || "（空欄）"}」が2回対応付けられています（この行と${before.source.row}行目）。`,
      `${what.en} 「${key || "(blank)"}」 is mapped twice: here and on ${formatAt(before.source)}`,
    ),
    r.raw,
  );
}

/** An account row's line, side and sign, or null with its issues. */
function accountTarget(
  table: Table,
  r: TableRow,
  code: string,
  name: string,
  lines: (text: string) => Resolution<LayoutLine>,
  issues: InputIssue[],
): Target | null {
  const v = r.values;
  const at = (column: string) => cellOf(table, r, column);
  if (code === "" && name === "") {
    issues.push(
      inputError(
        "schema.invalid",
        at("code"),
        say(
          "account の行にはコード（code）か名前（name）が必要です。",
          "an account row needs a code or a name",
        ),
        r.raw,
      ),
    );
    return null;
  }
  const lineText = v.line ?? "";
  const sign = v.sign === "-" || v.sign === "−" || v.sign === "△" ? -1 : 1;
  if (lineText === "-") return { line: null, side: SIDES[v.side ?? ""] ?? "debit", sign };
  if (lineText === "") {
    const shown = shownKey(code, name);
    issues.push(
      inputError(
        "schema.invalid",
        at("line"),
        say(
          `科目 ${shown} に line がありません。様式の入力科目を指定するか、除外するなら - と書いてください。`,
          `account ${shown} has no line: name a leaf line of the layout, or - to leave it out`,
        ),
        r.raw,
      ),
    );
    return null;
  }
  const line = lines(lineText);
  if (!line.ok) {
    issues.push(inputError(line.code, at("line"), line.message, r.raw));
    return null;
  }
  // An accounting export books money: a quantity line (戸, ㎥ …) is never one of its targets.
  if (line.value.unit !== undefined) {
    const shown = shownKey(code, name);
    issues.push(
      inputError(
        "unit.mix",
        at("line"),
        say(
          `科目 ${shown} の line「${line.value.label}」は数量（${line.value.unit}）の科目です。会計システムの金額は金額の入力科目に取り込んでください。`,
          `account ${shown}: line 「${line.value.label}」 is a quantity (${line.value.unit}); an export's amounts go to a leaf line of money`,
        ),
        r.raw,
      ),
    );
    return null;
  }
  const side = SIDES[v.side ?? ""];
  if (side === undefined) {
    const shown = shownKey(code, name);
    issues.push(
      inputError(
        "schema.invalid",
        at("side"),
        say(
          `科目 ${shown} に side がありません。debit（資産・費用）か credit（負債・純資産・収益）と書いてください。`,
          `account ${shown} has no side: write debit (assets, expenses) or credit (liabilities, net assets, revenue)`,
        ),
        r.raw,
      ),
    );
    return null;
  }
  return { line: line.value, side, sign };
}
