/**
 * `yosan explain`: the derivation tree of one figure, down to the input cells. Each node has
 * its amount, how it is obtained (formula, input rows, schedule items) and its sources, so an
 * auditor can follow 当期末現金及び預金 back to the ledger rows it comes from; a tax line shows
 * each 課税 leaf with its 税込 figure, rate and tax as rounded. Its words are
 * the book's (labels, segment names) except the few yosan says itself, in both languages
 * (model/text.ts): what shows the tree picks one.
 */
import { type BudgetEntry, type LayoutLine, rowCount } from "../model/book.ts";
import { formatFormula, refText } from "../model/formula.ts";
import { nearest, normalizeLabel } from "../model/labels.ts";
import type { Column, Model, NonDeductibleDerivation } from "../model/model.ts";
import { Money, ROUNDING_LABELS, type RoundingRule } from "../model/money.ts";
import { type CellSource, formatSource } from "../model/provenance.ts";
import { type Amount, minusAmount, plusAmount } from "../model/quantity.ts";
import { rateText, ratioPercent } from "../model/tax.ts";
import { asWritten, mapText, say, type Text } from "../model/text.ts";

export interface ExplainNode {
  /** Sign with which this node enters its parent (the root has +1). */
  readonly sign: 1 | -1;
  /** The book's label (a line, a schedule, a segment), or yosan's words for rows booked to no segment. */
  readonly label: Text;
  /**
   * Line id, `schedule.column`, or the source of an input cell (the same in both languages);
   * for the rows of an entry not listed, how many and of which file, in words.
   */
  readonly ref: Text;
  readonly statement?: string;
  /** Money, or a quantity with its unit (a quantity line's tree holds quantities only). */
  readonly amount: Amount;
  /**
   * How the amount is obtained: `formula`, `input` (budget rows), `schedule`, `cell`, `tax` (a
   * tax line: the tax in the 課税 leaves its formula reaches) or `taxed` (one such leaf: its
   * amount is the tax, `taxed` says from what).
   */
  readonly kind: "formula" | "input" | "schedule" | "cell" | "tax" | "taxed";
  readonly formula?: string;
  /**
   * Of a `tax` node: what it is the tax in, in the book's labels — 消費税（建設改良費 の課税分）
   * — as every rendering of the tree says it.
   */
  readonly taxIn?: Text;
  readonly source?: string;
  /** Of a `cell` node: the cell itself (file, sheet, row, column), for pages that link to it. */
  readonly cell?: CellSource;
  readonly note?: string;
  /** Of a `taxed` node: the leaf's 税込 figure, its rate (`10%`) and the rule, in words. */
  readonly taxed?: { readonly gross: Amount; readonly rate: string; readonly words: Text };
  /** Of an `input` node: the number of budget rows behind it (its children list at most EXPLAIN_ROWS). */
  readonly rows?: number;
  readonly children: readonly ExplainNode[];
}

/** How many budget rows an input node lists; the rest of each entry is one node with its exact sum. */
const EXPLAIN_ROWS = 20;

/**
 * The children of an input node: the rows of its entries, at most EXPLAIN_ROWS in all, and for
 * each entry whose rows are not all listed one node for the rest, whose amount is the entry's
 * amount less its listed rows — so the children always add up to the figure.
 */
