/**
 * The git commit a directory is checked out at, read from `.git` directly:
 * the backtest task may not start processes, so `git rev-parse` is not an
 * option.
 *
 * @module
 */
import { dirname, join, resolve } from "node:path";

async function readText(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    return null;
  }
}

async function isFile(path: string): Promise<boolean | null> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return null;
  }
}

const HASH = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/**
 * The commit hash `HEAD` points to in the git repository that contains
 * `from` (a directory or file; the nearest `.git` above it), or `null` when
 * there is no repository, `HEAD` names a branch with no commit yet, or the
 * files cannot be read. Handles a detached `HEAD`, loose and packed refs, and
 * worktrees and submodules (a `.git` file pointing elsewhere). Uncommitted
 * changes are not detected.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gitRevision } from "./git_revision.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/.git/refs/heads`, { recursive: true });
 * await Deno.writeTextFile(`${dir}/.git/HEAD`, "ref: refs/heads/main\n");
 * await Deno.writeTextFile(`${dir}/.git/refs/heads/main`, "0123456789abcdef0123456789abcdef01234567\n");
 * assert.equal(await gitRevision(`${dir}/configs/x.ts`), "0123456789abcdef0123456789abcdef01234567");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function gitRevision(from: string): Promise<string | null> {
  let dir = resolve(from);
  for (;;) {
    const dotGit = join(dir, ".git");
    const file = await isFile(dotGit);
    if (file !== null) return await headOf(dotGit, file);
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

async function headOf(dotGit: string, isGitFile: boolean): Promise<string | null> {
  let gitDir = dotGit;
  if (isGitFile) {
    const m = /^gitdir:\s*(.+)$/m.exec((await readText(dotGit)) ?? "");
    if (!m) return null;
    gitDir = resolve(dirname(dotGit), m[1]!.trim());
  }
  const common = await readText(join(gitDir, "commondir"));
  const commonDir = common === null ? gitDir : resolve(gitDir, common.trim());
  const head = (await readText(join(gitDir, "HEAD")))?.trim();
  if (head === undefined) return null;
  if (HASH.test(head)) return head;
  const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
  if (ref === undefined || ref.includes("..")) return null;
  for (const base of [gitDir, commonDir]) {
    const loose = (await readText(join(base, ref)))?.trim();
    if (loose !== undefined && HASH.test(loose)) return loose;
  }
  const packed = (await readText(join(commonDir, "packed-refs"))) ?? "";
  for (const line of packed.split("\n")) {
    const [hash, name] = line.trim().split(" ");
    if (name === ref && hash !== undefined && HASH.test(hash)) return hash;
  }
  return null;
}
