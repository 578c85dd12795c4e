/**
 * Hostile configs under `deno task backtest:sandbox`: a config that tries, on
 * import and inside `onBar`, to reach the network, the environment, a
 * subprocess, native code, or files outside its allowed paths gets Deno's
 * permission error every time, and writes nothing outside the output
 * directory.
 */
import assert from "node:assert/strict";
import { configSource, exists, latestRun, ROOT, runSandbox } from "./_cli.ts";

/** Each attempt, as code run inside the config; `SECRET` and `OUTSIDE` are paths the test fills in. */
const ATTEMPTS: Record<string, string> = {
  // not port 1: fetch refuses the "bad ports" of the Fetch standard before any permission check
  net: `await fetch("http://127.0.0.1:59999/")`,
  env: `Deno.env.get("HOME")`,
  run: `await new Deno.Command("true").output()`,
  readOutside: `Deno.readTextFileSync(SECRET)`,
  writeOutside: `Deno.writeTextFileSync(OUTSIDE, "pwned")`,
  writeProject: `Deno.writeTextFileSync(PROJECT_FILE, "pwned")`,
  ffi: `Deno.dlopen("libc.so.6", { getpid: { parameters: [], result: "i32" } })`,
};

/**
 * A config whose import and first `onBar` run every attempt and print one
 * `HOSTILE {json}` line per attempt: where, what, and the error's name.
 */
function hostileConfig(paths: { secret: string; outside: string; projectFile: string; data: string }): string {
  const tries = Object.entries(ATTEMPTS).map(([what, code]) =>
    `  await attempt(where, ${JSON.stringify(what)}, async () => { ${code}; });`
  ).join("\n");
  return configSource(
    `
const SECRET = ${JSON.stringify(paths.secret)};
const OUTSIDE = ${JSON.stringify(paths.outside)};
const PROJECT_FILE = ${JSON.stringify(paths.projectFile)};
async function attempt(where: string, what: string, f: () => Promise<unknown>) {
  let error = "none";
  try { await f(); } catch (e) { error = (e as Error).name; }
  console.log("HOSTILE " + JSON.stringify({ where, what, error }));
}
async function tryAll(where: string) {
${tries}
}
await tryAll("import");
let pending: Promise<void> | undefined;
const hostile = defineStrategy({
  name: "hostile",
  params: z.strictObject({}),
  create: () => ({ onBar() { pending ??= tryAll("onBar"); } }),
});
export default defineConfig({
  name: "hostile", data: { source: ${JSON.stringify(paths.data)} }, capital: 10000,
  strategy: { use: hostile, params: {} }, risk: { sizing: { kind: "fixedQty", qty: 1 } },
});`,
    `import { defineStrategy } from "${new URL("../mod.ts", import.meta.url).href}";\nimport { z } from "zod";`,
  );
}

interface Attempt {
  where: string;
  what: string;
  error: string;
}

const attemptsOf = (stdout: string): Attempt[] =>
  stdout.split("\n").filter((l) => l.startsWith("HOSTILE ")).map((l) => JSON.parse(l.slice(8)));

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string, prefix = ""): string[] {
  return [...Deno.readDirSync(dir)].flatMap((e) =>
    e.isDirectory ? filesUnder(`${dir}/${e.name}`, `${prefix}${e.name}/`) : [`${prefix}${e.name}`]
  ).sort();
}

