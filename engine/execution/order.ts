/**
 * Order specs as the engine carries them: small integer codes and prices in
 * columns, checked once when the strategy emits the intent. What each order
 * type and time in force does once it reaches the market is the fill
 * simulator's rule (the module docs of `simulator.ts` and `fill_model.ts`).
 *
 * @module
 */
import { z } from "zod";
import { MAX_PRICE, MIN_PRICE } from "../result.ts";
import type { OrderOptions } from "../strategy/types.ts";

/**
 * Order type codes, the `orderType` column of {@linkcode OrderSpecColumns},
 * each an index into {@linkcode ORDER_TYPE_NAMES}:
 *
 * | code | constant           | name        | from                                   |
 * | ---- | ------------------ | ----------- | -------------------------------------- |
 * | 0    | `ORDER_MARKET`     | `market`    | `type: "market"` (the default)         |
 * | 1    | `ORDER_LIMIT`      | `limit`     | `type: "limit"`                        |
 * | 2    | `ORDER_STOP`       | `stop`      | `type: "stop"`                         |
 * | 3    | `ORDER_STOP_LIMIT` | `stopLimit` | `type: "stopLimit"`                    |
 * | 4    | `ORDER_EXIT`       | `exit`      | an entry's `stopLoss` and `takeProfit` |
 *
 * @example A code is an index into the names
 * ```ts
 * import assert from "node:assert/strict";
 * import { ORDER_EXIT, ORDER_STOP_LIMIT, ORDER_TYPE_NAMES } from "./order.ts";
 * assert.equal(ORDER_TYPE_NAMES[ORDER_STOP_LIMIT], "stopLimit");
 * assert.equal(ORDER_TYPE_NAMES[ORDER_EXIT], "exit");
 * ```
 */
export const ORDER_MARKET = 0;
/** A limit order (see {@linkcode ORDER_MARKET} for the order type codes). */
export const ORDER_LIMIT = 1;
/** A stop (stop-market) order. */
export const ORDER_STOP = 2;
/** A stop-limit order. */
export const ORDER_STOP_LIMIT = 3;
/** A bracket's exit: stop-loss and take-profit as one reduce-only, one-cancels-other order. */
export const ORDER_EXIT = 4;

/** Names of the order type codes, indexed by code (see {@linkcode ORDER_MARKET}). */
export const ORDER_TYPE_NAMES = ["market", "limit", "stop", "stopLimit", "exit"] as const;

/**
 * Time-in-force codes, the `tif` column of {@linkcode OrderSpecColumns}, from
 * an order's `timeInForce` option:
 *
 * | code | constant   | `timeInForce` | the order works                                    |
 * | ---- | ---------- | ------------- | -------------------------------------------------- |
 * | 0    | `TIF_GTC`  | `"gtc"`       | until it fills or is cancelled (the default)       |
 * | 1    | `TIF_DAY`  | `"day"`       | for one UTC day                                    |
 * | 2    | `TIF_BARS` | `{ bars: n }` | for the first `n` bars it can trade in (`tifBars`) |
 *
 * When a `day` or `bars` order ends, and what happens to its unfilled part,
 * is the simulator's rule (`simulator.ts`).
 *
 * @example The codes of three options
 * ```ts
 * import assert from "node:assert/strict";
 * import { type OrderSpecWriter, TIF_BARS, TIF_DAY, TIF_GTC, writeOrderSpec } from "./order.ts";
 * const w: OrderSpecWriter = { orderType: [], limitPrice: [], stopPrice: [], tif: [], tifBars: [], stopLoss: [], takeProfit: [], reduceOnly: [] };
 * writeOrderSpec(undefined, 1, w, 0);
 * writeOrderSpec({ timeInForce: "day" }, 1, w, 1);
 * writeOrderSpec({ timeInForce: { bars: 3 } }, 1, w, 2);
 * assert.deepEqual(w.tif, [TIF_GTC, TIF_DAY, TIF_BARS]);
 * assert.equal(w.tifBars[2], 3);
 * ```
 */
export const TIF_GTC = 0;
/** For one UTC day (see {@linkcode TIF_GTC} for the time-in-force codes). */
export const TIF_DAY = 1;
/** For a number of bars, given in the `tifBars` column. */
export const TIF_BARS = 2;

