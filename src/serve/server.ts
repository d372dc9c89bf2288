/**
 * `yosan serve`'s server: the book loaded and watched, the application on Node's http server
 * (@hono/node-server), on 127.0.0.1 unless another address is asked for, and a temporary
 * directory of its own for uploads, removed when it closes. Its pages speak `--lang`, else
 * YOSAN_LANG, else the book's language (read here from the process's environment).
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAdaptorServer } from "@hono/node-server";
import type { Lang } from "../model/text.ts";
import { createApp } from "./app.ts";
import { DEFAULT_HOST, DEFAULT_PORT } from "./defaults.ts";
import { allowedHosts, urlHost } from "./guard.ts";
import { LiveBook } from "./live-book.ts";

export { DEFAULT_HOST, DEFAULT_PORT };

export interface ServeOptions {
  readonly book: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly host?: string;
  readonly allowImport?: boolean;
  readonly strict?: boolean;
  /** Watch the book's files and reload (default true). */
  readonly watch?: boolean;
  /** Most bytes a dropped file may have (default 64 MiB). */
  readonly maxUploadBytes?: number;
  /**
   * The language `--lang` asks for: of the pages (unless a page switches with `?lang=`), the
   * answers and the log; without it, YOSAN_LANG, then the book's (the log: the locale first).
   */
  readonly lang?: Lang;
}

export interface RunningServer {
  /** `http://127.0.0.1:8429/`. */
  readonly url: string;
  /** Where the server listens, as the operating system reports it. */
  readonly address: AddressInfo;
  readonly live: LiveBook;
  close(): Promise<void>;
}

/** Start serving the book; resolves once the server listens (rejects when it cannot). */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const live = new LiveBook(options.book, { strict: options.strict ?? false });
  const tempDir = mkdtempSync(join(tmpdir(), "yosan-serve-"));
  let hosts: ReadonlySet<string> = new Set();
  let cookie = "yosan";
  const closing = new AbortController();
  const app = createApp({
    live,
    allowImport: options.allowImport ?? false,
    tempDir,
    hosts: () => hosts,
    cookie: () => cookie,
    closing: closing.signal,
    env: process.env,
    ...(options.lang !== undefined ? { lang: options.lang } : {}),
    ...(options.maxUploadBytes !== undefined ? { maxUploadBytes: options.maxUploadBytes } : {}),
  });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  const cleanUp = () => {
    live.close();
    rmSync(tempDir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((done, fail) => {
      server.once("error", fail);
      server.listen(options.port ?? DEFAULT_PORT, host, () => {
        server.off("error", fail);
        done();
      });
    });
  } catch (error) {
    cleanUp();
    throw error;
  }
  const address = server.address() as AddressInfo;
  hosts = allowedHosts(host, address.port);
  cookie = `yosan-${address.port}`;
  if (options.watch ?? true) live.watch();
  const shownHost = host === "0.0.0.0" || host === "::" ? DEFAULT_HOST : urlHost(host);
  return {
    url: `http://${shownHost}:${address.port}/`,
    address,
    live,
    // Live-reload streams end, then every connection — idle keep-alive ones, open streams,
    // requests in flight — is closed, so nothing holds the process after close.
    close: () =>
      new Promise<void>((done) => {
        closing.abort();
        cleanUp();
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
