/**
 * The one catalogue of everything yosan reports: every input-issue code (book files, the
 * spreadsheets handed to `import`, the 債務負担行為 register) and every built-in check id,
 * each with a title and a hint. `Record`s over the code types, so the compiler demands words
 * for every code. A check a book declares in its checks.csv brings its own words.
 */

/** What a code is called and what to do about it. */
interface Words {
  readonly title: string;
  readonly hint: string;
}

/** Problems that stop a book or a file from being read. */
const INPUT_ISSUE_WORDS = {
  // Book files.
  "file.missing": {
    title: "file not found",
    hint: "check the file name in book.json and that the file exists",
  },
  "file.unreadable": {
    title: "file cannot be read",
    hint: "check permissions and that it is a text file",
  },
  "file.too-large": {
    title: "file too large to read whole",
    hint: "a book's layout, checks, prints and other tables are small; keep the figures in budget or version files, which are streamed",
  },
  "file.outside": {
    title: "file outside the book",
    hint: "keep every file a book names inside its directory (no ../, no absolute path, no link out)",
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
  "json.too-deep": {
    title: "JSON nested too deep",
    hint: "book.json is a few levels deep; look for brackets repeated by damage or a paste near the line",
  },
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
  "amount.too-large": {
    title: "a figure would not fit a spreadsheet cell",
    hint: "a figure of 15 digits or more cannot be kept exactly by Excel; check the rows for a typo or use a larger unit",
  },
  "text.too-long": {
    title: "text too long for a cell",
    hint: "shorten the text; long explanations belong in a note file, not in a label or a cell",
  },
  "sheet.renamed": {
    title: "workbook sheet named differently from its title",
    hint: "change the title if the workbook's sheet should carry it unchanged (Excel: at most 31 characters, none of \\ / ? * [ ] :, not History)",
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
  "layout.memo": {
    title: "a 「うち」 line is used as an addend or names no line",
    hint: "a line with part_of states part of another line: name a line of the same statement in part_of and keep it out of every formula",
  },
  "layout.cycle": {
    title: "formulas refer to each other in a cycle",
    hint: "a derived line cannot depend on itself",
  },
  "checks.duplicate": {
    title: "rule declared twice",
    hint: "keep one row per rule in checks.csv (a check with several rules has a row for each)",
  },
  "version.unknown": {
    title: "names no version of the book",
    hint: "use the id or name of a version declared in book.json's versions",
  },
  "import.overwrite": {
    title: "an import would write over a file nothing reads",
    hint: "yosan writes only the files a book reads and new ones; move or rename the file that is in the way, then import again",
  },
  "version.shared-file": {
    title: "a version's file is read by something else too",
    hint: "give each actual or forecast version a file of its own (versions/<id>.csv); yosan never writes a file the budget, a revision, another version or a print reads",
  },
  "version.order": {
    title: "a version builds on one it cannot",
    hint: "a revision changes a budget or revision listed before it; a 現計 adds the revisions of its budget; a version is declared once",
  },
  "schedule.unknown-column": {
    title: "unknown schedule column",
    hint: "use a column declared for the schedule in book.json (schedule.column)",
  },
  "published.unknown-line": {
    title: "published figure for an unknown line",
    hint: "use a line id or label from layout.csv",
  },
  "output.refused": {
    title: "output refused",
    hint: "choose an output path outside the book directory that is a new name or a regular file",
  },

  // Spreadsheets and text files handed to `import`.
  "read.missing": {
    title: "file not found",
    hint: "check the file name and that the file exists",
  },
  "read.io": {
    title: "file cannot be read",
    hint: "check that the path names a file and that you may read it",
  },
  "read.too-large": {
    title: "file is larger than the configured limit",
    hint: "split the file, or raise the limit if the file is genuine",
  },
  "read.empty": {
    title: "file is empty",
    hint: "export the sheet again; the file has no cells with a value",
  },
  "text.binary": {
    title: "not a text file",
    hint: "export the sheet as CSV (UTF-8 or Shift_JIS) or save it as .xlsx",
  },
  "text.encoding": {
    title: "text is neither UTF-8 nor Shift_JIS (CP932)",
    hint: "save the file as CSV UTF-8 in Excel",
  },
  "text.malformed": {
    title: "CSV cannot be parsed",
    hint: "check quotes and delimiters near the line",
  },
  "xlsx.not-zip": {
    title: "not a readable xlsx",
    hint: "an .xlsx file is a zip archive; open the file in Excel and save it as .xlsx",
  },
  "xlsx.corrupt": {
    title: "not a readable xlsx (truncated or corrupt zip)",
    hint: "copy the file again (it may be incomplete), or open it in Excel and save it again",
  },
  "xlsx.zip-bomb": {
    title: "refused: declared sizes are absurd (possible zip bomb)",
    hint: "a workbook of budget tables is a few megabytes; check where this file came from",
  },
  "xlsx.unsupported": {
    title: "zip features an xlsx does not use",
    hint: "open the file in Excel and save it as .xlsx",
  },
  "xlsx.not-workbook": {
    title: "a zip file but not an xlsx workbook",
    hint: "save the workbook as Excel Workbook (.xlsx)",
  },
  "xlsx.parse": {
    title: "the workbook cannot be read",
    hint: "open the file in Excel or LibreOffice and save it again as .xlsx",
  },
  "xls.encrypted": {
    title: "the workbook is encrypted (password-protected)",
    hint: "remove the password in Excel (File → Info → Protect Workbook) and save again",
  },
  "xls.legacy": {
    title: "a legacy Excel 97-2003 workbook (.xls)",
    hint: "open it in Excel and save it as Excel Workbook (.xlsx)",
  },
  "xls.other": {
    title: "not a spreadsheet yosan can read",
    hint: "save the sheet as .xlsx or CSV",
  },
  "cells.too-many": {
    title: "more cells than the configured limit",
    hint: "remove unused rows and columns, or raise the limit if the file is genuine",
  },
  "import.conflict": {
    title: "two tables give different amounts for one account",
    hint: "the files disagree; correct one of them, or import them one at a time",
  },

  // An accounting system's trial balance or journal imported as actuals, and its mapping file.
  "mapping.duplicate": {
    title: "mapped twice",
    hint: "keep one row per 科目コード (or name) and one per 部門 in the mapping file",
  },
  "mapping.side": {
    title: "accounts mapped into one line disagree on its side",
    hint: "side is the account's normal side (debit for assets and expenses, credit for liabilities, net assets and revenue); mark a contra account (減価償却累計額 into 建物) with sign -",
  },
  "actuals.header": {
    title: "no header of a trial balance or journal",
    hint: "export with a header row naming the account (科目コード or 科目名) and the amounts (借方/貸方, 残高 or monthly columns 4月…3月); a journal also needs 日付",
  },
  "actuals.unmapped": {
    title: "not in the mapping",
    hint: "add a row for it to the mapping file (account: code, name, line, side; department: code, name, segment), or map the account to - to leave it out knowingly",
  },
  "actuals.unbalanced": {
    title: "debits and credits of the export differ",
    hint: "the export is incomplete or filtered (by account, 部門 or period); export the whole journal or trial balance again",
  },
  "actuals.unit": {
    title: "the amounts' unit is stated twice, differently",
    hint: "a title row (単位：千円), a header bracket (金額(千円)) and --unit each state the unit of the amounts; where more than one does they must agree: check which is right and correct the export, or leave out --unit",
  },
  "actuals.as-of": {
    title: "a trial balance without dates or monthly columns cannot be cut at the as-of date",
    hint: "its 残高 or 借方/貸方 are the figures of whatever period it was exported for; for a month-end (--as-of) import the journal (仕訳) or a trial balance with monthly columns (月次推移: 4月 … 3月), or leave out --as-of for the whole year",
  },
  "actuals.date": {
    title: "not a date",
    hint: "write dates as 2017-04-01, 2017/4/1, 20170401 or 平成29年4月1日",
  },

  // The 債務負担行為 register (commitments.csv) and its optional schedules and actuals.
  "commitments.column-missing": {
    title: "required column missing",
    hint: "commitments.csv needs the columns item, limit, authorised_year, burden_years (segment and note are optional)",
  },
  "commitments.item-missing": {
    title: "commitment has no item",
    hint: "write the 事項 as printed in the budget",
  },
  "commitments.year": {
    title: "fiscal year cannot be read",
    hint: "write an era fiscal year such as 平成29年度 or 令和元年度, or a western one such as 2017年度",
  },
  "commitments.range": {
    title: "burden years cannot be read",
    hint: "write one fiscal year (平成30年度) or a range (平成29年度から平成35年度) that ends no earlier than it starts",
  },
  "commitments.burden-before-authorised": {
    title: "burden years start before the commitment is authorised",
    hint: "a commitment authorised in one fiscal year can only burden that year or later ones; check both years against the budget",
  },
  "commitments.limit-invalid": {
    title: "limit is not an amount",
    hint: "write the 限度額 in the book's unit with digits and optional thousands separators, e.g. 77,928",
  },
  "commitments.limit-negative": {
    title: "limit is negative",
    hint: "a 限度額 is a ceiling and cannot be negative; check for a stray △ or - sign",
  },
  "commitments.limit-text": {
    title: "limit is text, not an amount",
    hint: "the commitment is kept but excluded from totals; write an amount if the budget gives one",
  },
  "commitments.segment-unknown": {
    title: "unknown segment",
    hint: "use a segment id or name from book.json, or leave segment blank when the item does not clearly belong to one",
  },
  "commitments.entry-column-missing": {
    title: "required column missing",
    hint: "commitment-schedules.csv needs item, fiscal_year, amount; commitment-actuals.csv needs item, kind, fiscal_year, amount",
  },
  "commitments.entry-item-unknown": {
    title: "row names no commitment",
    hint: "write the item exactly as in commitments.csv, or #n for its position there",
  },
  "commitments.entry-item-ambiguous": {
    title: "item names more than one commitment",
    hint: "write #n, the commitment's 1-based position in commitments.csv, instead of the item text",
  },
  "commitments.entry-kind": {
    title: "unknown kind of actual",
    hint: "write contract (契約) for the contracted amount or payment (支出) for a year's payment",
  },
  "commitments.entry-year": {
    title: "fiscal year cannot be read",
    hint: "write 平成30年度, 令和元年度, 2018年度 or 2018",
  },
  "commitments.entry-duplicate": {
    title: "two amounts for one commitment and year",
    hint: "give one row per commitment and fiscal year (and one contract row per commitment)",
  },
  "commitments.entry-amount-invalid": {
    title: "not an amount",
    hint: "write digits in the book's unit, with optional thousands separators",
  },
  "commitments.entry-amount-negative": {
    title: "amount is negative",
    hint: "a yearly burden, contract or payment cannot be negative; check for a stray △ or - sign",
  },
} as const satisfies Record<string, Words>;

/**
 * The checks yosan runs itself. Generic words only: a book's own ties and chains (checks.csv)
 * bring their titles and hints with them.
 */
const CHECK_WORDS = {
  "segments.sum": {
    title: "合計 column = Σ segment columns, every line of every statement",
    hint: "an amount booked without a segment (blank segment) makes 合計 exceed the segments; allocate it",
  },
  "memo.within": {
    title: "a 「うち」 line lies between 0 and the line it is part of",
    hint: "the memo line is larger than its parent or has the other sign: one of them is mistyped",
  },
  "version.current": {
    title: "現計 = 当初 + Σ 補正, for every changed leaf",
    hint: "holds by construction: the 現計 is derived from the budget and its revisions, never typed",
  },
  "variance.note": {
    title: "a variance of at least the book's threshold has a 備考",
    hint: "explain the difference in the version's notes file (line, segment, note)",
  },
  "variance.overrun": {
    title: "an expense does not exceed its budget (予算超過)",
    hint: "the actual exceeds the current budget: a 補正, a 流用 or the 予備費 should cover it, or the figure is wrong",
  },
  "version.continuity": {
    title: "opening balances continue the previous version's closing balances",
    hint: "the previous version's closing balance and this book's opening balance differ; expected between budget versions, explain it",
  },
  "commitments.years": {
    title:
      "債務負担行為: burden years start no earlier than the authorising year; amounts fall inside the burden years",
    hint: "compare the commitment's 行為年度 and 負担となる年度 with the budget document",
  },
  "commitments.limit": {
    title: "債務負担行為: schedules sum to the limit; contracts and payments stay within it",
    hint: "a schedule, a contract or payments exceed the 限度額, or a 限度額 is text and cannot be checked",
  },
  "published.figure": {
    title: "each printed figure is the model's figure presented in the print's unit and rounding",
    hint: "the print differs from the figure its inputs give: a typo in the print or in the ledger",
  },
  "published.sign": {
    title: "a printed figure equal to minus the model's figure is a lost sign",
    hint: "the print dropped the △; the model's figure is right, print it with △",
  },
  "published.change": {
    title:
      "each printed change (増減) is a rounding of the exact change from the figure printed before",
    hint: "the change was computed from other figures or typed wrong; compare it with the figures it changes",
  },
  "published.sums": {
    title: "each printed sum lies within the range its independently rounded parts allow",
    hint: "a printed total disagrees with the printed figures it sums by more than rounding allows; the cell named is the likely culprit",
  },
  "published.unit": {
    title: "a print's figures are in the unit the book declares for it",
    hint: "the figures are the model's times a power of ten: declare the print's unit (円, 千円, 百万円, 億円) in book.json",
  },
} as const satisfies Record<string, Words>;

/** The catalogue: words for every input-issue code and every built-in check id. */
export const CATALOGUE = { ...INPUT_ISSUE_WORDS, ...CHECK_WORDS } as const satisfies Record<
  string,
  Words
>;

export type InputIssueCode = keyof typeof INPUT_ISSUE_WORDS;
export type BuiltinCheckId = keyof typeof CHECK_WORDS;

/**
 * Every input-issue code, in catalogue order.
 * @testOnly exported for the tests that use it
 */
export const INPUT_ISSUE_CODES = Object.keys(INPUT_ISSUE_WORDS) as InputIssueCode[];

export function isBuiltinCheck(id: string): id is BuiltinCheckId {
  return Object.hasOwn(CHECK_WORDS, id);
}

/** Hint printed under a declared check whose checks.csv row gives none. */
export const DECLARED_CHECK_HINT =
  "one side of the book's declared tie disagrees with the other; follow the difference to the inputs of both sides";
