/**
 * The fingerprint of the data a config reads: the sha256 of every file of
 * its `data` section (and of a benchmark read from another source), found
 * exactly as the bar loader finds them (a glob expanded the same way).
 *
 * Each file is hashed whole (sha256 of all its bytes, streamed; about
 * 1 GB/s, so 100 MB costs ~0.1 s), not sampled: two files that differ in
 * one byte in the middle have different fingerprints. A `sql` source has no
 * files of its own: its query text is part of the fingerprint instead, and
 * files the query reads are not hashed.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { isAbsolute, relative, resolve } from "node:path";
import type { DataConfig } from "../data/config.ts";
import { sourceFiles } from "../data/load_bars.ts";

/**
 * A data file of a fingerprint: its path (relative to the working directory
 * when inside it), its size and the sha256 (hex) of its bytes.
 *
 * @example
 * ```ts
 * import type { DataFile } from "./data_fingerprint.ts";
 * const f: DataFile = { path: "data/sample/sample.csv", bytes: 489902, sha256: "ab" };
 * console.log(f.bytes);
 * ```
 */
export interface DataFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * The fingerprint of the data a run or a study read.
 *
 * @example
 * ```ts
 * import type { DataFingerprint } from "./data_fingerprint.ts";
 * const short = (d: DataFingerprint) => d.sha256.slice(0, 12);
 * console.log(typeof short);
 * ```
 */
export interface DataFingerprint {
  /**
   * sha256 (hex) of one line per file, `<sha256>  <path>\n` (the format of
   * `sha256sum`) in path order, then one line `query <query>\n` per SQL
   * source.
   */
  readonly sha256: string;
  /** The files, sorted by path. */
  readonly files: readonly DataFile[];
  /** The queries of `sql` sources, in config order. */
  readonly queries: readonly string[];
}

/** The sha256 (hex) and size of a file, streamed. */
async function hashFile(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0;
  using f = await Deno.open(path);
  const buf = new Uint8Array(1 << 20);
  for (;;) {
    const n = await f.read(buf);
    if (n === null) break;
    hash.update(buf.subarray(0, n));
    bytes += n;
  }
  return { bytes, sha256: hash.digest("hex") };
}

/**
 * The data sections a config reads: its `data`, and the benchmark's when it
 * comes from another source (`analysis.benchmark.kind = "source"`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dataSectionsOf } from "./data_fingerprint.ts";
 * const data = { source: { kind: "files" as const, path: "a.csv" } };
 * assert.deepEqual(dataSectionsOf({ data }), [data]);
 * ```
 */
export function dataSectionsOf(
  config: {
    readonly data: DataConfig;
    readonly analysis?: { readonly benchmark: false | { readonly kind: string; readonly data?: DataConfig } };
  },
): DataConfig[] {
  const b = config.analysis?.benchmark;
  return b && b.kind === "source" && b.data !== undefined ? [config.data, b.data] : [config.data];
}

/**
 * Fingerprint the data `sections` read (see the module doc). Relative paths
 * resolve against `baseDir` (the working directory by default), as the bar
 * loader resolves them.
 *
 * @throws {DataError} when a file is missing or a glob matches nothing (as loading would).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dataFingerprint } from "./data_fingerprint.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.csv`, "abc");
 * const fp = await dataFingerprint([{ source: { kind: "files", path: "a.csv" } }], { baseDir: dir });
 * // sha256("abc"), FIPS 180-2 appendix B.1
 * assert.equal(fp.files[0]!.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
 * assert.equal(fp.files[0]!.bytes, 3);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function dataFingerprint(
  sections: readonly DataConfig[],
  opts: { readonly baseDir?: string } = {},
): Promise<DataFingerprint> {
  const baseDir = opts.baseDir ?? Deno.cwd();
  const cwd = Deno.cwd();
  const shown = (abs: string) => {
    const rel = relative(cwd, abs);
    return rel.startsWith("..") || isAbsolute(rel) ? abs : rel.split("\\").join("/");
  };
  const paths = new Set<string>();
  const queries: string[] = [];
  for (const data of sections) {
    if (data.source.kind === "sql") {
      queries.push(data.source.query);
      continue;
    }
    for (const f of (await sourceFiles(data, { baseDir })) ?? []) paths.add(resolve(f));
  }
  const files: DataFile[] = [];
  for (const p of paths) files.push({ path: shown(p), ...await hashFile(p) });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const listing = files.map((f) => `${f.sha256}  ${f.path}\n`).join("") + queries.map((q) => `query ${q}\n`).join("");
  return { sha256: createHash("sha256").update(listing).digest("hex"), files, queries };
}
