/**
 * The catalogue's words (model/catalogue.ts) for the problems of reading a book: its files
 * (book.json, layout.csv, checks.csv, budget and version files, prints) and its 債務負担行為
 * register (commitments.csv and its optional schedules and actuals). Each code has a title and
 * a hint in Japanese and English.
 */
import type { Text } from "./text.ts";

/** A code's title and hint, in both languages (the catalogue's `Words`). */
type Words = { readonly title: Text; readonly hint: Text };

/** Problems of a book's own files. */
export const BOOK_ISSUE_WORDS = {
  "file.missing": {
    title: { ja: "ファイルが見つかりません", en: "file not found" },
    hint: {
      ja: "book.json に書いたファイル名と、そのファイルが存在することを確認してください。",
      en: "check the file name in book.json and that the file exists",
    },
  },
  "file.unreadable": {
    title: { ja: "ファイルを読み込めません", en: "file cannot be read" },
    hint: {
      ja: "ファイルの読取り権限と、テキストファイルであることを確認してください。",
      en: "check permissions and that it is a text file",
    },
  },
  "file.too-large": {
    title: { ja: "ファイルが大きすぎて一度に読み込めません", en: "file too large to read whole" },
    hint: {
      ja: "帳簿の様式・照合・公表資料などの表は小さなファイルです。金額は、順に読み込まれる予算のファイルか版のファイルに置いてください。",
      en: "a book's layout, checks, prints and other tables are small; keep the figures in budget or version files, which are streamed",
    },
  },
  "file.outside": {
    title: { ja: "ファイルが帳簿の外にあります", en: "file outside the book" },
    hint: {
      ja: "帳簿が参照するファイルは、すべて帳簿のフォルダの中に置いてください（../ や絶対パス、外部へのリンクは使えません）。",
      en: "keep every file a book names inside its directory (no ../, no absolute path, no link out)",
    },
  },
  "file.empty": {
    title: { ja: "ファイルが空です", en: "file is empty" },
    hint: {
      ja: "CSV には見出し行と、少なくとも1行のデータ行が必要です。",
      en: "a CSV needs a header row and at least one data row",
    },
  },
  "file.encoding": {
    title: { ja: "ファイルの文字コードが UTF-8 ではありません", en: "file is not valid UTF-8" },
    hint: {
      ja: "ファイルを UTF-8 で保存してください（Excel では「CSV UTF-8」形式）。",
      en: "save the file as UTF-8 (CSV UTF-8 in Excel)",
    },
  },
  "csv.malformed": {
    title: { ja: "CSV を解析できません", en: "CSV cannot be parsed" },
    hint: {
      ja: "その行の引用符と項目の数を確認してください。",
      en: "check quotes and the number of fields on the row",
    },
  },
  "json.malformed": {
    title: { ja: "JSON を解析できません", en: "JSON cannot be parsed" },
    hint: {
      ja: "示された位置の付近の構文を確認してください。",
      en: "check the syntax near the position",
    },
  },
  "json.too-deep": {
    title: { ja: "JSON の入れ子が深すぎます", en: "JSON nested too deep" },
    hint: {
      ja: "book.json の入れ子は数段しかありません。その行の付近で、ファイルの破損や貼り付けによって括弧が繰り返されていないか確認してください。",
      en: "book.json is a few levels deep; look for brackets repeated by damage or a paste near the line",
    },
  },
  "column.missing": {
    title: { ja: "必須の列がありません", en: "required column missing" },
    hint: {
      ja: "見出し行に、必須の列をすべて記載してください。",
      en: "the header row must name every required column",
    },
  },
  "column.duplicate": {
    title: { ja: "同じ名前の列が2つあります", en: "column named twice" },
    hint: {
      ja: "どちらかの列の名前を変えるか、列を削除してください。",
      en: "rename or remove one of the columns",
    },
  },
  "schema.invalid": {
    title: { ja: "値が帳簿の形式に合っていません", en: "value does not match the book format" },
    hint: {
      ja: "その項目に書ける値は、schemas/ のスキーマを参照してください。",
      en: "see the schema in schemas/ for what the field accepts",
    },
  },
  "amount.too-large": {
    title: {
      ja: "スプレッドシートのセルに収まらない数値があります",
      en: "a figure would not fit a spreadsheet cell",
    },
    hint: {
      ja: "15桁以上の数値は Excel で正確に保持できません。行に入力誤りがないか確認するか、より大きな単位を使ってください。",
      en: "a figure of 15 digits or more cannot be kept exactly by Excel; check the rows for a typo or use a larger unit",
    },
  },
  "text.too-long": {
    title: { ja: "文字列がセルに対して長すぎます", en: "text too long for a cell" },
    hint: {
      ja: "文字列を短くしてください。長い説明は、科目名やセルではなく備考のファイルに書いてください。",
      en: "shorten the text; long explanations belong in a note file, not in a label or a cell",
    },
  },
  "sheet.renamed": {
    title: {
      ja: "ブックのシート名が表題と異なります",
      en: "workbook sheet named differently from its title",
    },
    hint: {
      ja: "シート名を表題どおりにするには、表題を変えてください（Excel のシート名は31文字以内で、\\ / ? * [ ] : を含まず、History 以外）。",
      en: "change the title if the workbook's sheet should carry it unchanged (Excel: at most 31 characters, none of \\ / ? * [ ] :, not History)",
    },
  },
  "amount.invalid": {
    title: { ja: "金額ではありません", en: "not an amount" },
    hint: {
      ja: "表計算ソフトで作ったファイルなら、元のファイルでその列を数値の書式にしてから保存し直すと解消することがあります。",
      en: "write digits, optionally with thousands separators and △ or - for negatives",
    },
  },
  "account.unknown": {
    title: { ja: "不明な科目", en: "unknown account" },
    hint: {
      ja: "帳簿の様式（layout.csv）にある科目 id または科目名を使ってください。",
      en: "use a line id or label from the book's layout (layout.csv)",
    },
  },
  "account.ambiguous": {
    title: { ja: "科目名が複数の科目に当てはまります", en: "label names more than one account" },
    hint: {
      ja: "科目名ではなく科目 id を使ってください。",
      en: "use the line id instead of the label",
    },
  },
  "account.not-input": {
    title: { ja: "入力科目ではなく、計算で求める科目です", en: "account is derived, not an input" },
    hint: {
      ja: "金額を入力できるのは入力科目だけです。集計科目の金額は入力科目から計算されます。",
      en: "only leaf lines take amounts; derived lines are computed from them",
    },
  },
  "segment.unknown": {
    title: { ja: "不明な区分", en: "unknown segment" },
    hint: {
      ja: "book.json にある区分の id または名称を使ってください。区分に配分しない金額は空欄にしてください。",
      en: "use a segment id or name from book.json, or leave it blank for an unallocated amount",
    },
  },
  "segment.duplicate": {
    title: { ja: "区分が2回定義されています", en: "segment declared twice" },
    hint: {
      ja: "区分の id と名称は、それぞれ重複しないようにしてください。",
      en: "segment ids and names must be unique",
    },
  },
  "segment.undeclared": {
    title: {
      ja: "区分のない帳簿で区分が指定されています",
      en: "segment in a book without segments",
    },
    hint: {
      ja: "この帳簿は区分を定めていない（book.json に segments がない）ので、金額はすべて合計です。区分の欄を空欄にするか列ごと削除するか、book.json に segments を定めてください。",
      en: "this book declares no segments (book.json has no segments), so every figure is the total: leave the cell blank or remove the column, or declare segments in book.json",
    },
  },
  "layout.duplicate-line": {
    title: { ja: "様式に同じ科目が2回定義されています", en: "layout line declared twice" },
    hint: {
      ja: "科目 id は、帳簿の様式全体で重複しないようにしてください。",
      en: "line ids must be unique across the book's layout",
    },
  },
  "layout.unknown-statement": {
    title: { ja: "不明な財務諸表", en: "unknown statement" },
    hint: {
      ja: "その表を book.json の statements に定義してください。",
      en: "declare the statement in book.json's statements",
    },
  },
  "layout.unknown-reference": {
    title: { ja: "式が不明な科目を参照しています", en: "formula refers to an unknown line" },
    hint: {
      ja: "layout.csv にある科目 id か、定義済みの明細表の schedule.column を使ってください。",
      en: "use a line id from layout.csv or schedule.column of a declared schedule",
    },
  },
  "layout.formula": {
    title: { ja: "式を読み取れません", en: "formula cannot be read" },
    hint: {
      ja: "項を + と - でつないで書いてください（例：`total-assets - total-liabilities`）。",
      en: "write terms joined by + and -, e.g. `total-assets - total-liabilities`",
    },
  },
  "layout.kind": {
    title: { ja: "科目の種類と式が合っていません", en: "line kind and formula disagree" },
    hint: {
      ja: "入力科目と見出しの行には式を書きません。集計科目には式が必要です。",
      en: "leaf and heading lines have no formula; derived lines need one",
    },
  },
  "layout.memo": {
    title: {
      ja: "「うち」の科目が式の項に使われているか、どの科目の内訳かを示していません",
      en: "a 「うち」 line is used as an addend or names no line",
    },
    hint: {
      ja: "part_of のある科目は、他の科目の内訳（うち）を示します。part_of には同じ表の科目を指定し、その科目はどの式にも使わないでください。",
      en: "a line with part_of states part of another line: name a line of the same statement in part_of and keep it out of every formula",
    },
  },
  "layout.cycle": {
    title: { ja: "式が循環して参照し合っています", en: "formulas refer to each other in a cycle" },
    hint: {
      ja: "集計科目は、それ自身に依存できません。",
      en: "a derived line cannot depend on itself",
    },
  },
  "layout.unit": {
    title: {
      ja: "科目の単位が帳簿の金額の単位と異なります",
      en: "a line's unit is another money unit",
    },
    hint: {
      ja: "layout.csv の unit 列は、金額の科目では空欄（または book.json の unit）にし、数量の科目ではその単位（戸、㎥、㎥/日、床、人、km、% など）を書いてください。",
      en: "leave layout.csv's unit blank (or book.json's unit) for money; for a quantity write its own unit (戸, ㎥, ㎥/日, 床, 人, km, % …)",
    },
  },
  "unit.mix": {
    title: {
      ja: "単位の異なる数値を組み合わせています",
      en: "figures in different units combined",
    },
    hint: {
      ja: "数量（戸、㎥ など）は金額にも、単位の異なる数量にも足せず、比べられません。式・照合・うち・印刷物の行は同じ単位の科目だけで書き、科目の単位は layout.csv の unit 列で確かめてください。",
      en: "a quantity (戸, ㎥ …) is never added to or compared with money or a quantity of another unit: write formulas, checks, 「うち」 lines and print rows over lines of one unit, and check each line's unit in layout.csv's unit column",
    },
  },
  "tax.class": {
    title: {
      ja: "課税区分が正しくありません",
      en: "not a 課税区分 (tax class)",
    },
    hint: {
      ja: "layout.csv の tax 列には、入力科目（節・目）ごとに課税・非課税・不課税・特定収入（使途不特定）・特定収入（課税仕入れ等）のいずれかを書きます（空欄は book.json の tax.class の区分）。見出しや集計科目には書きません。",
      en: "layout.csv's tax column takes, for a leaf (節 or 目), one of 課税 (taxable), 非課税 (exempt), 不課税 (non-taxable), 特定収入 (specified: 使途不特定), 特定収入（課税仕入れ等） (specified-purchases: used only for 課税仕入れ等); blank means book.json's tax.class; headings and derived lines have none",
    },
  },
  "tax.rate": {
    title: {
      ja: "税率が正しくありません",
      en: "not a tax rate",
    },
    hint: {
      ja: "税率は 10%、8%（軽減税率）、5% のように 0% より大きく 100% より小さい百分率で、課税の入力科目（layout.csv の rate 列）か book.json の tax.rate に書きます。非課税・不課税・特定収入の科目には書きません。特定収入割合の基準（book.json の tax.specified.threshold）は 5% のように 0% 以上 100% 未満で書きます。",
      en: "write a rate as a percentage above 0% and below 100% (10%, 8% for the reduced rate, 5%), on a 課税 (taxable) leaf in layout.csv's rate column or as book.json's tax.rate; an exempt, non-taxable or specified line has none. The 特定収入割合 threshold (book.json's tax.specified.threshold) is a percentage from 0% to below 100%: 5%",
    },
  },
  "tax.unset": {
    title: {
      ja: "消費税の科目が課税区分のない科目を含んでいます",
      en: "a tax line reaches a line without a 課税区分",
    },
    hint: {
      ja: "消費税の科目（kind が tax）の式と book.json の tax.specified.receipts（特定収入の計算に使う収入）が含む入力科目には、layout.csv の tax 列に課税区分を書くか、book.json の tax.class に既定の区分を定めてください。これらの式には入力科目か、それを足し合わせる集計科目だけを書きます。",
      en: "give every leaf a tax line's formula, or book.json's tax.specified.receipts (the receipts of the 特定収入 rule), reaches its 課税区分 in layout.csv's tax column, or declare a default in book.json's tax.class; these formulas name leaves, or derived lines that add leaves, only",
    },
  },
  "tax.rules": {
    title: {
      ja: "消費税の計算方法が定められていません",
      en: "no consumption-tax rules",
    },
    hint: {
      ja: '消費税の科目（kind が tax）があるときは、book.json に "tax": { "rate": "10%", "rounding": "truncate", "rounds": "tax" } のように税率と端数処理を定めてください。控除対象外消費税の科目（kind が non-deductible）には、さらに "specified": { "receipts": "収入の科目の式", "threshold": "5%" } が要ります（区分のない帳簿のみ）。',
      en: 'a book with a tax line declares its rules in book.json: "tax": { "rate": "10%", "rounding": "truncate", "rounds": "tax" }; a non-deductible line needs "specified": { "receipts": "<the receipts as a formula>", "threshold": "5%" } as well (in a book without segments)',
    },
  },
  "checks.duplicate": {
    title: { ja: "同じ規則が2回定義されています", en: "rule declared twice" },
    hint: {
      ja: "checks.csv には規則ごとに1行だけ書いてください（規則が複数ある照合は、規則ごとに1行ずつ書きます）。",
      en: "keep one row per rule in checks.csv (a check with several rules has a row for each)",
    },
  },
  "checks.relation": {
    title: { ja: "照合の関係を読み取れません", en: "relation of a check cannot be read" },
    hint: {
      ja: "checks.csv の relation 列には「=」（空欄も同じ）、「<=」（≤、≦：右辺が上限、例：企業債 ≤ 限度額）または「>=」（≥、≧：右辺が下限）を書いてください。",
      en: "write = in checks.csv's relation column (or leave it blank), <= (≤, ≦: the right side is a limit, e.g. 企業債 ≤ its 限度額) or >= (≥, ≧: the right side is a floor)",
    },
  },
  "provisions.duplicate": {
    title: { ja: "条項の id が重複しています", en: "provision id used twice" },
    hint: {
      ja: "provisions.csv の id は行ごとに異なるものにしてください（照合は provision:<id> で金額を指します）。",
      en: "give each row of provisions.csv its own id (a check names an amount as provision:<id>)",
    },
  },
  "provisions.reference": {
    title: {
      ja: "式が金額のない条項を参照しています",
      en: "formula refers to a provision with no amount",
    },
    hint: {
      ja: "checks.csv の式で、provisions.csv にあり金額のある行の id を provision:<id> と書いてください（様式や印刷物の式には書けません）。",
      en: "in a formula of checks.csv, write provision:<id> with the id of a row of provisions.csv that has an amount (layout and print formulas cannot name one)",
    },
  },
  "version.unknown": {
    title: { ja: "帳簿のどの版も指していません", en: "names no version of the book" },
    hint: {
      ja: "book.json の versions に定義した版の id または名称を使ってください。",
      en: "use the id or name of a version declared in book.json's versions",
    },
  },
  "import.overwrite": {
    title: {
      ja: "取込みが、どこからも読まれないファイルを上書きしようとしています",
      en: "an import would write over a file nothing reads",
    },
    hint: {
      ja: "yosan が書き込むのは、帳簿が読むファイルと新しいファイルだけです。妨げになっているファイルを移動するか名前を変えてから、もう一度取り込んでください。",
      en: "yosan writes only the files a book reads and new ones; move or rename the file that is in the way, then import again",
    },
  },
  "version.shared-file": {
    title: {
      ja: "版のファイルが他からも読まれています",
      en: "a version's file is read by something else too",
    },
    hint: {
      ja: "決算や決算見込みの版には、それぞれ専用のファイル（versions/<id>.csv）を用意してください。yosan は、予算・補正・他の版・公表資料が読むファイルには書き込みません。",
      en: "give each actual or forecast version a file of its own (versions/<id>.csv); yosan never writes a file the budget, a revision, another version or a print reads",
    },
  },
  "version.order": {
    title: { ja: "版が、基にできない版を基にしています", en: "a version builds on one it cannot" },
    hint: {
      ja: "補正予算は、それより前に並ぶ当初予算または補正予算を変更します。現計予算は、その当初予算に補正予算を加えたものです。版の定義は1回だけにしてください。",
      en: "a revision changes a budget or revision listed before it; a 現計 adds the revisions of its budget; a version is declared once",
    },
  },
  "schedule.unknown-column": {
    title: { ja: "不明な明細表の列", en: "unknown schedule column" },
    hint: {
      ja: "book.json でその明細表に定義した列を使ってください（schedule.column）。",
      en: "use a column declared for the schedule in book.json (schedule.column)",
    },
  },
  "published.unknown-line": {
    title: {
      ja: "公表資料の数値が不明な科目に対応しています",
      en: "published figure for an unknown line",
    },
    hint: {
      ja: "layout.csv にある科目 id または科目名を使ってください。",
      en: "use a line id or label from layout.csv",
    },
  },
  "output.refused": {
    title: { ja: "出力を拒否しました", en: "output refused" },
    hint: {
      ja: "出力先には、帳簿のフォルダの外にあり、新しい名前か通常のファイルであるパスを指定してください。",
      en: "choose an output path outside the book directory that is a new name or a regular file",
    },
  },
} as const satisfies Record<string, Words>;

