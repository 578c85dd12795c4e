/**
 * The git commit a directory is checked out at ({@linkcode gitRevision}) and
 * whether files are committed in it ({@linkcode commitStates}), read from
 * `.git` directly: the backtest task may not start processes, so `git
 * rev-parse` and `git status` are not an option (granting `--allow-run=git`
 * would grant it to the config too, which runs in the same process).
 *
 * @module
 */
import { createHash } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { inflateSync } from "node:zlib";

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
 * changes are not detected here: see {@linkcode commitStates}.
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

/** Where a repository's files live: its git directory, the shared one (objects, packed refs) and its work tree. */
interface Repo {
  readonly root: string;
  readonly gitDir: string;
  readonly commonDir: string;
}

/** The repository whose work tree holds `dir` (the nearest `.git` above it), or null. */
async function repoOf(dir: string): Promise<Repo | null> {
  for (let d = resolve(dir);;) {
    const dotGit = join(d, ".git");
    const file = await isFile(dotGit);
    if (file !== null) {
      let gitDir = dotGit;
      if (file) {
        const m = /^gitdir:\s*(.+)$/m.exec((await readText(dotGit)) ?? "");
        if (!m) return null;
        gitDir = resolve(d, m[1]!.trim());
      }
      const common = await readText(join(gitDir, "commondir"));
      return { root: d, gitDir, commonDir: common === null ? gitDir : resolve(gitDir, common.trim()) };
    }
    const parent = dirname(d);
    if (parent === d) return null;
    d = parent;
  }
}

/** A git object: its type and its content. */
interface GitObject {
  readonly type: "commit" | "tree" | "blob" | "tag";
  readonly data: Uint8Array;
}

const PACK_TYPES = ["", "commit", "tree", "blob", "tag", "", "ofs_delta", "ref_delta"] as const;

const hexOf = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

/** Reads objects of one repository: loose ones (zlib) and packed ones (pack index v2, with deltas). */
class ObjectStore {
  readonly #objects: string;
  #packs: Promise<{ idx: Uint8Array; pack: string }[]> | undefined;
  constructor(commonDir: string) {
    this.#objects = join(commonDir, "objects");
  }

