/**
 * The `execution` section of a config: how accepted orders reach the market
 * (latency), how they fill (fill rules, participation cap, slippage) and what
 * they cost (commission, borrow).
 *
 * ```ts ignore
 * execution: {
 *   fill: { kind: "nextOpen", limitFill: "through", ambiguousBar: "stopFirst" },
 *   latency: { kind: "lognormal", medianMs: 40, sigma: 0.6, maxMs: 2000 },
 *   slippage: { kind: "volumeShare", impact: 0.1 },
 *   commission: { kind: "perShare", rate: 0.005, minimum: 1 },
 *   participation: { maxVolumeFraction: 0.1 },
 *   borrow: { kind: "annualRate", rate: 0.03 },
 * }
 * ```
 *
 * Every field has a default that reproduces the plain next-open rule: no
 * latency, no slippage, no commission, no participation cap, no borrow cost.
 *
 * @module
 */
import { z } from "zod";

const Ms = z.number().min(0).finite();
const Money = z.number().min(0).finite();
/** Optional cap on any drawn delay, in ms. */
const MaxMs = Ms.optional();

/**
 * Latency models, by `kind`: the delay between a signal and its order's arrival at the market, in ms.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LatencySchema } from "./config.ts";
 * const l = LatencySchema.parse({ kind: "lognormal", medianMs: 40, sigma: 0.6, maxMs: 2000 });
 * assert.ok(l.kind === "lognormal");
 * assert.ok(!LatencySchema.safeParse({ kind: "lognormal", medianMs: 40, sigma: 0 }).success);
 * ```
 */
export const LatencySchema = z.discriminatedUnion("kind", [
  /** No delay: an order arrives at its signal bar's close. */
  z.strictObject({ kind: z.literal("none") }),
  /** Always `ms`. */
  z.strictObject({ kind: z.literal("fixed"), ms: Ms, maxMs: MaxMs }),
  /** Uniform on [`lowMs`, `highMs`]. */
  z.strictObject({ kind: z.literal("uniform"), lowMs: Ms, highMs: Ms, maxMs: MaxMs })
    .refine((v) => v.lowMs <= v.highMs, { message: "expected highMs ≥ lowMs", path: ["highMs"] }),
  /** Normal with mean `meanMs` and standard deviation `stdMs`, truncated at 0 (conditioned on ≥ 0, not clamped). */
  z.strictObject({ kind: z.literal("normal"), meanMs: Ms, stdMs: z.number().positive().finite(), maxMs: MaxMs }),
  /** Lognormal: `medianMs × exp(sigma × Z)`, Z standard normal. */
  z.strictObject({
    kind: z.literal("lognormal"),
    medianMs: z.number().positive().finite(),
    sigma: z.number().positive().finite(),
    maxMs: MaxMs,
  }),
  /** Exponential with mean `meanMs`. */
  z.strictObject({ kind: z.literal("exponential"), meanMs: z.number().positive().finite(), maxMs: MaxMs }),
  /** Drawn uniformly from a list of observed delays. */
  z.strictObject({ kind: z.literal("empirical"), samplesMs: z.array(Ms).min(1), maxMs: MaxMs }),
]);

/**
 * Slippage models, by `kind`: how far a fill's price moves against the order from its reference price.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SlippageSchema } from "./config.ts";
 * const s = SlippageSchema.parse({ kind: "atrFraction", fraction: 0.1 });
 * assert.ok(s.kind === "atrFraction" && s.period === 14);
 * ```
 */
