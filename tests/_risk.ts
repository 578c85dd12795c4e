/** Helpers for the risk suites: hand-made bars, scripted strategies, one-call runs. */
import { z } from "zod";
import {
  type BacktestResult,
  type BarContext,
  type BarRow,
  defineStrategy,
  frameFromRows,
  IndicatorCache,
  parseConfig,
  runBacktest,
} from "../mod.ts";
import type { Decision, Intent, RiskState } from "../engine/risk/gate.ts";

/** One day, in ms. */
export const DAY = 86_400_000;
/** 2024-01-01T00:00Z: the first bar of every hand-made series. */
export const T0 = Date.UTC(2024, 0, 1);

/**
 * Bars of one symbol from closes: each bar opens at the previous close (the
 * first at its own close), and its high and low are the open and close
 * widened by `pad`.
 */
export function bars(symbol: string, closes: readonly number[], intervalMs = DAY, pad = 0): BarRow[] {
  return closes.map((c, i) => {
    const o = i === 0 ? c : closes[i - 1]!;
    return {
      symbol,
      tsMs: T0 + i * intervalMs,
      open: o,
      high: Math.max(o, c) + pad,
      low: Math.min(o, c) - pad,
      close: c,
    };
  });
}

/** A gate decision as a run saw it, copied at decision time. */
export interface SeenDecision {
  readonly symbol: number;
  readonly index: number;
  readonly tsMs: number;
  readonly kind: Intent["kind"];
  readonly intentQty: number;
  readonly accepted: boolean;
  readonly qty: number;
  readonly requestedQty: number;
  readonly rule: string;
  readonly reducing: boolean;
  readonly equity: number;
  readonly cash: number;
  readonly refPrice: number;
  readonly closeMs: number;
  readonly positions: readonly number[];
  readonly pending: readonly number[];
  readonly marks: readonly number[];
}

/** What {@linkcode run} returns: the result, and every gate decision with its state. */
export interface Run {
  readonly result: BacktestResult;
  readonly decisions: SeenDecision[];
}

/** Options of {@linkcode run}. */
export interface RunCase {
  /** The `risk` section, as written in a config. */
  readonly risk: unknown;
  readonly rows: readonly BarRow[];
  /** Called at every bar close; emits intents. */
  readonly onBar: (ctx: BarContext) => void;
  readonly capital?: number;
  readonly execution?: unknown;
  readonly intervalMs?: number;
  readonly cache?: (cache: IndicatorCache) => void;
  /** Called once with the strategy's setup, to read indicators as a strategy would. */
  readonly setup?: (setup: Parameters<Parameters<typeof defineStrategy>[0]["create"]>[1]) => void;
}

/** Run a scripted strategy over hand-made bars with a `risk` section; record every decision. */
export function run(c: RunCase): Run {
  const frame = frameFromRows(c.rows, c.intervalMs ?? DAY);
  const strategy = defineStrategy({
    name: "scripted",
    params: z.strictObject({}),
    create: (_p, setup) => {
      c.setup?.(setup);
      return { onBar: c.onBar };
    },
  });
  const config = parseConfig({
    name: "risk_case",
    data: { source: "unused.csv" },
    capital: c.capital ?? 10_000,
    strategy: { use: strategy, params: {} },
    risk: c.risk,
    ...(c.execution === undefined ? {} : { execution: c.execution }),
  }, { file: "inline" });
  const cache = new IndicatorCache(frame);
  c.cache?.(cache);
  const decisions: SeenDecision[] = [];
  const result = runBacktest(config, frame, {
    cache,
    onRiskDecision: (i: Intent, s: RiskState, d: Decision) => {
      decisions.push({
        symbol: s.symbol,
        index: s.index,
        tsMs: s.tsMs,
        kind: i.kind,
        intentQty: i.qty,
        accepted: d.accepted,
        qty: d.qty,
        requestedQty: d.requestedQty,
        rule: d.rule,
        reducing: d.reducing,
        equity: s.equity,
        cash: s.cash,
        refPrice: s.refPrice,
        closeMs: s.closeMs,
        positions: [...s.positions],
        pending: [...s.pending],
        marks: [...s.marks],
      });
    },
  });
  return { result, decisions };
}

/** Assert two numbers agree to 1e-9. */
export function near(a: number, b: number, what: string): void {
  if (!(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)))) throw new Error(`${what}: expected ${b}, found ${a}`);
}
