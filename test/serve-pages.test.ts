/**
 * The pages of `yosan serve` as the server sends them (no browser): every text from the book is
 * escaped on every page, however hostile; the statements show a segment's figures in the
 * document's layout with △; a figure's derivation reaches the budget rows with file, row and
 * column; the findings filter down to the eight lost signs, each against the document's line;
 * the 債務負担行為 register and outlook; the import preview of `yosan build`'s own workbook
 * changes nothing and one edited cell is exactly one change and its effect on ending cash.
 * And the page's language: `--lang`, YOSAN_LANG or the book's, switched by `?lang=` (kept by
 * the session; anything else ignored); in Japanese no English sentence of yosan's own is left.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escapeHtml } from "../src/render/report/html.ts";
import { LiveBook } from "../src/serve/live-book.ts";
import { commitmentsPage } from "../src/serve/pages/commitments.ts";
import { explainPanel } from "../src/serve/pages/explain.ts";
import { findingsPage } from "../src/serve/pages/findings.ts";
import { overviewPage } from "../src/serve/pages/overview.ts";
import { statementsPage } from "../src/serve/pages/statements.ts";
import { Sessions } from "../src/serve/sessions.ts";
import { pageView } from "../src/serve/view.ts";
import { appendLines, buildTemp, FY29, hashDir, tempDir } from "./helpers/book.ts";
import { type Served, type Session, send, serveCopy, session } from "./helpers/serve.ts";

const HOSTILE = {
  entity: '<script>alert("entity")</script>',
  segment: '"><img src=x onerror=alert(1)>',
  label: "<script>alert(4)</script>",
  note: "<img src=x onerror=alert(2)>",
  item: "<svg onload=alert(3)>",
};

/** A copy of FY29 whose entity, a segment, a line, a note and a commitment are markup. */
function hostileBook(dir: string): void {
  const edit = (file: string, f: (t: string) => string) =>
    writeFileSync(join(dir, file), f(readFileSync(join(dir, file), "utf8")));
  edit("book.json", (t) => {
    const j = JSON.parse(t);
    j.entity = HOSTILE.entity;
    const seg = j.segments.find((s: { id: string }) => s.id === "lgwan");
    seg.aliases = [seg.name];
    seg.name = HOSTILE.segment;
    return JSON.stringify(j, null, 2);
  });
  edit("layout.csv", (t) =>
    t.replace(
      "profit-and-loss,project-expenses,事業費,,",
      `profit-and-loss,project-expenses,${HOSTILE.label},事業費,`,
    ),
  );
  edit("budget.csv", (t) =>
    t.replace(/^(事業費,総合行政ネットワーク運営事業,\d+,)$/m, `$1${HOSTILE.note}`),
  );
  edit("commitments.csv", (t) => t.replace("構内電話交換機のリース", HOSTILE.item));
}

