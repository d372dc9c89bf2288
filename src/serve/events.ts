/**
 * The page's live updates: the book's state changes as server-sent events (`/events`), one
 * `book` event per reload with its generation and whether it loaded, and a ping between.
 */
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { LiveBook } from "./live-book.ts";

/** A comment line on an open event stream this often, so that proxies keep it. */
const PING_MS = 15_000;

/**
 * The book's state changes, as server-sent events (the first one at once), until the client
 * goes away or the server closes: the wait between pings ends (its timer cleared) on either,
 * so an open page never holds up the server's exit.
 */
export function bookEvents(c: Context, live: LiveBook, closing: AbortSignal | undefined): Response {
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
