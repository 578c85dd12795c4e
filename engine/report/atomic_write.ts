/**
 * The one publisher of result files. Every run, a backtest, a grid search, a
 * walk-forward study or a research job, writes its files into a new
 * directory of its own under an output root (`out/<config name>` by default)
 * and publishes that directory, whole, with one atomic rename:
 *
 * ```
 * <root>/
 *   latest.txt              the id of the newest published run and a newline, replaced atomically
 *   .lock                   empty; locked for a moment while a run publishes, prunes or sweeps
 *   runs/
 *     <run-id>/             a published set, never modified again (pruning removes it whole)
 *       result.json …       the run's files, folders included (top/01/…, studies/<name>/…)
 *       manifest.json       written last: every other file's name, size in bytes and sha256
 *     .partial-<run-id>/    a set being written; its writer holds a lock on the directory
 *     .pruning-<run-id>/    a pruned set on its way out
 * ```
 *
 * A run id is the UTC time the run started and 48 random bits,
 * `20260101T020000.123Z-1a2b3c4d5e6f`: unique across concurrent runs and
 * machines, and sorted by start time. The id names the directory only: no
 * result file holds it, the manifest included, so the same config and seed
 * give byte-identical sets.
 *
 * **What a reader sees.** A directory in `runs/` whose name does not start
 * with a dot is complete: it appears by one rename, after its manifest was
 * written. Read `latest.txt` once, then the files of `runs/<id>/`: the set
 * does not change under you. `verifyResultSet` checks a set against its
 * manifest.
 *
 * **What a writer does.** {@linkcode AtomicOutput.open} sweeps the root
 * (below), creates `runs/.partial-<id>/` and locks it (`flock`, which the
 * kernel releases when a process dies, however it dies). The run writes its
 * files there. {@linkcode AtomicOutput.commit} writes the manifest, renames
 * the directory to `runs/<id>/` (the one step that publishes), then, under
 * the root's lock, points `latest.txt` at it (a temporary file renamed over
 * it) and prunes: published runs beyond the newest `keep` (the one
 * `latest.txt` names always stays) are renamed to `.pruning-<id>` and
 * removed. Earlier runs are never touched otherwise.
 *
 * **Leftovers.** A killed writer leaves its `.partial-<id>/` unlocked. The
 * next run under the same root, at its start, removes every unlocked
 * `.partial-*`, every `.pruning-*` and stray temporary `latest.txt` files,
 * and the hidden `.<name>.<pid>.tmp` files of the earlier one-directory
 * layout; it reports, without touching them, entries of `runs/` it did not
 * write and `.bak` files of that layout (an earlier file that may exist
 * nowhere else). A live writer's `.partial-*` stays locked, so two runs under
 * one root never disturb each other.
 *
 * Locking uses `flock` on a directory, as Linux and macOS allow.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { dirname } from "node:path";
import { DEFAULT_KEEP_RUNS } from "./config.ts";
import { ByteWriter } from "./byte_writer.ts";
import { outputError } from "./output_error.ts";

/**
 * A file to write: a name inside the output directory and its content, or a producer that streams it.
 *
 * @example
 * ```ts
 * import type { OutputFile } from "./atomic_write.ts";
 * const f: OutputFile = { name: "x.csv", content: (w) => w.text("a\n") };
 * console.log(f.name);
 * ```
 */
export interface OutputFile {
  /** A name in the output directory, or a path inside one of its folders (`top/01/result.json`). */
  readonly name: string;
  readonly content: string | Uint8Array | ((w: ByteWriter) => void);
}

/** The manifest's name, in every published set. */
export const MANIFEST_FILE = "manifest.json";
/** The file in an output root that names the newest published run. */
export const LATEST_FILE = "latest.txt";
/** The folder of an output root that holds its runs. */
export const RUNS_DIR = "runs";

/** Version of the manifest's layout. */
export const MANIFEST_SCHEMA_VERSION = 1;

const RUN_ID = /^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{12}$/;
const PARTIAL = ".partial-";
const PRUNING = ".pruning-";
const LATEST_TMP = /^\.latest\.txt\..+\.tmp$/;
/** Hidden files of the one-directory layout: `.result.json.12345.tmp`, `.trades.csv.12345.bak`. */
const OLD_TMP = /^\..+\.\d+\.tmp$/;
const OLD_BAK = /^\..+\.\d+\.bak$/;

