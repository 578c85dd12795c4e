/**
 * Integration: `configs/risk_demo.ts` on the shipped sample data exercises
 * every risk rule, and its denials, resizes and breaker trips reach the
 * result files and the printed summary.
 */
import assert from "node:assert/strict";
import { loadBars, loadConfig, runBacktest } from "../mod.ts";
import { RISK_RULES } from "../engine/risk/rules.ts";

/** The rules the risk demo (cash equities, no instruments section) makes deny orders. */
const DEMO_RULES = RISK_RULES.filter((r) =>
  !["no-price", "non-finite", "lot-size", "margin", "margin-call"].includes(r)
);
import { latestRunDir } from "../engine/report/atomic_write.ts";
import { exists, runCli, setProblems } from "./_cli.ts";

Deno.test("risk demo: every risk rule denies orders on the sample data", async () => {
  const config = await loadConfig("configs/risk_demo.ts");
  const frame = await loadBars(config.data);
  assert.deepEqual(frame.symbols, ["AAA", "BBB", "CCC", "DDD"]);
  const r = runBacktest(config, frame);

  const denied = new Map<string, number>();
  for (const d of r.denials) denied.set(d.rule, (denied.get(d.rule) ?? 0) + 1);
  // `no-price` (an order for a symbol before its first bar) cannot happen to a per-bar strategy: tests/strategy_api_test.ts;
  // `non-finite` (a quantity beyond 1e18) needs absurd numbers the sample data does not have: tests/risk_non_finite_test.ts;
  // `lot-size`, `margin` and `margin-call` need an instruments section: engine/instruments/instruments_test.ts, golden 08
  for (const rule of DEMO_RULES) {
    assert.ok((denied.get(rule) ?? 0) > 0, `no denial by ${rule}: ${JSON.stringify([...denied])}`);
  }
  for (const d of r.denials) assert.ok(d.detail.length > 0, `a denial by ${d.rule} says why`);

  // the two clip-mode rules resize orders, and a resize only ever shrinks an order
  assert.deepEqual([...new Set(r.resizes.map((z) => z.rule))].sort(), ["gross-exposure", "symbol-max-percent-equity"]);
  for (const z of r.resizes) {
    assert.ok(Math.sign(z.finalQty) === Math.sign(z.originalQty) && Math.abs(z.finalQty) < Math.abs(z.originalQty));
  }

  // the breakers: daily trips, then the drawdown stop once, flattening every position
  const stop = r.breakerEvents.filter((e) => e.breaker === "max-drawdown");
  assert.equal(stop.length, 1);
  assert.ok(r.breakerEvents.filter((e) => e.breaker === "daily-loss").length > 10);
  const halt = stop[0]!;
  assert.ok(halt.values.drawdown! >= 0.2);
  assert.ok(halt.flattened.length > 0);
  const flattenIds = new Set(halt.flattened.map((o) => o.orderId));
  assert.equal(r.fills.filter((f) => flattenIds.has(f.orderId)).length, halt.flattened.length);
  // after the stop: no fill but the flattening ones, nothing left open
  assert.deepEqual(r.fills.filter((f) => f.tsMs > halt.tsMs && !flattenIds.has(f.orderId)), []);
  assert.equal(r.openPositions.length, 0);
  assert.ok(
    r.denials.filter((d) => d.tsMs >= halt.tsMs).every((d) =>
      d.rule === "max-drawdown" || d.rule === "sizing" || d.rule === "atr-warmup"
    ),
  );
  assert.equal(r.summary.resizes, r.resizes.length);
  assert.equal(r.summary.breakerTrips, r.breakerEvents.length);
});

Deno.test("risk demo: denials.csv, result.json and the summary show what the risk manager did", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const root = `${tmp}/demo`;
    const run = await runCli(["configs/risk_demo.ts", "--out", root], tmp);
    assert.equal(run.code, 0, run.stderr);
    for (const rule of DEMO_RULES) {
      assert.match(run.stdout, new RegExp(`denials .*\\b${rule} \\d+`), `summary counts ${rule}`);
    }
    assert.match(run.stdout, /resized orders +gross-exposure \d+, symbol-max-percent-equity \d+/);
    assert.match(run.stdout, /breaker trips +daily-loss \d+, max-drawdown 1/);
    // the run is published as <root>/runs/<id>/, which <root>/latest.txt names
    const out = await latestRunDir(root);
    assert.ok(out !== null, `no run published under ${root}`);
    assert.deepEqual(await setProblems(out), []);
    assert.ok(await exists(`${out}/denials.csv`));
    const csv = (await Deno.readTextFile(`${out}/denials.csv`)).trimEnd().split("\n");
    assert.equal(csv[0], "time,symbol,intent,rule,detail");
    const result = JSON.parse(
      new TextDecoder("utf-8", { fatal: true }).decode(await Deno.readFile(`${out}/result.json`)),
    );
    assert.equal(csv.length - 1, result.denials.length);
    assert.equal(result.summary.denials, result.denials.length);
    assert.deepEqual(Object.keys(result.resizes[0]), ["time", "symbol", "intent", "rule", "originalQty", "finalQty"]);
    assert.deepEqual(Object.keys(result.breakerEvents[0]), ["time", "breaker", "detail", "values", "flattened"]);
    assert.equal(result.config.risk.limits.grossExposure.mode, "clip");
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
