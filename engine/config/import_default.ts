/**
 * Import a TypeScript module's default export, the way config and job files
 * are loaded, and take it as plain data. Whatever the module does, loading
 * it ends in its value or in one `ConfigError` naming the file: a missing
 * file, a module that throws on import, a default export that is missing or
 * a rejected Promise, and a value that cannot be read as plain data (a
 * cycle, a getter or Proxy trap that throws, nesting deeper than
 * {@linkcode MAX_DEPTH} levels, more than {@linkcode MAX_VALUES} values).
 *
 * @module
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ConfigError, thrownMessage } from "../errors.ts";

/**
 * The deepest a config or job may nest: in its value (objects and arrays)
 * and in its source text (brackets). A real config nests about ten levels;
 * Deno's parser overflows its native stack, and aborts the process, on a
 * source a few hundred brackets deep.
 */
export const MAX_DEPTH = 100;

/** The most values (objects, arrays and leaves) a config or job may hold. */
export const MAX_VALUES = 1_000_000;

/**
 * How long a config or job module may take to load, its default export's
 * Promise included. A real config loads in well under a second; one whose
 * top-level `await` or default export never settles would otherwise hang the
 * CLI forever (its signal handlers keep the process alive).
 */
export const LOAD_TIMEOUT_MS = 30_000;

/** Options of {@linkcode importDefault}. */
export interface ImportOptions {
  /** How long loading may take, in ms (default {@linkcode LOAD_TIMEOUT_MS}). */
  readonly timeoutMs?: number;
}

/** What {@linkcode within} rejects with when time is up. */
const TIMED_OUT = Symbol("timed out");

/** `promise`, or a rejection with {@linkcode TIMED_OUT} when it has not settled after `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(TIMED_OUT), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The default export of the module at `file` (relative to the working
 * directory unless absolute), as plain data: plain objects and arrays are
 * copied, so the caller may change the copy; functions, class instances and
 * other values are kept as they are. A default export that is a Promise is
 * awaited. The value comes wrapped, so that no `then` method of it is called.
 *
 * @param kind What the file is, for messages: `Cannot load <kind> "<file>": …`.
 * @param define The helper its default export should call, for the hint, e.g. `defineConfig`.
 * @param opts How long loading may take.
 * @throws {ConfigError} when the file is missing, nests too deeply, throws on
 * import or does not finish loading in time, has no default export, or its
 * default export cannot be read as plain data.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { importDefault } from "./import_default.ts";
 * const { value } = await importDefault("configs/sma_cross.ts", "config", "defineConfig");
 * assert.equal((value as { name: string }).name, "sma_cross");
 * await assert.rejects(importDefault("nope.ts", "config", "defineConfig"), /Cannot load config "nope.ts": file not found/);
 * ```
 */
export async function importDefault(
  file: string,
  kind: string,
  define: string,
  opts: ImportOptions = {},
): Promise<{ readonly value: unknown }> {
  const fail = (problem: string, cause?: unknown) =>
    new ConfigError(`Cannot load ${kind} "${file}": ${problem}`, cause === undefined ? undefined : { cause });
  const timeoutMs = opts.timeoutMs ?? LOAD_TIMEOUT_MS;
  const timedOut = (what: string) =>
    fail(`${what} did not settle within ${timeoutMs / 1000} s (a top-level await or a Promise that never settles?)`);
  const abs = isAbsolute(file) ? file : resolve(Deno.cwd(), file);
  let source: string;
  try {
    if (!(await Deno.stat(abs)).isFile) throw new Error("not a file");
    source = await Deno.readTextFile(abs);
  } catch {
    throw fail("file not found");
  }
  const deep = tooDeep(source, MAX_DEPTH) ?? await tooDeepImport(abs, source);
  if (deep !== null) {
    const where = "file" in deep ? ` of "${deep.file}", which it imports` : "";
    throw fail(
      `brackets nested more than ${MAX_DEPTH} levels deep at line ${deep.line}, column ${deep.column}${where}`,
    );
  }
  let mod: { default?: unknown };
  try {
    mod = await within(import(pathToFileURL(abs).href), timeoutMs);
  } catch (e) {
    if (e === TIMED_OUT) throw timedOut("its import");
    throw fail(importProblem(e, source), e);
  }
  let value = mod.default;
  if (value === undefined) {
    throw fail(`no default export; end the file with \`export default ${define}({ ... })\``);
  }
  if (isPromise(value)) {
    try {
      value = await within(value, timeoutMs);
    } catch (e) {
      if (e === TIMED_OUT) throw timedOut("the default export, a Promise,");
      throw fail(`the default export is a Promise that rejected: ${thrownMessage(e)}`, e);
    }
  }
  return { value: plainCopy(value, kind, fail) };
}

/** Deno's advice after a denied permission: the task's permissions are the point, not a mistake to rerun without. */
const RERUN_ADVICE = /,? run again with the --allow-\w+ flag\.?$/;

