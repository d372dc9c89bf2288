/**
 * Recognising an accounting system's export by its header row, as Beancount's importers
 * `identify` a file before extracting it: a trial balance (試算表: 科目, 部門, 借方/貸方, or 残高,
 * or monthly columns 4月…3月 with 期首残高) or journal lines (仕訳: 日付, 科目, 部門, 借方金額 /
 * 貸方金額 on one line per posting, or 借方科目 … 貸方科目 … pairs on one line). Header words are
 * compared with spaces removed and full-width folded; a unit in brackets (金額(円)) is noted, and
 * so is one a title row above the header states (単位：千円, read by ../unit-note.ts).
 */
import { isUnit, type Unit } from "../../model/money.ts";

/** What a column of an export holds. */
export type Role =
  | "code"
  | "name"
  | "deptCode"
  | "deptName"
  | "date"
  | "debit"
  | "credit"
  | "debitBalance"
  | "creditBalance"
  | "balance"
  | "opening"
  | "amount"
  | "debitCode"
  | "debitName"
  | "debitDeptCode"
  | "debitDeptName"
  | "creditCode"
  | "creditName"
  | "creditDeptCode"
  | "creditDeptName";

/** A monthly column of a trial balance: its place in the fiscal year, 1 (the first month) … 12, 13 for 決算整理. */
interface MonthColumn {
  readonly column: number;
  readonly period: number;
  readonly label: string;
}

export interface ExportShape {
  /** journal: one posting per line (or a 借方/貸方 pair per line); trial-balance: one row per account. */
  readonly kind: "journal" | "trial-balance";
  /** 借方科目 … 貸方科目 … on one line. */
  readonly paired: boolean;
  /** Index (0-based) of each role's column. */
  readonly columns: Readonly<Partial<Record<Role, number>>>;
  readonly months: readonly MonthColumn[];
  /** How each row's figure is read. */
  readonly figures: "debit-credit" | "balances" | "balance" | "months";
  /** The unit a header states (金額(千円)), if any, and the column (0-based) that states it. */
  readonly unit: Unit | null;
  readonly unitColumn: number | null;
  /** The header as written. */
  readonly header: readonly string[];
}

const WORDS: Record<Role, readonly string[]> = {
  code: [
    "科目コード",
    "勘定科目コード",
    "勘定コード",
    "科目cd",
    "科目番号",
    "コード",
    "accountcode",
    "account_code",
    "code",
  ],
  name: [
    "科目名",
    "勘定科目名",
    "勘定科目",
    "科目",
    "科目名称",
    "account",
    "accountname",
    "account_name",
  ],
  deptCode: [
    "部門コード",
    "部門cd",
    "部門番号",
    "departmentcode",
    "department_code",
    "deptcode",
    "dept_code",
  ],
  deptName: ["部門名", "部門", "部門名称", "department", "dept", "セグメント", "segment"],
  date: [
    "日付",
    "伝票日付",
    "取引日",
    "計上日",
    "仕訳日",
    "取引日付",
    "年月日",
    "起票日",
    "date",
    "postingdate",
    "posting_date",
  ],
  debit: ["借方", "借方金額", "借方発生", "借方発生額", "借方合計", "借方計", "debit", "dr"],
  credit: ["貸方", "貸方金額", "貸方発生", "貸方発生額", "貸方合計", "貸方計", "credit", "cr"],
  debitBalance: ["借方残高", "debitbalance", "debit_balance"],
  creditBalance: ["貸方残高", "creditbalance", "credit_balance"],
  balance: [
    "残高",
    "期末残高",
    "当期残高",
    "当月残高",
    "累計残高",
    "期間残高",
    "残高金額",
    "balance",
    "closingbalance",
    "closing_balance",
  ],
  opening: [
    "前期繰越",
    "期首残高",
    "前年度繰越",
    "繰越残高",
    "開始残高",
    "opening",
    "openingbalance",
    "opening_balance",
  ],
  amount: ["金額", "amount"],
  debitCode: [],
  debitName: [],
  debitDeptCode: [],
  debitDeptName: [],
  creditCode: [],
  creditName: [],
  creditDeptCode: [],
  creditDeptName: [],
};

