/**
 * One definition per indicator, built-in or a user's own: its name, params
 * schema, inputs, outputs, warm-up length and a compute function over whole
 * columns. The indicator cache keys every series by (symbol, name, params),
 * so a definition is computed once per dataset whoever asks for it: a
 * strategy, the risk engine's sizing or an execution model.
 *
 * **Warm-up.** `warmup(params)` is the number of leading bars without a value
 * when every input is defined from bar 0 (an SMA of n bars: n − 1). When an
 * input starts later (another indicator's output), the output starts that
 * much later too: its first possible value is at `max(input starts) +
 * warmup`. Every value before that must be NaN; the cache checks it for
 * user-defined indicators, and the contract test checks that every built-in
 * declares its warm-up exactly.
 *
 * **Look-ahead.** A value at bar i may depend only on inputs at bars ≤ i. The
 * cache verifies this for every user-defined indicator when it first computes
 * it: it recomputes the series on inputs cut short at two bars and requires
 * the same values up to each cut, bit for bit; the contract test verifies
 * every built-in the same way.
 *
 * @example A user-defined indicator: the spread between a fast and a slow EMA, in percent
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { defineIndicator, period, source } from "./define_indicator.ts";
 * import { ema } from "./ema.ts";
 * const emaSpread = defineIndicator({
 *   name: "emaSpread",
 *   params: z.strictObject({ fast: period(), slow: period(), source: source("close") }),
 *   args: ["fast", "slow", "source"],
 *   inputs: (p) => [p.source],
 *   warmup: (p) => Math.max(p.fast, p.slow) - 1,
 *   compute: ([x], p) => {
 *     const f = ema(x!, p.fast), s = ema(x!, p.slow);
 *     return f.map((v, i) => 100 * (v - s[i]!) / s[i]!);
 *   },
 * });
 * assert.ok(emaSpread.outputs.length === 1 && emaSpread.outputs[0] === "value");
 * ```
 *
 * @module
 */
import { z } from "zod";
import { describeFound as describeValue } from "../errors.ts";
import type { Series } from "../strategy/types.ts";

/** Price fields an indicator can read. */
export type PriceField = "open" | "high" | "low" | "close" | "volume";

/** The price fields, in frame order. */
export const PRICE_FIELDS: readonly PriceField[] = Object.freeze(["open", "high", "low", "close", "volume"]);

/**
 * Another indicator's output as an input of a definition, e.g.
 * `{ use: rsiIndicator, params: { period: 14 } }`; `output` names one of its
 * outputs (the first by default).
 */
export interface IndicatorRef {
  readonly use: IndicatorDefinition;
  readonly params?: unknown;
  readonly output?: string;
}

/**
 * Where an indicator reads a series from: a price field, a series a
 * strategy got from the same symbol's indicators (e.g. `ind.sma(5,
 * ind.rsi(14))`), or another indicator by reference.
 */
export type Source = PriceField | Series | IndicatorRef;

/** Where a series handed to a strategy came from: lets it be the input of another indicator. */
export interface SeriesOrigin {
  /** The cache that holds it (identifies the dataset and timeframe). */
  readonly owner: object;
  /** Symbol id within that cache's frame. */
  readonly symbol: number;
  /** Its cache key, e.g. `0|rsi|{"period":14,"source":"close"}#0`. */
  readonly key: string;
  /** The values. */
  readonly values: Float64Array;
  /** First bar that can hold a value. */
  readonly start: number;
}

/**
 * The key under which a series view the engine hands out keeps its
 * {@linkcode SeriesOrigin}: a field set in its constructor, so every view
 * has one shape (the views are read at every bar).
 */
export const SERIES_ORIGIN: unique symbol = Symbol("seriesOrigin");

/** Where a series view came from, or undefined for anything the engine did not hand out. */
export function originOf(view: unknown): SeriesOrigin | undefined {
  return typeof view === "object" && view !== null
    ? (view as { [SERIES_ORIGIN]?: SeriesOrigin })[SERIES_ORIGIN]
    : undefined;
}

/** True for an {@linkcode IndicatorRef}. */
export function isIndicatorRef(x: unknown): x is IndicatorRef {
  return typeof x === "object" && x !== null && isIndicatorDefinition((x as IndicatorRef).use);
}

