/**
 * Cron schedules: five fields, `minute hour day-of-month month day-of-week`
 * (`0 2 * * *` is 02:00 every day, `*\/5 * * * *` every five minutes), or one
 * of the aliases `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`,
 * `@midnight`, `@hourly`, evaluated in an IANA time zone by `cron-parser`.
 * A six-field expression (with seconds) is rejected: jobs run at minute
 * resolution, as cron and `Deno.cron` do.
 *
 * @module
 */
import { CronExpressionParser } from "cron-parser";

const ALIASES: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

const FIELDS = "minute hour day-of-month month day-of-week";

/**
 * The five-field form of a schedule (aliases expanded, spaces normalised),
 * or a message saying what is wrong with it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalizeCron } from "./cron.ts";
 * assert.deepEqual(normalizeCron(" 0  2 * * * "), { expression: "0 2 * * *" });
 * assert.deepEqual(normalizeCron("@daily"), { expression: "0 0 * * *" });
 * assert.match((normalizeCron("61 * * * *") as { problem: string }).problem, /61 expected range 0-59/);
 * assert.match((normalizeCron("0 2 * *") as { problem: string }).problem, /\(this one has 4\)$/);
 * ```
 */
export function normalizeCron(text: string, timezone = "UTC"): { expression: string } | { problem: string } {
  const trimmed = text.trim();
  const alias = ALIASES[trimmed.toLowerCase()];
  const expression = alias ?? trimmed.split(/\s+/).join(" ");
  const n = expression === "" ? 0 : expression.split(" ").length;
  if (n !== 5) {
    return {
      problem: trimmed.startsWith("@")
        ? `expected 5 fields (${FIELDS}) or one of ${Object.keys(ALIASES).join(", ")}`
        : `expected a cron expression of 5 fields (${FIELDS}) such as "0 2 * * *" (this one has ${n})`,
    };
  }
  try {
    CronExpressionParser.parse(expression, { tz: timezone, currentDate: new Date(0) }).next();
  } catch (e) {
    return {
      problem: `expected a cron expression of 5 fields (${FIELDS}) such as "0 2 * * *"; ${
        e instanceof Error ? e.message : String(e)
      }`,
    };
  }
  return { expression };
}

/**
 * The first time the schedule fires strictly after `afterMs` (epoch ms),
 * in `timezone`. `expression` must be valid (see {@linkcode normalizeCron}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nextFire } from "./cron.ts";
 * const t = Date.UTC(2026, 0, 1, 2, 0);
 * assert.equal(nextFire("0 2 * * *", "UTC", t), Date.UTC(2026, 0, 2, 2, 0));
 * assert.equal(nextFire("*\/5 * * * *", "UTC", t + 1), Date.UTC(2026, 0, 1, 2, 5));
 * assert.equal(nextFire("0 2 * * *", "America/New_York", t), Date.UTC(2026, 0, 1, 7, 0)); // 02:00 EST
 * ```
 */
export function nextFire(expression: string, timezone: string, afterMs: number): number {
  return CronExpressionParser.parse(expression, { tz: timezone, currentDate: new Date(afterMs) }).next().getTime();
}
