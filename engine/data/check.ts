/**
 * Data checks: what is wrong or suspicious in bars as a source has them,
 * reported per symbol with the first few places (file, row, line, time,
 * value found). `deno task data:check` prints the report; a backtest runs the
 * checks first when `data.check` is `"warn"` or `"error"`. See
 * `docs/data_checks.md`.
 *
 * Levels: unparsable values, duplicate or out-of-order times, non-positive
 * prices and OHLC inconsistencies are errors (the loader refuses them);
 * negative volume, zero-volume runs, jumps, stale prices and gaps against the
 * calendar are warnings.
 *
 * @module
 */
import { type Calendar, createCalendar, loadCalendarSpec } from "./calendar.ts";
import { DataChecksSchema, type DataConfig, parseDateMs, parseDurationMs } from "./config.ts";
import { inferIntervalMs } from "./bar_frame.ts";
import { type LoadBarsOptions, loadRawBars, type RawBars } from "./load_bars.ts";
import { openSqlEngine } from "./sql_engine.ts";

/** The thresholds of the checks (`data.checks`). */
export interface DataChecks {
  /** A close-to-close log return further than this many robust standard deviations from the median is a jump. */
  readonly jumpZ: number;
  /** This many bars or more in a row with the same open, high, low and close are stale. */
  readonly staleBars: number;
  /** This many bars or more in a row with zero volume are reported. */
  readonly zeroVolumeBars: number;
}

/** How bad a finding is: an error stops a backtest under `data.check: "error"`. */
export type FindingLevel = "error" | "warning";

/**
 * What each finding kind is: its level and what its count counts. One table,
 * in the order reports list findings.
 */
export const FINDING_KINDS = {
  unparsable_time: { level: "error", what: "unparsable times (bars)" },
  unparsable_value: { level: "error", what: "unparsable prices or volumes (bars)" },
  duplicate_time: { level: "error", what: "duplicate times (bars)" },
  out_of_order: { level: "error", what: "times out of order (bars)" },
  non_positive_price: { level: "error", what: "non-positive prices (bars)" },
  ohlc_inconsistent: {
    level: "error",
    what: "OHLC inconsistent: high < low, or open/close outside [low, high] (bars)",
  },
  negative_volume: { level: "warning", what: "negative volume (bars)" },
  zero_volume_run: { level: "warning", what: "zero-volume runs (runs)" },
  stale_prices: { level: "warning", what: "stale prices: identical O/H/L/C bar after bar (runs)" },
  jump: { level: "warning", what: "suspicious jumps in close-to-close log return (bars)" },
  missing_session: { level: "warning", what: "sessions with no bar (sessions)" },
  closed_day_bar: { level: "warning", what: "bars on days the calendar is closed (bars)" },
  missing_bars: { level: "warning", what: "bars missing inside sessions (bars)" },
  outside_session: { level: "warning", what: "bars outside the calendar's sessions (bars)" },
} as const satisfies Record<string, { level: FindingLevel; what: string }>;

/** A finding's kind, a key of {@linkcode FINDING_KINDS}. */
export type FindingKind = keyof typeof FINDING_KINDS;

/** Where a finding was seen. */
export interface Place {
  /** The input, as users know it (a path, or "query"). */
  readonly file: string;
  /** The source row, 1-based (the header is not a row). */
  readonly row: number;
  /** The line in a CSV file (row + 1), or null for Parquet, a table or a query. */
  readonly line: number | null;
  /** The bar's time (ISO, UTC), or what is missing at that place; "" when the time did not parse. */
  readonly time: string;
  /** What was found there. */
  readonly value: string;
}

/** One kind of problem in one symbol's bars. */
export interface Finding {
  readonly level: FindingLevel;
  readonly kind: FindingKind;
  /** How many: bars, runs or sessions, as {@linkcode FINDING_KINDS} says. */
  readonly count: number;
  /** The first few places, in source order. */
  readonly places: readonly Place[];
}

/** The checks of one symbol. */
export interface SymbolReport {
  readonly symbol: string;
  /** The inputs its bars came from, in load order. */
  readonly files: readonly string[];
  readonly rows: number;
  /** First and last bar time (ISO, UTC; dates for daily bars), "" when none parsed. */
  readonly first: string;
  readonly last: string;
  /** The bar interval: `data.interval`, else inferred from the data (`inferIntervalMs`). */
  readonly intervalMs: number;
  /** The session kind: `daily`, `intraday` (the calendar's hours) or `24-hour` (intraday without a calendar). */
  readonly session: "daily" | "intraday" | "24-hour";
  /** The sessions the gaps were checked against, in words. */
  readonly sessionText: string;
  readonly findings: readonly Finding[];
}

