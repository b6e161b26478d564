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
import type { Prisma } from "../generated/sqlite/client.ts";
import type { I18n, Lang } from "../i18n/i18n.ts";
import type { Logger } from "../log.ts";
import { isoWeek, isoWeekday, localDateFromIso, toIsoDate } from "../time/local-date.ts";
import { localDateInVietnam, vietnamWallClock } from "../time/vietnam-time.ts";
import { directWorkerShareOf } from "./direct-worker-share.ts";
import { CLOCK_STOPPED_STATUSES, FINISHED_STATUSES, KIND_ORDER, MAX_LISTED, type DigestItem, type DigestItemKind } from "./digest-item.ts";
import { DEFAULT_SHARE_REFERENCE, type DigestPosting, type ShareReference } from "./digest-input.ts";
import { renderDigest } from "./render-digest.ts";
import { splitDigest } from "./split-digest.ts";
import { summarizeItems, type DigestSummary } from "./summarize-items.ts";
import { urgentAmong, type UrgencyContext } from "./urgency.ts";
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

  /**
   * The digest text for a secretary now (their council's scope), or null when they are not a
   * secretary. `counting` "database" (the default) counts in SQL and loads only the dossiers listed
   * one by one; "items" loads every dossier in scope and counts in JS (summarizeItems), the
   * reference the tests hold the database's counting to.
   */
  async compose(userId: string, now = this.now(), counting: "database" | "items" = "database"): Promise<{ text: string; lang: Lang } | null> {
    const user = await this.opts.db.user.findUnique({ where: { id: userId }, include: { roles: true } });
    const secretary = user?.roles.find((r) => r.role === "secretary");
    if (!user || !secretary) return null;
    const lang: Lang = user.locale === "en" ? "en" : "vi";
    const last = await this.opts.db.digest.findFirst({ where: { userId, periodKey: { not: { startsWith: "now-" } } }, orderBy: { createdAt: "desc" } });
    const scope = secretary.unitId;
    const today = localDateInVietnam(now);
    const ctx = { calendar: this.opts.calendar, today, warnWithinWorkingDays: this.opts.limits.warnWithinWorkingDays };
    const lastAt = last?.createdAt ?? null;
    const summary =
      counting === "database"
        ? await this.summarize(scope, lastAt, lang, ctx)
        : summarizeItems(await this.items(await this.scopeWhere(scope), undefined, [], lastAt, lang), ctx);
    const council = scope ? this.opts.units.path(scope).at(-1) ?? scope : this.opts.i18n.t(lang, "bot.digest.all_units");
    const text = renderDigest(
      {
        councilName: this.opts.i18n.t(lang, "bot.digest.council_of", { unit: council }),
        secretaryName: user.fullName,
        period: { label: `${String(today.day).padStart(2, "0")}/${String(today.month).padStart(2, "0")}/${today.year}` },
        now,
        today,
        calendar: this.opts.calendar,
        warnWithinWorkingDays: this.opts.limits.warnWithinWorkingDays,
        cutoffs: this.opts.limits.cutoffs,
        shareReference: this.opts.shareReference === undefined ? DEFAULT_SHARE_REFERENCE : this.opts.shareReference,
        postings: await this.postings(scope),
      },
      summary,
      this.opts.i18n,
      lang,
    );
    return { text, lang };
  }

  /**
   * The digest's summary counted in the database: counts by status and kind and the share by
   * subject category and gender are GROUP BY queries; the waiting dossiers whose clock runs come
   * without their titles (the urgent ones are found among them in working days); only the
   * dossiers listed one by one (at most MAX_LISTED per section, and the oldest) are loaded whole.
   * The text is the same as buildDigest's over every dossier in scope (test/digests).
   */
  private async summarize(scope: string | null, lastAt: Date | null, lang: Lang, ctx: UrgencyContext): Promise<DigestSummary> {
    const db = this.opts.db;
    const inScope = await this.scopeWhere(scope);
    const waiting = { ...inScope, status: { notIn: [...FINISHED_STATUSES] } };
    const isNew = lastAt ? { submittedAt: { gt: lastAt } } : {};
    const byAge = [{ submittedAt: "asc" as const }, { code: "asc" as const }];

    const waitingGroups = await db.dossier.groupBy({ by: ["status", "kind"], where: waiting, _count: { _all: true } });
    const freshGroups = await db.dossier.groupBy({ by: ["kind"], where: { ...inScope, ...isNew }, _count: { _all: true } });
    const shareGroups = await db.nomination.groupBy({
      by: ["subjectCategory", "gender"],
      where: { dossier: { is: { ...inScope, kind: "NOMINATION_INDIVIDUAL", status: { not: "RESUBMITTED" } } } },
      _count: { _all: true },
    });
    const running = await db.dossier.findMany({
      where: { ...inScope, status: { notIn: [...FINISHED_STATUSES, ...CLOCK_STOPPED_STATUSES] }, forwardedAt: { not: null } },
      select: { code: true, kind: true, status: true, submittedAt: true, forwardedAt: true, nomination: { select: { awardCode: true } } },
    });
    const { urgent, uncounted } = urgentAmong(
      running.map((d) => ({
        code: d.code,
        kind: d.kind as DigestItemKind,
        status: d.status,
        submittedAt: d.submittedAt,
        unitName: "",
        title: "",
        subjectCategory: null,
        clockStartedAt: d.forwardedAt,
        dueWorkingDays: this.opts.limits.limitFor(d.kind, d.nomination?.awardCode ?? null).workingDays,
        isNew: false,
        attachments: 0,
      })),
      ctx,
    );

    const load = (where: Prisma.DossierWhereInput, take: number) => this.items(where, take, byAge, lastAt, lang);
    const listedUrgent = urgent.length ? await load({ code: { in: urgent.slice(0, MAX_LISTED).map((u) => u.item.code) } }, MAX_LISTED) : [];
    const fresh = new Map<DigestItemKind, { count: number; listed: DigestItem[] }>();
    for (const group of freshGroups) {
      const kind = group.kind as DigestItemKind;
      fresh.set(kind, { count: group._count._all, listed: KIND_ORDER.includes(kind) ? await load({ ...inScope, ...isNew, kind }, MAX_LISTED) : [] });
    }
    const [oldest] = await load(waiting, 1);
    const byCode = new Map(listedUrgent.map((i) => [i.code, i]));
    return {
      waitingByStatus: new Map(waitingGroups.reduce((m, g) => m.set(g.status, (m.get(g.status) ?? 0) + g._count._all), new Map<string, number>())),
      waitingReports: waitingGroups.filter((g) => g.kind === "GOOD_DEED_REPORT").reduce((n, g) => n + g._count._all, 0),
      fresh,
      urgent: urgent.map((u) => ({ ...u, item: byCode.get(u.item.code) ?? u.item })),
      uncounted,
      share: directWorkerShareOf(shareGroups.map((g) => ({ subjectCategory: g.subjectCategory, gender: g.gender, count: g._count._all }))),
      oldest: oldest ?? null,
    };
  }

  /** The lists posted publicly now within the unit `scope` (all when null), with their comments. */
  private async postings(scope: string | null): Promise<DigestPosting[]> {
    const open = await this.opts.db.publicPosting.findMany({
      where: { status: "OPEN" },
      include: { round: { select: { code: true, title: true, unitId: true } }, objections: { select: { answeredAt: true } } },
      orderBy: { endsOn: "asc" },
    });
    return open
      .filter((p) => !scope || this.opts.units.isWithin(p.round.unitId, scope))
      .map((p) => ({ roundCode: p.round.code, roundTitle: p.round.title, endsOn: localDateFromIso(p.endsOn), comments: p.objections.length, unanswered: p.objections.filter((o) => !o.answeredAt).length }));
  }

  /** The dossiers within the unit `scope` (all when null), as a filter. */
  private async scopeWhere(scope: string | null): Promise<Prisma.DossierWhereInput> {
    if (!scope) return {};
    // The units that have dossiers (few), not every unit under the scope (a province has thousands).
    const units = await this.opts.db.dossier.groupBy({ by: ["unitId"] });
    return { unitId: { in: units.map((g) => g.unitId).filter((id) => this.opts.units.isWithin(id, scope)) } };
  }

  /** The dossiers that `where` selects, oldest first, as digest items with their titles. */
  private async items(where: Prisma.DossierWhereInput, take: number | undefined, orderBy: Prisma.DossierOrderByWithRelationInput[], lastAt: Date | null, lang: Lang): Promise<DigestItem[]> {
    // Attachment counts come with the records (a join), not as a list of ids.
    const withCount = { include: { _count: { select: { attachments: true } } } } as const;
    const dossiers = await this.opts.db.dossier.findMany({ where, orderBy, ...(take ? { take } : {}), include: { nomination: withCount, goodDeedReport: withCount } });
    const awardCodes = [...new Set(dossiers.flatMap((d) => (d.nomination ? [d.nomination.awardCode] : [])))];
    const awards = new Map((await this.opts.db.awardType.findMany({ where: { code: { in: awardCodes } } })).map((a) => [a.code, a.name]));
    return dossiers.map((d) => ({
      code: d.code,
      kind: d.kind as DigestItemKind,
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
      isNew: !lastAt || d.submittedAt > lastAt,
      attachments: (d.nomination?._count.attachments ?? 0) + (d.goodDeedReport?._count.attachments ?? 0),
    }));
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
