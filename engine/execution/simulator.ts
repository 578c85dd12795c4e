/**
 * The fill simulator: holds accepted orders until they can trade, then fills
 * them through the execution models (fill rules, participation cap,
 * slippage, commission) and settles short borrow costs.
 *
 * **Timing rule.** A signal forms at the close of bar t, known at
 * `closeMs[t]` (`engine/data/bar_frame.ts`). The order arrives at the market
 * at that close time plus its latency draw, and can fill only at prices
 * observed at or after its arrival: with bar data, from the first bar of its
 * symbol whose start time is at or after the arrival. A market order fills at
 * that bar's open; limit and stop orders by the intrabar rules of the fill
 * model, in that bar or a later one. Every fill is stamped with the start
 * time of the bar it happens in, so no fill is ever stamped before its
 * order's arrival.
 *
 * With no latency this is the next-bar-open rule. A latency no longer than
 * the gap between the signal bar's close and the next bar's start also fills
 * at the next bar's open. Daily bars are sessions (`engine/data/sessions.ts`):
 * a session's close comes before the next session's open (17.5 h earlier on
 * `XNYS` overnight, 8 h without a calendar, more over weekends and holidays),
 * so an order with a shorter latency fills at the next open on every weekday
 * alike. Intraday gaps work the same way (overnight, or bars whose
 * `data.interval` is shorter than their spacing). Where bars are back to
 * back, the next bar starts exactly at the close, so its open is observed
 * before any delayed order arrives: with latency the order trades from the
 * first bar that starts at or after its arrival (the bar after next, for a
 * latency of up to one bar).
 *
 * **Orders.** Per symbol, orders are worked in submission order, then bracket
 * exits. Quantities are not rounded to lots.
 *
 * - **Participation.** With `participation.maxVolumeFraction`, a symbol's
 *   fills in one bar add up to at most that fraction of the bar's volume;
 *   each part is a fill record and the rest waits for later bars, while the
 *   order's time in force lasts.
 * - **Time in force** (`gtc`, `day`, `{ bars: n }`) ends with whatever is
 *   unfilled cancelled and reported; `day` ends after the last bar of the UTC
 *   day of the first bar the order could trade in.
 * - **Cancel** is a message like an order: it takes effect at its own
 *   arrival (request time plus a latency draw on the cancel lane), so an
 *   order can still fill in a bar that starts before then. `pendingQty` drops
 *   the order at once.
 * - **Brackets.** The first fill of an entry with `stopLoss`/`takeProfit`
 *   creates its exit, for the quantity filled so far (later partial fills
 *   add to it). The exit is active in the same bar when the entry filled at
 *   the open, else from the next bar. It is reduce-only (it never fills
 *   beyond the position) and is cancelled once the position is closed and
 *   the entry is done. It is not part of `pendingQty`.
 * - **Reduce-only.** A strategy's `close()` never fills beyond the position
 *   it closes; once the position is flat it is cancelled.
 * - **Short sales** fill exactly like buys, mirrored.
 *
 * **Cash at the fill.** The risk gate checks a buy's cash at its signal
 * bar's close; a gap to the fill price can make it cost more. With a
 * {@linkcode CashAtFill} (the backtest passes the account of
 * `risk.limits.account`; a margin account without `maxBorrow` has no floor
 * and is not checked), every buy is checked again when it fills: its cost at
 * the fill price, fee included (a fee minimum, slippage), may not take the
 * account's cash below the floor (`minCash`, or `−maxBorrow`). The part of a
 * buy that covers a short always fills, in either mode (risk-reducing, as at
 * the gate; the buy is then cut to it, a resize); sales, `close()` and
 * bracket exits are not checked. A buy that does not fit is, in the
 * account's `mode`, `deny`: cancelled, reported to {@linkcode FillSink.refuse}
 * (a denial by `cash-at-fill`); or `clip`: filled in the whole lots of
 * `risk.sizing.lotSize` that fit (a resize by `cash-at-fill`), its rest
 * cancelled, or cancelled as under `deny` when no lot fits. Either way it
 * appears in `unfilled` with a reason starting `cash-at-fill:`.
 *
 * The check reads the account's cash as it is at that fill, and every fill
 * moves cash at once. Within one bar time, symbols are worked in symbol id
 * order and a symbol's orders in submission order, then its exits; a buy
 * that the cash of its turn cannot pay for waits until every other order of
 * that time was worked (sales free cash first), then is checked again
 * ({@linkcode FillSimulator.onStepEnd}, which the caller runs once per bar
 * time). Buys that waited go in the order they began to wait; each keeps the
 * price, fee and share of the bar's volume of its turn (the orders after it
 * see the volume as if it had filled) and its time in force counts the bar
 * as usual; a bracket exit it creates is worked in the same bar. A sale at a
 * later bar time, or an order still in flight, does not count.
 *
 * **Numbers.** A fill whose price is not > 0 or whose cost or fee is not a
 * finite number (a model gone wrong) never happens: the order is cancelled
 * and reported to {@linkcode FillSink.refuse} by `non-finite`.
 *
 * @module
 */
import type { BarFrame } from "../data/bar_frame.ts";
import type { IndicatorCache } from "../indicators/cache.ts";
import { hashString32 } from "../random.ts";
import type { FillOrderType, FillReason, UnfilledOrder } from "../result.ts";
import { type BorrowModel, borrowModel } from "./borrow.ts";
import { type CommissionModel, commissionModel } from "./commission.ts";
import type { ExecutionConfig } from "./config.ts";
import { type FillModel, fillModel, LEG_TARGET, newFillQuery, REASON_INTRABAR, REASON_NAMES } from "./fill_model.ts";
import { LANE_CANCEL, LANE_EXIT_CANCEL, LANE_ORDER, type LatencyModel, latencyModel } from "./latency.ts";
import {
  ORDER_EXIT,
  ORDER_LIMIT,
  ORDER_MARKET,
  ORDER_STOP_LIMIT,
  ORDER_TYPE_NAMES,
  type OrderSpecColumns,
  TIF_BARS,
  TIF_DAY,
  TIF_GTC,
} from "./order.ts";
import { requireVolume, type SlippageInput, type SlippageModel, slippageModel } from "./slippage.ts";
import { roundToTick } from "../instruments/tick.ts";

/**
 * One model per concern, as the simulator uses them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { ExecutionConfigSchema } from "./config.ts";
 * import { type ExecutionModels, executionModels } from "./simulator.ts";
 * const frame = frameFromRows([{ symbol: "A", tsMs: 0, open: 1, high: 1, low: 1, close: 1 }], 60_000);
 * const m: ExecutionModels = executionModels(ExecutionConfigSchema.parse({}), { frame, seed: 1 });
 * assert.ok(m.maxVolumeFraction === Infinity && !m.borrow.active);
 * ```
 */
export interface ExecutionModels {
  readonly fill: FillModel;
  readonly latency: LatencyModel;
  readonly slippage: SlippageModel;
  readonly commission: CommissionModel;
  readonly borrow: BorrowModel;
  /** Cap on a symbol's fills per bar as a fraction of the bar's volume; Infinity for none. */
  readonly maxVolumeFraction: number;
  /** Capped parts are whole multiples of this. */
  readonly lotSize: number;
}

