/**
 * `yosan versions` (the versions of a book) and `yosan compare` (two versions line by line,
 * as changes or as a 決算報告書), and the comparisons a build writes for the book.
 */
import { resolve } from "node:path";
import { comparisonOf } from "../check/variance.ts";
import { outputRefusal } from "../io/files.ts";
import { writeFileAtomicallyFrom } from "../io/write-atomic.ts";
import { exitCodeFor } from "../model/findings.ts";
import { VERSION_KIND_LABELS } from "../model/glossary.ts";
import type { Column } from "../model/model.ts";
import { say } from "../model/text.ts";
import { defaultComparisonLayout, findVersion } from "../model/version.ts";
import {
  type ComparisonLayout,
  comparisonCsv,
  comparisonJson,
  renderComparisonText,
} from "../render/comparison.ts";
import { shownLines } from "../render/comparison-blocks.ts";
import { textColumns } from "../render/text-width.ts";
import {
  bookFor,
  type CommandResult,
  inBook,
  invalid,
  type LangOptions,
  noSegments,
  refused,
  usage,
} from "./prepare.ts";

/** The words of the versions table, in each language. */
const VERSIONS_WORDS = {
  en: {
    header: ["", "id", "name", "kind", "from", "note"],
    noRevision: "(no revision)",
    changes: "changes",
    printed: (where: string) => `printed: ${where}`,
    book: (dir: string, version: string) => `book: ${dir} (${version})`,
    to: (date: string) => `to ${date}`,
    sample: (text: string) => `sample: ${text}`,
    separator: "; ",
    defaultNote: "(* builds by default)",
  },
  ja: {
    header: ["", "id", "名称", "種類", "基礎", "備考"],
    noRevision: "（補正なし）",
    changes: "補正額",
    printed: (where: string) => `公表資料：${where}`,
    book: (dir: string, version: string) => `帳簿：${dir}（${version}）`,
    to: (date: string) => `${date} まで`,
    sample: (text: string) => `サンプル：${text}`,
    separator: "、",
    defaultNote: "（* は既定の版）",
  },
} as const;

/** `yosan versions`: id, name, kind and what each builds on. */
export function runVersions(
  bookDir: string,
  options: { readonly json?: boolean } & LangOptions = {},
): CommandResult {
  const l = bookFor(bookDir, undefined, options);
  if (!l.ok) return invalid(l.issues, inBook(bookDir), l.lang.terminal);
  const book = l.book;
  const w = VERSIONS_WORDS[l.lang.terminal];
  const list = book.versions.list;
  if (options.json) {
    const json = {
      default: book.versions.defaultId,
      versions: list.map((v) => ({
        id: v.id,
        name: v.name,
        kind: v.kind,
        base: v.base,
        revisions: v.revisions,
        files: v.files,
        asOf: v.asOf,
        sample: v.sample,
        fiscalYear: v.fiscalYear,
        ...(v.printed ? { printed: v.printed } : {}),
        ...(v.linked ? { book: v.linked.dir, bookVersion: v.linked.version } : {}),
      })),
      comparisons: book.versions.comparisons,
    };
    return { exitCode: 0, stdout: [JSON.stringify(json, null, 2)], stderr: l.warnings };
  }
  const basis = (id: string) => {
    const v = list.find((x) => x.id === id);
    if (!v) return "";
    if (v.kind === "current") return `${v.base} + ${v.revisions.join(" + ") || w.noRevision}`;
    if (v.kind === "revision") return `${v.base} + ${w.changes}`;
    if (v.printed) return w.printed(`${v.printed.print}.${v.printed.column}`);
    if (v.linked) return w.book(v.linked.dir, v.linked.version);
    return v.files.join(", ");
  };
  const rows = [
    [...w.header],
    ...list.map((v) => [
      v.id === book.versions.defaultId ? "*" : "",
      v.id,
      v.name,
      l.lang.terminal === "ja" ? VERSION_KIND_LABELS[v.kind] : v.kind,
      basis(v.id),
      [v.asOf ? w.to(v.asOf) : "", v.fiscalYear ?? "", v.sample ? w.sample(v.sample) : ""]
        .filter((x) => x !== "")
        .join(w.separator),
    ]),
  ];
  return {
    exitCode: 0,
    stdout: [
      ...textColumns(
        rows,
        rows.map(() => false),
      ),
      w.defaultNote,
    ],
    stderr: l.warnings,
  };
}

