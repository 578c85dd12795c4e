/**
 * A history that tells runs apart: each recorded backtest and study stores
 * the fingerprint of its code (every local module the config imports, and
 * whether one is uncommitted, checked against `git` itself) and of its data,
 * and its own output directory; a database made by the previous version
 * keeps working; `deno task runs` lists studies beside backtests and
 * `--compare` names the files that differ.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { openDatabaseFile } from "../engine/data/sql_engine.ts";
import { codeFingerprint } from "../engine/report/code_fingerprint.ts";
import { commitStates } from "../engine/report/git_revision.ts";
import { appendRun, checkResultsDb, listRuns, type RunRecord } from "../engine/report/results_db.ts";
import { appendStudyRun, checkStudyDb, listStudyRuns, studyProvenance } from "../engine/report/study_db.ts";
import { latestRun, ROOT, runCli, withTmp } from "./_cli.ts";
import { runJobCli, writeJob, writeStudyConfig } from "./_job.ts";
import { SAMPLE, taskArgs } from "./_optimize.ts";

const sha256 = (text: string | Uint8Array) => createHash("sha256").update(text).digest("hex");

async function git(dir: string, ...args: string[]): Promise<string> {
  const out = await new Deno.Command("git", {
    args: ["-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main", ...args],
    cwd: dir,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`git ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  return new TextDecoder().decode(out.stdout);
}

/** The files `git status --porcelain` reports as changed or untracked, relative to `dir`. */
async function gitDirty(dir: string): Promise<Set<string>> {
  const out = await git(dir, "status", "--porcelain", "--untracked-files=all");
  return new Set(out.split("\n").filter(Boolean).map((l) => l.slice(3)));
}

