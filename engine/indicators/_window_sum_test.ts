import assert from "node:assert/strict";
import { WindowSum } from "./_window_sum.ts";
import { fsum } from "./exact_sum.ts";
import { uniform } from "./_test_helpers.ts";

Deno.test("WindowSum is math.fsum of the sliding window, non-finite values included", () => {
  const u = uniform(115);
  const xs = Array.from(
    { length: 3000 },
    (_, i) =>
      i % 97 === 5 ? NaN : i % 131 === 7 ? Infinity : i % 157 === 9 ? -Infinity : (u() - 0.5) * 10 ** (u() * 20 - 10),
  );
  for (const n of [1, 3, 25]) {
    const w = new WindowSum();
    for (let i = 0; i < xs.length; i++) {
      w.add(xs[i]!);
      if (i >= n) w.sub(xs[i - n]!);
      if (i < n - 1) continue;
      const win = xs.slice(i - n + 1, i + 1);
      const special = win.some((x) => Number.isNaN(x)) || (win.includes(Infinity) && win.includes(-Infinity));
      const want = special ? NaN : win.includes(Infinity) ? Infinity : win.includes(-Infinity) ? -Infinity : fsum(win);
      if (!Object.is(w.value(), want)) assert.fail(`n=${n} i=${i}: ${w.value()} vs ${want}`);
    }
  }
});
