/**
 * `yosan new DIR --template NAME`: a new book from one of the templates under
 * ledgers/templates/ (水道事業, 下水道事業, 病院事業, 法人 …: books whose lines, statements, tax
 * classes and checks a body edits to its own rules, every amount 0). The template's files are
 * copied; in book.json the words {団体} {年度} {期間} {前年度末} {年度末} become the body's name
 * and the fiscal year's, and the fiscal year its dates. The book is staged in a hidden folder
 * (inside DIR when it exists, else beside it), must load, and only then are its files put in
 * place; DIR must not exist or be empty, so `new` never writes over anything.
 */
import {
  existsSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bookIdOf, loadStaged } from "../import/book-writer.ts";
import { isInside, makeDirectory } from "../io/files.ts";
import {
  type EraStyle,
  fiscalYearOfDate,
  formatEraDate,
  formatFiscalYear,
  isoDate,
  parseFiscalYear,
} from "../model/era.ts";
import type { InputIssue } from "../model/issues.ts";
import { normalizeLabel } from "../model/labels.ts";
import { say, terminalLang } from "../model/text.ts";
import {
  type CommandResult,
  invalid,
  type LangOptions,
  refused,
  shownPath,
  usage,
} from "./prepare.ts";

/** Where the templates are, from this file in src/cli/ or from the bundle in output/.bundle/. */
const TEMPLATES = new URL("../../ledgers/templates/", import.meta.url);

/** A template: its folder and the names it answers to (the folder's and book.json's id's). */
interface Template {
  readonly dir: string;
  readonly names: readonly string[];
}

/** The templates shipped: each folder under ledgers/templates/ that holds a book.json. */
function templates(): Template[] {
  const root = fileURLToPath(TEMPLATES);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(root, e.name, "book.json")))
    .map((e) => {
      const dir = join(root, e.name);
      const id = String(
        (JSON.parse(readFileSync(join(dir, "book.json"), "utf8")) as { id?: unknown }).id ?? "",
      );
      return { dir, names: [e.name, id, id.replace(/^template-/, "")].filter((n) => n !== "") };
    })
    .sort((a, b) => (a.names[0] ?? "").localeCompare(b.names[0] ?? ""));
}

/** The words of book.json a new book fills in, for the fiscal year beginning in April of `year`. */
function templateWords(year: number, entity: string): Readonly<Record<string, string>> {
  const style: EraStyle = "modern";
  const day = (y: number, month: number, d: number) =>
    formatEraDate({ year: y, month, day: d }, style);
  return {
    "{団体}": entity,
    "{年度}": formatFiscalYear(year, style),
    "{期間}": `${day(year, 4, 1)}から${day(year + 1, 3, 31)}まで`,
    "{前年度末}": day(year, 3, 31),
    "{年度末}": day(year + 1, 3, 31),
  };
}

/** Every string of a JSON value with the words replaced. */
function fill(value: unknown, words: Readonly<Record<string, string>>): unknown {
  if (typeof value === "string")
    return Object.entries(words).reduce((s, [k, v]) => s.split(k).join(v), value);
  if (Array.isArray(value)) return value.map((v) => fill(v, words));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, words)]));
  return value;
}

export interface NewOptions extends LangOptions {
  readonly template?: string;
  /** The body's name (〇〇市); blank leaves {団体} empty. */
  readonly entity?: string;
  /** The fiscal year (令和9年度, 2027); default: the one after today's. */
  readonly year?: string;
  /** Today, for the default year (tests). */
  readonly today?: Date;
}

