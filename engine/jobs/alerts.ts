/**
 * Alert rules over a study's metric, evaluated after each run:
 *
 * - `change: { abs: x }` fires when |current − previous| > x;
 * - `change: { rel: x }` fires when |current − previous| ÷ |previous| > x;
 * - `below: x` / `above: x` fire when current < x / current > x.
 *
 * "Previous" is the latest recorded run of the same job and study. With none,
 * a change rule does not fire (`no baseline`). An undefined value (NaN) never
 * crosses a threshold; for a change rule a metric that became undefined, or
 * defined, or infinite counts as a change larger than any limit, while two
 * equal values (both NaN, or the same infinity) are no change. A change that
 * exceeds its limit only by floating-point rounding (1.1 − 0.8 against 0.3)
 * does not fire.
 *
 * @module
 */
import type { Alert } from "./schema.ts";

/**
 * What an alert rule found.
 *
 * @example
 * ```ts
 * import type { AlertOutcome } from "./alerts.ts";
 * const line = (o: AlertOutcome) => `${o.fired ? "ALERT" : "ok"} ${o.study}.${o.metric}: ${o.reason}`;
 * console.log(typeof line);
 * ```
 */
export interface AlertOutcome {
  readonly study: string;
  readonly metric: string;
  /** The rule as text, e.g. `change.abs > 0.3`, `below 0`. */
  readonly rule: string;
  readonly fired: boolean;
  /** The current value (NaN when undefined or when the study did not complete). */
  readonly current: number;
  /** The previous recorded value; null with no previous run. */
  readonly previous: number | null;
  /** current − previous; null with no previous run or when either is not finite. */
  readonly change: number | null;
  /** Why it fired or not, for people. */
  readonly reason: string;
}

/** The rule of an alert as text. */
export function ruleText(a: Alert): string {
  if (a.change !== undefined) {
    return "abs" in a.change ? `change.abs > ${a.change.abs}` : `change.rel > ${a.change.rel}`;
  }
  return a.below !== undefined ? `below ${a.below}` : `above ${a.above}`;
}

const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));
/**
 * `x > limit`, except by no more than the rounding of numbers of magnitude
 * `scale`: 1.1 − 0.8 is 0.30000000000000004 in binary, not a move past 0.3.
 */
const exceeds = (x: number, limit: number, scale: number) => x - limit > 8 * Number.EPSILON * Math.max(1, scale);
const show = (x: number) => (Number.isNaN(x) ? "undefined" : String(x));

/**
 * Evaluate one rule on a study's current value and its previous recorded
 * value (`null` when the study has no previous run, or the previous run did
 * not record this metric).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { evaluateAlert } from "./alerts.ts";
 * const abs = { study: "wf", metric: "oosSharpe", change: { abs: 0.3 } };
 * assert.equal(evaluateAlert(abs, 1.0, 0.6).fired, true);
 * assert.equal(evaluateAlert(abs, 0.9, 0.6).fired, false); // |0.3| is not > 0.3
 * assert.equal(evaluateAlert(abs, 0.9, null).reason, "no baseline: no previous run of this study recorded oosSharpe");
 * assert.equal(evaluateAlert({ study: "wf", metric: "oosSharpe", change: { rel: 0.2 } }, 1.3, 1).fired, true);
 * assert.equal(evaluateAlert({ study: "wf", metric: "oosSharpe", below: 0 }, -0.1, null).fired, true);
 * ```
 */
export function evaluateAlert(a: Alert, current: number, previous: number | null): AlertOutcome {
  const base = { study: a.study, metric: a.metric, rule: ruleText(a), current, previous };
  if (a.change === undefined) {
    const limit = (a.below ?? a.above)!;
    if (Number.isNaN(current)) {
      return { ...base, change: null, fired: false, reason: `${a.metric} is undefined, so it is not ${base.rule}` };
    }
    const fired = a.below !== undefined ? current < limit : current > limit;
    const change = previous !== null && Number.isFinite(previous) && Number.isFinite(current)
      ? current - previous
      : null;
    return {
      ...base,
      change,
      fired,
      reason: `${a.metric} = ${current} is ${fired ? "" : "not "}${a.below !== undefined ? "below" : "above"} ${limit}`,
    };
  }
  if (previous === null) {
    return {
      ...base,
      change: null,
      fired: false,
      reason: `no baseline: no previous run of this study recorded ${a.metric}`,
    };
  }
  if (same(current, previous)) {
    return { ...base, change: 0, fired: false, reason: `${a.metric} unchanged (${show(current)})` };
  }
  if (!Number.isFinite(current) || !Number.isFinite(previous)) {
    return {
      ...base,
      change: null,
      fired: true,
      reason: `${a.metric} went from ${show(previous)} to ${show(current)}`,
    };
  }
  const diff = current - previous;
  if ("abs" in a.change) {
    const fired = exceeds(Math.abs(diff), a.change.abs, Math.max(Math.abs(current), Math.abs(previous)));
    return {
      ...base,
      change: diff,
      fired,
      reason: `${a.metric} moved by ${diff} (${show(previous)} → ${show(current)}); limit ±${a.change.abs}`,
    };
  }
  const rel = previous === 0 ? Infinity : Math.abs(diff) / Math.abs(previous);
  const fired = exceeds(rel, a.change.rel, a.change.rel);
  return {
    ...base,
    change: diff,
    fired,
    reason: `${a.metric} moved by ${(100 * rel).toFixed(2)}% (${show(previous)} → ${show(current)}); limit ±${
      100 * a.change.rel
    }%`,
  };
}
