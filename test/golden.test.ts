/**
 * The golden statements.json of the FY29 book: every figure, every finding, as the build
 * writes it, compared whole (paths made relative to the repository). `npm run golden`
 * rewrites it; the diff is the review.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { buildTemp, FY29, REPO } from "./helpers/book.ts";
import { expectGolden } from "./helpers/golden.ts";

describe("golden statements.json", () => {
  it("FY29 (ledgers/jlis-h29)", async () => {
    const { out } = await buildTemp(FY29);
    const text = readFileSync(join(out, "statements.json"), "utf8")
      .split(`${FY29}/`)
      .join("ledgers/jlis-h29/");
    expectGolden(join(REPO, "test", "golden", "jlis-h29.statements.json"), text);
  });
});
