/**
 * A JSON-lines writer that streams results to disk as they arrive and
 * remembers where each line is, so the ranked outputs can be written at the
 * end by reading the lines back in rank order, without holding them in memory.
 * A study streams it to a temporary name staged with the report folder's
 * `AtomicOutput`, which publishes it with the study's other files.
 *
 * @module
 */
import { OutputError } from "../errors.ts";
import { ByteWriter } from "../report/byte_writer.ts";
import { outputError } from "../report/output_error.ts";

/** Lines reach the file in writes of at most this many bytes (whole lines), or at least once a second. */
const FLUSH_BYTES = 1 << 16;

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
 * ```ts
 * import assert from "node:assert/strict";
 * import { JsonlWriter } from "./jsonl_writer.ts";
 * const path = await Deno.makeTempFile();
 * {
 *   using w = JsonlWriter.create(path);
 *   const a = w.append('{"run":0}'), b = w.append('{"run":1}');
 *   assert.equal(w.read(b), '{"run":1}');
 *   assert.deepEqual([a, w.lines], [{ offset: 0, length: 9 }, 2]);
 * }
 * assert.equal(await Deno.readTextFile(path), '{"run":0}\n{"run":1}\n');
 * await Deno.remove(path);
 * ```
 */
export class JsonlWriter implements Disposable {
  readonly #path: string;
  readonly #file: Deno.FsFile;
  readonly #sink: ByteWriter;
  #offset = 0;
  #lines = 0;
  #closed = false;
  #flushedMs = performance.now();

  private constructor(path: string, file: Deno.FsFile) {
    this.#path = path;
    this.#file = file;
    this.#sink = new ByteWriter((chunk) => {
      let done = 0;
      while (done < chunk.length) done += file.writeSync(chunk.subarray(done));
    }, FLUSH_BYTES);
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
      throw outputError(`Cannot write "${path}"`, e);
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
   * reach the file in writes of whole lines, up to 64 KB, or at least once a
   * second.
   */
  append(line: string): LineRef {
    const ref = { offset: this.#offset, length: line.length };
    this.#sink.text(line + "\n"); // one call: the writer flushes before a text that does not fit, never inside it
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
