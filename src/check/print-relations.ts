/**
 * Which sums a printed table states, for `published.sums` (print-sums.ts): a 合計 (法人計, 計 …)
 * column against the segments printed beside it, a subtotal against the printed lines its
 * layout formula adds, a row that is the sum of two or three other rows (found by expanding
 * formulas to leaves: 収益計 = 営業収益 + 営業外収益), and both sides of a declared tie printed
 * on the same page. Rows are found by formula and segment; the book's lines and each formula's
 * expansion are read once per print.
 */
import type { LayoutLine } from "../model/book.ts";
import { expandToLeaves, type LeafVector } from "../model/expand.ts";
import type { CheckFormula } from "../model/formula.ts";
import type { Model } from "../model/model.ts";
import type { PrintRow } from "../model/print.ts";
import { asWritten, say, type Text } from "../model/text.ts";

/** A sum the print states: `total` should be Σ sign × part. */
export interface Relation {
  readonly kind: "segments" | "formula" | "rows" | "tie";
  readonly total: readonly { sign: 1 | -1; row: PrintRow }[];
  readonly parts: readonly { sign: 1 | -1; row: PrintRow }[];
  /** What the total is the sum of, in words: `Σ segments`, `営業収益 + 営業外収益`, a declared tie. */
  readonly what: Text;
}

/** What a row prints, as rows are matched across segments and relations: its formula's text. */
export const rowKey = (row: PrintRow) => row.formula.text;

/**
 * What the sums of every table of a print read from the book, made once per print: its lines by
 * id, its 「うち」 lines, and each formula's expansion to leaves with the key of that expansion
 * (rows of every segment print the same formula).
 */
interface BookLines {
  readonly lineById: ReadonlyMap<string, LayoutLine>;
  readonly memos: ReadonlySet<string>;
  readonly expansion: (formula: PrintRow["formula"]) => Expansion;
}

/** A formula's leaf vector, its leaves, and its canonical text times a sign (vectorKey, made once). */
interface Expansion {
  readonly vector: LeafVector;
  readonly leaves: readonly string[];
  readonly key: (sign: 1 | -1) => string;
}

/** Each book's lines as its prints' sums read them, made at the book's first print. */
const ofBook = new WeakMap<Model["book"], BookLines>();

/** The book's lines as its prints' sums read them, each formula expanded at most once. */
export function bookLines(model: Model): BookLines {
  let lines = ofBook.get(model.book);
  if (!lines) {
    lines = linesOf(model.book);
    ofBook.set(model.book, lines);
  }
  return lines;
}

/** `book`'s lines by id, its 「うち」 lines, and an expansion per formula, made as asked. */
function linesOf(book: Model["book"]): BookLines {
  const memo = new Map<string, LeafVector>();
  const expansions = new Map<string, Expansion>();
  return {
    lineById: new Map(book.lines.map((l) => [l.id, l])),
    memos: new Set(book.lines.filter((l) => l.partOf !== undefined).map((l) => l.id)),
    expansion: (formula) => {
      let known = expansions.get(formula.text);
      if (!known) {
        const vector = expandToLeaves(book, formula, memo);
        const keys = new Map<1 | -1, string>();
        known = {
          vector,
          leaves: [...vector.keys()],
          key: (sign) => {
            let key = keys.get(sign);
            if (key === undefined) {
              key = vectorKey(vector, sign);
              keys.set(sign, key);
            }
            return key;
          },
        };
        expansions.set(formula.text, known);
      }
      return known;
    },
  };
}

/** A table's printed rows by formula text, then segment (null for the total); the last row wins. */
type RowIndex = ReadonlyMap<string, ReadonlyMap<string | null, PrintRow>>;

/** A table's rows indexed by what they print and their segment. */
function indexRows(rows: readonly PrintRow[]): RowIndex {
  const index = new Map<string, Map<string | null, PrintRow>>();
  for (const r of rows) {
    const bySegment = index.get(rowKey(r));
    if (bySegment) bySegment.set(r.segment, r);
    else index.set(rowKey(r), new Map([[r.segment, r]]));
  }
  return index;
}

