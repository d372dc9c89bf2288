#!/usr/bin/env node
// Entry point of the `yosan` command. Runs the bundle that `npm install` builds
// (output/.bundle/cli.cjs with its code cache, else cli.mjs and its chunks, by the `prepare`
// script; code-cache.mjs) when it was built from src/
// as it is now (bundle-stamp.mjs: no file under src/ newer than its stamp); otherwise registers
// tsx and runs the TypeScript sources as they are, so an edit to src/ takes effect at once and
// a stale bundle is never used.
import { pathToFileURL } from "node:url";
import { bundleIsFresh, ENTRY } from "./bundle-stamp.mjs";
import { cjsCli } from "./code-cache.mjs";

const args = process.argv.slice(2);

/** The one-file bundle's exports, or undefined when it cannot be run (the chunks are). */
function oneFile() {
  try {
    return cjsCli()?.cli;
  } catch {
    return undefined;
  }
}
// Help reads only commander and the option texts: the chunks that hold them load faster than the
// whole command, even from its code cache.
const help = args.length === 0 || args.includes("--help") || args.includes("-h");
let cli;
if (bundleIsFresh()) {
  // The one-file bundle with V8's code cache when it is there (code-cache.mjs), else the chunks.
  cli = (help ? undefined : oneFile()) ?? (await import(pathToFileURL(ENTRY).href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  cli = await import("./cli.ts");
}
await cli.main(args);
