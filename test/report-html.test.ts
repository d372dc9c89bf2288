/**
 * The HTML report: unit tests on the page text (self-contained, escaped, the figures, the order
 * of the findings), then the page in headless Chromium (DESIGN.md §5): it loads from a file://
 * URL without console errors or network requests, the statements' ending cash reads 21,616,961,
 * the waterfall's segment selector works, each comparison of versions has its section, and a
 * full-page screenshot is saved to output/report-screenshot.png (and one per comparison,
 * output/report-comparison-N.png). Chromium is driven over the DevTools protocol on a pipe
 * (test/helpers/chromium.ts), so no extra dependency is needed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { reconcile } from "../src/check/reconcile.ts";
import { declaredComparisons } from "../src/check/variance.ts";
import { outlook, schedulesOf } from "../src/derive/commitments.ts";
import { derive } from "../src/derive/derive.ts";
import type { Book } from "../src/model/book.ts";
import type { Outlook } from "../src/model/commitment.ts";
import { comparedAmounts, declaredCheckId, type Finding } from "../src/model/findings.ts";
import type { Model } from "../src/model/model.ts";
import { Money } from "../src/model/money.ts";
import { synthetic } from "../src/model/provenance.ts";
import { asWritten } from "../src/model/text.ts";
import { loadBook } from "../src/read/load-book.ts";
import type { DeclaredComparison } from "../src/render/comparison-blocks.ts";
import { renderReportHtml, resolveReportLines } from "../src/render/report/report.ts";
import { FY29, REPO } from "./helpers/book.ts";
import { CHROMIUM, hasChromium, launchChromium, openPage } from "./helpers/chromium.ts";

/** The report section proposed for ledgers/jlis-h29/book.json. */
const REPORT = {
  revenue: "operating-revenue-total",
  expenses: "operating-expenses-total",
  cashPlan: "cash-plan",
  openingCash: "cf-opening-cash",
  closingCash: "cf-closing-cash",
} as const;

let book: Book;
let model: Model;
let findings: Finding[];
let commitments: Outlook | undefined;
let comparisons: DeclaredComparison[];
/** The page in English (the tests' language) and in Japanese. */
let html: string;
let htmlJa: string;

function loadFy29(): Book {
  const loaded = loadBook(FY29);
  if (!loaded.ok) throw new Error(`FY29 did not load: ${loaded.issues.length} issues`);
  return loaded.book;
}

function commitmentsOutlook(m: Model): Outlook | undefined {
  const register = m.book.commitments;
  if (!register) return undefined;
  return outlook(register.commitments, schedulesOf(register.commitments, register.schedules), {
    segments: m.book.segments,
    unit: m.book.unit,
  });
}

/** The text of the amount cell of a line in a column (segment id or 合計). */
function cellText(page: string, line: string, segment: string): string | undefined {
  const re = new RegExp(`<td [^>]*data-line="${line}" data-segment="${segment}"[^>]*>([^<]*)</td>`);
  return re.exec(page)?.[1];
}

beforeAll(() => {
  book = loadFy29();
  model = derive(book);
  findings = reconcile(model);
  commitments = commitmentsOutlook(model);
  comparisons = declaredComparisons(book);
  const options = { report: REPORT, ...(commitments ? { commitments } : {}), comparisons };
  html = renderReportHtml(model, findings, { ...options, lang: "en" });
  htmlJa = renderReportHtml(model, findings, { ...options, lang: "ja" });
});

