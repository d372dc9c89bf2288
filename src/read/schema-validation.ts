/**
 * JSON Schema validation of book files with ajv (allErrors), and the mapping of ajv's
 * instancePath back to the cell it concerns: `/12/amount` of a CSV table becomes
 * `budget.csv:14:amount`; a JSON pointer into book.json becomes the line of that key.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import { type InputIssue, inputError } from "../model/issues.ts";
import { cell } from "../model/provenance.ts";
import { say, type Text } from "../model/text.ts";
import type { Table } from "./csv-table.ts";
import { jsonLines } from "./json-lines.ts";

/**
 * schemas/ of the repository: two levels up both from the sources (src/read/) and from the
 * bundle (output/.bundle/).
 */
const SCHEMA_DIR = new URL("../../schemas/", import.meta.url);

export type SchemaName =
  | "book"
  | "layout"
  | "checks"
  | "provisions"
  | "budget"
  | "print"
  | "schedule"
  | "statements"
  | "commitments"
  | "notes"
  | "mapping";

let ajv: Ajv | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

/**
 * Validators precompiled by `npm run bundle` (ajv standalone code in output/.bundle/), used
 * only while the file is newer than every schema, so an edited schema always takes effect.
 */
const precompiled: Partial<Record<SchemaName, ValidateFunction>> = (() => {
  const file = new URL("../output/.bundle/validators.cjs", SCHEMA_DIR);
  try {
    const built = statSync(file).mtimeMs;
    const fresh = readdirSync(SCHEMA_DIR).every(
      (n) => statSync(new URL(n, SCHEMA_DIR)).mtimeMs <= built,
    );
    return fresh
      ? (createRequire(import.meta.url)(fileURLToPath(file)) as Partial<
          Record<SchemaName, ValidateFunction>
        >)
      : {};
  } catch {
    return {};
  }
})();

/**
 * The validator of `schemas/<name>.schema.json`: precompiled, or compiled once per process.
 * @testOnly exported for the tests that use it
 */
export function validator(name: SchemaName): ValidateFunction {
  let v = compiled.get(name) ?? precompiled[name];
  if (v === undefined) {
    const schema = JSON.parse(
      readFileSync(new URL(`${name}.schema.json`, SCHEMA_DIR), "utf8"),
    ) as object;
    // ajv itself only when a schema has no fresh precompiled validator (an edited schema):
    // loading it costs every command several milliseconds it rarely needs.
    if (!ajv) {
      const { Ajv: AjvClass } = createRequire(import.meta.url)("ajv") as typeof import("ajv");
      ajv = new AjvClass({ allErrors: true, strict: true, allowUnionTypes: true });
    }
    v = ajv.compile(schema);
  }
  compiled.set(name, v);
  return v;
}

/** JSON's types as a Japanese sentence names them. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: "文字列",
  number: "数値",
  integer: "整数",
  boolean: "true か false",
  array: "配列（[ ]）",
  object: "オブジェクト（{ }）",
  null: "null",
};

/** What a cell of a common column holds, said where such a cell is left empty. */
const EMPTY_CELL_WORDS: Readonly<Record<string, Text>> = {
  amount: say(
    "金額を書いてください（例：1,234、△1,234。0 もそのまま 0 と書きます）。",
    "write an amount (e.g. 1,234 or △1,234; zero is written 0)",
  ),
  account: say(
    "科目を、様式（layout.csv）の id かラベルで書いてください。",
    "write the line, by its id or label in layout.csv",
  ),
  id: say(
    "id を英小文字・数字・ハイフンで書いてください。",
    "write an id in lower-case letters, digits and hyphens",
  ),
  label: say("科目名を書いてください。", "write the line's label"),
};

/** An empty cell of `column` that must not be: what it holds, where the column is a common one. */
export function emptyCell(column: string): Text {
  const wanted = EMPTY_CELL_WORDS[column];
  return wanted
    ? say(`空欄にはできません。${wanted.ja}`, `empty: ${wanted.en}`)
    : say("空欄にはできません。", "「」 must not be empty");
}

