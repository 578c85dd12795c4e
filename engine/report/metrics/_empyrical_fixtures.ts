/**
 * Reference inputs and outputs copied from empyrical's test suite.
 *
 * Source: repository `quantopian/empyrical`, file
 * `empyrical/tests/test_stats.py`, class `TestStats` (version read at commit
 * 0a9fa5848a3ed519be0f514df9e3a04fb7b37ad3). The return vectors are the
 * class attributes of the same names; numpy builds them as
 * `np.array([...]) / 100`, which is reproduced here element by element (IEEE
 * division, so the values are bit-identical). The expected outputs live next
 * to the tests that use them, each citing its `test_*` method.
 *
 * Test-only; not re-exported by `mod.ts`.
 *
 * @module
 */

const pct = (xs: readonly number[]): readonly number[] => xs.map((x) => x / 100);

/** `simple_benchmark`: "Simple benchmark, no drawdown". */
export const SIMPLE_BENCHMARK: readonly number[] = pct([0, 1, 0, 1, 0, 1, 0, 1, 0]);
/** `positive_returns`: "All positive returns, small variance". */
export const POSITIVE_RETURNS: readonly number[] = pct([1, 2, 1, 1, 1, 1, 1, 1, 1]);
/** `negative_returns`: "All negative returns". */
export const NEGATIVE_RETURNS: readonly number[] = pct([0, -6, -7, -1, -9, -2, -6, -8, -5]);
/** `mixed_returns`: "Positive and negative returns with max drawdown"; first element NaN. */
export const MIXED_RETURNS: readonly number[] = pct([NaN, 1, 10, -4, 2, 3, 2, 1, -10]);
/** `flat_line_1`: nine returns of exactly 1%. */
export const FLAT_LINE_1: readonly number[] = pct([1, 1, 1, 1, 1, 1, 1, 1, 1]);
/** `weekly_returns` (values; index is `freq='W'`). */
export const WEEKLY_RETURNS: readonly number[] = pct([0, 1, 10, -4, 2, 3, 2, 1, -10]);
/** `monthly_returns` (values; index is `freq='M'`). */
export const MONTHLY_RETURNS: readonly number[] = pct([0, 1, 10, -4, 2, 3, 2, 1, -10]);
/** `one_return`: a series of length 1. */
export const ONE_RETURN: readonly number[] = pct([1]);
/** `empty_returns`. */
export const EMPTY_RETURNS: readonly number[] = [];
/** `flat_line_1_tz`: `np.linspace(0.01, 0.01, num=1000)`. */
export const FLAT_LINE_1_TZ: readonly number[] = new Array<number>(1000).fill(0.01);
/** `one` column of `df_simple` / `df_week` / `df_month`. */
export const DF_ONE: readonly number[] = [
  -0.00171614,
  0.01322056,
  0.03063862,
  -0.01422057,
  -0.00489779,
  0.01268925,
  -0.03357711,
  0.01797036,
];
/** `two` column of `df_simple` / `df_week` / `df_month`. */
export const DF_TWO: readonly number[] = [
  0.01846232,
  0.00793951,
  -0.01448395,
  0.00422537,
  -0.00339611,
  0.03756813,
  0.0151531,
  0.03549769,
];

/** `pd.date_range('2000-1-30', periods=9, freq='D')` in epoch ms (UTC). */
export const DAILY_INDEX_MS: Float64Array = Float64Array.from(
  { length: 9 },
  (_, i) => Date.UTC(2000, 0, 30 + i),
);
/** `pd.date_range('2000-1-30', periods=9, freq='W')`: Sundays from 2000-01-30. */
export const WEEKLY_INDEX_MS: Float64Array = Float64Array.from(
  { length: 9 },
  (_, i) => Date.UTC(2000, 0, 30 + 7 * i),
);
/** `pd.date_range('2000-1-30', periods=9, freq='M')`: month ends from 2000-01-31. */
export const MONTHLY_INDEX_MS: Float64Array = Float64Array.from(
  { length: 9 },
  (_, i) => Date.UTC(2000, 1 + i, 0),
);

/** Copy a plain returns vector into a Float64Array. */
export const f64 = (xs: readonly number[]): Float64Array => Float64Array.from(xs);
