/**
 * The risk gate: every intent a strategy emits, and every closing order a
 * breaker submits, passes through {@linkcode RiskGate.evaluate} before
 * anything reaches the fill simulator. It sizes the intent, then accepts it
 * (possibly resized) or denies it; a denial is a value with the rule and a
 * reason, never an exception.
 *
 * **Inputs.** The reference price is the close of the signal bar, and the
 * equity is the mark-to-market equity at that close (cash plus every
 * position at its latest close). Exposure counts orders in flight: a
 * symbol's exposure is its filled position plus its accepted, unfilled
 * orders.
 *
 * **Order of checks.**
 *
 * 1. Size: `buy()` / `sell()` without a quantity use the sizing method
 *    (rules `atr-warmup`, `sizing`); `target(q)` and `close()` become the
 *    difference from the current exposure. A quantity that is not a finite
 *    number of at most `MAX_QTY` (1e18, engine/result.ts) is denied by
 *    `non-finite`.
 * 2. Split the order into a part that reduces the exposure toward zero and a
 *    part that opens or adds to it. An order with no opening part is
 *    risk-reducing and always accepted, whatever the breakers, cooldown and
 *    limits say.
 * 3. Breakers (`max-drawdown`, `daily-loss`) and the `cooldown` block the
 *    opening part: a reversal is cut to its reducing part (a resize), any
 *    other order is denied.
 * 4. Limits (see `limits.ts`) deny the order or clip its opening part.
 * 5. With instruments (engine/instruments/guard.ts), the opening guard
 *    (`lot-size`, `margin`, `margin-call`) cuts or denies what the limits let
 *    through, by the same rules.
 *
 * @module
 */
import type { CalendarSpec } from "../data/calendar.ts";
import type { IndicatorCache } from "../indicators/cache.ts";
import { type BreakerEvent, type FlattenOrder, MAX_QTY } from "../result.ts";
import type { IntentKind } from "../strategy/types.ts";
import { type Breakers, createBreakers } from "./breakers.ts";
import type { RiskConfig } from "./config.ts";
import { type Cooldown, createCooldown } from "./cooldown.ts";
import { type Book, createLimits, type LimitVerdict, type Opening } from "./limits.ts";
import type { RiskRule } from "./rules.ts";
import { createSizer, type Sizer } from "./sizing.ts";

/** An intent as the gate sees it. */
export interface Intent {
  readonly kind: IntentKind;
  /** Unsigned quantity for buy/sell (NaN: let sizing choose); signed target for `target`. */
  readonly qty: number;
}

/** The state an intent is judged against, at the signal bar's close. */
export interface RiskState extends Book {
  /** Symbol id of the intent. */
  readonly symbol: number;
  /** The signal bar's index within its symbol's bars. */
  readonly index: number;
  /** The signal bar's start time, epoch ms. */
  readonly tsMs: number;
  /** The signal bar's close time, when the decision is made: `tsMs + interval`. */
  readonly closeMs: number;
  /** Close of the signal bar: the reference price (with instruments, valued: × multiplier × FX rate). */
  readonly refPrice: number;
  /** Mark-to-market equity at the signal bar's close. */
  readonly equity: number;
  /** Cash at the signal bar's close. */
  readonly cash: number;
}

/**
 * What the gate decided. The gate reuses one decision object: read it before
 * the next call.
 */
export interface Decision {
  /** True when an order may go to the simulator (`qty` 0: nothing to do). */
  readonly accepted: boolean;
  /** The order to submit, signed (positive buys). */
  readonly qty: number;
  /** The order as sized and asked for, before any cut; NaN when it could not be sized. */
  readonly requestedQty: number;
  /** The denying rule; for an accepted order, the rule that resized it (`""` when none). */
  readonly rule: RiskRule | "";
  /** Why it was denied (empty when accepted). */
  readonly detail: string;
  /** True when the order only reduces exposure (allowed while breakers are tripped). */
  readonly reducing: boolean;
  /**
   * Currency per unit the order puts at risk when it opens a position: `atrMultiple × ATR` at the signal bar when
   * `atrVolatility` sizing chose its quantity, else NaN (unknown). The fill simulator carries it to the fills, and
   * the portfolio sums it into the trade's `initialRisk` (docs/execution.md).
   */
  readonly riskPerUnit: number;
}

