/**
 * yosan's own sentences in the two languages its readers use: Japanese first, English one
 * switch away. A `Text` carries both, so the compiler refuses a message, a title or a hint
 * written in one language only; what is shown picks one (`inLang`) at the edge — the
 * terminal, a file, a page. The book's own words (labels, its checks' descriptions and hints,
 * notes) are not translated: `asWritten` shows them as the book writes them in either language.
 */

/** The languages yosan speaks; `ja` is the default wherever nothing else decides. */
export const LANGS = ["ja", "en"] as const;
export type Lang = (typeof LANGS)[number];

/** One sentence (or title, hint, label) in both languages. */
export interface Text {
  readonly ja: string;
  readonly en: string;
}

/** A sentence yosan says: Japanese first, then English. */
export function say(ja: string, en: string): Text {
  return { ja, en };
}

/** The book's own words (or a figure, a file name): the same in both languages. */
export function asWritten(words: string): Text {
  return { ja: words, en: words };
}

/** A sentence built the same way in both languages from the language (`lang => …`). */
export function sayEach(build: (lang: Lang) => string): Text {
  return { ja: build("ja"), en: build("en") };
}

/** The text in one language. */
export function inLang(text: Text, lang: Lang): string {
  return text[lang];
}

/** Texts joined language by language, with a separator that may differ (「、」 and `, `). */
export function joinTexts(texts: readonly Text[], separator: Text | string): Text {
  const sep = typeof separator === "string" ? asWritten(separator) : separator;
  return sayEach((lang) => texts.map((t) => t[lang]).join(sep[lang]));
}

/** A text changed the same way in both languages (clipped, prefixed, …). */
export function mapText(text: Text, change: (words: string, lang: Lang) => string): Text {
  return sayEach((lang) => change(text[lang], lang));
}

/** `ja` or `en` when `value` names one of them (`ja`, `JA`, `ja_JP.UTF-8`, `en-US`), else undefined. */
export function langNamed(value: string | undefined): Lang | undefined {
  const m = /^([a-z]{2})(?:$|[_.@-])/i.exec(value ?? "");
  const code = m?.[1]?.toLowerCase();
  return code === "ja" || code === "en" ? code : undefined;
}

/**
 * The environment variable that chooses the language the way `--lang` does (tests pin it).
 * @testOnly exported for the tests that set it
 */
export const LANG_VARIABLE = "YOSAN_LANG";

/**
 * The language of what yosan renders into files and pages (report.html, the workbook,
 * checks.csv's and the JSON outputs' text, the web page): `--lang`, else YOSAN_LANG, else the
 * book's `language`, else Japanese.
 */
export function documentLang(
  flag: Lang | undefined,
  env: Readonly<Record<string, string | undefined>>,
  book: Lang | undefined,
): Lang {
  return flag ?? langNamed(env[LANG_VARIABLE]) ?? book ?? "ja";
}

/**
 * What to say when YOSAN_LANG is set to something that names neither language: it is not used
 * (the locale and the book decide), and the user is told so rather than left guessing.
 */
export function ignoredLangVariable(
  env: Readonly<Record<string, string | undefined>>,
): Text | undefined {
  const value = env[LANG_VARIABLE];
  if (value === undefined || value === "" || langNamed(value) !== undefined) return undefined;
  return say(
    `yosan: 警告: ${LANG_VARIABLE}=「${value}」は ja でも en でもないため、使っていません。`,
    `yosan: warning: ${LANG_VARIABLE}=「${value}」 names neither ja nor en; it is not used`,
  );
}

/** The locale variables in the order POSIX gives them precedence. */
const LOCALE_VARIABLES = ["LC_ALL", "LC_MESSAGES", "LANG"] as const;

/**
 * The language of what yosan prints on the terminal: `--lang`, else YOSAN_LANG, else the
 * locale when the first of LC_ALL, LC_MESSAGES and LANG that is set names ja or en (C and POSIX
 * name neither), else the book's `language`, else Japanese.
 */
export function terminalLang(
  flag: Lang | undefined,
  env: Readonly<Record<string, string | undefined>>,
  book: Lang | undefined,
): Lang {
  const chosen = flag ?? langNamed(env[LANG_VARIABLE]);
  if (chosen !== undefined) return chosen;
  const set = LOCALE_VARIABLES.map((v) => env[v]).find((v) => v !== undefined && v !== "");
  return langNamed(set) ?? book ?? "ja";
}