/** True for a valid {@linkcode Source}. */
export function isSource(x: unknown): x is Source {
  if (typeof x === "string") return (PRICE_FIELDS as readonly string[]).includes(x);
  return isIndicatorRef(x) || originOf(x) !== undefined;
}

const SOURCE_MESSAGE =
  `expected a price field ("open", "high", "low", "close" or "volume"), a series from the same symbol's indicators, ` +
  `or { use: indicator, params }`;

/**
 * A params schema entry for an input series, with its default field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { source } from "./define_indicator.ts";
 * assert.ok(source("high").parse(undefined) === "high");
 * assert.ok(!source("close").safeParse("adj").success);
 * ```
 */
export function source(defaultField: PriceField): z.ZodDefault<z.ZodType<Source>> {
  return z.custom<Source>(isSource, { message: SOURCE_MESSAGE }).default(defaultField);
}

/** A required input series (no default), e.g. the two lines of a crossover. */
export const SourceSchema: z.ZodType<Source> = z.custom<Source>(isSource, { message: SOURCE_MESSAGE });

/**
 * A params schema entry for a period in bars: an integer ≥ `min`, with an optional default.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { period } from "./define_indicator.ts";
 * assert.ok(period(1, 14).parse(undefined) === 14);
 * assert.ok(!period().safeParse(0).success && !period().safeParse(2.5).success);
 * ```
 */
export function period(min = 1, defaultValue?: number): z.ZodType<number, number | undefined> {
  const base = z.number({ error: `expected a whole number of bars ≥ ${min}` }).int().min(min);
  return (defaultValue === undefined ? base : base.default(defaultValue)) as z.ZodType<number, number | undefined>;
}

/** What a compute function gets besides its inputs. */
export interface ComputeEnv {
  /** Bar start times of the symbol (epoch ms UTC), same length as the inputs. */
  readonly tsMs: Float64Array;
  /** First bar that can hold a value, per input. */
  readonly starts: readonly number[];
  /**
   * The magnitude range of input `i` when it is a raw price field (the exact
   * SMA's fixed-point path uses it), else null. Internal to the built-ins.
   */
  magnitudes(i: number): unknown;
}

/** What a compute function may return instead of filling `out`. */
export type ComputeResult =
  | void
  | undefined
  | Float64Array
  | ArrayLike<number>
  | readonly ArrayLike<number>[]
  | Readonly<Record<string, ArrayLike<number>>>;

/**
 * An indicator as the engine sees it. Build one with {@linkcode defineIndicator}.
 */
export interface IndicatorDefinition<
  N extends string = string,
  P extends z.ZodType = z.ZodType,
  O extends readonly string[] = readonly string[],
  A extends readonly string[] = readonly string[],
> {
  readonly kind: "indicator";
  /** Unique within a run; names the series in the cache key and in messages. */
  readonly name: N;
  /** Params schema; use `z.strictObject` so a misspelled param is an error. */
  readonly params: P;
  /** Param names in the order of the positional call form: `ind.sma(10, "open")` for `["period", "source"]`. */
  readonly args: A;
  /** The input series, from the parsed params. */
  readonly inputs: (params: z.output<P>) => readonly Source[];
  /** Output names; a single output is returned as one series. */
  readonly outputs: O;
  /** Leading bars without a value when every input starts at bar 0: one number, or one per output. */
  readonly warmup: (params: z.output<P>) => number | readonly number[];
  /**
   * Fill `out` (one array per output, of the inputs' length) from the input
   * columns, or return the outputs: one array, an array per output, or an
   * object by output name. Inputs must not be written.
   */
  readonly compute: (
    inputs: readonly Float64Array[],
    params: z.output<P>,
    out: readonly Float64Array[],
    env: ComputeEnv,
  ) => ComputeResult;
  /** Where it was defined, `file:line:column`, for messages. */
  readonly definedAt: string;
}

/** The series a definition gives a strategy: one series, or an object of series by output name. */
export type OutputOf<D> = D extends IndicatorDefinition<string, z.ZodType, infer O>
  ? O extends readonly [string] ? Series
  : { readonly [K in O[number]]: Series }
  : never;

/** The positional arguments of a definition: its `args` params in order, each optional. */
export type ArgsOf<D> = D extends IndicatorDefinition<string, infer P, readonly string[], infer A>
  ? { -readonly [I in keyof A]?: A[I] extends keyof z.input<P> ? z.input<P>[A[I]] : never }
  : never;

