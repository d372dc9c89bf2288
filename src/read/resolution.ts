/**
 * Resolving what people type in a cell to the book's names: an account (a layout line id,
 * label or alias, spaces ignored) and a segment (id, name or alias; blank or 合計 = not
 * allocated). Results are values — the line or segment, or the issue code and message to
 * report — so a reader can cache them per distinct text and attach each row's cell itself.
 */
import type { LayoutLine, Segment } from "../model/book.ts";
import { JA } from "../model/glossary.ts";
import type { InputIssueCode } from "../model/issues.ts";
import { normalizeLabel, suggester } from "../model/labels.ts";
import { say, type Text } from "../model/text.ts";

export type Resolution<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: InputIssueCode; readonly message: Text };

export interface LineQuery {
  /** Only leaf lines take an amount (budget rows); published figures may name derived lines. */
  readonly leafOnly: boolean;
  /** Restrict to the lines of one statement. */
  readonly statement?: string;
}

/**
 * The nearest of `candidates` to a text, as `suggester` gives them, the candidates read when
 * the first text is asked about: most books name every line and segment right, and never ask.
 */
function lazySuggester(candidates: () => Iterable<string>): (text: string) => string[] {
  let suggest: ((text: string) => string[]) | undefined;
  return (text) => {
    suggest ??= suggester(candidates());
    return suggest(text);
  };
}

/** What a line id looks like (layout.csv's ids, in any case): such a text is read as a mistyped id. */
const LINE_ID = /^[a-z0-9][a-z0-9-]*$/i;

/** A resolver of account text to a layout line of `lines`. */
export function lineResolver(
  lines: readonly LayoutLine[],
): (text: string, query: LineQuery) => Resolution<LayoutLine> {
  const byId = new Map<string, LayoutLine>();
  const byLabel = new Map<string, LayoutLine[]>();
  for (const line of lines) {
    byId.set(line.id, line);
    if (line.kind === "heading") continue;
    for (const label of [line.label, ...line.aliases]) {
      const key = normalizeLabel(label);
      const list = byLabel.get(key) ?? [];
      if (!list.includes(line)) list.push(line);
      byLabel.set(key, list);
    }
  }
  const suggest = {
    all: lazySuggester(() => lines.filter((l) => l.kind !== "heading").map((l) => l.label)),
    leaves: lazySuggester(() => lines.filter((l) => l.kind === "leaf").map((l) => l.label)),
    // A mistyped id is told the ids nearest it, each with its label: labels are far from ids.
    allIds: lazySuggester(() => lines.filter((l) => l.kind !== "heading").map((l) => l.id)),
    leafIds: lazySuggester(() => lines.filter((l) => l.kind === "leaf").map((l) => l.id)),
  };
  return (text, query) => {
    const direct = byId.get(text);
    let candidates = direct ? [direct] : (byLabel.get(normalizeLabel(text)) ?? []);
    if (query.statement !== undefined)
      candidates = candidates.filter((l) => l.statement === query.statement);
    const leaves = query.leafOnly ? candidates.filter((l) => l.kind === "leaf") : candidates;
    if (leaves.length === 1 && leaves[0]) return { ok: true, value: leaves[0] };
    if (leaves.length > 1) {
      return {
        ok: false,
        code: "account.ambiguous",
        message: say(
          `「${text}」に当たる科目が ${leaves.length} 件あります（${leaves.map((l) => `${l.id}（${l.statement}）`).join("、")}）。科目の id で指定してください（様式の ${leaves.map((l) => l.source.row).join("、")} 行目）。`,
          `「${text}」 names ${leaves.length} accounts: ${leaves.map((l) => `${l.id} (${l.statement})`).join(", ")}; use the line id (layout rows ${leaves.map((l) => l.source.row).join(", ")})`,
        ),
      };
    }
    if (candidates.length > 0) {
      return {
        ok: false,
        code: "account.not-input",
        message: say(
          `「${text}」は他の科目から計算する科目です（${candidates[0]?.formula?.text}）。金額は入力できません。`,
          `「${text}」 is a derived line (${candidates[0]?.formula?.text}); it cannot take an amount`,
        ),
      };
    }
    const near = LINE_ID.test(text)
      ? (query.leafOnly ? suggest.leafIds : suggest.allIds)(text.toLowerCase()).map(
          (id) => `${id}（${byId.get(id)?.label ?? ""}）`,
        )
      : (query.leafOnly ? suggest.leaves : suggest.all)(text);
    return {
      ok: false,
      code: "account.unknown",
      message: say(
        `科目「${text}」は様式にありません${near.length ? `（近いもの：${near.join("、")}）` : ""}。`,
        `unknown account 「${text}」${near.length ? ` (nearest: ${near.join(", ")})` : ""}`,
      ),
    };
  };
}

/**
 * The lookup keys of segments: each id as written, each name and alias normalised. A key
 * declared twice maps to the later segment (the manifest check reports the duplicate).
 */
export function segmentKeys(segment: SegmentNames): string[] {
  return [segment.id, ...[segment.name, ...(segment.aliases ?? [])].map(normalizeLabel)];
}

/** What a segment resolver needs to know of a segment. */
export type SegmentNames = Pick<Segment, "id" | "name"> & { readonly aliases?: readonly string[] };

/**
 * A resolver of segment text to a segment id, or null for blank or a total label (合計, 法人計 …).
 * In a book without segments any other text is `segment.undeclared`: every figure is the total.
 */
export function segmentResolver(
  segments: readonly SegmentNames[],
  totals: readonly string[] = [JA.total],
): (text: string) => Resolution<string | null> {
  const totalKeys = new Set(totals.map(normalizeLabel));
  const index = new Map<string, SegmentNames>();
  for (const s of segments) for (const key of segmentKeys(s)) index.set(key, s);
  const suggest = lazySuggester(() => segments.map((s) => s.name));
  return (text) => {
    if (text === "" || totalKeys.has(normalizeLabel(text))) return { ok: true, value: null };
    if (segments.length === 0)
      return {
        ok: false,
        code: "segment.undeclared",
        message: say(
          `この帳簿には区分がないので、区分「${text}」は指定できません（金額はすべて${JA.total}です。空欄にしてください）。`,
          `this book has no segments, so 「${text}」 cannot name one (every figure is the total: leave it blank)`,
        ),
      };
    const seg = index.get(text) ?? index.get(normalizeLabel(text));
    if (seg) return { ok: true, value: seg.id };
    const near = suggest(text);
    return {
      ok: false,
      code: "segment.unknown",
      message: say(
        `区分「${text}」はこの帳簿にありません（${near.length > 0 ? `近いもの：${near.join("、")}。` : ""}${JA.total}なら空欄にしてください）。`,
        `unknown segment 「${text}」 (${near.length > 0 ? `nearest: ${near.join(", ")}; ` : ""}or leave blank for ${JA.total})`,
      ),
    };
  };
}
