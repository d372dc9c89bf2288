/**
 * The files of a build, rendered in memory: statements.json, one CSV per statement, checks.csv,
 * a CSV per declared comparison, report.html and statements.xlsx. `yosan build` writes them to
 * the output directory; `yosan serve` offers the same bytes as downloads (the data files and
 * report/report.ts's `reportFile`, the same functions).
 */
import type { Finding } from "../model/findings.ts";
import type { Model } from "../model/model.ts";
import type { Lang } from "../model/text.ts";
import { comparisonCsv, comparisonFileName } from "./comparison.ts";
import type { DeclaredComparison } from "./comparison-blocks.ts";
import type { OutputFormat } from "./formats.ts";
import { findingsCsv, statementCsv } from "./statements-csv.ts";
import { statementsJson } from "./statements-json.ts";

/** A rendered file: its name in the output directory and its bytes or text. */
export interface RenderedFile {
  readonly name: string;
  readonly content: string | Uint8Array;
}

/**
 * statements.json and, with `csv`, one CSV per statement, checks.csv and a CSV per declared
 * comparison (pure; light enough for every build: no report or workbook code is loaded). The
 * words people read (the findings' messages) are in `lang`; ids, keys and values are not.
 */
export function renderDataOutputs(
  model: Model,
  findings: readonly Finding[],
  formats: readonly OutputFormat[],
  comparisons: readonly DeclaredComparison[],
  lang: Lang,
): RenderedFile[] {
  const files: RenderedFile[] = [
    {
      name: "statements.json",
      content: `${JSON.stringify(statementsJson(model, findings, lang), null, 2)}\n`,
    },
  ];
  if (formats.includes("csv")) {
    for (const st of model.statements)
      files.push({ name: `${st.def.id}.csv`, content: statementCsv(model, st.def) });
    files.push({ name: "checks.csv", content: findingsCsv(model, findings, lang) });
    for (const c of comparisons)
      files.push({
        name: comparisonFileName(c.declared.a, c.declared.b),
        content: comparisonCsv(c.comparison),
      });
  }
  return files;
}

/**
 * Every file a build of `formats` writes: the data files, then report.html and the workbook
 * (exceljs), each renderer loaded only when its format is asked for; every file in `lang`.
 */
export async function renderAllOutputs(
  model: Model,
  findings: readonly Finding[],
  formats: readonly OutputFormat[],
  comparisons: readonly DeclaredComparison[],
  lang: Lang,
): Promise<RenderedFile[]> {
  const files = renderDataOutputs(model, findings, formats, comparisons, lang);
  if (formats.includes("html")) {
    const { reportFile } = await import("./report/report.ts");
    files.push(reportFile(model, findings, comparisons, lang));
  }
  if (formats.includes("xlsx")) {
    const { renderWorkbook } = await import("./workbook/workbook.ts");
    files.push({
      name: "statements.xlsx",
      content: await renderWorkbook(model, findings, { comparisons, lang }),
    });
  }
  return files;
}
