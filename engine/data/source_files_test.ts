import assert from "node:assert/strict";
import { join } from "node:path";
import { DataError } from "../errors.ts";
import { patternProblem, resolveSourceFiles } from "./source_files.ts";

/** A temp directory holding empty files at `paths` (directories made as needed). */
async function tree(paths: string[]): Promise<string> {
  const dir = await Deno.makeTempDir();
  for (const p of paths) {
    await Deno.mkdir(join(dir, p, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, p), "");
  }
  return dir;
}

const names = (dir: string, got: { file: string }[]) => got.map((f) => f.file.slice(dir.length + 1));

Deno.test("resolveSourceFiles() expands braces, classes, ? and ** in byte order", async () => {
  const dir = await tree([
    "orcl-1.txt",
    "yhoo-1.txt",
    "nvda-1.txt",
    ".hid.txt",
    "sub/a.txt",
    "sub/deep/b.txt",
    "B.txt",
  ]);
  try {
    const r = (path: string) => resolveSourceFiles({ path }, dir).then((g) => names(dir, g));
    assert.deepEqual(await r("{orcl,yhoo}-*.txt"), ["orcl-1.txt", "yhoo-1.txt"]);
    assert.deepEqual(await r("{yhoo,orcl}-?.txt"), ["orcl-1.txt", "yhoo-1.txt"]);
    assert.deepEqual(await r("[oy]*.txt"), ["orcl-1.txt", "yhoo-1.txt"]);
    assert.deepEqual(await r("[!oy]*-1.txt"), ["nvda-1.txt"]);
    // "*" takes dot files, as DuckDB's glob does; upper case sorts before lower case (bytes)
    assert.deepEqual(await r("*.txt"), [".hid.txt", "B.txt", "nvda-1.txt", "orcl-1.txt", "yhoo-1.txt"]);
    assert.deepEqual(await r("**/{a,b}.txt"), ["sub/a.txt", "sub/deep/b.txt"]);
    assert.deepEqual(await r("sub/**/*.txt"), ["sub/a.txt", "sub/deep/b.txt"]);
    // a directory that a pattern matches is no file
    assert.deepEqual(await r("s*/*"), ["sub/a.txt"]);
    // absolute patterns search from their literal prefix
    assert.deepEqual(names(dir, await resolveSourceFiles({ path: `${dir}/{orcl,nvda}-*.txt` }, "/")), [
      "nvda-1.txt",
      "orcl-1.txt",
    ]);
    // no pattern: the path as is, checked later by the loader
    assert.deepEqual(await resolveSourceFiles({ path: "missing.csv" }, dir), [{ file: join(dir, "missing.csv") }]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("resolveSourceFiles() names symbols by the shortest {symbol} capture, in any segment", async () => {
  const dir = await tree([
    "data/orcl-1995-2014.txt",
    "data/yhoo-1996-2014.txt",
    "by/BRK.B/daily.csv",
    "by/SPY/daily.csv",
  ]);
  try {
    const got = await resolveSourceFiles({ path: "data/{symbol}-*.txt" }, dir);
    assert.deepEqual(got.map((f) => f.symbol), ["orcl", "yhoo"]);
    assert.deepEqual(names(dir, got), ["data/orcl-1995-2014.txt", "data/yhoo-1996-2014.txt"]);
    assert.deepEqual((await resolveSourceFiles({ path: "by/{symbol}/daily.csv" }, dir)).map((f) => f.symbol), [
      "BRK.B",
      "SPY",
    ]);
    assert.deepEqual((await resolveSourceFiles({ path: "data/{symbol}.txt" }, dir)).map((f) => f.symbol), [
      "orcl-1995-2014",
      "yhoo-1996-2014",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("resolveSourceFiles() lists the same files whatever order they were created in", async () => {
  const a = await tree(["c-1.csv", "a-1.csv", "b-1.csv"]);
  const b = await tree(["b-1.csv", "c-1.csv", "a-1.csv"]);
  try {
    const ra = await resolveSourceFiles({ path: "{symbol}-*.csv" }, a);
    const rb = await resolveSourceFiles({ path: "{symbol}-*.csv" }, b);
    assert.deepEqual(names(a, ra), ["a-1.csv", "b-1.csv", "c-1.csv"]);
    assert.deepEqual(names(b, rb), names(a, ra));
  } finally {
    await Deno.remove(a, { recursive: true });
    await Deno.remove(b, { recursive: true });
  }
});

Deno.test("resolveSourceFiles() maps symbols to files or globs, resolved against path", async () => {
  const dir = await tree(["orcl-2013.txt", "orcl-2014.txt", "yhoo-2014.txt"]);
  try {
    const got = await resolveSourceFiles({ path: dir, files: { YHOO: "yhoo-2014.txt", ORCL: "orcl-*.txt" } }, "/");
    assert.deepEqual(got.map((f) => [f.symbol, f.file.slice(dir.length + 1)]), [
      ["ORCL", "orcl-2013.txt"],
      ["ORCL", "orcl-2014.txt"],
      ["YHOO", "yhoo-2014.txt"],
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("resolveSourceFiles() refuses an empty match, a shared symbol, an empty capture, a missing map file", async () => {
  const dir = await tree(["aaa-2023.csv", "aaa-2024.csv", "-x.csv", "bbb.csv"]);
  try {
    const fails = (src: { path: string; files?: Record<string, string> }, re: RegExp) =>
      assert.rejects(resolveSourceFiles(src, dir), (e: unknown) => e instanceof DataError && re.test(e.message));
    await fails(
      { path: "{symbol}-*.txt" },
      new RegExp(
        `^Cannot load bars: no files match "\\{symbol\\}-\\*\\.txt" \\(searched ${dir} for \\{symbol\\}-\\*\\.txt\\)$`,
      ),
    );
    await fails(
      { path: "nope/{a,b}.csv" },
      /no files match "nope\/\{a,b\}\.csv" \(searched .*\/nope for \{a,b\}\.csv\)/,
    );
    await fails(
      { path: "{symbol}-*.csv" },
      /^Cannot load bars from ".*\/-x\.csv": the pattern "\{symbol\}-\*\.csv" gives it an empty symbol/,
    );
    await fails(
      { path: "{aaa,bbb}{symbol}2*.csv" },
      /gives two files the symbol "-": ".*\/aaa-2023\.csv" and ".*\/aaa-2024\.csv"/,
    );
    await fails(
      { path: dir, files: { AAA: "aaa-2023.csv", ZZZ: "zzz.csv" } },
      /^Cannot load bars for symbol "ZZZ" \(data\.source\.files\): file "zzz\.csv" not found \(resolved to .*\/zzz\.csv\)$/,
    );
    await fails(
      { path: dir, files: { ZZZ: "zzz-*.csv" } },
      /^Cannot load bars for symbol "ZZZ" .*no files match "zzz-\*\.csv"/,
    );
    await fails(
      { path: dir, files: { A: "aaa-2023.csv", B: "aaa-*.csv" } },
      /aaa-2023\.csv" is mapped to two symbols, "A" and "B"/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("patternProblem() names bad pattern syntax", () => {
  assert.equal(patternProblem("data/*.csv"), undefined);
  assert.equal(patternProblem("data/{symbol}/**/*.{csv,txt}"), undefined);
  assert.equal(patternProblem("{symbol}-{symbol}.csv"), "{symbol} appears 2 times; use it once");
  assert.equal(patternProblem("{a,{b,c}}.csv"), 'nested braces in "{a,{b,c}}.csv"');
  assert.equal(patternProblem("{a,{symbol}}.csv"), 'nested braces in "{a,{symbol}}.csv"');
  assert.equal(patternProblem("{a/b}.csv"), 'a "{" without its "}" in the same path segment ("{a")');
  assert.equal(patternProblem("{abc}.csv"), '"{abc}" is neither {symbol} nor alternatives such as {a,b}');
  assert.equal(patternProblem("a}.csv"), 'a "}" without its "{" in "a}.csv"');
  assert.equal(patternProblem("[ab.csv"), 'a "[" without its "]" in "[ab.csv"');
});

Deno.test("data.source: the map form round-trips through the schema; bad maps and patterns are schema errors", async () => {
  const { DataSourceSchema } = await import("./config.ts");
  const map = DataSourceSchema.parse({ kind: "files", files: { ORCL: "orcl.txt" } });
  assert.deepEqual(map, { kind: "files", path: ".", files: { ORCL: "orcl.txt" } });
  assert.deepEqual(DataSourceSchema.parse(map), map);
  assert.deepEqual(DataSourceSchema.parse("data/{symbol}-*.csv"), { kind: "files", path: "data/{symbol}-*.csv" });
  const issues = (v: unknown) =>
    DataSourceSchema.safeParse(v).error!.issues.flatMap((i) =>
      i.code === "invalid_union" ? i.errors.flat().map((e) => `${e.path.join(".")}: ${e.message}`) : [
        `${i.path.join(".")}: ${i.message}`,
      ]
    );
  assert.ok(issues({ kind: "files", files: {} }).includes("files: expected at least one symbol → file"));
  assert.ok(
    issues({ kind: "files", path: "d/*", files: { A: "a.csv" } }).includes(
      "path: expected the directory the files of data.source.files resolve against, not a pattern",
    ),
  );
  assert.ok(
    issues({ kind: "files", path: "{a}.csv" }).includes(
      'path: expected a path or glob: "{a}" is neither {symbol} nor alternatives such as {a,b}',
    ),
  );
  assert.ok(issues("{symbol}{symbol}").includes(": expected a path or glob: {symbol} appears 2 times; use it once"));
});
