import assert from "node:assert/strict";
import { mulberry32 } from "../random.ts";
import { annualVolatility } from "./metrics/annual_volatility.ts";
import { sharpe } from "./metrics/sharpe.ts";
import { beta, rollingBeta, rollingSharpe, rollingVolatility } from "./rolling.ts";

/** Seeded returns with regimes: calm, flat (exact zeros), wild, a NaN hole, a constant run. */
function returnsFixture(n: number, seed: number): { r: Float64Array; b: Float64Array } {
  const rnd = mulberry32(seed);
  const u = () => rnd() / 4294967296;
  const r = new Float64Array(n), b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = 0.01 * (u() - 0.5);
    b[i] = i < 30 ? NaN : m; // the benchmark starts later
    const regime = Math.floor(i / 200) % 5;
    r[i] = regime === 0 ? 0.0003 + 1.3 * m + 0.004 * (u() - 0.5) : regime === 1
      ? 0 // flat: out of the market
      : regime === 2
      ? 0.2 * (u() - 0.5)
      : regime === 3
      ? (i % 17 === 0 ? NaN : 0.001 + 0.0001 * (u() - 0.5))
      : 0.002; // constant
  }
  return { r, b };
}

/** |a − e| within 1e-9 relative (or 1e-12 absolute); NaN and ±∞ must match exactly. */
function close(a: number, e: number, what: string): void {
  if (!Number.isFinite(e) || !Number.isFinite(a)) return assert.ok(Object.is(a, e) || a === e, `${what}: ${a} vs ${e}`);
  assert.ok(Math.abs(a - e) <= 1e-9 * Math.abs(e) + 1e-12, `${what}: ${a} vs ${e}`);
}

for (const window of [2, 5, 63, 250]) {
  Deno.test(`rolling Sharpe, volatility and beta (window ${window}) equal the full-period functions on each window`, () => {
    const { r, b } = returnsFixture(2000, window);
    const s = rollingSharpe(r, window, 252, 0.02);
    const v = rollingVolatility(r, window, 252);
    const bt = rollingBeta(r, b, window);
    for (let i = 0; i < r.length; i++) {
      if (i < window - 1) {
        assert.ok(Number.isNaN(s[i]!) && Number.isNaN(v[i]!) && Number.isNaN(bt[i]!), `before the first window: ${i}`);
        continue;
      }
      const a = i - window + 1;
      close(s[i]!, sharpe(r.subarray(a, i + 1), 252, 0.02), `sharpe ${i}`);
      close(v[i]!, annualVolatility(r.subarray(a, i + 1), 252), `volatility ${i}`);
      close(bt[i]!, beta(r.subarray(a, i + 1), b.subarray(a, i + 1)), `beta ${i}`);
    }
  });
}

Deno.test("rolling metrics of constant and flat windows are exactly the full-period values: 0 volatility, ±∞ or undefined Sharpe", () => {
  const r = Float64Array.of(0.05, -0.03, 0, 0, 0, 0, 0, 0.002, 0.002, 0.002, 0.002, -0.001, -0.001, -0.001);
  const s = rollingSharpe(r, 3, 252), v = rollingVolatility(r, 3, 252);
  for (const i of [4, 5, 6]) assert.ok(v[i] === 0 && Number.isNaN(s[i]!), `flat window ${i}`);
  for (const i of [9, 10]) assert.ok(v[i] === 0 && s[i] === Infinity, `constant gain ${i}`);
  assert.ok(v[13] === 0 && s[13] === -Infinity);
});

Deno.test("rolling Sharpe by hand: mean 0.001, sample std 0.02/√2 over two returns", () => {
  // window [0.011, −0.009]: the sharpe() example, then [−0.009, 0.021]: mean 0.006, std 0.03/√2
  const s = rollingSharpe(Float64Array.of(0.011, -0.009, 0.021), 2, 252);
  close(s[1]!, 0.001 / (0.02 / Math.SQRT2) * Math.sqrt(252), "first window");
  close(s[2]!, 0.006 / (0.03 / Math.SQRT2) * Math.sqrt(252), "second window");
});

Deno.test("beta by hand: cov/var of the pairs where both returns exist", () => {
  // pairs (b, r): (0.01, 0.02), (−0.01, 0.0), (0.02, 0.01); b̄ 0.00667, r̄ 0.01
  // Σ(b−b̄)(r−r̄) = 0.00333·0.01 + (−0.01667)(−0.01) + 0.01333·0 = 0.0002; Σ(b−b̄)² = 0.0004667
  const b = Float64Array.of(0.01, -0.01, NaN, 0.02);
  const r = Float64Array.of(0.02, 0.0, 0.5, 0.01);
  close(beta(r, b), 0.0002 / (0.0014 / 3), "beta");
  assert.ok(Number.isNaN(beta(Float64Array.of(0.1), Float64Array.of(0.2))), "one pair");
});

Deno.test("a rolling window must be an integer ≥ 2", () => {
  assert.throws(() => rollingSharpe(Float64Array.of(1, 2), 1, 252), RangeError);
  assert.throws(() => rollingBeta(Float64Array.of(1, 2), Float64Array.of(1, 2), 2.5), RangeError);
});

Deno.test("rolling metrics without a full window, or without periods per year, are all undefined", () => {
  const r = Float64Array.of(0.01, 0.02);
  assert.ok(rollingSharpe(r, 5, 252).every(Number.isNaN));
  assert.ok(rollingVolatility(r, 2, NaN).every(Number.isNaN));
  assert.ok(rollingBeta(r, r, 3).every(Number.isNaN));
});
