import assert from "node:assert/strict";
import { collectText } from "./byte_writer.ts";
import { csvField, jsonMetric, toCompactJson, toJson, toJsonLine } from "./format.ts";

Deno.test("one rule for numbers that are not finite, whichever writer spells them", () => {
  // value → [plain JSON, metric JSON, plain CSV, metric CSV], as the module doc's table says
  const table: [number, string, string, string, string][] = [
    [1.5, "1.5", "1.5", "1.5", "1.5"],
    [NaN, "null", "null", "", ""],
    [Infinity, "null", '"Infinity"', "", "Infinity"],
    [-Infinity, "null", '"-Infinity"', "", "-Infinity"],
  ];
  for (const [x, json, metricJson, csv, metricCsv] of table) {
    assert.equal(toJsonLine([x]), `[${json}]`, `toJsonLine ${x}`);
    assert.equal(toCompactJson({ x }), `{"x":${json}}`, `toCompactJson ${x}`);
    assert.equal(toJson({ x }), `{\n  "x": ${json}\n}`, `toJson ${x}`);
    assert.equal(toJson({ x }, { metrics: true }), `{\n  "x": ${metricJson}\n}`, `toJson metrics ${x}`);
    assert.equal(JSON.stringify(jsonMetric(x)), metricJson, `jsonMetric ${x}`);
    assert.equal(collectText((w) => w.number(x, "null")), json, `ByteWriter.number ${x}`);
    assert.equal(collectText((w) => w.metric(x, "null", '"')), metricJson, `ByteWriter.metric JSON ${x}`);
    assert.equal(csvField(x), csv, `csvField ${x}`);
    assert.equal(collectText((w) => w.number(x, "")), csv, `ByteWriter.number CSV ${x}`);
    assert.equal(collectText((w) => w.metric(x, "", "")), metricCsv, `ByteWriter.metric CSV ${x}`);
  }
});

Deno.test("toCompactJson writes the study files' lines: no spaces, ASCII only, key order kept", () => {
  const line = toCompactJson({
    window: 2,
    run: 0,
    params: { fast: 5, kind: "ema", flag: true },
    skipped: undefined,
    objective: 0.1 + 0.2,
    error: 'slow ≥ fast: "x"\n',
    metrics: Float64Array.of(-0, 1e-9, 41780684.375),
  });
  assert.equal(
    line,
    '{"window":2,"run":0,"params":{"fast":5,"kind":"ema","flag":true},"objective":0.3,' +
      '"error":"slow \\u2265 fast: \\"x\\"\\n","metrics":[0,0,41780684.375]}',
  );
  assert.equal(new TextEncoder().encode(line).length, line.length); // offsets in bytes are offsets in characters
});

Deno.test("toJson lays records out one per line, toJsonLine with spaces, both keeping non-ASCII text", () => {
  const doc = { name: "é", rows: [{ a: 1, b: [2, NaN] }, { a: 2, b: [] }], empty: {}, none: [] };
  assert.equal(
    toJson(doc),
    '{\n  "name": "é",\n  "rows": [\n    {"a": 1, "b": [2, null]},\n    {"a": 2, "b": []}\n  ],\n  "empty": {},\n  "none": []\n}',
  );
  assert.equal(toJsonLine(doc.rows[0]), '{"a": 1, "b": [2, null]}');
});
