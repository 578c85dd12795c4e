/**
 * The `risk` section of a config: how intents are sized, which limits every
 * order must fit, the circuit breakers, and the cooldown after an exit.
 *
 * Every section but `sizing` is optional; an omitted limit, breaker or
 * cooldown does not apply. The one limit on by default is the cash account:
 * an order may not take projected cash below zero unless `limits.account`
 * is a margin account.
 *
 * Limits are written as a number (the cap, enforced in `limits.mode`) or as
 * `{ max, mode }` to choose the mode per rule; validation resolves every rule
 * to `{ max, mode }`, so the engine and `result.json` see one shape.
 *
 * @example A full risk section
 * ```ts
 * import assert from "node:assert/strict";
 * import { RiskConfigSchema } from "./config.ts";
 * const risk = RiskConfigSchema.parse({
 *   sizing: { kind: "atrVolatility", riskFraction: 0.01, atrPeriod: 14, atrMultiple: 2 },
 *   limits: { maxPositions: 5, perSymbol: { maxQty: 1000, maxPercentEquity: 0.25 }, grossExposure: { max: 1.5, mode: "clip" } },
 *   breakers: { dailyLossLimit: { percent: 0.02 }, maxDrawdownStop: { percent: 0.15, flatten: true } },
 *   cooldown: { bars: 5 },
 * });
 * assert.ok(risk.limits.grossExposure?.mode === "clip");
 * assert.ok(risk.limits.maxPositions?.mode === "deny");
 * ```
 *
 * @module
 */
import { z } from "zod";
import { DurationString, SessionStartSchema, TimeZoneSchema } from "../data/config.ts";

/** What a limit does with an order that does not fit: reject it, or shrink it to the largest quantity that fits. */
const LimitModeSchema = z.enum(["deny", "clip"]);
/** A limit's mode. */
export type LimitMode = z.output<typeof LimitModeSchema>;

const FRACTION_MSG = "expected a fraction in (0, 1]: 0.02 means 2 %";
const fraction = () => z.number().positive({ message: FRACTION_MSG }).max(1, { message: FRACTION_MSG });
const positive = () => z.number().positive().finite();

// ---------------------------------------------------------------- sizing

/** Lot size, minimum and maximum quantity: shared by every sizing method. */
const sizingBounds = {
  /** Quantities are whole multiples of this (rounded down). Default 1: whole units. */
  lotSize: positive().default(1),
  /** A sized quantity below this is denied (rule `sizing`). Default 0. */
  minQty: z.number().min(0).finite().default(0),
  /** A sized quantity above this is cut down to it. Default: no maximum. */
  maxQty: positive().optional(),
};

/** Size every sized intent at a fixed quantity. */
const FixedQtySizing = z.strictObject({
  kind: z.literal("fixedQty"),
  qty: positive(),
  ...sizingBounds,
});

/** Size at `fraction × equity ÷ reference price`. */
const PercentEquitySizing = z.strictObject({
  kind: z.literal("percentEquity"),
  /** Fraction of mark-to-market equity per order, in (0, 1]. */
  fraction: fraction(),
  ...sizingBounds,
});

/** Size at `floor(equity × riskFraction ÷ (atrMultiple × ATR(atrPeriod)))`. */
const AtrVolatilitySizing = z.strictObject({
  kind: z.literal("atrVolatility"),
  /** Fraction of equity risked per order if price moves `atrMultiple` ATRs against it, in (0, 1]. */
  riskFraction: fraction(),
  /** ATR length in bars (Wilder smoothing, the strategies' own ATR). */
  atrPeriod: z.number().int().min(1).default(14),
  /** The stop distance, in ATRs; must be > 0. */
  atrMultiple: z.number().positive({ message: "expected atrMultiple > 0 (the stop distance in ATRs)" }).finite(),
  ...sizingBounds,
});

const isMultiple = (x: number, lot: number) => Math.abs(x / lot - Math.round(x / lot)) < 1e-9;

/**
 * Sizing methods, by `kind`: `fixedQty`, `percentEquity`, `atrVolatility`;
 * each with `lotSize` (default 1), `minQty` (default 0) and `maxQty`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SizingSchema } from "./config.ts";
 * const s = SizingSchema.parse({ kind: "percentEquity", fraction: 0.1, lotSize: 10 });
 * assert.ok(s.lotSize === 10 && s.minQty === 0);
 * assert.ok(!SizingSchema.safeParse({ kind: "atrVolatility", riskFraction: 0.01, atrMultiple: 0 }).success);
 * ```
 */
