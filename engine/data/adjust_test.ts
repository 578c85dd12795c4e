import assert from "node:assert/strict";
import { DataError } from "../errors.ts";
import { actionFactors, adjustFromActions, adjustFromAdjClose } from "./adjust.ts";
import { loadBars } from "./load_bars.ts";

const ts = (...d: string[]) => Float64Array.from(d, (x) => Date.parse(x));
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

Deno.test("actionFactors() multiplies the bars before each ex-date by 1/r and by 1 − D/C (hand-worked)", () => {
  // closes 100, 102, 51, 50; a 2:1 split at bar 2, a 1.00 dividend at bar 3 (previous close 51)
  const f = actionFactors(
    ts("2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"),
    Float64Array.of(100, 102, 51, 50),
    [
      { symbol: "A", date: "2024-01-04", kind: "split", value: 2 },
      { symbol: "A", date: "2024-01-05", kind: "dividend", value: 1 },
    ],
  );
  const d = 1 - 1 / 51; // 0.98039…
  assert.ok(close(f.price[0]!, 0.5 * d) && close(f.price[1]!, 0.5 * d), String(f.price));
  assert.ok(close(f.price[2]!, d) && f.price[3] === 1);
  assert.deepEqual([...f.volume], [2, 2, 1, 1]);
  // the adjusted closes: 100 × 0.5 × 0.98039 = 49.0196, 102 → 50, 51 → 50, 50
  assert.ok(close(100 * f.price[0]!, 49.01960784313726) && close(102 * f.price[1]!, 50));
});

Deno.test("actionFactors(): a 1-for-10 reverse split multiplies earlier prices by 10 and divides volume by 10", () => {
  const f = actionFactors(ts("2024-01-02", "2024-01-03"), Float64Array.of(3.5, 35), [
    { symbol: "A", date: "2024-01-03", kind: "split", value: 0.1 },
  ]);
  assert.ok(close(f.price[0]!, 10) && close(f.volume[0]!, 0.1));
});

Deno.test("actionFactors(): a dividend on a split's ex-date is per new share (C/r before it)", () => {
  const f = actionFactors(ts("2024-01-02", "2024-01-03"), Float64Array.of(100, 50), [
    { symbol: "A", date: "2024-01-03", kind: "dividend", value: 1 },
    { symbol: "A", date: "2024-01-03", kind: "split", value: 2 },
  ]);
  assert.ok(close(f.price[0]!, 0.5 * (1 - 1 / 50)));
});

Deno.test("actionFactors() refuses a dividend at least the close before it", () => {
  assert.throws(
    () =>
      actionFactors(ts("2024-01-02", "2024-01-03"), Float64Array.of(2, 1), [
        { symbol: "A", date: "2024-01-03", kind: "dividend", value: 2, at: '"a.csv" row 1 (line 2)' },
      ]),
    DataError,
    'Cannot adjust prices for the dividend of A on 2024-01-03 ("a.csv" row 1 (line 2)): 2 per share is not below the close before it (2)',
  );
});

Deno.test("adjustFromAdjClose() scales open, high, low, close by Adj Close / Close and divides volume by it", () => {
  const cols = {
    open: Float64Array.of(10, 20),
    high: Float64Array.of(12, 22),
    low: Float64Array.of(9, 19),
    close: Float64Array.of(11, 21),
    volume: Float64Array.of(1000, 500),
  };
  adjustFromAdjClose(cols, Float64Array.of(5.5, 21));
  assert.deepEqual([...cols.open, ...cols.high, ...cols.low, ...cols.close], [5, 20, 6, 22, 4.5, 19, 5.5, 21]);
  assert.deepEqual([...cols.volume], [2000, 500]);
  const same = { ...cols, volume: Float64Array.of(1, 1) };
  adjustFromActions(same, ts("2024-01-02", "2024-01-03"), []); // no actions: untouched
  assert.deepEqual([...same.close], [5.5, 21]);
});

const yahoo = { source: { kind: "files" as const, path: "data/actions/yahoo/*.csv" }, prices: "adjusted" as const };
const fromActions = {
  source: { kind: "files" as const, path: "data/actions/raw/*.csv" },
  prices: "adjusted" as const,
  actions: { kind: "files" as const, path: "data/actions/actions.csv" },
};

