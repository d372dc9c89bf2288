// Run by bundle.mjs in a process of its own: a FY29 build (JSON and CSV, into a temporary
// folder it removes) through the CommonJS bundle, then V8's code cache of everything that build
// compiled, written whole beside the bundle (code-cache.mjs). Arguments: the bundle, the cache
// file, the book, the temporary output folder.
import { renameSync, writeFileSync } from "node:fs";
import { cjsCli, identityOf } from "./code-cache.mjs";

const [file, cache, book, out] = process.argv.slice(2);
const identity = identityOf(file);
const loaded = cjsCli(file, null);
if (loaded !== undefined) {
  // What the build says is not wanted here; the cache is.
  process.stdout.write = () => true;
  process.stderr.write = () => true;
  await loaded.cli.main(["build", book, "--formats", "json,csv", "--out", out, "--lang", "ja"]);
  // The bundle this cache is of, recorded beside it (code-cache.mjs takes it for that file only).
  const tmp = `${cache}.${process.pid}.tmp`;
  writeFileSync(tmp, loaded.script.createCachedData());
  renameSync(tmp, cache);
  writeFileSync(tmp, `${JSON.stringify({ identity })}\n`);
  renameSync(tmp, `${cache}.json`);
}
process.exitCode = 0;
