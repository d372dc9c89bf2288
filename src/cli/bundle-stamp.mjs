// When `yosan` may run the bundle instead of the sources, and the stamp that says so: `npm run
// bundle` (bundle.mjs) records in output/.bundle/stamp.json the newest modification time of any
// file under src/, read before it bundles; bin.mjs runs the bundle while no file under src/ is
// newer than that, and the TypeScript sources through tsx otherwise. A file saved while the
// bundle is being built is newer than the stamp, so that bundle is never taken for it.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** src/, and output/.bundle/ where the bundle (cli.mjs), its chunks and stamp.json live (paths ending in a slash). */
const SRC = fileURLToPath(new URL("../", import.meta.url));
export const BUNDLE_DIR = fileURLToPath(new URL("../../output/.bundle/", import.meta.url));
export const ENTRY = `${BUNDLE_DIR}cli.mjs`;

/** The newest modification time (ms) of any file under `dir` (a path ending in a slash). */
export function newestUnder(dir = SRC) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = dir + entry.name;
    const t = entry.isDirectory() ? newestUnder(`${path}/`) : statSync(path).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

/** Is no file under `dir` newer than `ms`? Stops at the first newer one. */
function noneNewer(dir, ms) {
  return readdirSync(dir, { withFileTypes: true }).every((entry) =>
    entry.isDirectory()
      ? noneNewer(`${dir}${entry.name}/`, ms)
      : statSync(dir + entry.name).mtimeMs <= ms,
  );
}

/** What the last complete bundling into `dir` wrote: src/'s newest time then, and its chunks. */
export function readStamp(dir = BUNDLE_DIR) {
  try {
    const stamp = JSON.parse(readFileSync(`${dir}stamp.json`, "utf8"));
    return typeof stamp.src === "number" && Array.isArray(stamp.chunks) ? stamp : null;
  } catch {
    return null;
  }
}

/** Is there a bundle built from src/ as it is now? */
export function bundleIsFresh() {
  const stamp = readStamp();
  try {
    return stamp !== null && existsSync(ENTRY) && noneNewer(SRC, stamp.src);
  } catch {
    return false;
  }
}
