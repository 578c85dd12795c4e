/**
 * The execution contract, run for every implementation of every concern:
 * each latency, slippage, commission and fill model on its own, then the
 * simulator built with each of them on random orders over random bars.
 *
 * - a delay is finite, ≥ 0, within its cap, and a pure function of its key;
 * - slippage is finite and ≥ 0;
 * - fees are never negative, and partial fills never pay back;
 * - a fill model's reference price lies within the bar's low–high range,
 *   and a limit-priced fill is never worse than its limit;
 * - in the simulator: a fill is never before its order's arrival; its price
 *   is within the bar's range once its (≥ 0) slippage is taken off; the
 *   quantity filled never exceeds the quantity ordered (nor, for a bracket
 *   exit, the position); a bar's fills never exceed the participation cap.
 */
import assert from "node:assert/strict";
import type { BarRow } from "../data/bar_frame.ts";
import { frameFromRows } from "../data/bar_frame.ts";
import { IndicatorCache } from "../indicators/cache.ts";
import { hashString32, mulberry32 } from "../random.ts";
import type { OrderOptions } from "../strategy/types.ts";
import { harness } from "./_test_harness.ts";
import { commissionModel, type OrderCosts } from "./commission.ts";
import { CommissionSchema, FillSchema, LatencySchema, SlippageSchema } from "./config.ts";
import { fillModel, LEG_TARGET, newFillQuery } from "./fill_model.ts";
import { LANE_ORDER, latencyModel } from "./latency.ts";
import { ORDER_EXIT, ORDER_LIMIT, ORDER_MARKET, ORDER_STOP, ORDER_STOP_LIMIT } from "./order.ts";
import { slippageModel } from "./slippage.ts";

const LATENCIES = [
  { kind: "none" },
  { kind: "fixed", ms: 45_000 },
  { kind: "fixed", ms: 45_000, maxMs: 10_000 },
  { kind: "uniform", lowMs: 0, highMs: 200_000 },
  { kind: "uniform", lowMs: 0, highMs: 200_000, maxMs: 90_000 },
  { kind: "normal", meanMs: 30_000, stdMs: 60_000 },
  { kind: "normal", meanMs: 30_000, stdMs: 60_000, maxMs: 50_000 },
  { kind: "lognormal", medianMs: 40_000, sigma: 0.6 },
  { kind: "lognormal", medianMs: 40_000, sigma: 1.5, maxMs: 120_000 },
  { kind: "exponential", meanMs: 70_000 },
  { kind: "exponential", meanMs: 70_000, maxMs: 60_000 },
  { kind: "empirical", samplesMs: [0, 5_000, 61_000, 400_000] },
  { kind: "empirical", samplesMs: [0, 5_000, 61_000, 400_000], maxMs: 100_000 },
] as const;
const SLIPPAGES = [
  { kind: "none" },
  { kind: "fixedBps", bps: 7 },
  { kind: "halfSpread", spreadBps: 12 },
  { kind: "volumeShare", impact: 0.1 },
  { kind: "atrFraction", fraction: 0.2, period: 5 },
] as const;
const COMMISSIONS = [
  { kind: "none" },
  { kind: "percent", rate: 0.001 },
  { kind: "percent", rate: 0.001, minimum: 1, maximum: 5 },
  { kind: "perShare", rate: 0.005 },
  { kind: "perShare", rate: 0.005, minimum: 1, maximum: 3 },
  { kind: "fixed", amount: 2 },
] as const;
const FILLS = (["through", "touch"] as const).flatMap((limitFill) =>
  (["stopFirst", "targetFirst", "nearestFirst"] as const).map((ambiguousBar) => ({
    kind: "nextOpen" as const,
    limitFill,
    ambiguousBar,
  }))
);

