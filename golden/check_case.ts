/**
 * Check a golden case against its `expected/` files, or regenerate them.
 *
 * @module
 */
import { compareFile, type FileComparison, formatComparison } from "./compare.ts";
import { type GoldenMetadata, readMetadata, verifyData } from "./metadata.ts";
import { runCase } from "./run_case.ts";

/** What checking (or updating) one case found. */
export interface CaseReport {
  /** The case directory's name, e.g. `01_sma_cross_daily`. */
  readonly name: string;
  readonly dir: string;
  readonly meta: GoldenMetadata;
  /** Data files that are missing or do not match their sha256: the case did not run. */
  readonly dataProblems: readonly string[];
  /** One comparison per file in `expected/` or produced by the run: trades, fills, denials, breakers, windows, equity, metrics, then others by name. */
  readonly files: readonly FileComparison[];
  /** Where the run's files were written (`actual/` holds the compared set). */
  readonly outDir: string;
  readonly ok: boolean;
}

/** Options of {@linkcode checkCase} and {@linkcode updateCase}. */
export interface CheckOptions {
  /** The run's files go to `<outRoot>/<case name>/`; `out/golden` by default. */
  readonly outRoot?: string;
}

const baseName = (dir: string) => dir.replace(/\/+$/, "").split("/").pop()!;

/** Report order: the records a reviewer looks at first (which trade changed), then curves and metrics. */
const FILE_ORDER = [
  "trades.csv",
  "fills.csv",
  "denials.csv",
  "breakers.csv",
  "windows.csv",
  "equity.csv",
  "metrics.json",
];
const fileRank = (f: string) => {
  const i = FILE_ORDER.indexOf(f);
  return i < 0 ? FILE_ORDER.length : i;
};

async function readExpected(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  try {
    for (const e of Deno.readDirSync(`${dir}/expected`)) {
      if (e.isFile) out.set(e.name, await Deno.readTextFile(`${dir}/expected/${e.name}`));
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return out;
}

async function run(dir: string, opts: CheckOptions, exact: boolean, write: boolean): Promise<CaseReport> {
  const name = baseName(dir);
  const meta = await readMetadata(dir);
  const outDir = `${opts.outRoot ?? "out/golden"}/${name}`;
  const dataProblems = await verifyData(dir, meta);
  if (dataProblems.length > 0) return { name, dir, meta, dataProblems, files: [], outDir, ok: false };
  await Deno.remove(outDir, { recursive: true }).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  });
  const actual = await runCase(dir, meta, `${outDir}/run`);
  await Deno.mkdir(`${outDir}/actual`, { recursive: true });
  for (const [file, text] of actual) await Deno.writeTextFile(`${outDir}/actual/${file}`, text);
  const expected = await readExpected(dir);
  const names = [...new Set([...expected.keys(), ...actual.keys()])].sort((a, b) =>
    fileRank(a) - fileRank(b) || (a < b ? -1 : a > b ? 1 : 0)
  );
  const tol = exact ? { abs: 0, rel: 0 } : meta.tolerance;
  const files = names.map((f) => compareFile(f, expected.get(f), actual.get(f), tol, exact ? { quantum: 0 } : {}));
  if (write) {
    await Deno.mkdir(`${dir}/expected`, { recursive: true });
    for (const f of names) {
      if (actual.has(f)) await Deno.writeTextFile(`${dir}/expected/${f}`, actual.get(f)!);
      else await Deno.remove(`${dir}/expected/${f}`);
    }
  }
  return { name, dir, meta, dataProblems, files, outDir, ok: files.every((f) => f.status === "same") };
}

/**
 * Run a case and compare every file with `expected/` under the case's
 * tolerance. The run's files are left in `<outRoot>/<name>/actual/` for
 * `diff -r`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkCase, formatCaseReport } from "./check_case.ts";
 * const outRoot = await Deno.makeTempDir();
 * const r = await checkCase("golden/01_sma_cross_daily", { outRoot });
 * assert.ok(r.ok, formatCaseReport(r).join("\n"));
 * await Deno.remove(outRoot, { recursive: true });
 * ```
 */
