/**
 * The one publisher of result files: every file of a backtest, a study or a
 * job report is written to a temporary name first, and all of them are
 * renamed into place together, only once every one is complete.
 *
 * {@linkcode writeFilesAtomic} publishes a list of files in one call.
 * {@linkcode AtomicOutput} is the same step taken in parts, for a study:
 * a JSON-lines file streamed while the study runs, the ranked files written
 * from it at the end, the top runs' folders, then one commit.
 *
 * @module
 */
import { dirname } from "node:path";
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

function writeAll(file: Deno.FsFile, chunk: Uint8Array): void {
  let done = 0;
  while (done < chunk.length) done += file.writeSync(chunk.subarray(done));
}

async function writeContent(path: string, content: OutputFile["content"]): Promise<void> {
  if (typeof content === "string") await Deno.writeTextFile(path, content);
  else if (content instanceof Uint8Array) await Deno.writeFile(path, content);
  else {
    using file = await Deno.open(path, { write: true, create: true, truncate: true });
    const w = new ByteWriter((c) => writeAll(file, c));
    content(w);
    w.flush();
  }
}

/** A top-level entry of the output directory: a file, a folder, or (`tmp` null) an earlier one to remove. */
interface Entry {
  readonly name: string;
  readonly tmp: string | null;
  readonly folder: boolean;
}

