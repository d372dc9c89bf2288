/**
 * `yosan check` renderings of the findings: a table grouped by check (id, what it asserts,
 * pass/fail/warn counts) followed by every failure and warning with statement, line, segment,
 * expected, actual, difference and sources; JSON; and JUnit XML so a CI system shows each
 * check as a test case.
 */
import { formatCount } from "../model/amount-text.ts";
import {
  checkWords,
  declaredWords,
  FINDING_WORDS,
  type Finding,
  formatCompared,
  STATUS_WORDS,
} from "../model/findings.ts";
import { segmentLabel } from "../model/glossary.ts";
import type { Model } from "../model/model.ts";
import { formatSource } from "../model/provenance.ts";
import { inLang, type Lang, say, type Text } from "../model/text.ts";
import { jsonFinding } from "./statements-json.ts";
import { displayWidth, padEnd } from "./text-width.ts";

interface Group {
  readonly id: string;
  /** What the check asserts and what to do when it does not hold, in both languages. */
  readonly title: Text;
  readonly hint: Text;
  pass: number;
  fail: number;
  warn: number;
  /** Passes that hold by construction of the layout (the book cannot break them). */
  built: number;
  readonly findings: Finding[];
}

/** Findings grouped by check id, in first-seen order. */
export function groupByCheck(model: Model, findings: readonly Finding[]): Group[] {
  const declared = declaredWords(model.book.checks);
  const groups = new Map<string, Group>();
  for (const f of findings) {
    let g = groups.get(f.check);
    if (!g) {
      const words = checkWords(f.check, declared.get(f.check));
      g = {
        id: f.check,
        title: words.title,
        hint: words.hint,
        pass: 0,
        fail: 0,
        warn: 0,
        built: 0,
        findings: [],
      };
      groups.set(f.check, g);
    }
    if (f.status === "pass" && f.structural) g.built++;
    else g[f.status]++;
    g.findings.push(f);
  }
  return [...groups.values()];
}

/**
 * Where a finding is: statement title / line label / segment name (合計 for the total; none in a
 * book without segments, where every figure is the total).
 */
export function findingPlace(model: Model, f: Finding): string {
  const statement = model.book.statements.find((s) => s.id === f.statement)?.title ?? f.statement;
  const line = model.book.lines.find((l) => l.id === f.line)?.label ?? f.line;
  const segment =
    model.book.segments.length === 0 ? undefined : segmentLabel(model.book.segments, f.segment);
  return [statement, line, segment].filter((x) => x !== undefined && x !== "").join(" / ");
}

/** The words of the check table and the failure list, in each language. */
const CHECK_TABLE = {
  check: say("チェック", "check"),
  asserts: say("照合の内容", "what it asserts"),
  total: say("合計", "total"),
  built: say(
    "（構成上成立：様式が一方を他方から導くため、この帳簿では崩れることのない照合です。両方を入力する帳簿では意味を持ちます）",
    "(built: holds by construction — the layout derives one side from the other, so this book cannot break it; it bites in a book that keys both sides)",
  ),
  notable: say("不一致と警告：", "failures and warnings:"),
  ...FINDING_WORDS,
} as const;

/** `… (3 more)` / `…（ほか 3 件）`: what a list left out. */
function more(n: number, lang: Lang): string {
  return lang === "ja" ? ` …（ほか ${formatCount(n)} 件）` : ` … (${n} more)`;
}

