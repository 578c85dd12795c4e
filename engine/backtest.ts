/**
 * The backtest loop: the one place that mutates run state.
 *
 * Per distinct timestamp T, in the frame's clock order:
 *
 * 1. **Open.** For each symbol with a bar at T (by symbol id), its cursor
 *    advances and the fill simulator fills the orders due at that bar.
 * 2. **Mark.** Each of those symbols is marked at its close; equity
 *    (`cash + Σ qty × close`) is recorded once for T.
 * 3. **Close.** For each of those symbols, `strategy.onBar` runs; each intent
 *    it emits goes through `risk.evaluate`, and only an accepted, sized order
 *    is handed to the fill simulator, to arrive at the bar's close time.
 *
 * No order reaches the simulator any other way.
 *
 * @module
 */
import type { Config } from "./config/schema.ts";
import type { BarFrame } from "./data/bar_frame.ts";
import { StrategyError } from "./errors.ts";
import { commissionModel } from "./execution/commission.ts";
import { createFillSimulator, type FillSink } from "./execution/simulator.ts";
import { IndicatorCache } from "./indicators/cache.ts";
import { applyFill, createPortfolio, equityOf, openPositions } from "./portfolio/portfolio.ts";
import type { BacktestResult, Denial, Fill, Trade } from "./result.ts";
import { createRiskGate, type Intent, type RiskState } from "./risk/gate.ts";
import { EngineContext, indicatorSource } from "./strategy/context.ts";

/** Options for {@linkcode runBacktest}. */
export interface RunOptions {
  /** Share indicator series across runs on the same frame. */
  readonly cache?: IndicatorCache;
}

function describeIntent(kind: string, qty: number): string {
  if (kind === "close") return "close";
  if (kind === "target") return `target ${qty}`;
  return Number.isNaN(qty) ? kind : `${kind} ${qty}`;
}

/**
 * Run one backtest of `config` over `frame`.
 *
 * @example
 * ```ts ignore
 * const config = await loadConfig("configs/sma_cross.ts");
 * const frame = await loadBars(config.data);
 * const result = runBacktest(config, frame);
 * console.log(result.summary.finalEquity);
 * ```
 */