/** The report of {@linkcode runDataChecks}. */
export interface DataCheckReport {
  /** The calendar's name, or null when none was given (daily bars then checked against Monday–Friday). */
  readonly calendar: string | null;
  readonly checks: DataChecks;
  readonly symbols: readonly SymbolReport[];
  /** Error-level and warning-level findings, over all symbols. */
  readonly errors: number;
  readonly warnings: number;
  /** What the reader should know about how the checks ran. */
  readonly notes: readonly string[];
}

/** Options of {@linkcode runDataChecks}. */
export interface RunDataChecksOptions {
  /** The session calendar; without it daily bars are checked against Monday–Friday, intraday bars within UTC days. */
  readonly calendar?: Calendar | undefined;
  readonly checks: DataChecks;
  /** The bar interval in ms, when it should not be inferred. */
  readonly intervalMs?: number | undefined;
  /** Check only bars with fromMs ≤ time < toMs (bars whose time did not parse are always checked). */
  readonly fromMs?: number | undefined;
  readonly toMs?: number | undefined;
}

/** How many places a finding keeps. */
export const MAX_PLACES = 5;

const DAY_MS = 86_400_000;
/** 1.4826 × MAD estimates the standard deviation of a normal distribution (Rousseeuw & Croux 1993). */
const MAD_TO_SD = 1.482602218505602;
/** √(π/2) × mean absolute deviation estimates it too (the fallback when more than half the returns are equal). */
const MEAN_AD_TO_SD = Math.sqrt(Math.PI / 2);
/** Daily bars further apart than this (weekly, monthly) are not checked for gaps. */
const MAX_DAILY_STEP_MS = 4 * DAY_MS;
/** A range longer than this (a typo in a year) is not walked day by day. */
const MAX_GAP_DAYS = 200 * 366;
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/**
 * A bar time as ISO-8601 UTC: the date alone for a daily bar at midnight.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatTime } from "./check.ts";
 * assert.equal(formatTime(Date.UTC(2024, 0, 2), true), "2024-01-02");
 * assert.equal(formatTime(Date.UTC(2024, 0, 2, 9, 30)), "2024-01-02T09:30:00Z");
 * assert.equal(formatTime(NaN), "");
 * ```
 */
export function formatTime(ms: number, daily = false): string {
  if (!Number.isFinite(ms)) return "";
  const iso = new Date(ms).toISOString();
  if (daily && ms % DAY_MS === 0) return iso.slice(0, 10);
  return iso.replace(".000Z", "Z");
}

/**
 * A duration in the config's notation: `1d`, `5m`, `1h`, `30s`, `250ms`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatDuration } from "./check.ts";
 * assert.deepEqual([86_400_000, 300_000, 90_000, 250].map(formatDuration), ["1d", "5m", "90s", "250ms"]);
 * ```
 */
export function formatDuration(ms: number): string {
  for (
    const [unit, size] of [["w", 7 * DAY_MS], ["d", DAY_MS], ["h", 3_600_000], ["m", 60_000], ["s", 1_000]] as const
  ) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

const fmtNum = (x: number) => (Number.isFinite(x) ? String(x) : "NaN");

/** Collects one symbol's findings: counts per kind and the first places. */
class Findings {
  readonly counts = new Map<FindingKind, number>();
  readonly places = new Map<FindingKind, Place[]>();
  add(kind: FindingKind, count: number, place: () => Place): void {
    const n = this.counts.get(kind) ?? 0;
    this.counts.set(kind, n + count);
    let list = this.places.get(kind);
    if (list === undefined) this.places.set(kind, list = []);
    if (list.length < MAX_PLACES) list.push(place());
  }
  list(): Finding[] {
    return (Object.keys(FINDING_KINDS) as FindingKind[]).filter((k) => this.counts.has(k)).map((kind) => ({
      level: FINDING_KINDS[kind].level,
      kind,
      count: this.counts.get(kind)!,
      places: this.places.get(kind)!,
    }));
  }
}

/** One symbol's bars, its inputs concatenated in load order. */
interface Series {
  readonly symbol: string;
  readonly pieces: readonly RawBars[];
  /** Index of each piece's first bar in the concatenation. */
  readonly starts: Int32Array;
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** Source row of each bar when a piece is cut to a range or holds several symbols. */
  readonly rows: (Int32Array | undefined)[];
  readonly dateOnly: boolean;
}

function concat(parts: Float64Array[]): Float64Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Keep only the bars of `p` in [fromMs, toMs) (and those whose time did not parse), with their source rows. */
function cut(p: RawBars, fromMs: number, toMs: number): RawBars {
  const n = p.tsMs.length;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = p.tsMs[i]!;
    if (!(t < fromMs || t >= toMs)) keep.push(i);
  }
  if (keep.length === n) return p;
  const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]!);
  return {
    ...p,
    tsMs: pick(p.tsMs),
    open: pick(p.open),
    high: pick(p.high),
    low: pick(p.low),
    close: pick(p.close),
    volume: pick(p.volume),
    rows: Int32Array.from(keep, (i) => p.rows?.[i] ?? i + 1),
  };
}

