/**
 * The golden runs, as `deno task golden` checks them (the same code), plus
 * the comparison rule itself and the reproducibility of the golden data.
 */
import assert from "node:assert/strict";
import {
  checkCase,
  compareFile,
  fieldsMatch,
  formatCaseReport,
  formatComparison,
  listCases,
  readMetadata,
} from "../golden/mod.ts";
import { dataRecord, generateGoldenData, GOLDEN_DATASETS } from "../scripts/gen_golden_data.ts";
import { ACTION_GOLDEN_CASES, actionsDataRecord, generateActionsData } from "../scripts/gen_actions_data.ts";
import { generateInstrumentsData } from "../scripts/gen_instruments_data.ts";
import { sha256Hex } from "../engine/sha256_hex.ts";
import { golden } from "../scripts/golden.ts";

const CASES = listCases("golden");

/** The cases whose data scripts/gen_instruments_data.ts writes. */
const INSTRUMENT_CASES = ["golden/08_futures_multiplier", "golden/09_two_currencies"];

Deno.test("golden: the cases exist, each with metadata, a config, data and expected files", async () => {
  assert.deepEqual(CASES.map((d) => d.slice("golden/".length)), [
    "01_sma_cross_daily",
    "02_risk_multi_symbol",
    "03_execution_fill_models",
    "04_walk_forward",
    "05_max_drawdown_halt",
    "06_adjusted_prices",
    "07_raw_with_actions",
    "08_futures_multiplier",
    "09_two_currencies",
    "10_sessions_daily",
    "11_sessions_intraday",
  ]);
  for (const dir of CASES) {
    const meta = await readMetadata(dir);
    assert.ok(Deno.statSync(`${dir}/config.ts`).isFile, dir);
    const expected = [...Deno.readDirSync(`${dir}/expected`)].map((e) => e.name).sort();
    const want = meta.kind === "walkForward"
      ? ["equity.csv", "metrics.json", "trades.csv", "windows.csv"]
      : dir.endsWith("_raw_with_actions")
      ? [
        "breakers.csv",
        "corporate_actions.csv",
        "denials.csv",
        "equity.csv",
        "fills.csv",
        "metrics.json",
        "trades.csv",
      ]
      : ["breakers.csv", "denials.csv", "equity.csv", "fills.csv", "metrics.json", "trades.csv"];
    assert.deepEqual(expected, want, dir);
  }
});

