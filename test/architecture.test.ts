/**
 * The house: src/ is a pipeline of stage folders whose dependencies run one way, with no
 * import cycle between files, no function over 150 lines and no file over 700. Checked two
 * ways: by reading every import here, and by showing that Biome (`npm run lint`, run by CI)
 * refuses a backward import and an import cycle planted in a copy of src/.
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO } from "./helpers/book.ts";

const SRC = join(REPO, "src");

/** Which stage folders each stage may import from (itself always). Mirrors biome.json. */
const ALLOWED: Record<string, readonly string[]> = {
  model: [],
  io: ["model"],
  read: ["model", "io"],
  import: ["model", "io", "read"],
  derive: ["model"],
  check: ["model", "derive"],
  render: ["model", "derive", "check"],
  serve: ["model", "io", "read", "import", "derive", "check", "render"],
  cli: ["model", "io", "read", "import", "derive", "check", "render", "serve"],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs)$/.test(e.name) ? [path] : [];
  });
}

const FILES = sourceFiles(SRC);

/** The relative imports of a file (type-only ones included), resolved to absolute paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map(
    (m) => m[1] as string,
  );
  return specifiers.map((s) => resolve(dirname(file), s));
}

const stageOf = (file: string) => relative(SRC, file).split("/")[0] ?? "";

describe("src/ is a pipeline of stage folders", () => {
  it("holds only the stage folders, each with a README saying what enters and what leaves", () => {
    const entries = readdirSync(SRC, { withFileTypes: true });
    const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.every((f) => f in ALLOWED)).toBe(true);
    expect(entries.filter((e) => e.isFile()).map((e) => e.name)).toEqual(["README.md"]);
    for (const f of folders) {
      const readme = readFileSync(join(SRC, f, "README.md"), "utf8");
      expect(readme, f).toMatch(/^## In\b/m);
      expect(readme, f).toMatch(/^## Out\b/m);
    }
  });

  it("imports only from the stages before it", () => {
    const backward: string[] = [];
    for (const file of FILES) {
      const from = stageOf(file);
      for (const target of importsOf(file)) {
        const to = stageOf(target);
        if (to !== from && !(ALLOWED[from] ?? []).includes(to))
          backward.push(`${relative(REPO, file)} → ${relative(REPO, target)}`);
      }
    }
    expect(backward).toEqual([]);
  });

  it("has no import cycle between files (type-only imports count)", () => {
    const graph = new Map(FILES.map((f) => [f, importsOf(f)]));
    const state = new Map<string, "open" | "done">();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        cycles.push(
          [...path.slice(path.indexOf(file)), file].map((f) => relative(SRC, f)).join(" → "),
        );
        return;
      }
      state.set(file, "open");
      for (const next of graph.get(file) ?? []) if (graph.has(next)) visit(next, [...path, file]);
      state.set(file, "done");
    };
    for (const f of FILES) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it("has no function over 150 lines and no file over 700", () => {
    const long: string[] = [];
    for (const file of FILES.filter((f) => f.endsWith(".ts"))) {
      const text = readFileSync(file, "utf8");
      const lines = text.split("\n").length;
      if (lines > 700) long.push(`${relative(REPO, file)}: ${lines} lines`);
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const walk = (node: ts.Node) => {
        if (ts.isFunctionLike(node) && "body" in node && node.body) {
          const start = sf.getLineAndCharacterOfPosition(node.getStart()).line;
          const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
          if (end - start + 1 > 150)
            long.push(
              `${relative(REPO, file)}:${start + 1}: a function of ${end - start + 1} lines`,
            );
        }
        ts.forEachChild(node, walk);
      };
      walk(sf);
    }
    expect(long).toEqual([]);
  });
});

/** Every folder of src/ that holds a README, and its source files (those of subfolders without one too). */
function readmeRooms(): { dir: string; readme: string; files: string[] }[] {
  const rooms: { dir: string; readme: string; files: string[] }[] = [];
  const walk = (dir: string, room: { files: string[] } | undefined) => {
    const entries = readdirSync(dir, { withFileTypes: true });
    const own = entries.some((e) => e.isFile() && e.name === "README.md")
      ? { dir, readme: readFileSync(join(dir, "README.md"), "utf8"), files: [] as string[] }
      : undefined;
    if (own) rooms.push(own);
    const here = own ?? room;
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path, here);
      else if (/\.(ts|mjs)$/.test(e.name)) here?.files.push(path);
    }
  };
  walk(SRC, undefined);
  return rooms.filter((r) => r.dir !== SRC);
}

