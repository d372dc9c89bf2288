/**
 * The files of a build, rendered in memory: statements.json, one CSV per statement, checks.csv,
 * a CSV per declared comparison, report.html and statements.xlsx. `yosan build` writes them to the output directory;
 * `yosan serve` offers the same bytes as downloads.
 */
import type { Finding } from "../model/findings.ts";
import type { Model } from "../model/model.ts";
import { comparisonCsv, comparisonFileName } from "./comparison.ts";
import type { DeclaredComparison } from "./comparison-blocks.ts";
import { OUTPUT_FORMATS, type OutputFormat } from "./formats.ts";
import { renderReportHtml } from "./report/report.ts";
import { findingsCsv, statementCsv } from "./statements-csv.ts";
import { statementsJson } from "./statements-json.ts";
import { renderWorkbook } from "./workbook/workbook.ts";

export { OUTPUT_FORMATS, type OutputFormat };

/** A rendered file: its name in the output directory and its bytes or text. */
export interface RenderedFile {
  readonly name: string;
  readonly content: string | Uint8Array;
}

/**
 * The files a build writes except the workbook, rendered from the model, findings and the
 * declared comparisons (pure).
 */
export function renderOutputs(
  model: Model,
  findings: readonly Finding[],
  formats: readonly OutputFormat[] = OUTPUT_FORMATS,
  comparisons: readonly DeclaredComparison[] = [],
): RenderedFile[] {
  const files: RenderedFile[] = [
    {
      name: "statements.json",
      content: `${JSON.stringify(statementsJson(model, findings), null, 2)}\n`,
    },
  ];
  if (formats.includes("csv")) {
    for (const st of model.statements)
      files.push({ name: `${st.def.id}.csv`, content: statementCsv(model, st.def) });
    files.push({ name: "checks.csv", content: findingsCsv(model, findings) });
    for (const c of comparisons)
      files.push({
        name: comparisonFileName(c.declared.a, c.declared.b),
        content: comparisonCsv(c.comparison),
      });
  }
  if (!formats.includes("html")) return files;
  const view = model.commitments?.outlook;
  files.push({
    name: "report.html",
    content: renderReportHtml(model, findings, {
      ...(model.book.report ? { report: model.book.report } : {}),
      ...(view ? { commitments: view } : {}),
      comparisons,
    }),
  });
  return files;
}

/** Every file a build of `formats` writes, the workbook included (rendered last, by exceljs). */
export async function renderAllOutputs(
  model: Model,
  findings: readonly Finding[],
  formats: readonly OutputFormat[] = OUTPUT_FORMATS,
  comparisons: readonly DeclaredComparison[] = [],
): Promise<RenderedFile[]> {
  const files = renderOutputs(model, findings, formats, comparisons);
  if (formats.includes("xlsx"))
    files.push({
      name: "statements.xlsx",
      content: await renderWorkbook(model, findings, { comparisons }),
    });
  return files;
}
