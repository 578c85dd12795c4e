/**
 * The files a `{ kind: "files" }` data source names, and the symbol each one
 * gives: a path, a glob, a glob with a `{symbol}` placeholder, or an explicit
 * map `symbol → file`.
 *
 * Globs are matched here, in TypeScript with Deno's file system calls, not
 * by DuckDB: DuckDB's native `glob()` has no braces while its WebAssembly
 * build (fast-glob) has them, and a file list must not depend on the engine.
 * The syntax, per path segment: `*` any run of characters but `/` (names
 * starting with a dot included, as DuckDB's glob does), `?` one character,
 * `[abc]`, `[a-z]`, `[!a]` or `[^a]` one character of a class, `{a,b}` one of
 * the alternatives (each may hold `*`, `?` and classes; not nested, not
 * across a `/`), `**` as a whole segment zero or more directories (symbolic
 * links to directories are not followed by `**`), and `{symbol}` once: the
 * text it matches names the file's symbol. The capture is the shortest that
 * lets the rest match, so `{symbol}-*.txt` takes `orcl` from
 * `orcl-1995-2014.txt`. Matches are sorted by the UTF-8 bytes of their
 * absolute paths, so the order never depends on the file system's.
 *
 * @module
 */
import { isAbsolute, join, resolve } from "node:path";
import { DataError } from "../errors.ts";

/** One file of a source, in load order. */
export interface SourceFile {
  /** Absolute path. */
  readonly file: string;
  /** The symbol the source gives it (a `{symbol}` capture or a map key); absent: named as before. */
  readonly symbol?: string;
}

/** The placeholder whose match names a file's symbol. */
export const SYMBOL_PLACEHOLDER = "{symbol}";