/** The sums a table states: 合計 columns, layout subtotals, rows that sum other rows, ties. */
export function relationsOf(model: Model, rows: readonly PrintRow[], book: BookLines): Relation[] {
  const relations: Relation[] = [];
  const index = indexRows(rows);
  const find = (formula: string, segment: string | null) => index.get(formula)?.get(segment);
  // 合計 column = Σ segments.
  for (const total of rows) {
    if (total.segment !== null) continue;
    const bySegment = index.get(rowKey(total));
    const parts: { sign: 1; row: PrintRow }[] = [];
    for (const s of model.book.segments) {
      const row = bySegment?.get(s.id);
      if (row) parts.push({ sign: 1, row });
    }
    if (parts.length > 0)
      relations.push({
        kind: "segments",
        total: [{ sign: 1, row: total }],
        parts,
        what: say(`各${model.book.segmentTerm}の計`, "Σ segments"),
      });
  }
  const covered = new Set<PrintRow>();
  // A subtotal against the printed lines its layout formula adds.
  for (const total of rows) {
    const line = total.line !== null ? book.lineById.get(total.line) : undefined;
    const terms = line?.kind === "derived" ? (line.formula?.terms ?? []) : [];
    if (terms.length === 0) continue;
    const parts: { sign: 1 | -1; row: PrintRow }[] = [];
    for (const t of terms) {
      const row = t.ref.kind === "line" ? find(t.ref.id, total.segment) : undefined;
      if (!row) break;
      parts.push({ sign: t.sign, row });
    }
    if (parts.length < terms.length) continue;
    covered.add(total);
    relations.push({
      kind: "formula",
      total: [{ sign: 1, row: total }],
      parts,
      what: sumText(parts),
    });
  }
  relations.push(...rowSums(rows, covered, book));
  // A declared tie that states a relation already found (資金収支差額 = 資金収入合計 − 資金支出合計
  // is also the layout's formula) is not checked twice.
  const ties = printedTies(model, rows, index);
  return ties.length > 0 ? [...relations, ...newTies(relations, ties)] : relations;
}

/**
 * The ties that state no relation already found. A relation states what a tie does only if its
 * total prints one of the tie's rows (the same formula and segment), so each tie is compared
 * with those relations alone.
 */
function newTies(relations: readonly Relation[], ties: readonly Relation[]): Relation[] {
  const byTotal = new Map<string, Map<string | null, Relation[]>>();
  for (const rel of relations) {
    const total = rel.total[0]?.row;
    if (!total) continue;
    let bySegment = byTotal.get(rowKey(total));
    if (!bySegment) {
      bySegment = new Map();
      byTotal.set(rowKey(total), bySegment);
    }
    const list = bySegment.get(total.segment);
    if (list) list.push(rel);
    else bySegment.set(total.segment, [rel]);
  }
  const keys = new Map<Relation, string>();
  const keyOf = (rel: Relation) => {
    let key = keys.get(rel);
    if (key === undefined) {
      key = relationKey(rel);
      keys.set(rel, key);
    }
    return key;
  };
  return ties.filter((tie) => {
    const key = relationKey(tie);
    const terms = tie.total.length + tie.parts.length;
    return ![...tie.total, ...tie.parts].some(({ row }) =>
      byTotal
        .get(rowKey(row))
        ?.get(row.segment)
        ?.some((rel) => rel.total.length + rel.parts.length === terms && keyOf(rel) === key),
    );
  });
}

/** `営業収益 + 営業外収益 − 特別損失`: signed parts in the print's own labels (the same in either language). */
function sumText(parts: readonly { sign: 1 | -1; row: PrintRow }[]): Text {
  let text = "";
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as { sign: 1 | -1; row: PrintRow };
    text += `${i === 0 ? (p.sign < 0 ? "−" : "") : p.sign < 0 ? " − " : " + "}${p.row.label}`;
  }
  return asWritten(text);
}