export interface CompareOptions extends LangOptions {
  readonly segment?: string;
  readonly json?: boolean;
  readonly layout?: ComparisonLayout;
  readonly changedOnly?: boolean;
  readonly strict?: boolean;
  /** Also write the comparison as CSV to this file. */
  readonly csv?: string;
}

/** `yosan compare A B`: every line, per segment and 合計: A, B, B − A, rate, 備考; and the checks. */
export function runCompare(
  bookDir: string,
  a: string,
  b: string,
  options: CompareOptions = {},
): CommandResult {
  const l = bookFor(bookDir, undefined, options);
  if (!l.ok) return invalid(l.issues, inBook(bookDir), l.lang.terminal);
  const book = l.book;
  const lang = l.lang.terminal;
  for (const id of [a, b]) {
    const ids = book.versions.list.map((v) => v.id);
    if (!findVersion(book, id))
      return usage(
        say(
          `${bookDir} に「${id}」という版はありません（版：${ids.join("、")}。yosan versions で一覧を表示します）。`,
          `no version 「${id}」 in ${bookDir} (versions: ${ids.join(", ")}; see yosan versions)`,
        ),
        lang,
      );
  }
  let columns: Column[] | undefined;
  if (options.segment !== undefined) {
    const s = options.segment;
    const seg = book.segments.find((x) => x.id === s || x.name === s || x.aliases.includes(s));
    if (book.segments.length === 0 && !book.totalLabels.includes(s))
      return noSegments(book, s, lang);
    if (!seg && !book.totalLabels.includes(s)) {
      const ids = book.segments.map((x) => x.id);
      return usage(
        say(
          `「${s}」という${book.segmentTerm}はありません（${book.segmentTerm}：${ids.join("、")}、または${book.totalLabels[0]}）。`,
          `unknown segment 「${s}」 (segments: ${ids.join(", ")}, or ${book.totalLabels[0]})`,
        ),
        lang,
      );
    }
    columns = [seg ? seg.id : null];
  }
  const { comparison, findings } = comparisonOf(book, a, b, columns, {
    strict: options.strict ?? false,
  });
  const stderr = [...l.warnings];
  if (options.csv !== undefined) {
    const target = resolve(options.csv);
    const refusal = outputRefusal(target, [bookDir]);
    if (refusal !== undefined) return invalid([refused(target, refusal)], inBook(bookDir), lang);
    const content = comparisonCsv(comparison);
    writeFileAtomicallyFrom(target, (emit) => emit(content));
    stderr.push(lang === "ja" ? `${options.csv} を出力しました` : `wrote ${options.csv}`);
  }
  const declared = book.versions.comparisons.find(
    (c) => c.a === comparison.a.version.id && c.b === comparison.b.version.id,
  );
  const layout =
    options.layout ??
    declared?.layout ??
    defaultComparisonLayout(comparison.a.version, comparison.b.version);
  const stdout = options.json
    ? [JSON.stringify(comparisonJson(comparison, findings, l.lang.document), null, 2)]
    : [
        renderComparisonText(comparison, findings, layout, {
          changedOnly: options.changedOnly ?? false,
          lang,
          // The declared comparison's documents show its statements to its depth.
          ...(declared ? { shown: shownLines(declared) } : {}),
        }).trimEnd(),
      ];
  return { exitCode: exitCodeFor(findings), stdout, stderr };
}
