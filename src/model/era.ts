/**
 * Japanese era years (和暦): reading and printing 昭和, 平成 and 令和 years, fiscal years
 * (年度, April–March, identified by the western year in which they start) and calendar
 * months and days.
 *
 * Conventions (see also test/era.test.ts):
 * - 元年 is year 1 of an era, read and printed.
 * - A year written past its era's end is valid and flagged `outOfEra`: budget documents
 *   written before 2019 schedule 平成35年度, which is FY2023 = 令和5年度. The same holds
 *   for months and days: 平成31年5月 (the era ended on 平成31年4月30日) is read as 2019-05
 *   and flagged, because documents written before the change use it for future dates.
 *   Pass `{ outOfEra: "reject" }` to refuse such text instead.
 * - A date before its era began (令和元年4月) is always an error: nobody writes that.
 * - Naming a fiscal year in the current style ("modern"), we follow the Japanese
 *   government: a fiscal year takes the era year of the calendar year it starts in, and
 *   that calendar year is named by the era in force on its last day. So FY2019 is
 *   令和元年度 (the government renamed 平成31年度 to 令和元年度 after 1 May 2019: 令和元年度
 *   補正予算, 令和元年度決算), while FY1988 stays 昭和63年度 and FY1989 is 平成元年度.
 * - Only 昭和, 平成 and 令和 are supported; 大正 and 明治 are recognised and refused.
 *
 * Results are values: `{ ok: true, value }` or `{ ok: false, reason }` (a Text: Japanese and
 * English, each a whole sentence), never thrown.
 */
import { normalizeLabel } from "./labels.ts";
import { say, type Text } from "./text.ts";

/** The eras yosan reads and prints, oldest first. */
const ERA_NAMES = ["昭和", "平成", "令和"] as const;
export type EraName = (typeof ERA_NAMES)[number];

/** A calendar date (month 1–12, day 1–31). */
interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** An era: its first day and, unless it is the current one, its last day. */
interface Era {
  readonly name: EraName;
  /** Latin abbreviation used in spreadsheets: S, H, R. */
  readonly letter: string;
  readonly start: CalendarDate;
  readonly end?: CalendarDate;
}

/** Era data. Year 1 of an era is the western year of `start`. */
export const ERAS: readonly Era[] = [
  {
    name: "昭和",
    letter: "S",
    start: { year: 1926, month: 12, day: 25 },
    end: { year: 1989, month: 1, day: 7 },
  },
  {
    name: "平成",
    letter: "H",
    start: { year: 1989, month: 1, day: 8 },
    end: { year: 2019, month: 4, day: 30 },
  },
  { name: "令和", letter: "R", start: { year: 2019, month: 5, day: 1 } },
];

const UNSUPPORTED_ERAS = ["明治", "大正"] as const;

/**
 * How a year is printed:
 * - `modern`: in the era in force (令和5年度 for FY2023);
 * - `original`: in the era the source was written in, even past its end (平成35年度);
 * - `western`: 2023年度.
 */
export type EraStyle = "modern" | "original" | "western";

/** Parse outcome: a value or a reason a finance person can act on, in both languages. */
type EraResult<T> = { ok: true; value: T } | { ok: false; reason: Text };

/** Options for reading era text. */
interface EraParseOptions {
  /** Years or dates written past their era's end: accepted and flagged (default) or refused. */
  readonly outOfEra?: "accept" | "reject";
}

/** A fiscal year as read from text. */
export interface FiscalYear {
  /** Western year in which the fiscal year starts (平成29年度 → 2017). */
  readonly year: number;
  /** Era as written, or undefined when the text was western (2017年度). */
  readonly era?: EraName;
  /** Era year as written (元年 → 1). */
  readonly eraYear?: number;
  /** True when the era year lies past the era's last year (平成35年度). */
  readonly outOfEra: boolean;
}

/** An inclusive range of fiscal years (平成29年度から平成35年度). */
interface FiscalYearRange {
  readonly from: FiscalYear;
  readonly to: FiscalYear;
}

/** A calendar month or day as read from text. */
interface EraDate {
  readonly year: number;
  readonly month: number;
  /** Absent when only the month was written (平成31年4月). */
  readonly day?: number;
  readonly era?: EraName;
  readonly eraYear?: number;
  /** True when the date lies after its era's last day (平成31年5月). */
  readonly outOfEra: boolean;
}

