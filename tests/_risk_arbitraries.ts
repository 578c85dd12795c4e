/**
 * Random `risk` sections for property tests (fast-check): sizing, limits,
 * circuit breakers and cooldowns, each valid for `RiskConfigSchema`.
 */
import fc from "fast-check";

/** A limit's mode. */
export const mode = fc.constantFrom("deny", "clip");
export const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
export const capOf = (lo: number, hi: number, scale = 1) =>
  maybe(fc.record({ max: fc.integer({ min: lo, max: hi }).map((x) => x / scale), mode }));

export const sizingArb = fc.integer({ min: 0, max: 2 }).chain((kind) =>
  fc.record({
    lot: fc.constantFrom(1, 5),
    minQty: fc.integer({ min: 0, max: 3 }),
    n: fc.integer({ min: 1, max: 10 }),
    fraction: fc.integer({ min: 1, max: 50 }).map((x) => x / 100),
    riskFraction: fc.integer({ min: 1, max: 50 }).map((x) => x / 1000),
    atrPeriod: fc.integer({ min: 2, max: 5 }),
    atrMultiple: fc.integer({ min: 5, max: 30 }).map((x) => x / 10),
  }).map((p) => {
    const bounds = { lotSize: p.lot, minQty: p.minQty };
    if (kind === 0) return { kind: "fixedQty", qty: (p.n + 1) * p.lot * 2, ...bounds };
    if (kind === 1) return { kind: "percentEquity", fraction: p.fraction, ...bounds };
    return {
      kind: "atrVolatility",
      riskFraction: p.riskFraction,
      atrPeriod: p.atrPeriod,
      atrMultiple: p.atrMultiple,
      ...bounds,
    };
  })
);

export const limitsArb = fc.record({
  mode,
  maxPositions: capOf(1, 3),
  perSymbol: fc.record({
    maxQty: capOf(200, 3000),
    maxNotional: capOf(1000, 40_000),
    maxPercentEquity: capOf(5, 100, 100),
  }),
  grossExposure: capOf(2, 30, 10),
  netExposure: capOf(1, 20, 10),
  longExposure: capOf(2, 20, 10),
  shortExposure: capOf(1, 20, 10),
  allowShort: fc.oneof(fc.boolean(), fc.record({ allow: fc.boolean(), mode })),
  account: fc.oneof(
    fc.record({ kind: fc.constant("cash"), mode }),
    fc.record({ kind: fc.constant("margin"), maxBorrow: maybe(fc.integer({ min: 0, max: 5000 })), mode }),
  ),
}).map((l) => {
  // shortExposure with no shorting at all is rejected as contradictory: drop it then
  const noShort = typeof l.allowShort === "boolean" ? !l.allowShort : !l.allowShort.allow;
  return noShort ? { ...l, shortExposure: undefined } : l;
});

export const breakersArb = fc.record({
  dailyLossLimit: maybe(
    fc.record({
      amountOrPercent: fc.oneof(
        fc.integer({ min: 50, max: 3000 }).map((amount) => ({ amount })),
        fc.integer({ min: 5, max: 100 }).map((x) => ({ percent: x / 1000 })),
      ),
      sessionHour: fc.integer({ min: 0, max: 23 }),
      flatten: fc.boolean(),
    }).map((d) => ({
      ...d.amountOrPercent,
      sessionStart: `${String(d.sessionHour).padStart(2, "0")}:00`,
      flatten: d.flatten,
    })),
  ),
  maxDrawdownStop: maybe(
    fc.record({ percent: fc.integer({ min: 2, max: 30 }).map((x) => x / 100), flatten: fc.boolean() }),
  ),
});

export const cooldownArb = maybe(
  fc.record({
    measure: fc.oneof(
      fc.integer({ min: 1, max: 5 }).map((bars) => ({ bars })),
      fc.integer({ min: 1, max: 72 }).map((h) => ({ duration: `${h}h` })),
    ),
    after: fc.constantFrom("anyExit", "losingExit"),
  }).map((c) => ({ ...c.measure, after: c.after })),
);
