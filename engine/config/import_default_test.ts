import assert from "node:assert/strict";
import { ConfigError } from "../errors.ts";
import { importDefault } from "./import_default.ts";

/** Write `source` as a module in a temporary directory and import its default export within `timeoutMs`. */
async function load(source: string, timeoutMs: number): Promise<{ file: string; result: unknown }> {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/c.ts`;
  try {
    await Deno.writeTextFile(file, source);
    try {
      return { file, result: (await importDefault(file, "config", "defineConfig", { timeoutMs })).value };
    } catch (e) {
      return { file, result: e };
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("importDefault() gives up on a module whose top-level await never settles, naming the file", async () => {
  // in a process of its own, as the CLI runs it: the module's await stays pending until the process exits
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/c.ts`, "await new Promise(() => {});\nexport default {};\n");
    const url = new URL("./import_default.ts", import.meta.url).href;
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "eval",
        `import { importDefault } from "${url}";
         try { await importDefault("${dir}/c.ts", "config", "defineConfig", { timeoutMs: 200 }); }
         catch (e) { console.log(e.name + ": " + e.message); }
         Deno.exit(0);`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(
      new TextDecoder().decode(out.stdout).trim(),
      `ConfigError: Cannot load config "${dir}/c.ts": its import did not settle within 0.2 s (a top-level await or a Promise that never settles?)`,
      new TextDecoder().decode(out.stderr),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("importDefault() gives up on a default export that is a Promise that never settles", async () => {
  const { file, result } = await load("export default new Promise(() => {});\n", 200);
  assert.ok(result instanceof ConfigError, String(result));
  assert.equal(
    result.message,
    `Cannot load config "${file}": the default export, a Promise, did not settle within 0.2 s (a top-level await or a Promise that never settles?)`,
  );
});

Deno.test("importDefault() waits for a slow but settling default export", async () => {
  const { result } = await load("export default new Promise((ok) => setTimeout(() => ok({ a: 1 }), 50));\n", 5_000);
  assert.deepEqual(result, { a: 1 });
});
