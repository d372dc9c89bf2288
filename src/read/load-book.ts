/**
 * Loading a book directory: the only stage that reads a book's files. A pipeline of named
 * steps, each reading one part and adding its issues (every one pointing at a cell):
 * manifest → segments and statements → provisions → layout and formulas → declared checks →
 * leaves → schedules → prints → commitments → what the manifest names by line. The result is a
 * Book, or every issue found.
 */

import { join } from "node:path";
import type { Book } from "../model/book.ts";
import { formatInputIssue, type InputIssue, inputError } from "../model/issues.ts";
import { cell } from "../model/provenance.ts";
import { workbookSheets } from "../model/sheet-names.ts";
import { say, sayEach, type Text } from "../model/text.ts";
import { atVersion, findVersion, viewableVersion, viewableVersions } from "../model/version.ts";
import { BookFiles, Names } from "./book-files.ts";
import { readRegister } from "./commitments.ts";
import { readDeclaredChecks } from "./declared-checks.ts";
import { type References, readLayout, taxIssues } from "./layout.ts";
import { figuresTooLarge, renamedSheets } from "./limits.ts";
import {
  continuityDecls,
  MANIFEST_FILE,
  type Manifest,
  printDecls,
  readManifest,
  segmentsOf,
  statementsOf,
  TOTAL_LABELS,
  taxRulesOf,
} from "./manifest.ts";
import { readContinuity, readPrint } from "./prints.ts";
import { readProvisions } from "./provisions.ts";
import { readSchedules } from "./schedules.ts";
import { continuityLines, moneyLines, printUnits } from "./units.ts";
import { readVersions } from "./versions.ts";

/**
 * A loaded book and the warnings found on the way (readable but worth saying, e.g. a 限度額
 * written as text), or every issue when the book cannot be loaded.
 */
type LoadResult =
  | { ok: true; book: Book; warnings: InputIssue[] }
  | { ok: false; issues: InputIssue[] };

/**
 * A previous year's book a version links to (`relative` to this one's `dir`): loaded on its own,
 * its own links not followed; or why it cannot be used.
 */
function linkedBook(
  dir: string,
  relative: string,
  follow: boolean,
): { book: Book } | { problem: Text } {
  if (!follow)
    return {
      problem: say(
        "つないだ帳簿から先のつながりはたどりません。",
        "a linked book's links are not followed",
      ),
    };
  const r = loadBook(join(dir, relative), { links: false });
  if (r.ok) return { book: r.book };
  const first = r.issues[0] as InputIssue;
  return {
    problem: sayEach((lang) =>
      lang === "ja"
        ? `問題が ${r.issues.length} 件あります。最初の問題：${formatInputIssue(first, lang).split("\n")[0]}`
        : `${r.issues.length} problem(s), first: ${formatInputIssue(first, lang).split("\n")[0]}`,
    ),
  };
}

