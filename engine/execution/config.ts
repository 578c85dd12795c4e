/**
 * The `execution` section of a config: how accepted orders are filled and
 * what they cost.
 *
 * @module
 */
import { z } from "zod";

/** Commission models, by `kind`. */
export const CommissionSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("none") }),
  z.strictObject({
    kind: z.literal("percent"),
    /** A fraction of traded notional: 0.001 is 0.1 % (10 bps). */
    rate: z.number().min(0).max(1),
  }),
]);

/** Fill models, by `kind`. */
export const FillSchema = z.discriminatedUnion("kind", [
  /** A market order placed at a bar's close fills at the next bar's open of that symbol. */
  z.strictObject({ kind: z.literal("nextOpen") }),
]);

/** Schema of the `execution` section. */
export const ExecutionConfigSchema = z.strictObject({
  fill: FillSchema.default({ kind: "nextOpen" }),
  commission: CommissionSchema.default({ kind: "none" }),
  /**
   * Close every open position at the last bar's close, paying commission.
   * Off by default: open positions are reported as open, marked at the last close.
   */
  closeAtEnd: z.boolean().default(false),
});

/** The `execution` section as written in a config. */
export type ExecutionConfigInput = z.input<typeof ExecutionConfigSchema>;
/** The `execution` section after validation. */
export type ExecutionConfig = z.output<typeof ExecutionConfigSchema>;
