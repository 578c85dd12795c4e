/**
 * Text helpers for the optimisation outputs: one-line ASCII JSON with fixed
 * number formatting, and files written to a temporary name then renamed.
 *
 * @module
 */
import { OutputError } from "../errors.ts";
import { formatNumber } from "../report/format.ts";

/**
 * One-line JSON: numbers in the result files' fixed form (non-finite → null),
 * object keys in insertion order, every non-ASCII character escaped, so a
 * line's length in bytes is its length in characters.
 */
export function jsonLine(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return formatNumber(value) ?? "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "string") {
    return JSON.stringify(value).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  }
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    return `[${Array.from(value as ArrayLike<unknown>, jsonLine).join(",")}]`;
  }
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || typeof v === "function") continue;
    parts.push(`${jsonLine(k)}:${jsonLine(v)}`);
  }
  return `{${parts.join(",")}}`;
}

function reason(e: unknown): string {
  if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
    return `permission denied (${(e as Error).message.split("\n")[0]})`;
  }
  return e instanceof Error ? e.message.split("\n")[0]! : String(e);
}

/** Make a directory (and its parents), as an {@linkcode OutputError} on failure. */
export function ensureDir(dir: string): void {
  try {
    Deno.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new OutputError(`Cannot write results to "${dir}": ${reason(e)}`, { cause: e });
  }
}

/** Buffered UTF-8 text output to an open file. */
export class TextSink {
  readonly #file: Deno.FsFile;
  readonly #enc = new TextEncoder();
  #parts: string[] = [];
  #pending = 0;
  /** Bytes handed to the file so far. */
  bytes = 0;

  constructor(file: Deno.FsFile) {
    this.#file = file;
  }

  write(s: string): void {
    this.#parts.push(s);
    this.#pending += s.length;
    if (this.#pending >= 1 << 16) this.flush();
  }

  flush(): void {
    if (this.#parts.length === 0) return;
    const bytes = this.#enc.encode(this.#parts.join(""));
    this.#parts = [];
    this.#pending = 0;
    let done = 0;
    while (done < bytes.length) done += this.#file.writeSync(bytes.subarray(done));
    this.bytes += bytes.length;
  }
}

/**
 * Write `path` by streaming text into a temporary file beside it, renamed
 * into place only when complete: a reader never sees a torn file.
 *
 * @throws {OutputError} when the file cannot be written.
 */
export function writeTextAtomic(path: string, produce: (write: (s: string) => void) => void): void {
  const tmp = `${path}.${Deno.pid}.tmp`;
  try {
    const file = Deno.openSync(tmp, { write: true, create: true, truncate: true });
    try {
      const sink = new TextSink(file);
      produce((s) => sink.write(s));
      sink.flush();
    } finally {
      file.close();
    }
    Deno.renameSync(tmp, path);
  } catch (e) {
    try {
      Deno.removeSync(tmp);
    } catch { /* not created */ }
    if (e instanceof OutputError) throw e;
    throw new OutputError(`Cannot write "${path}": ${reason(e)}`, { cause: e });
  }
}
