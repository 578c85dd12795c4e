/**
 * Runs a notebook headless in Deno's Jupyter kernel, cell by cell, and fails
 * on the first cell that throws: what CI does with `notebooks/quickstart.ipynb`.
 *
 * Usage:
 *
 *   deno run --allow-read --allow-write --allow-run --allow-env scripts/run_notebook.ts NOTEBOOK.ipynb \
 *     [--out EXECUTED.ipynb] [--timeout SECONDS]
 *   deno run ... scripts/run_notebook.ts --check      # are the tools there? (exit 0, or 3 saying what is missing)
 *
 * The cells run through Jupyter's own executor, `nbclient` (Debian:
 * `apt-get install -y python3-nbclient`; elsewhere `pip install nbclient`),
 * with the kernel `deno jupyter --kernel` of the Deno running this script,
 * declared in a temporary kernelspec (`JUPYTER_PATH`), so nothing is
 * installed in the home directory and no other kernel is picked up. The
 * kernel starts in the notebook's folder, as in JupyterLab; each cell has
 * `--timeout` seconds (300 by default).
 *
 * Writes the executed notebook (outputs included) to `--out`
 * (`out/notebooks/<name>.ipynb` by default) and prints one line per code
 * cell: its number, time and the MIME types it displayed. Exit codes: 0
 * every cell ran; 1 a cell failed or timed out (its error is printed); 2 bad
 * arguments; 3 the tools are missing (the message says which and how to
 * install them).
 *
 * @module
 */
import { basename, dirname, resolve } from "node:path";

/** The Python executor: runs the notebook, writes it, prints a JSON summary as its last line. */
const EXECUTOR = String.raw`
import json, sys
from queue import Empty
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete, CellExecutionError, CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async

GRACE_S = 0.5

class DenoClient(NotebookClient):
    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)
        # Deno's kernel sometimes publishes a cell's result just after the cell's "idle" status,
        # where nbclient stops listening: take what still arrives for the cell within a grace period
        while True:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=GRACE_S))
            except Empty:
                return
            if msg["parent_header"].get("msg_id") == parent_msg_id:
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    pass

src, dst, timeout, cwd = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
nb = nbformat.read(src, as_version=4)
client = DenoClient(nb, timeout=timeout, kernel_name="deno", allow_errors=False,
                    resources={"metadata": {"path": cwd}})
failure = None
try:
    client.execute()
except CellTimeoutError as e:
    failure = {"kind": "timeout", "message": str(e)}
except CellExecutionError as e:
    failure = {"kind": "error", "message": str(e)}
except DeadKernelError as e:
    failure = {"kind": "dead kernel", "message": str(e)}
nbformat.write(nb, dst)
cells = []
for i, c in enumerate(nb.cells):
    if c.cell_type != "code":
        continue
    timing = c.metadata.get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    cells.append({
        "index": i,
        "count": c.get("execution_count"),
        "start": start, "end": end,
        "outputs": [{"type": o.get("output_type"), "mimes": sorted(o.get("data", {}).keys()),
                     "ename": o.get("ename"), "evalue": o.get("evalue")} for o in c.get("outputs", [])],
    })
print(json.dumps({"cells": cells, "failure": failure}))
`;

/** Why the tools are missing, or undefined when a Python with nbclient is found (then its path). */
export async function findExecutor(): Promise<{ python: string } | { missing: string }> {
  const tried: string[] = [];
  for (const python of [Deno.env.get("NOTEBOOK_PYTHON"), "/usr/bin/python3", "python3"]) {
    if (python === undefined || python === "" || tried.includes(python)) continue;
    tried.push(python);
    try {
      const out = await new Deno.Command(python, {
        args: ["-c", "import nbclient, nbformat"],
        stdout: "null",
        stderr: "null",
      }).output();
      if (out.success) return { python };
    } catch {
      // not installed: try the next one
    }
  }
  return {
    missing: `no Python with Jupyter's nbclient and nbformat (tried ${tried.join(", ")}); install them with ` +
      "`apt-get install -y python3-nbclient` (Debian, as .ci/run does) or `pip install nbclient`, " +
      "or name a Python that has them in NOTEBOOK_PYTHON",
  };
}

/** A kernelspec for this Deno's Jupyter kernel, in a fresh directory to put on `JUPYTER_PATH`. */
async function kernelspec(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "deno-kernelspec-" });
  await Deno.mkdir(`${dir}/kernels/deno`, { recursive: true });
  await Deno.writeTextFile(
    `${dir}/kernels/deno/kernel.json`,
    JSON.stringify({
      argv: [Deno.execPath(), "jupyter", "--kernel", "--conn", "{connection_file}"],
      display_name: "Deno",
      language: "typescript",
    }),
  );
  return dir;
}

