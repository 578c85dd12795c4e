import assert from "node:assert/strict";
import { hashString32 } from "../random.ts";
import { normalCdf, normalQuantile } from "../normal.ts";
import { LatencySchema } from "./config.ts";
import { LANE_CANCEL, LANE_ORDER, latencyModel, latencyQuantile } from "./latency.ts";

const N = 100_000;
const STREAM = hashString32("XYZ");

/** N keyed draws of one symbol's orders 0..N−1. */
function draws(input: unknown, seed = 11): Float64Array {
  const m = latencyModel(LatencySchema.parse(input), seed);
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) out[i] = m.delayMs(STREAM, i, LANE_ORDER);
  return out;
}

function moments(xs: Float64Array): { mean: number; variance: number; m4: number; min: number; max: number } {
  let mean = 0, min = Infinity, max = -Infinity;
  for (const x of xs) {
    mean += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  mean /= xs.length;
  let variance = 0, m4 = 0;
  for (const x of xs) {
    const d = (x - mean) ** 2;
    variance += d;
    m4 += d * d;
  }
  return { mean: mean, variance: variance / xs.length, m4: m4 / xs.length, min, max };
}

/** Sample mean and variance within 5 standard errors of the distribution's. */
function assertMoments(xs: Float64Array, mean: number, variance: number, what: string): void {
  const m = moments(xs);
  const seMean = Math.sqrt(variance / xs.length);
  const seVar = Math.sqrt((m.m4 - m.variance ** 2) / xs.length);
  assert.ok(Math.abs(m.mean - mean) <= 5 * seMean, `${what}: mean ${m.mean}, expected ${mean} ± ${5 * seMean}`);
  assert.ok(
    Math.abs(m.variance - variance) <= 5 * seVar,
    `${what}: variance ${m.variance}, expected ${variance} ± ${5 * seVar}`,
  );
}

/** The share of draws at the cap is P(X ≥ cap), within 5 binomial standard errors; none above it. */
function assertCap(xs: Float64Array, cap: number, pAbove: number, what: string): void {
  let at = 0;
  for (const x of xs) {
    assert.ok(x <= cap, `${what}: ${x} above the cap ${cap}`);
    if (x === cap) at++;
  }
  const share = at / xs.length, se = Math.sqrt((pAbove * (1 - pAbove)) / xs.length);
  assert.ok(Math.abs(share - pAbove) <= 5 * se, `${what}: ${share} at the cap, expected ${pAbove}`);
}

Deno.test("normalCdf() and normalQuantile() match published values", () => {
  assert.ok(Math.abs(normalCdf(1.96) - 0.9750021048517795) < 1e-14);
  assert.ok(Math.abs(normalCdf(-4 / 3) - 0.0912112197258679) < 1e-14);
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-14);
  assert.ok(Math.abs(normalQuantile(1e-10) - -6.361340902404056) < 1e-12);
  for (const p of [1e-12, 0.01, 0.2, 0.5, 0.7, 0.99, 1 - 1e-9]) {
    assert.ok(Math.abs(normalCdf(normalQuantile(p)) - p) < 1e-13 * Math.max(1, p / (1 - p)), `round trip at ${p}`);
  }
});

Deno.test("latency none is always 0 and draws nothing", () => {
  const m = latencyModel({ kind: "none" }, 1);
  assert.equal(m.zero, true);
  assert.equal(m.delayMs(1, 2, 0), 0);
});

Deno.test("latency fixed is its value, capped", () => {
  assert.ok(draws({ kind: "fixed", ms: 25 }).every((x) => x === 25));
  assert.ok(draws({ kind: "fixed", ms: 25, maxMs: 10 }).every((x) => x === 10));
});

Deno.test("latency uniform has mean (a+b)/2 and variance (b−a)²/12 within sampling error; cap", () => {
  const xs = draws({ kind: "uniform", lowMs: 10, highMs: 50 });
  assertMoments(xs, 30, 40 ** 2 / 12, "uniform");
  const m = moments(xs);
  assert.ok(m.min >= 10 && m.max <= 50);
  assertCap(draws({ kind: "uniform", lowMs: 10, highMs: 50, maxMs: 40 }), 40, 0.25, "uniform cap");
});