function seriesOf(raw: readonly RawBars[], fromMs: number, toMs: number): Series[] {
  const bySymbol = new Map<string, RawBars[]>();
  for (const p0 of raw) {
    const p = fromMs > -Infinity || toMs < Infinity ? cut(p0, fromMs, toMs) : p0;
    bySymbol.set(p.symbol, [...(bySymbol.get(p.symbol) ?? []), p]);
  }
  return [...bySymbol.keys()].sort().map((symbol) => {
    const pieces = bySymbol.get(symbol)!;
    const starts = new Int32Array(pieces.length);
    let at = 0;
    pieces.forEach((p, k) => {
      starts[k] = at;
      at += p.tsMs.length;
    });
    return {
      symbol,
      pieces,
      starts,
      ts: concat(pieces.map((p) => p.tsMs)),
      open: concat(pieces.map((p) => p.open)),
      high: concat(pieces.map((p) => p.high)),
      low: concat(pieces.map((p) => p.low)),
      close: concat(pieces.map((p) => p.close)),
      volume: concat(pieces.map((p) => p.volume)),
      rows: pieces.map((p) => p.rows),
      dateOnly: pieces.every((p) => p.dateOnly),
    };
  });
}

/** The piece holding bar `i`. */
function pieceOf(s: Series, i: number): number {
  let k = s.starts.length - 1;
  while (k > 0 && s.starts[k]! > i) k--;
  return k;
}

function placeOf(s: Series, i: number, daily: boolean, value: string, time?: string): Place {
  const k = pieceOf(s, i);
  const p = s.pieces[k]!;
  const j = i - s.starts[k]!;
  const row = s.rows[k]?.[j] ?? j + 1;
  return { file: p.origin, row, line: p.csv ? row + 1 : null, time: time ?? formatTime(s.ts[i]!, daily), value };
}

/** The source row of bar `i`, as a message says it. */
function rowText(s: Series, i: number): string {
  const p = placeOf(s, i, false, "");
  return p.line === null ? `row ${p.row}` : `row ${p.row} (line ${p.line})`;
}

/**
 * Median and robust standard deviation of `r` (sorted in place): the median
 * absolute deviation from the median × 1.4826; when that is 0 (more than half
 * the values equal), the mean absolute deviation × √(π/2); both are consistent
 * estimators of a normal distribution's standard deviation.
 */
function robustCenterScale(r: Float64Array): { center: number; scale: number } {
  const n = r.length;
  if (n === 0) return { center: NaN, scale: 0 };
  r.sort();
  const mid = n >> 1;
  const center = n % 2 ? r[mid]! : (r[mid - 1]! + r[mid]!) / 2;
  // |r - center| is decreasing left of the median and increasing right of it: merge the two runs outward
  // to find the middle deviations without a second sort
  let lo = mid - 1, hi = mid;
  const dev = new Float64Array(mid + 1);
  for (let k = 0; k <= mid && (lo >= 0 || hi < n); k++) {
    const dl = lo >= 0 ? center - r[lo]! : Infinity;
    const dh = hi < n ? r[hi]! - center : Infinity;
    if (dl <= dh) {
      dev[k] = dl;
      lo--;
    } else {
      dev[k] = dh;
      hi++;
    }
  }
  const mad = n % 2 ? dev[mid]! : (dev[mid - 1]! + dev[mid]!) / 2;
  if (mad > 0) return { center, scale: MAD_TO_SD * mad };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(r[i]! - center);
  return { center, scale: MEAN_AD_TO_SD * sum / n };
}

