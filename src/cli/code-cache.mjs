// The whole command as one CommonJS file (output/.bundle/cli.cjs, written by bundle.mjs beside
// the ES module bundle) run through V8's code cache (cli.cjs.cache): the functions a FY29 build
// compiled when `npm run bundle` warmed it, so a command starts without compiling them again.
// Node 20 has no compile cache for ES modules (module.enableCompileCache came in 22), so the
// cached form is a script: node:vm's Script with `cachedData`, the way Node's own CommonJS
// loader wraps a module. A cache V8 rejects (another Node, other flags, an edited bundle) is
// ignored: the script compiles as usual. The bundle has no import() (bundle.mjs makes each a
// require()), so the script needs no module loader. Without the files cjsCli returns undefined
// and bin.mjs runs the ES module bundle.
import { existsSync, readFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import { dirname } from "node:path";
import vm from "node:vm";
import { BUNDLE_DIR } from "./bundle-stamp.mjs";

const CJS_ENTRY = `${BUNDLE_DIR}cli.cjs`;
const CJS_CACHE = `${BUNDLE_DIR}cli.cjs.cache`;

/** The CommonJS bundle's exports (`main`), and its script (for the cache); or undefined. */
export function cjsCli(file = CJS_ENTRY, cache = CJS_CACHE) {
  if (!existsSync(file)) return undefined;
  const cachedData = cache !== null && existsSync(cache) ? readFileSync(cache) : undefined;
  const script = new vm.Script(Module.wrap(readFileSync(file, "utf8")), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return { cli: module.exports, script };
}
