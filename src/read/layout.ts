/**
 * layout.csv: every line of every statement in the document's order — headings, leaves
 * (inputs, each with an optional 課税区分 and rate), derived lines (signed sums of other lines or
 * schedule columns) and tax lines (the consumption tax inside the lines their formula names) — and the
 * checks every formula of the book must pass: each reference names a line (not a heading) or a
 * declared schedule column, and no derived line depends on itself. A 「うち」 line (part_of) names
 * the line it is part of and is never an addend.
 */
import type {
  LayoutLine,
  LineKind,
  PrintedConvention,
  Provision,
  ScheduleDef,
  StatementDef,
} from "../model/book.ts";
import { expandToLeaves, type LeafVector } from "../model/expand.ts";
import { type Formula, type Reference, refText } from "../model/formula.ts";
import { type InputIssue, inputError } from "../model/issues.ts";
import { nearest } from "../model/labels.ts";
import type { Decimal, Unit } from "../model/money.ts";
import { type CellSource, formatSource } from "../model/provenance.ts";
import {
  rateInRange,
  rateOf,
  TAX_CLASS_LABELS,
  type TaxClass,
  type TaxRules,
  taxClassList,
  taxClassOf,
} from "../model/tax.ts";
import { say, type Text } from "../model/text.ts";
import type { BookFiles } from "./book-files.ts";
import { cellOf, type Table, type TableRow } from "./csv-table.ts";
import { checkUnits, formulaUnits, layoutUnit, memoUnits } from "./units.ts";

const LAYOUT_COLUMNS = ["statement", "id", "label", "kind"] as const;

/** The layout's lines, each formula's references checked, cycles reported. */
export function readLayout(
  files: BookFiles,
  file: string,
  statements: readonly StatementDef[],
  schedules: readonly ScheduleDef[],
  provisions: readonly Provision[] = [],
  /** The book's money unit: a line's `unit` other than it is a quantity's (units.ts). */
  money: Unit = "円",
): { lines: LayoutLine[]; references: References } {
  const lines: LayoutLine[] = [];
  const byId = new Map<string, LayoutLine>();
  const t = files.table(file, "layout", LAYOUT_COLUMNS);
  const statementIds = new Set(statements.map((s) => s.id));
  for (const r of t?.rows ?? []) {
    const line = t ? layoutLine(files, t, r, statementIds, byId, money) : null;
    if (line === null) continue;
    lines.push(line);
    byId.set(line.id, line);
  }
  const references = new References(files, byId, schedules, provisions, money);
  for (const line of lines) {
    for (const term of line.formula?.terms ?? [])
      references.check(term.ref, { ...line.source, column: "formula" }, line.formula?.text ?? "");
  }
  files.add(findCycles(lines, byId));
  files.add(checkMemos(lines, byId));
  // Nothing adds figures of different units (a quantity and money, 戸 and ㎥).
  files.add(formulaUnits(lines, byId, money));
  files.add(memoUnits(lines, byId, money));
  return { lines, references };
}

/** The kinds of line whose figure is computed from a formula (each must have one; no other may). */
const FORMULA_KINDS: ReadonlySet<string> = new Set(["derived", "tax", "non-deductible"]);

/** Why a line's formula does not fit its kind: it lacks one it needs, or has one it must not. */
function formulaKindMessage(kind: string, id: string): Text {
  switch (kind) {
    case "derived":
      return say(
        `計算する科目（derived）「${id}」に式がありません。`,
        `derived line 「${id}」 has no formula`,
      );
    case "tax":
      return say(
        `消費税の科目（tax）「${id}」に式がありません。どの科目に含まれる消費税かを式で示してください（例：construction）。`,
        `tax line 「${id}」 has no formula: name the lines whose tax it is (e.g. construction)`,
      );
    case "non-deductible":
      return say(
        `控除対象外消費税の科目（non-deductible）「${id}」に式がありません。課税仕入れ等の税額（仮払消費税の科目）を式で示してください（例：tax-expenses + tax-capital）。`,
        `non-deductible line 「${id}」 has no formula: name the lines of the 課税仕入れ等の税額 (e.g. tax-expenses + tax-capital)`,
      );
    default:
      return say(
        `${kind === "leaf" ? "入力科目" : kind === "heading" ? "見出し" : `${kind} の科目`}「${id}」には式を書けません。`,
        `${kind} line 「${id}」 must not have a formula`,
      );
  }
}

