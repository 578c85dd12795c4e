/**
 * `deno task data:check` as a user runs it (the task's own permissions): exit
 * codes 0 clean / 3 warnings / 2 errors or bad input, the `--json` report, a
 * config module as the source, bad arguments; and `data.check` before a
 * backtest (`"warn"` goes on, `"error"` stops with nothing written).
 */
import assert from "node:assert/strict";
import { type CliRun, configSource, exists, ROOT, runCli, runDeno, runSandbox } from "./_cli.ts";
import { taskArgs } from "../scripts/task_args.ts";

const FIX = `${ROOT}tests/fixtures/data_check`;

async function dataCheck(args: readonly string[]): Promise<CliRun> {
  return runDeno([...await taskArgs("data:check", "/nonexistent"), ...args], "null");
}

Deno.test("data:check exits 0 on a clean file, 3 with warnings only, 2 with an error", async () => {
  const clean = await dataCheck(["tests/fixtures/data_check/clean.csv"]);
  assert.equal(clean.code, 0, clean.stderr);
  assert.match(clean.stdout, /^clean {2}tests\/fixtures\/data_check\/clean\.csv$/m);
  assert.match(clean.stdout, /^1 symbol, 10 rows: no errors, no warnings$/m);
  const warn = await dataCheck(["tests/fixtures/data_check/warnings.csv"]);
  assert.equal(warn.code, 3, warn.stderr);
  assert.match(warn.stdout, /^ {2}warning suspicious jumps in close-to-close log return \(bars\): 1$/m);
  assert.match(warn.stdout, /^1 symbol, 16 rows: no errors, 6 warnings$/m);
  const err = await dataCheck(["tests/fixtures/data_check/errors.csv"]);
  assert.equal(err.code, 2, err.stderr);
  assert.match(err.stdout, /^ {2}error {3}duplicate times \(bars\): 1$/m);
  assert.match(
    err.stdout,
    /^ {12}tests\/fixtures\/data_check\/errors\.csv:line 4 2024-01-03: same time as row 2 \(line 3\)$/m,
  );
  assert.equal(err.stderr, "");
});

Deno.test("data:check --calendar: a holiday is a gap without a calendar, none with XNYS or a calendar file", async () => {
  const none = await dataCheck(["tests/fixtures/data_check/holiday.csv"]);
  assert.equal(none.code, 3, none.stderr);
  assert.match(none.stdout, /holiday\.csv:line 5 2024-07-04: no bar/);
  assert.match(none.stdout, /^note: no calendar: .*--calendar XNYS/m);
  const xnys = await dataCheck(["tests/fixtures/data_check/holiday.csv", "--calendar", "XNYS"]);
  assert.equal(xnys.code, 0, xnys.stdout + xnys.stderr);
  assert.match(xnys.stdout, /daily sessions of XNYS/);
  const file = await dataCheck(["tests/fixtures/data_check/holiday.csv", "--calendar", `${FIX}/calendar.csv`]);
  assert.equal(file.code, 0, file.stdout + file.stderr);
});

Deno.test("data:check --json prints the report as JSON: symbols, findings, places", async () => {
  const r = await dataCheck([`${FIX}/warnings.csv`, "--json", "--zero-volume-bars", "6"]);
  assert.equal(r.code, 3, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(report).sort(), ["calendar", "checks", "errors", "notes", "symbols", "warnings"]);
  assert.deepEqual(report.checks, { jumpZ: 8, staleBars: 5, zeroVolumeBars: 6 });
  assert.equal(report.calendar, null);
  assert.equal(report.errors, 0);
  assert.equal(report.warnings, 5);
  const s = report.symbols[0];
  assert.deepEqual(
    { symbol: s.symbol, rows: s.rows, first: s.first, last: s.last, intervalMs: s.intervalMs, session: s.session },
    { symbol: "warnings", rows: 16, first: "2024-01-08", last: "2024-01-29", intervalMs: 86_400_000, session: "daily" },
  );
  assert.deepEqual(s.findings.map((f: { kind: string }) => f.kind), [
    "negative_volume",
    "stale_prices",
    "jump",
    "missing_session",
    "closed_day_bar",
  ]);
  assert.deepEqual(s.findings[0], {
    level: "warning",
    kind: "negative_volume",
    count: 1,
    places: [{ file: `${FIX}/warnings.csv`, row: 2, line: 3, time: "2024-01-09", value: "Volume = -5" }],
  });
});