/** The era record for a name. */
function eraByName(name: EraName): Era {
  const era = ERAS.find((e) => e.name === name);
  if (era === undefined) throw new Error(`programmer error: no era ${name}`);
  return era;
}

/** Western year of an era year: (平成, 29) → 2017. */
function westernYear(era: EraName, eraYear: number): number {
  return eraByName(era).start.year + eraYear - 1;
}

/**
 * The era a calendar year (and a fiscal year starting in it) is named by today: the era in
 * force on 31 December of that year (2019 → 令和, 1989 → 平成, 1988 → 昭和). Undefined
 * before 昭和.
 */
function modernEraOfYear(year: number): Era | undefined {
  let found: Era | undefined;
  for (const era of ERAS) if (era.start.year <= year) found = era;
  return found;
}

/**
 * The era in force on a calendar day, or undefined before 昭和.
 * @testOnly exported for the tests that use it
 */
export function eraOfDate(date: { year: number; month: number; day?: number }): Era | undefined {
  const key = dateKey(date.year, date.month, date.day ?? 1);
  let found: Era | undefined;
  for (const era of ERAS)
    if (dateKey(era.start.year, era.start.month, era.start.day) <= key) found = era;
  return found;
}

function dateKey(year: number, month: number, day: number): number {
  return year * 10000 + month * 100 + day;
}

function eraYearText(n: number): string {
  return n === 1 ? "元" : String(n);
}

/** `令和元` / `平成35`: an era and its year, 元 for year 1. */
function eraYearLabel(era: EraName, year: number): string {
  return `${era}${eraYearText(year - eraByName(era).start.year + 1)}`;
}

/**
 * Print a fiscal year. `originalEra` is the era the source was written in, used by the
 * `original` style; without it, or for a year before that era began, `original` prints
 * as `modern`. Years before 昭和 print in the western style.
 */
export function formatFiscalYear(year: number, style: EraStyle, originalEra?: EraName): string {
  return `${formatYearNumber(year, style, originalEra)}年度`;
}

/**
 * Print a calendar year the same way (令和元年, 2019年, 平成31年).
 * @testOnly exported for the tests that use it
 */
export function formatCalendarYear(year: number, style: EraStyle, originalEra?: EraName): string {
  return `${formatYearNumber(year, style, originalEra)}年`;
}

function formatYearNumber(year: number, style: EraStyle, originalEra?: EraName): string {
  if (style === "western") return String(year);
  if (style === "original" && originalEra !== undefined) {
    if (eraByName(originalEra).start.year <= year) return eraYearLabel(originalEra, year);
  }
  const modern = modernEraOfYear(year);
  return modern === undefined ? String(year) : eraYearLabel(modern.name, year);
}

/**
 * Print a calendar month or day. `modern` uses the era in force on that day (for a bare
 * month, on its first day: 2019-04 → 平成31年4月, 2019-05 → 令和元年5月); `original` keeps
 * `originalEra` even past its end (2019-05 → 平成31年5月); `western` gives 2019年5月.
 */
export function formatEraDate(
  date: { year: number; month: number; day?: number },
  style: EraStyle,
  originalEra?: EraName,
): string {
  const tail = `${date.month}月${date.day !== undefined ? `${date.day}日` : ""}`;
  if (style === "western") return `${date.year}年${tail}`;
  const key = dateKey(date.year, date.month, date.day ?? 1);
  if (style === "original" && originalEra !== undefined) {
    const s = eraByName(originalEra).start;
    if (dateKey(s.year, s.month, date.day === undefined ? 1 : s.day) <= key) {
      return `${eraYearLabel(originalEra, date.year)}年${tail}`;
    }
  }
  const era = eraOfDate(date);
  return era === undefined
    ? `${date.year}年${tail}`
    : `${eraYearLabel(era.name, date.year)}年${tail}`;
}

const ERA_ALTERNATIVES = [...ERA_NAMES, ...UNSUPPORTED_ERAS, "S", "H", "R", "M", "T"].join("|");
/** One year term: optional era (or letter), then digits or 元, or nothing. */
const TERM = new RegExp(`^(${ERA_ALTERNATIVES})?\\.?(元|\\d+)?(年度|年)?$`, "i");

interface Term {
  era?: string;
  number?: string;
  suffix?: string;
}