/** Day of the week of day number `d` (days since 1970-01-01, a Thursday), 0 = Sunday. */
const weekdayOf = (d: number) => (((d + 4) % 7) + 7) % 7;

function checkSeries(s: Series, opts: RunDataChecksOptions): SymbolReport {
  const { ts, open, high, low, close, volume } = s;
  const n = ts.length;
  const { jumpZ, staleBars, zeroVolumeBars } = opts.checks;
  const cal = opts.calendar;
  const intervalMs = opts.intervalMs ?? inferIntervalMs(ts, s.dateOnly);
  const daily = s.dateOnly || intervalMs >= DAY_MS;
  const f = new Findings();
  // a place's text is made only for the first few of a kind
  const at = (i: number, value: () => string) => () => placeOf(s, i, daily, value());

  // unparsable volume: only in inputs that have a volume column
  s.pieces.forEach((p, k) => {
    if (!p.hasVolume) return;
    const v = p.volume, base = s.starts[k]!;
    for (let j = 0; j < v.length; j++) {
      if (v[j] !== v[j]) f.add("unparsable_value", 1, at(base + j, () => "Volume: missing or not a number"));
    }
  });
  const hasVolume = s.pieces.some((p) => p.hasVolume);

  const returns = new Float64Array(n);
  const retAt = new Int32Array(n);
  let nRet = 0;
  let prevT = -Infinity, prevI = -1;
  let firstT = Infinity, lastT = -Infinity, minStep = Infinity;
  let zeroRun = 0, staleRun = 1;
  let prevC = NaN;
  for (let i = 0; i < n; i++) {
    const t = ts[i]!, o = open[i]!, h = high[i]!, l = low[i]!, c = close[i]!, v = volume[i]!;
    if (t !== t) f.add("unparsable_time", 1, at(i, () => "time: missing or not a date-time"));
    else {
      if (t < firstT) firstT = t;
      if (t > lastT) lastT = t;
      if (t === prevT) f.add("duplicate_time", 1, at(i, () => `same time as ${rowText(s, prevI)}`));
      else if (t < prevT) {
        f.add(
          "out_of_order",
          1,
          at(i, () => `after ${formatTime(prevT, daily)} at ${rowText(s, prevI)}`),
        );
      } else if (t - prevT < minStep) minStep = t - prevT;
      prevT = t;
      prevI = i;
    }
    if (o !== o || h !== h || l !== l || c !== c) {
      const k = [o, h, l, c].findIndex((x) => x !== x);
      f.add("unparsable_value", 1, at(i, () => `${["Open", "High", "Low", "Close"][k]}: missing or not a number`));
    } else {
      if (!(o > 0 && h > 0 && l > 0 && c > 0)) {
        const k = [o, h, l, c].findIndex((x) => !(x > 0));
        f.add(
          "non_positive_price",
          1,
          at(i, () => `${["Open", "High", "Low", "Close"][k]} = ${fmtNum([o, h, l, c][k]!)}`),
        );
      }
      if (h < l || o < l || o > h || c < l || c > h) {
        const what = h < l
          ? `high ${h} < low ${l}`
          : o < l || o > h
          ? `open ${o} outside [low ${l}, high ${h}]`
          : `close ${c} outside [low ${l}, high ${h}]`;
        f.add("ohlc_inconsistent", 1, at(i, () => what));
      }
    }
    if (v < 0) f.add("negative_volume", 1, at(i, () => `Volume = ${v}`));
    // runs end at the first bar that breaks them
    if (v === 0) zeroRun++;
    else {
      if (zeroRun >= zeroVolumeBars) zeroRunFinding(i - zeroRun, zeroRun);
      zeroRun = 0;
    }
    if (i > 0 && o === open[i - 1] && h === high[i - 1] && l === low[i - 1] && c === close[i - 1]) staleRun++;
    else {
      if (staleRun >= staleBars) staleFinding(i - staleRun, staleRun);
      staleRun = 1;
    }
    if (c > 0 && prevC > 0) {
      returns[nRet] = Math.log(c / prevC);
      retAt[nRet++] = i;
    }
    prevC = c === c ? c : prevC;
  }
  if (hasVolume && zeroRun >= zeroVolumeBars) zeroRunFinding(n - zeroRun, zeroRun);
  if (staleRun >= staleBars && n > 0) staleFinding(n - staleRun, staleRun);
  function zeroRunFinding(start: number, len: number) {
    if (!hasVolume) return;
    f.add(
      "zero_volume_run",
      1,
      at(start, () => `${len} bars with volume 0, through ${formatTime(ts[start + len - 1]!, daily)}`),
    );
  }
  function staleFinding(start: number, len: number) {
    const q = `${open[start]}/${high[start]}/${low[start]}/${close[start]}`;
    f.add(
      "stale_prices",
      1,
      at(start, () => `${len} bars with O/H/L/C ${q}, through ${formatTime(ts[start + len - 1]!, daily)}`),
    );
  }

  // jumps: robust z-score of the close-to-close log return
  if (nRet > 2) {
    const r = returns.subarray(0, nRet);
    const sorted = r.slice();
    const { center, scale } = robustCenterScale(sorted);
    if (scale > 0) {
      const limit = jumpZ * scale;
      for (let k = 0; k < nRet; k++) {
        const d = r[k]! - center;
        if (d > limit || d < -limit) {
          const i = retAt[k]!;
          const sign = r[k]! >= 0 ? "+" : "";
          f.add(
            "jump",
            1,
            at(
              i,
              () =>
                `close ${close[i]} after ${findPrevClose(i)}: log return ${sign}${r[k]!.toFixed(4)}, z = ${
                  (d / scale).toFixed(1)
                }`,
            ),
          );
        }
      }
    }
  }
  function findPrevClose(i: number): number {
    for (let j = i - 1; j >= 0; j--) if (close[j]! > 0) return close[j]!;
    return NaN;
  }

  let sessionText: string;
  let session: SymbolReport["session"];
  if (daily) {
    session = "daily";
    sessionText = cal ? `daily sessions of ${cal.name}` : "daily, Monday to Friday (no calendar)";
    if (minStep > MAX_DAILY_STEP_MS && Number.isFinite(minStep)) {
      sessionText += `; bars ${formatDuration(minStep)} or more apart: gaps not checked`;
    } else if (firstT <= lastT) dailyGaps(s, f, cal, firstT, lastT);
  } else if (cal) {
    session = "intraday";
    sessionText = `intraday, ${cal.name} sessions`;
    if (firstT <= lastT) sessionGaps(s, f, cal, intervalMs, firstT, lastT);
  } else {
    session = "24-hour";
    sessionText = "24-hour (no calendar): gaps checked within each UTC day";
    utcDayGaps(s, f, intervalMs);
  }
  return {
    symbol: s.symbol,
    files: s.pieces.map((p) => p.origin),
    rows: n,
    first: formatTime(firstT, daily),
    last: formatTime(lastT, daily),
    intervalMs,
    session,
    sessionText,
    findings: f.list(),
  };
}

