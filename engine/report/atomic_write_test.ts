import assert from "node:assert/strict";
import { OutputError } from "../errors.ts";
import {
  AtomicOutput,
  latestRunDir,
  publishedRuns,
  sweepLeftovers,
  verifyResultSet,
  writeFilesAtomic,
} from "./atomic_write.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Every path under `dir` (files and folders, relative, sorted), hidden ones included. */
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
const hex = async (text: string) =>
  [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)))]
    .map((b) => b.toString(16).padStart(2, "0")).join("");

Deno.test("AtomicOutput publishes a streamed file, written files and folders as one new run, its manifest last", () =>
  withDir(async (root) => {
    await using out = await AtomicOutput.open(root);
    const log = await Deno.open(out.stagePath("runs.jsonl"), { write: true, create: true });
    await log.write(new TextEncoder().encode('{"run":0}\n'));
    log.close();
    await out.write([
      { name: "ranked.csv", content: "rank\n1\n" },
      { name: "top/01/result.json", content: (w) => w.text("{}") },
      { name: "top/02/result.json", content: new TextEncoder().encode("[]") },
    ]);
    // nothing public: no latest.txt, no published run, only the hidden directory being written
    assert.deepEqual(tree(root).filter((p) => !p.includes("/.") && !p.startsWith(".")), ["runs/"]);
    assert.match(out.dir, new RegExp(`^${root}/runs/\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{12}$`));
    const paths = await out.commit();
    assert.deepEqual(
      paths,
      ["runs.jsonl", "ranked.csv", "top/01/result.json", "top/02/result.json"].map((f) => `${out.dir}/${f}`),
    );
    const id = out.runId;
    assert.deepEqual(tree(root), [
      ".lock",
      "latest.txt",
      "runs/",
      `runs/${id}/`,
      `runs/${id}/manifest.json`,
      `runs/${id}/ranked.csv`,
      `runs/${id}/runs.jsonl`,
      `runs/${id}/top/`,
      `runs/${id}/top/01/`,
      `runs/${id}/top/01/result.json`,
      `runs/${id}/top/02/`,
      `runs/${id}/top/02/result.json`,
    ]);
    assert.equal(read(`${root}/latest.txt`), `${id}\n`);
    assert.deepEqual([read(`${out.dir}/runs.jsonl`), read(`${out.dir}/top/01/result.json`)], ['{"run":0}\n', "{}"]);
    // the manifest: every other file, sorted by name, with its size and sha256, and nothing that names the run
    assert.equal(
      read(`${out.dir}/manifest.json`),
      `{
  "schemaVersion": 1,
  "files": [
    {"name": "ranked.csv", "bytes": 7, "sha256": "${await hex("rank\n1\n")}"},
    {"name": "runs.jsonl", "bytes": 10, "sha256": "${await hex('{"run":0}\n')}"},
    {"name": "top/01/result.json", "bytes": 2, "sha256": "${await hex("{}")}"},
    {"name": "top/02/result.json", "bytes": 2, "sha256": "${await hex("[]")}"}
  ]
}
`,
    );
    assert.deepEqual(await verifyResultSet(out.dir), []);
  }));

Deno.test("every run is a new directory: an earlier run is never modified, latest.txt names the newest", () =>
  withDir(async (root) => {
    const [a] = await writeFilesAtomic(root, [{ name: "a.csv", content: "old" }, {
      name: "top/05/x.csv",
      content: "x",
    }]);
    const first = (await latestRunDir(root))!;
    const before = tree(first).map((p) => [p, p.endsWith("/") ? null : Deno.statSync(`${first}/${p}`).mtime]);
    const [b] = await writeFilesAtomic(root, [{ name: "a.csv", content: "new" }]);
    assert.notEqual(a, b);
    assert.equal(await latestRunDir(root), b!.slice(0, -"/a.csv".length));
    assert.deepEqual(
      tree(first).map((p) => [p, p.endsWith("/") ? null : Deno.statSync(`${first}/${p}`).mtime]),
      before,
    );
    assert.deepEqual([read(a!), read(b!)], ["old", "new"]);
    assert.equal((await publishedRuns(root)).length, 2);
  }));

