import assert from "node:assert/strict";

/** Run `body` in a fresh Worker after `hardenRuntime(opts)`, and return what it posts back. */
function inHardenedWorker(body: string, opts = "{}"): Promise<unknown> {
  const harden = new URL("./harden_runtime.ts", import.meta.url).href;
  const src = `import { hardenRuntime } from "${harden}";
hardenRuntime(${opts});
const tried = (f) => { try { f(); return "allowed"; } catch (e) { return e.name; } };
self.postMessage(await (async () => { ${body} })());`;
  const url = `data:application/javascript;base64,${btoa(src)}`;
  const worker = new Worker(url, { type: "module" });
  return new Promise((resolve, reject) => {
    worker.onmessage = (e) => {
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      worker.terminate();
      reject(new Error(e.message));
    };
  });
}

Deno.test("hardenRuntime() refuses patches of built-ins and of their global bindings", async () => {
  const seen = await inHardenedWorker(`return {
    push: tried(() => { Array.prototype.push = () => 0; }),
    max: tried(() => { Math.max = () => 0; }),
    defineSqrt: tried(() => Object.defineProperty(Math, "sqrt", { value: () => 1 })),
    math: tried(() => { globalThis.Math = {}; }),
    fill: tried(() => { Float64Array.prototype.fill = function () { return this; }; }),
    encode: tried(() => { TextEncoder.prototype.encode = () => new Uint8Array(); }),
    digest: tried(() => { crypto.subtle.digest = async () => new ArrayBuffer(32); }),
    stillMath: Math.max(1, 2) === 2 && [1].concat([2]).length === 2,
  };`);
  assert.deepEqual(seen, {
    push: "TypeError",
    max: "TypeError",
    defineSqrt: "TypeError",
    math: "TypeError",
    fill: "TypeError",
    encode: "TypeError",
    digest: "TypeError",
    stillMath: true,
  });
});

Deno.test("hardenRuntime() denies exits unless asked not to, and a second call changes nothing", async () => {
  assert.deepEqual(
    await inHardenedWorker(
      `return [tried(() => Deno.exit(0)), tried(() => globalThis.close()), tried(() => process.exit(0))];`,
    ),
    ["ExitDeniedError", "ExitDeniedError", "ExitDeniedError"],
  );
  assert.equal(
    await inHardenedWorker(`return typeof Deno.exit === "function" && Object.isFrozen(Math);`, `{ exit: "allow" }`),
    true,
  );
});

Deno.test("hardenRuntime() leaves what libraries assign: own toString/valueOf, Error names, Error.stackTraceLimit", async () => {
  const seen = await inHardenedWorker(`
    function Big() {}
    Big.prototype = Object.create(Uint32Array.prototype);
    Big.prototype.valueOf = function () { return 7; };
    Big.prototype.toString = function () { return "big"; };
    class MyError extends Error { constructor(m) { super(m); this.name = "MyError"; } }
    Error.stackTraceLimit = 20;
    const o = {}; o.toString = () => "own";
    return [String(new Big()), new Big().valueOf(), new MyError("x").name, String(o), tried(() => { Object.prototype.toString = () => ""; })];`);
  assert.deepEqual(seen, ["big", 7, "MyError", "own", "TypeError"]);
});
