/**
 * What `yosan --help` and the misuse cli.ts reports say, in both languages: the program, every
 * command, argument and option, and the messages of a command line yosan refuses before it
 * reads a book. One catalogue, so the compiler asks for both languages of every text; cli.ts
 * picks one when it builds the program. Loaded at start-up: imports only model/text.ts.
 */
import { say, type Text } from "../model/text.ts";

/** What the system's refusals mean, in Japanese (Node says them in English). */
const SYSTEM_REFUSALS: Readonly<Record<string, string>> = {
  EACCES: "書き込む権限がありません",
  EPERM: "この操作は許可されていません",
  ENOSPC: "ディスクに空きがありません",
  EDQUOT: "ディスクの割り当てを超えています",
  EROFS: "読み取り専用の場所です",
  EISDIR: "同じ名前のフォルダがあります",
  ENOTDIR: "途中の名前がフォルダではありません",
  ENOENT: "途中のフォルダがありません",
  EEXIST: "同じ名前のものが既にあります",
  ENAMETOOLONG: "名前が長すぎます",
  EMFILE: "開いているファイルが多すぎます",
};

export const HELP = {
  strict: say(
    "公表資料についての照合結果（と差異）を不一致として扱います",
    "treat findings about the published document (and variances) as failures",
  ),
  version: say(
    "版（id または名称。一覧は yosan versions。既定値：帳簿の既定の版）",
    "the version (id or name, see yosan versions; default: the book's default version)",
  ),
  book: say("帳簿のディレクトリ", "book directory"),
  program: say(
    "地方共同法人・独立行政法人などの公的機関の予算から財務諸表を作成し、照合します",
    "Budget and financial-statement modeller for Japanese public bodies",
  ),
  lang: say(
    "表示と出力の言語：ja または en（既定値：YOSAN_LANG。なければ表示は端末のロケール、出力は帳簿の language。それもなければ ja）",
    "language of messages and outputs: ja or en (default: YOSAN_LANG, else the locale for messages and the book's language for files, else ja)",
  ),
  langInvalid: say("ja または en を指定してください。", "expected ja or en"),
  build: {
    description: say(
      "帳簿から3つの財務諸表を区分別に作成して照合し、output/<book>/ に出力します",
      "derive the three statements by segment from a book, reconcile them, write output/<book>/",
    ),
    out: say(
      "出力先のディレクトリ（既定値：output/<帳簿のディレクトリ名>。既定の版以外は output/<book>-<version>）",
      "output directory (default: output/<book dir name>, output/<book>-<version> for another version)",
    ),
    formats: (formats: readonly string[]) =>
      say(
        `出力する形式（カンマ区切り：${formats.join(",")}）`,
        `outputs to write, comma-separated (${formats.join(",")})`,
      ),
    unknownFormat: (unknown: readonly string[], formats: readonly string[]) =>
      say(
        `yosan: 形式 ${unknown.join("、")} はありません（使える形式：${formats.join("、")}）。`,
        `yosan: unknown format ${unknown.join(", ")} (use ${formats.join(", ")})`,
      ),
  },
  export: {
    description: say("1つの出力形式だけを出力します", "write one output format on its own"),
  },
  xlsx: {
    description: say(
      "ブックを出力します（様式どおりの財務諸表と計算式、照合、入力）",
      "write the workbook (statements in the official layout with live formulas, checks, inputs)",
    ),
    out: say(
      "出力先のファイル（既定値：output/<帳簿のディレクトリ名>/statements.xlsx）",
      "output file (default: output/<book dir name>/statements.xlsx)",
    ),
  },
  journal: {
    description: say(
      "帳簿を hledger/Ledger の仕訳帳として出力します（予算の1行を1取引に）",
      "write the book as an hledger/Ledger journal, one transaction per budget line",
    ),
    out: say(
      "出力先のファイル（既定値：output/<帳簿のディレクトリ名>/book.journal）",
      "output file (default: output/<book dir name>/book.journal)",
    ),
  },
  check: {
    description: say(
      "すべての照合を実行し、チェックごとの件数と、不一致と警告のすべてを出典とともに表示します",
      "run the check catalogue: counts per check, then every failure and warning with its sources",
    ),
    json: say("照合結果を JSON で表示します", "print the findings as JSON"),
    junit: say("照合結果を JUnit XML でも出力します", "also write the findings as JUnit XML"),
  },
  explain: {
    description: say(
      "数値の導出を帳簿の行までたどって表示します（LINE は科目の id または名称）",
      "show how a figure is derived, down to the ledger rows (LINE by id or Japanese label)",
    ),
    args: say(
      "[BOOK_DIR] LINE：帳簿のディレクトリ（既定値：ledgers/jlis-h29）と、その layout.csv の科目の id または名称",
      "[BOOK_DIR] LINE: the book directory (default ledgers/jlis-h29), then a line id or label from its layout.csv",
    ),
    segment: say("区分の id または名称（既定値：合計）", "a segment id or name (default: 合計)"),
    statement: say(
      "表（同じ名称の科目が2つ以上の表にあるとき）",
      "the statement, when a label appears in more than one",
    ),
    depth: say("表示する階層の数（0 以上の整数）", "levels to show (a whole number, 0 or more)"),
    depthInvalid: say("0 以上の整数を指定してください。", "expected a whole number, 0 or more"),
    json: say("導出の木を JSON で表示します", "print the tree as JSON"),
    tooMany: say(
      "yosan: explain の引数は [BOOK_DIR] LINE です。",
      "yosan: explain takes [BOOK_DIR] LINE",
    ),
  },
  commitments: {
    description: say(
      "債務負担行為の調書と年度別の負担額を表示します",
      "the 債務負担行為 register and the burden per fiscal year",
    ),
    json: say("調書を JSON で表示します", "print the register as JSON"),
    from: say(
      "最初の年度（平成29年度、令和元年度、2017 など）",
      "first fiscal year (平成29年度, 令和元年度, 2017)",
    ),
    to: say("最後の年度", "last fiscal year"),
    era: say(
      "年度の表記：modern（令和5年度）、original（平成35年度）または western（2023年度）",
      "year labels: modern (令和5年度), original (平成35年度) or western (2023年度)",
    ),
    eraInvalid: (got: string) =>
      say(
        `yosan: --era には modern、original または western を指定してください（指定：${got}）。`,
        `yosan: --era must be modern, original or western (got ${got})`,
      ),
  },
  new: {
    description: say(
      "雛形（ledgers/templates/ の水道事業・下水道事業・病院事業・法人 …）から新しい帳簿を作ります。科目、財務諸表、課税区分と照合を備え、金額はすべて 0 です",
      "make a new book from a template (ledgers/templates/: 水道事業, 下水道事業, 病院事業, 法人 …): its lines, statements, tax classes and checks, every amount 0",
    ),
    dir: say(
      "新しい帳簿のディレクトリ（まだないか空のもの）",
      "the new book's directory (new or empty)",
    ),
    template: say(
      "雛形の名前（例：水道事業、water）",
      "the template's name (e.g. 水道事業, water)",
    ),
    entity: say(
      "団体名（例：〇〇市）。book.json の entity と title に入ります",
      "the body's name (e.g. 〇〇市), for book.json's entity and title",
    ),
    year: say(
      "年度（例：令和9年度、2027）。既定値：今日の年度の翌年度",
      "the fiscal year (e.g. 令和9年度, 2027); default: the one after today's",
    ),
  },
  versions: {
    description: say(
      "帳簿の版（当初・補正・現計・決算など）の一覧：id、名称、種類、それぞれの基礎",
      "list the versions of a book (当初, 補正, 現計, 決算 …): id, name, kind, what each builds on",
    ),
    json: say("版の一覧を JSON で表示します", "print the versions as JSON"),
  },
  compare: {
    description: say(
      "2つの版を科目ごとに比較します：区分別と合計の A、B、B − A、増減率、備考と、差異の照合",
      "compare two versions line by line: A, B, B − A, rate and 備考 per segment and 合計, with the variance checks",
    ),
    args: say(
      "[BOOK_DIR] A B：帳簿のディレクトリ（既定値：ledgers/jlis-h29）と、2つの版の id または名称",
      "[BOOK_DIR] A B: the book directory (default ledgers/jlis-h29), then two version ids or names",
    ),
    segment: say(
      "区分の id または名称、または合計（既定値：すべての区分と合計）",
      "one segment id or name, or 合計 (default: every segment and 合計)",
    ),
    layout: say(
      "changes（A | B | 差額 | 増減率）、settlement（決算報告書：予算額 | 決算額 | 差額 | 備考）または revision（補正予算：既決予定額 | 補正予定額 | 計 | 備考）",
      "changes (A | B | 差額 | 増減率), settlement (決算報告書: 予算額 | 決算額 | 差額 | 備考) or revision (補正予算: 既決予定額 | 補正予定額 | 計 | 備考)",
    ),
    changed: say("差額のある科目だけを表示します", "show only the lines that differ"),
    csv: say("比較を CSV でも出力します", "also write the comparison as CSV"),
    json: say("比較を JSON で表示します", "print the comparison as JSON"),
    argsCount: say(
      "yosan: compare の引数は [BOOK_DIR] A B です。",
      "yosan: compare takes [BOOK_DIR] A B",
    ),
    layoutInvalid: (got: string) =>
      say(
        `yosan: --layout には changes、settlement または revision を指定してください（指定：${got}）。`,
        `yosan: --layout must be changes, settlement or revision (got ${got})`,
      ),
  },
  import: {
    description: say(
      "表計算ファイルや CSV（xlsx、csv、tsv。UTF-8 または Shift_JIS）を帳簿に取り込みます。--version を指定すると、会計システムの試算表や仕訳を決算または決算見込みの版として取り込みます",
      "read spreadsheets or CSV (xlsx, csv, tsv; UTF-8 or Shift_JIS) into a book; with --version, an accounting system's trial balance or journal into an actual or forecast version",
    ),
    files: say("取り込むファイル", "files to import"),
    into: say("書き込む帳簿", "the book to write"),
    layout: say(
      "ファイルが従う科目・区分・財務諸表を持つ帳簿（新しい帳簿のとき）",
      "the book whose accounts, segments and statements the files follow (for a new book)",
    ),
    version: say(
      "ファイル（試算表または仕訳）をこの決算または決算見込みの版として取り込みます（id または名称。新しい id なら版を加えます）",
      "import the files (試算表 or 仕訳) as this actual or forecast version (id or name; a new id declares it)",
    ),
    mapping: say(
      "科目コードと部門を科目と区分に対応させる科目対応表（既定値：BOOK/mapping.csv）",
      "the mapping of 科目コード and 部門 to lines and segments (default: BOOK/mapping.csv)",
    ),
    asOf: say(
      "この月末までの数値として取り込みます（執行状況）。例：2017-12-31",
      "figures to this month-end (執行状況), e.g. 2017-12-31",
    ),
    kind: say(
      "actual（決算。既定値）または forecast（決算見込み）",
      "actual (決算, default) or forecast (決算見込み)",
    ),
    name: say(
      "版の名称（既定値：決算、決算見込みまたは執行状況）",
      "the version's name (default 決算, 決算見込み or 執行状況)",
    ),
    unit: say(
      "ファイルの金額の単位（既定値：見出しに書かれた単位、なければ円）",
      "the unit of the export's amounts (default: as its header says, else 円)",
    ),
    signs: say(
      "試算表の残高と月次の数値の符号：normal（科目の本来の側を正とする。既定値）または debit（借方を正とする）",
      "a trial balance's 残高 and monthly figures: normal (positive on the account's own side, default) or debit (debit positive)",
    ),
    dryRun: say(
      "変更の内容を表示するだけで、何も書き込みません",
      "print what would change and write nothing",
    ),
    verbose: say(
      "ファイルについてのエラーに、読み込んだライブラリ自身のメッセージを添えます",
      "add the underlying library's own words to errors about a file",
    ),
  },
  serve: {
    portInvalid: say(
      "0 から 65535 までのポート番号を指定してください（0 は空いているポートを選びます）。",
      "expected a port number from 0 to 65535 (0 picks a free one)",
    ),
    description: say(
      "帳簿をこのコンピューターの Web ページとして表示します：財務諸表、導出、照合、債務負担行為、ダウンロード、試算、取込み",
      "serve the book as web pages on this machine: statements, derivations, checks, 債務負担行為, downloads, what-if and import",
    ),
    port: say(
      "待ち受けるポート（0 は空いているポートを選びます）",
      "port to listen on (0 picks a free one)",
    ),
    host: say(
      "待ち受けるアドレス（127.0.0.1 にはこのコンピューターからだけ接続できます。ほかのアドレスにはネットワークから接続でき、警告を表示します）",
      "address to listen on (default 127.0.0.1: this machine only; another address is reachable from the network, with a warning)",
    ),
    allowImport: say(
      "ページから帳簿を変更できるようにします：ドロップしたファイルの取込みと試算の反映（すべてを書き込むか何も書き込まないかのどちらかで、バックアップを残します）",
      "let the page change the book: import dropped files and apply what-if edits (written all or nothing, with a backup)",
    ),
  },
  run: {
    cannotWrite: (path: string, code: string, message: Text) =>
      say(
        `yosan: ${path} に書き込めません：${code}（${SYSTEM_REFUSALS[code] ?? message.ja}）`,
        `yosan: cannot write ${path}: ${code} (${message.en})`,
      ),
    internal: (trace: string) =>
      say(`yosan: 内部エラー：${trace}`, `yosan: internal error: ${trace}`),
  },
} as const;