export function checkCase(dir: string, opts: CheckOptions = {}): Promise<CaseReport> {
  return run(dir, opts, false, false);
}

/**
 * Run a case and write its files to `expected/` (removing expected files the
 * run no longer produces). The report compares the old expected files with
 * the new ones exactly, field by field: it is the summary of what changed.
 *
 * @example Not run here: it rewrites the case's expected files
 * ```ts ignore
 * import { formatCaseReport, updateCase } from "./check_case.ts";
 * const r = await updateCase("golden/01_sma_cross_daily");
 * console.log(formatCaseReport(r, { update: true }).join("\n"));
 * ```
 */
export function updateCase(dir: string, opts: CheckOptions = {}): Promise<CaseReport> {
  return run(dir, opts, true, true);
}

/** Options of {@linkcode formatCaseReport}. */
export interface FormatOptions {
  /** Differing rows shown per file (5 by default). */
  readonly maxRows?: number;
  /** Word the report as a summary of an update. */
  readonly update?: boolean;
}

/**
 * The report of a case as lines: one headline, then each file that differs
 * with its first differing rows (or, for an update, what changed).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatCaseReport } from "./check_case.ts";
 * const lines = formatCaseReport({
 *   name: "01_x", dir: "golden/01_x", outDir: "out/golden/01_x", ok: false, dataProblems: [],
 *   meta: { description: "d", kind: "backtest", covers: ["c"], tolerance: { abs: 1e-9, rel: 1e-9 },
 *     data: { generator: "g", command: "c", seed: 1, files: {} } },
 *   files: [{ file: "trades.csv", status: "differs", expectedRows: 2, actualRows: 2, differingRows: 1,
 *     differences: [{ row: 2, record: "trade #2: AAA long 100, entered 2020-01-06T00:00:00Z", field: "pnl", expected: "12.5", actual: "13" }] }],
 * });
 * assert.ok(lines[0] === "✗ 01_x: 1 of 1 files differ (tolerance abs 1e-9, rel 1e-9)");
 * assert.ok(lines[2]!.includes("row 2, trade #2: AAA long 100, entered 2020-01-06T00:00:00Z: pnl: expected 12.5, actual 13 (Δ +0.5)"));
 * ```
 */
export function formatCaseReport(r: CaseReport, opts: FormatOptions = {}): string[] {
  if (r.dataProblems.length > 0) {
    return [`✗ ${r.name}: data does not match metadata.json`, ...r.dataProblems.map((p) => `  ${p}`)];
  }
  const changed = r.files.filter((f) => f.status !== "same");
  if (opts.update) {
    if (changed.length === 0) return [`= ${r.name}: unchanged (${r.files.length} files)`];
    const lines = [`~ ${r.name}: ${changed.length} of ${r.files.length} files changed`];
    for (const f of changed) {
      const [head, ...rest] = f.status === "missing"
        ? [`${f.file}: removed`]
        : f.status === "unexpected"
        ? [`${f.file}: new`]
        : formatComparison(f, opts.maxRows);
      lines.push(`  ${head!.replace(" differ", " changed")}`, ...rest.map((l) => `  ${l}`));
    }
    return lines;
  }
  if (r.ok) {
    const rows = r.files.map((f) => `${f.file} ${f.expectedRows}`).join(", ");
    return [`✓ ${r.name}: ${r.files.length} files match (${rows})`];
  }
  const t = r.meta.tolerance;
  const lines = [
    `✗ ${r.name}: ${changed.length} of ${r.files.length} files differ (tolerance abs ${t.abs}, rel ${t.rel})`,
  ];
  for (const f of changed) lines.push(...formatComparison(f, opts.maxRows).map((l) => `  ${l}`));
  lines.push(`  actual files: ${r.outDir}/actual/  (diff -r ${r.dir}/expected ${r.outDir}/actual)`);
  return lines;
}
