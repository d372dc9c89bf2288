/**
 * The web application: hono routes from URLs to the pages (pure functions of a page view) and
 * to the few requests that change something (what-if edits, import preview and apply), behind
 * the guard (Host, Origin), a session cookie, and a token on every change. Every word yosan
 * says — pages, answers, the log — is in a language: a page's is `?lang=` (kept by the session),
 * else `documentLang(--lang, YOSAN_LANG, the book's)`; the log's is `terminalLang`. Nothing here reads
 * a path from a request: downloads are looked up by name among the files the server rendered,
 * uploads are written under names the server makes; and no answer repeats a request's text
 * but through `echo` (or, for a version, only when it is one of the book's). A request whose
 * client went away is a line in the log, never an internal error.
 */

import type { Context } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie, setCookie } from "hono/cookie";
import { formatCount } from "../model/amount-text.ts";
import { segmentLabel } from "../model/glossary.ts";
import {
  documentLang,
  inLang,
  LANGS,
  type Lang,
  langNamed,
  say,
  type Text,
  terminalLang,
} from "../model/text.ts";
import { findVersion, versionOf, viewableVersion, viewableVersions } from "../model/version.ts";
import { bookEvents } from "./events.ts";
import { echo, hostGuard } from "./guard.ts";
import {
  applyImport,
  linesGrid,
  MAX_UPLOAD_BYTES,
  previewGrids,
  previewUpload,
} from "./import-preview.ts";
import { keyChanges } from "./key-figures.ts";
import { type LiveBook, type LoadedState, WORKBOOK } from "./live-book.ts";
import { APP_CSS, APP_JS } from "./pages/assets.ts";
import { commitmentsPage } from "./pages/commitments.ts";
import { comparePage } from "./pages/compare.ts";
import { downloadName, downloadsPage } from "./pages/downloads.ts";
import { explainPanel } from "./pages/explain.ts";
import { findingsPage } from "./pages/findings.ts";
import { appliedFragment, importPage, previewFragment } from "./pages/import.ts";
import { overviewPage } from "./pages/overview.ts";
import { PROBLEMS_TITLE, problemsPage } from "./pages/problems.ts";
import {
  columnOf,
  esc,
  NAV,
  type NavKey,
  page,
  versionBar,
  whatIfBanner,
  wordsIn,
} from "./pages/shell.ts";
import { type ColumnChoice, statementsPage } from "./pages/statements.ts";
import { type Session, Sessions } from "./sessions.ts";
import { type PageView, pageView } from "./view.ts";
import { mergeEdits, parseEdit } from "./whatif.ts";

