/**
 * Errors cross a worker boundary, and land in result files, as one line of text.
 *
 * @module
 */

/**
 * One line of an error, for messages between threads and for result files:
 * its name (unless plain `Error`) and message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { errorText } from "./error_text.ts";
 * assert.ok(errorText(new RangeError("bad\n  lag")) === "RangeError: bad lag");
 * assert.ok(errorText(new Error("boom")) === "boom");
 * ```
 */
export function errorText(e: unknown): string {
  const msg = e instanceof Error ? `${e.name === "Error" ? "" : `${e.name}: `}${e.message}` : String(e);
  return msg.split("\n").map((l) => l.trim()).filter(Boolean).join(" ");
}