/** Random minute bars of two symbols: a walk in ticks, with volume. */
function randomBars(seed: number, n = 300): BarRow[] {
  const r = mulberry32(seed);
  const rows: BarRow[] = [];
  for (const symbol of ["A", "B"]) {
    let close = 10_000;
    for (let i = 0; i < n; i++) {
      const open = close + (r() % 41) - 20;
      close = open + (r() % 81) - 40;
      const high = Math.max(open, close) + (r() % 30), low = Math.min(open, close) - (r() % 30);
      rows.push({
        symbol,
        tsMs: i * 60_000,
        open: open / 100,
        high: high / 100,
        low: low / 100,
        close: close / 100,
        volume: r() % 3000,
      });
    }
  }
  return rows;
}

/** Random valid order options around `px` for a signed quantity. */
function randomOptions(r: () => number, px: number, side: number): OrderOptions {
  const off = (k: number) => Math.round(px * (1 + (side * k * ((r() % 100) + 1)) / 10_000) * 100) / 100;
  const tifPick = r() % 4;
  const timeInForce = tifPick === 0 ? "day" as const : tifPick === 1 ? { bars: 1 + (r() % 5) } : "gtc" as const;
  let o: OrderOptions;
  let entry = px;
  switch (r() % 4) {
    case 0:
      o = { timeInForce };
      break;
    case 1:
      entry = off(-1);
      o = { type: "limit", limitPrice: entry, timeInForce };
      break;
    case 2:
      entry = off(1);
      o = { type: "stop", stopPrice: entry, timeInForce };
      break;
    default: {
      const stop = off(1);
      entry = r() % 2 ? off(2) : off(-1);
      o = { type: "stopLimit", stopPrice: stop, limitPrice: entry, timeInForce };
    }
  }
  if (r() % 2) {
    const gap = px * (0.002 + (r() % 50) / 10_000);
    const lo = Math.round((entry - side * gap) * 100) / 100, hi = Math.round((entry + side * gap) * 100) / 100;
    const pick = r() % 3;
    o = { ...o, ...(pick !== 1 ? { stopLoss: lo } : {}), ...(pick !== 0 ? { takeProfit: hi } : {}) };
  }
  return o;
}

interface Run {
  latency?: unknown;
  slippage?: unknown;
  commission?: unknown;
  fill?: unknown;
  participation?: { maxVolumeFraction: number };
  seed: number;
}