/** One row of layout.csv as a line, or null with the issue recorded. */
function layoutLine(
  files: BookFiles,
  t: Table,
  r: TableRow,
  statementIds: ReadonlySet<string>,
  byId: ReadonlyMap<string, LayoutLine>,
  money: Unit,
): LayoutLine | null {
  const v = r.values;
  const id = v.id ?? "";
  const kind = (v.kind ?? "") as LineKind;
  const issue = (code: InputIssue["code"], column: string, message: Text) => {
    files.issues.push(inputError(code, cellOf(t, r, column), message, r.raw));
    return null;
  };
  if (!statementIds.has(v.statement ?? "")) {
    return issue(
      "layout.unknown-statement",
      "statement",
      say(
        `財務諸表「${v.statement}」は book.json にありません（book.json の財務諸表：${[...statementIds].join("、")}）。`,
        `unknown statement 「${v.statement}」 (book.json declares: ${[...statementIds].join(", ")})`,
      ),
    );
  }
  const first = byId.get(id);
  if (first) {
    return issue(
      "layout.duplicate-line",
      "id",
      say(
        `科目「${id}」が 2 回定められています（最初は ${first.source.row} 行目）。`,
        `line 「${id}」 is declared twice (first at row ${first.source.row})`,
      ),
    );
  }
  const hasFormula = (v.formula ?? "") !== "";
  if (FORMULA_KINDS.has(kind) !== hasFormula)
    return issue("layout.kind", "formula", formulaKindMessage(kind, id));
  const formula = hasFormula ? files.formula(t, r, "formula") : null;
  if (hasFormula && formula === null) return null;
  // A 課税区分 or rate that cannot be read is reported; the line stays, so nothing cascades.
  const tax = taxColumns(files, t, r, id, kind);
  // A unit that cannot be the line's is reported; the line stays (as money), so nothing cascades.
  const measure = layoutUnit(v.unit ?? "", money);
  if ("problem" in measure)
    files.issues.push(inputError("layout.unit", cellOf(t, r, "unit"), measure.problem, r.raw));
  return {
    statement: v.statement ?? "",
    id,
    label: v.label ?? "",
    aliases: (v.aliases ?? "")
      .split("|")
      .map((a) => a.trim())
      .filter((a) => a !== ""),
    level: Number(v.level || "0"),
    kind,
    ...(formula ? { formula } : {}),
    printed: ((v.printed ?? "") || "signed") as PrintedConvention,
    ...(v.part_of ? { partOf: v.part_of } : {}),
    ...("unit" in measure && measure.unit !== undefined ? { unit: measure.unit } : {}),
    ...tax,
    source: cellOf(t, r, "id"),
  };
}

/**
 * A leaf's 課税区分 and rate (layout.csv's `tax` and `rate`), each optional; neither, with the
 * issue recorded, when one is not a 課税区分 or a percentage between 0 and 100, or is written
 * on a line that is not a leaf, or a rate on a line whose own 課税区分 is not 課税.
 */
function taxColumns(
  files: BookFiles,
  t: Table,
  r: TableRow,
  id: string,
  kind: LineKind,
): { taxClass?: TaxClass; rate?: Decimal } {
  const written = (r.values.tax ?? "").trim();
  const rateWritten = (r.values.rate ?? "").trim();
  if (written === "" && rateWritten === "") return {};
  const issue = (code: "tax.class" | "tax.rate", column: string, message: Text) => {
    files.issues.push(inputError(code, cellOf(t, r, column), message, r.raw));
    return {};
  };
  const classes = taxClassList();
  if (kind !== "leaf")
    return issue(
      written !== "" ? "tax.class" : "tax.rate",
      written !== "" ? "tax" : "rate",
      say(
        `「${id}」は入力科目ではありません。課税区分と税率は入力科目（節・目）に書きます。`,
        `「${id}」 is not a leaf line: a 課税区分 and a rate belong to leaves (節 or 目)`,
      ),
    );
  const taxClass = written === "" ? undefined : taxClassOf(written);
  if (written !== "" && taxClass === undefined)
    return issue(
      "tax.class",
      "tax",
      say(
        `「${written}」は課税区分ではありません。${classes.ja}のいずれかを書いてください。`,
        `「${written}」 is not a 課税区分: write one of ${classes.en}`,
      ),
    );
  if (rateWritten === "") return taxClass ? { taxClass } : {};
  const rate = rateOf(rateWritten);
  if (rate === undefined || !rateInRange(rate))
    return issue(
      "tax.rate",
      "rate",
      say(
        `税率「${rateWritten}」は 0% より大きく 100% より小さい百分率ではありません（例：10%、8%）。`,
        `rate 「${rateWritten}」 is not a percentage above 0% and below 100% (e.g. 10%, 8%)`,
      ),
    );
  if (taxClass !== undefined && taxClass !== "taxable")
    return issue(
      "tax.rate",
      "rate",
      say(
        `「${id}」は${TAX_CLASS_LABELS[taxClass]}の科目です。税率は課税の科目にだけ書きます。`,
        `「${id}」 is ${TAX_CLASS_LABELS[taxClass]} (${taxClass}): only a 課税 (taxable) line has a rate`,
      ),
    );
  return { ...(taxClass ? { taxClass } : {}), rate };
}

