/**
 * Bar data: the in-memory `BarFrame` (one `Float64Array` per field,
 * epoch-millisecond times, symbol ids and the clock they share); loading it
 * from CSV, Parquet, a DuckDB table or a SQL query, every row validated; the
 * `data` section of a config; and the time rules the layers above share:
 * trading days (`trading_day.ts`), resampling to a coarser timeframe and when
 * a coarser bar becomes visible (`resample.ts`), and `lowerBound` over sorted
 * times.
 *
 * SQL goes through the `SqlEngine` interface (`sql_engine.ts`), with two
 * implementations: `_duckdb.ts` (native DuckDB) and `_duckdb_wasm.ts` (its
 * WebAssembly build, for the sandbox). They are the only files of the project
 * that import DuckDB.
 *
 * **Entry points.** `loadBars` (`load_bars.ts`); `BarFrame`, `frameFromRows`
 * and `symbolBars` (`bar_frame.ts`); `openSqlEngine` and `openDatabaseFile`
 * (`sql_engine.ts`); `createTradingDay` (`trading_day.ts`); `resample`
 * (`resample.ts`); `lowerBound` (`lower_bound.ts`); `DataConfigSchema`
 * (`config.ts`).
 *
 * **May import:** `engine/errors.ts` and nothing else of `engine/`; `zod`
 * (`config.ts`); `@duckdb/node-api` (only `_duckdb.ts`) and
 * `@duckdb/duckdb-wasm` (only `_duckdb_wasm.ts`); `node:` modules.
 *
 * @example Bars from rows: one column per field, symbols in name order
 * ```ts
 * import assert from "node:assert/strict";
 * import { frameFromRows, symbolBars } from "./bar_frame.ts";
 * const day = 86_400_000;
 * const frame = frameFromRows([
 *   { symbol: "B", tsMs: 0, open: 20, high: 21, low: 19, close: 20 },
 *   { symbol: "A", tsMs: 0, open: 10, high: 11, low: 9, close: 10 },
 *   { symbol: "A", tsMs: day, open: 10, high: 12, low: 10, close: 12 },
 * ], day);
 * assert.deepEqual(frame.symbols, ["A", "B"]);
 * assert.deepEqual([...symbolBars(frame, 0).close], [10, 12]);
 * ```
 *
 * @module
 */
