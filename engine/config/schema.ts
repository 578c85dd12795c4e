/**
 * The config schema: every section, validated by zod strict objects so a
 * misspelled key is an error, with each default declared once here or beside
 * its component.
 *
 * @module
 */
import { z } from "zod";
import { DataConfigSchema } from "../data/config.ts";
import { ExecutionConfigSchema } from "../execution/config.ts";
import { RiskConfigSchema } from "../risk/config.ts";
import { InstrumentsConfigSchema } from "../instruments/config.ts";
import { isStrategyDefinition, type StrategyDefinition } from "../strategy/types.ts";
import { OptimizeConfigSchema, type OptimizeInput } from "../optimize/config.ts";
import { OutputConfigSchema } from "../report/config.ts";
import { AnalysisConfigSchema } from "../report/analysis_config.ts";

/** The `output` section's schemas live beside the report code; re-exported here for config readers. */
export { OutputConfigSchema, OutputFormatSchema } from "../report/config.ts";

/** Schema of the whole config, with strategy params checked separately by the strategy's own schema. */
export const ConfigSchema = z.strictObject({
  /** Names the run and its default output directory. */
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
    message: "expected a name of letters, digits, '.', '_' or '-' (it names the output directory)",
  }),
  data: DataConfigSchema,
  /** Initial cash. */
  capital: z.number().positive().finite(),
  strategy: z.strictObject({
    use: z.custom<StrategyDefinition>(isStrategyDefinition, {
      message: "expected a strategy made by defineStrategy(), e.g. smaCross from strategies/sma_cross.ts",
    }),
    params: z.unknown(),
  }),
  risk: RiskConfigSchema,
  /** Multipliers, ticks, lots, currencies, margins and FX series (engine/instruments); absent: cash equities in one currency. */
  instruments: InstrumentsConfigSchema.optional(),
  execution: ExecutionConfigSchema.default(ExecutionConfigSchema.parse({})),
  /** Seed of every random model in the run (a 32-bit unsigned integer). */
  seed: z.number().int().min(0).max(4294967295).default(0),
  output: OutputConfigSchema.default(OutputConfigSchema.parse({})),
  /** The benchmark, the rolling charts' window and the Monte Carlo resampling (`engine/report/analysis_config.ts`). */
  analysis: AnalysisConfigSchema.default(AnalysisConfigSchema.parse({})),
  /** Parameter search and walk-forward settings, read by `deno task optimize` / `walkforward` only. */
  optimize: OptimizeConfigSchema.optional(),
});

type BaseInput = z.input<typeof ConfigSchema>;
type BaseOutput = z.output<typeof ConfigSchema>;

/** A config as written: what `defineConfig` accepts, with the strategy's own params type. */
export type ConfigInput<S extends z.ZodType = z.ZodType> = Omit<BaseInput, "strategy" | "optimize"> & {
  strategy: { use: StrategyDefinition<S>; params: z.input<S> };
  /** Typed by the strategy's params, so `constraint` and the param names are checked. */
  optimize?: OptimizeInput<z.output<S>>;
};

/** A validated, frozen config: what the engine sees. */
export type Config = Readonly<Omit<BaseOutput, "strategy">> & {
  readonly strategy: { readonly use: StrategyDefinition; readonly params: unknown };
};
