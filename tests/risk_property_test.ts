/**
 * Property tests of the risk engine inside the backtest loop: random price
 * paths, random risk configs and a strategy that emits random intents. After
 * every accepted order, at decision time:
 *
 * - no limit is breached (in the direction the order moves each metric);
 * - projected cash stays at or above the account's floor;
 * - no entry happens during a cooldown, or after a breaker trip that day
 *   (that run, for the drawdown stop);
 *
 * and over the run:
 *
 * - every order the simulator saw was accepted by the gate (accepted
 *   quantities = fills + unfilled), and the fills sum to the positions;
 * - with fills at the reference price (no gaps) and no short selling,
 *   cash itself never goes below the floor.
 *
 * Each check recomputes the rule from the recorded state, independently of
 * the gate's code.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import type { BarRow } from "../mod.ts";
import { RiskConfigSchema } from "../engine/risk/config.ts";
import { run, type SeenDecision, T0 } from "./_risk.ts";
import { breakersArb, cooldownArb, limitsArb, maybe, sizingArb } from "./_risk_arbitraries.ts";

const HOUR = 3_600_000, DAY = 86_400_000;
const SYMBOLS = ["A", "B", "C"];

// ------------------------------------------------------------------ generators

type IntentSpec =
  | { kind: "none" }
  | { kind: "buy" | "sell"; qty: number | undefined }
  | { kind: "target"; qty: number }
  | { kind: "close" };

const intentArb: fc.Arbitrary<IntentSpec> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: "none" as const }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("buy" as const), qty: maybe(fc.integer({ min: 1, max: 400 })) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("sell" as const), qty: maybe(fc.integer({ min: 1, max: 400 })) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("target" as const), qty: fc.integer({ min: -500, max: 500 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "close" as const }) },
);

const scenarioArb = fc.record({
  k: fc.integer({ min: 1, max: 3 }),
  n: fc.integer({ min: 10, max: 60 }),
  intervalMs: fc.constantFrom(HOUR, 6 * HOUR, DAY),
  gaps: fc.boolean(),
  capital: fc.integer({ min: 5_000, max: 100_000 }),
  commissionBps: fc.constantFrom(0, 0, 10, 50),
  starts: fc.array(fc.integer({ min: 5, max: 200 }), { minLength: 3, maxLength: 3 }),
  steps: fc.array(fc.integer({ min: -800, max: 800 }), { minLength: 180, maxLength: 180 }),
  gapSteps: fc.array(fc.integer({ min: -300, max: 300 }), { minLength: 180, maxLength: 180 }),
  intents: fc.array(intentArb, { minLength: 180, maxLength: 180 }),
  sizing: sizingArb,
  limits: limitsArb,
  breakers: breakersArb,
  cooldown: cooldownArb,
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function rowsOf(sc: Scenario): BarRow[][] {
  return Array.from({ length: sc.k }, (_, s) => {
    let prev = sc.starts[s]!;
    return Array.from({ length: sc.n }, (_, i) => {
      const at = s * 60 + i;
      const open = i === 0 || !sc.gaps ? prev : Math.max(0.5, prev * (1 + sc.gapSteps[at]! / 10_000));
      const close = Math.max(0.5, open * (1 + sc.steps[at]! / 10_000));
      prev = close;
      const hl = Math.abs(sc.steps[(at + 7) % 180]!) / 20_000;
      return {
        symbol: SYMBOLS[s]!,
        tsMs: T0 + i * sc.intervalMs,
        open,
        high: Math.max(open, close) * (1 + hl),
        low: Math.min(open, close) * (1 - hl),
        close,
      };
    });
  });
}

// ------------------------------------------------------------------ independent checks

const TOL = 1e-6;
const le = (a: number, b: number) => a <= b + TOL * Math.max(1, Math.abs(b));

/** The part of order `q` that opens beyond zero, given exposure `e`. */
function openingPart(e: number, q: number): number {
  const r = e !== 0 && (q > 0) !== (e > 0) ? (Math.abs(q) <= Math.abs(e) ? q : -e) : 0;
  return q - r;
}

