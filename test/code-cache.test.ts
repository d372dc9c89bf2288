/**
 * The one-file bundle and its V8 code cache (src/cli/code-cache.mjs, written by `npm run
 * bundle`, which `npm test` runs first): both are there, V8 accepts the cache for this Node,
 * and the command it runs is yosan's — bin.mjs runs it whenever the bundle is fresh.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, tempDir } from "./helpers/book.ts";

const DIR = join(REPO, "output", ".bundle");

describe("the one-file bundle", () => {
  it("is there with its code cache, which V8 accepts, and exports the command's main", async () => {
    const file = join(DIR, "cli.cjs");
    const cache = join(DIR, "cli.cjs.cache");
    expect(existsSync(file)).toBe(true);
    expect(existsSync(cache)).toBe(true);
    const { cjsCli } = (await import(join(REPO, "src/cli/code-cache.mjs"))) as {
      cjsCli: (
        file: string,
        cache: string | null,
      ) => { cli: { main: unknown }; script: { cachedDataRejected?: boolean } } | undefined;
    };
    const loaded = cjsCli(file, cache);
    expect(loaded).toBeDefined();
    expect(loaded?.script.cachedDataRejected).toBe(false);
    expect(typeof loaded?.cli.main).toBe("function");
    // Without a cache it still loads (a cache V8 rejects is the same as none).
    expect(typeof cjsCli(file, null)?.cli.main).toBe("function");
  });

  it("is given its cache only beside the very file it was made from (V8 compares lengths only)", async () => {
    const { cjsCli } = (await import(join(REPO, "src/cli/code-cache.mjs"))) as {
      cjsCli: (
        file: string,
        cache: string | null,
      ) => { script: { cachedDataRejected?: boolean } } | undefined;
    };
    const dir = tempDir("yosan-cache-");
    const file = join(dir, "cli.cjs");
    const cache = join(dir, "cli.cjs.cache");
    // The same length, one word changed: V8 alone would take the old cache and run old code.
    const source = readFileSync(join(DIR, "cli.cjs"), "utf8");
    expect(source).toContain('"level"');
    writeFileSync(file, source.replace('"level"', '"LEVEL"'));
    copyFileSync(join(DIR, "cli.cjs.cache"), cache);
    copyFileSync(join(DIR, "cli.cjs.cache.json"), `${cache}.json`);
    const loaded = cjsCli(file, cache);
    // No cachedData was given at all (V8 says whether it rejected a cache only when given one).
    expect(loaded?.script.cachedDataRejected).toBeUndefined();
  });
});
