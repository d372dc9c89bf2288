/**
 * `yosan serve` over HTTP, without a browser: where it listens, which requests it refuses
 * (another Host — DNS rebinding —, another Origin, a change without the session's token, an
 * import it was not allowed, a file over the upload limit, a name it did not render), that its
 * downloads are `yosan build`'s bytes, what-if through the API, imports that leave the book
 * byte-identical when they must, and live reload: a change on disk reaches open pages as an
 * event, and a book that no longer loads shows its problems instead of its figures. A client
 * that goes away mid-upload is one line in the log, and request text (a version, a line, an
 * amount, a Host, a file name) is never repeated raw in an answer.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { echo } from "../src/serve/guard.ts";
import { startServer } from "../src/serve/server.ts";
import { appendLines, buildTemp, FY29, hashDir, REPO } from "./helpers/book.ts";
import { type Served, type Session, send, serveCopy, session } from "./helpers/serve.ts";

describe("where yosan serve listens", () => {
  it("on 127.0.0.1 only by default, and says so in its URL", async () => {
    const server = await startServer({ book: FY29, port: 0, watch: false });
    try {
      expect(server.address.address).toBe("127.0.0.1");
      expect(server.address.family).toBe("IPv4");
      expect(server.url).toBe(`http://127.0.0.1:${server.address.port}/`);
    } finally {
      await server.close();
    }
  });
});

describe("the doors", () => {
  let s: Served;
  beforeAll(async () => {
    s = await serveCopy({ allowImport: true, maxUploadBytes: 4096 });
  });
  afterAll(() => s.close());

  it("refuses a Host that is not the server's (DNS rebinding), accepts localhost", async () => {
    for (const host of ["evil.example", `evil.example:${s.port}`, `127.0.0.1:${s.port + 1}`]) {
      const r = await send(s.port, "/", { headers: { Host: host } });
      expect(r.status, host).toBe(403);
      expect(r.text).not.toContain("<html");
    }
    expect((await send(s.port, "/", { headers: { Host: `localhost:${s.port}` } })).status).toBe(
      200,
    );
  });

  it("refuses a page of another origin, for reading and for changing", async () => {
    const me = await session(s.port);
    const foreign = { Origin: "http://evil.example" };
    expect((await me.get("/statements", foreign)).status).toBe(403);
    const r = await me.post("/api/whatif/discard", "{}", foreign);
    expect(r.status).toBe(403);
    const site = await me.post("/api/whatif/discard", "{}", { "Sec-Fetch-Site": "cross-site" });
    expect(site.status).toBe(403);
  });

  it("refuses a change without the session's token; the what-if is not made", async () => {
    const me = await session(s.port);
    const edit = JSON.stringify({ line: "project-expenses", segment: "lgwan", amount: "1" });
    for (const headers of [{ "x-yosan-token": "" }, { "x-yosan-token": "0".repeat(64) }]) {
      const r = await me.post("/api/whatif", edit, headers);
      expect(r.status).toBe(403);
      expect(r.text).toContain("token");
    }
    // Another session's token does not do either.
    const other = await session(s.port);
    expect((await me.post("/api/whatif", edit, { "x-yosan-token": other.token })).status).toBe(403);
    // Without the cookie the token means nothing.
    const bare = await send(s.port, "/api/whatif", {
      method: "POST",
      body: edit,
      headers: { "x-yosan-token": me.token, "Content-Type": "application/json" },
    });
    expect(bare.status).toBe(403);
    expect((await me.get("/")).text).not.toContain('id="whatif-banner"');
    const ok = await me.post("/api/whatif", edit);
    expect(ok.status).toBe(200);
    expect((await me.get("/")).text).toContain("What-if (unsaved): 1 change");
    expect((await other.get("/")).text).not.toContain('id="whatif-banner"');
    expect((await me.post("/api/whatif/discard")).status).toBe(200);
  });

  it("refuses a what-if request over 64 KiB before reading it", async () => {
    const me = await session(s.port);
    const r = await me.post(
      "/api/whatif",
      JSON.stringify({
        line: "project-expenses",
        segment: "lgwan",
        amount: "1",
        x: "y".repeat(70_000),
      }),
    );
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text).message).toContain("is over 65,536 bytes");
  });

  it("says what a page may load: its own script and style, no inline script, no framing", async () => {
    const r = await send(s.port, "/");
    const csp = String(r.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(r.text).not.toMatch(/<script>|<script [^>]*>[^<]/);
    // No address but the server's own (SVG's namespace is a name, not a request).
    expect(r.text.replaceAll("http://www.w3.org/2000/svg", "")).not.toMatch(/https?:\/\//);
    expect(String(r.headers["set-cookie"])).toMatch(
      /HttpOnly.*SameSite=Strict|SameSite=Strict.*HttpOnly/,
    );
  });

  it("refuses a file over the upload limit, and serves only files it rendered", async () => {
    const me = await session(s.port);
    const before = hashDir(s.dir);
    const big = await me.post("/api/import", Buffer.alloc(5000, 65), {
      "Content-Type": "application/octet-stream",
      "x-yosan-file-name": "big.csv",
    });
    expect(big.status).toBe(413);
    for (const path of [
      "/download/book.json",
      "/download/..%2fbook.json",
      "/download/%2e%2e/budget.csv",
      "/assets/../book.json",
    ])
      expect((await me.get(path)).status, path).toBe(404);
    expect(hashDir(s.dir)).toBe(before);
  });
});

describe("downloads", () => {
  let s: Served;
  beforeAll(async () => {
    s = await serveCopy({ watch: false });
  });
  afterAll(() => s.close());

  it("are the bytes yosan build writes: statements.json, the CSVs, report.html, statements.xlsx", async () => {
    const built = await buildTemp(s.dir);
    const page = await send(s.port, "/downloads");
    for (const name of [
      "statements.json",
      "balance-sheet.csv",
      "profit-and-loss.csv",
      "cash-plan.csv",
      "checks.csv",
      "report.html",
      "statements.xlsx",
    ]) {
      expect(page.text).toContain(`/download/${name}`);
      const r = await send(s.port, `/download/${name}`);
      expect(r.status, name).toBe(200);
      expect(String(r.headers["content-disposition"])).toContain("attachment");
      expect(r.body.equals(readFileSync(join(built.out, name))), name).toBe(true);
    }
  });
});

describe("import from the page", () => {
  it("is off unless the server was started with --allow-import", async () => {
    const s = await serveCopy({ watch: false });
    try {
      const me = await session(s.port);
      const r = await me.post("/api/import", "account,segment,amount\n", {
        "Content-Type": "application/octet-stream",
        "x-yosan-file-name": "x.csv",
      });
      expect(r.status).toBe(403);
      expect((await me.get("/import")).text).toContain("--allow-import");
    } finally {
      await s.close();
    }
  });

  it("random bytes, a zip bomb: a clear error naming the file, the book byte-identical", async () => {
    const s = await serveCopy({ allowImport: true, watch: false });
    try {
      const me = await session(s.port);
      const before = hashDir(s.dir);
      const bomb = readFileSync(join(REPO, "test/errors/xlsx.zip-bomb/bomb.xlsx"));
      const random = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919 + 13) % 256));
      for (const [name, bytes, code] of [
        ["noise.bin", random, /text\.binary|read\./],
        ["noise.xlsx", random, /xlsx\.not-zip/],
        ["bomb.xlsx", bomb, /xlsx\.zip-bomb/],
      ] as const) {
        const r = await me.post("/api/import", bytes, {
          "Content-Type": "application/octet-stream",
          "x-yosan-file-name": encodeURIComponent(name),
        });
        expect(r.status).toBe(200);
        expect(r.text).toContain('data-result="error"');
        expect(r.text).toContain(name);
        expect(r.text).toMatch(code);
        expect(r.text).not.toContain('data-action="import-apply"');
      }
      expect(hashDir(s.dir)).toBe(before);
    } finally {
      await s.close();
    }
  });

  it("a CSV of one changed leaf: previewed as that change, applied all or nothing with a backup", async () => {
    const s = await serveCopy({ allowImport: true, watch: false });
    try {
      const me = await session(s.port);
      const before = hashDir(s.dir);
      const csv = "account,segment,amount\nproject-expenses,lgwan,2156114\n";
      const r = await me.post("/api/import", csv, {
        "Content-Type": "application/octet-stream",
        "x-yosan-file-name": "one.csv",
      });
      expect(r.text).toContain('data-result="changes"');
      expect(r.text.match(/<tr class="change /g)?.length).toBe(1);
      expect(r.text).toMatch(/2,155,114<\/td><td>→<\/td><td class="amt"><strong>2,156,114/);
      expect(r.text).toContain("one.csv:2:C");
      expect(hashDir(s.dir)).toBe(before);
      const id = /data-id="([0-9a-f]+)"/.exec(r.text)?.[1] ?? "";
      const applied = await me.post(`/api/import/${id}/apply`);
      expect(applied.text).toContain('data-result="applied"');
      const backups = readdirSync(dirname(s.dir)).filter((n) => n.startsWith("book.backup-"));
      expect(backups).toHaveLength(1);
      expect(applied.text).toContain(backups[0]);
      expect(hashDir(s.dir)).not.toBe(before);
      expect(readFileSync(join(s.dir, "budget.csv"), "utf8")).toContain("2156114");
      expect(
        s.server.live.current.ok &&
          s.server.live.current.model.figure("cf-closing-cash", "lgwan").amount.toString(),
      ).toBe("1761711");
      // The same preview cannot be applied twice.
      expect((await me.post(`/api/import/${id}/apply`)).status).toBe(404);
    } finally {
      await s.close();
    }
  });
});

/** The next `book` event of the server's event stream. */
function nextEvents(port: number, count: number): Promise<{ generation: number; ok: boolean }[]> {
  return new Promise((resolve, reject) => {
    const seen: { generation: number; ok: boolean }[] = [];
    const req = get(
      { host: "127.0.0.1", port, path: "/events", headers: { Host: `127.0.0.1:${port}` } },
      (res) => {
        let buffer = "";
        res.on("data", (chunk: Buffer) => {
          buffer += chunk.toString("utf8");
          for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (/^event: book$/m.test(block) && data) seen.push(JSON.parse(data));
            if (seen.length === count) {
              req.destroy();
              resolve(seen);
            }
          }
        });
      },
    );
    req.on("error", (e) => (seen.length === count ? undefined : reject(e)));
  });
}