/** How Deno reports a module it may not load: under `--frozen`, `--cached-only` and `--no-remote` (every task). */
const NOT_INSTALLED =
  /lockfile is out of date|--cached-only|--no-remote|not found in (the )?cache|Failed loading https?:|Could not find npm package|JSR package manifest/i;

/** The specifiers of packages and remote modules in a module's source (`npm:`, `jsr:`, `http(s):`), each once. */
function packageSpecifiers(source: string): string[] {
  const found = source.matchAll(/["'`]((?:npm|jsr):[^"'`\s]+|https?:\/\/[^"'`\s]+)["'`]/g);
  return [...new Set([...found].map((m) => m[1]!))];
}

/**
 * Why importing a config or job module failed, as the part of its message
 * after the file: a permission the task does not grant and a package that
 * deno.lock does not pin are said as such (Deno's own advice, to rerun with
 * more permissions or to unfreeze the lock, is the wrong fix for a config).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { importProblem } from "./import_default.ts";
 * const denied = new Deno.errors.NotCapable('Requires env access to "HOME", run again with the --allow-env flag');
 * assert.equal(
 *   importProblem(denied, ""),
 *   'it needs a permission this task does not grant: Requires env access to "HOME" (what each task may do: docs/permissions.md)',
 * );
 * const locked = Object.assign(new TypeError("The lockfile is out of date."), { code: "ERR_MODULE_NOT_FOUND" });
 * assert.match(importProblem(locked, 'await import("npm:left-pad");'), /^it imports "npm:left-pad", which deno\.lock does not pin/);
 * assert.equal(importProblem(new Error("boom\nat x"), ""), "it threw on import: boom");
 * ```
 */
export function importProblem(e: unknown, source: string): string {
  const message = thrownMessage(e);
  // a permission denied while loading a module comes as a TypeError with Deno's words
  if (
    e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied ||
    /^Requires \w+ access to /.test(message)
  ) {
    return `it needs a permission this task does not grant: ${
      message.replace(RERUN_ADVICE, "")
    } (what each task may do: docs/permissions.md)`;
  }
  const code = (() => {
    try {
      return (e as { code?: unknown } | null)?.code;
    } catch {
      return undefined;
    }
  })();
  if (code === "ERR_MODULE_NOT_FOUND" && NOT_INSTALLED.test(message)) {
    const specs = packageSpecifiers(source);
    const what = specs.length === 0 ? "a module" : specs.map((s) => JSON.stringify(s)).join(" or ");
    return `it imports ${what}, which deno.lock does not pin or node_modules does not hold: ` +
      "tasks run with a frozen lock and cached modules only, so a config may import only the project's files " +
      `and the packages deno.json lists (installed by \`deno task deps\`) (Deno said: ${message})`;
  }
  return `it threw on import: ${message}`;
}

/** True for a native Promise (a Proxy's trap that throws counts as no). */
function isPromise(v: unknown): v is Promise<unknown> {
  try {
    return v instanceof Promise;
  } catch {
    return false;
  }
}

const isPlainObject = (v: object) => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** A dotted path for messages, cut after a few keys when it is long. */
function pathText(keys: readonly string[], root: string): string {
  if (keys.length === 0) return root;
  return keys.length > 8 ? `${keys.slice(0, 8).join(".")}…` : keys.join(".");
}

/**
 * Copy plain objects and arrays (own enumerable string keys, as
 * `Object.entries` reads them), keeping every other value by reference,
 * within {@linkcode MAX_DEPTH} and {@linkcode MAX_VALUES}. A value shared by
 * two fields is copied twice; one that contains itself is an error.
 */
function plainCopy(root: unknown, kind: string, fail: (problem: string, cause?: unknown) => ConfigError): unknown {
  const keys: string[] = [];
  const open: object[] = [];
  let values = 0;
  const copy = (v: unknown): unknown => {
    if (++values > MAX_VALUES) {
      throw fail(`the default export holds more than ${MAX_VALUES.toLocaleString("en-US")} values`);
    }
    if (typeof v !== "object" || v === null) return v;
    const where = pathText(keys, "the default export");
    const cycle = open.indexOf(v);
    if (cycle >= 0) {
      const target = cycle === 0 ? `the ${kind} itself` : keys.slice(0, cycle).join(".");
      throw fail(`${where} refers back to ${target} (a cycle); a ${kind} must be plain data`);
    }
    const read = <T>(f: () => T): T => {
      try {
        return f();
      } catch (e) {
        throw fail(`reading ${where} threw: ${thrownMessage(e)}`, e);
      }
    };
    const array = read(() => Array.isArray(v));
    if (!array && !read(() => isPlainObject(v))) return v;
    if (keys.length >= MAX_DEPTH) throw fail(`${where} is nested more than ${MAX_DEPTH} levels deep`);
    // an array by index (holes read as undefined), an object by its own enumerable string keys
    const names = array ? [] : read(() => Object.keys(v));
    const length = array ? read(() => (v as unknown[]).length) : 0;
    open.push(v);
    try {
      if (array) {
        const out: unknown[] = [];
        for (let i = 0; i < length; i++) out.push(field(v, String(i)));
        return out;
      }
      // fromEntries defines own fields, so a "__proto__" key stays a field
      return Object.fromEntries(names.map((k) => [k, field(v, k)]));
    } finally {
      open.pop();
    }
  };
  const field = (v: object, k: string): unknown => {
    keys.push(k);
    try {
      let x: unknown;
      try {
        x = (v as Record<string, unknown>)[k];
      } catch (e) {
        throw fail(`reading ${pathText(keys, "")} threw: ${thrownMessage(e)}`, e);
      }
      return copy(x);
    } finally {
      keys.pop();
    }
  };
  return copy(root);
}

