/** Dependency rules of the codebase, checked on the source text. */
import assert from "node:assert/strict";

function* sources(dir: string): Generator<string> {
  for (const e of Deno.readDirSync(dir)) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) yield* sources(p);
    else if (p.endsWith(".ts")) yield p;
  }
}

const importsOf = (file: string) =>
  [...Deno.readTextFileSync(file).matchAll(/(?:import|export)[^;]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g)]
    .map((m) => m[1] ?? m[2]!);

Deno.test("engine/ never imports strategies/ or configs/", () => {
  for (const f of sources("engine")) {
    for (const spec of importsOf(f)) {
      assert.ok(!/(^|\/)(strategies|configs)\//.test(spec), `${f} imports ${spec}`);
    }
  }
});

/** The two SqlEngine implementations: native DuckDB and its WebAssembly build. */
const DUCKDB_FILES = ["engine/data/_duckdb.ts", "engine/data/_duckdb_wasm.ts"];

Deno.test("only engine/data/_duckdb.ts and _duckdb_wasm.ts import DuckDB", () => {
  for (const dir of ["engine", "cli", "strategies", "configs", "scripts", "tests"]) {
    for (const f of sources(dir)) {
      if (DUCKDB_FILES.includes(f)) continue;
      for (const spec of importsOf(f)) assert.ok(!spec.includes("duckdb/"), `${f} imports ${spec}`);
    }
  }
});

Deno.test("nothing in engine/ uses Math.random or the wall clock in results", () => {
  for (const f of sources("engine")) {
    const text = Deno.readTextFileSync(f);
    assert.ok(!text.includes("Math.random("), `${f} uses Math.random`);
    assert.ok(!text.includes("Date.now("), `${f} uses Date.now`);
  }
});

Deno.test("only engine/distributed/ imports the queue client, and local studies load it only on demand", () => {
  for (const dir of ["engine", "cli", "strategies", "configs", "scripts"]) {
    for (const f of sources(dir)) {
      if (f.startsWith("engine/distributed/")) continue;
      for (const spec of importsOf(f)) {
        assert.ok(!/^(npm:)?(bullmq|ioredis)\b/.test(spec), `${f} imports ${spec}`);
      }
    }
  }
  // engine/optimize reaches the Redis pool through a dynamic import only
  for (const f of sources("engine/optimize")) {
    const text = Deno.readTextFileSync(f);
    assert.ok(!/^import[^;]*from\s+"\.\.\/distributed\//m.test(text), `${f} imports engine/distributed statically`);
  }
});