describe("live reload", () => {
  it("a change on disk is an event; a book that no longer loads shows its problems, not its figures", async () => {
    const s = await serveCopy();
    try {
      const events = nextEvents(s.port, 3);
      await new Promise((r) => setTimeout(r, 300));
      appendLines(join(s.dir, "budget.csv"), "事業費,総合行政ネットワーク運営事業,1000,live");
      await new Promise((r) => setTimeout(r, 1500));
      const after = await send(s.port, "/");
      expect(after.text).toContain("1,761,711");
      writeFileSync(join(s.dir, "book.json"), "{ not json");
      const seen = await events;
      expect(seen.map((e) => e.generation)).toEqual([1, 2, 3]);
      expect(seen.map((e) => e.ok)).toEqual([true, true, false]);
      for (const path of ["/", "/statements", "/findings"]) {
        const r = await send(s.port, path);
        expect(r.text, path).toContain('id="book-problems"');
        expect(r.text).toContain("json.malformed");
        expect(r.text).toMatch(/book\.json:1/);
        expect(r.text).not.toContain("1,761,711");
      }
    } finally {
      await s.close();
    }
  }, 30_000);
});

/**
 * An upload that announces `announced` bytes, sends `sent` of them and closes the connection
 * after `after` ms.
 */
function abortedUpload(
  port: number,
  me: Session,
  sent: number,
  after: number,
  announced = 100_000,
): Promise<void> {
  return new Promise((done, fail) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(
        `POST /api/import HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${me.cookie}\r\nx-yosan-token: ${me.token}\r\nContent-Type: application/octet-stream\r\nx-yosan-file-name: a.csv\r\nContent-Length: ${announced}\r\n\r\n`,
      );
      socket.write("account,segment,amount\n".repeat(Math.ceil(sent / 23)).slice(0, sent));
      setTimeout(() => {
        socket.destroy();
        done();
      }, after);
    });
    socket.on("error", fail);
  });
}