describe("report.html as text", () => {
  it("is one self-contained page: no network URL in src, href, url() or @import", () => {
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<html lang="en">');
    expect(htmlJa).toContain('<html lang="ja">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/@import|<link\b|<iframe\b|<img\b/i);
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script\b[^>]*\bsrc=/i);
  });

  it("titles the page with entity, book, fiscal year and unit", () => {
    const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? "";
    expect(title).toContain("地方公共団体情報システム機構");
    expect(title).toContain("平成29年度予算（案）");
    expect(title).toContain("平成29年度");
    expect(title).toContain("千円");
  });

  it("shows the statements with segments as columns, 合計 last, △ for negatives", () => {
    expect(cellText(html, "cf-closing-cash", "合計")).toBe("21,616,961");
    expect(cellText(html, "cash-and-deposits", "合計")).toBe("21,616,961");
    expect(cellText(html, "cf-net-cash-flow", "合計")).toBe("△15,232,073");
    expect(cellText(html, "operating-income", "jpki")).toBe("△166,796");
    const head = /<thead><tr>(.*?)<\/tr><\/thead>/.exec(html)?.[1] ?? "";
    const names = [...head.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(names).toEqual(["科目", ...book.segments.map((s) => s.name), "合計"]);
  });

  it("gives each amount a tooltip: the formula for a derived line, the cells for an input", () => {
    const closing = /<td [^>]*data-line="cf-closing-cash" data-segment="合計" title="([^"]*)"/.exec(
      html,
    )?.[1];
    expect(closing).toContain("前期末現金及び預金 36,849,034 + 資金収支差額 △15,232,073");
    expect(closing).toContain("formula: cf-opening-cash + cf-net-cash-flow");
    const leaf =
      /<td [^>]*data-line="cash-and-deposits" data-segment="general" title="([^"]*)"/.exec(
        html,
      )?.[1];
    expect(leaf).toMatch(/budget\.csv:\d+:amount {2}一般事業 {2}4,185,228/);
  });

  it("escapes labels and names from the book", () => {
    const evil = '<script>alert("label")</script>';
    const evilSegment = "<img src=x onerror=alert(1)>";
    const poisoned: Book = {
      ...book,
      entity: `${book.entity}&<b>`,
      segments: book.segments.map((s, i) => (i === 0 ? { ...s, name: evilSegment } : s)),
      lines: book.lines.map((l) => (l.id === "cash-and-deposits" ? { ...l, label: evil } : l)),
    };
    const m = derive(poisoned);
    const page = renderReportHtml(m, reconcile(m), { report: REPORT, lang: "en" });
    expect(page).not.toContain(evil);
    expect(page).not.toContain(evilSegment);
    expect(page).toContain("&lt;script&gt;alert(&quot;label&quot;)&lt;/script&gt;");
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(page).toContain("地方公共団体情報システム機構&amp;&lt;b&gt;");
    expect(page.match(/<script\b/g)).toHaveLength(1);
    expect(page).not.toMatch(/<img\b/);
  });

  it("lists failures before warnings, then a count per check id with its catalogue words", () => {
    const failure: Finding = {
      check: declaredCheckId("tie.cash"),
      status: "fail",
      statement: "balance-sheet",
      line: "cash-and-deposits",
      segment: "general",
      compared: comparedAmounts(Money.of("4185228", "千円"), Money.of("4185000", "千円")),
      message: asWritten("a failure listed last among the findings <must be escaped>"),
      sources: [synthetic(asWritten("test"))],
    };
    const page = renderReportHtml(model, [...findings, failure], { report: REPORT, lang: "en" });
    const firstFail = page.indexOf('data-status="fail"');
    const firstWarn = page.indexOf('data-status="warn"');
    expect(firstFail).toBeGreaterThan(0);
    expect(firstWarn).toBeGreaterThan(firstFail);
    expect(page).toContain("&lt;must be escaped&gt;");
    expect(page).toContain("△228");
    const summary = page.slice(page.indexOf('<table class="check-summary">'));
    const passes = findings.filter((f) => f.check === "tie.cash" && f.status === "pass").length;
    expect(passes).toBe(book.segments.length + 1);
    expect(summary).toContain(
      `<tr data-check="tie.cash"><td><code>tie.cash</code></td><td>貸借対照表の現金及び預金 = 資金計画の当期末現金及び預金</td><td class="num">${passes}</td><td class="num bad">1</td>`,
    );
    expect(summary).toMatch(/data-check="published\.sign">.*<td class="num warnc">8<\/td>/);
  });

  it("warns exactly about FY29's lost signs and the version continuity", () => {
    // The build's own checks (the comparisons' findings have their own sections).
    const start = html.indexOf('<section id="checks"');
    const checks = html.slice(start, html.indexOf("</section>", start));
    const warned = [...checks.matchAll(/data-check="([^"]+)" data-status="warn"/g)].map(
      (m) => m[1],
    );
    expect(new Set(warned)).toEqual(
      new Set(findings.filter((f) => f.status === "warn").map((f) => f.check)),
    );
    expect(html).not.toContain('data-status="fail"');
  });

  it("draws the charts as inline SVG: bars by segment, a waterfall per segment and 合計", () => {
    expect(html).toContain('id="chart-revenue-expenses"');
    const waterfalls = [...html.matchAll(/data-chart="waterfall" data-column="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(waterfalls).toEqual(["合計", ...book.segments.map((s) => s.id)]);
    const total = html.slice(html.indexOf('data-column="合計"'));
    expect(total.slice(0, total.indexOf("</figure>"))).toMatch(
      /前期末現金及び預金 36,849,034 → 当期末現金及び預金 21,616,961/,
    );
    expect(html).toContain('<select data-chart-switch="waterfall">');
  });

  it("finds the chart lines in the layout when the book does not name them", () => {
    expect(resolveReportLines(model).lines).toEqual(REPORT);
    const page = renderReportHtml(model, findings, {
      report: { revenue: "no-such-line" },
      lang: "en",
    });
    expect(page).toContain("report.revenue 「no-such-line」 is not a line of the book");
    expect(page).toContain('id="chart-cash-waterfall"');
    const ja = renderReportHtml(model, findings, {
      report: { revenue: "no-such-line" },
      lang: "ja",
    });
    expect(ja).toContain("report.revenue の「no-such-line」は帳簿の科目にありません。");
  });

  it("shows the 債務負担行為 outlook only when given", () => {
    expect(commitments).toBeDefined();
    expect(html).toContain('id="chart-commitments"');
    expect(renderReportHtml(model, findings, { lang: "en" })).not.toContain(
      'id="chart-commitments"',
    );
  });
});