function inputChildren(
  entries: readonly BudgetEntry[],
  labelOf: (e: BudgetEntry) => Text,
): ExplainNode[] {
  const out: ExplainNode[] = [];
  let budget = EXPLAIN_ROWS;
  for (const e of entries) {
    const label = labelOf(e);
    const cellNode = (row: number, amount: Amount, note: string): ExplainNode => {
      const at: CellSource = { ...e.source, row };
      const source = formatSource(at);
      return {
        sign: 1,
        label,
        ref: asWritten(source),
        amount,
        kind: "cell",
        source,
        cell: at,
        ...(note ? { note } : {}),
        children: [],
      };
    };
    if (e.rows === undefined) {
      out.push(cellNode(e.source.row, e.amount, e.note));
      budget--;
      continue;
    }
    const parts = e.parts ?? [];
    const shown = Math.max(0, Math.min(budget, parts.length, e.rows.length));
    let rest = e.amount;
    for (let i = 0; i < shown; i++) {
      const amount = parts[i] as Amount;
      out.push(cellNode(e.rows[i] ?? e.source.row, amount, i === 0 ? e.note : ""));
      rest = minusAmount(rest, amount);
    }
    budget -= shown;
    const more = e.rows.length - shown;
    if (more > 0) {
      const count = more.toLocaleString("en-US");
      const ref = say(
        `… ${shown > 0 ? "ほか " : ""}${count} 行（${e.source.file}）`,
        `… ${shown > 0 ? "and " : ""}${count} ${shown > 0 ? "more " : ""}row${more === 1 ? "" : "s"} of ${e.source.file}`,
      );
      out.push({ sign: 1, label, ref, amount: rest, kind: "cell", children: [] });
    }
  }
  return out;
}

type LineLookup = { ok: true; line: LayoutLine } | { ok: false; message: Text };

/** Find a line by id or Japanese label (spaces ignored; aliases count), optionally within a statement. */
export function findLine(model: Model, text: string, statement?: string): LineLookup {
  const lines = model.book.lines.filter(
    (l) => l.kind !== "heading" && (statement === undefined || l.statement === statement),
  );
  const byId = lines.find((l) => l.id === text);
  if (byId) return { ok: true, line: byId };
  const key = normalizeLabel(text);
  const matches = lines.filter((l) =>
    [l.label, ...l.aliases].some((x) => normalizeLabel(x) === key),
  );
  if (matches.length === 1 && matches[0]) return { ok: true, line: matches[0] };
  if (matches.length > 1) {
    return {
      ok: false,
      message: say(
        `「${text}」に当たる科目が ${matches.length} 件あります（${matches.map((l) => `${l.id}（${l.statement}）`).join("、")}）。id か --statement で指定してください。`,
        `「${text}」 names ${matches.length} lines: ${matches.map((l) => `${l.id} (${l.statement})`).join(", ")}; give the id or --statement`,
      ),
    };
  }
  const near = nearest(
    text,
    lines.flatMap((l) => [l.label, l.id]),
  );
  return {
    ok: false,
    message: say(
      `科目「${text}」はありません${near.length ? `（近いもの：${near.join("、")}）` : ""}。`,
      `no line 「${text}」${near.length ? ` (nearest: ${near.join(", ")})` : ""}`,
    ),
  };
}