Deno.test("two runs written at once under one root are both published whole", () =>
  withDir(async (root) => {
    await using a = await AtomicOutput.open(root);
    await using b = await AtomicOutput.open(root);
    assert.notEqual(a.runId, b.runId);
    await a.write([{ name: "x.csv", content: "a" }]);
    await b.write([{ name: "x.csv", content: "b" }]);
    await b.commit();
    await a.commit();
    assert.deepEqual([read(`${a.dir}/x.csv`), read(`${b.dir}/x.csv`)], ["a", "b"]);
    assert.deepEqual(await verifyResultSet(a.dir), []);
    assert.deepEqual(await verifyResultSet(b.dir), []);
    assert.equal(await latestRunDir(root), a.dir, "the last one published");
  }));

Deno.test("keep: runs beyond the newest `keep` are removed after a new one is published, never the latest", () =>
  withDir(async (root) => {
    for (let i = 0; i < 4; i++) await writeFilesAtomic(root, [{ name: "n.txt", content: String(i) }], { keep: 2 });
    const ids = await publishedRuns(root);
    assert.equal(ids.length, 2);
    assert.deepEqual(ids.map((id) => read(`${root}/runs/${id}/n.txt`)), ["2", "3"]);
    // an interrupted run is published without becoming the latest: the latest survives pruning to 1
    await writeFilesAtomic(root, [{ name: "n.txt", content: "4" }], { keep: 1, latest: false });
    assert.deepEqual((await publishedRuns(root)).map((id) => read(`${root}/runs/${id}/n.txt`)), ["3", "4"]);
    assert.equal(read(`${(await latestRunDir(root))!}/n.txt`), "3");
    assert.deepEqual(tree(root).filter((p) => p.includes("/.")), [], "nothing hidden left in runs/");
  }));