for (const dir of CASES) {
  Deno.test(`golden: ${dir.slice("golden/".length)} matches its expected files`, async () => {
    const tmp = await Deno.makeTempDir();
    try {
      const r = await checkCase(dir, { outRoot: tmp });
      assert.ok(r.ok, formatCaseReport(r, { maxRows: 10 }).join("\n"));
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  });
}

Deno.test("golden: each case exercises what it claims to cover", () => {
  const read = (c: string, f: string) => Deno.readTextFileSync(`golden/${c}/expected/${f}`);
  const metrics = (c: string) => JSON.parse(read(c, "metrics.json"));
  // 1: commission at its minimum on some fills, above it on others
  const fees1 = read("01_sma_cross_daily", "fills.csv").trim().split("\n").slice(1).map((l) => Number(l.split(",")[6]));
  assert.ok(fees1.includes(9) && fees1.some((f) => f > 9));
  // 2: a daily-loss trip, a cooldown, denials by exposure caps, and resizes
  const denials2 = read("02_risk_multi_symbol", "denials.csv");
  for (const rule of ["daily-loss", "cooldown", "gross-exposure", "long-exposure", "short-exposure", "max-positions"]) {
    assert.ok(denials2.includes(`,${rule},`), rule);
  }
  assert.ok(read("02_risk_multi_symbol", "breakers.csv").includes(",daily-loss,"));
  assert.ok(metrics("02_risk_multi_symbol").summary.resizes > 0);
  // 3: partial fills, limit and stop orders, gap fills
  const fills3 = read("03_execution_fill_models", "fills.csv").trim().split("\n").slice(1).map((l) => l.split(","));
  const ids = fills3.map((f) => f[0]);
  assert.ok(ids.some((id, i) => ids.indexOf(id) !== i), "an order filled in parts");
  for (const kind of ["limit,gap", "limit,intrabar", "stop,gap", "stop,intrabar"]) {
    assert.ok(fills3.some((f) => `${f[7]},${f[8]}` === kind), kind);
  }
  assert.ok(fills3.some((f) => Number(f[10]) > 0), "slippage");
  // 4: three windows
  assert.equal(metrics("04_walk_forward").summary.windows, 3);
  // 5: the drawdown stop trips once, flattens, and entries are denied afterwards
  const trip = read("05_max_drawdown_halt", "breakers.csv").trim().split("\n").slice(1);
  assert.equal(trip.length, 1);
  assert.match(trip[0]!, /,max-drawdown,.*,[A-Z]{3} -\d+ #\d+/);
  const after = read("05_max_drawdown_halt", "denials.csv").trim().split("\n").slice(1);
  assert.ok(after.length > 0 && after.every((l) => l.includes(",max-drawdown,")));
  assert.equal(metrics("05_max_drawdown_halt").summary.openPositions, 0);
  // 7: splits (one leaving cash in lieu) and dividends applied to the position
  const actions7 = read("07_raw_with_actions", "corporate_actions.csv");
  assert.ok(actions7.includes(",split,") && actions7.includes(",dividend,"));
  // 10: fills at 09:30 New York time, in winter (14:30Z) and summer (13:30Z); the last at the session's 16:00 close
  const fills10 = read("10_sessions_daily", "fills.csv");
  assert.ok(
    fills10.includes("T14:30:00Z") && fills10.includes("T13:30:00Z") && /T20:00:00Z,.*closeAtEnd/.test(fills10),
  );
  // 11: no bar before 09:30 or past the 13:00 early close (18:00Z) on 2024-11-29; daily-loss trips
  const eq11 = read("11_sessions_intraday", "equity.csv").split("\n").filter((l) => l.startsWith("2024-11-29"));
  assert.deepEqual([eq11[0]!.slice(11, 16), eq11.at(-1)!.slice(11, 16)], ["14:30", "17:30"]);
  assert.ok(read("11_sessions_intraday", "breakers.csv").includes(",daily-loss,"));
  // 8: fills on the 0.25 grid, P&L in multiples of 50 × 0.25 net of 2.25 per contract, margin denials, a margin call
  const fills8 = read("08_futures_multiplier", "fills.csv").trim().split("\n").slice(1).map((l) => l.split(","));
  assert.ok(fills8.length > 0 && fills8.every((f) => (Number(f[5]) * 4) % 1 === 0), "fills on the tick");
  for (const t of read("08_futures_multiplier", "trades.csv").trim().split("\n").slice(1)) {
    const c = t.split(",");
    const fees = Number(c[8]), pnl = Number(c[7]), qty = Number(c[2]);
    assert.equal(fees, 2 * 2.25 * qty);
    assert.ok(Number.isInteger((pnl + fees) / (50 * 0.25)), t);
  }
  assert.ok(read("08_futures_multiplier", "denials.csv").includes(",margin,"));
  assert.match(read("08_futures_multiplier", "breakers.csv"), /,margin-call,.*,ES -?\d+ #\d+/);
  // 9: EUA's fees are 0.05 % of a USD notional, not of the EUR one
  const fills9 = read("09_two_currencies", "fills.csv").trim().split("\n").slice(1).map((l) => l.split(","));
  const eua = fills9.filter((f) => f[2] === "EUA");
  assert.ok(eua.length > 0 && eua.every((f) => Number(f[6]) !== 0.0005 * Number(f[4]) * Number(f[5])));
  assert.ok(fills9.some((f) => f[2] === "USA"));
});

Deno.test("golden: the instrument cases' data is what scripts/gen_instruments_data.ts generates", async () => {
  const texts = generateInstrumentsData();
  for (const dir of INSTRUMENT_CASES) {
    const meta = await readMetadata(dir);
    assert.equal(meta.data.generator, "scripts/gen_instruments_data.ts");
    for (const [name, want] of Object.entries(meta.data.files)) {
      const text = texts.get(`${dir}/${name}`);
      assert.equal(await Deno.readTextFile(`${dir}/${name}`), text, `${dir}/${name}`);
      const bytes = new TextEncoder().encode(text);
      assert.deepEqual(want, {
        bars: text!.trim().split("\n").length - 1,
        bytes: bytes.length,
        sha256: await sha256Hex(bytes),
      });
    }
  }
});

Deno.test("golden: the committed datasets are what their seeded scripts generate", async () => {
  const actionCases = Object.keys(ACTION_GOLDEN_CASES) as (keyof typeof ACTION_GOLDEN_CASES)[];
  assert.deepEqual(
    [
      ...GOLDEN_DATASETS.map((d) => `golden/${d.case}`),
      ...actionCases.map((c) => `golden/${c}`),
      ...INSTRUMENT_CASES,
    ].sort(),
    CASES,
  );
  // scripts/gen_actions_data.ts: the corporate-action cases
  const actionFiles = generateActionsData();
  for (const c of actionCases) {
    for (const name of ACTION_GOLDEN_CASES[c]) {
      assert.equal(await Deno.readTextFile(`golden/${c}/data/${name}`), actionFiles.get(name), `${c}/data/${name}`);
    }
    assert.deepEqual((await readMetadata(`golden/${c}`)).data, await actionsDataRecord(c, actionFiles), c);
  }
  // scripts/gen_golden_data.ts: the others
  for (const ds of GOLDEN_DATASETS) {
    const files = generateGoldenData(ds);
    for (const [name, text] of files) {
      assert.equal(await Deno.readTextFile(`golden/${ds.case}/data/${name}`), text, `${ds.case}/data/${name}`);
    }
    assert.deepEqual((await readMetadata(`golden/${ds.case}`)).data, await dataRecord(ds, files), ds.case);
  }
});

Deno.test("golden comparison: a changed value names the file, row, record, field, expected and actual", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    const dir = "golden/02_risk_multi_symbol";
    const r = await checkCase(dir, { outRoot: tmp });
    const actual = await Deno.readTextFile(`${r.outDir}/actual/trades.csv`);
    const lines = actual.split("\n");
    const cells = lines[3]!.split(",");
    const original = cells[7]!;
    cells[7] = String(Number(original) + 0.01);
    lines[3] = cells.join(",");
    const c = compareFile("trades.csv", lines.join("\n"), actual, r.meta.tolerance);
    assert.equal(c.status, "differs");
    assert.equal(c.differences.length, 1);
    const d = c.differences[0]!;
    assert.equal(d.row, 3);
    assert.equal(d.field, "pnl");
    assert.deepEqual([d.expected, d.actual], [cells[7], original]);
    assert.match(d.record, new RegExp(`^trade #3: ${cells[0]} ${cells[1]} ${cells[2]}, entered ${cells[3]}$`));
    const report = formatComparison(c).join("\n");
    assert.match(
      report,
      /^trades\.csv: 1 of \d+ rows differ\n {2}row 3, trade #3: .*: pnl: expected .*, actual .* \(Δ -0\.01\)$/,
    );
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("golden comparison: the tolerance rule, counts, text, missing rows and keys", () => {
  const tol = { abs: 1e-9, rel: 1e-9 };
  // within abs + rel·|e| + one unit of the 8th decimal
  assert.ok(fieldsMatch("equity", "100000.12345678", "100000.12345679", tol));
  assert.ok(fieldsMatch("equity", "1000000000", "1000000000.000001", tol)); // rel: 1e-9 × 1e9 = 1
  assert.ok(!fieldsMatch("equity", "1.1234567", "1.1234569", tol));
  assert.ok(fieldsMatch("x", "1", "1.5", { abs: 0.5, rel: 0 }));
  // counts exactly, text exactly
  assert.ok(!fieldsMatch("numTrades", "10", "10.00000001", tol));
  assert.ok(!fieldsMatch("maxDrawdownPeakTimeMs", "1622764800000", "1622764800001", { abs: 1, rel: 1 }));
  assert.ok(!fieldsMatch("time", "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z", tol));
  assert.ok(!fieldsMatch("sharpe", "NaN", "0", tol));
  assert.ok(!fieldsMatch("exitTime", "", "2020-01-02T00:00:00Z", tol));
  // a row too many, a row too few, a changed header
  const head = "time,equity,cash\n";
  const one = head + "2020-01-01T00:00:00Z,100,100\n";
  const two = one + "2020-01-02T00:00:00Z,101,100\n";
  const extra = compareFile("equity.csv", one, two, tol);
  assert.deepEqual([extra.status, extra.expectedRows, extra.actualRows, extra.differences[0]?.field], [
    "differs",
    1,
    2,
    "(row)",
  ]);
  assert.equal(extra.differences[0]!.record, "equity at 2020-01-02T00:00:00Z");
  assert.equal(compareFile("equity.csv", two, one, tol).differences[0]!.actual, "(no row)");
  assert.equal(compareFile("equity.csv", one, one.replace("cash", "money"), tol).differences[0]!.field, "(header)");
  // an added column is one header difference; the other columns still compare by name
  const added = compareFile("equity.csv", one, "time,equity,dd,cash\n2020-01-01T00:00:00Z,100,0,101\n", tol);
  assert.deepEqual(added.differences.map((d) => [d.row, d.field, d.actual]), [[0, "(header)", "time,equity,dd,cash"], [
    1,
    "cash",
    "101",
  ]]);
  // JSON: a missing key, an added key, NaN as text
  const j = compareFile("metrics.json", '{"m": {"a": 1, "b": "NaN"}}', '{"m": {"a": 1, "c": 2, "b": "NaN"}}', tol);
  assert.deepEqual(j.differences.map((d) => [d.field, d.expected, d.actual]), [["m.c", "(no key)", "2"]]);
  // a file on one side only
  assert.equal(compareFile("x.csv", undefined, "a\n", tol).status, "unexpected");
  assert.equal(compareFile("x.csv", "a\n", undefined, tol).status, "missing");
  // exact mode (golden:update's summary): one unit of the 8th decimal is a change
  assert.equal(
    compareFile("e.csv", "v\n1.00000001\n", "v\n1.00000002\n", { abs: 0, rel: 0 }, { quantum: 0 }).status,
    "differs",
  );
});

Deno.test("golden task: an unknown case is bad input (exit 2), a named case runs alone", async () => {
  const out = await Deno.makeTempDir();
  try {
    assert.equal(await golden(["no_such_case", "--out", out]), 2);
    assert.equal(await golden(["golden/05_max_drawdown_halt/", "--out", out]), 0);
    assert.deepEqual([...Deno.readDirSync(out)].map((e) => e.name), ["05_max_drawdown_halt"]);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
