/**
 * The built-in indicator table: every built-in is one
 * {@linkcode defineIndicator} definition in its own file, listed here once.
 * Strategies reach each of them by name through a symbol's indicators
 * (`ind.sma(10)`, `ind.bollinger({ period: 20, devfactor: 2 })`); adding an
 * indicator means writing its file and test and adding it to this list.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { indicators, INDICATOR_LIST } from "./library.ts";
 * assert.ok(indicators.sma.name === "sma" && indicators.bollinger.outputs.includes("upper"));
 * assert.ok(new Set(INDICATOR_LIST.map((d) => d.name)).size === INDICATOR_LIST.length);
 * ```
 *
 * @module
 */
import { adlIndicator } from "./adl.ts";
import { aroonIndicator } from "./aroon.ts";
import { atrIndicator } from "./atr.ts";
import { awesomeOscillatorIndicator } from "./awesome_oscillator.ts";
import { bollingerIndicator } from "./bollinger.ts";
import { cciIndicator } from "./cci.ts";
import { cmfIndicator } from "./cmf.ts";
import { crossoverIndicator } from "./crossover.ts";
import type { IndicatorDefinition } from "./define_indicator.ts";
import { demaIndicator } from "./dema.ts";
import { dmiIndicator } from "./dmi.ts";
import { donchianIndicator } from "./donchian.ts";
import { dpoIndicator } from "./dpo.ts";
import { emaIndicator } from "./ema.ts";
import { envelopesIndicator } from "./envelopes.ts";
import { highestIndicator, lowestIndicator } from "./extremes.ts";
import { heikinAshiIndicator } from "./heikin_ashi.ts";
import { hmaIndicator } from "./hma.ts";
import { ichimokuIndicator } from "./ichimoku.ts";
import { kamaIndicator } from "./kama.ts";
import { keltnerIndicator } from "./keltner.ts";
import { kstIndicator } from "./kst.ts";
import { linRegSlopeIndicator } from "./lin_reg_slope.ts";
import { macdIndicator } from "./macd.ts";
import { mfiIndicator } from "./mfi.ts";
import { momentumIndicator } from "./momentum.ts";
import { obvIndicator } from "./obv.ts";
import { parabolicSarIndicator } from "./parabolic_sar.ts";
import { percentChangeIndicator } from "./percent_change.ts";
import { percentRankIndicator } from "./percent_rank.ts";
import { ppoIndicator } from "./ppo.ts";
import { priceOscillatorIndicator } from "./price_oscillator.ts";
import { rocIndicator } from "./roc.ts";
import { rsiIndicator } from "./rsi.ts";
import { sessionVwapIndicator } from "./session_vwap.ts";
import { smaIndicator } from "./sma.ts";
import { smmaIndicator } from "./smma.ts";
import { stdevIndicator } from "./stdev.ts";
import { stochasticIndicator } from "./stochastic.ts";
import { stochasticFastIndicator } from "./stochastic_fast.ts";
import { stochasticFullIndicator } from "./stochastic_full.ts";
import { temaIndicator } from "./tema.ts";
import { trixIndicator } from "./trix.ts";
import { trueRangeIndicator } from "./true_range.ts";
import { tsiIndicator } from "./tsi.ts";
import { ultimateOscillatorIndicator } from "./ultimate_oscillator.ts";
import { vortexIndicator } from "./vortex.ts";
import { vwapIndicator } from "./vwap.ts";
import { williamsRIndicator } from "./williams_r.ts";
import { wmaIndicator } from "./wma.ts";
import { zlemaIndicator } from "./zlema.ts";
import { zscoreIndicator } from "./zscore.ts";

/** Every built-in indicator definition. */
export const INDICATOR_LIST = [
  // moving averages
  smaIndicator,
  emaIndicator,
  wmaIndicator,
  smmaIndicator,
  demaIndicator,
  temaIndicator,
  hmaIndicator,
  kamaIndicator,
  zlemaIndicator,
  trixIndicator,
  // momentum
  rocIndicator,
  momentumIndicator,
  rsiIndicator,
  stochasticIndicator,
  stochasticFastIndicator,
  stochasticFullIndicator,
  williamsRIndicator,
  cciIndicator,
  macdIndicator,
  ppoIndicator,
  priceOscillatorIndicator,
  tsiIndicator,
  ultimateOscillatorIndicator,
  awesomeOscillatorIndicator,
  kstIndicator,
  dpoIndicator,
  // trend
  dmiIndicator,
  aroonIndicator,
  vortexIndicator,
  ichimokuIndicator,
  parabolicSarIndicator,
  linRegSlopeIndicator,
  crossoverIndicator,
  // volatility
  trueRangeIndicator,
  atrIndicator,
  bollingerIndicator,
  keltnerIndicator,
  donchianIndicator,
  stdevIndicator,
  zscoreIndicator,
  // volume
  obvIndicator,
  vwapIndicator,
  sessionVwapIndicator,
  mfiIndicator,
  cmfIndicator,
  adlIndicator,
  // transforms
  heikinAshiIndicator,
  percentRankIndicator,
  highestIndicator,
  lowestIndicator,
  envelopesIndicator,
  percentChangeIndicator,
] as const;

type Builtin = typeof INDICATOR_LIST[number];

/** The built-in definitions by name. */
export type BuiltinIndicators = { readonly [D in Builtin as D["name"]]: D };

/** The built-in definitions by name, e.g. `indicators.rsi`, to use as another indicator's input. */
export const indicators: BuiltinIndicators = Object.freeze(
  Object.fromEntries(INDICATOR_LIST.map((d) => [d.name, d])),
) as BuiltinIndicators;

const BUILTIN = new WeakSet<IndicatorDefinition>(INDICATOR_LIST as readonly IndicatorDefinition[]);

/** True for the definitions of this table (trusted: the cache skips the checks it runs on users' indicators). */
export function isBuiltinIndicator(def: IndicatorDefinition): boolean {
  return BUILTIN.has(def);
}
