/**
 * The file system as yosan may use it: only regular files are read (a FIFO, a device or a
 * directory where a file should be is refused without blocking on it), a book names only files
 * inside its own directory, outputs go only to new names or regular files outside every book,
 * and directories are made one level at a time (Node's recursive mkdir loops forever under
 * /proc).
 */
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  realpathSync,
  type Stats,
  statSync,
} from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { say, type Text } from "../model/text.ts";

/** What kind of thing `stats` is, in words (a noun in either language). */
export function kindOf(stats: Stats): Text {
  if (stats.isDirectory()) return say("ディレクトリ", "a directory");
  if (stats.isFIFO()) return say("名前付きパイプ（FIFO）", "a named pipe (FIFO)");
  if (stats.isSocket()) return say("ソケット", "a socket");
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return say("デバイス", "a device");
  if (stats.isSymbolicLink()) return say("シンボリックリンク", "a symbolic link");
  return say("特殊なファイル", "not a regular file");
}

/** Why a file cannot be read, in both languages: a fragment to put in a sentence. */
type Refused = { ok: false; code: string; why: Text };

/** A file opened for reading, refused unless it is a regular file. */
type Opened = { ok: true; fd: number; size: number } | Refused;

/**
 * Open `path` for reading without ever blocking: the open is non-blocking (a FIFO with no
 * writer does not hang it) and the descriptor must be a regular file.
 */
export function openRegularFile(path: string): Opened {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "EIO";
    return {
      ok: false,
      code,
      why:
        code === "ENOENT"
          ? say("ファイルがありません", "no such file")
          : say(`開けません（${code}）`, `cannot open it (${code})`),
    };
  }
  const stats = fstatSync(fd);
  if (!stats.isFile()) {
    closeSync(fd);
    const kind = kindOf(stats);
    return {
      ok: false,
      code: "ENOTREG",
      why: say(
        `${kind.ja}であり、通常のファイルではありません`,
        `it is ${kind.en}, not a regular file`,
      ),
    };
  }
  return { ok: true, fd, size: stats.size };
}

/**
 * The whole content of a regular file, or why not; a file over `maxBytes` is not read (code
 * EFBIG, `why` its size in bytes).
 */
export function readRegularFile(
  path: string,
  maxBytes = Number.POSITIVE_INFINITY,
): { ok: true; bytes: Buffer } | Refused {
  const opened = openRegularFile(path);
  if (!opened.ok) return opened;
  if (opened.size > maxBytes) {
    closeSync(opened.fd);
    const size = opened.size.toLocaleString("en-US");
    return { ok: false, code: "EFBIG", why: say(`${size} バイト`, `${size} bytes`) };
  }
  try {
    const bytes = Buffer.alloc(opened.size);
    let at = 0;
    while (at < bytes.length) {
      const n = readSync(opened.fd, bytes, at, bytes.length - at, at);
      if (n === 0) break;
      at += n;
    }
    return { ok: true, bytes: at === bytes.length ? bytes : bytes.subarray(0, at) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "EIO";
    return { ok: false, code, why: say(`読み込めません（${code}）`, `cannot read it (${code})`) };
  } finally {
    closeSync(opened.fd);
  }
}

/** `path` as the file system resolves it: links in the existing part of it followed. */
function realPath(path: string): string {
  let existing = resolve(path);
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const parent = dirname(existing);
    if (parent === existing) break;
    rest.unshift(existing.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
    existing = parent;
  }
  try {
    return join(realpathSync(existing), ...rest);
  } catch {
    return resolve(path);
  }
}

/** Is `path` (resolved, links followed) `dir` itself or inside it? */
export function isInside(path: string, dir: string): boolean {
  const rel = relative(realPath(dir), realPath(path));
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith(sep) && rel !== "..");
}

/**
 * Why an output must not be written at `target`, or undefined. Refused: a path inside any of
 * `books` (an output never replaces a book file), and anything already there that is not a
 * regular file (a directory, a device such as /dev/full, a FIFO, a symbolic link).
 */
export function outputRefusal(target: string, books: readonly string[]): Text | undefined {
  for (const book of books) {
    if (existsSync(book) && isInside(target, book))
      return say(
        `${target} は帳簿 ${book} の中にあります。出力が帳簿のファイルを置き換えることはありません。別の場所に書き出してください。`,
        `${target} is inside the book ${book}: an output never replaces a book's files; write it elsewhere`,
      );
  }
  let stats: Stats;
  try {
    stats = lstatSync(target);
  } catch {
    return undefined; // a new name
  }
  if (stats.isFile()) return undefined;
  const kind = kindOf(stats);
  return say(
    `${target} は${kind.ja}です。出力は通常のファイルだけを置き換えるか、新しい名前で書き出します。`,
    `${target} is ${kind.en}: outputs replace only regular files or take new names`,
  );
}

/**
 * Why an output directory must not be used, or undefined: inside (or equal to) a book, or an
 * existing path that is not a directory.
 */
export function outputDirRefusal(dir: string, books: readonly string[]): Text | undefined {
  for (const book of books) {
    if (!existsSync(book) || !isInside(dir, book)) continue;
    return realPath(dir) === realPath(book)
      ? say(
          `出力先ディレクトリ ${dir} は帳簿そのものです。帳簿のファイルが上書きされてしまいます。別の --out を指定してください。`,
          `the output directory ${dir} is the book itself: its files would be overwritten; choose another --out`,
        )
      : say(
          `出力先ディレクトリ ${dir} は帳簿 ${book} の中にあります。帳簿には帳簿自身のファイルだけを置きます。別の --out を指定してください。`,
          `the output directory ${dir} is inside the book ${book}: a book holds only its own files; choose another --out`,
        );
  }
  try {
    const stats = statSync(dir);
    if (!stats.isDirectory()) {
      const kind = kindOf(stats);
      return say(
        `出力先ディレクトリ ${dir} は${kind.ja}です。`,
        `the output directory ${dir} is ${kind.en}`,
      );
    }
  } catch {
    // a new directory
  }
  return undefined;
}

/**
 * Make `dir` and its missing parents one level at a time (Node's `recursive: true` never
 * returns for a path under /proc). Throws the file system's error, with its path.
 */
export function makeDirectory(dir: string): void {
  const missing: string[] = [];
  let d = resolve(dir);
  while (!existsSync(d)) {
    missing.push(d);
    const parent = dirname(d);
    if (parent === d) break;
    d = parent;
  }
  for (const m of missing.reverse()) mkdirSync(m);
}
