/**
 * The risk gate: every intent a strategy emits passes through
 * {@linkcode RiskGate.evaluate} before anything reaches the fill simulator.
 * It sizes the intent and accepts or denies it; a denial is a value with the
 * rule and a reason, never an exception.
 *
 * Sizing inputs: the reference price is the close of the signal bar, and the
 * equity is the mark-to-market equity at that close.
 *
 * @module
 */
import type { IntentKind } from "../strategy/types.ts";
import type { RiskConfig } from "./config.ts";

/** An intent as the gate sees it. */
export interface Intent {
  readonly kind: IntentKind;
  /** Unsigned quantity for buy/sell (NaN: let sizing choose); signed target for `target`. */
  readonly qty: number;
}

/** The state an intent is judged against, at the signal bar's close. */
export interface RiskState {
  readonly symbol: number;
  readonly tsMs: number;
  /** Filled position of the symbol, signed. */
  readonly position: number;
  /** Net quantity of the symbol's accepted, unfilled orders. */
  readonly pending: number;
  /** Close of the signal bar. */
  readonly refPrice: number;
  /** Mark-to-market equity at the signal bar's close. */
  readonly equity: number;
  readonly cash: number;
}

/** What the gate decided. `qty` is signed; zero means there was nothing to do. */
export type Decision =
  | { readonly accepted: true; readonly qty: number }
  | { readonly accepted: false; readonly rule: string; readonly detail: string };

/** The gate every order passes. */
export interface RiskGate {
  evaluate(intent: Intent, state: RiskState): Decision;
}

const NOTHING: Decision = Object.freeze({ accepted: true, qty: 0 });

/**
 * Build the gate of a `risk` config.
 *
 * @example
 * ```ts
 * import { createRiskGate } from "./gate.ts";
 * const gate = createRiskGate({ sizing: { kind: "fixedQty", qty: 10 } });
 * const d = gate.evaluate({ kind: "buy", qty: NaN }, {
 *   symbol: 0, tsMs: 0, position: 0, pending: 0, refPrice: 5, equity: 1000, cash: 1000,
 * });
 * console.assert(d.accepted && d.qty === 10);
 * ```
 */
export function createRiskGate(config: RiskConfig): RiskGate {
  const sizing = config.sizing;
  const size = (): number => {
    switch (sizing.kind) {
      case "fixedQty":
        return sizing.qty;
    }
  };
  return {
    evaluate(intent, state) {
      let qty: number;
      switch (intent.kind) {
        case "buy":
          qty = Number.isNaN(intent.qty) ? size() : intent.qty;
          break;
        case "sell":
          qty = -(Number.isNaN(intent.qty) ? size() : intent.qty);
          break;
        case "target":
          qty = intent.qty - (state.position + state.pending);
          break;
        case "close":
          qty = -(state.position + state.pending);
          break;
      }
      if (qty === 0) {
        if (intent.kind === "buy" || intent.kind === "sell") {
          return { accepted: false, rule: "sizing", detail: "sized quantity is 0" };
        }
        return NOTHING;
      }
      return { accepted: true, qty };
    },
  };
}
