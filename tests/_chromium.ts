/**
 * Headless Chromium for the browser tests: where Debian's binary is, and a
 * page opened offline (every request but the page's own refused before it
 * leaves the browser) with the requests, the refused ones and the console's
 * errors and warnings collected. playwright-core is loaded only when a page
 * is opened: it reads /proc and the home directory as it loads, which Deno
 * allows only with --allow-all, so pages are opened in child processes.
 */
import type { Browser, Page } from "playwright-core";

/** Where a Chromium binary may be. */
export const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** The first Chromium binary of {@linkcode CHROMIUM_CANDIDATES} that exists, or undefined. */
export function chromiumPath(): string | undefined {
  return CHROMIUM_CANDIDATES.find((p) => {
    try {
      return Deno.statSync(p).isFile;
    } catch {
      return false;
    }
  });
}

/** An offline page and what it did. */
export interface OfflinePage {
  readonly browser: Browser;
  readonly page: Page;
  readonly url: string;
  /** Every request the page made, its own included. */
  readonly requests: string[];
  /** The requests refused (all but the page's own). */
  readonly aborted: string[];
  /** Console errors and warnings, and uncaught page errors. */
  readonly errors: string[];
}

/**
 * Launch headless Chromium and open the local HTML file `file` at 1280 × 900,
 * refusing every other request. The caller closes `browser`.
 */
export async function openOfflinePage(executablePath: string, file: string): Promise<OfflinePage> {
  const { chromium } = await import("playwright-core");
  const url = new URL(`file://${file}`).href;
  const browser = await chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [], aborted: string[] = [], errors: string[] = [];
    await context.route("**/*", (route) => {
      if (route.request().url() === url) return route.continue();
      aborted.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    await page.goto(url);
    return { browser, page, url, requests, aborted, errors };
  } catch (e) {
    await browser.close();
    throw e;
  }
}