/** What a relation states, the same however it was found. */
function relationKey(rel: Relation): string {
  const side = (terms: readonly { sign: 1 | -1; row: PrintRow }[], flip: 1 | -1) =>
    terms.map((t) => `${t.sign * flip}${rowKey(t.row)}\u0000${t.row.segment ?? ""}`);
  const all = [...side(rel.total, 1), ...side(rel.parts, -1)].sort();
  const negated = [...side(rel.total, -1), ...side(rel.parts, 1)].sort();
  const a = all.join("\u0001");
  const b = negated.join("\u0001");
  return a < b ? a : b;
}

/**
 * Rows (of the same segment) that are a signed sum of two or three other rows, found by
 * expanding formulas to leaves: the relations a 概要 states without a layout formula.
 */
function rowSums(
  rows: readonly PrintRow[],
  covered: ReadonlySet<PrintRow>,
  book: BookLines,
): Relation[] {
  // 「うち」 rows state part of another row: never a sum, never an addend.
  const summable = rows.filter((r) => r.line === null || !book.memos.has(r.line));
  const expansions = new Map(summable.map((r) => [r, book.expansion(r.formula)]));
  // Rows of one segment sum rows of the same segment only.
  const bySegment = new Map<string | null, PrintRow[]>();
  for (const r of summable) {
    const list = bySegment.get(r.segment);
    if (list) list.push(r);
    else bySegment.set(r.segment, [r]);
  }
  // Which formulas can add up to which: the same in every segment, so found once per formula.
  const formulas = new Map<string, Expansion>();
  for (const [r, e] of expansions) formulas.set(rowKey(r), e);
  const addends = new Map<string, ReadonlySet<string>>();
  const addendsOf = (text: string, target: LeafVector) => {
    let found = addends.get(text);
    if (!found) {
      const set = new Set<string>();
      for (const [other, e] of formulas)
        if (e.leaves.length > 0 && within(e.leaves, target)) set.add(other);
      addends.set(text, set);
      found = set;
    }
    return found;
  };
  const relations: Relation[] = [];
  for (const total of summable) {
    if (covered.has(total)) continue;
    const target = expansions.get(total)?.vector;
    if (!target || target.size < 2) continue;
    const parts = addendsOf(rowKey(total), target);
    const candidates = (bySegment.get(total.segment) ?? []).filter(
      (r) => r !== total && parts.has(rowKey(r)),
    );
    const found = combination(target, candidates, expansions);
    if (found)
      relations.push({
        kind: "rows",
        total: [{ sign: 1, row: total }],
        parts: found,
        what: sumText(found),
      });
  }
  return relations;
}

/** Whether every one of `leaves` (each once) is a leaf of `target`. */
function within(leaves: readonly string[], target: LeafVector): boolean {
  if (leaves.length > target.size) return false;
  for (let i = 0; i < leaves.length; i++) if (!target.has(leaves[i] as string)) return false;
  return true;
}

/**
 * Two or three of `candidates` whose signed vectors sum to `target`, fewest first, and among
 * those the first in candidate order (each candidate + then −). The last part is looked up by
 * the vector it must be, so two parts cost one pass and three a pass per pair.
 */
