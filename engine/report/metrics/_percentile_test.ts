import assert from "node:assert/strict";
import { sortedFinite, tailOrderedFinite } from "./_percentile.ts";
import { mulberry32 } from "../../random.ts";

/** What the tail metrics read: the sorted front through ⌊(n − 1)·0.05⌋ + 1, and positions ⌊(n − 1)·0.95⌋ and after. */
function assertTailsOf(values: Float64Array, what: string): void {
  const full = sortedFinite(values), part = tailOrderedFinite(values);
  const n = full.length, k = Math.floor((n - 1) * 0.05), j = Math.floor((n - 1) * 0.95);
  assert.equal(part.length, n, what);
  assert.deepEqual(part.subarray(0, Math.min(k + 2, n)), full.subarray(0, Math.min(k + 2, n)), `${what}: front`);
  assert.ok(part[j] === full[j] && (j + 1 >= n || part[j + 1] === full[j + 1]), `${what}: back`);
  assert.deepEqual(Float64Array.from(part).sort(), full, `${what}: the same values`);
}

Deno.test("tailOrderedFinite() orders the tails as a full sort does, for long series of every shape", () => {
  const rnd = mulberry32(9);
  const u = () => rnd() / 2 ** 32;
  const shapes: [string, () => number][] = [
    ["bell-shaped", () => (u() + u() + u() - 1.5) * 0.01],
    ["40 % flat bars", () => (u() < 0.4 ? 0 : (u() - 0.5) * 0.01)],
    ["97 % flat bars", () => (u() < 0.97 ? 0 : (u() - 0.5) * 0.01)],
    ["30 % NaN", () => (u() < 0.3 ? NaN : (u() - 0.52) * 0.02)],
    ["four values, ±0 among them", () => [-0.01, 0, 0.01, -0][Math.floor(u() * 4)]!],
    ["heavy tails", () => Math.tan((u() - 0.5) * 3.1)],
  ];
  for (const [name, draw] of shapes) {
    for (const n of [1000, 65_536, 200_003]) assertTailsOf(Float64Array.from({ length: n }, draw), `${name}, ${n}`);
  }
});

Deno.test("tailOrderedFinite() stays right on data whose strided sample misleads", () => {
  // every 128th value an outlier: a stride that is a multiple of 128 samples only outliers or only the body
  const periodic = Float64Array.from(
    { length: 1 << 20 },
    (_, i) => (i % 128 === 0 ? -1 : i % 128 === 1 ? 1 : 0.001 * (i % 7)),
  );
  assertTailsOf(periodic, "periodic");
  assertTailsOf(new Float64Array(100_000), "all zero");
});