Deno.test("a run that is not committed, or whose file fails to write, leaves nothing; earlier runs stay", () =>
  withDir(async (root) => {
    await writeFilesAtomic(root, [{ name: "a.csv", content: "old" }]);
    const earlier = tree(root);
    {
      await using out = await AtomicOutput.open(root);
      await Deno.writeTextFile(out.stagePath("runs.jsonl"), "{}\n");
      await out.write([{ name: "a.csv", content: "new" }, { name: "top/01/x.csv", content: "x" }]);
      // a study that fails here never commits
    }
    assert.deepEqual(tree(root), earlier);
    const out = await AtomicOutput.open(root);
    await Deno.writeTextFile(out.stagePath("runs.jsonl"), "{}\n");
    await assert.rejects(
      () =>
        out.write([{ name: "b.csv", content: "b" }, {
          name: "c.csv",
          content: () => {
            throw new Error("disk full\nat …");
          },
        }]),
      (e) => e instanceof OutputError && e.message === `Cannot write results to "${root}": disk full`,
    );
    assert.deepEqual(tree(root), earlier);
    await assert.rejects(() => out.commit(), /already published or discarded/);
    await using other = await AtomicOutput.open(root);
    await assert.rejects(() => other.write([{ name: "manifest.json", content: "" }]), /the publisher's own file/);
  }));

Deno.test("open() removes a killed writer's unfinished run, keeps a live writer's, and reports what it did not write", () =>
  withDir(async (root) => {
    await writeFilesAtomic(root, [{ name: "a.csv", content: "a" }]);
    await using live = await AtomicOutput.open(root);
    await live.write([{ name: "a.csv", content: "being written" }]);
    // what a writer killed with SIGKILL leaves: an unlocked .partial-<id>/, a temporary latest.txt, and the
    // hidden files of the one-directory layout
    const dead = `${root}/runs/.partial-20250101T000000.000Z-0123456789ab`;
    await Deno.mkdir(`${dead}/top/01`, { recursive: true });
    await Deno.writeTextFile(`${dead}/top/01/result.json`, "{");
    await Deno.writeTextFile(`${root}/.latest.txt.20250101T000000.000Z-0123456789ab.tmp`, "x");
    await Deno.writeTextFile(`${root}/.result.json.4242.tmp`, "{");
    await Deno.writeTextFile(`${root}/.trades.csv.4242.bak`, "symbol\n");
    await Deno.mkdir(`${root}/runs/someone-elses`);
    await Deno.mkdir(`${root}/runs/20250101T000000.000Z-ffffffffffff`); // the form of a run, without a manifest
    const next = await AtomicOutput.open(root);
    assert.deepEqual(next.notes, [
      `removed "${dead}", the unfinished files of a run that was killed`,
      `"${root}/runs/20250101T000000.000Z-ffffffffffff" has no manifest.json, so it is not a complete set: left in place`,
      `"${root}/runs/someone-elses" is not a run this tool wrote: left in place`,
      `removed "${root}/.result.json.4242.tmp", a temporary file of a run that was killed`,
      `"${root}/.trades.csv.4242.bak" is an earlier result file a killed run moved aside: left in place`,
    ]);
    await next[Symbol.asyncDispose]();
    assert.deepEqual(
      tree(root).filter((p) => /(^|\/)\.[^/]*\/?$/.test(p)),
      [".lock", ".trades.csv.4242.bak", `runs/.partial-${live.runId}/`],
      "only the live run and the reported file are hidden there",
    );
    await live.commit();
    assert.equal(read(`${live.dir}/a.csv`), "being written");
    assert.deepEqual(await sweepLeftovers(`${root}/missing`), []);
  }));

Deno.test("a root whose latest.txt is not a file is refused before anything is written", () =>
  withDir(async (root) => {
    await Deno.mkdir(`${root}/o/latest.txt`, { recursive: true });
    await assert.rejects(
      () => writeFilesAtomic(`${root}/o`, [{ name: "a.csv", content: "a" }]),
      (e) =>
        e instanceof OutputError &&
        e.message === `Cannot write results to "${root}/o": "${root}/o/latest.txt" is not a file`,
    );
    assert.deepEqual(tree(`${root}/o`), ["latest.txt/"]);
  }));

Deno.test("verifyResultSet() finds a changed, a missing and an extra file", () =>
  withDir(async (root) => {
    await writeFilesAtomic(root, [
      { name: "a.csv", content: "a" },
      { name: "b.csv", content: "b" },
      { name: "top/c.csv", content: "c" },
    ]);
    const dir = (await latestRunDir(root))!;
    await Deno.writeTextFile(`${dir}/a.csv`, "A");
    await Deno.remove(`${dir}/top/c.csv`);
    await Deno.writeTextFile(`${dir}/d.csv`, "d");
    assert.deepEqual(await verifyResultSet(dir), [
      "a.csv: sha256 differs from the manifest",
      "d.csv: not in the manifest",
      "top/c.csv: missing",
    ]);
    await Deno.remove(`${dir}/manifest.json`);
    assert.match((await verifyResultSet(dir))[0]!, /^manifest\.json: /);
  }));

Deno.test("commit({ latest: false }) publishes a complete set and leaves latest.txt naming the earlier run", () =>
  withDir(async (root) => {
    const [first] = await writeFilesAtomic(root, [{ name: "a.csv", content: "finished" }]);
    const latest = await latestRunDir(root);
    assert.equal(`${latest}/a.csv`, first);
    // an interrupted job run: published for its record, not the newest finished one
    const [second] = await writeFilesAtomic(root, [{ name: "a.csv", content: "interrupted" }], { latest: false });
    assert.equal(await latestRunDir(root), latest);
    assert.equal(read(second!), "interrupted");
    assert.deepEqual(await verifyResultSet(second!.slice(0, -"/a.csv".length)), []);
    assert.equal((await publishedRuns(root)).length, 2);
  }));

Deno.test("remove() takes a file or folder out of the set before it is published: the manifest never lists it", () =>
  withDir(async (root) => {
    await using out = await AtomicOutput.open(root);
    const failed = out.folder("studies/failed");
    await Deno.writeTextFile(failed.stagePath("results.jsonl"), '{"run":0}\n'); // streamed, then the study failed
    await failed.write([{ name: "x.csv", content: "x" }]);
    await out.folder("studies/ok").write([{ name: "result.json", content: "{}" }]);
    await out.remove("studies/failed");
    await out.remove("studies/never-written");
    assert.deepEqual(await out.commit(), [`${out.dir}/studies/ok/result.json`]);
    assert.deepEqual(tree(out.dir), ["manifest.json", "studies/", "studies/ok/", "studies/ok/result.json"]);
    assert.deepEqual(await verifyResultSet(out.dir), []);
  }));

Deno.test("digestStaged() digests a file written at its staged path early: the manifest is the one commit() computes", () =>
  withDir(async (root) => {
    const manifests: string[] = [];
    for (const early of [false, true]) {
      await using out = await AtomicOutput.open(`${root}/${early}`);
      await Deno.writeTextFile(out.stagePath("a.csv"), "a\n1\n");
      await Deno.writeTextFile(out.stagePath("b.csv"), "b\n2\n");
      if (early) {
        await out.digestStaged("a.csv");
        await out.digestStaged("missing.csv"); // nothing to digest: left for commit
      }
      await out.commit();
      assert.deepEqual(await verifyResultSet(out.dir), []);
      manifests.push(read(`${out.dir}/manifest.json`));
    }
    assert.equal(manifests[0], manifests[1]);
  }));
