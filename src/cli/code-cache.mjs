// The whole command as one CommonJS file (output/.bundle/cli.cjs, written by bundle.mjs beside
// the ES module bundle) run through V8's code cache (cli.cjs.cache): the functions a FY29 build
// compiled when `npm run bundle` warmed it, so a command starts without compiling them again.
// Node 20 has no compile cache for ES modules (module.enableCompileCache came in 22), so the
// cached form is a script: node:vm's Script with `cachedData`, the way Node's own CommonJS
// loader wraps a module. V8 rejects a cache of another Node or other flags, but it compares a
// source only by its length: so the cache is used only beside the very file it was made from
// (the size and modification time warm-cache.mjs recorded in cli.cjs.cache.json), and any
// other is ignored — the script compiles as usual. The bundle has no import() (bundle.mjs makes each a
// require()), so the script needs no module loader. Without the files cjsCli returns undefined
// and bin.mjs runs the ES module bundle.
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire, Module } from "node:module";
import { dirname } from "node:path";
import vm from "node:vm";
import { BUNDLE_DIR } from "./bundle-stamp.mjs";

const CJS_ENTRY = `${BUNDLE_DIR}cli.cjs`;
const CJS_CACHE = `${BUNDLE_DIR}cli.cjs.cache`;

/** What identifies the bundle a cache was made from: its size and modification time. */
export function identityOf(file) {
  const s = statSync(file);
  return `${s.size}:${s.mtimeMs}`;
}

/** The cache of `file` when it was made from the file as it is now; else undefined. */
function cacheOf(cache, identity) {
  try {
    const made = JSON.parse(readFileSync(`${cache}.json`, "utf8"));
    return made.identity === identity ? readFileSync(cache) : undefined;
  } catch {
    return undefined;
  }
}

/** The CommonJS bundle's exports (`main`), and its script (for the cache); or undefined. */
export function cjsCli(file = CJS_ENTRY, cache = CJS_CACHE) {
  if (!existsSync(file)) return undefined;
  const identity = identityOf(file);
  const source = readFileSync(file, "utf8");
  // Read after the source: a cache renamed in meanwhile names a newer file and is not taken.
  const cachedData = cache === null ? undefined : cacheOf(cache, identity);
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return { cli: module.exports, script };
}