export const SlippageSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("none") }),
  /** `price × bps / 10,000`. */
  z.strictObject({ kind: z.literal("fixedBps"), bps: z.number().min(0).max(10_000) }),
  /** Half a quoted spread: `price × spreadBps / 2 / 10,000`. */
  z.strictObject({ kind: z.literal("halfSpread"), spreadBps: z.number().min(0).max(10_000) }),
  /**
   * zipline's VolumeShareSlippage: `impact × share² × price`, where
   * `share = min(1, fill qty / bar volume)`. `impact` < 1 keeps a sell price positive.
   */
  z.strictObject({ kind: z.literal("volumeShare"), impact: z.number().min(0).lt(1) }),
  /** `fraction × ATR(period)`, the ATR of the last completed bar (0 while it warms up). */
  z.strictObject({
    kind: z.literal("atrFraction"),
    fraction: z.number().min(0).finite(),
    period: z.number().int().min(1).default(14),
  }),
]);

const bounded = <T extends { minimum?: number | undefined; maximum?: number | undefined }>(v: T) =>
  v.minimum === undefined || v.maximum === undefined || v.minimum <= v.maximum;
const BOUNDS_MESSAGE = { message: "expected maximum ≥ minimum", path: ["maximum"] };

/**
 * Commission models, by `kind`. `minimum` and `maximum` bound the commission
 * of a whole order (all its partial fills together).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CommissionSchema } from "./config.ts";
 * assert.ok(CommissionSchema.parse({ kind: "perShare", rate: 0.005, minimum: 1 }).kind === "perShare");
 * assert.ok(!CommissionSchema.safeParse({ kind: "fixed", amount: -1 }).success);
 * ```
 */
export const CommissionSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("none") }),
  z.strictObject({
    kind: z.literal("percent"),
    /** A fraction of traded notional: 0.001 is 0.1 % (10 bps). */
    rate: z.number().min(0).max(1),
    minimum: Money.optional(),
    maximum: Money.optional(),
  }).refine(bounded, BOUNDS_MESSAGE),
  z.strictObject({
    kind: z.literal("perShare"),
    /** Currency per unit traded. */
    rate: Money,
    minimum: Money.optional(),
    maximum: Money.optional(),
  }).refine(bounded, BOUNDS_MESSAGE),
  z.strictObject({
    kind: z.literal("fixed"),
    /** Currency per order, charged on its first fill. */
    amount: Money,
  }),
]);

/**
 * Fill models, by `kind`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FillSchema } from "./config.ts";
 * const f = FillSchema.parse({ kind: "nextOpen" });
 * assert.ok(f.limitFill === "through" && f.ambiguousBar === "stopFirst");
 * ```
 */
export const FillSchema = z.discriminatedUnion("kind", [
  /**
   * Orders trade from the first bar that starts at or after their arrival:
   * a market order at that bar's open; limit and stop orders by the intrabar
   * rules (a gap through the price fills at the open).
   */
  z.strictObject({
    kind: z.literal("nextOpen"),
    /** `through`: a limit fills only if the price trades beyond it; `touch`: reaching it is enough. */
    limitFill: z.enum(["through", "touch"]).default("through"),
    /**
     * A bar that reaches both a bracket's stop-loss and its take-profit:
     * `stopFirst` (conservative), `targetFirst`, or `nearestFirst` (the
     * extreme nearer the open is taken to come first; a tie goes to the stop).
     */
    ambiguousBar: z.enum(["stopFirst", "targetFirst", "nearestFirst"]).default("stopFirst"),
  }),
]);

/**
 * A cap on each bar's fills, as a fraction of the bar's volume.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ParticipationSchema } from "./config.ts";
 * assert.ok(ParticipationSchema.parse({ maxVolumeFraction: 0.1 }).lotSize === 1);
 * ```
 */
export const ParticipationSchema = z.strictObject({
  /** At most this fraction of a bar's volume fills per symbol and bar; the rest waits for later bars. */
  maxVolumeFraction: z.number().positive().max(1),
  /**
   * A capped part is a whole number of lots (rounded down); an order's last
   * part fills its exact remainder. Whole shares by default, so integer
   * orders keep integer positions.
   */
  lotSize: z.number().positive().finite().default(1),
});

