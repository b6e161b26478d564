/**
 * Forwarding rate: the product's outbox runner sends every queued dossier to the embedded council
 * service, served over HTTP on 127.0.0.1, exactly as `npm start` wires them (one runner, writes
 * serialised with the rest of the process), with up to --forward-concurrency (8) dossiers in
 * flight. Counts the TCP connections the council accepted: Node's fetch keeps them alive, so a
 * few connections carry every dossier.
 */
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import type { Assistant } from "../src/build-assistant.ts";
import { createCouncilApp } from "../src/council/council-app.ts";
import { createCouncilClient } from "../src/council/council-client.ts";
import { forwardDossierJob } from "../src/council/forward-dossier-job.ts";
import { FORWARD_DOSSIER_JOB } from "../src/outbox/jobs.ts";
import { createLogger } from "../src/log.ts";
import { OutboxRunner } from "../src/outbox/outbox-runner.ts";

export interface ForwardingResult {
  dossiers: number;
  seconds: number;
  perSecond: number;
  /** Jobs not DONE afterwards (should be 0). */
  notDone: number;
  /** Dossiers in flight at most. */
  concurrency: number;
  /** TCP connections the council accepted during the run. */
  connections: number;
}

export async function benchForwarding(a: Assistant, concurrency: number): Promise<ForwardingResult> {
  const log = createLogger({ level: "silent", pretty: false });
  const token = "bench-forwarding-token-0123456789";
  const app = createCouncilApp({ db: a.db, clients: [{ id: "bot", role: "submitter", token }], log });
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  let connections = 0;
  server.on("connection", () => connections++);
  const { port } = server.address() as AddressInfo;
  try {
    const client = createCouncilClient({ baseUrl: `http://127.0.0.1:${port}`, token });
    const runner = new OutboxRunner({
      db: a.db,
      handlers: { [FORWARD_DOSSIER_JOB.kind]: forwardDossierJob({ db: a.db, client }) },
      log,
      serialize: a.serializeWrites,
      concurrentKinds: [FORWARD_DOSSIER_JOB.kind],
      concurrency,
    });
    const queued = await a.db.outboxJob.count({ where: { kind: FORWARD_DOSSIER_JOB.kind, status: "PENDING" } });
    const t0 = performance.now();
    const forwarded = await runner.drain();
    const seconds = (performance.now() - t0) / 1000;
    const notDone = await a.db.outboxJob.count({ where: { kind: FORWARD_DOSSIER_JOB.kind, status: { not: "DONE" } } });
    const councilDossiers = await a.db.councilDossier.count();
    if (councilDossiers !== forwarded) throw new Error(`the council holds ${councilDossiers} dossiers for ${forwarded} forwarded`);
    if (forwarded < queued) throw new Error(`forwarded ${forwarded} of ${queued} queued dossiers`);
    return { dossiers: forwarded, seconds: Math.round(seconds * 10) / 10, perSecond: Math.round((forwarded / seconds) * 10) / 10, notDone, concurrency, connections };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
