/**
 * A directory's files as one sorted map, for comparing two runs' outputs byte
 * for byte (the distribution benchmark, the determinism suites).
 *
 * @module
 */

/**
 * Every file under `dir`, keyed by its path relative to `dir` (`/`-separated),
 * in ascending order of that path; directories are walked, not listed. With
 * `prefix`, only the subfolder `dir/prefix` is read, its keys still relative
 * to `dir`.
 *
 * @example Files of nested folders, ordered by their relative path
 * ```ts
 * import assert from "node:assert/strict";
 * import { readTree } from "./read_tree.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/a`);
 * await Deno.writeTextFile(`${dir}/b.txt`, "2");
 * await Deno.writeTextFile(`${dir}/a/c.txt`, "1");
 * const tree = await readTree(dir);
 * assert.deepEqual([...tree.keys()], ["a/c.txt", "b.txt"]);
 * assert.deepEqual(tree.get("b.txt"), new TextEncoder().encode("2"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readTree(dir: string, prefix = ""): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for await (const e of Deno.readDir(`${dir}/${prefix}`)) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory) { for (const [k, v] of await readTree(dir, rel)) out.set(k, v); }
    else out.set(rel, await Deno.readFile(`${dir}/${rel}`));
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}
