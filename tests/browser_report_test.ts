/**
 * A real browser opens the sample config's report.html: headless Chromium
 * (Debian's `chromium`, installed by .ci/run) driven by playwright-core, in
 * a child process (tests/_browser_driver.ts: playwright needs --allow-all).
 *
 * It checks what a researcher relies on: the page makes no network request
 * and logs no error, every chart has drawn its series, and the headline
 * table shows the numbers of result.json. It also takes a screenshot (its
 * path is printed).
 *
 * Without a Chromium binary the test is skipped with a message saying so;
 * .ci/run installs one, so CI always runs it.
 */
import assert from "node:assert/strict";
import { analyzeResult } from "../engine/report/analyze_result.ts";
import { collectBytes } from "../engine/report/byte_writer.ts";
import { HEADLINE_METRICS } from "../engine/report/display.ts";
import { htmlReport } from "../engine/report/html_report.ts";
import { latestRun, ROOT, runCli } from "./_cli.ts";
import { flatBars, runPlan } from "./_report.ts";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
const executablePath = CANDIDATES.find((p) => {
  try {
    return Deno.statSync(p).isFile;
  } catch {
    return false;
  }
});
if (executablePath === undefined) {
  console.warn(
    `browser test skipped: no Chromium at ${CANDIDATES.join(", ")}; install it with \`apt-get install -y chromium\``,
  );
}

const DAY = 86_400_000;

/** The value a displayed cell stands for, and how far off it may be (half a unit of its last digit). */
function parseDisplayed(text: string, kind: string): { value: number | string | null; tolerance: number } {
  if (text === "—" || text === "not recovered") return { value: null, tolerance: 0 };
  if (text === "∞") return { value: "Infinity", tolerance: 0 };
  if (text === "-∞") return { value: "-Infinity", tolerance: 0 };
  const num = (s: string) => Number(s.replaceAll(",", ""));
  const half = (s: string) => 0.5 * 10 ** -(s.split(".")[1]?.length ?? 0);
  if (kind === "pct") {
    const s = text.replace(/%$/, "");
    return { value: num(s) / 100, tolerance: half(s) / 100 };
  }
  if (kind === "duration") {
    const [s, unit] = text.split(" ") as [string, string];
    const scale = unit === "days" ? DAY : unit === "h" ? 3_600_000 : 60_000;
    return { value: num(s) * scale, tolerance: half(s) * scale };
  }
  if (kind === "int") return { value: num(text), tolerance: 0 };
  return { value: num(text), tolerance: half(text.replaceAll(",", "")) };
}

Deno.test({
  name: "browser: the sample report opens offline, draws every chart and shows result.json's numbers",
  ignore: executablePath === undefined,
  async fn() {
    const tmp = await Deno.makeTempDir();
    try {
      const root = `${tmp}/sma_cross`;
      const run = await runCli(["configs/sma_cross.ts", "--out", root, "--no-record", "--quiet"], tmp);
      assert.equal(run.code, 0, run.stderr);
      const out = await latestRun(root);
      const result = JSON.parse(await Deno.readTextFile(`${out}/result.json`));
      const shot = `${await Deno.makeTempDir({ prefix: "report-screenshot-" })}/report.png`;
      const seen = await openInBrowser(`${out}/report.html`, shot);

      assert.deepEqual(seen.errors, [], "no console errors or warnings");
      assert.deepEqual(seen.requests, [seen.url], "no request besides the page itself");
      assert.deepEqual(seen.aborted, []);

      // every chart's pane has its series drawn: more than background and grid
      assert.deepEqual(seen.charts.map((c) => c.id), ["chart-equity", "chart-drawdown", "chart-price-0"]);
      for (const c of seen.charts) {
        assert.ok(c.drawn > 0.005 * c.pixels && c.colours > 10, `${c.id}: ${c.drawn} of ${c.pixels} pixels drawn`);
      }

      // the headline table against result.json
      assert.deepEqual(seen.cells.map((c) => c.path), HEADLINE_METRICS.map((h) => h.path));
      for (const c of seen.cells) {
        const [section, key] = c.path.split(".") as [string, string];
        const expected = result[section][key];
        const shown = parseDisplayed(c.text, c.kind);
        if (typeof expected !== "number" || typeof shown.value !== "number") {
          assert.equal(shown.value, expected, `${c.path}: shows "${c.text}", result.json has ${expected}`);
        } else {
          assert.ok(
            Math.abs(shown.value - expected) <= shown.tolerance + 1e-9 * Math.abs(expected),
            `${c.path}: shows "${c.text}", result.json has ${expected}`,
          );
        }
      }
      assert.ok(seen.cells.some((c) => c.path === "metrics.sharpe" && /^\d+\.\d\d$/.test(c.text)), "a real Sharpe");
      console.log(`screenshot: ${shot}`);
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});

/** What the driver saw. */
interface Seen {
  url: string;
  requests: string[];
  aborted: string[];
  errors: string[];
  charts: { id: string; pixels: number; drawn: number; colours: number }[];
  cells: { path: string; kind: string; text: string }[];
}

async function openInBrowser(report: string, screenshot: string): Promise<Seen> {
  const driver = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "tests/_browser_driver.ts", executablePath!, report, screenshot],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  assert.equal(driver.code, 0, dec.decode(driver.stderr));
  return JSON.parse(dec.decode(driver.stdout));
}

Deno.test({
  name: "browser: edge-case reports (one bar; equity to zero with a short) open without an error",
  ignore: executablePath === undefined,
  async fn() {
    const tmp = await Deno.makeTempDir();
    try {
      const day = 86_400_000;
      const cases = {
        "one-bar": runPlan(flatBars("A", [0], [10]), []),
        "to-zero": runPlan(flatBars("A", [0, day, 2 * day, 3 * day], [10, 10, 20, 20]), [["A", 0, "sell", 10]], {
          capital: 100,
        }),
      };
      for (const [name, { result, frame }] of Object.entries(cases)) {
        const file = `${tmp}/${name}.html`;
        await Deno.writeFile(file, collectBytes(htmlReport(result, analyzeResult(result), { frame })));
        const seen = await openInBrowser(file, `${tmp}/${name}.png`);
        assert.deepEqual(seen.errors, [], `${name}: no console errors`);
        assert.deepEqual(seen.requests, [seen.url], `${name}: no requests`);
        assert.equal(seen.charts.length, 3, name);
        assert.equal(seen.cells.length, HEADLINE_METRICS.length, name);
      }
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
