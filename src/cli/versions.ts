/**
 * `yosan versions` (the versions of a book) and `yosan compare` (two versions line by line,
 * as changes or as a 決算報告書), and the comparisons a build writes for the book.
 */
import { resolve } from "node:path";
import { comparisonOf } from "../check/variance.ts";
import { outputRefusal } from "../io/files.ts";
import { writeFileAtomicallyFrom } from "../io/write-atomic.ts";
import { exitCodeFor } from "../model/findings.ts";
import type { Column } from "../model/model.ts";
import { defaultComparisonLayout, findVersion } from "../model/version.ts";
import {
  type ComparisonLayout,
  comparisonCsv,
  comparisonJson,
  renderComparisonText,
} from "../render/comparison.ts";
import { textColumns } from "../render/text-width.ts";
import { bookFor, type CommandResult, invalid, refused, usage } from "./prepare.ts";

/** `yosan versions`: id, name, kind and what each builds on. */
export function runVersions(bookDir: string, options: { json?: boolean } = {}): CommandResult {
  const l = bookFor(bookDir);
  if (!l.ok) return invalid(l.issues, `in ${bookDir}`);
  const book = l.book;
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
    if (v.kind === "current") return `${v.base} + ${v.revisions.join(" + ") || "(no revision)"}`;
    if (v.kind === "revision") return `${v.base} + changes`;
    if (v.printed) return `printed: ${v.printed.print}.${v.printed.column}`;
    if (v.linked) return `book: ${v.linked.dir} (${v.linked.version})`;
    return v.files.join(", ");
  };
  const rows = [
    ["", "id", "name", "kind", "from", "note"],
    ...list.map((v) => [
      v.id === book.versions.defaultId ? "*" : "",
      v.id,
      v.name,
      v.kind,
      basis(v.id),
      [v.asOf ? `to ${v.asOf}` : "", v.fiscalYear ?? "", v.sample ? `sample: ${v.sample}` : ""]
        .filter((x) => x !== "")
        .join("; "),
    ]),
  ];
  return {
    exitCode: 0,
    stdout: [
      ...textColumns(
        rows,
        rows.map(() => false),
      ),
      "(* builds by default)",
    ],
    stderr: l.warnings,
  };
}

export interface CompareOptions {
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
  const l = bookFor(bookDir);
  if (!l.ok) return invalid(l.issues, `in ${bookDir}`);
  const book = l.book;
  for (const id of [a, b]) {
    if (!findVersion(book, id))
      return usage(
        `no version 「${id}」 in ${bookDir} (versions: ${book.versions.list.map((v) => v.id).join(", ")}; see yosan versions)`,
      );
  }
  let columns: Column[] | undefined;
  if (options.segment !== undefined) {
    const s = options.segment;
    const seg = book.segments.find((x) => x.id === s || x.name === s || x.aliases.includes(s));
    if (!seg && !book.totalLabels.includes(s))
      return usage(
        `unknown segment 「${s}」 (segments: ${book.segments.map((x) => x.id).join(", ")}, or ${book.totalLabels[0]})`,
      );
    columns = [seg ? seg.id : null];
  }
  const { comparison, findings } = comparisonOf(book, a, b, columns, {
    strict: options.strict ?? false,
  });
  const stderr = [...l.warnings];
  if (options.csv !== undefined) {
    const target = resolve(options.csv);
    const refusal = outputRefusal(target, [bookDir]);
    if (refusal !== undefined) return invalid([refused(target, refusal)], "");
    const content = comparisonCsv(comparison);
    writeFileAtomicallyFrom(target, (emit) => emit(content));
    stderr.push(`wrote ${options.csv}`);
  }
  const layout =
    options.layout ??
    book.versions.comparisons.find(
      (c) => c.a === comparison.a.version.id && c.b === comparison.b.version.id,
    )?.layout ??
    defaultComparisonLayout(comparison.a.version, comparison.b.version);
  const stdout = options.json
    ? [JSON.stringify(comparisonJson(comparison, findings), null, 2)]
    : [
        renderComparisonText(comparison, findings, layout, {
          changedOnly: options.changedOnly ?? false,
        }).trimEnd(),
      ];
  return { exitCode: exitCodeFor(findings), stdout, stderr };
}
