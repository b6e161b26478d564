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
import { compareLocalDate, formatLocalDate, type LocalDate } from "../time/local-date.ts";
import { localDateInVietnam, timeInVietnam } from "../time/vietnam-time.ts";
import { KIND_ORDER, MAX_LISTED, type DigestItem } from "./digest-item.ts";
import type { DigestInput } from "./digest-input.ts";
import type { DigestSummary } from "./summarize-items.ts";
import { tentativeDaysCounted } from "./urgency.ts";
import { CalendarNotCoveredError } from "./working-days.ts";

/** Waiting statuses in the order they are listed; unknown waiting statuses follow, by code. */
const WAITING_ORDER = ["QUEUED", "FORWARDED", "RECEIVED", "IN_REVIEW", "VERIFIED", "RECOMMENDED", "FORWARDED_UPWARD", "RETURNED"];

// Phone numbers (0xx… or +84…, ten digits in all, spaces or dots allowed) and CCCD-like runs of
// twelve digits. Codes such as TDKT-2026-000123 and dates such as 05/03/2026 do not match.
const PHONE_LIKE = /(?<![\d+])(?:\+?84|0)(?:[ .]?\d){9}(?!\d)/g;
const TWELVE_DIGITS = /(?<!\d)\d(?:[ .]?\d){11}(?!\d)/g;

/** Calendar days from `a` to `b` (negative when `b` is earlier). */
function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/**
 * The digest text in `lang`. Every string comes from `locales/<lang>/digest.json`; numbers are
 * grouped the local way (1.407 in Vietnamese) and percentages are rounded down, so a share shown
 * as 58% has really reached the 58% target.
 *
 * From a summary, so a caller that counts in the database (GROUP BY) prints the same text as one
 * that counts a list of items (buildDigest).
 */
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

  const postings = input.postings ?? [];
  if (postings.length > 0) {
    sections.push([
      t("postings.heading", { count: num(postings.length) }),
      ...postings.map((p) =>
        t(p.unanswered > 0 ? "postings.line_unanswered" : "postings.line", { code: p.roundCode, title: p.roundTitle, ends: formatLocalDate(p.endsOn), comments: num(p.comments), unanswered: num(p.unanswered) }),
      ),
    ]);
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