/** 借方科目コード, 借方勘定科目, 借方部門 …: the posting roles of a paired journal. */
const PAIRED: [string, Role, Role, Role, Role][] = [
  ["借方", "debitCode", "debitName", "debitDeptCode", "debitDeptName"],
  ["貸方", "creditCode", "creditName", "creditDeptCode", "creditDeptName"],
];

/** The adjustment period after the last month (決算整理), read as period 13. */
const ADJUSTMENT = new Set(["決算整理", "整理", "決算", "決算整理月", "整理仕訳", "決算整理仕訳"]);

const INDEX = new Map<string, Role>(
  (Object.entries(WORDS) as [Role, readonly string[]][]).flatMap(([role, words]) =>
    words.map((w) => [w, role] as const),
  ),
);

/** A header cell compared: NFKC, no spaces, lower case, a trailing bracket taken off. */
function headerWord(text: string): { word: string; bracket: string } {
  const t = text.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  const m = /^(.+?)[([［【<]([^)\]］】>]*)[)\]］】>]$/.exec(t);
  return m ? { word: m[1] ?? "", bracket: m[2] ?? "" } : { word: t, bracket: "" };
}

/** The period (1–12 from the fiscal year's first month, 13 for 決算整理) a header names, if any. */
function monthPeriod(word: string, firstMonth: number): number | null {
  if (ADJUSTMENT.has(word)) return 13;
  const m =
    /^(?:(\d{4})年)?(\d{1,2})月(?:度|分)?$/.exec(word) ?? /^(\d{4})[/.-](\d{1,2})$/.exec(word);
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return ((month - firstMonth + 12) % 12) + 1;
}

function pairedRole(word: string): Role | undefined {
  for (const [prefix, code, name, deptCode, deptName] of PAIRED) {
    if (!word.startsWith(prefix)) continue;
    const rest = word.slice(prefix.length);
    const base = INDEX.get(rest);
    if (base === "code") return code;
    if (base === "name" || rest === "勘定科目") return name;
    if (base === "deptCode") return deptCode;
    if (base === "deptName") return deptName;
  }
  return undefined;
}

/**
 * The shape of an export whose header is `cells`, or null when the row is not a header a trial
 * balance or journal has. `firstMonth` is the fiscal year's first month (4 for April).
 */
export function recogniseHeader(cells: readonly string[], firstMonth: number): ExportShape | null {
  const columns: Partial<Record<Role, number>> = {};
  const months: MonthColumn[] = [];
  let unit: Unit | null = null;
  let unitColumn: number | null = null;
  cells.forEach((text, i) => {
    const { word, bracket } = headerWord(text);
    if (word === "") return;
    const role = pairedRole(word) ?? INDEX.get(word);
    if (role !== undefined) {
      if (columns[role] === undefined) columns[role] = i;
      if (isUnit(bracket)) {
        unit = bracket;
        unitColumn = i;
      }
      return;
    }
    const period = monthPeriod(word, firstMonth);
    if (period !== null && !months.some((m) => m.period === period))
      months.push({ column: i, period, label: text });
  });
  const has = (r: Role) => columns[r] !== undefined;
  const paired = (has("debitCode") || has("debitName")) && (has("creditCode") || has("creditName"));
  if (paired) {
    if (!(has("debit") || has("amount")) || !(has("credit") || has("amount"))) return null;
    return {
      kind: "journal",
      paired,
      columns,
      months: [],
      figures: "debit-credit",
      unit,
      unitColumn,
      header: cells,
    };
  }
  if (!has("code") && !has("name")) return null;
  const figures = has("date")
    ? has("debit") || has("credit")
      ? "debit-credit"
      : null
    : months.length > 0
      ? "months"
      : has("balance")
        ? "balance"
        : has("debitBalance") || has("creditBalance")
          ? "balances"
          : has("debit") || has("credit")
            ? "debit-credit"
            : null;
  if (figures === null) return null;
  return {
    kind: has("date") ? "journal" : "trial-balance",
    paired: false,
    columns,
    months: months.sort((a, b) => a.period - b.period),
    figures,
    unit,
    unitColumn,
    header: cells,
  };
}
