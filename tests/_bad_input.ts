/**
 * The bad-input corpus: data, config and CLI mistakes a user can make, each
 * with the words its error message must contain. Run by
 * `bad_input_test.ts` (native engine) and `sandbox_bad_input_test.ts`
 * (the sandbox, which must fail exactly like the native path), and by
 * `guard_bad_input_results_db_test.ts` (an existing results database is
 * left unchanged).
 */
import { configSource } from "./_cli.ts";

export const HEADER = "Date,Open,High,Low,Close,Volume";
export const GOOD_ROWS = [
  "2024-01-01,10,11,9,10.5,100",
  "2024-01-02,10.5,12,10,11,200",
  "2024-01-03,11,11.5,10,10.2,150",
];
export const csv = (...rows: string[]) => [HEADER, ...rows].join("\n") + "\n";

/** A config module on `bars.csv` in the case's directory, with `extra` fields merged in. */
export const config = (dir: string, extra = "", params = "{ fast: 2, slow: 3 }") =>
  configSource(`export default defineConfig({
  name: "bad", data: { source: "${dir}/bars.csv" }, capital: 10000,
  strategy: { use: smaCross, params: ${params} }, risk: { sizing: { kind: "fixedQty", qty: 1 } },${extra}
});`);

/**
 * A config module on `bars.csv` whose strategy is written inline: `create` is the body of its factory (params `p`,
 * setup `setup`), with `defineIndicator` and `z` in scope. Its name is "inline".
 */
export const strategyConfig = (dir: string, create: string) => {
  const mod = new URL("../mod.ts", import.meta.url).href;
  return configSource(
    `const inline = defineStrategy({
  name: "inline",
  params: z.strictObject({}),
  create(p, setup) {
${create}
  },
});
export default defineConfig({
  name: "bad", data: { source: "${dir}/bars.csv" }, capital: 10000,
  strategy: { use: inline, params: {} }, risk: { sizing: { kind: "fixedQty", qty: 1 } },
});`,
    `import { defineIndicator, defineStrategy } from "${mod}";\nimport { z } from "zod";`,
  );
};

/** An inline user-defined indicator named "myInd" on the close, whose compute body is `body` (`x` is the close, `out` its output). */
const myInd = (body: string, warmup = 0) =>
  `    const myInd = defineIndicator({
      name: "myInd", params: z.strictObject({}), inputs: () => ["close"], warmup: () => ${warmup},
      compute: ([x], _p, [out]) => { ${body} },
    });`;

export interface Case {
  readonly name: string;
  /** Files to create in the case directory; `bars.csv` defaults to good rows, `c.ts` to a good config. */
  readonly files?: (dir: string) => Record<string, string | Uint8Array>;
  readonly args?: (dir: string) => string[];
  readonly expect: readonly (string | RegExp)[];
}