describe("a client that goes away", () => {
  it("an upload aborted mid-body is one line in the log, without a stack; the server goes on serving", async () => {
    const s = await serveCopy({ allowImport: true, watch: false });
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const me = await session(s.port);
      for (let i = 0; i < 12; i++)
        await abortedUpload(s.port, me, 1 + i * 250, i % 3 === 0 ? 0 : 20);
      await new Promise((r) => setTimeout(r, 300));
      expect((await me.get("/")).status).toBe(200);
      const ok = await me.post("/api/import", "account,segment,amount\n", {
        "Content-Type": "application/octet-stream",
        "x-yosan-file-name": "after.csv",
      });
      expect(ok.status).toBe(200);
    } finally {
      spy.mockRestore();
      await s.close();
    }
    const log = written.join("");
    expect(log).not.toContain("internal error");
    expect(log).not.toMatch(/\n\s+at /);
    const lines = log.split("\n").filter((l) => l !== "");
    // Those the server had begun to read are logged (most of them: it depends on timing).
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines)
      expect(line).toMatch(/^yosan serve: POST \/api\/import: the client closed the connection/);
  });
});

describe("echo: a request's text as an answer repeats it", () => {
  it.each([
    ["evil.example:8429", "evil.example:8429"],
    ["<script>", "\\u003cscript\\u003e"],
    [`"'&\``, "\\u0022\\u0027\\u0026\\u0060"],
    ["a\u0000b\r\nc\u2028", "a\\u0000b\\u000d\\u000ac\\u2028"],
    ["予算額", "予算額"],
    ["x".repeat(70), `${"x".repeat(64)}…`],
    ["予".repeat(65), `${"予".repeat(64)}…`],
  ])("%j → %j", (input, shown) => {
    expect(echo(input)).toBe(shown);
  });
});