/** Make the book; what to print and the exit code. */
export function runNew(dir: string, options: NewOptions): CommandResult {
  const env = options.env ?? process.env;
  const lang = terminalLang(options.lang, env, undefined);
  const all = templates();
  const list = all.map((t) => t.names[0]).join("、");
  const wanted = normalizeLabel(options.template ?? "");
  const template = all.find((t) => t.names.some((n) => normalizeLabel(n) === wanted));
  if (template === undefined)
    return usage(
      options.template === undefined
        ? say(
            `--template で雛形を選んでください：${list}`,
            `choose a template with --template: ${list}`,
          )
        : say(
            `雛形「${options.template}」はありません。使える雛形：${list}`,
            `there is no template 「${options.template}」: the templates are ${list}`,
          ),
      lang,
    );
  const today = options.today ?? new Date();
  let year = fiscalYearOfDate({ year: today.getFullYear(), month: today.getMonth() + 1 }) + 1;
  if (options.year !== undefined) {
    const parsed = parseFiscalYear(options.year);
    if (!parsed.ok) return usage(parsed.reason, lang);
    year = parsed.value.year;
  }
  const why = occupied(dir) ?? insideTemplates(dir);
  if (why) return usage(why, lang);
  const entity = options.entity?.trim() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a name has no control characters
  if (entity.length > 200 || /[\u0000-\u001f\u007f]/.test(entity))
    return usage(
      say(
        "--entity は、改行などの制御文字を含まない 200 文字までの団体名です。",
        "--entity is the body's name: at most 200 characters, without line breaks or control characters",
      ),
      lang,
    );
  const words = templateWords(year, entity);
  let rate = "";
  const made = install(dir, (staging) => {
    copyTemplate(template.dir, staging);
    const manifest = fill(
      JSON.parse(readFileSync(join(template.dir, "book.json"), "utf8")),
      words,
    ) as Record<string, unknown>;
    // The template's own pointer to the schema is relative to where the template lies.
    delete manifest.$schema;
    // A template named by the body alone ({団体}) without --entity: a name to replace, not none.
    if (manifest.entity === "") manifest.entity = "（団体名）";
    rate = String((manifest.tax as { rate?: unknown } | undefined)?.rate ?? "");
    manifest.id = bookIdOf(resolve(dir));
    manifest.fiscalYear = {
      label: words["{年度}"],
      start: isoDate({ year, month: 4, day: 1 }),
      end: isoDate({ year: year + 1, month: 3, day: 31 }),
    };
    writeFileSync(join(staging, "book.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  });
  if (made !== undefined) return invalid(made, say(dir, `in ${dir}`), lang);
  const shown = shownPath(dir);
  const name = template.names[0] ?? "";
  return {
    exitCode: 0,
    stdout: [
      lang === "ja"
        ? `${shown} に帳簿を作りました（雛形：${name}、${words["{年度}"]}、金額はすべて 0）。`
        : `made a book in ${shown} (template ${name}, ${words["{年度}"]}, every amount 0).`,
      lang === "ja"
        ? `科目（款・項・目、勘定科目）と課税区分を団体の規程に合わせ（layout.csv）、金額を入れて（budget.csv）、yosan build ${shown} で作成・照合します。`
        : `Fit the lines (款・項・目, 勘定科目) and tax classes to the body's own rules (layout.csv), enter the amounts (budget.csv), then run: yosan build ${shown}`,
      ...(rate === ""
        ? []
        : [
            lang === "ja"
              ? `税率は雛形の ${rate} です（book.json の tax.rate）。その年度の税率（令和元年9月までは 8%、平成26年3月までは 5%。令和元年度は10月から 10% なので、節ごとに layout.csv の rate で分けます）と違えば直してください。`
              : `The tax rate is the template's ${rate} (book.json's tax.rate): change it if the year's rate differs (8% until September 2019, 5% until March 2014; FY2019 changed to 10% in October, so give its 節 their own rate in layout.csv).`,
          ]),
    ],
    stderr: [],
  };
}

/** Why `dir` cannot take a new book: it is something other than a directory, or holds files. */
function occupied(dir: string) {
  if (!existsSync(dir)) return undefined;
  if (!statSync(dir).isDirectory())
    return say(`${dir} はディレクトリではありません。`, `${dir} is not a directory`);
  if (readdirSync(dir).length > 0)
    return say(
      `${dir} にはすでにファイルがあります。yosan new は何も上書きしません。空のディレクトリか、まだない名前を指定してください。`,
      `${dir} already holds files: yosan new writes over nothing; name an empty or new directory`,
    );
  return undefined;
}

/** Copy the template's files (not folders) into `staging`. */
function copyTemplate(from: string, staging: string): void {
  for (const f of readdirSync(from, { withFileTypes: true }))
    if (f.isFile()) writeFileSync(join(staging, f.name), readFileSync(join(from, f.name)));
}

/**
 * Stage the book in a hidden folder — inside DIR when it exists (empty), else beside it — load
 * it, and only then put its files in place: DIR itself is never removed or replaced, so a
 * working directory, a link to a directory and its permissions stay as they were. The issues
 * when the staged book does not load (named at DIR's files), else undefined.
 */
function install(dir: string, fill: (staging: string) => void): InputIssue[] | undefined {
  const target = resolve(dir);
  const exists = existsSync(target);
  const staging = exists
    ? join(target, `.yosan-new-${process.pid}`)
    : join(dirname(target), `.${basename(target)}.yosan-new-${process.pid}`);
  try {
    makeDirectory(staging);
    fill(staging);
    const issues = loadStaged(staging, dir);
    if (issues !== undefined) return issues;
    if (!exists) renameSync(staging, target);
    else {
      for (const f of readdirSync(staging)) renameSync(join(staging, f), join(target, f));
      rmdirSync(staging);
    }
    return undefined;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const code = (error as { code?: string }).code ?? "";
    return [
      refused(
        dir,
        say(
          `${dir} に帳簿を置けませんでした（${code || String(error)}）。何も書き込んでいません。`,
          `the book could not be put in ${dir} (${code || String(error)}); nothing was written`,
        ),
      ),
    ];
  }
}

/** Why `dir` may not be made: it lies inside the templates' folder (it would become one). */
function insideTemplates(dir: string) {
  let d = resolve(dir);
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  const root = fileURLToPath(TEMPLATES);
  if (!existsSync(root) || !isInside(realpathSync(d), realpathSync(root))) return undefined;
  return say(
    `${dir} は雛形のフォルダ（ledgers/templates）の中です。雛形は変えずに、別の場所に帳簿を作ってください。`,
    `${dir} is inside the templates' folder (ledgers/templates): make the book elsewhere and leave the templates as they are`,
  );
}