/** Order specs in columns, one row per intent. Prices not used by a type are NaN. */
export interface OrderSpecColumns {
  readonly orderType: ArrayLike<number>;
  readonly limitPrice: ArrayLike<number>;
  readonly stopPrice: ArrayLike<number>;
  readonly tif: ArrayLike<number>;
  /** Bars of a `TIF_BARS` order. */
  readonly tifBars: ArrayLike<number>;
  readonly stopLoss: ArrayLike<number>;
  readonly takeProfit: ArrayLike<number>;
  /** 1 for a reduce-only order (a `close()`): it never fills beyond the position it reduces. */
  readonly reduceOnly: ArrayLike<number>;
}

/** The writable form of {@linkcode OrderSpecColumns}, filled by {@linkcode writeOrderSpec}. */
export interface OrderSpecWriter {
  orderType: number[];
  limitPrice: number[];
  stopPrice: number[];
  tif: number[];
  tifBars: number[];
  stopLoss: number[];
  takeProfit: number[];
  reduceOnly: number[];
}

const TYPE_CODES: Readonly<Record<string, number>> = { market: 0, limit: 1, stop: 2, stopLimit: 3 };

/**
 * Write a plain market GTC spec at row `i`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type OrderSpecWriter, TIF_GTC, writeMarketSpec } from "./order.ts";
 * const w: OrderSpecWriter = { orderType: [], limitPrice: [], stopPrice: [], tif: [], tifBars: [], stopLoss: [], takeProfit: [], reduceOnly: [] };
 * writeMarketSpec(w, 3);
 * assert.ok(w.tif[3] === TIF_GTC);
 * ```
 */
export function writeMarketSpec(out: OrderSpecWriter, i: number): void {
  out.orderType[i] = ORDER_MARKET;
  out.limitPrice[i] = NaN;
  out.stopPrice[i] = NaN;
  out.tif[i] = TIF_GTC;
  out.tifBars[i] = 0;
  out.stopLoss[i] = NaN;
  out.takeProfit[i] = NaN;
  out.reduceOnly[i] = 0;
}

const PRICE_MESSAGE = "expected a price: a finite number > 0";
const RANGE_MESSAGE = "expected a price between 1e-12 and 1e12"; // MIN_PRICE and MAX_PRICE, as the data loader writes them
/** A price: finite, > 0, and in the range the data loader takes bar prices in (1e308 is no price). */
const Price = z.number({ error: PRICE_MESSAGE }).positive({ error: PRICE_MESSAGE }).finite({ error: PRICE_MESSAGE })
  .min(MIN_PRICE, { error: RANGE_MESSAGE }).max(MAX_PRICE, { error: RANGE_MESSAGE });

/**
 * Order options as a zod schema: the checks that do not depend on the
 * order's side. The engine checks every strategy order with it; a strategy
 * that takes order prices as params can use it in its own params schema, so
 * that a bad price in a config is a ConfigError naming the field (e.g.
 * `strategy.params.entry.limitPrice`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { OrderOptionsSchema } from "./order.ts";
 * const r = OrderOptionsSchema.safeParse({ type: "limit", limitPrice: 0 });
 * assert.ok(!r.success && r.error.issues[0]!.path.join() === "limitPrice");
 * ```
 */
export const OrderOptionsSchema = z.strictObject({
  type: z.enum(["market", "limit", "stop", "stopLimit"], {
    error: 'unknown order type; expected "market", "limit", "stop" or "stopLimit"',
  }).optional(),
  limitPrice: Price.optional(),
  stopPrice: Price.optional(),
  timeInForce: z.union([
    z.literal("gtc"),
    z.literal("day"),
    z.strictObject({ bars: z.number().int().min(1, { error: "expected a whole number of bars ≥ 1" }) }),
  ], { error: 'expected "gtc", "day" or { bars: n }' }).optional(),
  stopLoss: Price.optional(),
  takeProfit: Price.optional(),
}).superRefine((o, ctx) => {
  const type = o.type ?? "market";
  const wantsLimit = type === "limit" || type === "stopLimit", wantsStop = type === "stop" || type === "stopLimit";
  if (wantsLimit && o.limitPrice === undefined) {
    ctx.addIssue({ code: "custom", path: ["limitPrice"], message: `a ${type} order needs a limitPrice` });
  }
  if (!wantsLimit && o.limitPrice !== undefined) {
    ctx.addIssue({ code: "custom", path: ["limitPrice"], message: `a ${type} order takes no limitPrice` });
  }
  if (wantsStop && o.stopPrice === undefined) {
    ctx.addIssue({ code: "custom", path: ["stopPrice"], message: `a ${type} order needs a stopPrice` });
  }
  if (!wantsStop && o.stopPrice !== undefined) {
    ctx.addIssue({ code: "custom", path: ["stopPrice"], message: `a ${type} order takes no stopPrice` });
  }
});