/** What the application serves and how. */
interface AppOptions {
  readonly live: LiveBook;
  /** Import (preview and apply) and applying what-if edits: off unless --allow-import. */
  readonly allowImport: boolean;
  /** The server's own temporary directory (uploads are written there, then removed). */
  readonly tempDir: string;
  /** The `host:port` values requests may name (known once the server listens). */
  readonly hosts: () => ReadonlySet<string>;
  /** The session cookie's name (one per port: cookies do not tell ports apart). */
  readonly cookie: () => string;
  /** Most bytes a dropped file may have (MAX_UPLOAD_BYTES unless a test says less). */
  readonly maxUploadBytes?: number;
  /** Aborted when the server closes: open live-reload streams end at once. */
  readonly closing?: AbortSignal;
  /** The language `yosan serve --lang` asked for, if any. */
  readonly lang?: Lang;
  /** Where YOSAN_LANG and the locale are read from (server.ts gives the process's environment). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A request's session and the language of what it is answered with. */
type Env = { Variables: { session: Session; lang: Lang } };
type Ctx = Context<Env>;

const HTML = "text/html; charset=utf-8";

/** The book's own language, when it loads. */
function bookLang(options: AppOptions): Lang | undefined {
  const state = options.live.current;
  return state.ok ? state.book.language : undefined;
}

/** The language of the pages of a session that chose none: --lang, YOSAN_LANG, the book's. */
function pageLang(options: AppOptions): Lang {
  return documentLang(options.lang, options.env, bookLang(options));
}

/** A text answer in the request's language. */
function answer(c: Ctx, text: Text, status: 400 | 403 | 404 | 409 | 413 | 500): Response {
  return c.text(inLang(text, c.var.lang), status);
}

/** The application. */
export function createApp(options: AppOptions): Hono<Env> {
  const app = new Hono<Env>();
  const sessions = new Sessions();
  app.use(
    "*",
    hostGuard(options.hosts, () => pageLang(options)),
  );
  app.use("*", async (c, next) => {
    let session = sessions.get(getCookie(c, options.cookie()));
    if (!session) {
      session = sessions.create();
      setCookie(c, options.cookie(), session.id, { httpOnly: true, sameSite: "Strict", path: "/" });
    }
    c.set("session", session);
    // `?lang=ja` or `?lang=en` switches the session's pages; anything else is ignored.
    const asked = c.req.query("lang");
    const named = asked !== undefined && asked.length <= 16 ? langNamed(asked) : undefined;
    if (named !== undefined) session.lang = named;
    c.set("lang", session.lang ?? pageLang(options));
    await next();
  });
  app.use("/api/*", async (c, next) => {
    if (!Sessions.tokenMatches(c.var.session, c.req.header("x-yosan-token")))
      return answer(
        c,
        say(
          "yosan serve: この要求は帳簿を変更するため、ページのトークンが必要です。ページを読み込み直してください。",
          "yosan serve: this request changes the book and needs the page's token; reload the page",
        ),
        403,
      );
    await next();
  });
  app.get("/assets/app.css", (c) =>
    c.body(APP_CSS, 200, { "Content-Type": "text/css; charset=utf-8" }),
  );
  app.get("/assets/app.js", (c) =>
    c.body(APP_JS, 200, { "Content-Type": "text/javascript; charset=utf-8" }),
  );
  app.get("/events", (c) => bookEvents(c, options.live, options.closing));
  pageRoutes(app, options);
  whatIfRoutes(app, options);
  importRoutes(app, options);
  app.notFound((c) =>
    answer(c, say("yosan serve: そのページはありません。", "yosan serve: no such page"), 404),
  );
  // The log is the terminal's: in the terminal's language.
  const log = (line: Text) =>
    process.stderr.write(
      `${inLang(line, terminalLang(options.lang, options.env, bookLang(options)))}\n`,
    );
  app.onError((error, c) => {
    // A request that failed before its language was chosen is answered in the pages'.
    const lang = c.get("lang") ?? pageLang(options);
    if (clientWentAway(error)) {
      // Nobody reads the answer: one line, and the server goes on.
      const request = `${c.req.method} ${echo(new URL(c.req.url).pathname)}`;
      log(
        say(
          `yosan serve: ${request}: 要求を読み終える前にクライアントが接続を閉じました。無視します。`,
          `yosan serve: ${request}: the client closed the connection before the request was read; ignored`,
        ),
      );
      return c.text(
        inLang(
          say(
            "yosan serve: 要求を最後まで受け取れませんでした。",
            "yosan serve: the request was not received whole",
          ),
          lang,
        ),
        400,
      );
    }
    const stack = error.stack ?? String(error);
    log(say(`yosan serve: 内部エラー: ${stack}`, `yosan serve: internal error: ${stack}`));
    return c.text(
      inLang(
        say(
          "yosan serve: 内部エラーです（yosan serve を実行している端末を見てください）。",
          "yosan serve: internal error (see the terminal running yosan serve)",
        ),
        lang,
      ),
      500,
    );
  });
  return app;
}

/** Did reading the request fail because its client closed the connection (`aborted`)? */
function clientWentAway(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ECONNRESET" || code === "ECONNABORTED" || error.name === "AbortError";
}

/** The page's own address in language `lang`: its other parameters kept. */
function withLang(url: string, lang: Lang): string {
  const u = new URL(url);
  const q = new URLSearchParams(u.searchParams);
  q.set("lang", lang);
  return `${u.pathname}?${q.toString()}`;
}

/** The same page in each language, for the switch in the bar. */
function inEachLang(c: Ctx): Record<Lang, string> {
  return Object.fromEntries(LANGS.map((l) => [l, withLang(c.req.url, l)])) as Record<Lang, string>;
}

/** What a page of the navigation is called (its title), in `lang`. */
function pageTitle(active: NavKey, lang: Lang): string {
  const named = NAV.find(([key]) => key === active)?.[2];
  return named ? inLang(named, lang) : inLang(say("算出過程", "Derivation"), lang);
}

/**
 * Render a page of the book in the request's language, or the book's problems when it does not
 * load.
 */
function render(
  c: Ctx,
  options: AppOptions,
  active: NavKey,
  body: (view: PageView, state: LoadedState, lang: Lang) => string,
): Response {
  const state = options.live.current;
  const session = c.var.session;
  const lang = c.var.lang;
  if (!state.ok)
    return c.html(
      page(
        {
          lang,
          inEachLang: inEachLang(c),
          title: inLang(PROBLEMS_TITLE, lang),
          active,
          token: session.token,
          generation: state.generation,
        },
        problemsPage(options.live.dir, state.issues, lang),
      ),
    );
  // The comparison page picks its own two versions; an import goes into the default one.
  const picker = state.book.versions.list.length > 1 && active !== "compare" && active !== "import";
  const asked = picker ? askedVersion(c, state, lang) : { notice: "" };
  const view = pageView(state, session, asked.id !== undefined ? { version: asked.id } : {});
  // A book without segments: every figure is the total, nothing to name.
  const segmentName = (col: string | null) =>
    state.book.segments.length === 0 ? "" : segmentLabel(state.book.segments, col ?? undefined);
  const banner = whatIfBanner(
    view.edits,
    keyChanges(view.saved, view.model),
    segmentName,
    options.allowImport,
    lang,
  );
  const shell = {
    lang,
    inEachLang: inEachLang(c),
    title: pageTitle(active, lang),
    active,
    token: session.token,
    generation: state.generation,
    book: `${state.book.entity} ${state.book.title}`,
    counts: view.counts,
    banner,
    hasVersions: state.book.versions.list.length > 1,
    ...(picker
      ? {
          shown: view.version.id,
          versions: versionBar(
            viewableVersions(state.book),
            view.version,
            state.book.versions.defaultId,
            (id) => withVersion(c.req.url, id),
            asked.notice,
            lang,
          ),
        }
      : {}),
  };
  return c.html(page(shell, body(view, state, lang)));
}

/**
 * The version a request names (`?v=ID`): the page shows it, and the pages of the session that
 * name none (a link typed by hand, a page without its script) show it too until another is
 * named. A name that is no version a page can show gives a message; the page then shows what
 * the session showed before.
 */
function askedVersion(c: Ctx, state: LoadedState, lang: Lang): { id?: string; notice: string } {
  const asked = c.req.query("v");
  if (asked === undefined) return { notice: "" };
  const v = viewableVersion(state.book, asked);
  if (!v) {
    const names = viewableVersions(state.book).map((x) => x.name);
    return {
      notice: wordsIn(lang)(
        `版「${asked}」はこの帳簿にありません（表示できる版: ${names.join("、")}）`,
        `There is no version 「${asked}」 in this book (versions it can show: ${names.join(", ")})`,
      ),
    };
  }
  c.var.session.version = v.id === state.book.versions.defaultId ? null : v.id;
  return { id: v.id, notice: "" };
}

/** The page's own address showing version `id`: its other parameters kept, a drill-down closed. */
function withVersion(url: string, id: string): string {
  const u = new URL(url);
  const q = new URLSearchParams(u.searchParams);
  q.delete("explain");
  q.delete("at");
  q.set("v", id);
  return `${u.pathname}?${q.toString()}`;
}

/**
 * The version a request that is not a page names (`?v=`, as its page's links carry it, or the
 * what-if's `version`): one the book shows, or a refusal — never another version in its place.
 */
function requestVersion(
  state: LoadedState,
  asked: string | undefined,
): { ok: true; version?: string } | { ok: false; message: Text } {
  if (asked === undefined || asked === "") return { ok: true };
  if (viewableVersion(state.book, asked)) return { ok: true, version: asked };
  // The request's text is repeated only when it names a version of the book.
  const known = findVersion(state.book, asked);
  const viewable = viewableVersions(state.book)
    .map((v) => v.id)
    .join(", ");
  return {
    ok: false,
    message: known
      ? say(
          `yosan serve: 版「${known.id}」には独自の財務諸表がありません（公表資料の列です）。財務諸表のある版: ${viewable}`,
          `yosan serve: version 「${known.id}」 has no statements of its own (it is a column of a print); versions with statements: ${viewable}`,
        )
      : say(
          `yosan serve: この帳簿にその版はありません。財務諸表のある版: ${viewable}`,
          `yosan serve: no such version in this book; versions with statements: ${viewable}`,
        ),
  };
}

/** The answer to a request about the book while the book does not load. */
const DOES_NOT_LOAD = say("帳簿を読み込めません。", "the book does not load");

function pageRoutes(app: Hono<Env>, options: AppOptions): void {
  app.get("/", (c) =>
    render(c, options, "overview", (view, _state, lang) => overviewPage(view, lang)),
  );
  app.get("/statements", (c) =>
    render(c, options, "statements", (view, state, lang) => {
      const segment = c.req.query("segment");
      const choice: ColumnChoice =
        segment === "all"
          ? { kind: "all" }
          : { kind: "one", column: columnOf(state.book.segments, segment) };
      const line = c.req.query("explain");
      const panel = line
        ? explainPanel(view, line, columnOf(state.book.segments, c.req.query("at")), lang)
        : null;
      return statementsPage(view, choice, panel?.ok ? panel.html : "", lang);
    }),
  );
  app.get("/compare", (c) =>
    render(c, options, "compare", (_view, state, lang) =>
      comparePage(
        state,
        {
          a: c.req.query("a"),
          b: c.req.query("b"),
          segment: columnOf(state.book.segments, c.req.query("segment")),
        },
        lang,
      ),
    ),
  );
  app.get("/fragment/explain", (c) => {
    const state = options.live.current;
    if (!state.ok) return answer(c, DOES_NOT_LOAD, 409);
    const asked = requestVersion(state, c.req.query("v"));
    if (!asked.ok) return answer(c, asked.message, 404);
    const view = pageView(state, c.var.session, asked);
    const panel = explainPanel(
      view,
      c.req.query("line") ?? "",
      columnOf(state.book.segments, c.req.query("segment")),
      c.var.lang,
    );
    return panel.ok ? c.html(panel.html) : c.text(panel.message, 404);
  });
  app.get("/explain", (c) =>
    render(c, options, "explain", (view, state, lang) => {
      const panel = explainPanel(
        view,
        c.req.query("line") ?? "",
        columnOf(state.book.segments, c.req.query("segment")),
        lang,
      );
      return panel.ok
        ? `<section class="explain-page">${panel.html}</section>`
        : `<p class="error">${esc(panel.message)}</p>`;
    }),
  );
  app.get("/findings", (c) =>
    render(c, options, "findings", (view, _state, lang) =>
      findingsPage(
        view,
        {
          status: c.req.query("status") ?? "open",
          check: c.req.query("check") ?? "",
          statement: c.req.query("statement") ?? "",
          segment: c.req.query("segment") ?? "",
          page: Number.parseInt(c.req.query("page") ?? "1", 10) || 1,
        },
        lang,
      ),
    ),
  );
  app.get("/commitments", (c) =>
    render(c, options, "commitments", (view, _state, lang) => commitmentsPage(view, lang)),
  );
  app.get("/downloads", (c) =>
    render(c, options, "downloads", (view, state, lang) => {
      const version = view.version.id;
      const files = options.live.files(version, lang) ?? [];
      const statements = new Map(state.book.statements.map((s) => [s.id, s.title]));
      const workbook = options.live.workbookReady(version, lang);
      // Start the workbook now, so it is likely ready when asked for.
      if (!workbook)
        setTimeout(() => {
          // A failure is reported when the workbook is asked for, not here.
          options.live.workbook(version, lang)?.catch(() => undefined);
        }, 50).unref();
      return downloadsPage(
        files,
        workbook,
        statements,
        view.edits.length > 0,
        view.version,
        state.book.versions.defaultId,
        lang,
      );
    }),
  );
  app.get("/download/:name", async (c) => {
    const name = c.req.param("name");
    const state = options.live.current;
    if (!state.ok) return answer(c, DOES_NOT_LOAD, 409);
    const asked = requestVersion(state, c.req.query("v"));
    if (!asked.ok) return answer(c, asked.message, 404);
    // The version of the page the link is on (its ?v=), else the session's; its language.
    const version = pageView(state, c.var.session, asked).version.id;
    const lang = c.var.lang;
    const file =
      name === WORKBOOK
        ? await options.live.workbook(version, lang)
        : (options.live.files(version, lang) ?? []).find((f) => f.name === name);
    if (!file)
      return answer(
        c,
        say("yosan serve: そのファイルはありません。", "yosan serve: no such file"),
        404,
      );
    const other = version !== state.book.versions.defaultId ? version : null;
    const type = file.name.endsWith(".json")
      ? "application/json; charset=utf-8"
      : file.name.endsWith(".csv")
        ? "text/csv; charset=utf-8"
        : file.name.endsWith(".html")
          ? HTML
          : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    const body = typeof file.content === "string" ? file.content : new Uint8Array(file.content);
    return c.body(body, 200, {
      "Content-Type": type,
      // The name is the build's (statement ids come from the book): only safe characters.
      "Content-Disposition": `attachment; filename="${downloadName(other, file.name).replace(/[^\w.-]/g, "_")}"`,
    });
  });
  app.get("/import", (c) => {
    const state = options.live.current;
    const unit = state.ok ? state.book.unit : "";
    return render(c, options, "import", (_view, loaded, lang) => {
      // An import changes the leaves of the default version, whichever version the pages show.
      const name = esc(versionOf(loaded.book).name);
      const into =
        loaded.book.versions.list.length > 1
          ? `<p class="meta" id="import-version">${wordsIn(lang)(`取り込む先の版：${name}（既定の版）`, `Imported into: ${name} (the default version)`)}</p>`
          : "";
      return `${importPage(options.allowImport, unit, lang)}${into}`;
    });
  });
}

/** Most bytes of a what-if request: one edit (a line, a segment, an amount) as JSON. */
const MAX_EDIT_BYTES = 64 * 1024;

/** A JSON answer `{ ok: false, message }` in the request's language. */
function refusal(c: Ctx, message: Text, status: 400 | 409 | 413): Response {
  return c.json({ ok: false, message: inLang(message, c.var.lang) }, status);
}

function whatIfRoutes(app: Hono<Env>, options: AppOptions): void {
  const editLimit = bodyLimit({
    maxSize: MAX_EDIT_BYTES,
    onError: (c) => {
      const most = formatCount(MAX_EDIT_BYTES);
      return refusal(
        c as Ctx,
        say(
          `要求が ${most} バイトを超えています。試算の要求は科目・区分・金額の 1 件です。`,
          `the request is over ${most} bytes; an edit is a line, a segment and an amount`,
        ),
        413,
      );
    },
  });
  app.post("/api/whatif", editLimit, async (c) => {
    const state = options.live.current;
    if (!state.ok) return refusal(c, DOES_NOT_LOAD, 409);
    const body = await c.req.json().catch(() => null);
    const session = c.var.session;
    const asked = requestVersion(
      state,
      body !== null && typeof body === "object" && typeof body.version === "string"
        ? body.version
        : undefined,
    );
    if (!asked.ok) return refusal(c, asked.message, 400);
    if (!pageView(state, session, asked).editable) {
      const name = versionOf(state.book).name;
      return refusal(
        c,
        say(
          `試算は既定の版（${name}）でのみできます。版を切り替えてください。`,
          `what-if works on the default version (${name}) only: switch to it`,
        ),
        409,
      );
    }
    const parsed = parseEdit(state.book, body);
    if (!parsed.ok) return refusal(c, parsed.message, 400);
    const e = parsed.edit;
    const saved = state.model.figure(e.line, e.segment).amount.value;
    session.edits = mergeEdits(session.edits, [e]).filter(
      (x) => !(x.line === e.line && x.segment === e.segment && x.amount.equals(saved)),
    );
    return c.json({ ok: true, edits: session.edits.length });
  });
  app.post("/api/whatif/discard", (c) => {
    c.var.session.edits = [];
    c.var.session.whatIf = null;
    return c.json({ ok: true });
  });
  app.post("/api/whatif/apply", (c) => {
    const lang = c.var.lang;
    if (!options.allowImport)
      return answer(
        c,
        say(
          "yosan serve: 帳簿に書き込むには --allow-import を付けて起動してください。",
          "yosan serve: start with --allow-import to write the book",
        ),
        403,
      );
    const state = options.live.current;
    const session = c.var.session;
    if (!state.ok) return answer(c, DOES_NOT_LOAD, 409);
    if (session.edits.length === 0)
      return answer(c, say("反映する変更がありません。", "nothing to apply"), 400);
    const preview = previewGrids(
      state,
      [linesGrid("what-if", session.edits)],
      "what-if",
      options.live.options.strict,
    );
    if (!preview.pending) return c.html(previewFragment(preview, false, lang));
    const applied = applyImport(options.live, preview.pending);
    if (applied.ok) {
      session.edits = [];
      session.whatIf = null;
    }
    return c.html(appliedFragment(applied, lang));
  });
}

function importRoutes(app: Hono<Env>, options: AppOptions): void {
  const allowed = (c: Ctx) =>
    options.allowImport
      ? null
      : answer(
          c,
          say(
            "yosan serve: 取込は無効です。yosan serve を --allow-import 付きで起動してください。",
            "yosan serve: import is off; start yosan serve with --allow-import",
          ),
          403,
        );
  app.post(
    "/api/import",
    (c, next) => allowed(c) ?? next(),
    bodyLimit({
      maxSize: options.maxUploadBytes ?? MAX_UPLOAD_BYTES,
      onError: (c) => {
        const most = formatCount(options.maxUploadBytes ?? MAX_UPLOAD_BYTES);
        return answer(
          c as Ctx,
          say(
            `yosan serve: ファイルが ${most} バイトを超えています（ページから取り込めるのはここまでです）。帳簿は変更していません。`,
            `yosan serve: the file is over ${most} bytes, the most an import from the page takes; the book was not changed`,
          ),
          413,
        );
      },
    }),
    async (c) => {
      const state = options.live.current;
      if (!state.ok)
        return answer(
          c,
          say(
            "帳簿を読み込めません。取り込む前に直してください。",
            "the book does not load; fix it before importing",
          ),
          409,
        );
      let name = "upload";
      try {
        name = decodeURIComponent(c.req.header("x-yosan-file-name") ?? "upload");
      } catch {
        // a name that is not valid percent-encoding: keep "upload"
      }
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const preview = await previewUpload(
        state,
        bytes,
        name,
        options.tempDir,
        options.live.options.strict,
      );
      if (preview.pending) Sessions.keepImport(c.var.session, preview.pending);
      return c.html(previewFragment(preview, options.allowImport, c.var.lang));
    },
  );
  app.post(
    "/api/import/:id/apply",
    (c, next) => allowed(c) ?? next(),
    (c) => {
      const pending = c.var.session.imports.get(c.req.param("id"));
      if (!pending)
        return c.html(
          appliedFragment(
            {
              ok: false,
              message: say(
                "このプレビューはもう保持されていません。ファイルをもう一度ドロップしてください。",
                "this preview is no longer kept; drop the file again",
              ),
              issues: [],
            },
            c.var.lang,
          ),
          404,
        );
      c.var.session.imports.delete(pending.id);
      return c.html(appliedFragment(applyImport(options.live, pending), c.var.lang));
    },
  );
}