/**
 * What the tax lines need of the book: its rules (book.json `tax`, else tax.rules at each tax
 * line), and a 課税区分 for every leaf a tax line's formula reaches — its own or the book's
 * default (else tax.unset at the leaf, naming the tax line); only leaves and the derived lines
 * adding them may be reached (a schedule column or another tax line has no 課税区分). A rate
 * on a leaf without its own 課税区分 needs the book's default to be 課税 (else tax.rate).
 */
export function taxIssues(lines: readonly LayoutLine[], rules: TaxRules | undefined): InputIssue[] {
  const issues: InputIssue[] = [];
  const byId = new Map(lines.map((l) => [l.id, l]));
  const unset = new Set<string>();
  const memo = new Map<string, LeafVector>();
  /**
   * Every leaf `formula` reaches has a 課税区分 (its own or the default); it reaches nothing
   * else. `name` says what the formula is (消費税の科目「…」), `row` where (（12 行目）), `at`
   * the cell of the formula.
   */
  const needClasses = (
    formula: Formula,
    name: Text,
    row: Text,
    at: CellSource,
    fallback: TaxRules["class"],
  ) => {
    for (const key of expandToLeaves({ lines }, formula, memo).keys()) {
      const leaf = byId.get(key);
      if (leaf?.kind === "derived") continue; // a total of nothing: no tax in it
      if (leaf?.kind !== "leaf") {
        issues.push(
          inputError(
            "tax.unset",
            at,
            say(
              `${name.ja}の式が「${leaf?.label ?? key}」を含んでいます。${leaf ? "消費税の科目" : "明細表の列"}には課税区分がありません。入力科目か、それを足し合わせる集計科目を書いてください。`,
              `${name.en} reaches 「${leaf?.label ?? key}」, ${leaf ? "a tax line" : "a schedule column"}, which has no 課税区分: name leaves, or derived lines that add leaves`,
            ),
            formula.text,
          ),
        );
        continue;
      }
      if (leaf.taxClass !== undefined || fallback !== null || unset.has(leaf.id)) continue;
      unset.add(leaf.id);
      issues.push(
        inputError(
          "tax.unset",
          { ...leaf.source, column: "tax" },
          rules?.class != null
            ? say(
                `入力科目「${leaf.label}」に課税区分がありません。${name.ja}${row.ja}がこの科目を含みます。特定収入の計算では、収入の科目ごとに課税区分を書きます（使途不特定か課税仕入れ等かを既定の区分 tax.class では決めません）。`,
                `leaf 「${leaf.label}」 has no 課税区分: ${name.en}${row.en} reaches it, and the 特定収入 rule sorts each receipt by its own 課税区分 (book.json's default, tax.class, does not decide whether a receipt is 特定収入)`,
              )
            : say(
                `入力科目「${leaf.label}」に課税区分がありません。${name.ja}${row.ja}がこの科目を含み、book.json に既定の区分（tax.class）もありません。`,
                `leaf 「${leaf.label}」 has no 課税区分: ${name.en}${row.en} reaches it and book.json declares no default (tax.class)`,
              ),
        ),
      );
    }
  };
  for (const line of lines) {
    if ((line.kind !== "tax" && line.kind !== "non-deductible") || !line.formula) continue;
    const kindName =
      line.kind === "tax"
        ? say(`消費税の科目「${line.label}」`, `tax line 「${line.label}」`)
        : say(`控除対象外消費税の科目「${line.label}」`, `non-deductible line 「${line.label}」`);
    if (rules === undefined || (line.kind === "non-deductible" && !rules.specified)) {
      issues.push(
        inputError(
          "tax.rules",
          { ...line.source, column: "kind" },
          line.kind === "tax"
            ? say(
                `${kindName.ja}がありますが、book.json に消費税の計算方法（"tax"：税率と端数処理）がありません。`,
                `${kindName.en} needs book.json's consumption-tax rules ("tax": its rate and rounding), and it declares none`,
              )
            : say(
                `${kindName.ja}がありますが、book.json に特定収入の計算方法（"tax" の "specified"：収入の科目と特定収入割合の基準 5%）がありません。`,
                `${kindName.en} needs book.json's 特定収入 rule ("specified" in "tax": the receipts and the threshold, 5%), and it declares none`,
              ),
        ),
      );
      continue;
    }
    if (line.kind === "tax")
      needClasses(
        line.formula,
        kindName,
        say(`（${line.source.row} 行目）`, ` (row ${line.source.row})`),
        { ...line.source, column: "formula" },
        rules.class,
      );
  }
  const specified = rules?.specified;
  if (specified && lines.some((l) => l.kind === "non-deductible")) {
    const wrong = receiptsIssue(specified.receipts, lines, byId, memo);
    if (wrong)
      issues.push(inputError("tax.rules", specified.source, wrong, specified.receipts.text));
    else
      needClasses(
        specified.receipts,
        say("book.json の tax.specified.receipts ", "book.json's tax.specified.receipts"),
        say("", ""),
        specified.source,
        // Every receipt says what it is: a default would decide silently what is 特定収入.
        null,
      );
  }
  for (const leaf of lines) {
    if (leaf.rate === undefined || leaf.taxClass !== undefined) continue;
    const fallback = rules?.class ?? null;
    if (fallback === "taxable") continue;
    issues.push(
      inputError(
        "tax.rate",
        { ...leaf.source, column: "rate" },
        fallback === null
          ? say(
              `入力科目「${leaf.label}」に税率がありますが、課税区分がありません。税率は課税の科目にだけ書きます（tax 列に「課税」）。`,
              `leaf 「${leaf.label}」 has a rate but no 課税区分: only a 課税 (taxable) line has a rate (write 課税 in its tax column)`,
            )
          : say(
              `入力科目「${leaf.label}」は既定の課税区分（${TAX_CLASS_LABELS[fallback]}）です。税率は課税の科目にだけ書きます。`,
              `leaf 「${leaf.label}」 takes the default 課税区分 ${TAX_CLASS_LABELS[fallback]} (${fallback}): only a 課税 (taxable) line has a rate`,
            ),
      ),
    );
  }
  return issues;
}

