/**
 * The web application: hono routes from URLs to the pages (pure functions of a page view) and
 * to the few requests that change something (what-if edits, import preview and apply), behind
 * the guard (Host, Origin), a session cookie, and a token on every change. Nothing here reads
 * a path from a request: downloads are looked up by name among the files the server rendered,
 * uploads are written under names the server makes; and no answer repeats a request's text
 * but through `echo` (or, for a version, only when it is one of the book's). A request whose
 * client went away is a line in the log, never an internal error.
 */

import type { Context } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie, setCookie } from "hono/cookie";
import { streamSSE } from "hono/streaming";
import { formatCount } from "../model/amount-text.ts";
import { segmentLabel } from "../model/glossary.ts";
import { findVersion, versionOf, viewableVersion, viewableVersions } from "../model/version.ts";
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
import { problemsPage } from "./pages/problems.ts";
import { columnOf, esc, type NavKey, page, versionBar, whatIfBanner } from "./pages/shell.ts";
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
}

type Env = { Variables: { session: Session } };
type Ctx = Context<Env>;

const HTML = "text/html; charset=utf-8";

/** The application. */
export function createApp(options: AppOptions): Hono<Env> {
  const app = new Hono<Env>();
  const sessions = new Sessions();
  app.use("*", hostGuard(options.hosts));
  app.use("*", async (c, next) => {
    let session = sessions.get(getCookie(c, options.cookie()));
    if (!session) {
      session = sessions.create();
      setCookie(c, options.cookie(), session.id, { httpOnly: true, sameSite: "Strict", path: "/" });
    }
    c.set("session", session);
    await next();
  });
  app.use("/api/*", async (c, next) => {
    if (!Sessions.tokenMatches(c.var.session, c.req.header("x-yosan-token")))
      return c.text(
        "yosan serve: this request changes the book and needs the page's token; reload the page",
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
  app.get("/events", (c) => events(c, options.live, options.closing));
  pageRoutes(app, options);
  whatIfRoutes(app, options);
  importRoutes(app, options);
  app.notFound((c) => c.text("yosan serve: no such page", 404));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  app.onError((error, c) => {
    if (clientWentAway(error)) {
      // Nobody reads the answer: one line, and the server goes on.
      log(
        `yosan serve: ${c.req.method} ${echo(new URL(c.req.url).pathname)}: the client closed the connection before the request was read; ignored`,
      );
      return c.text("yosan serve: the request was not received whole", 400);
    }
    log(`yosan serve: internal error: ${error.stack ?? String(error)}`);
    return c.text("yosan serve: internal error (see the terminal running yosan serve)", 500);
  });
  return app;
}

/** Did reading the request fail because its client closed the connection (`aborted`)? */
function clientWentAway(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ECONNRESET" || code === "ECONNABORTED" || error.name === "AbortError";
}

/** A comment line on an open event stream this often, so that proxies keep it. */
const PING_MS = 15_000;

/**
 * The book's state changes, as server-sent events (the first one at once), until the client
 * goes away or the server closes: the wait between pings ends (its timer cleared) on either,
 * so an open page never holds up the server's exit.
 */
function events(c: Ctx, live: LiveBook, closing: AbortSignal | undefined): Response {
  return streamSSE(c, async (stream) => {
    const send = (generation: number, ok: boolean) =>
      stream.writeSSE({ event: "book", data: JSON.stringify({ generation, ok }) });
    let timer: NodeJS.Timeout | undefined;
    let wake: (() => void) | undefined;
    const end = () => {
      clearTimeout(timer);
      wake?.();
    };
    const stop = live.subscribe((s) => {
      void send(s.generation, s.ok);
    });
    stream.onAbort(end);
    closing?.addEventListener("abort", end, { once: true });
    const over = () => stream.aborted || stream.closed || closing?.aborted === true;
    try {
      if (!over()) await send(live.current.generation, live.current.ok);
      while (!over()) {
        await new Promise<void>((done) => {
          wake = done;
          timer = setTimeout(done, PING_MS);
        });
        if (!over()) await stream.write(": ping\n\n");
      }
    } finally {
      stop();
      clearTimeout(timer);
      closing?.removeEventListener("abort", end);
    }
  });
}

/** Render a page of the book, or the book's problems when it does not load. */
function render(
  c: Ctx,
  options: AppOptions,
  active: NavKey,
  title: string,
  body: (view: PageView, state: LoadedState) => string,
): Response {
  const state = options.live.current;
  const session = c.var.session;
  if (!state.ok)
    return c.html(
      page(
        {
          title: "帳簿を読み込めません",
          active,
          token: session.token,
          generation: state.generation,
        },
        problemsPage(options.live.dir, state.issues),
      ),
    );
  // The comparison page picks its own two versions; an import goes into the default one.
  const picker = state.book.versions.list.length > 1 && active !== "compare" && active !== "import";
  const asked = picker ? askedVersion(c, state) : { notice: "" };
  const view = pageView(state, session, asked.id !== undefined ? { version: asked.id } : {});
  const segmentName = (col: string | null) => segmentLabel(state.book.segments, col ?? undefined);
  const banner = whatIfBanner(
    view.edits,
    keyChanges(view.saved, view.model),
    segmentName,
    options.allowImport,
  );
  const shell = {
    title,
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
          ),
        }
      : {}),
  };
  return c.html(page(shell, body(view, state)));
}