Deno.test("commitStates() agrees with git status: committed, modified (staged or not), untracked, packed with deltas", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "git_states_" }));
  try {
    await git(dir, "init", "-q");
    await Deno.mkdir(`${dir}/lib`);
    // a big file changed a little between commits: packed, one version is stored as a delta of the other
    const big = Array.from({ length: 4000 }, (_, i) => `export const v${i} = ${i};`).join("\n");
    await Deno.writeTextFile(`${dir}/lib/big.ts`, big);
    await Deno.writeTextFile(`${dir}/a.ts`, "export const a = 1;\n");
    await Deno.writeTextFile(`${dir}/staged.ts`, "export const s = 1;\n");
    await Deno.writeTextFile(`${dir}/b.ts`, "export const b = 1;\n");
    await git(dir, "add", ".");
    await git(dir, "commit", "-q", "-m", "one");
    await Deno.writeTextFile(`${dir}/lib/big.ts`, big.replace("v17 = 17", "v17 = 71"));
    await git(dir, "commit", "-q", "-am", "two");
    const files = ["a.ts", "b.ts", "staged.ts", "lib/big.ts", "new.ts"].map((f) => `${dir}/${f}`);

    const check = async (phase: string) => {
      const dirty = await gitDirty(dir);
      const states = await commitStates(files);
      for (const f of files) {
        const rel = f.slice(dir.length + 1);
        const s = states.get(f);
        if (!(await Deno.stat(f).catch(() => null))) continue;
        assert.equal(s === "modified" || s === "untracked", dirty.has(rel), `${phase}: ${rel} is ${s}`);
        if (s === "untracked") assert.match(await git(dir, "status", "--porcelain", rel), /^\?\?/, rel);
      }
      return states;
    };
    // loose objects
    let s = await check("loose, clean");
    assert.deepEqual(files.slice(0, 4).map((f) => s.get(f)), ["committed", "committed", "committed", "committed"]);
    // packed (with deltas), then changed in every way
    await git(dir, "gc", "-q", "--aggressive");
    assert.equal(
      (await Array.fromAsync(Deno.readDir(`${dir}/.git/objects`))).filter((e) => /^[0-9a-f]{2}$/.test(e.name)).length,
      0,
      "all packed",
    );
    const verify = await git(
      dir,
      "verify-pack",
      "-v",
      ...(await Array.fromAsync(Deno.readDir(`${dir}/.git/objects/pack`)))
        .filter((e) => e.name.endsWith(".idx")).map((e) => `.git/objects/pack/${e.name}`),
    );
    assert.match(verify, /chain length = 1/, "the pack holds a delta");
    s = await check("packed, clean");
    assert.equal(s.get(`${dir}/lib/big.ts`), "committed");
    await Deno.writeTextFile(`${dir}/a.ts`, "export const a = 2;\n");
    await Deno.writeTextFile(`${dir}/staged.ts`, "export const s = 2;\n");
    await git(dir, "add", "staged.ts");
    await Deno.writeTextFile(`${dir}/new.ts`, "export const n = 1;\n");
    s = await check("packed, changed");
    assert.deepEqual(files.map((f) => s.get(f)), ["modified", "committed", "modified", "committed", "untracked"]);
    // a worktree (.git is a file pointing into the main repository's)
    await git(dir, "worktree", "add", "-q", `${dir}-wt`);
    try {
      const wt = await commitStates([`${dir}-wt/a.ts`, `${dir}-wt/lib/big.ts`]);
      assert.deepEqual([...wt.values()], ["committed", "committed"]);
    } finally {
      await Deno.remove(`${dir}-wt`, { recursive: true });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("codeFingerprint() hashes every local module (relative and import-map), the lock, not packages; uncommitted follows git", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "code_fp_" }));
  try {
    await Deno.writeTextFile(
      `${dir}/deno.json`,
      JSON.stringify({ imports: { "@lib/": "./lib/", "zod": "npm:zod@4", "strat": "./strategies/s.ts" } }),
    );
    await Deno.writeTextFile(`${dir}/deno.lock`, '{"version":"5"}\n');
    await Deno.mkdir(`${dir}/lib`);
    await Deno.mkdir(`${dir}/strategies`);
    await Deno.mkdir(`${dir}/configs`);
    const sources: Record<string, string> = {
      "configs/c.ts": [
        'import { z } from "zod";',
        'import { s } from "strat";',
        'import type { T } from "@lib/types.ts";',
        'import data from "../lib/table.json" with { type: "json" };',
        'import assert from "node:assert/strict";',
        "// import { x } from './commented.ts';",
        "const text = \"import y from './in_string.ts'\";",
        "export default { s, z, data, text };",
      ].join("\n"),
      "strategies/s.ts":
        'export { helper } from "../lib/helper.ts";\nexport const s = await import("../lib/lazy.ts");\n',
      "lib/helper.ts": 'export const helper = /import "\\.\\/re\\.ts"/;\n',
      "lib/lazy.ts": "export const lazy = 1;\n",
      "lib/types.ts": "export type T = number;\n",
      "lib/table.json": "[1, 2]\n",
      "lib/unused.ts": "export const unused = 1;\n",
    };
    for (const [p, text] of Object.entries(sources)) await Deno.writeTextFile(`${dir}/${p}`, text);
    const fp = await codeFingerprint(`${dir}/configs/c.ts`, { projectDir: dir });
    const expected = [
      "configs/c.ts",
      "deno.lock",
      "lib/helper.ts",
      "lib/lazy.ts",
      "lib/table.json",
      "lib/types.ts",
      "strategies/s.ts",
    ];
    assert.deepEqual(fp.files.map((f) => f.path), expected);
    for (const f of fp.files) {
      assert.equal(f.sha256, sha256(await Deno.readFile(`${dir}/${f.path}`)), f.path);
    }
    // the fingerprint is sha256sum's listing, hashed: reproducible by hand
    assert.equal(fp.sha256, sha256(fp.files.map((f) => `${f.sha256}  ${f.path}\n`).join("")));
    assert.deepEqual(fp.notFollowed, []);
    assert.equal(fp.uncommitted, null, "not a git repository");

    await git(dir, "init", "-q");
    await git(dir, "add", ".");
    await git(dir, "commit", "-q", "-m", "one");
    const clean = await codeFingerprint(`${dir}/configs/c.ts`, { projectDir: dir });
    assert.equal(clean.sha256, fp.sha256, "git does not change the fingerprint");
    assert.deepEqual([clean.uncommitted, clean.uncommittedFiles], [false, []]);
    // a change to a module the config does not import changes nothing
    await Deno.writeTextFile(`${dir}/lib/unused.ts`, "export const unused = 2;\n");
    assert.deepEqual(await codeFingerprint(`${dir}/configs/c.ts`, { projectDir: dir }), clean);
    // a change two imports deep does, and is uncommitted
    await Deno.writeTextFile(`${dir}/lib/lazy.ts`, "export const lazy = 2;\n");
    const changed = await codeFingerprint(`${dir}/configs/c.ts`, { projectDir: dir });
    assert.notEqual(changed.sha256, clean.sha256);
    assert.deepEqual([changed.uncommitted, changed.uncommittedFiles], [true, ["lib/lazy.ts"]]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** The `runs` and `study_runs` tables as the previous version created them. */
const OLD_RUNS = `CREATE TABLE runs (run_id VARCHAR PRIMARY KEY, recorded_at TIMESTAMP, config_name VARCHAR,
  config_file VARCHAR, config_sha256 VARCHAR, git_revision VARCHAR, strategy VARCHAR, params VARCHAR, symbols VARCHAR,
  first_bar TIMESTAMP, last_bar TIMESTAMP, output_dir VARCHAR, sharpe DOUBLE, total_return DOUBLE)`;
const OLD_STUDIES = `CREATE TABLE study_runs (run_id VARCHAR PRIMARY KEY, recorded_at TIMESTAMP NOT NULL, job VARCHAR,
  study VARCHAR NOT NULL, kind VARCHAR NOT NULL, config_file VARCHAR NOT NULL, config_sha256 VARCHAR NOT NULL,
  git_revision VARCHAR, output_dir VARCHAR NOT NULL, metrics MAP(VARCHAR, DOUBLE) NOT NULL)`;

Deno.test("a database made by the previous version keeps working: read as is, checked, then migrated by the next record", () =>
  withTmp(async (tmp) => {
    const db = `${tmp}/results.duckdb`;
    {
      const e = await openDatabaseFile(db, { readOnly: false });
      try {
        await e.exec(OLD_RUNS);
        await e.exec(OLD_STUDIES);
        await e.exec(`INSERT INTO runs VALUES ('old-run', make_timestamp(1000000::BIGINT), 'demo', 'c.ts', 'ab', NULL,
          'idle', '{}', 'A', NULL, NULL, 'out/demo/runs/1', 1.5, 0.1)`);
        await e.exec(`INSERT INTO study_runs VALUES ('old-study', make_timestamp(2000000::BIGINT), NULL, 'g', 'grid',
          'c.ts', 'ab', NULL, 'out/g/runs/1', MAP {'sharpe': 0.5})`);
      } finally {
        e.close();
      }
    }
    // read before any new record: the new columns read as null
    const [oldRun] = await listRuns(db);
    assert.deepEqual([oldRun!.runId, oldRun!.values.sharpe, oldRun!.codeSha256, oldRun!.dataSha256], [
      "old-run",
      1.5,
      null,
      null,
    ]);
    const [oldStudy] = await listStudyRuns(db);
    assert.deepEqual([oldStudy!.runId, oldStudy!.symbols, oldStudy!.codeSha256], ["old-study", null, null]);
    await checkResultsDb(db);
    await checkStudyDb(db);
    const list = await runCli(["--db", db], tmp, "cli/runs.ts");
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^old-stud +1970-01-01 00:00:02 +grid +g .* \(all\) +— +— *$/m);
    assert.match(list.stdout, /^old-run +1970-01-01 00:00:01 +backtest +demo +\{\} .* A +— +— *$/m);

    // the next records add the columns; the old rows keep null
    const code = {
      sha256: "c".repeat(64),
      files: [{ path: "c.ts", sha256: "1" }],
      uncommitted: false,
      uncommittedFiles: [],
      notFollowed: [],
    };
    const data = { sha256: "d".repeat(64), files: [{ path: "a.csv", bytes: 3, sha256: "2" }], queries: [] };
    const rec: RunRecord = {
      runId: "new-run",
      recordedAtMs: 3000,
      configName: "demo",
      configFile: "c.ts",
      configSha256: "ab",
      gitRevision: null,
      strategy: "idle",
      params: "{}",
      symbols: ["A"],
      firstBarMs: 0,
      lastBarMs: 0,
      outputDir: "out/demo/runs/2",
      values: { sharpe: 2, omega: 1 },
      code,
      data,
    };
    await appendRun(db, rec);
    await appendStudyRun(db, {
      runId: "new-study",
      recordedAtMs: 4000,
      job: null,
      study: "g",
      kind: "grid",
      configFile: "c.ts",
      configSha256: "ab",
      gitRevision: null,
      outputDir: "out/g/runs/2",
      values: { sharpe: 1 },
      symbols: ["A", "B"],
      code: { ...code, uncommitted: null },
      data,
    });
    const [newRun, oldAgain] = await listRuns(db);
    assert.deepEqual(
      [newRun!.codeSha256, newRun!.codeUncommitted, newRun!.codeFiles, newRun!.dataSha256, newRun!.dataFiles],
      [code.sha256, false, code.files, data.sha256, data.files],
    );
    assert.deepEqual([oldAgain!.runId, oldAgain!.codeSha256, oldAgain!.values.omega], ["old-run", null, NaN]);
    const [newStudy, oldStudyAgain] = await listStudyRuns(db);
    assert.deepEqual([newStudy!.symbols, newStudy!.codeUncommitted, newStudy!.dataFiles], [
      ["A", "B"],
      null,
      data.files,
    ]);
    assert.deepEqual([oldStudyAgain!.runId, oldStudyAgain!.values.sharpe], ["old-study", 0.5]);
  }));

Deno.test("a backtest records its code and data fingerprints and its own directory; --compare names the changed module", () =>
  withTmp(async (tmp) => {
    const db = `${tmp}/results.duckdb`;
    const mod = new URL("../mod.ts", import.meta.url).href;
    await Deno.writeTextFile(`${tmp}/params.ts`, "export const fast = 10;\n");
    await Deno.writeTextFile(
      `${tmp}/c.ts`,
      `import { defineConfig } from "${mod}";
import { smaCross } from "${new URL("../strategies/sma_cross.ts", import.meta.url).href}";
import { fast } from "./params.ts";
export default defineConfig({
  name: "fp", data: { source: "data/sample/AAA.csv" }, capital: 100_000,
  strategy: { use: smaCross, params: { fast, slow: 30 } }, risk: { sizing: { kind: "fixedQty", qty: 10 } },
});
`,
    );
    const run = () => runCli([`${tmp}/c.ts`, "--out", `${tmp}/o`, "--results-db", db, "--formats", "json"], tmp);
    const first = await run();
    assert.equal(first.code, 0, first.stderr);
    const dir1 = await latestRun(`${tmp}/o`);
    await Deno.writeTextFile(`${tmp}/params.ts`, "export const fast = 10; // same number, other bytes\n");
    const second = await run();
    assert.equal(second.code, 0, second.stderr);
    const dir2 = await latestRun(`${tmp}/o`);
    const [b, a] = await listRuns(db);
    // each row names its own published directory, both still there (not the root, not latest.txt)
    assert.deepEqual([a!.outputDir, b!.outputDir], [dir1, dir2]);
    assert.notEqual(dir1, dir2);
    for (const d of [dir1, dir2]) assert.ok((await Deno.stat(`${d}/result.json`)).isFile);
    // the code: the config, the module it imports, the engine through mod.ts, and the lock
    const paths = a!.codeFiles!.map((f) => f.path);
    for (const p of ["c.ts", "params.ts"]) assert.ok(paths.some((q) => q.endsWith(p)), `${p} in ${paths}`);
    for (const p of ["mod.ts", "engine/backtest.ts", "strategies/sma_cross.ts", "deno.lock"]) {
      assert.ok(paths.includes(p), `${p} in the fingerprint`);
    }
    const params1 = a!.codeFiles!.find((f) => f.path.endsWith("params.ts"))!;
    assert.equal(params1.sha256, sha256("export const fast = 10;\n"));
    assert.notEqual(a!.codeSha256, b!.codeSha256);
    assert.equal(a!.configSha256, b!.configSha256, "the same resolved config");
    // the data: the one file, hashed whole
    assert.deepEqual(a!.dataFiles, [{
      path: "data/sample/AAA.csv",
      bytes: (await Deno.stat(`${ROOT}/data/sample/AAA.csv`)).size,
      sha256: sha256(await Deno.readFile(`${ROOT}/data/sample/AAA.csv`)),
    }]);
    assert.equal(a!.dataSha256, b!.dataSha256);

    const cmp = await runCli(["--db", db, "--compare", "#2", "#1"], tmp, "cli/runs.ts");
    assert.equal(cmp.code, 0, cmp.stderr);
    assert.match(cmp.stdout, /^code +[0-9a-f]{12}.* differs$/m);
    assert.match(cmp.stdout, /^data +[0-9a-f]{12} +[0-9a-f]{12} +same$/m);
    assert.match(cmp.stdout, /^config sha256 +[0-9a-f]{12} +[0-9a-f]{12} +same$/m);
    assert.match(cmp.stdout, /^code files that differ\n +\S*params\.ts +changed$/m);
    assert.doesNotMatch(cmp.stdout, /c\.ts +changed/);
  }));

Deno.test("runs lists a job's studies beside backtests with symbols and fingerprints; --kind filters; compare across kinds", () =>
  withTmp(async (tmp) => {
    const db = `${tmp}/results.duckdb`;
    const config = await writeStudyConfig(tmp, "study.ts", `{ params: { fast: [5, 10], slow: [30] } }`);
    const job = await writeJob(
      tmp,
      "job.ts",
      `{ name: "nightly", schedule: "0 2 * * *", studies: [
        { name: "bt", kind: "backtest", config: ${JSON.stringify(config)}, metrics: ["sharpe"] },
        { name: "g", kind: "grid", config: ${JSON.stringify(config)}, workers: 1 },
      ] }`,
    );
    const jr = await runJobCli([job, "--once", "--out", `${tmp}/jobs`, "--db", db]);
    assert.equal(jr.code, 0, jr.err + jr.out.join("\n"));
    const jobDir = await latestRun(`${tmp}/jobs`);
    const studies = await listStudyRuns(db);
    assert.deepEqual(studies.map((s) => s.study).sort(), ["bt", "g"]);
    const p = await studyProvenance(config, { data: { source: { kind: "files", path: SAMPLE() } } });
    for (const s of studies) {
      assert.equal(s.outputDir, `${jobDir}/studies/${s.study}`, "the study's own folder of the job's run");
      // the engine may change under a test in a shared tree: check the record against itself and the config file
      assert.equal(s.codeSha256, sha256(s.codeFiles!.map((f) => `${f.sha256}  ${f.path}\n`).join("")));
      assert.equal(s.codeFiles!.find((f) => f.path === config)?.sha256, sha256(await Deno.readFile(config)));
      assert.deepEqual(s.codeFiles!.map((f) => f.path), p.code!.files.map((f) => f.path));
      assert.equal(s.dataSha256, p.data!.sha256);
      assert.equal(s.symbols, null, "the config takes every symbol of its data");
    }
    const bt = await runCli(["configs/sma_cross.ts", "--out", `${tmp}/bt`, "--results-db", db], tmp);
    assert.equal(bt.code, 0, bt.stderr);

    const list = await runCli(["--db", db], tmp, "cli/runs.ts");
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout.trimEnd().split("\n");
    assert.match(
      lines[0]!,
      /^run +recorded \(UTC\) +kind +config +params +return +CAGR +Sharpe +max DD +trades +symbols +data +code +git$/,
    );
    assert.equal(lines.length, 4);
    assert.match(
      lines[1]!,
      /^[0-9a-f]{8} .* backtest +sma_cross +\{"fast":10,"slow":30\} .* AAA +[0-9a-f]{8} +[0-9a-f]{8}[*?]?/,
    );
    assert.ok(
      lines.slice(2).some((l) => /^[0-9a-f]{8} .* job +nightly\/g .* \(all\) +[0-9a-f]{8} +[0-9a-f]{8}/.test(l)),
    );
    const jobsOnly = await runCli(["--db", db, "--kind", "job"], tmp, "cli/runs.ts");
    assert.equal(jobsOnly.stdout.trimEnd().split("\n").length, 3);
    assert.doesNotMatch(jobsOnly.stdout, /backtest/);
    const bad = await runCli(["--db", db, "--kind", "sweep"], tmp, "cli/runs.ts");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--kind: unknown kind "sweep"; expected backtest, grid, walkforward, job/);
    const byJob = await runCli(["--db", db, "--config", "nightly"], tmp, "cli/runs.ts");
    assert.equal(byJob.stdout.trimEnd().split("\n").length, 3);

    // a backtest against a job's grid study: the config and the code differ (another config file), the data not
    const [g] = await listStudyRuns(db, { study: "g" });
    const cmp = await runCli(["--db", db, "--compare", g!.runId.slice(0, 8), "#1"], tmp, "cli/runs.ts");
    assert.equal(cmp.code, 0, cmp.stderr);
    assert.match(cmp.stdout, /^kind +job \(grid\) +backtest +differs$/m);
    assert.match(cmp.stdout, /^code .* differs$/m);
    assert.match(cmp.stdout, /^code files that differ\n(?: +\S+ +(?:changed|only in [AB])\n)+/m);
    assert.match(cmp.stdout, /configs\/sma_cross\.ts +only in B/);
  }));

