/**
 * Test helper: golden files. A golden file is rewritten only by `npm run golden`
 * (UPDATE_GOLDEN=1), never silently: a missing or different golden fails the test, and the
 * rewrite shows up in the diff for review.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { expect } from "vitest";
import { REPO } from "./book.ts";

export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === "1";

/** Expect `actual` to equal the golden file at `path` (rewritten under `npm run golden`). */
export function expectGolden(path: string, actual: string): void {
  if (UPDATE_GOLDEN) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  const name = relative(REPO, path);
  expect(existsSync(path), `${name} is missing: run npm run golden, then review the diff`).toBe(
    true,
  );
  expect(actual, `${name} differs: if the change is right, run npm run golden`).toBe(
    readFileSync(path, "utf8"),
  );
}