/**
 * What is wrong with a value, in both languages: in English after the value as written
 * (`「x」 must be one of: …`), in Japanese a sentence with it as the subject (「x」は…).
 */
function describe(error: ErrorObject, value?: string): Text {
  const p = error.params as Record<string, unknown>;
  const en = value !== undefined ? `「${value}」 ` : "";
  /** The value as the subject of the Japanese sentence (none for an empty cell). */
  const ja = value !== undefined && value !== "" ? `「${value}」は` : "";
  switch (error.keyword) {
    case "enum": {
      const allowed = (p.allowedValues as unknown[]).map((x) => JSON.stringify(x));
      return say(
        `${ja}次のいずれかにしてください：${allowed.join("、")}。`,
        `${en}must be one of: ${allowed.join(", ")}`,
      );
    }
    case "pattern":
      return say(
        `${ja}決められた形 ${String(p.pattern)} になっていません。`,
        `${en}does not match the expected form ${String(p.pattern)}`,
      );
    case "required":
      return say(
        `${ja}項目「${String(p.missingProperty)}」がありません。`,
        `${en}missing field 「${String(p.missingProperty)}」`,
      );
    case "additionalProperties":
      return say(
        `${ja}不明な項目「${String(p.additionalProperty)}」があります。`,
        `${en}unknown field 「${String(p.additionalProperty)}」`,
      );
    case "minLength": {
      const column = error.instancePath.split("/").pop() ?? "";
      const wanted = EMPTY_CELL_WORDS[column];
      if (value === "" && wanted)
        return say(`空欄にはできません。${wanted.ja}`, `empty: ${wanted.en}`);
      return say(`${ja}空欄にはできません。`, `${en}must not be empty`);
    }
    case "maxLength":
      return say(
        `${ja}長すぎます。${String(p.limit)} 文字までにしてください。`,
        `${en}must NOT have more than ${String(p.limit)} characters`,
      );
    case "type": {
      const types = String(p.type)
        .split(",")
        .map((t) => TYPE_WORDS[t] ?? t);
      return say(
        `${ja}${types.join("または")}で書いてください。`,
        `${en}${error.message ?? error.keyword}`,
      );
    }
    case "minItems":
      return say(
        `${ja}少なくとも ${String(p.limit)} 個の要素が必要です。`,
        `${en}${error.message ?? error.keyword}`,
      );
    case "maxItems":
      return say(
        `${ja}要素は ${String(p.limit)} 個までです。`,
        `${en}${error.message ?? error.keyword}`,
      );
    default: {
      const words = error.message ?? error.keyword;
      return say(`${ja}形が正しくありません（${words}）。`, `${en}${words}`);
    }
  }
}

/** Validate the rows of a CSV table; each error points at its row and column. */
export function validateTable(name: SchemaName, table: Table): InputIssue[] {
  const v = validator(name);
  const data = table.rows.map((r) => r.values);
  if (v(data)) return [];
  return (v.errors ?? []).map((e) => {
    const [, index = "0", column] = e.instancePath.split("/");
    const row = table.rows[Number(index)];
    const col =
      column ??
      (e.keyword === "required"
        ? String((e.params as { missingProperty: string }).missingProperty)
        : undefined);
    const value = column !== undefined && row ? row.values[column] : undefined;
    return inputError(
      "schema.invalid",
      cell(table.file, row?.row ?? 1, col),
      describe(e, value),
      row?.raw,
    );
  });
}

/** Validate a parsed JSON document; each error points at the line of the offending key. */
export function validateJson(
  name: SchemaName,
  file: string,
  text: string,
  data: unknown,
): InputIssue[] {
  const v = validator(name);
  if (v(data)) return [];
  const lines = jsonLines(text);
  return (v.errors ?? []).map((e) =>
    inputError(
      "schema.invalid",
      cell(
        file,
        lines.get(e.instancePath) ?? 1,
        e.instancePath === "" ? undefined : e.instancePath,
      ),
      describe(e),
    ),
  );
}
