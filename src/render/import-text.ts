/**
 * What `yosan import` prints of its plan: the tables recognised (with their notes), then the
 * leaves determined from printed lines, the changes per account and segment, and the findings
 * of the provisional book; and the words both imports (tables and actuals) print around it —
 * the dry run, the book written, the refusals' "the book was not changed". Each in the language
 * asked for (`lang`). Pure: the plan's parts in, lines of text out. render/ does not import from
 * import/, so the parts are described here by the shapes it reads.
 */
import type { Book, Leaf } from "../model/book.ts";
import { countFindings, type Finding, STATUS_WORDS } from "../model/findings.ts";
import { columnAside, segmentLabel } from "../model/glossary.ts";
import type { InputIssue } from "../model/issues.ts";
import { type Decimal, formatJapanese } from "../model/money.ts";
import { type CellSource, formatSource } from "../model/provenance.ts";
import { type Lang, say, type Text } from "../model/text.ts";

/** A table the import recognised. */
interface RecognisedTable {
  readonly description: Text;
  readonly where: string;
  readonly notes: readonly Text[];
  /** False for a view of the input sheet, which is not imported. */
  readonly used: boolean;
}

/** A leaf the import determined from a printed derived line. */
interface DeterminedLeaf extends Leaf {
  readonly determinedBy?: Text;
}

/** A leaf the import changes, with the cells it comes from. */
interface LeafChange {
  readonly kind: "added" | "changed" | "removed";
  /** The line; `unit` for a quantity's (its figures are shown with it). */
  readonly line: { readonly label: string; readonly unit?: string };
  readonly segment: string | null;
  readonly old: Decimal;
  readonly new: Decimal;
  readonly sources: readonly CellSource[];
}

/** The words of the import's plan on the terminal. */
const WORDS = {
  note: say("備考：", "note: "),
  view: say(
    "（入力シートの表示用のため取り込みません）",
    " (a view of the input sheet: not imported)",
  ),
  warning: say("警告", "warning"),
} as const;

/** The tables recognised, each with its notes, then the plan's own notes, in `lang`. */
export function recognisedText(
  plan: {
    readonly recognised: readonly RecognisedTable[];
    readonly notes: readonly Text[];
  },
  lang: Lang,
): string[] {
  const n = plan.recognised.length;
  const lines = [
    lang === "ja" ? `表を${n}件認識しました：` : `recognised ${n} table${n === 1 ? "" : "s"}:`,
  ];
  const note = WORDS.note[lang];
  for (const r of plan.recognised) {
    lines.push(`  ${r.description[lang]} → ${r.where}${r.used ? "" : WORDS.view[lang]}`);
    for (const n of r.notes) lines.push(`    ${note}${n[lang]}`);
  }
  for (const n of plan.notes) lines.push(`${note}${n[lang]}`);
  return lines;
}

/** What a change is called, padded to line up in English. */
const CHANGE_WORDS = {
  added: say("追加", "added  "),
  changed: say("変更", "changed"),
  removed: say("削除", "removed"),
} as const;

/**
 * The leaves determined, the changes against the book imported into (labels and segments as
 * `layout` names them), the findings an import reports (counted, those that do not pass
 * listed), and the plan's warnings, in `lang`.
 */
export function importPlanText(
  layout: Book,
  plan: { readonly determined: readonly DeterminedLeaf[]; readonly issues: readonly InputIssue[] },
  changes: readonly LeafChange[],
  findings: readonly Finding[],
  lang: Lang,
): string[] {
  const ja = lang === "ja";
  const lines: string[] = [];
  const labels = new Map(layout.lines.map((l) => [l.id, l.label]));
  for (const d of plan.determined) {
    const what = `${labels.get(d.line) ?? d.line}`;
    const where = columnAside(layout.segments, d.segment);
    const by = d.determinedBy?.[lang] ?? "";
    lines.push(
      ja
        ? `${what}${where.ja}= ${d.amount.format()}：${by}から決定しました`
        : `determined ${what}${where.en} = ${d.amount.format()} from ${by}`,
    );
  }
  if (changes.length === 0) lines.push(ja ? "変更：なし" : "changes: none");
  else lines.push(ja ? `変更（${changes.length}件）：` : `changes (${changes.length}):`);
  const colon = ja ? "：" : ": ";
  for (const c of changes) {
    // A book without segments: the line alone says where the figure is.
    const where =
      layout.segments.length === 0
        ? c.line.label
        : `${c.line.label} / ${segmentLabel(layout.segments, c.segment)}`;
    const at = c.sources.length > 0 ? `  [${c.sources.map(formatSource).join(", ")}]` : "";
    // A quantity (戸, ㎥ …) with its unit: it is not in the book's money unit.
    const unit = c.line.unit === undefined ? "" : ` ${c.line.unit}`;
    const figures =
      c.kind === "added"
        ? `${formatJapanese(c.new)}${unit}`
        : c.kind === "changed"
          ? `${formatJapanese(c.old)} → ${formatJapanese(c.new)}${unit}`
          : `${formatJapanese(c.old)}${unit}`;
    lines.push(`  ${CHANGE_WORDS[c.kind][lang]} ${where}${colon}${figures}${at}`);
  }
  const counted = countFindings(findings);
  lines.push(
    ja
      ? `照合結果：一致 ${counted.passed} 件、不一致 ${counted.failed} 件、警告 ${counted.warned} 件${counted.structural > 0 ? `（ほかに構成上成立 ${counted.structural} 件）` : ""}`
      : `findings: ${counted.passed} passed, ${counted.failed} failed, ${counted.warned} warnings${counted.structural > 0 ? `; ${counted.structural} more hold by construction of the layout` : ""}`,
  );
  for (const f of findings)
    if (f.status !== "pass")
      lines.push(`  ${STATUS_WORDS[f.status][lang]} ${f.check}${colon}${f.message[lang]}`);
  for (const i of plan.issues)
    lines.push(`  ${WORDS.warning[lang]}: ${formatSource(i.source, lang)}: ${i.message[lang]}`);
  return lines;
}

/** Words both imports print (the spreadsheet import and the actuals import, cli/import-*.ts). */
export const IMPORT_WORDS = {
  noFile: say(
    "取り込むファイル（FILE）を1つ以上指定してください。",
    "import needs at least one FILE",
  ),
  dryRun: say("--dry-run のため、何も書き込んでいません", "dry run: nothing written"),
  unchanged: (into: string) => say(`${into}：変更はありません`, `${into}: unchanged`),
} as const;

/**
 * Where the issues of a refused import are, and that the book on disk is as it was:
 * `in BOOK_DIR; the book was not changed` (reportIssues puts the count before it:
 * 「問題3件（ledgers/x、帳簿は変更していません）」).
 */
export function notChanged(ja: string, en: string): Text {
  return say(`${ja}、帳簿は変更していません`, `${en}; the book was not changed`);
}

/** `wrote BOOK: files; previous book kept at BACKUP`: the line of a written import, in `lang`. */
export function wroteBookText(
  written: {
    readonly bookDir: string;
    readonly files: readonly string[];
    readonly backup: string | null;
  },
  lang: Lang,
): string {
  const { bookDir, files, backup } = written;
  return lang === "ja"
    ? `${bookDir} に書き込みました：${files.join("、") || "（変更したファイルなし）"}${backup ? `。以前の帳簿は ${backup} に残しました` : ""}`
    : `wrote ${bookDir}: ${files.join(", ") || "(no file changed)"}${backup ? `; previous book kept at ${backup}` : ""}`;
}