Deno.test("deno task optimize and walkforward record their own published directories, listed as grid and walkforward", () =>
  withTmp(async (tmp) => {
    const db = `${tmp}/results.duckdb`;
    const config = await writeStudyConfig(
      tmp,
      "study.ts",
      `{ params: { fast: [5, 10], slow: [30] }, walkForward: { train: "2y", test: "1y" } }`,
    );
    const dirs: string[] = [];
    for (const task of ["optimize", "optimize", "walkforward"]) {
      const out = await new Deno.Command(Deno.execPath(), {
        args: [...await taskArgs(task, tmp), config, "--workers", "1", "--out", `${tmp}/${task}`, "--results-db", db],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      dirs.push(await latestRun(`${tmp}/${task}`));
    }
    const studies = await listStudyRuns(db);
    // newest first: each row names its own run directory, and the first optimize's is still there after the second
    assert.deepEqual(studies.map((s) => [s.kind, s.outputDir]), [
      ["walkforward", dirs[2]],
      ["grid", dirs[1]],
      ["grid", dirs[0]],
    ]);
    assert.notEqual(dirs[0], dirs[1]);
    for (const d of dirs) assert.ok((await Deno.stat(`${d}/manifest.json`)).isFile, d);
    // standalone studies carry the same provenance as backtests: the code the config imports and the data it read
    for (const s of studies) {
      assert.match(s.codeSha256 ?? "", /^[0-9a-f]{64}$/);
      assert.equal(s.dataFiles?.[0]?.path, "data/sample/AAA.csv");
    }
    const list = await runCli(["--db", db, "--kind", "grid"], tmp, "cli/runs.ts");
    assert.equal(list.code, 0, list.stderr);
    assert.equal(list.stdout.trimEnd().split("\n").filter((l) => / grid +study /.test(l)).length, 2);
  }));