describe("every text from the book is escaped", () => {
  let s: Served;
  let me: Session;
  beforeAll(async () => {
    const dir = join(tempDir(), "book");
    const { cpSync } = await import("node:fs");
    cpSync(FY29, dir, { recursive: true });
    hostileBook(dir);
    s = await serveCopy({ from: dir, allowImport: true, watch: false });
    me = await session(s.port);
  });
  afterAll(() => s.close());

  it("on every page and fragment", async () => {
    expect(s.server.live.current.ok).toBe(true);
    const paths = [
      "/",
      "/statements",
      "/statements?segment=lgwan",
      "/statements?segment=all",
      "/statements?segment=lgwan&explain=project-expenses&at=lgwan",
      "/findings?status=all",
      "/commitments",
      "/downloads",
      "/import",
      "/fragment/explain?line=cf-closing-cash&segment=lgwan",
      "/fragment/explain?line=project-expenses&segment=lgwan",
      "/explain?line=net-income&segment=lgwan",
    ];
    await me.post(
      "/api/whatif",
      JSON.stringify({ line: "project-expenses", segment: "lgwan", amount: "1" }),
    );
    const upload = await me.post(
      "/api/import",
      `account,segment,amount\n${HOSTILE.label}x,lgwan,1\n`,
      {
        "Content-Type": "application/octet-stream",
        "x-yosan-file-name": encodeURIComponent(`${HOSTILE.note}.csv`),
      },
    );
    const pages = [upload, ...(await Promise.all(paths.map((p) => me.get(p))))];
    const seen = { label: 0, segment: 0, entity: 0, note: 0, item: 0 };
    for (const page of pages) {
      expect(page.status).toBe(200);
      for (const raw of Object.values(HOSTILE)) expect(page.text).not.toContain(raw);
      // No tag but the page's own: one script (from the server), no image, no event handler.
      const tags = page.text.replace(/"[^"]*"/g, '""');
      expect(tags.match(/<script\b/g)?.length ?? 0).toBeLessThanOrEqual(1);
      expect(tags).not.toMatch(/<img\b|<iframe\b/i);
      for (const tag of tags.match(/<[a-zA-Z][^>]*>/g) ?? []) expect(tag).not.toMatch(/\son\w+=/i);
      if (page.text.includes("&lt;script&gt;alert(4)&lt;/script&gt;")) seen.label++;
      if (page.text.includes("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")) seen.segment++;
      if (page.text.includes("&lt;script&gt;alert(&quot;entity&quot;)")) seen.entity++;
      if (page.text.includes("&lt;img src=x onerror=alert(2)&gt;")) seen.note++;
      if (page.text.includes("&lt;svg onload=alert(3)&gt;")) seen.item++;
    }
    // Each hostile text was shown somewhere, escaped (not merely left out).
    expect(
      Object.values(seen).every((n) => n > 0),
      JSON.stringify(seen),
    ).toBe(true);
  });
});