/** Daily bars against the calendar's sessions (Monday–Friday without one). */
function dailyGaps(s: Series, f: Findings, cal: Calendar | undefined, firstT: number, lastT: number): void {
  const d0 = Math.floor(firstT / DAY_MS), d1 = Math.floor(lastT / DAY_MS);
  if (d1 - d0 > MAX_GAP_DAYS) return;
  const open = (d: number) => (cal ? cal.session(d) !== undefined : weekdayOf(d) % 6 !== 0);
  const firstBar = new Int32Array(d1 - d0 + 1).fill(-1);
  const ts = s.ts;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    if (t !== t) continue;
    const d = Math.floor(t / DAY_MS);
    if (firstBar[d - d0] === -1) firstBar[d - d0] = i;
    if (!open(d)) {
      const why = cal ? cal.closedWhy(d) ?? "closed" : "weekend (no calendar)";
      f.add("closed_day_bar", 1, () => placeOf(s, i, true, `${WEEKDAYS[weekdayOf(d)]}: ${why}`));
    }
  }
  // a missing session's place is the first bar after it (the last day always has one)
  for (let d = d0; d <= d1; d++) {
    if (firstBar[d - d0]! >= 0 || !open(d)) continue;
    f.add("missing_session", 1, () => {
      let e = d;
      while (firstBar[e - d0]! < 0) e++;
      return placeOf(s, firstBar[e - d0]!, true, "no bar (the row is the next bar's)", formatTime(d * DAY_MS, true));
    });
  }
}

/** The bars of a series in time order, skipping those that repeat or go back (reported as errors already). */
function forEachIncreasing(ts: Float64Array, fn: (i: number, t: number, prevT: number) => void): void {
  let prev = -Infinity;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    if (t > prev) {
      fn(i, t, prev);
      prev = t;
    }
  }
}

