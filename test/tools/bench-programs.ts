/**
 * The two programs `npm run bench` measures side by side: the current code (a snapshot of the
 * working tree taken when the bench starts, bundled on its own, so an edit saved during the run
 * changes nothing measured) and a baseline commit (a detached git worktree under BENCH_TMP,
 * reused from one run to the next). Each is run as users run it — `node <its package.json bin>`
 * — with its own bundle built by its own `npm run bundle`.
 */
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
} from "node:fs";
import { dirname, join } from "node:path";

/** A yosan to run: `node bin …`. */
export interface Program {
  /** "current" or "baseline". */
  readonly name: string;
  /** Its root directory (the snapshot or the worktree). */
  readonly root: string;
  /** Its entry point, from its package.json's `bin`. */
  readonly bin: string;
  /** What it is: a commit, and for the current code how far the working tree is from it. */
  readonly describe: string;
  /** The full commit hash. */
  readonly commit: string;
  /** Set when its bundle could not be built or is older than its sources (it runs through tsx). */
  readonly warning?: string;
}

function run(
  command: string,
  args: readonly string[],
  cwd: string,
): { ok: boolean; out: string; err: string } {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 1 << 28 });
  return { ok: r.status === 0, out: r.stdout ?? "", err: `${r.stderr ?? ""}${r.error ?? ""}` };
}

function git(repo: string, ...args: string[]): string {
  const r = run("git", args, repo);
  if (!r.ok) throw new Error(`git ${args.join(" ")}: ${r.err.trim()}`);
  return r.out.trim();
}

/** The newest modification time of any file under `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function binOf(root: string): string {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    bin?: string | Record<string, string>;
  };
  const bin = typeof pkg.bin === "string" ? pkg.bin : pkg.bin?.yosan;
  if (!bin) throw new Error(`${root}/package.json names no bin`);
  return join(root, bin);
}

/** Is `root`'s bundle newer than every file under its src/ (what bin.mjs checks before using it)? */
function bundleIsFresh(root: string): boolean {
  const built = join(root, "output/.bundle/cli.mjs");
  return existsSync(built) && statSync(built).mtimeMs >= newest(join(root, "src"));
}

/**
 * `npm run bundle` in `root`; a warning when no fresh bundle comes of it, since the program
 * would then be measured through tsx.
 */
function bundle(root: string): string | undefined {
  const scripts = (
    JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      scripts?: Record<string, string>;
    }
  ).scripts;
  if (!scripts?.bundle) return "no bundle script: it runs its TypeScript sources through tsx";
  const r = run("npm", ["run", "bundle", "--silent"], root);
  if (!r.ok) return `npm run bundle failed: ${r.err.trim().split("\n").slice(0, 3).join(" / ")}`;
  return bundleIsFresh(root)
    ? undefined
    : "its bundle is missing or older than its sources: it runs through tsx";
}

/** node_modules for `root`: a link to the repository's when the lock files are identical, else `npm ci`. */
function dependencies(repo: string, root: string): void {
  if (existsSync(join(root, "node_modules"))) return;
  const lock = (dir: string) => {
    try {
      return readFileSync(join(dir, "package-lock.json"), "utf8");
    } catch {
      return null;
    }
  };
  const mine = lock(root);
  if (mine !== null && mine === lock(repo)) {
    symlinkSync(join(repo, "node_modules"), join(root, "node_modules"), "dir");
    return;
  }
  process.stderr.write(`  npm ci --prefer-offline in ${root} (its lock file differs)\n`);
  const r = run("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], root);
  if (!r.ok) throw new Error(`npm ci in ${root} failed: ${r.err.trim().slice(-600)}`);
}

/**
 * The current code: every tracked and untracked (not ignored) file of the working tree copied
 * into `dir`, node_modules linked, bundled there.
 */
export function currentProgram(repo: string, dir: string): Program {
  if (
    existsSync(join(dir, "node_modules")) &&
    lstatSync(join(dir, "node_modules")).isSymbolicLink()
  )
    unlinkSync(join(dir, "node_modules"));
  rmSync(dir, { recursive: true, force: true });
  const files = git(repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    .split("\0")
    .filter((f) => f !== "");
  for (const file of new Set(files)) {
    const from = join(repo, file);
    if (!existsSync(from) || !lstatSync(from).isFile()) continue; // deleted, or a link
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(from, join(dir, file));
  }
  symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"), "dir");
  const commit = git(repo, "rev-parse", "HEAD");
  const changed = git(repo, "status", "--porcelain", "--untracked-files=all")
    .split("\n")
    .filter((l) => l !== "").length;
  const bin = binOf(dir);
  const warning = bundle(dir);
  return {
    name: "current",
    root: dir,
    bin,
    commit,
    describe: `working tree at ${commit.slice(0, 7)}${changed > 0 ? ` + ${changed} uncommitted files` : ""}`,
    ...(warning ? { warning } : {}),
  };
}

/**
 * The baseline: `git worktree add --detach <work>/baseline-<sha> <sha>` (reused when it is
 * already there at that commit), its dependencies, its bundle.
 */
export function baselineProgram(repo: string, work: string, rev: string): Program {
  const commit = git(repo, "rev-parse", "--verify", `${rev}^{commit}`);
  const dir = join(work, `baseline-${commit.slice(0, 7)}`);
  if (existsSync(dir)) {
    const at = run("git", ["rev-parse", "HEAD"], dir);
    if (!at.ok || at.out.trim() !== commit)
      throw new Error(`${dir} exists but is not a worktree at ${commit}: move it away`);
  } else {
    mkdirSync(work, { recursive: true });
    // -f: a worktree registered here before and deleted since is added again.
    git(repo, "worktree", "add", "-f", "--detach", dir, commit);
  }
  dependencies(repo, dir);
  const bin = binOf(dir);
  const warning = bundleIsFresh(dir) ? undefined : bundle(dir);
  const subject = git(repo, "log", "-1", "--format=%s", commit);
  return {
    name: "baseline",
    root: dir,
    bin,
    commit,
    describe: `${commit.slice(0, 7)} (${subject.length > 60 ? `${subject.slice(0, 57)}…` : subject})`,
    ...(warning ? { warning } : {}),
  };
}
