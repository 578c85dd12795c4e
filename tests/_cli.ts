/** Helpers for tests that run the CLI as a user would, in a subprocess. */
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run `cli/backtest.ts` with the same permissions as `deno task backtest`,
 * except that writes go to `writeDir` (the test's temporary output root).
 */
export async function runCli(args: readonly string[], writeDir: string, script = "cli/backtest.ts"): Promise<CliRun> {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      "--allow-read",
      `--allow-write=${writeDir}`,
      "--allow-ffi=node_modules",
      script,
      ...args,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  });
  const out = await cmd.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/**
 * Run `deno task backtest:sandbox` exactly as deno.json defines it (the
 * launcher computes the child's permissions from `args`), from the
 * repository root.
 */
export async function runSandbox(args: readonly string[], signal?: AbortSignal): Promise<CliRun> {
  const tasks = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`)).tasks;
  const [deno, ...taskArgs] = String(tasks["backtest:sandbox"].command).split(/\s+/);
  if (deno !== "deno") throw new Error(`backtest:sandbox does not start with deno: ${deno}`);
  const cmd = new Deno.Command(Deno.execPath(), {
    args: [...taskArgs, ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
    ...(signal && { signal }),
  });
  const out = await cmd.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** A config module's source that imports the public API by absolute URL. */
export function configSource(body: string, imports = ""): string {
  const mod = new URL("../mod.ts", import.meta.url).href;
  const sma = new URL("../strategies/sma_cross.ts", import.meta.url).href;
  return `import { defineConfig } from "${mod}";\nimport { smaCross } from "${sma}";\n${imports}\n${body}\n`;
}

/** True when `path` exists. */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