function checkLimits(d: SeenDecision, risk: ReturnType<typeof RiskConfigSchema.parse>, feeRate: number): void {
  const s = d.symbol, q = d.qty, P = d.refPrice, E = d.equity;
  const e = d.positions[s]! + d.pending[s]!;
  const o = openingPart(e, q);
  const dir = Math.sign(o);
  const after = e + q;
  const L = risk.limits;
  const sym = Object.hasOwn(L.symbols, SYMBOLS[s]!) ? L.symbols[SYMBOLS[s]!] : undefined;
  const what = `${d.kind} ${d.intentQty} → ${q} on ${SYMBOLS[s]} at bar ${d.index} (e ${e}, P ${P}, E ${E})`;
  let count = 0, gross = 0, net = 0, long = 0, short = 0, pendingCost = 0;
  for (let x = 0; x < d.positions.length; x++) {
    const m = x === s ? P : d.marks[x]!;
    if (d.pending[x] !== 0) pendingCost += d.pending[x]! * m + Math.abs(d.pending[x]!) * m * feeRate;
    if (x === s) continue;
    const v = (d.positions[x]! + d.pending[x]!) * m;
    if (v === 0) continue;
    count++;
    gross += Math.abs(v);
    net += v;
    if (v > 0) long += v;
    else short -= v;
  }
  if (L.maxPositions && e === 0) assert.ok(count + 1 <= L.maxPositions.max, `max-positions: ${what}`);
  const shortOk = (sym?.allowShort ?? L.allowShort).allow;
  if (!shortOk) assert.ok(after >= 0 || dir > 0, `allow-short: ${what}`);
  const maxQty = sym?.maxQty ?? L.perSymbol.maxQty;
  if (maxQty) assert.ok(le(Math.abs(after), maxQty.max), `symbol-max-qty: ${what}`);
  const maxNotional = sym?.maxNotional ?? L.perSymbol.maxNotional;
  if (maxNotional) assert.ok(le(Math.abs(after) * P, maxNotional.max), `symbol-max-notional: ${what}`);
  const maxPct = sym?.maxPercentEquity ?? L.perSymbol.maxPercentEquity;
  if (maxPct) assert.ok(le(Math.abs(after) * P, maxPct.max * E), `symbol-max-percent-equity: ${what}`);
  const v = after * P;
  if (L.grossExposure) assert.ok(le(gross + Math.abs(v), L.grossExposure.max * E), `gross-exposure: ${what}`);
  if (L.netExposure) assert.ok(le(dir * (net + v), L.netExposure.max * E), `net-exposure: ${what}`);
  if (L.longExposure && dir > 0) assert.ok(le(long + v, L.longExposure.max * E), `long-exposure: ${what}`);
  if (L.shortExposure && dir < 0) assert.ok(le(short - v, L.shortExposure.max * E), `short-exposure: ${what}`);
  if (dir > 0 && L.account.minCash > -Infinity) {
    const cashAfter = d.cash - pendingCost - q * P - Math.abs(q) * P * feeRate;
    assert.ok(le(L.account.minCash, cashAfter), `cash: ${what}: ${cashAfter} < ${L.account.minCash}`);
  }
}

// ------------------------------------------------------------------ the property

