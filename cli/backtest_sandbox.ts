/**
 * `deno task backtest:sandbox <config.ts> [flags]`: the same backtest as
 * `deno task backtest`, on the WebAssembly DuckDB engine, in a child process
 * that can read only the project (not its `out/`), the config file and the
 * `--data` paths, and write only a fresh staging directory. No network,
 * environment, subprocesses, native code or system information; no access
 * at all to the output area (`out/`, or `--out`): not the history database,
 * not other runs.
 *
 * Deno fixes permissions when a process starts, and a config's own data paths
 * are known only once the config has run. So this launcher never imports the
 * config: it takes the paths from the command line alone, creates the
 * staging directory, and starts the backtest (`cli/_backtest_wasm.ts`) in a
 * child with exactly those permissions. When the child succeeds, the
 * launcher checks the output root the child names lies inside the output
 * area, copies the staged files (checking each against the digest the
 * child's supervisor recorded) into a new run there, and publishes it. A
 * config can widen neither its sandbox nor where its results go.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { getHeapStatistics } from "node:v8";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { exitCodeOf } from "./_args.ts";
import { OutputError } from "../engine/errors.ts";
import { AtomicOutput } from "../engine/report/atomic_write.ts";
import {
  BACKTEST_OPTIONS,
  checkPublished,
  DEFAULT_MAX_TIME_S,
  EXIT_LIMIT,
  isInside,
  STAGE_DIR_MARK,
  STAGE_REPORT,
  type StageReport,
} from "./_supervised_run.ts";

/** The repository root: the project the sandbox may read. */
const PROJECT_DIR = fileURLToPath(new URL("../", import.meta.url)).replace(/[\\/]$/, "");

/** What the sandboxed child may touch. */
export interface SandboxPermissions {
  /** Paths for `--allow-read`: the project, the command line's config file(s) and data, the staging directory. */
  readonly read: readonly string[];
  /** Paths for `--deny-read`, which win over `read`: the output area and the project's `out/`. */
  readonly denyRead: readonly string[];
  /** Paths for `--allow-write`: the staging directory only. */
  readonly write: readonly string[];
  /** The output area: `--out`, or else `out/`. Results are published only inside it. */
  readonly area: string;
}

/** The part of a path or glob before its first segment with a wildcard. */
function globRoot(path: string): string {
  const parts = path.split(/[\\/]/);
  const i = parts.findIndex((p) => /[*?[{]/.test(p));
  if (i < 0) return path;
  const root = parts.slice(0, i).join("/");
  return root === "" ? (path.startsWith("/") ? "/" : ".") : root;
}

/**
 * Take the sandbox's own `--read PATH` (repeatable; `--read=PATH` too) out of
 * a command line: files the config may read beyond the project, its config
 * and `--data` (an actions table, a calendar file, FX series). The child
 * never sees the flag.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sandboxReads } from "./backtest_sandbox.ts";
 * const r = sandboxReads(["c.ts", "--read", "/a/actions.csv", "--read=/fx/*.csv", "--quiet"]);
 * assert.deepEqual(r, { reads: ["/a/actions.csv", "/fx/*.csv"], rest: ["c.ts", "--quiet"] });
 * ```
 */
export function sandboxReads(args: readonly string[]): { reads: string[]; rest: string[] } {
  const reads: string[] = [], rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      rest.push(...args.slice(i));
      break;
    }
    if (a === "--read" && i + 1 < args.length) reads.push(args[++i]!);
    else if (a.startsWith("--read=")) reads.push(a.slice("--read=".length));
    else rest.push(a);
  }
  return { reads, rest };
}

/** The flags of the command line, read leniently: the child parses strictly and reports bad flags as the native CLI. */
function lenientFlags(args: readonly string[]) {
  return parseArgs({ args: [...args], options: BACKTEST_OPTIONS, allowPositionals: true, strict: false });
}

/**
 * The permissions of a sandboxed run, from its command line and its staging
 * directory: read the project, every positional argument (the config file),
 * the `--data` path (a glob's directory) and the staging directory, but
 * nothing of the output area (`--out`, or else `out/`) nor the project's
 * `out/` (the history database, other runs); write the staging directory
 * only.
 *
 * @throws {Error} when a path has a comma, which Deno's permission lists cannot hold.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sandboxPermissions } from "./backtest_sandbox.ts";
 * const p = sandboxPermissions(["c.ts", "--data", "/bars/*.csv", "--out", "/tmp/o"], "/work", "/work", "/tmp/s");
 * assert.ok(p.read.join() === "/work,/work/c.ts,/bars,/tmp/s");
 * assert.ok(p.denyRead.join() === "/tmp/o,/work/out");
 * assert.ok(p.write.join() === "/tmp/s");
 * ```
 */
export function sandboxPermissions(
  args: readonly string[],
  cwd: string,
  projectDir: string,
  staging: string,
  /** The `--read` paths (see {@linkcode sandboxReads}). */
  reads: readonly string[] = [],
): SandboxPermissions {
  const { values, positionals } = lenientFlags(args);
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  const area = abs(typeof values.out === "string" ? values.out : "out");
  const read = [projectDir, ...positionals.map(abs)];
  if (typeof values.data === "string") read.push(abs(globRoot(values.data)));
  for (const r of reads) read.push(abs(globRoot(r)));
  read.push(staging);
  const denyRead = [...new Set([area, `${projectDir}/out`])];
  const all = [...new Set(read)];
  const bad = [...all, ...denyRead].find((p) => p.includes(","));
  if (bad) throw new Error(`the sandbox cannot grant access to a path with a comma: ${bad}`);
  return { read: all, denyRead, write: [staging], area };
}

