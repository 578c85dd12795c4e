/**
 * Freeze the JavaScript built-ins before untrusted code (a config, a strategy, a job) is imported, so that it cannot
 * change how the engine computes and writes results: a config that replaces `Array.prototype.push`, patches
 * `Math.max` or assigns `globalThis.Math` gets a `TypeError`, and the engine keeps the real ones.
 *
 * What {@linkcode hardenRuntime} does, once per thread:
 *
 * - freezes every built-in constructor, its prototype and its static members (`Object`, `Array`, `Function`, the
 *   typed arrays, `Map`, `Set`, `Promise`, `Number`, `String`, `Date`, `RegExp`…), the namespaces (`Math`, `JSON`,
 *   `Reflect`, `Atomics`, `Intl`, `WebAssembly`, `crypto`) and the web classes the engine uses to encode, hash and
 *   report (`TextEncoder`, `TextDecoder`, `SubtleCrypto`, `MessagePort`, `EventTarget`…);
 * - makes their global bindings read-only, so `globalThis.Math = fake` fails too;
 * - unless `exit: "allow"`, replaces `Deno.exit`, `process.exit`, `process.reallyExit` and the global `close` with
 *   functions that throw, and locks them: inside a supervised run, only the supervisor decides how the run ends.
 *
 * It leaves alone what libraries legitimately assign: the `Error` classes and their prototypes (a subclass sets
 * `this.name`; a library sets `Error.stackTraceLimit`; freezing `Error.prototype` would turn those into errors, the
 * "override mistake"), `console`, and the `Deno` namespace's other members.
 *
 * Call it right before the untrusted code is imported, after the engine's own modules and npm packages are loaded:
 * a module evaluated later that assigns to a frozen built-in's inherited property (`obj.toString = f` on a plain
 * object) fails. A config that imports this module and calls it gets nothing new: the second call does nothing.
 *
 * @module
 */

/** Options of {@linkcode hardenRuntime}. */
export interface HardenOptions {
  /**
   * `"deny"` (the default): `Deno.exit`, `process.exit` and `close` throw. `"allow"`: they stay, for a main thread
   * whose own code must still exit (a signal handler's `Deno.exit(130)`), at the price that code it imports can too.
   */
  readonly exit?: "deny" | "allow";
}

/** The error a denied exit throws. */
export class ExitDeniedError extends Error {
  override name = "ExitDeniedError";
}

/** Globals left writable: classes whose prototypes libraries assign to, and the host's own namespaces. */
const LEAVE = new Set([
  "globalThis",
  "self",
  "window",
  "console",
  "Deno",
  "process",
  "Error",
  "AggregateError",
  "EvalError",
  "RangeError",
  "ReferenceError",
  "SyntaxError",
  "TypeError",
  "URIError",
  "SuppressedError",
  "DOMException",
  "onmessage",
  "onmessageerror",
  "onerror",
  "onunhandledrejection",
  "onload",
  "onunload",
  "onbeforeunload",
  "location",
  "navigator",
  "localStorage",
  "sessionStorage",
  "caches",
  "name",
]);

/** The namespace objects of ECMAScript and WebAssembly (the other built-ins are native functions). */
const NAMESPACES = new Set(["Math", "JSON", "Reflect", "Atomics", "Intl", "WebAssembly", "Temporal"]);

/**
 * The web platform's classes and objects the engine computes, encodes and hashes results with. Deno writes these in
 * JavaScript, so they are not native functions; the rest of the web classes stay as they are, because Deno's Node
 * compatibility layer extends some of them (`MessagePort`, `EventTarget`) when it first loads, after a config may have
 * been imported.
 */
const WEB = new Set(["TextEncoder", "TextDecoder", "crypto", "Crypto", "SubtleCrypto", "CryptoKey", "structuredClone"]);

/** A built-in class, function or namespace of the language, or one of {@linkcode WEB}. */
function isBuiltin(name: string, v: unknown): boolean {
  if (WEB.has(name)) return true;
  if (typeof v === "object" && v !== null) return NAMESPACES.has(name);
  if (typeof v !== "function") return false;
  try {
    return /\{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(v));
  } catch {
    return false;
  }
}

let hardened = false;

/**
 * Inherited properties that code commonly gives its own objects by assignment (`Foo.prototype.toString = …`,
 * `obj.constructor = …`): on a frozen prototype such an assignment would fail (the "override mistake"). Each is turned
 * into an accessor whose setter defines the property on the object assigned to, and refuses the prototype itself, as
 * SES does. Only these few, and none that V8 watches for its fast paths (`Array.prototype.constructor`,
 * `Promise.prototype.then`…): changing those would slow every array copy and every `await`.
 */
const OVERRIDABLE: readonly (readonly [() => object, readonly string[]])[] = [
  [() => Object.prototype, ["constructor", "toString", "valueOf", "toLocaleString", "hasOwnProperty", "isPrototypeOf"]],
  [() => Function.prototype, ["toString"]],
  [() => Array.prototype, ["toString", "toLocaleString"]],
  [() => Object.getPrototypeOf(Uint8Array.prototype), ["toString", "toLocaleString"]],
];

