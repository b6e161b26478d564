/**
 * Objections (ý kiến góp ý) to a posted nominee, from any chat: accepted only while the dossier is
 * on a posting that is open and within its period, from 10 to 1000 characters, at most
 * {@link OBJECTIONS_PER_HOUR} per person per hour. Each gets a code (GY-2026-000001) the sender
 * keeps; an anonymous one keeps the sender's id only to tell them the answer.
 */
import type { Db, Tx } from "../db/open-database.ts";
import { postingRunning } from "./public-postings.ts";

export const OBJECTION_MIN_CHARS = 10;
export const OBJECTION_MAX_CHARS = 1000;
export const OBJECTIONS_PER_HOUR = 5;

export type ObjectionRefusal = "not_posted" | "too_short" | "too_long" | "too_many";

export interface NewObjection {
  dossierCode: string;
  content: string;
  anonymous: boolean;
  channel: string;
  reporterUserId: string;
  /** yyyy-mm-dd in Vietnam. */
  today: string;
  now: Date;
}

/** The posting the dossier is on that takes objections today, if any. */
export async function runningPostingOf(db: Db | Tx, dossierCode: string, today: string): Promise<{ postingId: string; dossierId: string } | null> {
  const dossier = await db.dossier.findUnique({ where: { code: dossierCode }, select: { id: true } });
  if (!dossier) return null;
  const entries = await db.postingEntry.findMany({ where: { dossierId: dossier.id }, include: { posting: true } });
  const entry = entries.find((e) => postingRunning(e.posting, today));
  return entry ? { postingId: entry.postingId, dossierId: dossier.id } : null;
}

/** Why an objection cannot be taken as sent, before anything is written; null when it can. */
export async function objectionRefusal(db: Db | Tx, o: NewObjection): Promise<ObjectionRefusal | null> {
  if (!(await runningPostingOf(db, o.dossierCode, o.today))) return "not_posted";
  const length = Array.from(o.content).length;
  if (length < OBJECTION_MIN_CHARS) return "too_short";
  if (length > OBJECTION_MAX_CHARS) return "too_long";
  const since = new Date(o.now.getTime() - 3_600_000);
  if ((await db.objection.count({ where: { reporterUserId: o.reporterUserId, receivedAt: { gt: since } } })) >= OBJECTIONS_PER_HOUR) return "too_many";
  return null;
}

/** Records the objection (checked again inside `tx`); its code, or why not. */
export async function recordObjection(tx: Tx, o: NewObjection): Promise<{ ok: true; code: string } | { ok: false; reason: ObjectionRefusal }> {
  const refused = await objectionRefusal(tx, o);
  if (refused) return { ok: false, reason: refused };
  const posted = (await runningPostingOf(tx, o.dossierCode, o.today))!;
  const name = `GY-${o.today.slice(0, 4)}`;
  const counter = await tx.counter.upsert({ where: { name }, create: { name, value: 1 }, update: { value: { increment: 1 } } });
  const code = `${name}-${String(counter.value).padStart(6, "0")}`;
  const row = await tx.objection.create({
    data: { code, postingId: posted.postingId, dossierId: posted.dossierId, channel: o.channel, reporterUserId: o.reporterUserId, anonymous: o.anonymous, content: o.content, receivedAt: o.now },
  });
  // The audit entry names no sender of an anonymous objection.
  await tx.auditLog.create({ data: { at: o.now, actorId: o.anonymous ? null : o.reporterUserId, action: "objection.received", entity: "Objection", entityId: row.id, data: { code, dossierId: posted.dossierId, anonymous: o.anonymous } } });
  return { ok: true, code };
}
