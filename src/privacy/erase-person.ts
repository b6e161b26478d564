/**
 * Erasure of a person's data at their request (withdrawal of consent, Luật Bảo vệ dữ liệu cá nhân
 * 91/2025/QH15), shared by the chat command and `npm run admin -- people:erase`.
 *
 * Erased, in one transaction: every draft (open, cancelled, submitted, waiting for a fix) with its
 * answers; every file the person uploaded that is not part of a submitted dossier; the channel
 * identities, name and phone, roles, digest subscription and digests, link codes, web sessions,
 * console sign-in links and sessions, failed-attempt counts, the processed-message rows of their
 * chats (with the replies kept for resends) and chat notifications to them still in the outbox.
 *
 * Kept, because the law requires submitted dossiers to be kept: each Dossier, Nomination and
 * GoodDeedReport with its files, pseudonymised (and objections to posted lists, unlinked from them) — the submitter's name is removed from the payload
 * and a reporter's name and phone from the report and the payload; what the dossier is about (the
 * nominee, the doer of the good deed) is its substance and stays. The User row stays with
 * `erasedAt` set and nothing else that names the person, so the dossiers keep a submitter id. The
 * audit log (append-only) gains one `user.erased` entry with counts only.
 *
 * The council is told through the outbox: one `personal-data-erased` job per dossier, which asks
 * it to pseudonymise its copy the same way (see personal-data-erased-job.ts).
 *
 * Files on disk are content-addressed, so bytes are deleted after the commit, and only when no
 * remaining attachment has the same sha256; a crash in between leaves unreferenced bytes, which
 * the retention sweep removes.
 */
import { enqueueJob, NOTIFY_JOB, PERSONAL_DATA_ERASED_JOB, type NotifyPayload } from "../outbox/jobs.ts";
import { jobsInUse } from "../jobs/jobs-in-use.ts";
import type { Db, Tx } from "../db/open-database.ts";
import type { FileStore } from "../attachments/file-store.ts";
import { pseudonymisePayload } from "../dossiers/pseudonymise-payload.ts";

export interface EraseInput {
  userId: string;
  now: Date;
  /** Who asked: "self" (the chat command) or the operator's name (the command line). */
  by: string;
}

export interface ErasedCounts {
  drafts: number;
  attachments: number;
  identities: number;
  /** Submitted dossiers kept, pseudonymised. */
  dossiers: number;
}

export type EraseRowsResult =
  | { ok: true; counts: ErasedCounts; alreadyErased: boolean; /** Files whose bytes may now be unused. */ files: Array<{ sha256: string; storageKey: string }> }
  | { ok: false; reason: "unknown_user" };

export type EraseResult = Exclude<EraseRowsResult, { files: unknown }> | { ok: true; counts: ErasedCounts; alreadyErased: boolean; filesRemoved: number };

