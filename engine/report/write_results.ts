/**
 * The export manager: writes the result files a run's `output.formats` asks
 * for (or the formats given), published as a new run under the output root
 * in one atomic step, or into a directory the caller publishes.
 *
 * | format | files |
 * | --- | --- |
 * | `json` | `result.json` and the equity curve it points to, `equity.parquet` (see `result_json.ts` for both) |
 * | `csv` | `trades.csv`, `fills.csv`, `equity.csv`, `denials.csv`, `breakdown_symbol.csv`, `returns_monthly.csv`, and `corporate_actions.csv` for a `rawWithActions` run (see `csv_exports.ts`) |
 * | `html` | `report.html` (see `html_report.ts`) |
 *
 * Every file goes into the run's own new directory, which is renamed into
 * place, with its manifest, only once all are written
 * ({@linkcode writeFilesAtomic}); an output root that cannot be written is an
 * {@linkcode OutputError} and leaves no file.
 * Long sections stream through a {@linkcode ByteWriter}. Times are ISO-8601
 * UTC; numbers use {@linkcode formatNumber}'s fixed form, so the same run
 * writes the same bytes.
 *
 * @module
 */
import type { BarFrame } from "../data/bar_frame.ts";
import type { BacktestResult } from "../result.ts";
import { type Analysis, analyzeResult } from "./analyze_result.ts";
import { type OutputFile, type StagedDir, writeFilesAtomic } from "./atomic_write.ts";
import { collectText } from "./byte_writer.ts";
import type { OutputFormatSchema } from "./config.ts";
import {
  streamBreakdownSymbolCsv,
  streamCorporateActionsCsv,
  streamDenialsCsv,
  streamEquityCsv,
  streamFillsCsv,
  streamReturnsMonthlyCsv,
  streamTradesCsv,
} from "./csv_exports.ts";
import { htmlReport } from "./html_report.ts";
import { EQUITY_FILE, equityParquet, resultJson } from "./result_json.ts";

export { EQUITY_FILE, RESULT_SCHEMA_VERSION } from "./result_json.ts";

/**
 * A result file format: `json`, `csv` or `html`.
 *
 * @example
 * ```ts
 * import type { OutputFormat } from "./write_results.ts";
 * const formats: OutputFormat[] = ["json", "html"];
 * console.log(formats.length);
 * ```
 */
export type OutputFormat = (typeof OutputFormatSchema)["options"][number];

/**
 * Options of {@linkcode writeResults}.
 *
 * @example
 * ```ts
 * import type { WriteResultsOptions } from "./write_results.ts";
 * const opts: WriteResultsOptions = { formats: ["csv"] };
 * console.log(opts.formats);
 * ```
 */
export interface WriteResultsOptions {
  /** Formats to write instead of the config's `output.formats`. */
  readonly formats?: readonly OutputFormat[];
  /** The bars the run used: `report.html` charts each symbol's price from them (and has no price charts without). */
  readonly frame?: BarFrame;
  /** The run's analysis, when the caller has it already; computed otherwise (with `frame` and `benchmarkFrame`). */
  readonly analysis?: Analysis;
  /** The bars of a `source` benchmark (`loadBenchmarkFrame`), for the analysis computed here. */
  readonly benchmarkFrame?: BarFrame;
  /** Called with each file's name before it is written: progress for long runs. */
  readonly onFile?: (name: string) => void;
}

/**
 * The files of each format for a run, in the order they are written.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resultFiles } from "./write_results.ts";
 * import { analyzeResult } from "./analyze_result.ts";
 * import { frameFromRows } from "../data/bar_frame.ts";
 * import { parseConfig } from "../config/parse_config.ts";
 * import { runBacktest } from "../backtest.ts";
 * import { defineStrategy } from "../strategy/types.ts";
 * import { z } from "zod";
 * const idle = defineStrategy({ name: "idle", params: z.strictObject({}), create: () => ({ onBar: () => {} }) });
 * const frame = frameFromRows([{ symbol: "A", tsMs: 0, open: 1, high: 1, low: 1, close: 1 }], 86_400_000);
 * const config = parseConfig({
 *   name: "idle", data: { source: "x.csv" }, capital: 100,
 *   strategy: { use: idle, params: {} }, risk: { sizing: { kind: "fixedQty", qty: 1 } },
 * }, { file: "inline" });
 * const r = runBacktest(config, frame);
 * const names = resultFiles(r, ["csv"], { analysis: analyzeResult(r) }).map((f) => f.name);
 * assert.deepEqual(names, ["trades.csv", "fills.csv", "equity.csv", "denials.csv", "breakdown_symbol.csv", "returns_monthly.csv"]);
 * ```
 */
