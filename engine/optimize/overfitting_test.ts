import assert from "node:assert/strict";
import { mulberry32 } from "../random.ts";
import {
  BlockStatistics,
  deflatedSharpeRatio,
  probabilisticSharpeRatio,
  probabilityOfBacktestOverfitting,
  probabilityOfBacktestOverfittingFromBlocks,
} from "./overfitting.ts";

const close = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: expected ${expected} ± ${tol}, found ${actual}`);

/** One trial whose 4 blocks of 2 rows have the given values (a block is `[v, v]`, or `[v + e, v − e]` with spread `e`). */
const blocks = (values: number[], spread = 0) => Float64Array.from(values.flatMap((v) => [v + spread, v - spread]));

// Bailey and López de Prado (2014), "The Deflated Sharpe Ratio", numerical example: annualised SR 2.5 over
// 5 years of daily returns (T = 1250, 250 days a year), N = 100 trials, V[annualised SR] = 0.5, skew −3,
// raw kurtosis 10 → DSR 0.9004. Per day: SR = 2.5/√250 = 0.15811, V[SR] = 0.5/250 = 0.002.
// By hand: Φ⁻¹(0.99) = 2.32635, Φ⁻¹(1 − 1/(100e)) = Φ⁻¹(0.99632) = 2.68099,
// SR0 = √0.002 · (0.42278 · 2.32635 + 0.57722 · 2.68099) = 0.044721 · 2.53060 = 0.11317,
// z = (0.15811 − 0.11317) · √1249 / √(1 + 3 · 0.15811 + 9/4 · 0.025) = 1.58829 / 1.23717 = 1.28382, Φ(z) = 0.90040.
const paperExample = {
  sharpe: 2.5 / Math.sqrt(250),
  trials: 100,
  sharpeVariance: 0.5 / 250,
  observations: 1250,
  skew: -3,
  kurtosis: 10,
};

Deno.test("deflatedSharpeRatio() reproduces the numerical example of Bailey and López de Prado (2014)", () => {
  const { dsr, expectedMaxSharpe } = deflatedSharpeRatio(paperExample);
  close(expectedMaxSharpe, 0.11317, 5e-6, "SR0 per day");
  close(expectedMaxSharpe * Math.sqrt(250), 1.7894, 5e-4, "SR0 annualised");
  close(dsr, 0.9004, 5e-5, "DSR");
});

Deno.test("deflatedSharpeRatio() wants per-period Sharpe ratios: the annualised figures saturate it", () => {
  const annualised = deflatedSharpeRatio({ ...paperExample, sharpe: 2.5, sharpeVariance: 0.5, skew: 0, kurtosis: 3 });
  assert.ok(annualised.dsr > 0.999999);
});

Deno.test("deflatedSharpeRatio() with one trial has no selection: SR0 = 0 and DSR = PSR against 0", () => {
  const input = { ...paperExample, trials: 1 };
  const { dsr, expectedMaxSharpe } = deflatedSharpeRatio(input);
  assert.equal(expectedMaxSharpe, 0);
  assert.equal(dsr, probabilisticSharpeRatio({ ...input, benchmark: 0 }));
});

Deno.test("deflatedSharpeRatio() benchmark grows with the number of trials and with √V[SR]", () => {
  const at = (trials: number, sharpeVariance: number) =>
    deflatedSharpeRatio({ ...paperExample, trials, sharpeVariance }).expectedMaxSharpe;
  assert.ok(at(10, 0.002) < at(100, 0.002) && at(100, 0.002) < at(1000, 0.002));
  close(at(100, 0.008), 2 * at(100, 0.002), 1e-15, "SR0 scales with √V");
  assert.equal(at(100, 0), 0);
});

Deno.test("probabilisticSharpeRatio() is 1/2 at the benchmark and Φ(1/√1.005) for normal returns, SR 0.1, T 101", () => {
  // Φ(0) = 1/2, to the 1.2e-7 accuracy of the erfc approximation
  close(
    probabilisticSharpeRatio({ sharpe: 0.2, benchmark: 0.2, observations: 50, skew: -1, kurtosis: 6 }),
    0.5,
    1e-7,
    "PSR",
  );
  // z = 0.1 · √100 / √(1 + (3 − 1)/4 · 0.01) = 1/√1.005 = 0.997509; Φ(0.997509) = 0.840741
  const psr = probabilisticSharpeRatio({ sharpe: 0.1, benchmark: 0, observations: 101, skew: 0, kurtosis: 3 });
  close(psr, 0.840741, 1e-6, "PSR");
  // symmetric about the benchmark for normal returns and SR* = 0 … = 1 − PSR(−SR)
  const below = probabilisticSharpeRatio({ sharpe: -0.1, benchmark: 0, observations: 101, skew: 0, kurtosis: 3 });
  close(psr + below, 1, 1e-7, "PSR(SR) + PSR(−SR)");
});

Deno.test("probabilisticSharpeRatio() falls with negative skew and fat tails, and rises with the track record", () => {
  const base = { sharpe: 0.1, benchmark: 0, observations: 252, skew: 0, kurtosis: 3 };
  const psr = probabilisticSharpeRatio(base);
  assert.ok(probabilisticSharpeRatio({ ...base, skew: -2, kurtosis: 9 }) < psr);
  assert.ok(probabilisticSharpeRatio({ ...base, kurtosis: 20 }) < psr);
  assert.ok(probabilisticSharpeRatio({ ...base, observations: 1000 }) > psr);
});

Deno.test("probabilisticSharpeRatio() rejects an excess kurtosis, too few observations and non-finite input", () => {
  const base = { sharpe: 0.1, benchmark: 0, observations: 252, skew: 0, kurtosis: 3 };
  assert.throws(() => probabilisticSharpeRatio({ ...base, kurtosis: 0 }), { name: "ConfigError", message: /kurtosis/ });
  assert.throws(() => probabilisticSharpeRatio({ ...base, skew: -3, kurtosis: 9 }), {
    name: "ConfigError",
    message: /1 \+ skew²/,
  });
  assert.throws(() => probabilisticSharpeRatio({ ...base, observations: 1 }), {
    name: "ConfigError",
    message: /observations/,
  });
  assert.throws(() => probabilisticSharpeRatio({ ...base, sharpe: NaN }), { name: "ConfigError", message: /sharpe/ });
  assert.throws(() => deflatedSharpeRatio({ ...paperExample, trials: 0 }), { name: "ConfigError", message: /trials/ });
  assert.throws(() => deflatedSharpeRatio({ ...paperExample, sharpeVariance: -1 }), {
    name: "ConfigError",
    message: /sharpeVariance/,
  });
});

// PBO by hand, S = 4 blocks of 2 rows: the in-sample sets in order are {0,1} {0,2} {0,3} {1,2} {1,3} {2,3}.

Deno.test("PBO is 1 when the in-sample winner is always the out-of-sample loser", () => {
  // A's block means 1, 2, −4, 1 sum to 0, so out-of-sample sum = −(in-sample sum); no half sums to 0
  // (in-sample sums 3, −3, 2, −2, 3, −3). B = −A. The in-sample winner has the positive mean (and Sharpe),
  // hence the negative one out-of-sample: rank 1 of 2, ω̄ = 1/3, λ = ln(1/2).
  const a = blocks([1, 2, -4, 1], 0.5);
  const b = a.map((x) => -x);
  for (const metric of ["mean", "sharpe"] as const) {
    const r = probabilityOfBacktestOverfitting([a, b], { splits: 4, metric });
    assert.equal(r.pbo, 1, metric);
    assert.equal(r.combinations, 6);
    for (const l of r.logits) close(l, Math.log(1 / 2), 1e-15, `${metric} λ`);
  }
});

Deno.test("PBO is 0 when one trial dominates every block, and λ = ln(N) for the best of N", () => {
  // blocks of `best` are [1.1, 0.9]: Sharpe ≈ 10 on any rows; `flat` [1, −1]: Sharpe 0; `worst` [−0.9, −1.1]: ≈ −10.
  // `best` is listed last, so no tie-break by index helps it
  const best = blocks([1, 1, 1, 1], 0.1);
  const flat = blocks([0, 0, 0, 0], 1);
  const worst = blocks([-1, -1, -1, -1], 0.1);
  const r = probabilityOfBacktestOverfitting([flat, worst, best], { splits: 4 });
  assert.equal(r.pbo, 0);
  // rank 3 of 3: ω̄ = 3/4, λ = ln 3
  for (const l of r.logits) close(l, Math.log(3), 1e-15, "λ");
  close(r.logitSummary.mean, Math.log(3), 1e-15, "mean λ");
  close(r.logitSummary.median, Math.log(3), 1e-15, "median λ");
});

const closeAll = (actual: Float64Array, expected: number[], what: string) => {
  assert.equal(actual.length, expected.length, `${what}: length`);
  expected.forEach((x, i) => close(actual[i]!, x, 1e-15, `${what}[${i}]`));
};

Deno.test("PBO breaks ties by trial index, in-sample and out-of-sample", () => {
  // A − B block means 3, 1, −1, −1 (total 2): in-sample differences 4, 2, 2, 0, 0, −2, out-of-sample −2, 0, 0, 2, 2, 4.
  // Ties go to the lower index, A: {0,1} A wins, loses out → overfit; {0,2} {0,3} A wins, ties out → A ranks above;
  // {1,2} {1,3} tie in → A, wins out; {2,3} B wins, loses out → overfit. PBO = 2/6; λ = ln(1/2) or ln 2.
  const a = blocks([3, 1, -1, -1]);
  const b = blocks([0, 0, 0, 0]);
  const r = probabilityOfBacktestOverfitting([a, b], { splits: 4, metric: "mean" });
  const ln2 = Math.log(2);
  closeAll(r.logits, [-ln2, ln2, ln2, ln2, ln2, -ln2], "λ");
  close(r.pbo, 1 / 3, 1e-15, "PBO");

  // three trials with block means t0: 1 1 −1 −1, t1: 0 0 0 0, t2: −2 −2 2 2.
  // {0,1}: t0 wins (1, 0, −2), out-of-sample −1, 0, 2 → rank 1 of 3, ω̄ = 1/4, λ = ln(1/3); {2,3} likewise for t2.
  // The four mixed sets: in-sample 0, 0, 0 → t0 by index; out-of-sample 0, 0, 0 → t0 above both by index,
  // rank 3, λ = ln 3. PBO = 2/6.
  const three = probabilityOfBacktestOverfitting([blocks([1, 1, -1, -1]), b, blocks([-2, -2, 2, 2])], {
    splits: 4,
    metric: "mean",
  });
  const ln3 = Math.log(3);
  closeAll(three.logits, [-ln3, ln3, ln3, ln3, ln3, -ln3], "λ");
  close(three.pbo, 1 / 3, 1e-15, "PBO");
  close(three.logitSummary.mean, ln3 / 3, 1e-15, "mean λ");
  close(three.logitSummary.min, -ln3, 1e-15, "min λ");
  close(three.logitSummary.median, ln3, 1e-15, "median λ");
});

Deno.test("PBO counts λ = 0 (the in-sample winner at the out-of-sample median) as overfit", () => {
  // S = 2, one row per block, three trials (mean metric): rows t0 = 2, 1; t1 = 1, 2; t2 = 0, 0.
  // In-sample {0}: t0 wins (2), out-of-sample 1 vs 2 vs 0 → rank 2 of 3, ω̄ = 2/4, λ = 0.
  // In-sample {1}: t1 wins (2), out-of-sample t1 = 1 vs 2 vs 0 → rank 2, λ = 0. PBO = 2/2.
  const r = probabilityOfBacktestOverfitting([
    Float64Array.from([2, 1]),
    Float64Array.from([1, 2]),
    Float64Array.from([0, 0]),
  ], { splits: 2, metric: "mean" });
  assert.equal(r.combinations, 2);
  assert.deepEqual(Array.from(r.logits), [0, 0]);
  assert.equal(r.pbo, 1);
});

Deno.test("PBO drops the rows past the last whole block and evaluates C(S, S/2) splits", () => {
  const a = blocks([1, 2, -4, 1], 0.5);
  const b = a.map((x) => -x);
  // a ninth row that would make A the winner everywhere if it were used
  const a9 = Float64Array.from([...a, 1e6]), b9 = Float64Array.from([...b, -1e6]);
  const r = probabilityOfBacktestOverfitting([a9, b9], { splits: 4 });
  assert.equal(r.blockRows, 2);
  assert.equal(r.droppedRows, 1);
  assert.equal(r.pbo, 1);

  // C(16, 8) = 16! / (8! 8!) = 12,870
  const rows = 40; // 16 blocks of 2, 8 dropped
  const trials = [0, 1, 2].map((k) => Float64Array.from({ length: rows }, (_, i) => Math.sin(i * (k + 1)) + 0.01 * k));
  const big = probabilityOfBacktestOverfitting(trials);
  assert.equal(big.combinations, 12_870);
  assert.equal(big.logits.length, 12_870);
  assert.equal(big.droppedRows, 8);
  assert.equal(probabilityOfBacktestOverfitting(trials, { splits: 6 }).combinations, 20);
  const s = big.logitSummary;
  assert.ok(s.min <= s.q25 && s.q25 <= s.median && s.median <= s.q75 && s.q75 <= s.max);
});

Deno.test("PBO rejects an odd split count, too few rows, ragged trials and a single trial", () => {
  const a = new Float64Array(8), b = new Float64Array(8);
  assert.throws(() => probabilityOfBacktestOverfitting([a, b], { splits: 3 }), {
    name: "ConfigError",
    message: /splits: expected an even/,
  });
  assert.throws(
    () => probabilityOfBacktestOverfitting([a, b], { splits: 16 }),
    { name: "ConfigError", message: /16 rows per trial, found 8/ },
  );
  assert.throws(
    () => probabilityOfBacktestOverfitting([a, new Float64Array(7)], { splits: 4 }),
    { name: "ConfigError", message: /trial 1/ },
  );
  assert.throws(() => probabilityOfBacktestOverfitting([a], { splits: 4 }), {
    name: "ConfigError",
    message: /at least 2 trials/,
  });
});

Deno.test("PBO from block statistics: a hand-worked case of 4 trials and 2 blocks, equal to the matrix version", () => {
  // block means (each block two equal rows): A 4 | 1, B 3 | 4, C 2 | 3, D 1 | 2
  const rows = [[4, 1], [3, 4], [2, 3], [1, 2]].map(([x, y]) => Float64Array.of(x!, x!, y!, y!));
  // split 1, in-sample {0}: A is best (4); out-of-sample A 1 < D 2 < C 3 < B 4: rank ω = 1, ω̄ = 1/5, λ = ln(1/4)
  // split 2, in-sample {1}: B is best (4); out-of-sample D 1 < C 2 < B 3 < A 4: ω = 3, ω̄ = 3/5, λ = ln(3/2)
  // PBO = #{λ ≤ 0} / 2 = 1/2
  const blocks = new BlockStatistics(4, 2);
  rows.forEach((r, t) => blocks.addTrial(t, r));
  const fromBlocks = probabilityOfBacktestOverfittingFromBlocks(blocks, { metric: "mean" });
  assert.equal(fromBlocks.combinations, 2);
  assert.equal(fromBlocks.pbo, 0.5);
  close(fromBlocks.logits[0]!, Math.log(1 / 4), 1e-15, "λ of split 1");
  close(fromBlocks.logits[1]!, Math.log(3 / 2), 1e-15, "λ of split 2");
  const fromRows = probabilityOfBacktestOverfitting(rows, { splits: 2, metric: "mean" });
  assert.equal(fromRows.pbo, fromBlocks.pbo);
  assert.deepEqual(fromRows.logits, fromBlocks.logits);
});

Deno.test("PBO from (count, Σr, Σr²) per block equals the matrix version's Sharpe ranking on 12 random trials", () => {
  const rand = mulberry32(17);
  const S = 8, T = 203; // 25 rows per block, 3 dropped
  const trials = Array.from(
    { length: 12 },
    (_, k) => Float64Array.from({ length: T }, () => (rand() - 0.5 + 0.02 * k) / 50),
  );
  const blocks = new BlockStatistics(trials.length, S);
  trials.forEach((r, t) => {
    for (let b = 0; b < S; b++) {
      let n = 0, sum = 0, sq = 0;
      for (const x of r.subarray(b * 25, b * 25 + 25)) (n++, sum += x, sq += x * x);
      // count, mean and M2 from the raw sums, as a reader of another tool's per-block sums would
      blocks.setBlock(t, b, n, sum / n, sq - (sum * sum) / n);
    }
  });
  const fromBlocks = probabilityOfBacktestOverfittingFromBlocks(blocks);
  const fromRows = probabilityOfBacktestOverfitting(trials, { splits: S });
  assert.equal(fromBlocks.combinations, 70); // C(8, 4)
  assert.equal(fromBlocks.pbo, fromRows.pbo);
  for (let c = 0; c < 70; c++) close(fromBlocks.logits[c]!, fromRows.logits[c]!, 1e-12, `λ of split ${c}`);
});

/** CSCV written out directly (Bailey et al., 2015, §2): each split's rows concatenated, Sharpe from the rows. */
function referencePbo(trials: Float64Array[], S: number): number[] {
  const size = Math.floor(trials[0]!.length / S), N = trials.length;
  const sharpe = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return m / Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
  };
  const rowsOf = (t: number, blocks: number[]) =>
    blocks.flatMap((b) => Array.from(trials[t]!.subarray(b * size, (b + 1) * size)));
  const logits: number[] = [];
  const pick = (from: number, chosen: number[]) => {
    if (chosen.length === S / 2) {
      const rest = [...Array(S).keys()].filter((b) => !chosen.includes(b));
      const is = trials.map((_, t) => sharpe(rowsOf(t, chosen)));
      const oos = trials.map((_, t) => sharpe(rowsOf(t, rest)));
      const best = is.indexOf(Math.max(...is)); // no ties in random data
      const rank = oos.filter((x) => x < oos[best]!).length + 1;
      logits.push(Math.log(rank / (N + 1) / (1 - rank / (N + 1))));
      return;
    }
    for (let b = from; b < S; b++) pick(b + 1, [...chosen, b]);
  };
  pick(0, []);
  return logits;
}

Deno.test("PBO from blocks equals CSCV written out over the concatenated rows of each split", () => {
  const rand = mulberry32(5);
  const S = 6, T = 62; // 10 rows per block, 2 dropped
  const trials = Array.from(
    { length: 7 },
    (_, k) => Float64Array.from({ length: T }, () => (rand() - 0.48 + 0.01 * k) / 40),
  );
  const blocks = new BlockStatistics(trials.length, S);
  trials.forEach((r, t) => blocks.addTrial(t, r.subarray(0, 60)));
  const ours = probabilityOfBacktestOverfittingFromBlocks(blocks);
  const reference = referencePbo(trials, S);
  assert.equal(ours.combinations, reference.length); // C(6, 3) = 20
  assert.equal(reference.length, 20);
  reference.forEach((l, c) => close(ours.logits[c]!, l, 1e-12, `λ of split ${c}`));
  assert.equal(ours.pbo, reference.filter((l) => l <= 0).length / 20);
});

Deno.test("PBO from blocks rejects an odd split count and a single trial", () => {
  assert.throws(() => probabilityOfBacktestOverfittingFromBlocks(new BlockStatistics(2, 3)), {
    name: "ConfigError",
    message: /expected an even integer ≥ 2, found 3/,
  });
  assert.throws(() => probabilityOfBacktestOverfittingFromBlocks(new BlockStatistics(1, 4)), {
    name: "ConfigError",
    message: /at least 2 trials, found 1/,
  });
});