Deno.test("latency normal is truncated at 0: mean μ+σλ, variance σ²(1+αλ−λ²); cap", () => {
  // μ = 20, σ = 15: α = −4/3, Φ(α) = 0.0912112197, λ = φ(α)/(1−Φ(α)); values from Python's math.erfc
  const xs = draws({ kind: "normal", meanMs: 20, stdMs: 15 });
  assertMoments(xs, 22.70706590303394, 163.53047613595228, "truncated normal");
  assert.ok(moments(xs).min >= 0, "never negative");
  // P(X > 40 | X ≥ 0) = (1 − Φ(4/3)) / (1 − Φ(−4/3))
  assertCap(draws({ kind: "normal", meanMs: 20, stdMs: 15, maxMs: 40 }), 40, 0.1003656974047968, "normal cap");
});

Deno.test("latency lognormal has mean m·e^(σ²/2), variance m²e^(σ²)(e^(σ²)−1), median m; cap", () => {
  const xs = draws({ kind: "lognormal", medianMs: 40, sigma: 0.6 });
  assertMoments(xs, 47.888694524872406, 993.7660737336755, "lognormal");
  const below = xs.filter((x) => x < 40).length / N;
  assert.ok(Math.abs(below - 0.5) < 5 * Math.sqrt(0.25 / N), `median: ${below} below 40`);
  // P(X > 100) = 1 − Φ(ln(2.5) / 0.6)
  assertCap(
    draws({ kind: "lognormal", medianMs: 40, sigma: 0.6, maxMs: 100 }),
    100,
    0.06336170645683603,
    "lognormal cap",
  );
});

Deno.test("latency exponential has mean m and variance m²; cap", () => {
  assertMoments(draws({ kind: "exponential", meanMs: 30 }), 30, 900, "exponential");
  assertCap(draws({ kind: "exponential", meanMs: 30, maxMs: 60 }), 60, Math.exp(-2), "exponential cap");
});

Deno.test("latency empirical draws each sample equally often; cap", () => {
  const samples = [5, 80, 20, 20, 300];
  const xs = draws({ kind: "empirical", samplesMs: samples });
  const mean = 425 / 5, variance = samples.reduce((a, x) => a + (x - mean) ** 2, 0) / 5;
  assertMoments(xs, mean, variance, "empirical");
  for (const v of [5, 20, 80, 300]) {
    const p = samples.filter((x) => x === v).length / 5;
    const share = xs.filter((x) => x === v).length / N;
    assert.ok(Math.abs(share - p) < 5 * Math.sqrt((p * (1 - p)) / N), `${v}: ${share}, expected ${p}`);
  }
  assertCap(draws({ kind: "empirical", samplesMs: samples, maxMs: 100 }), 100, 0.2, "empirical cap");
});

Deno.test("a delay is a pure function of (seed, stream, counter, lane)", () => {
  const c = LatencySchema.parse({ kind: "lognormal", medianMs: 40, sigma: 0.6 });
  const a = latencyModel(c, 5), b = latencyModel(c, 5);
  // drawing in a different order gives the same values
  const fwd = Array.from({ length: 50 }, (_, i) => a.delayMs(STREAM, i, LANE_ORDER));
  const back = Array.from({ length: 50 }, (_, i) => b.delayMs(STREAM, 49 - i, LANE_ORDER)).reverse();
  assert.deepEqual(fwd, back);
  assert.notEqual(a.delayMs(STREAM, 0, LANE_ORDER), a.delayMs(STREAM, 0, LANE_CANCEL));
  assert.notEqual(a.delayMs(STREAM, 0, LANE_ORDER), latencyModel(c, 6).delayMs(STREAM, 0, LANE_ORDER));
  assert.notEqual(a.delayMs(STREAM, 0, LANE_ORDER), a.delayMs(hashString32("ABC"), 0, LANE_ORDER));
});

Deno.test("every latency quantile is monotone in u, so a parameter change keeps each order's rank", () => {
  const kinds = [
    { kind: "fixed", ms: 3 },
    { kind: "uniform", lowMs: 1, highMs: 9 },
    { kind: "normal", meanMs: 5, stdMs: 10 },
    { kind: "lognormal", medianMs: 40, sigma: 1.5 },
    { kind: "exponential", meanMs: 7 },
    { kind: "empirical", samplesMs: [9, 1, 4] },
  ];
  for (const k of kinds) {
    const q = latencyQuantile(LatencySchema.parse(k));
    let prev = -Infinity;
    for (let u = 1e-9; u < 1; u += 0.001) {
      const x = q(u);
      assert.ok(x >= prev && x >= 0, `${k.kind} at ${u}`);
      prev = x;
    }
  }
});
