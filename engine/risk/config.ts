/**
 * The `risk` section of a config: how intents are sized.
 *
 * @module
 */
import { z } from "zod";

/** Size every sized intent at a fixed quantity. */
export const FixedQtySizing = z.strictObject({
  kind: z.literal("fixedQty"),
  qty: z.number().positive().finite(),
});

/** Sizing methods, by `kind`. */
export const SizingSchema = z.discriminatedUnion("kind", [FixedQtySizing]);

/** Schema of the `risk` section. */
export const RiskConfigSchema = z.strictObject({
  /** How a `buy()` / `sell()` without a quantity is sized. */
  sizing: SizingSchema,
});

/** The `risk` section as written in a config. */
export type RiskConfigInput = z.input<typeof RiskConfigSchema>;
/** The `risk` section after validation. */
export type RiskConfig = z.output<typeof RiskConfigSchema>;
