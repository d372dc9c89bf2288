/**
 * `yosan serve` as a user starts it: `yosan serve BOOK --port 0` prints the URL (127.0.0.1),
 * serves, and stops on SIGTERM with exit 0 — within a second, even with a live-reload stream
 * and an idle keep-alive connection open; another --host is served with a warning; a bad or
 * busy port is exit 2 with a reason. And the esbuild bundle (`npm run bundle`'s bundler) serves
 * too: everything the page needs is inside it; and its start-up path is commander and the option
 * definitions alone (with the words of both languages), each command loading only its own
 * module graph.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { Agent, type ClientRequest, get } from "node:http";
import { createServer } from "node:net";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { copyBook, REPO } from "./helpers/book.ts";
import { BIN, send, startCli as start } from "./helpers/serve.ts";

const portOf = (url: string) => Number(new URL(url).port);

describe("yosan serve on the command line", () => {
  it("prints a 127.0.0.1 URL, serves the book, stops on SIGTERM with exit 0", async () => {
    const s = await start([BIN], [copyBook(), "--port", "0"]);
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const r = await send(portOf(s.url), "/");
      expect(r.status).toBe(200);
      expect(r.text).toContain("地方公共団体情報システム機構");
      expect(s.stderr()).toBe("");
    } finally {
      expect(await s.stop()).toBe(0);
    }
  });

  it("--lang ja: the pages in Japanese whatever YOSAN_LANG says; ?lang=en switches a session", async () => {
    const s = await start([BIN], [copyBook(), "--port", "0", "--lang", "ja"]);
    try {
      const port = portOf(s.url);
      const r = await send(port, "/");
      expect(r.text).toContain('<html lang="ja">');
      expect(r.text).toContain("主要な数値");
      const en = await send(port, "/?lang=en");
      expect(en.text).toContain('<html lang="en">');
      expect(en.text).toContain("Key figures");
    } finally {
      expect(await s.stop()).toBe(0);
    }
  });

  it("stops within a second of SIGTERM or SIGINT with a live-reload stream and an idle keep-alive connection open", async () => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const s = await start([BIN], [copyBook(), "--port", "0"]);
      const port = portOf(s.url);
      const agent = new Agent({ keepAlive: true });
      let events: ClientRequest | undefined;
      try {
        // A page's live-reload stream, its first event received and the stream left open.
        events = await new Promise<ClientRequest>((resolve, reject) => {
          const req = get(
            { host: "127.0.0.1", port, path: "/events", headers: { Host: `127.0.0.1:${port}` } },
            (res) => res.once("data", () => resolve(req)),
          );
          req.on("error", reject);
        });
        // A page loaded over a keep-alive connection, which then sits idle.
        await new Promise<void>((resolve, reject) => {
          get(
            { host: "127.0.0.1", port, path: "/", agent, headers: { Host: `127.0.0.1:${port}` } },
            (res) => {
              res.resume();
              res.on("end", resolve);
            },
          ).on("error", reject);
        });
        expect(Object.keys(agent.freeSockets)).toHaveLength(1);
        const t0 = performance.now();
        const code = await s.stop(signal);
        const ms = performance.now() - t0;
        expect(code, signal).toBe(0);
        expect(ms, `${signal}: exited after ${Math.round(ms)} ms`).toBeLessThan(1000);
      } finally {
        events?.on("error", () => undefined).destroy();
        agent.destroy();
        s.child.kill("SIGKILL");
      }
    }
  }, 90_000);

  it("another --host is served, with a warning that the network can reach it", async () => {
    const s = await start([BIN], [copyBook(), "--port", "0", "--host", "0.0.0.0"]);
    try {
      expect(s.stderr()).toMatch(
        /warning: yosan serve listens on 0\.0\.0\.0: anyone who can reach this machine/,
      );
      expect((await send(portOf(s.url), "/")).status).toBe(200);
    } finally {
      expect(await s.stop()).toBe(0);
    }
  });

  it("a port that is not one, or is taken: exit 2 with the reason", async () => {
    const bad = spawnSync(process.execPath, [BIN, "serve", "--port", "99999"], {
      encoding: "utf8",
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("expected a port number from 0 to 65535");
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, "127.0.0.1", done));
    const port = (taken.address() as { port: number }).port;
    try {
      const busy = spawnSync(process.execPath, [BIN, "serve", copyBook(), "--port", String(port)], {
        encoding: "utf8",
      });
      expect(busy.status).toBe(2);
      expect(busy.stderr).toContain(`port ${port} is in use`);
    } finally {
      taken.close();
    }
  });
});

/** esbuild's metafile: each output file, the sources it holds and the files it imports. */
interface Metafile {
  outputs: Record<
    string,
    {
      entryPoint?: string;
      inputs: Record<string, unknown>;
      imports: { path: string; kind: string }[];
    }
  >;
}