/**
 * A new run id: the UTC time `nowMs` (compact ISO-8601, milliseconds
 * included) and 48 random bits.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isRunId, newRunId } from "./atomic_write.ts";
 * const id = newRunId(Date.UTC(2026, 0, 1, 2, 0, 0, 123));
 * assert.match(id, /^20260101T020000\.123Z-[0-9a-f]{12}$/);
 * assert.ok(isRunId(id) && id !== newRunId(Date.UTC(2026, 0, 1, 2, 0, 0, 123)));
 * ```
 */
export function newRunId(nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, "");
  const bits = crypto.getRandomValues(new Uint8Array(6));
  return `${stamp}-${[...bits].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Whether `name` has the form of a run id ({@linkcode newRunId}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isRunId } from "./atomic_write.ts";
 * assert.ok(isRunId("20260101T020000.123Z-1a2b3c4d5e6f") && !isRunId("result.json"));
 * ```
 */
export function isRunId(name: string): boolean {
  return RUN_ID.test(name);
}

/** A written file's size and digest. */
interface FileDigest {
  readonly bytes: number;
  readonly sha256: string;
}

function writeAll(file: Deno.FsFile, chunk: Uint8Array): void {
  let done = 0;
  while (done < chunk.length) done += file.writeSync(chunk.subarray(done));
}

/** Write `content` to `path`, hashing it on the way. */
function writeContent(path: string, content: OutputFile["content"]): FileDigest {
  const hash = createHash("sha256");
  let bytes = 0;
  using file = Deno.openSync(path, { write: true, create: true, truncate: true });
  const sink = (chunk: Uint8Array) => {
    hash.update(chunk);
    bytes += chunk.length;
    writeAll(file, chunk);
  };
  emitContent(content, sink);
  return { bytes, sha256: hash.digest("hex") };
}

/**
 * Turn a file's content into its bytes, handed to `sink` in chunks: a
 * string as UTF-8, bytes as they are, a producer through a {@linkcode ByteWriter}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { emitContent } from "./atomic_write.ts";
 * const chunks: Uint8Array[] = [];
 * emitContent((w) => w.text("a,b\n"), (c) => chunks.push(c.slice()));
 * assert.equal(new TextDecoder().decode(chunks[0]), "a,b\n");
 * ```
 */
export function emitContent(content: OutputFile["content"], sink: (chunk: Uint8Array) => void): void {
  if (typeof content === "string") sink(new TextEncoder().encode(content));
  else if (content instanceof Uint8Array) sink(content);
  else {
    const w = new ByteWriter(sink);
    content(w);
    w.flush();
  }
}

/** Read `path` back and digest it (a file a caller streamed itself). */
async function digestFile(path: string): Promise<FileDigest> {
  const hash = createHash("sha256");
  let bytes = 0;
  using file = await Deno.open(path, { read: true });
  const buf = new Uint8Array(1 << 20);
  for (let n = await file.read(buf); n !== null; n = await file.read(buf)) {
    hash.update(buf.subarray(0, n));
    bytes += n;
  }
  return { bytes, sha256: hash.digest("hex") };
}

/** Every file under `dir`, by `/`-separated relative path, sorted by code unit. */
async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(prefix === "" ? dir : `${dir}/${prefix}`)) {
    const rel = prefix === "" ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory) out.push(...await listFiles(dir, rel));
    else out.push(rel);
  }
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function checkName(name: string): void {
  const parts = name.split("/");
  if (name === "" || parts.some((p) => p === "" || p === "." || p === "..") || name.includes("\\")) {
    throw new Error(`"${name}" is not a file name inside the output directory`);
  }
}

/** Remove `path` and everything in it; a path another process removed first is fine. */
async function removeTree(path: string): Promise<void> {
  await Deno.remove(path, { recursive: true }).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  });
}

/** Run `fn` holding the root's lock (`<root>/.lock`, created when missing). */
async function withRootLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
  using file = await Deno.open(`${root}/.lock`, { read: true, write: true, create: true });
  await file.lock(true);
  try {
    return await fn();
  } finally {
    await file.unlock().catch(() => {});
  }
}

