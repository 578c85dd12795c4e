/**
 * Bad execution config: a ConfigError naming the field, from the schema or,
 * for data the models need, when the run starts; through the CLI, exit code 2.
 */
import assert from "node:assert/strict";
import { ConfigError, frameFromRows, parseConfig, runBacktest } from "../mod.ts";
import { smaCross } from "../strategies/sma_cross.ts";
import { runCli } from "./_cli.ts";

const parse = (execution: unknown) =>
  parseConfig({
    name: "bad",
    data: { source: "x.csv" },
    capital: 1000,
    strategy: { use: smaCross, params: { fast: 2, slow: 3 } },
    risk: { sizing: { kind: "fixedQty", qty: 1 } },
    execution,
  }, { file: "bad.ts" });

const cases: [string, unknown, RegExp][] = [
  ["negative fixed latency", { latency: { kind: "fixed", ms: -1 } }, /execution\.latency\.ms: .*>=0, found -1/],
  ["negative uniform bound", { latency: { kind: "uniform", lowMs: -5, highMs: 10 } }, /execution\.latency\.lowMs/],
  [
    "uniform high below low",
    { latency: { kind: "uniform", lowMs: 10, highMs: 5 } },
    /execution\.latency\.highMs: expected highMs ≥ lowMs/,
  ],
  ["negative normal mean", { latency: { kind: "normal", meanMs: -3, stdMs: 1 } }, /execution\.latency\.meanMs/],
  ["normal std 0", { latency: { kind: "normal", meanMs: 3, stdMs: 0 } }, /execution\.latency\.stdMs: .*>0, found 0/],
  [
    "lognormal sigma 0",
    { latency: { kind: "lognormal", medianMs: 40, sigma: 0 } },
    /execution\.latency\.sigma: .*>0, found 0/,
  ],
  ["lognormal sigma < 0", { latency: { kind: "lognormal", medianMs: 40, sigma: -0.5 } }, /execution\.latency\.sigma/],
  [
    "negative lognormal median",
    { latency: { kind: "lognormal", medianMs: -40, sigma: 1 } },
    /execution\.latency\.medianMs/,
  ],
  ["negative exponential mean", { latency: { kind: "exponential", meanMs: -1 } }, /execution\.latency\.meanMs/],
  [
    "empty empirical list",
    { latency: { kind: "empirical", samplesMs: [] } },
    /execution\.latency\.samplesMs: .*>=1 items/,
  ],
  [
    "negative empirical sample",
    { latency: { kind: "empirical", samplesMs: [3, -1] } },
    /execution\.latency\.samplesMs\.1/,
  ],
  ["negative cap", { latency: { kind: "exponential", meanMs: 5, maxMs: -1 } }, /execution\.latency\.maxMs/],
  ["unknown latency kind", { latency: { kind: "gamma", shape: 2 } }, /execution\.latency\.kind/],
  ["misspelled latency field", { latency: { kind: "lognormal", median: 40, sigma: 1 } }, /execution\.latency/],
  ["volumeShare impact 1", { slippage: { kind: "volumeShare", impact: 1 } }, /execution\.slippage\.impact/],
  ["negative bps", { slippage: { kind: "fixedBps", bps: -2 } }, /execution\.slippage\.bps/],
  [
    "commission maximum < minimum",
    { commission: { kind: "perShare", rate: 0.01, minimum: 5, maximum: 1 } },
    /execution\.commission\.maximum/,
  ],
  ["participation 0", { participation: { maxVolumeFraction: 0 } }, /execution\.participation\.maxVolumeFraction/],
  [
    "participation over 1",
    { participation: { maxVolumeFraction: 1.5 } },
    /execution\.participation\.maxVolumeFraction/,
  ],
  ["unknown ambiguous rule", { fill: { kind: "nextOpen", ambiguousBar: "random" } }, /execution\.fill\.ambiguousBar/],
  ["negative borrow rate", { borrow: { kind: "annualRate", rate: -0.01 } }, /execution\.borrow\.rate/],
];

for (const [name, execution, message] of cases) {
  Deno.test(`bad execution config: ${name} is a ConfigError naming the field`, () => {
    assert.throws(() => parse(execution), (e) => {
      assert.ok(e instanceof ConfigError, String(e));
      assert.match(e.message, /^Invalid config "bad\.ts"/);
      assert.match(e.message, message);
      return true;
    });
  });
}

Deno.test("a participation cap or volumeShare slippage on bars without volume is a ConfigError when the run starts", () => {
  const frame = frameFromRows([{ symbol: "X", tsMs: 0, open: 1, high: 1, low: 1, close: 1 }], 60_000);
  for (
    const [execution, field] of [
      [{ participation: { maxVolumeFraction: 0.1 } }, "execution.participation"],
      [{ slippage: { kind: "volumeShare", impact: 0.1 } }, "execution.slippage"],
    ] as const
  ) {
    assert.throws(() => runBacktest(parse(execution), frame), (e) => {
      assert.ok(e instanceof ConfigError);
      assert.ok(e.message.startsWith(field), e.message);
      assert.match(e.message, /"X" has no volume/);
      return true;
    });
  }
});

Deno.test("through the CLI a bad latency set on the command line exits 2 naming the field", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const r = await runCli([
      "configs/sma_cross.ts",
      "--set",
      'execution.latency={"kind":"lognormal","medianMs":40,"sigma":0}',
      "--out",
      `${tmp}/o`,
    ], tmp);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /execution\.latency\.sigma: .*>0, found 0/);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
