/**
 * The one unit-note reader (import/unit-note.ts), shared by the spreadsheet import's table
 * titles (recognise.ts) and the title rows above an accounting export's header (actuals/):
 * a table of the forms finance staff write, and the forms each earlier reader accepted.
 */
import { describe, expect, it } from "vitest";
import { unitNote } from "../src/import/unit-note.ts";

/** [text, the unit it states, or null]. */
const FORMS: readonly [string, string | null][] = [
  ["単位：千円", "千円"],
  ["単位:千円", "千円"],
  ["単位 千円", "千円"],
  ["単位　千円", "千円"],
  ["単位：　千円", "千円"],
  ["単位 : 百万円", "百万円"],
  ["単位千円", "千円"],
  ["（単位：百万円）", "百万円"],
  ["(単位：百万円)", "百万円"],
  ["【単位：円】", "円"],
  ["［単位：億円］", "億円"],
  ["単位(千円)", "千円"],
  ["単位（百万円）", "百万円"],
  ["単位＝千円", "千円"],
  ["単位=円", "円"],
  ["単位：円", "円"],
  ["令和5年度 貸借対照表 （単位：千円）", "千円"],
  ["金額(単位:千円)", "千円"],
  ["単　位：千円", "千円"],
  ["単位：ドル", null],
  ["単位：件", null],
  ["千円", null],
  ["金額(千円)", null],
  ["単位", null],
  ["", null],
  ["貸借対照表", null],
];

describe("unitNote: one reader of 単位 notes", () => {
  it.each(FORMS)("「%s」 → %s", (text, unit) => {
    expect(unitNote(text)).toBe(unit);
  });

  it("accepts every form either earlier reader accepted, with the same unit", () => {
    // recognise.ts's unitNote (colon optional) and actuals-header.ts's titleUnit (colon required).
    const earlier = [
      (t: string) =>
        /単位\s*[:：]?\s*(億円|百万円|千円|円)/.exec(t.normalize("NFKC").replace(/\s+/g, ""))?.[1],
      (t: string) =>
        /単位[:：](千円|百万円|億円|円)/.exec(t.normalize("NFKC").replace(/\s+/g, ""))?.[1],
    ];
    for (const [text] of FORMS)
      for (const read of earlier) {
        const unit = read(text);
        if (unit !== undefined) expect(unitNote(text), text).toBe(unit);
      }
  });
});
