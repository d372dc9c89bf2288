/**
 * Test helper for `yosan serve`: a server over a copy of a book (in a temporary directory, on
 * an ephemeral port), and requests made with node:http so a test can send any Host header
 * (fetch refuses to), with a session: its cookie and the token read from a page; and
 * `yosan serve` started as a user starts it, in a child process (`startCli`).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { type RunningServer, type ServeOptions, startServer } from "../../src/serve/server.ts";
import { copyBook, FY29, REPO } from "./book.ts";

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  readonly text: string;
}

export interface Sent {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

/** One request to the server at `port` (Host 127.0.0.1:port unless the headers say otherwise). */
export function send(port: number, path: string, sent: Sent = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path,
        method: sent.method ?? "GET",
        headers: { Host: `127.0.0.1:${port}`, ...sent.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text: body.toString("utf8"),
          });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (sent.body !== undefined) req.write(sent.body);
    req.end();
  });
}

/** A browser session: the cookie the server set and the token of its pages. */
export interface Session {
  readonly cookie: string;
  readonly token: string;
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
  post(path: string, body?: string | Buffer, headers?: Record<string, string>): Promise<Reply>;
}

/** Open a session: load the overview, keep its cookie and token. */
export async function session(port: number): Promise<Session> {
  const first = await send(port, "/");
  const setCookie = first.headers["set-cookie"];
  const header = (Array.isArray(setCookie) ? setCookie[0] : setCookie) ?? "";
  const cookie = header.split(";")[0] ?? "";
  const token = /<meta name="yosan-token" content="([0-9a-f]+)">/.exec(first.text)?.[1] ?? "";
  if (!cookie || !token) throw new Error("no session cookie or token on the overview");
  return {
    cookie,
    token,
    get: (path, headers = {}) => send(port, path, { headers: { Cookie: cookie, ...headers } }),
    post: (path, body = "{}", headers = {}) =>
      send(port, path, {
        method: "POST",
        body,
        headers: {
          Cookie: cookie,
          "x-yosan-token": token,
          "Content-Type": "application/json",
          ...headers,
        },
      }),
  };
}

export interface Served {
  readonly server: RunningServer;
  /** The copy of the book the server serves. */
  readonly dir: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Serve a copy of `book` (FY29 by default) on an ephemeral port of 127.0.0.1. */
export async function serveCopy(
  options: Partial<Omit<ServeOptions, "book">> & { from?: string } = {},
): Promise<Served> {
  const dir = copyBook(options.from ?? FY29);
  const { from: _from, ...rest } = options;
  const server = await startServer({ book: dir, port: 0, ...rest });
  return { server, dir, port: server.address.port, close: () => server.close() };
}

/** The `yosan` command as a user runs it. */
export const BIN = join(REPO, "src/cli/bin.mjs");

export interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** SIGTERM (or `signal`), then the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Start `node NODE_ARGS… serve ARGS…` and wait for the URL it prints. */
export function startCli(node: string[], args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [...node, "serve", ...args], { cwd: REPO });
  let out = "";
  let err = "";
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no URL printed; stdout: ${out}; stderr: ${err}`));
    }, 30_000);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const url = /http:\/\/[^\s]+/.exec(out)?.[0];
      if (!url) return;
      clearTimeout(timer);
      resolve({
        child,
        url,
        stdout: () => out,
        stderr: () => err,
        stop: (signal = "SIGTERM") => {
          child.kill(signal);
          return exited;
        },
      });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before printing a URL; stderr: ${err}`));
    });
  });
}