/** Options of {@linkcode createRiskGate}. */
export interface RiskGateOptions {
  /** Symbol names of the run, by id. */
  readonly symbols: readonly string[];
  /** The run's indicator cache: `atrVolatility` sizing reads its ATR. */
  readonly cache?: Pick<IndicatorCache, "series">;
  /** Fee of a fill of `signedQty` at `price`, for the cash check. Default: none. */
  readonly fee?: (signedQty: number, price: number) => number;
  /** The data's session calendar: the daily loss limit's trading day follows it (see `breakers.ts`). */
  readonly calendar?: CalendarSpec | undefined;
  /**
   * Base currency per price point per unit of each symbol, live (the instruments' `pointValue`): ATR sizing and
   * `riskPerUnit` are scaled by it. The caller then passes prices already valued (`refPrice`, `marks`). Default: 1.
   */
  readonly pointValue?: Float64Array;
  /** Rules of the instruments on the opening part, after the limits (engine/instruments/guard.ts). */
  readonly guard?: OpeningGuard;
}

/** A rule on an order's opening part beyond the limits: the instruments' lot size, margin and margin call. */
export interface OpeningGuard {
  /** Cut or deny the opening part `o` that the limits let through as `out.qty`, writing `out` as the limits do. */
  check(o: Readonly<Opening>, book: Book, out: LimitVerdict): void;
}

/** The gate every order passes, and the risk state it keeps between orders. */
export interface RiskGate {
  /** Size and judge one intent. */
  evaluate(intent: Intent, state: RiskState): Decision;
  /**
   * After equity is marked at the close of the bars starting at `tsMs`: the
   * trading day and the breakers. Call it when the mark leaves the
   * {@linkcode RiskGate.watch} bounds (calling it on every mark is correct
   * too); `previousEquity` is the equity of the mark before (NaN for the
   * first). Returns true when a breaker tripped now and asks for every
   * position to be closed.
   */
  onMark(tsMs: number, equity: number, previousEquity: number): boolean;
  /**
   * `[lowEquity, highEquity, nextMs]`: a mark with `lowEquity < equity ≤
   * highEquity` and `tsMs < nextMs` cannot change the risk state, so the
   * loop skips {@linkcode RiskGate.onMark} with three inline comparisons.
   */
  readonly watch: Float64Array;
  /** A fill at bar `index` of symbol `s` (time `tsMs`) closed a round trip with net P&L `pnl`. */
  onExit(s: number, index: number, tsMs: number, pnl: number): void;
  /** Attach a closing order submitted for a flatten to the latest breaker event. */
  noteFlatten(order: FlattenOrder): void;
  /** Record a risk event raised outside the gate (an instruments margin call), in time order with the trips. */
  noteEvent(event: BreakerEvent): void;
  /** Breaker trips so far, in time order. */
  readonly events: readonly BreakerEvent[];
  /** The breakers' state (day, peak, flags). */
  readonly breakers: Breakers;
}

/**
 * Build the gate of a validated `risk` config.
 *
 * @example Fixed size, then a per-symbol cap in clip mode
 * ```ts
 * import assert from "node:assert/strict";
 * import { RiskConfigSchema } from "./config.ts";
 * import { createRiskGate } from "./gate.ts";
 * const gate = createRiskGate(
 *   RiskConfigSchema.parse({ sizing: { kind: "fixedQty", qty: 10 }, limits: { perSymbol: { maxQty: { max: 15, mode: "clip" } } } }),
 *   { symbols: ["A"] },
 * );
 * const state = {
 *   symbol: 0, index: 0, tsMs: 0, closeMs: 60_000, refPrice: 5, equity: 1000, cash: 1000,
 *   positions: new Float64Array([0]), pending: new Float64Array([0]), marks: new Float64Array([5]),
 * };
 * assert.ok(gate.evaluate({ kind: "buy", qty: NaN }, state).qty === 10);
 * state.pending[0] = 10; // that order is in flight
 * const d = gate.evaluate({ kind: "buy", qty: NaN }, state);
 * assert.ok(d.accepted && d.qty === 5 && d.rule === "symbol-max-qty");
 * ```
 */
