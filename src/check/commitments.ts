/**
 * The 債務負担行為 checks: `commitments.years` (burden years start no earlier than the
 * authorising year; scheduled and paid amounts fall inside them) and `commitments.limit`
 * (a schedule sums to the limit, less is a warning; contracts and payments stay within it).
 */
import { scheduleFor } from "../derive/commitments.ts";
import {
  type Commitment,
  type CommitmentActuals,
  commitmentLabel as label,
  type Schedule,
  type YearAmount,
} from "../model/commitment.ts";
import { formatFiscalYear } from "../model/era.ts";
import {
  type CheckStatus,
  type Compared,
  comparedAmounts,
  comparedYears,
  type Finding,
} from "../model/findings.ts";
import { Money, type Unit } from "../model/money.ts";
import type { Source } from "../model/provenance.ts";
import { say, type Text } from "../model/text.ts";

/**
 * A fiscal year as the register shows it (`yosan commitments`): 平成29年度, 令和5年度 when the
 * book writes its years in an era, else 2017年度.
 */
function yearOf(c: Commitment, year: number): string {
  return c.writtenEra === undefined ? `${year}年度` : formatFiscalYear(year, "modern");
}

/** The burden years in Japanese: `平成29年度から令和5年度`, one year once. */
function burdenOf(c: Commitment): string {
  const { from, to } = c.burdenYears;
  return from === to ? yearOf(c, from) : `${yearOf(c, from)}から${yearOf(c, to)}`;
}

/** Where a commitment's findings are: the register, the commitment, its segment. */
function placeOf(c: Commitment) {
  return {
    statement: "債務負担行為",
    line: label(c),
    ...(c.segment !== undefined ? { segment: c.segment } : {}),
  };
}

function finding(
  c: Commitment,
  check: "commitments.years" | "commitments.limit",
  status: CheckStatus,
  message: Text,
  compared: Compared | undefined,
  sources: readonly Source[],
): Finding {
  return {
    ...placeOf(c),
    check,
    status,
    ...(compared !== undefined ? { compared } : {}),
    message,
    sources,
  };
}

/**
 * The `commitments.years` and `commitments.limit` findings for every commitment. `schedules`
 * default to the even spread; `actuals` (contracts and payments) are optional.
 */
export function commitmentFindings<U extends Unit>(
  commitments: readonly Commitment<U>[],
  schedules: readonly Schedule<U>[] = [],
  actuals: readonly CommitmentActuals<U>[] = [],
): Finding[] {
  return commitments.flatMap((c) => {
    const schedule = scheduleFor(c, schedules);
    const actual = actuals.find((a) => a.commitmentNo === c.no);
    return [...yearFindings(c, schedule, actual), ...limitFindings(c, schedule, actual)];
  });
}

/** commitments.years: the burden years against the authorising year, amounts inside them. */
function yearFindings<U extends Unit>(
  c: Commitment<U>,
  schedule: Schedule<U>,
  actual: CommitmentActuals<U> | undefined,
): Finding[] {
  const { from, to } = c.burdenYears;
  const who = label(c);
  const burden = say(burdenOf(c), `FY${from}–FY${to}`);
  const authorised = yearOf(c, c.authorisedYear);
  const years = (
    message: Text,
    expected: number,
    actualYear: number,
    sources: Source[],
    status: CheckStatus = "fail",
  ) =>
    finding(c, "commitments.years", status, message, comparedYears(expected, actualYear), sources);
  const out = [
    from >= c.authorisedYear
      ? years(
          say(
            `${who}：負担となる年度（${burden.ja}）は行為年度（${authorised}）以降に始まっています。`,
            `${who}: burden years ${burden.en} start no earlier than the authorising year FY${c.authorisedYear}`,
          ),
          c.authorisedYear,
          from,
          [c.sources.authorisedYear, c.sources.burdenYears],
          "pass",
        )
      : years(
          say(
            `${who}：負担となる年度が${yearOf(c, from)}から始まり、行為年度（${authorised}）より${c.authorisedYear - from}年前です。`,
            `${who}: burden years start in FY${from}, ${c.authorisedYear - from} year(s) before the commitment is authorised in FY${c.authorisedYear}`,
          ),
          c.authorisedYear,
          from,
          [c.sources.authorisedYear, c.sources.burdenYears],
        ),
  ];
  const outside = (year: number) => year < from || year > to;
  const nearest = (year: number) => (year < from ? from : to);
  for (const p of schedule.problems) {
    if (p.kind !== "outside-burden-years") continue;
    out.push(
      years(
        outsideYears(c, p.entry, burden, say("予定されています", "scheduled")),
        nearest(p.entry.fiscalYear),
        p.entry.fiscalYear,
        [c.sources.burdenYears, p.entry.source],
      ),
    );
  }
  for (const payment of actual?.payments ?? []) {
    if (!outside(payment.fiscalYear)) continue;
    out.push(
      years(
        outsideYears(c, payment, burden, say("支出されています", "paid")),
        nearest(payment.fiscalYear),
        payment.fiscalYear,
        [c.sources.burdenYears, payment.source],
      ),
    );
  }
  return out;
}

/** `#1 …: 1,000 千円 is scheduled in FY2017, outside the burden years FY2018–FY2022`. */
function outsideYears(c: Commitment, entry: YearAmount, burden: Text, done: Text): Text {
  const who = label(c);
  const amount = `${entry.amount.format()} ${entry.amount.unit}`;
  return say(
    `${who}：${amount} が${yearOf(c, entry.fiscalYear)}に${done.ja}が、負担となる年度（${burden.ja}）の範囲外です。`,
    `${who}: ${amount} is ${done.en} in FY${entry.fiscalYear}, outside the burden years ${burden.en}`,
  );
}