const show = (
  x: unknown,
) => (typeof x === "string" ? JSON.stringify(x) : typeof x === "object" ? "an object" : String(x));

/** The first problem of a failed parse, as `path: message, found x`. */
function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    return `unknown order option ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}; expected type, limitPrice, ` +
      "stopPrice, timeInForce, stopLoss or takeProfit";
  }
  const path = issue.path.map(String).join(".");
  const found = "input" in issue && issue.code !== "custom" ? `, found ${show(issue.input)}` : "";
  return `${path ? `${path}: ` : ""}${issue.message}${found}`;
}

/**
 * Check a strategy's order options against {@linkcode OrderOptionsSchema}
 * and the side of the order (`side` > 0 a buy, < 0 a sell, 0 neither, as for
 * `target()` and `close()`), and write their spec at row `i`. Returns `null`,
 * or a message naming the first problem (the row is then not an order).
 *
 * @example A bracket on the wrong side of its entry
 * ```ts
 * import assert from "node:assert/strict";
 * import { ORDER_LIMIT, type OrderSpecWriter, writeOrderSpec } from "./order.ts";
 * const w: OrderSpecWriter = { orderType: [], limitPrice: [], stopPrice: [], tif: [], tifBars: [], stopLoss: [], takeProfit: [], reduceOnly: [] };
 * assert.equal(writeOrderSpec({ type: "limit", limitPrice: 10, stopLoss: 9, takeProfit: 12 }, 1, w, 0), null);
 * assert.ok(w.orderType[0] === ORDER_LIMIT && w.stopLoss[0] === 9);
 * assert.equal(
 *   writeOrderSpec({ type: "limit", limitPrice: 10, stopLoss: 11 }, 1, w, 1),
 *   "expected stopLoss below the entry price 10, found 11",
 * );
 * ```
 */
export function writeOrderSpec(
  opts: OrderOptions | undefined,
  side: number,
  out: OrderSpecWriter,
  i: number,
): string | null {
  writeMarketSpec(out, i);
  if (opts === undefined) return null;
  if (typeof opts !== "object" || opts === null) return `options must be an object, found ${show(opts)}`;
  const parsed = OrderOptionsSchema.safeParse(opts, { reportInput: true });
  if (!parsed.success) return describe(parsed.error.issues[0]!);
  const o = parsed.data;
  const code = TYPE_CODES[o.type ?? "market"]!;
  out.orderType[i] = code;
  out.limitPrice[i] = o.limitPrice ?? NaN;
  out.stopPrice[i] = o.stopPrice ?? NaN;
  const tif = o.timeInForce ?? "gtc";
  if (tif === "gtc") out.tif[i] = TIF_GTC;
  else if (tif === "day") out.tif[i] = TIF_DAY;
  else {
    out.tif[i] = TIF_BARS;
    out.tifBars[i] = tif.bars;
  }

  const sl = o.stopLoss, tp = o.takeProfit;
  if (sl === undefined && tp === undefined) return null;
  if (side === 0) return "stopLoss and takeProfit attach to buy() and sell() entries only";
  // the entry's own price, where it has one, must sit between the exits
  const entry = code === ORDER_LIMIT || code === ORDER_STOP_LIMIT
    ? out.limitPrice[i]!
    : code === ORDER_STOP
    ? out.stopPrice[i]!
    : NaN;
  const below = side > 0 ? "stopLoss" : "takeProfit", above = side > 0 ? "takeProfit" : "stopLoss";
  const lo = side > 0 ? sl : tp, hi = side > 0 ? tp : sl;
  if (lo !== undefined && hi !== undefined && !(lo < hi)) return `expected ${below} < ${above}, found ${lo} ≥ ${hi}`;
  if (lo !== undefined && !(lo < entry) && entry === entry) {
    return `expected ${below} below the entry price ${entry}, found ${lo}`;
  }
  if (hi !== undefined && !(hi > entry) && entry === entry) {
    return `expected ${above} above the entry price ${entry}, found ${hi}`;
  }
  out.stopLoss[i] = sl ?? NaN;
  out.takeProfit[i] = tp ?? NaN;
  return null;
}
