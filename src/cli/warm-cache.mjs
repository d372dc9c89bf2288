// Run by bundle.mjs in a process of its own: a FY29 build (JSON and CSV, into a temporary
// folder it removes) through the CommonJS bundle, then V8's code cache of everything that build
// compiled, written whole beside the bundle (code-cache.mjs). Arguments: the bundle, the cache
// file, the book, the temporary output folder.
import { renameSync, writeFileSync } from "node:fs";
import { cjsCli } from "./code-cache.mjs";

const [file, cache, book, out] = process.argv.slice(2);
const loaded = cjsCli(file, null);
if (loaded !== undefined) {
  // What the build says is not wanted here; the cache is.
  process.stdout.write = () => true;
  process.stderr.write = () => true;
  await loaded.cli.main(["build", book, "--formats", "json,csv", "--out", out, "--lang", "ja"]);
  const tmp = `${cache}.${process.pid}.tmp`;
  writeFileSync(tmp, loaded.script.createCachedData());
  renameSync(tmp, cache);
}
process.exitCode = 0;
