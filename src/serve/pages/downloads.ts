/**
 * The downloads page: the files `yosan build` writes for the saved book — rendered by the same
 * code, in memory, byte for byte — each offered by its name. Only these names are served.
 */
import type { Version } from "../../model/book.ts";
import type { RenderedFile } from "../../render/outputs.ts";
import { WORKBOOK } from "../live-book.ts";
import { esc } from "./shell.ts";

/** What each file of a build is, for the page. */
function describe(name: string, statements: ReadonlyMap<string, string>): string {
  if (name === "statements.json")
    return "すべての計算書・補足表・チェック結果（JSON, schemas/statements.schema.json）";
  if (name === "checks.csv") return "チェック結果（1 行 1 件）";
  if (name === "report.html") return "報告書（1 ファイルで完結する HTML、印刷用）";
  if (name.startsWith("compare-")) return "版の比較（yosan compare と同じ表、CSV）";
  if (name === "statements.xlsx")
    return "ワークブック（数式つきの計算書、入力シート、チェック結果）";
  const statement = statements.get(name.replace(/\.csv$/, ""));
  return statement ? `${statement}（CSV）` : "";
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
  version?: Version,
  defaultVersion?: string,
): string {
  const other = version && version.id !== defaultVersion ? version.id : null;
  const query = version ? `?v=${encodeURIComponent(version.id)}` : "";
  const row = (name: string, bytes: string) =>
    `<tr><td><a href="/download/${encodeURIComponent(name)}${query}" download="${esc(downloadName(other, name))}">${esc(name)}</a></td><td>${esc(describe(name, statements))}</td><td class="amt">${bytes}</td></tr>`;
  const rows = [
    ...files.map((f) => row(f.name, `${size(f).toLocaleString("en-US")} bytes`)),
    row(WORKBOOK, workbook ? `${size(workbook).toLocaleString("en-US")} bytes` : "作成中（数秒）"),
  ];
  return `<h1>ダウンロード</h1>
<p class="muted">保存されている帳簿${version ? `の「${esc(version.name)}」（yosan build --version ${esc(version.id)}）` : ""}について、yosan build と同じコードで作ったファイルです${whatIf ? "（試算中の変更は含みません）" : ""}。</p>
<table class="plain" id="downloads"><thead><tr><th>ファイル</th><th>内容</th><th class="amt">大きさ</th></tr></thead><tbody>${rows.join("\n")}</tbody></table>`;
}
