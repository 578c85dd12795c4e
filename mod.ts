/**
 * A config-as-code, event-driven backtesting engine.
 *
 * A config module declares the data, the strategy and its params, the risk
 * sizing, the execution model, the seed and the outputs; the engine loads bars
 * through DuckDB into columns, runs them bar by bar through the strategy, the
 * risk gate and the fill simulator, and writes byte-reproducible results.
 *
 * @example Run a backtest from code
 * ```ts ignore
 * import { loadBars, loadConfig, runBacktest, writeResults } from "./mod.ts";
 * const config = await loadConfig("configs/sma_cross.ts");
 * const frame = await loadBars(config.data);
 * const result = runBacktest(config, frame);
 * await writeResults(result, "out/sma_cross", { frame }); // metrics, CSV, JSON and report.html
 * ```
 *
 * @example In a notebook (`deno jupyter`) or a script: views that display as HTML
 * ```ts ignore
 * import { backtest, compare, loadBacktest, sweep, tearsheet } from "./mod.ts";
 * const inputs = await loadBacktest("configs/sma_cross.ts"); // --allow-read, --allow-ffi=node_modules
 * const run = backtest(inputs); // shows the headline metrics and the equity curve; run.text in a script
 * const slow = backtest(await loadBacktest("configs/sma_cross.ts", { overrides: { set: ["strategy.params.slow=100"] }, frame: inputs.frame }));
 * compare({ "10/30": run, "10/100": slow });
 * tearsheet(run); // report.html, with its charts, in a frame
 * const study = await sweep("configs/sma_optimize.ts", { workers: 2, frame: inputs.frame, outDir: "out/study" }); // --allow-write=out
 * ```
 *
 * @example A strategy on hand-made bars
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineStrategy, frameFromRows, parseConfig, runBacktest } from "./mod.ts";
 * import { z } from "zod";
 * const buyFirstBar = defineStrategy({
 *   name: "buyFirstBar",
 *   params: z.strictObject({}),
 *   create: () => ({ onBar: (ctx) => { if (ctx.index === 0) ctx.buy(); } }),
 * });
 * const day = 86_400_000;
 * const frame = frameFromRows([10, 11, 12].map((c, i) => ({ symbol: "A", tsMs: i * day, open: c, high: c, low: c, close: c })), day);
 * const config = parseConfig({
 *   name: "demo", data: { source: "unused.csv" }, capital: 1000,
 *   strategy: { use: buyFirstBar, params: {} }, risk: { sizing: { kind: "fixedQty", qty: 2 } },
 * }, { file: "inline" });
 * const r = runBacktest(config, frame);
 * assert.ok(r.fills[0]!.price === 11); // placed at bar 0's close, filled at bar 1's open
 * assert.ok(r.summary.finalEquity === 1000 + 2 * (12 - 11));
 * ```
 *
 * @module
 */
export { defineConfig } from "./engine/config/define_config.ts";
export { defineJob } from "./engine/jobs/define_job.ts";
export type { JobInput } from "./engine/jobs/schema.ts";
export { type ConfigOverrides, loadConfig } from "./engine/config/load_config.ts";
export { parseConfig } from "./engine/config/parse_config.ts";
export type { Config, ConfigInput } from "./engine/config/schema.ts";
export { type BarFrame, type BarRow, frameFromRows, symbolBars } from "./engine/data/bar_frame.ts";
export { loadBars, loadRawBars, type RawBars } from "./engine/data/load_bars.ts";
export {
  builtinCalendarSpec,
  type Calendar,
  type CalendarSpec,
  createCalendar,
  loadCalendarSpec,
  type Session,
} from "./engine/data/calendar.ts";
export { type CorporateAction, loadActions } from "./engine/data/actions.ts";
export { checkData, formatDataCheckReport, runDataChecks } from "./engine/data/check.ts";
export { loadFxFrame } from "./engine/instruments/fx.ts";
export { BackendError, ConfigError, DataError, IndicatorError, OutputError, StrategyError } from "./engine/errors.ts";
export { IndicatorCache, type IndicatorCacheOptions, SeriesPool } from "./engine/indicators/cache.ts";
export {
  defineIndicator,
  type IndicatorDefinition,
  type IndicatorRef,
  period,
  type Source,
  source,
  SourceSchema,
} from "./engine/indicators/define_indicator.ts";
export { indicators } from "./engine/indicators/library.ts";
export { runBacktest } from "./engine/backtest.ts";
export type { BacktestResult, Denial, Fill, OpenPosition, Overlay, Stepping, Trade } from "./engine/result.ts";
export { type Analysis, analyzeResult } from "./engine/report/analyze_result.ts";
export { writeResults, type WriteResultsOptions } from "./engine/report/write_results.ts";
export {
  gridSearch,
  type GridSearchOptions,
  type GridSearchReport,
  type OptimizeInput,
  type ParamRange,
  range,
  type StudyOptions,
  type StudyProgress,
  walkForward,
  type WalkForwardReport,
} from "./engine/optimize/mod.ts";
export { localBackend, type LocalPoolOptions, type PoolBackend } from "./engine/parallel/mod.ts";
export {
  backtest,
  type BacktestInputs,
  barsTable,
  compare,
  type Displayable,
  JUPYTER_DISPLAY,
  loadBacktest,
  type LoadBacktestOptions,
  metricsTable,
  type MimeBundle,
  PermissionError,
  type Run,
  type Runs,
  saveRun,
  type Study,
  studyTable,
  sweep,
  type SweepOptions,
  tearsheet,
  type TearsheetOptions,
  view,
} from "./engine/notebook.ts";
export {
  type BarContext,
  type CancelOptions,
  defineStrategy,
  type IndicatorSource,
  type OrderOptions,
  type PerSymbol,
  type PriceField,
  type PriceSeries,
  type RebalanceOptions,
  type Series,
  type StepContext,
  type Strategy,
  type StrategyDefinition,
  type StrategySetup,
  type SymbolRef,
  type SymbolView,
  type TimeframeOptions,
  type TimeframeView,
} from "./engine/strategy/types.ts";
