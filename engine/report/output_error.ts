/**
 * The one way an output location that cannot be written becomes an
 * {@linkcode OutputError}: the caller says what could not be done, the cause
 * says why in one line.
 *
 * @module
 */
import { OutputError } from "../errors.ts";

/**
 * An {@linkcode OutputError} reading `"<what>: <why>"`, where `why` is the
 * first line of the cause's message, or `permission denied (…)` when Deno's
 * permissions or the file system refused.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { outputError } from "./output_error.ts";
 * const e = outputError('Cannot write results to "out/x"', new Deno.errors.PermissionDenied("EACCES\nmore"));
 * assert.equal(e.message, 'Cannot write results to "out/x": permission denied (EACCES)');
 * assert.equal(outputError("Cannot write", new Error("disk full\nat …")).message, "Cannot write: disk full");
 * ```
 */
export function outputError(what: string, cause: unknown): OutputError {
  return new OutputError(`${what}: ${reason(cause)}`, { cause });
}

function reason(e: unknown): string {
  if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
    return `permission denied (${(e as Error).message.split("\n")[0]})`;
  }
  return e instanceof Error ? e.message.split("\n")[0]! : String(e);
}
