/**
 * What a run says once it has ended: the metric kernels (`metrics/`, with its
 * own `mod.ts`), breakdowns and calendar returns, the analysis of a result
 * (`analyze_result.ts`), and the exports: `result.json`, the CSV files and
 * `report.html`, published together by `write_results.ts`. It also owns the
 * results history and the study history in a DuckDB file (`results_db.ts`,
 * `study_db.ts`) and the `output` section of a config (`config.ts`).
 * `docs/reports.md` describes the files.
 *
 * **The one output stack.** Every file the engine writes, a backtest's, a
 * study's (`engine/optimize/`) or a job's report (`engine/jobs/`), goes
 * through the same four pieces: one publisher that writes files under
 * temporary names and renames them into place in one step
 * (`atomic_write.ts`), one byte writer (`byte_writer.ts`), one formatter with
 * one rule for NaN and infinity (`format.ts`), and one page skeleton and
 * style for every HTML page (`html_page.ts`, with the charting library of
 * `chart_library.ts`). An output location that cannot be written is an
 * `OutputError` made by `output_error.ts`.
 *
 * **Entry points.** `analyzeResult` (`analyze_result.ts`); `writeResults` and
 * `resultFiles` (`write_results.ts`); `writeFilesAtomic` and `AtomicOutput`
 * (`atomic_write.ts`); `htmlPage` (`html_page.ts`);
 * `computeMetrics` (`metrics/compute_metrics.ts`); `formatNumber`, `toJson`,
 * `toCompactJson` and `isoTime` (`format.ts`); `appendRun` and `listRuns`
 * (`results_db.ts`); `appendStudyRun` and `listStudyRuns` (`study_db.ts`).
 *
 * **May import:** `engine/data/` (`bar_frame.ts` as a type, `lower_bound.ts`,
 * and `sql_engine.ts`: the databases go through the `SqlEngine` interface,
 * never DuckDB itself); `engine/config/parse_config.ts`
 * (`serializableConfig`); as types only, `engine/result.ts`;
 * `engine/errors.ts`; `engine/sha256_hex.ts`; `zod`; `node:` modules. Its
 * tests also import `engine/random.ts` and `fast-check`; its doc examples
 * build a run with `engine/backtest.ts`, `engine/config/`,
 * `engine/data/load_bars.ts` and `engine/strategy/types.ts`. Never the study
 * folders (`optimize`, `parallel`, `distributed`, `jobs`), which import it.
 *
 * @module
 */
