#!/usr/bin/env node
// Entry point of the `yosan` command. Runs the bundle that `npm install` builds
// (output/.bundle/cli.mjs, by the `prepare` script) when it is newer than every source file
// under src/; otherwise registers tsx and runs the TypeScript sources as they are, so an edit
// to src/ takes effect at once and a stale bundle is never used.
import { readdirSync, statSync } from "node:fs";

const src = new URL("../", import.meta.url);
const bundle = new URL("../../output/.bundle/cli.mjs", import.meta.url);

/** Is every file under `dir` (recursively) no newer than `built`? */
function olderThan(dir, built) {
  return readdirSync(dir, { withFileTypes: true }).every((entry) => {
    const url = new URL(entry.isDirectory() ? `${entry.name}/` : entry.name, dir);
    return entry.isDirectory() ? olderThan(url, built) : statSync(url).mtimeMs <= built;
  });
}

function bundleIsFresh() {
  try {
    return olderThan(src, statSync(bundle).mtimeMs);
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
