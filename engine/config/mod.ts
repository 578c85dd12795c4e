/**
 * The config contract: one zod schema for a whole config, assembled from the
 * section schemas that live beside their components (`data/config.ts`,
 * `risk/config.ts`, `execution/config.ts`, `report/config.ts`,
 * `optimize/config.ts`); `defineConfig` for typed config files; parsing into a
 * frozen value, with one message naming the file and every bad field; and
 * loading a config module with `--set` overrides. No other folder assembles
 * the sections, and the engine sees only the parsed, frozen `Config`.
 *
 * **Entry points.** `defineConfig` (`define_config.ts`); `loadConfig` and
 * `setPath` (`load_config.ts`); `parseConfig` and `serializableConfig`
 * (`parse_config.ts`); `ConfigSchema`, `Config` and `ConfigInput`
 * (`schema.ts`); `importDefault` (`import_default.ts`), which loads job files
 * too.
 *
 * **May import:** the `config.ts` of `engine/data`, `engine/risk`,
 * `engine/execution`, `engine/instruments`, `engine/report` and `engine/optimize` (the section
 * schemas, nothing else of those folders); `engine/strategy/types.ts` (the
 * strategy definition a config names); `engine/errors.ts`; `zod`; `node:path`,
 * `node:url`.
 *
 * @example Parse a config: defaults resolved once, the result frozen
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { defineStrategy } from "../strategy/types.ts";
 * import { parseConfig } from "./parse_config.ts";
 * const idle = defineStrategy({ name: "idle", params: z.strictObject({}), create: () => ({ onBar() {} }) });
 * const config = parseConfig({
 *   name: "demo",
 *   data: { source: "bars.csv" },
 *   capital: 1000,
 *   strategy: { use: idle, params: {} },
 *   risk: { sizing: { kind: "fixedQty", qty: 1 } },
 * }, { file: "demo.ts" });
 * assert.equal(config.seed, 0);
 * assert.ok(Object.isFrozen(config.risk));
 * assert.throws(() => parseConfig({ ...config, capital: -1 }, { file: "demo.ts" }), /capital/);
 * ```
 *
 * @module
 */
