/**
 * The catalogue's words (model/catalogue.ts) for the problems of the files handed to `import`:
 * spreadsheets and text files, and an accounting system's trial balance or journal imported as
 * actuals with its mapping file. Each code has a title and a hint in Japanese and English.
 */
import type { Text } from "./text.ts";

/** A code's title and hint, in both languages (the catalogue's `Words`). */
type Words = { readonly title: Text; readonly hint: Text };

/** Spreadsheets and text files handed to `import`. */
export const IMPORT_ISSUE_WORDS = {
  "read.missing": {
    title: { ja: "ファイルが見つかりません", en: "file not found" },
    hint: {
      ja: "ファイル名と、そのファイルが存在することを確認してください。",
      en: "check the file name and that the file exists",
    },
  },
  "read.io": {
    title: { ja: "ファイルを読み込めません", en: "file cannot be read" },
    hint: {
      ja: "パスがファイルを指していることと、読取り権限があることを確認してください。",
      en: "check that the path names a file and that you may read it",
    },
  },
  "read.too-large": {
    title: {
      ja: "ファイルの大きさが設定された上限を超えています",
      en: "file is larger than the configured limit",
    },
    hint: {
      ja: "ファイルを分割するか、正当なファイルであれば上限を引き上げてください。",
      en: "split the file, or raise the limit if the file is genuine",
    },
  },
  "read.empty": {
    title: { ja: "ファイルが空です", en: "file is empty" },
    hint: {
      ja: "シートをもう一度書き出してください。このファイルには値のあるセルがありません。",
      en: "export the sheet again; the file has no cells with a value",
    },
  },
  "text.binary": {
    title: { ja: "テキストファイルではありません", en: "not a text file" },
    hint: {
      ja: "シートを CSV（UTF-8 または Shift_JIS）で書き出すか、.xlsx で保存してください。",
      en: "export the sheet as CSV (UTF-8 or Shift_JIS) or save it as .xlsx",
    },
  },
  "text.encoding": {
    title: {
      ja: "文字コードが UTF-8 でも Shift_JIS（CP932）でもありません",
      en: "text is neither UTF-8 nor Shift_JIS (CP932)",
    },
    hint: {
      ja: "Excel で「CSV UTF-8」形式で保存してください。",
      en: "save the file as CSV UTF-8 in Excel",
    },
  },
  "text.malformed": {
    title: { ja: "CSV を解析できません", en: "CSV cannot be parsed" },
    hint: {
      ja: "その行の付近の引用符と区切り文字を確認してください。",
      en: "check quotes and delimiters near the line",
    },
  },
  "xlsx.not-zip": {
    title: { ja: "読み込める xlsx ではありません", en: "not a readable xlsx" },
    hint: {
      ja: ".xlsx ファイルは zip 形式です。Excel で開いて .xlsx として保存してください。",
      en: "an .xlsx file is a zip archive; open the file in Excel and save it as .xlsx",
    },
  },
  "xlsx.corrupt": {
    title: {
      ja: "読み込める xlsx ではありません（zip が途中で切れているか壊れています）",
      en: "not a readable xlsx (truncated or corrupt zip)",
    },
    hint: {
      ja: "ファイルをもう一度コピーするか（不完全な可能性があります）、Excel で開いて保存し直してください。",
      en: "copy the file again (it may be incomplete), or open it in Excel and save it again",
    },
  },
  "xlsx.zip-bomb": {
    title: {
      ja: "拒否しました：宣言されたサイズが異常です（zip 爆弾の可能性があります）",
      en: "refused: declared sizes are absurd (possible zip bomb)",
    },
    hint: {
      ja: "予算表のブックは数メガバイト程度です。このファイルの入手元を確認してください。",
      en: "a workbook of budget tables is a few megabytes; check where this file came from",
    },
  },
  "xlsx.unsupported": {
    title: {
      ja: "xlsx が使わない zip の機能が使われています",
      en: "zip features an xlsx does not use",
    },
    hint: {
      ja: "Excel で開いて .xlsx として保存してください。",
      en: "open the file in Excel and save it as .xlsx",
    },
  },
  "xlsx.not-workbook": {
    title: {
      ja: "zip ファイルですが、xlsx のブックではありません",
      en: "a zip file but not an xlsx workbook",
    },
    hint: {
      ja: "ブックを「Excel ブック（.xlsx）」形式で保存してください。",
      en: "save the workbook as Excel Workbook (.xlsx)",
    },
  },
  "xlsx.parse": {
    title: { ja: "ブックを読み込めません", en: "the workbook cannot be read" },
    hint: {
      ja: "Excel または LibreOffice で開き、.xlsx として保存し直してください。",
      en: "open the file in Excel or LibreOffice and save it again as .xlsx",
    },
  },
  "xls.encrypted": {
    title: {
      ja: "ブックが暗号化されています（パスワード保護）",
      en: "the workbook is encrypted (password-protected)",
    },
    hint: {
      ja: "Excel でパスワードを解除し（ファイル → 情報 → ブックの保護）、保存し直してください。",
      en: "remove the password in Excel (File → Info → Protect Workbook) and save again",
    },
  },
  "xls.legacy": {
    title: {
      ja: "旧形式の Excel 97-2003 ブック（.xls）です",
      en: "a legacy Excel 97-2003 workbook (.xls)",
    },
    hint: {
      ja: "Excel で開いて「Excel ブック（.xlsx）」として保存してください。",
      en: "open it in Excel and save it as Excel Workbook (.xlsx)",
    },
  },
  "xls.other": {
    title: {
      ja: "yosan が読み込めるスプレッドシートではありません",
      en: "not a spreadsheet yosan can read",
    },
    hint: {
      ja: "シートを .xlsx または CSV で保存してください。",
      en: "save the sheet as .xlsx or CSV",
    },
  },
  "cells.too-many": {
    title: {
      ja: "セルの数が設定された上限を超えています",
      en: "more cells than the configured limit",
    },
    hint: {
      ja: "使っていない行と列を削除するか、正当なファイルであれば上限を引き上げてください。",
      en: "remove unused rows and columns, or raise the limit if the file is genuine",
    },
  },
  "import.conflict": {
    title: {
      ja: "2つの表が同じ科目に異なる金額を示しています",
      en: "two tables give different amounts for one account",
    },
    hint: {
      ja: "ファイルどうしが食い違っています。どちらかを訂正するか、1つずつ取り込んでください。",
      en: "the files disagree; correct one of them, or import them one at a time",
    },
  },
} as const satisfies Record<string, Words>;

