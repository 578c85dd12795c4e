/**
 * Flags declared once: the data flags and overrides that every command
 * running a config takes (`backtest`, `optimize`, `walkforward`), and the
 * flags of `deno task backtest`, shared by the CLI and the sandbox launcher
 * so that both read a command line the same way.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseArgs } from "node:util";
 * import { CLI_OPTIONS } from "./_options.ts";
 * const { values } = parseArgs({ args: ["--out", "o"], options: CLI_OPTIONS });
 * assert.ok(values.out === "o");
 * ```
 *
 * @module
 */
import type { ConfigOverrides } from "../engine/config/load_config.ts";

/** The flags that choose a config's bars and override its fields. */
export const DATA_OPTIONS = {
  data: { type: "string" },
  symbols: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  set: { type: "string", multiple: true },
} as const;

/** The values of {@linkcode DATA_OPTIONS} as `parseArgs` returns them. */
export interface DataFlagValues {
  readonly data?: string | undefined;
  readonly symbols?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly set?: readonly string[] | undefined;
}

/**
 * The usage lines of {@linkcode DATA_OPTIONS}, with `setExample` as the
 * `--set` example (a field the command's users override most).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dataUsage } from "./_options.ts";
 * const text = dataUsage("strategy.params.fast=12");
 * assert.ok(text.startsWith("  --data PATH|GLOB "));
 * assert.ok(text.endsWith("e.g. --set strategy.params.fast=12"));
 * ```
 */
export function dataUsage(setExample: string): string {
  return `  --data PATH|GLOB     replace the config's data source (CSV or Parquet);
                       a glob may hold {a,b} and one {symbol}, whose match
                       names each file's symbol: 'data/{symbol}-*.csv'
  --symbols A,B        keep only these symbols; with one file that has no
                       Symbol column and no {symbol}, the first one names it
  --from DATE          first bar to include (YYYY-MM-DD, UTC)
  --to DATE            last bar to include (YYYY-MM-DD, inclusive)
  --set path=value     override any config field by its dotted path
                       (repeatable), e.g. --set ${setExample}`;
}

/**
 * The config overrides the data flags ask for; `extraSet` (assignments
 * implied by other flags) goes after the `--set` ones.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dataOverrides } from "./_options.ts";
 * assert.deepEqual(dataOverrides({ symbols: "A, B,", set: ["x=1"] }, ["y=2"]), { symbols: ["A", "B"], set: ["x=1", "y=2"] });
 * assert.deepEqual(dataOverrides({}), {});
 * ```
 */
export function dataOverrides(values: DataFlagValues, extraSet: readonly string[] = []): ConfigOverrides {
  const set = [...(values.set ?? []), ...extraSet];
  return {
    ...(values.data !== undefined && { data: values.data }),
    ...(values.symbols !== undefined && { symbols: values.symbols.split(",").map((s) => s.trim()).filter(Boolean) }),
    ...(values.from !== undefined && { from: values.from }),
    ...(values.to !== undefined && { to: values.to }),
    ...(set.length > 0 && { set }),
  };
}

/** The flags of `deno task backtest`. */
export const CLI_OPTIONS = {
  ...DATA_OPTIONS,
  out: { type: "string" },
  keep: { type: "string" },
  formats: { type: "string" },
  "results-db": { type: "string" },
  "no-record": { type: "boolean", default: false },
  quiet: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;