/** What a schedule is called, by how it was made: `the even schedule` (限度額を均等に割り振った年度別の額). */
const SCHEDULE_WORDS: Readonly<Record<Schedule["basis"], Text>> = {
  even: say("限度額を均等に割り振った年度別の額", "even schedule"),
  explicit: say("帳簿に書かれた年度別の額", "explicit schedule"),
  none: say("年度別の額", "none schedule"),
};

/** commitments.limit: the schedule, the contract and the payments against the limit. */
function limitFindings<U extends Unit>(
  c: Commitment<U>,
  schedule: Schedule<U>,
  actual: CommitmentActuals<U> | undefined,
): Finding[] {
  const who = label(c);
  const limited = (
    status: CheckStatus,
    message: Text,
    compared: Compared | undefined,
    sources: readonly Source[],
  ) => finding(c, "commitments.limit", status, message, compared, sources);
  if (c.limit.kind === "text") {
    return [
      limited(
        "warn",
        say(
          `${who}：限度額「${c.limit.text}」は金額ではないため、年度別の額と支出額を照合できません。`,
          `${who}: the limit 「${c.limit.text}」 is text; schedules and payments cannot be checked against it`,
        ),
        undefined,
        [c.sources.limit],
      ),
    ];
  }
  const limit = c.limit.amount;
  const out: Finding[] = [];
  const scheduleSources = [c.sources.limit, ...schedule.entries.map((e) => e.source)];
  const total = schedule.total ?? Money.zero(limit.unit);
  const negatives = schedule.problems.filter((p) => p.kind === "negative");
  if (negatives.length > 0) {
    out.push(
      limited(
        "fail",
        say(
          `${who}：年度別の額に負の金額があります（${negatives.map((p) => yearOf(c, p.entry.fiscalYear)).join("、")}）。`,
          `${who}: the schedule has negative amounts in ${negatives.map((p) => `FY${p.entry.fiscalYear}`).join(", ")}`,
        ),
        comparedAmounts(limit, total),
        scheduleSources,
      ),
    );
  }
  const over = total.value.greaterThan(limit.value);
  const under = total.value.lessThan(limit.value);
  const scheduled = SCHEDULE_WORDS[schedule.basis];
  const [totalText, limitText] = [total.format(), limit.format()];
  out.push(
    limited(
      over ? "fail" : under ? "warn" : "pass",
      over
        ? say(
            `${who}：${scheduled.ja}の合計 ${totalText} は限度額 ${limitText} を ${total.minus(limit).format()} 超えています。`,
            `${who}: the ${scheduled.en} totals ${totalText}, above the limit ${limitText} by ${total.minus(limit).format()}`,
          )
        : under
          ? say(
              `${who}：${scheduled.ja}の合計 ${totalText} は限度額 ${limitText} を ${limit.minus(total).format()} 下回っています（見通しが負担を少なく示しています）。`,
              `${who}: the ${scheduled.en} totals ${totalText}, ${limit.minus(total).format()} below the limit ${limitText} (the outlook understates the burden)`,
            )
          : say(
              `${who}：${scheduled.ja}の合計は限度額 ${limitText} と一致しています。`,
              `${who}: the ${scheduled.en} sums to the limit ${limitText}`,
            ),
      comparedAmounts(limit, total),
      scheduleSources,
    ),
  );
  if (actual?.contracted !== undefined) {
    const contracted = actual.contracted.amount;
    const exceeds = contracted.value.greaterThan(limit.value);
    out.push(
      limited(
        exceeds ? "fail" : "pass",
        exceeds
          ? say(
              `${who}：契約額 ${contracted.format()} は限度額 ${limitText} を ${contracted.minus(limit).format()} 超えています。`,
              `${who}: contracted ${contracted.format()} exceeds the limit ${limitText} by ${contracted.minus(limit).format()}`,
            )
          : say(
              `${who}：契約額 ${contracted.format()} は限度額 ${limitText} の範囲内です。`,
              `${who}: contracted ${contracted.format()} is within the limit ${limitText}`,
            ),
        comparedAmounts(limit, contracted),
        [c.sources.limit, actual.contracted.source],
      ),
    );
  }
  if (actual?.payments !== undefined && actual.payments.length > 0) {
    const ceiling = actual.contracted?.amount ?? limit;
    const ceilingName =
      actual.contracted !== undefined ? say("契約額", "contracted amount") : say("限度額", "limit");
    const paid = Money.sum(
      limit.unit,
      actual.payments.map((p) => p.amount),
    );
    const exceeds = paid.value.greaterThan(ceiling.value);
    out.push(
      limited(
        exceeds ? "fail" : "pass",
        exceeds
          ? say(
              `${who}：支出額の合計 ${paid.format()} は${ceilingName.ja} ${ceiling.format()} を ${paid.minus(ceiling).format()} 超えています。`,
              `${who}: payments total ${paid.format()}, above the ${ceilingName.en} ${ceiling.format()} by ${paid.minus(ceiling).format()}`,
            )
          : say(
              `${who}：支出額の合計 ${paid.format()} は${ceilingName.ja} ${ceiling.format()} の範囲内です。`,
              `${who}: payments total ${paid.format()}, within the ${ceilingName.en} ${ceiling.format()}`,
            ),
        comparedAmounts(ceiling, paid),
        [actual.contracted?.source ?? c.sources.limit, ...actual.payments.map((p) => p.source)],
      ),
    );
  }
  return out;
}
