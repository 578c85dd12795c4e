/**
 * Golden runs: small fixed datasets the project generated, a config for
 * each, and the result files the engine must keep producing.
 *
 * `deno task golden` runs every case in `golden/` and compares its files with
 * `expected/` (floats within the case's tolerance, everything else exactly),
 * printing the first differing rows; `deno task golden:update` regenerates
 * `expected/` and prints what changed. `tests/golden_test.ts` calls the same
 * code.
 *
 * @example Check one case from code
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkCase, formatCaseReport } from "./mod.ts";
 * const outRoot = await Deno.makeTempDir();
 * const report = await checkCase("golden/05_max_drawdown_halt", { outRoot });
 * assert.ok(report.ok, formatCaseReport(report).join("\n"));
 * await Deno.remove(outRoot, { recursive: true });
 * ```
 *
 * @module
 */
export { type CaseReport, checkCase, type CheckOptions, formatCaseReport, updateCase } from "./check_case.ts";
export {
  compareFile,
  type CompareOptions,
  type Difference,
  fieldsMatch,
  type FileComparison,
  formatComparison,
  isCountField,
  parseCsv,
  type Tolerance,
} from "./compare.ts";
export { type GoldenMetadata, GoldenMetadataSchema, listCases, readMetadata, verifyData } from "./metadata.ts";
export { backtestMetricsJson, breakersCsv, metricsJson, runCase } from "./run_case.ts";