/** Intraday bars against the calendar's sessions: bars outside them, bars and whole sessions missing inside them. */
function sessionGaps(s: Series, f: Findings, cal: Calendar, iv: number, firstT: number, lastT: number): void {
  const d0 = Math.floor(firstT / DAY_MS) - 1, d1 = Math.floor(lastT / DAY_MS) + 1;
  if (d1 - d0 > MAX_GAP_DAYS) return;
  const opens: number[] = [], closes: number[] = [], days: number[] = [];
  for (let d = d0; d <= d1; d++) {
    const x = cal.session(d);
    if (x !== undefined) {
      opens.push(x.openMs);
      closes.push(x.closeMs);
      days.push(d);
    }
  }
  const nS = opens.length;
  const hasBar = new Uint8Array(nS);
  let j = 0, cur = -1, lastIn = NaN, seen = false;
  const clock = (t: number) => new Date(t).toISOString().slice(11, 16);
  forEachIncreasing(s.ts, (i, t, prevT) => {
    while (j < nS && closes[j]! <= t) j++;
    if (j < nS && t >= opens[j]!) {
      if (j !== cur) {
        if (cur >= 0) {
          const tail = Math.ceil((closes[cur]! - lastIn) / iv) - 1;
          if (tail > 0) {
            f.add(
              "missing_bars",
              tail,
              () =>
                placeOf(s, i, false, `${tail} missing after ${clock(lastIn)} UTC to the close of the session before`),
            );
          }
        }
        const lead = Math.floor((t - opens[j]!) / iv);
        if (seen && lead > 0) {
          f.add(
            "missing_bars",
            lead,
            () => placeOf(s, i, false, `${lead} missing since the open at ${clock(opens[j]!)} UTC`),
          );
        }
        cur = j;
      } else {
        const gap = Math.ceil((t - prevT) / iv) - 1;
        if (gap > 0) f.add("missing_bars", gap, () => placeOf(s, i, false, `${gap} missing since ${clock(prevT)} UTC`));
      }
      hasBar[j] = 1;
      lastIn = t;
    } else {
      f.add("outside_session", 1, () => placeOf(s, i, false, "no session at this time"));
    }
    seen = true;
  });
  // sessions strictly between the first and the last bar with no bar at all
  let next = 0;
  for (let k = 0; k < nS; k++) {
    if (hasBar[k] || opens[k]! <= firstT || closes[k]! > lastT) continue;
    while (next < s.ts.length && !(s.ts[next]! >= closes[k]!)) next++;
    const i = Math.min(next, s.ts.length - 1);
    f.add(
      "missing_session",
      1,
      () => placeOf(s, i, false, "no bar (the row is the next bar's)", formatTime(days[k]! * DAY_MS, true)),
    );
  }
}

/** Intraday bars without a calendar: gaps longer than the interval within a UTC day. */
function utcDayGaps(s: Series, f: Findings, iv: number): void {
  const clock = (t: number) => new Date(t).toISOString().slice(11, 19);
  forEachIncreasing(s.ts, (i, t, prevT) => {
    if (t - prevT <= iv || Math.floor(t / DAY_MS) !== Math.floor(prevT / DAY_MS)) return;
    const gap = Math.ceil((t - prevT) / iv) - 1;
    f.add("missing_bars", gap, () => placeOf(s, i, false, `${gap} missing since ${clock(prevT)} UTC`));
  });
}

/**
 * Check bars as read ({@linkcode loadRawBars}) and report per symbol: rows,
 * range, interval, session kind, and findings with their first places.
 *
 * Definitions (`docs/data_checks.md`): a jump is a close-to-close log return
 * r with |r − median(r)| > `jumpZ` × 1.4826 × MAD(r) (the median absolute
 * deviation, scaled to a normal distribution's standard deviation); a stale
 * run is `staleBars` or more consecutive bars with identical open, high, low
 * and close; daily bars are sessions of the calendar (a trading date is the
 * bar's UTC date), intraday bars are checked against the sessions' open and
 * close.
 *
 * @example A duplicate time and a high below the low
 * ```ts
 * import assert from "node:assert/strict";
 * import { runDataChecks } from "./check.ts";
 * const day = 86_400_000, monday = 4 * day; // 1970-01-05
 * const f = (...x: number[]) => Float64Array.from(x);
 * const report = runDataChecks([{
 *   symbol: "A", origin: "a.csv", csv: true, hasVolume: true, dateOnly: true,
 *   tsMs: f(monday, monday + day, monday + day),
 *   open: f(10, 11, 11), high: f(11, 12, 10), low: f(9, 10, 11), close: f(10, 11, 11), volume: f(5, 5, 5),
 * }], { checks: { jumpZ: 8, staleBars: 5, zeroVolumeBars: 5 } });
 * assert.equal(report.errors, 2);
 * const [dup, ohlc] = report.symbols[0]!.findings;
 * assert.equal(dup!.kind, "duplicate_time");
 * assert.deepEqual(dup!.places[0], { file: "a.csv", row: 3, line: 4, time: "1970-01-06", value: "same time as row 2 (line 3)" });
 * assert.equal(ohlc!.kind, "ohlc_inconsistent");
 * ```
 */
