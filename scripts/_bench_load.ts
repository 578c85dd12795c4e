/**
 * One load of a CSV in a fresh process, for scripts/bench_sandbox.ts: opens
 * the named SQL engine, loads the file into a BarFrame and prints JSON
 * timings. The wasm run gets read access to the project only, as in the
 * sandbox.
 */
import { loadBars } from "../engine/data/load_bars.ts";
import { openSqlEngine, type SqlEngineKind } from "../engine/data/sql_engine.ts";

const [kind, path] = Deno.args as [SqlEngineKind, string];
const t0 = performance.now();
const engine = await openSqlEngine(kind);
const t1 = performance.now();
const frame = await loadBars({ source: { kind: "files", path } }, { engine });
const t2 = performance.now();
engine.close();
console.log(JSON.stringify({ openMs: t1 - t0, readMs: t2 - t1, loadMs: t2 - t0, bars: frame.length }));
