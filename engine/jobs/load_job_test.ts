import assert from "node:assert/strict";
import { ConfigError } from "../errors.ts";
import { loadJob } from "./load_job.ts";

const MOD = new URL("../../mod.ts", import.meta.url).href;

/** A job module bound to `j` (one backtest study of the shipped config), then `tail`, then `export default <exported>`. */
const jobSource = (tail: string, exported = "j") =>
  `import { defineJob } from "${MOD}";
const j: any = defineJob({
  schedule: "0 2 * * *",
  studies: [{ name: "bt", kind: "backtest", config: "configs/sma_cross.ts" }],
});
${tail}
export default ${exported};
`;

/** Load `source` as a job file in a temporary directory: the error message, or "" when it loaded. */
async function loadError(source: string): Promise<{ file: string; message: string }> {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/job.ts`;
  try {
    await Deno.writeTextFile(file, source);
    try {
      await loadJob(file);
      return { file, message: "" };
    } catch (e) {
      assert.ok(e instanceof ConfigError, `a ConfigError, not ${e instanceof Error ? e.stack : String(e)}`);
      return { file, message: e.message };
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const crashes: [string, string, string?][] = [
  ["a job object that contains itself", "j.studies[0].job = j;"],
  [
    "a field whose getter throws",
    `Object.defineProperty(j, "schedule", { enumerable: true, get() { throw new Error("getter broke"); } });`,
  ],
  ["a Proxy whose get trap throws", "", `new Proxy(j, { get() { throw new Error("trap broke"); } })`],
  ["a default export that is a rejected Promise", "", `Promise.reject(new Error("rejected on purpose"))`],
  ["a job nested thousands of levels deep", "let x: any = 1;\nfor (let i = 0; i < 5000; i++) x = [x];\nj.alerts = x;"],
  ["a source that nests brackets thousands of levels deep", `j.deep = ${"{a:".repeat(3000)}1${"}".repeat(3000)};`],
];

const expected: Record<string, string> = {
  "a job object that contains itself":
    "studies.0.job refers back to the job itself (a cycle); a job must be plain data",
  "a field whose getter throws": "reading schedule threw: getter broke",
  "a Proxy whose get trap throws": "reading schedule threw: trap broke",
  "a default export that is a rejected Promise": "the default export is a Promise that rejected: rejected on purpose",
  "a job nested thousands of levels deep": "alerts.0.0.0.0.0.0.0… is nested more than 100 levels deep",
  "a source that nests brackets thousands of levels deep":
    "brackets nested more than 100 levels deep at line 6, column ",
};

for (const [name, tail, exported] of crashes) {
  Deno.test(`loadJob() reports ${name} as a ConfigError naming the job file`, async () => {
    const { file, message } = await loadError(jobSource(tail, exported));
    assert.ok(
      message.startsWith(`Cannot load job "${file}": ${expected[name]}`),
      `expected 'Cannot load job "${file}": ${expected[name]}…', found:\n${message}`,
    );
  });
}

Deno.test("loadJob() reports a job whose schema validation throws as a ConfigError naming the job file", async () => {
  // a class instance is kept by reference, so zod reads its getter while validating
  const { file, message } = await loadError(
    jobSource(`class Study { get name(): string { throw new Error("name broke"); } }\nj.studies = [new Study()];`),
  );
  assert.equal(message, `Cannot load job "${file}": validating it threw: name broke`);
});

Deno.test("loadJob() quotes the found value of a record key and of an enum", async () => {
  const { message } = await loadError(
    jobSource(`j.studies[0].set = { "": 1 };\nj.studies[0].kind = "walkForward";`),
  );
  assert.match(message, /studies\.0\.kind: .*found "walkForward"/);
  assert.match(message, /studies\.0\.set\.: expected a dotted field path such as strategy\.params\.fast, found ""/);
});