describe("the folder READMEs are true (a map that cannot go stale)", () => {
  const rooms = readmeRooms();
  it("every source file is named in its folder's README", () => {
    /** Is `name` in `text` as a whole file name (not the tail of another: grid.ts in read-grid.ts)? */
    const names = (text: string, name: string) =>
      new RegExp(`(^|[^\\w./-])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`, "m").test(
        text,
      );
    const unnamed = rooms.flatMap((r) =>
      r.files
        .filter((f) => !names(r.readme, relative(r.dir, f)) && !names(r.readme, basename(f)))
        .map((f) => relative(SRC, f)),
    );
    expect(unnamed).toEqual([]);
  });
  it("every file a README names exists", () => {
    const missing = rooms.flatMap((r) => {
      const named = [...r.readme.matchAll(/([\w./-]+\.(?:ts|mjs))\b/g)].map((m) => m[1] as string);
      return named
        .filter((name) => {
          if (name.includes("/"))
            return ![join(r.dir, name), join(SRC, name)].some((p) => existsSync(p));
          return !sourceFiles(r.dir).some((f) => basename(f) === name);
        })
        .map((name) => `${relative(SRC, r.dir)}/README.md: ${name}`);
    });
    expect(missing).toEqual([]);
  });
});

/** The names a file exports (declarations and `export { … }` without a source). */
function exportsOf(file: string): { name: string; testOnly: boolean }[] {
  const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const out: { name: string; testOnly: boolean }[] = [];
  const testOnly = (n: ts.Node) =>
    /@testOnly\b/.test(n.getFullText(sf).slice(0, n.getStart(sf) - n.getFullStart()));
  sf.forEachChild((n) => {
    if (
      ts.isExportDeclaration(n) &&
      !n.moduleSpecifier &&
      n.exportClause &&
      ts.isNamedExports(n.exportClause)
    ) {
      for (const e of n.exportClause.elements)
        out.push({ name: e.name.text, testOnly: testOnly(n) });
      return;
    }
    const exported =
      ts.canHaveModifiers(n) &&
      (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) return;
    if (ts.isVariableStatement(n))
      for (const d of n.declarationList.declarations)
        if (ts.isIdentifier(d.name)) out.push({ name: d.name.text, testOnly: testOnly(n) });
    if (
      (ts.isFunctionDeclaration(n) ||
        ts.isClassDeclaration(n) ||
        ts.isInterfaceDeclaration(n) ||
        ts.isTypeAliasDeclaration(n) ||
        ts.isEnumDeclaration(n)) &&
      n.name
    )
      out.push({ name: n.name.text, testOnly: testOnly(n) });
  });
  return out;
}