Deno.test("sandbox: a hostile config gets a permission error for every attempt, on import and in onBar", async () => {
  const tmp = await Deno.makeTempDir();
  const secretDir = await Deno.makeTempDir();
  const projectFile = `${ROOT}pwned-${crypto.randomUUID()}.txt`;
  try {
    await Deno.writeTextFile(`${secretDir}/secret.txt`, "s3cret");
    await Deno.mkdir(`${tmp}/outside`);
    const paths = { secret: `${secretDir}/secret.txt`, outside: `${tmp}/outside/pwned.txt`, projectFile };
    await Deno.writeTextFile(`${tmp}/c.ts`, hostileConfig({ ...paths, data: "data/sample/AAA.csv" }));
    const before = filesUnder(tmp);
    const r = await runSandbox([`${tmp}/c.ts`, "--out", `${tmp}/out`, "--quiet"]);
    assert.equal(r.code, 0, `the backtest itself completes; stderr:\n${r.stderr}`);
    const attempts = attemptsOf(r.stdout);
    assert.equal(attempts.length, 2 * Object.keys(ATTEMPTS).length, r.stdout);
    for (const where of ["import", "onBar"]) {
      for (const what of Object.keys(ATTEMPTS)) {
        const a = attempts.find((x) => x.where === where && x.what === what);
        assert.equal(a?.error, "NotCapable", `${what} on ${where}`);
      }
    }
    // nothing written outside the output directory
    assert.equal(await exists(paths.outside), false);
    assert.equal(await exists(projectFile), false);
    assert.deepEqual(filesUnder(tmp).filter((f) => !f.startsWith("out/")), before);
    assert.ok(
      await exists(`${await latestRun(`${tmp}/out`)}/result.json`),
      "results are published inside the output directory",
    );
  } finally {
    await Deno.remove(projectFile).catch(() => {});
    await Deno.remove(tmp, { recursive: true });
    await Deno.remove(secretDir, { recursive: true });
  }
});

Deno.test("sandbox: a config that fetches on import fails with exit 2 and Deno's permission error", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${tmp}/c.ts`,
      configSource(`await fetch("http://127.0.0.1:59999/");\nexport default {};`),
    );
    const r = await runSandbox([`${tmp}/c.ts`, "--out", `${tmp}/out`]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /Cannot load config .*Requires net access to "127\.0\.0\.1:59999"/);
    assert.equal(await exists(`${tmp}/out`), false);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("sandbox: a config cannot pull remote or uncached npm modules (no network through imports)", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    for (
      const [spec, why] of [
        ["https://esm.sh/left-pad@1.3.0", /--no-remote|remote/i],
        // a real package, so only --cached-only stops it; it must not appear in node_modules
        ["npm:is-even@1.0.0", /Failed loading .*is-even/],
      ] as const
    ) {
      await Deno.writeTextFile(`${tmp}/c.ts`, `await import(${JSON.stringify(spec)});\nexport default {};\n`);
      const r = await runSandbox([`${tmp}/c.ts`, "--out", `${tmp}/out`]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /Cannot load config/);
      assert.match(r.stderr, why);
    }
    assert.equal(await exists(`${ROOT}node_modules/.deno/is-even@1.0.0`), false, "nothing was downloaded");
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("sandbox: data outside the project needs --data, and says so by permission, not 'not found'", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    await Deno.copyFile(`${ROOT}data/sample/AAA.csv`, `${tmp}/AAA.csv`);
    const cfg = configSource(`export default defineConfig({
  name: "outside", data: { source: ${JSON.stringify(`${tmp}/AAA.csv`)} }, capital: 10000,
  strategy: { use: smaCross, params: { fast: 2, slow: 3 } }, risk: { sizing: { kind: "fixedQty", qty: 1 } },
});`);
    await Deno.writeTextFile(`${tmp}/c.ts`, cfg);
    const denied = await runSandbox([`${tmp}/c.ts`, "--out", `${tmp}/out`, "--quiet"]);
    assert.equal(denied.code, 2, denied.stderr);
    assert.match(denied.stderr, /AAA\.csv": no permission to read/);
    assert.equal(await exists(`${tmp}/out`), false);
    const allowed = await runSandbox([`${tmp}/c.ts`, "--data", `${tmp}/AAA.csv`, "--out", `${tmp}/out`, "--quiet"]);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.ok(await exists(`${await latestRun(`${tmp}/out`)}/result.json`));
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