export function createRiskGate(config: RiskConfig, opts: RiskGateOptions): RiskGate {
  const k = opts.symbols.length;
  const sizer: Sizer = createSizer(config.sizing, opts.cache, opts.pointValue);
  const guard = opts.guard;
  const limits = createLimits(config.limits, {
    symbols: opts.symbols,
    lotSize: config.sizing.lotSize,
    minQty: config.sizing.minQty,
    ...(opts.fee ? { fee: opts.fee } : {}),
  });
  const breakers = createBreakers(config.breakers, { calendar: opts.calendar });
  const hasBreakers = config.breakers.dailyLossLimit !== undefined || config.breakers.maxDrawdownStop !== undefined;
  const cooldown: Cooldown | undefined = config.cooldown ? createCooldown(config.cooldown, k) : undefined;

  const d: { -readonly [K in keyof Decision]: Decision[K] } = {
    accepted: false,
    qty: 0,
    requestedQty: 0,
    rule: "",
    detail: "",
    reducing: false,
    riskPerUnit: NaN,
  };
  const opening: Opening = { symbol: 0, dir: 1, base: 0, reducing: 0, qty: 0, price: 0, equity: 0, cash: 0 };
  const verdict: LimitVerdict = { qty: 0, rule: "", denied: false, clipped: false, detail: "" };

  const decide = (accepted: boolean, qty: number, rule: RiskRule | "", detail: string, reducing: boolean) => {
    d.accepted = accepted;
    d.qty = qty;
    d.rule = rule;
    d.detail = detail;
    d.reducing = reducing;
    return d;
  };

  return {
    breakers,
    events: breakers.events,
    evaluate(intent, st) {
      const s = st.symbol;
      const e = st.positions[s]! + st.pending[s]!;
      let q: number;
      d.riskPerUnit = NaN;
      switch (intent.kind) {
        case "buy":
        case "sell": {
          let u = intent.qty;
          if (u !== u) {
            u = sizer.size(s, st.index, st.refPrice, st.equity);
            if (!(u > 0)) {
              d.requestedQty = NaN;
              return decide(
                false,
                0,
                u !== u ? "atr-warmup" : "sizing",
                sizer.explain(s, st.index, st.refPrice, st.equity),
                false,
              );
            }
            d.riskPerUnit = sizer.riskPerUnit(s, st.index);
          }
          q = intent.kind === "buy" ? u : -u;
          break;
        }
        case "target":
          q = intent.qty - e;
          break;
        case "close":
          q = -e;
          break;
      }
      d.requestedQty = q;
      if (q === 0) return decide(true, 0, "", "", true);
      // a quantity computed beyond the engine's range (a weight on a tiny price, an overflow) is no order
      if (!(Math.abs(q) <= MAX_QTY)) {
        return decide(
          false,
          0,
          "non-finite",
          `quantity ${q} is not a finite number of at most ${MAX_QTY.toExponential()}`,
          false,
        );
      }
      // the part of q that takes the exposure toward zero, and the part that opens beyond it
      const r = e !== 0 && (q > 0) !== (e > 0) ? (Math.abs(q) <= Math.abs(e) ? q : -e) : 0;
      const o = q - r;
      if (o === 0) return decide(true, q, "", "", true);

      const block: RiskRule | "" = breakers.halted
        ? "max-drawdown"
        : breakers.dayTripped
        ? "daily-loss"
        : cooldown !== undefined && cooldown.blocks(s, st.index, st.closeMs)
        ? "cooldown"
        : "";
      if (block !== "") {
        if (r !== 0) return decide(true, r, block, "", true);
        const why = block === "cooldown" ? cooldown!.explain(s, st.index, st.closeMs) : breakers.explain();
        return decide(false, 0, block, why, false);
      }

      opening.symbol = s;
      opening.dir = o > 0 ? 1 : -1;
      opening.base = Math.abs(e + r);
      opening.reducing = r;
      opening.qty = Math.abs(o);
      opening.price = st.refPrice;
      opening.equity = st.equity;
      opening.cash = st.cash;
      limits.check(opening, st, verdict);
      if (guard !== undefined && !verdict.denied) guard.check(opening, st, verdict);
      if (verdict.denied) {
        // a clip that leaves nothing still lets the reducing part through
        if (verdict.clipped && r !== 0) return decide(true, r, verdict.rule, "", true);
        return decide(false, 0, verdict.rule, verdict.detail, false);
      }
      return decide(true, r + opening.dir * verdict.qty, verdict.rule, "", false);
    },
    watch: hasBreakers ? breakers.watch : Float64Array.of(-Infinity, Infinity, Infinity),
    onMark(tsMs, equity, previousEquity) {
      return hasBreakers && breakers.onMark(tsMs, equity, previousEquity);
    },
    onExit(s, index, tsMs, pnl) {
      cooldown?.onExit(s, index, tsMs, pnl);
    },
    noteFlatten(order) {
      const last = breakers.events[breakers.events.length - 1];
      if (last) (last.flattened as FlattenOrder[]).push(order);
    },
    noteEvent(event) {
      (breakers.events as BreakerEvent[]).push(event);
    },
  };
}
