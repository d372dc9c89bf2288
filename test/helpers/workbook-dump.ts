/**
 * A text dump of a workbook, one line per non-empty cell: sheet, cell, formula, value (the
 * cached result of a formula) and number format, tab-separated, preceded by one line per
 * sheet with its frozen panes and page setup (paper, orientation, fit to pages or scale, the
 * rows repeated on every page, the manual page breaks). Used as a golden file: a diff of two dumps shows
 * what changed in the workbook in terms a reviewer can read, which a diff of zips cannot.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";

function show(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/** The manual page breaks of each sheet (rows a page ends after), read from the sheets' XML (exceljs does not load them). */
export async function rowBreaks(buffer: Buffer | Uint8Array): Promise<Map<string, number[]>> {
  const zip = await JSZip.loadAsync(buffer);
  const book = (await zip.file("xl/workbook.xml")?.async("string")) ?? "";
  const rels = (await zip.file("xl/_rels/workbook.xml.rels")?.async("string")) ?? "";
  const targets = new Map(
    [...rels.matchAll(/<Relationship\b[^>]*\bId="([^"]+)"[^>]*\bTarget="([^"]+)"/g)].map((m) => [
      m[1],
      m[2],
    ]),
  );
  const out = new Map<string, number[]>();
  for (const m of book.matchAll(/<sheet\b[^>]*\bname="([^"]*)"[^>]*\br:id="([^"]+)"/g)) {
    const target = targets.get(m[2] ?? "") ?? "";
    const path = target.startsWith("/") ? target.slice(1) : `xl/${target}`;
    const xml = (await zip.file(path)?.async("string")) ?? "";
    const breaks = /<rowBreaks\b[\s\S]*?<\/rowBreaks>/.exec(xml)?.[0] ?? "";
    const name = (m[1] ?? "").replace(/&amp;/g, "&").replace(/&apos;/g, "'");
    out.set(
      name,
      [...breaks.matchAll(/<brk\b[^>]*\bid="(\d+)"/g)].map((b) => Number(b[1])),
    );
  }
  return out;
}

/** Dump the workbook in `buffer` (xlsx bytes) as text, one line per non-empty cell. */
export async function dumpWorkbook(buffer: Buffer | Uint8Array): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  const pageBreaks = await rowBreaks(buffer);
  const lines: string[] = [];
  lines.push(
    `# workbook\ttitle=${show(wb.title)}\tcreator=${show(wb.creator)}\tcreated=${show(wb.created)}\tmodified=${show(wb.modified)}`,
  );
  for (const ws of wb.worksheets) {
    const view = ws.views[0];
    const frozen =
      view && view.state === "frozen" ? `frozen=${view.xSplit ?? 0},${view.ySplit ?? 0}` : "";
    const ps = ws.pageSetup;
    const fit = ps.fitToPage
      ? `fitToWidth=${ps.fitToWidth ?? ""} fitToHeight=${ps.fitToHeight ?? ""}`
      : `scale=${ps.scale ?? ""}`;
    const breaks = pageBreaks.get(ws.name) ?? [];
    lines.push(
      `# sheet ${ws.name}\t${frozen}\tpaper=${ps.paperSize ?? ""} ${ps.orientation ?? ""} ${fit} titles=${ps.printTitlesRow ?? ""}${breaks.length > 0 ? ` breaks=${breaks.join(",")}` : ""}\theader=${show(ws.headerFooter.oddHeader)}\tfooter=${show(ws.headerFooter.oddFooter)}`,
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
