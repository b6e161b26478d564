/**
 * Digests for council secretaries: what is new, what waits, what is near or past its deadline (in
 * Vietnamese working days), and the share of nominations for people who work directly.
 *
 * Exactly once per secretary per period: a digest is recorded (unique per secretary and period)
 * in the same transaction as its parts' `notify` jobs, before anything is sent; the outbox then
 * delivers each part once, retrying what failed and never resending what was delivered. A second
 * tick, a restart, or a second instance finds the record and sends nothing.
 */
import { enqueueJob, NOTIFY_JOB } from "../outbox/jobs.ts";
import type { ChannelSender } from "../channels/channel-port.ts";
import type { UnitDirectory } from "../catalogues/unit-directory.ts";
import type { Db } from "../db/open-database.ts";
import type { I18n, Lang } from "../i18n/i18n.ts";
import type { Logger } from "../log.ts";
import { isoWeek, isoWeekday, toIsoDate } from "../time/local-date.ts";
import { localDateInVietnam, vietnamWallClock } from "../time/vietnam-time.ts";
import { buildDigest, DEFAULT_SHARE_REFERENCE, splitDigest, type DigestItem, type ShareReference } from "./build-digest.ts";
import type { HolidayCalendar } from "./working-days.ts";
import type { ProcessingLimits } from "./processing-limits.ts";

export interface DigestServiceOptions {
  db: Db;
  units: UnitDirectory;
  i18n: I18n;
  calendar: HolidayCalendar;
  senders: ReadonlyMap<string, ChannelSender>;
  log: Logger;
  now?: () => Date;
  /** Processing time limits per procedure, and the province's cut-off dates. */
  limits: ProcessingLimits;
  maxMessageLength?: number;
  /** What the direct-worker share is read against (default Kon Tum 2021, 58%); null for none. */
  shareReference?: ShareReference | null;
  /** The name of a good deed's category in a language (from the good-deed flow's options). */
  categoryLabel: (category: string, lang: Lang) => string;
}

/** The period a subscription is due for at `now`, or null when its time has not come yet. */
export function duePeriod(sub: { cadence: string; weekday: number | null; time: string }, now: Date): string | null {
  const { date, minutes } = vietnamWallClock(now);
  const [h, m] = sub.time.split(":").map(Number);
  const at = (h ?? 7) * 60 + (m ?? 30);
  if (sub.cadence === "daily") return minutes >= at ? toIsoDate(date) : null;
  // Weekly: any time after the chosen weekday's hour, within that ISO week.
  const weekday = isoWeekday(date);
  const target = sub.weekday ?? 1;
  if (weekday < target || (weekday === target && minutes < at)) return null;
  return isoWeek(date);
}

export class DigestService {
  private readonly now: () => Date;

  constructor(private readonly opts: DigestServiceOptions) {
    this.now = opts.now ?? (() => new Date());
  }