export const cases: Case[] = [
  // data
  { name: "empty file", files: () => ({ "bars.csv": "" }), expect: ["bars.csv", "the file is empty"] },
  {
    name: "header only",
    files: () => ({ "bars.csv": HEADER + "\n" }),
    expect: ["bars.csv", "no rows after the header"],
  },
  {
    name: "missing column",
    files: () => ({ "bars.csv": "Date,Open,High,Low,Volume\n2024-01-01,1,2,0.5,1\n" }),
    expect: ["missing Close", 'found columns "Date", "Open", "High", "Low", "Volume"'],
  },
  {
    name: "misspelled header",
    files: () => ({ "bars.csv": "Date,Open,High,Low,Clsoe\n2024-01-01,1,2,0.5,1\n" }),
    expect: ["missing Close", '"Clsoe"'],
  },
  {
    name: "unparsable date",
    files: () => ({ "bars.csv": csv(GOOD_ROWS[0]!, "2024-13-45,10,11,9,10,1") }),
    expect: ["unparsable time at row 2 (line 3)", '"2024-13-45"'],
  },
  {
    name: "mixed date formats",
    files: () => ({ "bars.csv": csv(GOOD_ROWS[0]!, "01/02/2024,10,11,9,10,1") }),
    expect: ["unparsable time at row 2 (line 3)", '"01/02/2024"'],
  },
  {
    name: "unsorted timestamps",
    files: () => ({ "bars.csv": csv(GOOD_ROWS[1]!, GOOD_ROWS[0]!) }),
    expect: ["timestamps decrease at row 2 (line 3)", "2024-01-01 follows 2024-01-02"],
  },
  {
    name: "duplicate timestamps",
    files: () => ({ "bars.csv": csv(GOOD_ROWS[0]!, GOOD_ROWS[0]!) }),
    expect: ["duplicate timestamp at row 2 (line 3)"],
  },
  {
    name: "NaN price",
    files: () => ({ "bars.csv": csv(GOOD_ROWS[0]!, "2024-01-02,10,11,9,NaN,1") }),
    expect: ["Close must be a finite number > 0 at row 2 (line 3)", 'found "NaN"'],
  },
  {
    name: "infinite price",
    files: () => ({ "bars.csv": csv(GOOD_ROWS[0]!, "2024-01-02,10,Infinity,9,10,1") }),
    expect: ["High must be a finite number > 0 at row 2", 'found "Infinity"'],
  },
  {
    name: "negative price",
    files: () => ({ "bars.csv": csv("2024-01-01,10,11,-9,10,1") }),
    expect: ["Low must be a finite number > 0 at row 1 (line 2)", 'found "-9"'],
  },
  {
    name: "zero price",
    files: () => ({ "bars.csv": csv("2024-01-01,0,11,0,10,1") }),
    expect: ["Open must be a finite number > 0 at row 1", 'found "0"'],
  },
  {
    name: "non-numeric price",
    files: () => ({ "bars.csv": csv(...GOOD_ROWS, "2024-01-04,10,11,9,abc,1") }),
    expect: ["Close must be a finite number > 0 at row 4 (line 5)", 'found "abc"'],
  },
  {
    name: "high below low",
    files: () => ({ "bars.csv": csv("2024-01-01,10,9,11,10,1") }),
    expect: ["high 9 is below low 11 at row 1"],
  },
  {
    name: "high below the open",
    files: () => ({ "bars.csv": csv("2024-01-01,12,11,9,10,1") }),
    expect: ["high 11 is below max(open, close) = 12 at row 1"],
  },
  {
    name: "low above the close",
    files: () => ({ "bars.csv": csv("2024-01-01,10,12,9.5,9,1") }),
    expect: ["low 9.5 is above min(open, close) = 9 at row 1"],
  },
  {
    name: "non-numeric volume",
    files: () => ({ "bars.csv": csv(GOOD_ROWS[0]!, "2024-01-02,10,11,9,10,lots") }),
    expect: ["Volume must be a finite number ≥ 0 at row 2 (line 3)", 'found "lots"'],
  },
  {
    name: "binary file",
    files: () => ({ "bars.csv": Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256) }),
    expect: ["bars.csv", /not a readable CSV file|missing/],
  },
  {
    name: "absent symbol",
    args: (d) => [`${d}/c.ts`, "--symbols", "AAA,ZZZ", "--data", "data/sample/*.csv"],
    expect: ["symbol ZZZ not found", "found AAA, BBB, CCC, DDD"],
  },
  {
    name: "date range with no bars",
    args: (d) => [`${d}/c.ts`, "--from", "2030-01-01"],
    expect: ["no bars for bars between 2030-01-01 and the end"],
  },
  {
    name: "glob that matches nothing",
    args: (d) => [`${d}/c.ts`, "--data", `${d}/*.parquet`],
    expect: ["no files match"],
  },
  {
    name: "missing data file",
    args: (d) => [`${d}/c.ts`, "--data", `${d}/nope.csv`],
    expect: ["nope.csv", "file not found"],
  },
  // config
  {
    name: "wrong type",
    files: (d) => ({ "c.ts": config(d).replace("capital: 10000", 'capital: "lots"') }),
    expect: ["c.ts", "capital: expected number, received string"],
  },
  {
    name: "unknown key",
    files: (d) => ({ "c.ts": config(d, "\n  slippage: 5,") }),
    expect: ['(root): unknown key "slippage"'],
  },
  {
    name: "missing required field",
    files: (d) => ({ "c.ts": config(d).replace('risk: { sizing: { kind: "fixedQty", qty: 1 } },', "") }),
    expect: ["risk: expected object, received undefined"],
  },
  {
    name: "negative cash",
    files: (d) => ({ "c.ts": config(d).replace("capital: 10000", "capital: -5") }),
    expect: ["capital: Too small: expected number to be >0, found -5"],
  },
  {
    name: "strategy params schema violation",
    files: (d) => ({ "c.ts": config(d, "", "{ fast: 0, slow: 3 }") }),
    expect: ["strategy.params.fast", "found 0"],
  },
  {
    name: "unknown strategy param",
    files: (d) => ({ "c.ts": config(d, "", "{ fats: 2, slow: 3 }") }),
    expect: ['strategy.params: unknown key "fats"'],
  },
  {
    name: "invalid --set path",
    args: (d) => [`${d}/c.ts`, "--set", "capital.amount=5"],
    expect: ["Invalid --set capital.amount=5: capital is number, not an object"],
  },
  {
    name: "invalid --set value",
    args: (d) => [`${d}/c.ts`, "--set", "strategy.params.slow=oops"],
    expect: ["strategy.params.slow: expected number, received string", "(set by --set strategy.params.slow=oops)"],
  },
  { name: "--set without a value", args: (d) => [`${d}/c.ts`, "--set", "capital"], expect: ["expected path=value"] },
  {
    name: "invalid date",
    files: (d) => ({ "c.ts": config(d).replace('data: { source: "', 'data: { from: "2024-02-30", source: "') }),
    expect: ["data.from: expected a UTC date", 'found "2024-02-30"'],
  },
  {
    name: "contradictory risk limits: a per-symbol cap below every sized order",
    files: (d) => ({
      "c.ts": config(d).replace(
        'risk: { sizing: { kind: "fixedQty", qty: 1 } },',
        'risk: { sizing: { kind: "fixedQty", qty: 10 }, limits: { perSymbol: { maxQty: 5 } } },',
      ),
    }),
    expect: ["risk.limits.perSymbol.maxQty: expected at least the smallest sized order (sizing.qty = 10)"],
  },
  {
    name: "contradictory risk limits: minQty above maxQty",
    files: (d) => ({
      "c.ts": config(d).replace(
        'risk: { sizing: { kind: "fixedQty", qty: 1 } },',
        'risk: { sizing: { kind: "percentEquity", fraction: 0.1, minQty: 50, maxQty: 10 } },',
      ),
    }),
    expect: ["risk.sizing.maxQty: expected maxQty ≥ minQty (50)"],
  },
  {
    name: "daily loss limit with both an amount and a percent",
    files: (d) => ({
      "c.ts": config(d).replace(
        'risk: { sizing: { kind: "fixedQty", qty: 1 } },',
        'risk: { sizing: { kind: "fixedQty", qty: 1 }, breakers: { dailyLossLimit: { amount: 500, percent: 0.02 } } },',
      ),
    }),
    expect: ["risk.breakers.dailyLossLimit", "expected exactly one of amount or percent"],
  },
  {
    name: "invalid latency distribution: lognormal sigma 0",
    files: (d) => ({ "c.ts": config(d, '\n  execution: { latency: { kind: "lognormal", medianMs: 40, sigma: 0 } },') }),
    expect: ["execution.latency.sigma: Too small: expected number to be >0, found 0"],
  },
  {
    name: "invalid latency distribution: uniform range reversed",
    files: (d) => ({ "c.ts": config(d, '\n  execution: { latency: { kind: "uniform", lowMs: 50, highMs: 10 } },') }),
    expect: ["execution.latency.highMs: expected highMs ≥ lowMs"],
  },
  {
    name: "volume-share slippage on bars without volume",
    files: (d) => ({
      "bars.csv": "Date,Open,High,Low,Close\n2024-01-01,10,11,9,10.5\n2024-01-02,10.5,12,10,11\n",
      "c.ts": config(d, '\n  execution: { slippage: { kind: "volumeShare", impact: 0.1 } },'),
    }),
    expect: ["execution.slippage", "volume"],
  },
  {
    name: "--set on a field that does not exist",
    args: (d) => [`${d}/c.ts`, "--set", "strategy.params.fastt=3"],
    expect: ['strategy.params: unknown key "fastt" (set by --set strategy.params.fastt=3)'],
  },
  {
    name: "a date range that ends before it starts",
    args: (d) => [`${d}/c.ts`, "--from", "2024-02-01", "--to", "2024-01-01"],
    expect: ["data.to: expected from ≤ to"],
  },
  {
    name: "config whose default export is not a config object",
    files: () => ({ "c.ts": "export default 42;\n" }),
    expect: ["c.ts", "the default export must be a config object from defineConfig"],
  },
  {
    name: "config that throws on import",
    files: () => ({ "c.ts": 'throw new Error("no credentials");\nexport default {};\n' }),
    expect: ["c.ts", "it threw on import: no credentials"],
  },
  {
    name: "config without a default export",
    files: () => ({ "c.ts": "export const config = {};\n" }),
    expect: ["c.ts", "no default export"],
  },
  {
    name: "config file that does not exist",
    args: (d) => [`${d}/missing.ts`],
    expect: ["missing.ts", "file not found"],
  },
  // strategy API: user code that breaks the contract
  {
    name: "user-defined indicator with an output of the wrong length",
    files: (d) => ({
      "c.ts": strategyConfig(
        d,
        `${myInd("return x.slice(1);")}\n    setup.symbol(0).ind.use(myInd);\n    return { onBar() {} };`,
      ),
    }),
    expect: [
      'Strategy "inline" failed in create: Indicator "myInd" (',
      /c\.ts:\d+:\d+\) on bars: output "value" has 2 values, expected 3/,
    ],
  },
  {
    name: "user-defined indicator that returns something other than an array",
    files: (d) => ({
      "c.ts": strategyConfig(
        d,
        `${myInd("return 42;")}\n    setup.symbol(0).ind.use(myInd);\n    return { onBar() {} };`,
      ),
    }),
    expect: [
      'Indicator "myInd"',
      "compute() returned a number; expected nothing (having filled out), a Float64Array of 3 values",
    ],
  },
  {
    name: "user-defined indicator with values before its declared warm-up",
    files: (d) => ({
      "c.ts": strategyConfig(
        d,
        `${myInd("out.set(x);", 2)}\n    setup.symbol(0).ind.use(myInd);\n    return { onBar() {} };`,
      ),
    }),
    expect: ['output "value" has the value 10.5 at bar 0 (2024-01-01T00:00:00.000Z), before its warm-up ends at bar 2'],
  },
  {
    name: "user-defined indicator that reads the next bar",
    files: (d) => ({
      "c.ts": strategyConfig(
        d,
        `${
          myInd("for (let i = 0; i < x.length; i++) out[i] = x[i + 1] ?? x[i];")
        }\n    setup.symbol(0).ind.use(myInd);\n    return { onBar() {} };`,
      ),
    }),
    expect: ['Indicator "myInd"', "on bars reads ahead", "a value may depend only on its own bar and earlier ones"],
  },
  {
    name: "order for a symbol the data does not have",
    files: (d) => ({ "c.ts": strategyConfig(d, `    return { onBar(ctx) { ctx.buy("ORCL", 1); } };`) }),
    expect: [
      'Strategy "inline" asked for unknown symbol "ORCL"; the run\'s symbols are bars',
      /\(in onBar on bars at 2024-01-01T00:00:00\.000Z, .*c\.ts:\d+:\d+\)/,
    ],
  },
  {
    name: "a weight that is NaN",
    files: (d) => ({ "c.ts": strategyConfig(d, `    return { onStep(ctx) { ctx.targetPercent("bars", 0 / 0); } };`) }),
    expect: [
      'Strategy "inline" targetPercent("bars"): the weight must be a finite number',
      "found NaN",
      /in onStep at 2024-01-01.*c\.ts:\d+/,
    ],
  },
  {
    name: "weights whose gross exceeds what the risk config allows",
    files: (d) => ({ "c.ts": strategyConfig(d, `    return { onStep(ctx) { ctx.rebalance({ bars: 1.5 }); } };`) }),
    expect: [
      "rebalance(): the gross weight Σ|w| = 1.5 exceeds 1, what a cash account without risk.limits.grossExposure allows",
    ],
  },
  {
    name: "resample to a finer timeframe than the data",
    files: (d) => ({
      "c.ts": strategyConfig(d, `    setup.symbol("bars").timeframe("4h");\n    return { onBar() {} };`),
    }),
    expect: [
      'Strategy "inline" failed in create: timeframe("4h") for bars: cannot resample to a finer timeframe than the data, whose bars are 1d long',
      /c\.ts:\d+:\d+/,
    ],
  },
  {
    name: "a callback that throws",
    files: (d) => ({
      "c.ts": strategyConfig(
        d,
        `    return { onBar(ctx) { if (ctx.index === 0) ctx.buy(1); }, onFill() { throw new Error("fill handler broke"); } };`,
      ),
    }),
    expect: [
      /Strategy "inline" threw on bars at 2024-01-02T00:00:00\.000Z \(onFill, .*c\.ts:\d+:\d+\): fill handler broke/,
    ],
  },
  // CLI
  { name: "unknown flag", args: (d) => [`${d}/c.ts`, "--fats", "3"], expect: ["Unknown option '--fats'", "Usage:"] },
  { name: "missing config path", args: () => [], expect: ["missing the config path", "Usage:"] },
  {
    name: "output directory that cannot be written",
    files: () => ({ blocker: "a file where a directory should be" }),
    args: (d) => [`${d}/c.ts`, "--out", `${d}/blocker/out`],
    expect: ["Cannot write results to", "blocker/out"],
  },
  // hardening: each area adds its cases under its own heading (one list for the native and the sandbox suites)
  // @cases-output
  // @cases-untrusted
  // @cases-wrong-results
  // @cases-limits
  // @cases-messages
];
