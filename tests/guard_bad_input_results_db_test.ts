/**
 * Bad input never touches an existing results database: every case of the
 * bad-input corpus (tests/_bad_input.ts) runs against a results database
 * that already holds a run (`--results-db` in the case's directory), exits
 * with code 2, writes no output, and leaves the database byte for byte as it
 * was, with no write-ahead log beside it.
 *
 * The cases run in process through `backtestCli` (the CLI's own entry
 * point), so the corpus costs milliseconds here; tests/bad_input_test.ts runs
 * the same cases as subprocesses and checks their messages. The few cases
 * this process cannot reproduce say why (`guardSkip`) and are left to those
 * suites.
 */
import assert from "node:assert/strict";
import { backtestCli } from "../cli/backtest.ts";
import { cases, config, csv, GOOD_ROWS } from "./_bad_input.ts";
import { exists } from "./_cli.ts";

/** Run the CLI in this process, capturing what it prints. */
async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const { log, error } = console;
  console.log = (...a: unknown[]) => void lines.push(a.map(String).join(" "));
  console.error = console.log;
  try {
    return { code: await backtestCli(args), out: lines.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

async function writeFiles(dir: string, files: Record<string, string | Uint8Array>) {
  for (const [name, content] of Object.entries(files)) {
    if (typeof content === "string") await Deno.writeTextFile(`${dir}/${name}`, content);
    else await Deno.writeFile(`${dir}/${name}`, content);
  }
}

/** A results database holding one good run, made once and copied into each case. */
let template: Uint8Array | undefined;
async function resultsDb(): Promise<Uint8Array> {
  if (template) return template;
  const dir = await Deno.makeTempDir();
  try {
    await writeFiles(dir, { "bars.csv": csv(...GOOD_ROWS), "c.ts": config(dir) });
    const r = await cli([`${dir}/c.ts`, "--out", `${dir}/out`, "--quiet", "--results-db", `${dir}/results.duckdb`]);
    assert.equal(r.code, 0, r.out);
    template = await Deno.readFile(`${dir}/results.duckdb`);
    assert.ok(template.length > 0);
    return template;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("bad input: a good run does record in the results database (so the guard below can see a change)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await writeFiles(dir, { "bars.csv": csv(...GOOD_ROWS), "c.ts": config(dir), "results.duckdb": await resultsDb() });
    const r = await cli([`${dir}/c.ts`, "--out", `${dir}/out`, "--quiet", "--results-db", `${dir}/results.duckdb`]);
    assert.equal(r.code, 0, r.out);
    assert.notDeepEqual(await Deno.readFile(`${dir}/results.duckdb`), await resultsDb());
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

for (const c of cases.filter((c) => c.guardSkip === undefined)) {
  Deno.test(`bad input: ${c.name} → exit 2, no output, the results database unchanged`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const db = await resultsDb();
      await writeFiles(dir, {
        "bars.csv": csv(...GOOD_ROWS),
        "c.ts": config(dir),
        ...c.files?.(dir),
        "results.duckdb": db,
      });
      let args = c.args?.(dir) ?? [`${dir}/c.ts`];
      if (!args.includes("--out")) args = [...args, "--out", `${dir}/out`];
      const r = await cli([...args, "--results-db", `${dir}/results.duckdb`]);
      assert.equal(r.code, 2, r.out);
      assert.equal(await exists(`${dir}/out`), false, "no output directory");
      assert.deepEqual(await Deno.readFile(`${dir}/results.duckdb`), db, "the results database is unchanged");
      assert.equal(await exists(`${dir}/results.duckdb.wal`), false, "no write-ahead log");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
