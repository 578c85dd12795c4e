/**
 * A single backtest, native or sandboxed, has a wall-clock limit and a memory
 * limit (issue 16, section 4): a strategy stuck in a loop or allocating
 * without bound ends with exit code 5 and one clear message naming the
 * strategy and the limit, never V8's fatal out-of-memory error with its C
 * stack trace, and publishes nothing.
 */
import assert from "node:assert/strict";
import { configSource, exists, runCli, runSandbox } from "./_cli.ts";

type Runner = (args: string[], tmp: string) => Promise<{ code: number; stdout: string; stderr: string }>;
const RUNNERS: Record<string, Runner> = {
  native: (args, tmp) => runCli(args, tmp),
  sandbox: (args) => runSandbox(args),
};

/** A config whose strategy "runaway" runs `onBar` from its 5th bar on. */
function runawayConfig(onBar: string): string {
  const mod = new URL("../mod.ts", import.meta.url).href;
  return configSource(
    `const runaway = defineStrategy({
  name: "runaway", params: z.strictObject({}),
  create: () => ({ onBar(ctx: any) { if (ctx.index >= 5) { ${onBar} } } }),
});
export default defineConfig({
  name: "limits", data: { source: "data/sample/AAA.csv" }, capital: 100000,
  strategy: { use: runaway, params: {} }, risk: { sizing: { kind: "fixedQty", qty: 1 } },
});`,
    `import { defineStrategy } from "${mod}";\nimport { z } from "zod";`,
  );
}

const CASES = {
  "an endless loop in onBar": {
    onBar: "for (;;) {}",
    // not a stopwatch: loading (DuckDB's WebAssembly build, sandboxed) must end well before the limit, even on a busy machine
    flags: ["--max-time", "12"],
    message:
      /^error: strategy "runaway" \(config ".*c\.ts"\) was stopped after 12 s, the run's time limit \(--max-time\), while running/,
  },
  "unbounded allocation in onBar": {
    onBar: "const hog: number[][] = []; for (;;) hog.push(new Array(100_000).fill(ctx.index + hog.length));",
    flags: ["--max-memory", "700"],
    message:
      /^error: strategy "runaway" \(config ".*c\.ts"\) was stopped at \d+ MB of memory, above the run's limit of 700 MB \(--max-memory\), while running/,
  },
  "an endless loop on import": {
    onBar: "",
    prelude: "for (;;) {}",
    flags: ["--max-time", "3"],
    message:
      /^error: config ".*c\.ts" was stopped after 3 s, the run's time limit \(--max-time\), while loading the config/,
  },
};

for (const [mode, run] of Object.entries(RUNNERS)) {
  for (const [name, c] of Object.entries(CASES)) {
    Deno.test(`limits (${mode}): ${name} ends with exit 5 and a message naming the strategy`, async () => {
      const tmp = await Deno.makeTempDir();
      try {
        const prelude = "prelude" in c ? `${c.prelude}\n` : "";
        await Deno.writeTextFile(`${tmp}/c.ts`, prelude + runawayConfig(c.onBar));
        const r = await run([`${tmp}/c.ts`, "--out", `${tmp}/out`, "--quiet", ...c.flags], tmp);
        assert.equal(r.code, 5, `exit code; stderr:\n${r.stderr}`);
        assert.match(r.stderr, c.message);
        assert.doesNotMatch(r.stderr, /Fatal|C stack trace|out of memory/i);
        assert.equal(r.stderr.trim().split("\n").length, 1, `one line:\n${r.stderr}`);
        assert.equal(await exists(`${tmp}/out/latest.txt`), false, "nothing published");
      } finally {
        await Deno.remove(tmp, { recursive: true });
      }
    });
  }
}

Deno.test("limits: --max-memory above 3/4 of the heap limit is a usage error", async () => {
  const r = await runCli(["configs/sma_cross.ts", "--max-memory", "1000000"], "/nonexistent");
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--max-memory 1000000 is above what this process can stop safely/);
});
