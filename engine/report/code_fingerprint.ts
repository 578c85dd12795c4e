/**
 * The fingerprint of a strategy's code: every local module a config module
 * imports, found by reading the files (never by running them), hashed.
 *
 * **What is followed.** Starting at the config file, each `.ts`, `.tsx`,
 * `.mts`, `.js`, `.jsx` or `.mjs` file is scanned at the level of a lexer
 * (comments, strings, template literals and regular expression literals
 * are told apart) for the specifiers of `import … from "x"`, `import "x"`,
 * `export … from "x"`, and `import("x")` with a string literal; `import
 * type` is followed too. A specifier is local when it is relative (`./`,
 * `../`), absolute, a `file:` URL, or an entry of the `imports` map of the
 * project's `deno.json` / `deno.jsonc` that resolves to one of those. The
 * project is the one Deno runs the config with: the nearest `deno.json`
 * above the working directory (where `deno task` runs), as Deno applies it
 * to every module of the process, a config outside the project included. Local files of other kinds (`.json`, `.wasm`) are hashed but not
 * scanned.
 *
 * **What is not followed**, and listed in {@linkcode CodeFingerprint.notFollowed}:
 * an `import()` of a computed specifier (`import(name)`, a template with
 * `${…}`), and a local path that does not exist. Packages (`npm:`, `jsr:`,
 * `node:`, bare names the import map sends to a registry, `http(s):`) are not
 * local: instead the lockfile (`deno.lock` beside the `deno.json`) is part of
 * the fingerprint, which pins them. Code a module reads itself (`Deno.readFile`
 * then `eval`) is invisible to any static scan; `scopes` of the import map are
 * not applied.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { commitStates } from "./git_revision.ts";

/**
 * A file of a fingerprint: its path (relative to the project root, `/`
 * separated) and the sha256 (hex) of its bytes.
 *
 * @example
 * ```ts
 * import type { FingerprintFile } from "./code_fingerprint.ts";
 * const f: FingerprintFile = { path: "configs/sma_cross.ts", sha256: "ab" };
 * console.log(f.path);
 * ```
 */
export interface FingerprintFile {
  readonly path: string;
  readonly sha256: string;
}

/**
 * The fingerprint of the code a config runs (see the module doc).
 *
 * @example
 * ```ts
 * import type { CodeFingerprint } from "./code_fingerprint.ts";
 * const label = (c: CodeFingerprint) => `${c.sha256.slice(0, 12)}${c.uncommitted ? " (uncommitted)" : ""}`;
 * console.log(typeof label);
 * ```
 */
export interface CodeFingerprint {
  /**
   * sha256 (hex) of the sorted file list: the UTF-8 bytes of one line
   * `<sha256>  <path>\n` per file, in path order (the format of `sha256sum`).
   */
  readonly sha256: string;
  /** Every local module the config imports, the config itself and the lockfile included, sorted by path. */
  readonly files: readonly FingerprintFile[];
  /**
   * Whether any of the files differs from the commit `HEAD` names or is not
   * in it (see `commitStates` in git_revision.ts); null when that is unknown
   * for some file and none is known to differ (e.g. not a git repository).
   */
  readonly uncommitted: boolean | null;
  /** The files that differ from `HEAD` or are not in it. */
  readonly uncommittedFiles: readonly string[];
  /** What the scan could not follow: `<file>:<line>: <why>`. */
  readonly notFollowed: readonly string[];
}

const SCANNED = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

/**
 * The string literals of a module and whether each can be an import
 * specifier, from a lexer-level pass: comments are skipped, strings and
 * template literals read whole, regular expression literals skipped (a `/`
 * after an operator, an opening bracket or a keyword starts one). Returns
 * the source with every literal replaced by `"§n§"` and the literals.
 */
