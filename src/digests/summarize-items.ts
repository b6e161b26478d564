/**
 * The digest's figures counted from a full list of dossiers (the alternative to counting them in
 * the database, see digest-service.ts): both give a {@link DigestSummary} that renderDigest prints.
 */
import { directWorkerShare, type DirectWorkerShare } from "./direct-worker-share.ts";
import { byAge, isClockRunning, isWaiting, MAX_LISTED, type DigestItem, type DigestItemKind } from "./digest-item.ts";
import { urgentAmong, type UrgencyContext, type UrgentItem } from "./urgency.ts";

/**
 * Everything the digest prints about the dossiers, counted: what waits per status, what is new
 * per kind with the oldest MAX_LISTED of each, the urgent ones, the direct-worker share and the
 * oldest waiting dossier. `summarizeItems` counts it from a list of items; the digest service
 * counts it in the database (GROUP BY) and loads only the dossiers that are listed one by one.
 */
export interface DigestSummary {
  /** Waiting (not finished) dossiers per status. */
  waitingByStatus: ReadonlyMap<string, number>;
  /** Waiting good-deed reports. */
  waitingReports: number;
  /** New since the previous digest, per kind: how many, and the oldest MAX_LISTED by age. */
  fresh: ReadonlyMap<DigestItemKind, { count: number; listed: readonly DigestItem[] }>;
  /** From urgentAmong: only the first MAX_LISTED need their titles. */
  urgent: readonly UrgentItem[];
  /** Dossiers whose due date could not be counted (see urgentAmong). */
  uncounted: number;
  share: DirectWorkerShare;
  /** The oldest waiting dossier. */
  oldest: DigestItem | null;
}

/** The summary of a full list of items. */
export function summarizeItems(items: readonly DigestItem[], ctx: UrgencyContext): DigestSummary {
  const waiting = items.filter(isWaiting).sort(byAge);
  const waitingByStatus = new Map<string, number>();
  for (const item of waiting) waitingByStatus.set(item.status, (waitingByStatus.get(item.status) ?? 0) + 1);
  const fresh = new Map<DigestItemKind, { count: number; listed: DigestItem[] }>();
  for (const item of items.filter((i) => i.isNew).sort(byAge)) {
    const group = fresh.get(item.kind) ?? { count: 0, listed: [] };
    if (group.count++ < MAX_LISTED) group.listed.push(item);
    fresh.set(item.kind, group);
  }
  return {
    waitingByStatus,
    waitingReports: waiting.filter((i) => i.kind === "GOOD_DEED_REPORT").length,
    fresh,
    ...urgentAmong(waiting.filter(isClockRunning), ctx),
    share: directWorkerShare(items),
    oldest: waiting[0] ?? null,
  };
}