/** Run random orders through a simulator and check every fill against the contract. */
function checkSimulator(run: Run): number {
  const rows = randomBars(run.seed);
  const execution = {
    ...(run.latency ? { latency: run.latency } : {}),
    ...(run.slippage ? { slippage: run.slippage } : {}),
    ...(run.commission ? { commission: run.commission } : {}),
    ...(run.fill ? { fill: run.fill } : {}),
    ...(run.participation ? { participation: run.participation } : {}),
  };
  const h = harness(rows, execution, run.seed);
  const frame = frameFromRows(rows);
  const lat = latencyModel(LatencySchema.parse(run.latency ?? { kind: "none" }), run.seed);
  const r = mulberry32(run.seed ^ 0x5eed);
  const arrival = new Map<number, number>(), ordered = new Map<number, number>();
  const seqOf = [0, 0];
  for (let i = 0; i < frame.length; i++) {
    const row = frame.clock[i]!;
    const s = frame.symbolId[row]!;
    const before = h.fills.length;
    const posBefore = Float64Array.from(h.position);
    h.step(row);
    // this bar's fills
    let volumeUsed = 0;
    const pos = posBefore;
    for (const f of h.fills.slice(before)) {
      const what = `${JSON.stringify(execution)} order ${f.id} at row ${row}`;
      assert.ok(f.tsMs >= (arrival.get(f.id) ?? -Infinity), `${what}: filled before its arrival`);
      assert.equal(f.tsMs, frame.tsMs[row]);
      assert.ok(f.fee >= 0, `${what}: negative fee ${f.fee}`);
      assert.ok(f.slippage >= 0 && Number.isFinite(f.slippage), `${what}: slippage ${f.slippage}`);
      const side = Math.sign(f.qty), ref = f.price - side * f.slippage;
      const eps = 1e-9 * f.price;
      assert.ok(ref >= frame.low[row]! - eps && ref <= frame.high[row]! + eps, `${what}: ${ref} outside the bar`);
      if (run.slippage === undefined || (run.slippage as { kind: string }).kind === "none") {
        assert.ok(f.price >= frame.low[row]! - eps && f.price <= frame.high[row]! + eps, `${what}: outside the bar`);
      }
      if (f.orderType === "stopLoss" || f.orderType === "takeProfit") {
        // reduce-only: never beyond the position
        assert.ok(
          Math.abs(f.qty) <= Math.abs(pos[s]!) + 1e-9 && Math.sign(pos[s]!) === -side,
          `${what}: exit beyond position`,
        );
      } else {
        const left = ordered.get(f.id)! - Math.abs(f.qty);
        assert.ok(left >= -1e-9, `${what}: filled more than ordered`);
        ordered.set(f.id, left);
      }
      pos[s] = pos[s]! + f.qty;
      volumeUsed += Math.abs(f.qty);
    }
    if (run.participation) {
      const cap = run.participation.maxVolumeFraction * frame.volume[row]!;
      assert.ok(volumeUsed <= cap * (1 + 1e-12) + 1e-9, `row ${row}: ${volumeUsed} over the cap ${cap}`);
    }
    // the strategy's turn, at this bar's close
    const roll = r() % 100;
    const closeMs = frame.tsMs[row]! + frame.intervalMs[s]!;
    if (roll < 20) {
      const side = r() % 2 ? 1 : -1, qty = side * (1 + (r() % 400));
      const id = h.order(row, qty, randomOptions(r, frame.close[row]!, side));
      const k = seqOf[s]!++;
      arrival.set(id, closeMs + lat.delayMs(hashString32(frame.symbols[s]!), k, LANE_ORDER));
      ordered.set(id, Math.abs(qty));
    } else if (roll < 24) {
      h.sim.cancel(s, (["all", "entries", "exits"] as const)[r() % 3]!, closeMs);
    }
  }
  return h.fills.length;
}

Deno.test("contract: every latency model gives finite delays ≥ 0, within its cap, keyed purely", () => {
  for (const c of LATENCIES) {
    const m = latencyModel(LatencySchema.parse(c), 3), again = latencyModel(LatencySchema.parse(c), 3);
    const cap = "maxMs" in c ? c.maxMs : Infinity;
    for (let i = 0; i < 2000; i++) {
      const d = m.delayMs(hashString32("S"), i, i % 3);
      assert.ok(Number.isFinite(d) && d >= 0 && d <= cap, `${JSON.stringify(c)}: ${d}`);
      assert.equal(d, again.delayMs(hashString32("S"), i, i % 3));
    }
  }
});

Deno.test("contract: every slippage model is finite and ≥ 0", () => {
  const rows = randomBars(5, 50);
  const frame = frameFromRows(rows);
  const cache = new IndicatorCache(frame);
  const r = mulberry32(5);
  for (const c of SLIPPAGES) {
    const m = slippageModel(SlippageSchema.parse(c), { frame, cache });
    for (let row = 0; row < frame.length; row++) {
      const x = {
        s: frame.symbolId[row]!,
        row,
        price: frame.open[row]!,
        qty: 1 + (r() % 5000),
        side: r() % 2 ? 1 : -1,
      };
      const v = m.slippage(x);
      assert.ok(Number.isFinite(v) && v >= 0, `${c.kind}: ${v}`);
    }
  }
});