export function runDataChecks(raw: readonly RawBars[], opts: RunDataChecksOptions): DataCheckReport {
  const series = seriesOf(raw, opts.fromMs ?? -Infinity, opts.toMs ?? Infinity);
  const symbols = series.map((s) => checkSeries(s, opts));
  let errors = 0, warnings = 0;
  for (const r of symbols) for (const x of r.findings) x.level === "error" ? errors++ : warnings++;
  const notes: string[] = [];
  if (opts.calendar === undefined && symbols.some((r) => r.session === "daily")) {
    notes.push(
      "no calendar: daily bars are checked against Monday to Friday, so holidays show as missing sessions; pass --calendar XNYS (or set data.calendar)",
    );
  }
  return { calendar: opts.calendar?.name ?? null, checks: opts.checks, symbols, errors, warnings, notes };
}

/**
 * Read the bars a `data` section names and check them, with its calendar,
 * thresholds (`data.checks`, defaults otherwise), range and interval.
 *
 * @throws {DataError} when the source cannot be read at all.
 *
 * @example A file with a missing Independence Day: a gap on Monday to Friday, none on XNYS
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkData } from "./check.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.csv`, "Date,Open,High,Low,Close\n2024-07-03,10,11,9,10\n2024-07-05,10,11,9,10.1\n");
 * const plain = await checkData({ source: { kind: "files", path: "a.csv" } }, { baseDir: dir });
 * assert.equal(plain.symbols[0]!.findings[0]!.kind, "missing_session");
 * const nyse = await checkData({ source: { kind: "files", path: "a.csv" }, calendar: "XNYS" }, { baseDir: dir });
 * assert.equal(nyse.warnings, 0);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function checkData(data: DataConfig, opts: LoadBarsOptions = {}): Promise<DataCheckReport> {
  // one engine reads the bars and the calendar's file
  const owned = opts.engine ? undefined : await openSqlEngine("native");
  const engine = opts.engine ?? owned!;
  let raw: RawBars[], calendar: Calendar | undefined;
  try {
    raw = await loadRawBars(data, { ...opts, engine });
    calendar = data.calendar === undefined
      ? undefined
      : createCalendar(await loadCalendarSpec(data.calendar, { ...opts, engine }));
  } finally {
    owned?.close();
  }
  const checks = data.checks ?? DataChecksSchema.parse({});
  const fromMs = data.from === undefined ? undefined : parseDateMs(data.from);
  const toMs = data.to === undefined ? undefined : parseDateMs(data.to) + (data.to.length === 10 ? DAY_MS : 1);
  return runDataChecks(raw, {
    calendar,
    checks,
    intervalMs: data.interval === undefined ? undefined : parseDurationMs(data.interval),
    fromMs,
    toMs,
  });
}

/**
 * Exit code of a report: 0 clean, 3 warnings only, 2 any error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type DataCheckReport, reportExitCode } from "./check.ts";
 * const r = { errors: 0, warnings: 2 } as DataCheckReport;
 * assert.equal(reportExitCode(r), 3);
 * ```
 */
export function reportExitCode(r: DataCheckReport): 0 | 2 | 3 {
  return r.errors > 0 ? 2 : r.warnings > 0 ? 3 : 0;
}

/**
 * A place as one line: `file:line N time: value`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { placeText } from "./check.ts";
 * assert.equal(placeText({ file: "a.csv", row: 3, line: 4, time: "2024-01-02", value: "High = 0" }), "a.csv:line 4 2024-01-02: High = 0");
 * ```
 */
export const placeText = (p: Place): string =>
  `${p.file}:${p.line === null ? `row ${p.row}` : `line ${p.line}`}${p.time ? ` ${p.time}` : ""}: ${p.value}`;