function maskLiterals(src: string): { masked: string; literals: { text: string | null; line: number }[] } {
  const literals: { text: string | null; line: number }[] = [];
  let out = "";
  let line = 1;
  let lastSignificant = "";
  let lastWord = "";
  const n = src.length;
  for (let i = 0; i < n;) {
    const c = src[i]!;
    const d = src[i + 1];
    if (c === "/" && d === "/") {
      while (i < n && src[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && d === "*") {
      const end = src.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let k = i; k < stop; k++) if (src[k] === "\n") line++, out += "\n";
      i = stop;
      out += " ";
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      const startLine = line;
      let text = "";
      let computed = false;
      let j = i + 1;
      for (; j < n && src[j] !== c; j++) {
        const ch = src[j]!;
        if (ch === "\n") line++;
        if (ch === "\\") {
          text += src[j + 1] ?? "";
          j++;
          continue;
        }
        if (c === "`" && ch === "$" && src[j + 1] === "{") {
          // skip the substitution, nested braces and strings included
          computed = true;
          let depth = 0;
          for (j++; j < n; j++) {
            const e = src[j]!;
            if (e === "\n") line++;
            if (e === "{") depth++;
            else if (e === "}" && --depth === 0) break;
            else if (e === '"' || e === "'" || e === "`") {
              for (j++; j < n && src[j] !== e; j++) if (src[j] === "\\") j++;
            }
          }
          continue;
        }
        text += ch;
      }
      literals.push({ text: computed ? null : text, line: startLine });
      out += `"§${literals.length - 1}§"`;
      i = j + 1;
      lastSignificant = '"';
      lastWord = "";
      continue;
    }
    if (c === "/") {
      const regexStart = lastSignificant === "" || /[(,=:[!&|?{};+\-*%<>~^]/.test(lastSignificant) ||
        /^(?:return|typeof|case|do|else|in|of|void|yield|await|delete|throw|new)$/.test(lastWord);
      if (regexStart) {
        let j = i + 1, inClass = false;
        for (; j < n && src[j] !== "\n"; j++) {
          const e = src[j]!;
          if (e === "\\") j++;
          else if (e === "[") inClass = true;
          else if (e === "]") inClass = false;
          else if (e === "/" && !inClass) break;
        }
        out += " /re/ ";
        i = j + 1;
        lastSignificant = "r";
        lastWord = "";
        continue;
      }
    }
    if (c === "\n") line++;
    if (/\s/.test(c)) {
      out += c;
      i++;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      let j = i;
      while (j < n && /[\w$]/.test(src[j]!)) j++;
      lastWord = src.slice(i, j);
      lastSignificant = "w";
      out += lastWord;
      i = j;
      continue;
    }
    lastSignificant = c;
    lastWord = "";
    out += c;
    i++;
  }
  return { masked: out, literals };
}

/**
 * The import specifiers of a module's source, from a lexer-level scan (see
 * the module doc): the static ones, and `line` of each dynamic `import()`
 * whose specifier is computed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { importSpecifiers } from "./code_fingerprint.ts";
 * const src = [
 *   'import { a } from "./a.ts"; // import "./commented.ts"',
 *   'import type { B } from "./b.ts";',
 *   'export * from "./c.ts";',
 *   'const s = "import x from \'./not.ts\'"; const re = /from "\\.\\/re.ts"/;',
 *   'await import("./d.ts"); await import(`./${name}.ts`);',
 * ].join("\n");
 * const found = importSpecifiers(src);
 * assert.deepEqual(found.specifiers, ["./a.ts", "./b.ts", "./c.ts", "./d.ts"]);
 * assert.deepEqual(found.computed, [5]);
 * ```
 */
export function importSpecifiers(src: string): { specifiers: string[]; computed: number[] } {
  const { masked, literals } = maskLiterals(src);
  const specifiers: string[] = [];
  const computed: number[] = [];
  const pattern = /\b(?:(from|import)\s*("§(\d+)§")|import\s*\(\s*(?:"§(\d+)§"\s*[,)])?)/g;
  for (const m of masked.matchAll(pattern)) {
    const id = m[3] ?? m[4];
    if (id === undefined) {
      // `import(` whose argument is not one literal; `import.meta` and `import {` do not match
      computed.push(lineOf(masked, m.index));
      continue;
    }
    const lit = literals[Number(id)]!;
    if (lit.text === null) {
      if (m[1] === undefined) computed.push(lit.line);
      continue;
    }
    specifiers.push(lit.text);
  }
  return { specifiers: [...new Set(specifiers)], computed };
}

function lineOf(text: string, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The nearest `deno.json` / `deno.jsonc` at or above `dir`: its directory and its import map; or null. */
async function projectOf(dir: string): Promise<{ root: string; imports: Record<string, string> } | null> {
  for (let d = resolve(dir);;) {
    for (const name of ["deno.json", "deno.jsonc"]) {
      let text: string;
      try {
        text = await Deno.readTextFile(join(d, name));
      } catch {
        continue;
      }
      let parsed: { imports?: Record<string, string> } = {};
      try {
        parsed = JSON.parse(name === "deno.json" ? text : stripJsonComments(text));
      } catch {
        // an unreadable deno.json maps nothing; Deno itself would refuse it
      }
      const imports = parsed.imports !== null && typeof parsed.imports === "object" ? parsed.imports : {};
      return { root: d, imports };
    }
    const up = dirname(d);
    if (up === d) return null;
    d = up;
  }
}

/** JSONC without its comments and trailing commas (strings kept). */
function stripJsonComments(text: string): string {
  return text.replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_, s) => s ?? "").replace(
    /,(\s*[}\]])/g,
    "$1",
  );
}

