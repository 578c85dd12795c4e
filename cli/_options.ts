/**
 * The flags of `deno task backtest`, shared by the CLI and the sandbox
 * launcher so that both read a command line the same way.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseArgs } from "node:util";
 * import { CLI_OPTIONS } from "./_options.ts";
 * const { values } = parseArgs({ args: ["--out", "o"], options: CLI_OPTIONS });
 * assert.ok(values.out === "o");
 * ```
 */
export const CLI_OPTIONS = {
  data: { type: "string" },
  symbols: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  set: { type: "string", multiple: true },
  out: { type: "string" },
  formats: { type: "string" },
  "results-db": { type: "string" },
  "no-record": { type: "boolean", default: false },
  quiet: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;
