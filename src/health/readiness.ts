/**
 * Readiness (`GET /readyz`), apart from liveness (`GET /healthz`): whether a load balancer should
 * send this instance work. Ready means the database answers and has every migration shipped with
 * the code applied, and the instance is not stopping. Channels are reported, never required: a
 * Telegram outage leaves the web chat and the other channels serving.
 *
 * {@link checkReadiness} takes its probes as functions, so it is tested with fakes; the composition
 * root passes the real database probes ({@link ./database-probes.ts}) and mounts the route with
 * {@link mountReadiness}. The answer tells nothing personal (states, migration names, counts), so
 * the route needs no sign-in and answers under any Host name, like `/healthz`.
 */
import type { Hono } from "hono";
import type { AppLog } from "../log.ts";

/** What a readiness check reads. */
export interface ReadinessProbes {
  /** The instance id (INSTANCE_ID). */
  instance: string;
  /** True once a graceful shutdown began. */
  stopping: () => boolean;
  /** Resolves when the database answers a trivial query; rejects (or never settles) otherwise. */
  database: () => Promise<void>;
  /** The migrations shipped with the code that the database has not applied. */
  missingMigrations: () => Promise<string[]>;
  /** Each channel's state (see ChannelStates). */
  channels: () => Record<string, string>;
  /** Work in hand now: messages being handled, and HTTP requests being answered (a drain waits for both). */
  inFlight: () => InFlightCounts;
  /** How long each database probe may take before it counts as failed; default 2 s. */
  timeoutMs?: number;
}

/** Counts of the work in hand, as /readyz reports them. */
export interface InFlightCounts {
  messages: number;
  requests: number;
}

/** `/readyz` once a graceful shutdown began: a load balancer stops sending work here. */
export interface StoppingReport {
  ready: false;
  stopping: true;
  instance: string;
  inFlight: InFlightCounts;
}

/** `/readyz` after the probes ran. */
export interface CheckedReport {
  ready: boolean;
  instance: string;
  database: "ok" | "unreachable" | "timeout";
  /** "unknown" when the database could not be asked, or its answer could not be read. */
  migrations: "ok" | "missing" | "unknown" | "timeout";
  missingMigrations?: string[];
  channels: Record<string, string>;
  inFlight: InFlightCounts;
}

/** The JSON body of `/readyz`. */
export type ReadinessReport = StoppingReport | CheckedReport;

/** A readiness check's outcome: the HTTP status, the body, and what failed (for the log only, never the body). */
export interface Readiness {
  status: 200 | 503;
  report: ReadinessReport;
  problem?: unknown;
}

const DEFAULT_TIMEOUT_MS = 2000;

class ProbeTimeout extends Error {
  override name = "ProbeTimeout";
}

/** Settles as `work`, or rejects with a {@link ProbeTimeout} after `ms`. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the probes: 200 when ready, 503 with the failing part otherwise, 503 `stopping` once shutdown began. */
export async function checkReadiness(probes: ReadinessProbes): Promise<Readiness> {
  const { instance } = probes;
  if (probes.stopping()) return { status: 503, report: { ready: false, stopping: true, instance, inFlight: probes.inFlight() } };
  const timeoutMs = probes.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const channels = probes.channels();
  const notReady = (parts: Pick<CheckedReport, "database" | "migrations" | "missingMigrations">, problem: unknown): Readiness => ({
    status: 503,
    report: { ready: false, instance, ...parts, channels, inFlight: probes.inFlight() },
    problem,
  });
  try {
    await within(timeoutMs, probes.database());
  } catch (err) {
    return notReady({ database: err instanceof ProbeTimeout ? "timeout" : "unreachable", migrations: "unknown" }, err);
  }
  let missing: string[];
  try {
    missing = await within(timeoutMs, probes.missingMigrations());
  } catch (err) {
    return notReady({ database: "ok", migrations: err instanceof ProbeTimeout ? "timeout" : "unknown" }, err);
  }
  if (missing.length > 0) return notReady({ database: "ok", migrations: "missing", missingMigrations: missing }, `migrations not applied: ${missing.join(", ")}`);
  return { status: 200, report: { ready: true, instance, database: "ok", migrations: "ok", channels, inFlight: probes.inFlight() } };
}

/**
 * Mounts `GET /readyz` on `app`. Logs when the instance becomes not ready (with what failed) and
 * when it is ready again, once per change rather than at every poll of a load balancer.
 */
export function mountReadiness(app: Hono, probes: ReadinessProbes, log: AppLog): void {
  let wasReady: boolean | null = null;
  app.get("/readyz", async (c) => {
    const { status, report, problem } = await checkReadiness(probes);
    if (report.ready !== wasReady && !("stopping" in report)) {
      if (report.ready) log.info({ instance: report.instance }, "ready");
      else log.warn({ err: problem, database: report.database, migrations: report.migrations }, "not ready");
    }
    wasReady = report.ready;
    c.header("Cache-Control", "no-store");
    return c.json(report, status);
  });
}
