/**
 * `yosan serve [BOOK] [--port N] [--host ADDR] [--allow-import] [--strict]`: the book in a
 * browser. Prints the URL, serves until interrupted (Ctrl+C), then closes. Listens on
 * 127.0.0.1 only unless --host names another address, which it warns about.
 */
import { formatCount } from "../model/amount-text.ts";
import { type Lang, terminalLang } from "../model/text.ts";
import type { RunningServer } from "../serve/server.ts";
import type { Env } from "./prepare.ts";

export interface ServeCommandOptions {
  readonly port: number;
  readonly host: string;
  readonly allowImport: boolean;
  readonly strict: boolean;
  /** `--lang`: the language of the terminal and of the pages, whatever the book says. */
  readonly lang?: Lang;
}

/** What `serve` writes and how it learns to stop (tests stop it themselves). */
export interface ServeIO {
  out(text: string): void;
  err(text: string): void;
  /** Where YOSAN_LANG and the locale are read (default: the process's environment). */
  readonly env?: Env;
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
  const env = io.env ?? process.env;
  let server: RunningServer;
  try {
    server = await startServer({
      book,
      port: options.port,
      host: options.host,
      allowImport: options.allowImport,
      strict: options.strict,
      ...(options.lang !== undefined ? { lang: options.lang } : {}),
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const ja = terminalLang(options.lang, env, undefined) === "ja";
    const why =
      e.code === "EADDRINUSE"
        ? ja
          ? `ポート ${options.port} は使用中です。--port N で別のポートを指定してください（0 は空いているポートを選びます）。`
          : `port ${options.port} is in use; give another with --port N (0 picks a free one)`
        : e.code === "EADDRNOTAVAIL" || e.code === "ENOTFOUND"
          ? ja
            ? `${options.host} はこのコンピューターのアドレスではありません。`
            : `${options.host} is not an address of this machine`
          : ja
            ? `${options.host}:${options.port} で待ち受けできません（${e.code ?? e.message}）。`
            : `cannot listen on ${options.host}:${options.port} (${e.code ?? e.message})`;
    io.err(`yosan: ${why}\n`);
    return 2;
  }
  const state = server.live.current;
  const ja = terminalLang(options.lang, env, state.ok ? state.book.language : undefined) === "ja";
  const port = server.address.port;
  if (!isLoopback(options.host))
    io.err(
      ja
        ? `警告: yosan serve は ${options.host} で待ち受けています。このコンピューターのポート ${port} に接続できる人は誰でも帳簿を読むことができます${options.allowImport ? "（ページを開けば、変更もできます）" : ""}。--host を指定しなければ 127.0.0.1 だけで待ち受けます。\n`
        : `warning: yosan serve listens on ${options.host}: anyone who can reach this machine on port ${port} can read the book${options.allowImport ? " and, with its page open, change it" : ""}. Without --host it listens on 127.0.0.1 only.\n`,
    );
  const what = state.ok
    ? `${state.book.entity} ${state.book.title}`
    : ja
      ? `帳簿を読み込めません（問題 ${formatCount(state.issues.length)} 件。ページに一覧があります）`
      : `the book does not load (${state.issues.length} problems; the page lists them)`;
  io.out(
    ja
      ? `yosan serve: ${server.url}  — ${what} [${book}]${options.allowImport ? "（取込み可）" : ""}\n（Ctrl+C でサーバーを停止します）\n`
      : `yosan serve: ${server.url}  — ${what} [${book}]${options.allowImport ? "; import on" : ""}\n(Ctrl+C stops the server)\n`,
  );
  await (io.stopped ?? signalled());
  await server.close();
  return 0;
}
