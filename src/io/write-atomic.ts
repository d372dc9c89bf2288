/**
 * Atomic output: every file is first written in full to a temporary file beside its target,
 * then all are renamed into place. If any write fails, the temporaries are removed and no
 * target is touched; a reader never sees a half-written file.
 */
import {
  closeSync,
  lstatSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { say, type Text } from "../model/text.ts";
import { kindOf, makeDirectory } from "./files.ts";

/**
 * A target that is not a regular file, refused: carries the path and a code as the file
 * system's own errors do (its message is the English words), and the words in both languages
 * (`text`) for the terminal to say in its language.
 */
class NotReplacedError extends Error implements NodeJS.ErrnoException {
  readonly code = "ENOTREG";

  constructor(
    readonly path: string,
    readonly text: Text,
  ) {
    super(text.en);
  }
}

/**
 * Refuse to rename onto anything but a regular file or a new name (a rename would replace a
 * device node, a directory's entry or a link with our file).
 */
function assertReplaceable(target: string): void {
  let stats: ReturnType<typeof lstatSync>;
  try {
    stats = lstatSync(target);
  } catch {
    return;
  }
  if (stats.isFile()) return;
  const kind = kindOf(stats);
  throw new NotReplacedError(
    target,
    say(`${target} は${kind.ja}なので置き換えません。`, `${target} is ${kind.en}: not replaced`),
  );
}

interface OutputFile {
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
      makeDirectory(dirname(target));
      assertReplaceable(target);
      const temp = `${target}${tag}`;
      writeFileSync(temp, f.content);
      staged.push({ temp, target });
    }
  } catch (error) {
    for (const s of staged) rmSync(s.temp, { force: true });
    throw error;
  }
  const names = new Set(files.map((f) => f.name));
  if (names.size !== files.length) throw new Error("programmer error: two outputs with one name");
  try {
    for (const s of staged) renameSync(s.temp, s.target);
  } catch (error) {
    for (const s of staged) rmSync(s.temp, { force: true });
    throw error;
  }
  return staged.map((s) => s.target);
}

/**
 * Write one file atomically from pieces: `produce` hands its text to `emit` piece by piece
 * (written as they come, so the whole text is never in memory), then the file is renamed into
 * place. If `produce` throws, the temporary file is removed and the target is not touched.
 */
export function writeFileAtomicallyFrom<T>(
  target: string,
  produce: (emit: (text: string) => void) => T,
): T {
  makeDirectory(dirname(target));
  assertReplaceable(target);
  const temp = `${target}.${process.pid}.${Date.now().toString(36)}.tmp`;
  const fd = openSync(temp, "w");
  let result: T;
  try {
    result = produce((text) => {
      writeSync(fd, text);
    });
    closeSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  try {
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return result;
}