/** An accounting system's trial balance or journal imported as actuals, and its mapping file. */
export const ACTUALS_ISSUE_WORDS = {
  "mapping.duplicate": {
    title: { ja: "2回対応付けられています", en: "mapped twice" },
    hint: {
      ja: "科目対応表には、科目コード（または科目名）ごとに1行、部門ごとに1行だけ書いてください。",
      en: "keep one row per 科目コード (or name) and one per 部門 in the mapping file",
    },
  },
  "mapping.side": {
    title: {
      ja: "同じ科目に対応付けた勘定の間で、貸借の側が食い違っています",
      en: "accounts mapped into one line disagree on its side",
    },
    hint: {
      ja: "side は勘定の通常の残高側です（資産・費用は借方、負債・純資産・収益は貸方）。評価勘定（建物に対応付ける減価償却累計額など）には sign に - を書いてください。",
      en: "side is the account's normal side (debit for assets and expenses, credit for liabilities, net assets and revenue); mark a contra account (減価償却累計額 into 建物) with sign -",
    },
  },
  "actuals.header": {
    title: {
      ja: "試算表または仕訳の見出し行がありません",
      en: "no header of a trial balance or journal",
    },
    hint: {
      ja: "科目（科目コードまたは科目名）と金額（借方/貸方、残高、または月別の列 4月…3月）を示す見出し行を付けて書き出してください。仕訳には日付の列も必要です。",
      en: "export with a header row naming the account (科目コード or 科目名) and the amounts (借方/貸方, 残高 or monthly columns 4月…3月); a journal also needs 日付",
    },
  },
  "actuals.unmapped": {
    title: { ja: "科目対応表にありません", en: "not in the mapping" },
    hint: {
      ja: "科目対応表にその行を追加してください（勘定：code, name, line, side、部門：code, name, segment）。意図して除外する場合は、その勘定を - に対応付けてください。",
      en: "add a row for it to the mapping file (account: code, name, line, side; department: code, name, segment), or map the account to - to leave it out knowingly",
    },
  },
  "actuals.unbalanced": {
    title: {
      ja: "書き出したデータの借方と貸方が一致しません",
      en: "debits and credits of the export differ",
    },
    hint: {
      ja: "書き出しが不完全か、科目・部門・期間で絞り込まれています。仕訳または試算表の全体をもう一度書き出してください。",
      en: "the export is incomplete or filtered (by account, 部門 or period); export the whole journal or trial balance again",
    },
  },
  "actuals.unit": {
    title: {
      ja: "金額の単位が2か所で異なって示されています",
      en: "the amounts' unit is stated twice, differently",
    },
    hint: {
      ja: "表題行（単位：千円）、見出しの括弧（金額(千円)）、--unit はいずれも金額の単位を示します。2つ以上で示すときは一致している必要があります。どれが正しいか確認して書き出したデータを訂正するか、--unit を外してください。",
      en: "a title row (単位：千円), a header bracket (金額(千円)) and --unit each state the unit of the amounts; where more than one does they must agree: check which is right and correct the export, or leave out --unit",
    },
  },
  "actuals.as-of": {
    title: {
      ja: "日付も月別の列もない試算表は、基準日で区切れません",
      en: "a trial balance without dates or monthly columns cannot be cut at the as-of date",
    },
    hint: {
      ja: "その残高や借方/貸方は、書き出した期間の数値です。月末時点（--as-of）で取り込むには、仕訳か月別の列のある試算表（月次推移：4月 … 3月）を取り込んでください。年度全体を取り込むなら --as-of を外してください。",
      en: "its 残高 or 借方/貸方 are the figures of whatever period it was exported for; for a month-end (--as-of) import the journal (仕訳) or a trial balance with monthly columns (月次推移: 4月 … 3月), or leave out --as-of for the whole year",
    },
  },
  "actuals.date": {
    title: { ja: "日付ではありません", en: "not a date" },
    hint: {
      ja: "日付は 2017-04-01、2017/4/1、20170401 または 平成29年4月1日 のように書いてください。",
      en: "write dates as 2017-04-01, 2017/4/1, 20170401 or 平成29年4月1日",
    },
  },
} as const satisfies Record<string, Words>;
