// `npm run bundle` (also run by `prepare` on `npm install`): the sources and their dependencies,
// except exceljs, bundled by esbuild into output/.bundle/ — cli.mjs, which holds commander and
// the option definitions, and chunk-<hash>.mjs files shared between the commands' module graphs,
// so that each command loads only the chunks its action imports. Then the stamp bin.mjs reads
// (bundle-stamp.mjs). `--analyze` also prints what each file holds and writes esbuild's
// metafile to meta.json; `--outdir DIR` bundles into DIR instead (a tree's sibling of
// output/.bundle/, as tests do, so that schemas/ is found from it alike).
//
// The chunks sit beside cli.mjs, not in a folder below it: bundled code that finds files from
// its own import.meta.url (schemas/, two levels up) must find them from every chunk alike.
// A yosan started from the previous bundle keeps working while this one is written: every file
// is written beside its place and renamed into it, cli.mjs and the stamp last; the chunks of the
// previous build stay until the next one, and older ones are removed, so none accumulate.
import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { analyzeMetafile, build } from "esbuild";
import { BUNDLE_DIR, newestUnder, readStamp } from "./bundle-stamp.mjs";

const CHUNK = /^chunk-[\w-]+\.mjs$/;
const args = parseArgs({
  options: { analyze: { type: "boolean", default: false }, outdir: { type: "string" } },
  strict: true,
}).values;
const dir = args.outdir === undefined ? BUNDLE_DIR : `${resolve(args.outdir)}/`;
const entry = `${dir}cli.mjs`;

/** Write `content` to `path` whole: beside it first, then renamed into place. */
function writeWhole(path, content) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

// Read before bundling: a source saved during the build is newer, and the bundle not used for it.
const src = newestUnder();
const result = await build({
  entryPoints: { cli: fileURLToPath(new URL("cli.ts", import.meta.url)) },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["exceljs"],
  outdir: dir,
  entryNames: "[name]",
  chunkNames: "chunk-[hash]",
  outExtension: { ".js": ".mjs" },
  // Bundled CommonJS dependencies call require(); an ES module has none of its own.
  banner: {
    js: "import { createRequire as __yosanRequire } from 'node:module'; const require = __yosanRequire(import.meta.url);",
  },
  write: false,
  metafile: true,
  logLevel: "warning",
});

mkdirSync(dir, { recursive: true });
const chunks = [];
for (const file of result.outputFiles) {
  if (file.path === entry) continue;
  chunks.push(basename(file.path));
  writeWhole(file.path, file.contents);
}
writeWhole(entry, result.outputFiles.find((f) => f.path === entry).contents);

// The same command as one CommonJS file, and V8's code cache of a FY29 build run through it
// (code-cache.mjs; bin.mjs prefers it): import.meta.url is the file's own URL, as in a chunk.
const cjs = await build({
  entryPoints: [fileURLToPath(new URL("cli.ts", import.meta.url))],
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  external: ["exceljs"],
  // import() of exceljs as require(): a script run by node:vm has no module loader of its own.
  supported: { "dynamic-import": false },
  define: { "import.meta.url": "__yosanUrl" },
  banner: { js: 'const __yosanUrl = require("node:url").pathToFileURL(__filename).href;' },
  write: false,
  logLevel: "warning",
});
const cjsFile = `${dir}cli.cjs`;
const cacheFile = `${cjsFile}.cache`;
rmSync(cacheFile, { force: true });
rmSync(`${cacheFile}.json`, { force: true });
writeWhole(cjsFile, cjs.outputFiles[0].contents);
const warmOut = mkdtempSync(join(tmpdir(), "yosan-warm-"));
try {
  spawnSync(
    process.execPath,
    [
      fileURLToPath(new URL("warm-cache.mjs", import.meta.url)),
      cjsFile,
      cacheFile,
      fileURLToPath(new URL("../../ledgers/jlis-h29", import.meta.url)),
      join(warmOut, "out"),
    ],
    { stdio: "ignore", timeout: 60_000 },
  );
} finally {
  rmSync(warmOut, { recursive: true, force: true });
}
const previous = readStamp(dir)?.chunks ?? [];
writeWhole(`${dir}stamp.json`, `${JSON.stringify({ src, chunks })}\n`);
// A chunk of an older build goes only once it is a day old: a `yosan serve` started from an
// older bundle loads its report and workbook chunks lazily, possibly hours later.
const keep = new Set([...chunks, ...previous]);
const DAY_MS = 24 * 60 * 60 * 1000;
for (const name of readdirSync(dir))
  if (CHUNK.test(name) && !keep.has(name) && Date.now() - statSync(dir + name).mtimeMs > DAY_MS)
    rmSync(dir + name, { force: true });

rmSync(`${dir}meta.json`, { force: true });
if (args.analyze) {
  writeFileSync(`${dir}meta.json`, JSON.stringify(result.metafile));
  process.stdout.write(await analyzeMetafile(result.metafile));
}