/**
 * The report as text: one block per symbol (its findings, each with its first
 * places), the notes, then a summary line. `levels` keeps only findings of
 * those levels (all by default).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatDataCheckReport, runDataChecks } from "./check.ts";
 * const f = (...x: number[]) => Float64Array.from(x);
 * const report = runDataChecks([{
 *   symbol: "A", origin: "a.csv", csv: true, hasVolume: true, dateOnly: true,
 *   tsMs: f(4 * 86_400_000), open: f(10), high: f(11), low: f(9), close: f(10), volume: f(5),
 * }], { checks: { jumpZ: 8, staleBars: 5, zeroVolumeBars: 5 } });
 * assert.match(formatDataCheckReport(report), /^1 symbol, 1 row: no errors, no warnings$/m);
 * ```
 */
export function formatDataCheckReport(
  r: DataCheckReport,
  levels: readonly FindingLevel[] = ["error", "warning"],
): string {
  const out: string[] = [];
  for (const s of r.symbols) {
    const shown = s.findings.filter((x) => levels.includes(x.level));
    out.push(`${s.symbol}  ${s.files.join(", ")}`);
    out.push(
      `  ${s.rows} row${s.rows === 1 ? "" : "s"}, ${s.first || "?"} to ${s.last || "?"}, interval ${
        formatDuration(s.intervalMs)
      }, ${s.sessionText}`,
    );
    if (s.findings.length === 0) out.push("  ok");
    for (const x of shown) {
      out.push(`  ${x.level === "error" ? "error  " : "warning"} ${FINDING_KINDS[x.kind].what}: ${x.count}`);
      for (const p of x.places) out.push(`            ${placeText(p)}`);
      const more = x.count - x.places.length;
      if (x.kind !== "missing_bars" && more > 0) out.push(`            … and ${more} more`);
    }
    out.push("");
  }
  for (const note of r.notes) out.push(`note: ${note}`);
  const rows = r.symbols.reduce((n, s) => n + s.rows, 0);
  const count = (n: number, one: string) => (n === 0 ? `no ${one}s` : n === 1 ? `1 ${one}` : `${n} ${one}s`);
  out.push(
    `${r.symbols.length} symbol${r.symbols.length === 1 ? "" : "s"}, ${rows} row${rows === 1 ? "" : "s"}: ${
      count(r.errors, "error")
    }, ${count(r.warnings, "warning")}`,
  );
  return out.join("\n");
}

/**
 * The first `max` findings of a level, over all symbols, each with its first
 * place: what a one-line message quotes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { firstFindings, runDataChecks } from "./check.ts";
 * const f = (...x: number[]) => Float64Array.from(x);
 * const report = runDataChecks([{
 *   symbol: "A", origin: "a.csv", csv: true, hasVolume: false, dateOnly: true,
 *   tsMs: f(3 * 86_400_000), open: f(10), high: f(11), low: f(0), close: f(10), volume: f(NaN),
 * }], { checks: { jumpZ: 8, staleBars: 5, zeroVolumeBars: 5 } });
 * assert.equal(firstFindings(report, "error", 1), "A: non-positive prices (bars) 1, first at a.csv:line 2 1970-01-04: Low = 0");
 * ```
 */
export function firstFindings(r: DataCheckReport, level: FindingLevel, max: number): string {
  const all = r.symbols.flatMap((s) =>
    s.findings.filter((x) => x.level === level).map((x) =>
      `${s.symbol}: ${FINDING_KINDS[x.kind].what} ${x.count}${
        x.places[0] ? `, first at ${placeText(x.places[0])}` : ""
      }`
    )
  );
  return all.slice(0, max).join("; ") + (all.length > max ? `; and ${all.length - max} more` : "");
}

/**
 * The source of a `data` section as messages name it: the path or glob, the
 * symbol → file map, the database and table, or "the query".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sourceLabel } from "./check.ts";
 * assert.equal(sourceLabel({ source: { kind: "files", path: "data/*.csv" } }), '"data/*.csv"');
 * ```
 */
export function sourceLabel(data: Pick<DataConfig, "source">): string {
  const s = data.source;
  if (s.kind === "files" && s.files) {
    return `data.source.files (${Object.entries(s.files).map(([k, v]) => `${k}: "${v}"`).join(", ")})`;
  }
  return s.kind === "sql"
    ? "the query of data.source"
    : s.kind === "duckdb"
    ? `"${s.path}" table "${s.table}"`
    : `"${s.path}"`;
}