interface Summary {
  readonly cells: readonly {
    readonly index: number;
    readonly count: number | null;
    readonly start?: string | null;
    readonly end?: string | null;
    readonly outputs: readonly { type: string; mimes: string[]; ename?: string | null; evalue?: string | null }[];
  }[];
  readonly failure: { readonly kind: string; readonly message: string } | null;
}

/** Options of {@linkcode runNotebook}. */
export interface RunNotebookOptions {
  /** Where the executed notebook goes. */
  readonly out: string;
  /** Seconds each cell may take. */
  readonly timeoutS?: number;
  /** Called with each line of the report. */
  readonly log?: (line: string) => void;
}

/**
 * Execute `notebook` and write it with its outputs to `opts.out`; resolves
 * to whether every cell ran.
 *
 * @throws {Error} when the tools are missing (the message says how to install them).
 */
export async function runNotebook(notebook: string, opts: RunNotebookOptions): Promise<boolean> {
  const log = opts.log ?? console.log;
  const found = await findExecutor();
  if ("missing" in found) throw new Error(`Cannot run ${notebook}: ${found.missing}`);
  const src = resolve(notebook), dst = resolve(opts.out);
  await Deno.mkdir(dirname(dst), { recursive: true });
  const jupyterPath = await kernelspec();
  try {
    const out = await new Deno.Command(found.python, {
      args: ["-c", EXECUTOR, src, dst, String(opts.timeoutS ?? 300), dirname(src)],
      env: {
        JUPYTER_PATH: jupyterPath,
        // plain-text outputs without ANSI colours
        NO_COLOR: "1",
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout).trim();
    const last = stdout.split("\n").pop() ?? "";
    let summary: Summary;
    try {
      summary = JSON.parse(last);
    } catch {
      const err = new TextDecoder().decode(out.stderr).trim();
      throw new Error(`Cannot run ${notebook}: the executor stopped (exit ${out.code}):\n${err || stdout}`);
    }
    for (const c of summary.cells) {
      const ms = c.start && c.end ? Date.parse(c.end) - Date.parse(c.start) : NaN;
      const shown = c.outputs.map((o) => o.type === "error" ? `error ${o.ename}: ${o.evalue}` : o.mimes.join("+"))
        .filter((s) => s !== "").join(", ");
      log(
        `  cell ${String(c.index).padStart(2)}  ${
          c.count === null ? "not run" : Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : "ran"
        }${shown ? `  ${shown}` : ""}`,
      );
    }
    if (summary.failure !== null) {
      log(`${notebook}: ${summary.failure.kind}\n${summary.failure.message}`);
      return false;
    }
    log(`${notebook}: every cell ran; executed notebook in ${opts.out}`);
    return true;
  } finally {
    await Deno.remove(jupyterPath, { recursive: true });
  }
}

const USAGE = `Usage: deno task notebook NOTEBOOK.ipynb [--out EXECUTED.ipynb] [--timeout SECONDS]
       deno task notebook --check

Runs a notebook headless in Deno's Jupyter kernel through nbclient (Debian: apt-get install -y python3-nbclient),
cell by cell, and stops at the first cell that fails.

Options:
  --out PATH       where the executed notebook goes (default out/notebooks/<name>.ipynb)
  --timeout S      seconds per cell (default 300)
  --check          only check that the tools are there
  -h, --help       show this help

Exit codes: 0 every cell ran, 1 a cell failed or timed out, 2 bad arguments, 3 tools missing.`;

if (import.meta.main) {
  const args = [...Deno.args];
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    Deno.exit(0);
  }
  if (args.includes("--check")) {
    const found = await findExecutor();
    if ("missing" in found) {
      console.error(`notebook tools missing: ${found.missing}`);
      Deno.exit(3);
    }
    console.log(`notebook tools: ${found.python} with nbclient; kernel: ${Deno.execPath()} jupyter --kernel`);
    Deno.exit(0);
  }
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const out = flag("--out");
  const timeout = flag("--timeout");
  const notebook = args[0];
  if (notebook === undefined || args.length !== 1 || (timeout !== undefined && !(Number(timeout) > 0))) {
    console.error(USAGE);
    Deno.exit(2);
  }
  try {
    const ok = await runNotebook(notebook, {
      out: out ?? `out/notebooks/${basename(notebook)}`,
      ...(timeout !== undefined && { timeoutS: Number(timeout) }),
    });
    Deno.exit(ok ? 0 : 1);
  } catch (e) {
    console.error((e as Error).message);
    Deno.exit((e as Error).message.includes("nbclient") ? 3 : 1);
  }
}
