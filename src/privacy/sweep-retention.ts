/**
 * The retention sweep (run hourly by the composition root), so that what people typed and sent
 * is not kept longer than it serves them:
 *
 * 1. Cancelled drafts, and open drafts idle for longer than the retention period
 *    (DRAFT_RETENTION_DAYS, counted from the last activity — for a cancelled draft, the
 *    cancellation), are erased with their answers and files. A draft waiting for the council's
 *    fixes (PENDING_FIX) and a submitted one are not: the first is tied to a returned dossier, the
 *    second's dossier is the record (the person's own erasure removes both).
 * 2. Attachments that belong to nothing (no draft, nomination or good-deed report) are erased.
 * 3. Files on disk that no attachment references are deleted (e.g. left by a crash between an
 *    erasure's commit and the deletion of its bytes).
 *
 * Anything touched within {@link SWEEP_GRACE_MS} is spared: a file is written before the row
 * that references it (FileStore.put refreshes the time of bytes it already had), so a recent file
 * without a row may be an upload in flight.
 */
import type { Db } from "../db/open-database.ts";
import type { FileStore } from "../attachments/file-store.ts";
import { removeUnusedFiles } from "./erase-person.ts";

/** Rows and files younger than this are never swept. */
export const SWEEP_GRACE_MS = 60 * 60_000;

/** Drafts erased per transaction, so one sweep never holds the writer for long. */
const BATCH = 200;

export interface SweepRetentionDeps {
  db: Db;
  files: FileStore;
  now: () => Date;
  /** DRAFT_RETENTION_DAYS in milliseconds. */
  draftRetentionMs: number;
  /** The process-wide writer lock (SQLite); defaults to none. */
  serializeWrites?: <T>(work: () => Promise<T>) => Promise<T>;
}

export interface SweepResult {
  drafts: number;
  attachments: number;
  files: number;
}

export async function sweepRetention(deps: SweepRetentionDeps): Promise<SweepResult> {
  const { db } = deps;
  const serialize = deps.serializeWrites ?? ((work) => work());
  const now = deps.now();
  const cutoff = new Date(now.getTime() - deps.draftRetentionMs);
  const grace = new Date(now.getTime() - SWEEP_GRACE_MS);
  const expired = { status: { in: ["CANCELLED", "ACTIVE"] }, lastActivityAt: { lt: cutoff } };
  const unattached = { nominationId: null, goodDeedReportId: null };
  const result: SweepResult = { drafts: 0, attachments: 0, files: 0 };
  const candidates: Array<{ sha256: string; storageKey: string }> = [];

  for (;;) {
    const batch = await serialize(() =>
      db.$transaction(async (tx) => {
        // Read inside the transaction: a draft answered meanwhile is no longer expired.
        const drafts = await tx.draft.findMany({ where: expired, select: { id: true }, take: BATCH });
        if (drafts.length === 0) return null;
        const ids = drafts.map((d) => d.id);
        const files = await tx.attachment.findMany({ where: { draftId: { in: ids }, ...unattached }, select: { id: true, sha256: true, storageKey: true } });
        await tx.attachment.deleteMany({ where: { id: { in: files.map((f) => f.id) } } });
        await tx.attachment.updateMany({ where: { draftId: { in: ids } }, data: { draftId: null } });
        const deleted = await tx.draft.deleteMany({ where: { id: { in: ids } } });
        await tx.auditLog.create({ data: { at: now, action: "retention.drafts_erased", entity: "Draft", entityId: `before:${cutoff.toISOString()}`, data: { drafts: deleted.count, attachments: files.length } } });
        return { drafts: deleted.count, files };
      }),
    );
    if (!batch) break;
    result.drafts += batch.drafts;
    result.attachments += batch.files.length;
    candidates.push(...batch.files.map(({ sha256, storageKey }) => ({ sha256, storageKey })));
    if (batch.drafts < BATCH) break;
  }

  const orphans = await db.attachment.findMany({ where: { draftId: null, ...unattached, createdAt: { lt: grace } }, select: { id: true, sha256: true, storageKey: true } });
  if (orphans.length) {
    const deleted = await serialize(() => db.attachment.deleteMany({ where: { id: { in: orphans.map((o) => o.id) }, draftId: null, ...unattached } }));
    result.attachments += deleted.count;
    candidates.push(...orphans.map(({ sha256, storageKey }) => ({ sha256, storageKey })));
  }
  result.files += await removeUnusedFiles(db, deps.files, candidates);

  for (const file of await deps.files.list()) {
    if (file.modifiedAt >= grace) continue;
    const name = file.storageKey.split("/").at(-1) ?? "";
    const referenced = /^[0-9a-f]{64}$/.test(name) && (await db.attachment.count({ where: { sha256: name } })) > 0;
    if (referenced) continue;
    await deps.files.remove(file.storageKey);
    result.files++;
  }
  return result;
}