function splitTerm(text: string): Term | undefined {
  const m = TERM.exec(text.replace(/^FY/i, ""));
  if (m === null) return undefined;
  return {
    ...(m[1] !== undefined ? { era: m[1].toUpperCase() } : {}),
    ...(m[2] !== undefined ? { number: m[2] } : {}),
    ...(m[3] !== undefined ? { suffix: m[3] } : {}),
  };
}

function eraFromToken(token: string): EraName | { unsupported: string } {
  const byLetter = ERAS.find((e) => e.letter === token);
  if (byLetter !== undefined) return byLetter.name;
  if (token === "M") return { unsupported: "明治" };
  if (token === "T") return { unsupported: "大正" };
  if ((ERA_NAMES as readonly string[]).includes(token)) return token as EraName;
  return { unsupported: token };
}

/** `「大正5年度」：元号「大正」には対応していません（…）。`: an era yosan does not read. */
function unsupportedEra(raw: string, era: string): Text {
  return say(
    `「${raw}」：元号「${era}」には対応していません（yosan が読めるのは ${ERA_NAMES.join("、")} です）。`,
    `「${raw}」: the era ${era} is not supported (yosan reads ${ERA_NAMES.join(", ")})`,
  );
}

/** An era year below 1 (令和0年). */
function eraYearTooSmall(raw: string, written: string): Text {
  return say(
    `「${raw}」：和暦の年は1年（元年）から始まります（${written} は使えません）。`,
    `「${raw}」: era years start at 1 (元年), not ${written}`,
  );
}

/** An era year no era reaches (平成2017年). */
function implausibleEraYear(raw: string, era: EraName, eraYear: number): Text {
  return say(
    `「${raw}」：${era}${eraYear}年 は和暦の年としてあり得ません。`,
    `「${raw}」: ${era}${eraYear}年 is not a plausible era year`,
  );
}

/** Interpret a split term as a fiscal year; `inheritEra` fills an era omitted in a range end. */
function termToFiscalYear(
  raw: string,
  term: Term,
  options: EraParseOptions,
  inheritEra?: EraName,
): EraResult<FiscalYear> {
  // A four-digit year without an era is western, even at the end of an era range.
  const eraToken =
    term.era !== undefined
      ? eraFromToken(term.era)
      : term.number !== undefined && /^\d{4}$/.test(term.number)
        ? undefined
        : inheritEra;
  if (term.number === undefined) {
    return {
      ok: false,
      reason: say(
        `「${raw}」に年の数字がありません（例：平成29年度、2017年度）。`,
        `「${raw}」 has no year number (expected e.g. 平成29年度 or 2017年度)`,
      ),
    };
  }
  if (eraToken === undefined) {
    if (term.number === "元")
      return {
        ok: false,
        reason: say(
          `「${raw}」：元年には元号が必要です（例：令和元年度）。`,
          `「${raw}」: 元年 needs an era (e.g. 令和元年度)`,
        ),
      };
    if (!/^\d{4}$/.test(term.number)) {
      return {
        ok: false,
        reason: say(
          `「${raw}」は年度ではありません（西暦は 2017年度 のように4桁で、和暦は 平成29年度 のように元号を付けて書きます）。`,
          `「${raw}」 is not a fiscal year (a western year has four digits, e.g. 2017年度; an era year needs its era, e.g. 平成29年度)`,
        ),
      };
    }
    return { ok: true, value: { year: Number(term.number), outOfEra: false } };
  }
  const era = eraToken;
  if (typeof era !== "string") {
    return {
      ok: false,
      reason: unsupportedEra(raw, era.unsupported),
    };
  }
  const eraYear = term.number === "元" ? 1 : Number(term.number);
  if (eraYear < 1) {
    return { ok: false, reason: eraYearTooSmall(raw, term.number) };
  }
  if (eraYear > 999) {
    return { ok: false, reason: implausibleEraYear(raw, era, eraYear) };
  }
  const year = westernYear(era, eraYear);
  const end = eraByName(era).end;
  const outOfEra = end !== undefined && year > end.year;
  if (end !== undefined && outOfEra && options.outOfEra === "reject") {
    const lastYear = `${era}${end.year - eraByName(era).start.year + 1}`;
    const modern = formatFiscalYear(year, "modern");
    return {
      ok: false,
      reason: say(
        `「${raw}」は${era}の終わり（${lastYear}年）より後の年度です。${modern} と書いてください。`,
        `「${raw}」 lies past the end of ${era} (${lastYear}年); write ${modern}`,
      ),
    };
  }
  return { ok: true, value: { year, era, eraYear, outOfEra } };
}

