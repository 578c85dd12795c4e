/**
 * `deno task backtest:sandbox <config.ts> [flags]`: the same backtest as
 * `deno task backtest`, on the WebAssembly DuckDB engine, in a child process
 * that can read only the project, the config file and the `--data` paths,
 * and write only to the output directory. No network, environment,
 * subprocesses, native code or system information.
 *
 * Deno fixes permissions when a process starts, and a config's own data paths
 * are known only once the config has run. So this launcher never imports the
 * config: it takes the paths from the command line alone, then starts the
 * backtest (`cli/_backtest_wasm.ts`) in a child with exactly those
 * permissions. A config cannot widen its own sandbox.
 *
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { CLI_OPTIONS } from "./_options.ts";

/** The repository root: the project the sandbox may read. */
const PROJECT_DIR = fileURLToPath(new URL("../", import.meta.url)).replace(/[\\/]$/, "");

/** What the sandboxed child may touch. */
export interface SandboxPermissions {
  /** Paths for `--allow-read`: the project, the command line's config file(s) and data, the output directory. */
  readonly read: readonly string[];
  /** Paths for `--allow-write`: the output directory. */
  readonly write: readonly string[];
}

/** The part of a path or glob before its first segment with a wildcard. */
function globRoot(path: string): string {
  const parts = path.split(/[\\/]/);
  const i = parts.findIndex((p) => /[*?[]/.test(p));
  if (i < 0) return path;
  const root = parts.slice(0, i).join("/");
  return root === "" ? (path.startsWith("/") ? "/" : ".") : root;
}

/**
 * The permissions of a sandboxed run, from its command line: read the project,
 * every positional argument (the config file), the `--data` path (a glob's
 * directory) and the output directory; write the output directory, which is
 * `--out` or else `out/` (the default `out/<config name>` lies inside it).
 *
 * @throws {Error} when a path has a comma, which Deno's permission lists cannot hold.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sandboxPermissions } from "./backtest_sandbox.ts";
 * const p = sandboxPermissions(["c.ts", "--data", "/bars/*.csv", "--out", "/tmp/o"], "/work", "/work");
 * assert.ok(p.read.join() === "/work,/work/c.ts,/bars,/tmp/o");
 * assert.ok(p.write.join() === "/tmp/o");
 * ```
 */
export function sandboxPermissions(args: readonly string[], cwd: string, projectDir: string): SandboxPermissions {
  // Lenient: the child parses strictly and reports bad flags exactly as the native CLI does.
  const { values, positionals } = parseArgs({
    args: [...args],
    options: CLI_OPTIONS,
    allowPositionals: true,
    strict: false,
  });
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  const out = abs(typeof values.out === "string" ? values.out : "out");
  const read = [projectDir, ...positionals.map(abs)];
  if (typeof values.data === "string") read.push(abs(globRoot(values.data)));
  read.push(out);
  const all = [...new Set(read)];
  const bad = all.find((p) => p.includes(","));
  if (bad) throw new Error(`the sandbox cannot grant access to a path with a comma: ${bad}`);
  return { read: all, write: [out] };
}

/**
 * The `deno run` arguments of the sandboxed child. Beyond the permissions:
 * `--cached-only` and `--no-remote`, because a config's import of an `npm:`
 * or remote module would otherwise be fetched from the network even without
 * `--allow-net`; `--frozen`, so no import can change `deno.lock`; `--config`,
 * so the child finds the import map wherever the launcher was started.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sandboxArgs } from "./backtest_sandbox.ts";
 * const args = sandboxArgs({ read: ["/p"], write: ["/p/out"] }, ["c.ts"], "/p");
 * assert.ok(args.includes("--allow-write=/p/out") && !args.some((a) => a.startsWith("--allow-net")));
 * ```
 */
export function sandboxArgs(perms: SandboxPermissions, args: readonly string[], projectDir = PROJECT_DIR): string[] {
  return [
    "run",
    "--no-prompt",
    "--cached-only",
    "--no-remote",
    "--frozen",
    `--config=${projectDir}/deno.json`,
    `--allow-read=${perms.read.join(",")}`,
    `--allow-write=${perms.write.join(",")}`,
    `${projectDir}/cli/_backtest_wasm.ts`,
    ...args,
  ];
}

async function main(args: string[]): Promise<number> {
  let perms: SandboxPermissions;
  try {
    perms = sandboxPermissions(args, Deno.cwd(), PROJECT_DIR);
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    return 2;
  }
  // The child runs --cached-only; on a fresh clone, fetch the project's own
  // locked dependencies first (a no-op once they are in node_modules).
  const install = await new Deno.Command(Deno.execPath(), {
    args: ["install", "--quiet", `--config=${PROJECT_DIR}/deno.json`],
    cwd: PROJECT_DIR,
    stdin: "null",
    stdout: "null",
    stderr: "inherit",
  }).output();
  if (!install.success) return 1;
  const child = new Deno.Command(Deno.execPath(), {
    args: sandboxArgs(perms, args),
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  return (await child.status).code;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
