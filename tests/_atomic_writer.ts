/**
 * The writer that tests/report_result_sets_test.ts kills: `deno run
 * tests/_atomic_writer.ts <root> <keep>` publishes result sets under `root`
 * again and again, as every task does, until it is stopped. Each set holds a
 * file streamed through `stagePath` (as a study's `results.jsonl`), a folder
 * (as a grid's `top/01/`) and a few files of a megabyte or more written
 * through `write`, so that a kill can land in any step: sweeping, writing,
 * hashing, the manifest, the rename, switching `latest.txt`, pruning. It
 * prints `ready` once, before its first set.
 *
 * @module
 */
import { AtomicOutput } from "../engine/report/atomic_write.ts";

/** `n` bytes of text that differ from set to set (so a torn file cannot pass for another set's). */
function blob(n: number, set: number, name: string): string {
  const line = `${name} of set ${set}: ${"x".repeat(100)}\n`;
  return line.repeat(Math.ceil(n / line.length)).slice(0, n);
}

if (import.meta.main) {
  const [root, keep] = Deno.args;
  console.log("ready");
  for (let set = 0;; set++) {
    await using out = await AtomicOutput.open(root!, { keep: Number(keep) });
    using jsonl = await Deno.open(out.stagePath("results.jsonl"), { write: true, create: true });
    const enc = new TextEncoder();
    for (let i = 0; i < 2000; i++) await jsonl.write(enc.encode(`{"set":${set},"run":${i}}\n`));
    await out.write([
      { name: "result.json", content: blob(1 << 20, set, "result.json") },
      { name: "trades.csv", content: (w) => w.text(blob(3 << 20, set, "trades.csv")) },
      { name: "top/01/equity.csv", content: blob(2 << 20, set, "equity.csv") },
    ]);
    await out.commit();
  }
}
