/**
 * A golden case's `metadata.json`: what the case covers, where its data came
 * from (with each file's sha256), and the tolerance its numbers are compared
 * with.
 *
 * @module
 */
import { z } from "zod";
import { sha256Hex } from "../engine/sha256_hex.ts";

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, { message: "expected a lower-case hex sha256" });

/**
 * Schema of `metadata.json`.
 *
 * - `kind`: `backtest` runs `config.ts` once (`runBacktest`); `walkForward`
 *   runs the config's walk-forward study (`walkForward`).
 * - `tolerance`: a float matches when `|actual − expected| ≤ abs + rel × |expected|`
 *   (plus one unit of the 8th decimal the files are written with); default 1e-9 both.
 * - `periodsPerYear`: annualisation of `metrics.json`, for intraday bars
 *   (inferred from daily bars when omitted).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { GoldenMetadataSchema } from "./metadata.ts";
 * const m = GoldenMetadataSchema.parse({
 *   description: "one symbol, SMA cross",
 *   kind: "backtest",
 *   covers: ["commission"],
 *   data: { generator: "g.ts", command: "deno run g.ts", seed: 1, files: {} },
 * });
 * assert.ok(m.tolerance.abs === 1e-9 && m.tolerance.rel === 1e-9);
 * ```
 */
export const GoldenMetadataSchema = z.strictObject({
  /** What the case runs, in a sentence or two. */
  description: z.string().min(1),
  kind: z.enum(["backtest", "walkForward"]),
  /** The features the case pins, e.g. `"percent commission"`. */
  covers: z.array(z.string().min(1)).min(1),
  tolerance: z.strictObject({
    abs: z.number().min(0).finite().default(1e-9),
    rel: z.number().min(0).finite().default(1e-9),
  }).prefault({}),
  periodsPerYear: z.number().positive().finite().optional(),
  data: z.strictObject({
    generator: z.string().min(1),
    command: z.string().min(1),
    seed: z.number().int().min(0),
    /** Path relative to the case directory → size and sha256. */
    files: z.record(
      z.string().min(1),
      z.strictObject({ bars: z.number().int().min(0), bytes: z.number().int().min(0), sha256: Sha256 }),
    ),
  }),
});

/** A case's validated `metadata.json`. */
export type GoldenMetadata = z.output<typeof GoldenMetadataSchema>;

/**
 * Read and validate `<dir>/metadata.json`.
 *
 * @throws {Error} naming the file and the bad field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readMetadata } from "./metadata.ts";
 * const m = await readMetadata("golden/01_sma_cross_daily");
 * assert.ok(m.kind === "backtest");
 * ```
 */
export async function readMetadata(dir: string): Promise<GoldenMetadata> {
  const path = `${dir}/metadata.json`;
  let raw: unknown;
  try {
    raw = JSON.parse(await Deno.readTextFile(path));
  } catch (e) {
    throw new Error(`Cannot read golden case "${path}": ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const parsed = GoldenMetadataSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`Invalid golden metadata "${path}": ${issues.join("; ")}`);
  }
  return parsed.data;
}

/**
 * The case directories under `root`, sorted by name: every directory that
 * holds a `metadata.json`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { listCases } from "./metadata.ts";
 * const cases = listCases("golden");
 * assert.ok(cases[0] === "golden/01_sma_cross_daily");
 * ```
 */
export function listCases(root = "golden"): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(root)) {
    if (!e.isDirectory) continue;
    try {
      if (Deno.statSync(`${root}/${e.name}/metadata.json`).isFile) out.push(`${root}/${e.name}`);
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
  }
  return out.sort();
}

/**
 * Check a case's data files against the sha256 in its metadata. Returns one
 * line per problem (empty when every file matches).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readMetadata, verifyData } from "./metadata.ts";
 * const dir = "golden/01_sma_cross_daily";
 * assert.ok((await verifyData(dir, await readMetadata(dir))).length === 0);
 * ```
 */
export async function verifyData(dir: string, meta: GoldenMetadata): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, want] of Object.entries(meta.data.files)) {
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(`${dir}/${name}`);
    } catch {
      problems.push(`${name}: missing; regenerate it with \`${meta.data.command}\``);
      continue;
    }
    const got = await sha256Hex(bytes);
    if (got !== want.sha256) {
      problems.push(
        `${name}: sha256 ${got} does not match metadata.json (${want.sha256}); ` +
          `the data changed: restore it, or regenerate it with \`${meta.data.command}\` and review the case`,
      );
    }
  }
  if (Object.keys(meta.data.files).length === 0) problems.push("metadata.json lists no data files");
  return problems;
}
