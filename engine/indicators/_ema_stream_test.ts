import assert from "node:assert/strict";
import { EmaStream } from "./_ema_stream.ts";
import { ema } from "./ema.ts";
import { tickWalk } from "./_test_helpers.ts";

Deno.test("EmaStream gives ema() bit for bit, with leading NaNs, infinities and later NaNs", () => {
  const x = tickWalk(134, 500);
  const cases = [
    x,
    x.slice().fill(NaN, 0, 9),
    Float64Array.from([NaN, NaN, ...x]),
    x.map((v, i) => i === 200 ? NaN : v),
    Float64Array.from([...x.subarray(0, 50), NaN, 1, 2]),
    x.map((v, i) => i === 3 ? Infinity : v),
  ];
  for (const src of cases) {
    for (const n of [1, 2, 9, 30]) {
      const s = new EmaStream(n);
      const got = src.map((v) => s.push(v));
      const want = ema(src, n);
      for (let i = 0; i < src.length; i++) if (!Object.is(got[i], want[i])) assert.fail(`n=${n} bar ${i}`);
    }
  }
});
