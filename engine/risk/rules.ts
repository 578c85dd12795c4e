/**
 * The names of the risk rules, as they appear in denials, resizes and
 * breaker events (`result.json`, `denials.csv`, the printed summary).
 *
 * @module
 */

/**
 * Every rule the risk gate can deny or resize an order by.
 *
 * | rule                        | what it checks                                                        |
 * | --------------------------- | --------------------------------------------------------------------- |
 * | `sizing`                    | the sizing method gave no quantity (0 after lots, below `minQty`, …)  |
 * | `atr-warmup`                | `atrVolatility` sizing before the ATR is defined                      |
 * | `max-positions`             | `limits.maxPositions`                                                 |
 * | `allow-short`               | `limits.allowShort` (and per-symbol overrides)                        |
 * | `symbol-max-qty`            | `limits.perSymbol.maxQty`                                             |
 * | `symbol-max-notional`       | `limits.perSymbol.maxNotional`                                        |
 * | `symbol-max-percent-equity` | `limits.perSymbol.maxPercentEquity`                                   |
 * | `gross-exposure`            | `limits.grossExposure`                                                |
 * | `net-exposure`              | `limits.netExposure`                                                  |
 * | `long-exposure`             | `limits.longExposure`                                                 |
 * | `short-exposure`            | `limits.shortExposure`                                                |
 * | `cash`                      | `limits.account`: projected cash below the account's floor            |
 * | `daily-loss`                | `breakers.dailyLossLimit` tripped today                               |
 * | `max-drawdown`              | `breakers.maxDrawdownStop` tripped                                    |
 * | `cooldown`                  | `cooldown` after an exit in the symbol                                |
 * | `no-price`                  | the symbol has no bar yet: no price to size or check the order at     |
 * | `non-finite`                | the sized quantity is not a finite number of at most 1e18 (MAX_QTY)   |
 * | `lot-size`                  | `instruments`: an opening part that is not whole lots of the symbol's `lotSize` |
 * | `margin`                    | `instruments`: the initial margin after the order exceeds equity      |
 * | `margin-call`               | `instruments`: openings denied while a margin call lasts (`denyNewRisk`) |
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RISK_RULES } from "./rules.ts";
 * assert.ok(RISK_RULES.includes("atr-warmup"));
 * ```
 */
export const RISK_RULES = [
  "sizing",
  "atr-warmup",
  "max-positions",
  "allow-short",
  "symbol-max-qty",
  "symbol-max-notional",
  "symbol-max-percent-equity",
  "gross-exposure",
  "net-exposure",
  "long-exposure",
  "short-exposure",
  "cash",
  "daily-loss",
  "max-drawdown",
  "cooldown",
  "no-price",
  "non-finite",
  "lot-size",
  "margin",
  "margin-call",
] as const;

/** A risk rule's name. */
export type RiskRule = typeof RISK_RULES[number];
