import assert from "node:assert/strict";
import { ConfigError } from "../errors.ts";
import { addMonthsUtc, buildWindows, parseWindowLength } from "./windows.ts";

const DAY = 86_400_000;
const days = (n: number, from = Date.UTC(2020, 0, 1)) => Float64Array.from({ length: n }, (_, i) => from + i * DAY);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const base = { mode: "rolling" as const, minTrainBars: 1, minTestBars: 1 };

Deno.test("parseWindowLength() reads bar counts and calendar durations", () => {
  assert.deepEqual(parseWindowLength(250), { kind: "bars", n: 250 });
  assert.deepEqual(parseWindowLength("2y"), { kind: "months", n: 24 });
  assert.deepEqual(parseWindowLength("6m"), { kind: "months", n: 6 });
  assert.deepEqual(parseWindowLength("3w"), { kind: "ms", ms: 3 * 7 * DAY });
  assert.deepEqual(parseWindowLength("90min"), { kind: "ms", ms: 90 * 60_000 });
  assert.equal(parseWindowLength("1.5y"), null);
  assert.equal(parseWindowLength(0), null);
});

Deno.test("addMonthsUtc() clamps to the end of a shorter month", () => {
  assert.equal(iso(addMonthsUtc(Date.UTC(2021, 0, 31), 1)), "2021-02-28");
  assert.equal(iso(addMonthsUtc(Date.UTC(2020, 0, 31), 1)), "2020-02-29");
  assert.equal(iso(addMonthsUtc(Date.UTC(2020, 5, 15), 18)), "2021-12-15");
});

Deno.test("rolling bar-count windows slide by the test length and stay inside the data", () => {
  const t = days(100);
  const w = buildWindows(t, t[99]! + DAY, { ...base, train: 40, test: 20 });
  assert.equal(w.length, 3);
  assert.deepEqual(w.map((x) => [x.trainBars, x.testBars]), [[40, 20], [40, 20], [40, 20]]);
  assert.equal(w[0]!.testStartMs, t[40]);
  assert.equal(w[1]!.trainStartMs, t[20]);
  assert.equal(w[2]!.testEndMs, t[99]! + DAY);
  assert.equal(w[0]!.warmStartMs, w[0]!.trainStartMs); // warm-up defaults to the training window
});

Deno.test("anchored windows train from the first bar and grow by the step", () => {
  const t = days(100);
  const w = buildWindows(t, t[99]! + DAY, { ...base, mode: "anchored", train: 40, test: 20 });
  assert.deepEqual(w.map((x) => [x.trainStartMs === t[0], x.trainBars]), [[true, 40], [true, 60], [true, 80]]);
});

Deno.test("calendar windows: 1y train, 3m test on daily bars", () => {
  const t = days(3 * 366);
  const w = buildWindows(t, t[t.length - 1]! + DAY, { ...base, train: "1y", test: "3m" });
  assert.equal(iso(w[0]!.trainStartMs), "2020-01-01");
  assert.equal(iso(w[0]!.testStartMs), "2021-01-01");
  assert.equal(iso(w[0]!.testEndMs), "2021-04-01");
  assert.equal(iso(w[1]!.testStartMs), "2021-04-01");
  assert.equal(w[0]!.testBars, 90);
  for (let i = 1; i < w.length; i++) assert.equal(w[i]!.testStartMs, w[i - 1]!.testEndMs); // contiguous test windows
});

Deno.test("a warm-up length counts back from the test window", () => {
  const t = days(100);
  const w = buildWindows(t, t[99]! + DAY, { ...base, train: 40, test: 20, warmup: 10 });
  assert.equal(w[0]!.warmStartMs, t[30]);
  assert.equal(buildWindows(t, t[99]! + DAY, { ...base, train: 40, test: 20, warmup: 0 })[0]!.warmStartMs, t[40]);
});

Deno.test("a window with too few bars is an error naming it", () => {
  // weekdays only: a 1-week training window has 5 bars
  const t = Float64Array.from(days(400).filter((ms) => new Date(ms).getUTCDay() % 6 !== 0));
  assert.throws(
    () => buildWindows(t, t[t.length - 1]! + DAY, { ...base, train: "1w", test: "1m", minTrainBars: 20 }),
    (e) =>
      e instanceof ConfigError &&
      /walk-forward window 1 \(train 2020-01-01 → 2020-01-08, test 2020-01-08 → 2020-02-08\): the training window has 5 bars; at least 20/
        .test(e.message),
  );
});

Deno.test("overlapping test windows and data shorter than one window are errors", () => {
  const t = days(100);
  assert.throws(() => buildWindows(t, t[99]! + DAY, { ...base, train: 40, test: 20, step: 10 }), /overlap/);
  assert.throws(() => buildWindows(t, t[99]! + DAY, { ...base, train: 90, test: 20 }), /shorter than one window/);
});