/**
 * Borrow cost of short positions, by `kind`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BorrowSchema } from "./config.ts";
 * const b = BorrowSchema.parse({ kind: "annualRate", rate: 0.03 });
 * assert.ok(b.kind === "annualRate" && b.daysPerYear === 360);
 * ```
 */
export const BorrowSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("none") }),
  /**
   * `rate / daysPerYear` of the short notional (at the last close) per
   * calendar day the position is held short over a UTC midnight.
   */
  z.strictObject({
    kind: z.literal("annualRate"),
    rate: z.number().min(0).max(10),
    daysPerYear: z.union([z.literal(360), z.literal(365)]).default(360),
  }),
]);

/**
 * Schema of the `execution` section.
 *
 * @example Defaults: the plain next-open rule
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExecutionConfigSchema } from "./config.ts";
 * const e = ExecutionConfigSchema.parse({});
 * assert.ok(e.latency.kind === "none" && e.slippage.kind === "none" && e.participation === undefined);
 * ```
 */
export const ExecutionConfigSchema = z.strictObject({
  fill: FillSchema.prefault({ kind: "nextOpen" }),
  latency: LatencySchema.prefault({ kind: "none" }),
  slippage: SlippageSchema.prefault({ kind: "none" }),
  commission: CommissionSchema.prefault({ kind: "none" }),
  /** No cap when absent. */
  participation: ParticipationSchema.optional(),
  borrow: BorrowSchema.prefault({ kind: "none" }),
  /**
   * Close every open position at the last bar's close, paying commission.
   * Off by default: open positions are reported as open, marked at the last close.
   */
  closeAtEnd: z.boolean().default(false),
});

/**
 * The `execution` section as written in a config.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { ExecutionConfigInput } from "./config.ts";
 * const e: ExecutionConfigInput = { latency: { kind: "fixed", ms: 5 } };
 * assert.ok(e.latency?.kind === "fixed");
 * ```
 */
export type ExecutionConfigInput = z.input<typeof ExecutionConfigSchema>;
/**
 * The `execution` section after validation.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type ExecutionConfig, ExecutionConfigSchema } from "./config.ts";
 * const e: ExecutionConfig = ExecutionConfigSchema.parse({ commission: { kind: "percent", rate: 0.001 } });
 * assert.ok(e.closeAtEnd === false);
 * ```
 */
export type ExecutionConfig = z.output<typeof ExecutionConfigSchema>;
/**
 * A validated latency config.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { LatencyConfig } from "./config.ts";
 * const l: LatencyConfig = { kind: "exponential", meanMs: 30 };
 * assert.ok(l.kind === "exponential");
 * ```
 */
export type LatencyConfig = z.output<typeof LatencySchema>;
/**
 * A validated slippage config.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { SlippageConfig } from "./config.ts";
 * const s: SlippageConfig = { kind: "fixedBps", bps: 2 };
 * assert.ok(s.kind === "fixedBps");
 * ```
 */
export type SlippageConfig = z.output<typeof SlippageSchema>;
/**
 * A validated commission config.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { CommissionConfig } from "./config.ts";
 * const c: CommissionConfig = { kind: "fixed", amount: 1 };
 * assert.ok(c.kind === "fixed");
 * ```
 */
export type CommissionConfig = z.output<typeof CommissionSchema>;
/**
 * A validated fill config.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { FillConfig } from "./config.ts";
 * const f: FillConfig = { kind: "nextOpen", limitFill: "touch", ambiguousBar: "nearestFirst" };
 * assert.ok(f.limitFill === "touch");
 * ```
 */
export type FillConfig = z.output<typeof FillSchema>;
/**
 * A validated borrow config.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { BorrowConfig } from "./config.ts";
 * const b: BorrowConfig = { kind: "none" };
 * assert.ok(b.kind === "none");
 * ```
 */
export type BorrowConfig = z.output<typeof BorrowSchema>;
