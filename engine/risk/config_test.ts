import assert from "node:assert/strict";
import { z } from "zod";
import { parseConfig } from "../config/parse_config.ts";
import { ConfigError } from "../errors.ts";
import { defineStrategy } from "../strategy/types.ts";
import { RiskConfigSchema } from "./config.ts";

const noop = defineStrategy({ name: "noop", params: z.strictObject({}), create: () => ({ onBar() {} }) });

function configWith(risk: unknown) {
  return { name: "x", data: { source: "x.csv" }, capital: 1000, strategy: { use: noop, params: {} }, risk };
}

/** The ConfigError message for a `risk` section. */
function errorOf(risk: unknown): string {
  try {
    parseConfig(configWith(risk), { file: "configs/x.ts" });
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.message;
  }
  assert.fail("expected a ConfigError");
}

const fixed = { kind: "fixedQty", qty: 10 };

Deno.test("risk config: a plain fixedQty sizing still validates, with every other section resolved to its default", () => {
  const r = RiskConfigSchema.parse({ sizing: fixed });
  assert.deepEqual(r.sizing, { kind: "fixedQty", qty: 10, lotSize: 1, minQty: 0 });
  assert.deepEqual(r.limits, {
    mode: "deny",
    perSymbol: {},
    symbols: {},
    allowShort: { allow: true, mode: "deny" },
    account: { kind: "cash", minCash: 0, mode: "deny" },
  });
  assert.deepEqual(r.breakers, {});
  assert.equal(r.cooldown, undefined);
});

Deno.test("risk config: a limit is a number in the section's mode, or { max, mode } for its own", () => {
  const r = RiskConfigSchema.parse({
    sizing: fixed,
    limits: {
      mode: "clip",
      maxPositions: 3,
      grossExposure: { max: 1.5, mode: "deny" },
      perSymbol: { maxNotional: 5000 },
      symbols: { AAA: { maxQty: { max: 50, mode: "deny" }, allowShort: false } },
      account: { kind: "margin", maxBorrow: 2000 },
    },
  });
  assert.deepEqual(r.limits.maxPositions, { max: 3, mode: "clip" });
  assert.deepEqual(r.limits.grossExposure, { max: 1.5, mode: "deny" });
  assert.deepEqual(r.limits.perSymbol, { maxNotional: { max: 5000, mode: "clip" } });
  assert.deepEqual(r.limits.symbols.AAA, {
    maxQty: { max: 50, mode: "deny" },
    allowShort: { allow: false, mode: "clip" },
  });
  assert.deepEqual(r.limits.account, { kind: "margin", minCash: -2000, mode: "clip" });
  assert.equal(
    RiskConfigSchema.parse({ sizing: fixed, limits: { account: { kind: "margin" } } }).limits.account.minCash,
    -Infinity,
  );
});

Deno.test("risk config: a negative limit is a ConfigError naming the field", () => {
  assert.match(
    errorOf({ sizing: fixed, limits: { grossExposure: -1 } }),
    /risk\.limits\.grossExposure: .*>0, found -1/,
  );
  assert.match(
    errorOf({ sizing: fixed, limits: { perSymbol: { maxNotional: { max: -5 } } } }),
    /risk\.limits\.perSymbol\.maxNotional\.max: .*found -5/,
  );
  assert.match(
    errorOf({ sizing: fixed, limits: { account: { kind: "margin", maxBorrow: -1 } } }),
    /risk\.limits\.account\.maxBorrow/,
  );
});

Deno.test("risk config: a percent above 1 is a ConfigError naming the field", () => {
  assert.match(
    errorOf({ sizing: fixed, limits: { perSymbol: { maxPercentEquity: 25 } } }),
    /risk\.limits\.perSymbol\.maxPercentEquity: expected a fraction in \(0, 1\].*found 25/,
  );
  assert.match(
    errorOf({ sizing: { kind: "percentEquity", fraction: 1.5 } }),
    /risk\.sizing\.fraction: expected a fraction/,
  );
  assert.match(
    errorOf({ sizing: fixed, breakers: { dailyLossLimit: { percent: 2 } } }),
    /risk\.breakers\.dailyLossLimit\.percent/,
  );
  assert.match(
    errorOf({ sizing: fixed, breakers: { maxDrawdownStop: { percent: 15 } } }),
    /risk\.breakers\.maxDrawdownStop\.percent/,
  );
});

Deno.test("risk config: atrMultiple ≤ 0 is a ConfigError naming the field", () => {
  for (const m of [0, -2]) {
    assert.match(
      errorOf({ sizing: { kind: "atrVolatility", riskFraction: 0.01, atrPeriod: 14, atrMultiple: m } }),
      new RegExp(`risk\\.sizing\\.atrMultiple: expected atrMultiple > 0 .*found ${m}`),
    );
  }
  assert.match(
    errorOf({ sizing: { kind: "atrVolatility", riskFraction: 0.01, atrPeriod: 0, atrMultiple: 2 } }),
    /risk\.sizing\.atrPeriod/,
  );
});