Deno.test("data:check takes a config module: its data section, symbols, range and checks, flags on top", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${tmp}/c.ts`,
      configSource(`export default defineConfig({
  name: "dc",
  data: { source: ${JSON.stringify(`${FIX}/warnings.csv`)}, symbols: ["W"], checks: { jumpZ: 30, zeroVolumeBars: 6 } },
  capital: 1000,
  strategy: { use: smaCross, params: {} },
  risk: { sizing: { kind: "fixedQty", qty: 1 } },
});`),
    );
    const r = await dataCheck([`${tmp}/c.ts`, "--json", "--stale-bars", "6"]);
    assert.equal(r.code, 3, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.checks, { jumpZ: 30, staleBars: 6, zeroVolumeBars: 6 });
    assert.equal(report.symbols[0].symbol, "W");
    assert.deepEqual(report.symbols[0].findings.map((f: { kind: string }) => f.kind), [
      "negative_volume",
      "missing_session",
      "closed_day_bar",
    ]);
    // --from/--to cut the config's range: 2024-01-18 to 2024-01-24 is the stale run alone
    const cut = await dataCheck([`${tmp}/c.ts`, "--json", "--from", "2024-01-18", "--to", "2024-01-24"]);
    assert.equal(cut.code, 3, cut.stderr);
    const s = JSON.parse(cut.stdout).symbols[0];
    assert.equal(s.rows, 5);
    assert.deepEqual(s.findings.map((f: { kind: string }) => f.kind), ["stale_prices"]);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("data:check: a bad argument or an unreadable source is exit 2 with a one-line message naming it", async () => {
  const cases: [string[], RegExp][] = [
    [[], /^error: missing the source path/],
    [["a.csv", "b.csv"], /^error: expected one source path, found 2: a.csv b.csv/],
    [[`${FIX}/clean.csv`, "--jump-z", "abc"], /^error: --jump-z expects a number > 0, found "abc"/],
    [[`${FIX}/clean.csv`, "--stale-bars", "1"], /^error: --stale-bars expects a whole number ≥ 2, found "1"/],
    [[`${FIX}/clean.csv`, "--calendar", "NYSE"], /^error: --calendar expects XNYS, XNAS or a calendar \.csv file/],
    [[`${FIX}/clean.csv`, "--from", "01/02/2024"], /^error: --from: expected a UTC date YYYY-MM-DD/],
    [[`${FIX}/clean.csv`, "--time-format", "%H:%M"], /^error: --time-format: expected a strptime format/],
    [[`${FIX}/clean.csv`, "--bogus"], /^error: Unknown option '--bogus'/],
    [[`${FIX}/missing.csv`], /^error: Cannot load bars from ".*missing\.csv": file not found/],
    [
      [`${FIX}/multi.csv`, "--symbols", "A,ZZZ"],
      /^error: Cannot load bars from .*: symbol ZZZ not found; found A, B$/m,
    ],
  ];
  for (const [args, message] of cases) {
    const r = await dataCheck(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(" "));
    assert.ok(!/^\s+at /m.test(r.stderr), `no stack trace: ${r.stderr}`);
    assert.equal(r.stdout, "");
  }
});

/** A backtest config on `file` with `data.check` set to `check` (absent when undefined). */
function checkedConfig(file: string, check?: string): string {
  return configSource(`export default defineConfig({
  name: "checked",
  data: { source: ${JSON.stringify(file)}${check === undefined ? "" : `, check: ${JSON.stringify(check)}`} },
  capital: 10000,
  strategy: { use: smaCross, params: { fast: 2, slow: 3 } },
  risk: { sizing: { kind: "fixedQty", qty: 1 } },
});`);
}

Deno.test('backtest with data.check "error" stops on an error-level finding, naming the source; nothing written', async () => {
  const tmp = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${tmp}/c.ts`, checkedConfig(`${FIX}/errors.csv`, "error"));
    const r = await runCli([`${tmp}/c.ts`, "--out", `${tmp}/o`, "--no-record"], tmp);
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      /^error: data\.check is "error" and ".*errors\.csv" has 6 error-level findings: errors: unparsable times \(bars\) 1, first at .*errors\.csv:line 6: time: missing or not a date-time; /m,
    );
    assert.match(r.stderr, /^data checks \(data\.check "error"\):$/m);
    assert.equal(await exists(`${tmp}/o`), false);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test('backtest with data.check "warn" prints the findings on stderr and runs; "error" runs on warnings alone', async () => {
  const tmp = await Deno.makeTempDir();
  try {
    for (const check of ["warn", "error"]) {
      await Deno.writeTextFile(`${tmp}/c.ts`, checkedConfig(`${FIX}/holiday.csv`, check));
      const r = await runCli([`${tmp}/c.ts`, "--out", `${tmp}/o-${check}`, "--no-record"], tmp);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`^data checks \\(data\\.check "${check}"\\):$`, "m"));
      assert.match(r.stderr, /holiday\.csv:line 5 2024-07-04: no bar/);
      assert.ok(await exists(`${tmp}/o-${check}/latest.txt`));
    }
    // off (absent): no checks, no output of theirs
    await Deno.writeTextFile(`${tmp}/c.ts`, checkedConfig(`${FIX}/holiday.csv`));
    const off = await runCli([`${tmp}/c.ts`, "--out", `${tmp}/o-off`, "--no-record"], tmp);
    assert.equal(off.code, 0, off.stderr);
    assert.ok(!off.stderr.includes("data checks"), off.stderr);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test('backtest:sandbox with data.check "error" stops the same way in its child (WebAssembly DuckDB)', async () => {
  const tmp = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${tmp}/c.ts`, checkedConfig("tests/fixtures/data_check/errors.csv", "error"));
    const r = await runSandbox([`${tmp}/c.ts`, "--out", `${tmp}/o`, "--no-record"], AbortSignal.timeout(120_000));
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      /^error: data\.check is "error" and "tests\/fixtures\/data_check\/errors\.csv" has 6 error-level findings: /m,
    );
    assert.equal(await exists(`${tmp}/o`), false);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