export function runBacktest(config: Config, frame: BarFrame, opts: RunOptions = {}): BacktestResult {
  const { symbols, tsMs, close, clock, symbolId, segStart, intervalMs } = frame;
  const k = symbols.length;
  const n = frame.length;
  const cache = opts.cache ?? new IndicatorCache(frame);
  if (cache.frame !== frame) throw new Error("runBacktest(): the indicator cache belongs to another frame");

  const cursor = new Int32Array(k).fill(-1);
  const portfolio = createPortfolio(config.capital, k);
  const sim = createFillSimulator(frame, commissionModel(config.execution.commission));
  const gate = createRiskGate(config.risk);
  const trades: Trade[] = [];
  const fills: Fill[] = [];
  const denials: Denial[] = [];
  const sink: FillSink = {
    fill(orderId, s, signedQty, price, fee, t) {
      applyFill(portfolio, s, signedQty, price, fee, t, symbols[s]!, trades);
      fills.push({
        orderId,
        tsMs: t,
        symbol: symbols[s]!,
        side: signedQty > 0 ? "buy" : "sell",
        qty: Math.abs(signedQty),
        price,
        fee,
      });
    },
  };

  const def = config.strategy.use;
  const strategy = def.create(config.strategy.params as never, {
    symbols,
    indicators: (s) => indicatorSource(cache, cursor, s),
  });
  const ctx = new EngineContext(frame, cache, cursor, portfolio, sim.pendingQty, def.name);
  const intents = ctx.intents;
  const intent = { kind: "buy", qty: 0 } as { kind: Intent["kind"]; qty: number };
  const state = { symbol: 0, tsMs: 0, position: 0, pending: 0, refPrice: 0, equity: 0, cash: 0 } as {
    -readonly [K in keyof RiskState]: RiskState[K];
  };

  const eqTs = new Float64Array(n), eqVal = new Float64Array(n), eqCash = new Float64Array(n);
  let m = 0;
  let i = 0;
  while (i < n) {
    const t = tsMs[clock[i]!]!;
    let j = i;
    // 1. open: advance cursors, fill due orders
    while (j < n && tsMs[clock[j]!] === t) {
      const r = clock[j]!, s = symbolId[r]!;
      cursor[s] = r - segStart[s]!;
      sim.onBarOpen(s, r, sink);
      j++;
    }
    // 2. mark at close, record equity
    for (let x = i; x < j; x++) {
      const r = clock[x]!;
      portfolio.mark[symbolId[r]!] = close[r]!;
    }
    const equity = equityOf(portfolio);
    eqTs[m] = t;
    eqVal[m] = equity;
    eqCash[m] = portfolio.cash;
    m++;
    // 3. close: strategy, risk gate, order submission
    for (let x = i; x < j; x++) {
      const r = clock[x]!, s = symbolId[r]!;
      ctx.moveTo(s, cursor[s]!, t, portfolio.cash, equity);
      try {
        strategy.onBar(ctx);
      } catch (e) {
        if (e instanceof StrategyError) throw e;
        const msg = e instanceof Error ? e.message : String(e);
        throw new StrategyError(
          `Strategy "${def.name}" threw on ${symbols[s]} at ${new Date(t).toISOString()}: ${msg}`,
          { cause: e },
        );
      }
      if (intents.count === 0) continue;
      const closeMs = t + intervalMs[s]!;
      for (let q = 0; q < intents.count; q++) {
        intent.kind = intents.kinds[q]!;
        intent.qty = intents.qty[q]!;
        state.symbol = s;
        state.tsMs = t;
        state.position = portfolio.qty[s]!;
        state.pending = sim.pendingQty[s]!;
        state.refPrice = close[r]!;
        state.equity = equity;
        state.cash = portfolio.cash;
        const d = gate.evaluate(intent, state);
        if (!d.accepted) {
          denials.push({
            tsMs: t,
            symbol: symbols[s]!,
            intent: describeIntent(intent.kind, intent.qty),
            rule: d.rule,
            detail: d.detail,
          });
        } else if (d.qty !== 0) {
          sim.submit(s, d.qty, closeMs, closeMs);
        }
      }
      intents.count = 0;
    }
    i = j;
  }

  if (config.execution.closeAtEnd) closeAll();

  function closeAll(): void {
    const fee = commissionModel(config.execution.commission);
    for (let s = 0; s < k; s++) {
      const q = portfolio.qty[s]!;
      if (q === 0) continue;
      const last = frame.segEnd[s]! - 1;
      const px = close[last]!;
      const f = fee(-q, px);
      sink.fill(-1, s, -q, px, f, tsMs[last]! + intervalMs[s]!);
    }
    eqVal[m - 1] = equityOf(portfolio);
    eqCash[m - 1] = portfolio.cash;
  }

  const open = openPositions(portfolio, symbols);
  const finalEquity = m > 0 ? eqVal[m - 1]! : config.capital;
  const cut = (a: Float64Array) => (m === n ? a : a.slice(0, m));
  return {
    config,
    symbols,
    summary: {
      initialCash: config.capital,
      finalEquity,
      finalCash: portfolio.cash,
      totalFees: portfolio.totalFees,
      realizedPnl: portfolio.realizedPnl,
      unrealizedPnl: open.reduce((a, p) => a + p.unrealizedPnl, 0),
      bars: n,
      symbols: k,
      firstBarMs: tsMs[clock[0]!]!,
      lastBarMs: tsMs[clock[n - 1]!]!,
      trades: trades.length,
      fills: fills.length,
      denials: denials.length,
      openPositions: open.length,
    },
    trades,
    fills,
    denials,
    unfilled: sim.unfilled(symbols),
    openPositions: open,
    equity: { tsMs: cut(eqTs), equity: cut(eqVal), cash: cut(eqCash) },
  };
}
