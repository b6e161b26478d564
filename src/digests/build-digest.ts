/**
 * The council secretary's digest (domain.md §9.4) as text, built from plain data: no database,
 * no clock (the caller passes `now` and `today`), no channel. Sections, in this order, each left
 * out when it has nothing to say except the header and the footer:
 *
 *   header · ⚠️ act now · 📥 new · ⏳ waiting · 🌟 good-deed reports · 📊 direct-worker share ·
 *   ⌛ longest waiting · footer
 *
 * Sections are separated by one blank line, which is where `splitDigest` cuts first. Every line
 * about one dossier starts with its code, so the secretary can type "trạng thái <mã>".
 *
 * Personal data: the builder prints only the fields of `DigestItem` (code, kind, status, dates,
 * unit, title, attachment count). Titles are typed by people, so as a second line of defence any
 * phone-number-like or 12-digit run in them is masked (domain.md §9.4: no CCCD, date of birth or
 * phone number in digests).
 */
import type { I18n, Lang, Params } from "../i18n/i18n.ts";
import { compareLocalDate, formatLocalDate, toIsoDate, type LocalDate } from "../time/local-date.ts";
import { localDateInVietnam, timeInVietnam } from "../time/vietnam-time.ts";
import { CalendarNotCoveredError, type HolidayCalendar } from "./working-days.ts";
import type { Cutoff } from "./processing-limits.ts";
import { directWorkerShare, type DirectWorkerShare } from "./direct-worker-share.ts";

export { COUNTED_APART_CATEGORIES, DIRECT_WORKER_CATEGORIES, directWorkerShare, directWorkerShareOf, LEADER_CATEGORY } from "./direct-worker-share.ts";
export type { DirectWorkerShare, ShareGroup } from "./direct-worker-share.ts";
export { splitDigest } from "./split-digest.ts";


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


/**
 * Statuses after which a dossier no longer waits on anyone (RESUBMITTED: replaced by its
 * resubmission): a decision, the council's refusal to recommend, a report's closing outcome.
 */
export const FINISHED_STATUSES: readonly string[] = ["RESUBMITTED", "NOT_RECOMMENDED", "GRANTED", "REFUSED", "UNFOUNDED", "DUPLICATE", "PRAISED", "PROPOSED_FOR_AWARD", "FILED"];
const FINISHED = new Set(FINISHED_STATUSES);
/** Waiting statuses in which the processing time limit does not run (see isClockRunning). */
export const CLOCK_STOPPED_STATUSES: readonly string[] = ["RETURNED", "FORWARDED_UPWARD"];
/** Waiting statuses in the order they are listed; unknown waiting statuses follow, by code. */
const WAITING_ORDER = ["QUEUED", "FORWARDED", "RECEIVED", "IN_REVIEW", "VERIFIED", "RECOMMENDED", "FORWARDED_UPWARD", "RETURNED"];
export const KIND_ORDER: readonly DigestItemKind[] = ["NOMINATION_INDIVIDUAL", "NOMINATION_COLLECTIVE", "NOMINATION_HOUSEHOLD", "GOOD_DEED_REPORT"];

const isWaiting = (item: DigestItem) => !FINISHED.has(item.status);
/**
 * A dossier returned for changes waits on its submitter, and one forwarded upward on the upper
 * level: the commune's time limit does not run.
 */
const isClockRunning = (item: DigestItem) => isWaiting(item) && !CLOCK_STOPPED_STATUSES.includes(item.status);

export type Urgency =
  | { kind: "overdue"; days: number; due: LocalDate }
  | { kind: "due_today"; due: LocalDate }
  | { kind: "due_soon"; days: number; due: LocalDate };

/**
 * Where a running dossier stands against its limit. `days` left is counted on the calendar, so
 * on Saturday a dossier due on Friday has no working day overdue yet: it is still "due" (with
 * its date), and becomes "1 working day overdue" on Monday.
 */