/** What `yosan check` prints: the table of checks with their counts, then every failure and warning. */
export function renderCheckText(model: Model, findings: readonly Finding[], lang: Lang): string {
  const groups = groupByCheck(model, findings);
  const w = (t: Text) => inLang(t, lang);
  const checkWord = w(CHECK_TABLE.check);
  const idWidth = Math.max(displayWidth(checkWord), ...groups.map((g) => displayWidth(g.id)));
  const statuses = ["pass", "fail", "warn", "built"] as const;
  const labels = statuses.map((s) => w(STATUS_WORDS[s]));
  const widths = labels.map(displayWidth);
  const counts = (c: Record<(typeof statuses)[number], number>) =>
    statuses.map((s, i) => String(c[s]).padStart(widths[i] ?? 0)).join("  ");
  const out = [`${padEnd(checkWord, idWidth)}  ${labels.join("  ")}  ${w(CHECK_TABLE.asserts)}`];
  for (const g of groups) {
    out.push(`${padEnd(g.id, idWidth)}  ${counts(g)}  ${w(g.title)}`);
  }
  const totals = groups.reduce(
    (a, g) => ({
      pass: a.pass + g.pass,
      fail: a.fail + g.fail,
      warn: a.warn + g.warn,
      built: a.built + g.built,
    }),
    { pass: 0, fail: 0, warn: 0, built: 0 },
  );
  out.push(`${padEnd(w(CHECK_TABLE.total), idWidth)}  ${counts(totals)}`);
  if (totals.built > 0) out.push(w(CHECK_TABLE.built));
  const notable = [
    ...findings.filter((f) => f.status === "fail"),
    ...findings.filter((f) => f.status === "warn"),
  ];
  if (notable.length > 0) out.push("", w(CHECK_TABLE.notable));
  const hints = new Map(groups.map((g) => [g.id, g.hint]));
  for (const f of notable) {
    const status = lang === "en" ? f.status.toUpperCase() : w(STATUS_WORDS[f.status]);
    out.push(`  ${status} ${f.check}  ${findingPlace(model, f)}`);
    out.push(`    ${w(f.message)}`);
    if (f.compared !== undefined) {
      const c = f.compared;
      out.push(
        `    ${w(f.relation === "<=" ? CHECK_TABLE.atMost : f.relation === ">=" ? CHECK_TABLE.atLeast : CHECK_TABLE.expected)} ${formatCompared(c, "expected")}  ${w(CHECK_TABLE.actual)} ${formatCompared(c, "actual")}  ${w(CHECK_TABLE.difference)} ${formatCompared(c, "difference")}`,
      );
    }
    if (f.sources.length > 0) {
      const shown = f.sources.slice(0, 6).map((s) => formatSource(s, lang));
      out.push(
        `    ${w(CHECK_TABLE.sources)}: ${shown.join(", ")}${f.sources.length > 6 ? more(f.sources.length - 6, lang) : ""}`,
      );
    }
    const hint = hints.get(f.check);
    out.push(`    ${w(CHECK_TABLE.hint)}: ${hint === undefined ? "" : w(hint)}`);
  }
  return out.join("\n");
}

/** `yosan check --json`: the checks with their counts and words, and every finding, in `lang`. */
export function renderCheckJson(model: Model, findings: readonly Finding[], lang: Lang): string {
  const groups = groupByCheck(model, findings).map((g) => ({
    id: g.id,
    title: inLang(g.title, lang),
    hint: inLang(g.hint, lang),
    pass: g.pass,
    fail: g.fail,
    warn: g.warn,
    built: g.built,
  }));
  return `${JSON.stringify({ book: model.book.id, checks: groups, findings: findings.map((f) => jsonFinding(f, lang)) }, null, 2)}\n`;
}

function xml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .split("")
    .filter((c) => {
      const code = c.charCodeAt(0);
      // XML 1.0 allows tab, line feed and carriage return among the control characters.
      return code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
    })
    .join("");
}

/** JUnit XML: one testsuite per check id, one testcase per finding; warnings in system-out. */
export function renderJunit(model: Model, findings: readonly Finding[], lang: Lang): string {
  const groups = groupByCheck(model, findings);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="yosan ${xml(model.book.id)}" tests="${findings.length}" failures="${findings.filter((f) => f.status === "fail").length}">`,
  ];
  for (const g of groups) {
    out.push(`  <testsuite name="${xml(g.id)}" tests="${g.findings.length}" failures="${g.fail}">`);
    for (const f of g.findings) {
      const message = inLang(f.message, lang);
      const name = xml(findingPlace(model, f) || message);
      out.push(`    <testcase classname="${xml(g.id)}" name="${name}">`);
      if (f.status === "fail")
        out.push(
          `      <failure message="${xml(message)}">${xml(f.sources.map((s) => formatSource(s, lang)).join("\n"))}</failure>`,
        );
      if (f.status === "warn")
        out.push(
          `      <system-out>${lang === "ja" ? "警告" : "WARNING"}: ${xml(message)}</system-out>`,
        );
      out.push("    </testcase>");
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>", "");
  return out.join("\n");
}