export const SizingSchema = z.discriminatedUnion("kind", [FixedQtySizing, PercentEquitySizing, AtrVolatilitySizing])
  .superRefine((s, ctx) => {
    if (s.maxQty !== undefined && s.minQty > s.maxQty) {
      ctx.addIssue({
        code: "custom",
        path: ["maxQty"],
        message: `expected maxQty ≥ minQty (${s.minQty})`,
        input: s.maxQty,
      });
    }
    if (s.kind === "fixedQty") {
      if (!isMultiple(s.qty, s.lotSize)) {
        ctx.addIssue({
          code: "custom",
          path: ["qty"],
          message: `expected a whole number of lots of ${s.lotSize} (set lotSize for fractional quantities)`,
          input: s.qty,
        });
      }
      if (s.qty < s.minQty) {
        ctx.addIssue({ code: "custom", path: ["qty"], message: `expected qty ≥ minQty (${s.minQty})`, input: s.qty });
      }
      if (s.maxQty !== undefined && s.qty > s.maxQty) {
        ctx.addIssue({ code: "custom", path: ["qty"], message: `expected qty ≤ maxQty (${s.maxQty})`, input: s.qty });
      }
    }
  });

/** A sizing method after validation. */
export type SizingConfig = z.output<typeof SizingSchema>;

// ---------------------------------------------------------------- limits

/** A limit after validation: its cap and its mode. */
export interface LimitRule {
  readonly max: number;
  readonly mode: LimitMode;
}

/** Whether short positions may be opened, and what happens to an order that would open one when not. */
export interface ShortRule {
  readonly allow: boolean;
  readonly mode: LimitMode;
}

const ruleOf = (value: z.ZodNumber, what: string) =>
  z.union([value, z.strictObject({ max: value, mode: LimitModeSchema.optional() })], {
    error: `expected ${what}, or { max, mode: "deny" | "clip" }`,
  });

const shortRule = z.union([z.boolean(), z.strictObject({ allow: z.boolean(), mode: LimitModeSchema.optional() })], {
  error: `expected true, false, or { allow, mode: "deny" | "clip" }`,
});

const symbolLimits = z.strictObject({
  /** Largest absolute position (filled + in flight), in units. */
  maxQty: ruleOf(positive(), "a quantity > 0").optional(),
  /** Largest absolute position value at the reference price. */
  maxNotional: ruleOf(positive(), "an amount > 0").optional(),
  /** Largest absolute position value as a fraction of equity, in (0, 1]. */
  maxPercentEquity: ruleOf(fraction(), "a fraction in (0, 1]").optional(),
  /** Override of `limits.allowShort` for this symbol (only under `limits.symbols`). */
  allowShort: shortRule.optional(),
});

const exposure = () => ruleOf(positive(), "a multiple of equity > 0").optional();

/** The account type: what the cash rule lets cash fall to. */
const AccountSchema = z.discriminatedUnion("kind", [
  /** A cash account: projected cash may not go below `minCash` (default 0: no borrowing). */
  z.strictObject({
    kind: z.literal("cash"),
    /** Cash to keep in reserve, never spent on orders. Default 0. */
    minCash: z.number().min(0).finite().default(0),
    mode: LimitModeSchema.optional(),
  }),
  /** A margin account: cash may go down to `−maxBorrow` (unbounded when omitted). */
  z.strictObject({
    kind: z.literal("margin"),
    maxBorrow: z.number().min(0).finite().optional(),
    mode: LimitModeSchema.optional(),
  }),
]);

const LimitsInput = z.strictObject({
  /** Mode of every limit that does not set its own. */
  mode: LimitModeSchema.default("deny"),
  /** Most symbols with a position or an order in flight at once; at least 1. */
  maxPositions: ruleOf(
    z.number().int().min(1, { message: "expected at least 1: with 0 no strategy could ever open a position" }),
    "an integer ≥ 1",
  ).optional(),
  /** Limits on every symbol's position. */
  perSymbol: symbolLimits.omit({ allowShort: true }).default({}),
  /** Overrides of `perSymbol` and `allowShort` by symbol name; names not in the data are ignored. */
  symbols: z.record(z.string().min(1), symbolLimits).default({}),
  /** Cap on Σ |position| × price, as a multiple of equity. */
  grossExposure: exposure(),
  /** Cap on |Σ position × price|, as a multiple of equity. */
  netExposure: exposure(),
  /** Cap on the value of long positions, as a multiple of equity. */
  longExposure: exposure(),
  /** Cap on the value of short positions, as a multiple of equity. */
  shortExposure: exposure(),
  /** Whether orders may open short positions. Default true. */
  allowShort: shortRule.default(true),
  /** Cash or margin account. Default: a cash account (projected cash may not go below 0). */
  account: AccountSchema.prefault({ kind: "cash" }),
});

/** Per-symbol limits after validation. */
export interface SymbolLimits {
  readonly maxQty?: LimitRule;
  readonly maxNotional?: LimitRule;
  readonly maxPercentEquity?: LimitRule;
  readonly allowShort?: ShortRule;
}

