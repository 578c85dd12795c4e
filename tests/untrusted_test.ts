/**
 * Untrusted code cannot touch trusted results (issue 16, section 2):
 *
 * - a sandboxed config cannot read the history database, read another run's
 *   files or write into another run's directory: each attempt fails, the
 *   output area is byte for byte as it was, and the run still publishes its
 *   own new set;
 * - a config that calls `Deno.exit(0)`, `process.exit(0)` or `close()` cannot
 *   make a run end with exit 0 and no published set, natively or sandboxed;
 * - a config that replaces `Array.prototype.push`, patches `Math.max` or
 *   `Math.sqrt`, or replaces `globalThis.Math` changes nothing: its
 *   `result.json` is byte for byte a clean run's.
 */
import assert from "node:assert/strict";
import { configSource, exists, latestRun, ROOT, runCli, runSandbox, setProblems, withTmp } from "./_cli.ts";

type Runner = (args: string[], tmp: string) => Promise<{ code: number; stdout: string; stderr: string }>;
const RUNNERS: Record<string, Runner> = {
  native: (args, tmp) => runCli(args, tmp),
  sandbox: (args) => runSandbox(args),
};

/** sha256 of every file under `dir`, by relative path. */
async function treeHashes(dir: string, prefix = ""): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const e of Deno.readDir(prefix ? `${dir}/${prefix}` : dir)) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory) Object.assign(out, await treeHashes(dir, rel));
    else {
      const bytes = await Deno.readFile(`${dir}/${rel}`);
      out[rel] = [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))]
        .map((b) => b.toString(16).padStart(2, "0")).join("");
    }
  }
  return out;
}

/** A config named "u" on the sample data, with `prelude` run on import and `onBar` as its strategy's bar hook. */
function untrustedConfig(
  prelude: string,
  onBar = "if (ctx.index % 20 === 0) ctx.buy(1); else if (ctx.index % 20 === 10) ctx.sell(1);",
) {
  const mod = new URL("../mod.ts", import.meta.url).href;
  return configSource(
    `${prelude}
const u = defineStrategy({ name: "u", params: z.strictObject({}), create: () => ({ onBar(ctx: any) { ${onBar} } }) });
export default defineConfig({
  name: "u", data: { source: "data/sample/AAA.csv" }, capital: 100000,
  strategy: { use: u, params: {} }, risk: { sizing: { kind: "fixedQty", qty: 1 } },
});`,
    `import { defineStrategy } from "${mod}";\nimport { z } from "zod";`,
  );
}

/** The newest run's directory under an output root (or the root itself, in the one-directory layout of old). */
async function runDir(root: string): Promise<string> {
  return await exists(`${root}/latest.txt`) ? await latestRun(root) : root;
}

Deno.test("untrusted: a sandboxed config can open neither the history database nor other runs' files, and changes nothing", () =>
  withTmp(async (tmp) => {
    const area = `${tmp}/out`;
    // an earlier run of another config, and a history database, in the output area
    await Deno.writeTextFile(`${tmp}/c.ts`, untrustedConfig(""));
    const first = await runCli([
      `${tmp}/c.ts`,
      "--out",
      `${area}/other`,
      "--quiet",
      "--results-db",
      `${area}/results.duckdb`,
    ], tmp);
    assert.equal(first.code, 0, first.stderr);
    const other = await runDir(`${area}/other`);
    const before = await treeHashes(area);
    assert.ok(Object.keys(before).includes("results.duckdb"), "the history database exists");
    const projectDb = `${ROOT}out/results.duckdb`;
    const projectDbBefore = await exists(projectDb)
      ? await treeHashes(`${ROOT}out`).then((h) => h["results.duckdb"])
      : null;
    const attempts: Record<string, string> = {
      readDb: `Deno.readFileSync(${JSON.stringify(`${area}/results.duckdb`)})`,
      openDbWrite: `Deno.openSync(${JSON.stringify(`${area}/results.duckdb`)}, { read: true, write: true }).close()`,
      readProjectDb: `Deno.readFileSync(${JSON.stringify(projectDb)})`,
      openProjectDbWrite: `Deno.openSync(${JSON.stringify(projectDb)}, { read: true, write: true }).close()`,
      readOtherRun: `Deno.readTextFileSync(${JSON.stringify(`${other}/result.json`)})`,
      writeOtherRun: `Deno.writeTextFileSync(${JSON.stringify(`${other}/result.json`)}, "{}")`,
      addToOtherRun: `Deno.writeTextFileSync(${JSON.stringify(`${other}/extra.txt`)}, "pwned")`,
      listArea: `[...Deno.readDirSync(${JSON.stringify(area)})]`,
      wasmDuckDbReadsDb: `{
        const { openSqlEngine } = await import(${
        JSON.stringify(new URL("../engine/data/sql_engine.ts", import.meta.url).href)
      });
        const db = await openSqlEngine("wasm");
        try { await db.queryRows("ATTACH '${area}/results.duckdb' AS h (READ_ONLY); SELECT count(*) FROM h.runs"); } finally { db.close(); }
      }`,
    };
    const tries = Object.entries(attempts).map(([what, code]) =>
      `try { await (async () => { ${code}; })(); console.log("ATTEMPT " + ${
        JSON.stringify(what)
      } + " none"); } catch (e) { console.log("ATTEMPT " + ${JSON.stringify(what)} + " " + (e as Error).name); }`
    ).join("\n");
    await Deno.writeTextFile(`${tmp}/h.ts`, untrustedConfig(tries));
    // the run's own root is the area itself: everything in it but its own new run is off limits
    const r = await runSandbox([`${tmp}/h.ts`, "--out", area, "--quiet"]);
    assert.equal(r.code, 0, `the run itself completes; stderr:\n${r.stderr}`);
    const seen = Object.fromEntries(
      r.stdout.split("\n").filter((l) => l.startsWith("ATTEMPT ")).map((l) =>
        l.slice(8).split(" ") as [string, string]
      ),
    );
    for (const what of Object.keys(attempts)) {
      assert.ok(seen[what] !== undefined && seen[what] !== "none", `${what} must fail; got ${seen[what]}\n${r.stdout}`);
    }
    // nothing that was there changed, and the run published its own complete set
    const after = await treeHashes(area);
    for (const [path, hash] of Object.entries(before)) assert.equal(after[path], hash, path);
    const added = Object.keys(after).filter((p) => !(p in before));
    assert.ok(
      added.every((p) => p.startsWith("runs/") || p === "latest.txt" || p === ".lock"),
      `only the new run's files appear: ${added.join(", ")}`,
    );
    assert.deepEqual(await setProblems(await latestRun(area)), []);
    if (projectDbBefore !== null) assert.equal((await treeHashes(`${ROOT}out`))["results.duckdb"], projectDbBefore);
  }));

