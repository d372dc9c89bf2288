/**
 * A text dump of a workbook, one line per non-empty cell: sheet, cell, formula, value (the
 * cached result of a formula) and number format, tab-separated, preceded by one line per
 * sheet with its frozen panes and page setup. Used as a golden file: a diff of two dumps shows
 * what changed in the workbook in terms a reviewer can read, which a diff of zips cannot.
 */
import ExcelJS from "exceljs";

function show(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/** Dump the workbook in `buffer` (xlsx bytes) as text, one line per non-empty cell. */
export async function dumpWorkbook(buffer: Buffer | Uint8Array): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  const lines: string[] = [];
  lines.push(
    `# workbook\ttitle=${show(wb.title)}\tcreator=${show(wb.creator)}\tcreated=${show(wb.created)}\tmodified=${show(wb.modified)}`,
  );
  for (const ws of wb.worksheets) {
    const view = ws.views[0];
    const frozen =
      view && view.state === "frozen" ? `frozen=${view.xSplit ?? 0},${view.ySplit ?? 0}` : "";
    const ps = ws.pageSetup;
    lines.push(
      `# sheet ${ws.name}\t${frozen}\tpaper=${ps.paperSize ?? ""} ${ps.orientation ?? ""} fitToWidth=${ps.fitToWidth ?? ""} fitToHeight=${ps.fitToHeight ?? ""}\theader=${show(ws.headerFooter.oddHeader)}\tfooter=${show(ws.headerFooter.oddFooter)}`,
    );
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const v = cell.value;
        let formula = "";
        let value: unknown = v;
        if (cell.type === ExcelJS.ValueType.Formula) {
          // cell.result, not cell.value.result: exceljs 4's value getter drops a cached 0.
          formula = `=${cell.formula}`;
          value = cell.result;
        } else if (v !== null && typeof v === "object" && "richText" in v) {
          value = v.richText.map((r) => r.text).join("");
        }
        lines.push(`${ws.name}!${cell.address}\t${formula}\t${show(value)}\t${cell.numFmt ?? ""}`);
      });
    });
  }
  return `${lines.join("\n")}\n`;
}
