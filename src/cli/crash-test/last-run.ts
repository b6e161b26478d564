/**
 * The crash test's last run, on a server that is not killed: the messages left pending by the last
 * kill are re-sent, the open reports are checked, everyone finishes the report in hand, and the
 * outbox is given time to deliver what the killed processes left behind.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { openDatabase, type Db } from "../../db/open-database.ts";
import { appEnv, type RunningServer } from "../../../test/support/spawn-app.ts";
import { checkOpenDrafts } from "./open-drafts.ts";
import { SCRIPT, sendNext, type Person } from "./simulated-person.ts";

/** Runs the last round on `server`; returns the acknowledged answers missing from open drafts. */
export async function finishLastRun(server: RunningServer, dataDir: string, people: readonly Person[], violations: string[]): Promise<number> {
  const alive = () => true;
  for (const p of people) {
    for (let tries = 0; p.pending && tries < 5; tries++) await sendNext(server, p, alive, violations);
    if (p.pending) violations.push(`${p.name}: the message sent before the last kill is still refused`);
  }
  const { db } = await openDatabase(appEnv(dataDir).DATABASE_URL!);
  try {
    // Before anyone moves on: every acknowledged answer of an open report is in its draft.
    const lostAnswers = await checkOpenDrafts(db, people, violations);
    // Then everyone finishes the report in hand, on the restarted process.
    await Promise.all(
      people.map(async (p) => {
        for (let tries = 0; p.pos !== 0; tries++) {
          if (tries > 3 * SCRIPT.length) {
            violations.push(`${p.name}: could not finish the open report (stuck at script step ${p.pos})`);
            break;
          }
          await sendNext(server, p, alive, violations);
        }
      }),
    );
    await waitForOutbox(db);
    return lostAnswers;
  } finally {
    await db.$disconnect();
  }
}

/**
 * Waits (bounded) until the dossiers are forwarded, then a little for the feed follower and the
 * notify jobs. A job claimed by a killed process is claimed again only when its lease ends: the
 * wait runs past the latest lease, not just a fixed time.
 */
async function waitForOutbox(db: Db): Promise<void> {
  const leases = await db.outboxJob.findMany({ where: { kind: "forward-dossier", status: "RUNNING" }, select: { lockedUntil: true } });
  const latestLease = Math.max(0, ...leases.map((j) => j.lockedUntil?.getTime() ?? 0));
  const settleUntil = Math.min(Date.now() + 180_000, Math.max(Date.now() + 30_000, latestLease + 15_000));
  for (;;) {
    const busy = await db.outboxJob.count({ where: { kind: "forward-dossier", status: { in: ["PENDING", "RUNNING"] } } });
    if (busy === 0 || Date.now() > settleUntil) break;
    await sleep(200);
  }
  const notifyUntil = Date.now() + 10_000;
  for (;;) {
    const busy = await db.outboxJob.count({ where: { status: "RUNNING" } });
    const due = await db.outboxJob.count({ where: { status: "PENDING", nextAttemptAt: { lte: new Date() } } });
    if ((busy === 0 && due === 0) || Date.now() > notifyUntil) break;
    await sleep(200);
  }
}
