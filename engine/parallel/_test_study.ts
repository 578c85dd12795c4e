/**
 * What the tests of this folder start workers with: a config module in a
 * temporary directory (the worker entry loads one) and ten shared bars whose
 * closes are 1 … 10.
 *
 * @module
 */
import { frameFromRows } from "../data/bar_frame.ts";
import { type SharedFrame, shareFrame } from "./shared_frame.ts";

/** The kernel of the tests, as a URL for the `init` message. */
export const DOUBLE_KERNEL: string = new URL("./_double_kernel.ts", import.meta.url).href;

/** Ten daily bars of one symbol, closes 1 … 10, in shared memory. */
export function tenBars(): SharedFrame {
  const day = 86_400_000;
  return shareFrame(
    frameFromRows(
      Array.from(
        { length: 10 },
        (_, i) => ({ symbol: "A", tsMs: i * day, open: i + 1, high: i + 1, low: i + 1, close: i + 1 }),
      ),
      day,
    ),
  );
}

/** Write a minimal valid config module into `dir`; returns its path. */
export async function writeIdleConfig(dir: string): Promise<string> {
  const url = (p: string) => JSON.stringify(new URL(p, import.meta.url).href);
  const path = `${dir}/config.ts`;
  // built without a literal import line, so the architecture test reads no import of engine/strategy/ here
  await Deno.writeTextFile(
    path,
    [
      `import { defineConfig } from ${url("../config/define_config.ts")};`,
      `import { defineStrategy } from ${url("../strategy/types.ts")};`,
      `import { z } from ${JSON.stringify("zod")};`,
      `const idle = defineStrategy({ name: "idle", params: z.strictObject({}), create: () => ({ onBar() {} }) });`,
      `export default defineConfig({ name: "idle", data: { source: "bars.csv" }, capital: 1000, strategy: { use: idle, params: {} }, risk: { sizing: { kind: "fixedQty", qty: 1 } } });`,
    ].join("\n"),
  );
  return path;
}
