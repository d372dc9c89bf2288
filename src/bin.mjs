#!/usr/bin/env node
// Entry point of the `yosan` command. Runs the bundle that `npm install` builds
// (output/.bundle/cli.mjs, by the `prepare` script) when it is newer than every source file;
// otherwise registers tsx and runs the TypeScript sources as they are, so an edit to src/
// takes effect at once and a stale bundle is never used.
import { readdirSync, statSync } from "node:fs";

const src = new URL("./", import.meta.url);
const bundle = new URL("../output/.bundle/cli.mjs", import.meta.url);

function bundleIsFresh() {
  try {
    const built = statSync(bundle).mtimeMs;
    return readdirSync(src).every((name) => statSync(new URL(name, src)).mtimeMs <= built);
  } catch {
    return false;
  }
}

let cli;
if (bundleIsFresh()) {
  cli = await import(bundle.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  cli = await import("./cli.ts");
}
await cli.main(process.argv.slice(2));