  /** The digest text for a secretary now (their council's scope), or null when they are not a secretary. */
  async compose(userId: string, now = this.now()): Promise<{ text: string; lang: Lang } | null> {
    const user = await this.opts.db.user.findUnique({ where: { id: userId }, include: { roles: true } });
    const secretary = user?.roles.find((r) => r.role === "secretary");
    if (!user || !secretary) return null;
    const lang: Lang = user.locale === "en" ? "en" : "vi";
    const last = await this.opts.db.digest.findFirst({ where: { userId, periodKey: { not: { startsWith: "now-" } } }, orderBy: { createdAt: "desc" } });
    // Attachment counts come with the records (a join), not as a list of ids: SQLite limits the
    // number of parameters in one query, and a council can have thousands of dossiers.
    const withCount = { include: { _count: { select: { attachments: true } } } } as const;
    const dossiers = await this.opts.db.dossier.findMany({ orderBy: { submittedAt: "asc" }, include: { nomination: withCount, goodDeedReport: withCount } });
    const scope = secretary.unitId;
    const inScope = dossiers.filter((d) => !scope || this.opts.units.isWithin(d.unitId, scope));
    const count = (d: (typeof inScope)[number]) => (d.nomination?._count.attachments ?? 0) + (d.goodDeedReport?._count.attachments ?? 0);
    const awards = new Map((await this.opts.db.awardType.findMany()).map((a) => [a.code, a.name]));
    const items: DigestItem[] = inScope.map((d) => ({
      code: d.code,
      kind: d.kind as DigestItem["kind"],
      status: d.status,
      submittedAt: d.submittedAt,
      unitName: this.opts.units.label(d.unitId),
      title: d.nomination
        ? `${d.nomination.nomineeName} — ${awards.get(d.nomination.awardCode) ?? d.nomination.awardCode}`
        : d.goodDeedReport
          ? `${this.opts.categoryLabel(d.goodDeedReport.category, lang)}${d.goodDeedReport.subjectName ? ` — ${d.goodDeedReport.subjectName}` : ""}`
          : d.code,
      subjectCategory: d.nomination?.subjectCategory ?? null,
      gender: d.nomination?.gender ?? null,
      // The clock runs from the day the council received the complete dossier.
      clockStartedAt: d.forwardedAt,
      dueWorkingDays: this.opts.limits.limitFor(d.kind, d.nomination?.awardCode ?? null).workingDays,
      isNew: !last || d.submittedAt > last.createdAt,
      attachments: count(d),
    }));
    const council = scope ? this.opts.units.path(scope).at(-1) ?? scope : this.opts.i18n.t(lang, "bot.digest.all_units");
    const today = localDateInVietnam(now);
    const text = buildDigest(
      {
        councilName: this.opts.i18n.t(lang, "bot.digest.council_of", { unit: council }),
        secretaryName: user.fullName,
        period: { label: `${String(today.day).padStart(2, "0")}/${String(today.month).padStart(2, "0")}/${today.year}` },
        now,
        today,
        calendar: this.opts.calendar,
        warnWithinWorkingDays: this.opts.limits.warnWithinWorkingDays,
        cutoffs: this.opts.limits.cutoffs,
        items,
        shareReference: this.opts.shareReference === undefined ? DEFAULT_SHARE_REFERENCE : this.opts.shareReference,
      },
      this.opts.i18n,
      lang,
    );
    return { text, lang };
  }

  /** The digest as chat messages, split for the channel's limits. */
  async composeMessages(userId: string, now = this.now()): Promise<string[] | null> {
    const digest = await this.compose(userId, now);
    return digest ? splitDigest(digest.text, this.opts.maxMessageLength ?? 3500) : null;
  }

  /**
   * Records and queues the digests that are due; returns how many were queued. Safe to run from
   * several instances at once: the unique (secretary, period) record decides who sends.
   */
  async tick(): Promise<number> {
    const now = this.now();
    const subs = await this.opts.db.digestSubscription.findMany();
    let queued = 0;
    for (const sub of subs) {
      const period = duePeriod(sub, now);
      if (!period) continue;
      if (await this.opts.db.digest.findUnique({ where: { userId_periodKey: { userId: sub.userId, periodKey: period } } })) continue;
      const target = await this.reach(sub.userId);
      if (!target) continue;
      const parts = await this.composeMessages(sub.userId, now);
      if (!parts) continue;
      try {
        await this.opts.db.$transaction(async (tx) => {
          const digest = await tx.digest.create({ data: { userId: sub.userId, periodKey: period, createdAt: now, content: parts.join("\n\n") } });
          for (const [i, text] of parts.entries()) {
            await enqueueJob(tx, NOTIFY_JOB, { channel: target.channel, chatId: target.chatId, messages: [{ text }] }, { key: `digest:${digest.id}:${i}`, at: new Date(now.getTime() + i) });
          }
        });
        queued++;
      } catch (err) {
        // Another instance recorded this period first (unique constraint): nothing to do.
        if ((err as { code?: string }).code !== "P2002") throw err;
      }
    }
    if (queued) this.opts.log.info({ queued }, "digests queued");
    return queued;
  }

  /** Where a person can be reached: their most recent identity on a channel that can send. */
  private async reach(userId: string): Promise<{ channel: string; chatId: string } | null> {
    const identities = await this.opts.db.channelIdentity.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
    const found = identities.find((i) => this.opts.senders.has(i.channel));
    return found ? { channel: found.channel, chatId: found.externalId } : null;
  }
}