/**
 * Why the 特定収入 rule's receipts cannot be summed, or undefined: they must reach some money
 * leaf, each once and added (a leaf counted twice, or subtracted, would move the 特定収入割合
 * and no check would say so), and no quantity (戸, ㎥).
 */
function receiptsIssue(
  receipts: Formula,
  lines: readonly LayoutLine[],
  byId: ReadonlyMap<string, LayoutLine>,
  memo: Map<string, LeafVector>,
): Text | undefined {
  const reached = [...expandToLeaves({ lines }, receipts, memo)];
  const leaves = reached.filter(([id]) => byId.get(id)?.kind === "leaf");
  if (leaves.length === 0)
    return say(
      `book.json の tax.specified.receipts「${receipts.text}」は収入の入力科目を1つも含んでいません。収益的収入と資本的収入の科目を書いてください（例：rev-total + cin-total）。`,
      `book.json's tax.specified.receipts 「${receipts.text}」 reaches no leaf: name the receipts (e.g. rev-total + cin-total)`,
    );
  for (const [id, k] of leaves) {
    const leaf = byId.get(id) as LayoutLine;
    if (leaf.unit !== undefined)
      return say(
        `book.json の tax.specified.receipts が数量の科目「${leaf.label}」（${leaf.unit}）を含んでいます。収入（金額）の科目だけを書いてください。`,
        `book.json's tax.specified.receipts reaches 「${leaf.label}」, a quantity (${leaf.unit}): name receipts in money only`,
      );
    if (k !== 1)
      return say(
        `book.json の tax.specified.receipts は「${leaf.label}」を${k < 0 ? "差し引いて" : `${k} 回`}含んでいます。収入の科目は、それぞれ1回、足して含めてください（2回数えたり差し引いたりすると特定収入割合が変わります）。`,
        `book.json's tax.specified.receipts ${k < 0 ? "subtracts" : `counts ${k} times`} 「${leaf.label}」: each receipt is added once (counted twice or subtracted, it would move the 特定収入割合)`,
      );
  }
  return undefined;
}

