/**
 * Import from the page: a dropped file goes through what `yosan import --dry-run` does — read
 * into grids (the import's readers and limits), tables recognised and planned against the
 * book, the provisional book derived and checked — and the preview is kept until Apply, which
 * writes the book all or nothing with a backup through the import's own writer. The upload is
 * written to a file of the server's own temporary directory under a name the server makes
 * (the name the user gave only labels messages), read, and removed; no path from a request
 * reaches the file system.
 */
import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { importFindings, modelAndFindings } from "../check/model-and-findings.ts";
import { DEFAULT_LIMITS, type Grid } from "../import/grid.ts";
import { type Change, changesOf, type ImportPlan, planImport } from "../import/plan.ts";
import { readGrids } from "../import/read-grid.ts";
import { changesNothing, writeImport } from "../import/write-book.ts";
import { countFindings, type Finding, type FindingCounts } from "../model/findings.ts";
import type { InputIssue } from "../model/issues.ts";
import type { Decimal } from "../model/money.ts";
import { say, type Text } from "../model/text.ts";
import { BUDGET_COLUMNS } from "../read/budget-reader.ts";
import { type KeyChange, keyChanges } from "./key-figures.ts";
import { bookSignature, type LiveBook, type LoadedState } from "./live-book.ts";

/** Most bytes a dropped file may have (the import reads at most 256 MiB from disk). */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

/** A preview kept for Apply: the plan and the book it was made against. */
export interface PendingImport {
  readonly id: string;
  readonly fileName: string;
  readonly plan: ImportPlan;
  readonly changes: readonly Change[];
  /** The book's files when the preview was made: Apply refuses if they changed since. */
  readonly signature: string;
}

/** What a page shows of an import before it is applied. */
export interface ImportPreview {
  readonly fileName: string;
  /** Why the file cannot be imported (unreadable, unrecognised labels…), each at its cell. */
  readonly issues: readonly InputIssue[];
  readonly plan: ImportPlan | null;
  readonly changes: readonly Change[];
  /** Findings of the provisional book that the import should look at (as the CLI lists them). */
  readonly findings: readonly Finding[];
  readonly counts: FindingCounts | null;
  /** Key figures (ending cash …) the import moves. */
  readonly effects: readonly KeyChange[];
  /** Nothing the import brings differs from the book. */
  readonly unchanged: boolean;
  /** Kept for Apply when there is something to write. */
  readonly pending: PendingImport | null;
}

/** A file name as the user gave it, reduced to a label: its last part, printable, short. */
function shownName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const clean = last.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return clean === "" ? "upload" : clean.slice(0, 120);
}

function failedPreview(fileName: string, issues: readonly InputIssue[]): ImportPreview {
  return {
    fileName,
    issues,
    plan: null,
    changes: [],
    findings: [],
    counts: null,
    effects: [],
    unchanged: false,
    pending: null,
  };
}

/** Preview an import of `grids` (read from `fileName`) into the book of `state`. */
export function previewGrids(
  state: LoadedState,
  grids: readonly Grid[],
  fileName: string,
  strict: boolean,
): ImportPreview {
  const current = state.book;
  const plan = planImport(grids, current, current);
  const errors = plan.issues.filter((i) => i.severity === "error");
  if (errors.length > 0) return { ...failedPreview(fileName, plan.issues), plan };
  if (plan.recognised.length === 0) return { ...failedPreview(fileName, []), plan };
  const changes = changesOf(plan, current);
  const after = modelAndFindings(plan.book, plan.book.version, { strict });
  const findings = importFindings(after.findings);
  const unchanged = changesNothing(plan, changes, current);
  return {
    fileName,
    issues: plan.issues,
    plan,
    changes,
    findings,
    counts: countFindings(findings),
    effects: keyChanges(state.model, after.model),
    unchanged,
    pending: unchanged
      ? null
      : {
          id: randomBytes(8).toString("hex"),
          fileName,
          plan,
          changes,
          signature: state.signature,
        },
  };
}

/** Preview a dropped file: written to the server's temporary directory, read, removed. */
export async function previewUpload(
  state: LoadedState,
  bytes: Uint8Array,
  name: string,
  tempDir: string,
  strict: boolean,
): Promise<ImportPreview> {
  const fileName = shownName(name);
  const path = join(tempDir, `upload-${randomBytes(12).toString("hex")}`);
  writeFileSync(path, bytes, { flag: "wx", mode: 0o600 });
  try {
    const read = await readGrids(path, fileName, DEFAULT_LIMITS);
    if (!read.ok) return failedPreview(fileName, read.issues);
    return previewGrids(state, read.grids, fileName, strict);
  } finally {
    rmSync(path, { force: true });
  }
}

/** The grid of yosan's long-format lines (account, segment, amount) for some figures. */
export function linesGrid(
  file: string,
  figures: readonly { line: string; segment: string | null; amount: Decimal }[],
): Grid {
  return {
    file,
    rows: [
      { row: 1, cells: [...BUDGET_COLUMNS], hidden: false },
      ...figures.map((f, i) => ({
        row: i + 2,
        cells: [f.line, f.segment ?? "", f.amount.toFixed()],
        hidden: false,
      })),
    ],
    notes: [],
  };
}

export type Applied =
  | { ok: true; bookDir: string; files: readonly string[]; backup: string | null }
  | { ok: false; message: Text; issues: readonly InputIssue[] };

/**
 * Write a previewed import into the book, all or nothing (import/write-book.ts through
 * import/book-writer.ts: staged, loaded, swapped in, the previous book kept as a backup), then
 * read the book again.
 */
export function applyImport(live: LiveBook, pending: PendingImport): Applied {
  const state = live.current;
  if (
    !state.ok ||
    bookSignature(live.dir) !== pending.signature ||
    state.signature !== pending.signature
  )
    return {
      ok: false,
      message: say(
        "このプレビューを作った後に帳簿のファイルが変わりました。何も書き込んでいません。ファイルをもう一度ドロップしてください。",
        "the book changed on disk since this preview was made; nothing was written — drop the file again",
      ),
      issues: [],
    };
  const written = writeImport(pending.plan, pending.changes, state.book, live.dir, live.dir);
  live.refresh(true);
  if (!written.ok)
    return {
      ok: false,
      message: say(
        "取り込んだ帳簿は読み込めません。何も書き込んでいません。",
        "the imported book would not load; nothing was written",
      ),
      issues: written.issues,
    };
  return { ok: true, bookDir: written.bookDir, files: written.files, backup: written.backup };
}