/** The params object a definition accepts, as written. */
export type ParamsOf<D> = D extends IndicatorDefinition<string, infer P> ? z.input<P> : never;

/**
 * How a strategy asks for an indicator: positionally in `args` order
 * (`ind.bollinger(20, 2)`) or with a params object (`ind.bollinger({
 * period: 20, devfactor: 2 })`).
 */
export type IndicatorCall<D> = {
  (params: ParamsOf<D> & object): OutputOf<D>;
  (...args: ArgsOf<D>): OutputOf<D>;
};

const NAME_RE = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * The first stack frame outside the engine, as `file:line:column` (relative
 * to the working directory when inside it): where user code called into
 * the engine, or where it threw.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { userFrame } from "./define_indicator.ts";
 * assert.ok(userFrame("Error\n    at f (file:///x/engine/a.ts:1:2)\n    at g (file:///x/s.ts:3:4)", "file:///x/engine/") === "/x/s.ts:3:4");
 * ```
 */
export function userFrame(stack: string | undefined, engineRoot = ENGINE_ROOT): string | undefined {
  if (stack === undefined) return undefined;
  for (const line of stack.split("\n")) {
    const m = /\(?((?:file|https?):\/\/[^\s()]+?):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (m === null) continue;
    const url = m[1]!;
    if (url.includes("/node_modules/") || url.startsWith("ext:")) continue;
    if (url.startsWith(engineRoot) && !url.endsWith("_test.ts")) continue; // the engine's own code, not its tests
    return `${displayPath(url)}:${m[2]}:${m[3]}`;
  }
  return undefined;
}

const ENGINE_ROOT = new URL("../", import.meta.url).href;
const THIS_FILE = import.meta.url;

/** The frame that called into this file (`file:line:column`): where a definition is written. */
function callerFrame(stack: string | undefined): string | undefined {
  const lines = (stack ?? "").split("\n");
  const i = lines.findLastIndex((l) => l.includes(THIS_FILE));
  return i < 0 ? undefined : userFrame(lines.slice(i + 1).join("\n"), "\u0000");
}

/** A file URL as a path relative to the working directory when inside it. */
function displayPath(url: string): string {
  if (!url.startsWith("file://")) return url;
  let path = decodeURIComponent(new URL(url).pathname);
  try {
    const cwd = Deno.cwd().replaceAll("\\", "/");
    if (path.startsWith(cwd + "/")) path = path.slice(cwd.length + 1);
  } catch {
    // no read permission for the working directory: keep the absolute path
  }
  return path;
}

/**
 * Declare an indicator. The same function describes every built-in (see
 * `library.ts`) and a user's own.
 *
 * - `name`: letters, digits and `_`; unique among the indicators of a run.
 * - `params`: a zod schema (use {@linkcode period} and {@linkcode source} for
 *   periods and input series); `args`: their order in the positional call.
 * - `inputs(p)`: the input series (fields, series or references).
 * - `outputs`: output names (default `["value"]`).
 * - `warmup(p)`: leading bars without a value (see the module doc).
 * - `compute(inputs, p, out, env)`: fill `out`, or return the outputs.
 *
 * @throws {TypeError} when the definition is malformed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { defineIndicator, period, source } from "./define_indicator.ts";
 * const change = defineIndicator({
 *   name: "change",
 *   params: z.strictObject({ period: period(1, 1), source: source("close") }),
 *   args: ["period", "source"],
 *   inputs: (p) => [p.source],
 *   warmup: (p) => p.period,
 *   compute: ([x], p, [out]) => {
 *     for (let i = 0; i < x!.length; i++) out![i] = i < p.period ? NaN : x![i]! - x![i - p.period]!;
 *   },
 * });
 * assert.ok(change.kind === "indicator" && change.definedAt.length > 0);
 * ```
 */
export function defineIndicator<
  const N extends string,
  P extends z.ZodType,
  const A extends readonly (keyof z.output<P> & string)[] = [],
  const O extends readonly string[] = readonly ["value"],
