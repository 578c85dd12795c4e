/**
 * Walk-forward windows: where each training and test window starts and ends.
 *
 * Lengths are bar counts (a number: distinct bar times on the frame's clock)
 * or calendar durations (`2y`, `6m`, `3w`, `10d`, `4h`, `30min`; here `m` is
 * **months** and `min` is minutes). Durations count from the first bar's time
 * in UTC calendar arithmetic (a month after Jan 31 is the last day of
 * February); a window holds the bars whose start time falls inside it.
 *
 * - **rolling**: window `i` trains on `[start + i·step, … + train)` and tests on
 *   the `test` that follows;
 * - **anchored**: every window trains from the first bar; its end moves by `step`.
 *
 * Only windows whose test period lies entirely inside the data are made.
 *
 * @module
 */
import { ConfigError } from "../errors.ts";
import { lowerBound } from "../data/lower_bound.ts";

/** A parsed window length. */
export type WindowLength =
  | { readonly kind: "bars"; readonly n: number }
  | { readonly kind: "months"; readonly n: number }
  | { readonly kind: "ms"; readonly ms: number };

const UNIT: Record<string, { kind: "months"; n: number } | { kind: "ms"; ms: number }> = {
  y: { kind: "months", n: 12 },
  m: { kind: "months", n: 1 },
  mo: { kind: "months", n: 1 },
  w: { kind: "ms", ms: 604_800_000 },
  d: { kind: "ms", ms: 86_400_000 },
  h: { kind: "ms", ms: 3_600_000 },
  min: { kind: "ms", ms: 60_000 },
};

/**
 * Parse a window length: a positive whole number of bars, or a duration
 * string. Returns null when it is neither.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseWindowLength } from "./windows.ts";
 * assert.ok(parseWindowLength("6m")?.kind === "months");
 * assert.ok(parseWindowLength(250)?.kind === "bars");
 * assert.ok(parseWindowLength("6x") === null);
 * ```
 */
export function parseWindowLength(v: number | string): WindowLength | null {
  if (typeof v === "number") return Number.isInteger(v) && v > 0 ? { kind: "bars", n: v } : null;
  const m = /^(\d+)\s*(y|mo|m|w|d|h|min)$/.exec(v.trim());
  if (!m) return null;
  const n = Number(m[1]);
  if (!(n > 0)) return null;
  const u = UNIT[m[2]!]!;
  return u.kind === "months" ? { kind: "months", n: n * u.n } : { kind: "ms", ms: n * u.ms };
}

/**
 * `ms` plus `n` calendar months in UTC, the day clamped to the target month's length.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { addMonthsUtc } from "./windows.ts";
 * assert.ok(new Date(addMonthsUtc(Date.UTC(2021, 0, 31), 1)).toISOString().startsWith("2021-02-28"));
 * ```
 */
export function addMonthsUtc(ms: number, n: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear(), mo = d.getUTCMonth() + n;
  const ty = y + Math.floor(mo / 12), tm = ((mo % 12) + 12) % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), last);
  const timeOfDay = ms - Date.UTC(y, d.getUTCMonth(), d.getUTCDate());
  return Date.UTC(ty, tm, day) + timeOfDay;
}

/** One walk-forward window. Times are bar-start bounds, end exclusive; counts are distinct bar times. */
export interface Window {
  /** 1-based, as messages and reports name it. */
  readonly index: number;
  readonly trainStartMs: number;
  readonly trainEndMs: number;
  readonly testStartMs: number;
  readonly testEndMs: number;
  /** Indicator warm-up for the test run starts here (≤ testStartMs); no trading before the test window. */
  readonly warmStartMs: number;
  readonly trainBars: number;
  readonly testBars: number;
}

/** The window settings {@linkcode buildWindows} reads (the `optimize.walkForward` section). */
export interface WindowSpec {
  readonly train: number | string;
  readonly test: number | string;
  readonly step?: number | string | undefined;
  readonly mode: "rolling" | "anchored";
  readonly warmup?: number | string | undefined;
  readonly minTrainBars: number;
  readonly minTestBars: number;
}

const day = (ms: number) => new Date(ms).toISOString().replace("T00:00:00.000Z", "").replace(".000Z", "Z");

function describeLength(v: number | string): string {
  return typeof v === "number" ? `${v} bars` : v;
}

/**
 * The distinct bar times of a frame's clock, ascending, and the end of the
 * data (the last bar's start plus its interval).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { timeAxis } from "./windows.ts";
 * const f = frameFromRows([0, 1, 2].map((i) => ({ symbol: "A", tsMs: i * 1000, open: 1, high: 1, low: 1, close: 1 })));
 * assert.ok(timeAxis(f).times.length === 3 && timeAxis(f).endMs === 3000);
 * ```
 */
export function timeAxis(
  frame: { tsMs: Float64Array; clock: Int32Array; closeMs: Float64Array },
): { times: Float64Array; endMs: number } {
  const { tsMs, clock } = frame;
  const n = clock.length;
  const out = new Float64Array(n);
  let m = 0, endMs = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = clock[i]!, t = tsMs[r]!;
    if (m === 0 || out[m - 1] !== t) out[m++] = t;
    const e = frame.closeMs[r]!;
    if (e > endMs) endMs = e;
  }
  return { times: out.slice(0, m), endMs };
}

