import type { z } from "zod";
import type { ConfigInput } from "./schema.ts";

/**
 * Declare a backtest config. It returns its argument unchanged and exists
 * for its type: a config file gets editor completion and type checks,
 * including the chosen strategy's own params.
 *
 * @example A config module
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { defineConfig } from "./define_config.ts";
 * import { defineStrategy } from "../strategy/types.ts";
 * const smaCross = defineStrategy({
 *   name: "smaCross",
 *   params: z.strictObject({ fast: z.number(), slow: z.number() }),
 *   create: () => ({ onBar: () => {} }),
 * });
 * const config = defineConfig({
 *   name: "sma_cross",
 *   data: { source: "data/sample/AAA.csv" },
 *   capital: 100_000,
 *   strategy: { use: smaCross, params: { fast: 10, slow: 30 } },
 *   risk: { sizing: { kind: "fixedQty", qty: 10 } },
 * });
 * assert.ok(config.capital === 100_000);
 * ```
 */
export function defineConfig<S extends z.ZodType>(config: ConfigInput<S>): ConfigInput<S> {
  return config;
}
