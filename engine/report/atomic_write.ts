import { OutputError } from "../errors.ts";
import { ByteWriter } from "./byte_writer.ts";

/** A file to write: a name inside the output directory and its content, or a producer that streams it. */
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
 * failure removes the temporary files and leaves earlier outputs untouched.
 *
 * @throws {OutputError} when the directory cannot be created or written.
 *
 * @example
 * ```ts ignore
 * await writeFilesAtomic("out/x", [{ name: "a.csv", content: "a\n1\n" }]);
 * ```
 */
export async function writeFilesAtomic(dir: string, files: readonly OutputFile[]): Promise<string[]> {
  try {
    await Deno.mkdir(dir, { recursive: true });
  } catch (e) {
    throw new OutputError(`Cannot write results to "${dir}": ${reason(e)}`, { cause: e });
  }
  const tmp: string[] = [];
  try {
    for (const f of files) {
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
    for (let i = 0; i < files.length; i++) await Deno.rename(tmp[i]!, `${dir}/${files[i]!.name}`);
  } catch (e) {
    await Promise.all(tmp.map((t) => Deno.remove(t).catch(() => {})));
    throw new OutputError(`Cannot write results to "${dir}": ${reason(e)}`, { cause: e });
  }
  return files.map((f) => `${dir}/${f.name}`);
}

function reason(e: unknown): string {
  if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
    return `permission denied (${(e as Error).message.split("\n")[0]})`;
  }
  return e instanceof Error ? e.message.split("\n")[0]! : String(e);
}