/** The project's own modules, which need no depth check. */
const ENGINE_DIR = fileURLToPath(new URL("../", import.meta.url));
const MOD_FILE = fileURLToPath(new URL("../../mod.ts", import.meta.url));

/** The most local modules a config's imports are followed through for the depth check. */
const MAX_IMPORTED_FILES = 500;

/** Specifiers of static imports, re-exports and dynamic imports with a literal specifier (a rough scan). */
const IMPORT_RE = /\bfrom\s*["']([^"'\n]+)["']|\bimport\s*\(\s*["']([^"'\n]+)["']\s*\)|\bimport\s*["']([^"'\n]+)["']/g;

/**
 * The first local module that `abs` (whose text is `source`) imports,
 * directly or through other local modules, whose brackets nest deeper than
 * {@linkcode MAX_DEPTH}: Deno's parser would abort the whole process on it.
 * Local means a relative or `file:` specifier; the engine's own modules and
 * packages are not read. A module that cannot be read is left to the import.
 */
async function tooDeepImport(
  abs: string,
  source: string,
): Promise<{ file: string; line: number; column: number } | null> {
  const seen = new Set([abs]);
  const queue: [string, string][] = [[abs, source]];
  while (queue.length > 0 && seen.size <= MAX_IMPORTED_FILES) {
    const [from, text] = queue.shift()!;
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      let file: string;
      try {
        if (spec.startsWith("file:")) file = fileURLToPath(spec);
        else if (spec.startsWith("./") || spec.startsWith("../")) file = resolve(dirname(from), spec);
        else continue;
      } catch {
        continue;
      }
      if (seen.has(file) || file.startsWith(ENGINE_DIR) || file === MOD_FILE) continue;
      seen.add(file);
      let imported: string;
      try {
        imported = await Deno.readTextFile(file);
      } catch {
        continue;
      }
      const deep = tooDeep(imported, MAX_DEPTH);
      if (deep !== null) return { file, ...deep };
      queue.push([file, imported]);
    }
  }
  return null;
}

/**
 * Where the bracket nesting of TypeScript source first passes `limit`, or
 * null. Brackets in strings, template text and comments do not count (a
 * regular expression's do: a rough count, which only matters far beyond
 * any real nesting).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tooDeep } from "./import_default.ts";
 * assert.equal(tooDeep("f([{ a: '((((' }]) // ((((", 3), null);
 * assert.deepEqual(tooDeep("x = 1;\n  [[[[1]]]]", 3), { line: 2, column: 6 });
 * assert.deepEqual(tooDeep("`${`${`${`${1}`}`}`}`", 3), { line: 1, column: 11 });
 * ```
 */
export function tooDeep(source: string, limit: number): { line: number; column: number } | null {
  /** Open brackets, "${" for a template substitution. */
  const stack: string[] = [];
  let inTemplate = false;
  const n = source.length;
  for (let i = 0; i < n; i++) {
    const c = source[i]!;
    if (inTemplate) {
      if (c === "\\") i++;
      else if (c === "`") inTemplate = false;
      else if (c === "$" && source[i + 1] === "{") {
        stack.push("${");
        inTemplate = false;
        if (stack.length > limit) return position(source, i);
        i++;
      }
      continue;
    }
    if (c === "/" && source[i + 1] === "/") {
      const end = source.indexOf("\n", i);
      i = end < 0 ? n : end;
    } else if (c === "/" && source[i + 1] === "*") {
      const end = source.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 1;
    } else if (c === '"' || c === "'") {
      for (i++; i < n && source[i] !== c && source[i] !== "\n"; i++) if (source[i] === "\\") i++;
    } else if (c === "`") inTemplate = true;
    else if (c === "(" || c === "[" || c === "{") {
      stack.push(c);
      if (stack.length > limit) return position(source, i);
    } else if (c === ")" || c === "]" || c === "}") {
      if (stack.pop() === "${") inTemplate = true;
    }
  }
  return null;
}

/** The 1-based line and column of offset `i`. */
function position(source: string, i: number): { line: number; column: number } {
  const before = source.slice(0, i);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: i - lineStart + 1 };
}