/** `file#name` for every name `file` imports from a relative module (`file#*` for a whole one). */
function importedNames(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const target = (spec: string) => resolve(dirname(file), spec);
  sf.forEachChild((n) => {
    if (!(ts.isImportDeclaration(n) || ts.isExportDeclaration(n))) return;
    if (!n.moduleSpecifier || !ts.isStringLiteral(n.moduleSpecifier)) return;
    const spec = n.moduleSpecifier.text;
    if (!spec.startsWith(".")) return;
    if (ts.isImportDeclaration(n)) {
      const c = n.importClause;
      if (c?.name) out.push(`${target(spec)}#default`);
      const b = c?.namedBindings;
      if (b && ts.isNamedImports(b))
        for (const e of b.elements) out.push(`${target(spec)}#${(e.propertyName ?? e.name).text}`);
      if (b && ts.isNamespaceImport(b)) out.push(`${target(spec)}#*`);
    } else if (n.exportClause && ts.isNamedExports(n.exportClause))
      for (const e of n.exportClause.elements)
        out.push(`${target(spec)}#${(e.propertyName ?? e.name).text}`);
    else out.push(`${target(spec)}#*`);
  });
  // A module loaded with import("./x.ts") is used whole.
  for (const m of text.matchAll(/import\(\s*"(\.{1,2}\/[^"]+)"\s*\)/g))
    out.push(`${target(m[1] as string)}#*`);
  return out;
}

describe("every export has an importer", () => {
  const TESTS = join(REPO, "test");
  const testFiles = sourceFiles(TESTS);
  const bySrc = new Set(FILES.flatMap(importedNames));
  const byTests = new Set(testFiles.flatMap(importedNames));
  const used = (set: Set<string>, file: string, name: string) =>
    set.has(`${file}#${name}`) || set.has(`${file}#*`);
  it("an export nobody in src/ imports is not exported (or is a test-only helper, marked @testOnly)", () => {
    const unused = FILES.flatMap((f) =>
      exportsOf(f)
        .filter((e) => !used(bySrc, f, e.name) && !e.testOnly)
        .map(
          (e) =>
            `${relative(SRC, f)} ${e.name}${used(byTests, f, e.name) ? " (imported only by tests: mark it @testOnly)" : ""}`,
        ),
    );
    expect(unused).toEqual([]);
  });
  it("an export marked @testOnly is imported by a test and by nothing in src/", () => {
    const wrong = FILES.flatMap((f) =>
      exportsOf(f)
        .filter((e) => e.testOnly && (used(bySrc, f, e.name) || !used(byTests, f, e.name)))
        .map((e) => `${relative(SRC, f)} ${e.name}`),
    );
    expect(wrong).toEqual([]);
  });
});

describe("the linter keeps the shape", () => {
  /** Lint a copy of src/ with `files` added; the copy keeps the working tree untouched. */
  function lintWith(files: Record<string, string>): { status: number | null; output: string } {
    const dir = mkdtempSync(join(tmpdir(), "yosan-lint-"));
    try {
      cpSync(SRC, join(dir, "src"), { recursive: true });
      const config = JSON.parse(readFileSync(join(REPO, "biome.json"), "utf8"));
      delete config.$schema;
      delete config.vcs;
      config.files = { includes: ["src/**"] };
      writeFileSync(join(dir, "biome.json"), JSON.stringify(config));
      for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
      const run = spawnSync(join(REPO, "node_modules", ".bin", "biome"), ["lint", "src"], {
        cwd: dir,
        encoding: "utf8",
      });
      return { status: run.status, output: `${run.stdout}${run.stderr}` };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("accepts src/ as it is", () => {
    const { status, output } = lintWith({ "src/cli/extra.ts": "export const extra = 1;\n" });
    expect(output).not.toMatch(/noRestrictedImports|noImportCycles/);
    expect(status).toBe(0);
  });

  it("refuses a backward import: derive/ reaching into read/", () => {
    const { status, output } = lintWith({
      "src/derive/backward.ts":
        'import { loadBook } from "../read/load-book.ts";\nexport const backward = loadBook;\n',
    });
    expect(status).not.toBe(0);
    expect(output).toContain("src/derive/ may import only from src/model/");
  });

  it("refuses file access in a pure stage: render/ importing node:fs", () => {
    const { status, output } = lintWith({
      "src/render/reads.ts":
        'import { readFileSync } from "node:fs";\nexport const reads = readFileSync;\n',
    });
    expect(status).not.toBe(0);
    expect(output).toContain("src/render/ is a pure stage");
  });

  it("refuses an import cycle", () => {
    const { status, output } = lintWith({
      "src/model/cycle-a.ts":
        'import { b } from "./cycle-b.ts";\nexport const a = (): number => b();\n',
      "src/model/cycle-b.ts":
        'import { a } from "./cycle-a.ts";\nexport const b = (): number => a() + 1;\n',
    });
    expect(status).not.toBe(0);
    expect(output).toContain("noImportCycles");
  });
});

describe("nothing in src/ is specific to one book", () => {
  /** Every string and template text of the code (comments aside). */
  function literals(file: string): string[] {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
    const out: string[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isStringLiteralLike(node)) out.push(node.text);
      else if (ts.isTemplateExpression(node)) {
        out.push(node.head.text, ...node.templateSpans.map((s) => s.literal.text));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return out;
  }

  it("no label, segment, entity or title of the FY29 book appears in a string of the code", () => {
    const layout = readFileSync(join(REPO, "ledgers/jlis-h29/layout.csv"), "utf8");
    const manifest = JSON.parse(readFileSync(join(REPO, "ledgers/jlis-h29/book.json"), "utf8"));
    const words = new Set<string>([manifest.entity, manifest.title]);
    for (const s of manifest.segments) words.add(s.name);
    for (const row of layout.split("\n").slice(1)) {
      const [, , label = "", aliases = ""] = row.split(",");
      for (const w of [label, ...aliases.split("|")]) if (w.length >= 3) words.add(w);
    }
    words.delete("その他"); // a word every body uses (その他の差額)
    expect(words.size).toBeGreaterThan(100);
    const found = FILES.filter((f) => f.endsWith(".ts")).flatMap((f) =>
      literals(f).flatMap((text) =>
        [...words]
          .filter((w) => text.includes(w))
          .map((w) => `${relative(REPO, f)}: 「${w}」 in ${JSON.stringify(text)}`),
      ),
    );
    expect(found).toEqual([]);
  });
});