/** The account after validation: `minCash` is the floor projected cash must stay at or above. */
export interface Account {
  readonly kind: "cash" | "margin";
  /** The cash account's `minCash` (0 by default), `−maxBorrow` on margin, `-Infinity` for unbounded margin. */
  readonly minCash: number;
  readonly mode: LimitMode;
}

/** The `limits` section after validation: every rule resolved to its cap and mode. */
export interface LimitsConfig {
  readonly mode: LimitMode;
  readonly maxPositions?: LimitRule;
  readonly perSymbol: SymbolLimits;
  readonly symbols: Readonly<Record<string, SymbolLimits>>;
  readonly grossExposure?: LimitRule;
  readonly netExposure?: LimitRule;
  readonly longExposure?: LimitRule;
  readonly shortExposure?: LimitRule;
  readonly allowShort: ShortRule;
  readonly account: Account;
}

type RuleIn = number | { max: number; mode?: LimitMode | undefined } | undefined;
type ShortIn = boolean | { allow: boolean; mode?: LimitMode | undefined };

function resolveLimits(l: z.output<typeof LimitsInput>): LimitsConfig {
  const rule = (r: RuleIn): LimitRule | undefined =>
    r === undefined
      ? undefined
      : typeof r === "number"
      ? { max: r, mode: l.mode }
      : { max: r.max, mode: r.mode ?? l.mode };
  const short = (r: ShortIn): ShortRule =>
    typeof r === "boolean" ? { allow: r, mode: l.mode } : { allow: r.allow, mode: r.mode ?? l.mode };
  const symbol = (s: z.output<typeof symbolLimits>): SymbolLimits => {
    const out: { -readonly [K in keyof SymbolLimits]: SymbolLimits[K] } = {};
    if (s.maxQty !== undefined) out.maxQty = rule(s.maxQty)!;
    if (s.maxNotional !== undefined) out.maxNotional = rule(s.maxNotional)!;
    if (s.maxPercentEquity !== undefined) out.maxPercentEquity = rule(s.maxPercentEquity)!;
    if (s.allowShort !== undefined) out.allowShort = short(s.allowShort);
    return out;
  };
  const a = l.account;
  const minCash = a.kind === "cash" ? a.minCash : a.maxBorrow === undefined ? -Infinity : -a.maxBorrow;
  const out: { -readonly [K in keyof LimitsConfig]: LimitsConfig[K] } = {
    mode: l.mode,
    perSymbol: symbol(l.perSymbol),
    symbols: Object.fromEntries(Object.entries(l.symbols).map(([k, v]) => [k, symbol(v)])),
    allowShort: short(l.allowShort),
    account: { kind: a.kind, minCash, mode: a.mode ?? l.mode },
  };
  for (const k of ["maxPositions", "grossExposure", "netExposure", "longExposure", "shortExposure"] as const) {
    const r = rule(l[k]);
    if (r !== undefined) out[k] = r;
  }
  return out;
}

/**
 * Schema of `risk.limits`; its output resolves every rule to `{ max, mode }`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LimitsSchema } from "./config.ts";
 * const l = LimitsSchema.parse({ mode: "clip", grossExposure: 1.5, netExposure: { max: 1, mode: "deny" } });
 * assert.ok(l.grossExposure?.mode === "clip" && l.netExposure?.mode === "deny");
 * assert.ok(l.account.kind === "cash" && l.account.minCash === 0); // the default account
 * ```
 */
export const LimitsSchema: z.ZodType<LimitsConfig, z.input<typeof LimitsInput>> = LimitsInput.transform(resolveLimits);

// ---------------------------------------------------------------- breakers

/** The daily loss limit: an absolute `amount` or a `percent` of start-of-day equity. */
const DailyLossLimitSchema = z.strictObject({
  /** Largest loss allowed in one trading day, in account currency. */
  amount: positive().optional(),
  /** Largest loss allowed in one trading day, as a fraction of start-of-day equity, in (0, 1]. */
  percent: fraction().optional(),
  /**
   * IANA time zone of the trading day's boundary. Default (at use): the data
   * calendar's time zone when the run has one, else UTC.
   */
  timeZone: TimeZoneSchema.unwrap().optional(),
  /**
   * Local time (HH:MM, 24 h) at which a trading day starts. Default (at use):
   * the calendar's open for an overnight calendar, else 00:00.
   */
  sessionStart: SessionStartSchema.unwrap().optional(),
  /** Also close every open position when it trips. Default false. */
  flatten: z.boolean().default(false),
}).superRefine((d, ctx) => {
  if ((d.amount === undefined) === (d.percent === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: [d.amount === undefined ? "percent" : "amount"],
      message: "expected exactly one of amount or percent",
      input: d.amount ?? d.percent,
    });
  }
});