/**
 * Build the models of an `execution` config for a run over `frame`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { ExecutionConfigSchema } from "./config.ts";
 * import { executionModels } from "./simulator.ts";
 * const frame = frameFromRows([{ symbol: "A", tsMs: 0, open: 1, high: 1, low: 1, close: 1, volume: 10 }], 60_000);
 * const m = executionModels(ExecutionConfigSchema.parse({ participation: { maxVolumeFraction: 0.1 } }), { frame, seed: 1 });
 * assert.ok(m.maxVolumeFraction === 0.1 && m.latency.zero);
 * ```
 *
 * @throws {ConfigError} when a volume-based model meets bars without volume.
 */
export function executionModels(
  c: ExecutionConfig,
  ctx: { readonly frame: BarFrame; readonly seed: number; readonly cache?: IndicatorCache },
): ExecutionModels {
  if (c.participation) requireVolume(ctx.frame, "execution.participation");
  return {
    fill: fillModel(c.fill),
    latency: latencyModel(c.latency, ctx.seed),
    slippage: slippageModel(c.slippage, ctx.cache ? { frame: ctx.frame, cache: ctx.cache } : { frame: ctx.frame }),
    commission: commissionModel(c.commission),
    borrow: borrowModel(c.borrow),
    maxVolumeFraction: c.participation?.maxVolumeFraction ?? Infinity,
    lotSize: c.participation?.lotSize ?? 1,
  };
}

/**
 * How a fill came about; passed to {@linkcode FillSink.fill}, valid only during the call.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { FillDetail } from "./simulator.ts";
 * const d: FillDetail = { orderType: "limit", reason: "intrabar", liquidity: "maker", slippage: 0, riskPerUnit: NaN };
 * assert.ok(d.liquidity === "maker");
 * ```
 */
export interface FillDetail {
  orderType: FillOrderType;
  reason: FillReason;
  liquidity: "maker" | "taker";
  /** Adverse price move from the reference price, per unit (≥ 0). */
  slippage: number;
  /**
   * Currency per unit the fill puts at risk where it opens or adds to a position: `|price − stopLoss|` for an entry
   * with a bracket stop-loss, else the order's `riskPerUnit` as submitted (ATR sizing); NaN when unknown, and for
   * bracket exits and `closeAtEnd`. The portfolio sums it into the trade's `initialRisk` (docs/execution.md).
   */
  riskPerUnit: number;
}

/**
 * The detail of a market order filled at the open with no slippage.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MARKET_AT_OPEN } from "./simulator.ts";
 * assert.ok(MARKET_AT_OPEN.reason === "open" && Object.isFrozen(MARKET_AT_OPEN));
 * ```
 */
export const MARKET_AT_OPEN: Readonly<FillDetail> = Object.freeze({
  orderType: "market",
  reason: "open",
  liquidity: "taker",
  slippage: 0,
  riskPerUnit: NaN,
});

/**
 * The detail of `execution.closeAtEnd`'s fills at the last close.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CLOSE_AT_END } from "./simulator.ts";
 * assert.ok(CLOSE_AT_END.reason === "closeAtEnd");
 * ```
 */
export const CLOSE_AT_END: Readonly<FillDetail> = Object.freeze({
  orderType: "market",
  reason: "closeAtEnd",
  liquidity: "taker",
  slippage: 0,
  riskPerUnit: NaN,
});

/**
 * The rules a fill can be refused or cut by, as they appear in denials and
 * resizes (`result.json`, `denials.csv`), beside the risk gate's rules.
 *
 * | rule           | what it checks at the fill                                                        |
 * | -------------- | --------------------------------------------------------------------------------- |
 * | `cash-at-fill` | a buy's cost at its fill price, fee included, takes cash below the account's floor |
 * | `non-finite`   | the fill's price, cost or fee is not a finite number (price > 0)                    |
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FILL_RULES } from "./simulator.ts";
 * assert.ok(FILL_RULES.includes("cash-at-fill"));
 * ```
 */
export const FILL_RULES = ["cash-at-fill", "non-finite"] as const;

/** A fill rule's name. */
export type FillRule = typeof FILL_RULES[number];

/**
 * The cash check at the fill (see the module doc): the account whose cash
 * buys spend, the floor cash may not go below, and what to do with a buy that
 * does not fit.
 *
 * @example A cash account that cuts buys to the whole lots its cash pays for
 * ```ts
 * import assert from "node:assert/strict";
 * import type { CashAtFill } from "./simulator.ts";
 * const check: CashAtFill = { account: { cash: 1000 }, floor: 0, mode: "clip", lotSize: 1 };
 * assert.ok(check.floor === 0);
 * ```
 */
export interface CashAtFill {
  /** The account, read at every buy: its `cash` is live (the portfolio, which the sink's fills move). */
  readonly account: { readonly cash: number };
  /** Lowest cash a buy may leave: a cash account's `minCash`, a margin account's `−maxBorrow`; −Infinity: no check. */
  readonly floor: number;
  /** `deny`: cancel a buy that does not fit; `clip`: fill the whole lots that fit and cancel the rest. */
  readonly mode: "deny" | "clip";
  /** A cut buy is whole multiples of this (`risk.sizing.lotSize`). */
  readonly lotSize: number;
}

/**
 * What the run's instruments change in the simulator (engine/instruments,
 * docs/instruments.md): fees, the cash check and a fill's `riskPerUnit` see
 * the value `price × pointValue` in the base currency; limit and stop levels
 * are rounded to the tick at submission (never more aggressive than asked),
 * fill prices after slippage to the tick against the trader.
 *
 * @example A contract of 50 on a 0.25 grid
 * ```ts
 * import assert from "node:assert/strict";
 * import type { FillUnits } from "./simulator.ts";
 * const units: FillUnits = { pointValue: new Float64Array([50]), tick: new Float64Array([0.25]) };
 * assert.ok(units.pointValue[0]! * 4500 === 225_000);
 * ```
 */
export interface FillUnits {
  /** Base currency per price point per unit, per symbol, live (set by the run before each symbol's fills). */
  readonly pointValue: Float64Array;
  /** Tick size per symbol, 0 for none; undefined when no symbol has one. */
  readonly tick: Float64Array | undefined;
}

/**
 * Where fills and costs go: the engine applies them to the portfolio and records them.
 *
 * @example A sink that records fills
 * ```ts
 * import assert from "node:assert/strict";
 * import type { FillSink } from "./simulator.ts";
 * const fills: number[][] = [];
 * const sink: FillSink = { fill: (id, s, q, px, fee, t) => void fills.push([id, s, q, px, fee, t]), cost: () => {} };
 * sink.fill(0, 0, 5, 10, 0, 0, { orderType: "market", reason: "open", liquidity: "taker", slippage: 0, riskPerUnit: NaN });
 * assert.ok(fills.length === 1);
 * ```
 */
