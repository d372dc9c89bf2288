/**
 * The one catalogue of everything yosan reports: every input-issue code (book files, the
 * spreadsheets handed to `import`, the 債務負担行為 register) and every built-in check id,
 * each with a title and a hint. `Record`s over the code types, so the compiler demands words
 * for every code. A check a book declares in its checks.csv brings its own words.
 */
import { BOOK_ISSUE_WORDS, COMMITMENT_ISSUE_WORDS } from "./book-issue-words.ts";
import { ACTUALS_ISSUE_WORDS, IMPORT_ISSUE_WORDS } from "./import-issue-words.ts";
import type { Text } from "./text.ts";

/** What a code is called and what to do about it, in both languages (model/text.ts). */
interface Words {
  readonly title: Text;
  readonly hint: Text;
}

/** Problems that stop a book or a file from being read. */
const INPUT_ISSUE_WORDS = {
  ...BOOK_ISSUE_WORDS,
  ...IMPORT_ISSUE_WORDS,
  ...ACTUALS_ISSUE_WORDS,
  ...COMMITMENT_ISSUE_WORDS,
} as const satisfies Record<string, Words>;

/**
 * The checks yosan runs itself. Generic words only: a book's own ties and chains (checks.csv)
 * bring their titles and hints with them.
 */
const CHECK_WORDS = {
  "segments.sum": {
    title: {
      ja: "合計列 = 各区分列の計（全表・全科目）",
      en: "合計 column = Σ segment columns, every line of every statement",
    },
    hint: {
      ja: "区分を指定せずに計上した金額（segment が空欄）があると、合計が各区分の計を上回ります。区分に配分してください。",
      en: "an amount booked without a segment (blank segment) makes 合計 exceed the segments; allocate it",
    },
  },
  "memo.within": {
    title: {
      ja: "「うち」の科目が 0 から親科目の額までの間にあること",
      en: "a 「うち」 line lies between 0 and the line it is part of",
    },
    hint: {
      ja: "内訳の科目が親科目より大きいか、符号が逆です。どちらかの入力が誤っています。",
      en: "the memo line is larger than its parent or has the other sign: one of them is mistyped",
    },
  },
  "version.current": {
    title: {
      ja: "現計 = 当初 + Σ 補正（変更のあったすべての入力科目）",
      en: "現計 = 当初 + Σ 補正, for every changed leaf",
    },
    hint: {
      ja: "構成上成立します。現計予算は当初予算と補正予算から計算され、入力されることはありません。",
      en: "holds by construction: the 現計 is derived from the budget and its revisions, never typed",
    },
  },
  "variance.note": {
    title: {
      ja: "帳簿の基準額以上の差異に備考があること",
      en: "a variance of at least the book's threshold has a 備考",
    },
    hint: {
      ja: "差異の理由を、その版の備考ファイル（line, segment, note）に書いてください。",
      en: "explain the difference in the version's notes file (line, segment, note)",
    },
  },
  "variance.overrun": {
    title: {
      ja: "支出が予算額を超えていないこと（予算超過）",
      en: "an expense does not exceed its budget (予算超過)",
    },
    hint: {
      ja: "実績が現計予算を超えています。補正、流用または予備費の充用で措置すべきものです。そうでなければ数値が誤っています。",
      en: "the actual exceeds the current budget: a 補正, a 流用 or the 予備費 should cover it, or the figure is wrong",
    },
  },
  "version.continuity": {
    title: {
      ja: "期首残高が前の版の期末残高を引き継いでいること",
      en: "opening balances continue the previous version's closing balances",
    },
    hint: {
      ja: "前の版の期末残高と、この帳簿の期首残高が異なります。予算の版どうしでは起こり得ることですが、理由を説明してください。",
      en: "the previous version's closing balance and this book's opening balance differ; expected between budget versions, explain it",
    },
  },
  "commitments.years": {
    title: {
      ja: "債務負担行為：負担となる年度が行為年度より前に始まらず、各年度の額が負担となる年度の範囲内にあること",
      en: "債務負担行為: burden years start no earlier than the authorising year; amounts fall inside the burden years",
    },
    hint: {
      ja: "債務負担行為の行為年度と負担となる年度を、予算書と照らし合わせてください。",
      en: "compare the commitment's 行為年度 and 負担となる年度 with the budget document",
    },
  },
  "commitments.limit": {
    title: {
      ja: "債務負担行為：年度別の額の計が限度額に等しく、契約額と支出額が限度額以内であること",
      en: "債務負担行為: schedules sum to the limit; contracts and payments stay within it",
    },
    hint: {
      ja: "年度別の額、契約額または支出額が限度額を超えているか、限度額が文字列のため照合できません。",
      en: "a schedule, a contract or payments exceed the 限度額, or a 限度額 is text and cannot be checked",
    },
  },
  "published.figure": {
    title: {
      ja: "公表資料の各数値が、モデルの数値を公表資料の単位と端数処理で表したものであること",
      en: "each printed figure is the model's figure presented in the print's unit and rounding",
    },
    hint: {
      ja: "公表資料の数値が、入力から求めた数値と異なります。公表資料か帳簿のどちらかに入力誤りがあります。",
      en: "the print differs from the figure its inputs give: a typo in the print or in the ledger",
    },
  },
  "published.sign": {
    title: {
      ja: "印刷された数値がモデルの数値の符号を逆にした値に等しいときは、符号の欠落とみなすこと",
      en: "a printed figure equal to minus the model's figure is a lost sign",
    },
    hint: {
      ja: "公表資料で △ が欠落しています。モデルの数値が正しいので、△ を付けて印刷してください。",
      en: "the print dropped the △; the model's figure is right, print it with △",
    },
  },
  "published.change": {
    title: {
      ja: "印刷された各増減が、前に印刷された数値からの正確な増減を端数処理したものであること",
      en: "each printed change (増減) is a rounding of the exact change from the figure printed before",
    },
    hint: {
      ja: "増減が別の数値から計算されたか、入力を誤っています。増減の元になる数値と比べてください。",
      en: "the change was computed from other figures or typed wrong; compare it with the figures it changes",
    },
  },
  "published.sums": {
    title: {
      ja: "印刷された各合計が、個別に端数処理された内訳から求めた許容範囲内にあること",
      en: "each printed sum lies within the range its independently rounded parts allow",
    },
    hint: {
      ja: "印刷された合計が、合算する印刷された数値と、端数処理で説明できる以上に食い違っています。示されたセルが誤りの可能性の高い箇所です。",
      en: "a printed total disagrees with the printed figures it sums by more than rounding allows; the cell named is the likely culprit",
    },
  },
  "published.unit": {
    title: {
      ja: "公表資料の数値が、帳簿がその資料に定めた単位で表されていること",
      en: "a print's figures are in the unit the book declares for it",
    },
    hint: {
      ja: "数値がモデルの数値の10の累乗倍になっています。book.json で公表資料の単位（円、千円、百万円、億円）を定めてください。",
      en: "the figures are the model's times a power of ten: declare the print's unit (円, 千円, 百万円, 億円) in book.json",
    },
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
export const DECLARED_CHECK_HINT: Text = {
  ja: "帳簿で定めた照合の一方が他方と一致しません。差額を両側の入力までたどってください。",
  en: "one side of the book's declared tie disagrees with the other; follow the difference to the inputs of both sides",
};
