/**
 * Test helper: finds English sentences in text that should be Japanese (test/language.test.ts,
 * test/readme-ja.test.ts). An English sentence is a run of English words: ASCII letters only
 * (an apostrophe inside: model's), separated by spaces, punctuation at their edges allowed,
 * up to a full stop or a comma (so a list of column names is not a sentence).
 * Anything else breaks a run — ids (`published.sign`, `cf-closing-cash`), file positions
 * (`source/h29-budget.txt:130`), figures, options (`--lang`), Japanese — so ids, file names,
 * units and code between Japanese words are never a sentence. `englishWords` finds a single
 * English word of yosan's among Japanese, given the names that may stand there.
 */

/** A word: letters, with an apostrophe inside (model's, doesn't). */
const WORD = /^[A-Za-z]+(?:['’][A-Za-z]+)*$/;
/** Punctuation a word may carry at its edges in a sentence. */
const EDGES = /^[("'“‘[{]+|[)"'”’\]},.;:!?]+$/g;

/**
 * Every run of at least `minWords` English words in `text`, as written (spaces collapsed).
 * Japanese characters end a run, as does any token that is not a word.
 */
export function englishRuns(text: string, minWords = 3): string[] {
  const runs: string[] = [];
  // Printable ASCII stretches: anything outside them (Japanese, △, full-width marks) ends a run.
  for (const stretch of text.match(/[\x20-\x7e\t]+/g) ?? []) {
    let run: string[] = [];
    const close = () => {
      if (run.length >= minWords) runs.push(run.join(" "));
      run = [];
    };
    for (const token of stretch.split(/\s+/)) {
      if (token === "") continue;
      const bare = token.replace(EDGES, "");
      if (WORD.test(bare)) {
        run.push(token);
        // A full stop (or ? !) ends a sentence, a comma a list item (column names, `code,
        // name, line`): the next word starts another run.
        if (/[.!?,]["')\]]*$/.test(token) && bare.length > 1) close();
      } else close();
    }
    close();
  }
  return runs;
}

/** A lowercase English word: ASCII letters, with an apostrophe inside (model's). */
const LOWER_WORD = /^[a-z]+(?:['’][a-z]+)*$/;

/**
 * Every lowercase English word of at least `minLetters` letters standing on its own in `text`
 * (punctuation at its edges allowed, as in a sentence) that `allowed` does not hold: in a
 * Japanese text, one of yosan's words left in English — `budget` for 当初予算, `rows` for 行 —
 * which a run of three words does not catch. The names a reader types or finds in the book (ids,
 * column names, command lines) are the caller's `allowed`; a token that is no word —
 * `published.sign`, `budget.csv:7:amount`, `--strict`, `<dir>`, `json,csv` — never counts, nor
 * does a capitalised one (LGWAN, WebTrust: the book's).
 */
export function englishWords(text: string, allowed: ReadonlySet<string>, minLetters = 4): string[] {
  const words: string[] = [];
  for (const stretch of text.match(/[\x20-\x7e\t]+/g) ?? []) {
    for (const token of stretch.split(/\s+/)) {
      const bare = token.replace(EDGES, "");
      if (bare.length >= minLetters && LOWER_WORD.test(bare) && !allowed.has(bare))
        words.push(bare);
    }
  }
  return words;
}

/** The English words of each text that `allowed` does not hold, with where each was found. */
export function wordsIn(
  texts: Iterable<{ where: string; text: string }>,
  allowed: ReadonlySet<string>,
): FoundRun[] {
  const found: FoundRun[] = [];
  for (const { where, text } of texts) {
    for (const run of englishWords(text, allowed)) found.push({ where, run });
  }
  return found;
}

/** Decodes the few entities an HTML page escapes its text with. */
function decodeEntities(html: string): string {
  return html
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) =>
      String.fromCodePoint(Number.parseInt(hex, 16)),
    )
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number.parseInt(dec, 10)))
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** Elements that end a sentence: their boundaries separate texts (cells, items, paragraphs). */
const BLOCKS =
  "address|article|aside|body|br|button|caption|dd|details|dialog|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|head|header|hr|html|input|label|legend|li|main|nav|ol|optgroup|option|p|pre|section|select|summary|table|tbody|td|text|textarea|tfoot|th|thead|title|tr|tspan|ul";

/**
 * What a person reads on an HTML page: the text between tags (scripts, styles, comments and
 * <code>/<kbd> removed), one entry per block (a cell, an item, a paragraph) so that no two
 * cells make one sentence, and the attributes a browser shows (title, alt, placeholder,
 * aria-label).
 */
export function htmlTexts(html: string): string[] {
  const body = html
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<(script|style|code|kbd)\b[^>]*>[\s\S]*?<\/\1>/gi, " ");
  const shown: string[] = [];
  for (const m of body.matchAll(/\s(?:title|alt|placeholder|aria-label)="([^"]*)"/gi)) {
    shown.push(decodeEntities(m[1] ?? ""));
  }
  const blockTag = new RegExp(`<\\/?(?:${BLOCKS})\\b[^>]*>`, "gi");
  for (const block of body.split(blockTag)) {
    const text = decodeEntities(block.replace(/<[^>]*>/g, " ")).trim();
    if (text !== "") shown.push(text);
  }
  return shown;
}

/** Where an English run was found, for a readable failure. */
export interface FoundRun {
  readonly where: string;
  readonly run: string;
}

/** The English runs of each text, with where it was found. */
export function runsIn(texts: Iterable<{ where: string; text: string }>, minWords = 3): FoundRun[] {
  const found: FoundRun[] = [];
  for (const { where, text } of texts) {
    for (const run of englishRuns(text, minWords)) found.push({ where, run });
  }
  return found;
}
