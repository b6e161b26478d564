/**
 * What the secretary's digest is built from: the council and its secretary, the period, the
 * instant and the date it is counted to, the working-day calendar and the cut-offs, the dossiers,
 * and the figure the direct-worker share is read against. Plain data: the caller reads the clock
 * and the database.
 */
import type { LocalDate } from "../time/local-date.ts";
import type { DigestItem } from "./digest-item.ts";
import type { Cutoff } from "./processing-limits.ts";
import type { HolidayCalendar } from "./working-days.ts";

export interface DigestInput {
  /** E.g. "Hội đồng TĐKT Xã Hà Trung". */
  councilName: string;
  /** Null prints the function instead ("đ/c Thư ký Hội đồng"). */
  secretaryName: string | null;
  /** E.g. "25/11/2026" or "tuần 48/2026", printed as given. */
  period: { label: string };
  /** When the digest is built; printed in Vietnam time. */
  now: Date;
  /** The date in Vietnam that due dates and ages are counted to. */
  today: LocalDate;
  calendar: HolidayCalendar;
  /** Dossiers due within this many working days are listed as urgent (usually 2). */
  warnWithinWorkingDays: number;
  /** The province's cut-off dates for sending dossiers; those coming up are shown in the header. */
  cutoffs: readonly Cutoff[];
  /** The dossiers in the secretary's scope; the caller decides the period they cover. */
  items: DigestItem[];
  /** What the direct-worker share is read against; null prints none. */
  shareReference: ShareReference | null;
  /** Review rounds' lists posted publicly now (công khai), with the comments received; none: no section. */
  postings?: DigestPosting[];
}

/** A list being posted publicly: until when, and its comments (góp ý) still to answer. */
export interface DigestPosting {
  roundCode: string;
  roundTitle: string;
  endsOn: LocalDate;
  comments: number;
  unanswered: number;
}

/**
 * A figure to read the share against, never a target: no law sets a share (Luật Thi đua, khen
 * thưởng 2022 Điều 5.2 only asks to favour people who work directly). The default is what Kon Tum
 * achieved in 2021 (001:L255); an installation sets its own (DIGEST_SHARE_REFERENCE) or none.
 */
export interface ShareReference {
  label: string;
  percent: number;
}
export const DEFAULT_SHARE_REFERENCE: ShareReference = { label: "Kon Tum 2021", percent: 58 };
