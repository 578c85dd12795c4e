/**
 * Central moments for skew and kurtosis, private to the metric kernels.
 *
 * @module
 */

/** Count, mean and the biased central moments `m_k = mean((x − x̄)^k)`, NaN skipped. */
export interface CentralMoments {
  n: number;
  mean: number;
  m2: number;
  m3: number;
  m4: number;
}

/**
 * Two passes (mean, then centred powers), as `scipy.stats` computes them; the
 * divisor is `n` (biased, scipy's default `bias=True`).
 */
export function centralMoments(values: Float64Array): CentralMoments {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x !== x) continue;
    n++;
    sum += x;
  }
  const mean = sum / n;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - mean;
    if (d !== d) continue;
    const d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  return { n, mean, m2: s2 / n, m3: s3 / n, m4: s4 / n };
}

/**
 * scipy's test for a constant sample (`m2 ≤ (eps · mean)²`): its moments are
 * round-off, so skew and kurtosis are undefined (NaN).
 */
export function isDegenerate(m: CentralMoments): boolean {
  return m.n < 2 || !(m.m2 > (Number.EPSILON * m.mean) ** 2);
}
