/**
 * Where each value of a JSON document starts: JSON pointer (`/statements/2/title`) → 1-based
 * line, so an issue about a manifest field points at the line a person would edit. A small
 * scanner over text that JSON.parse has already accepted.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;

/** Is `c` white space as the regular expression `\s` has it? */
function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** A key as a JSON pointer writes it: `~` as `~0`, `/` as `~1`. */
function pointerKey(key: string): string {
  return key.includes("~") || key.includes("/")
    ? key.replace(/~/g, "~0").replace(/\//g, "~1")
    : key;
}

/** Line of every value in `text`, by JSON pointer ("" is the document). */
export function jsonLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const n = text.length;
  let i = 0;
  let line = 1;
  const skip = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === LF) line++;
      else if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0xfeff) return;
      i++;
    }
  };
  const string = (): string => {
    let out = "";
    i++; // opening quote
    let from = i;
    for (;;) {
      let c = 0;
      while (i < n) {
        c = text.charCodeAt(i);
        if (c === QUOTE || c === BACKSLASH) break;
        i++;
      }
      out += text.slice(from, i);
      if (i >= n || c === QUOTE) break;
      const next = text[i + 1];
      if (next === "u") {
        out += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        out += next === "n" ? "\n" : next === "t" ? "\t" : (next ?? "");
        i += 2;
      }
      from = i;
    }
    i++; // closing quote
    return out;
  };
  /** Past a deeply nested value without recursing (its inner lines are not recorded). */
  const skipNested = () => {
    let open = 0;
    do {
      const c = text[i];
      if (c === '"') {
        string();
        continue;
      }
      if (c === "{" || c === "[") open++;
      else if (c === "}" || c === "]") open--;
      else if (c === "\n") line++;
      i++;
    } while (open > 0 && i < n);
  };
  const value = (pointer: string, depth: number): void => {
    skip();
    lines.set(pointer, line);
    const c = text[i];
    if (depth > 100 && (c === "{" || c === "[")) {
      skipNested();
      return;
    }
    if (c === "{") {
      i++;
      skip();
      while (i < n && text[i] !== "}") {
        const key = string();
        skip();
        i++; // colon
        value(`${pointer}/${pointerKey(key)}`, depth + 1);
        skip();
        if (text[i] === ",") i++;
        skip();
      }
      i++;
    } else if (c === "[") {
      i++;
      skip();
      for (let k = 0; i < n && text[i] !== "]"; k++) {
        value(`${pointer}/${k}`, depth + 1);
        skip();
        if (text[i] === ",") i++;
        skip();
      }
      i++;
    } else if (c === '"') string();
    else
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x2c || d === 0x5d || d === 0x7d || isSpace(d)) break;
        i++;
      }
  };
  value("", 0);
  return lines;
}