export interface FillSink {
  fill(
    orderId: number,
    s: number,
    signedQty: number,
    price: number,
    fee: number,
    tsMs: number,
    detail: Readonly<FillDetail>,
  ): void;
  /** A borrow cost of symbol `s`, paid at `tsMs`. */
  cost(s: number, amount: number, tsMs: number): void;
  /**
   * Order `orderId` of `s` was refused by `rule` at its fill in the bar starting at `tsMs` (`filledQty` 0), or cut
   * from `askedQty` to `filledQty` (signed quantities); either way the order has ended. Optional: a sink without it
   * still sees the order in {@linkcode FillSimulator.unfilled}.
   */
  refuse?(
    orderId: number,
    s: number,
    tsMs: number,
    rule: FillRule,
    askedQty: number,
    filledQty: number,
    detail: string,
  ): void;
}

/**
 * The portfolio columns the simulator reads: positions (reduce-only exits, borrow) and last closes (borrow).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { PositionView } from "./simulator.ts";
 * const p: PositionView = { qty: new Float64Array(2), mark: new Float64Array(2).fill(NaN) };
 * assert.ok(p.qty.length === 2);
 * ```
 */
export interface PositionView {
  readonly qty: Float64Array;
  readonly mark: Float64Array;
}

/**
 * Which working orders a cancel reaches.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { CancelScope } from "./simulator.ts";
 * const scope: CancelScope = "exits";
 * assert.ok(scope === "exits");
 * ```
 */
export type CancelScope = "all" | "entries" | "exits";

/**
 * What a strategy's context needs of the simulator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { ExecutionConfigSchema } from "./config.ts";
 * import { createFillSimulator, executionModels, type OrderDesk } from "./simulator.ts";
 * const frame = frameFromRows([{ symbol: "A", tsMs: 0, open: 1, high: 1, low: 1, close: 1 }], 60_000);
 * const sim = createFillSimulator(frame, executionModels(ExecutionConfigSchema.parse({}), { frame, seed: 1 }), {
 *   qty: new Float64Array(1),
 *   mark: new Float64Array(1),
 * });
 * sim.submit(0, 3, 60_000);
 * const desk: OrderDesk = sim;
 * assert.ok(desk.pendingQty[0] === 3);
 * assert.ok(desk.cancel(0, "all", 60_000) === 1);
 * assert.ok(sim.pendingQty.every((q) => q === 0));
 * ```
 */
export interface OrderDesk {
  /** Net signed quantity of working entry orders per symbol (no bracket exits, no orders being cancelled). */
  readonly pendingQty: Float64Array;
  /**
   * The symbols with an order counted in `pendingQty` (each one whose `pendingQty` is not 0, and those whose
   * orders' fills have brought it back to 0), ascending in the first `size` slots.
   */
  readonly pendingSymbols: { readonly symbols: Int32Array; readonly size: number };
  /** Request a cancel of `s`'s working orders at `requestMs`; returns how many it reaches. */
  cancel(s: number, scope: CancelScope, requestMs: number): number;
}

/**
 * Orders in flight, per symbol.
 *
 * @example Orders that do not fill are reported
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { ExecutionConfigSchema } from "./config.ts";
 * import { createFillSimulator, executionModels, type FillSimulator } from "./simulator.ts";
 * const frame = frameFromRows([{ symbol: "A", tsMs: 0, open: 1, high: 1, low: 1, close: 1 }], 60_000);
 * const sim: FillSimulator = createFillSimulator(frame, executionModels(ExecutionConfigSchema.parse({}), { frame, seed: 1 }), {
 *   qty: new Float64Array(1),
 *   mark: new Float64Array(1),
 * });
 * sim.submit(0, 3, 60_000); // placed at the last bar's close: no bar left to fill it
 * assert.ok(sim.unfilled()[0]!.status === "working");
 * ```
 */
export interface FillSimulator extends OrderDesk {
  /**
   * Queue an accepted order placed at `createdMs` (its signal bar's close);
   * its spec is row `i` of `spec` (a market GTC order when omitted). It
   * arrives at `createdMs` plus its latency draw. `riskPerUnit` is what each
   * unit it opens puts at risk when it has no stop-loss (the risk gate's, from
   * ATR sizing; NaN: unknown), passed on in its fills' {@linkcode FillDetail}.
   * Returns its id.
   */
  submit(
    s: number,
    signedQty: number,
    createdMs: number,
    spec?: OrderSpecColumns,
    i?: number,
    riskPerUnit?: number,
  ): number;
  /** Work the orders of `s` at bar `row`: settle borrow, then fill what trades in that bar. */
  onBarOpen(s: number, row: number, sink: FillSink): void;
  /**
   * End a bar time, after {@linkcode onBarOpen} of every symbol with a bar at that time: fill the buys that waited
   * for cash (see the module doc). With a {@linkcode CashAtFill}, call it once per bar time; without, it does nothing.
   */
  onStepEnd(sink: FillSink): void;
  /** Orders that did not fill in full, by id: cancelled, expired, or still working when the data ended. */
  unfilled(): UnfilledOrder[];
  /**
   * True when bars can pass without {@linkcode onBarOpen} and {@linkcode onStepEnd} changing anything: no order is
   * working or waiting for cash, and no borrow is running (no short position, no borrow day to reset). The loop
   * steps sparsely only then (engine/backtest.ts).
   */
  quiet(): boolean;
  /**
   * Convert the working orders of `s` for a split of `ratio` shares after per share before, at the open of its
   * ex-date bar, before that bar's fills (engine/portfolio/corporate_actions.ts): every order's quantity, ordered and
   * filled, × `ratio` (exactly: quantities are never rounded to lots here); its limit, stop, stop-loss and
   * take-profit prices and its risk per unit ÷ `ratio`; bracket exits alike; `pendingQty` × `ratio`. What its fills
   * cost so far is unchanged. Returns how many orders it converted.
   */
  applySplit(s: number, ratio: number): number;
}

const DAY_MS = 86_400_000;
const CANCELLED = 2, EXPIRED = 3, FILLED = 1;
const END_NONE = 0, END_CANCELLED = 1, END_DAY = 2, END_BARS = 3, END_POSITION_CLOSED = 4, END_CASH = 5;
const END_NON_FINITE = 6;
/** `exit` of an entry whose bracket exit has ended while the entry still works: do not create another. */
const EXIT_GONE = -2;
/** A remainder this small relative to the order is float dust, not a quantity. */
const DUST = 1e-9;

/** The array types of order columns: Float64 for prices, quantities and times, Int32 for ids, codes and flags. */
type ColumnType = Float64ArrayConstructor | Int32ArrayConstructor;

/**
 * The order table: one column per field, indexed by slot, as `name: [array type, value in a fresh slot]`.
 * Allocation, growth and the reset of a reused slot all follow from this table (see {@linkcode OrderTable}).
 */
