/**
 * The sandbox fails exactly like the native path on the whole bad-input
 * corpus: exit 2, the same message (the usage text names its own task), no
 * output. Data in a case's temporary directory lies outside the project, so
 * the sandboxed runs name it with `--data`, which also makes it readable.
 */
import assert from "node:assert/strict";
import { configSource, exists, ROOT, runCli, runSandbox } from "./_cli.ts";
import { cases, config, csv, GOOD_ROWS } from "./_bad_input.ts";

/** The sandbox's message as the native CLI words it: its usage names its own task and has its own `--read` flag. */
const sameMessage = (sandbox: string) =>
  sandbox.replaceAll("deno task backtest:sandbox", "deno task backtest").replace(
    /^ {2}--read PATH .*\n(?: {23}.*\n)*/m,
    "",
  );

for (const c of cases) {
  Deno.test(`sandbox bad input: ${c.name} → the native message, exit 2, no output`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const files = { "bars.csv": csv(...GOOD_ROWS), "c.ts": config(dir), ...c.files?.(dir) };
      for (const [name, content] of Object.entries(files)) {
        if (typeof content === "string") await Deno.writeTextFile(`${dir}/${name}`, content);
        else await Deno.writeFile(`${dir}/${name}`, content);
      }
      let args = c.args?.(dir) ?? [`${dir}/c.ts`];
      if (!args.includes("--out")) args = [...args, "--out", `${dir}/out`];
      if (!args.includes("--data") && args.length > 0 && !args[0]!.startsWith("--")) {
        args = [...args, "--data", `${dir}/bars.csv`];
      }
      const native = await runCli(args, dir);
      // the case's other files (an actions table, a calendar file, FX series) are granted as a user would: --read
      const sandbox = await runSandbox([...args, "--read", dir]);
      assert.equal(sandbox.code, 2, `exit code; stderr:\n${sandbox.stderr}`);
      assert.equal(native.code, 2, `native exit code; stderr:\n${native.stderr}`);
      assert.equal(sameMessage(sandbox.stderr), native.stderr);
      for (const e of c.expect) {
        if (typeof e === "string") {
          assert.ok(sandbox.stderr.includes(e), `expected ${JSON.stringify(e)} in:\n${sandbox.stderr}`);
        } else assert.match(sandbox.stderr, e);
      }
      assert.equal(sandbox.stdout, "");
      assert.equal(await exists(`${dir}/out`), false, "no output directory");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("sandbox: Parquet fails at once with a message naming the native task (never hangs)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // A guard, not a stopwatch: a run that tried to download the parquet
    // extension offline would hang; this aborts it so the suite cannot hang.
    const r = await runSandbox(
      ["configs/sma_cross.ts", "--data", "data/sample/sample.parquet", "--symbols", "AAA", "--out", `${dir}/out`],
      AbortSignal.timeout(120_000),
    );
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      /^error: Cannot load bars from "data\/sample\/sample\.parquet": cannot be read \(Parquet needs DuckDB's parquet extension, .*`deno task backtest` \(native DuckDB\)/,
    );
    assert.equal(await exists(`${dir}/out`), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sandbox: a config whose own output.dir lies outside out/ fails as an output error, writing nothing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/c.ts`,
      configSource(`export default defineConfig({
  name: "elsewhere", data: { source: "data/sample/AAA.csv" }, capital: 10000, output: { dir: ${
        JSON.stringify(`${dir}/res`)
      } },
  strategy: { use: smaCross, params: { fast: 2, slow: 3 } }, risk: { sizing: { kind: "fixedQty", qty: 1 } },
});`),
    );
    const r = await runSandbox([`${dir}/c.ts`]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /Cannot write results to ".*\/res": permission denied/);
    assert.equal(await exists(`${dir}/res`), false);
    assert.equal(await exists(`${ROOT}out/elsewhere`), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