describe("request text in answers", () => {
  const XSS = "<script>alert(1)</script>";
  const q = encodeURIComponent(XSS);
  let s: Served;
  let me: Session;
  beforeAll(async () => {
    s = await serveCopy({ allowImport: true, watch: false });
    me = await session(s.port);
  });
  afterAll(() => s.close());

  it("a version that is not the book's is refused without repeating it (text and JSON)", async () => {
    for (const path of [
      `/fragment/explain?line=project-expenses&segment=lgwan&v=${q}`,
      `/download/statements.json?v=${q}`,
    ]) {
      const r = await me.get(path);
      expect(r.status, path).toBe(404);
      expect(r.text, path).toContain("no such version");
      expect(r.text, path).not.toContain("<script");
      expect(r.text, path).not.toContain("alert(1)");
    }
    const w = await me.post(
      "/api/whatif",
      JSON.stringify({ line: "project-expenses", segment: "lgwan", amount: "1", version: XSS }),
    );
    expect(w.status).toBe(400);
    expect(JSON.parse(w.text).message).toContain("no such version");
    expect(w.text).not.toContain("<script");
    // A version of the book is named.
    const known = await me.get("/fragment/explain?line=project-expenses&segment=lgwan&v=original");
    expect(known.status).toBe(200);
  });

  it("a line, an amount, a Host, a file name: repeated only escaped", async () => {
    const line = await me.get(`/fragment/explain?line=${q}`);
    expect(line.status).toBe(404);
    expect(line.text).toContain("no line");
    const amount = await me.post(
      "/api/whatif",
      JSON.stringify({ line: "project-expenses", segment: "lgwan", amount: XSS }),
    );
    expect(amount.status).toBe(400);
    expect(JSON.parse(amount.text).message).toContain("is not an amount");
    // Node's URL parser refuses `<` in a Host (400, no body); what gets through is escaped.
    expect((await send(s.port, "/", { headers: { Host: XSS } })).text).toBe("");
    const host = await send(s.port, "/", { headers: { Host: `x"'&\`${"y".repeat(300)}.example` } });
    expect(host.status).toBe(403);
    expect(host.text).toContain("the Host header");
    expect(host.text).not.toMatch(/["'&`]/);
    expect(host.text.length).toBeLessThan(300);
    const upload = await me.post("/api/import", Buffer.from("x"), {
      "Content-Type": "application/octet-stream",
      "x-yosan-file-name": q,
    });
    expect(upload.status).toBe(200);
    for (const r of [line, amount, host, upload]) {
      expect(r.text).not.toContain("<script");
      expect(JSON.parse(JSON.stringify(r.text))).not.toMatch(/<\/?script/i);
    }
  });

  it("pages given hostile parameters escape them", async () => {
    for (const path of [
      `/?v=${q}`,
      `/statements?segment=${q}&explain=${q}&at=${q}&v=${q}`,
      `/explain?line=${q}&segment=${q}`,
      `/findings?status=${q}&check=${q}&statement=${q}&segment=${q}&page=${q}`,
      `/compare?a=${q}&b=${q}&segment=${q}`,
      `/downloads?v=${q}`,
      `/commitments?v=${q}`,
      `/import?v=${q}`,
    ]) {
      const r = await me.get(path);
      expect(r.status, path).toBe(200);
      expect(r.text, path).not.toContain("<script>alert");
    }
  });
});
