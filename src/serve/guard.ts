/**
 * The doors of the server, as hono middleware: a request must name the server itself in its
 * Host header (a page of another site that rebinds its DNS name to 127.0.0.1 names its own
 * host, and is refused) and, where the browser says where it comes from (Origin,
 * Sec-Fetch-Site), come from the server's own pages; every response says what a page may load
 * (its own assets only: no CDN, no inline script) and that it is not to be framed or cached.
 * And the one way an answer repeats text a request brought (`echo`): short, and with nothing
 * a browser could take for markup.
 */
import { hostname, networkInterfaces } from "node:os";
import type { MiddlewareHandler } from "hono";
import { inLang, type Lang, say, type Text } from "../model/text.ts";

/** Loopback names a browser on this machine may use for a server bound to loopback. */
const LOOPBACK = ["127.0.0.1", "localhost", "[::1]"];

/** Is `host` (a --host value) a loopback address? */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** `::1` → `[::1]`: a host as a URL or Host header writes it. */
export function urlHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/**
 * The `host:port` values a request may name: the loopback names, the address the server is
 * bound to and, for a wildcard address (0.0.0.0, ::), this machine's name and addresses.
 */
export function allowedHosts(bound: string, port: number): Set<string> {
  const names = new Set<string>([...LOOPBACK, urlHost(bound)]);
  if (bound === "0.0.0.0" || bound === "::") {
    names.add(hostname());
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? []) names.add(urlHost(a.address));
  }
  return new Set([...names].map((n) => `${n.toLowerCase()}:${port}`));
}

/** Most characters of a request's text an answer repeats. */
const ECHO_CHARS = 64;
/** What an echo writes as `\uXXXX`: markup, quotes, control characters, line separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it escapes
const UNSAFE = /[<>&"'`\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * Text from a request (a Host, an amount, a line id) as an answer may repeat it: at most
 * ECHO_CHARS characters, then "…", with `<`, `>`, `&`, quotes, backquote and control characters
 * written as `\uXXXX`, so that no page, log or plain-text answer shows markup a request sent.
 */
export function echo(text: string, max = ECHO_CHARS): string {
  const chars = [...text];
  const clipped = chars.length > max ? `${chars.slice(0, max).join("")}…` : text;
  return clipped.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** What every response of the server says about itself. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "same-origin",
  "Cache-Control": "no-store",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
};

const refuse = (why: Text, lang: Lang) =>
  new Response(`yosan serve: ${inLang(why, lang)}\n`, {
    status: 403,
    headers: { "Content-Type": "text/plain; charset=utf-8", ...SECURITY_HEADERS },
  });

/**
 * Refuse a request whose Host is not the server's (DNS rebinding), whose Origin is another
 * site's, or that changes something from another site (Sec-Fetch-Site), saying why in the
 * server's language (`lang`: its pages' unless a session chose another).
 */
export function hostGuard(hosts: () => ReadonlySet<string>, lang: () => Lang): MiddlewareHandler {
  return async (c, next) => {
    const allowed = hosts();
    const host = (c.req.header("host") ?? "").toLowerCase();
    if (!allowed.has(host))
      return refuse(
        say(
          `Host ヘッダーの「${echo(host)}」はこのサーバーではありません。yosan が表示した URL を開いてください。`,
          `the Host header 「${echo(host)}」 is not this server; open the URL yosan printed`,
        ),
        lang(),
      );
    const origin = c.req.header("origin");
    if (origin !== undefined && !allowed.has(origin.toLowerCase().replace(/^http:\/\//, "")))
      return refuse(
        say(
          "ほかのオリジンのページはこのサーバーを使えません。",
          "a page of another origin may not use this server",
        ),
        lang(),
      );
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      const site = c.req.header("sec-fetch-site");
      if (site !== undefined && site !== "same-origin" && site !== "none")
        return refuse(
          say(
            "ほかのサイトのページは帳簿を変更できません。",
            "a page of another site may not change the book",
          ),
          lang(),
        );
    }
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
  };
}
