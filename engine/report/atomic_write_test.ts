import assert from "node:assert/strict";
import { OutputError } from "../errors.ts";
import { AtomicOutput, writeFilesAtomic } from "./atomic_write.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Every path under `dir` (files and folders, relative, sorted), temporary ones included. */
function tree(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(`${dir}/${prefix}`)) {
    const p = prefix + e.name;
    out.push(e.isDirectory ? `${p}/` : p);
    if (e.isDirectory) out.push(...tree(dir, `${p}/`));
  }
  return out.sort();
}

const read = (path: string) => Deno.readTextFileSync(path);

Deno.test("AtomicOutput publishes a streamed file, written files and a folder in one commit, nothing before", () =>
  withDir(async (dir) => {
    await using out = await AtomicOutput.open(dir);
    const log = await Deno.open(out.stagePath("runs.jsonl"), { write: true, create: true });
    await log.write(new TextEncoder().encode('{"run":0}\n'));
    log.close();
    await out.write([
      { name: "ranked.csv", content: "rank\n1\n" },
      { name: "top/01/result.json", content: (w) => w.text("{}") },
      { name: "top/02/result.json", content: new TextEncoder().encode("[]") },
    ]);
    assert.ok(tree(dir).every((p) => p.startsWith(".")), tree(dir).join());
    const paths = await out.commit();
    assert.deepEqual(
      paths,
      ["runs.jsonl", "ranked.csv", "top/01/result.json", "top/02/result.json"].map((f) => `${dir}/${f}`),
    );
    assert.deepEqual(tree(dir), [
      "ranked.csv",
      "runs.jsonl",
      "top/",
      "top/01/",
      "top/01/result.json",
      "top/02/",
      "top/02/result.json",
    ]);
    assert.deepEqual([read(`${dir}/runs.jsonl`), read(`${dir}/top/01/result.json`)], ['{"run":0}\n', "{}"]);
  }));

Deno.test("a staged folder replaces an earlier one whole; remove() takes away one the new files do not have", () =>
  withDir(async (dir) => {
    await writeFilesAtomic(dir, [
      { name: "a.csv", content: "old" },
      { name: "top/01/x.csv", content: "old" },
      { name: "top/05/x.csv", content: "old" },
    ]);
    await writeFilesAtomic(dir, [{ name: "a.csv", content: "new" }, { name: "top/01/x.csv", content: "new" }]);
    assert.deepEqual(tree(dir), ["a.csv", "top/", "top/01/", "top/01/x.csv"]);
    assert.equal(read(`${dir}/top/01/x.csv`), "new");
    {
      await using out = await AtomicOutput.open(dir);
      await out.write([{ name: "a.csv", content: "newer" }]);
      out.remove("top");
      out.remove("a.csv"); // staged: a no-op
      await out.commit();
    }
    assert.deepEqual(tree(dir), ["a.csv"]);
    assert.equal(read(`${dir}/a.csv`), "newer");
  }));

Deno.test("a commit that fails midway puts the earlier files back and leaves no temporary file", () =>
  withDir(async (dir) => {
    await writeFilesAtomic(dir, [{ name: "a.csv", content: "old a" }, { name: "top/01/x.csv", content: "old x" }]);
    await Deno.mkdir(`${dir}/c.csv`); // a folder where a file should go: the third rename fails
    await assert.rejects(
      () =>
        writeFilesAtomic(dir, [
          { name: "a.csv", content: "new a" },
          { name: "top/01/x.csv", content: "new x" },
          { name: "c.csv", content: "new c" },
        ]),
      (e) =>
        e instanceof OutputError && e.message === `Cannot write results to "${dir}": "${dir}/c.csv" is a directory`,
    );
    assert.deepEqual(tree(dir), ["a.csv", "c.csv/", "top/", "top/01/", "top/01/x.csv"]);
    assert.deepEqual([read(`${dir}/a.csv`), read(`${dir}/top/01/x.csv`)], ["old a", "old x"]);
  }));

Deno.test("without a commit, or after a file fails to write, everything staged is removed", () =>
  withDir(async (dir) => {
    await writeFilesAtomic(dir, [{ name: "a.csv", content: "old" }]);
    {
      await using out = await AtomicOutput.open(dir);
      await Deno.writeTextFile(out.stagePath("runs.jsonl"), "{}\n");
      await out.write([{ name: "a.csv", content: "new" }, { name: "top/01/x.csv", content: "x" }]);
      // a study that fails here never commits
    }
    assert.deepEqual(tree(dir), ["a.csv"]);
    const out = await AtomicOutput.open(dir);
    await Deno.writeTextFile(out.stagePath("runs.jsonl"), "{}\n");
    await assert.rejects(
      () =>
        out.write([{ name: "b.csv", content: "b" }, {
          name: "c.csv",
          content: () => {
            throw new Error("disk full\nat …");
          },
        }]),
      (e) => e instanceof OutputError && e.message === `Cannot write results to "${dir}": disk full`,
    );
    assert.deepEqual(tree(dir), ["a.csv"]);
    assert.equal(read(`${dir}/a.csv`), "old");
    await assert.rejects(() => out.commit(), /already published or discarded/);
  }));
