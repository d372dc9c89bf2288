/**
 * The zip under an xlsx, inspected by hand before any library inflates it (the "zip bomb"
 * defence): the central directory read and every offset checked to lie inside the file (ZIP64
 * records and extra fields included), the declared sizes held to a total and to a compression
 * ratio, and each entry inflated no further than the size it declares. exceljs would take all
 * the memory a hostile file asks for; read-xlsx.ts hands it only a zip that passed.
 */

import { promisify } from "node:util";
import { inflateRaw } from "node:zlib";
import { formatCount } from "../model/amount-text.ts";
import { say, type Text } from "../model/text.ts";
import type { ReadLimits } from "./grid.ts";
import type { ReadIssueCode } from "./reader-common.ts";

/** An entry of the central directory, its local header checked. */
export interface ZipEntry {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly dataStart: number;
}

/** Why an entry is refused: the issue code and what to say. */
export interface EntryRefusal {
  readonly reason: ReadIssueCode;
  readonly detail: Text;
}

type ZipInspection = { ok: true; entries: ZipEntry[] } | ({ ok: false } & EntryRefusal);

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/** Read the central directory and every entry's local header; check all offsets are in range. */
export function inspectZip(b: Buffer): ZipInspection {
  const corrupt = (detail: Text): ZipInspection => ({
    ok: false,
    reason: "xlsx.corrupt",
    detail,
  });
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b.readUInt32LE(i) === EOCD_SIGNATURE && i + 22 + b.readUInt16LE(i + 20) <= b.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0)
    return corrupt(
      say(
        "zip の中央ディレクトリ終端レコードがありません。",
        "the zip's end-of-central-directory record is missing",
      ),
    );
  let count = b.readUInt16LE(eocd + 10);
  let cdSize = b.readUInt32LE(eocd + 12);
  let cdOffset = b.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || b.readUInt32LE(locator) !== ZIP64_LOCATOR_SIGNATURE) {
      return corrupt(
        say(
          "zip64 の中央ディレクトリ終端ロケーターがありません。",
          "the zip64 end-of-central-directory locator is missing",
        ),
      );
    }
    const at = safeNumber(b.readBigUInt64LE(locator + 8));
    if (at + 56 > b.length || b.readUInt32LE(at) !== ZIP64_EOCD_SIGNATURE) {
      return corrupt(
        say(
          "zip64 の中央ディレクトリ終端レコードがありません。",
          "the zip64 end-of-central-directory record is missing",
        ),
      );
    }
    count = safeNumber(b.readBigUInt64LE(at + 32));
    cdSize = safeNumber(b.readBigUInt64LE(at + 40));
    cdOffset = safeNumber(b.readBigUInt64LE(at + 48));
  }
  if (cdOffset + cdSize > b.length) {
    return corrupt(
      say(
        `中央ディレクトリ（${cdOffset}バイト目から）がファイルの終わりを越えています。`,
        `the central directory (at byte ${cdOffset}) lies past the end of the file`,
      ),
    );
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cdOffset + cdSize || b.readUInt32LE(p) !== CENTRAL_SIGNATURE) {
      return corrupt(
        say(
          `中央ディレクトリの ${count}件中 ${n + 1}件目のエントリーが壊れています。`,
          `central directory entry ${n + 1} of ${count} is damaged`,
        ),
      );
    }
    const flags = b.readUInt16LE(p + 8);
    const nameLength = b.readUInt16LE(p + 28);
    const extraLength = b.readUInt16LE(p + 30);
    const commentLength = b.readUInt16LE(p + 32);
    const next = p + 46 + nameLength + extraLength + commentLength;
    if (next > cdOffset + cdSize)
      return corrupt(
        say(
          `中央ディレクトリの ${n + 1}件目のエントリーが途中で切れています。`,
          `central directory entry ${n + 1} is cut short`,
        ),
      );
    const name = b.toString(flags & 0x800 ? "utf8" : "latin1", p + 46, p + 46 + nameLength);
    let compressedSize = b.readUInt32LE(p + 20);
    let uncompressedSize = b.readUInt32LE(p + 24);
    let localOffset = b.readUInt32LE(p + 42);
    // A zip64 extra field holds, in this order, whichever of the three fields are saturated.
    const extra = findExtra(b, p + 46 + nameLength, extraLength, 0x0001);
    if (extra !== undefined) {
      let q = extra.start;
      const take = (): number => {
        if (q + 8 > extra.end) return Number.NaN;
        const v = safeNumber(b.readBigUInt64LE(q));
        q += 8;
        return v;
      };
      if (uncompressedSize === 0xffffffff) uncompressedSize = take();
      if (compressedSize === 0xffffffff) compressedSize = take();
      if (localOffset === 0xffffffff) localOffset = take();
    }
    if (![compressedSize, uncompressedSize, localOffset].every(Number.isFinite)) {
      return corrupt(
        say(`${name} の zip64 のサイズが壊れています。`, `the zip64 sizes of ${name} are damaged`),
      );
    }
    if (localOffset + 30 > b.length || b.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) {
      return corrupt(
        say(
          `${name} のデータがファイルの終わりを越えているか、壊れています。`,
          `the data of ${name} lies past the end of the file or is damaged`,
        ),
      );
    }
    const dataStart =
      localOffset + 30 + b.readUInt16LE(localOffset + 26) + b.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > b.length) {
      return corrupt(
        say(
          `${name} のデータがファイルの終わりを越えて続いています。`,
          `the data of ${name} runs past the end of the file`,
        ),
      );
    }
    entries.push({
      name,
      flags,
      method: b.readUInt16LE(p + 10),
      compressedSize,
      uncompressedSize,
      dataStart,
    });
    p = next;
  }
  return { ok: true, entries };
}