const EXITS: Record<string, string> = {
  "Deno.exit(0) on import": "Deno.exit(0);",
  "process.exit(0) on import": `(globalThis as any).process.exit(0);`,
};
const EXITS_ON_BAR: Record<string, string> = {
  "Deno.exit(0) in onBar": "Deno.exit(0);",
  "close() in onBar": "(globalThis as any).close();",
};

for (const [mode, run] of Object.entries(RUNNERS)) {
  for (const [name, prelude] of Object.entries(EXITS)) {
    Deno.test(`untrusted (${mode}): ${name} cannot end the run with exit 0 and no results`, () =>
      withTmp(async (tmp) => {
        await Deno.writeTextFile(`${tmp}/c.ts`, untrustedConfig(prelude));
        const r = await run([`${tmp}/c.ts`, "--out", `${tmp}/out`, "--quiet"], tmp);
        assert.notEqual(r.code, 0, `must not succeed without results; stderr:\n${r.stderr}`);
        assert.match(r.stderr, /c\.ts.*is not allowed here/);
        assert.equal(await exists(`${tmp}/out/latest.txt`), false, "nothing published");
      }));
  }
  for (const [name, code] of Object.entries(EXITS_ON_BAR)) {
    Deno.test(`untrusted (${mode}): ${name} cannot end the run with exit 0 and no results`, () =>
      withTmp(async (tmp) => {
        await Deno.writeTextFile(`${tmp}/c.ts`, untrustedConfig("", code));
        const r = await run([`${tmp}/c.ts`, "--out", `${tmp}/out`, "--quiet"], tmp);
        assert.notEqual(r.code, 0, `must not succeed without results; stderr:\n${r.stderr}`);
        assert.match(r.stderr, /"u".*is not allowed here/s);
        assert.equal(await exists(`${tmp}/out/latest.txt`), false, "nothing published");
      }));
  }
  Deno.test(`untrusted (${mode}): replaced Array.prototype.push, patched Math and a new globalThis.Math change no metric`, () =>
    withTmp(async (tmp) => {
      await Deno.writeTextFile(`${tmp}/c.ts`, untrustedConfig(""));
      const clean = await run([`${tmp}/c.ts`, "--out", `${tmp}/out`, "--quiet"], tmp);
      assert.equal(clean.code, 0, clean.stderr);
      const expected = await Deno.readFile(`${await runDir(`${tmp}/out`)}/result.json`);
      const patches = [
        `Array.prototype.push = function (...xs: unknown[]) { return this.length; };`,
        `Math.max = (..._: number[]) => 0;`,
        `Math.sqrt = (_: number) => 1;`,
        `(globalThis as any).Math = { ...Object.fromEntries(Object.getOwnPropertyNames(Math).map((k) => [k, (Math as any)[k]])), sqrt: () => 1, max: () => 0 };`,
        `Object.defineProperty(Math, "sqrt", { value: () => 1 });`,
        `Float64Array.prototype.fill = function () { return this; };`,
      ].map((p) => `try { ${p} } catch { /* frozen */ }`).join("\n");
      await Deno.writeTextFile(`${tmp}/c.ts`, untrustedConfig(patches));
      const r = await run([`${tmp}/c.ts`, "--out", `${tmp}/out`, "--quiet"], tmp);
      assert.equal(r.code, 0, r.stderr);
      const dir = await runDir(`${tmp}/out`);
      assert.deepEqual(await Deno.readFile(`${dir}/result.json`), expected, "result.json is the clean run's");
      assert.deepEqual(await setProblems(dir), []);
      const trades = JSON.parse(new TextDecoder().decode(expected)).summary.trades;
      assert.ok(trades > 0, "the run trades, so the comparison means something");
    }));
}

Deno.test("untrusted: an error thrown by a config's timer ends the run with exit 1, one line, nothing published", () =>
  withTmp(async (tmp) => {
    await Deno.writeTextFile(`${tmp}/c.ts`, untrustedConfig(`setTimeout(() => { throw new Error("late boom"); }, 0);`));
    const r = await runCli([`${tmp}/c.ts`, "--out", `${tmp}/out`, "--quiet"], tmp);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stderr,
      `error: the run of "${tmp}/c.ts" stopped, nothing published: an uncaught error in its code: late boom\n`,
    );
    assert.equal(await exists(`${tmp}/out/latest.txt`), false, "nothing published");
  }));
