/**
 * Opens a page holding notebook output HTML in headless Chromium and prints,
 * as JSON, what tests/notebook_test.ts checks: each frame's chart count once
 * its page says it is ready, the canvases it drew, console errors and every
 * request made. Its own process, as tests/_browser_driver.ts, because
 * playwright-core needs --allow-all.
 *
 * Usage: deno run -A tests/_notebook_browser.ts CHROMIUM PAGE.html
 */
import { openOfflinePage } from "./_chromium.ts";

const [executablePath, file] = Deno.args as [string, string];
const { browser, page, requests, errors } = await openOfflinePage(executablePath, file);
try {
  const frames = [];
  for (const f of page.frames()) {
    if (f === page.mainFrame()) continue;
    await f.waitForSelector("body[data-ready]", { state: "attached", timeout: 20_000 })
      .catch(() => undefined);
    // evaluated in the frame's page (a string: this file is type-checked without the DOM's types)
    frames.push(
      await f.evaluate(
        `({ ready: document.body.dataset.ready ?? null, canvases: document.querySelectorAll("canvas").length, title: document.title })`,
      ),
    );
  }
  console.log(JSON.stringify({ frames, errors, requests }));
} finally {
  await browser.close();
}
