/**
 * Opens an HTML report in headless Chromium through playwright-core and
 * prints what the browser test checks, as JSON: every request the page
 * made, console errors and warnings, each chart's drawn pixels, and the
 * headline table. Run by tests/browser_report_test.ts in its own process,
 * because playwright-core reads /proc and the home directory when it loads,
 * which Deno allows only with --allow-all.
 *
 * Usage: deno run -A tests/_browser_driver.ts CHROMIUM REPORT.html SCREENSHOT.png
 */
import { openOfflinePage } from "./_chromium.ts";

const [executablePath, report, screenshot] = Deno.args as [string, string, string];
// anything but the report itself is refused before it leaves the browser
const { browser, page, url, requests, aborted, errors } = await openOfflinePage(executablePath, report);
try {
  // a selector, not waitForFunction: a predicate polled after its first check is evaluated as a string in the page,
  // which the page's Content-Security-Policy (no 'unsafe-eval') refuses when the page takes a while to draw
  await page.waitForSelector("body[data-ready]", { state: "attached", timeout: 20_000 });

  // each chart's largest canvas is the pane its series is drawn on: count the pixels that are not background
  const charts = await page.$$eval(".chart", (els) =>
    els.map((el) => {
      const canvases = [...el.querySelectorAll("canvas")];
      const pane = canvases.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
      const { data } = pane.getContext("2d")!.getImageData(0, 0, pane.width, pane.height);
      const counts = new Map<number, number>();
      for (let i = 0; i < data.length; i += 4) {
        const key = ((data[i]! << 24) | (data[i + 1]! << 16) | (data[i + 2]! << 8) | data[i + 3]!) >>> 0;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const background = Math.max(...counts.values());
      return {
        id: el.id,
        canvases: canvases.length,
        pixels: data.length / 4,
        drawn: data.length / 4 - background,
        colours: counts.size,
      };
    }));
  const cells = await page.$$eval("#metrics tr", (rows) =>
    rows.map((r) => ({
      path: r.getAttribute("data-path")!,
      kind: r.getAttribute("data-kind")!,
      text: r.querySelector("td")!.textContent!,
    })));
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ url, requests, aborted, errors, charts, cells }));
} finally {
  await browser.close();
}
