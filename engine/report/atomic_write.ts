import { OutputError } from "../errors.ts";
import { ByteWriter } from "./byte_writer.ts";

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
  readonly name: string;
  readonly content: string | Uint8Array | ((w: ByteWriter) => void);
}

function writeAll(file: Deno.FsFile, chunk: Uint8Array): void {
  let done = 0;
  while (done < chunk.length) done += file.writeSync(chunk.subarray(done));
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
  try {
    await Deno.mkdir(dir, { recursive: true });
  } catch (e) {
    throw new OutputError(`Cannot write results to "${dir}": ${reason(e)}`, { cause: e });
  }
  const tmp: string[] = [];
  try {
    for (const f of files) {
      onFile?.(f.name);
      const t = `${dir}/.${f.name}.${Deno.pid}.tmp`;
      tmp.push(t);
      if (typeof f.content === "string") await Deno.writeTextFile(t, f.content);
      else if (f.content instanceof Uint8Array) await Deno.writeFile(t, f.content);
      else {
        using file = await Deno.open(t, { write: true, create: true, truncate: true });
        const w = new ByteWriter((c) => writeAll(file, c));
        f.content(w);
        w.flush();
      }
    }
  } catch (e) {
    await Promise.all(tmp.map((t) => Deno.remove(t).catch(() => {})));
    throw new OutputError(`Cannot write results to "${dir}": ${reason(e)}`, { cause: e });
  }
  const placed: string[] = [];
  const moved: [backup: string, target: string][] = [];
  try {
    for (let i = 0; i < files.length; i++) {
      const target = `${dir}/${files[i]!.name}`;
      const old = await Deno.lstat(target).catch(() => null);
      if (old?.isDirectory) throw new Error(`"${target}" is a directory`);
      if (old !== null) {
        const backup = `${dir}/.${files[i]!.name}.${Deno.pid}.bak`;
        await Deno.rename(target, backup);
        moved.push([backup, target]);
      }
      await Deno.rename(tmp[i]!, target);
      placed.push(target);
    }
  } catch (e) {
    for (const p of placed) await Deno.remove(p).catch(() => {});
    for (const [backup, target] of moved) await Deno.rename(backup, target).catch(() => {});
    await Promise.all(tmp.map((t) => Deno.remove(t).catch(() => {})));
    throw new OutputError(`Cannot write results to "${dir}": ${reason(e)}`, { cause: e });
  }
  await Promise.all(moved.map(([backup]) => Deno.remove(backup).catch(() => {})));
  return files.map((f) => `${dir}/${f.name}`);
}

function reason(e: unknown): string {
  if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
    return `permission denied (${(e as Error).message.split("\n")[0]})`;
  }
  return e instanceof Error ? e.message.split("\n")[0]! : String(e);
}
