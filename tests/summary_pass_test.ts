import assert from "node:assert/strict";
import fc from "fast-check";
import { computeMetrics } from "../engine/report/metrics/compute_metrics.ts";
import { SUMMARY_METRICS } from "../engine/optimize/objective.ts";
import { runStatistics } from "../engine/optimize/trial_returns.ts";
import { riskFreePerPeriod } from "../engine/report/metrics/risk_free_per_period.ts";
import { simpleReturns } from "../engine/report/metrics/simple_returns.ts";
import type { SweepBlocks } from "../engine/report/metrics/sweep_pass.ts";

// what a sweep's run reports, and what its statistics read
const REPORTED = [...SUMMARY_METRICS, "skew", "kurtosis", "downsideDeviation"] as const;

// equity curves with flat stretches, NaN, zero and negative equity, jumps that compound past 1e150 and returns ≤ −1
const pointArb = fc.oneof(
  { weight: 30, arbitrary: fc.double({ min: -0.2, max: 0.2, noNaN: true }).map((x) => ({ kind: "ret" as const, x })) },
  { weight: 20, arbitrary: fc.constant({ kind: "flat" as const, x: 0 }) },
  { weight: 1, arbitrary: fc.constant({ kind: "nan" as const, x: NaN }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -5, 1e160, 1e-160).map((x) => ({ kind: "set" as const, x })) },
  { weight: 1, arbitrary: fc.constantFrom(-1, -1.5).map((x) => ({ kind: "ret" as const, x })) },
);

/**
 * `points` with, at `at` (when given), a crash of equity from 1e160 to 1e-160: a return that rounds to −1 although
 * both equities are positive (the CAGR's floor), which random points almost never draw.
 */
function withCrash(points: readonly { kind: string; x: number }[], at: number | null) {
  if (at === null) return points;
  const i = at % (points.length + 1);
  return [...points.slice(0, i), { kind: "set", x: 1e160 }, { kind: "set", x: 1e-160 }, ...points.slice(i)];
}

/** Where to put a crash, in one curve of two. */
const crashArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.nat() },
);

/** The daily equity curve of `points` from `initial`. */
function curveOf(points: readonly { kind: string; x: number }[], initial: number) {
  const equity = new Float64Array(points.length);
  let e = initial;
  points.forEach((p, i) => {
    e = p.kind === "ret" ? e * (1 + p.x) : p.kind === "flat" ? e : p.x;
    equity[i] = e;
    if (p.kind === "nan") e = equity[i - 1] ?? initial;
  });
  return { equity, tsMs: Float64Array.from(equity, (_, i) => i * 86_400_000) };
}

Deno.test("summary metrics (one pass, then the moments) are the same bits as the full computation, over random curves", () => {
  fc.assert(
    fc.property(
      fc.array(pointArb, { minLength: 0, maxLength: 400 }),
      fc.constantFrom(100, 1e5),
      fc.constantFrom(252, 98_280, NaN, 1),
      fc.constantFrom(0, 0.03),
      crashArb,
      (points, initial, ppy, riskFree, crash) => {
        const { equity, tsMs } = curveOf(withCrash(points, crash), initial);
        const input = { equity, tsMs, initial, periodsPerYear: ppy, riskFree };
        const scratch = new Float64Array(equity.length + 3).fill(7);
        const lean = computeMetrics({ ...input, only: "summary", scratch });
        const full = computeMetrics(input);
        for (const k of REPORTED) {
          assert.ok(Object.is(lean[k], full[k]), `${k}: ${lean[k]} vs ${full[k]}`);
        }
        // the returns are left in scratch
        let prev: number = initial;
        for (let i = 0; i < equity.length; i++) {
          const r = prev > 0 && prev < Infinity ? equity[i]! / prev - 1 : NaN;
          assert.ok(Object.is(scratch[i], r), `return ${i}`);
          prev = equity[i]!;
        }
      },
    ),
    { numRuns: 500, seed: 19 },
  );
});

Deno.test("a sweep's one pass (no moments, with CSCV blocks) is the same bits as the full computation and runStatistics", () => {
  fc.assert(
    fc.property(
      fc.array(pointArb, { minLength: 0, maxLength: 400 }),
      fc.constantFrom(100, 1e5),
      fc.constantFrom(252, 98_280, NaN, 1),
      fc.constantFrom(0, 0.03),
      fc.constantFrom(1, 2, 5, 16),
      crashArb,
      (points, initial, ppy, riskFree, splits, crash) => {
        const { equity, tsMs } = curveOf(withCrash(points, crash), initial);
        const input = { equity, tsMs, initial, periodsPerYear: ppy, riskFree };
        const rfp = ppy === ppy ? riskFreePerPeriod(riskFree, ppy) : 0;
        const blocks: SweepBlocks = { splits, riskFreePerPeriod: rfp, out: new Float64Array(3 * splits).fill(7) };
        const scratch = new Float64Array(equity.length).fill(7);
        const lean = computeMetrics({ ...input, only: "summary", distribution: false, scratch, blocks });
        const full = computeMetrics(input);
        for (const k of SUMMARY_METRICS) {
          assert.ok(Object.is(lean[k], full[k]), `${k}: ${lean[k]} vs ${full[k]}`);
        }
        assert.ok(Number.isNaN(lean.skew) && Number.isNaN(lean.kurtosis));
        const returns = simpleReturns(equity, initial);
        const want = runStatistics(returns, splits, rfp, { sharpe: 0, skew: 0, kurtosis: 0 });
        assert.equal(blocks.count, want[0]);
        for (let i = 0; i < 3 * splits; i++) {
          assert.ok(Object.is(blocks.out[i], want[4 + i]), `block value ${i}: ${blocks.out[i]} vs ${want[4 + i]}`);
        }
      },
    ),
    { numRuns: 1000, seed: 23 },
  );
});
