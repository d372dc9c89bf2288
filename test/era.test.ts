/**
 * Japanese era years: table-driven tests for reading and printing fiscal years, ranges and
 * dates, including 元年, era boundaries, years past an era's end, full-width text and bad input.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type EraStyle,
  eraOfDate,
  fiscalYearOfDate,
  formatCalendarYear,
  formatEraDate,
  formatFiscalYear,
  isoDate,
  parseEraDate,
  parseFiscalYear,
  parseFiscalYearRange,
} from "../src/model/era.ts";

describe("parseFiscalYear", () => {
  // [text, western start year, era as written, era year, out of era]
  const good: [string, number, string | undefined, number | undefined, boolean][] = [
    ["平成29年度", 2017, "平成", 29, false],
    ["平成元年度", 1989, "平成", 1, false],
    ["令和元年度", 2019, "令和", 1, false],
    ["令和5年度", 2023, "令和", 5, false],
    ["昭和63年度", 1988, "昭和", 63, false],
    ["昭和64年度", 1989, "昭和", 64, false],
    ["平成31年度", 2019, "平成", 31, false],
    ["平成32年度", 2020, "平成", 32, true],
    ["平成35年度", 2023, "平成", 35, true],
    ["昭和65年度", 1990, "昭和", 65, true],
    ["平成３５年度", 2023, "平成", 35, true],
    ["平成 29 年度", 2017, "平成", 29, false],
    ["平成　２９　年度", 2017, "平成", 29, false],
    [" 令和 元 年度 ", 2019, "令和", 1, false],
    ["H29", 2017, "平成", 29, false],
    ["Ｈ２９年度", 2017, "平成", 29, false],
    ["R1", 2019, "令和", 1, false],
    ["2017年度", 2017, undefined, undefined, false],
    ["２０２３年度", 2023, undefined, undefined, false],
    ["2017", 2017, undefined, undefined, false],
    ["FY2017", 2017, undefined, undefined, false],
  ];
  it.each(good)("reads 「%s」 as FY%i", (text, year, era, eraYear, outOfEra) => {
    const r = parseFiscalYear(text);
    expect(r).toEqual({
      ok: true,
      value: {
        year,
        ...(era !== undefined ? { era } : {}),
        ...(eraYear !== undefined ? { eraYear } : {}),
        outOfEra,
      },
    });
  });

  // [text, fragment of the reason]
  const bad: [string, string][] = [
    ["", "empty"],
    ["平成年度", "no year number"],
    ["令和0年度", "start at 1"],
    ["平成00年度", "start at 1"],
    ["大正5年度", "大正 is not supported"],
    ["明治45年度", "明治 is not supported"],
    ["T5", "大正 is not supported"],
    ["29年度", "four digits"],
    ["元年度", "needs an era"],
    ["平成31年", "calendar year"],
    ["平成2017年度", "not a plausible era year"],
    ["平成29年度x", "not a fiscal year"],
    ["へいせい29年度", "not a fiscal year"],
  ];
  it.each(bad)("refuses 「%s」 with a reason", (text, fragment) => {
    const r = parseFiscalYear(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason.en).toContain(fragment);
      expect(r.reason.ja).toMatch(/。$/);
    }
  });

  it("refuses years past an era's end when asked to", () => {
    const r = parseFiscalYear("平成35年度", { outOfEra: "reject" });
    expect(r).toEqual({
      ok: false,
      reason: {
        ja: "「平成35年度」は平成の終わり（平成31年）より後の年度です。令和5年度 と書いてください。",
        en: "「平成35年度」 lies past the end of 平成 (平成31年); write 令和5年度",
      },
    });
    expect(parseFiscalYear("平成31年度", { outOfEra: "reject" }).ok).toBe(true);
  });
});

describe("parseFiscalYearRange", () => {
  // [text, from, to]
  const good: [string, number, number][] = [
    ["平成30年度", 2018, 2018],
    ["平成29年度から平成35年度", 2017, 2023],
    ["平成29年度から 平成32年度", 2017, 2020],
    ["平成29年度〜令和5年度", 2017, 2023],
    ["平成29年度～平成31年度", 2017, 2019],
    ["平成29年度-平成30年度", 2017, 2018],
    ["平成29年度－平成30年度", 2017, 2018],
    ["平成29年度から35年度まで", 2017, 2023],
    ["平成29～35年度", 2017, 2023],
    ["平成29年度から2023年度", 2017, 2023],
    ["2017-2023", 2017, 2023],
    ["令和元年度から令和元年度", 2019, 2019],
    ["平成３０年度から平成３１年度", 2018, 2019],
  ];
  it.each(good)("reads 「%s」 as FY%i–FY%i", (text, from, to) => {
    const r = parseFiscalYearRange(text);
    expect(r.ok).toBe(true);
    if (r.ok) expect([r.value.from.year, r.value.to.year]).toEqual([from, to]);
  });

  it("keeps the era as written and flags the end past its era", () => {
    const r = parseFiscalYearRange("平成29年度から平成35年度");
    expect(r).toEqual({
      ok: true,
      value: {
        from: { year: 2017, era: "平成", eraYear: 29, outOfEra: false },
        to: { year: 2023, era: "平成", eraYear: 35, outOfEra: true },
      },
    });
  });

  const bad: [string, string][] = [
    ["平成35年度から平成29年度", "ends (FY2017) before it starts (FY2023)"],
    ["令和2年度から平成31年度", "ends (FY2019) before it starts (FY2020)"],
    ["平成29年度から", "not a range"],
    ["から平成30年度", "not a range"],
    ["平成29年度から平成30年度から平成31年度", "not a range"],
    ["平成29年から平成30年", "calendar years"],
    ["平成29年度から令和0年度", "start at 1"],
    ["大正5年度から平成30年度", "大正 is not supported"],
    ["", "empty"],
  ];
  it.each(bad)("refuses 「%s」", (text, fragment) => {
    const r = parseFiscalYearRange(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason.en).toContain(fragment);
      expect(r.reason.ja).toMatch(/。$/);
    }
  });
});

describe("formatFiscalYear", () => {
  // [year, modern, original (平成), western]
  const rows: [number, string, string, string][] = [
    [1988, "昭和63年度", "昭和63年度", "1988年度"],
    [1989, "平成元年度", "平成元年度", "1989年度"],
    [2017, "平成29年度", "平成29年度", "2017年度"],
    [2018, "平成30年度", "平成30年度", "2018年度"],
    [2019, "令和元年度", "平成31年度", "2019年度"],
    [2020, "令和2年度", "平成32年度", "2020年度"],
    [2023, "令和5年度", "平成35年度", "2023年度"],
  ];
  it.each(rows)("FY%i prints as %s / %s / %s", (year, modern, original, western) => {
    expect(formatFiscalYear(year, "modern")).toBe(modern);
    expect(formatFiscalYear(year, "original", "平成")).toBe(original);
    expect(formatFiscalYear(year, "western")).toBe(western);
  });

  it("prints 'original' as modern when no era is given or the year precedes it", () => {
    expect(formatFiscalYear(2023, "original")).toBe("令和5年度");
    expect(formatFiscalYear(2017, "original", "令和")).toBe("平成29年度");
  });

  it("prints calendar years in the era in force at the year's end", () => {
    expect(formatCalendarYear(2019, "modern")).toBe("令和元年");
    expect(formatCalendarYear(2019, "original", "平成")).toBe("平成31年");
    expect(formatCalendarYear(1925, "modern")).toBe("1925年");
  });

  it("round-trips every year in every style (property)", () => {
    const styles: EraStyle[] = ["modern", "original", "western"];
    fc.assert(
      fc.property(
        fc.integer({ min: 1927, max: 2099 }),
        fc.constantFrom(...styles),
        (year, style) => {
          const printed = formatFiscalYear(year, style, "昭和");
          const read = parseFiscalYear(printed);
          expect(read.ok && read.value.year).toBe(year);
        },
      ),
    );
  });
});

describe("parseEraDate", () => {
  // [text, ISO date, era as written, out of era]
  const good: [string, string, string | undefined, boolean][] = [
    ["平成31年4月", "2019-04", "平成", false],
    ["平成31年4月30日", "2019-04-30", "平成", false],
    ["令和元年5月", "2019-05", "令和", false],
    ["令和元年5月1日", "2019-05-01", "令和", false],
    ["平成31年5月", "2019-05", "平成", true],
    ["平成31年5月1日", "2019-05-01", "平成", true],
    ["平成32年3月31日", "2020-03-31", "平成", true],
    ["昭和64年1月7日", "1989-01-07", "昭和", false],
    ["昭和64年1月", "1989-01", "昭和", false],
    ["平成元年1月", "1989-01", "平成", false],
    ["平成元年1月8日", "1989-01-08", "平成", false],
    ["平成30年3月31日", "2018-03-31", "平成", false],
    ["平成 ３１ 年 ４ 月", "2019-04", "平成", false],
    ["2019年5月1日", "2019-05-01", undefined, false],
    ["平成28年2月29日", "2016-02-29", "平成", false],
  ];
  it.each(good)("reads 「%s」 as %s", (text, iso, era, outOfEra) => {
    const r = parseEraDate(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(isoDate(r.value)).toBe(iso);
    expect(r.value.era).toBe(era);
    expect(r.value.outOfEra).toBe(outOfEra);
  });

  const bad: [string, string][] = [
    ["令和元年4月", "before 令和 began"],
    ["令和元年4月30日", "before 令和 began"],
    ["平成元年1月7日", "before 平成 began"],
    ["平成31年13月", "no month 13"],
    ["平成31年0月", "no month 0"],
    ["平成29年2月29日", "has no day 29"],
    ["平成31年4月31日", "has no day 31"],
    ["令和0年5月", "start at 1"],
    ["大正5年4月", "大正 is not supported"],
    ["31年4月", "four digits"],
    ["平成31年", "not a date"],
  ];
  it.each(bad)("refuses 「%s」", (text, fragment) => {
    const r = parseEraDate(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason.en).toContain(fragment);
      expect(r.reason.ja).toMatch(/。$/);
    }
  });

  it("refuses dates past an era's end when asked to", () => {
    const r = parseEraDate("平成31年5月1日", { outOfEra: "reject" });
    expect(r).toEqual({
      ok: false,
      reason: {
        ja: "「平成31年5月1日」は平成の終わり（平成31年4月30日）より後の日付です。令和元年5月1日 と書いてください。",
        en: "「平成31年5月1日」 is after 平成 ended (平成31年4月30日); write 令和元年5月1日",
      },
    });
    expect(parseEraDate("平成31年4月30日", { outOfEra: "reject" }).ok).toBe(true);
  });
});

describe("formatEraDate and the era boundary", () => {
  // [date, modern, original (平成), western]
  const rows: [{ year: number; month: number; day?: number }, string, string, string][] = [
    [{ year: 2019, month: 4 }, "平成31年4月", "平成31年4月", "2019年4月"],
    [{ year: 2019, month: 5 }, "令和元年5月", "平成31年5月", "2019年5月"],
    [{ year: 2019, month: 4, day: 30 }, "平成31年4月30日", "平成31年4月30日", "2019年4月30日"],
    [{ year: 2019, month: 5, day: 1 }, "令和元年5月1日", "平成31年5月1日", "2019年5月1日"],
    [{ year: 1989, month: 1, day: 7 }, "昭和64年1月7日", "昭和64年1月7日", "1989年1月7日"],
    [{ year: 1989, month: 1, day: 8 }, "平成元年1月8日", "平成元年1月8日", "1989年1月8日"],
    [{ year: 2018, month: 3, day: 31 }, "平成30年3月31日", "平成30年3月31日", "2018年3月31日"],
  ];
  it.each(rows)("%o prints as %s / %s / %s", (date, modern, original, western) => {
    expect(formatEraDate(date, "modern")).toBe(modern);
    expect(formatEraDate(date, "original", "平成")).toBe(original);
    expect(formatEraDate(date, "western")).toBe(western);
  });

  it("knows which era is in force on either side of a boundary", () => {
    expect(eraOfDate({ year: 2019, month: 4, day: 30 })?.name).toBe("平成");
    expect(eraOfDate({ year: 2019, month: 5, day: 1 })?.name).toBe("令和");
    expect(eraOfDate({ year: 1989, month: 1, day: 7 })?.name).toBe("昭和");
    expect(eraOfDate({ year: 1989, month: 1, day: 8 })?.name).toBe("平成");
    expect(eraOfDate({ year: 1926, month: 12, day: 24 })).toBeUndefined();
  });

  it("puts January–March in the previous fiscal year", () => {
    expect(fiscalYearOfDate({ year: 2018, month: 3 })).toBe(2017);
    expect(fiscalYearOfDate({ year: 2018, month: 4 })).toBe(2018);
  });
});
