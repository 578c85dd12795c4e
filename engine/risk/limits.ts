/**
 * Enforcement limits: how much of an order's opening part fits.
 *
 * The gate splits every order into the part that reduces the symbol's
 * exposure (filled position plus orders in flight) toward zero, and the part
 * that opens or adds to it. Only the opening part is checked here; a
 * reduction is always allowed. For each rule this module computes the largest
 * opening quantity that keeps the rule satisfied once the order (and every
 * order already in flight) has filled at the reference price:
 *
 * | rule                        | condition after the order                                       |
 * | --------------------------- | --------------------------------------------------------------- |
 * | `max-positions`             | symbols with a non-zero exposure ≤ max (only opening from flat) |
 * | `allow-short`               | a sell may not open or add to a short position when disallowed  |
 * | `symbol-max-qty`            | \|exposure\| ≤ max                                              |
 * | `symbol-max-notional`       | \|exposure\| × price ≤ max                                      |
 * | `symbol-max-percent-equity` | \|exposure\| × price ≤ max × equity                             |
 * | `gross-exposure`            | Σ \|exposure × mark\| ≤ max × equity                            |
 * | `net-exposure`              | \|Σ exposure × mark\| ≤ max × equity (checked in the order's direction) |
 * | `long-exposure`             | Σ of long values ≤ max × equity (buys only)                     |
 * | `short-exposure`            | Σ of short values ≤ max × equity (sells only)                   |
 * | `cash`                      | cash − cost of orders in flight − cost of this order (fees included) ≥ the account's floor (buys only) |
 *
 * Other symbols are valued at their latest close, this symbol at the
 * reference price (the signal bar's close). Equity is mark-to-market at that
 * close. A limit checks the direction the order moves its metric, so an order
 * that makes an already-breached metric smaller is not held against it.
 *
 * **Modes.** Every `clip` rule caps the quantity at what it allows; the
 * smallest cap wins (rounded down to the lot size) and is recorded as a
 * resize naming that rule. Then every `deny` rule is checked against the
 * (possibly clipped) quantity: the first one breached denies the order. A
 * clip that leaves nothing (0, or less than the sizing's `minQty`) is a
 * denial by the clipping rule, unless the order also has a reducing part,
 * which then goes ahead alone.
 *
 * @module
 */
import { floorToLot } from "./sizing.ts";
import type { LimitMode, LimitRule, LimitsConfig, ShortRule } from "./config.ts";
import { RISK_RULES, type RiskRule } from "./rules.ts";

/** Positions, orders in flight and latest closes, one slot per symbol id. */
export interface Book {
  /** Filled position per symbol, signed. */
  readonly positions: Float64Array;
  /** Net quantity of accepted, unfilled orders per symbol, signed. */
  readonly pending: Float64Array;
  /** Latest close per symbol (NaN before its first bar); with instruments, valued: × multiplier × FX rate. */
  readonly marks: Float64Array;
  /**
   * The symbols that may have orders in flight (every one whose `pending` is not 0, and maybe others), ascending:
   * the first `size` of `symbols`. Without it every symbol is looked at.
   */
  readonly pendingSymbols?: PendingSymbols;
}

/** A set of symbol ids, kept ascending in the first `size` slots of `symbols` (see {@linkcode Book.pendingSymbols}). */
export interface PendingSymbols {
  readonly symbols: Int32Array;
  readonly size: number;
}

/** The opening part of an order, as the limits see it. */
export interface Opening {
  /** Symbol id. */
  symbol: number;
  /** +1 for a buy, −1 for a sell. */
  dir: number;
  /** Absolute exposure of the symbol once the reducing part has filled (0 for a reversal or from flat). */
  base: number;
  /** Signed quantity of the order's reducing part (0 when there is none). */
  reducing: number;
  /** Unsigned quantity of the opening part. */
  qty: number;
  /** Reference price: the signal bar's close. */
  price: number;
  /** Mark-to-market equity at that close. */
  equity: number;
  /** Cash at that close. */
  cash: number;
}

/** What the limits decided about an opening part; reused between calls. */
export interface LimitVerdict {
  /** Unsigned opening quantity that may go ahead (0 when nothing fits). */
  qty: number;
  /** The denying rule, or the rule that clipped the quantity, or `""`. */
  rule: RiskRule | "";
  /** True when a `deny` rule rejected the order, or a clip left nothing. */
  denied: boolean;
  /** True when a `clip` rule cut the quantity. */
  clipped: boolean;
  /** Why, when denied. */
  detail: string;
}

/** The limits of a run. */
export interface Limits {
  /** Judge `o` against every limit, writing into `out`. */
  check(o: Readonly<Opening>, book: Book, out: LimitVerdict): void;
}