/**
 * Files staged under temporary names in one output directory, published
 * together by {@linkcode AtomicOutput.commit}: each entry is renamed into
 * place, an earlier run's file or folder of the same name moved aside first
 * and moved back if any rename fails, so a reader sees the old files or the
 * new ones, never a mix. Disposing of it without a commit removes what was
 * staged and leaves the directory as it was.
 *
 * @example A streamed file and a computed one, published in one step
 * ```ts
 * import assert from "node:assert/strict";
 * import { AtomicOutput } from "./atomic_write.ts";
 * const dir = await Deno.makeTempDir();
 * {
 *   await using out = await AtomicOutput.open(dir);
 *   await Deno.writeTextFile(out.stagePath("log.jsonl"), '{"run":0}\n'); // e.g. streamed during a study
 *   await out.write([{ name: "top/01/summary.csv", content: "run\n0\n" }]);
 *   assert.deepEqual([...Deno.readDirSync(dir)].filter((e) => !e.name.startsWith(".")), []); // nothing public yet
 *   assert.deepEqual(await out.commit(), [`${dir}/log.jsonl`, `${dir}/top/01/summary.csv`]);
 * }
 * assert.equal(await Deno.readTextFile(`${dir}/top/01/summary.csv`), "run\n0\n");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class AtomicOutput implements AsyncDisposable {
  readonly #dir: string;
  readonly #entries = new Map<string, Entry>();
  /** Final paths of the files staged, in staging order. */
  readonly #paths: string[] = [];
  #done = false;

  private constructor(dir: string) {
    this.#dir = dir;
  }

  /**
   * Stage files in `dir`, creating it (and its parents) now.
   *
   * @throws {OutputError} when the directory cannot be created.
   */
  static async open(dir: string): Promise<AtomicOutput> {
    try {
      await Deno.mkdir(dir, { recursive: true });
    } catch (e) {
      throw outputError(`Cannot write results to "${dir}"`, e);
    }
    return new AtomicOutput(dir);
  }

  /** The output directory. */
  get dir(): string {
    return this.#dir;
  }

  #entry(name: string, folder: boolean): Entry {
    const have = this.#entries.get(name);
    if (have !== undefined && have.tmp !== null) {
      if (have.folder !== folder) throw new Error(`"${name}" is staged both as a file and as a folder`);
      return have;
    }
    const e = { name, tmp: `${this.#dir}/.${name}.${Deno.pid}.tmp`, folder };
    this.#entries.set(name, e);
    return e;
  }

  /**
   * The temporary path of file `name`, for a caller that writes it itself
   * (a JSON-lines file streamed while a study runs); {@linkcode commit}
   * moves it into place with the others.
   */
  stagePath(name: string): string {
    const e = this.#entry(name, false);
    this.#paths.push(`${this.#dir}/${name}`);
    return e.tmp!;
  }

  /**
   * Write `files` to their temporary names now. A name inside a folder
   * (`top/01/result.json`) stages that top folder as a whole: at commit it
   * replaces an earlier folder of that name, files and all. `onFile` is
   * called with each name before it is written (progress).
   *
   * @throws {OutputError} when a file cannot be written; everything staged is then removed.
   */
  async write(files: readonly OutputFile[], onFile?: (name: string) => void): Promise<void> {
    try {
      for (const f of files) {
        onFile?.(f.name);
        const slash = f.name.indexOf("/");
        let path: string;
        if (slash < 0) path = this.#entry(f.name, false).tmp!;
        else {
          path = `${this.#entry(f.name.slice(0, slash), true).tmp}/${f.name.slice(slash + 1)}`;
          await Deno.mkdir(dirname(path), { recursive: true });
        }
        this.#paths.push(`${this.#dir}/${f.name}`);
        await writeContent(path, f.content);
      }
    } catch (e) {
      await this.#discard();
      throw outputError(`Cannot write results to "${this.#dir}"`, e);
    }
  }

  /** Remove an earlier run's file or folder `name` at commit, unless this publication stages one. */
  remove(name: string): void {
    if (!this.#entries.has(name)) this.#entries.set(name, { name, tmp: null, folder: false });
  }

  /**
   * Move every staged entry into place, as one step. Returns the paths of
   * the files, in the order they were staged.
   *
   * @throws {OutputError} when a rename fails (or a staged file would
   * replace a folder); the directory is then as it was before.
   */
  async commit(): Promise<string[]> {
    if (this.#done) throw new Error(`the files for "${this.#dir}" were already published or discarded`);
    const placed: string[] = [];
    const moved: [backup: string, target: string][] = [];
    try {
      for (const e of this.#entries.values()) {
        const target = `${this.#dir}/${e.name}`;
        const old = await Deno.lstat(target).catch(() => null);
        if (old !== null) {
          if (old.isDirectory && e.tmp !== null && !e.folder) throw new Error(`"${target}" is a directory`);
          const backup = `${this.#dir}/.${e.name}.${Deno.pid}.bak`;
          await Deno.rename(target, backup);
          moved.push([backup, target]);
        }
        if (e.tmp !== null) {
          await Deno.rename(e.tmp, target);
          placed.push(target);
        }
      }
    } catch (err) {
      for (const p of placed) await Deno.remove(p, { recursive: true }).catch(() => {});
      for (const [backup, target] of moved) await Deno.rename(backup, target).catch(() => {});
      await this.#discard();
      throw outputError(`Cannot write results to "${this.#dir}"`, err);
    }
    this.#done = true;
    await Promise.all(moved.map(([backup]) => Deno.remove(backup, { recursive: true }).catch(() => {})));
    return [...this.#paths];
  }

  async #discard(): Promise<void> {
    this.#done = true;
    await Promise.all(
      [...this.#entries.values()].map((e) =>
        e.tmp === null ? undefined : Deno.remove(e.tmp, { recursive: true }).catch(() => {})
      ),
    );
  }

  /** Remove whatever was staged, unless it was committed. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#done) await this.#discard();
  }
}

/**
 * Write several files into `dir` as one step: each goes to a temporary file
 * first, and only when all are written are they renamed into place. A
 * failure removes the temporary files and leaves earlier outputs untouched:
 * files of an earlier run are moved aside before the renames and moved back
 * if one fails, and the files this call already renamed are removed.
 *
 * `onFile` is called with each file's name before it is written (progress).
 *
 * @throws {OutputError} when the directory cannot be created or written.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeFilesAtomic } from "./atomic_write.ts";
 * const dir = await Deno.makeTempDir();
 * await writeFilesAtomic(dir, [
 *   { name: "a.csv", content: "a\n1\n" },
 *   { name: "b.csv", content: (w) => (w.text("b\n"), w.number(0.5, "")) },
 * ]);
 * assert.equal(await Deno.readTextFile(`${dir}/b.csv`), "b\n0.5");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeFilesAtomic(
  dir: string,
  files: readonly OutputFile[],
  onFile?: (name: string) => void,
): Promise<string[]> {
  await using out = await AtomicOutput.open(dir);
  await out.write(files, onFile);
  return await out.commit();
}
