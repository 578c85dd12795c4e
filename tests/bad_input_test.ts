/**
 * Bad input, as a user would meet it through the CLI: every case must exit
 * with code 2, print a message naming the problem, and leave no output.
 */
import assert from "node:assert/strict";
import { openSqlEngine } from "../engine/data/sql_engine.ts";
import { exists, runCli } from "./_cli.ts";
import { cases, config, csv, GOOD_ROWS } from "./_bad_input.ts";

for (const c of cases) {
  Deno.test(`bad input: ${c.name} → exit 2, a clear message, no output`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const files = { "bars.csv": csv(...GOOD_ROWS), "c.ts": config(dir), ...c.files?.(dir) };
      for (const [name, content] of Object.entries(files)) {
        if (typeof content === "string") await Deno.writeTextFile(`${dir}/${name}`, content);
        else await Deno.writeFile(`${dir}/${name}`, content);
      }
      const args = c.args?.(dir) ?? [`${dir}/c.ts`];
      const r = await runCli(args.some((a) => a === "--out") ? args : [...args, "--out", `${dir}/out`], dir);
      assert.equal(r.code, 2, `exit code; stderr:\n${r.stderr}`);
      for (const e of c.expect) {
        if (typeof e === "string") assert.ok(r.stderr.includes(e), `expected ${JSON.stringify(e)} in:\n${r.stderr}`);
        else assert.match(r.stderr, e);
      }
      assert.equal(r.stdout, "");
      assert.equal(await exists(`${dir}/out`), false, "no output directory");
      assert.ok(!/^\s+at /m.test(r.stderr), `no stack trace in:\n${r.stderr}`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("bad input: a Parquet file with the wrong column types", async () => {
  const dir = await Deno.makeTempDir();
  try {
    using db = await openSqlEngine("native");
    await db.exec(
      `COPY (SELECT 20240101 AS Date, 1.0 AS Open, 2.0 AS High, 0.5 AS Low, 1.5 AS Close) TO '${dir}/bars.parquet' (FORMAT parquet)`,
    );
    await Deno.writeTextFile(`${dir}/c.ts`, config(dir).replace("bars.csv", "bars.parquet"));
    const r = await runCli([`${dir}/c.ts`, "--out", `${dir}/out`], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      /bars\.parquet.*time column "Date" has type INTEGER; expected DATE, TIMESTAMP or ISO-8601 text/,
    );
    assert.equal(await exists(`${dir}/out`), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** Every file under `root` (the root's lock file aside), by relative path, with its bytes. */
async function treeBytes(root: string, prefix = ""): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for await (const e of Deno.readDir(prefix ? `${root}/${prefix}` : root)) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory) { for (const [k, v] of await treeBytes(root, rel)) out.set(k, v); }
    else if (rel !== ".lock") out.set(rel, await Deno.readFile(`${root}/${rel}`));
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

Deno.test("bad input leaves every earlier published run and latest.txt in place, byte for byte", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/bars.csv`, csv(...GOOD_ROWS));
    await Deno.writeTextFile(`${dir}/c.ts`, config(dir));
    const ok = await runCli([`${dir}/c.ts`, "--out", `${dir}/out`, "--quiet"], dir);
    assert.equal(ok.code, 0, ok.stderr);
    // the whole output root, every published run, latest.txt and all, byte for byte
    const before = await treeBytes(`${dir}/out`);
    assert.ok([...before.keys()].some((f) => /^runs\/[^/.][^/]*\/result\.json$/.test(f)), [...before.keys()].join());
    await Deno.writeTextFile(`${dir}/bars.csv`, csv(GOOD_ROWS[0]!, GOOD_ROWS[0]!));
    const bad = await runCli([`${dir}/c.ts`, "--out", `${dir}/out`], dir);
    assert.equal(bad.code, 2);
    assert.deepEqual(await treeBytes(`${dir}/out`), before);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
