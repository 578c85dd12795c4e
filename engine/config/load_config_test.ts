import assert from "node:assert/strict";
import { ConfigError } from "../errors.ts";
import { loadConfig } from "./load_config.ts";

const MOD = new URL("../../mod.ts", import.meta.url).href;
const SMA = new URL("../../strategies/sma_cross.ts", import.meta.url).href;
const BARS = new URL("../../data/sample/AAA.csv", import.meta.url).pathname;

/** A config module bound to `c`, then `tail`, then `export default <exported>`. */
const configSource = (tail: string, exported = "c") =>
  `import { defineConfig } from "${MOD}";
import { smaCross } from "${SMA}";
import { z } from "zod";
const c: any = defineConfig({
  name: "t", data: { source: "${BARS}" }, capital: 1000,
  strategy: { use: smaCross, params: { fast: 2, slow: 3 } }, risk: { sizing: { kind: "fixedQty", qty: 1 } },
});
${tail}
export default ${exported};
`;

async function withConfig<T>(source: string, f: (file: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/c.ts`, source);
    return await f(`${dir}/c.ts`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The ConfigError message loading `source` gives (fails when it loads or throws anything else). */
const loadError = (source: string, set: string[] = []) =>
  withConfig(source, async (file) => {
    try {
      await loadConfig(file, { set });
    } catch (e) {
      assert.ok(e instanceof ConfigError, `a ConfigError, not ${e instanceof Error ? e.stack : String(e)}`);
      return { file, message: e.message };
    }
    throw new Error("it loaded");
  });

Deno.test("loadConfig() accepts a sub-object shared by two fields, and --set changes only the one it names", async () => {
  await withConfig(
    configSource(
      `const shared = { kind: "fixedQty", qty: 1 };\nc.risk.sizing = shared;\nc.strategy.params = { fast: 2, slow: 3 };\nc.shared = shared;\ndelete c.shared;\nexport const before = JSON.stringify(c.risk);`,
    ),
    async (file) => {
      const config = await loadConfig(file, { set: ["risk.sizing.qty=5"] });
      assert.equal(config.risk.sizing.kind === "fixedQty" && config.risk.sizing.qty, 5);
      const mod = await import(`file://${file}`);
      assert.equal(JSON.stringify(mod.default.risk), mod.before, "the module's own object is untouched");
    },
  );
});

Deno.test("loadConfig() rejects a config of too many values at once (a small DAG with 2^60 paths)", async () => {
  const { file, message } = await loadError(
    configSource("let x: any = 1;\nfor (let i = 0; i < 60; i++) x = { a: x, b: x };\nc.strategy.params.dag = x;"),
  );
  assert.equal(message, `Cannot load config "${file}": the default export holds more than 1,000,000 values`);
});

Deno.test("loadConfig() awaits a default export that is a Promise of a config", async () => {
  await withConfig(configSource("", "Promise.resolve(c)"), async (file) => {
    assert.equal((await loadConfig(file)).capital, 1000);
  });
});

Deno.test("loadConfig() never calls a default export's then(): only a Promise is awaited", async () => {
  const { file, message } = await loadError(configSource("", `{ then() { throw new Error("then was called"); } }`));
  assert.ok(!message.includes("then was called"), message);
  assert.ok(message.startsWith(`Invalid config "${file}":`) || message.startsWith(`Cannot load config "${file}":`));
});

Deno.test("loadConfig() reports a strategy params schema that throws as the config's error", async () => {
  const { file, message } = await loadError(
    configSource(
      `c.strategy.use = { ...c.strategy.use, params: z.strictObject({ fast: z.number(), slow: z.number() }).refine(() => { throw new Error("refine broke"); }) };`,
    ),
  );
  assert.equal(
    message,
    `Invalid config "${file}":\n  - strategy.params: the strategy's params schema threw: refine broke`,
  );
});

Deno.test("loadConfig() reports a config whose validation throws as the config's error", async () => {
  // a class instance is kept by reference, so zod reads its getter while validating
  const { file, message } = await loadError(
    configSource(`class Data { get source(): string { throw new Error("source broke"); } }\nc.data = new Data();`),
  );
  assert.equal(message, `Cannot load config "${file}": validating it threw: source broke`);
});

Deno.test("loadConfig() names a --set path through a value by that value", async () => {
  const { message } = await loadError(configSource(""), ["data.source.path=x"]);
  assert.match(
    message,
    /^Invalid --set data\.source\.path=x: data\.source is string, not an object with fields \(found ".*AAA\.csv"\)$/,
  );
});

Deno.test("loadConfig() names what a union field lacks instead of zod's bare 'Invalid input'", async () => {
  const cases: [string, string][] = [
    ["c.data.source = 7;", "data.source: expected string or object, found 7"],
    ['c.data.source = { kind: "files" };', "data.source.path: expected string, received undefined"],
    ["c.output = { resultsDb: true };", "output.resultsDb: expected string or false, found true"],
  ];
  for (const [tail, line] of cases) {
    const { file, message } = await loadError(configSource(tail));
    assert.equal(message, `Invalid config "${file}":\n  - ${line}`);
  }
});

Deno.test("loadConfig() rejects a config that imports a local module nested thousands of levels deep, naming both", async () => {
  // Deno's parser would abort the whole process (a native stack overflow) on such a module
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/lib`);
    await Deno.writeTextFile(`${dir}/lib/deep.ts`, `export const deep = ${"[".repeat(3000)}1${"]".repeat(3000)};\n`);
    await Deno.writeTextFile(`${dir}/lib/mid.ts`, `export { deep } from "./deep.ts";\n`);
    await Deno.writeTextFile(`${dir}/c.ts`, configSource(`import { deep } from "./lib/mid.ts";\nc.data.deep = deep;`));
    await assert.rejects(
      loadConfig(`${dir}/c.ts`),
      (e: Error) => {
        assert.ok(e instanceof ConfigError);
        assert.equal(
          e.message,
          `Cannot load config "${dir}/c.ts": brackets nested more than 100 levels deep at line 1, column 121 of "${dir}/lib/deep.ts", which it imports`,
        );
        return true;
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
