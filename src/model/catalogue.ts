/**
 * The check catalogue: every check id yosan knows, with a title and a one-line hint of what
 * to look at when it does not pass. A `Record` over the id type, so the compiler demands
 * words for every id. Books may declare further tie checks; their description is their title.
 */

export const CHECK_CATALOGUE = {
  "segments.sum": {
    title: "合計 column = Σ segment columns, every line of every statement",
    hint: "an amount booked without a segment (blank segment) makes 合計 exceed the segments; allocate it",
  },
  "bs.balance": {
    title: "資産合計 = 負債純資産合計 (= 負債合計 + 純資産合計)",
    hint: "an asset or liability leaf changed without its counterpart; compare the segment's BS inputs",
  },
  "pl.chain": {
    title: "営業利益, 経常利益, 当期純利益 follow from the revenue and expense totals",
    hint: "the layout formula of a profit line disagrees with the declared chain; check layout.csv",
  },
  "cf.chain": {
    title: "資金収支差額 = 資金収入合計 − 資金支出合計; 当期末現金 = 前期末現金 + 資金収支差額",
    hint: "the cash plan's layout formulas disagree with the declared chain; check layout.csv",
  },
  "tie.cash": {
    title: "BS 現金及び預金 = cash plan 当期末現金及び預金",
    hint: "a P&L or cash-plan input changed without the balance sheet's cash (or vice versa); follow the difference through the cash plan",
  },
  "tie.receivables": {
    title: "BS 未収金 = cash plan 当期末未収金",
    hint: "the cash plan's closing receivables are keyed apart from the balance sheet; re-key one of them",
  },
  "tie.payables": {
    title: "BS 未払金 + 未払法人税等 = cash plan 当期末未払金",
    hint: "the cash plan's closing payables are keyed apart from the balance sheet; re-key one of them",
  },
  "tie.cash-revenue": {
    title: "cash plan 営業収益 = P&L 営業収益合計 − non-cash revenue",
    hint: "non-cash revenue (長期前受金取崩収入, 積立金取崩収入) must be excluded from cash receipts",
  },
  "tie.interest": {
    title: "cash plan 利息収入 = 受取利息 + 有価証券利息; 雑収入 = 雑収入",
    hint: "compare the P&L's non-operating revenue with the cash plan's receipts",
  },
  "tie.advances": {
    title: "cash plan その他 = Σ 予定前受金; BS 長期前受金 = Σ 累積前受金",
    hint: "the 前受金 schedule and the statements disagree; check the schedule's segment attribution",
  },
  "tie.noncash-expenses": {
    title: "cash plan 事業費 / 一般管理費 = P&L expense − non-cash items (the bridge)",
    hint: "check the non-cash bridge (bridge.csv) against the P&L expense",
  },
  "summary.rounding": {
    title:
      "each 概要 figure is the statement figure rounded by the book's rule; sums and 増減 within the range the rounding allows",
    hint: "a summary figure was rounded the other way or typed wrong; compare it with the 千円 figure it rounds",
  },
  "version.continuity": {
    title: "opening balances continue the previous budget version's closing balances",
    hint: "the previous version's closing balance and this budget's opening balance differ; expected between budget versions, explain it",
  },
  "commitments.years": {
    title:
      "債務負担行為: burden years start no earlier than the authorising year; amounts fall inside the burden years",
    hint: "compare the commitment's 行為年度 and 負担となる年度 with the budget document",
  },
  "commitments.limit": {
    title: "債務負担行為: schedules sum to the limit; contracts and payments stay within it",
    hint: "a contract or schedule exceeds the 限度額 authorised in the budget",
  },
  "published.figure": {
    title: "each published figure equals the model's figure (as the print shows it)",
    hint: "the print differs from the figure its inputs give: a typo in the print or in the ledger",
  },
  "published.sign": {
    title: "a published figure equal to minus the model's figure is a lost sign",
    hint: "the print dropped the △; the model's figure is right, print it with △",
  },
} as const satisfies Record<string, { title: string; hint: string }>;

export type CatalogueCheckId = keyof typeof CHECK_CATALOGUE;

/** Words for a check id: the catalogue's, else the book's own description. */
export function describeCheck(id: string, fallback = ""): { title: string; hint: string } {
  const known = (CHECK_CATALOGUE as Record<string, { title: string; hint: string }>)[id];
  return (
    known ?? { title: fallback || id, hint: "see the check's declaration in the book's checks.csv" }
  );
}