/**
 * The walk-forward windows over a time axis, validated.
 *
 * @throws {ConfigError} when no window fits the data, when test windows would
 * overlap, or when a window has fewer bars than `minTrainBars` /
 * `minTestBars` (the message names the window and its dates).
 *
 * @example Rolling 4-bar training, 2-bar test windows over 10 bars
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildWindows } from "./windows.ts";
 * const times = Float64Array.from({ length: 10 }, (_, i) => i * 1000);
 * const w = buildWindows(times, 10_000, { train: 4, test: 2, mode: "rolling", minTrainBars: 1, minTestBars: 1 });
 * assert.ok(w.length === 3 && w[0]!.testStartMs === 4000 && w[2]!.testEndMs === 10_000);
 * ```
 */
export function buildWindows(times: Float64Array, endMs: number, spec: WindowSpec): Window[] {
  const T = times.length;
  if (T === 0) throw new ConfigError("Cannot build walk-forward windows: no bars");
  const parse = (v: number | string, what: string): WindowLength => {
    const l = parseWindowLength(v);
    if (l === null) throw new ConfigError(`Invalid optimize.walkForward.${what}: ${JSON.stringify(v)}`);
    return l;
  };
  const train = parse(spec.train, "train");
  const test = parse(spec.test, "test");
  const stepRaw = spec.step ?? spec.test;
  const step = parse(stepRaw, "step");
  const warm = spec.warmup === undefined || spec.warmup === 0 ? spec.warmup : parse(spec.warmup, "warmup");
  const t0 = times[0]!;
  /**
   * Move `k` lengths on from a time; returns a time bound. Bar lengths count
   * bars from `fromMs`: exactly the end of the data is `endMs`, past it Infinity.
   */
  const advance = (fromMs: number, len: WindowLength, k = 1): number => {
    if (len.kind === "months") return addMonthsUtc(fromMs, k * len.n);
    if (len.kind === "ms") return fromMs + k * len.ms;
    const j = lowerBound(times, fromMs) + k * len.n;
    return j < T ? times[j]! : j === T ? endMs : Infinity;
  };
  const count = (a: number, b: number) => lowerBound(times, b) - lowerBound(times, a);
  const out: Window[] = [];
  for (let i = 0;; i++) {
    const trainStartMs = spec.mode === "rolling" ? advance(t0, step, i) : t0;
    const trainEndMs = spec.mode === "rolling" ? advance(trainStartMs, train) : advance(advance(t0, train), step, i);
    const testStartMs = trainEndMs;
    if (!(testStartMs < endMs)) break;
    const testEndMs = advance(testStartMs, test);
    if (!(testEndMs <= endMs)) break;
    let warmStartMs = trainStartMs;
    if (warm === 0) warmStartMs = testStartMs;
    else if (warm !== undefined) {
      warmStartMs = warm.kind === "bars"
        ? times[Math.max(0, lowerBound(times, testStartMs) - warm.n)]!
        : Math.max(t0, warm.kind === "months" ? addMonthsUtc(testStartMs, -warm.n) : testStartMs - warm.ms);
    }
    const w: Window = {
      index: i + 1,
      trainStartMs,
      trainEndMs,
      testStartMs,
      testEndMs,
      warmStartMs,
      trainBars: count(trainStartMs, trainEndMs),
      testBars: count(testStartMs, testEndMs),
    };
    const name = `walk-forward window ${w.index} (train ${day(trainStartMs)} → ${day(trainEndMs)}, test ${
      day(testStartMs)
    } → ${day(testEndMs)})`;
    if (w.trainBars < spec.minTrainBars) {
      throw new ConfigError(
        `Invalid ${name}: the training window has ${w.trainBars} bar${
          w.trainBars === 1 ? "" : "s"
        }; at least ${spec.minTrainBars} are needed (optimize.walkForward.minTrainBars)`,
      );
    }
    if (w.testBars < spec.minTestBars) {
      throw new ConfigError(
        `Invalid ${name}: the test window has ${w.testBars} bar${
          w.testBars === 1 ? "" : "s"
        }; at least ${spec.minTestBars} are needed (optimize.walkForward.minTestBars)`,
      );
    }
    const prev = out[out.length - 1];
    if (prev !== undefined && w.testStartMs < prev.testEndMs) {
      throw new ConfigError(
        `Invalid optimize.walkForward: the test windows of windows ${prev.index} and ${w.index} overlap (step ${
          describeLength(stepRaw)
        } is shorter than test ${describeLength(spec.test)}), so their out-of-sample equity cannot be stitched`,
      );
    }
    out.push(w);
  }
  if (out.length === 0) {
    throw new ConfigError(
      `Cannot build walk-forward windows: the data (${day(t0)} → ${
        day(endMs)
      }, ${T} bars) is shorter than one window of train ${describeLength(spec.train)} + test ${
        describeLength(spec.test)
      }`,
    );
  }
  return out;
}
