// Build step (run by `npm run bundle`): compiles every schema in schemas/ with ajv's standalone
// mode, so the command line validates without compiling schemas at start-up (ajv compilation
// was ~100 ms of a 0.65 s FY29 build). One file per schema in output/.bundle/validators/, and
// output/.bundle/validators.cjs, whose exports load a schema's file when it is first asked for:
// a command loads only the validators of the schemas it validates (a build never loads
// statements' or mapping's). src/read/schema-validation.ts uses them only while validators.cjs
// is newer than every schema; it is written last.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { Ajv } from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";

const root = new URL("../../", import.meta.url);
const schemas = new URL("schemas/", root);
const out = new URL("output/.bundle/", root);
const perSchema = new URL("validators/", out);
const ajv = new Ajv({
  allErrors: true,
  strict: true,
  allowUnionTypes: true,
  code: { source: true },
});
const standalone = standaloneCode.default ?? standaloneCode;

/** Write `code` to `file` whole: beside it first, then renamed into place. */
function writeWhole(file, code) {
  const tmp = new URL(`${file.href}.${process.pid}.tmp`);
  writeFileSync(tmp, code);
  renameSync(tmp, file);
}

const ids = {};
for (const file of readdirSync(schemas)
  .filter((f) => f.endsWith(".schema.json"))
  .sort()) {
  const schema = JSON.parse(readFileSync(new URL(file, schemas), "utf8"));
  ajv.addSchema(schema);
  ids[file.replace(/\.schema\.json$/, "")] = schema.$id;
}
mkdirSync(perSchema, { recursive: true });
const names = Object.keys(ids);
for (const name of names)
  writeWhole(new URL(`${name}.cjs`, perSchema), standalone(ajv, { [name]: ids[name] }));
// Validators of schemas no longer there (not another run's files being written).
for (const file of readdirSync(perSchema))
  if (/^[\w-]+\.cjs$/.test(file) && !names.includes(file.slice(0, -4)))
    rmSync(new URL(file, perSchema), { force: true });
const index = names.map(
  (name) =>
    `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: () => require(${JSON.stringify(`./validators/${name}.cjs`)})[${JSON.stringify(name)}] });`,
);
writeWhole(
  new URL("validators.cjs", out),
  `"use strict";\n// Written by test/tools/precompile-schemas.mjs: each schema's validator, loaded when first used.\n${index.join("\n")}\n`,
);