/**
 * Read one fiscal year: 平成29年度, 令和元年度, 平成 29 年度, full-width digits, H29,
 * 2017年度, 2017, FY2017. 平成35年度 is read as 2023 with `outOfEra` set.
 */
export function parseFiscalYear(
  text: string,
  options: EraParseOptions = {},
): EraResult<FiscalYear> {
  const t = normalizeLabel(text);
  if (t === "") return { ok: false, reason: say("年度が空欄です。", "the fiscal year is empty") };
  const term = splitTerm(t);
  if (term === undefined) {
    return {
      ok: false,
      reason: say(
        `「${text}」は年度ではありません（例：平成29年度、2017年度）。`,
        `「${text}」 is not a fiscal year (expected e.g. 平成29年度 or 2017年度)`,
      ),
    };
  }
  if (term.suffix === "年") {
    return {
      ok: false,
      reason: say(
        `「${text}」は暦年で、年度ではありません（「年度」と書いてください）。`,
        `「${text}」 is a calendar year, not a fiscal year (write 年度)`,
      ),
    };
  }
  return termToFiscalYear(text, term, options);
}

/** A text that is not one fiscal year nor a range of them. */
function notARange(text: string): Text {
  return say(
    `「${text}」は年度の範囲ではありません（例：平成29年度から平成35年度）。`,
    `「${text}」 is not a range of fiscal years (expected e.g. 平成29年度から平成35年度)`,
  );
}

const RANGE_SEPARATOR = /から|〜|～|~|–|—|-/;

/**
 * Read a fiscal year or an inclusive range: 平成30年度 (from = to), 平成29年度から平成35年度,
 * 平成29年度から 平成32年度, 平成29年度〜令和5年度, 2017-2023, 平成29年度から35年度まで (the end
 * inherits the start's era). A range ending before it starts is an error.
 */
export function parseFiscalYearRange(
  text: string,
  options: EraParseOptions = {},
): EraResult<FiscalYearRange> {
  const t = normalizeLabel(text).replace(/まで$/, "");
  if (t === "")
    return { ok: false, reason: say("年度の範囲が空欄です。", "the fiscal years are empty") };
  const parts = t.split(RANGE_SEPARATOR);
  if (parts.length === 1) {
    const single = parseFiscalYear(text, options);
    return single.ok ? { ok: true, value: { from: single.value, to: single.value } } : single;
  }
  const [left = "", right = "", ...rest] = parts;
  if (rest.length > 0 || left === "" || right === "") {
    return {
      ok: false,
      reason: notARange(text),
    };
  }
  const leftTerm = splitTerm(left);
  const rightTerm = splitTerm(right);
  if (leftTerm === undefined || rightTerm === undefined) {
    return {
      ok: false,
      reason: notARange(text),
    };
  }
  for (const term of [leftTerm, rightTerm]) {
    if (term.suffix === "年") {
      return {
        ok: false,
        reason: say(
          `「${text}」は暦年を示しており、年度ではありません（「年度」と書いてください）。`,
          `「${text}」 names calendar years, not fiscal years (write 年度)`,
        ),
      };
    }
  }
  const from = termToFiscalYear(text, leftTerm, options);
  if (!from.ok) return from;
  const to = termToFiscalYear(text, rightTerm, options, from.value.era);
  if (!to.ok) return to;
  if (to.value.year < from.value.year) {
    return {
      ok: false,
      reason: say(
        `「${text}」は終わり（${to.value.year}年度）が始まり（${from.value.year}年度）より前です。`,
        `「${text}」 ends (FY${to.value.year}) before it starts (FY${from.value.year})`,
      ),
    };
  }
  return { ok: true, value: { from: from.value, to: to.value } };
}

const DATE = /^(.*?)(元|\d+)年(\d+)月(?:(\d+)日)?$/;

/**
 * Read a calendar month or day: 平成31年4月 → 2019-04, 令和元年5月 → 2019-05,
 * 平成31年4月30日, 2019年5月1日. A date after its era's last day (平成31年5月) is accepted
 * and flagged (or refused with `{ outOfEra: "reject" }`); a date before its era's first day
 * (令和元年4月, 平成元年1月7日) is an error.
 */
