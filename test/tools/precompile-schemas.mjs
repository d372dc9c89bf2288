// Build step (run by `npm run bundle`): compiles every schema in schemas/ with ajv's standalone
// mode into output/.bundle/validators.cjs, so the command line validates without compiling
// schemas at start-up (ajv compilation was ~100 ms of a 0.65 s FY29 build).
// src/schema-validation.ts uses the file only while it is newer than every schema.
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { Ajv } from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";

const root = new URL("../../", import.meta.url);
const schemas = new URL("schemas/", root);
const out = new URL("output/.bundle/", root);
const ajv = new Ajv({
  allErrors: true,
  strict: true,
  allowUnionTypes: true,
  code: { source: true },
});
const exports = {};
for (const file of readdirSync(schemas)
  .filter((f) => f.endsWith(".schema.json"))
  .sort()) {
  const schema = JSON.parse(readFileSync(new URL(file, schemas), "utf8"));
  ajv.addSchema(schema);
  exports[file.replace(/\.schema\.json$/, "")] = schema.$id;
}
mkdirSync(out, { recursive: true });
const code = standaloneCode.default
  ? standaloneCode.default(ajv, exports)
  : standaloneCode(ajv, exports);
const target = new URL("validators.cjs", out);
writeFileSync(new URL("validators.cjs.tmp", out), code);
renameSync(new URL("validators.cjs.tmp", out), target);
