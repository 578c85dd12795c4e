import assert from "node:assert/strict";
import { returnRatios } from "./_return_ratios.ts";
import { annualVolatility } from "./annual_volatility.ts";
import { downsideDeviation } from "./downside_deviation.ts";
import { omegaRatio } from "./omega_ratio.ts";
import { riskFreePerPeriod } from "./risk_free_per_period.ts";
import { sharpe } from "./sharpe.ts";
import { sortino } from "./sortino.ts";
import { mulberry32 } from "../../random.ts";

Deno.test("returnRatios() gives exactly the bits of the five functions it fuses", () => {
  const rnd = mulberry32(17);
  const u = () => rnd() / 2 ** 32;
  const special = [NaN, Infinity, -Infinity, 0, -0, -1, 1e-300];
  for (let it = 0; it < 400; it++) {
    const n = Math.floor(u() * 300);
    const kind = it % 6;
    let zeros = 0; // kind 5: runs of +0 and −0 (a flat position's returns) between small returns
    const r = Float64Array.from(
      { length: n },
      () =>
        kind === 5
          ? (zeros > 0
            ? (zeros--, u() < 0.1 ? -0 : 0)
            : u() < 0.15
            ? ((zeros = Math.floor(u() * 40)), 0)
            : (u() - 0.45) * 0.01)
          : kind === 0
          ? (u() - 0.48) * 0.02
          : kind === 1
          ? 0.001 // constant: zero volatility
          : kind === 2
          ? (u() < 0.2 ? NaN : (u() - 0.5) * 0.05)
          : kind === 3
          ? (u() < 0.02 ? special[Math.floor(u() * special.length)]! : (u() - 0.5) * 0.01)
          : 1e6 + (u() - 0.5),
    ); // a large mean: the pilot shift at work
    for (const ppy of [252, 1, 252 * 390, NaN, Infinity, 0]) {
      for (const rf of [0, 0.04, -0.5]) {
        for (const omega of [true, false]) {
          const got = returnRatios(r, ppy, rf, omega);
          const want = {
            annualVolatility: annualVolatility(r, ppy),
            sharpe: sharpe(r, ppy, rf),
            sortino: sortino(r, ppy, rf),
            downsideDeviation: downsideDeviation(r, ppy, rf),
            omegaRatio: omega ? omegaRatio(r, 0, ppy, riskFreePerPeriod(rf, ppy)) : NaN,
          };
          for (const k of Object.keys(want) as (keyof typeof want)[]) {
            assert.ok(
              Object.is(got[k], want[k]),
              `${k} of ${n} returns (kind ${kind}), ppy ${ppy}, rf ${rf}: ${got[k]} vs ${want[k]}`,
            );
          }
        }
      }
    }
  }
});
