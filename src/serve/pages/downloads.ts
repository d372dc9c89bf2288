/**
 * The downloads page: the files `yosan build` writes for the saved book — rendered by the same
 * code, in memory, byte for byte — each offered by its name. Only these names are served.
 */
import type { Version } from "../../model/book.ts";
import type { Lang } from "../../model/text.ts";
import type { RenderedFile } from "../../render/outputs.ts";
import { WORKBOOK } from "../live-book.ts";
import { esc, wordsIn } from "./shell.ts";

/** What each file of a build is, for the page. */
function describe(name: string, statements: ReadonlyMap<string, string>, lang: Lang): string {
  const t = wordsIn(lang);
  if (name === "statements.json")
    return t(
      "すべての計算書・補足表・チェック結果（JSON, schemas/statements.schema.json）",
      "every statement, supplementary table and finding (JSON, schemas/statements.schema.json)",
    );
  if (name === "checks.csv") return t("チェック結果（1 行 1 件）", "the findings (one a row)");
  if (name === "report.html")
    return t(
      "報告書（1 ファイルで完結する HTML、印刷用）",
      "the report (one self-contained HTML file, for printing)",
    );
  if (name.startsWith("compare-"))
    return t(
      "版の比較（yosan compare と同じ表、CSV）",
      "a comparison of versions (the table yosan compare prints, CSV)",
    );
  if (name === "statements.xlsx")
    return t(
      "ワークブック（数式つきの計算書、入力シート、チェック結果）",
      "the workbook (the statements with their formulas, the input sheet, the findings)",
    );
  const statement = statements.get(name.replace(/\.csv$/, ""));
  return statement ? `${statement}${t("（CSV）", " (CSV)")}` : "";
}

const size = (f: RenderedFile) =>
  typeof f.content === "string" ? Buffer.byteLength(f.content) : f.content.byteLength;

/**
 * The name a file is saved under: the build's own, with the version's id for a version other
 * than the default (statements-settlement.json), so two versions' downloads keep apart.
 */
export function downloadName(version: string | null, name: string): string {
  return version === null ? name : name.replace(/(\.[a-z]+)$/, `-${version}$1`);
}

/** The body of the downloads page. */
export function downloadsPage(
  files: readonly RenderedFile[],
  workbook: RenderedFile | null,
  statements: ReadonlyMap<string, string>,
  whatIf: boolean,
  version: Version | undefined,
  defaultVersion: string | undefined,
  lang: Lang,
): string {
  const t = wordsIn(lang);
  const bytes = (f: RenderedFile) => `${size(f).toLocaleString("en-US")} ${t("バイト", "bytes")}`;
  const other = version && version.id !== defaultVersion ? version.id : null;
  const query = version ? `?v=${encodeURIComponent(version.id)}` : "";
  const row = (name: string, size: string) =>
    `<tr><td><a href="/download/${encodeURIComponent(name)}${query}" download="${esc(downloadName(other, name))}">${esc(name)}</a></td><td>${esc(describe(name, statements, lang))}</td><td class="amt">${size}</td></tr>`;
  const rows = [
    ...files.map((f) => row(f.name, bytes(f))),
    row(WORKBOOK, workbook ? bytes(workbook) : t("作成中（数秒）", "being made (a few seconds)")),
  ];
  const about =
    lang === "ja"
      ? `保存されている帳簿${version ? `の「${esc(version.name)}」（yosan build --version ${esc(version.id)}）` : ""}について、yosan build と同じコードで作ったファイルです${whatIf ? "（試算中の変更は含みません）" : ""}。`
      : `The files of the saved book${version ? ` — 「${esc(version.name)}」 (yosan build --version ${esc(version.id)})` : ""}, made by the same code as yosan build${whatIf ? " (without the what-if changes)" : ""}.`;
  return `<h1>${t("ダウンロード", "Downloads")}</h1>
<p class="muted">${about}</p>
<table class="plain" id="downloads"><thead><tr><th>${t("ファイル", "File")}</th><th>${t("内容", "Contents")}</th><th class="amt">${t("大きさ", "Size")}</th></tr></thead><tbody>${rows.join("\n")}</tbody></table>`;
}
