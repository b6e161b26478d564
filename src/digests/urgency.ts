/**
 * Where waiting dossiers stand against their processing time limit, counted in Vietnamese working
 * days from the day the council received them: overdue, due today, or due within the warning.
 */
import { compareLocalDate, toIsoDate, type LocalDate } from "../time/local-date.ts";
import { localDateInVietnam } from "../time/vietnam-time.ts";
import { byAge, type DigestItem } from "./digest-item.ts";
import type { DigestInput } from "./digest-input.ts";
import { CalendarNotCoveredError } from "./working-days.ts";

export type Urgency =
  | { kind: "overdue"; days: number; due: LocalDate }
  | { kind: "due_today"; due: LocalDate }
  | { kind: "due_soon"; days: number; due: LocalDate };

/** A waiting dossier whose time limit has passed or comes within the warning. */
export interface UrgentItem {
  item: DigestItem;
  urgency: Urgency;
}

/** What counting working days needs. */
export type UrgencyContext = Pick<DigestInput, "calendar" | "today" | "warnWithinWorkingDays">;

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
export function tentativeDaysCounted(input: UrgencyContext, urgent: readonly UrgentItem[], cutoffs: readonly LocalDate[]) {
  const starts = urgent.flatMap(({ item }) => (item.clockStartedAt ? [localDateInVietnam(item.clockStartedAt)] : []));
  const ends = [...urgent.map(({ urgency }) => urgency.due), ...cutoffs];
  if (ends.length === 0) return [];
  const order = (a: LocalDate, b: LocalDate) => compareLocalDate(a, b);
  const from = [input.today, ...starts].sort(order)[0]!;
  const to = ends.sort(order).at(-1)!;
  return input.calendar.tentativeBetween(from, to);
}

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