/** True when a path is a pattern (glob characters, braces or `{symbol}`), not one file. */
export function isPattern(path: string): boolean {
  return /[*?[{]/.test(path);
}

interface Segment {
  /** A name to join as is (no pattern characters). */
  literal?: string;
  /** `**`: zero or more directories. */
  globstar?: boolean;
  re?: RegExp;
  /** The segment holds `{symbol}` (capture group 1). */
  symbol?: boolean;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/**
 * Translate one segment's glob into a regular expression source. Returns
 * a problem (a sentence) instead when the syntax is wrong.
 */
function segmentSource(seg: string, inBraces: boolean): { src: string; symbols: number } | string {
  let src = "", symbols = 0;
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === "*") src += "[^/]*";
    else if (c === "?") src += "[^/]";
    else if (c === "[") {
      const end = seg.indexOf("]", i + 2);
      if (end < 0) return `a "[" without its "]" in "${seg}"`;
      let body = seg.slice(i + 1, end);
      const neg = body[0] === "!" || body[0] === "^";
      if (neg) body = body.slice(1);
      src += `[${neg ? "^" : ""}${body.replace(/[\\\]^[]/g, "\\$&")}]`;
      i = end;
    } else if (c === "{") {
      const end = seg.indexOf("}", i);
      if (end < 0) return `a "{" without its "}" in the same path segment ("${seg}")`;
      const body = seg.slice(i + 1, end);
      if (body.includes("{")) return `nested braces in "${seg}"`;
      if (`{${body}}` === SYMBOL_PLACEHOLDER) {
        src += "([^/]*?)";
        symbols++;
      } else {
        if (inBraces) return `nested braces in "${seg}"`;
        if (!body.includes(",")) {
          return `"{${body}}" is neither {symbol} nor alternatives such as {a,b}`;
        }
        const alts = [];
        for (const alt of body.split(",")) {
          const r = segmentSource(alt, true);
          if (typeof r === "string") return r;
          alts.push(r.src);
        }
        src += `(?:${alts.join("|")})`;
      }
      i = end;
    } else if (c === "}") return `a "}" without its "{" in "${seg}"`;
    else src += escapeRe(c);
  }
  return { src, symbols };
}

const splitPath = (p: string) => p.split(/[\\/]/);

/**
 * Why a source path cannot be used as a pattern, or undefined when it is
 * fine: unbalanced braces or brackets, `{symbol}` twice, nested
 * braces, `**` beside other characters.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { patternProblem } from "./source_files.ts";
 * assert.equal(patternProblem("data/{symbol}-*.csv"), undefined);
 * assert.equal(patternProblem("data/{orcl,yhoo}-*.txt"), undefined);
 * assert.equal(patternProblem("data/{symbol}/{symbol}.csv"), "{symbol} appears 2 times; use it once");
 * ```
 */
export function patternProblem(path: string): string | undefined {
  const r = compile(path);
  return typeof r === "string" ? r : undefined;
}

function compile(path: string): Segment[] | string {
  const out: Segment[] = [];
  let symbols = 0;
  for (const seg of splitPath(path)) {
    if (seg === "**") {
      out.push({ globstar: true });
      continue;
    }
    if (!isPattern(seg) && !seg.includes("}")) {
      out.push({ literal: seg });
      continue;
    }
    const r = segmentSource(seg, false);
    if (typeof r === "string") return r;
    symbols += r.symbols;
    out.push({ re: new RegExp(`^${r.src}$`, "s"), symbol: r.symbols > 0 });
  }
  if (symbols > 1) return `{symbol} appears ${symbols} times; use it once`;
  return out;
}

/** Compare by UTF-8 bytes (DuckDB's `ORDER BY` of text), not UTF-16 units. */
function byteOrder(a: string, b: string): number {
  if (a === b) return 0;
  const enc = new TextEncoder();
  const x = enc.encode(a), y = enc.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** Entries of a directory; none when it is missing or not a directory. Other errors are raised. */
async function entries(dir: string): Promise<Deno.DirEntry[]> {
  try {
    const list: Deno.DirEntry[] = [];
    for await (const e of Deno.readDir(dir)) list.push(e);
    return list;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory) return [];
    throw e;
  }
}

async function isDir(p: string, e?: Deno.DirEntry): Promise<boolean> {
  if (e && !e.isSymlink) return e.isDirectory;
  try {
    return (await Deno.stat(p)).isDirectory;
  } catch {
    return false;
  }
}

/** Everything a compiled pattern matches under `root`, with the `{symbol}` capture. */
async function walk(root: string, segs: Segment[]): Promise<Map<string, string | undefined>> {
  const found = new Map<string, string | undefined>();
  const step = async (dir: string, i: number, sym: string | undefined, viaLink: boolean): Promise<void> => {
    const last = i === segs.length - 1;
    const s = segs[i]!;
    if (s.literal !== undefined) {
      const p = join(dir, s.literal);
      if (last) {
        found.set(p, sym);
        return;
      }
      if (await isDir(p)) await step(p, i + 1, sym, false);
      return;
    }
    if (s.globstar) {
      if (last) return; // "dir/**" names directories only
      await step(dir, i + 1, sym, false);
      if (viaLink) return;
      for (const e of await entries(dir)) {
        if (e.isDirectory && !e.isSymlink) await step(join(dir, e.name), i, sym, false);
      }
      return;
    }
    for (const e of await entries(dir)) {
      const m = s.re!.exec(e.name);
      if (!m) continue;
      const p = join(dir, e.name);
      const captured = s.symbol ? m[1]! : sym;
      if (last) found.set(p, captured);
      else if (await isDir(p, e)) await step(p, i + 1, captured, e.isSymlink);
    }
  };
  await step(root, 0, undefined, false);
  return found;
}

/**
 * Split a pattern into the directory it is searched from (its segments
 * before the first with a pattern, resolved against `baseDir`) and the rest.
 */
function splitRoot(pattern: string, baseDir: string): { root: string; rest: string } {
  const parts = splitPath(pattern);
  const i = parts.findIndex((p) => isPattern(p) || p.includes("}"));
  const head = parts.slice(0, i).join("/");
  const root = head === "" && pattern.startsWith("/") ? "/" : resolve(baseDir, head);
  return { root, rest: parts.slice(i).join("/") };
}

/**
 * The files a `{ kind: "files" }` source reads, sorted, each with the symbol
 * the source gives it. A plain path is returned as is (the loader then
 * reports a missing file as it always has).
 *
 * @param src `path` alone: a file, a glob, or a glob with `{symbol}`; with
 *   `files` (a map `symbol → file or glob`), `path` is the directory the
 *   map's entries resolve against.
 * @param baseDir What relative paths resolve against.
 * @throws {DataError} when a pattern or a map entry matches no file, a
 *   `{symbol}` capture is empty, two files give the same symbol, or one
 *   file is mapped to two symbols.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveSourceFiles } from "./source_files.ts";
 * const dir = await Deno.makeTempDir();
 * for (const f of ["orcl-1995.txt", "yhoo-1996.txt", "nvda-1999.txt"]) await Deno.writeTextFile(`${dir}/${f}`, "");
 * const got = await resolveSourceFiles({ path: "{symbol}-*.txt" }, dir);
 * assert.deepEqual(got.map((f) => f.symbol), ["nvda", "orcl", "yhoo"]);
 * const some = await resolveSourceFiles({ path: "{orcl,yhoo}-*.txt" }, dir);
 * assert.deepEqual(some.map((f) => f.file), [`${dir}/orcl-1995.txt`, `${dir}/yhoo-1996.txt`]);
 * const mapped = await resolveSourceFiles({ path: dir, files: { ORCL: "orcl-1995.txt" } }, "/");
 * assert.deepEqual(mapped, [{ file: `${dir}/orcl-1995.txt`, symbol: "ORCL" }]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function resolveSourceFiles(
  src: { readonly path: string; readonly files?: Readonly<Record<string, string>> | undefined },
  baseDir: string,
): Promise<SourceFile[]> {
  const absOf = (p: string, base: string) => (isAbsolute(p) ? p : resolve(base, p));
  if (src.files) return await resolveMap(src.files, absOf(src.path, baseDir));
  if (!isPattern(src.path)) return [{ file: absOf(src.path, baseDir) }];
  const matched = await match(src.path, baseDir);
  const hasSymbol = src.path.includes(SYMBOL_PLACEHOLDER);
  if (!hasSymbol) return matched.map(({ file }) => ({ file }));
  const bySymbol = new Map<string, string>();
  for (const { file, symbol } of matched) {
    if (symbol === "") {
      throw new DataError(
        `Cannot load bars from "${file}": the pattern "${src.path}" gives it an empty symbol ({symbol} matched no characters)`,
      );
    }
    const other = bySymbol.get(symbol!);
    if (other !== undefined) {
      throw new DataError(
        `Cannot load bars: the pattern "${src.path}" gives two files the symbol "${symbol}": "${other}" and "${file}"; make the pattern tell them apart, or name each file's symbol in a map { kind: "files", files: { SYMBOL: "file" } }`,
      );
    }
    bySymbol.set(symbol!, file);
  }
  return matched;
}

async function match(pattern: string, baseDir: string): Promise<{ file: string; symbol?: string }[]> {
  const shown = pattern;
  const { root, rest } = splitRoot(pattern, baseDir);
  const segs = compile(rest);
  if (typeof segs === "string") throw new DataError(`Cannot load bars from "${shown}": ${segs}`);
  let found: Map<string, string | undefined>;
  try {
    found = await walk(root, segs);
  } catch (e) {
    throw new DataError(
      `Cannot load bars from "${shown}": cannot list the files in ${root} (${
        e instanceof Error ? e.message.split("\n")[0] : String(e)
      })`,
      { cause: e },
    );
  }
  // the matches that are files (a pattern's last segment may also match directories)
  const files: { file: string; symbol?: string }[] = [];
  for (const [file, symbol] of found) {
    let info: Deno.FileInfo | undefined;
    try {
      info = await Deno.stat(file);
    } catch {
      info = undefined; // a dangling link: left to the loader, which names it
    }
    if (info?.isDirectory) continue;
    files.push(symbol === undefined ? { file } : { file, symbol });
  }
  if (files.length === 0) {
    throw new DataError(`Cannot load bars: no files match "${shown}" (searched ${root} for ${rest})`);
  }
  return files.sort((a, b) => byteOrder(a.file, b.file));
}

async function resolveMap(files: Readonly<Record<string, string>>, dir: string): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  const owner = new Map<string, string>();
  for (const [symbol, path] of Object.entries(files)) {
    const abs = isAbsolute(path) ? path : resolve(dir, path);
    let list: string[];
    if (isPattern(path)) {
      if (path.includes(SYMBOL_PLACEHOLDER)) {
        throw new DataError(
          `Cannot load bars for symbol "${symbol}": a map entry names its symbol; drop {symbol} from "${path}"`,
        );
      }
      try {
        list = (await match(path, dir)).map((f) => f.file);
      } catch (e) {
        throw new DataError(`Cannot load bars for symbol "${symbol}" (data.source.files): ${(e as Error).message}`, {
          cause: e,
        });
      }
    } else {
      try {
        await Deno.stat(abs);
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) {
          throw new DataError(
            `Cannot load bars for symbol "${symbol}" (data.source.files): file "${path}" not found (resolved to ${abs})`,
          );
        }
        // other problems (permission, a loop of links) are named by the loader's own check
      }
      list = [abs];
    }
    for (const file of list) {
      const other = owner.get(file);
      if (other !== undefined) {
        throw new DataError(
          `Cannot load bars: "${file}" is mapped to two symbols, "${other}" and "${symbol}" (data.source.files)`,
        );
      }
      owner.set(file, symbol);
      out.push({ file, symbol });
    }
  }
  // load order: by symbol, then file; finish() sorts symbols anyway
  return out.sort((a, b) => byteOrder(a.symbol!, b.symbol!) || byteOrder(a.file, b.file));
}