/**
 * The sources a command's module loads (`start-up`: what cli.mjs loads before any action): the
 * inputs of every output file reached by static imports from its own file.
 */
function modulesLoaded(meta: Metafile): (from: string) => string[] {
  return (from) => {
    const start = Object.entries(meta.outputs).find(([path, o]) =>
      from === "start-up" ? path.endsWith("/cli.mjs") : o.entryPoint === from,
    )?.[0];
    const seen = new Set<string>();
    const visit = (path: string) => {
      if (seen.has(path)) return;
      seen.add(path);
      for (const i of meta.outputs[path]?.imports ?? [])
        if (i.kind === "import-statement" && i.path in meta.outputs) visit(i.path);
    };
    if (start !== undefined) visit(start);
    return [...seen].flatMap((path) => Object.keys(meta.outputs[path]?.inputs ?? {})).sort();
  };
}

describe("the bundle", () => {
  it("npm run bundle's bundler: start-up is commander and the options, each command loads its own modules, the bundle serves", async () => {
    const script = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).scripts
      .bundle as string;
    expect(script).toContain("node src/cli/bundle.mjs");
    const dir = join(REPO, "output", `.bundle-test-${process.pid}`);
    const outfile = join(dir, "cli.mjs");
    try {
      const built = spawnSync(
        process.execPath,
        [join(REPO, "src/cli/bundle.mjs"), "--outdir", dir, "--analyze"],
        { cwd: REPO, encoding: "utf8" },
      );
      expect(built.status, built.stderr).toBe(0);
      const loads = modulesLoaded(JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")));
      expect(loads("start-up").filter((m) => !/node_modules\/commander\//.test(m))).toEqual([
        "src/cli/cli.ts",
        "src/cli/commander-words.ts",
        "src/cli/help-text.ts",
        "src/model/text.ts",
        "src/render/formats.ts",
        "src/render/text-width.ts",
        "src/serve/defaults.ts",
      ]);
      const heavy = /^src\/(serve|import)\/|node_modules\/(hono|@hono|exceljs)\//;
      expect(loads("src/cli/build.ts").filter((m) => heavy.test(m))).toEqual([]);
      expect(
        loads("src/cli/commands.ts").filter(
          (m) => heavy.test(m) || /^src\/render\/(report|workbook)\/|csv-stringify/.test(m),
        ),
      ).toEqual([]);
      // As bin.mjs runs it: import the bundle, call its main with the arguments.
      const run = `const cli = await import(${JSON.stringify(pathToFileURL(outfile).href)}); await cli.main(process.argv.slice(1));`;
      const s = await start(["--input-type=module", "-e", run], [copyBook(), "--port", "0"]);
      try {
        const port = portOf(s.url);
        for (const path of ["/", "/statements?segment=lgwan", "/assets/app.js", "/assets/app.css"])
          expect((await send(port, path)).status, path).toBe(200);
      } finally {
        expect(await s.stop()).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
