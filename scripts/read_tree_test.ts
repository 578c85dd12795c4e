import assert from "node:assert/strict";
import { readTree } from "./read_tree.ts";

Deno.test("readTree() keys files by relative path in code-unit order, nested folders walked", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/a/d`, { recursive: true });
    await Deno.mkdir(`${dir}/empty`);
    await Deno.writeFile(`${dir}/a/d/e.bin`, new Uint8Array([0, 255]));
    await Deno.writeTextFile(`${dir}/a/c.txt`, "c");
    await Deno.writeTextFile(`${dir}/a.txt`, "a");
    await Deno.writeTextFile(`${dir}/B.txt`, "B");
    const tree = await readTree(dir);
    // "B" (0x42) < "a" (0x61); "a.txt" < "a/…" since "." (0x2e) < "/" (0x2f); an empty folder adds nothing
    assert.deepEqual([...tree.keys()], ["B.txt", "a.txt", "a/c.txt", "a/d/e.bin"]);
    assert.deepEqual(tree.get("a/d/e.bin"), new Uint8Array([0, 255]));
    assert.deepEqual([...(await readTree(dir, "a")).keys()], ["a/c.txt", "a/d/e.bin"]);
    assert.equal((await readTree(`${dir}/empty`)).size, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
