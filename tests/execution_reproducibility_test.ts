/**
 * Reproducibility: an order's latency is keyed by (seed, symbol, the
 * symbol's order sequence number), so the same config and seed give the same
 * fills, whatever else the run contains and however it is split.
 */
import assert from "node:assert/strict";
import { defineStrategy, loadBars, loadConfig, runBacktest } from "../mod.ts";
import { pullbackBracket } from "../configs/execution_demo.ts";
import type { Fill } from "../engine/result.ts";

const CONFIG = "tests/fixtures/execution_golden/config.ts";

/** pullbackBracket, trading only the listed symbols (it still sees every bar). */
const only = (symbols: string[]) =>
  defineStrategy({
    name: "pullbackBracketOnly",
    params: pullbackBracket.params,
    create(params, setup) {
      const inner = pullbackBracket.create(params, setup), allowed = new Set(symbols);
      return { onBar: (ctx) => allowed.has(ctx.symbolName) ? inner.onBar!(ctx) : undefined };
    },
  });

async function run(symbols: string[], opts: { seed?: number; data?: string } = {}) {
  const base = await loadConfig(CONFIG, { ...(opts.data ? { data: opts.data } : {}) });
  const config = { ...base, seed: opts.seed ?? base.seed, strategy: { ...base.strategy, use: only(symbols) } };
  return runBacktest(config, await loadBars(config.data));
}

/** A symbol's fills without order ids (ids count orders of every symbol). */
const fillsOf = (fills: readonly Fill[], symbol: string) =>
  fills.filter((f) => f.symbol === symbol).map(({ orderId: _, ...f }) => f);

Deno.test("the same config and seed give the same fills, unfilled orders and equity", async () => {
  const config = await loadConfig(CONFIG);
  const a = runBacktest(config, await loadBars(config.data));
  const b = runBacktest(config, await loadBars(config.data));
  assert.ok(
    a.fills.length > 100 && a.fills.some((f, i) => i > 0 && a.fills[i - 1]!.orderId === f.orderId),
    "partial fills",
  );
  assert.deepEqual(b.fills, a.fills);
  assert.deepEqual(b.unfilled, a.unfilled);
  assert.deepEqual(b.equity, a.equity);
});

Deno.test("a symbol's fills do not move when another symbol's intents are added", async () => {
  const alone = await run(["AAA"]);
  const both = await run(["AAA", "BBB"]);
  assert.equal(alone.denials.length + both.denials.length, 0);
  assert.ok(both.fills.some((f) => f.symbol === "BBB"));
  assert.ok(fillsOf(alone.fills, "AAA").length > 50);
  assert.deepEqual(fillsOf(both.fills, "AAA"), fillsOf(alone.fills, "AAA"));
});

Deno.test("a run split by symbol (as across workers) gives each symbol the fills of the whole run", async () => {
  const whole = await run(["AAA", "BBB"]);
  for (const symbol of ["AAA", "BBB"]) {
    const part = await run([symbol], { data: `tests/fixtures/execution_golden/bars/${symbol}.csv` });
    assert.deepEqual(fillsOf(part.fills, symbol), fillsOf(whole.fills, symbol), symbol);
  }
});

Deno.test("another seed draws other latencies, and so other fills", async () => {
  const a = await run(["AAA", "BBB"]);
  const b = await run(["AAA", "BBB"], { seed: 7 });
  assert.notDeepEqual(fillsOf(b.fills, "AAA"), fillsOf(a.fills, "AAA"));
});