/** The local file a specifier names, "external", or null when it cannot be told. */
function resolveSpecifier(
  spec: string,
  from: string,
  project: { root: string; imports: Record<string, string> } | null,
): string | "external" {
  let target = spec;
  let base = dirname(from);
  if (project !== null && !/^\.{0,2}\//.test(spec)) {
    const exact = project.imports[spec];
    const prefix = exact === undefined
      ? Object.keys(project.imports).filter((k) => k.endsWith("/") && spec.startsWith(k)).sort((a, b) =>
        b.length - a.length
      )[0]
      : undefined;
    if (exact !== undefined) target = exact;
    else if (prefix !== undefined) target = project.imports[prefix]! + spec.slice(prefix.length);
    if (exact !== undefined || prefix !== undefined) base = project.root;
  }
  if (target.startsWith("file:")) return fileURLToPath(target);
  if (target.startsWith("./") || target.startsWith("../")) return resolve(base, target);
  if (isAbsolute(target)) return target;
  return "external";
}

function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Fingerprint the code the config module `configFile` runs: every local
 * module it imports, transitively (see the module doc for what is followed),
 * the config itself and the project's `deno.lock`, each hashed with sha256;
 * their sha256 together; and whether any is uncommitted. Reads files only:
 * the config is never run. Paths are relative to the project's directory
 * (`projectDir`, the working directory by default, or the nearest one above
 * it with a `deno.json`), absolute outside it.
 *
 * @throws {Error} when `configFile` cannot be read.
 *
 * @example Two modules and a computed import
 * ```ts
 * import assert from "node:assert/strict";
 * import { codeFingerprint } from "./code_fingerprint.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/deno.json`, "{}");
 * await Deno.writeTextFile(`${dir}/lib.ts`, "export const n = 1;\n");
 * await Deno.writeTextFile(`${dir}/config.ts`, 'import { n } from "./lib.ts";\nawait import(`./${n}.ts`);\n');
 * const fp = await codeFingerprint(`${dir}/config.ts`, { projectDir: dir });
 * assert.deepEqual(fp.files.map((f) => f.path), ["config.ts", "lib.ts"]);
 * assert.deepEqual(fp.notFollowed, ["config.ts:2: import() of a computed specifier"]);
 * assert.equal(fp.uncommitted, null); // not a git repository
 * await Deno.writeTextFile(`${dir}/lib.ts`, "export const n = 2;\n");
 * assert.notEqual((await codeFingerprint(`${dir}/config.ts`, { projectDir: dir })).sha256, fp.sha256);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function codeFingerprint(
  configFile: string,
  opts: { readonly projectDir?: string } = {},
): Promise<CodeFingerprint> {
  const start = resolve(configFile);
  const project = await projectOf(opts.projectDir ?? Deno.cwd());
  const root = project?.root ?? resolve(opts.projectDir ?? Deno.cwd());
  const rel = (p: string) => {
    const r = relative(root, p);
    return r.startsWith("..") || isAbsolute(r) ? p : r.split("\\").join("/");
  };
  const seen = new Map<string, string>();
  const notFollowed: string[] = [];
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(file);
    } catch (e) {
      if (file === start) throw e;
      notFollowed.push(`${rel(file)}: not found`);
      seen.set(file, "");
      continue;
    }
    seen.set(file, sha256Of(bytes));
    if (!SCANNED.test(file)) continue;
    const { specifiers, computed } = importSpecifiers(new TextDecoder().decode(bytes));
    for (const line of computed) notFollowed.push(`${rel(file)}:${line}: import() of a computed specifier`);
    for (const spec of specifiers) {
      const target = resolveSpecifier(spec, file, project);
      if (target !== "external" && !seen.has(target)) queue.push(target);
    }
  }
  if (project !== null) {
    const lock = join(project.root, "deno.lock");
    try {
      seen.set(lock, sha256Of(await Deno.readFile(lock)));
    } catch {
      // no lockfile: packages are not pinned, and the fingerprint cannot pin them either
    }
  }
  const present = [...seen].filter(([, h]) => h !== "");
  const files = present.map(([p, sha256]) => ({ path: rel(p), sha256 })).sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0
  );
  const listing = files.map((f) => `${f.sha256}  ${f.path}\n`).join("");
  const states = await commitStates(present.map(([p]) => p));
  const uncommittedFiles = present.filter(([p]) => {
    const s = states.get(p);
    return s === "modified" || s === "untracked";
  }).map(([p]) => rel(p)).sort();
  const unknown = present.some(([p]) => states.get(p) === null);
  return {
    sha256: sha256Of(new TextEncoder().encode(listing)),
    files,
    uncommitted: uncommittedFiles.length > 0 ? true : unknown ? null : false,
    uncommittedFiles,
    notFollowed: notFollowed.sort(),
  };
}