function urgencyOf(item: DigestItem, input: UrgencyContext): Urgency | null {
  if (!item.clockStartedAt || item.dueWorkingDays === null) return null;
  const due = input.calendar.addWorkingDays(localDateInVietnam(item.clockStartedAt), item.dueWorkingDays);
  const left = input.calendar.workingDaysBetween(input.today, due);
  if (left < 0) return { kind: "overdue", days: -left, due };
  if (left === 0) return { kind: "due_today", due };
  return left <= input.warnWithinWorkingDays ? { kind: "due_soon", days: left, due } : null;
}

/**
 * Days off not announced yet that the digest's dates were counted across: from the earliest clock
 * start of a listed dossier (or today) to the latest date shown.
 */
function tentativeDaysCounted(input: UrgencyContext, urgent: ReadonlyArray<{ item: DigestItem; urgency: Urgency }>, cutoffs: readonly LocalDate[]) {
  const starts = urgent.flatMap(({ item }) => (item.clockStartedAt ? [localDateInVietnam(item.clockStartedAt)] : []));
  const ends = [...urgent.map(({ urgency }) => urgency.due), ...cutoffs];
  if (ends.length === 0) return [];
  const order = (a: LocalDate, b: LocalDate) => compareLocalDate(a, b);
  const from = [input.today, ...starts].sort(order)[0]!;
  const to = ends.sort(order).at(-1)!;
  return input.calendar.tentativeBetween(from, to);
}

// Phone numbers (0xx… or +84…, ten digits in all, spaces or dots allowed) and CCCD-like runs of
// twelve digits. Codes such as TDKT-2026-000123 and dates such as 05/03/2026 do not match.
const PHONE_LIKE = /(?<![\d+])(?:\+?84|0)(?:[ .]?\d){9}(?!\d)/g;
const TWELVE_DIGITS = /(?<!\d)\d(?:[ .]?\d){11}(?!\d)/g;

function byAge(a: DigestItem, b: DigestItem): number {
  return a.submittedAt.getTime() - b.submittedAt.getTime() || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** Calendar days from `a` to `b` (negative when `b` is earlier). */
function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}


/** A waiting dossier whose time limit has passed or comes within the warning. */
export interface UrgentItem {
  item: DigestItem;
  urgency: Urgency;
}

/** What counting working days needs. */
export type UrgencyContext = Pick<DigestInput, "calendar" | "today" | "warnWithinWorkingDays">;

/**
 * The urgent dossiers among `running` (waiting ones whose clock runs), most overdue first, then
 * due today, then the soonest due, ties by age; and how many could not be counted (dates past the
 * holiday file's last year). Only clock starts, limits, submission dates and codes are read, so a
 * caller with thousands of dossiers passes them without their titles and loads only the first
 * MAX_LISTED afterwards.
 */
export function urgentAmong(running: readonly DigestItem[], ctx: UrgencyContext): { urgent: UrgentItem[]; uncounted: number } {
  let uncounted = 0;
  // Dossiers forwarded the same day under the same limit share their due date: count it once.
  const memo = new Map<string, Urgency | null | CalendarNotCoveredError>();
  const urgent: UrgentItem[] = [];
  for (const item of running) {
    if (!item.clockStartedAt || item.dueWorkingDays === null) continue;
    const key = `${toIsoDate(localDateInVietnam(item.clockStartedAt))}/${item.dueWorkingDays}`;
    let urgency = memo.get(key);
    if (urgency === undefined) {
      try {
        urgency = urgencyOf(item, ctx);
      } catch (err) {
        if (!(err instanceof CalendarNotCoveredError)) throw err;
        urgency = err;
      }
      memo.set(key, urgency);
    }
    if (urgency instanceof CalendarNotCoveredError) uncounted++;
    else if (urgency) urgent.push({ item, urgency });
  }
  const rank = (u: Urgency) => (u.kind === "overdue" ? -u.days : u.kind === "due_today" ? 0 : u.days);
  urgent.sort((a, b) => rank(a.urgency) - rank(b.urgency) || byAge(a.item, b.item));
  return { urgent, uncounted };
}

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

/**
 * The digest text in `lang`. Every string comes from `locales/<lang>/digest.json`; numbers are
 * grouped the local way (1.407 in Vietnamese) and percentages are rounded down, so a share shown
 * as 58% has really reached the 58% target.
 */
