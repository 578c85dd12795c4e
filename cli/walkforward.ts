/**
 * `deno task walkforward <config.ts> [flags]`: a walk-forward study of the
 * config's `optimize.walkForward` windows. Same flags and exit codes as
 * `deno task optimize` (see cli/optimize.ts), without `--top`.
 *
 * @module
 */
import { studyCli } from "./optimize.ts";
import { hardenRuntime } from "../engine/harden_runtime.ts";

if (import.meta.main) hardenRuntime({ exit: "allow" }); // before any config or job module is imported
if (import.meta.main) Deno.exit(await studyCli("walkforward", Deno.args));
