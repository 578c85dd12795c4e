/**
 * `deno task walkforward <config.ts> [flags]`: a walk-forward study of the
 * config's `optimize.walkForward` windows. Same flags and exit codes as
 * `deno task optimize` (see cli/optimize.ts), without `--top`.
 *
 * @module
 */
import { studyMain } from "./optimize.ts";

if (import.meta.main) await studyMain("walkforward");
