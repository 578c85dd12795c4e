/**
 * Import a TypeScript module's default export, the way config and job files
 * are loaded: a missing file, a module that throws on import and a missing
 * default export each become one `ConfigError` naming the file.
 *
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError } from "../errors.ts";

/**
 * The default export of the module at `file` (relative to the working
 * directory unless absolute).
 *
 * @param kind What the file is, for messages: `Cannot load <kind> "<file>": …`.
 * @param define The helper its default export should call, for the hint, e.g. `defineConfig`.
 * @throws {ConfigError} when the file is missing, throws on import, or has no default export.
 */
export async function importDefault(file: string, kind: string, define: string): Promise<unknown> {
  const abs = isAbsolute(file) ? file : resolve(Deno.cwd(), file);
  try {
    if (!(await Deno.stat(abs)).isFile) throw new Error("not a file");
  } catch {
    throw new ConfigError(`Cannot load ${kind} "${file}": file not found`);
  }
  let mod: { default?: unknown };
  try {
    mod = await import(pathToFileURL(abs).href);
  } catch (e) {
    const msg = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new ConfigError(`Cannot load ${kind} "${file}": it threw on import: ${msg}`, { cause: e });
  }
  if (!("default" in mod) || mod.default === undefined) {
    throw new ConfigError(
      `Cannot load ${kind} "${file}": no default export; end the file with \`export default ${define}({ ... })\``,
    );
  }
  return mod.default;
}