describe("the pages of FY29", () => {
  let s: Served;
  let me: Session;
  beforeAll(async () => {
    s = await serveCopy({ allowImport: true, watch: false });
    me = await session(s.port);
  });
  afterAll(() => s.close());

  it("statements: a segment in the document's layout, △ for negatives, every figure a drill-down", async () => {
    const page = (await me.get("/statements?segment=jpki")).text;
    expect(page).toContain('class="active" aria-current="true">公的個人認証サービス事業');
    expect(page).toMatch(/data-line="net-income" data-segment="jpki"[^>]*>△190,107</);
    expect(page).toMatch(/<tr class="heading"><th scope="row" class="label"[^>]*>資産の部/);
    const all = (await me.get("/statements?segment=all")).text;
    expect(all).toContain("事業別予定貸借対照表");
    expect(all).toMatch(/data-line="cf-closing-cash" data-segment="合計"[^>]*>21,616,961</);
  });

  it("a figure's derivation reaches the budget rows, each with file, row and column", async () => {
    const r = await me.get("/fragment/explain?line=cf-closing-cash&segment=lgwan");
    expect(r.text).toContain("1,762,711");
    expect(r.text).toMatch(
      /<span class="file">[^<]*budget\.csv<\/span> · row <span class="row">186<\/span> · column <span class="column">amount<\/span>/,
    );
    // The command's own text is there too.
    expect(r.text).toContain("当期末現金及び預金 1,762,711 = 前期末現金及び預金 + 資金収支差額");
    expect(r.text).toContain("bridge.csv");
  });

  it("findings filter to the eight lost signs, each against the document's line and its fix", async () => {
    const r = await me.get("/findings?status=all&check=published.sign");
    const cards = r.text.match(/<li class="finding /g) ?? [];
    expect(cards).toHaveLength(8);
    const lines = [...r.text.matchAll(/<div class="doc-line"[^>]*>([\s\S]*?)<\/div>/g)].map(
      (m) => m[1] ?? "",
    );
    expect(lines).toHaveLength(8);
    for (const l of lines)
      expect(l).toMatch(/h29-budget\.txt:\d+<\/span>.*<mark>[\d,]+<\/mark>.*→ △[\d,]+/);
    expect(r.text).toContain("資金収支差額\t<mark>15,232,073</mark>");
    const total = await me.get(
      `/findings?status=all&check=published.sign&segment=${encodeURIComponent("合計")}`,
    );
    expect(total.text.match(/<li class="finding /g)).toHaveLength(2);
    const pl = await me.get("/findings?status=all&check=published.sign&statement=profit-and-loss");
    expect(pl.text.match(/<li class="finding /g)).toHaveLength(3);
    // All of them, a page at a time.
    const all = await me.get("/findings?status=all");
    expect(all.text.match(/<li class="finding /g)).toHaveLength(200);
    expect(all.text).toContain("1–200 of 1,425 (page 1 of 8)");
    const last = await me.get("/findings?status=all&page=8");
    expect(last.text.match(/<li class="finding /g)).toHaveLength(1425 - 7 * 200);
    // Every finding shows expected, actual and difference; a rounded print its allowed range.
    const sums = await me.get("/findings?status=all&check=published.sums");
    expect(sums.text).toContain("<dt>Allowed range</dt>");
  });

  it("債務負担行為: the register and the outlook by fiscal year", async () => {
    const r = await me.get("/commitments");
    expect(r.text.match(/<tr><td class="amt">\d+<\/td>/g)).toHaveLength(32);
    expect(r.text).toContain('id="chart-commitments"');
    expect(r.text).toContain("平成29年度から平成35年度");
  });

  it("an import of yosan build's workbook changes nothing; one edited cell is exactly that change", async () => {
    const built = await buildTemp(s.dir);
    const before = hashDir(s.dir);
    const bytes = readFileSync(join(built.out, "statements.xlsx"));
    const upload = (name: string, body: Buffer) =>
      me.post("/api/import", body, {
        "Content-Type": "application/octet-stream",
        "x-yosan-file-name": name,
      });
    const same = await upload("statements.xlsx", bytes);
    expect(same.text).toContain('data-result="unchanged"');
    expect(same.text).toContain("No changes");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("入力");
    if (!ws) throw new Error("no 入力 sheet");
    let row = 0;
    ws.eachRow((r, n) => {
      if (r.getCell(3).value === "project-expenses") row = n;
    });
    ws.getCell(row, 4).value = 3544415; // 一般事業 事業費 3,543,415 → 3,544,415
    const edited = Buffer.from(await wb.xlsx.writeBuffer());
    const one = await upload("edited.xlsx", edited);
    expect(one.text.match(/<tr class="change /g)).toHaveLength(1);
    expect(one.text).toContain(`edited.xlsx!入力!D${row}`);
    expect(one.text).toMatch(
      /data-line="cf-closing-cash" data-segment=""><td>[^<]*<\/td><th>当期末現金及び預金<\/th><td>合計<\/td><td class="amt">21,616,961<\/td><td>→<\/td><td class="amt"><strong>21,615,961<\/strong><\/td><td class="amt">△1,000<\/td>/,
    );
    expect(hashDir(s.dir)).toBe(before);
    expect(readdirSync(dirname(s.dir)).filter((n) => n.includes("backup"))).toEqual([]);
  });
});

describe("pages are functions of a page view", () => {
  it("render without a server or a browser, the same view giving the same HTML", () => {
    const live = new LiveBook(FY29, { strict: false });
    try {
      const state = live.current;
      if (!state.ok) throw new Error("FY29 does not load");
      const view = pageView(state, new Sessions().create());
      // The seam for budget versions: a page asks for a version; books have one set of figures yet.
      expect(pageView(state, new Sessions().create(), { version: "当初" }).model).toBe(view.model);
      const statements = statementsPage(view, { kind: "one", column: "lgwan" }, "", "en");
      expect(statements).toBe(statementsPage(view, { kind: "one", column: "lgwan" }, "", "en"));
      expect(statements).toMatch(
        /data-line="cf-closing-cash" data-segment="lgwan"[^>]*>1,762,711</,
      );
      expect(overviewPage(view, "en")).toContain("21,616,961");
      const filter = { status: "warn", check: "", statement: "", segment: "", page: 1 };
      expect(findingsPage(view, filter, "en").match(/<li class="finding /g)).toHaveLength(9);
      expect(commitmentsPage(view, "en")).toContain("債務負担行為");
      const panel = explainPanel(view, "cf-closing-cash", null, "en");
      expect(panel.ok && panel.html).toContain("21,616,961");
      expect(explainPanel(view, "no-such-line", null, "en").ok).toBe(false);
    } finally {
      live.close();
    }
  });
});

/** What a page says in English of its own: runs of three English words outside code and paths. */
function englishRuns(html: string): string[] {
  const text = html
    .replace(/<(script|style|code)\b[^>]*>[\s\S]*?<\/\1>/g, " ")
    .replace(/<(span) class="(?:mono|file|src)"[^>]*>[^<]*<\/span>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&[a-z]+;|&#\d+;/g, " ")
    // yosan's commands (`yosan build --version original`) and file names are written as they are.
    .replace(/yosan [a-z]+(?: --?[a-z-]+(?: [\w.-]+)?)*/g, " ")
    .replace(/\S+\.(?:csv|json|html|xlsx|txt)\b/g, " ");
  // A word: letters, maybe joined by hyphens (an id such as cf-closing-cash is one word); a
  // sentence: three words or more apart by spaces alone (a list of columns is not one).
  const word = "[A-Za-z]{2,}(?:-[A-Za-z0-9]+)*";
  return text.match(new RegExp(`(?<![\\w-])${word}(?:\\s+${word}){2,}`, "g")) ?? [];
}

describe("the page's language", () => {
  let s: Served;
  beforeAll(async () => {
    s = await serveCopy({ allowImport: true, watch: false });
  });
  afterAll(() => s.close());

  const signs = () => {
    const state = s.server.live.current;
    if (!state.ok) throw new Error("FY29 does not load");
    return state.findings.filter((f) => f.check === "published.sign");
  };

  it("in Japanese (?lang=ja, kept by the session): no English sentence of yosan's, the findings in Japanese", async () => {
    const me = await session(s.port);
    const first = await me.get("/?lang=ja");
    expect(first.text).toContain('<html lang="ja">');
    await me.post(
      "/api/whatif",
      JSON.stringify({ line: "project-expenses", segment: "lgwan", amount: "2156114" }),
    );
    const paths = [
      "/",
      "/statements?segment=lgwan&explain=project-expenses&at=lgwan",
      "/statements?segment=all",
      "/findings?status=all",
      "/findings?status=all&check=published.sign",
      "/findings?status=pass&page=2",
      "/compare?a=current&b=settlement&segment=lgwan",
      "/commitments",
      "/downloads",
      "/import",
      "/explain?line=cf-closing-cash&segment=lgwan",
      "/fragment/explain?line=cf-closing-cash&segment=lgwan",
      "/fragment/explain?line=project-expenses&segment=lgwan",
    ];
    for (const path of paths) {
      const r = await me.get(path);
      expect(r.status, path).toBe(200);
      if (!path.startsWith("/fragment/")) expect(r.text, path).toContain('<html lang="ja">');
      expect(englishRuns(r.text), path).toEqual([]);
    }
    const upload = await me.post(
      "/api/import",
      "account,segment,amount\nproject-expenses,lgwan,2156114\nno-such-line,lgwan,1\n",
      { "Content-Type": "application/octet-stream", "x-yosan-file-name": "one.csv" },
    );
    expect(upload.text).toContain("取り込めません: one.csv");
    expect(englishRuns(upload.text)).toEqual([]);
    // Each finding's message is its Japanese one (of the saved book: the what-if discarded).
    await me.post("/api/whatif/discard");
    const page = await me.get("/findings?status=all&check=published.sign");
    for (const f of signs()) {
      expect(page.text).toContain(`<p class="message">${escapeHtml(f.message.ja)}</p>`);
      expect(page.text).not.toContain(escapeHtml(f.message.en));
    }
    // The answers of the API too.
    const refused = await me.post(
      "/api/whatif",
      JSON.stringify({ line: "project-expenses", segment: "lgwan", amount: "12,3４5x" }),
    );
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).message).toMatch(/^「12,3４5x」/);
    expect(englishRuns(JSON.parse(refused.text).message)).toEqual([]);
    const total = await me.post(
      "/api/whatif",
      JSON.stringify({ line: "project-expenses", segment: "", amount: "1" }),
    );
    expect(JSON.parse(total.text).message).toBe("合計ではなく、事業の数値を変えてください。");
    expect((await me.get("/no-such-page")).text).toBe("yosan serve: そのページはありません。");
  });

  it("in English (?lang=en): yosan's words and the findings in English, the document's own words as they are", async () => {
    const me = await session(s.port);
    const r = await me.get("/findings?status=all&check=published.sign&lang=en");
    expect(r.text).toContain('<html lang="en">');
    expect(r.text).toContain(">Overview</a>");
    expect(r.text).toContain("<h1>Checks ");
    expect(r.text).not.toContain("チェック結果");
    for (const f of signs())
      expect(r.text).toContain(`<p class="message">${escapeHtml(f.message.en)}</p>`);
    // 合計 and 科目 are the statements' own words, in either language.
    const statements = await me.get("/statements");
    expect(statements.text).toContain("<h1>Statements ");
    expect(statements.text).toContain(">科目</th>");
    expect(statements.text).toContain('aria-current="true">合計</a>');
    // The switch in the bar leads to the same page in each language.
    expect(r.text).toContain(
      'href="/findings?status=all&amp;check=published.sign&amp;lang=ja" lang="ja"',
    );
  });

  it("a bad ?lang is ignored: the page is served in the language it had, nothing repeated", async () => {
    const me = await session(s.port);
    await me.get("/?lang=ja");
    for (const bad of [
      "xx",
      "<script>alert(1)</script>",
      "",
      "jap",
      "e",
      "ja".repeat(40),
      "%E3%81",
    ]) {
      const r = await me.get(`/statements?lang=${encodeURIComponent(bad)}`);
      expect(r.status, bad).toBe(200);
      expect(r.text, bad).toContain('<html lang="ja">');
      expect(r.text, bad).not.toContain("<script>alert");
    }
    const raw = await me.get("/findings?lang=%zz&status=warn");
    expect(raw.status).toBe(200);
    expect(raw.text).toContain('<html lang="ja">');
    // A new session with a bad ?lang gets the server's language (English, as the tests pin it).
    const other = await session(s.port);
    expect((await other.get("/?lang=fr")).text).toContain('<html lang="en">');
  });
});

describe("the server's language", () => {
  it("--lang ja: every session's pages and answers in Japanese until one switches", async () => {
    const s = await serveCopy({ lang: "ja", watch: false });
    try {
      const me = await session(s.port);
      const page = await me.get("/");
      expect(page.text).toContain('<html lang="ja">');
      expect(page.text).toContain("主要な数値");
      const refused = await me.post("/api/whatif", "{}");
      expect(JSON.parse(refused.text).message).toBe(
        "試算で変えられるのは入力科目（様式の末端の科目）だけです。",
      );
      const other = await session(s.port);
      expect((await other.get("/?lang=en")).text).toContain('<html lang="en">');
      expect((await me.get("/")).text).toContain('<html lang="ja">');
      // A refusal at the door is in the server's language too.
      const foreign = await me.get("/", { Origin: "http://evil.example" });
      expect(foreign.text).toContain("ほかのオリジンのページはこのサーバーを使えません。");
    } finally {
      await s.close();
    }
  });

  it("without --lang or YOSAN_LANG: the book's language (Japanese unless book.json says en)", async () => {
    const pinned = process.env.YOSAN_LANG;
    delete process.env.YOSAN_LANG;
    const dir = join(tempDir(), "book");
    const { cpSync } = await import("node:fs");
    cpSync(FY29, dir, { recursive: true });
    const ja = await serveCopy({ watch: false });
    try {
      expect((await (await session(ja.port)).get("/")).text).toContain('<html lang="ja">');
      const j = JSON.parse(readFileSync(join(dir, "book.json"), "utf8"));
      writeFileSync(join(dir, "book.json"), JSON.stringify({ ...j, language: "en" }, null, 2));
      const en = await serveCopy({ from: dir, watch: false });
      try {
        expect((await (await session(en.port)).get("/")).text).toContain('<html lang="en">');
      } finally {
        await en.close();
      }
    } finally {
      process.env.YOSAN_LANG = pinned;
      await ja.close();
    }
  });

  it("a book that does not load: its problems in the page's language", async () => {
    const s = await serveCopy({ lang: "ja", watch: false });
    try {
      appendLines(join(s.dir, "budget.csv"), "事業費,総合行政ネットワーク運営事業,12x,");
      expect(s.server.live.refresh()).toBe(true);
      const me = await send(s.port, "/");
      expect(me.text).toContain("<h1>帳簿を読み込めません</h1>");
      expect(me.text).toContain("amount.invalid");
      expect(englishRuns(me.text)).toEqual([]);
      const en = await send(s.port, "/?lang=en");
      expect(en.text).toContain("<h1>The book does not load</h1>");
    } finally {
      await s.close();
    }
  });
});