/** Load and validate the book in `dir`. `dir` is used as given in every message. */
export function loadBook(dir: string, options: { readonly links?: boolean } = {}): LoadResult {
  const files = new BookFiles(dir);
  const read = readManifest(files);
  if (read === null) return { ok: false, issues: files.issues };
  const manifest = read.manifest;
  const unit = manifest.unit;
  const segmentTerm = manifest.segmentTerm ?? "事業";
  const segments = segmentsOf(manifest, files);
  const statements = statementsOf(manifest, files);
  const schedules = (manifest.schedules ?? []).map((s) => ({ ...s }));
  const fileOf = (key: string) => {
    const f = manifest.files[key];
    return typeof f === "string" ? f : undefined;
  };
  const provisionsFile = fileOf("provisions");
  const provisions = provisionsFile ? readProvisions(files, provisionsFile, unit) : [];
  const { lines, references } = readLayout(
    files,
    manifest.files.layout,
    statements,
    schedules,
    provisions,
    unit,
  );
  // Rules book.json declares but could not be read are said once, not again at each tax line.
  const tax = taxRulesOf(manifest, files);
  const specified = tax?.specified;
  const known = files.issues.length;
  if (specified)
    for (const term of specified.receipts.terms)
      references.check(term.ref, specified.source, specified.receipts.text);
  // The receipts' leaves are looked at only when every line they name is known.
  if ((manifest.tax === undefined || tax !== undefined) && files.issues.length === known)
    files.add(taxIssues(lines, tax));
  // Checks, prints and budget rows name the layout's lines and the provisions: when those could
  // not be read, every such name would be a second, false error. One cell, one error.
  if (files.failed()) return { ok: false, issues: files.issues };
  const checksFile = fileOf("checks");
  const checks = checksFile ? readDeclaredChecks(files, checksFile, references) : [];
  // The book's own word for its total first (法人計), then 合計, 計, 総計.
  const totalLabels = [...new Set([...(manifest.totalLabels ?? []), ...TOTAL_LABELS])];
  const names = new Names(files, lines, segments, totalLabels);
  const decls = printDecls(manifest);
  const versions = readVersions(files, manifest, names, references, decls, (relative) =>
    linkedBook(dir, relative, options.links !== false),
  );
  const scheduleItems = readSchedules(files, schedules, names, unit);
  const prints = decls.map((decl) =>
    readPrint(files, decl, statements, names, references, versions),
  );
  const continuity = readContinuity(files, continuityDecls(manifest), prints, references, versions);
  checkNamedLines(files, manifest, references);
  // A print's row is money or a quantity, never both; continuity and the report's charts hold money.
  files.add(printUnits(prints, references.lineById, unit));
  files.add(
    moneyLines(
      [
        ...continuityLines(continuity, files.manifestCell("/continuity", "continuity")),
        ...Object.entries(manifest.report ?? {})
          .filter(([key]) => key !== "cashPlan")
          .map(([key, id]) => ({
            id,
            at: files.manifestCell(`/report/${key}`, `report.${key}`),
            what: `report.${key}`,
          })),
      ],
      references.lineById,
    ),
  );
  const registerFile = fileOf("commitments");
  const schedulesFile = fileOf("commitmentSchedules");
  const actualsFile = fileOf("commitmentActuals");
  const commitments = registerFile
    ? readRegister(
        files,
        {
          register: registerFile,
          ...(schedulesFile ? { schedules: schedulesFile } : {}),
          ...(actualsFile ? { actuals: actualsFile } : {}),
        },
        segments,
        unit,
      )
    : null;
  checkKeyLines(files, manifest, references);
  for (const own of versions.entries.values())
    files.add(figuresTooLarge(lines, own, scheduleItems));
  const sheets = workbookSheets({
    statements,
    schedules,
    segments,
    segmentTerm,
    commitments,
    prints,
  });
  files.add(
    renamedSheets(
      files.shown(MANIFEST_FILE),
      read.text,
      sheets,
      statements.map((s) => s.id),
      schedules.map((s) => s.id),
    ),
  );
  if (files.failed()) return { ok: false, issues: files.issues };
  const loaded: Book = {
    dir,
    id: manifest.id,
    entity: manifest.entity,
    title: manifest.title,
    language: manifest.language ?? "ja",
    fiscalYear: manifest.fiscalYear,
    unit,
    rounding: manifest.rounding ?? "half-up",
    segments,
    segmentTerm,
    statements,
    lines,
    checks,
    provisions,
    entries: [],
    versions,
    version: "",
    schedules,
    scheduleItems,
    prints,
    continuity,
    leafRounding: manifest.leaves?.rounding ?? null,
    ...(tax ? { tax } : {}),
    totalLabels,
    commitments,
    report: manifest.report ?? null,
  };
  return {
    ok: true,
    warnings: files.issues.filter((i) => i.severity === "warning"),
    book: atVersion(loaded, versions.defaultId),
  };
}

/**
 * The book in `dir` as `version` presents it (id or name; default: the book's default
 * version), or the issues that stop it from loading or the version that does not exist.
 */
export function loadBookAt(dir: string, version?: string): LoadResult {
  const r = loadBook(dir);
  if (!r.ok || version === undefined) return r;
  const v = viewableVersion(r.book, version);
  if (v) return { ...r, book: atVersion(r.book, v.id) };
  const list = viewableVersions(r.book);
  const printed = findVersion(r.book, version);
  return {
    ok: false,
    issues: [
      inputError(
        "version.unknown",
        cell(join(dir, MANIFEST_FILE), 1, "versions"),
        printed
          ? say(
              `「${version}」は公表資料に印刷された数値としてだけある版で、それ自身の財務諸表はありません（比較に使ってください）。`,
              `「${version}」 is known only as a print shows it: it has no statements of its own (compare it instead)`,
            )
          : say(
              `この帳簿に版「${version}」はありません（版：${list.map((x) => `${x.id} ${x.name}`).join("、")}）。`,
              `no version 「${version}」 in this book (versions: ${list.map((x) => `${x.id} ${x.name}`).join(", ")})`,
            ),
      ),
    ],
  };
}

/** The lines the report's charts use (book.json `report`) exist; `cashPlan` names a statement. */
function checkNamedLines(files: BookFiles, manifest: Manifest, references: References): void {
  const statementIds = new Set(manifest.statements.map((s) => s.id));
  for (const [key, id] of Object.entries(manifest.report ?? {})) {
    const at = files.manifestCell(`/report/${key}`, `report.${key}`);
    const message = say(
      `report.${key} の「${id}」は様式にありません。`,
      `report.${key} 「${id}」 is not in the layout`,
    );
    if (key !== "cashPlan") references.checkLine(id, at, message);
    else if (!statementIds.has(id))
      files.issues.push(inputError("layout.unknown-reference", at, message));
  }
}

/** The key lines of each statement (shown in the build summary) exist. */
function checkKeyLines(files: BookFiles, manifest: Manifest, references: References): void {
  const at = files.manifestCell("/statements", "statements");
  for (const s of manifest.statements) {
    for (const k of s.key ?? [])
      references.checkLine(
        k,
        at,
        say(
          `${s.id} の主要科目「${k}」は様式にありません。`,
          `key line 「${k}」 of ${s.id} is not in the layout`,
        ),
      );
  }
}
