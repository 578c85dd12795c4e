import assert from "node:assert/strict";
import { rangeScan } from "./_range_scan.ts";
import { tickWalk, uniform } from "./_test_helpers.ts";

/** `rangeScan` by a direct scan of each window. */
function scanned(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  n: number,
  flat: number,
  value: (hh: number, ll: number, c: number) => number,
): Float64Array {
  return close.map((c, i) => {
    if (i < n - 1 || Number.isNaN(c)) return NaN;
    let hh = -Infinity, ll = Infinity;
    for (let j = i - n + 1; j <= i; j++) {
      if (Number.isNaN(high[j]!) || Number.isNaN(low[j]!)) return NaN;
      hh = Math.max(hh, high[j]!);
      ll = Math.min(ll, low[j]!);
    }
    return hh === ll ? flat : value(hh, ll, c);
  });
}

const position = (hh: number, ll: number, c: number) => (c - ll) / (hh - ll);

Deno.test("rangeScan() writes value(HH, LL, close) of each window, as a direct scan", () => {
  const c = tickWalk(141, 3000, 5000, 20);
  const u = uniform(142);
  const h = c.map((x) => x + Math.round(u() * 30) / 100), l = c.map((x) => x - Math.round(u() * 30) / 100);
  for (const n of [1, 2, 5, 14, 60, 2999, 3000, 3001]) {
    const dst = new Float64Array(c.length).fill(-987.25);
    rangeScan(h, l, c, n, dst, -1, position);
    const want = scanned(h, l, c, n, -1, position);
    for (let i = 0; i < c.length; i++) {
      if (!Object.is(dst[i], want[i])) assert.fail(`n=${n} i=${i}: ${dst[i]} vs ${want[i]}`);
    }
  }
});

Deno.test("rangeScan() gives NaN for windows holding a NaN high or low and for a NaN close, flat when HH = LL", () => {
  const u = uniform(143);
  const c = tickWalk(144, 500, 2000, 3);
  const h = c.map((x) => u() < 0.02 ? NaN : x + (u() < 0.5 ? 0 : 0.01));
  const l = c.map((x) => u() < 0.02 ? NaN : x - (u() < 0.5 ? 0 : 0.01));
  const cl = c.map((x) => u() < 0.02 ? NaN : x);
  for (const n of [1, 3, 20]) {
    const dst = new Float64Array(c.length);
    rangeScan(h, l, cl, n, dst, 50, position);
    const want = scanned(h, l, cl, n, 50, position);
    for (let i = 0; i < c.length; i++) {
      if (!Object.is(dst[i], want[i])) assert.fail(`n=${n} i=${i}: ${dst[i]} vs ${want[i]}`);
    }
  }
  const flat = new Float64Array(4).fill(7);
  const dst = new Float64Array(4);
  rangeScan(flat, flat, flat, 2, dst, -50, position);
  assert.deepEqual([...dst], [NaN, -50, -50, -50]);
  rangeScan(new Float64Array(0), new Float64Array(0), new Float64Array(0), 5, new Float64Array(0), 0, position);
});
