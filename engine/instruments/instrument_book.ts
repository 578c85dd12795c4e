/**
 * The run's instruments, resolved against its symbols and FX series: per
 * symbol id, the columns the portfolio, the fill simulator and the risk gate
 * read, and the live value of one price point of one unit in the account's
 * base currency.
 *
 * **Value.** `pointValue[s] = multiplier × rate`, where `rate` converts the
 * symbol's currency to the base currency (1 for the base currency itself).
 * A notional is `qty × price × pointValue`.
 *
 * **Timing rule of the FX rate.** A rate is known at its FX bar's close time
 * (bar start + the FX series' interval). A value at time `t` uses the last FX
 * close known at or before `t`, never a later one: a fill in the bar starting
 * at `t` converts at the last FX close at or before `t` (for daily bars, the
 * previous day's close); a mark at a bar's close converts at the last FX
 * close at or before that close. A rate is carried forward past the end of
 * its series. Conversion follows the settle-at-fill model: a fill's cash flow
 * is converted once, at its own time, and a later rate change does not
 * revise it; an open position is revalued at every mark at the rate of that
 * mark (docs/instruments.md compares this with LEAN's per-currency cash book).
 *
 * @module
 */
import type { BarFrame } from "../data/bar_frame.ts";
import { ConfigError, DataError } from "../errors.ts";
import { type InstrumentsConfig, resolveInstrumentTerms } from "./config.ts";

/** What the engine reads of the run's instruments, by symbol id. */
export interface InstrumentBook {
  /** Contract multiplier per symbol. */
  readonly multiplier: Float64Array;
  /** Tick size per symbol (0: none). */
  readonly tick: Float64Array;
  /** Trading unit per symbol (0: none). */
  readonly lot: Float64Array;
  /** Initial margin per contract, in the base currency at the current rate (NaN: none). */
  readonly initialMargin: Float64Array;
  /** Maintenance margin per contract, in the base currency at the current rate (NaN: none). */
  readonly maintenanceMargin: Float64Array;
  /** True when a symbol has a tick size. */
  readonly hasTick: boolean;
  /** True when a symbol has a lot size. */
  readonly hasLot: boolean;
  /** True when a symbol has margin terms. */
  readonly hasMargin: boolean;
  /** True when a symbol is quoted in another currency than the account's. */
  readonly hasFx: boolean;
  /** What a margin call does. */
  readonly marginCall: "liquidate" | "denyNewRisk";
  /** The account's base currency. */
  readonly currency: string;
  /** Live: base currency per price point per unit, at the time last set ({@linkcode InstrumentBook.atTime}, `mark`). */
  readonly pointValue: Float64Array;
  /** Live: each symbol's latest close × its point value, what the risk gate values positions at. */
  readonly valueMarks: Float64Array;
  /** The rate of symbol `s`'s currency in the base currency, known at `tMs` (1 for the base currency). */
  rateAt(s: number, tMs: number): number;
  /** Set symbol `s`'s point value (and margins) to the rate known at `tMs` (NaN before any): before its fills at `tMs`. */
  atTime(s: number, tMs: number): void;
  /**
   * After the marks at the closes of the step starting at `stepMs`: every point value at the rate known at the
   * symbol's close of that step (`stepMs + closeOffsetMs[s]`, its bar's close), and `valueMarks`.
   */
  mark(marks: Float64Array, stepMs: number, closeOffsetMs: ArrayLike<number>): void;
}

/** Options of {@linkcode createInstrumentBook}. */
export interface InstrumentBookOptions {
  /** The FX frame (`loadFxFrame`), when an instrument is quoted in another currency. */
  readonly fx?: BarFrame;
  /** Per symbol, the close time of its first bar: the first time a rate may be needed. */
  readonly firstCloseMs?: ArrayLike<number>;
}

const iso = (t: number) => new Date(t).toISOString();

/**
 * Resolve `config` for the run's `symbols`: check that every listed symbol is
 * one of them, that every foreign currency has an FX series in `opts.fx`
 * named `<CCY><BASE>`, and that each series has a rate known by the first
 * close of the first symbol that needs it.
 *
 * @example A multiplier of 50 and no FX
 * ```ts
 * import assert from "node:assert/strict";
 * import { InstrumentsConfigSchema } from "./config.ts";
 * import { createInstrumentBook } from "./instrument_book.ts";
 * const book = createInstrumentBook(InstrumentsConfigSchema.parse({ symbols: { ES: { multiplier: 50, tickSize: 0.25 } } }), ["ES"]);
 * assert.ok(book.pointValue[0] === 50 && book.tick[0] === 0.25 && !book.hasFx);
 * ```
 */
