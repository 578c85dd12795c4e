/**
 * Determinism: a run with seeded lognormal latency and partial fills,
 * checked byte for byte against its committed fills.csv.
 *
 * The expected file was generated once by this test with
 * `UPDATE_GOLDEN=1 deno test -A tests/execution_golden_test.ts` and reviewed
 * by hand; it changes only that way, and the change is reviewed in the diff.
 */
import assert from "node:assert/strict";
import { loadBars, loadConfig, runBacktest } from "../mod.ts";
import { fillsCsv } from "../engine/report/write_results.ts";

const DIR = "tests/fixtures/execution_golden";

Deno.test("execution golden: lognormal latency and partial fills give the committed fills.csv, byte for byte", async () => {
  const config = await loadConfig(`${DIR}/config.ts`);
  const frame = await loadBars(config.data);
  const r = runBacktest(config, frame);
  const bytes = new TextEncoder().encode(fillsCsv(r));
  if (Deno.env.get("UPDATE_GOLDEN") === "1") await Deno.writeFile(`${DIR}/expected_fills.csv`, bytes);
  const expected = await Deno.readFile(`${DIR}/expected_fills.csv`);
  assert.equal(new TextDecoder().decode(bytes), new TextDecoder().decode(expected));
  assert.deepEqual(bytes, expected);
  // and a second run on a fresh frame gives the same bytes
  const again = runBacktest(config, await loadBars(config.data));
  assert.equal(fillsCsv(again), fillsCsv(r));
});