/**
 * Remove what killed runs left under `root`, and say what was found there
 * that this tool did not write (see the module doc). Returns one note per
 * finding; nothing when `root` does not exist.
 *
 * @throws {Error} when `root` cannot be read.
 *
 * @example A killed writer's unfinished set is removed; a stranger's folder is reported
 * ```ts
 * import assert from "node:assert/strict";
 * import { sweepLeftovers } from "./atomic_write.ts";
 * const root = await Deno.makeTempDir();
 * await Deno.mkdir(`${root}/runs/.partial-20260101T020000.000Z-000000000000`, { recursive: true });
 * await Deno.mkdir(`${root}/runs/mine`);
 * const notes = await sweepLeftovers(root);
 * assert.deepEqual([...Deno.readDirSync(`${root}/runs`)].map((e) => e.name), ["mine"]);
 * assert.equal(notes.length, 2);
 * assert.match(notes[1]!, /runs\/mine" is not a run this tool wrote: left in place/);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function sweepLeftovers(root: string): Promise<string[]> {
  try {
    if (!(await Deno.stat(root)).isDirectory) return [];
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  return await withRootLock(root, async () => {
    const notes: string[] = [];
    const runs = `${root}/${RUNS_DIR}`;
    let entries: Deno.DirEntry[] = [];
    try {
      entries = await Array.fromAsync(Deno.readDir(runs));
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const path = `${runs}/${e.name}`;
      if (e.name.startsWith(PARTIAL) && e.isDirectory) {
        // a dead writer's lock is free: take it, so that no one else claims the directory while it goes
        const dir = await Deno.open(path, { read: true }).catch((err) => {
          if (err instanceof Deno.errors.NotFound) return null;
          throw err;
        });
        if (dir === null) continue;
        try {
          if (await dir.tryLock(true)) {
            await removeTree(path);
            notes.push(`removed "${path}", the unfinished files of a run that was killed`);
          }
        } finally {
          dir.close();
        }
      } else if (e.name.startsWith(PRUNING)) {
        await removeTree(path);
      } else if (!(isRunId(e.name) && e.isDirectory)) {
        notes.push(`"${path}" is not a run this tool wrote: left in place`);
      } else if (!(await Deno.stat(`${path}/${MANIFEST_FILE}`).then(() => true, () => false))) {
        notes.push(`"${path}" has no ${MANIFEST_FILE}, so it is not a complete set: left in place`);
      }
    }
    for await (const e of Deno.readDir(root)) {
      const path = `${root}/${e.name}`;
      if (LATEST_TMP.test(e.name) || OLD_TMP.test(e.name)) {
        // switching latest.txt happens under the lock this sweep holds: no live writer owns one now
        await removeTree(path);
        if (!LATEST_TMP.test(e.name)) notes.push(`removed "${path}", a temporary file of a run that was killed`);
      } else if (OLD_BAK.test(e.name)) {
        notes.push(`"${path}" is an earlier result file a killed run moved aside: left in place`);
      }
    }
    return notes;
  });
}

/**
 * The directory of the newest published run under `root` (the one
 * `latest.txt` names), or null when there is none yet.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { latestRunDir, writeFilesAtomic } from "./atomic_write.ts";
 * const root = await Deno.makeTempDir();
 * assert.equal(await latestRunDir(root), null);
 * const [path] = await writeFilesAtomic(root, [{ name: "a.csv", content: "a\n" }]);
 * assert.equal(`${await latestRunDir(root)}/a.csv`, path);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function latestRunDir(root: string): Promise<string | null> {
  let id: string;
  try {
    id = (await Deno.readTextFile(`${root}/${LATEST_FILE}`)).trim();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
  if (!isRunId(id)) throw new Error(`"${root}/${LATEST_FILE}" does not name a run: "${id.slice(0, 80)}"`);
  return `${root}/${RUNS_DIR}/${id}`;
}

/**
 * The ids of the published runs under `root`, oldest first.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { publishedRuns, writeFilesAtomic } from "./atomic_write.ts";
 * const root = await Deno.makeTempDir();
 * await writeFilesAtomic(root, [{ name: "a.csv", content: "1" }]);
 * await writeFilesAtomic(root, [{ name: "a.csv", content: "2" }]);
 * assert.equal((await publishedRuns(root)).length, 2);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function publishedRuns(root: string): Promise<string[]> {
  try {
    const ids: string[] = [];
    for await (const e of Deno.readDir(`${root}/${RUNS_DIR}`)) if (e.isDirectory && isRunId(e.name)) ids.push(e.name);
    return ids.sort();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
}

/**
 * Check a published set against its manifest: the same files, no more, no
 * fewer, each of the recorded size and sha256. Returns the problems found;
 * an empty list means the set is complete.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { verifyResultSet, writeFilesAtomic } from "./atomic_write.ts";
 * const root = await Deno.makeTempDir();
 * const [path] = await writeFilesAtomic(root, [{ name: "a.csv", content: "a\n" }]);
 * const dir = path!.slice(0, -"/a.csv".length);
 * assert.deepEqual(await verifyResultSet(dir), []);
 * await Deno.writeTextFile(`${dir}/a.csv`, "b\n");
 * assert.deepEqual(await verifyResultSet(dir), ["a.csv: sha256 differs from the manifest"]);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function verifyResultSet(dir: string): Promise<string[]> {
  let manifest: { files?: { name: string; bytes: number; sha256: string }[] };
  try {
    manifest = JSON.parse(await Deno.readTextFile(`${dir}/${MANIFEST_FILE}`));
  } catch (e) {
    return [`${MANIFEST_FILE}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`];
  }
  const listed = new Map((manifest.files ?? []).map((f) => [f.name, f]));
  const problems: string[] = [];
  const present = (await listFiles(dir)).filter((f) => f !== MANIFEST_FILE);
  for (const name of present) {
    const want = listed.get(name);
    if (want === undefined) {
      problems.push(`${name}: not in the manifest`);
      continue;
    }
    listed.delete(name);
    const got = await digestFile(`${dir}/${name}`);
    if (got.bytes !== want.bytes) problems.push(`${name}: ${got.bytes} bytes, the manifest says ${want.bytes}`);
    else if (got.sha256 !== want.sha256) problems.push(`${name}: sha256 differs from the manifest`);
  }
  for (const name of listed.keys()) problems.push(`${name}: missing`);
  return problems;
}

/**
 * A directory being written: a whole set ({@linkcode AtomicOutput}) or a
 * folder inside one ({@linkcode StagedDir.folder}). Studies and reports
 * write into one; whoever opened the set publishes it.
 *
 * @example
 * ```ts
 * import type { StagedDir } from "./atomic_write.ts";
 * const writeNote = (out: StagedDir) => out.write([{ name: "note.txt", content: "hello\n" }]);
 * console.log(typeof writeNote);
 * ```
 */
