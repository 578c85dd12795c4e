/**
 * A real browser opens a sweep's heatmap.html: headless Chromium (Debian's
 * `chromium`) driven by playwright-core in a child process, as
 * tests/browser_report_test.ts does. tests/_browser_driver.ts checks that
 * the page makes no network request and logs no error; this file, run as
 * its own child with `--drive`, then works the page as a reader does: picks
 * other axes and another metric, and hovers a cell.
 *
 * Without a Chromium binary the test is skipped with a message saying so.
 */
import assert from "node:assert/strict";
import { ROOT } from "./_cli.ts";
import { smaStudy, writeConfig } from "./_optimize.ts";
import { chromiumPath, openOfflinePage } from "./_chromium.ts";

const executablePath = chromiumPath();

/** What `--drive` reports of the page after each step. */
interface Driven {
  readonly errors: string[];
  readonly requests: string[];
  readonly initial: { caption: string; cells: number; best: number; selects: string[][] };
  readonly picked: { caption: string; rows: string[]; cells: number; texts: string[] };
  readonly hover: string;
}

/** The child: open the page, read it, change the selects, hover a cell. */
async function drive(executable: string, page: string, screenshot: string): Promise<void> {
  const { browser, page: tab, requests, errors } = await openOfflinePage(executable, page);
  try {
    await tab.waitForSelector("body[data-ready]", { state: "attached", timeout: 20_000 });
    const texts = (selector: string) => tab.$$eval(selector, (els) => els.map((e) => e.textContent ?? ""));
    const initial = {
      caption: (await texts("#heat-caption"))[0]!,
      cells: (await texts("#heat td")).length,
      best: (await texts("#heat td.best")).length,
      selects: [await texts("#pick-x option"), await texts("#pick-y option"), await texts("#pick-m option")],
    };
    // x = slow, y = fast, colour by the trade count
    await tab.selectOption("#pick-x", { label: "slow" });
    await tab.selectOption("#pick-y", { label: "fast" });
    await tab.selectOption("#pick-m", { label: "trades" });
    const picked = {
      caption: (await texts("#heat-caption"))[0]!,
      rows: await texts("#heat tbody th"),
      cells: (await texts("#heat td")).length,
      texts: await texts("#heat td"),
    };
    await tab.hover("#heat td.best");
    const hover = (await texts("#hover"))[0]!;
    await tab.screenshot({ path: screenshot, fullPage: true });
    const out: Driven = { errors, requests, initial, picked, hover };
    console.log(JSON.stringify(out));
  } finally {
    await browser.close();
  }
}

if (import.meta.main && Deno.args[0] === "--drive") {
  await drive(Deno.args[1]!, Deno.args[2]!, Deno.args[3]!);
  Deno.exit(0);
}

async function child(args: string[]): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), { args, cwd: ROOT, stdout: "piped", stderr: "piped" }).output();
  const dec = new TextDecoder();
  assert.equal(out.code, 0, dec.decode(out.stderr));
  return dec.decode(out.stdout);
}

Deno.test({
  name: "browser: the sweep page opens offline, redraws for other params and metric, and shows a hovered run",
  ignore: executablePath === undefined,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const { gridSearch } = await import("../mod.ts");
      // a two-param sweep of 9 runs, the top 2 re-run with their report pages
      const config = await writeConfig(dir, smaStudy(`{ params: { fast: [5, 10, 20], slow: [30, 60, 90] }, top: 2 }`));
      const report = await gridSearch({ configPath: config, workers: 1, outDir: `${dir}/out` });
      const page = `${report.dir}/heatmap.html`;
      const shots = await Deno.makeTempDir({ prefix: "sweep-screenshot-" });

      // the shared driver: no request besides the page, no console error
      const seen = JSON.parse(
        await child(["run", "--allow-all", "tests/_browser_driver.ts", executablePath!, page, `${shots}/driver.png`]),
      );
      assert.deepEqual(seen.errors, [], "no console errors or warnings");
      assert.deepEqual(seen.requests, [seen.url], "no request besides the page itself");
      assert.deepEqual(seen.aborted, []);

      const d: Driven = JSON.parse(
        await child([
          "run",
          "--allow-all",
          "tests/browser_sweep_test.ts",
          "--drive",
          executablePath!,
          page,
          `${shots}/sweep.png`,
        ]),
      );
      console.log(`screenshot: ${shots}/sweep.png`);
      assert.deepEqual(d.errors, []);
      assert.equal(d.requests.length, 1);
      // drawn by the script: 3 × 3 cells, the best outlined, every metric offered
      assert.equal(d.initial.caption, "sharpe: slow (rows) × fast (columns)");
      assert.equal(d.initial.cells, 9);
      assert.equal(d.initial.best, 1);
      assert.deepEqual(d.initial.selects[0], ["fast", "slow"]);
      assert.deepEqual(d.initial.selects[2]!.slice(0, 2), ["sharpe", "totalReturn"]);
      assert.equal(d.initial.selects[2]!.at(-1), "trades");
      // swapped axes, coloured by trades: rows are fast's values, each cell the trade count of that cell's best run
      const results = JSON.parse(await Deno.readTextFile(`${report.dir}/results.json`));
      assert.equal(d.picked.caption, "trades: fast (rows) × slow (columns)");
      assert.deepEqual(d.picked.rows, ["5", "10", "20"]);
      const expected = [5, 10, 20].flatMap((fast) =>
        [30, 60, 90].map((slow) => {
          const run = results.ranked.find((r: { params: { fast: number; slow: number } }) =>
            r.params.fast === fast && r.params.slow === slow
          );
          return String(run.trades);
        })
      );
      assert.deepEqual(d.picked.texts, expected);
      // hovering the best cell shows every metric of the best run
      const best = results.ranked[0];
      assert.ok(d.hover.startsWith(`run ${best.run}: fast = ${best.params.fast}, slow = ${best.params.slow}`), d.hover);
      for (const m of ["sharpe", "totalReturn", "maxDrawdown", "profitFactor", "trades"]) {
        assert.ok(d.hover.includes(m), `${m} in ${d.hover}`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "browser: the walk-forward page with its DSR/PBO section opens offline without an error",
  ignore: executablePath === undefined,
  async fn() {
    const dir = await Deno.makeTempDir();
    try {
      const { walkForward } = await import("../mod.ts");
      const config = await writeConfig(
        dir,
        smaStudy(
          `{ params: { fast: [5, 10, 20], slow: [30, 60] }, overfitting: { partitions: 8 }, walkForward: { train: "2y", test: "1y" } }`,
        ),
      );
      const report = await walkForward({ configPath: config, workers: 1, outDir: `${dir}/out` });
      const shots = await Deno.makeTempDir({ prefix: "walkforward-screenshot-" });
      const seen = JSON.parse(
        await child([
          "run",
          "--allow-all",
          "tests/_browser_driver.ts",
          executablePath!,
          `${report.dir}/walkforward.html`,
          `${shots}/walkforward.png`,
        ]),
      );
      assert.deepEqual(seen.errors, [], "no console errors or warnings");
      assert.deepEqual(seen.requests, [seen.url], "no request besides the page itself");
      assert.deepEqual(seen.charts.map((c: { id: string }) => c.id), ["chart-equity"]);
      const html = await Deno.readTextFile(`${report.dir}/walkforward.html`);
      assert.ok(html.includes("Selection bias: Deflated Sharpe Ratio and PBO per window"));
      assert.equal([...html.matchAll(/<tr><td>\d+<\/td><td>6<\/td>/g)].length, report.windows.length); // N = 6 per window
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
