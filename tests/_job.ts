/** Helpers for the research job suites: job modules on disk, the CLI in-process, the results database. */
import { jobCli } from "../cli/job.ts";
import { smaStudy, writeConfig } from "./_optimize.ts";

/** A study config module in `dir` (SMA cross on AAA) with the given `optimize` section; returns its path. */
export async function writeStudyConfig(dir: string, name: string, optimize: string): Promise<string> {
  return await writeConfig(dir, smaStudy(optimize), name);
}

/**
 * Write a job module into `dir` (imports `defineJob` from the public API by
 * absolute URL) and return its path. `body` is the object passed to
 * defineJob, as source.
 */
export async function writeJob(dir: string, name: string, body: string): Promise<string> {
  const mod = new URL("../mod.ts", import.meta.url).href;
  const path = `${dir}/${name}`;
  await Deno.writeTextFile(path, `import { defineJob } from "${mod}";\nexport default defineJob(${body});\n`);
  return path;
}

/** What an in-process CLI run printed and returned. */
export interface JobRun {
  readonly code: number;
  readonly out: string[];
  readonly err: string;
}

/** Run `jobCli` in-process, capturing its output. */
export async function runJobCli(
  args: string[],
  opts: { signal?: AbortSignal; onLine?: (line: string) => void } = {},
): Promise<JobRun> {
  const out: string[] = [];
  let err = "";
  const code = await jobCli(args, {
    print: (l) => {
      out.push(l);
      opts.onLine?.(l);
    },
    printError: (t) => (err += t + "\n"),
    ...(opts.signal && { signal: opts.signal }),
  });
  return { code, out, err };
}

/** The JSON event lines of a run printed with `--json` (or by the scheduler). */
export function events(lines: readonly string[]): Record<string, unknown>[] {
  return lines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
}

/** Every file under `dir`, by relative path (sorted). */
export async function listTree(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(prefix ? `${dir}/${prefix}` : dir)) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory) out.push(...await listTree(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}
