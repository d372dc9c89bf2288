/**
 * Test helper: headless Chromium driven over the DevTools protocol on a pipe
 * (`--remote-debugging-pipe`: messages are JSON, NUL-terminated, on fds 3/4), so no extra
 * dependency is needed; and a page opened in it, with what it logged and requested.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

export interface CdpMessage {
  readonly id?: number;
  readonly method?: string;
  readonly params?: Record<string, unknown>;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly message: string };
  readonly sessionId?: string;
}

export interface Browser {
  send<T = Record<string, unknown>>(
    method: string,
    params?: Record<string, unknown>,
    sessionId?: string,
  ): Promise<T>;
  onEvent(listener: (m: CdpMessage) => void): void;
  close(): Promise<void>;
}

export function launchChromium(): Browser {
  const profile = mkdtempSync(join(tmpdir(), "yosan-chromium-"));
  const child = spawn(
    CHROMIUM,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--hide-scrollbars",
      `--user-data-dir=${profile}`,
      "--remote-debugging-pipe",
      "about:blank",
    ],
    { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const toChrome = child.stdio[3] as Writable;
  const fromChrome = child.stdio[4] as Readable;
  const pending = new Map<number, { resolve: (r: never) => void; reject: (e: Error) => void }>();
  const listeners: ((m: CdpMessage) => void)[] = [];
  let nextId = 1;
  let buffer = Buffer.alloc(0);
  fromChrome.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (let end = buffer.indexOf(0); end >= 0; end = buffer.indexOf(0)) {
      const message = JSON.parse(buffer.subarray(0, end).toString("utf8")) as CdpMessage;
      buffer = buffer.subarray(end + 1);
      if (message.id === undefined) {
        for (const l of listeners) l(message);
        continue;
      }
      const p = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) p?.reject(new Error(message.error.message));
      else p?.resolve((message.result ?? {}) as never);
    }
  });
  child.on("exit", (code) => {
    for (const p of pending.values()) p.reject(new Error(`chromium exited (${code}):\n${stderr}`));
    pending.clear();
  });
  return {
    send<T>(method: string, params: Record<string, unknown> = {}, sessionId?: string) {
      const id = nextId++;
      const message = { id, method, params, ...(sessionId ? { sessionId } : {}) };
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (r: never) => void, reject });
        toChrome.write(`${JSON.stringify(message)}\0`);
      });
    },
    onEvent(listener) {
      listeners.push(listener);
    },
    async close() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      if (child.exitCode === null) {
        await this.send("Browser.close").catch(() => undefined);
        const timer = new Promise((resolve) => setTimeout(resolve, 5000));
        await Promise.race([exited, timer]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page loaded in the browser: evaluate in it; the errors it logged, the URLs it requested. */
export interface OpenPage {
  readonly sessionId: string;
  evaluate<T>(expression: string): Promise<T>;
  readonly errors: string[];
  readonly requests: string[];
  /** A PNG of the part of the page from `y` (CSS pixels), `height` tall (default: to the end). */
  screenshot(clip?: { y: number; height: number }): Promise<Buffer>;
}

/** Open `url` in a new tab `width` CSS pixels wide and wait for its load event. */
export async function openPage(browser: Browser, url: string, width = 1400): Promise<OpenPage> {
  const { targetId } = await browser.send<{ targetId: string }>("Target.createTarget", {
    url: "about:blank",
  });
  const { sessionId } = await browser.send<{ sessionId: string }>("Target.attachToTarget", {
    targetId,
    flatten: true,
  });
  const errors: string[] = [];
  const requests: string[] = [];
  let onLoad: () => void = () => undefined;
  const loaded = new Promise<void>((resolve) => {
    onLoad = resolve;
  });
  browser.onEvent((m) => {
    if (m.sessionId !== sessionId) return;
    const p = m.params ?? {};
    if (m.method === "Page.loadEventFired") onLoad();
    if (m.method === "Runtime.consoleAPICalled" && ["error", "assert"].includes(`${p.type}`))
      errors.push(`console.${p.type}: ${JSON.stringify(p.args)}`);
    if (m.method === "Runtime.exceptionThrown")
      errors.push(`exception: ${JSON.stringify(p.exceptionDetails)}`);
    if (m.method === "Log.entryAdded") {
      const entry = p.entry as { level?: string; text?: string; url?: string };
      if (entry.level === "error") errors.push(`log: ${entry.text} ${entry.url ?? ""}`);
    }
    if (m.method === "Network.requestWillBeSent")
      requests.push(`${(p.request as { url?: string }).url}`);
  });
  for (const domain of ["Page", "Runtime", "Log", "Network"])
    await browser.send(`${domain}.enable`, {}, sessionId);
  await browser.send(
    "Emulation.setDeviceMetricsOverride",
    { width, height: 900, deviceScaleFactor: 1, mobile: false },
    sessionId,
  );
  await browser.send("Page.navigate", { url }, sessionId);
  await loaded;
  const evaluate = async <T>(expression: string): Promise<T> => {
    const r = await browser.send<{ result: { value: T }; exceptionDetails?: unknown }>(
      "Runtime.evaluate",
      { expression, returnByValue: true },
      sessionId,
    );
    if (r.exceptionDetails) throw new Error(JSON.stringify(r.exceptionDetails));
    return r.result.value;
  };
  const screenshot = async (clip?: { y: number; height: number }) => {
    const metrics = await browser.send<{ cssContentSize: { height: number } }>(
      "Page.getLayoutMetrics",
      {},
      sessionId,
    );
    const y = clip?.y ?? 0;
    const height = clip?.height ?? Math.ceil(metrics.cssContentSize.height) - y;
    const shot = await browser.send<{ data: string }>(
      "Page.captureScreenshot",
      { format: "png", captureBeyondViewport: true, clip: { x: 0, y, width, height, scale: 1 } },
      sessionId,
    );
    return Buffer.from(shot.data, "base64");
  };
  return { sessionId, evaluate, errors, requests, screenshot };
}