/**
 * The `deno run` arguments of the sandboxed child. Beyond the permissions:
 * `--cached-only` and `--no-remote`, because a config's import of an `npm:`
 * or remote module would otherwise be fetched from the network even without
 * `--allow-net`; `--frozen`, so no import can change `deno.lock`; `--config`,
 * so the child finds the import map wherever the launcher was started;
 * `--v8-flags`, the same heap limit as the launcher's, so that the child's
 * memory limit (`--max-memory`) trips before V8 runs out of heap, and the
 * tasks' young generation (8 MB semi-spaces: a smaller peak at no cost in
 * speed).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sandboxArgs } from "./backtest_sandbox.ts";
 * const perms = { read: ["/p"], denyRead: ["/p/out"], write: ["/s"], area: "/p/out" };
 * const args = sandboxArgs(perms, ["c.ts"], "/p");
 * assert.ok(args.includes("--allow-write=/s") && args.includes("--deny-read=/p/out"));
 * assert.ok(!args.some((a) => a.startsWith("--allow-net")));
 * ```
 */
export function sandboxArgs(perms: SandboxPermissions, args: readonly string[], projectDir = PROJECT_DIR): string[] {
  const heapMb = Math.floor(getHeapStatistics().heap_size_limit / 2 ** 20);
  return [
    "run",
    "--no-prompt",
    "--cached-only",
    "--no-remote",
    "--frozen",
    `--config=${projectDir}/deno.json`,
    `--v8-flags=--max-old-space-size=${heapMb},--max-semi-space-size=8`,
    `--allow-read=${perms.read.join(",")}`,
    `--deny-read=${perms.denyRead.join(",")}`,
    `--allow-write=${perms.write.join(",")}`,
    `${projectDir}/cli/_backtest_wasm.ts`,
    "--stage",
    perms.write[0]!,
    "--area",
    perms.area,
    ...args,
  ];
}

/** Run the child; a backstop past its own time limit kills it, should its supervisor not stop it. */
async function runChild(perms: SandboxPermissions, args: readonly string[]): Promise<number> {
  const t = lenientFlags(args).values["max-time"];
  const maxS = typeof t === "string" && Number(t) > 0 ? Number(t) : DEFAULT_MAX_TIME_S;
  const child = new Deno.Command(Deno.execPath(), {
    args: sandboxArgs(perms, args),
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  let killed = false;
  const backstop = setTimeout(() => {
    killed = true;
    child.kill("SIGKILL");
  }, maxS * 1000 + 30_000);
  try {
    const status = await child.status;
    if (killed) {
      console.error(`error: the sandboxed run did not end within ${maxS} s (--max-time) and was killed`);
      return EXIT_LIMIT;
    }
    return status.code;
  } finally {
    clearTimeout(backstop);
  }
}

/** Publish what the child staged as a new run under the root it reports, which must lie in the output area. */
async function publish(perms: SandboxPermissions, staging: string, quiet: boolean): Promise<number> {
  const text = await Deno.readTextFile(`${staging}/${STAGE_REPORT}`).catch(() => null);
  if (text === null) throw new Error("the sandboxed run ended without its results: nothing published");
  const report: StageReport = JSON.parse(text);
  const root = report.root;
  if (typeof root !== "string" || !isInside(root, perms.area)) {
    throw new OutputError(
      `Cannot write results to "${root}": permission denied (a sandboxed run writes only inside "${perms.area}"; pass --out)`,
    );
  }
  await using out = await AtomicOutput.open(root, { keep: report.keep });
  for (const f of report.files) {
    if (typeof f.name !== "string" || f.name.includes("/") || f.name.startsWith(".")) {
      throw new Error(`the sandboxed run staged a file with a bad name: ${JSON.stringify(f.name)}`);
    }
    const bytes = await Deno.readFile(`${staging}/${f.name}`);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    if (bytes.length !== f.bytes || sha256 !== f.sha256) {
      throw new Error(`the sandboxed run's ${f.name} changed after it was written: nothing published`);
    }
    await out.write([{ name: f.name, content: bytes }]);
  }
  await out.commit();
  await checkPublished(out.dir, report.files);
  if (!quiet) {
    for (const note of out.notes) console.error(`note: ${note}`);
    if (report.summary !== null) console.log(report.summary.replaceAll(STAGE_DIR_MARK, out.dir));
  }
  return 0;
}

async function main(argv: string[]): Promise<number> {
  let staging: string | undefined;
  const { reads, rest: args } = sandboxReads(argv);
  try {
    staging = await Deno.makeTempDir({ prefix: "backtest-sandbox-" });
    let perms: SandboxPermissions;
    try {
      perms = sandboxPermissions(args, Deno.cwd(), PROJECT_DIR, staging, reads);
    } catch (e) {
      console.error(`error: ${(e as Error).message}`);
      return 2;
    }
    // The child runs --cached-only: the project's locked dependencies are installed by the task's `deps` step
    // (deno.json), never by a config's import.
    const code = await runChild(perms, args);
    const { values } = lenientFlags(args);
    if (code !== 0 || values.help === true) return code;
    return await publish(perms, staging, values.quiet === true);
  } catch (e) {
    return exitCodeOf(e, "");
  } finally {
    if (staging !== undefined) await Deno.remove(staging, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
