/**
 * Atomic output: every file is first written in full to a temporary file beside its target,
 * then all are renamed into place. If any write fails, the temporaries are removed and no
 * target is touched; a reader never sees a half-written file.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface OutputFile {
  /** Path relative to the output directory. */
  readonly name: string;
  readonly content: string | Uint8Array;
}

/** Write `files` under `dir` (created if needed) all-or-nothing as far as the file system allows. */
export function writeFilesAtomically(dir: string, files: readonly OutputFile[]): string[] {
  const staged: { temp: string; target: string }[] = [];
  const tag = `.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    for (const f of files) {
      const target = join(dir, f.name);
      mkdirSync(dirname(target), { recursive: true });
      const temp = `${target}${tag}`;
      writeFileSync(temp, f.content);
      staged.push({ temp, target });
    }
  } catch (error) {
    for (const s of staged) rmSync(s.temp, { force: true });
    throw error;
  }
  for (const s of staged) renameSync(s.temp, s.target);
  return staged.map((s) => s.target);
}
