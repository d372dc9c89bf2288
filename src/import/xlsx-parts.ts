/**
 * What yosan reads from an xlsx's parts itself, before exceljs: whether each XML part is whole
 * (a part cut short is named in the user's terms — "the shared strings part is cut short" —
 * instead of whatever exception exceljs would throw), which worksheet part is which sheet, and
 * the merged ranges of each sheet (exceljs fills in every cell of a merge, which for
 * `A2:XFD1048576` never ends; so merges are taken from the XML and exceljs skips them).
 */
import { say, type Text } from "../model/text.ts";
import type { MergedRange } from "./grid.ts";

/** What people call the parts of a workbook. */
function partName(path: string): Text {
  if (path === "xl/sharedStrings.xml") return say("共有文字列のパーツ", "shared strings part");
  if (path === "xl/workbook.xml")
    return say("シートの一覧のパーツ", "workbook part (the list of sheets)");
  if (path === "xl/styles.xml") return say("スタイルのパーツ", "styles part");
  if (path === "[Content_Types].xml") return say("コンテンツの種類のパーツ", "content types part");
  if (path.endsWith(".rels")) return say("リレーションシップのパーツ", "relationships part");
  const sheet = /^xl\/worksheets\/([^/]+)\.xml$/.exec(path);
  if (sheet) return say(`ワークシートのパーツ ${sheet[1]}`, `worksheet part ${sheet[1]}`);
  return say("パーツ", "part");
}

/** The name of the root element of an XML document (after the declaration and comments). */
function rootName(text: string): string | undefined {
  const re = /<(\?[^>]*\?|!--[\s\S]*?--|![^>]*|([A-Za-z_][\w.:-]*))[^>]*>/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[2] !== undefined) return m[2];
  }
  return undefined;
}

/**
 * Why an XML part is not whole, in the user's terms, or undefined when it ends with its root
 * element's end tag (or the root closes itself).
 */
export function damagedPart(path: string, xml: Buffer): Text | undefined {
  if (!/\.(xml|rels)$/.test(path)) return undefined;
  const head = xml.subarray(0, 4096).toString("utf8");
  const root = rootName(head);
  const part = partName(path);
  const what = say(`ブックの${part.ja}（${path}）`, `the workbook's ${part.en} (${path})`);
  if (root === undefined) return say(`${what.ja}に XML がありません。`, `${what.en} holds no XML`);
  const tail = xml
    .subarray(Math.max(0, xml.length - 4096))
    .toString("utf8")
    .trimEnd();
  const selfClosed = new RegExp(
    `^\\s*(<\\?[^>]*\\?>\\s*)?<${root.replace(/[.:]/g, "\\$&")}\\b[^>]*/>$`,
  ).test(head.trim());
  if (tail.endsWith(`</${root}>`) || selfClosed) return undefined;
  return say(
    `${what.ja}が途中で切れているか、壊れています。`,
    `${what.en} is cut short or damaged`,
  );
}

/** Attributes of one XML start tag, entities decoded. */
function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) {
    out.set(
      m[1] as string,
      (m[2] as string)
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, "&"),
    );
  }
  return out;
}

/** `A2:XFD1048576` as a range (a single cell `B3` as a one-cell range). */
function parseRange(ref: string): MergedRange | undefined {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$/.exec(ref.trim());
  if (!m) return undefined;
  const col = (letters: string) => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
  const left = col(m[1] as string);
  const top = Number(m[2]);
  const right = m[3] ? col(m[3]) : left;
  const bottom = m[4] ? Number(m[4]) : top;
  return {
    top: Math.min(top, bottom),
    left: Math.min(left, right),
    bottom: Math.max(top, bottom),
    right: Math.max(left, right),
  };
}

/** What the parts say that exceljs is not asked for. */
export class WorkbookParts {
  /** Worksheet part path → its merged ranges, in the part's order. */
  private readonly merges = new Map<string, MergedRange[]>();
  private workbookXml = "";
  private relsXml = "";

  /** Take what is needed from an inflated part. */
  visit(path: string, data: Buffer): void {
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(path)) {
      const ranges: MergedRange[] = [];
      const text = data.toString("utf8");
      for (const m of text.matchAll(/<mergeCell\b[^>]*>/g)) {
        const range = parseRange(attributes(m[0]).get("ref") ?? "");
        if (range) ranges.push(range);
      }
      if (ranges.length > 0) this.merges.set(path, ranges);
    } else if (path === "xl/workbook.xml") this.workbookXml = data.toString("utf8");
    else if (path === "xl/_rels/workbook.xml.rels") this.relsXml = data.toString("utf8");
  }

  /** The merged ranges of the sheet named `sheet` (by workbook.xml and its relationships). */
  mergesOf(sheet: string): readonly MergedRange[] {
    const targets = new Map<string, string>();
    for (const m of this.relsXml.matchAll(/<Relationship\b[^>]*>/g)) {
      const a = attributes(m[0]);
      const id = a.get("Id");
      const target = a.get("Target");
      if (id && target) targets.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
    }
    for (const m of this.workbookXml.matchAll(/<sheet\b[^>]*>/g)) {
      const a = attributes(m[0]);
      if (a.get("name") !== sheet) continue;
      const id = a.get("r:id") ?? [...a].find(([k]) => k.endsWith(":id"))?.[1];
      const path = id ? targets.get(id) : undefined;
      return path ? (this.merges.get(path) ?? []) : [];
    }
    return [];
  }
}
