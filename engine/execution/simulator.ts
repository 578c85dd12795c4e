/**
 * The fill simulator: holds accepted orders until they can fill, then fills
 * them.
 *
 * **Timing rule.** A signal forms at the close of bar t, known at
 * `tsMs[t] + intervalMs`. The order arrives at that close time (plus latency,
 * zero for now) and can fill only at prices observed at or after its arrival:
 * the first bar of its symbol whose start time is at or after the arrival. A
 * market order fills whole at that bar's open. With no latency this is the
 * next-bar-open rule.
 *
 * @module
 */
import type { BarFrame } from "../data/bar_frame.ts";
import type { UnfilledOrder } from "../result.ts";
import type { CommissionModel } from "./commission.ts";

/** Where fills go: the engine applies them to the portfolio and records them. */
export interface FillSink {
  fill(orderId: number, s: number, signedQty: number, price: number, fee: number, tsMs: number): void;
}

/** Orders in flight, per symbol. */
export interface FillSimulator {
  /** Net signed quantity of unfilled orders per symbol. */
  readonly pendingQty: Float64Array;
  /** Queue an accepted order; returns its id. */
  submit(s: number, signedQty: number, createdMs: number, arrivalMs: number): number;
  /** Fill the orders of `s` that are due at bar `row` (at its open). */
  onBarOpen(s: number, row: number, sink: FillSink): void;
  /** Orders still waiting when the data ends. */
  unfilled(symbols: readonly string[]): UnfilledOrder[];
}

/**
 * A simulator of market orders that fill whole at the open of the first bar
 * at or after their arrival.
 *
 * @example
 * ```ts
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { createFillSimulator } from "./simulator.ts";
 * const day = 86_400_000;
 * const f = frameFromRows([
 *   { symbol: "A", tsMs: 0, open: 10, high: 10, low: 10, close: 10 },
 *   { symbol: "A", tsMs: day, open: 11, high: 11, low: 11, close: 11 },
 * ], day);
 * const sim = createFillSimulator(f, () => 0);
 * sim.submit(0, 5, day, day); // placed at bar 0's close
 * const got: number[] = [];
 * sim.onBarOpen(0, 1, { fill: (_id, _s, q, px) => got.push(q, px) });
 * console.assert(got.join() === "5,11");
 * ```
 */
export function createFillSimulator(frame: BarFrame, commission: CommissionModel): FillSimulator {
  const k = frame.symbols.length;
  const pendingQty = new Float64Array(k);
  const queues: number[][] = Array.from({ length: k }, () => []);
  const pendingCount = new Int32Array(k);
  // order columns, grown by doubling
  let cap = 64, n = 0;
  let oSym = new Int32Array(cap),
    oQty = new Float64Array(cap),
    oCreated = new Float64Array(cap),
    oArrival = new Float64Array(cap);
  const grow = () => {
    cap *= 2;
    const g = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    oSym = g(oSym);
    oQty = g(oQty);
    oCreated = g(oCreated);
    oArrival = g(oArrival);
  };
  const { tsMs, open } = frame;
  return {
    pendingQty,
    submit(s, signedQty, createdMs, arrivalMs) {
      if (n === cap) grow();
      const id = n++;
      oSym[id] = s;
      oQty[id] = signedQty;
      oCreated[id] = createdMs;
      oArrival[id] = arrivalMs;
      queues[s]!.push(id);
      pendingCount[s]!++;
      pendingQty[s] = pendingQty[s]! + signedQty;
      return id;
    },
    onBarOpen(s, row, sink) {
      if (pendingCount[s] === 0) return;
      const t = tsMs[row]!;
      const q = queues[s]!;
      let keep = 0;
      for (let i = 0; i < q.length; i++) {
        const id = q[i]!;
        if (oArrival[id]! <= t) {
          const qty = oQty[id]!, px = open[row]!;
          pendingQty[s] = pendingQty[s]! - qty;
          pendingCount[s]!--;
          sink.fill(id, s, qty, px, commission(qty, px), t);
        } else q[keep++] = id;
      }
      q.length = keep;
    },
    unfilled(symbols) {
      const out: UnfilledOrder[] = [];
      for (let s = 0; s < k; s++) {
        for (const id of queues[s]!) {
          out.push({
            orderId: id,
            tsMs: oCreated[id]!,
            symbol: symbols[s]!,
            side: oQty[id]! > 0 ? "buy" : "sell",
            qty: Math.abs(oQty[id]!),
            reason: "no bar at or after its arrival before the data ended",
          });
        }
      }
      return out.sort((a, b) => a.orderId - b.orderId);
    },
  };
}