function findExtra(
  b: Buffer,
  start: number,
  length: number,
  id: number,
): { start: number; end: number } | undefined {
  let q = start;
  while (q + 4 <= start + length) {
    const size = b.readUInt16LE(q + 2);
    if (b.readUInt16LE(q) === id)
      return { start: q + 4, end: Math.min(q + 4 + size, start + length) };
    q += 4 + size;
  }
  return undefined;
}

/** A 64-bit size as a number; past 2^53, Infinity (which no range check lets through). */
function safeNumber(v: bigint): number {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Number.POSITIVE_INFINITY;
}

/** Entries smaller than this are not held to the compression ratio (as Apache POI's grace). */
const RATIO_GRACE_BYTES = 1024 * 1024;

/** Refuse declared sizes no workbook of tables has: the total, and the ratio of a large entry. */
export function checkEntries(entries: readonly ZipEntry[], limits: ReadLimits): Text | undefined {
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (total > limits.maxUncompressedBytes) {
      return say(
        `エントリーの展開後の大きさの申告が合計${formatCount(limits.maxUncompressedBytes)}バイトを超えています（${e.name} だけで${formatCount(e.uncompressedSize)}バイト）。`,
        `the entries declare more than ${limits.maxUncompressedBytes} bytes uncompressed (${e.name} alone declares ${e.uncompressedSize})`,
      );
    }
    const ratio = e.uncompressedSize / Math.max(e.compressedSize, 1);
    if (e.uncompressedSize > RATIO_GRACE_BYTES && ratio > limits.maxCompressionRatio) {
      return say(
        `${e.name} は圧縮後${formatCount(e.compressedSize)}バイトから ${formatCount(e.uncompressedSize)}バイトに展開されると申告しています（圧縮率 ${Math.round(ratio)}、上限 ${limits.maxCompressionRatio}）。`,
        `${e.name} declares ${e.uncompressedSize} bytes from ${e.compressedSize} compressed (ratio ${Math.round(ratio)}, limit ${limits.maxCompressionRatio})`,
      );
    }
  }
  return undefined;
}

const inflateRawAsync = promisify(inflateRaw);

/**
 * Inflate every entry, refusing one that inflates past its declared size (a lying header is
 * how zip bombs get past size checks) or to another size than it declares, and hand each
 * entry's bytes to `each`, which may refuse it. The first refusal stops the walk.
 */
export async function inflateEntries(
  b: Buffer,
  entries: readonly ZipEntry[],
  each: (name: string, inflated: Buffer) => EntryRefusal | undefined,
): Promise<EntryRefusal | undefined> {
  for (const e of entries) {
    if (e.name.endsWith("/") && e.uncompressedSize === 0) continue;
    const data = b.subarray(e.dataStart, e.dataStart + e.compressedSize);
    let inflated: Buffer;
    if (e.method === 0) {
      inflated = data;
    } else {
      try {
        inflated = await inflateRawAsync(data, {
          maxOutputLength: Math.max(e.uncompressedSize, 1),
        });
      } catch (error) {
        if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
          return {
            reason: "xlsx.zip-bomb",
            detail: say(
              `${e.name} は申告した${formatCount(e.uncompressedSize)}バイトを超えて展開されます。`,
              `${e.name} inflates past the ${e.uncompressedSize} bytes it declares`,
            ),
          };
        }
        return {
          reason: "xlsx.corrupt",
          detail: say(`${e.name} を展開できません。`, `${e.name} cannot be inflated`),
        };
      }
    }
    if (inflated.length !== e.uncompressedSize) {
      return {
        reason: "xlsx.corrupt",
        detail: say(
          `${e.name} は${formatCount(inflated.length)}バイトあり、申告した${formatCount(e.uncompressedSize)}バイトと異なります。`,
          `${e.name} holds ${inflated.length} bytes, not the ${e.uncompressedSize} it declares`,
        ),
      };
    }
    const refused = each(e.name, inflated);
    if (refused !== undefined) return refused;
  }
  return undefined;
}