Deno.test("property: every accepted order fits the limits, cash floor, cooldown and breakers at decision time; fills sum to positions", () => {
  let accepted = 0, denied = 0, resized = 0, trips = 0;
  fc.assert(
    fc.property(scenarioArb, (sc) => {
      const riskInput = {
        sizing: sc.sizing,
        limits: sc.limits,
        breakers: sc.breakers,
        ...(sc.cooldown ? { cooldown: sc.cooldown } : {}),
      };
      const risk = RiskConfigSchema.parse(riskInput);
      const feeRate = sc.commissionBps / 10_000;
      const rows = rowsOf(sc);
      const { result, decisions } = run({
        risk: riskInput,
        rows: rows.flat(),
        intervalMs: sc.intervalMs,
        capital: sc.capital,
        execution: feeRate > 0 ? { commission: { kind: "percent", rate: feeRate } } : {},
        onBar: (ctx) => {
          const spec = sc.intents[(ctx.symbol * 60 + ctx.index) % 180]!;
          switch (spec.kind) {
            case "buy":
              return ctx.buy(spec.qty);
            case "sell":
              return ctx.sell(spec.qty);
            case "target":
              return ctx.target(spec.qty);
            case "close":
              return ctx.close();
          }
        },
      });

      // trips, as the result reports them
      const dailyTrips = result.breakerEvents.filter((e) => e.breaker === "daily-loss").map((e) => e.tsMs);
      const haltMs = result.breakerEvents.find((e) => e.breaker === "max-drawdown")?.tsMs ?? Infinity;
      const session = risk.breakers.dailyLossLimit
        ? Number((risk.breakers.dailyLossLimit.sessionStart ?? "00:00").slice(0, 2)) * HOUR
        : 0;
      const dayOf = (t: number) => Math.floor((t - session) / DAY);
      // cooldown windows from the closed trades
      const exits = result.trades.map((t) => ({
        s: SYMBOLS.indexOf(t.symbol),
        tsMs: t.exitTimeMs,
        index: rows[SYMBOLS.indexOf(t.symbol)]!.findIndex((r) => r.tsMs === t.exitTimeMs),
        losing: t.pnl < 0,
      }));
      const cd = risk.cooldown;
      const cdMs = cd?.duration ? Number(cd.duration.slice(0, -1)) * HOUR : NaN;

      const acceptedBySymbol = new Float64Array(sc.k);
      for (const d of decisions) {
        if (!d.accepted) {
          denied++;
          continue;
        }
        acceptedBySymbol[d.symbol] = acceptedBySymbol[d.symbol]! + d.qty;
        if (d.qty === 0) continue;
        accepted++;
        if (d.qty !== d.requestedQty) resized++;
        const e = d.positions[d.symbol]! + d.pending[d.symbol]!;
        if (openingPart(e, d.qty) === 0) continue; // risk-reducing: always allowed
        const what = `entry ${d.kind} → ${d.qty} on ${SYMBOLS[d.symbol]} at ${new Date(d.tsMs).toISOString()}`;
        checkLimits(d, risk, feeRate);
        assert.ok(d.tsMs < haltMs, `${what} after the drawdown stop tripped`);
        for (const te of dailyTrips) {
          assert.ok(!(d.tsMs >= te && dayOf(d.tsMs) === dayOf(te)), `${what} after a daily-loss trip that day`);
        }
        if (cd) {
          for (const x of exits) {
            if (x.s !== d.symbol || (cd.after === "losingExit" && !x.losing) || x.tsMs > d.tsMs) continue;
            const blocked = cd.bars !== undefined ? d.index < x.index + cd.bars : d.closeMs < x.tsMs + cdMs;
            assert.ok(!blocked, `${what} during the cooldown after the exit at ${new Date(x.tsMs).toISOString()}`);
          }
        }
      }
      trips += result.breakerEvents.length;

      // conservation: accepted = filled + unfilled; fills = positions
      const filled = new Float64Array(sc.k), open = new Float64Array(sc.k);
      for (const f of result.fills) {
        const s = SYMBOLS.indexOf(f.symbol);
        filled[s] = filled[s]! + (f.side === "buy" ? f.qty : -f.qty);
      }
      for (const p of result.openPositions) open[SYMBOLS.indexOf(p.symbol)] = p.qty;
      const unfilled = new Float64Array(sc.k);
      for (const u of result.unfilled) {
        const s = SYMBOLS.indexOf(u.symbol);
        // what did not fill: an order cut at its fill (cash-at-fill, clip) ends with part of it filled
        unfilled[s] = unfilled[s]! + (u.side === "buy" ? 1 : -1) * (u.qty - u.filledQty);
      }
      for (let s = 0; s < sc.k; s++) {
        assert.ok(
          Math.abs(filled[s]! - open[s]!) < 1e-6,
          `fills of ${SYMBOLS[s]} sum to ${filled[s]}, position ${open[s]}`,
        );
        assert.ok(
          Math.abs(acceptedBySymbol[s]! - filled[s]! - unfilled[s]!) < 1e-6,
          `accepted ${acceptedBySymbol[s]} on ${SYMBOLS[s]} = filled ${filled[s]} + unfilled ${unfilled[s]}`,
        );
      }

      // no short selling: cash itself stays above the floor, gaps or not (buys are checked again at their fill)
      if (!risk.limits.allowShort.allow && Object.keys(risk.limits.symbols).length === 0) {
        const floor = risk.limits.account.minCash;
        for (const c of result.equity.cash) assert.ok(le(floor, c), `cash ${c} below the floor ${floor}`);
      }
    }),
    { numRuns: 500, seed: 20240601 },
  );
  // the runs did exercise the gate
  assert.ok(
    accepted > 1000 && denied > 1000 && resized > 50 && trips > 20,
    JSON.stringify({ accepted, denied, resized, trips }),
  );
});
