import assert from "node:assert/strict";
import { parabolicSar, parabolicSarIndicator } from "./parabolic_sar.ts";
import { parseParams } from "./define_indicator.ts";
import { tickWalk } from "./_test_helpers.ts";

// af 0.25, afmax 0.5 (binary fractions: exact arithmetic)
//   i  high low  close
//   0  10   8    9
//   1  11   9    10.5   close rose: fictitious downtrend at (11 + 9)/2 = 10, ep low[0] = 8; 10 <= 11 reverses it:
//                       uptrend, SAR 8, ep 11, f 0.25; next 8 + 0.25 × 3 = 8.75 > low[0] = 8 → min(9, 8) = 8
//   2  13   10   12     8 < 10: no touch; SAR 8; new high 13: ep 13, f 0.5; next 8 + 0.5 × 5 = 10.5 > 10 → min(10, 9) = 9
//   3  12   9    9.5    9 >= low 9: reversal to a downtrend, SAR = ep 13, ep = 9, f 0.25;
//                       next 13 + 0.25 × (9 − 13) = 12 < high[2] = 13 → max(12, 13) = 13
//   4  10   7    8      13 > 10: no touch; SAR 13; new low 7: ep 7, f 0.5; next 13 + 0.5 × (7 − 13) = 10 < 12 → 12
//   5  9    6    6.5    SAR 12; new low 6: ep 6, f min(0.75, 0.5) = 0.5; next 12 + 0.5 × (6 − 12) = 9 < 10 → 10
//   6  8    5    5.5    SAR 10
const high = Float64Array.of(10, 11, 13, 12, 10, 9, 8);
const low = Float64Array.of(8, 9, 10, 9, 7, 6, 5);
const close = Float64Array.of(9, 10.5, 12, 9.5, 8, 6.5, 5.5);

Deno.test("parabolicSar() follows the trend, reverses on a touch and stays out of the last two bars", () => {
  assert.deepEqual([...parabolicSar(high, low, close, 0.25, 0.5)], [NaN, 8, 8, 13, 13, 12, 10]);
});

Deno.test("parabolicSar() seeds the first trend from the first move of the close", () => {
  // a rising first close starts an uptrend at low[0]; a falling one a downtrend at high[0]
  assert.equal(parabolicSar(Float64Array.of(5, 6), Float64Array.of(3, 4), Float64Array.of(4, 4))[1], 3);
  assert.equal(parabolicSar(Float64Array.of(5, 6), Float64Array.of(3, 4), Float64Array.of(4, 3.9))[1], 5);
});

/** backtrader's ParabolicSAR.next, transcribed independently: two status records, alternating. */
function reference(h: Float64Array, l: Float64Array, c: Float64Array, af: number, afmax: number): number[] {
  type Status = { sar: number; tr: boolean; af: number; ep: number };
  const status: Status[] = [{ sar: 0, tr: false, af: 0, ep: 0 }, { sar: 0, tr: false, af: 0, ep: 0 }];
  const out = [NaN];
  // nextstart at len 2 (bar 1): the previous-length record gets the fictitious trend
  status[1] = c[1]! >= c[0]!
    ? { sar: (h[1]! + l[1]!) / 2, tr: false, af, ep: l[0]! }
    : { sar: (h[1]! + l[1]!) / 2, tr: true, af, ep: h[0]! };
  for (let i = 1; i < h.length; i++) {
    const prev = status[i % 2]!; // (len − 1) % 2 with len = i + 1
    let { tr, sar, ep, af: f } = prev;
    if ((tr && sar >= l[i]!) || (!tr && sar <= h[i]!)) {
      tr = !tr;
      sar = prev.ep;
      ep = tr ? h[i]! : l[i]!;
      f = af;
    }
    out.push(sar);
    if (tr && h[i]! > ep) {
      ep = h[i]!;
      f = Math.min(f + af, afmax);
    } else if (!tr && l[i]! < ep) {
      ep = l[i]!;
      f = Math.min(f + af, afmax);
    }
    sar = sar + f * (ep - sar);
    if (tr && (sar > l[i]! || sar > l[i - 1]!)) sar = Math.min(l[i]!, l[i - 1]!);
    if (!tr && (sar < h[i]! || sar < h[i - 1]!)) sar = Math.max(h[i]!, h[i - 1]!);
    status[(i + 1) % 2] = { sar, tr, af: f, ep };
  }
  return out;
}

Deno.test("parabolicSar() equals a transcription of backtrader's two-record state machine, bit for bit", () => {
  const c = tickWalk(12, 5_000, 20_000, 60);
  const h = c.map((x, i) => x + 0.01 * ((i * 5) % 9)), l = c.map((x, i) => x - 0.01 * ((i * 2) % 7));
  for (const [af, afmax] of [[0.02, 0.2], [0.01, 0.1], [0.05, 0.05]] as const) {
    const got = parabolicSar(h, l, c, af, afmax), want = reference(h, l, c, af, afmax);
    for (let i = 0; i < c.length; i++) {
      assert.ok(Object.is(got[i], want[i]), `af=${af} i=${i}: ${got[i]} vs ${want[i]}`);
    }
  }
});

Deno.test("parabolicSar() skips leading NaN bars and gives NaN from a later NaN bar on", () => {
  const pad = (a: Float64Array) => Float64Array.of(NaN, NaN, ...a);
  const plain = parabolicSar(high, low, close, 0.25, 0.5);
  assert.deepEqual([...parabolicSar(pad(high), pad(low), pad(close), 0.25, 0.5)], [NaN, NaN, ...plain]);
  const l = low.slice();
  l[4] = NaN;
  assert.deepEqual([...parabolicSar(high, l, close, 0.25, 0.5)], [NaN, 8, 8, 13, NaN, NaN, NaN]);
});

Deno.test("parabolicSar() rejects a bad af or afmax with RangeError, and the definition's schema too", () => {
  assert.throws(() => parabolicSar(high, low, close, 0), {
    name: "RangeError",
    message: "parabolicSar(): af must be a finite number > 0, found 0",
  });
  assert.throws(() => parabolicSar(high, low, close, 0.1, 0.05), RangeError);
  assert.throws(() => parabolicSar(high, low, close.subarray(1)), RangeError);
  assert.ok(!parseParams(parabolicSarIndicator, { af: 0.3 }).ok); // afmax 0.2 < af
  assert.deepEqual(parseParams(parabolicSarIndicator, {}), { ok: true, params: { af: 0.02, afmax: 0.2 } });
});