Deno.test("contract: every commission model charges fees ≥ 0 that never pay back over partial fills", () => {
  const r = mulberry32(8);
  for (const c of COMMISSIONS) {
    const fee = commissionModel(CommissionSchema.parse(c));
    for (let trial = 0; trial < 200; trial++) {
      let prior: OrderCosts = { qty: 0, notional: 0, fee: 0 };
      for (let part = 0; part < 1 + (r() % 6); part++) {
        const q = 1 + (r() % 300), px = 1 + (r() % 10_000) / 100;
        const f = fee(r() % 2 ? q : -q, px, prior);
        assert.ok(f >= 0 && Number.isFinite(f), `${c.kind}: ${f}`);
        prior = { qty: prior.qty + q, notional: prior.notional + q * px, fee: prior.fee + f };
      }
      if ("maximum" in c) assert.ok(prior.fee <= c.maximum + 1e-12, `${c.kind}: ${prior.fee} over the maximum`);
    }
  }
});

Deno.test("contract: every fill model prices within the bar's range and never worse than a limit", () => {
  const r = mulberry32(13);
  const frame = frameFromRows(randomBars(13, 200));
  for (const c of FILLS) {
    const m = fillModel(FillSchema.parse(c));
    const q = newFillQuery();
    for (let row = 0; row < frame.length; row++) {
      const bar = { open: frame.open[row]!, high: frame.high[row]!, low: frame.low[row]! };
      for (const type of [ORDER_MARKET, ORDER_LIMIT, ORDER_STOP, ORDER_STOP_LIMIT, ORDER_EXIT]) {
        const side = r() % 2 ? 1 : -1;
        const near = () => Math.round(bar.open * (1 + ((r() % 200) - 100) / 5000) * 100) / 100;
        const a = near(), b = near();
        Object.assign(q, {
          side,
          type,
          limit: type === ORDER_EXIT ? (side > 0 ? Math.min(a, b) : Math.max(a, b)) : a,
          stop: type === ORDER_EXIT ? (side > 0 ? Math.max(a, b) + 0.01 : Math.min(a, b) - 0.01) : b,
          triggered: r() % 4 === 0 ? 1 : 0,
          bars: frame,
          row,
        });
        if (!m.match(q)) continue;
        const what = `${JSON.stringify(c)} type ${type} side ${side}`;
        assert.ok(q.price >= bar.low && q.price <= bar.high, `${what}: ${q.price} outside [${bar.low}, ${bar.high}]`);
        const limitPriced = type === ORDER_LIMIT || type === ORDER_STOP_LIMIT ||
          (type === ORDER_EXIT && q.leg === LEG_TARGET);
        if (limitPriced) assert.ok(side > 0 ? q.price <= q.limit : q.price >= q.limit, `${what}: worse than the limit`);
      }
    }
  }
});

Deno.test("contract: the simulator with each latency model never fills before arrival", () => {
  for (const latency of LATENCIES) assert.ok(checkSimulator({ latency, seed: 21 }) > 0);
});

Deno.test("contract: the simulator with each slippage model keeps prices within the bar plus slippage", () => {
  for (const slippage of SLIPPAGES) checkSimulator({ slippage, participation: { maxVolumeFraction: 0.2 }, seed: 22 });
});

Deno.test("contract: the simulator with each commission model charges no negative fee", () => {
  for (const commission of COMMISSIONS) {
    checkSimulator({ commission, participation: { maxVolumeFraction: 0.05 }, seed: 23 });
  }
});

Deno.test("contract: the simulator with each fill model never overfills an order or the volume cap", () => {
  for (const fill of FILLS) checkSimulator({ fill, participation: { maxVolumeFraction: 0.1 }, seed: 24 });
});

Deno.test("contract: random combinations of every model", () => {
  const r = mulberry32(77);
  for (let i = 0; i < 30; i++) {
    checkSimulator({
      latency: LATENCIES[r() % LATENCIES.length],
      slippage: SLIPPAGES[r() % SLIPPAGES.length],
      commission: COMMISSIONS[r() % COMMISSIONS.length],
      fill: FILLS[r() % FILLS.length],
      ...(r() % 2 ? { participation: { maxVolumeFraction: 0.02 + (r() % 50) / 100 } } : {}),
      seed: 100 + i,
    });
  }
});
