/**
 * The charting library inlined into every page with charts (`report.html`,
 * `walkforward.html`, through `html_page.ts`): TradingView's
 * lightweight-charts (Apache-2.0), its standalone production build, read
 * from the project's `node_modules/` (installed from `deno.lock` with the
 * other npm packages). It is read, not imported: the package does not export
 * that file, and the report only needs its text.
 *
 * @module
 */
import { createRequire } from "node:module";
import { OutputError } from "../errors.ts";

/** The bundle inside the package. */
const BUNDLE = "dist/lightweight-charts.standalone.production.js";

let cached: { version: string; source: string } | undefined;

/**
 * The library's version and source, read once per process.
 *
 * @throws {OutputError} when the package is not installed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chartLibrary } from "./chart_library.ts";
 * const lib = chartLibrary();
 * assert.ok(lib.version.startsWith("5.") && lib.source.includes("LightweightCharts"));
 * ```
 */
export function chartLibrary(): { readonly version: string; readonly source: string } {
  if (cached) return cached;
  let pkg: string;
  try {
    pkg = createRequire(import.meta.url).resolve("lightweight-charts/package.json");
  } catch (e) {
    throw new OutputError(
      "Cannot write a page with charts: the charting library (npm:lightweight-charts) is not installed; run `deno install`",
      { cause: e },
    );
  }
  const dir = pkg.slice(0, -"package.json".length);
  const version = String(JSON.parse(Deno.readTextFileSync(pkg)).version);
  // a "</script" inside the bundle would end the inline script element early
  const source = Deno.readTextFileSync(dir + BUNDLE).replaceAll("</script", "<\\/script");
  cached = { version, source };
  return cached;
}