export function buildDigest(input: DigestInput, i18n: I18n, lang: Lang): string {
  return renderDigest(input, summarizeItems(input.items, input), i18n, lang);
}

/** The digest text from a summary (buildDigest's second half), for callers that count in the database. */
export function renderDigest(input: Omit<DigestInput, "items">, summary: DigestSummary, i18n: I18n, lang: Lang): string {
  const numberFormat = new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-US", { maximumFractionDigits: 0 });
  const num = (n: number) => numberFormat.format(n);
  const percent = (part: number, whole: number) => `${num(Math.floor((part * 100) / whole))}%`;
  const t = (key: string, params?: Params) => i18n.t(lang, `digest.${key}`, params);
  /** Vietnamese has no plural forms; English does. Both files carry `.one` and `.other`. */
  const tn = (key: string, count: number, params: Params = {}) =>
    t(`${key}.${count === 1 ? "one" : "other"}`, { ...params, count: num(count) });
  const clean = (text: string) => text.replace(PHONE_LIKE, t("redacted")).replace(TWELVE_DIGITS, t("redacted"));
  const known = new Set(i18n.keys(lang));
  const statusLabel = (status: string) => (known.has(`digest.status.${status}`) ? t(`status.${status}`) : status);
  const submitted = (item: DigestItem) => formatLocalDate(localDateInVietnam(item.submittedAt));
  const about = (item: DigestItem) => ({ code: item.code, kind: t(`kind_short.${item.kind}`), title: clean(item.title), unit: clean(item.unitName) });

  // Dates past the holiday file's last year cannot be counted: those dossiers get no due date,
  // and the digest says so instead of treating next year's Tết as working days.
  let uncounted = summary.uncounted;
  const counted = <T>(count: () => T): T | null => {
    try {
      return count();
    } catch (err) {
      if (!(err instanceof CalendarNotCoveredError)) throw err;
      uncounted++;
      return null;
    }
  };

  const sum = (counts: Iterable<number>) => [...counts].reduce((x, y) => x + y, 0);
  const waitingCount = sum(summary.waitingByStatus.values());
  const freshCount = sum([...summary.fresh.values()].map((g) => g.count));
  const urgent = summary.urgent;
  const overdueCount = urgent.filter((u) => u.urgency.kind === "overdue").length;

  const sections: string[][] = [];

  sections.push([
    t("title", { period: input.period.label, council: input.councilName }).toLocaleUpperCase(lang === "vi" ? "vi-VN" : "en-US"),
    input.secretaryName ? t("to", { name: input.secretaryName }) : t("to_default"),
    t("updated", { time: timeInVietnam(input.now), date: formatLocalDate(localDateInVietnam(input.now)) }),
    t("at_a_glance", { waiting: num(waitingCount), new: num(freshCount), overdue: num(overdueCount), due_soon: num(urgent.length - overdueCount) }),
  ]);

  const shownCutoffs: LocalDate[] = [];
  for (const cutoff of input.cutoffs) {
    const daysAway = daysBetween(input.today, cutoff.date);
    if (daysAway < 0 || daysAway > cutoff.showFromDays) continue;
    shownCutoffs.push(cutoff.date);
    const date = formatLocalDate(cutoff.date);
    if (daysAway === 0) {
      sections[0]!.push(t("cutoff.today", { name: cutoff.name, date }));
      continue;
    }
    const left = counted(() => input.calendar.workingDaysBetween(input.today, cutoff.date));
    sections[0]!.push(left === null ? t("cutoff.line_uncounted", { name: cutoff.name, date }) : tn("cutoff.line", left, { name: cutoff.name, date }));
  }

  const tentative = tentativeDaysCounted(input, urgent, shownCutoffs);
  if (tentative.length > 0) {
    sections[0]!.push(t("calendar_tentative", { days: tentative.map((d) => `${formatLocalDate(d.date)} (${d.name})`).join("; ") }));
  }

  if (urgent.length > 0) {
    sections.push([
      t("urgent.heading", { count: num(urgent.length) }),
      ...urgent.slice(0, MAX_LISTED).map(({ item, urgency }) => {
        const due = formatLocalDate(urgency.due);
        const when =
          urgency.kind === "overdue"
            ? tn("urgent.overdue", urgency.days, { due })
            : urgency.kind === "due_today"
              ? t(compareLocalDate(urgency.due, input.today) === 0 ? "urgent.due_today" : "urgent.due_passed", { due })
              : tn("urgent.due_soon", urgency.days, { due });
        return t("urgent.line", { ...about(item), when });
      }),
      ...(urgent.length > MAX_LISTED ? [t("more", { count: num(urgent.length - MAX_LISTED) })] : []),
    ]);
  }

  if (freshCount > 0) {
    const lines = [t("new.heading", { count: num(freshCount) })];
    for (const kind of KIND_ORDER) {
      const ofKind = summary.fresh.get(kind);
      if (!ofKind || ofKind.count === 0) continue;
      lines.push(t("new.group", { kind: t(`kind.${kind}`), count: num(ofKind.count) }));
      for (const item of ofKind.listed.slice(0, MAX_LISTED)) {
        const attachments = item.attachments === 0 ? t("attachments.none") : tn("attachments", item.attachments);
        lines.push(t("new.line", { ...about(item), date: submitted(item), attachments }));
      }
      if (ofKind.count > MAX_LISTED) lines.push(t("more", { count: num(ofKind.count - MAX_LISTED) }));
    }
    sections.push(lines);
  }

  if (waitingCount > 0) {
    const counts = summary.waitingByStatus;
    const order = (s: string) => (WAITING_ORDER.includes(s) ? WAITING_ORDER.indexOf(s) : WAITING_ORDER.length);
    const statuses = [...counts.keys()].sort((a, b) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0));
    // Statuses that read the same (queued here or forwarded: to a secretary both wait to be
    // received) are one line.
    const byLabel = new Map<string, number>();
    for (const status of statuses) byLabel.set(statusLabel(status), (byLabel.get(statusLabel(status)) ?? 0) + counts.get(status)!);
    sections.push([
      t("waiting.heading", { count: num(waitingCount) }),
      ...[...byLabel].map(([status, count]) => t("waiting.line", { status, count: num(count) })),
    ]);
  }

  const newReports = summary.fresh.get("GOOD_DEED_REPORT")?.count ?? 0;
  const waitingReports = summary.waitingReports;
  if (newReports + waitingReports > 0) {
    sections.push([t("good_deeds.heading"), t("good_deeds.line", { new: num(newReports), waiting: num(waitingReports) })]);
  }

  const share = summary.share;
  if (share.percent !== null) {
    const reference = input.shareReference;
    const lines = [
      t("share.heading"),
      t(reference ? "share.direct_with_reference" : "share.direct", {
        count: num(share.direct),
        total: num(share.total),
        percent: percent(share.direct, share.total),
        ...(reference ? { reference: reference.label, reference_percent: `${num(reference.percent)}%` } : {}),
      }),
      t("share.leaders", { count: num(share.leaders), total: num(share.total), percent: percent(share.leaders, share.total) }),
    ];
    const others = share.total - share.direct - share.leaders;
    if (others > 0) lines.push(t("share.others", { count: num(others), total: num(share.total) }));
    if (share.apart > 0) lines.push(t("share.apart", { count: num(share.apart) }));
    const individuals = share.total + share.apart;
    lines.push(t("share.women", { count: num(share.women), total: num(individuals), percent: percent(share.women, individuals) }));
    sections.push(lines);
  }

  const oldest = summary.oldest;
  if (oldest) {
    const days = counted(() => input.calendar.workingDaysBetween(localDateInVietnam(oldest.submittedAt), input.today));
    sections.push([
      t("oldest.heading"),
      t("oldest.line", { ...about(oldest), age: days === null ? t("oldest.age_unknown") : tn("oldest.age", days), date: submitted(oldest), status: statusLabel(oldest.status) }),
    ]);
  }
  if (uncounted > 0) {
    sections[0]!.push(t("calendar_not_covered", { year: String(input.calendar.coveredThrough + 1) }));
  }

  sections.push([t("footer")]);
  return sections.map((lines) => lines.join("\n")).join("\n\n");
}
