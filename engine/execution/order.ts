/**
 * Order specs as the engine carries them: small integer codes and prices in
 * columns, checked once when the strategy emits the intent.
 *
 * @module
 */
import { z } from "zod";
import type { OrderOptions } from "../strategy/types.ts";

/**
 * Order type codes, indexing {@linkcode ORDER_TYPE_NAMES}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ORDER_MARKET, ORDER_TYPE_NAMES } from "./order.ts";
 * assert.ok(ORDER_TYPE_NAMES[ORDER_MARKET] === "market");
 * ```
 */
export const ORDER_MARKET = 0;
/**
 * A limit order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ORDER_LIMIT, ORDER_TYPE_NAMES } from "./order.ts";
 * assert.ok(ORDER_TYPE_NAMES[ORDER_LIMIT] === "limit");
 * ```
 */
export const ORDER_LIMIT = 1;
/**
 * A stop (stop-market) order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ORDER_STOP, ORDER_TYPE_NAMES } from "./order.ts";
 * assert.ok(ORDER_TYPE_NAMES[ORDER_STOP] === "stop");
 * ```
 */
export const ORDER_STOP = 2;
/**
 * A stop-limit order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ORDER_STOP_LIMIT, ORDER_TYPE_NAMES } from "./order.ts";
 * assert.ok(ORDER_TYPE_NAMES[ORDER_STOP_LIMIT] === "stopLimit");
 * ```
 */
export const ORDER_STOP_LIMIT = 3;
/**
 * A bracket's exit: stop-loss and take-profit as one reduce-only, one-cancels-other order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ORDER_EXIT, ORDER_TYPE_NAMES } from "./order.ts";
 * assert.ok(ORDER_TYPE_NAMES[ORDER_EXIT] === "exit");
 * ```
 */
export const ORDER_EXIT = 4;

/**
 * Names of the order type codes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ORDER_TYPE_NAMES } from "./order.ts";
 * assert.ok(ORDER_TYPE_NAMES.join() === "market,limit,stop,stopLimit,exit");
 * ```
 */
export const ORDER_TYPE_NAMES = ["market", "limit", "stop", "stopLimit", "exit"] as const;

/**
 * Time-in-force codes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TIF_BARS, TIF_DAY, TIF_GTC } from "./order.ts";
 * assert.ok(new Set([TIF_GTC, TIF_DAY, TIF_BARS]).size === 3);
 * ```
 */
export const TIF_GTC = 0;
/**
 * Until the end of the UTC day of the first bar the order can trade in.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TIF_DAY, TIF_GTC } from "./order.ts";
 * assert.ok(new Set<number>([TIF_DAY, TIF_GTC]).size === 2);
 * ```
 */
export const TIF_DAY = 1;
/**
 * For a number of bars.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TIF_BARS, TIF_DAY } from "./order.ts";
 * assert.ok(new Set<number>([TIF_BARS, TIF_DAY]).size === 2);
 * ```
 */
export const TIF_BARS = 2;

/**
 * Order specs in columns, one row per intent. Prices not used by a type are NaN.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type OrderSpecColumns, writeMarketSpec, type OrderSpecWriter } from "./order.ts";
 * const w: OrderSpecWriter = { orderType: [], limitPrice: [], stopPrice: [], tif: [], tifBars: [], stopLoss: [], takeProfit: [], reduceOnly: [] };
 * writeMarketSpec(w, 0);
 * const cols: OrderSpecColumns = w;
 * assert.ok(cols.orderType[0] === 0 && Number.isNaN(cols.limitPrice[0]));
 * ```
 */
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

/**
 * The writable form of {@linkcode OrderSpecColumns}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type OrderSpecWriter, writeOrderSpec } from "./order.ts";
 * const w: OrderSpecWriter = { orderType: [], limitPrice: [], stopPrice: [], tif: [], tifBars: [], stopLoss: [], takeProfit: [], reduceOnly: [] };
 * assert.ok(writeOrderSpec({ type: "stop", stopPrice: 5 }, -1, w, 0) === null && w.stopPrice[0] === 5);
 * ```
 */
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
const Price = z.number({ error: PRICE_MESSAGE }).positive({ error: PRICE_MESSAGE }).finite({ error: PRICE_MESSAGE });

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
