/** The 照合結果 sheet: every finding, the declared ties as live formulas. */

import type ExcelJS from "exceljs";
import {
  type ComparedPart,
  comparedDecimal,
  comparedUnit,
  countedStatus,
  countFindings,
  type Finding,
  STATUS_WORDS,
} from "../../model/findings.ts";
import { ADOPTED_WORDS, adoptedPrints } from "../../model/print.ts";
import { formatSource } from "../../model/provenance.ts";
import { inLang, type Lang } from "../../model/text.ts";
import {
  AMOUNT_FORMAT,
  a1,
  amountCell,
  cellNumber,
  formulaCell,
  headerCell,
  ref,
  setupSheet,
  text,
  titleRows,
  YEAR_FORMATS,
} from "./cells.ts";
import { type Col, type Plan, TOTAL } from "./plan.ts";

/** Which declaration of the book each declared-check finding reports (k-th of its kind). */
function declarationsOf(plan: Plan, findings: readonly Finding[]) {
  const book = plan.model.book;
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const candidates = book.checks.filter((d) => {
      if (d.id !== f.check) return false;
      const single = d.left.terms.length === 1 && d.left.terms[0]?.ref.kind === "line";
      const line =
        single && d.left.terms[0]?.ref.kind === "line" ? d.left.terms[0].ref.id : d.left.text;
      return line === f.line;
    });
    if (candidates.length === 0) return undefined;
    const key = `${f.check}|${f.line ?? ""}|${f.segment ?? ""}`;
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    return candidates[k];
  });
}

/**
 * The 照合結果 sheet. Its headings are the Japanese document's; the status words (and so the
 * COUNTIF and IF formulas over them) and the messages are in `lang`.
 */
export function writeFindingsSheet(
  wb: ExcelJS.Workbook,
  plan: Plan,
  findings: readonly Finding[],
  lang: Lang,
): void {
  const word = (status: keyof typeof STATUS_WORDS) => inLang(STATUS_WORDS[status], lang);
  const book = plan.model.book;
  const name = plan.findings;
  const ws = wb.addWorksheet(name);
  setupSheet(ws, book, name, { xSplit: 1, ySplit: 3 });
  titleRows(ws, `${book.title} ${name}`, "", "", 11);
  const first = 4;
  const last = first + findings.length - 1;
  const counts = countFindings(findings);
  const summaryCells: [string, number][] = [
    [word("pass"), counts.passed],
    [word("fail"), counts.failed],
    [word("warn"), counts.warned],
    [word("built"), counts.structural],
  ];
  summaryCells.forEach(([status, n], i) => {
    ws.getCell(2, 2 + 2 * i).value = text(status);
    const c = ws.getCell(2, 3 + 2 * i);
    c.value = formulaCell(`COUNTIF(E${first}:E${Math.max(first, last)},"${status}")`, n);
  });
  // The adopted 議案, whose differences are failures, named above the messages.
  const adopted = adoptedPrints(book.prints, book.version).map(
    (p) =>
      `${p.title} [${inLang(ADOPTED_WORDS.tag, lang)}]${lang === "ja" ? "：" : ": "}${inLang(ADOPTED_WORDS.meaning, lang)}`,
  );
  if (adopted.length > 0) ws.getCell(2, 10).value = text(adopted.join(" "));
  // A book without segments: every figure is the total, and its column is left empty and hidden.
  const segmented = book.segments.length > 0;
  const headers = [
    "検査",
    "表",
    "科目",
    segmented ? book.segmentTerm : "",
    "結果",
    "期待値",
    "実際値",
    "差額",
    "単位",
    "内容",
    "出典",
  ];
  headers.forEach((h, i) => {
    headerCell(ws, 3, i + 1, h);
  });
  const titleOf = new Map(book.statements.map((s) => [s.id, s.title]));
  const labelOf = new Map(book.lines.map((l) => [l.id, l.label]));
  const decls = declarationsOf(plan, findings);
  findings.forEach((f, i) => {
    const row = first + i;
    const col: Col = f.segment === undefined ? TOTAL : { kind: "segment", id: f.segment };
    ws.getCell(row, 1).value = text(f.check);
    ws.getCell(row, 2).value = text(f.statement ? (titleOf.get(f.statement) ?? f.statement) : "");
    ws.getCell(row, 3).value = text(f.line ? (labelOf.get(f.line) ?? f.line) : "");
    ws.getCell(row, 4).value = text(segmented ? plan.colLabel(col) : "");
    const c = f.compared;
    const number = (part: ComparedPart) => {
      if (c === undefined) return undefined;
      const v = comparedDecimal(c, part);
      return typeof v === "number" ? v : cellNumber(v);
    };
    const expected = number("expected");
    const actual = number("actual");
    const difference = number("difference");
    let live: { expected: string; actual: string } | undefined;
    const decl = decls[i];
    if (decl && (c?.kind === "amount" || c?.kind === "quantity")) {
      live = {
        expected: plan.formulaExpr(decl.right, col, name),
        actual: plan.formulaExpr(decl.left, col, name),
      };
    } else if (
      f.check === "segments.sum" &&
      f.line !== undefined &&
      plan.lineStatement.has(f.line) &&
      expected !== undefined &&
      actual !== undefined
    ) {
      const line = f.line;
      const segs = book.segments.map((s) =>
        ref(plan.lineCell(line, { kind: "segment", id: s.id }), name),
      );
      live = { expected: segs.join("+") || "0", actual: ref(plan.lineCell(line, TOTAL), name) };
    }
    if (live && expected !== undefined && actual !== undefined && difference !== undefined) {
      amountCell(ws, row, 6, formulaCell(live.expected, expected));
      amountCell(ws, row, 7, formulaCell(live.actual, actual));
      amountCell(ws, row, 8, formulaCell(`G${row}-F${row}`, difference));
      const pass = word(f.structural === true ? "built" : "pass");
      // A limit holds at it: actual − limit ≤ 0 (<=) or ≥ 0 (>=); a tie only at 0.
      const holds = f.relation === "<=" ? "<=0" : f.relation === ">=" ? ">=0" : "=0";
      ws.getCell(row, 5).value = formulaCell(
        `IF(H${row}${holds},"${pass}","${word("fail")}")`,
        word(countedStatus(f)),
      );
    } else {
      ws.getCell(row, 5).value = text(word(countedStatus(f)));
      const formats = c?.kind === "fiscal-year" ? YEAR_FORMATS : undefined;
      if (expected !== undefined)
        amountCell(ws, row, 6, expected).numFmt = formats?.year ?? AMOUNT_FORMAT;
      if (actual !== undefined)
        amountCell(ws, row, 7, actual).numFmt = formats?.year ?? AMOUNT_FORMAT;
      if (difference !== undefined)
        amountCell(ws, row, 8, difference).numFmt = formats?.years ?? AMOUNT_FORMAT;
    }
    if (c !== undefined) ws.getCell(row, 9).value = text(comparedUnit(c));
    if (f.status !== "pass") ws.getCell(row, 5).font = { bold: true, color: { argb: "FFC00000" } };
    ws.getCell(row, 10).value = text(inLang(f.message, lang));
    ws.getCell(row, 11).value = text(f.sources.map((s) => formatSource(s, lang)).join("; "));
  });
  const widths = [18, 16, 24, 22, 8, 16, 16, 14, 8, 90, 60];
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  if (!segmented) ws.getColumn(4).hidden = true;
  if (findings.length > 0) ws.autoFilter = { from: a1(1, 3), to: a1(11, last) };
}
