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
export function runCli(args: readonly string[], writeDir: string, script = "cli/backtest.ts"): Promise<CliRun> {
  return runDeno([
    "run",
    "--no-prompt",
    "--allow-read",
    `--allow-write=${writeDir}`,
    "--allow-ffi=node_modules",
    script,
    ...args,
  ]);
}

/** Run `deno <args>` from the repository root without colour; its exit code and output. */
export async function runDeno(args: readonly string[], stdin: "inherit" | "null" = "inherit"): Promise<CliRun> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [...args],
    cwd: ROOT,
    stdin,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
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

/**
 * The directory of the newest published run under an output root: `<root>/runs/<id>`, the id read from
 * `<root>/latest.txt` (see engine/report/atomic_write.ts for the layout).
 */
export async function latestRun(root: string): Promise<string> {
  const id = (await Deno.readTextFile(`${root}/latest.txt`)).trim();
  if (!/^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{12}$/.test(id)) throw new Error(`${root}/latest.txt holds "${id}", not a run id`);
  return `${root}/runs/${id}`;
}

/** The published runs under an output root (the directories of `<root>/runs/` not hidden), oldest first. */
export async function publishedRunDirs(root: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(`${root}/runs`)) if (!e.name.startsWith(".")) names.push(e.name);
  return names.sort().map((n) => `${root}/runs/${n}`);
}

/** Hidden entries of an output root and its `runs/`: what an unfinished or killed run leaves (`.lock` excepted). */
export async function leftovers(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const dir of [root, `${root}/runs`]) {
    try {
      for await (const e of Deno.readDir(dir)) if (e.name.startsWith(".") && e.name !== ".lock") found.push(e.name);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory)) throw e;
    }
  }
  return found.sort();
}

/** Every file under `dir`, relative, sorted. */
async function filesUnder(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(prefix ? `${dir}/${prefix}` : dir)) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory) out.push(...await filesUnder(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}

/**
 * Check a published set against its `manifest.json`, independently of the publisher: the manifest lists exactly
 * the other files, each with its size and sha256 (computed here with WebCrypto). Returns the problems found.
 */
export async function setProblems(dir: string): Promise<string[]> {
  let manifest: { schemaVersion: number; files: { name: string; bytes: number; sha256: string }[] };
  try {
    manifest = JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`));
  } catch (e) {
    return [`${dir}: no readable manifest.json (${(e as Error).message})`];
  }
  const problems: string[] = [];
  const files = (await filesUnder(dir)).filter((f) => f !== "manifest.json");
  const listed = manifest.files.map((f) => f.name);
  if (files.join("\n") !== [...listed].sort().join("\n")) {
    problems.push(`${dir}: the files (${files.join(", ")}) are not the manifest's (${listed.join(", ")})`);
  }
  for (const f of manifest.files) {
    const bytes = await Deno.readFile(`${dir}/${f.name}`).catch(() => null);
    if (bytes === null) continue;
    const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))]
      .map((b) => b.toString(16).padStart(2, "0")).join("");
    if (bytes.length !== f.bytes || digest !== f.sha256) problems.push(`${dir}/${f.name}: not the manifest's bytes`);
  }
  return problems;
}

/** Run `f` on a new temporary directory (its name starting with `prefix`), removed afterwards whatever happens. */
export async function withTmp(f: (tmp: string) => Promise<void>): Promise<void>;
export async function withTmp(prefix: string, f: (tmp: string) => Promise<void>): Promise<void>;
export async function withTmp(
  a: string | ((tmp: string) => Promise<void>),
  b?: (tmp: string) => Promise<void>,
): Promise<void> {
  const [prefix, f] = typeof a === "string" ? [a, b!] : [undefined, a];
  const tmp = await Deno.makeTempDir(prefix === undefined ? {} : { prefix });
  try {
    await f(tmp);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}
