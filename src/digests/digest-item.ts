/**
 * A dossier as the secretary's digest sees it (only what the digest may print: no CCCD, date of
 * birth or phone number, domain.md §9.4), and what its local status means for the digest: finished,
 * waiting with its processing time limit running, or waiting with the clock stopped.
 */

/** Items listed one by one in a section; the rest are counted ("… và 12 hồ sơ khác"), so a digest stays readable on a phone. */
export const MAX_LISTED = 15;
export type DigestItemKind = "GOOD_DEED_REPORT" | "NOMINATION_INDIVIDUAL" | "NOMINATION_COLLECTIVE" | "NOMINATION_HOUSEHOLD";

export interface DigestItem {
  /** Our dossier code, e.g. `TDKT-2026-000123`. */
  code: string;
  kind: DigestItemKind;
  /** Local status: the council's, upper-cased (QUEUED, FORWARDED, RECEIVED, IN_REVIEW, RETURNED, RESUBMITTED, RECOMMENDED, GRANTED, VERIFIED…). */
  status: string;
  submittedAt: Date;
  unitName: string;
  /** The nominee's or collective's name and the award, or the good deed's category and place. */
  title: string;
  /** Individual nominations only: a subject category of the nomination-individual flow. */
  subjectCategory: string | null;
  /** Individual nominations only: NAM | NU. */
  gender?: string | null;
  /**
   * When the council received the complete dossier (forwarded and accepted): its processing time
   * limit runs from that day. Null: not received yet, no due date.
   */
  clockStartedAt: Date | null;
  /** The processing time limit of its procedure in working days; null: none. */
  dueWorkingDays: number | null;
  /** Submitted since the previous digest. */
  isNew: boolean;
  attachments: number;
}

/**
 * Statuses after which a dossier no longer waits on anyone (RESUBMITTED: replaced by its
 * resubmission): a decision, the council's refusal to recommend, a report's closing outcome.
 */
export const FINISHED_STATUSES: readonly string[] = ["RESUBMITTED", "NOT_RECOMMENDED", "GRANTED", "REFUSED", "UNFOUNDED", "DUPLICATE", "PRAISED", "PROPOSED_FOR_AWARD", "FILED"];
const FINISHED = new Set(FINISHED_STATUSES);
/** Waiting statuses in which the processing time limit does not run (see isClockRunning). */
export const CLOCK_STOPPED_STATUSES: readonly string[] = ["RETURNED", "FORWARDED_UPWARD"];
export const KIND_ORDER: readonly DigestItemKind[] = ["NOMINATION_INDIVIDUAL", "NOMINATION_COLLECTIVE", "NOMINATION_HOUSEHOLD", "GOOD_DEED_REPORT"];

/** Not finished: the dossier still waits on someone. */
export const isWaiting = (item: DigestItem) => !FINISHED.has(item.status);
/**
 * A dossier returned for changes waits on its submitter, and one forwarded upward on the upper
 * level: the commune's time limit does not run.
 */
export const isClockRunning = (item: DigestItem) => isWaiting(item) && !CLOCK_STOPPED_STATUSES.includes(item.status);

/** Oldest submission first, ties by code, so every list of the digest reads the same way each time. */
export function byAge(a: DigestItem, b: DigestItem): number {
  return a.submittedAt.getTime() - b.submittedAt.getTime() || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}