/**
 * 「うち」 lines: each names a line of its own statement that has a figure, and no formula adds
 * it (a memo states part of a figure already counted).
 */
function checkMemos(
  lines: readonly LayoutLine[],
  byId: ReadonlyMap<string, LayoutLine>,
): InputIssue[] {
  const issues: InputIssue[] = [];
  const memos = new Set(lines.filter((l) => l.partOf !== undefined).map((l) => l.id));
  for (const line of lines) {
    if (line.partOf === undefined) continue;
    const parent = byId.get(line.partOf);
    if (
      !parent ||
      parent.kind === "heading" ||
      parent.statement !== line.statement ||
      parent.id === line.id
    ) {
      issues.push(
        inputError(
          "layout.memo",
          { ...line.source, column: "part_of" },
          say(
            `「${line.label}」は「${line.partOf}」の内訳（うち）ですが、「${line.partOf}」は ${line.statement} の数値のある科目ではありません。`,
            `「${line.label}」 is part of 「${line.partOf}」, which is not a line with a figure in ${line.statement}`,
          ),
        ),
      );
    }
  }
  for (const line of lines) {
    for (const t of line.formula?.terms ?? []) {
      if (t.ref.kind !== "line" || !memos.has(t.ref.id)) continue;
      const memo = byId.get(t.ref.id);
      issues.push(
        inputError(
          "layout.memo",
          { ...line.source, column: "formula" },
          say(
            `「${line.label}」の式が「${memo?.label ?? t.ref.id}」を足していますが、これは「うち」の科目（${memo?.partOf} の内訳）です。内訳を足すことはできません。`,
            `「${line.label}」 adds 「${memo?.label ?? t.ref.id}」, a 「うち」 line (part of ${memo?.partOf}): a memo is never an addend`,
          ),
        ),
      );
    }
  }
  return issues;
}

/**
 * Checks that what a formula refers to exists: a line with an amount, a schedule column, or (in
 * checks.csv only) a provision with an amount.
 */
export class References {
  private readonly provisionById: ReadonlyMap<string, Provision>;

  constructor(
    private readonly files: BookFiles,
    readonly lineById: ReadonlyMap<string, LayoutLine>,
    private readonly schedules: readonly ScheduleDef[],
    provisions: readonly Provision[],
    /** The book's money unit, to name money beside a quantity's unit. */
    private readonly money: Unit = "円",
  ) {
    this.provisionById = new Map(
      provisions.flatMap((p) => (p.id === null ? [] : [[p.id, p] as const])),
    );
  }

  /** Whether `ref` names a line or a declared schedule column (no issue recorded). */
  exists(ref: Reference): boolean {
    if (ref.kind === "provision") return false;
    if (ref.kind === "schedule")
      return this.schedules.some(
        (s) => s.id === ref.schedule && s.columns.some((c) => c.id === ref.column),
      );
    return this.lineById.has(ref.id);
  }

  /**
   * Record an issue at `at` when `ref` names nothing with an amount. A provision may be named
   * only where `provisions` says so (a side of a check in checks.csv).
   */
  check(ref: Reference, at: CellSource, raw: string, provisions = false): void {
    if (ref.kind === "provision") {
      this.checkProvision(ref.id, at, raw, provisions);
      return;
    }
    if (ref.kind === "schedule") {
      const def = this.schedules.find((s) => s.id === ref.schedule);
      if (def?.columns.some((c) => c.id === ref.column)) return;
      const declared = this.schedules.flatMap((s) => s.columns.map((c) => `${s.id}.${c.id}`));
      this.files.issues.push(
        inputError(
          "schedule.unknown-column",
          at,
          say(
            `明細表の列「${ref.schedule}.${ref.column}」はありません（定められている列：${declared.join("、")}）。`,
            `unknown schedule column 「${ref.schedule}.${ref.column}」 (declared: ${declared.join(", ")})`,
          ),
          raw,
        ),
      );
      return;
    }
    const target = this.lineById.get(ref.id);
    if (!target) {
      const near = nearest(ref.id, this.lineById.keys());
      this.files.issues.push(
        inputError(
          "layout.unknown-reference",
          at,
          say(
            `科目「${ref.id}」は様式にありません${near.length ? `（近いもの：${near.join("、")}）` : ""}。`,
            `unknown line 「${ref.id}」${near.length ? ` (nearest: ${near.join(", ")})` : ""}`,
          ),
          raw,
        ),
      );
    } else if (target.kind === "heading") {
      this.files.issues.push(
        inputError(
          "layout.unknown-reference",
          at,
          say(
            `「${ref.id}」は見出し（${target.label}）で、金額がありません。その合計の科目を指定してください。`,
            `「${ref.id}」 is a heading (${target.label}): it has no amount; refer to its total line`,
          ),
          raw,
        ),
      );
    }
  }

