/**
 * Trade cooldown: after a position in a symbol closes, new entries in that
 * symbol are denied for a number of that symbol's bars or for a duration.
 *
 * - **Bars.** An exit filled at the open of the symbol's bar `i` blocks
 *   entries decided at the closes of bars `i … i + bars − 1`; the first
 *   entry allowed is at the close of bar `i + bars`.
 * - **Duration.** An exit filled at time `t` blocks entries decided before
 *   `t + duration`; an entry is decided at its signal bar's close.
 *
 * With `after: "losingExit"` only round trips whose net P&L (fees included)
 * is negative start a cooldown. Orders that reduce a position are never
 * blocked.
 *
 * @module
 */
import { parseDurationMs } from "../data/config.ts";
import type { CooldownConfig } from "./config.ts";

/** Cooldown state of a run, one slot per symbol. */
export interface Cooldown {
  /** A round trip in symbol `s` closed by a fill at bar `index` (its open, time `tsMs`), with net P&L `pnl`. */
  onExit(s: number, index: number, tsMs: number, pnl: number): void;
  /** True when an entry in `s` decided at the close of bar `index` (time `decisionMs`) is blocked. */
  blocks(s: number, index: number, decisionMs: number): boolean;
  /** Why the entry is blocked, for the denial's detail. */
  explain(s: number, index: number, decisionMs: number): string;
}

/**
 * Build the cooldown of a `risk.cooldown` config for `symbols` symbol slots.
 *
 * @example Three bars after any exit
 * ```ts
 * import assert from "node:assert/strict";
 * import { createCooldown } from "./cooldown.ts";
 * const c = createCooldown({ bars: 3, after: "anyExit" }, 1);
 * c.onExit(0, 10, 0, 5); // exit filled at bar 10's open
 * assert.ok(c.blocks(0, 12, 0) && !c.blocks(0, 13, 0));
 * ```
 */
export function createCooldown(config: CooldownConfig, symbols: number): Cooldown {
  const bars = config.bars;
  const durationMs = config.duration === undefined ? NaN : parseDurationMs(config.duration);
  const losingOnly = config.after === "losingExit";
  const untilIndex = new Float64Array(symbols).fill(-Infinity);
  const untilMs = new Float64Array(symbols).fill(-Infinity);
  const exitMs = new Float64Array(symbols).fill(NaN);
  return {
    onExit(s, index, tsMs, pnl) {
      if (losingOnly && !(pnl < 0)) return;
      exitMs[s] = tsMs;
      if (bars !== undefined) untilIndex[s] = index + bars;
      else untilMs[s] = tsMs + durationMs;
    },
    blocks(s, index, decisionMs) {
      return bars !== undefined ? index < untilIndex[s]! : decisionMs < untilMs[s]!;
    },
    explain(s, index, decisionMs) {
      const exit = new Date(exitMs[s]!).toISOString();
      const which = losingOnly ? "a losing exit" : "an exit";
      if (bars !== undefined) {
        return `${which} filled at ${exit}; entries wait ${bars} bars (${untilIndex[s]! - index} to go)`;
      }
      return `${which} filled at ${exit}; entries wait ${config.duration}, until ${
        new Date(untilMs[s]!).toISOString()
      } (this decision is at ${new Date(decisionMs).toISOString()})`;
    },
  };
}
