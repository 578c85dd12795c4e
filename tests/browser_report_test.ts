/**
 * A real browser opens the sample config's report.html: headless Chromium
 * (Debian's `chromium`, installed by .ci/run) driven by playwright-core, in
 * a child process (tests/_browser_driver.ts: playwright needs --allow-all).
 *
 * It checks what a researcher relies on: the page makes no network request
 * and logs no error, every chart (equity, underwater, rolling metrics,
 * exposure, prices) has a canvas with its series drawn, the histograms are
 * drawn, hovering an entry marker shows the trade's details, and the
 * headline table shows the numbers of result.json. It also takes a
 * screenshot (its path is printed).
 *
 * The hover check runs this file as its own driver (`deno run -A
 * tests/browser_report_test.ts hover-driver CHROMIUM REPORT`), like
 * tests/_browser_driver.ts: playwright needs --allow-all.
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
import { CHROMIUM_CANDIDATES, chromiumPath } from "./_chromium.ts";

const executablePath = chromiumPath();
if (executablePath === undefined) {
  console.warn(
    `browser test skipped: no Chromium at ${
      CHROMIUM_CANDIDATES.join(", ")
    }; install it with \`apt-get install -y chromium\``,
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
    const scales: Record<string, number> = { years: 365.25 * DAY, days: DAY, hours: 3_600_000, min: 60_000, s: 1000 };
    const scale = scales[unit]!;
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

      // every chart container of the page has a canvas with its series drawn: more than background and grid
      const html = await Deno.readTextFile(`${out}/report.html`);
      const containers = [...html.matchAll(/<div class="chart[^"]*" id="([^"]+)"/g)].map((m) => m[1]);
      const expected = [
        "chart-equity",
        "chart-drawdown",
        "chart-rolling-sharpe",
        "chart-rolling-volatility",
        "chart-exposure",
        "chart-price-0",
      ];
      for (const id of expected) assert.ok(containers.includes(id), `${id} in the page`);
      assert.deepEqual(seen.charts.map((c) => c.id), containers);
      for (const c of seen.charts) {
        assert.ok(c.canvases > 0, `${c.id}: a canvas`);
        assert.ok(c.drawn > 0.005 * c.pixels && c.colours > 10, `${c.id}: ${c.drawn} of ${c.pixels} pixels drawn`);
      }
      // the two histograms are drawn as SVG bars with a hover title each
      for (const id of ["hist-pnl", "hist-holding"]) {
        const svg = html.slice(html.indexOf(`id="${id}"`), html.indexOf("</svg>", html.indexOf(`id="${id}"`)));
        assert.ok(svg.split("<rect").length > 2 && svg.includes(" trades</title>"), id);
      }

      // hovering the first entry marker shows its trade: side, time, quantity and price
      const hover = await hoverFirstMarker(`${out}/report.html`);
      assert.deepEqual(hover.errors, []);
      assert.equal(hover.chart, "chart-price-0");
      assert.match(hover.tip, /^long entry, \d{4}-\d\d-\d\d\nqty 100\.00 at \d+\.\d\d$/, hover.tip);

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
  charts: { id: string; canvases: number; pixels: number; drawn: number; colours: number }[];
  cells: { path: string; kind: string; text: string }[];
}

/** What hovering the first marker of the first price chart showed. */
interface Hover {
  errors: string[];
  chart: string;
  tip: string;
}

async function hoverFirstMarker(report: string): Promise<Hover> {
  const driver = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "tests/browser_report_test.ts", "hover-driver", executablePath!, report],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  assert.equal(driver.code, 0, dec.decode(driver.stderr));
  return JSON.parse(dec.decode(driver.stdout));
}

/** The hover driver: opens the report, moves the mouse onto the first marker and prints the tooltip's text. */
async function hoverDriver(chromiumPath: string, report: string): Promise<void> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--headless", "--no-sandbox"] });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
    });
    await page.goto(new URL(`file://${report}`).href);
    await page.waitForSelector("body[data-ready]", { state: "attached", timeout: 20_000 });
    const el = page.locator(".chart[data-first-marker-x]").first();
    await el.scrollIntoViewIfNeeded();
    const box = (await el.boundingBox())!;
    const x = Number(await el.getAttribute("data-first-marker-x"));
    await page.mouse.move(box.x + x, box.y + box.height * 0.4);
    await page.waitForTimeout(200);
    const tip = el.locator(".tip");
    const shown = await tip.evaluate((t) => (t as unknown as { style: { display: string } }).style.display === "block");
    console.log(JSON.stringify({
      errors,
      chart: await el.getAttribute("id"),
      tip: shown ? await tip.evaluate((t) => t.textContent ?? "") : "",
    }));
  } finally {
    await browser.close();
  }
}

if (Deno.args[0] === "hover-driver") await hoverDriver(Deno.args[1]!, Deno.args[2]!);

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
        for (const c of seen.charts) assert.ok(c.canvases > 0, `${name}: ${c.id} has a canvas`);
        assert.ok(seen.charts.some((c) => c.id === "chart-exposure"), name);
        assert.equal(seen.cells.length, HEADLINE_METRICS.length, name);
      }
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