  #loadPacks(): Promise<{ idx: Uint8Array; pack: string }[]> {
    return this.#packs ??= (async () => {
      const out: { idx: Uint8Array; pack: string }[] = [];
      try {
        for await (const e of Deno.readDir(join(this.#objects, "pack"))) {
          if (!e.isFile || !e.name.endsWith(".idx")) continue;
          const idx = await Deno.readFile(join(this.#objects, "pack", e.name));
          // version 2 only ("\377tOc", 2): version 1 is from git before 1.5.2
          if (idx.length < 8 + 1024 || idx[0] !== 0xff || idx[1] !== 0x74 || idx[2] !== 0x4f || idx[3] !== 0x63) {
            continue;
          }
          out.push({ idx, pack: join(this.#objects, "pack", e.name.replace(/\.idx$/, ".pack")) });
        }
      } catch { /* no pack folder */ }
      return out;
    })();
  }

  /** The object `sha` (40 hex digits), or null when this store does not have it or cannot read it. */
  async read(sha: string): Promise<GitObject | null> {
    try {
      const raw = await Deno.readFile(join(this.#objects, sha.slice(0, 2), sha.slice(2)));
      const data = new Uint8Array(inflateSync(raw));
      const sp = data.indexOf(0x20), nul = data.indexOf(0);
      const type = new TextDecoder().decode(data.subarray(0, sp));
      if (type !== "commit" && type !== "tree" && type !== "blob" && type !== "tag") return null;
      return { type, data: data.subarray(nul + 1) };
    } catch {
      // not loose: look in the packs
    }
    const want = Uint8Array.from(sha.match(/../g)!, (h) => parseInt(h, 16));
    for (const p of await this.#loadPacks()) {
      const at = findInIndex(p.idx, want);
      if (at !== null) return await this.#readPacked(p.pack, at, p);
    }
    return null;
  }

  async #readPacked(pack: string, offset: number, p: { idx: Uint8Array }): Promise<GitObject | null> {
    using f = await Deno.open(pack);
    const readAt = async (at: number, n: number) => {
      await f.seek(at, Deno.SeekMode.Start);
      const buf = new Uint8Array(n);
      let got = 0;
      while (got < n) {
        const k = await f.read(buf.subarray(got));
        if (k === null) break;
        got += k;
      }
      return buf.subarray(0, got);
    };
    // the header: type and size (varint), then a delta's base
    let head = await readAt(offset, 32);
    let i = 0;
    let c = head[i++]!;
    const typeNo = (c >> 4) & 7;
    let size = c & 15;
    for (let shift = 4; c & 0x80; shift += 7) {
      c = head[i++]!;
      size += (c & 0x7f) * 2 ** shift;
    }
    let base: GitObject | null = null;
    const type = PACK_TYPES[typeNo];
    if (type === "ofs_delta") {
      c = head[i++]!;
      let back = c & 0x7f;
      while (c & 0x80) {
        c = head[i++]!;
        back = (back + 1) * 128 + (c & 0x7f);
      }
      base = await this.#readPacked(pack, offset - back, p);
    } else if (type === "ref_delta") {
      const baseSha = hexOf(head.subarray(i, i + 20));
      i += 20;
      base = await this.read(baseSha);
    } else if (type === undefined || type === "") return null;
    // the zlib stream: read more until it is whole (data after its end is ignored)
    let data: Uint8Array | undefined;
    for (let n = Math.max(4096, size + 1024);; n *= 2) {
      head = await readAt(offset + i, n);
      try {
        data = new Uint8Array(inflateSync(head));
        break;
      } catch (e) {
        if (head.length < n) throw e; // the end of the file: a truncated pack
      }
    }
    if (type === "ofs_delta" || type === "ref_delta") {
      if (base === null) return null;
      return { type: base.type, data: applyDelta(base.data, data) };
    }
    return { type, data };
  }
}

/** The offset of object `want` (20 bytes) in a version-2 pack index, or null. */
function findInIndex(idx: Uint8Array, want: Uint8Array): number | null {
  const view = new DataView(idx.buffer, idx.byteOffset, idx.byteLength);
  const fan = 8;
  const total = view.getUint32(fan + 255 * 4);
  let lo = want[0]! === 0 ? 0 : view.getUint32(fan + (want[0]! - 1) * 4);
  let hi = view.getUint32(fan + want[0]! * 4);
  const names = fan + 1024;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    let cmp = 0;
    for (let k = 0; k < 20 && cmp === 0; k++) cmp = idx[names + mid * 20 + k]! - want[k]!;
    if (cmp === 0) {
      const offsets = names + total * 24; // after the names and the CRCs
      const o = view.getUint32(offsets + mid * 4);
      if (!(o & 0x80000000)) return o;
      const large = offsets + total * 4 + (o & 0x7fffffff) * 8;
      return view.getUint32(large) * 2 ** 32 + view.getUint32(large + 4);
    }
    if (cmp < 0) lo = mid + 1;
    else hi = mid;
  }
  return null;
}

/** Apply a git delta (copy and insert instructions) to `base`. */
function applyDelta(base: Uint8Array, delta: Uint8Array): Uint8Array {
  let i = 0;
  const varint = () => {
    let v = 0, shift = 0, c;
    do {
      c = delta[i++]!;
      v += (c & 0x7f) * 2 ** shift;
      shift += 7;
    } while (c & 0x80);
    return v;
  };
  varint(); // the base's size
  const out = new Uint8Array(varint());
  let o = 0;
  while (i < delta.length) {
    const op = delta[i++]!;
    if (op & 0x80) {
      let off = 0, len = 0;
      for (let b = 0; b < 4; b++) if (op & (1 << b)) off += delta[i++]! * 2 ** (8 * b);
      for (let b = 0; b < 3; b++) if (op & (0x10 << b)) len += delta[i++]! * 2 ** (8 * b);
      if (len === 0) len = 0x10000;
      out.set(base.subarray(off, off + len), o);
      o += len;
    } else if (op > 0) {
      out.set(delta.subarray(i, i + op), o);
      i += op;
      o += op;
    } else throw new Error("bad delta");
  }
  return out;
}

/** The entries of a tree object: name → (mode, sha). */
function treeEntries(data: Uint8Array): Map<string, { mode: string; sha: string }> {
  const out = new Map<string, { mode: string; sha: string }>();
  const dec = new TextDecoder();
  for (let i = 0; i < data.length;) {
    const sp = data.indexOf(0x20, i), nul = data.indexOf(0, sp);
    out.set(dec.decode(data.subarray(sp + 1, nul)), {
      mode: dec.decode(data.subarray(i, sp)),
      sha: hexOf(data.subarray(nul + 1, nul + 21)),
    });
    i = nul + 21;
  }
  return out;
}

/** The git blob id of `bytes`: sha1 of `blob <size>\0` and the bytes. */
function blobId(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/**
 * How a file stands against the commit `HEAD` names in its repository:
 * `committed` (its bytes are the blob HEAD holds at its path), `modified`
 * (they differ, staged or not), `untracked` (HEAD has no file at its path),
 * or `null` when there is no answer: the file is outside any git work tree,
 * the repository has no commit yet, or its objects cannot be read.
 *
 * @example
 * ```ts
 * import type { CommitState } from "./git_revision.ts";
 * const dirty = (s: CommitState) => s === "modified" || s === "untracked";
 * console.log(dirty("untracked"));
 * ```
 */
export type CommitState = "committed" | "modified" | "untracked" | null;

/**
 * Whether each of `files` is committed: its bytes compared with the blob at
 * its path in the tree of `HEAD`, read from `.git` directly (loose objects,
 * and version-2 packs with their deltas: `git` itself is not run, the
 * backtest task may not start processes). Files in several repositories
 * are each compared with their own. The bytes are compared as they are on
 * disk: a repository that converts line endings or runs clean filters
 * (`core.autocrlf`, `.gitattributes`) shows such files as modified.
 * Submodules are not entered; alternates (`objects/info/alternates`) are not
 * read (their files show as `null`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { commitStates } from "./git_revision.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.ts`, "export const a = 1;\n");
 * assert.deepEqual(await commitStates([`${dir}/a.ts`]), new Map([[`${dir}/a.ts`, null]])); // no repository
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function commitStates(files: readonly string[]): Promise<Map<string, CommitState>> {
  const out = new Map<string, CommitState>();
  const repos = new Map<string, Promise<{ repo: Repo; store: ObjectStore; tree: string } | null>>();
  const open = (dir: string) => {
    let p = repos.get(dir);
    if (p === undefined) {
      p = (async () => {
        const repo = await repoOf(dir);
        if (repo === null) return null;
        const head = await headOf(join(repo.root, ".git"), (await isFile(join(repo.root, ".git"))) === true);
        if (head === null) return null;
        const store = new ObjectStore(repo.commonDir);
        const commit = await store.read(head);
        if (commit?.type !== "commit") return null;
        const tree = /^tree ([0-9a-f]{40})/.exec(new TextDecoder().decode(commit.data.subarray(0, 64)))?.[1];
        return tree === undefined ? null : { repo, store, tree };
      })().catch(() => null);
      repos.set(dir, p);
    }
    return p;
  };
  const trees = new Map<string, Promise<Map<string, { mode: string; sha: string }> | null>>();
  for (const file of files) {
    const abs = resolve(file);
    const r = await open(dirname(abs));
    if (r === null) {
      out.set(file, null);
      continue;
    }
    try {
      const parts = abs.slice(r.repo.root.length + 1).split(/[\\/]/);
      let sha: string | null = r.tree;
      for (const part of parts) {
        const key: string = `${r.repo.commonDir}:${sha}`;
        let t = trees.get(key);
        if (t === undefined) {
          const treeSha: string = sha!;
          t = r.store.read(treeSha).then((o) => (o?.type === "tree" ? treeEntries(o.data) : null));
          trees.set(key, t);
        }
        const entries = await t;
        if (entries === null) throw new Error("unreadable tree");
        sha = entries.get(part)?.sha ?? null;
        if (sha === null) break;
      }
      out.set(file, sha === null ? "untracked" : blobId(await Deno.readFile(abs)) === sha ? "committed" : "modified");
    } catch {
      out.set(file, null);
    }
  }
  return out;
}