/** Erases the person's rows inside `tx` (see the module comment); the caller then calls {@link removeUnusedFiles}. */
export async function erasePersonRows(tx: Tx, input: EraseInput): Promise<EraseRowsResult> {
  const { userId, now } = input;
  const user = await tx.user.findUnique({ where: { id: userId } });
  if (!user) return { ok: false, reason: "unknown_user" };

  const identities = await tx.channelIdentity.findMany({ where: { userId } });
  const drafts = await tx.draft.findMany({ where: { userId }, select: { id: true, chatKey: true } });
  const draftIds = drafts.map((d) => d.id);
  const chats = new Map<string, { channel: string; chatId: string }>();
  for (const i of identities) chats.set(`${i.channel}:${i.externalId}`, { channel: i.channel, chatId: i.externalId });
  for (const d of drafts) {
    const [channel, ...rest] = d.chatKey.split(":");
    if (channel && rest.length) chats.set(d.chatKey, { channel, chatId: rest.join(":") });
  }

  // Files of a submitted dossier belong to it; every other file the person sent goes.
  const unattached = { nominationId: null, goodDeedReportId: null };
  const attachments = await tx.attachment.findMany({
    where: { OR: [{ uploadedById: userId, ...unattached }, { draftId: { in: draftIds }, ...unattached }] },
    select: { id: true, sha256: true, storageKey: true },
  });
  await tx.attachment.deleteMany({ where: { id: { in: attachments.map((a) => a.id) } } });
  await tx.attachment.updateMany({ where: { draftId: { in: draftIds } }, data: { draftId: null } });
  await tx.draft.deleteMany({ where: { userId } });

  await tx.goodDeedReport.updateMany({ where: { reporterUserId: userId }, data: { reporterName: null, reporterPhone: null } });
  const dossiers = await tx.dossier.findMany({ where: { submittedById: userId }, select: { id: true, payload: true } });
  for (const d of dossiers) {
    await tx.dossier.update({ where: { id: d.id }, data: { payload: pseudonymisePayload(d.payload) as object } });
    await enqueueJob(tx, PERSONAL_DATA_ERASED_JOB, { dossierId: d.id }, { key: `${PERSONAL_DATA_ERASED_JOB.kind}:${d.id}`, at: now, ifQueued: "skip" });
  }

  // Messages to the person still waiting in the outbox, and those sent, carry their chat id and text.
  await jobsInUse().deleteWhere(tx, NOTIFY_JOB, (payload) => {
    const p = payload as Partial<NotifyPayload> | null;
    return p !== null && chats.has(`${p.channel}:${p.chatId}`);
  });

  for (const { channel, chatId } of chats.values()) {
    await tx.processedMessage.deleteMany({ where: { channel, chatId } });
    if (channel === "web") await tx.webSession.deleteMany({ where: { chatId } });
  }
  await tx.failedAttempt.deleteMany({ where: { key: { in: [`user:${userId}`, ...[...chats.keys()].map((k) => `chat:${k}`)] } } });
  await tx.linkCode.deleteMany({ where: { userId } });
  await tx.consoleLink.deleteMany({ where: { userId } });
  await tx.consoleSession.deleteMany({ where: { userId } });
  await tx.digestSubscription.deleteMany({ where: { userId } });
  await tx.digest.deleteMany({ where: { userId } });
  await tx.userRole.deleteMany({ where: { userId } });
  await tx.channelIdentity.deleteMany({ where: { userId } });
  await tx.user.update({ where: { id: userId }, data: { fullName: null, phone: null, erasedAt: user.erasedAt ?? now } });
  // Objections they sent to a posted list stay (they are about the nominee), no longer linked to them.
  await tx.objection.updateMany({ where: { reporterUserId: userId }, data: { reporterUserId: null } });

  const counts: ErasedCounts = { drafts: drafts.length, attachments: attachments.length, identities: identities.length, dossiers: dossiers.length };
  await tx.auditLog.create({
    data: { at: now, actorId: input.by === "self" ? userId : null, action: "user.erased", entity: "User", entityId: userId, data: { by: input.by === "self" ? "self" : "admin", ...counts } },
  });
  return { ok: true, counts, alreadyErased: user.erasedAt !== null, files: attachments.map(({ sha256, storageKey }) => ({ sha256, storageKey })) };
}

/** Deletes the bytes of files no remaining attachment references (same sha256). Returns how many. */
export async function removeUnusedFiles(db: Db, files: FileStore, candidates: ReadonlyArray<{ sha256: string; storageKey: string }>): Promise<number> {
  let removed = 0;
  const seen = new Set<string>();
  for (const f of candidates) {
    if (seen.has(f.sha256)) continue;
    seen.add(f.sha256);
    if ((await db.attachment.count({ where: { sha256: f.sha256 } })) > 0) continue;
    await files.remove(f.storageKey);
    removed++;
  }
  return removed;
}

export interface EraseDeps {
  db: Db;
  files: FileStore;
  /** The process-wide writer lock (SQLite); defaults to none. */
  serializeWrites?: <T>(work: () => Promise<T>) => Promise<T>;
}

/** Erases a person (see the module comment): rows in one transaction, then unused bytes on disk. */
export async function erasePerson(deps: EraseDeps, input: EraseInput): Promise<EraseResult> {
  const serialize = deps.serializeWrites ?? ((work) => work());
  const result = await serialize(() => deps.db.$transaction((tx) => erasePersonRows(tx, input), { timeout: 60_000, maxWait: 20_000 }));
  if (!result.ok) return result;
  const filesRemoved = await removeUnusedFiles(deps.db, deps.files, result.files);
  return { ok: true, counts: result.counts, alreadyErased: result.alreadyErased, filesRemoved };
}
