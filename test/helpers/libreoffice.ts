/**
 * Test helper: a LibreOffice user profile (DESIGN.md §5) whose Calc recalculates every formula
 * of an xlsx on load (OOXMLRecalcMode = 0), so tests see LibreOffice's results, not the values
 * yosan cached.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Write the profile into `dir` and return the `-env:UserInstallation=…` argument for soffice. */
export function recalcProfileArg(dir: string): string {
  mkdirSync(join(dir, "user"), { recursive: true });
  writeFileSync(
    join(dir, "user/registrymodifications.xcu"),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
  );
  return `-env:UserInstallation=file://${dir}`;
}

/** Whether soffice (LibreOffice) runs here. */
export function sofficeAvailable(): boolean {
  const r = spawnSync("soffice", ["--version"], { encoding: "utf8" });
  return r.status === 0;
}
