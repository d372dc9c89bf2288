/**
 * Reading a text file of a book strictly as UTF-8 (a BOM is allowed and dropped): a file that is
 * not UTF-8 (Shift_JIS from an old Excel) is an issue naming its first bad line, never mojibake;
 * anything but a regular file is refused without reading it, and so is a file over the size a
 * whole read allows (a string has a most length, and a table of a book is small).
 */

import { type InputIssue, inputError } from "../model/issues.ts";
import { cell } from "../model/provenance.ts";
import { say } from "../model/text.ts";
import { readRegularFile } from "./files.ts";

const MiB = 1024 * 1024;
/** Most bytes of a book file read whole (its tables; budget and version files are streamed). */
const MAX_TEXT_BYTES = 64 * MiB;

/** The strict UTF-8 decoder every read shares (a whole decode keeps no state between calls). */
let utf8: InstanceType<typeof TextDecoder> | undefined;

/** Read a text file strictly as UTF-8 (BOM allowed); issues instead of exceptions. */
export function readText(
  path: string,
  shown: string,
  maxBytes = MAX_TEXT_BYTES,
): { ok: true; text: string } | { ok: false; issue: InputIssue } {
  const read = readRegularFile(path, maxBytes);
  if (!read.ok && read.code === "EFBIG") {
    return {
      ok: false,
      issue: inputError(
        "file.too-large",
        cell(shown, 1),
        say(
          `ファイルの大きさが ${read.why.ja}あります。一度に読み込むファイルは ${maxBytes / MiB} MiB までです。`,
          `the file holds ${read.why.en}; a file read whole holds at most ${maxBytes / MiB} MiB`,
        ),
      ),
    };
  }
  if (!read.ok) {
    return {
      ok: false,
      issue: inputError(
        read.code === "ENOENT" ? "file.missing" : "file.unreadable",
        cell(shown, 1),
        read.code === "ENOENT"
          ? say("ファイルが見つかりません。", "file not found")
          : say(
              `ファイルを読み込めません（${read.why.ja}）。`,
              `cannot read the file: ${read.why.en}`,
            ),
      ),
    };
  }
  const bytes = read.bytes;
  try {
    utf8 ??= new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
    const text = utf8.decode(bytes);
    return { ok: true, text };
  } catch {
    const firstBad = findInvalidUtf8Line(bytes);
    return {
      ok: false,
      issue: inputError(
        "file.encoding",
        cell(shown, firstBad),
        say(
          "ファイルが正しい UTF-8 ではありません（Shift_JIS で保存されていませんか）。",
          "the file is not valid UTF-8 (is it Shift_JIS?)",
        ),
      ),
    };
  }
}

/** The 1-based line of the first invalid UTF-8 sequence in `bytes`. */
function findInvalidUtf8Line(bytes: Buffer): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return 1;
}