/**
 * The version a request names (`?v=ID`): the page shows it, and the pages of the session that
 * name none (a link typed by hand, a page without its script) show it too until another is
 * named. A name that is no version a page can show gives a message; the page then shows what
 * the session showed before.
 */
function askedVersion(c: Ctx, state: LoadedState): { id?: string; notice: string } {
  const asked = c.req.query("v");
  if (asked === undefined) return { notice: "" };
  const v = viewableVersion(state.book, asked);
  if (!v)
    return {
      notice: `版「${asked}」はこの帳簿にありません（表示できる版: ${viewableVersions(state.book)
        .map((x) => x.name)
        .join("、")}）`,
    };
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
): { ok: true; version?: string } | { ok: false; message: string } {
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
      ? `yosan serve: version 「${known.id}」 has no statements of its own (it is a column of a print); versions with statements: ${viewable}`
      : `yosan serve: no such version in this book; versions with statements: ${viewable}`,
  };
}

function pageRoutes(app: Hono<Env>, options: AppOptions): void {
  app.get("/", (c) => render(c, options, "overview", "概要", (view) => overviewPage(view)));
  app.get("/statements", (c) =>
    render(c, options, "statements", "財務諸表", (view, state) => {
      const segment = c.req.query("segment");
      const choice: ColumnChoice =
        segment === "all"
          ? { kind: "all" }
          : { kind: "one", column: columnOf(state.book.segments, segment) };
      const line = c.req.query("explain");
      const panel = line
        ? explainPanel(view, line, columnOf(state.book.segments, c.req.query("at")))
        : null;
      return statementsPage(view, choice, panel?.ok ? panel.html : "");
    }),
  );
  app.get("/compare", (c) =>
    render(c, options, "compare", "版の比較", (_view, state) =>
      comparePage(state, {
        a: c.req.query("a"),
        b: c.req.query("b"),
        segment: columnOf(state.book.segments, c.req.query("segment")),
      }),
    ),
  );
  app.get("/fragment/explain", (c) => {
    const state = options.live.current;
    if (!state.ok) return c.text("the book does not load", 409);
    const asked = requestVersion(state, c.req.query("v"));
    if (!asked.ok) return c.text(asked.message, 404);
    const view = pageView(state, c.var.session, asked);
    const panel = explainPanel(
      view,
      c.req.query("line") ?? "",
      columnOf(state.book.segments, c.req.query("segment")),
    );
    return panel.ok ? c.html(panel.html) : c.text(panel.message, 404);
  });
  app.get("/explain", (c) =>
    render(c, options, "explain", "算出過程", (view, state) => {
      const panel = explainPanel(
        view,
        c.req.query("line") ?? "",
        columnOf(state.book.segments, c.req.query("segment")),
      );
      return panel.ok
        ? `<section class="explain-page">${panel.html}</section>`
        : `<p class="error">${esc(panel.message)}</p>`;
    }),
  );
  app.get("/findings", (c) =>
    render(c, options, "findings", "チェック結果", (view) =>
      findingsPage(view, {
        status: c.req.query("status") ?? "open",
        check: c.req.query("check") ?? "",
        statement: c.req.query("statement") ?? "",
        segment: c.req.query("segment") ?? "",
        page: Number.parseInt(c.req.query("page") ?? "1", 10) || 1,
      }),
    ),
  );
  app.get("/commitments", (c) =>
    render(c, options, "commitments", "債務負担行為", (view) => commitmentsPage(view)),
  );
  app.get("/downloads", (c) =>
    render(c, options, "downloads", "ダウンロード", (view, state) => {
      const version = view.version.id;
      const files = options.live.files(version) ?? [];
      const statements = new Map(state.book.statements.map((s) => [s.id, s.title]));
      const workbook = options.live.workbookReady(version);
      // Start the workbook now, so it is likely ready when asked for.
      if (!workbook)
        setTimeout(() => {
          // A failure is reported when the workbook is asked for, not here.
          options.live.workbook(version)?.catch(() => undefined);
        }, 50).unref();
      return downloadsPage(
        files,
        workbook,
        statements,
        view.edits.length > 0,
        view.version,
        state.book.versions.defaultId,
      );
    }),
  );
  app.get("/download/:name", async (c) => {
    const name = c.req.param("name");
    const state = options.live.current;
    if (!state.ok) return c.text("the book does not load", 409);
    const asked = requestVersion(state, c.req.query("v"));
    if (!asked.ok) return c.text(asked.message, 404);
    // The version of the page the link is on (its ?v=), else the session's.
    const version = pageView(state, c.var.session, asked).version.id;
    const file =
      name === WORKBOOK
        ? await options.live.workbook(version)
        : (options.live.files(version) ?? []).find((f) => f.name === name);
    if (!file) return c.text("yosan serve: no such file", 404);
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
    return render(c, options, "import", "取込", (_view, loaded) => {
      // An import changes the leaves of the default version, whichever version the pages show.
      const into =
        loaded.book.versions.list.length > 1
          ? `<p class="meta" id="import-version">取り込む先の版：${esc(versionOf(loaded.book).name)}（既定の版）</p>`
          : "";
      return `${importPage(options.allowImport, unit)}${into}`;
    });
  });
}

