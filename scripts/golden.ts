/**
 * `deno task golden [case ...]`: run the golden cases (all of `golden/` by
 * default) and compare each with its `expected/` files. Prints one line per
 * case, and for a case that differs the first differing rows of each file;
 * exits 1 when any case differs or cannot run, 2 for an unknown case.
 *
 * `deno task golden:update [case ...]` (`--update`) regenerates `expected/`
 * and prints what changed, file by file; review that diff before committing.
 *
 * Options: `--max-rows N` differing rows shown per file (default 5),
 * `--out DIR` where the runs' files go (default `out/golden`).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { checkCase, formatCaseReport, listCases, updateCase } from "../golden/mod.ts";
import { parseFlags } from "./_flags.ts";

const USAGE = `Usage: deno task golden [case ...] [--max-rows N] [--out DIR]
       deno task golden:update [case ...] [--out DIR]

golden runs each golden case (all of golden/ by default) and compares its
files with golden/<case>/expected/; golden:update regenerates expected/ and
prints what changed (review the diff before committing).

Options:
  --max-rows N   differing rows shown per file (default 5)
  --out DIR      where the runs' files go (default out/golden)
  -h, --help     show this help

Exit codes: 0 every case matches (or was regenerated), 1 a case differs or
cannot run, 2 an unknown case or a bad flag.`;

/**
 * Run the golden task on `args` (case names, `--update`, `--max-rows N`,
 * `--out DIR`, `--help`), print its report, and return the exit code: 0 when
 * every case matches (or was regenerated), 1 when one differs or cannot run,
 * 2 for an unknown case or a bad flag.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { golden } from "./golden.ts";
 * const out = await Deno.makeTempDir();
 * assert.ok(await golden(["01_sma_cross_daily", "--out", out]) === 0);
 * await Deno.remove(out, { recursive: true });
 * ```
 */
export async function golden(args: readonly string[]): Promise<number> {
  const parsed = parseFlags(USAGE, () =>
    parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        update: { type: "boolean", default: false },
        "max-rows": { type: "string", default: "5" },
        out: { type: "string", default: "out/golden" },
        help: { type: "boolean", short: "h" },
      },
    }));
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const maxRows = Math.max(1, Number(values["max-rows"]) || 5);
  const all = listCases("golden");
  const name = (dir: string) => dir.slice("golden/".length);
  const wanted = positionals.length === 0
    ? all
    : positionals.map((p) => all.find((d) => d === p.replace(/\/+$/, "") || name(d) === p) ?? p);
  const unknown = wanted.filter((d) => !all.includes(d));
  if (unknown.length > 0) {
    console.error(`error: unknown golden case ${unknown.join(", ")}; cases: ${all.map(name).join(", ")}`);
    return 2;
  }
  let failed = 0;
  const t0 = performance.now();
  for (const dir of wanted) {
    try {
      const opts = { outRoot: values.out };
      const r = values.update ? await updateCase(dir, opts) : await checkCase(dir, opts);
      console.log(formatCaseReport(r, { maxRows, update: values.update }).join("\n"));
      if (!r.ok && (!values.update || r.dataProblems.length > 0)) failed++;
    } catch (e) {
      failed++;
      console.log(`✗ ${name(dir)}: could not run: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  if (values.update) {
    console.log(`golden:update: ${wanted.length} cases regenerated in ${secs} s; review \`git diff golden/\``);
  } else {
    console.log(`golden: ${wanted.length - failed} of ${wanted.length} cases match (${secs} s)`);
  }
  return failed > 0 ? 1 : 0;
}

if (import.meta.main) Deno.exit(await golden(Deno.args));