const ORDER_COLUMNS = {
  id: [Float64Array, 0], // order id: orders (bracket exits included) created before it in the run
  sym: [Int32Array, 0], // symbol id
  side: [Int32Array, 0], // +1 buy, -1 sell
  type: [Int32Array, ORDER_MARKET], // ORDER_* code; ORDER_EXIT for a bracket exit
  qty: [Float64Array, 0], // ordered, unsigned; an exit's grows with its entry's fills
  filled: [Float64Array, 0], // with notional and fee: what its next fill's commission depends on (OrderCosts)
  notional: [Float64Array, 0], // Σ qty × price of its fills
  fee: [Float64Array, 0], // Σ fee of its fills
  limit: [Float64Array, NaN], // limit price; an exit's take-profit
  stop: [Float64Array, NaN], // stop price; an exit's stop-loss
  triggered: [Int32Array, 0], // the fill model's stop-triggered flag, carried from bar to bar
  tif: [Int32Array, TIF_GTC], // TIF_* code
  barsLeft: [Int32Array, 0], // a TIF_BARS order's bars to go
  barsGiven: [Int32Array, 0], // a TIF_BARS order's bars as given, for its record
  day: [Float64Array, NaN], // UTC day of the first bar it could trade in (TIF_DAY); NaN until then
  createdMs: [Float64Array, 0], // placed: its signal bar's close
  arrivalMs: [Float64Array, 0], // at the market: createdMs plus its latency draw
  seq: [Float64Array, 0], // its number on its symbol's latency stream (an exit shares its entry's)
  cancelMs: [Float64Array, Infinity], // arrival of a cancel that reaches it
  exitCancelMs: [Float64Array, Infinity], // an entry's: arrival of a cancel that also reaches its exit to come
  counted: [Int32Array, 0], // 1 while its remainder counts in pendingQty
  reduceOnly: [Int32Array, 0],
  stopLoss: [Float64Array, NaN], // an entry's bracket levels
  takeProfit: [Float64Array, NaN],
  exit: [Int32Array, -1], // an entry's bracket exit slot; EXIT_GONE once that exit has ended
  parent: [Int32Array, -1], // an exit's entry slot; -1 once the entry is done
  parentDone: [Int32Array, 0], // an exit's: 1 once its entry is done
  risk: [Float64Array, NaN], // currency per unit it opens at risk without a stop-loss (ATR sizing); NaN: unknown
} as const satisfies Record<string, readonly [ColumnType, number]>;

type OrderColumn = keyof typeof ORDER_COLUMNS;
/** The order table's columns by name. */
type OrderColumns = { -readonly [C in OrderColumn]: InstanceType<(typeof ORDER_COLUMNS)[C][0]> };

/** The columns of one array type, in table order, and their fresh values. */
function columnsOf<T extends ColumnType>(type: T): { names: OrderColumn[]; fresh: InstanceType<T> } {
  const names = (Object.keys(ORDER_COLUMNS) as OrderColumn[]).filter((c) => ORDER_COLUMNS[c][0] === type);
  const fresh = new type(names.length) as InstanceType<T>;
  names.forEach((c, x) => fresh[x] = ORDER_COLUMNS[c][1]);
  return { names, fresh };
}
const F64_COLUMNS = columnsOf(Float64Array), I32_COLUMNS = columnsOf(Int32Array);

/**
 * Orders by slot, in the columns of {@linkcode ORDER_COLUMNS}. A slot is reused once its order is done, so the
 * columns stay as small as the most orders ever working at once. The columns of each array type are segments of
 * one buffer, so resetting a slot is one loop per type that stores into a single array.
 */
class OrderTable {
  /** The columns. Growth replaces every column in this object: read them through it, never keep one across an alloc. */
  readonly col: OrderColumns;
  #cap: number;
  #used = 0;
  readonly #free: number[] = [];
  #nextId = 0;
  #f64: Float64Array;
  #i32: Int32Array;