/** Most bytes of a what-if request: one edit (a line, a segment, an amount) as JSON. */
const MAX_EDIT_BYTES = 64 * 1024;

function whatIfRoutes(app: Hono<Env>, options: AppOptions): void {
  const editLimit = bodyLimit({
    maxSize: MAX_EDIT_BYTES,
    onError: (c) =>
      c.json(
        {
          ok: false,
          message: `the request is over ${formatCount(MAX_EDIT_BYTES)} bytes; an edit is a line, a segment and an amount`,
        },
        413,
      ),
  });
  app.post("/api/whatif", editLimit, async (c) => {
    const state = options.live.current;
    if (!state.ok) return c.json({ ok: false, message: "the book does not load" }, 409);
    const body = await c.req.json().catch(() => null);
    const session = c.var.session;
    const asked = requestVersion(
      state,
      body !== null && typeof body === "object" && typeof body.version === "string"
        ? body.version
        : undefined,
    );
    if (!asked.ok) return c.json({ ok: false, message: asked.message }, 400);
    if (!pageView(state, session, asked).editable)
      return c.json(
        {
          ok: false,
          message: `試算は既定の版（${versionOf(state.book).name}）でのみできます: 版を切り替えてください`,
        },
        409,
      );
    const parsed = parseEdit(state.book, body);
    if (!parsed.ok) return c.json({ ok: false, message: parsed.message }, 400);
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
    if (!options.allowImport)
      return c.text("yosan serve: start with --allow-import to write the book", 403);
    const state = options.live.current;
    const session = c.var.session;
    if (!state.ok) return c.text("the book does not load", 409);
    if (session.edits.length === 0) return c.text("nothing to apply", 400);
    const preview = previewGrids(
      state,
      [linesGrid("what-if", session.edits)],
      "what-if",
      options.live.options.strict,
    );
    if (!preview.pending) return c.html(previewFragment(preview, false));
    const applied = applyImport(options.live, preview.pending);
    if (applied.ok) {
      session.edits = [];
      session.whatIf = null;
    }
    return c.html(appliedFragment(applied));
  });
}

function importRoutes(app: Hono<Env>, options: AppOptions): void {
  const allowed = (c: Ctx) =>
    options.allowImport
      ? null
      : c.text("yosan serve: import is off; start yosan serve with --allow-import", 403);
  app.post(
    "/api/import",
    (c, next) => allowed(c) ?? next(),
    bodyLimit({
      maxSize: options.maxUploadBytes ?? MAX_UPLOAD_BYTES,
      onError: (c) =>
        c.text(
          `yosan serve: the file is over ${formatCount(options.maxUploadBytes ?? MAX_UPLOAD_BYTES)} bytes, the most an import from the page takes; the book was not changed`,
          413,
        ),
    }),
    async (c) => {
      const state = options.live.current;
      if (!state.ok) return c.text("the book does not load; fix it before importing", 409);
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
      return c.html(previewFragment(preview, options.allowImport));
    },
  );
  app.post(
    "/api/import/:id/apply",
    (c, next) => allowed(c) ?? next(),
    (c) => {
      const pending = c.var.session.imports.get(c.req.param("id"));
      if (!pending)
        return c.html(
          appliedFragment({
            ok: false,
            message: "this preview is no longer kept; drop the file again",
            issues: [],
          }),
          404,
        );
      c.var.session.imports.delete(pending.id);
      return c.html(appliedFragment(applyImport(options.live, pending)));
    },
  );
}