>(spec: {
  name: N;
  params: P;
  args?: A;
  inputs: (params: z.output<P>) => readonly Source[];
  outputs?: O;
  warmup: (params: z.output<P>) => number | readonly number[];
  compute: (
    inputs: readonly Float64Array[],
    params: z.output<P>,
    out: readonly Float64Array[],
    env: ComputeEnv,
  ) => ComputeResult;
}): IndicatorDefinition<N, P, O, A> {
  // where it is defined, for messages: formatting a stack trace costs milliseconds (source maps), and a module
  // that defines many indicators would pay it at every import, so the trace is formatted only when asked for
  const site = new Error();
  let where: string | undefined;
  const definedAt = () => where ??= callerFrame(site.stack) ?? "unknown";
  const bad = (what: string) =>
    new TypeError(`defineIndicator(${JSON.stringify(spec?.name)}) at ${definedAt()}: ${what}`);
  if (typeof spec !== "object" || spec === null) throw bad("expected an object");
  if (typeof spec.name !== "string" || !NAME_RE.test(spec.name)) {
    throw bad("name: expected letters, digits and _ , starting with a letter");
  }
  if (typeof (spec.params as { safeParse?: unknown })?.safeParse !== "function") {
    throw bad("params: expected a zod schema, e.g. z.strictObject({ period: period() })");
  }
  for (const k of ["inputs", "warmup", "compute"] as const) {
    if (typeof spec[k] !== "function") throw bad(`${k}: expected a function`);
  }
  const outputs = (spec.outputs ?? ["value"]) as unknown as O;
  if (
    !Array.isArray(outputs) || outputs.length === 0 || !outputs.every((o) => typeof o === "string" && NAME_RE.test(o))
  ) {
    throw bad("outputs: expected a non-empty list of names");
  }
  if (new Set(outputs).size !== outputs.length) throw bad("outputs: names must be distinct");
  const args = (spec.args ?? []) as unknown as A;
  if (!Array.isArray(args) || !args.every((a) => typeof a === "string")) throw bad("args: expected a list of names");
  const shape = (spec.params as unknown as { shape?: Record<string, unknown> }).shape;
  if (shape !== undefined) {
    for (const a of args) if (!(a in shape)) throw bad(`args: "${a}" is not a param`);
  }
  return Object.freeze({
    kind: "indicator" as const,
    name: spec.name,
    params: spec.params,
    args: Object.freeze([...args]) as unknown as A,
    inputs: spec.inputs,
    outputs: Object.freeze([...outputs]) as unknown as O,
    warmup: spec.warmup,
    compute: spec.compute,
    get definedAt(): string {
      return definedAt();
    },
  });
}

/** True when `v` is an {@linkcode IndicatorDefinition}. */
export function isIndicatorDefinition(v: unknown): v is IndicatorDefinition {
  const d = v as IndicatorDefinition | null;
  return typeof d === "object" && d !== null && d.kind === "indicator" && typeof d.name === "string" &&
    typeof d.compute === "function" && Array.isArray(d.outputs);
}

/** The found value of a zod issue, for messages (a series by name). */
function describeFound(v: unknown): string {
  return originOf(v) !== undefined ? "a series" : describeValue(v);
}

/**
 * Validate params against a definition's schema: the parsed params, or a
 * message naming every bad param with what was expected and found.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseParams } from "./define_indicator.ts";
 * import { smaIndicator } from "./sma.ts";
 * assert.deepEqual(parseParams(smaIndicator, { period: 3 }), { ok: true, params: { period: 3, source: "close" } });
 * const bad = parseParams(smaIndicator, { period: 0 });
 * assert.ok(!bad.ok && bad.message.startsWith("period: "));
 * ```
 */
export function parseParams(
  def: IndicatorDefinition,
  raw: unknown,
): { ok: true; params: unknown } | { ok: false; message: string } {
  const r = def.params.safeParse(raw ?? {}, { reportInput: true });
  if (r.success) return { ok: true, params: r.data };
  const message = r.error.issues.map((issue) => {
    const path = issue.path.map(String).join(".") || "params";
    let msg = issue.message.replace(/^Invalid input: /, "");
    if (issue.code === "unrecognized_keys") {
      msg = `unknown param${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
    }
    const found = issue.code !== "unrecognized_keys" && "input" in issue ? `, found ${describeFound(issue.input)}` : "";
    return `${path}: ${msg}${found}`;
  }).join("; ");
  return { ok: false, message };
}