/** Options of {@linkcode createLimits}. */
export interface LimitsOptions {
  /** Symbol names of the run, by id (per-symbol overrides are looked up by name). */
  readonly symbols: readonly string[];
  /** Fee of a fill of `signedQty` at `price`, for the cash rule. Default: no fee. */
  readonly fee?: (signedQty: number, price: number) => number;
  /** Clipped quantities are rounded down to this. Default 1. */
  readonly lotSize?: number;
  /** A clip below this leaves nothing. Default 0. */
  readonly minQty?: number;
}

// rule slots, in the order a deny is reported
const MAX_POSITIONS = 0,
  ALLOW_SHORT = 1,
  SYM_QTY = 2,
  SYM_NOTIONAL = 3,
  SYM_PCT = 4,
  GROSS = 5,
  NET = 6,
  LONG = 7,
  SHORT = 8,
  CASH = 9,
  N_RULES = 10;
// the limit rules, in the order of the ids above
const NAMES: readonly RiskRule[] = RISK_RULES.slice(
  RISK_RULES.indexOf("max-positions"),
  RISK_RULES.indexOf("cash") + 1,
);
const DENY = 0, CLIP = 1;
const modeOf = (m: LimitMode) => (m === "clip" ? CLIP : DENY);

/** True when `q` exceeds `allowed` beyond float noise. */
const exceeds = (q: number, allowed: number) => q > allowed + 1e-9 * Math.max(1, Math.abs(allowed));
const num = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x));
const pct = (x: number) => `${num(x * 100)}%`;

/**
 * Build the limits of a `risk.limits` config for the run's symbols.
 *
 * @example A per-symbol cap of 100 units, in clip mode
 * ```ts
 * import assert from "node:assert/strict";
 * import { LimitsSchema } from "./config.ts";
 * import { createLimits, type LimitVerdict } from "./limits.ts";
 * const limits = createLimits(LimitsSchema.parse({ perSymbol: { maxQty: { max: 100, mode: "clip" } } }), { symbols: ["A"] });
 * const book = { positions: new Float64Array([60]), pending: new Float64Array(1), marks: new Float64Array([10]) };
 * const out: LimitVerdict = { qty: 0, rule: "", denied: false, clipped: false, detail: "" };
 * limits.check({ symbol: 0, dir: 1, base: 60, reducing: 0, qty: 50, price: 10, equity: 10_000, cash: 9_400 }, book, out);
 * assert.ok(out.clipped && out.qty === 40 && out.rule === "symbol-max-qty");
 * ```
 */