function combination(
  target: LeafVector,
  candidates: readonly PrintRow[],
  expansions: ReadonlyMap<PrintRow, Expansion>,
): { sign: 1 | -1; row: PrintRow }[] | undefined {
  if (candidates.length > 40) return undefined;
  const expansionOf = (i: number) => expansions.get(candidates[i] as PrintRow);
  const vectorOf = (i: number) => expansionOf(i)?.vector ?? new Map();
  // Each candidate's vector, signed both ways, by its canonical text → (index, sign), ascending.
  const bySum = new Map<string, [number, 1 | -1][]>();
  for (let i = 0; i < candidates.length; i++)
    for (const sign of [1, -1] as const) {
      const key = expansionOf(i)?.key(sign) ?? "";
      const list = bySum.get(key);
      if (list) list.push([i, sign]);
      else bySum.set(key, [[i, sign]]);
    }
  // A rest of another size than every candidate's is none of theirs: it need not be made.
  const sizes = new Set(candidates.map((_, i) => vectorOf(i).size));
  /** The first candidate after `after` whose signed vector is `rest`. */
  const last = (rest: Map<string, number>, after: number) =>
    bySum.get(vectorKey(rest, 1))?.find(([i]) => i > after);
  const part = (i: number, sign: 1 | -1) => ({ sign, row: candidates[i] as PrintRow });
  for (let i = 0; i < candidates.length; i++)
    for (const si of [1, -1] as const) {
      if (!sizes.has(sizeOfMinus(target, vectorOf(i), si))) continue;
      const k = last(minus(target, vectorOf(i), si), i);
      if (k) return [part(i, si), part(k[0], k[1])];
    }
  for (let i = 0; i < candidates.length; i++)
    for (const si of [1, -1] as const) {
      const afterI = minus(target, vectorOf(i), si);
      for (let j = i + 1; j < candidates.length; j++)
        for (const sj of [1, -1] as const) {
          if (!sizes.has(sizeOfMinus(afterI, vectorOf(j), sj))) continue;
          const k = last(minus(afterI, vectorOf(j), sj), j);
          if (k) return [part(i, si), part(j, sj), part(k[0], k[1])];
        }
    }
  return undefined;
}

/** The number of leaves of a − sign × b (minus's size), without making it. */
function sizeOfMinus(a: LeafVector, b: LeafVector, sign: 1 | -1): number {
  let size = a.size;
  for (const [k, v] of b) {
    const x = a.get(k);
    if (x === undefined) size++;
    else if (x - v * sign === 0) size--;
  }
  return size;
}

/** a − sign × b, zero coefficients dropped. */
function minus(a: LeafVector, b: LeafVector, sign: 1 | -1): Map<string, number> {
  const out = new Map(a);
  for (const [k, v] of b) {
    const x = (out.get(k) ?? 0) - v * sign;
    if (x === 0) out.delete(k);
    else out.set(k, x);
  }
  return out;
}

/** A vector times `sign` as text, the same for equal vectors whatever their order. */
function vectorKey(v: LeafVector, sign: 1 | -1): string {
  return [...v]
    .map(([k, c]) => `${k}\u0000${c * sign}`)
    .sort()
    .join("\u0001");
}

/** Declared ties whose every term is printed in the table, for each segment printed. */
function printedTies(model: Model, rows: readonly PrintRow[], index: RowIndex): Relation[] {
  const relations: Relation[] = [];
  const segments = new Set(rows.map((r) => r.segment));
  /** The row of each term printed for `segment`, or undefined if one is not printed. */
  const side = (terms: CheckFormula["terms"], segment: string | null) => {
    const out: { sign: 1 | -1; row: PrintRow }[] = [];
    for (const t of terms) {
      const row = t.ref.kind === "line" ? index.get(t.ref.id)?.get(segment) : undefined;
      if (!row) return undefined;
      out.push({ sign: t.sign, row });
    }
    return out;
  };
  for (const decl of model.book.checks) {
    // A limit (≤, ≥) is not a sum: its printed sides need not add up.
    if (decl.relation !== "=") continue;
    if (decl.left.terms.length === 0) continue;
    // A tie of one printed line to another is a figure, not a sum.
    if (decl.left.terms.length === 1 && decl.right.terms.length === 1) continue;
    const what = say(
      `${decl.description || decl.id}（${decl.left.text} = ${decl.right.text}）`,
      `${decl.description || decl.id} (${decl.left.text} = ${decl.right.text})`,
    );
    for (const segment of segments) {
      const left = side(decl.left.terms, segment);
      const right = left && side(decl.right.terms, segment);
      if (left && right) relations.push({ kind: "tie", total: left, parts: right, what });
    }
  }
  return relations;
}