export function createInstrumentBook(
  config: InstrumentsConfig,
  symbols: readonly string[],
  opts: InstrumentBookOptions = {},
): InstrumentBook {
  const k = symbols.length;
  for (const name of Object.keys(config.symbols)) {
    if (!symbols.includes(name)) {
      throw new ConfigError(
        `instruments.symbols.${name}: expected a symbol of the run's data (${symbols.join(", ")}), found "${name}"`,
      );
    }
  }
  const col = () => new Float64Array(k);
  const multiplier = col(), tick = col(), lot = col(), im = col(), mm = col(), im0 = col(), mm0 = col();
  const base = config.account.currency;
  /** Per symbol: index of its FX series in `rates`, −1 for the base currency. */
  const fxOf = new Int32Array(k).fill(-1);
  const rates: { name: string; closeMs: Float64Array; rate: Float64Array }[] = [];
  for (let s = 0; s < k; s++) {
    const t = resolveInstrumentTerms(config, symbols[s]!);
    multiplier[s] = t.multiplier;
    tick[s] = t.tickSize;
    lot[s] = t.lotSize;
    im[s] = im0[s] = t.initialMargin;
    mm[s] = mm0[s] = t.maintenanceMargin;
    if (t.currency === base) continue;
    const pair = `${t.currency}${base}`;
    const field = Object.hasOwn(config.symbols, symbols[s]!)
      ? `instruments.symbols.${symbols[s]}.currency`
      : "instruments.default.currency";
    let x = rates.findIndex((r) => r.name === pair);
    if (x < 0) {
      const fx = opts.fx;
      const id = fx === undefined ? -1 : fx.symbols.indexOf(pair);
      if (fx === undefined || id < 0) {
        throw new ConfigError(
          `${field}: ${t.currency} is not the account's currency ${base}, so it needs an FX series "${pair}" ` +
            `(${base} per ${t.currency}) in instruments.fx; found ${
              config.fx === undefined
                ? "no instruments.fx"
                : fx === undefined
                ? "no FX frame passed to the run (load it with loadFxFrame)"
                : `only ${fx.symbols.join(", ") || "no series"}`
            }`,
        );
      }
      const a = fx.segStart[id]!, b = fx.segEnd[id]!;
      const closeMs = new Float64Array(b - a), rate = new Float64Array(b - a);
      for (let r = a; r < b; r++) {
        const v = fx.close[r]!;
        if (!(v > 0) || !Number.isFinite(v)) {
          throw new DataError(
            `Cannot use the FX series "${pair}": its close at ${iso(fx.tsMs[r]!)} is ${v}, expected a rate > 0`,
          );
        }
        closeMs[r - a] = fx.closeMs[r]!;
        rate[r - a] = v;
      }
      x = rates.push({ name: pair, closeMs, rate }) - 1;
    }
    const first = opts.firstCloseMs?.[s];
    const series = rates[x]!;
    if (first !== undefined && Number.isFinite(first) && !(series.closeMs.length > 0 && series.closeMs[0]! <= first)) {
      throw new DataError(
        `Cannot convert ${symbols[s]} (${t.currency}) to ${base}: the FX series "${pair}" does not cover the run: ` +
          `its first close is known at ${
            series.closeMs.length > 0 ? iso(series.closeMs[0]!) : "never (it has no rows)"
          }, after the first close of ${symbols[s]} at ${iso(first)}, which needs a rate`,
      );
    }
    fxOf[s] = x;
  }
  const hasFx = rates.length > 0;
  const pointValue = Float64Array.from(multiplier);
  const valueMarks = col().fill(NaN);
  const cursor = new Int32Array(rates.length).fill(-1);

  /** Index of the last close of series `x` known at `t` (−1: none). */
  function lastKnown(x: number, t: number): number {
    const c = rates[x]!.closeMs;
    let i = cursor[x]!;
    // time mostly moves forward: walk from the last answer, else search
    if (i >= 0 && c[i]! > t) i = -1;
    if (i < 0 || (i + 8 < c.length && c[i + 8]! <= t)) {
      let lo = 0, hi = c.length; // first index with closeMs > t
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (c[mid]! <= t) lo = mid + 1;
        else hi = mid;
      }
      i = lo - 1;
    } else {
      while (i + 1 < c.length && c[i + 1]! <= t) i++;
    }
    cursor[x] = i < 0 ? -1 : i;
    return i;
  }

  function rateAt(s: number, t: number): number {
    const x = fxOf[s]!;
    if (x < 0) return 1;
    const i = lastKnown(x, t);
    if (i < 0) {
      throw new DataError(
        `Cannot convert ${symbols[s]} at ${iso(t)}: the FX series "${rates[x]!.name}" has no close known by then ` +
          `(its first is known at ${iso(rates[x]!.closeMs[0]!)})`,
      );
    }
    return rates[x]!.rate[i]!;
  }

  function atTime(s: number, t: number): void {
    const x = fxOf[s]!;
    if (x < 0) return;
    // before the first rate (a symbol's first bar opens before any close is known): NaN, never used, since an order
    // fills at the earliest at the start of its symbol's second bar, by which the coverage check saw a rate
    const i = lastKnown(x, t);
    const r = i < 0 ? NaN : rates[x]!.rate[i]!;
    pointValue[s] = multiplier[s]! * r;
    im[s] = im0[s]! * r;
    mm[s] = mm0[s]! * r;
  }

  return {
    multiplier,
    tick,
    lot,
    initialMargin: im,
    maintenanceMargin: mm,
    hasTick: tick.some((x) => x > 0),
    hasLot: lot.some((x) => x > 0),
    hasMargin: im.some((x) => x === x),
    hasFx,
    marginCall: config.account.marginCall,
    currency: base,
    pointValue,
    valueMarks,
    rateAt,
    atTime,
    mark(marks, stepMs, closeOffsetMs) {
      for (let s = 0; s < k; s++) {
        const m = marks[s]!;
        if (hasFx && fxOf[s]! >= 0 && m === m) atTime(s, stepMs + closeOffsetMs[s]!);
        valueMarks[s] = m * pointValue[s]!;
      }
    },
  };
}
