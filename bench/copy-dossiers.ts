/**
 * Tops a benchmark database up with copies of a real submitted nomination (new ids, codes and
 * names, dates spread over the last weeks), so the forwarding and digest figures are taken over
 * thousands of dossiers without typing thousands of forms.
 */
import type { Db } from "../src/db/open-database.ts";
import { FORWARD_DOSSIER_JOB } from "../src/outbox/jobs.ts";

export interface CopyOptions {
  /** Copies to make. */
  count: number;
  /** Distinguishes the copies of one run from another's (codes TDKT-2026-<series>nnnnn). */
  series: number;
  /** Status of the k-th copy. */
  status: (k: number) => string;
  /** Queue a forward-dossier job for each copy, as a submission does. */
  forward: boolean;
  now: Date;
}

const BATCH = 500;

export async function copyDossiers(db: Db, opts: CopyOptions): Promise<void> {
  const template = await db.dossier.findFirst({ where: { nominationId: { not: null } }, include: { nomination: true } });
  if (!template?.nomination) throw new Error("no submitted nomination to copy");
  const { id: _n, ...nomination } = template.nomination;
  const { id: _d, nomination: _dn, ...dossier } = template;
  const tag = `${opts.series}-${Date.now().toString(36)}`;
  for (let start = 0; start < opts.count; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, opts.count - start) }, (_, i) => start + i);
    const code = (k: number) => `TDKT-2026-${opts.series}${String(k).padStart(5, "0")}`;
    await db.nomination.createMany({
      data: batch.map((k) => ({
        ...nomination,
        id: `bench-nom-${tag}-${k}`,
        draftId: `bench-draft-${tag}-${k}`,
        nomineeName: `${nomination.nomineeName} ${k}`,
        nomineeSnapshot: nomination.nomineeSnapshot as object,
      })),
    });
    await db.dossier.createMany({
      data: batch.map((k) => ({
        ...dossier,
        id: `bench-dos-${tag}-${k}`,
        code: code(k),
        nominationId: `bench-nom-${tag}-${k}`,
        goodDeedReportId: null,
        councilDossierId: null,
        forwardedAt: null,
        payload: { ...(dossier.payload as object), code: code(k) },
        returnedFields: undefined,
        decision: undefined,
        submittedAt: new Date(opts.now.getTime() - (k % 20) * 86_400_000),
        status: opts.status(k),
      })),
    });
    if (opts.forward) {
      await db.outboxJob.createMany({
        data: batch.map((k) => ({
          kind: FORWARD_DOSSIER_JOB.kind,
          payload: { dossierId: `bench-dos-${tag}-${k}`, code: code(k) },
          idempotencyKey: `${FORWARD_DOSSIER_JOB.kind}:bench-dos-${tag}-${k}`,
          status: "PENDING",
          nextAttemptAt: opts.now,
        })),
      });
    }
  }
}
