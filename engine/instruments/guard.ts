/**
 * The instruments' rules on orders and on the account: lot size, initial
 * margin, and the margin call.
 *
 * **At the gate** (after the limits, on the opening part of an order, like
 * them; engine/risk/gate.ts):
 * - `margin-call`: while a `denyNewRisk` margin call lasts, every opening is
 *   denied; reductions go ahead.
 * - `lot-size`: the opening part is cut down to whole lots of the symbol's
 *   `lotSize` (a resize); nothing left is a denial. `risk.sizing.lotSize`
 *   rounds what sizing computes for every symbol first; the instrument's lot
 *   then rounds the order (sized or explicit) to the symbol's trading unit,
 *   so with both the order is whole instrument lots.
 * - `margin`: for a symbol with margin terms, the initial margin of every
 *   exposure (positions plus orders in flight) once the order has filled must
 *   not exceed equity: `Σ |exposure| × initial ≤ equity` (CME SPAN's
 *   initial-margin check of a new position against the account's net
 *   liquidation value; IB's "initial margin ≤ equity with loan value" at
 *   order entry). A breach denies the order.
 *
 * **At each mark** (after equity is recorded, like the breakers): with
 * `Σ |position| × maintenance` the maintenance requirement of the filled
 * positions, `equity < requirement` starts a margin call: a risk event
 * `margin-call` in `breakerEvents`. With `liquidate`, every position is
 * closed by market orders through the gate at the next open (as a breaker's
 * flatten); with `denyNewRisk`, openings are denied. The call lasts until a
 * mark where equity ≥ the requirement (after a liquidation: flat); a new
 * breach after that is a new call.
 *
 * @module
 */
import type { BreakerEvent } from "../result.ts";
import type { Book, LimitVerdict, Opening } from "../risk/limits.ts";
import type { OpeningGuard } from "../risk/gate.ts";
import { floorToLot } from "../risk/sizing.ts";
import type { InstrumentBook } from "./instrument_book.ts";

const num = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(8))) : String(x));

/** The guard at the gate, and the margin call watched at each mark. */
export interface InstrumentGuard extends OpeningGuard {
  /** True while a margin call lasts. */
  readonly inCall: boolean;
  /**
   * After equity is marked at the closes of the step starting at `tsMs`:
   * returns the new margin call's event when one starts now, else undefined.
   */
  onMark(tsMs: number, equity: number, positions: Float64Array): BreakerEvent | undefined;
}

/**
 * Build the guard of `book` for symbol names `symbols`.
 *
 * @example Initial margin 12,000 per contract: 100,000 of equity holds 8
 * ```ts
 * import assert from "node:assert/strict";
 * import type { LimitVerdict } from "../risk/limits.ts";
 * import { InstrumentsConfigSchema } from "./config.ts";
 * import { createInstrumentBook } from "./instrument_book.ts";
 * import { createInstrumentGuard } from "./guard.ts";
 * const book = createInstrumentBook(
 *   InstrumentsConfigSchema.parse({ symbols: { ES: { multiplier: 50, margin: { initial: 12_000, maintenance: 10_000 } } } }),
 *   ["ES"],
 * );
 * const guard = createInstrumentGuard(book, ["ES"]);
 * const st = { positions: new Float64Array([5]), pending: new Float64Array(1), marks: new Float64Array([200_000]) };
 * const out: LimitVerdict = { qty: 4, rule: "", denied: false, clipped: false, detail: "" };
 * guard.check({ symbol: 0, dir: 1, base: 5, reducing: 0, qty: 4, price: 200_000, equity: 100_000, cash: 0 }, st, out);
 * assert.ok(out.denied && out.rule === "margin"); // 9 × 12,000 = 108,000 > 100,000
 * assert.ok(guard.onMark(0, 45_000, new Float64Array([5]))?.breaker === "margin-call"); // 5 × 10,000 > 45,000
 * ```
 */
export function createInstrumentGuard(book: InstrumentBook, symbols: readonly string[]): InstrumentGuard {
  const k = symbols.length;
  const { lot, initialMargin: im, maintenanceMargin: mm, hasLot, hasMargin } = book;
  const denyNewRisk = book.marginCall === "denyNewRisk";
  let inCall = false, callSince = NaN;

  const deny = (out: LimitVerdict, rule: "margin" | "margin-call" | "lot-size", detail: string, clipped: boolean) => {
    out.qty = 0;
    out.rule = rule;
    out.denied = true;
    out.clipped = clipped;
    out.detail = detail;
  };

  return {
    get inCall() {
      return inCall;
    },
    check(o: Readonly<Opening>, st: Book, out: LimitVerdict): void {
      const s = o.symbol;
      if (inCall && denyNewRisk) {
        deny(
          out,
          "margin-call",
          `a margin call since ${new Date(callSince).toISOString()}: no new risk until equity is back above the ` +
            `maintenance margin`,
          false,
        );
        return;
      }
      let q = out.qty;
      if (hasLot && lot[s]! > 0) {
        const whole = floorToLot(q, lot[s]!);
        if (whole < q) {
          if (whole <= 0) {
            deny(out, "lot-size", `${num(q)} is less than one lot of ${num(lot[s]!)} of ${symbols[s]}`, true);
            return;
          }
          q = out.qty = whole;
          out.rule = "lot-size";
          out.clipped = true;
        }
      }
      const m = im[s]!;
      if (hasMargin && m === m) {
        let need = (o.base + q) * m;
        for (let x = 0; x < k; x++) {
          const mx = im[x]!;
          if (x === s || mx !== mx) continue;
          const e = st.positions[x]! + st.pending[x]!;
          if (e !== 0) need += Math.abs(e) * mx;
        }
        if (need > o.equity + 1e-9 * Math.max(1, Math.abs(o.equity))) {
          deny(
            out,
            "margin",
            `initial margin after the order would be ${num(need)} (${num(o.base + q)} ${symbols[s]} × ${num(m)}` +
              ` plus other positions), more than equity ${num(o.equity)}`,
            false,
          );
        }
      }
    },
    onMark(tsMs, equity, positions) {
      let need = 0;
      for (let x = 0; x < k; x++) {
        const q = positions[x]!, mx = mm[x]!;
        if (q !== 0 && mx === mx) need += Math.abs(q) * mx;
      }
      if (!(equity < need)) {
        inCall = false;
        return undefined;
      }
      if (inCall) return undefined;
      inCall = true;
      callSince = tsMs;
      return {
        tsMs,
        breaker: "margin-call",
        detail: `equity ${num(equity)} fell below the maintenance margin ${num(need)} of the open positions: ${
          denyNewRisk ? "new risk denied until it is back above" : "every position is closed at the next open"
        }`,
        values: { equity, maintenanceMargin: need },
        flattened: [],
      };
    },
  };
}
