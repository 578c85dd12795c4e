/**
 * A JSON-lines writer that streams results to disk as they arrive and
 * remembers where each line is, so the ranked outputs can be written at the
 * end by reading the lines back in rank order, without holding them in memory.
 *
 * @module
 */
import { OutputError } from "../errors.ts";
import { TextSink } from "./_text.ts";

/** Where a line lives in the file. */
export interface LineRef {
  readonly offset: number;
  readonly length: number;
}

/**
 * Appends whole ASCII lines to a file, flushing in large writes of complete
 * lines (a reader or a crash never sees half a line from a flush).
 *
 * @example
 * ```ts ignore
 * using w = JsonlWriter.create("out/x/results.jsonl");
 * const ref = w.append('{"run":0}');
 * w.flush();
 * console.log(w.read(ref)); // {"run":0}
 * ```
 */
export class JsonlWriter implements Disposable {
  readonly #path: string;
  readonly #file: Deno.FsFile;
  readonly #sink: TextSink;
  #offset = 0;
  #lines = 0;
  #closed = false;
  #flushedMs = performance.now();

  private constructor(path: string, file: Deno.FsFile) {
    this.#path = path;
    this.#file = file;
    this.#sink = new TextSink(file);
  }

  /**
   * Create (or truncate) `path`.
   *
   * @throws {OutputError} when it cannot be opened for writing.
   */
  static create(path: string): JsonlWriter {
    try {
      return new JsonlWriter(path, Deno.openSync(path, { read: true, write: true, create: true, truncate: true }));
    } catch (e) {
      throw new OutputError(`Cannot write "${path}": ${e instanceof Error ? e.message.split("\n")[0] : e}`, {
        cause: e,
      });
    }
  }

  /** The file's path. */
  get path(): string {
    return this.#path;
  }

  /** Lines written. */
  get lines(): number {
    return this.#lines;
  }

  /**
   * Append one line (ASCII, without its newline); returns where it is. Lines
   * reach the file in 64 KB writes, or at least once a second.
   */
  append(line: string): LineRef {
    const ref = { offset: this.#offset, length: line.length };
    this.#sink.write(line + "\n");
    this.#offset += line.length + 1;
    this.#lines++;
    if (performance.now() - this.#flushedMs >= 1000) this.flush();
    return ref;
  }

  /** Write buffered lines to the file. */
  flush(): void {
    this.#sink.flush();
    this.#flushedMs = performance.now();
  }

  /** Read a line back (flushes first). */
  read(ref: LineRef, buf?: Uint8Array): string {
    this.flush();
    const bytes = buf !== undefined && buf.length >= ref.length
      ? buf.subarray(0, ref.length)
      : new Uint8Array(ref.length);
    this.#file.seekSync(ref.offset, Deno.SeekMode.Start);
    let got = 0;
    while (got < ref.length) {
      const n = this.#file.readSync(bytes.subarray(got));
      if (n === null || n === 0) throw new OutputError(`Cannot read back "${this.#path}": the file was truncated`);
      got += n;
    }
    this.#file.seekSync(0, Deno.SeekMode.End);
    let s = "";
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
    return s;
  }

  /** Flush and close (idempotent). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.flush();
    } finally {
      this.#file.close();
    }
  }

  /** Same as {@linkcode close}. */
  [Symbol.dispose](): void {
    this.close();
  }
}
