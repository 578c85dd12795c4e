/**
 * The `instruments` section: what one unit of each symbol is worth, the price
 * grid it trades on, its currency and, for futures, its margin per contract;
 * the account's base currency and what a margin call does; the FX rate
 * series that convert other currencies to the base one.
 *
 * Without the section every symbol is a cash equity in the account's
 * currency: multiplier 1, no tick, no margin, and the run is exactly what it
 * was before instruments existed (docs/instruments.md).
 *
 * @module
 */
import { z } from "zod";
import { DataSourceSchema } from "../data/config.ts";

/** An ISO 4217 currency code: three capital letters, e.g. `USD`, `EUR`. */
export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, {
  message: 'expected an ISO 4217 currency code of three capital letters, e.g. "USD"',
});

/** Initial and maintenance margin per contract, in the instrument's currency (futures). */
export const MarginSchema = z.strictObject({
  /** Reserved per contract when a position opens or grows: an order whose margin does not fit is denied (`margin`). */
  initial: z.number().positive().finite(),
  /** Per contract, checked at every mark: equity below Σ |qty| × maintenance is a margin call. */
  maintenance: z.number().positive().finite(),
}).refine((m) => m.maintenance <= m.initial, {
  message: "expected maintenance ≤ initial margin",
  path: ["maintenance"],
});

/**
 * One instrument's terms. Every field is optional here: a symbol's entry is
 * laid over the `default` entry field by field, then over the built-in
 * defaults (multiplier 1, no tick, no lot, the account's currency, no margin),
 * once, by {@linkcode resolveInstrumentTerms}.
 *
 * @example An ES-like future
 * ```ts
 * import assert from "node:assert/strict";
 * import { InstrumentSchema } from "./config.ts";
 * const es = InstrumentSchema.parse({ multiplier: 50, tickSize: 0.25, margin: { initial: 12_000, maintenance: 11_000 } });
 * assert.ok(es.multiplier === 50 && es.currency === undefined);
 * assert.ok(!InstrumentSchema.safeParse({ multiplier: 0 }).success);
 * ```
 */
export const InstrumentSchema = z.strictObject({
  /** Currency per price point per unit: notional = qty × price × multiplier. Default 1. */
  multiplier: z.number().positive().finite().optional(),
  /** The price grid: limit and stop levels and fill prices are rounded to it. Default: none. */
  tickSize: z.number().positive().finite().optional(),
  /** The trading unit: every opening order is a whole number of it (rule `lot-size`). Default: none. */
  lotSize: z.number().positive().finite().optional(),
  /** The currency prices are quoted in. Default: the account's. */
  currency: CurrencySchema.optional(),
  /** Initial and maintenance margin per contract (futures). Default: none (a cash instrument). */
  margin: MarginSchema.optional(),
});

/** Schema of the `instruments` section. */
export const InstrumentsConfigSchema = z.strictObject({
  /** Terms of every symbol not listed in `symbols` (and the fields a listed symbol leaves out). */
  default: InstrumentSchema.optional(),
  /** Terms per symbol; a name that is not a symbol of the run is an error when the run starts. */
  symbols: z.record(z.string().min(1), InstrumentSchema).default({}),
  /**
   * The account: its base currency (what cash, equity, P&L and risk limits are
   * counted in) and what a margin call does. It sits here, not in
   * `risk.limits.account` (which says how far cash may fall: a cash rule),
   * because currency and margin are terms of the instruments it holds.
   */
  account: z.strictObject({
    currency: CurrencySchema.default("USD"),
    /** `liquidate`: close every position at the next open, through the gate; `denyNewRisk`: deny openings while it lasts. */
    marginCall: z.enum(["liquidate", "denyNewRisk"]).default("liquidate"),
  }).prefault({}),
  /**
   * FX close series, loaded like bars: one symbol per rate, named
   * `<CCY><BASE>` (e.g. `EURUSD`: USD per EUR). Needed when an instrument's
   * currency is not the account's.
   */
  fx: z.strictObject({ source: DataSourceSchema }).optional(),
});

/** The `instruments` section as written. */
export type InstrumentsConfigInput = z.input<typeof InstrumentsConfigSchema>;
/** The `instruments` section after validation. */
export type InstrumentsConfig = z.output<typeof InstrumentsConfigSchema>;
/** One instrument's terms as written. */
export type InstrumentInput = z.output<typeof InstrumentSchema>;

/** One symbol's terms after defaults: what the engine reads. */
export interface InstrumentTerms {
  readonly multiplier: number;
  /** 0: no grid. */
  readonly tickSize: number;
  /** 0: no trading unit beyond `risk.sizing.lotSize`. */
  readonly lotSize: number;
  readonly currency: string;
  /** NaN without margin. */
  readonly initialMargin: number;
  /** NaN without margin. */
  readonly maintenanceMargin: number;
}

/**
 * The terms of `symbol`: its entry over the `default` entry over the built-in
 * defaults.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { InstrumentsConfigSchema, resolveInstrumentTerms } from "./config.ts";
 * const c = InstrumentsConfigSchema.parse({ default: { tickSize: 0.01 }, symbols: { ES: { multiplier: 50, tickSize: 0.25 } } });
 * assert.ok(resolveInstrumentTerms(c, "ES").tickSize === 0.25);
 * assert.ok(resolveInstrumentTerms(c, "SPY").multiplier === 1 && resolveInstrumentTerms(c, "SPY").tickSize === 0.01);
 * assert.ok(resolveInstrumentTerms(c, "SPY").currency === "USD");
 * ```
 */
export function resolveInstrumentTerms(c: InstrumentsConfig, symbol: string): InstrumentTerms {
  const own = Object.hasOwn(c.symbols, symbol) ? c.symbols[symbol] : undefined;
  const d = c.default;
  const margin = own?.margin ?? d?.margin;
  return {
    multiplier: own?.multiplier ?? d?.multiplier ?? 1,
    tickSize: own?.tickSize ?? d?.tickSize ?? 0,
    lotSize: own?.lotSize ?? d?.lotSize ?? 0,
    currency: own?.currency ?? d?.currency ?? c.account.currency,
    initialMargin: margin?.initial ?? NaN,
    maintenanceMargin: margin?.maintenance ?? NaN,
  };
}