/** Problems of the 債務負担行為 register (commitments.csv) and its optional schedules and actuals. */
export const COMMITMENT_ISSUE_WORDS = {
  "commitments.column-missing": {
    title: { ja: "必須の列がありません", en: "required column missing" },
    hint: {
      ja: "commitments.csv には item, limit, authorised_year, burden_years の列が必要です（segment と note は任意）。",
      en: "commitments.csv needs the columns item, limit, authorised_year, burden_years (segment and note are optional)",
    },
  },
  "commitments.item-missing": {
    title: { ja: "債務負担行為に事項がありません", en: "commitment has no item" },
    hint: {
      ja: "予算書に記載されたとおりに事項を書いてください。",
      en: "write the 事項 as printed in the budget",
    },
  },
  "commitments.year": {
    title: { ja: "年度を読み取れません", en: "fiscal year cannot be read" },
    hint: {
      ja: "平成29年度・令和元年度のような和暦の年度か、2017年度 のような西暦の年度で書いてください。",
      en: "write an era fiscal year such as 平成29年度 or 令和元年度, or a western one such as 2017年度",
    },
  },
  "commitments.range": {
    title: { ja: "負担となる年度を読み取れません", en: "burden years cannot be read" },
    hint: {
      ja: "1つの年度（平成30年度）か、始まりより前に終わらない範囲（平成29年度から平成35年度）で書いてください。",
      en: "write one fiscal year (平成30年度) or a range (平成29年度から平成35年度) that ends no earlier than it starts",
    },
  },
  "commitments.burden-before-authorised": {
    title: {
      ja: "負担となる年度が行為年度より前から始まっています",
      en: "burden years start before the commitment is authorised",
    },
    hint: {
      ja: "ある年度に設定した債務負担行為は、その年度以降にしか負担を生じません。両方の年度を予算書と照らし合わせてください。",
      en: "a commitment authorised in one fiscal year can only burden that year or later ones; check both years against the budget",
    },
  },
  "commitments.limit-invalid": {
    title: { ja: "限度額が金額ではありません", en: "limit is not an amount" },
    hint: {
      ja: "限度額は帳簿の単位で、数字（桁区切りのカンマは任意）で書いてください（例：77,928）。",
      en: "write the 限度額 in the book's unit with digits and optional thousands separators, e.g. 77,928",
    },
  },
  "commitments.limit-negative": {
    title: { ja: "限度額が負数です", en: "limit is negative" },
    hint: {
      ja: "限度額は上限であり、負数にはなりません。余分な △ や - がないか確認してください。",
      en: "a 限度額 is a ceiling and cannot be negative; check for a stray △ or - sign",
    },
  },
  "commitments.limit-text": {
    title: { ja: "限度額が金額ではなく文字列です", en: "limit is text, not an amount" },
    hint: {
      ja: "この債務負担行為は残しますが、合計からは除きます。予算書に金額があれば金額を書いてください。",
      en: "the commitment is kept but excluded from totals; write an amount if the budget gives one",
    },
  },
  "commitments.segment-unknown": {
    title: { ja: "不明な区分", en: "unknown segment" },
    hint: {
      ja: "book.json にある区分の id または名称を使ってください。事項がどの区分に属するか明らかでないときは、segment を空欄にしてください。",
      en: "use a segment id or name from book.json, or leave segment blank when the item does not clearly belong to one",
    },
  },
  "commitments.entry-column-missing": {
    title: { ja: "必須の列がありません", en: "required column missing" },
    hint: {
      ja: "commitment-schedules.csv には item, fiscal_year, amount の列が、commitment-actuals.csv には item, kind, fiscal_year, amount の列が必要です。",
      en: "commitment-schedules.csv needs item, fiscal_year, amount; commitment-actuals.csv needs item, kind, fiscal_year, amount",
    },
  },
  "commitments.entry-item-unknown": {
    title: { ja: "どの債務負担行為も指していない行です", en: "row names no commitment" },
    hint: {
      ja: "事項を commitments.csv のとおりに書くか、そこでの位置を #n で書いてください。",
      en: "write the item exactly as in commitments.csv, or #n for its position there",
    },
  },
  "commitments.entry-item-ambiguous": {
    title: {
      ja: "事項が複数の債務負担行為に当てはまります",
      en: "item names more than one commitment",
    },
    hint: {
      ja: "事項の文字列の代わりに、commitments.csv での債務負担行為の位置（1から数えた番号）を #n で書いてください。",
      en: "write #n, the commitment's 1-based position in commitments.csv, instead of the item text",
    },
  },
  "commitments.entry-kind": {
    title: { ja: "不明な実績の種類", en: "unknown kind of actual" },
    hint: {
      ja: "契約額は contract（契約）、各年度の支出額は payment（支出）と書いてください。",
      en: "write contract (契約) for the contracted amount or payment (支出) for a year's payment",
    },
  },
  "commitments.entry-year": {
    title: { ja: "年度を読み取れません", en: "fiscal year cannot be read" },
    hint: {
      ja: "平成30年度、令和元年度、2018年度 または 2018 のように書いてください。",
      en: "write 平成30年度, 令和元年度, 2018年度 or 2018",
    },
  },
  "commitments.entry-duplicate": {
    title: {
      ja: "同じ債務負担行為と年度に金額が2つあります",
      en: "two amounts for one commitment and year",
    },
    hint: {
      ja: "債務負担行為と年度の組合せごとに1行だけ書いてください（契約の行は債務負担行為ごとに1行です）。",
      en: "give one row per commitment and fiscal year (and one contract row per commitment)",
    },
  },
  "commitments.entry-amount-invalid": {
    title: { ja: "金額ではありません", en: "not an amount" },
    hint: {
      ja: "帳簿の単位で、数字（桁区切りのカンマは任意）で書いてください。",
      en: "write digits in the book's unit, with optional thousands separators",
    },
  },
  "commitments.entry-amount-negative": {
    title: { ja: "金額が負数です", en: "amount is negative" },
    hint: {
      ja: "各年度の負担額・契約額・支出額は負数になりません。余分な △ や - がないか確認してください。",
      en: "a yearly burden, contract or payment cannot be negative; check for a stray △ or - sign",
    },
  },
} as const satisfies Record<string, Words>;