  private checkProvision(id: string, at: CellSource, raw: string, allowed: boolean): void {
    const problem = allowed
      ? this.provisionProblem(id)
      : say(
          `「${refText({ kind: "provision", id })}」：予算の条項の金額は checks.csv の照合の式でだけ使えます。`,
          `「${refText({ kind: "provision", id })}」: a provision's amount can be named only in a check of checks.csv`,
        );
    if (problem) this.files.issues.push(inputError("provisions.reference", at, problem, raw));
  }

  /** Why `provision:<id>` names no amount, or undefined when it names one. */
  private provisionProblem(id: string): Text | undefined {
    const target = this.provisionById.get(id);
    if (target === undefined) {
      if (this.provisionById.size === 0)
        return say(
          `条項「${id}」はありません。この帳簿には id のある条項がありません（book.json の files.provisions が指す provisions.csv の id 列）。`,
          `no provision 「${id}」: the book has no provision with an id (the id column of the provisions.csv that book.json files.provisions names)`,
        );
      const near = nearest(id, this.provisionById.keys());
      return say(
        `条項「${id}」は provisions.csv にありません${near.length ? `（近いもの：${near.join("、")}）` : ""}。`,
        `no provision 「${id}」 in provisions.csv${near.length ? ` (nearest: ${near.join(", ")})` : ""}`,
      );
    }
    if (target.amount !== null) return undefined;
    // Where to give it one: the provisions.csv row's amount cell, named with the 条 it states.
    const what = `${target.article} ${target.kind}${target.item ? ` ${target.item}` : ""}`;
    const row = formatSource({ ...target.source, column: "amount" });
    return say(
      `条項「${id}」（${what}、${row}）には金額がありません。`,
      `provision 「${id}」 (${what}, ${row}) has no amount`,
    );
  }

  /**
   * Record an issue at `at` when the terms of `sides` (a declared check's left and right) are not
   * all of one unit: a quantity is compared with quantities of its unit only (units.ts).
   */
  checkUnits(id: string, sides: readonly Formula<Reference>[], at: CellSource, raw: string): void {
    const mixed = checkUnits(id, sides, this.lineById, this.money, at, raw);
    if (mixed) this.files.issues.push(mixed);
  }

  /** Record an issue at `at` unless `id` is a line of the layout (`message` says so otherwise). */
  checkLine(id: string, at: CellSource, message: Text): void {
    if (this.lineById.has(id)) return;
    this.files.issues.push(inputError("layout.unknown-reference", at, message));
  }
}

/** Derived lines whose formulas refer back to themselves, reported once per cycle. */
function findCycles(
  lines: readonly LayoutLine[],
  byId: ReadonlyMap<string, LayoutLine>,
): InputIssue[] {
  const state = new Map<string, "visiting" | "done">();
  const issues: InputIssue[] = [];
  const visit = (line: LayoutLine, path: string[]) => {
    const s = state.get(line.id);
    if (s === "done") return;
    if (s === "visiting") {
      const cycle = [...path.slice(path.indexOf(line.id)), line.id];
      issues.push(
        inputError(
          "layout.cycle",
          { ...line.source, column: "formula" },
          say(`式が循環しています：${cycle.join(" → ")}。`, `cycle: ${cycle.join(" → ")}`),
        ),
      );
      return;
    }
    state.set(line.id, "visiting");
    for (const t of line.formula?.terms ?? []) {
      if (t.ref.kind !== "line") continue;
      const next = byId.get(t.ref.id);
      if (next) visit(next, [...path, line.id]);
    }
    state.set(line.id, "done");
  };
  for (const line of lines) visit(line, []);
  return issues;
}