Deno.test("adjusted prices from Adj Close equal adjusted prices from the actions table on the sample (1e-9)", async () => {
  const y = await loadBars(yahoo), a = await loadBars(fromActions);
  const raw = await loadBars({ source: fromActions.source });
  assert.deepEqual(y.symbols, ["AAA", "BBB", "CCC"]);
  assert.equal(y.length, a.length);
  for (const c of ["open", "high", "low", "close"] as const) {
    for (let i = 0; i < y.length; i++) {
      assert.ok(Math.abs(y[c][i]! / a[c][i]! - 1) <= 1e-9, `${c}[${i}]: ${y[c][i]} vs ${a[c][i]}`);
    }
  }
  // the last bar of each symbol is as quoted; the first is not (each has actions after it)
  for (let s = 0; s < 3; s++) {
    const last = a.segEnd[s]! - 1, first = a.segStart[s]!;
    assert.equal(a.close[last], raw.close[last]);
    assert.notEqual(a.close[first], raw.close[first]);
  }
  // volume: × the split ratios only from the actions; ÷ the whole factor (dividends too) from Adj Close
  const aaa0 = a.segStart[0]!;
  assert.equal(a.volume[aaa0], raw.volume[aaa0]! * 2);
  assert.ok(y.volume[aaa0]! > a.volume[aaa0]!);
  // no jump at AAA's 2:1 split (bar 110): the adjusted close moves by less than 10 %, the raw one halves
  const e = aaa0 + 110;
  assert.ok(raw.close[e]! / raw.close[e - 1]! < 0.6);
  assert.ok(Math.abs(a.close[e]! / a.close[e - 1]! - 1) < 0.1);
});

Deno.test("adjusted mode without actions: a missing, zero, negative or unreadable Adj Close names the file and row", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const head = "Date,Open,High,Low,Close,Adj Close,Volume\n";
    const load = (file: string) =>
      loadBars({ source: { kind: "files", path: file }, prices: "adjusted" }, { baseDir: dir });
    await Deno.writeTextFile(`${dir}/zero.csv`, head + "2024-01-02,1,1,1,1,0.5,10\n2024-01-03,1,1,1,1,0,10\n");
    await assert.rejects(
      () => load("zero.csv"),
      DataError,
      'Cannot load bars from "zero.csv": "Adj Close" must be a finite number > 0 at row 2 (line 3): found "0"',
    );
    await Deno.writeTextFile(`${dir}/neg.csv`, head + "2024-01-02,1,1,1,1,-1,10\n");
    await assert.rejects(() => load("neg.csv"), DataError, 'at row 1 (line 2): found "-1"');
    await Deno.writeTextFile(`${dir}/null.csv`, head + "2024-01-02,1,1,1,1,null,10\n");
    await assert.rejects(() => load("null.csv"), DataError, 'at row 1 (line 2): found "null"');
    await Deno.writeTextFile(`${dir}/empty.csv`, head + "2024-01-02,1,1,1,1,,10\n2024-01-03,1,1,1,1,1,10\n");
    await assert.rejects(() => load("empty.csv"), DataError, "at row 1 (line 2): found an empty value");
    await Deno.writeTextFile(`${dir}/none.csv`, "Date,Open,High,Low,Close,Volume\n2024-01-02,1,1,1,1,10\n");
    await assert.rejects(
      () => load("none.csv"),
      DataError,
      'Cannot load bars from "none.csv": data.prices "adjusted" needs an Adj Close column',
    );
    // other spellings, case-insensitive; raw mode ignores the column (even a bad one)
    await Deno.writeTextFile(`${dir}/ok.csv`, "date,open,high,low,close,ADJ_CLOSE\n2024-01-02,2,2,2,2,1\n");
    assert.deepEqual([...(await load("ok.csv")).open], [1]);
    const raw = await loadBars({ source: { kind: "files", path: "zero.csv" } }, { baseDir: dir });
    assert.deepEqual([...raw.close], [1, 1]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
