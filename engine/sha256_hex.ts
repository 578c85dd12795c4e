/**
 * SHA-256 of bytes as lower-case hex: the digest the golden cases, the sample
 * data and the benchmark's synthetic file are pinned by.
 *
 * @module
 */

/**
 * Lower-case hex SHA-256 of `data` (64 characters).
 *
 * @example The digest of "abc" (FIPS 180-2, appendix B.1)
 * ```ts
 * import assert from "node:assert/strict";
 * import { sha256Hex } from "./sha256_hex.ts";
 * assert.equal(
 *   await sha256Hex(new TextEncoder().encode("abc")),
 *   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
 * );
 * ```
 */
export async function sha256Hex(data: Uint8Array): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>),
  );
  let s = "";
  for (const b of digest) s += b.toString(16).padStart(2, "0");
  return s;
}
