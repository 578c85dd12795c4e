import assert from "node:assert/strict";
import { appendStudyRun, listStudyRuns, type StudyRecord } from "./study_db.ts";

const rec = (
  runId: string,
  recordedAtMs: number,
  values: Record<string, number>,
  job: string | null = "j",
): StudyRecord => ({
  runId,
  recordedAtMs,
  job,
  study: "s",
  kind: "walkforward",
  configFile: "configs/it's.ts",
  configSha256: "f".repeat(64),
  gitRevision: null,
  outputDir: "out/x",
  values,
});

Deno.test("appendStudyRun() stores every double bit for bit: 17-digit values, subnormals, −0, ±inf, NaN", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // a seeded walk over magnitudes, the doubles a bare SQL literal (parsed as DECIMAL) gets wrong
    let s = 12345;
    const values: Record<string, number> = {};
    for (let k = 0; k < 400; k++) {
      s = (s * 1103515245 + 12345) % 2147483648;
      values[`v${k}`] = (s / 2147483648 - 0.5) * 10 ** ((k % 24) - 12) * 3.7;
    }
    Object.assign(values, {
      third: 1 / 3,
      sum: 0.1 + 0.2,
      tiny: 5e-324,
      huge: Number.MAX_VALUE,
      negZero: -0,
      inf: Infinity,
      negInf: -Infinity,
      nan: NaN,
    });
    await appendStudyRun(`${dir}/r.duckdb`, rec("a", 1_764_000_000_123, values));
    const [back] = await listStudyRuns(`${dir}/r.duckdb`);
    assert.equal(Object.keys(back!.values).length, Object.keys(values).length);
    for (const [k, v] of Object.entries(values)) {
      assert.ok(Object.is(back!.values[k], v), `${k}: ${back!.values[k]} vs ${v}`);
    }
    assert.equal(back!.recordedAtMs, 1_764_000_000_123);
    assert.equal(back!.configFile, "configs/it's.ts");
    assert.equal(back!.gitRevision, null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("listStudyRuns() filters by job and study, newest first, and handles a file without the table", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const db = `${dir}/r.duckdb`;
    await appendStudyRun(db, rec("old", 1000, { x: 1 }));
    await appendStudyRun(db, { ...rec("other", 3000, { x: 2 }), study: "t" });
    await appendStudyRun(db, rec("new", 2000, { x: 3 }));
    await appendStudyRun(db, rec("solo", 4000, {}, null));
    assert.deepEqual((await listStudyRuns(db)).map((r) => r.runId), ["solo", "other", "new", "old"]);
    assert.deepEqual((await listStudyRuns(db, { job: "j", study: "s" })).map((r) => r.runId), ["new", "old"]);
    assert.deepEqual((await listStudyRuns(db, { job: "j", limit: 1 })).map((r) => [r.runId, r.study]), [[
      "other",
      "t",
    ]]);
    const [solo] = await listStudyRuns(db, { limit: 1 });
    assert.deepEqual([solo!.job, solo!.values], [null, {}]);
    // a results database with only the runs table
    const { openDatabaseFile } = await import("../data/sql_engine.ts");
    const other = await openDatabaseFile(`${dir}/runs.duckdb`);
    await other.exec("CREATE TABLE runs (run_id VARCHAR)");
    other.close();
    assert.deepEqual(await listStudyRuns(`${dir}/runs.duckdb`), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("appendStudyRun() rejects a value that is not a number and an unknown kind, writing nothing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const db = `${dir}/r.duckdb`;
    await assert.rejects(
      appendStudyRun(db, rec("a", 0, { x: "1" as unknown as number })),
      /appendStudyRun\(\): value "x" is string, not a number/,
    );
    await assert.rejects(
      appendStudyRun(db, { ...rec("a", 0, {}), kind: "random" as never }),
      /unknown study kind "random"/,
    );
    assert.deepEqual(await listStudyRuns(db), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
