/**
 * How a study reaches a worker on another machine: by reference, never by
 * value. A {@linkcode StudyRef} names the config module and every data file
 * by path (relative to the working directory, the repository root, when the
 * file lies inside it) together with its sha256. A worker opens the same
 * paths in its own checkout, hashes them, and refuses the study with a
 * {@linkcode BackendError} when any hash differs: a chunk never runs on
 * other bars than the coordinator's.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { ConfigOverrides } from "../config/load_config.ts";
import type { Config } from "../config/schema.ts";
import { sourceFiles } from "../data/load_bars.ts";
import { BackendError } from "../errors.ts";

/** A file by path and content hash. */
export interface FileRef {
  /** Relative to the working directory when inside it, else absolute. */
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** Everything a worker needs to run chunks of a study, by reference. */
export interface StudyRef {
  /** sha256 of the other fields: equal ids mean the same study inputs. */
  readonly id: string;
  readonly config: FileRef;
  /** The same overrides the coordinator applied (`--data`, `--set`, …). */
  readonly overrides: ConfigOverrides;
  /** The bar files, in load order. */
  readonly data: readonly FileRef[];
}

const hashCache = new Map<string, { mtimeMs: number; size: number; sha256: string }>();

/**
 * sha256 (hex) of a file, streamed; remembered per path while its mtime and
 * size stay the same.
 */
export async function fileSha256(path: string): Promise<{ sha256: string; bytes: number }> {
  const st = await Deno.stat(path);
  const mtimeMs = st.mtime?.getTime() ?? -1;
  const hit = hashCache.get(path);
  if (hit !== undefined && hit.mtimeMs === mtimeMs && hit.size === st.size) {
    return { sha256: hit.sha256, bytes: st.size };
  }
  const h = createHash("sha256");
  using f = await Deno.open(path, { read: true });
  const buf = new Uint8Array(1 << 20);
  for (;;) {
    const n = await f.read(buf);
    if (n === null) break;
    h.update(buf.subarray(0, n));
  }
  const sha256 = h.digest("hex");
  hashCache.set(path, { mtimeMs, size: st.size, sha256 });
  return { sha256, bytes: st.size };
}

function shownPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? abs : rel.split(sep).join("/");
}

async function fileRef(abs: string, cwd: string): Promise<FileRef> {
  return { path: shownPath(abs, cwd), ...await fileSha256(abs) };
}

/**
 * The reference of a study: its config module and data files, hashed.
 *
 * @throws {BackendError} when the data comes from a SQL query (no files to
 * send by reference).
 */
export async function studyRef(
  configPath: string,
  overrides: ConfigOverrides,
  config: Config,
  cwd = Deno.cwd(),
): Promise<StudyRef> {
  const files = await sourceFiles(config.data, { baseDir: cwd });
  if (files === null) {
    throw new BackendError(
      `Cannot distribute "${configPath}": its data comes from a SQL query; a queue backend needs data files (CSV, Parquet or .duckdb) that workers can hash`,
    );
  }
  const config_ = await fileRef(resolve(cwd, configPath), cwd);
  const data: FileRef[] = [];
  for (const f of files) data.push(await fileRef(f, cwd));
  const body = { config: config_, overrides, data };
  const id = createHash("sha256").update(JSON.stringify(body)).digest("hex");
  return { id, ...body };
}

/**
 * Check a reference against this machine's files; returns the config
 * module's absolute path.
 *
 * @throws {BackendError} naming the file, the expected and the found sha256
 * (or the missing file), when this worker cannot run the study.
 */
export async function verifyConfigRef(ref: StudyRef, cwd = Deno.cwd()): Promise<string> {
  const abs = resolve(cwd, ref.config.path);
  await expectFile(ref.config, abs, "config module");
  return abs;
}

/**
 * Check the data files a worker's own load of the config would read against
 * the reference (same files, same order, same sha256).
 */
export async function verifyDataRef(ref: StudyRef, config: Config, cwd = Deno.cwd()): Promise<void> {
  const files = await sourceFiles(config.data, { baseDir: cwd });
  const mine = (files ?? []).map((f) => shownPath(f, cwd));
  const theirs = ref.data.map((d) => d.path);
  if (mine.join("\n") !== theirs.join("\n")) {
    throw new BackendError(
      `Data mismatch on worker ${Deno.hostname()}: the study reads ${theirs.length} file(s) [${
        theirs.join(", ")
      }] but here the source resolves to ${mine.length} [${mine.join(", ")}]`,
    );
  }
  for (const d of ref.data) await expectFile(d, resolve(cwd, d.path), "data file");
}

async function expectFile(ref: FileRef, abs: string, what: string): Promise<void> {
  let found: { sha256: string; bytes: number };
  try {
    found = await fileSha256(abs);
  } catch (e) {
    throw new BackendError(
      `Data mismatch on worker ${Deno.hostname()}: ${what} "${ref.path}" is missing here (${abs}): ${
        e instanceof Error ? e.message : e
      }`,
      { cause: e },
    );
  }
  if (found.sha256 !== ref.sha256) {
    throw new BackendError(
      `Data mismatch on worker ${Deno.hostname()}: ${what} "${ref.path}" has sha256 ${found.sha256} (${found.bytes} bytes), expected ${ref.sha256} (${ref.bytes} bytes); refusing to run on different ${
        what === "config module" ? "code" : "bars"
      }`,
    );
  }
}
