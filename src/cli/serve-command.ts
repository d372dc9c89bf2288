/**
 * `yosan serve [BOOK] [--port N] [--host ADDR] [--allow-import] [--strict]`: the book in a
 * browser. Prints the URL, serves until interrupted (Ctrl+C), then closes. Listens on
 * 127.0.0.1 only unless --host names another address, which it warns about.
 */
import type { RunningServer } from "../serve/server.ts";

export interface ServeCommandOptions {
  readonly port: number;
  readonly host: string;
  readonly allowImport: boolean;
  readonly strict: boolean;
}

/** What `serve` writes and how it learns to stop (tests stop it themselves). */
export interface ServeIO {
  out(text: string): void;
  err(text: string): void;
  /** Resolves when the server should stop (SIGINT or SIGTERM by default). */
  stopped?: Promise<void>;
}

function signalled(): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      done();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

/** Serve `book` until stopped; returns the exit code (2 when the server cannot start). */
export async function runServe(
  book: string,
  options: ServeCommandOptions,
  io: ServeIO,
): Promise<number> {
  // Loaded here, so that other commands never load the server and its libraries.
  const { startServer } = await import("../serve/server.ts");
  const { isLoopback } = await import("../serve/guard.ts");
  let server: RunningServer;
  try {
    server = await startServer({
      book,
      port: options.port,
      host: options.host,
      allowImport: options.allowImport,
      strict: options.strict,
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why =
      e.code === "EADDRINUSE"
        ? `port ${options.port} is in use; give another with --port N (0 picks a free one)`
        : e.code === "EADDRNOTAVAIL" || e.code === "ENOTFOUND"
          ? `${options.host} is not an address of this machine`
          : `cannot listen on ${options.host}:${options.port} (${e.code ?? e.message})`;
    io.err(`yosan: ${why}\n`);
    return 2;
  }
  if (!isLoopback(options.host))
    io.err(
      `warning: yosan serve listens on ${options.host}: anyone who can reach this machine on port ${server.address.port} can read the book${options.allowImport ? " and, with its page open, change it" : ""}. Without --host it listens on 127.0.0.1 only.\n`,
    );
  const state = server.live.current;
  const what = state.ok
    ? `${state.book.entity} ${state.book.title}`
    : `the book does not load (${state.issues.length} problems; the page lists them)`;
  io.out(
    `yosan serve: ${server.url}  — ${what} [${book}]${options.allowImport ? "; import on" : ""}\n(Ctrl+C stops the server)\n`,
  );
  await (io.stopped ?? signalled());
  await server.close();
  return 0;
}
