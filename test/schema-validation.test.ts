/**
 * The validators precompiled at bundle time (ajv standalone, output/.bundle/validators.cjs)
 * behave exactly as schemas compiled at run time: same verdicts, same errors.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";
import { REPO } from "./helpers/book.ts";

const file = join(REPO, "output/.bundle/validators.cjs");
const samples: [string, unknown][] = [
  ["budget", [{ account: "事業費", segment: "一般事業", amount: "1" }]],
  ["budget", [{ account: "", segment: "x", amount: "" }, { segment: "y" }]],
  [
    "layout",
    [{ statement: "BS", id: "x", label: "", kind: "subtotal", level: "12", printed: "abs" }],
  ],
  ["checks", [{ check: "tie", left: "", right: "a" }]],
  ["book", JSON.parse(readFileSync(join(REPO, "ledgers/jlis-h29/book.json"), "utf8"))],
  [
    "book",
    {
      id: "X",
      entity: "",
      unit: "万円",
      rounding: "up",
      segments: [],
      statements: [],
      files: {},
      extra: 1,
    },
  ],
  [
    "statements",
    {
      book: {},
      unit: "千円",
      segments: [],
      statements: [
        {
          id: "a",
          title: "t",
          lines: [{ id: "l", label: "L", kind: "leaf", total: "1.5e3", segments: {} }],
        },
      ],
      checks: [],
    },
  ],
];

describe.skipIf(!existsSync(file))("precompiled schema validators", () => {
  const precompiled = createRequire(import.meta.url)(file) as Record<string, ValidateFunction>;
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  it.each(samples.map(([name, data], i) => [`${name} #${i}`, name, data] as const))(
    "%s",
    (_label, name, data) => {
      const schema = JSON.parse(readFileSync(join(REPO, `schemas/${name}.schema.json`), "utf8"));
      const fresh = ajv.getSchema(schema.$id) ?? ajv.compile(schema);
      const pre = precompiled[name];
      expect(pre).toBeTypeOf("function");
      expect(pre?.(data)).toBe(fresh(data));
      expect(pre?.errors ?? null).toEqual(fresh.errors ?? null);
    },
  );
});
