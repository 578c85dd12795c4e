import assert from "node:assert/strict";
import { histogram, histogramSvg } from "./histogram.ts";

// references: numpy 2.4.6, np.histogram(np.array(values, float), bins="auto")
Deno.test("histogram() bins as numpy's bins='auto' (smaller of the Sturges and Freedman–Diaconis widths)", () => {
  const h = histogram([-120.5, -30, 10, 12.5, 40, 41, 300.25, 5, 7, -2]);
  assert.deepEqual(h.counts, [1, 2, 6, 0, 0, 0, 1]);
  const numpyEdges = [-120.5, -60.3928571, -0.285714286, 59.8214286, 119.928571, 180.035714, 240.142857, 300.25];
  h.edges.forEach((e, i) => assert.ok(Math.abs(e - numpyEdges[i]!) < 1e-6, `edge ${i}: ${e}`));
  assert.deepEqual(histogram([1, 2, 2, 3]).counts, [1, 0, 2, 1]); // FD width 0.63 (over 2/√4/2 = 0.5) beats Sturges 0.67: 4 bins
});

Deno.test("histogram() skips NaN and infinities, gives one bin of width 1 for equal values, none for no values", () => {
  assert.deepEqual(histogram([NaN, 3, Infinity, 3]), { edges: [2.5, 3.5], counts: [2] });
  assert.deepEqual(histogram([]), { edges: [], counts: [] });
});

Deno.test("histogram() caps the number of bins", () => {
  const many = Array.from({ length: 100_000 }, (_, i) => i); // uniform: FD asks for ceil(46.4) = 47 bins
  assert.equal(histogram(many).counts.length, 47);
  const h = histogram(many, 10);
  assert.equal(h.counts.length, 10);
  assert.equal(h.counts.reduce((a, b) => a + b, 0), 100_000);
});

Deno.test("histogramSvg() titles every bar and labels only the first, middle and last edges", () => {
  const svg = histogramSvg(histogram([1, 2, 2, 3]), {
    id: "hist-x",
    label: (x) => x.toFixed(2),
    unit: "trades",
    colour: (c) => (c < 2 ? "red" : "green"),
  });
  assert.equal(svg.split("<rect").length - 1, 4);
  assert.equal(svg.split("<title>").length - 1, 4);
  assert.ok(svg.includes('fill="red"><title>1.00 to 1.50: 1 trades</title>'));
  const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  assert.deepEqual(labels, ["2", "1.00", "2.00", "3.00"]); // the largest count, then three edges
  assert.ok(histogramSvg(histogram([]), { id: "e", label: String, unit: "trades" }).includes("no trades"));
});