describe("report.html in Japanese", () => {
  it("says yosan's words in Japanese: the headings, the status words, the findings", () => {
    const start = htmlJa.indexOf('<section id="checks"');
    const checks = htmlJa.slice(start, htmlJa.indexOf("</section>", start));
    expect(checks).toContain("<h2>チェック結果</h2>");
    expect(checks).toContain("<th>一致</th><th>不一致</th><th>警告</th>");
    expect(checks).toContain('<span class="badge badge-warn">警告</span>');
    expect(checks).toContain(
      "印刷された数値 15,232,073 は、モデルの数値 △15,232,073 の符号が欠落しています（source/h29-budget.txt:130）。",
    );
    expect(checks).not.toContain("the sign was lost");
    expect(htmlJa).toContain("チェック：一致 ");
    expect(htmlJa).toContain('<a href="#statements">財務諸表</a>');
    const closing = /<td [^>]*data-line="cf-closing-cash" data-segment="合計" title="([^"]*)"/.exec(
      htmlJa,
    )?.[1];
    expect(closing).toContain("式: cf-opening-cash + cf-net-cash-flow");
  });

  it("says the same in English", () => {
    const start = html.indexOf('<section id="checks"');
    const checks = html.slice(start, html.indexOf("</section>", start));
    expect(checks).toContain("<h2>Check results</h2>");
    expect(checks).toContain("<th>pass</th><th>fail</th><th>warn</th>");
    expect(checks).toContain('<span class="badge badge-warn">warn</span>');
    expect(checks).toContain("the sign was lost");
    expect(html).toContain('<a href="#statements">Financial statements</a>');
  });
});

