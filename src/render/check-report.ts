/**
 * `yosan check` renderings of the findings: a table grouped by check (id, what it asserts,
 * pass/fail/warn counts) followed by every failure and warning with statement, line, segment,
 * expected, actual, difference and sources; JSON; and JUnit XML so a CI system shows each
 * check as a test case.
 */
import { checkWords, declaredWords, type Finding, formatCompared } from "../model/findings.ts";
import { segmentLabel } from "../model/glossary.ts";
import type { Model } from "../model/model.ts";
import { formatSource } from "../model/provenance.ts";
import { jsonFinding } from "./statements-json.ts";
import { padEnd } from "./text-width.ts";

interface Group {
  readonly id: string;
  readonly title: string;
  readonly hint: string;
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

/** Where a finding is: statement title / line label / segment name (合計 for the total). */
export function findingPlace(model: Model, f: Finding): string {
  const statement = model.book.statements.find((s) => s.id === f.statement)?.title ?? f.statement;
  const line = model.book.lines.find((l) => l.id === f.line)?.label ?? f.line;
  const segment = segmentLabel(model.book.segments, f.segment);
  return [statement, line, segment].filter((x) => x !== undefined && x !== "").join(" / ");
}

export function renderCheckText(model: Model, findings: readonly Finding[]): string {
  const groups = groupByCheck(model, findings);
  const idWidth = Math.max(5, ...groups.map((g) => g.id.length));
  const out = [`${padEnd("check", idWidth)}  pass  fail  warn  built  what it asserts`];
  for (const g of groups) {
    out.push(
      `${padEnd(g.id, idWidth)}  ${String(g.pass).padStart(4)}  ${String(g.fail).padStart(4)}  ${String(g.warn).padStart(4)}  ${String(g.built).padStart(5)}  ${g.title}`,
    );
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
  out.push(
    `${padEnd("total", idWidth)}  ${String(totals.pass).padStart(4)}  ${String(totals.fail).padStart(4)}  ${String(totals.warn).padStart(4)}  ${String(totals.built).padStart(5)}`,
  );
  if (totals.built > 0) {
    out.push(
      "(built: holds by construction — the layout derives one side from the other, so this book cannot break it; it bites in a book that keys both sides)",
    );
  }
  const notable = [
    ...findings.filter((f) => f.status === "fail"),
    ...findings.filter((f) => f.status === "warn"),
  ];
  if (notable.length > 0) out.push("", "failures and warnings:");
  const hints = new Map(groups.map((g) => [g.id, g.hint]));
  for (const f of notable) {
    out.push(`  ${f.status.toUpperCase()} ${f.check}  ${findingPlace(model, f)}`);
    out.push(`    ${f.message}`);
    if (f.compared !== undefined) {
      const c = f.compared;
      out.push(
        `    expected ${formatCompared(c, "expected")}  actual ${formatCompared(c, "actual")}  difference ${formatCompared(c, "difference")}`,
      );
    }
    if (f.sources.length > 0) {
      const shown = f.sources.slice(0, 6).map(formatSource);
      out.push(
        `    sources: ${shown.join(", ")}${f.sources.length > 6 ? ` … (${f.sources.length - 6} more)` : ""}`,
      );
    }
    out.push(`    hint: ${hints.get(f.check) ?? ""}`);
  }
  return out.join("\n");
}

export function renderCheckJson(model: Model, findings: readonly Finding[]): string {
  const groups = groupByCheck(model, findings).map((g) => ({
    id: g.id,
    title: g.title,
    hint: g.hint,
    pass: g.pass,
    fail: g.fail,
    warn: g.warn,
    built: g.built,
  }));
  return `${JSON.stringify({ book: model.book.id, checks: groups, findings: findings.map(jsonFinding) }, null, 2)}\n`;
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
export function renderJunit(model: Model, findings: readonly Finding[]): string {
  const groups = groupByCheck(model, findings);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="yosan ${xml(model.book.id)}" tests="${findings.length}" failures="${findings.filter((f) => f.status === "fail").length}">`,
  ];
  for (const g of groups) {
    out.push(`  <testsuite name="${xml(g.id)}" tests="${g.findings.length}" failures="${g.fail}">`);
    for (const f of g.findings) {
      const name = xml(findingPlace(model, f) || f.message);
      out.push(`    <testcase classname="${xml(g.id)}" name="${name}">`);
      if (f.status === "fail")
        out.push(
          `      <failure message="${xml(f.message)}">${xml(f.sources.map(formatSource).join("\n"))}</failure>`,
        );
      if (f.status === "warn")
        out.push(`      <system-out>WARNING: ${xml(f.message)}</system-out>`);
      out.push("    </testcase>");
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>", "");
  return out.join("\n");
}
