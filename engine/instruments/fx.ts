/**
 * Loading the FX rate series of `instruments.fx`: through the bar loader, as
 * a second frame whose symbols are currency pairs.
 *
 * @module
 */
import type { BarFrame } from "../data/bar_frame.ts";
import { loadBars, type LoadBarsOptions } from "../data/load_bars.ts";
import type { InstrumentsConfig } from "./config.ts";

/**
 * The FX frame of a config's `instruments.fx` (undefined without one): each
 * symbol a pair `<CCY><BASE>` (e.g. `EURUSD`: base currency per unit of
 * `CCY`), its close the rate, known at the bar's close. Read with
 * {@linkcode loadBars}, so the files follow the bar format (a time column and
 * open, high, low, close; an FX file whose four prices are all the rate is
 * fine) and the loader's checks and errors apply, naming the FX file. The
 * whole series is read, not cut to `data.from`/`data.to`: a bar early in the
 * run needs the rate known before it.
 *
 * @example
 * ```ts ignore
 * const config = await loadConfig("configs/two_currencies.ts");
 * const result = runBacktest(config, await loadBars(config.data), { fx: await loadFxFrame(config) });
 * ```
 */
export async function loadFxFrame(
  config: { readonly instruments?: InstrumentsConfig | undefined },
  opts: LoadBarsOptions = {},
): Promise<BarFrame | undefined> {
  const fx = config.instruments?.fx;
  if (fx === undefined) return undefined;
  return await loadBars({ source: fx.source }, opts);
}