/** The derivation tree of `line` in `column` (a segment id, or null for 合計). */
export function explain(model: Model, line: LayoutLine, column: Column): ExplainNode {
  const byId = new Map(model.book.lines.map((l) => [l.id, l]));
  const segments = new Map(model.book.segments.map((s) => [s.id, s.name]));
  const titles = new Map(model.book.statements.map((s) => [s.id, s.title]));
  // In a book without segments every entry is the total's: nothing to say beside its cell.
  const unallocated =
    model.book.segments.length === 0
      ? asWritten("")
      : say(`（${model.book.segmentTerm}未配分）`, "(segment not allocated)");
  const node = (l: LayoutLine, sign: 1 | -1, parent?: string): ExplainNode => {
    const figure = model.figure(l.id, column);
    // Name the statement where a term comes from another one (事業費 of the P&L in the cash plan).
    const label =
      parent !== undefined && parent !== l.statement
        ? `${l.label}（${titles.get(l.statement) ?? l.statement}）`
        : l.label;
    const base = {
      sign,
      label: asWritten(label),
      ref: asWritten(l.id),
      statement: l.statement,
      amount: figure.amount,
    };
    if (figure.derivation.kind === "formula") {
      const children = figure.derivation.terms.map((t): ExplainNode => {
        if (t.ref.kind === "line") {
          const child = byId.get(t.ref.id);
          if (!child) throw new Error(`programmer error: unknown line ${t.ref.id}`);
          return node(child, t.sign, l.statement);
        }
        const ref = `${t.ref.schedule}.${t.ref.column}`;
        const def = model.book.schedules.find(
          (s) => s.id === (t.ref as { schedule: string }).schedule,
        );
        const col = def?.columns.find((c) => c.id === (t.ref as { column: string }).column);
        const items = model.book.scheduleItems.filter(
          (i) => i.schedule === def?.id && (column === null || i.segment === column),
        );
        return {
          sign: t.sign,
          label: asWritten(`${def?.title ?? ref} ${col?.label ?? ""}`.trim()),
          ref: asWritten(ref),
          amount: t.amount,
          kind: "schedule",
          children: items.flatMap((i) => {
            const amount = i.amounts.get(col?.id ?? "");
            const source = i.sources.get(col?.id ?? "");
            if (!amount) return [];
            return [
              {
                sign: 1 as const,
                label: asWritten(i.label),
                ref: asWritten(source ? formatSource(source) : i.label),
                amount,
                kind: "cell" as const,
                ...(source ? { source: formatSource(source), cell: source } : {}),
                ...(i.segment ? { note: segments.get(i.segment) ?? i.segment } : {}),
                children: [],
              },
            ];
          }),
        };
      });
      return { ...base, kind: "formula", formula: figure.derivation.formula.text, children };
    }
    if (figure.derivation.kind === "tax") {
      const rules = model.book.tax;
      const rounding = rules?.rounding ?? "truncate";
      const children = figure.derivation.parts.map((p): ExplainNode => {
        const leaf = byId.get(p.line);
        const r = p.rate.toFixed();
        const base100 = p.rate.plus(100).toFixed();
        const gross = p.gross.format();
        const words =
          rules?.rounds === "exclusive"
            ? say(
                `税込 ${gross} − 税抜 ${p.gross.minus(p.tax).format()}（${gross} × 100/${base100}、${ROUNDING_LABELS[rounding]}）`,
                `tax-inclusive ${gross} − exclusive ${p.gross.minus(p.tax).format()} (${gross} × 100/${base100}, ${rounding})`,
              )
            : say(
                `税込 ${gross} × ${r}/${base100}、${ROUNDING_LABELS[rounding]}`,
                `tax-inclusive ${gross} × ${r}/${base100}, ${rounding}`,
              );
        const label = leaf?.label ?? p.line;
        return {
          sign: p.sign,
          label:
            p.segment === undefined
              ? asWritten(label)
              : p.segment === null
                ? mapText(unallocated, (words, lang) =>
                    lang === "ja" ? `${label}${words}` : `${label} ${words}`,
                  )
                : asWritten(`${label}（${segments.get(p.segment) ?? p.segment}）`),
          ref: asWritten(p.line),
          ...(leaf ? { statement: leaf.statement } : {}),
          amount: p.tax,
          kind: "taxed",
          taxed: { gross: p.gross, rate: rateText(p.rate), words },
          children: [],
        };
      });
      const over = formatFormula(figure.derivation.formula, (ref) =>
        ref.kind === "line" ? (byId.get(ref.id)?.label ?? ref.id) : refText(ref),
      );
      const none = children.length === 0;
      const taxIn = say(
        `消費税（${over} の課税分${none ? "、課税の科目なし" : ""}）`,
        `tax in ${over} (its taxable lines${none ? "; no taxable line" : ""})`,
      );
      return { ...base, kind: "tax", formula: figure.derivation.formula.text, taxIn, children };
    }
    if (figure.derivation.kind === "non-deductible")
      return nonDeductibleNode(base, figure.derivation, model.book.tax?.rounding ?? "truncate");
    const entries = figure.derivation.entries;
    return {
      ...base,
      kind: "input",
      rows: entries.reduce((n, e) => n + rowCount(e), 0),
      children: inputChildren(entries, (e) =>
        e.segment === null ? unallocated : asWritten(segments.get(e.segment) ?? e.segment),
      ),
    };
  };
  return node(line, 1);
}