describe("report.html: the comparisons of versions the book declares", () => {
  /** The section of the i-th comparison. */
  const section = (page: string, i: number) => {
    const start = page.indexOf(`<section id="comparison-${i}"`);
    return start < 0 ? "" : page.slice(start, page.indexOf("</section>", start));
  };

  it("gives each its section, linked from the header, naming both versions and the sample", () => {
    expect(comparisons.map((c) => c.declared.title)).toEqual([
      "当初予算と現計予算（補正第1号）",
      "決算報告書（サンプル）",
    ]);
    expect(html).toContain('<a href="#comparison-1">当初予算と現計予算（補正第1号）</a>');
    const settlement = section(html, 2);
    expect(settlement).toContain('data-a="current" data-b="settlement"');
    expect(settlement).toContain("<h2>決算報告書（サンプル）");
    expect(settlement).toMatch(/B: 決算 \(settlement, actual\) \[sample: 架空のサンプル/);
    expect(section(htmlJa, 2)).toMatch(/B：決算（settlement、サンプル：架空のサンプル/);
  });

  it("draws A and B by segment for revenue, expenses and closing cash, with B − A beside each", () => {
    const changes = section(html, 1);
    expect(
      [...changes.matchAll(/<div class="chart-block" data-line="([^"]+)"/g)].map((m) => m[1]),
    ).toEqual(["operating-revenue-total", "operating-expenses-total", "cf-closing-cash"]);
    expect(changes).toContain("合計: 当初予算 46,008,968 → 現計予算 48,628,968 (差額 +2,620,000)");
    expect(section(htmlJa, 1)).toContain(
      "合計：当初予算 46,008,968 → 現計予算 48,628,968（差額 +2,620,000）",
    );
    expect(changes).toContain("<title>個人番号カード発行等事業 現計予算 26,743,649</title>");
    expect(changes).toMatch(/>\+2,500,000 \(10\.3%\)<\/text>/);
  });

  it("tables the lines that moved, 合計 first, with 備考, and marks 予算超過", () => {
    const settlement = section(html, 2);
    const moved = comparisons[1]?.comparison.rows.filter((r) => !r.difference.isZero()) ?? [];
    const rows = [
      ...settlement.matchAll(/<tr( class="[^"]*")? data-line="([^"]+)" data-segment="([^"]*)">/g),
    ];
    expect(rows.length).toBe(moved.length);
    expect(settlement).toContain(
      "<td>委託契約の入札差金等による減（架空のサンプル（デモ用））</td>",
    );
    const over = rows.filter((m) => m[1] === ' class="over"').map((m) => `${m[2]} ${m[3]}`);
    expect(over).toEqual(["project-expenses lgwan", "operating-expenses-total lgwan"]);
    const first = rows.find((m) => m[2] === "project-expenses");
    expect(first?.[3]).toBe("");
    const changes = comparisons[0]?.comparison.rows ?? [];
    const changed = changes.filter((r) => !r.difference.isZero()).length;
    expect(changed).toBe(45);
    expect(section(html, 1)).toContain(`(${changed} / ${changes.length} rows`);
    expect(section(htmlJa, 1)).toContain(`(${changed} / ${changes.length} 行`);
  });

  it("lists the variance findings with their hints; the 現計 comparison has none to raise", () => {
    const settlement = section(html, 2);
    const listed = [...settlement.matchAll(/data-check="([^"]+)" data-status="(\w+)"/g)].map(
      (m) => `${m[2]} ${m[1]}`,
    );
    expect(listed).toEqual([
      "warn variance.note",
      "warn variance.overrun",
      "warn variance.overrun",
    ]);
    expect(settlement).toContain("hint: the actual exceeds the current budget");
    expect(settlement).toContain("Checks: pass 32 · fail 0 · warn 3 · built 5");
    expect(section(html, 1)).toContain("Nothing to review in the differences.");
    const ja = section(htmlJa, 2);
    expect(ja).toContain("チェック：一致 32・不一致 0・警告 3・構成上成立 5");
    expect(ja).toContain('<p class="hint">対処: ');
    expect(ja).not.toContain("hint: the actual exceeds the current budget");
    expect(section(htmlJa, 1)).toContain("差額の確認事項はありません。");
  });

  it("escapes the comparison's title, the version names and the 備考 from the book", () => {
    const evil = "<script>alert(1)</script>";
    const note = '<img src=x onerror="alert(2)">';
    const [first, second] = comparisons;
    if (!first || !second) throw new Error("FY29 declares two comparisons");
    const poisoned: DeclaredComparison[] = [
      { ...first, declared: { ...first.declared, title: evil } },
      {
        ...second,
        comparison: {
          ...second.comparison,
          b: { ...second.comparison.b, version: { ...second.comparison.b.version, name: evil } },
          rows: second.comparison.rows.map((r) =>
            r.note ? { ...r, note: { ...r.note, text: note } } : r,
          ),
        },
      },
    ];
    const page = renderReportHtml(model, findings, {
      report: REPORT,
      comparisons: poisoned,
      lang: "en",
    });
    expect(page).not.toContain(evil);
    expect(page).not.toContain(note);
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).toContain("&lt;img src=x onerror=&quot;alert(2)&quot;&gt;");
    expect(page.match(/<script\b/g)).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// Headless Chromium (test/helpers/chromium.ts).

const skipBrowser = !hasChromium && !process.env.CI;
if (skipBrowser) {
  console.log(
    `report-html: skipping the Chromium test: ${CHROMIUM} is missing (install it with .ci/install-chromium; CI does not skip)`,
  );
}

describe("report.html in headless Chromium", () => {
  it.skipIf(skipBrowser)(
    "loads from file:// without console errors or network; ending cash reads 21,616,961; screenshot saved",
    async () => {
      expect(hasChromium, `${CHROMIUM} is missing; CI must install it (.ci/install-chromium)`).toBe(
        true,
      );
      const dir = mkdtempSync(join(tmpdir(), "yosan-report-"));
      const file = join(dir, "report.html");
      writeFileSync(file, htmlJa);
      const url = pathToFileURL(file).href;

      const browser = launchChromium();
      try {
        const page = await openPage(browser, url, 1400);
        const { evaluate, errors, requests } = page;
        const endingCash = await evaluate<string>(
          `document.querySelector('td[data-line="cf-closing-cash"][data-segment="合計"]').textContent`,
        );
        expect(endingCash).toBe("21,616,961");

        // The waterfall shows 合計; choosing a segment shows that segment's chart alone.
        const visible = () =>
          evaluate<string[]>(
            `Array.from(document.querySelectorAll('[data-chart="waterfall"]')).filter(f => !f.hidden && f.getBoundingClientRect().height > 0).map(f => f.dataset.column)`,
          );
        expect(await visible()).toEqual(["合計"]);
        await evaluate(
          `(() => { const s = document.querySelector('select[data-chart-switch="waterfall"]'); s.value = "mynumber-card"; s.dispatchEvent(new Event("change")); })()`,
        );
        expect(await visible()).toEqual(["mynumber-card"]);
        await evaluate(
          `(() => { const s = document.querySelector('select[data-chart-switch="waterfall"]'); s.value = "合計"; s.dispatchEvent(new Event("change")); })()`,
        );

        // Japanese text is drawn with a Japanese font (no boxes): the font the page gets is installed.
        const fontOk = await evaluate<boolean>(
          `document.fonts.check('13px "IPAexGothic"', "当期末現金及び預金")`,
        );
        expect(fontOk, "IPAexGothic missing: install fonts-ipaexfont-gothic").toBe(true);

        // Each comparison's section is on the page: its charts drawn, its table of changes.
        const sections = await evaluate<{ id: string; charts: number; rows: number }[]>(
          `Array.from(document.querySelectorAll("section.comparison")).map(s => ({ id: s.id, charts: s.querySelectorAll("svg.chart").length, rows: s.querySelectorAll("table.changes tbody tr").length }))`,
        );
        expect(sections.map((x) => x.id)).toEqual(["comparison-1", "comparison-2"]);
        for (const x of sections) expect(x.charts, x.id).toBe(3);
        expect(sections.map((x) => x.rows)).toEqual(
          comparisons.map((c) => c.comparison.rows.filter((r) => !r.difference.isZero()).length),
        );

        const out = join(REPO, "output");
        mkdirSync(out, { recursive: true });
        writeFileSync(join(out, "report-screenshot.png"), await page.screenshot());
        for (const x of sections) {
          const box = await evaluate<{ y: number; height: number }>(
            `(() => { const r = document.getElementById("${x.id}").getBoundingClientRect(); return { y: Math.floor(r.top + window.scrollY), height: Math.ceil(r.height) }; })()`,
          );
          writeFileSync(join(out, `report-${x.id}.png`), await page.screenshot(box));
        }

        expect(errors).toEqual([]);
        expect(requests.filter((r) => !r.startsWith("file:") && !r.startsWith("data:"))).toEqual(
          [],
        );
      } finally {
        await browser.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
