/** The `yosan` command line end to end: exit codes and what each command prints. */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appendLines, copyBook, FY29, REPO, tempDir } from "./helpers/book.ts";

function yosan(...args: string[]) {
  return spawnSync(process.execPath, [join(REPO, "src/cli/bin.mjs"), ...args], {
    encoding: "utf8",
    cwd: REPO,
  });
}

describe("yosan on the command line", () => {
  it("check: 0 on FY29 with the table and the warnings; 1 with --strict; JUnit written", () => {
    const junit = join(tempDir(), "checks.xml");
    const ok = yosan("check", FY29, "--junit", junit);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/tie\.cash\s+8\s+0\s+0/);
    expect(readFileSync(junit, "utf8")).toContain(
      '<testsuite name="published.sign" tests="8" failures="0">',
    );
    expect(yosan("check", FY29, "--strict").status).toBe(1);
    const json = JSON.parse(yosan("check", FY29, "--json").stdout);
    expect(json.findings.length).toBeGreaterThan(1000);
  });

  it("check: 1 when a check fails", () => {
    const book = copyBook();
    appendLines(join(book, "budget.csv"), "事業費,一般事業,1000,");
    const r = yosan("check", book);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL tie\.cash {2}予定貸借対照表 \/ 現金及び預金 \/ 一般事業/);
  });

  it("explain: the tree with sources; exit 2 for an unknown or ambiguous line", () => {
    const r = yosan("explain", "当期末現金及び預金");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("当期末現金及び預金 21,616,961 = 前期末現金及び預金 + 資金収支差額");
    const seg = yosan(
      "explain",
      FY29,
      "cf-closing-cash",
      "--segment",
      "総合行政ネットワーク運営事業",
      "--depth",
      "1",
    );
    expect(seg.stdout).toContain("当期末現金及び預金 1,762,711");
    expect(yosan("explain", "事業費").status).toBe(2);
    expect(yosan("explain", "事業費", "--statement", "cash-plan").status).toBe(0);
    const unknown = yosan("explain", "当期末現金");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/nearest:/);
  });

  it("commitments: the register, years shown both ways, JSON with schedules", () => {
    const text = yosan("commitments", "--era", "original");
    expect(text.status).toBe(0);
    expect(text.stdout).toContain("平成35年度");
    const json = JSON.parse(yosan("commitments", "--json").stdout) as {
      limit: string;
      schedule: { fiscalYear: number; amount: string }[];
    }[];
    expect(json).toHaveLength(32);
    expect(json.reduce((a, c) => a + BigInt(c.limit), 0n)).toBe(25395623n);
    expect(json.flatMap((c) => c.schedule).reduce((a, s) => a + BigInt(s.amount), 0n)).toBe(
      25395623n,
    );
    expect(yosan("commitments", "--from", "平成年度").status).toBe(2);
  });

  it("build: --formats, unknown formats and unwritable outputs are refused with exit 2", () => {
    const out = join(tempDir(), "out");
    const r = yosan("build", FY29, "--out", out, "--formats", "json");
    expect(r.status).toBe(0);
    expect(existsSync(join(out, "statements.json"))).toBe(true);
    expect(existsSync(join(out, "statements.xlsx"))).toBe(false);
    expect(yosan("build", FY29, "--formats", "pdf").status).toBe(2);
    const file = join(tempDir(), "a-file");
    writeFileSync(file, "");
    const blocked = yosan("build", FY29, "--out", join(file, "sub"));
    expect(blocked.status).toBe(2);
    expect(blocked.stderr).toMatch(/cannot write .*ENOTDIR/);
  });

  it("export journal writes one transaction per budget line", () => {
    const file = join(tempDir(), "fy29.journal");
    const r = yosan("export", "journal", FY29, "--out", file);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\(200 transactions\)/);
    expect(readFileSync(file, "utf8")).toContain("balance-sheet:general:cash-and-deposits");
  });

  it("an unknown command or option is a usage error (exit 2)", () => {
    expect(yosan("bogus").status).toBe(2);
    expect(yosan("build", "--bogus").status).toBe(2);
  });
});