export function resultFiles(
  r: BacktestResult,
  formats: readonly OutputFormat[],
  opts: { readonly analysis: Analysis; readonly frame?: BarFrame },
): OutputFile[] {
  const want = new Set(formats);
  const a = opts.analysis;
  const files: OutputFile[] = [];
  if (want.has("json")) {
    files.push({ name: "result.json", content: resultJson(r, a) }, { name: EQUITY_FILE, content: equityParquet(r) });
  }
  if (want.has("csv")) {
    files.push(
      { name: "trades.csv", content: streamTradesCsv(r) },
      { name: "fills.csv", content: streamFillsCsv(r) },
      { name: "equity.csv", content: streamEquityCsv(r) },
      { name: "denials.csv", content: streamDenialsCsv(r) },
      { name: "breakdown_symbol.csv", content: streamBreakdownSymbolCsv(a.bySymbol) },
      { name: "returns_monthly.csv", content: streamReturnsMonthlyCsv(a.returns.monthly) },
    );
    if (r.corporateActions !== undefined) {
      files.push({ name: "corporate_actions.csv", content: streamCorporateActionsCsv(r) });
    }
  }
  if (want.has("html")) {
    files.push({
      name: "report.html",
      content: htmlReport(r, a, opts.frame === undefined ? {} : { frame: opts.frame }),
    });
  }
  return files;
}

/**
 * Write the result files of a run: the formats of its config's
 * `output.formats` unless `opts.formats` says otherwise. Given an output
 * root (a path), they are published there as a new run, `<root>/runs/<run
 * id>/`, and old runs pruned to the config's `output.keep`; given a
 * {@linkcode StagedDir}, they are written into it, for its owner to publish.
 * Returns the paths the files have once published.
 *
 * @throws {OutputError} when the root cannot be created or written; no file is left behind.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadConfig } from "../config/load_config.ts";
 * import { loadBars } from "../data/load_bars.ts";
 * import { runBacktest } from "../backtest.ts";
 * import { latestRunDir } from "./atomic_write.ts";
 * import { writeResults } from "./write_results.ts";
 * const config = await loadConfig("configs/sma_cross.ts");
 * const frame = await loadBars(config.data);
 * const root = await Deno.makeTempDir();
 * const paths = await writeResults(runBacktest(config, frame), root, { frame, formats: ["json", "html"] });
 * const dir = await latestRunDir(root);
 * assert.deepEqual(paths, [`${dir}/result.json`, `${dir}/equity.parquet`, `${dir}/report.html`]);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function writeResults(
  r: BacktestResult,
  out: string | StagedDir,
  opts: WriteResultsOptions = {},
): Promise<string[]> {
  const analysis = opts.analysis ?? analyzeResult(r, { frame: opts.frame, benchmarkFrame: opts.benchmarkFrame });
  const files = resultFiles(r, opts.formats ?? r.config.output.formats, {
    analysis,
    ...(opts.frame !== undefined && { frame: opts.frame }),
  });
  if (typeof out !== "string") return await out.write(files, opts.onFile);
  return await writeFilesAtomic(out, files, { onFile: opts.onFile, keep: r.config.output.keep });
}

/**
 * `trades.csv` as a string (for tests and small runs; files are streamed).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tradesCsv } from "./write_results.ts";
 * const text = tradesCsv({ trades: [] }); // the header only
 * assert.ok(text.startsWith("symbol,side,qty,entryTime,entryPrice,exitTime,exitPrice,pnl,fees"));
 * assert.equal(text.split("\n").length, 2);
 * ```
 */
export function tradesCsv(r: Pick<BacktestResult, "trades">): string {
  return collectText(streamTradesCsv(r));
}

/**
 * `fills.csv` as a string (for tests and small runs; files are streamed).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fillsCsv } from "./write_results.ts";
 * assert.equal(fillsCsv({ fills: [] }).split(",")[0], "orderId");
 * ```
 */
export function fillsCsv(r: Pick<BacktestResult, "fills">): string {
  return collectText(streamFillsCsv(r));
}

/**
 * `denials.csv` as a string (for tests and small runs; files are streamed).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { denialsCsv } from "./write_results.ts";
 * assert.equal(denialsCsv({ denials: [] }), "time,symbol,intent,rule,detail\n");
 * ```
 */
export function denialsCsv(r: Pick<BacktestResult, "denials">): string {
  return collectText(streamDenialsCsv(r));
}