export interface StagedDir {
  /** Where the files will be once the set is published. */
  readonly dir: string;
  /**
   * The path to write file `name` at now (its folders created), for a
   * caller that writes it itself: a JSON-lines file streamed while a study
   * runs. It is published with the other files.
   */
  stagePath(name: string): string;
  /**
   * Write `files` now. `onFile` is called with each name before it is
   * written (progress). Returns the paths the files will have once published.
   *
   * @throws {OutputError} when a file cannot be written.
   */
  write(files: readonly OutputFile[], onFile?: (name: string) => void): Promise<string[]>;
  /** A folder of this directory (`studies/wf`), written into the same set. */
  folder(name: string): StagedDir;
}

/**
 * Options of {@linkcode AtomicOutput.open}.
 *
 * @example
 * ```ts
 * import type { OpenOutputOptions } from "./atomic_write.ts";
 * const opts: OpenOutputOptions = { keep: 3, startedMs: Date.UTC(2026, 0, 1) };
 * console.log(opts.keep);
 * ```
 */
export interface OpenOutputOptions {
  /** Published runs to keep under the root once this one is published, itself included; `DEFAULT_KEEP_RUNS` by default. */
  readonly keep?: number | undefined;
  /** When the run started (epoch ms), the first part of its id; now by default. */
  readonly startedMs?: number | undefined;
}

/**
 * Options of {@linkcode AtomicOutput.commit}.
 *
 * @example
 * ```ts
 * import type { CommitOptions } from "./atomic_write.ts";
 * const interrupted: CommitOptions = { latest: false };
 * console.log(interrupted.latest);
 * ```
 */
export interface CommitOptions {
  /** Point `latest.txt` at the new run (true by default; an interrupted job run leaves it as it was). */
  readonly latest?: boolean;
}

/** A folder of a set: names are prefixed, everything else is the set's. */
class Folder implements StagedDir {
  constructor(readonly set: AtomicOutput, readonly prefix: string) {}
  get dir(): string {
    return `${this.set.dir}/${this.prefix}`;
  }
  stagePath(name: string): string {
    return this.set.stagePath(`${this.prefix}/${name}`);
  }
  write(files: readonly OutputFile[], onFile?: (name: string) => void): Promise<string[]> {
    return this.set.write(
      files.map((f) => ({ name: `${this.prefix}/${f.name}`, content: f.content })),
      onFile && ((name) => onFile(name.slice(this.prefix.length + 1))),
    );
  }
  folder(name: string): StagedDir {
    checkName(name);
    return new Folder(this.set, `${this.prefix}/${name}`);
  }
}

