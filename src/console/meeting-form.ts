/**
 * The meeting form: when the meeting was held (date, start and end time, in Vietnam), where, who
 * chaired it and who took the minutes, the council's members and how many were present, and for
 * each nominee on the agenda the votes for (secret ballot: a count). Read leniently (spaces
 * trimmed, a date typed as people type it), checked (whole numbers; present ≤ members; votes ≤
 * present; the end after the start; the date not in the future), and returned either as the
 * meeting's facts and tallies or as the fields to fix, with what was typed.
 */
import type { AgendaItem, MeetingFacts } from "../rounds/council-meeting.ts";
import { compareLocalDate, yearsBefore, type LocalDate } from "../time/local-date.ts";
import { startOfDayInVietnam } from "../time/vietnam-time.ts";
import { readFormDate } from "./form-date.ts";

/** The largest council the form accepts. */
export const MAX_MEMBERS = 200;
/** The longest place, chair or secretary name. */
export const MEETING_TEXT_MAX = 200;

/** The form's fields (a tally's field is `votes_<dossier code>`). */
export const MEETING_FIELDS = ["date", "start", "end", "place", "chair", "secretary", "members", "present"] as const;
export type MeetingField = (typeof MEETING_FIELDS)[number];

export function tallyField(code: string): string {
  return `votes_${code}`;
}

export type MeetingForm =
  | { ok: true; facts: MeetingFacts; tallies: Map<string, number>; values: Record<string, string> }
  | { ok: false; values: Record<string, string>; invalid: string[] };

/** Reads a posted meeting form for `agenda`; `today` is the date in Vietnam. */
export function readMeetingForm(form: Record<string, unknown>, agenda: readonly AgendaItem[], today: LocalDate): MeetingForm {
  const names = [...MEETING_FIELDS, ...agenda.map((a) => tallyField(a.code))];
  const values = Object.fromEntries(names.map((n) => [n, typeof form[n] === "string" ? (form[n] as string).replace(/\s+/g, " ").trim() : ""]));
  const invalid: string[] = [];
  const whole = (name: string, max: number) => {
    const n = /^\d{1,4}$/.test(values[name]!) ? Number(values[name]) : NaN;
    if (!(n >= 0 && n <= max)) invalid.push(name);
    return n;
  };
  const date = readFormDate(values.date, today).date;
  if (!date || compareLocalDate(date, today) > 0 || compareLocalDate(date, yearsBefore(today, 1)) < 0) invalid.push("date");
  const start = minutesOf(values.start!);
  const end = values.end ? minutesOf(values.end) : null;
  if (start === undefined) invalid.push("start");
  if (end === undefined || (end !== null && start !== undefined && end <= start)) invalid.push("end");
  for (const name of ["place", "chair", "secretary"] as const) if (values[name]!.length < 2 || values[name]!.length > MEETING_TEXT_MAX) invalid.push(name);
  const members = whole("members", MAX_MEMBERS);
  if (members === 0) invalid.push("members");
  const present = whole("present", Number.isFinite(members) ? members : MAX_MEMBERS);
  const tallies = new Map<string, number>();
  for (const item of agenda) tallies.set(item.dossierId, whole(tallyField(item.code), Number.isFinite(present) ? present : MAX_MEMBERS));
  if (invalid.length || !date || start === undefined || end === undefined) return { ok: false, values, invalid: [...new Set(invalid)] };
  const day = startOfDayInVietnam(date).getTime();
  return {
    ok: true,
    values,
    tallies,
    facts: {
      heldAt: new Date(day + start * 60_000),
      endedAt: end === null ? null : new Date(day + end * 60_000),
      place: values.place!,
      chair: values.chair!,
      secretaryName: values.secretary!,
      memberCount: members,
      presentCount: present,
    },
  };
}

/** "14:00" or "14h00" or "14 giờ 30" as minutes after midnight; undefined when it is no time. */
function minutesOf(text: string): number | undefined {
  const m = /^(\d{1,2})\s*(?::|h|g|giờ)\s*(\d{2})?$/i.exec(text);
  if (!m) return undefined;
  const hours = Number(m[1]);
  const minutes = Number(m[2] ?? "0");
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : undefined;
}
