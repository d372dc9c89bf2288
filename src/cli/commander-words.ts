/**
 * Commander's own words in Japanese: the help's headings and `[options]`, the help option and
 * the help command, and its error messages ("unknown option", "missing required argument", …),
 * set through commander's own hooks (configureHelp, helpOption, helpCommand, configureOutput's
 * outputError). In English commander speaks as it always does. Loaded at start-up with the
 * option definitions, so it imports only commander and modules that import nothing.
 */
import { type Command, Help } from "commander";
import type { Lang } from "../model/text.ts";
import { displayWidth } from "../render/text-width.ts";

/** The headings of commander's help, in Japanese. */
const TITLES: Readonly<Record<string, string>> = {
  "Usage:": "使い方：",
  "Arguments:": "引数：",
  "Options:": "オプション：",
  "Global Options:": "共通オプション：",
  "Commands:": "コマンド：",
};

/** The placeholders of commander's usage lines, in Japanese. */
const PLACEHOLDERS: Readonly<Record<string, string>> = {
  "[options]": "[オプション]",
  "[command]": "[コマンド]",
};

/** ` (default: "x")` at the end of a description, in Japanese: `（既定値："x"）`. */
function defaultInJapanese(description: string): string {
  return description.replace(/ ?\(default: (.*)\)$/, "（既定値：$1）");
}

/**
 * The pieces a Japanese line may break between: an ASCII word, or one other character, with
 * the opening brackets before it and the closing punctuation after it (禁則: no line starts
 * with 、。）」 or a small kana, or ends with （「).
 */
const BREAKABLE =
  /\s*[（「『]*(?:[\x21-\x7e]+|[^\s\x21-\x7e])[、。，．・）」』：ーぁぃぅぇぉっゃゅょァィゥェォッャュョ]*/gu;

/**
 * `text` wrapped to `width` columns the way Japanese is: at spaces and between characters
 * (commander's own boxWrap breaks only at spaces, which Japanese seldom has).
 */
function wrapJapanese(text: string, width: number): string {
  return text
    .split(/\r?\n/)
    .map((line) => {
      const lines: string[] = [];
      let current = "";
      for (const piece of line.match(BREAKABLE) ?? []) {
        if (current !== "" && displayWidth(current + piece) > width) {
          lines.push(current);
          current = piece.trimStart();
        } else current += piece;
      }
      lines.push(current);
      return lines.join("\n");
    })
    .join("\n");
}

/** Commander's error messages (commander 14), each with its Japanese. */
const ERRORS: readonly (readonly [RegExp, (...parts: string[]) => string])[] = [
  [/^error: unknown option '(.*)'$/, (flag) => `オプション ${flag} はありません。`],
  [/^error: unknown command '(.*)'$/, (name) => `コマンド ${name} はありません。`],
  [/^error: missing required argument '(.*)'$/, (name) => `引数 ${name} を指定してください。`],
  [
    /^error: option '(.*)' argument missing$/,
    (flags) => `オプション ${flags} の値を指定してください。`,
  ],
  [
    /^error: required option '(.*)' not specified$/,
    (flags) => `オプション ${flags} を指定してください。`,
  ],
  [
    /^error: too many arguments for '(.*)'\. Expected (\d+) arguments? but got (\d+)\.$/,
    (name, expected, got) =>
      `引数が多すぎます（${name} の引数は ${expected} 個までですが、${got} 個あります）。`,
  ],
  [
    /^error: too many arguments\. Expected (\d+) arguments? but got (\d+)\.$/,
    (expected, got) => `引数が多すぎます（${expected} 個までですが、${got} 個あります）。`,
  ],
  [
    /^error: option '(.*)' argument '(.*)' is invalid\. (.*)$/,
    (flags, value, why) => `オプション ${flags} の値「${value}」は使えません。${why}`,
  ],
  [/^error: (.*)$/, (rest) => rest],
];

/** `(Did you mean --x?)` and `(Did you mean one of a, b?)`, commander's suggestions, in Japanese. */
const SUGGESTIONS: readonly (readonly [RegExp, (words: string) => string])[] = [
  [/^\(Did you mean one of (.*)\?\)$/, (words) => `（${words} のどれかのことですか？）`],
  [/^\(Did you mean (.*)\?\)$/, (word) => `（${word} のことですか？）`],
];

/** One of commander's error messages (`error: …`, maybe a suggestion below it) in Japanese. */
function commanderErrorInJapanese(text: string): string {
  const [first = "", ...rest] = text.replace(/\n$/, "").split("\n");
  const translate = (
    line: string,
    table: readonly (readonly [RegExp, (...parts: string[]) => string])[],
  ) => {
    for (const [pattern, say] of table) {
      const m = pattern.exec(line);
      if (m) return say(...m.slice(1));
    }
    return line;
  };
  const head = `エラー: ${translate(first, ERRORS)}`;
  return `${[head, ...rest.map((line) => translate(line, SUGGESTIONS))].join("\n")}\n`;
}

/**
 * Make `program` and the commands added to it afterwards (which inherit these settings) speak
 * commander's words in `lang`; English leaves commander as it is, but for the width of
 * Japanese descriptions.
 */
export function commanderSpeaks(program: Command, lang: Lang): Command {
  if (lang === "en") return program.configureHelp({ showGlobalOptions: true, displayWidth });
  const help = Help.prototype;
  return program
    .helpOption("-h, --help", "このコマンドのヘルプを表示します")
    .helpCommand("help [command]", "コマンドのヘルプを表示します")
    .configureHelp({
      showGlobalOptions: true,
      displayWidth,
      styleTitle: (title) => TITLES[title] ?? title,
      boxWrap(text, width) {
        return width < (this.minWidthToWrap ?? 40) ? text : wrapJapanese(text, width);
      },
      styleOptionText: (text) => PLACEHOLDERS[text] ?? text,
      styleSubcommandText: (text) => PLACEHOLDERS[text] ?? text,
      styleArgumentText: (text) => PLACEHOLDERS[text] ?? text,
      optionDescription(option) {
        // A flag is on when given: its default (false) tells a reader nothing.
        if (option.isBoolean() && typeof option.defaultValue === "boolean")
          return option.description;
        return defaultInJapanese(help.optionDescription.call(this, option));
      },
      argumentDescription(argument) {
        return defaultInJapanese(help.argumentDescription.call(this, argument));
      },
    });
}

/** How commander writes an error in `lang` (configureOutput's outputError). */
export function commanderErrorOutput(
  lang: Lang,
): (text: string, write: (s: string) => void) => void {
  return lang === "ja"
    ? (text, write) => write(commanderErrorInJapanese(text))
    : (text, write) => write(text);
}