/**
 * One run's set of files, written into a new directory under an output root
 * and published whole by {@linkcode AtomicOutput.commit} (see the module doc
 * for the layout). Disposing of it without a commit removes what was written
 * and leaves the root as it was.
 *
 * @example A streamed file, a written one and a folder, published in one step
 * ```ts
 * import assert from "node:assert/strict";
 * import { AtomicOutput, latestRunDir, verifyResultSet } from "./atomic_write.ts";
 * const root = await Deno.makeTempDir();
 * {
 *   await using out = await AtomicOutput.open(root);
 *   await Deno.writeTextFile(out.stagePath("log.jsonl"), '{"run":0}\n'); // e.g. streamed during a study
 *   await out.write([{ name: "top/01/summary.csv", content: "run\n0\n" }]);
 *   assert.equal(await latestRunDir(root), null); // nothing public yet
 *   assert.deepEqual(await out.commit(), [`${out.dir}/log.jsonl`, `${out.dir}/top/01/summary.csv`]);
 *   assert.equal(await latestRunDir(root), out.dir);
 * }
 * const dir = (await latestRunDir(root))!;
 * assert.equal(await Deno.readTextFile(`${dir}/top/01/summary.csv`), "run\n0\n");
 * assert.deepEqual(await verifyResultSet(dir), []);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export class AtomicOutput implements StagedDir, AsyncDisposable {
  readonly #root: string;
  readonly #runId: string;
  readonly #staging: string;
  readonly #keep: number;
  readonly #notes: string[];
  /** The staging directory, open and locked while this run writes it. */
  #lock: Deno.FsFile | null;
  /** Digests of the files written through {@linkcode write}, by relative name. */
  readonly #digests = new Map<string, FileDigest>();
  /** Final paths of the files staged, in staging order. */
  readonly #paths: string[] = [];
  #done = false;

  private constructor(root: string, runId: string, lock: Deno.FsFile, keep: number, notes: string[]) {
    this.#root = root;
    this.#runId = runId;
    this.#staging = `${root}/${RUNS_DIR}/${PARTIAL}${runId}`;
    this.#lock = lock;
    this.#keep = keep;
    this.#notes = notes;
  }

  /**
   * Start a new run under `root`: sweep what killed runs left there
   * ({@linkcode sweepLeftovers}; its findings are in {@linkcode notes}), then
   * create and lock the run's directory, creating the root when missing.
   *
   * @throws {OutputError} when the root cannot be created or written, or its
   * `runs` or `latest.txt` are not what this tool writes.
   */
  static async open(root: string, opts: OpenOutputOptions = {}): Promise<AtomicOutput> {
    const keep = opts.keep ?? DEFAULT_KEEP_RUNS;
    if (!(Number.isInteger(keep) && keep >= 1)) throw new Error(`keep must be a whole number ≥ 1, found ${keep}`);
    try {
      // checked first, so that publishing cannot fail on it after the run, and a refused root gets nothing
      const latest = await Deno.lstat(`${root}/${LATEST_FILE}`).catch((e) => {
        if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory) return null;
        throw e;
      });
      if (latest !== null && !latest.isFile) throw new Error(`"${root}/${LATEST_FILE}" is not a file`);
      await Deno.mkdir(`${root}/${RUNS_DIR}`, { recursive: true });
      const notes = await sweepLeftovers(root);
      for (;;) {
        const runId = newRunId(opts.startedMs ?? new Date().getTime()); // names a directory, never a result file
        const staging = `${root}/${RUNS_DIR}/${PARTIAL}${runId}`;
        try {
          await Deno.mkdir(staging);
        } catch (e) {
          if (e instanceof Deno.errors.AlreadyExists) continue;
          throw e;
        }
        // a concurrent open's sweep may take the directory before it is opened or locked: then a new id is due
        let lock: Deno.FsFile;
        try {
          lock = await Deno.open(staging, { read: true });
        } catch (e) {
          if (e instanceof Deno.errors.NotFound) continue;
          throw e;
        }
        await lock.lock(true);
        // a sweep may have taken the unlocked directory before the lock: then it is gone, and a new id is due
        const still = await Deno.stat(staging).then((s) => s.ino, () => null);
        if (still !== null && still === (await lock.stat()).ino) {
          return new AtomicOutput(root, runId, lock, keep, notes);
        }
        lock.close();
      }
    } catch (e) {
      throw outputError(`Cannot write results to "${root}"`, e);
    }
  }

  /** The output root. */
  get root(): string {
    return this.#root;
  }

  /** The run's id: its directory's name in `runs/`. */
  get runId(): string {
    return this.#runId;
  }

  /** Where the set is published: `<root>/runs/<run id>`. */
  get dir(): string {
    return `${this.#root}/${RUNS_DIR}/${this.#runId}`;
  }

  /** What the sweep at {@linkcode open} removed or left in place, and any problem after publishing. */
  get notes(): readonly string[] {
    return this.#notes;
  }

  #check(name: string): void {
    checkName(name);
    if (name === MANIFEST_FILE) throw new Error(`"${MANIFEST_FILE}" is the publisher's own file`);
    if (this.#done) throw new Error(`the files of "${this.dir}" were already published or discarded`);
  }

  stagePath(name: string): string {
    this.#check(name);
    const path = `${this.#staging}/${name}`;
    try {
      Deno.mkdirSync(dirname(path), { recursive: true });
    } catch (e) {
      throw outputError(`Cannot write results to "${this.#root}"`, e);
    }
    this.#paths.push(`${this.dir}/${name}`);
    return path;
  }

  /**
   * Digest a file written at {@linkcode stagePath} now, while the run writes
   * the next ones, so that {@linkcode commit} need not read it again. A file
   * that cannot be read is left for `commit` to digest (and fail on).
   */
  async digestStaged(name: string): Promise<void> {
    this.#check(name);
    if (this.#digests.has(name)) return;
    const d = await digestFile(`${this.#staging}/${name}`).catch(() => undefined);
    if (d !== undefined && !this.#done) this.#digests.set(name, d);
  }

  async write(files: readonly OutputFile[], onFile?: (name: string) => void): Promise<string[]> {
    const paths: string[] = [];
    try {
      for (const f of files) {
        this.#check(f.name);
        onFile?.(f.name);
        const path = `${this.#staging}/${f.name}`;
        if (f.name.includes("/")) await Deno.mkdir(dirname(path), { recursive: true });
        this.#digests.set(f.name, writeContent(path, f.content));
        this.#paths.push(`${this.dir}/${f.name}`);
        paths.push(`${this.dir}/${f.name}`);
      }
    } catch (e) {
      await this.#discard();
      throw outputError(`Cannot write results to "${this.#root}"`, e);
    }
    return paths;
  }

  folder(name: string): StagedDir {
    checkName(name);
    return new Folder(this, name);
  }

  /**
   * Take a file or a folder out of the set before it is published (a job's
   * study that failed half-way): nothing of it is published. A name that was
   * never written is fine.
   *
   * @throws {OutputError} when it cannot be removed.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { AtomicOutput } from "./atomic_write.ts";
   * const root = await Deno.makeTempDir();
   * await using out = await AtomicOutput.open(root);
   * await out.folder("studies/a").write([{ name: "x.csv", content: "x\n" }]);
   * await out.write([{ name: "report.json", content: "{}\n" }]);
   * await out.remove("studies/a");
   * assert.deepEqual(await out.commit(), [`${out.dir}/report.json`]);
   * await Deno.remove(root, { recursive: true });
   * ```
   */
  async remove(name: string): Promise<void> {
    this.#check(name);
    try {
      await removeTree(`${this.#staging}/${name}`);
    } catch (e) {
      throw outputError(`Cannot write results to "${this.#root}"`, e);
    }
    const gone = (rel: string) => rel === name || rel.startsWith(`${name}/`);
    for (const rel of [...this.#digests.keys()]) if (gone(rel)) this.#digests.delete(rel);
    const base = `${this.dir}/`;
    for (let i = this.#paths.length - 1; i >= 0; i--) {
      if (gone(this.#paths[i]!.slice(base.length))) this.#paths.splice(i, 1);
    }
  }

  /**
   * Publish the set: write its manifest, rename its directory into `runs/`
   * (one atomic step), point `latest.txt` at it (unless `latest` is false)
   * and prune old runs. Returns the paths of the files written, in the order
   * they were staged. A problem after the rename (updating `latest.txt`,
   * pruning) leaves the set published and is added to {@linkcode notes}.
   *
   * @throws {OutputError} when the manifest or the rename fail; nothing is
   * published then and the staged files are removed.
   */
  async commit(opts: CommitOptions = {}): Promise<string[]> {
    if (this.#done) throw new Error(`the files of "${this.dir}" were already published or discarded`);
    try {
      const entries: string[] = [];
      for (const name of await listFiles(this.#staging)) {
        const d = this.#digests.get(name) ?? await digestFile(`${this.#staging}/${name}`);
        entries.push(`    {"name": ${JSON.stringify(name)}, "bytes": ${d.bytes}, "sha256": "${d.sha256}"}`);
      }
      // the manifest comes last: a set without one was never finished
      writeContent(
        `${this.#staging}/${MANIFEST_FILE}`,
        `{\n  "schemaVersion": ${MANIFEST_SCHEMA_VERSION},\n  "files": [${
          entries.length ? `\n${entries.join(",\n")}\n  ` : ""
        }]\n}\n`,
      );
      await Deno.rename(this.#staging, this.dir);
    } catch (e) {
      await this.#discard();
      throw outputError(`Cannot write results to "${this.#root}"`, e);
    }
    this.#done = true;
    try {
      await withRootLock(this.#root, async () => {
        if (opts.latest ?? true) {
          const tmp = `${this.#root}/.${LATEST_FILE}.${this.#runId}.tmp`;
          await Deno.writeTextFile(tmp, `${this.#runId}\n`);
          await Deno.rename(tmp, `${this.#root}/${LATEST_FILE}`);
        }
        await this.#prune();
      });
    } catch (e) {
      const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
      this.#notes.push(
        `published "${this.dir}", but updating "${this.#root}/${LATEST_FILE}" or pruning old runs failed: ${why}`,
      );
    } finally {
      this.#release();
    }
    return [...this.#paths];
  }

  /** Under the root's lock: remove published runs beyond the newest `keep`, never the one latest.txt names. */
  async #prune(): Promise<void> {
    const latest = await latestRunDir(this.#root).catch(() => null);
    const ids = (await publishedRuns(this.#root)).reverse();
    for (const id of ids.slice(this.#keep)) {
      const dir = `${this.#root}/${RUNS_DIR}/${id}`;
      if (id === this.#runId || dir === latest) continue;
      const doomed = `${this.#root}/${RUNS_DIR}/${PRUNING}${id}`;
      await Deno.rename(dir, doomed); // out of sight at once, then removed at leisure
      await removeTree(doomed);
    }
  }

  #release(): void {
    this.#lock?.close();
    this.#lock = null;
  }

  async #discard(): Promise<void> {
    this.#done = true;
    await removeTree(this.#staging).catch(() => {});
    this.#release();
  }

  /** Remove whatever was written, unless it was published. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#done) await this.#discard();
  }
}

/**
 * Options of {@linkcode writeFilesAtomic}.
 *
 * @example
 * ```ts
 * import type { WriteFilesOptions } from "./atomic_write.ts";
 * const opts: WriteFilesOptions = { keep: 5, onFile: (name) => console.log(`writing ${name}`) };
 * console.log(opts.keep);
 * ```
 */
export interface WriteFilesOptions extends OpenOutputOptions, CommitOptions {
  /** Called with each file's name before it is written (progress). */
  readonly onFile?: ((name: string) => void) | undefined;
}

/**
 * Write `files` as a new run under `root` and publish them in one step
 * ({@linkcode AtomicOutput}). Returns the published paths. A failure leaves
 * nothing behind and every earlier run as it was.
 *
 * @throws {OutputError} when the root cannot be created or written.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeFilesAtomic } from "./atomic_write.ts";
 * const root = await Deno.makeTempDir();
 * const [, b] = await writeFilesAtomic(root, [
 *   { name: "a.csv", content: "a\n1\n" },
 *   { name: "b.csv", content: (w) => (w.text("b\n"), w.number(0.5, "")) },
 * ]);
 * assert.equal(await Deno.readTextFile(b!), "b\n0.5");
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function writeFilesAtomic(
  root: string,
  files: readonly OutputFile[],
  opts: WriteFilesOptions = {},
): Promise<string[]> {
  await using out = await AtomicOutput.open(root, opts);
  await out.write(files, opts.onFile);
  return await out.commit(opts);
}
