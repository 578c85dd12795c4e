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

Deno.test("only engine/distributed/ imports the queue client", () => {
  for (const dir of ["engine", "cli", "strategies", "configs", "scripts"]) {
    for (const f of sources(dir)) {
      if (f.startsWith("engine/distributed/")) continue;
      for (const spec of importsOf(f)) {
        assert.ok(!/^(npm:)?(bullmq|ioredis)\b/.test(spec), `${f} imports ${spec}`);
      }
    }
  }
});

/** Where a relative import of `file` lands, relative to the repository root; undefined for a bare specifier. */
function resolveImport(file: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const parts = file.split("/").slice(0, -1);
  for (const seg of spec.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  return parts.join("/");
}

Deno.test("no module imports another folder's _private file", () => {
  const found: string[] = [];
  for (const dir of ["engine", "cli", "strategies", "configs", "scripts", "tests", "golden"]) {
    for (const f of sources(dir)) {
      for (const spec of importsOf(f)) {
        const target = resolveImport(f, spec);
        if (target === undefined) continue;
        const slash = target.lastIndexOf("/");
        const isPrivate = target.slice(slash + 1).startsWith("_");
        if (isPrivate && target.slice(0, slash) !== f.slice(0, f.lastIndexOf("/"))) found.push(`${f} -> ${target}`);
      }
    }
  }
  // a private file imported from elsewhere is shared API: it wants a public name in the right place
  assert.deepEqual(found, []);
});

/**
 * What each layer of parallel execution may import, besides its own folder
 * and `node:` built-ins (stated in each folder's `mod.ts`):
 *
 * - `engine/parallel/` (pools, workers, the chunk protocol) knows only the
 *   config and the bars: the work it runs is an injected kernel;
 * - `engine/optimize/` (the studies) builds on the engine's core and on
 *   `engine/parallel/`, never on a queue (callers inject the pool) nor on
 *   the jobs above it;
 * - `engine/distributed/` (the Redis pool and queue worker) is another
 *   `engine/parallel/` pool: it needs no study code, and only it imports
 *   the queue clients.
 */
const LAYERS: Record<string, { readonly folders: readonly string[]; readonly packages: readonly string[] }> = {
  "engine/parallel/": {
    folders: ["engine/config/", "engine/data/", "engine/errors.ts", "engine/harden_runtime.ts"],
    packages: [],
  },
  "engine/optimize/": {
    folders: [
      "engine/config/",
      "engine/data/",
      "engine/indicators/",
      "engine/strategy/",
      "engine/report/",
      "engine/parallel/",
      "engine/backtest.ts",
      "engine/result.ts",
      "engine/errors.ts",
      "engine/random.ts",
      "engine/normal.ts",
    ],
    packages: ["zod"],
  },
  "engine/distributed/": {
    folders: ["engine/config/", "engine/data/", "engine/errors.ts", "engine/parallel/"],
    packages: ["bullmq", "ioredis"],
  },
};

Deno.test("engine/parallel, engine/optimize and engine/distributed import only the layers below them", () => {
  for (const [layer, allowed] of Object.entries(LAYERS)) {
    for (const f of sources(layer.slice(0, -1))) {
      for (const spec of importsOf(f)) {
        const target = resolveImport(f, spec);
        if (target === undefined) {
          assert.ok(spec.startsWith("node:") || allowed.packages.includes(spec), `${f} imports ${spec}`);
        } else {
          const ok = target.startsWith(layer) || allowed.folders.some((a) => target === a || target.startsWith(a));
          assert.ok(ok, `${f} imports ${target}: ${layer} may import only ${allowed.folders.join(", ")}`);
        }
      }
    }
  }
});

Deno.test("nothing in engine/ imports engine/distributed/, statically or on demand: callers inject the queue pool", () => {
  for (const f of sources("engine")) {
    if (f.startsWith("engine/distributed/")) continue;
    for (const spec of importsOf(f)) {
      assert.ok(!resolveImport(f, spec)?.startsWith("engine/distributed/"), `${f} imports ${spec}`);
    }
  }
});

Deno.test("a local study never loads the queue client: the CLI imports engine/distributed/ only for --backend", () => {
  for (const f of sources("cli")) {
    // the queue worker is the one command that always needs it
    if (f === "cli/worker.ts") continue;
    const text = Deno.readTextFileSync(f);
    assert.ok(
      !/^(import|export)[^;]*from\s+"\.\.\/engine\/distributed\//m.test(text),
      `${f} imports engine/distributed statically`,
    );
  }
});

/**
 * What each engine folder may import from the rest of `engine/` (folders, and the top-level files by name), as its
 * `mod.ts` states: data flows config → data → indicators → strategy → risk → execution → portfolio → report, with the
 * study layers (optimize, parallel, distributed, jobs) on top. Type-only imports count too (a few layers read the
 * strategy contract's types), and so do tests and doc examples beside the code.
 */
const ENGINE_LAYERS: Readonly<Record<string, readonly string[]>> = {
  data: ["errors"],
  indicators: ["data", "errors", "random", "strategy"],
  strategy: ["data", "errors", "execution", "indicators", "portfolio", "result", "risk"],
  risk: ["config", "data", "errors", "indicators", "result", "strategy"],
  execution: ["data", "errors", "indicators", "instruments", "normal", "random", "result", "strategy"],
  instruments: ["data", "errors", "result", "risk"],
  portfolio: ["result"],
  config: ["data", "errors", "execution", "instruments", "optimize", "report", "risk", "strategy"],
  report: ["backtest", "config", "data", "errors", "random", "result", "sha256_hex", "strategy"],
  parallel: ["config", "data", "errors", "harden_runtime"],
  optimize: [
    "backtest",
    "config",
    "data",
    "errors",
    "indicators",
    "normal",
    "parallel",
    "random",
    "report",
    "result",
    "strategy",
  ],
  distributed: ["config", "data", "errors", "parallel"],
  jobs: ["backtest", "config", "data", "errors", "optimize", "parallel", "report"],
};

Deno.test("each engine folder imports only the layers its module doc names", () => {
  const folders = [...Deno.readDirSync("engine")].filter((e) => e.isDirectory).map((e) => e.name).sort();
  assert.deepEqual(folders, Object.keys(ENGINE_LAYERS).sort(), "every engine folder has its rule");
  const found: string[] = [];
  for (const folder of folders) {
    for (const f of sources(`engine/${folder}`)) {
      for (const spec of importsOf(f)) {
        const target = resolveImport(f, spec);
        if (target === undefined || !target.startsWith("engine/")) continue;
        const parts = target.split("/");
        const layer = parts.length > 2 ? parts[1]! : parts[1]!.replace(/\.ts$/, "");
        if (layer !== folder && !ENGINE_LAYERS[folder]!.includes(layer)) found.push(`${f} imports ${target}`);
      }
    }
  }
  assert.deepEqual(found, []);
});

Deno.test("scripts/ and golden/ never import tests/: what a benchmark and a test share lives in scripts/", () => {
  for (const dir of ["scripts", "golden"]) {
    for (const f of sources(dir)) {
      for (const spec of importsOf(f)) {
        const target = resolveImport(f, spec);
        assert.ok(target === undefined || !target.startsWith("tests/"), `${f} imports ${spec}`);
      }
    }
  }
});