Deno.test("risk config: maxPositions 0 is a ConfigError: no strategy could ever trade", () => {
  assert.match(
    errorOf({ sizing: fixed, limits: { maxPositions: 0 } }),
    /risk\.limits\.maxPositions: expected at least 1.*found 0/,
  );
});

Deno.test("risk config: contradictory sizing bounds and limits are ConfigErrors naming the field", () => {
  assert.match(
    errorOf({ sizing: { ...fixed, minQty: 20 } }),
    /risk\.sizing\.qty: expected qty ≥ minQty \(20\), found 10/,
  );
  assert.match(errorOf({ sizing: { ...fixed, maxQty: 5 } }), /risk\.sizing\.qty: expected qty ≤ maxQty \(5\)/);
  assert.match(
    errorOf({ sizing: { kind: "percentEquity", fraction: 0.1, minQty: 10, maxQty: 5 } }),
    /risk\.sizing\.maxQty: expected maxQty ≥ minQty/,
  );
  assert.match(
    errorOf({ sizing: { kind: "fixedQty", qty: 0.5 } }),
    /risk\.sizing\.qty: expected a whole number of lots of 1/,
  );
  assert.equal(
    RiskConfigSchema.parse({ sizing: { kind: "fixedQty", qty: 0.5, lotSize: 0.1 } }).sizing.kind,
    "fixedQty",
  );
  // a deny-mode cap below the smallest sized order denies every entry
  assert.match(
    errorOf({ sizing: fixed, limits: { perSymbol: { maxQty: 5 } } }),
    /risk\.limits\.perSymbol\.maxQty: expected at least the smallest sized order \(sizing\.qty = 10\)/,
  );
  assert.match(
    errorOf({ sizing: fixed, limits: { symbols: { AAA: { maxQty: 5 } } } }),
    /risk\.limits\.symbols\.AAA\.maxQty/,
  );
  // in clip mode it is a cap like any other
  assert.equal(
    RiskConfigSchema.parse({ sizing: fixed, limits: { perSymbol: { maxQty: { max: 5, mode: "clip" } } } }).limits
      .perSymbol.maxQty?.max,
    5,
  );
});

Deno.test("risk config: breakers and cooldown need exactly one measure, a real time zone and an HH:MM session", () => {
  assert.match(
    errorOf({ sizing: fixed, breakers: { dailyLossLimit: {} } }),
    /risk\.breakers\.dailyLossLimit\.percent: expected exactly one of amount or percent/,
  );
  assert.match(
    errorOf({ sizing: fixed, breakers: { dailyLossLimit: { amount: 5, percent: 0.1 } } }),
    /risk\.breakers\.dailyLossLimit\.amount: expected exactly one/,
  );
  assert.match(
    errorOf({ sizing: fixed, breakers: { dailyLossLimit: { amount: 5, timeZone: "Mars/Olympus" } } }),
    /risk\.breakers\.dailyLossLimit\.timeZone: expected an IANA time zone.*found "Mars\/Olympus"/,
  );
  assert.match(
    errorOf({ sizing: fixed, breakers: { dailyLossLimit: { amount: 5, sessionStart: "25:00" } } }),
    /risk\.breakers\.dailyLossLimit\.sessionStart: expected a time of day HH:MM/,
  );
  assert.match(
    errorOf({ sizing: fixed, cooldown: {} }),
    /risk\.cooldown\.duration: expected exactly one of bars or duration/,
  );
  assert.match(
    errorOf({ sizing: fixed, cooldown: { bars: 2, duration: "1d" } }),
    /risk\.cooldown\.bars: expected exactly one/,
  );
  assert.match(
    errorOf({ sizing: fixed, cooldown: { duration: "soon" } }),
    /risk\.cooldown\.duration: expected a positive duration/,
  );
  assert.match(errorOf({ sizing: fixed, cooldown: { bars: 0 } }), /risk\.cooldown\.bars/);
});

Deno.test("risk config: a misspelled key or an unknown mode is an error at its path", () => {
  assert.match(errorOf({ sizing: fixed, limits: { grossExposur: 1 } }), /risk\.limits: unknown key "grossExposur"/);
  assert.match(
    errorOf({ sizing: fixed, limits: { netExposure: { max: 1, mode: "warn" } } }),
    /risk\.limits\.netExposure: expected a multiple of equity > 0, or \{ max, mode: "deny" \| "clip" \}/,
  );
  assert.match(errorOf({ sizing: fixed, cooldown: { bars: 2, after: "win" } }), /risk\.cooldown\.after/);
});