  constructor(cap = 16) {
    this.#cap = cap;
    this.#f64 = new Float64Array(F64_COLUMNS.names.length * cap);
    this.#i32 = new Int32Array(I32_COLUMNS.names.length * cap);
    // built from entries, the object keeps fast properties (built by assignment, 27 of them would make a dictionary)
    this.col = Object.fromEntries(this.#views()) as OrderColumns;
  }

  /** A slot for a new order: every column at its fresh value, `id` the next order id. */
  alloc(): number {
    let o: number;
    if (this.#free.length > 0) o = this.#free.pop()!;
    else {
      if (this.#used === this.#cap) this.#grow();
      o = this.#used++;
    }
    // one loop per buffer: each store sees one array type (one loop over mixed columns costs ~3× as much)
    const cap = this.#cap, f64 = this.#f64, i32 = this.#i32, f64Fresh = F64_COLUMNS.fresh, i32Fresh = I32_COLUMNS.fresh;
    for (let c = 0, x = o; c < f64Fresh.length; c++, x += cap) f64[x] = f64Fresh[c]!;
    for (let c = 0, x = o; c < i32Fresh.length; c++, x += cap) i32[x] = i32Fresh[c]!;
    this.col.id[o] = this.#nextId++;
    return o;
  }

  /** Give back the slot of a done order. */
  release(o: number): void {
    this.#free.push(o);
  }

  #grow(): void {
    const cap = this.#cap, f64 = this.#f64, i32 = this.#i32;
    this.#cap = cap * 2;
    this.#f64 = new Float64Array(f64.length * 2);
    this.#i32 = new Int32Array(i32.length * 2);
    for (let c = 0; c < F64_COLUMNS.names.length; c++) this.#f64.set(f64.subarray(c * cap, c * cap + cap), c * cap * 2);
    for (let c = 0; c < I32_COLUMNS.names.length; c++) this.#i32.set(i32.subarray(c * cap, c * cap + cap), c * cap * 2);
    const col = this.col as Record<OrderColumn, Float64Array | Int32Array>;
    for (const [name, column] of this.#views()) col[name] = column;
  }

  /** Each column as its segment of its type's buffer. */
  #views(): (readonly [OrderColumn, Float64Array | Int32Array])[] {
    const cap = this.#cap;
    return [
      ...F64_COLUMNS.names.map((c, x) => [c, this.#f64.subarray(x * cap, x * cap + cap)] as const),
      ...I32_COLUMNS.names.map((c, x) => [c, this.#i32.subarray(x * cap, x * cap + cap)] as const),
    ];
  }
}

/** `x` rounded down to whole multiples of `lot` (with a hair of tolerance for float error); never below 0. */
function wholeLots(x: number, lot: number): number {
  const k = Math.floor(x / lot + 1e-9);
  if (!(k > 0)) return 0;
  const q = k * lot;
  return Number.isInteger(lot) ? q : Number(q.toPrecision(12));
}

/** A number for a message: 6 significant digits. */
const num = (x: number) => String(Number(x.toPrecision(6)));

/** Slots of a symbol's working orders, in order: a growable Int32Array and its length. */
interface SlotList {
  ids: Int32Array;
  n: number;
}

const newSlotList = (): SlotList => ({ ids: new Int32Array(4), n: 0 });

function pushSlot(list: SlotList, o: number): void {
  if (list.n === list.ids.length) {
    const b = new Int32Array(list.n * 2);
    b.set(list.ids);
    list.ids = b;
  }
  list.ids[list.n++] = o;
}

/** Take slot `o` out of `list`, keeping the order of the rest. */
function dropSlot(list: SlotList, o: number): void {
  const x = list.ids.indexOf(o);
  list.ids.copyWithin(x, x + 1, list.n);
  list.n--;
}

/** A buy waiting for the end of its bar time (see `onStepEnd`): where it was to fill and the quote it had. */
interface Waiting {
  o: number;
  s: number;
  row: number;
  t: number;
  /** The quoted quantity, unsigned. */
  qty: number;
  /** The fill query's match: reference price, REASON_* code, maker flag. */
  price: number;
  reason: number;
  maker: number;
  /** The quote: fill price and fee. */
  px: number;
  fee: number;
}

/** The record of the order in slot `o`, which ended (or still works) at `endMs` for reason `why` (an END_* code). */
function unfilledOrder(
  col: OrderColumns,
  o: number,
  status: UnfilledOrder["status"],
  endMs: number,
  why: number,
  frame: BarFrame,
): UnfilledOrder {
  const type = col.type[o]!;
  return {
    orderId: col.id[o]!,
    tsMs: col.createdMs[o]!,
    symbol: frame.symbols[col.sym[o]!]!,
    side: col.side[o]! > 0 ? "buy" : "sell",
    type: type === ORDER_EXIT ? "bracketExit" : ORDER_TYPE_NAMES[type] as UnfilledOrder["type"],
    qty: col.qty[o]!,
    filledQty: col.filled[o]!,
    status,
    endTsMs: endMs,
    reason: endReason(col, o, why, frame),
  };
}

function endReason(col: OrderColumns, o: number, why: number, frame: BarFrame): string {
  switch (why) {
    case END_CANCELLED:
      return "cancelled by the strategy";
    case END_DAY:
      return "time in force day ended";
    case END_BARS:
      return `time in force of ${col.barsGiven[o]} bars ended`;
    case END_POSITION_CLOSED:
      return col.type[o] === ORDER_EXIT
        ? "the position it protected was closed"
        : "reduce-only: the position was already closed";
    case END_CASH:
      return col.filled[o]! > 0
        ? "cash-at-fill: the rest did not fit the account's cash at the fill"
        : "cash-at-fill: the account's cash could not pay for it at the fill price";
    case END_NON_FINITE:
      return "non-finite: its fill price, cost or fee was not a finite number";
    default:
      return col.arrivalMs[o]! > frame.tsMs[frame.segEnd[col.sym[o]!]! - 1]!
        ? "no bar at or after its arrival before the data ended"
        : "still working when the data ended";
  }
}

/**
 * A fill simulator over `frame` using `models`, reading positions and marks
 * from `positions` (the portfolio). With `cashAtFill`, buys are checked
 * against the account's cash at their fill (see the module doc).
 *
 * @example A market order placed at bar 0's close fills at bar 1's open
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { ExecutionConfigSchema } from "./config.ts";
 * import { createFillSimulator, executionModels } from "./simulator.ts";
 * const day = 86_400_000;
 * const frame = frameFromRows([
 *   { symbol: "A", tsMs: 0, open: 10, high: 10, low: 10, close: 10 },
 *   { symbol: "A", tsMs: day, open: 11, high: 11, low: 11, close: 11 },
 * ], day);
 * const models = executionModels(ExecutionConfigSchema.parse({}), { frame, seed: 0 });
 * const sim = createFillSimulator(frame, models, { qty: new Float64Array(1), mark: new Float64Array(1) });
 * sim.submit(0, 5, day); // placed at bar 0's close
 * const got: number[] = [];
 * sim.onBarOpen(0, 1, { fill: (_id, _s, q, px) => got.push(q, px), cost: () => {} });
 * assert.ok(got.join() === "5,11");
 * ```
 */
export function createFillSimulator(
  frame: BarFrame,
  models: ExecutionModels,
  positions: PositionView,
  cashAtFill?: CashAtFill,
  units?: FillUnits,
): FillSimulator {
  const k = frame.symbols.length;
  const { symbols, tsMs, open, volume, segEnd } = frame;
  const barClose = frame.closeMs;
  const { fill: fillModel, latency, slippage, commission, borrow, maxVolumeFraction, lotSize } = models;
  /** Written at every bar and never read: the write keeps the optimizer from dropping the read (see onBarOpen). */
  const lastOpen = new Float64Array(k);
  const capped = maxVolumeFraction < Infinity;
  const borrowActive = borrow.active;
  const position = positions.qty, mark = positions.mark;
  const streams = Uint32Array.from(symbols, hashString32);
  /** Orders submitted per symbol: the next one's number on the symbol's latency stream. */
  const seq = new Float64Array(k);
  const pendingQty = new Float64Array(k);
  /** Working orders per symbol, bracket exits included: a symbol with none skips `work`. */
  const working = new Int32Array(k);
  /** Working orders over all symbols. */
  let workingTotal = 0;
  // orders counted in pendingQty, per symbol: at 0, pendingQty is reset to exactly 0 (no float dust)
  const counted = new Int32Array(k);
  // the symbols whose count is above 0, ascending: the risk gate sums the orders in flight over these alone
  const pendingSymbols = { symbols: new Int32Array(k), size: 0 };
  /** Add `s` to pendingSymbols (its count went from 0 to 1). */
  function addPending(s: number): void {
    const list = pendingSymbols.symbols;
    let at = pendingSymbols.size++;
    for (; at > 0 && list[at - 1]! > s; at--) list[at] = list[at - 1]!;
    list[at] = s;
  }
  /** Take `s` out of pendingSymbols (its count went back to 0). */
  function dropPending(s: number): void {
    const list = pendingSymbols.symbols, n = pendingSymbols.size--;
    let at = 0;
    while (list[at] !== s) at++;
    for (; at + 1 < n; at++) list[at] = list[at + 1]!;
  }
  // slots of working orders per symbol, in submission order
  const entries: SlotList[] = Array.from({ length: k }, newSlotList);
  const exits: SlotList[] = Array.from({ length: k }, newSlotList);
  /** UTC day up to which a symbol's short position has paid borrow; NaN while it is not short. */
  const borrowDay = new Float64Array(k).fill(NaN);
  /** Orders that ended without filling in full, recorded when they end. */
  const ended: UnfilledOrder[] = [];
  const table = new OrderTable();
  const col = table.col;
  const cashCheck = cashAtFill !== undefined && cashAtFill.floor > -Infinity;
  const account = cashAtFill?.account ?? { cash: Infinity }, floor = cashAtFill?.floor ?? -Infinity;
  const clipToCash = cashAtFill?.mode === "clip", cashLot = cashAtFill?.lotSize ?? 1;
  const pointValue = units?.pointValue, tick = units?.tick;
  /** Buys of this bar time that waited for cash (see {@linkcode onStepEnd}): the first `nWaiting` are live. */
  const waiting: Waiting[] = [];
  let nWaiting = 0;
  /** Per symbol, while buys wait: the volume budget its orders left in the bar (a waiting buy's share excluded). */
  const budgetLeft = new Float64Array(k);

  /** A slot for a new working order of `s`, its other columns fresh. */
  function newOrder(s: number, side: number, qty: number, createdMs: number): number {
    const o = table.alloc();
    col.sym[o] = s;
    col.side[o] = side;
    col.qty[o] = qty;
    col.createdMs[o] = createdMs;
    col.arrivalMs[o] = createdMs;
    working[s]!++;
    workingTotal++;
    return o;
  }

  /** Take order `o`'s unfilled remainder out of `pendingQty`. */
  function uncount(o: number, s: number): void {
    col.counted[o] = 0;
    if (--counted[s]! === 0) {
      pendingQty[s] = 0;
      dropPending(s);
    } else pendingQty[s] = pendingQty[s]! - col.side[o]! * (col.qty[o]! - col.filled[o]!);
  }

  /** End order `o` (the caller drops it from its list); record it unless it filled in full; free its slot. */
  function finish(o: number, status: number, endMs: number, why: number): void {
    const s = col.sym[o]!;
    if (col.counted[o]) uncount(o, s);
    if (status !== FILLED) {
      ended.push(unfilledOrder(col, o, status === CANCELLED ? "cancelled" : "expired", endMs, why, frame));
    }
    const exit = col.exit[o]!, parent = col.parent[o]!;
    if (exit >= 0) {
      col.parentDone[exit] = 1;
      col.parent[exit] = -1;
    }
    if (parent >= 0) col.exit[parent] = EXIT_GONE;
    working[s]!--;
    workingTotal--;
    table.release(o);
  }

  // reused per fill: no allocation on the bar path
  const q = newFillQuery();
  q.bars = frame;
  const slipIn: SlippageInput = { s: 0, row: 0, price: 0, qty: 0, side: 1 };
  const prior = { qty: 0, notional: 0, fee: 0 };
  const detail: FillDetail = { orderType: "market", reason: "open", liquidity: "taker", slippage: 0, riskPerUnit: NaN };
  let budget = Infinity;
  /** The price and fee {@linkcode quote} found for the fill about to happen, and the price's value per unit (base currency). */
  let px = 0, fee = 0, pxv = 0;

  /** Price a fill of `qty` of order `o` in bar `row` into `px` and `fee`: `q`'s reference price plus slippage. */
  function quote(o: number, s: number, row: number, qty: number): void {
    const side = col.side[o]!, type = col.type[o]!;
    slipIn.s = s;
    slipIn.row = row;
    slipIn.price = q.price;
    slipIn.qty = qty;
    slipIn.side = side;
    px = q.price + side * slippage.slippage(slipIn);
    const limitPriced = type === ORDER_LIMIT || type === ORDER_STOP_LIMIT ||
      (type === ORDER_EXIT && q.leg === LEG_TARGET);
    if (limitPriced && (side > 0 ? px > col.limit[o]! : px < col.limit[o]!)) px = col.limit[o]!;
    if (tick !== undefined && tick[s]! > 0) px = roundToTick(px, tick[s]!, side); // against the trader
    pxv = pointValue === undefined ? px : px * pointValue[s]!;
    prior.qty = col.filled[o]!;
    prior.notional = col.notional[o]!;
    prior.fee = col.fee[o]!;
    fee = commission(qty, pxv, prior);
  }

  /** True when the quoted fill of `qty` is made of finite numbers (a price > 0): else it is refused by `non-finite`. */
  function finite(qty: number): boolean {
    const cost = qty * pxv + fee;
    return px > 0 && cost - cost === 0;
  }

  /** Tell the sink that order `o` was refused or cut by `rule`. */
  function refuse(
    o: number,
    s: number,
    t: number,
    rule: FillRule,
    asked: number,
    filled: number,
    detail: string,
    sink: FillSink,
  ): void {
    if (sink.refuse !== undefined) {
      sink.refuse(col.id[o]!, s, t, rule, col.side[o]! * asked, col.side[o]! * filled, detail);
    }
  }

  /** Refuse the quoted fill of `qty` of order `o` by `non-finite`, and end the order. */
  function refuseNonFinite(o: number, s: number, t: number, qty: number, sink: FillSink): void {
    refuse(o, s, t, "non-finite", qty, 0, `a fill of ${qty} would be priced at ${px} with a fee of ${fee}`, sink);
    finish(o, CANCELLED, t, END_NON_FINITE);
  }

  /** True when the account's cash pays for the quoted buy of `qty` now. */
  function fits(qty: number): boolean {
    const cash = account.cash;
    return qty * pxv + fee <= cash - floor + 1e-9 * Math.max(1, Math.abs(cash));
  }

  /**
   * How much of the quoted buy of `qty` (order `o`, bar `row`) the account's cash pays for now: `qty` when it fits;
   * else, under `clip`, the part that covers a short plus the whole lots that fit (re-quoted, so `px` and `fee` are
   * the fill's), the cut told to the sink; else 0, and the order is refused and ended.
   */
  function affordable(o: number, s: number, row: number, t: number, qty: number, sink: FillSink): number {
    if (fits(qty)) return qty;
    const cash = account.cash, room = cash - floor, tol = 1e-9 * Math.max(1, Math.abs(cash));
    const askedPx = pxv, askedFee = fee;
    const pos = position[s]!, cover = pos < 0 ? Math.min(-pos, qty) : 0; // the part that reduces: it always fills
    let n = 0;
    if (clipToCash) {
      n = wholeLots(Math.min(qty - cover, (room - fee) / pxv - cover), cashLot);
      // a fee with a minimum, or slippage that grows with the quantity, makes the first guess an estimate
      for (let i = 0; n > 0; i++) {
        quote(o, s, row, cover + n);
        const cost = (cover + n) * pxv + fee;
        if (cost <= room + tol) break;
        n = i < 64 ? wholeLots(Math.min(n - cashLot, (n * room) / cost), cashLot) : 0;
      }
    }
    if (cover + n > 0) {
      if (n === 0) quote(o, s, row, cover);
      refuse(o, s, t, "cash-at-fill", qty, cover + n, "", sink);
      return cover + n;
    }
    refuse(
      o,
      s,
      t,
      "cash-at-fill",
      qty,
      0,
      `a buy of ${qty} at ${num(askedPx)} (fee ${num(askedFee)}) costs ${num(qty * askedPx + askedFee)}; ` +
        `cash ${num(cash)} may not go below ${num(floor)}`,
      sink,
    );
    finish(o, CANCELLED, t, END_CASH);
    return 0;
  }

  /** Fill `qty` of order `o` at the quoted `px` and `fee`, in the bar starting at `t`. */
  function execute(o: number, s: number, t: number, qty: number, sink: FillSink): void {
    const side = col.side[o]!, type = col.type[o]!;
    col.filled[o] = col.filled[o]! + qty;
    col.notional[o] = col.notional[o]! + qty * pxv;
    col.fee[o] = col.fee[o]! + fee;
    if (col.counted[o]) pendingQty[s] = pendingQty[s]! - side * qty;
    budget -= qty;
    detail.orderType = type === ORDER_EXIT
      ? (q.leg === LEG_TARGET ? "takeProfit" : "stopLoss")
      : ORDER_TYPE_NAMES[type] as FillOrderType;
    detail.reason = REASON_NAMES[q.reason]!;
    detail.liquidity = q.maker ? "maker" : "taker";
    const slip = side * (px - q.price);
    detail.slippage = slip > 0 ? slip : 0;
    const sl = col.stopLoss[o]!; // NaN for exits and entries without one
    detail.riskPerUnit = sl === sl
      ? Math.abs(pxv - (pointValue === undefined ? sl : sl * pointValue[s]!))
      : col.risk[o]!;
    sink.fill(col.id[o]!, s, side * qty, px, fee, t, detail);
    if (borrowActive && position[s]! < 0 && borrowDay[s] !== borrowDay[s]) borrowDay[s] = Math.floor(t / DAY_MS);
  }

  /** Create or grow the bracket exit of entry `o` after it filled `qty` in bar `row`, which starts at `t`. */
  function bracket(o: number, s: number, qty: number, t: number, atOpen: boolean, row: number): void {
    const e = col.exit[o]!;
    if (e >= 0) {
      col.qty[e] = col.qty[e]! + qty;
      return;
    }
    if (e === EXIT_GONE) return;
    const x = newOrder(s, -col.side[o]!, qty, t);
    col.type[x] = ORDER_EXIT;
    col.stop[x] = col.stopLoss[o]!;
    col.limit[x] = col.takeProfit[o]!;
    col.arrivalMs[x] = atOpen ? t : barClose[row]!;
    col.seq[x] = col.seq[o]!;
    col.cancelMs[x] = col.exitCancelMs[o]!;
    col.parent[x] = o;
    col.exit[o] = x;
    pushSlot(exits[s]!, x);
  }

  /** Load order `o` and bar `row` into the fill query. */
  function load(o: number, row: number): void {
    q.side = col.side[o]!;
    q.type = col.type[o]!;
    q.limit = col.limit[o]!;
    q.stop = col.stop[o]!;
    q.triggered = col.triggered[o]!;
    q.row = row;
  }

  /** How much of `remaining` the bar's volume budget lets fill: all of it, or whole lots. */
  function part(remaining: number, qtyAbs: number): number {
    if (remaining <= budget || remaining - budget <= DUST * qtyAbs) return remaining;
    return Math.floor(budget / lotSize) * lotSize;
  }

  /** Work entry order `o` at bar `row`; false when it is done. */
  function workEntry(o: number, s: number, row: number, t: number, sink: FillSink): boolean {
    if (col.arrivalMs[o]! > t) return true;
    if (col.cancelMs[o]! <= t) {
      finish(o, CANCELLED, col.cancelMs[o]!, END_CANCELLED);
      return false;
    }
    if (col.day[o] !== col.day[o]) col.day[o] = Math.floor(t / DAY_MS);
    const qtyAbs = col.qty[o]!;
    const remaining = qtyAbs - col.filled[o]!;
    const reduceOnly = col.reduceOnly[o] === 1;
    if (reduceOnly && -col.side[o]! * position[s]! <= 0) {
      finish(o, CANCELLED, t, END_POSITION_CLOSED);
      return false;
    }
    if (budget > 0) {
      load(o, row);
      const hit = fillModel.match(q);
      col.triggered[o] = q.triggered;
      let qty = hit ? part(remaining, qtyAbs) : 0;
      if (reduceOnly && qty > -col.side[o]! * position[s]!) qty = -col.side[o]! * position[s]!;
      if (qty > 0) {
        quote(o, s, row, qty);
        if (!finite(qty)) {
          refuseNonFinite(o, s, t, qty, sink);
          return false;
        }
        if (cashCheck && col.side[o] === 1 && !reduceOnly && !fits(qty)) {
          wait(o, s, row, t, qty);
          return true;
        }
        execute(o, s, t, qty, sink);
        if (col.stopLoss[o] === col.stopLoss[o] || col.takeProfit[o] === col.takeProfit[o]) {
          bracket(o, s, qty, t, q.reason !== REASON_INTRABAR, row);
        }
      }
    }
    return afterTurn(o, s, row, t);
  }

  /** End entry order `o`'s turn at bar `row`: finish it when filled or its time in force is over; false then. */
  function afterTurn(o: number, s: number, row: number, t: number): boolean {
    const qtyAbs = col.qty[o]!;
    if (qtyAbs - col.filled[o]! <= DUST * qtyAbs) {
      finish(o, FILLED, t, END_NONE);
      return false;
    }
    const tif = col.tif[o]!;
    if (tif === TIF_BARS) {
      if (--col.barsLeft[o]! <= 0) {
        finish(o, EXPIRED, barClose[row]!, END_BARS);
        return false;
      }
    } else if (tif === TIF_DAY) {
      const next = row + 1;
      if (next < segEnd[s]! && Math.floor(tsMs[next]! / DAY_MS) > col.day[o]!) {
        finish(o, EXPIRED, barClose[row]!, END_DAY);
        return false;
      }
    }
    return true;
  }

  /**
   * Let the quoted buy of `qty` (entry `o` of `s`, bar `row` starting at `t`) that the cash of its turn cannot pay
   * for wait for the end of the bar time. It keeps its quote and its share of the bar's volume; the order stays in
   * its list.
   */
  function wait(o: number, s: number, row: number, t: number, qty: number): void {
    let w = waiting[nWaiting];
    if (w === undefined) waiting.push(w = { o, s, row, t, qty, price: 0, reason: 0, maker: 0, px: 0, fee: 0 });
    nWaiting++;
    w.o = o;
    w.s = s;
    w.row = row;
    w.t = t;
    w.qty = qty;
    w.price = q.price;
    w.reason = q.reason;
    w.maker = q.maker;
    w.px = px;
    w.fee = fee;
    budget -= qty;
  }

  /**
   * Finish the fill of waiting buy `w` as its turn would have, against the cash of now: fill, cut or refuse it, grow
   * its bracket, end its turn; a bracket exit it creates is worked in the same bar. Orders that end leave their list.
   */
  function finishWaiting(w: Waiting, sink: FillSink): void {
    const { o, s, row, t } = w;
    q.price = w.price;
    q.reason = w.reason;
    q.maker = w.maker;
    px = w.px;
    pxv = pointValue === undefined ? px : px * pointValue[s]!; // the value set for s's fills at this bar time
    fee = w.fee;
    budget = budgetLeft[s]! + w.qty;
    const qty = affordable(o, s, row, t, w.qty, sink);
    let alive = qty > 0, x = -1;
    if (alive) {
      execute(o, s, t, qty, sink);
      if (col.stopLoss[o] === col.stopLoss[o] || col.takeProfit[o] === col.takeProfit[o]) {
        const before = col.exit[o]!;
        bracket(o, s, qty, t, q.reason !== REASON_INTRABAR, row);
        if (before === -1) x = col.exit[o]!;
      }
      if (qty !== w.qty) {
        finish(o, CANCELLED, t, END_CASH);
        alive = false;
      } else alive = afterTurn(o, s, row, t);
    }
    if (!alive) dropSlot(entries[s]!, o);
    if (x >= 0 && !workExit(x, s, row, t, sink)) dropSlot(exits[s]!, x);
    budgetLeft[s] = budget;
  }

  /** Work bracket exit `o` at bar `row`; false when it is done. */
  function workExit(o: number, s: number, row: number, t: number, sink: FillSink): boolean {
    if (col.arrivalMs[o]! > t) return true;
    if (col.cancelMs[o]! <= t) {
      finish(o, CANCELLED, col.cancelMs[o]!, END_CANCELLED);
      return false;
    }
    const side = col.side[o]!;
    let remaining = col.qty[o]! - col.filled[o]!;
    const held = -side * position[s]!; // position the exit may reduce
    if (remaining > DUST * col.qty[o]! && held > 0 && budget > 0) {
      load(o, row);
      const hit = fillModel.match(q);
      col.triggered[o] = q.triggered;
      let qty = hit ? part(remaining, col.qty[o]!) : 0;
      if (qty > held) qty = held;
      if (qty > 0) {
        quote(o, s, row, qty);
        if (!finite(qty)) {
          refuseNonFinite(o, s, t, qty, sink);
          return false;
        }
        execute(o, s, t, qty, sink);
        remaining = col.qty[o]! - col.filled[o]!;
      }
    }
    const parentDone = col.parentDone[o] === 1;
    if (remaining <= DUST * col.qty[o]!) {
      col.triggered[o] = 0; // a later entry fill starts a fresh exit
      if (parentDone) {
        finish(o, FILLED, t, END_NONE);
        return false;
      }
    } else if (parentDone && -side * position[s]! <= 0) {
      finish(o, CANCELLED, t, END_POSITION_CLOSED);
      return false;
    }
    return true;
  }

  function cancelOne(o: number, requestMs: number, lane: number): void {
    const s = col.sym[o]!;
    col.cancelMs[o] = requestMs + (latency.zero ? 0 : latency.delayMs(streams[s]!, col.seq[o]!, lane));
    if (col.counted[o]) uncount(o, s);
  }

  function settleBorrow(s: number, row: number, sink: FillSink): void {
    const qty = position[s]!;
    if (qty < 0) {
      const t = tsMs[row]!;
      const d = Math.floor(t / DAY_MS), last = borrowDay[s]!;
      if (last !== last) borrowDay[s] = d;
      else if (d > last) {
        borrowDay[s] = d;
        const c = borrow.cost(-qty * mark[s]!, d - last);
        if (c > 0) sink.cost(s, c, t);
      }
    } else if (borrowDay[s] === borrowDay[s]) borrowDay[s] = NaN;
  }

  /** Work every order of `s` at bar `row`: entries in submission order, then exits. */
  function work(s: number, row: number, sink: FillSink): void {
    const t = tsMs[row]!;
    budget = capped ? maxVolumeFraction * volume[row]! : Infinity;
    let list = entries[s]!, ids = list.ids, keep = 0;
    for (let x = 0; x < list.n; x++) {
      const o = ids[x]!;
      if (workEntry(o, s, row, t, sink)) ids[keep++] = o;
    }
    list.n = keep;
    list = exits[s]!;
    if (list.n !== 0) {
      ids = list.ids;
      keep = 0;
      for (let x = 0; x < list.n; x++) {
        const o = ids[x]!;
        if (workExit(o, s, row, t, sink)) ids[keep++] = o;
      }
      list.n = keep;
    }
    if (nWaiting !== 0) budgetLeft[s] = budget;
  }

  /**
   * Round order `o`'s levels to `tk`, never more aggressive than asked: a buy limit down and a buy stop up (a sell's
   * the other way); its bracket's take-profit is a limit of the exit's side, its stop-loss a stop of the exit's side.
   */
  function roundLevels(o: number, tk: number): void {
    const side = col.side[o]!;
    col.limit[o] = roundToTick(col.limit[o]!, tk, -side);
    col.stop[o] = roundToTick(col.stop[o]!, tk, side);
    col.takeProfit[o] = roundToTick(col.takeProfit[o]!, tk, side);
    col.stopLoss[o] = roundToTick(col.stopLoss[o]!, tk, -side);
  }

  return {
    pendingQty,
    pendingSymbols,
    submit(s, signedQty, createdMs, spec, i = 0, riskPerUnit = NaN) {
      const o = newOrder(s, signedQty > 0 ? 1 : -1, Math.abs(signedQty), createdMs);
      col.risk[o] = riskPerUnit;
      if (spec) {
        col.type[o] = spec.orderType[i]!;
        col.limit[o] = spec.limitPrice[i]!;
        col.stop[o] = spec.stopPrice[i]!;
        col.tif[o] = spec.tif[i]!;
        col.barsLeft[o] = col.barsGiven[o] = spec.tifBars[i]!;
        col.stopLoss[o] = spec.stopLoss[i]!;
        col.takeProfit[o] = spec.takeProfit[i]!;
        col.reduceOnly[o] = spec.reduceOnly[i]!;
        if (tick !== undefined && tick[s]! > 0) roundLevels(o, tick[s]!);
      }
      const n = seq[s]!;
      seq[s] = n + 1;
      col.seq[o] = n;
      col.arrivalMs[o] = createdMs + (latency.zero ? 0 : latency.delayMs(streams[s]!, n, LANE_ORDER));
      col.counted[o] = 1;
      if (counted[s]!++ === 0) addPending(s);
      pushSlot(entries[s]!, o);
      pendingQty[s] = pendingQty[s]! + signedQty;
      return col.id[o]!;
    },
    cancel(s, scope, requestMs) {
      let count = 0;
      if (scope !== "exits") {
        const list = entries[s]!;
        for (let x = 0; x < list.n; x++) {
          const o = list.ids[x]!;
          if (col.cancelMs[o] !== Infinity) continue;
          cancelOne(o, requestMs, LANE_CANCEL);
          if (scope === "all") col.exitCancelMs[o] = col.cancelMs[o]!;
          count++;
        }
      }
      if (scope !== "entries") {
        const list = exits[s]!;
        for (let x = 0; x < list.n; x++) {
          const o = list.ids[x]!;
          if (col.cancelMs[o] !== Infinity) continue;
          cancelOne(o, requestMs, LANE_EXIT_CANCEL);
          count++;
        }
      }
      return count;
    },
    onBarOpen(s, row, sink) {
      // Read every bar's open as it opens, orders or not. Fills are sporadic (an order every few dozen bars), and a
      // lone read of the open column misses cache and TLB (~100 ns); read in order, the column streams and the fill
      // model finds the line warm. Measured on the 1M-bar SMA cross: ~4 ms of ~45 per run.
      lastOpen[s] = open[row]!;
      if (borrowActive) settleBorrow(s, row, sink);
      if (working[s] !== 0) work(s, row, sink);
    },
    onStepEnd(sink) {
      if (nWaiting === 0) return;
      for (let x = 0; x < nWaiting; x++) finishWaiting(waiting[x]!, sink);
      nWaiting = 0;
    },
    quiet() {
      if (workingTotal !== 0 || nWaiting !== 0) return false;
      if (borrowActive) {
        for (let s = 0; s < k; s++) if (position[s]! < 0 || borrowDay[s] === borrowDay[s]) return false;
      }
      return true;
    },
    applySplit(s, ratio) {
      let count = 0;
      for (const list of [entries[s]!, exits[s]!]) {
        for (let x = 0; x < list.n; x++) {
          const o = list.ids[x]!;
          col.qty[o] = col.qty[o]! * ratio;
          col.filled[o] = col.filled[o]! * ratio;
          col.limit[o] = col.limit[o]! / ratio;
          col.stop[o] = col.stop[o]! / ratio;
          col.stopLoss[o] = col.stopLoss[o]! / ratio;
          col.takeProfit[o] = col.takeProfit[o]! / ratio;
          col.risk[o] = col.risk[o]! / ratio;
          count++;
        }
      }
      pendingQty[s] = pendingQty[s]! * ratio;
      return count;
    },
    unfilled() {
      const out = ended.slice();
      for (let s = 0; s < k; s++) {
        for (const list of [entries[s]!, exits[s]!]) {
          for (let x = 0; x < list.n; x++) out.push(unfilledOrder(col, list.ids[x]!, "working", NaN, END_NONE, frame));
        }
      }
      return out.sort((a, b) => a.orderId - b.orderId);
    },
  };
}
