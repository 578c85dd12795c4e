/**
 * The comparison report of one job run: `report.json` (for machines) and
 * `report.html` (self-contained, in the skeleton and style of every page:
 * the studies, then one table of study, metric, previous, current, change,
 * alert), written together by the publisher of every result file so that
 * neither is ever seen half-written.
 *
 * `report.json` is written by the result files' formatter (the report
 * folder's `format.ts`): numbers rounded to 8 decimals in their shortest
 * form, and every number is a metric, so an undefined one (NaN) is `null`
 * and an infinite one the string `"Infinity"` or `"-Infinity"`, as in
 * `result.json`'s metrics. The results database keeps the exact doubles.
 *
 * @module
 */
import type { StagedDir } from "../report/atomic_write.ts";
import type { ByteWriter } from "../report/byte_writer.ts";
import { toJson } from "../report/format.ts";
import { escapeHtml, htmlPage } from "../report/html_page.ts";
import type { AlertOutcome } from "./alerts.ts";

/**
 * Version of the `report.json` layout; bumped on any incompatible change.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { JOB_REPORT_SCHEMA_VERSION } from "./report.ts";
 * assert.equal(JOB_REPORT_SCHEMA_VERSION, 1);
 * ```
 */
export const JOB_REPORT_SCHEMA_VERSION = 1;

/** How a study of a run ended. */
export type StudyStatus = "completed" | "failed" | "abandoned" | "not run";

/** One study of a run, as the report holds it. */
export interface StudyReport {
  readonly name: string;
  readonly kind: "backtest" | "grid" | "walkforward";
  readonly config: string;
  readonly status: StudyStatus;
  /** Why it failed, or null. */
  readonly error: string | null;
  /** The study's run id in the database (null unless completed and recorded). */
  readonly runId: string | null;
  readonly outputDir: string | null;
  readonly elapsedMs: number;
  /** The previous recorded run of the same job and study, or null (no baseline). */
  readonly previous: { readonly runId: string; readonly recordedAt: string } | null;
  readonly details: Readonly<Record<string, unknown>>;
}

/** One row of the comparison table. */
export interface MetricRow {
  readonly study: string;
  readonly metric: string;
  /** Null with no previous run (or the previous run did not record this metric). */
  readonly previous: number | null;
  /** NaN when undefined or the study did not complete. */
  readonly current: number;
  /** current − previous; null when either is missing or not finite. */
  readonly change: number | null;
  /** The alert rules over this metric, with whether each fired. */
  readonly alerts: readonly { readonly rule: string; readonly fired: boolean; readonly reason: string }[];
}

/** How a run ended; `exitCode` follows `deno task job --once`. */
export type RunStatus = "ok" | "alert" | "failed" | "interrupted";

/** Everything a job run reports. */
export interface JobReport {
  readonly schemaVersion: number;
  readonly job: string;
  readonly jobFile: string;
  readonly schedule: string;
  readonly timezone: string;
  /** The run's start time, `YYYYMMDDTHHMMSSZ`. */
  readonly stamp: string;
  /** The run's published directory: `<out root>/runs/<run id>` (see `engine/report/atomic_write.ts`). */
  readonly dir: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly status: RunStatus;
  /** 0 ok, 3 an alert fired, 2 a study failed on bad input, 1 a study failed otherwise, 130 / 143 interrupted (SIGINT / SIGTERM). */
  readonly exitCode: number;
  readonly gitRevision: string | null;
  readonly resultsDb: string;
  readonly studies: readonly StudyReport[];
  readonly alerts: readonly AlertOutcome[];
  readonly rows: readonly MetricRow[];
}

/**
 * The report as JSON text, laid out as `result.json` is (two-space indent,
 * one record per line in lists) with every number a metric (see the module
 * doc).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { reportJson } from "./report.ts";
 * assert.equal(
 *   reportJson({ a: NaN, b: -Infinity, c: 0.1 + 0.2, rows: [{ x: Infinity }] } as never),
 *   '{\n  "a": null,\n  "b": "-Infinity",\n  "c": 0.3,\n  "rows": [\n    {"x": "Infinity"}\n  ]\n}\n',
 * );
 * ```
 */
export function reportJson(report: JobReport): string {
  return toJson(report, { metrics: true }) + "\n";
}

const num = (x: number | null) =>
  x === null
    ? "—"
    : Number.isNaN(x)
    ? "undefined"
    : Number.isFinite(x)
    ? String(Number(x.toPrecision(6)))
    : x > 0
    ? "∞"
    : "−∞";

