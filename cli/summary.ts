import type { BacktestResult } from "../engine/result.ts";

const money = (x: number) => x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const int = (x: number) => x.toLocaleString("en-US");
const pct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(2)}%`;
const day = (ms: number) => new Date(ms).toISOString().replace("T00:00:00.000Z", "").replace(".000Z", "Z");

/** Timings of one run's stages, in ms. */
export interface Timings {
  readonly loadMs: number;
  readonly runMs: number;
  readonly writeMs: number;
}

/** Render the terminal summary of a run. */
export function formatSummary(r: BacktestResult, written: readonly string[], t: Timings): string {
  const s = r.summary;
  const c = r.config;
  const rows: [string, string][] = [
    ["strategy", `${c.strategy.use.name} ${JSON.stringify(c.strategy.params)}`],
    ["symbols", r.symbols.join(", ")],
    ["period", `${day(s.firstBarMs)} → ${day(s.lastBarMs)} (${int(s.bars)} bars)`],
    ["initial cash", money(s.initialCash)],
    ["final equity", `${money(s.finalEquity)}  (${pct(s.finalEquity / s.initialCash - 1)})`],
    ["final cash", money(s.finalCash)],
    ["realized P&L", money(s.realizedPnl)],
    ["unrealized P&L", money(s.unrealizedPnl)],
    ["fees", money(s.totalFees)],
    ["trades", `${int(s.trades)}  (${int(s.fills)} fills)`],
    ["open positions", String(s.openPositions)],
  ];
  const countBy = (keys: readonly string[]) => {
    const n = new Map<string, number>();
    for (const k of keys) n.set(k, (n.get(k) ?? 0) + 1);
    return [...n].sort().map(([k, v]) => `${k} ${v}`).join(", ");
  };
  if (s.denials > 0) rows.push(["denials", countBy(r.denials.map((d) => d.rule))]);
  if (r.resizes.length > 0) rows.push(["resized orders", countBy(r.resizes.map((z) => z.rule))]);
  if (r.breakerEvents.length > 0) rows.push(["breaker trips", countBy(r.breakerEvents.map((e) => e.breaker))]);
  if (r.unfilled.length > 0) rows.push(["unfilled orders", String(r.unfilled.length)]);
  const w = Math.max(...rows.map(([k]) => k.length));
  const lines = [`${c.name}`, ...rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`)];
  const barsPerSec = s.bars / (t.runMs / 1000);
  lines.push(
    `  ${"time".padEnd(w)}  load ${t.loadMs.toFixed(0)} ms, run ${t.runMs.toFixed(0)} ms (${
      int(Math.round(barsPerSec))
    } bars/s), write ${t.writeMs.toFixed(0)} ms`,
  );
  lines.push(`  ${"wrote".padEnd(w)}  ${written.join(", ")}`);
  return lines.join("\n");
}

/** Print the terminal summary of a run. */
export function printSummary(r: BacktestResult, written: readonly string[], t: Timings): void {
  console.log(formatSummary(r, written, t));
}
