/**
 * Where each value of a JSON document starts: JSON pointer (`/statements/2/title`) → 1-based
 * line, so an issue about a manifest field points at the line a person would edit. A small
 * scanner over text that JSON.parse has already accepted.
 */

/** Line of every value in `text`, by JSON pointer ("" is the document). */
export function jsonLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const skip = () => {
    while (i < text.length) {
      const c = text[i];
      if (c === "\n") line++;
      else if (c !== " " && c !== "\t" && c !== "\r" && c !== "\uFEFF") return;
      i++;
    }
  };
  const string = (): string => {
    let out = "";
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") {
        const next = text[i + 1];
        if (next === "u") {
          out += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        out += next === "n" ? "\n" : next === "t" ? "\t" : (next ?? "");
        i += 2;
        continue;
      }
      out += text[i];
      i++;
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
    } while (open > 0 && i < text.length);
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
      while (i < text.length && text[i] !== "}") {
        const key = string();
        skip();
        i++; // colon
        value(`${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`, depth + 1);
        skip();
        if (text[i] === ",") i++;
        skip();
      }
      i++;
    } else if (c === "[") {
      i++;
      skip();
      for (let n = 0; i < text.length && text[i] !== "]"; n++) {
        value(`${pointer}/${n}`, depth + 1);
        skip();
        if (text[i] === ",") i++;
        skip();
      }
      i++;
    } else if (c === '"') string();
    else while (i < text.length && !/[,\]}\s]/.test(text[i] ?? "")) i++;
  };
  value("", 0);
  return lines;
}