/** Make `proto[key]` an accessor: reading gives the built-in, assigning on a heir defines the heir's own property. */
function overridable(proto: object, key: string): void {
  const d = Object.getOwnPropertyDescriptor(proto, key);
  if (d === undefined || !("value" in d) || !d.configurable) return;
  const value: unknown = d.value;
  Object.defineProperty(proto, key, {
    get: () => value,
    set(this: unknown, v: unknown) {
      if (this === proto || (typeof this !== "object" && typeof this !== "function") || this === null) {
        throw new TypeError(`Cannot assign to read only property '${key}' of a frozen built-in`);
      }
      Object.defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true });
    },
    enumerable: d.enumerable ?? false,
    configurable: false,
  });
}

/** Freeze `value`, its prototype and, for a namespace, its members; each object once. */
function freezeDeep(value: unknown, seen: Set<unknown>): void {
  if ((typeof value !== "object" && typeof value !== "function") || value === null || seen.has(value)) return;
  seen.add(value);
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return;
  try {
    Object.freeze(value);
  } catch {
    return;
  }
  for (const key of Reflect.ownKeys(value)) {
    const d = Reflect.getOwnPropertyDescriptor(value, key);
    if (d === undefined || !("value" in d)) continue; // accessors are left as they are (their getters run lazily)
    if (key === "prototype" || typeof d.value === "function" || (typeof d.value === "object" && d.value !== null)) {
      freezeDeep(d.value, seen);
    }
  }
  const proto = Reflect.getPrototypeOf(value);
  if (proto !== null) freezeDeep(proto, seen);
}

/** Replace `obj[key]` with a function that throws, locked. */
function denyExit(obj: object | undefined, key: string, what: string): void {
  if (obj === undefined || !Reflect.has(obj, key)) return;
  const deny = () => {
    throw new ExitDeniedError(`${what} is not allowed here: the run's supervisor decides how it ends`);
  };
  Object.defineProperty(obj, key, { value: deny, writable: false, enumerable: true, configurable: false });
}

/** What a later caller of {@linkcode hardenRuntime} gets in place of the real exit. */
function deniedExit(): never {
  throw new ExitDeniedError("this process's exit belongs to the program that froze its built-ins");
}

/**
 * Freeze the built-ins of this thread (see the module doc). Returns the real
 * `Deno.exit`, to the first caller only: the program that hardens its thread
 * keeps the one way to end it, and code it imports afterwards (a config that
 * imports this module and calls it again gets a function that throws) has
 * none. Later calls do nothing else.
 *
 * @example
 * ```ts ignore
 * import { hardenRuntime } from "./harden_runtime.ts";
 * hardenRuntime();
 * Math.max = () => 0; // TypeError: Cannot assign to read only property 'max'
 * ```
 */
export function hardenRuntime(opts: HardenOptions = {}): (code: number) => never {
  if (hardened) return deniedExit;
  hardened = true;
  const realExit = Deno.exit.bind(Deno);
  const g = globalThis as Record<string, unknown>;
  if ((opts.exit ?? "deny") === "deny") {
    const proc = g.process as Record<string, unknown> | undefined;
    denyExit(Deno, "exit", "Deno.exit()");
    denyExit(proc, "exit", "process.exit()");
    denyExit(proc, "reallyExit", "process.reallyExit()");
    denyExit(proc, "abort", "process.abort()");
    denyExit(globalThis, "close", "close()");
  }
  const errorClasses = [...LEAVE].map((name) => g[name]).filter((v) => typeof v === "function")
    .map((v) => (v as { prototype: unknown }).prototype);
  // an Error prototype is frozen neither directly nor as part of some other class
  const seen = new Set<unknown>([...errorClasses, Error, g.DOMException, globalThis]);
  for (const [proto, keys] of OVERRIDABLE) for (const key of keys) overridable(proto(), key);
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    if (LEAVE.has(name) || name.startsWith("on")) continue;
    const d = Object.getOwnPropertyDescriptor(globalThis, name);
    if (d === undefined) continue;
    let v: unknown;
    if ("value" in d) v = d.value;
    else if (d.get !== undefined && d.configurable) {
      try {
        v = d.get.call(globalThis); // a lazily created global (`crypto`, `WebAssembly`…): take its value and pin it
      } catch {
        continue;
      }
    } else continue;
    // only what the platform defines: globals a library added (its helpers, its state) are its own business
    if (!isBuiltin(name, v)) continue;
    freezeDeep(v, seen);
    if (d.configurable) {
      Object.defineProperty(globalThis, name, {
        value: v,
        writable: false,
        enumerable: d.enumerable ?? false,
        configurable: false,
      });
    }
  }
  freezeDeep(Object.getPrototypeOf(function* () {}), seen);
  freezeDeep(Object.getPrototypeOf(async function () {}), seen);
  freezeDeep(Object.getPrototypeOf(async function* () {}), seen);
  freezeDeep(Object.getPrototypeOf([][Symbol.iterator]()), seen);
  freezeDeep(Object.getPrototypeOf(new Map()[Symbol.iterator]()), seen);
  freezeDeep(Object.getPrototypeOf(new Set()[Symbol.iterator]()), seen);
  freezeDeep(Object.getPrototypeOf(""[Symbol.iterator]()), seen);
  freezeDeep(Object.getPrototypeOf(/x/[Symbol.matchAll](""))!, seen);
  return realExit;
}
