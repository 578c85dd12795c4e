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
  /**
   * Why `guard_bad_input_results_db_test.ts` cannot run the case (it runs the CLI in its own process, with every
   * permission and its own `--results-db`); the native and sandbox suites run every case.
   */
  readonly guardSkip?: string;
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
  {
    // the runner's Deno.exit throws (engine/harden_runtime.ts): the run cannot end with exit 0 and no results
    name: "a config that calls Deno.exit(0) on import",
    files: (d) => ({ "c.ts": config(d).replace("export default", "Deno.exit(0);\nexport default") }),
    expect: [/c\.ts.*Deno\.exit\(\) is not allowed here/],
  },
  // @cases-wrong-results
  {
    name: "a strategy's limit price of 1e308 (finite, but no price)",
    files: (d) => ({
      "c.ts": strategyConfig(d, `    return { onBar(ctx) { ctx.buy(1, { type: "limit", limitPrice: 1e308 }); } };`),
    }),
    expect: [
      'Strategy "inline" emitted buy(1) with a bad order: limitPrice: expected a price between 1e-12 and 1e12, found 1e+308',
      /in onBar on bars at 2024-01-01.*c\.ts:\d+/,
    ],
  },
  {
    name: "a strategy's quantity of Infinity from a division",
    files: (d) => ({
      "c.ts": strategyConfig(d, `    return { onBar(ctx) { ctx.buy(1 / (ctx.index - ctx.index)); } };`),
    }),
    expect: ['Strategy "inline" emitted buy(Infinity): the quantity must be a finite number > 0 and at most 1e+18'],
  },
  {
    name: "a strategy's stop price that is a user indicator's NaN",
    files: (d) => ({
      "c.ts": strategyConfig(d, `    return { onBar(ctx) { ctx.sell(1, { type: "stop", stopPrice: NaN }); } };`),
    }),
    expect: ['Strategy "inline" emitted sell(1) with a bad order: stopPrice: expected a price', "found NaN"],
  },
  {
    name: "a date whose day and month could be either way round (01/02/2024)",
    files: () => ({ "bars.csv": csv("01/02/2024,10,11,9,10.5,100", "01/03/2024,10.5,12,10,11,200") }),
    expect: ["bars.csv", 'unparsable time at row 1 (line 2): found "01/02/2024"', "ambiguous", "data.timeFormat"],
  },
  {
    name: "a time DuckDB would cast but that is not ISO-8601 (2024/01/02)",
    files: () => ({ "bars.csv": csv(GOOD_ROWS[0]!, "2024/01/02,10.5,12,10,11,200") }),
    expect: ["bars.csv", 'unparsable time at row 2 (line 3): found "2024/01/02"', "ISO-8601"],
  },
  {
    name: "a price written in hex (0x0A)",
    files: () => ({ "bars.csv": csv("2024-01-01,0x0A,11,9,10,100", GOOD_ROWS[1]!) }),
    expect: ["bars.csv", 'Open must be a finite number > 0 at row 1 (line 2): found "0x0A"'],
  },
  {
    name: "a price with a digit separator (1_0)",
    files: () => ({ "bars.csv": csv(GOOD_ROWS[0]!, "2024-01-02,10,11,9,1_0,100") }),
    expect: ["bars.csv", 'Close must be a finite number > 0 at row 2 (line 3): found "1_0"'],
  },
  {
    name: "an absurd price (1e-320) that would size an infinite position",
    files: () => ({ "bars.csv": csv(GOOD_ROWS[0]!, "2024-01-02,1e-320,1e-320,1e-320,1e-320,1") }),
    expect: ["bars.csv", 'Open must be a price between 1e-12 and 1e12 at row 2 (line 3): found "1e-320"'],
  },
  {
    name: "an absurd volume (1e300)",
    files: () => ({ "bars.csv": csv("2024-01-01,10,11,9,10.5,1e300", GOOD_ROWS[1]!) }),
    expect: ["bars.csv", 'Volume must be at most 1e18 at row 1 (line 2): found "1e300"'],
  },
  {
    name: "two time columns that are not a date and a time of day",
    files: () => ({ "bars.csv": "Date,Datetime,Open,High,Low,Close\n2024-01-02,2024-01-02 09:30,1,1,1,1\n" }),
    expect: ["bars.csv", 'two time columns, "Date" and "Datetime"'],
  },
  {
    name: "binary data given as a CSV file",
    files: () => ({ "bars.csv": new Uint8Array(1024) }),
    expect: ["bars.csv", "not a readable CSV file: binary data (a NUL byte at byte 0)"],
  },
  // @cases-limits
  {
    name: "--max-time that is not a positive number of seconds",
    args: (d) => [`${d}/c.ts`, "--max-time", "0"],
    expect: ['--max-time expects a number of seconds > 0, found "0"', "Usage:"],
  },
  {
    name: "--max-memory below 64 MB",
    args: (d) => [`${d}/c.ts`, "--max-memory", "10"],
    expect: ['--max-memory expects a whole number ≥ 64, found "10"', "Usage:"],
  },
  // @cases-messages
  {
    name: "a strategy that throws a string names where the strategy is defined",
    files: (d) => ({
      "c.ts": strategyConfig(d, `    return { onBar(ctx) { if (ctx.index === 1) throw "a string"; } };`),
    }),
    expect: [
      /Strategy "inline" threw on bars at 2024-01-02T00:00:00\.000Z \(onBar, it threw a string, which has no stack: throw an Error to get the line; the strategy is defined at .*c\.ts:\d+:\d+\): a string$/m,
    ],
  },
  {
    name: "a strategy that throws an Error whose stack is not a string",
    files: (d) => ({
      "c.ts": strategyConfig(
        d,
        `    return { onBar(ctx) { if (ctx.index === 1) { const e = new Error("odd stack"); Object.defineProperty(e, "stack", { value: 42 }); throw e; } } };`,
      ),
    }),
    expect: [
      /\(onBar, its stack names no line of the strategy's code; the strategy is defined at .*c\.ts:\d+:\d+\): odd stack$/m,
    ],
  },
  {
    name: "a strategy that throws an object",
    files: (d) => ({
      "c.ts": strategyConfig(d, `    return { onBar(ctx) { if (ctx.index === 1) throw { code: 7 }; } };`),
    }),
    expect: ["(onBar, it threw an object, which has no stack", "): an object (not an Error)"],
  },
  ...((): Case[] => {
    /** c.ts with the good config bound to `c`, then `tail`, then `export default <exported>`. */
    const mod = (d: string, tail: string, exported = "c") =>
      config(d).replace("export default defineConfig(", "const c: any = defineConfig(") +
      `${tail}\nexport default ${exported};\n`;
    return [
      {
        name: "a config object that contains itself",
        files: (d) => ({ "c.ts": mod(d, "c.data.self = c;") }),
        expect: ['c.ts": data.self refers back to the config itself (a cycle); a config must be plain data'],
      },
      {
        name: "strategy params that contain themselves",
        files: (d) => ({ "c.ts": mod(d, "c.strategy.params.me = c.strategy.params;") }),
        expect: ['c.ts": strategy.params.me refers back to strategy.params (a cycle)'],
      },
      {
        name: "a config field whose getter throws",
        files: (d) => ({
          "c.ts": mod(
            d,
            `Object.defineProperty(c, "capital", { enumerable: true, get() { throw new Error("getter broke"); } });`,
          ),
        }),
        expect: ['Cannot load config "', 'c.ts": reading capital threw: getter broke'],
      },
      {
        name: "a config that is a Proxy whose get trap throws",
        files: (d) => ({ "c.ts": mod(d, "", `new Proxy(c, { get() { throw new Error("trap broke"); } })`) }),
        expect: ['c.ts": reading name threw: trap broke'],
      },
      {
        name: "a config that is a Proxy whose ownKeys trap throws",
        files: (d) => ({ "c.ts": mod(d, "", `new Proxy(c, { ownKeys() { throw new Error("no keys"); } })`) }),
        expect: ['c.ts": reading the default export threw: no keys'],
      },
      {
        name: "a default export that is a rejected Promise",
        files: (d) => ({ "c.ts": mod(d, "", `Promise.reject(new Error("rejected on purpose"))`) }),
        expect: ['c.ts": the default export is a Promise that rejected: rejected on purpose'],
      },
      {
        name: "a config nested thousands of levels deep",
        files: (d) => ({
          "c.ts": mod(d, "let x: any = 1;\nfor (let i = 0; i < 5000; i++) x = { x };\nc.strategy.params.deep = x;"),
        }),
        expect: ['c.ts": strategy.params.deep.x.x.x.x.x… is nested more than 100 levels deep'],
      },
      {
        name: "a config whose source nests brackets thousands of levels deep",
        files: (d) => ({ "c.ts": mod(d, `c.data.deep = ${"[".repeat(3000)}1${"]".repeat(3000)};`) }),
        expect: [/c\.ts": brackets nested more than 100 levels deep at line 8, column \d+/],
      },
      {
        name: "a module that throws something that is not an Error",
        files: (d) => ({ "c.ts": mod(d, `throw { get message() { throw new Error("no message"); } };`) }),
        expect: ['c.ts": it threw on import: an object'],
      },
      {
        name: "a refinement on a string field quotes the string",
        files: (d) => ({
          "c.ts": config(d).replace('data: { source: "', 'data: { from: "2024-05-01", to: "2024-01-01", source: "'),
        }),
        expect: ['data.to: expected from ≤ to, found "2024-01-01"'],
      },
      {
        name: "a strategy params refinement quotes the --set value",
        args: (d) => [`${d}/c.ts`, "--set", "strategy.params.slow=2"],
        expect: ["strategy.params.slow: expected slow > fast, found 2 (set by --set strategy.params.slow=2)"],
      },
      {
        name: "a wrong type quotes the value",
        files: (d) => ({ "c.ts": config(d).replace("capital: 10000", 'capital: "lots"') }),
        expect: ['capital: expected number, received string "lots"'],
      },
      {
        name: "a bigint where a number belongs",
        files: (d) => ({ "c.ts": config(d).replace("capital: 10000", "capital: 10000n") }),
        expect: ["capital: expected number, received bigint 10000n"],
      },
      {
        name: "a discriminator that is not one of the kinds",
        files: (d) => ({ "c.ts": config(d).replace('kind: "fixedQty"', 'kind: "fixdQty"') }),
        expect: ["risk.sizing.kind: ", 'found "fixdQty"'],
      },
      {
        name: "a --set path through null",
        args: (d) => [`${d}/c.ts`, "--set", "seed=null", "--set", "seed.x=1"],
        expect: ["Invalid --set seed.x=1: seed is null, not an object with fields"],
      },
      {
        name: "a field of the wrong kind names the kinds that would do",
        guardSkip: "the guard names its own --results-db, which replaces the config's",
        files: (d) => ({ "c.ts": config(d, "\n  output: { resultsDb: 5 },") }),
        expect: ["output.resultsDb: expected string or false, found 5"],
      },
      {
        name: "a config that reads the environment",
        guardSkip: "the failure comes from the task's permissions, and the guard runs with every permission",
        files: (d) => ({ "c.ts": mod(d, `Deno.env.get("HOME");`) }),
        expect: [
          'c.ts": it needs a permission this task does not grant: Requires env access to "HOME" (what each task may do: docs/permissions.md)',
        ],
      },
      {
        name: "a config that calls fetch",
        files: (d) => ({ "c.ts": mod(d, `await fetch("http://127.0.0.1:4321/");`) }),
        expect: ['c.ts": it needs a permission this task does not grant: Requires net access to "127.0.0.1:4321"'],
      },
    ];
  })(),
  // @cases-overfitting
  {
    name: "an odd number of CSCV partitions",
    files: (d) => ({
      "c.ts": config(d, "\n  optimize: { params: { fast: [2, 3] }, overfitting: { partitions: 15 } },"),
    }),
    expect: ["optimize.overfitting.partitions", "expected an even number", "15"],
  },
  {
    name: "more CSCV partitions than the limit",
    files: (d) => ({
      "c.ts": config(d, "\n  optimize: { params: { fast: [2, 3] }, overfitting: { partitions: 22 } },"),
    }),
    expect: ["optimize.overfitting.partitions", "20", "22"],
  },
  {
    name: "fewer than two CSCV partitions",
    files: (d) => ({
      "c.ts": config(d, "\n  optimize: { params: { fast: [2, 3] }, overfitting: { partitions: 0 } },"),
    }),
    expect: ["optimize.overfitting.partitions", "2", "found 0"],
  },
  // @cases-analysis
  {
    name: "a benchmark symbol absent from the data",
    files: (d) => ({ "c.ts": config(d, '\n  analysis: { benchmark: { kind: "symbol", symbol: "SPY" } },') }),
    expect: ['analysis.benchmark.symbol: "SPY" is not a symbol of the data; found 1 symbol: bars'],
  },
  {
    // a file of the project, so that the sandbox may read it too: AAA's bars of 2015–2016, the run's of 2024
    name: "a benchmark with no bar within the run",
    files: (d) => ({
      "c.ts": config(
        d,
        `\n  analysis: { benchmark: { kind: "source", data: { source: ${
          JSON.stringify(new URL("../data/sample/AAA.csv", import.meta.url).pathname)
        }, to: "2016-12-31" } } },`,
      ),
    }),
    expect: [
      "analysis.benchmark: AAA (",
      "has no bar within the run (2024-01-01 → 2024-01-03); its bars run 2015-01-02 → 2016-12-30",
    ],
  },
  {
    name: "a rolling window longer than the run",
    files: (d) => ({ "c.ts": config(d, "\n  analysis: { rollingWindow: 10 },") }),
    expect: ["analysis.rollingWindow: expected at most the run's 3 bars, found 10"],
  },
  {
    name: "a Monte Carlo block longer than the run's returns",
    files: (d) => ({ "c.ts": config(d, "\n  analysis: { monteCarlo: { blockLength: 4 } },") }),
    expect: ["analysis.monteCarlo.blockLength", "3", "found 4"],
  },
  // @cases-symbol-files
  // `--data` names the pattern (the sandbox suite then reads the case directory); the map lives in the config and
  // points into the project, which the sandbox may read; a leading flag keeps the sandbox suite from adding --data
  ...(() => {
    const rows = csv(...GOOD_ROWS);
    const data = (pattern: string) => (d: string) => [`${d}/c.ts`, "--data", `${d}/${pattern}`];
    const sample = JSON.stringify(new URL("../data/sample", import.meta.url).pathname);
    return [
      {
        name: "a {symbol} pattern that matches no file",
        args: data("{symbol}-*.txt"),
        expect: ['Cannot load bars: no files match "', '/{symbol}-*.txt" (searched ', " for {symbol}-*.txt)"],
      },
      {
        name: "a {symbol} pattern that gives two files the same symbol",
        files: () => ({ "aaa-2023.csv": rows, "aaa-2024.csv": rows }),
        args: data("{symbol}-*.csv"),
        expect: ['gives two files the symbol "aaa": "', 'aaa-2023.csv" and "', 'aaa-2024.csv"'],
      },
      {
        name: "a {symbol} pattern whose capture is empty",
        files: () => ({ "-2024.csv": rows }),
        args: data("{symbol}-*.csv"),
        expect: ['-2024.csv": the pattern "', "gives it an empty symbol ({symbol} matched no characters)"],
      },
      {
        name: "a Symbol column that disagrees with the file's {symbol}",
        files: () => ({
          "AAA-1.csv": "Date,Symbol,Open,High,Low,Close\n2024-01-01,AAA,1,2,0.5,1\n2024-01-02,BBB,1,2,0.5,1\n",
        }),
        args: data("{symbol}-*.csv"),
        expect: ['AAA-1.csv": its Symbol column holds "BBB" at row 2 (line 3)', 'the file\'s symbol "AAA"'],
      },
      {
        name: "a pattern with {symbol} twice",
        args: data("{symbol}/*-{symbol}.csv"),
        expect: [
          'data.source: expected a path or glob: {symbol} appears 2 times; use it once, found "',
          "(set by --data ",
        ],
      },
      {
        name: "a symbol map entry whose file does not exist",
        files: (d) => ({
          "c.ts": config(d).replace(
            `"${d}/bars.csv"`,
            `{ kind: "files", path: ${sample}, files: { AAA: "AAA.csv", ORCL: "orcl.csv" } }`,
          ),
        }),
        args: (d) => ["--quiet", `${d}/c.ts`],
        expect: ['Cannot load bars for symbol "ORCL" (data.source.files): file "orcl.csv" not found (resolved to '],
      },
    ] satisfies Case[];
  })(),
  // @cases-real-data: corporate actions, adjusted prices, FX series, calendars (the symbol of bars.csv is "bars")
  ...(() => {
    const withData = (d: string, data: string, extra = "") =>
      configSource(`export default defineConfig({
  name: "bad", data: { source: "${d}/bars.csv", ${data} }, capital: 10000,
  strategy: { use: smaCross, params: { fast: 2, slow: 3 } }, risk: { sizing: { kind: "fixedQty", qty: 1 } },${extra}
});`);
    const rawWithActions = (d: string) => withData(d, `prices: "rawWithActions", actions: "${d}/actions.csv"`);
    const actions = (...rows: string[]) => ["symbol,date,kind,value", ...rows].join("\n") + "\n";
    return [
      {
        name: "an action for a symbol the data does not have",
        files: (d) => ({ "c.ts": rawWithActions(d), "actions.csv": actions("ZZZ,2024-01-02,split,2") }),
        expect: ["actions.csv", "row 1 (line 2)", '"ZZZ"'],
      },
      {
        name: "an action after the data's last bar",
        files: (d) => ({ "c.ts": rawWithActions(d), "actions.csv": actions("bars,2024-02-01,dividend,0.1") }),
        expect: ["actions.csv", "row 1 (line 2)", "2024-02-01", "after"],
      },
      {
        name: "a split ratio of 0",
        files: (d) => ({ "c.ts": rawWithActions(d), "actions.csv": actions("bars,2024-01-02,split,0") }),
        expect: ["actions.csv", "row 1 (line 2)", "split", "> 0"],
      },
      {
        name: "an Adj Close of zero in adjusted mode",
        files: (d) => ({
          "c.ts": withData(d, `prices: "adjusted"`),
          "bars.csv": "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-01,10,11,9,10.5,10.4,100\n" +
            "2024-01-02,10.5,12,10,11,0,200\n2024-01-03,11,11.5,10,10.2,10.2,150\n",
        }),
        expect: ["bars.csv", "Adj Close", "row 2 (line 3)"],
      },
      {
        name: "adjusted mode without an Adj Close column or actions",
        files: (d) => ({ "c.ts": withData(d, `prices: "adjusted"`) }),
        expect: ["bars.csv", 'data.prices "adjusted" needs an Adj Close column'],
      },
      {
        name: "rawWithActions without an actions table",
        files: (d) => ({ "c.ts": withData(d, `prices: "rawWithActions"`) }),
        expect: ["data.actions", 'prices "rawWithActions"'],
      },
      {
        name: "an FX series that does not cover the run",
        files: (d) => ({
          "c.ts": withData(
            d,
            "",
            `\n  instruments: { symbols: { bars: { currency: "EUR" } }, fx: { source: "${d}/EURUSD.csv" } },`,
          ),
          "EURUSD.csv": "Date,Open,High,Low,Close\n2024-01-02,1.1,1.1,1.1,1.1\n2024-01-03,1.1,1.1,1.1,1.1\n",
        }),
        expect: [`the FX series "EURUSD" does not cover the run`],
      },
      {
        name: "a calendar file with a bad date",
        files: (d) => ({
          "c.ts": withData(d, `calendar: { base: "XNYS", file: "${d}/cal.csv" }`),
          "cal.csv": "date,kind,close\n2024-07-03,early_close,13:00\n2024-13-01,holiday,\n",
        }),
        expect: ["cal.csv", "line 3", "2024-13-01"],
      },
      {
        name: "outsideSession without a calendar",
        files: (d) => ({ "c.ts": withData(d, `outsideSession: "drop"`) }),
        expect: ["data.outsideSession", "expected data.calendar"],
      },
    ] satisfies Case[];
  })(),
];
