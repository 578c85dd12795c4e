/**
 * `deno task bench` as a user runs it: its help, its flag errors, and a
 * `--quick` smoke run on small generated data whose JSON holds every section
 * and figure. No figure is compared with a stopwatch: a benchmark prints
 * figures, tests check their shape.
 */
import assert from "node:assert/strict";
import { type CliRun, runDeno } from "./_cli.ts";
import { type BenchReport, markdownTable, SECTIONS } from "../scripts/bench.ts";

function bench(args: readonly string[]): Promise<CliRun> {
  return runDeno(["run", "--no-prompt", "--allow-all", "scripts/bench.ts", ...args]);
}

Deno.test("bench --help prints the usage with every section and exits 0", async () => {
  const r = await bench(["--help"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Usage: deno task bench/);
  for (const s of SECTIONS) assert.match(r.stdout, new RegExp(`^  ${s} `, "m"), `section ${s} described`);
  for (const f of ["--only", "--runs", "--quick", "--json", "--table", "--sweep-runs"]) assert.ok(r.stdout.includes(f));
});

Deno.test("bench rejects an unknown section, too few runs and an unknown flag with exit 2 and the usage", async () => {
  for (
    const [args, message] of [
      [["--only", "e2e,nope"], /--only: unknown section "nope"/],
      [["--runs", "3"], /--runs: expected a whole number ≥ 5, found "3"/],
      [["--runs", "many"], /--runs: expected a whole number/],
      [["--bogus"], /Unknown option '--bogus'/],
    ] as const
  ) {
    const r = await bench(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /Usage: deno task bench/);
    assert.doesNotMatch(r.stderr, /^\s+at /m, "no stack trace");
    assert.equal(r.stdout, "");
  }
});

Deno.test("bench --table names a missing or non-JSON report with exit 2 and no stack trace", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/notes.txt`, "not json\n");
    for (
      const [path, found] of [
        [`${dir}/none.json`, "no readable file"],
        [`${dir}/notes.txt`, "a file that is not JSON"],
      ] as const
    ) {
      const r = await bench(["--table", path]);
      assert.equal(r.code, 2, r.stderr);
      assert.ok(r.stderr.includes(`--table: expected a JSON report written by --json, found ${found} at "${path}"`));
      assert.doesNotMatch(r.stderr, /^\s+at /m, "no stack trace");
      assert.equal(r.stdout, "");
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bench --quick runs every section on small data and writes every figure as JSON", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const json = `${tmp}/bench/bench.json`;
    const r = await bench(["--quick", "--json", json]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /QUICK: a smoke run/);
    assert.match(r.stdout, /\d+ cores \(.+\), .*Deno \d+\.\d+\.\d+/);
    const report = JSON.parse(await Deno.readTextFile(json)) as BenchReport;
    assert.equal(report.schema, 1);
    assert.equal(report.quick, true);
    assert.equal(report.runs, 2);
    assert.equal(report.machine.cores, navigator.hardwareConcurrency);
    assert.equal(report.deno.deno, Deno.version.deno);
    assert.ok(!Number.isNaN(Date.parse(report.date)));
    assert.deepEqual(Object.keys(report.sections), [...SECTIONS]);
    for (const [name, s] of Object.entries(report.sections)) {
      assert.equal(s.error, undefined, `${name} failed: ${s.error}`);
      assert.ok(Object.keys(s.figures).length > 0, `${name} has figures`);
      for (const [key, f] of Object.entries(s.figures)) {
        const what = `${name}.${key}`;
        assert.ok(f.n >= 1 && f.samples.length === f.n, `${what}: ${f.n} samples`);
        assert.ok(Number.isFinite(f.median), `${what}: median ${f.median}`);
        assert.ok(f.min <= f.q1 && f.q1 <= f.median && f.median <= f.q3 && f.q3 <= f.max, `${what}: ordered spread`);
        assert.ok(f.label.length > 0 && f.unit.length > 0, what);
      }
    }
    const sweep = report.sections.sweep!.figures;
    assert.equal(sweep.big1Wall!.n, 2, "the sweep ran twice on 1 worker");
    assert.equal(sweep.speedup!.n, 2, "a 2-vs-1 ratio per repetition");
    // the in-process figures take three times the runs
    assert.equal(report.sections.strategy!.figures.coldBarsPerSec!.n, 6);
    // every headline figure makes a row of the README table, which says it is a smoke run
    const table = markdownTable(report);
    const headlines = Object.values(report.sections).flatMap((s) => Object.values(s.figures)).filter((f) => f.headline);
    assert.equal(table.split("\n").filter((l) => /^\| \w/.test(l)).length, headlines.length);
    assert.match(table, /quick smoke run/);
    const printed = await bench(["--table", json]);
    assert.equal(printed.code, 0, printed.stderr);
    assert.equal(printed.stdout.trimEnd(), table);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