export function createLimits(config: LimitsConfig, opts: LimitsOptions): Limits {
  const k = opts.symbols.length;
  const fee = opts.fee;
  const lot = opts.lotSize ?? 1, minQty = opts.minQty ?? 0;

  // global rules: cap and mode; Infinity disables
  const gMax = new Float64Array(N_RULES).fill(Infinity);
  const gMode = new Uint8Array(N_RULES);
  const setGlobal = (slot: number, r: LimitRule | undefined) => {
    if (r) {
      gMax[slot] = r.max;
      gMode[slot] = modeOf(r.mode);
    }
  };
  setGlobal(MAX_POSITIONS, config.maxPositions);
  setGlobal(GROSS, config.grossExposure);
  setGlobal(NET, config.netExposure);
  setGlobal(LONG, config.longExposure);
  setGlobal(SHORT, config.shortExposure);
  const minCash = config.account.minCash;
  const cashMode = modeOf(config.account.mode);

  // per-symbol rules: cap and mode per symbol id
  const sMax = [SYM_QTY, SYM_NOTIONAL, SYM_PCT].map(() => new Float64Array(k).fill(Infinity));
  const sMode = [SYM_QTY, SYM_NOTIONAL, SYM_PCT].map(() => new Uint8Array(k));
  const shortOk = new Uint8Array(k), shortMode = new Uint8Array(k);
  for (let s = 0; s < k; s++) {
    const over = Object.hasOwn(config.symbols, opts.symbols[s]!) ? config.symbols[opts.symbols[s]!] : undefined;
    const fields = ["maxQty", "maxNotional", "maxPercentEquity"] as const;
    fields.forEach((f, j) => {
      const r = over?.[f] ?? config.perSymbol[f];
      if (r) {
        sMax[j]![s] = r.max;
        sMode[j]![s] = modeOf(r.mode);
      }
    });
    const sh: ShortRule = over?.allowShort ?? config.allowShort;
    shortOk[s] = sh.allow ? 1 : 0;
    shortMode[s] = modeOf(sh.mode);
  }
  const [qtyMax, notionalMax, pctMax] = sMax as [Float64Array, Float64Array, Float64Array];
  const [qtyMode, notionalMode, pctMode] = sMode as [Uint8Array, Uint8Array, Uint8Array];
  const needBook = Number.isFinite(gMax[MAX_POSITIONS]!) || Number.isFinite(gMax[GROSS]!) ||
    Number.isFinite(gMax[NET]!) || Number.isFinite(gMax[LONG]!) || Number.isFinite(gMax[SHORT]!) ||
    minCash > -Infinity;

  // the common case: a cash account in deny mode and no other rule. Then a sell always fits and a buy fits unless
  // it takes projected cash below the floor: the same answer as the rule table below, without filling it
  const onlyCashDeny = cashMode === DENY && minCash > -Infinity && gMax.every((x) => x === Infinity) &&
    sMax.every((col) => col.every((x) => x === Infinity)) && shortOk.every((x) => x === 1);

  const allowed = new Float64Array(N_RULES);
  const mode = new Uint8Array(N_RULES);
  // the book's aggregates over the other symbols, refreshed per check
  let count = 0, gross = 0, net = 0, long = 0, short = 0, pendingCost = 0, reduceCost = 0, feeRate = 0;

  /** True when buying `q` (after the reducing part) would take projected cash below the floor. */
  function cashShort(o: Readonly<Opening>, q: number): boolean {
    if (minCash === -Infinity) return false;
    const after = o.cash - pendingCost - reduceCost - q * o.price - (fee ? fee(q, o.price) : 0);
    return after < minCash - 1e-9 * Math.max(1, Math.abs(o.cash));
  }

  function explain(rule: number, o: Readonly<Opening>, a: number): string {
    const P = o.price, E = o.equity, after = o.base + a;
    const eq = (v: number) => E > 0 ? `${num(v / E)}x equity` : `${num(v)} with equity ${num(E)}`;
    switch (rule) {
      case MAX_POSITIONS:
        return `${count} symbols already have a position or an order in flight, max ${gMax[MAX_POSITIONS]}`;
      case ALLOW_SHORT:
        return `would open a short position in ${opts.symbols[o.symbol]}; short selling is not allowed`;
      case SYM_QTY:
        return `position would be ${num(after)}, max ${num(qtyMax[o.symbol]!)}`;
      case SYM_NOTIONAL:
        return `position value would be ${num(after * P)}, max ${num(notionalMax[o.symbol]!)}`;
      case SYM_PCT:
        return `position value would be ${E > 0 ? pct((after * P) / E) : num(after * P)} of equity ${num(E)}, max ${
          pct(pctMax[o.symbol]!)
        }`;
      case GROSS:
        return `gross exposure would be ${eq(gross + after * P)}, max ${gMax[GROSS]}x`;
      case NET:
        return `net exposure would be ${eq(Math.abs(net + o.dir * after * P))}, max ${gMax[NET]}x`;
      case LONG:
        return `long exposure would be ${eq(long + after * P)}, max ${gMax[LONG]}x`;
      case SHORT:
        return `short exposure would be ${eq(short + after * P)}, max ${gMax[SHORT]}x`;
      default: {
        const cost = reduceCost + a * P + (fee ? fee(a, P) : 0);
        // joined, not a template literal: one flat string rather than a tree of ten pieces, which a denial record
        // would hold (the cash rule can deny on most bars of a many-symbol run: 108,805 records in bench:memory's)
        return [
          "cash after the order would be ",
          num(o.cash - pendingCost - cost),
          " (cash ",
          num(o.cash),
          ", orders in flight ",
          num(pendingCost),
          ", this order ",
          num(cost),
          "), floor ",
          num(minCash),
        ].join("");
      }
    }
  }

  return {
    check(o, book, out) {
      const s = o.symbol, P = o.price, E = o.equity, b = o.base, d = o.dir;
      const a = o.qty;
      count =
        gross =
        net =
        long =
        short =
        pendingCost =
          0;
      if (needBook && onlyCashDeny) {
        // the cash rule reads only the orders in flight: the same sum, in the same order, over the symbols that have
        // one (few of many: a portfolio out of cash is checked, and denied, at every signal of every symbol)
        const pend = book.pending, mark = book.marks, ps = book.pendingSymbols;
        const size = ps === undefined ? k : ps.size;
        for (let j = 0; j < size; j++) {
          const x = ps === undefined ? j : ps.symbols[j]!;
          const pq = pend[x]!;
          if (pq === 0) continue;
          const m = x === s ? P : mark[x]!;
          pendingCost += pq * m + (fee ? fee(pq, m) : 0);
        }
      } else if (needBook) {
        const pos = book.positions, pend = book.pending, mark = book.marks;
        for (let x = 0; x < k; x++) {
          const pq = pend[x]!;
          const m = x === s ? P : mark[x]!;
          if (pq !== 0) pendingCost += pq * m + (fee ? fee(pq, m) : 0);
          if (x === s) continue;
          const e = pos[x]! + pq;
          if (e === 0) continue;
          const v = e * m;
          count++;
          if (v > 0) {
            gross += v;
            long += v;
          } else {
            gross -= v;
            short -= v;
          }
          net += v;
        }
      }
      if (onlyCashDeny) {
        reduceCost = 0;
        const r = o.reducing;
        if (d > 0 && r > 0) reduceCost = r * P + (fee ? fee(r, P) : 0);
        if (d > 0 && cashShort(o, a)) {
          out.qty = 0;
          out.rule = NAMES[CASH]!;
          out.denied = true;
          out.clipped = false;
          out.detail = explain(CASH, o, a);
        } else {
          out.qty = a;
          out.rule = "";
          out.denied = false;
          out.clipped = false;
          out.detail = "";
        }
        return;
      }
      // largest opening quantity each rule allows
      allowed.fill(Infinity);
      const flat = b === 0 && o.reducing === 0;
      if (flat && count >= gMax[MAX_POSITIONS]!) allowed[MAX_POSITIONS] = 0;
      mode[MAX_POSITIONS] = gMode[MAX_POSITIONS]!;
      if (d < 0 && shortOk[s] === 0) allowed[ALLOW_SHORT] = 0;
      mode[ALLOW_SHORT] = shortMode[s]!;
      // a disabled rule keeps Infinity (Infinity × equity would turn into NaN or −Infinity at equity ≤ 0)
      const capQty = qtyMax[s]!, capNotional = notionalMax[s]!, capPct = pctMax[s]!;
      if (capQty < Infinity) allowed[SYM_QTY] = capQty - b;
      mode[SYM_QTY] = qtyMode[s]!;
      if (capNotional < Infinity) allowed[SYM_NOTIONAL] = capNotional / P - b;
      mode[SYM_NOTIONAL] = notionalMode[s]!;
      if (capPct < Infinity) allowed[SYM_PCT] = (capPct * E) / P - b;
      mode[SYM_PCT] = pctMode[s]!;
      const capGross = gMax[GROSS]!, capNet = gMax[NET]!, capLong = gMax[LONG]!, capShort = gMax[SHORT]!;
      if (capGross < Infinity) allowed[GROSS] = (capGross * E - gross) / P - b;
      mode[GROSS] = gMode[GROSS]!;
      if (capNet < Infinity) allowed[NET] = (capNet * E - d * net) / P - b;
      mode[NET] = gMode[NET]!;
      if (d > 0 && capLong < Infinity) allowed[LONG] = (capLong * E - long) / P - b;
      mode[LONG] = gMode[LONG]!;
      if (d < 0 && capShort < Infinity) allowed[SHORT] = (capShort * E - short) / P - b;
      mode[SHORT] = gMode[SHORT]!;
      reduceCost = feeRate = 0;
      if (d > 0 && minCash > -Infinity) {
        const r = o.reducing;
        if (r > 0) reduceCost = r * P + (fee ? fee(r, P) : 0);
        feeRate = fee ? fee(a, P) / (a * P) : 0;
        allowed[CASH] = (o.cash - pendingCost - reduceCost - minCash) / (P * (1 + feeRate));
      }
      mode[CASH] = cashMode;

      // clip to the smallest clip-mode cap
      let q = a, clipRule = -1;
      for (let r = 0; r < N_RULES; r++) {
        const v = allowed[r]!;
        if (mode[r] === CLIP && v < q && exceeds(q, v)) {
          q = v > 0 ? v : 0;
          clipRule = r;
        }
      }
      if (clipRule >= 0) {
        q = floorToLot(q, lot);
        // a fee that is not proportional (a minimum, a fixed fee) makes the cash cap an estimate: settle it exactly
        if (mode[CASH] === CLIP && d > 0) {
          for (let i = 0; i < 64 && q > 0 && cashShort(o, q); i++) q = floorToLot(q - lot, lot);
        }
        if (q <= 0 || q < minQty) {
          out.qty = 0;
          out.rule = NAMES[clipRule]!;
          out.denied = true;
          out.clipped = true;
          out.detail = `nothing fits: ${explain(clipRule, o, a)}`;
          return;
        }
      }
      // then every deny-mode rule on what is left
      for (let r = 0; r < N_RULES; r++) {
        if (mode[r] === DENY && (r === CASH ? d > 0 && cashShort(o, q) : exceeds(q, allowed[r]!))) {
          out.qty = 0;
          out.rule = NAMES[r]!;
          out.denied = true;
          out.clipped = false;
          out.detail = explain(r, o, q);
          return;
        }
      }
      out.qty = q;
      out.rule = clipRule >= 0 ? NAMES[clipRule]! : "";
      out.denied = false;
      out.clipped = clipRule >= 0;
      out.detail = "";
    },
  };
}
