import assert from "node:assert/strict";
import { loadBars, loadConfig, runBacktest } from "../mod.ts";
import { momentumRotation } from "./momentum_rotation.ts";

/**
 * The rotation on the shipped universe against an independent re-computation: month-end closes read straight from
 * the bars, 12-1 momentum, the top three; after each month's first rebalance has filled, exactly those three are held,
 * each near a third of 98 % of equity, or less where a gap up to the fill left cash short and the buy was cut to the
 * whole shares the cash paid for (a `cash-at-fill` resize, as the config's clip mode asks).
 */
Deno.test("momentumRotation holds the top three by 12-1 momentum, recomputed independently, every month", async () => {
  const config = await loadConfig("configs/momentum_rotation.ts");
  const frame = await loadBars(config.data);
  const r = runBacktest(config, frame);
  assert.deepEqual(r.denials, []);
  // buys cut at their fill for cash: symbol → fill day
  const clipped = new Set(r.resizes.filter((z) => z.rule === "cash-at-fill").map((z) => `${z.symbol}@${z.tsMs}`));
  assert.ok(clipped.size <= 3, `few buys are cut for cash: ${[...clipped].join(", ")}`);

  // month-end closes per symbol, and the first two trading days of every month
  const monthOf = (t: number) => new Date(t).toISOString().slice(0, 7);
  const monthEnds = new Map<string, Map<string, number>>(); // symbol → month → last close
  const days: number[] = [...new Set(Array.from(frame.tsMs))].sort((a, b) => a - b);
  frame.symbols.forEach((sym, s) => {
    const m = new Map<string, number>();
    for (let i = frame.segStart[s]!; i < frame.segEnd[s]!; i++) m.set(monthOf(frame.tsMs[i]!), frame.close[i]!);
    monthEnds.set(sym, m);
  });
  const months = [...new Set(days.map(monthOf))];

  // replay the fills into positions by day
  const held = new Map<string, number>();
  let f = 0;
  let checked = 0;
  for (let mi = 13; mi < months.length; mi++) {
    const firstDays = days.filter((t) => monthOf(t) === months[mi]).slice(0, 2);
    if (firstDays.length < 2) continue;
    while (f < r.fills.length && r.fills[f]!.tsMs <= firstDays[1]!) {
      const x = r.fills[f++]!;
      held.set(x.symbol, (held.get(x.symbol) ?? 0) + (x.side === "buy" ? x.qty : -x.qty));
    }
    // momentum at the start of month mi: close of month mi−2 over close of month mi−13
    const ranked = frame.symbols
      .map((sym) => {
        const m = monthEnds.get(sym)!;
        return { sym, mom: m.get(months[mi - 2]!)! / m.get(months[mi - 13]!)! - 1 };
      })
      .sort((a, b) => b.mom - a.mom || (a.sym < b.sym ? -1 : 1));
    const expected = ranked.slice(0, 3).map((x) => x.sym).sort();
    const actual = [...held].filter(([, q]) => q !== 0).map(([s]) => s).sort();
    assert.deepEqual(actual, expected, `holdings after the rebalance of ${months[mi]}`);
    // each at (1 − 0.02) / 3 of the equity at the decision close, in whole shares at that close
    const step = r.equity.tsMs.indexOf(firstDays[0]!);
    const target = (0.98 / 3) * r.equity.equity[step]!;
    for (const sym of expected) {
      const s = frame.symbols.indexOf(sym);
      const i = frame.segStart[s]! + Array.from(frame.tsMs.subarray(frame.segStart[s]!, frame.segEnd[s]!)).indexOf(
        firstDays[0]!,
      );
      const q = held.get(sym)!, px = frame.close[i]!;
      const cut = clipped.has(`${sym}@${firstDays[1]}`);
      assert.ok(
        q * px <= target && (cut || target < (q + 1) * px),
        `${sym} in ${months[mi]}: ${q} × ${px} vs ${target}`,
      );
    }
    checked++;
  }
  assert.ok(checked >= 100, `checked ${checked} months`);
  assert.ok(r.trades.length > 20, "the top three changes over time");
  assert.deepEqual(momentumRotation.params.parse({}).top, 3);
});

Deno.test("momentumRotation params: skip must be shorter than the lookback", () => {
  assert.equal(momentumRotation.params.safeParse({ lookback: 3, skip: 3 }).success, false);
});
