/**
 * The 予算's articles that are not tables (provisions.csv) as the format-neutral blocks every
 * writer shows — report.html, the workbook's 予算の条項 sheet, the web page: one block per 条
 * and kind (consecutive rows of one article and kind, as the 議案 prints them: 第6条 企業債
 * with its 起債の目的, 限度額, 起債の方法, 利率, 償還の方法), with only the columns its rows use.
 * The book's words are shown as written; the column headings are yosan's (`PROVISION_WORDS`).
 */
import type { Provision } from "../model/book.ts";
import { say } from "../model/text.ts";

/** One 条 (and kind) of the provisions, with the columns its rows fill. */
interface ProvisionBlock {
  readonly article: string;
  readonly kind: string;
  /** Whether any row names an item, has an amount, has words (`text`). */
  readonly item: boolean;
  readonly amount: boolean;
  readonly text: boolean;
  /** The further columns of provisions.csv any row of the block fills, in the file's order. */
  readonly fields: readonly string[];
  readonly rows: readonly Provision[];
}

/** yosan's headings of the provisions' columns and the section, in each language. */
export const PROVISION_WORDS = {
  title: say("予算の条項", "Provisions of the budget"),
  item: say("項目", "Item"),
  amount: say("金額", "Amount"),
  text: say("内容", "Text"),
} as const;

/** The provisions in blocks, one per run of rows with the same 条 and kind. */
export function provisionBlocks(provisions: readonly Provision[]): ProvisionBlock[] {
  const runs: Provision[][] = [];
  for (const p of provisions) {
    const last = runs[runs.length - 1];
    const head = last?.[0];
    if (last && head && head.article === p.article && head.kind === p.kind) last.push(p);
    else runs.push([p]);
  }
  return runs.map((rows) => {
    const first = rows[0] as Provision;
    return {
      article: first.article,
      kind: first.kind,
      item: rows.some((r) => r.item !== ""),
      amount: rows.some((r) => r.amount !== null),
      text: rows.some((r) => r.text !== ""),
      fields: first.fields
        .map((f) => f.name)
        .filter((name) =>
          rows.some((r) => r.fields.some((f) => f.name === name && f.value !== "")),
        ),
      rows,
    };
  });
}

/** The value of a further column of a provision ("" when blank). */
export function fieldOf(p: Provision, name: string): string {
  return p.fields.find((f) => f.name === name)?.value ?? "";
}