/**
 * The report as a self-contained HTML page (a producer for the publisher):
 * the run's status, the studies, and one table row per recorded metric with
 * the alerts over it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectText } from "../report/byte_writer.ts";
 * import { reportHtml } from "./report.ts";
 * const html = collectText(reportHtml({
 *   schemaVersion: 1, job: "nightly", jobFile: "jobs/nightly.ts", schedule: "0 2 * * *", timezone: "UTC",
 *   stamp: "20260101T020000Z", dir: "out/jobs/nightly/runs/20260101T020000.000Z-1a2b3c4d5e6f", startedAt: "2026-01-01T02:00:00Z", finishedAt: "2026-01-01T02:00:05Z",
 *   status: "alert", exitCode: 3, gitRevision: null, resultsDb: "out/results.duckdb", studies: [], alerts: [],
 *   rows: [{ study: "wf", metric: "oosSharpe", previous: 0.5, current: 0.9, change: 0.4,
 *     alerts: [{ rule: "change.abs > 0.3", fired: true, reason: "moved" }] }],
 * }));
 * assert.ok(html.includes('<tr class="fired"><td class="l">wf</td><td class="l">oosSharpe</td><td>0.5</td><td>0.9</td><td>+0.4</td>'));
 * assert.ok(html.includes("FIRED: change.abs &gt; 0.3"));
 * ```
 */
export function reportHtml(report: JobReport): (w: ByteWriter) => void {
  const status = {
    ok: "all well",
    alert: "an alert fired",
    failed: "a study failed",
    interrupted: "interrupted",
  }[report.status];
  const studies = report.studies.map((s) =>
    `<tr><td class="l">${escapeHtml(s.name)}</td><td class="l">${s.kind}</td><td class="l">${
      escapeHtml(s.config)
    }</td><td class="${s.status === "completed" ? "w" : "w bad"}">${escapeHtml(s.status)}${
      s.error ? `: ${escapeHtml(s.error)}` : ""
    }</td><td class="l">${s.previous ? escapeHtml(s.previous.recordedAt) : "no baseline"}</td><td>${
      (s.elapsedMs / 1000).toFixed(1)
    } s</td></tr>`
  ).join("\n");
  const rows = report.rows.map((r) => {
    const fired = r.alerts.some((a) => a.fired);
    const change = r.change === null ? "—" : `${r.change > 0 ? "+" : ""}${num(r.change)}`;
    const alerts = r.alerts.map((a) =>
      `<span title="${escapeHtml(a.reason)}">${a.fired ? "FIRED: " : ""}${escapeHtml(a.rule)}</span>`
    ).join("<br>");
    return `<tr${fired ? ' class="fired"' : ""}><td class="l">${escapeHtml(r.study)}</td><td class="l">${
      escapeHtml(r.metric)
    }</td><td>${num(r.previous)}</td><td>${num(r.current)}</td><td>${change}</td><td class="l">${alerts}</td></tr>`;
  }).join("\n");
  const body = `<h1>${escapeHtml(report.job)}: <span class="${report.status === "ok" ? "good" : "bad"}">${
    escapeHtml(status)
  }</span></h1>
<p class="sub">Run ${escapeHtml(report.stamp)}, ${escapeHtml(report.startedAt)} → ${
    escapeHtml(report.finishedAt)
  }; schedule <code>${escapeHtml(report.schedule)}</code> (${escapeHtml(report.timezone)}); job file ${
    escapeHtml(report.jobFile)
  }; git ${escapeHtml(report.gitRevision ?? "unknown")}; exit code ${report.exitCode}.</p>
<section class="scroll">
<h2>Studies</h2>
<table><thead><tr><th class="l">study</th><th class="l">kind</th><th class="l">config</th><th class="l">status</th><th class="l">previous run</th><th>time</th></tr></thead><tbody>
${studies}
</tbody></table>
</section>
<section class="scroll">
<h2>Metrics against the previous run</h2>
<table><thead><tr><th class="l">study</th><th class="l">metric</th><th>previous</th><th>current</th><th>change</th><th class="l">alert</th></tr></thead><tbody>
${rows}
</tbody></table>
</section>`;
  return htmlPage({
    title: `${report.job} ${report.stamp}: ${status}`,
    body,
    footer: "Every number is also in report.json.",
  });
}

/**
 * Write `report.json` and `report.html` into a job run's set, which its
 * owner publishes whole (see `engine/report/atomic_write.ts`): neither is
 * ever seen half-written, nor without the studies' files.
 *
 * @throws {OutputError} when they cannot be written.
 *
 * @example
 * ```ts ignore
 * await using out = await AtomicOutput.open("out/jobs/nightly");
 * await writeJobReport(out, report);
 * await out.commit();
 * ```
 */
export async function writeJobReport(out: StagedDir, report: JobReport): Promise<string[]> {
  return await out.write([
    { name: "report.json", content: reportJson(report) },
    { name: "report.html", content: reportHtml(report) },
  ]);
}
