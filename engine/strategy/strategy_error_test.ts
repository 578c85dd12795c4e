import assert from "node:assert/strict";
import { z } from "zod";
import { StrategyError } from "../errors.ts";
import { createThrew, definitionSite, hookThrew } from "./strategy_error.ts";
import { defineStrategy } from "./types.ts";

const HERE = new URL(import.meta.url).pathname;
const SOURCE = await Deno.readTextFile(HERE);
/** This file as messages show it: relative to the working directory when inside it. */
const SHOWN = HERE.startsWith(`${Deno.cwd()}/`) ? HERE.slice(Deno.cwd().length + 1) : HERE;
/** `<this file>:<line>:<column>` of the line that holds the comment `marker`, as a regular expression. */
const at = (marker: string) =>
  `${SHOWN.replaceAll(".", "\\.")}:${SOURCE.split("\n").findIndex((l) => l.includes(`// ${marker}`)) + 1}:\\d+`;
const T = Date.UTC(2024, 0, 2);

/** A strategy declared on this line whose onBar runs `body`. */
const throwing = (body: () => void) =>
  defineStrategy({ name: "t", params: z.strictObject({}), create: () => ({ onBar: body }) }); // defined

/** What onBar threw, as the run reports it. */
function reported(def: ReturnType<typeof throwing>): string {
  const hooks = def.create({}, undefined as never);
  try {
    hooks.onBar!(undefined as never);
  } catch (e) {
    const err = hookThrew(e, { strategy: def.name, create: def.create, hook: "onBar", symbol: "AAA", tsMs: T });
    assert.ok(err instanceof StrategyError);
    return err.message;
  }
  throw new Error("onBar did not throw");
}

Deno.test("hookThrew() names the strategy, symbol, bar time, hook and the line of the strategy's code that threw", () => {
  const def = throwing(() => {
    throw new Error("boom"); // boom
  });
  assert.match(
    reported(def),
    new RegExp(`^Strategy "t" threw on AAA at 2024-01-02T00:00:00\\.000Z \\(onBar, ${at("boom")}\\): boom$`),
  );
});

Deno.test("hookThrew() names the strategy's line of an error the runtime raised there (a TypeError)", () => {
  const def = throwing(() => {
    (null as unknown as { x: () => void }).x(); // null
  });
  assert.match(reported(def), new RegExp(`\\(onBar, ${at("null")}\\): Cannot read properties of null`));
});

Deno.test("hookThrew() of a thrown string says it has no stack and names where the strategy is defined", () => {
  const def = throwing(() => {
    throw "a string";
  });
  assert.match(definitionSite(def.create)!, new RegExp(`^${at("defined")}$`));
  assert.match(
    reported(def),
    new RegExp(
      `^Strategy "t" threw on AAA at 2024-01-02T00:00:00\\.000Z \\(onBar, it threw a string, which has no stack: ` +
        `throw an Error to get the line; the strategy is defined at ${at("defined")}\\): a string$`,
    ),
  );
});

Deno.test("hookThrew() of a thrown object names its kind, not [object Object]", () => {
  const def = throwing(() => {
    throw { code: 1 };
  });
  assert.match(reported(def), /\(onBar, it threw an object, which has no stack: .*\): an object \(not an Error\)$/);
});

Deno.test("hookThrew() of an Error without a usable stack names where the strategy is defined, and never throws", () => {
  const cases: [string, () => void][] = [
    ["a stack that is not a string", () => {
      const e = new Error("odd stack");
      Object.defineProperty(e, "stack", { value: 42 });
      throw e;
    }],
    ["a stack getter that throws", () => {
      const e = new Error("bad getter");
      Object.defineProperty(e, "stack", {
        get() {
          throw new Error("no");
        },
      });
      throw e;
    }],
    ["Error.stackTraceLimit = 0", () => {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try {
        throw new Error("no frames");
      } finally {
        Error.stackTraceLimit = limit;
      }
    }],
  ];
  for (const [what, body] of cases) {
    const message = reported(throwing(body));
    assert.match(
      message,
      new RegExp(
        `\\(onBar, its stack names no line of the strategy's code; the strategy is defined at ${at("defined")}\\)`,
      ),
      what,
    );
  }
});

Deno.test("hookThrew() of a revoked Proxy or an object whose getters throw still gives one message", () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const hostile = new Proxy({}, {
    get() {
      throw new Error("trap");
    },
    getPrototypeOf() {
      throw new Error("trap");
    },
  });
  for (const thrown of [proxy, hostile]) {
    const message = reported(throwing(() => {
      throw thrown;
    }));
    assert.match(message, /^Strategy "t" threw on AAA at .* \(onBar, it threw an object, which has no stack: /);
  }
});

Deno.test("hookThrew() of a thrown undefined or number says what was thrown", () => {
  for (const [thrown, kind, shown] of [[undefined, "undefined", "undefined"], [42, "a number", "42"]] as const) {
    const message = reported(throwing(() => {
      throw thrown;
    }));
    assert.match(message, new RegExp(`\\(onBar, it threw ${kind}, which has no stack: .*\\): ${shown}$`));
  }
});

Deno.test("hookThrew() returns a StrategyError the engine already located as it is", () => {
  const e = new StrategyError('Strategy "t" emitted buy(-1) (in onBar on AAA at …)');
  assert.equal(hookThrew(e, { strategy: "t", create: undefined, hook: "onBar", tsMs: T }), e);
});

Deno.test("createThrew() names the line of the strategy's create that threw", () => {
  const def = defineStrategy({
    name: "c",
    params: z.strictObject({}),
    create: () => {
      throw new RangeError("bad setup"); // setup
    },
  });
  try {
    def.create({}, undefined as never);
  } catch (e) {
    assert.match(
      createThrew(e, def.name, def.create).message,
      new RegExp(`^Strategy "c" failed in create: bad setup \\(${at("setup")}\\)$`),
    );
    return;
  }
  throw new Error("create did not throw");
});

Deno.test("hookThrew() of a denied permission says the task does not grant it, not to rerun with the flag", () => {
  const message = reported(throwing(() => {
    throw new Deno.errors.NotCapable('Requires env access to "HOME", run again with the --allow-env flag');
  }));
  assert.match(
    message,
    /\): Requires env access to "HOME" \(a permission this task does not grant: docs\/permissions\.md\)$/,
  );
});