/** The maximum drawdown stop: halts entries for the rest of the run once equity falls `percent` below its peak. */
const MaxDrawdownStopSchema = z.strictObject({
  /** Drawdown from peak equity that trips it, in (0, 1]. */
  percent: fraction(),
  /** Also close every open position when it trips. Default false. */
  flatten: z.boolean().default(false),
});

/**
 * Schema of `risk.breakers`: `dailyLossLimit` (`amount` or `percent`,
 * `timeZone`, `sessionStart`, `flatten`) and `maxDrawdownStop` (`percent`,
 * `flatten`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BreakersSchema } from "./config.ts";
 * const b = BreakersSchema.parse({ dailyLossLimit: { percent: 0.02 } });
 * // left unset, the trading day follows the data calendar, or the UTC day without one
 * const d = b.dailyLossLimit!;
 * assert.ok(d.percent === 0.02 && d.timeZone === undefined && d.sessionStart === undefined);
 * assert.ok(!BreakersSchema.safeParse({ dailyLossLimit: { amount: 500, percent: 0.02 } }).success);
 * ```
 */
export const BreakersSchema = z.strictObject({
  dailyLossLimit: DailyLossLimitSchema.optional(),
  maxDrawdownStop: MaxDrawdownStopSchema.optional(),
});

/** The `breakers` section after validation. */
export type BreakersConfig = z.output<typeof BreakersSchema>;

// ---------------------------------------------------------------- cooldown

/**
 * Schema of `risk.cooldown`: after an exit, deny new entries in that symbol
 * for `bars` bars or a `duration`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CooldownSchema } from "./config.ts";
 * assert.ok(CooldownSchema.parse({ duration: "2d" }).after === "anyExit");
 * assert.ok(!CooldownSchema.safeParse({ bars: 3, duration: "2d" }).success);
 * ```
 */
export const CooldownSchema = z.strictObject({
  /** Bars of that symbol, counting the bar whose open filled the exit. */
  bars: z.number().int().min(1).optional(),
  /** Time after the exit fill, e.g. `3d` or `90m`; an entry decided before it has passed is denied. */
  duration: DurationString.optional(),
  /** After every exit, or only after a losing one (net P&L < 0). Default `anyExit`. */
  after: z.enum(["anyExit", "losingExit"]).default("anyExit"),
}).superRefine((c, ctx) => {
  if ((c.bars === undefined) === (c.duration === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: [c.bars === undefined ? "duration" : "bars"],
      message: "expected exactly one of bars or duration",
      input: c.bars ?? c.duration,
    });
  }
});

/** The `cooldown` section after validation. */
export type CooldownConfig = z.output<typeof CooldownSchema>;

// ---------------------------------------------------------------- risk

/**
 * Schema of the `risk` section.
 *
 * @example The one-line section of older configs still validates
 * ```ts
 * import assert from "node:assert/strict";
 * import { RiskConfigSchema } from "./config.ts";
 * const r = RiskConfigSchema.parse({ sizing: { kind: "fixedQty", qty: 100 } });
 * assert.ok(r.sizing.kind === "fixedQty" && r.cooldown === undefined);
 * ```
 */
export const RiskConfigSchema = z.strictObject({
  /** How a `buy()` / `sell()` without a quantity is sized. */
  sizing: SizingSchema,
  /** Limits every order that adds risk must fit. */
  limits: LimitsSchema.prefault({}),
  /** Circuit breakers on equity. */
  breakers: BreakersSchema.prefault({}),
  /** No re-entry in a symbol for a while after an exit. */
  cooldown: CooldownSchema.optional(),
}).superRefine((r, ctx) => {
  // a per-symbol maxQty in deny mode below the smallest sized order denies every sized entry
  const s = r.sizing;
  const smallest = s.kind === "fixedQty" ? s.qty : s.minQty;
  const what = s.kind === "fixedQty" ? "sizing.qty" : "sizing.minQty";
  const check = (rule: LimitRule | undefined, path: string[]) => {
    if (rule?.mode === "deny" && smallest > rule.max) {
      ctx.addIssue({
        code: "custom",
        path,
        message: `expected at least the smallest sized order (${what} = ${smallest}), or mode "clip"`,
        input: rule.max,
      });
    }
  };
  check(r.limits.perSymbol.maxQty, ["limits", "perSymbol", "maxQty"]);
  for (const [name, l] of Object.entries(r.limits.symbols)) check(l.maxQty, ["limits", "symbols", name, "maxQty"]);
});

/** The `risk` section as written in a config. */
export type RiskConfigInput = z.input<typeof RiskConfigSchema>;
/** The `risk` section after validation. */
export type RiskConfig = z.output<typeof RiskConfigSchema>;