export function parseEraDate(text: string, options: EraParseOptions = {}): EraResult<EraDate> {
  const t = normalizeLabel(text);
  const m = DATE.exec(t);
  if (m === null) {
    return {
      ok: false,
      reason: say(
        `「${text}」は日付ではありません（例：平成31年4月、令和元年5月1日）。`,
        `「${text}」 is not a date (expected e.g. 平成31年4月 or 令和元年5月1日)`,
      ),
    };
  }
  const [, eraText = "", yearText = "", monthText = "", dayText] = m;
  const month = Number(monthText);
  if (month < 1 || month > 12)
    return {
      ok: false,
      reason: say(
        `「${text}」：${month}月という月はありません。`,
        `「${text}」: there is no month ${month}`,
      ),
    };
  let year: number;
  let era: EraName | undefined;
  let eraYear: number | undefined;
  if (eraText === "") {
    if (yearText === "元" || !/^\d{4}$/.test(yearText)) {
      return {
        ok: false,
        reason: say(
          `「${text}」：年には元号（平成31年）か4桁の西暦（2019年）が必要です。`,
          `「${text}」: a year needs an era (平成31年) or four digits (2019年)`,
        ),
      };
    }
    year = Number(yearText);
  } else {
    const e = eraFromToken(eraText.toUpperCase());
    if (typeof e !== "string") {
      return {
        ok: false,
        reason: unsupportedEra(text, e.unsupported),
      };
    }
    era = e;
    eraYear = yearText === "元" ? 1 : Number(yearText);
    if (eraYear < 1) return { ok: false, reason: eraYearTooSmall(text, yearText) };
    if (eraYear > 999) return { ok: false, reason: implausibleEraYear(text, era, eraYear) };
    year = westernYear(era, eraYear);
  }
  let day: number | undefined;
  if (dayText !== undefined) {
    day = Number(dayText);
    if (day < 1 || day > daysInMonth(year, month)) {
      return {
        ok: false,
        reason: say(
          `「${text}」：${year}年${month}月に${day}日はありません。`,
          `「${text}」: ${year}-${pad(month)} has no day ${day}`,
        ),
      };
    }
  }
  let outOfEra = false;
  if (era !== undefined) {
    const { start, end } = eraByName(era);
    // A bare month belongs to the era if any of its days does.
    const latestDay = dateKey(year, month, day ?? daysInMonth(year, month));
    const earliestDay = dateKey(year, month, day ?? 1);
    if (latestDay < dateKey(start.year, start.month, start.day)) {
      const began = `${era}元年${start.month}月${start.day}日 = ${start.year}-${pad(start.month)}-${pad(start.day)}`;
      return {
        ok: false,
        reason: say(
          `「${text}」は${era}の始まり（${began}）より前です。`,
          `「${text}」 is before ${era} began (${began})`,
        ),
      };
    }
    if (end !== undefined && earliestDay > dateKey(end.year, end.month, end.day)) {
      outOfEra = true;
      if (options.outOfEra === "reject") {
        const ended = formatEraDate(end, "original", era);
        const modern = formatEraDate(
          { year, month, ...(day !== undefined ? { day } : {}) },
          "modern",
        );
        return {
          ok: false,
          reason: say(
            `「${text}」は${era}の終わり（${ended}）より後の日付です。${modern} と書いてください。`,
            `「${text}」 is after ${era} ended (${ended}); write ${modern}`,
          ),
        };
      }
    }
  }
  return {
    ok: true,
    value: {
      year,
      month,
      ...(day !== undefined ? { day } : {}),
      ...(era !== undefined ? { era } : {}),
      ...(eraYear !== undefined ? { eraYear } : {}),
      outOfEra,
    },
  };
}

/** Days of each month (index 1–12) in a common year. */
const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The days of `month` (1–12) of `year` in the Gregorian calendar (29 in a February of a year
 * divisible by 4, but not by 100 unless by 400); 0 for a month outside 1–12. Arithmetic, not a
 * Date: the byte scanner asks it for every date of a journal of millions of lines.
 */
export function daysInMonth(year: number, month: number): number {
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29;
  return MONTH_DAYS[month] ?? 0;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/**
 * ISO form of a month or day: `2019-04`, `2019-04-30`.
 */
export function isoDate(date: { year: number; month: number; day?: number }): string {
  return `${date.year}-${pad(date.month)}${date.day !== undefined ? `-${pad(date.day)}` : ""}`;
}

/**
 * The fiscal year a calendar month belongs to: 2019-03 → 2018, 2019-04 → 2019.
 */
export function fiscalYearOfDate(date: { year: number; month: number }): number {
  return date.month >= 4 ? date.year : date.year - 1;
}