/**
 * A non-deductible line's node: the 特定収入割合 that decides whether the 特定収入 rule applies,
 * in its figures; where it does, two children that add up to the line — the tax in the 特定収入
 * used only for 課税仕入れ等, and the rest of the 課税仕入れ等の税額 times the 調整割合.
 */
function nonDeductibleNode(
  base: Omit<ExplainNode, "kind" | "children">,
  d: NonDeductibleDerivation,
  rounding: RoundingRule,
): ExplainNode {
  const { sales, forPurchases, unspecified } = d.receipts;
  const specified = forPurchases.plus(unspecified);
  const percent = ratioPercent(d.result.ratio, d.threshold);
  const threshold = d.threshold.toFixed();
  const fraction = `${specified.format()} ÷ (${sales.format()} + ${specified.format()})`;
  const r = rateText(d.rate);
  const taxIn = d.result.applies
    ? say(
        `特定収入に係る課税仕入れ等の税額（特定収入割合 ${percent} ＝ 特定収入 ${fraction} が ${threshold}% を超える）`,
        `the 課税仕入れ等の税額 of 特定収入 (特定収入割合 ${percent} = 特定収入 ${fraction}, above ${threshold}%)`,
      )
    : say(
        `控除対象外の税額なし（特定収入割合 ${percent} ＝ 特定収入 ${fraction} が ${threshold}% 以下）`,
        `nothing non-deductible (特定収入割合 ${percent} = 特定収入 ${fraction}, at most ${threshold}%)`,
      );
  const unit = d.purchasesTax.unit;
  const rest = d.purchasesTax.minus(Money.of(d.result.direct, unit));
  const base100 = d.rate.plus(100).toFixed();
  const adjustment = `${unspecified.format()}/${sales.plus(unspecified).format()}`;
  const children: ExplainNode[] = d.result.applies
    ? [
        {
          sign: 1,
          label: say(
            "課税仕入れ等にのみ使途が特定された特定収入の税額",
            "tax in the 特定収入 used only for 課税仕入れ等",
          ),
          ref: asWritten("tax.specified.receipts"),
          amount: Money.of(d.result.direct, unit),
          kind: "taxed",
          taxed: {
            gross: forPurchases,
            rate: r,
            words: say(
              `特定収入 ${forPurchases.format()} × ${d.rate.toFixed()}/${base100}、${ROUNDING_LABELS[rounding]}`,
              `特定収入 ${forPurchases.format()} × ${d.rate.toFixed()}/${base100}, ${rounding}`,
            ),
          },
          children: [],
        },
        {
          sign: 1,
          label: say(
            "使途不特定の特定収入に係る税額（調整割合による）",
            "the share of 使途不特定 特定収入 (by the 調整割合)",
          ),
          ref: asWritten(d.formula.text),
          amount: Money.of(d.result.adjusted, unit),
          kind: "taxed",
          taxed: {
            gross: rest,
            rate: adjustment,
            words: say(
              `（課税仕入れ等の税額 ${d.purchasesTax.format()} − ${Money.of(d.result.direct, unit).format()}）× 調整割合 ${adjustment}（使途不特定の特定収入 ÷ 資産の譲渡等の対価 + 使途不特定の特定収入）、${ROUNDING_LABELS[rounding]}`,
              `(課税仕入れ等の税額 ${d.purchasesTax.format()} − ${Money.of(d.result.direct, unit).format()}) × 調整割合 ${adjustment} (使途不特定 特定収入 ÷ sales + 使途不特定 特定収入), ${rounding}`,
            ),
          },
          children: [],
        },
      ]
    : [];
  return { ...base, kind: "tax", formula: d.formula.text, taxIn, children };
}

/**
 * Sum of a node's children through their signs (equals the node's amount by construction of the model).
 * @testOnly exported for the tests that use it
 */
export function childrenSum(n: ExplainNode): Amount | null {
  if (n.children.length === 0) return null;
  let acc: Amount | null = null;
  for (const c of n.children) {
    const v = c.amount.times(c.sign);
    acc = acc === null ? v : plusAmount(acc, v);
  }
  return acc;
}
