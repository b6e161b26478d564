/**
 * Công khai danh sách đề nghị (Luật TĐKT 2022 Điều 84.5): a secretary posts a review round's list
 * for a period (5 working days by default, on the holidays calendar); anyone reads it on a public
 * page by its short code and may send an objection from any chat (objection-intake.ts); the
 * secretary answers each one (the sender is told in their chat) and closes the period with its
 * result. One open posting per round at a time.
 *
 * A posted list is a snapshot (PostingEntry): the nominee's name, unit and proposed award as they
 * were published, nothing else (no birth date, no số định danh). Every step is in the audit log.
 */
import { randomInt } from "node:crypto";
import { CROCKFORD_ALPHABET } from "../admin/one-time-code.ts";
import type { UnitDirectory } from "../catalogues/unit-directory.ts";
import type { Db, Tx } from "../db/open-database.ts";
import type { HolidayCalendar } from "../digests/working-days.ts";
import { OFF_THE_LIST } from "../documents/dossier-documents.ts";
import type { I18n } from "../i18n/i18n.ts";
import { registerFor, withRegister } from "../i18n/register.ts";
import { enqueueJob, NOTIFY_JOB } from "../outbox/jobs.ts";
import { addDays, compareLocalDate, formatLocalDate, localDateFromIso, toIsoDate, type LocalDate } from "../time/local-date.ts";
import { localDateInVietnam } from "../time/vietnam-time.ts";

/** Where the public pages are served. */
export const POSTING_PATH = "/cong-khai";
/** The default period, in working days counted from its first day. */
export const POSTING_WORKING_DAYS = 5;
/** The longest period accepted, in calendar days. */
const MAX_PERIOD_DAYS = 60;
/** Symbols of a public code: 8 × 5 = 40 random bits, not guessable, short enough to read aloud. */
const PUBLIC_CODE_SYMBOLS = 8;

export const POSTING_RESULTS = ["KHONG_CO_Y_KIEN", "CO_Y_KIEN_DA_XU_LY"] as const;
export type PostingResult = (typeof POSTING_RESULTS)[number];

/** The longest answer to an objection, and closing note. */
export const POSTING_NOTE_MAX = 1000;

export interface PublicPostingsDeps {
  db: Db;
  units: UnitDirectory;
  calendar: Pick<HolidayCalendar, "addWorkingDays" | "isWorkingDay">;
  i18n: I18n;
  /** PUBLIC_BASE_URL: where people reach this service. */
  baseUrl: string;
  serializeWrites: <T>(work: () => Promise<T>) => Promise<T>;
  now: () => Date;
}

/** A nominee as the list prints them. */
export interface PostedNominee {
  dossierId: string;
  code: string;
  nominee: string;
  unitName: string;
  awardName: string;
}

export type PublishRefusal = "round_unknown" | "already_open" | "empty" | "bad_period";
export type PublishOutcome = { ok: true; postingId: string; publicCode: string; notified: number } | { ok: false; reason: PublishRefusal };

/** A fresh public code such as `7F3K9QAB`, every symbol uniform from the crypto random source. */
export function newPublicCode(): string {
  let code = "";
  for (let i = 0; i < PUBLIC_CODE_SYMBOLS; i++) code += CROCKFORD_ALPHABET[randomInt(CROCKFORD_ALPHABET.length)];
  return code;
}

/** Whether `text` has the shape of a public code (checked before any lookup). */
export function isPublicCode(text: string): boolean {
  return new RegExp(`^[${CROCKFORD_ALPHABET}]{${PUBLIC_CODE_SYMBOLS}}$`).test(text);
}

/** Whether a posting takes objections on `today` (yyyy-mm-dd): open, and within its period. */
export function postingRunning(p: { status: string; startsOn: string; endsOn: string }, today: string): boolean {
  return p.status === "OPEN" && p.startsOn <= today && today <= p.endsOn;
}

/** A posting's list as published, each entry with its dossier's code (to object with), in order. */
export async function postedEntries(db: Db, postingId: string): Promise<Array<{ position: number; nominee: string; unitName: string; awardName: string; code: string }>> {
  const entries = await db.postingEntry.findMany({ where: { postingId }, orderBy: { position: "asc" } });
  const codes = new Map((await db.dossier.findMany({ where: { id: { in: entries.map((e) => e.dossierId) } }, select: { id: true, code: true } })).map((d) => [d.id, d.code]));
  return entries.map((e) => ({ position: e.position, nominee: e.nominee, unitName: e.unitName, awardName: e.awardName, code: codes.get(e.dossierId) ?? "" }));
}

export class PublicPostings {
  constructor(readonly deps: PublicPostingsDeps) {}

  /** The public page of a posting. */
  publicUrl(publicCode: string): string {
    return `${this.deps.baseUrl.replace(/\/+$/, "")}${POSTING_PATH}/${publicCode}`;
  }

  /** The default period: from today to the 5th working day counting today (the next working day when today is not one). */
  defaultPeriod(now = this.deps.now()): { startsOn: string; endsOn: string } {
    const today = localDateInVietnam(now);
    const start = this.deps.calendar.isWorkingDay(today) ? today : this.deps.calendar.addWorkingDays(today, 1);
    return { startsOn: toIsoDate(today), endsOn: toIsoDate(this.deps.calendar.addWorkingDays(start, POSTING_WORKING_DAYS - 1)) };
  }

  /** A period as typed (yyyy-mm-dd, from today, at most 60 days), or null. */
  checkPeriod(startsOn: string, endsOn: string, now = this.deps.now()): { startsOn: string; endsOn: string } | null {
    let start: LocalDate, end: LocalDate;
    try {
      start = localDateFromIso(startsOn);
      end = localDateFromIso(endsOn);
    } catch {
      return null;
    }
    const today = localDateInVietnam(now);
    if (compareLocalDate(start, today) < 0 || compareLocalDate(end, start) < 0 || compareLocalDate(end, addDays(start, MAX_PERIOD_DAYS)) > 0) return null;
    return { startsOn: toIsoDate(start), endsOn: toIsoDate(end) };
  }

  /** The round's nominations that go on its list: before the council or recommended, in code order. */
  async candidates(roundId: string, db: Db | Tx = this.deps.db): Promise<PostedNominee[]> {
    const rows = await db.dossier.findMany({
      where: { roundId, kind: { not: "GOOD_DEED_REPORT" }, status: { notIn: [...OFF_THE_LIST, "GRANTED"] }, nominationId: { not: null } },
      include: { nomination: true },
      orderBy: { code: "asc" },
    });
    const codes = [...new Set(rows.map((r) => r.nomination!.awardCode))];
    const awards = new Map((await db.awardType.findMany({ where: { code: { in: codes } } })).map((a) => [a.code, a.name]));
    return rows.map((r) => ({
      dossierId: r.id,
      code: r.code,
      nominee: r.nomination!.nomineeName,
      unitName: this.deps.units.label(r.nomination!.unitId),
      awardName: awards.get(r.nomination!.awardCode) ?? r.nomination!.awardCode,
    }));
  }

  /**
   * Posts the round's list for the period: the snapshot of its entries, a random public code, an
   * audit entry, and a message with the link to each officer and secretary of the round's unit and
   * the units under it, so they can relay it to the village's group.
   */
  async publish(input: { roundId: string; startsOn: string; endsOn: string; actorId: string }): Promise<PublishOutcome> {
    const now = this.deps.now();
    const period = this.checkPeriod(input.startsOn, input.endsOn, now);
    if (!period) return { ok: false, reason: "bad_period" };
    return this.deps.serializeWrites(() =>
      this.deps.db.$transaction(async (tx): Promise<PublishOutcome> => {
        const round = await tx.reviewRound.findUnique({ where: { id: input.roundId } });
        if (!round) return { ok: false, reason: "round_unknown" };
        if (await tx.publicPosting.findFirst({ where: { roundId: round.id, status: "OPEN" }, select: { id: true } })) return { ok: false, reason: "already_open" };
        const nominees = await this.candidates(round.id, tx);
        if (!nominees.length) return { ok: false, reason: "empty" };
        let publicCode = newPublicCode();
        while (await tx.publicPosting.findUnique({ where: { publicCode }, select: { id: true } })) publicCode = newPublicCode();
        const posting = await tx.publicPosting.create({
          data: { roundId: round.id, publicCode, ...period, status: "OPEN", publishedById: input.actorId, publishedAt: now },
        });
        await tx.postingEntry.createMany({
          data: nominees.map((n, i) => ({ postingId: posting.id, dossierId: n.dossierId, position: i + 1, nominee: n.nominee, unitName: n.unitName, awardName: n.awardName })),
        });
        await tx.auditLog.create({ data: { at: now, actorId: input.actorId, action: "posting.published", entity: "PublicPosting", entityId: posting.id, data: { roundId: round.id, ...period, entries: nominees.length } } });
        const notified = await this.tellStaff(tx, { unitId: round.unitId, title: round.title, publicCode, ...period, postingId: posting.id, now });
        return { ok: true, postingId: posting.id, publicCode, notified };
      }),
    );
  }

  /** The message to the staff of the round's units; returns how many were queued. */
  private async tellStaff(tx: Tx, p: { unitId: string; title: string; publicCode: string; startsOn: string; endsOn: string; postingId: string; now: Date }): Promise<number> {
    const roles = await tx.userRole.findMany({ where: { role: { in: ["officer", "secretary"] }, unitId: { not: null } }, include: { user: { include: { identities: { orderBy: { createdAt: "desc" } } } } } });
    const people = new Map<string, (typeof roles)[number]["user"]>();
    for (const r of roles) if (!r.user.erasedAt && this.deps.units.isWithin(r.unitId!, p.unitId)) people.set(r.userId, r.user);
    let queued = 0;
    for (const user of people.values()) {
      const identity = user.identities[0];
      if (!identity) continue;
      const lang = user.locale === "en" ? "en" : "vi";
      const text = this.deps.i18n.t(lang, "bot.posting.published", {
        title: p.title,
        unit: this.deps.units.label(p.unitId),
        from: formatLocalDate(localDateFromIso(p.startsOn)),
        to: formatLocalDate(localDateFromIso(p.endsOn)),
        url: this.publicUrl(p.publicCode),
      });
      await enqueueJob(tx, NOTIFY_JOB, { channel: identity.channel, chatId: identity.externalId, messages: [{ text }] }, { key: `${NOTIFY_JOB.kind}:posting:${p.postingId}:${user.id}`, at: p.now });
      queued++;
    }
    return queued;
  }

  /** Ends the period with its result and the secretary's note; false when it is not open. */
  async close(input: { postingId: string; result: PostingResult; note: string; actorId: string }): Promise<boolean> {
    const now = this.deps.now();
    return this.deps.serializeWrites(() =>
      this.deps.db.$transaction(async (tx) => {
        const { count } = await tx.publicPosting.updateMany({
          where: { id: input.postingId, status: "OPEN" },
          data: { status: "CLOSED", closedById: input.actorId, closedAt: now, result: input.result, closingNote: input.note || null },
        });
        if (count) await tx.auditLog.create({ data: { at: now, actorId: input.actorId, action: "posting.closed", entity: "PublicPosting", entityId: input.postingId, data: { result: input.result } } });
        return count === 1;
      }),
    );
  }

  /**
   * Records the answer to an objection and tells the sender in the chat they wrote from (an
   * anonymous sender too: their id is kept for this only). An objection is answered once; false
   * when it already was.
   */
  async answer(input: { objectionId: string; answer: string; actorId: string }): Promise<boolean> {
    const now = this.deps.now();
    return this.deps.serializeWrites(() =>
      this.deps.db.$transaction(async (tx) => {
        const { count } = await tx.objection.updateMany({ where: { id: input.objectionId, answer: null }, data: { answer: input.answer, answeredById: input.actorId, answeredAt: now } });
        if (!count) return false;
        const objection = await tx.objection.findUniqueOrThrow({ where: { id: input.objectionId } });
        const dossier = await tx.dossier.findUnique({ where: { id: objection.dossierId }, select: { code: true } });
        await tx.auditLog.create({ data: { at: now, actorId: input.actorId, action: "objection.answered", entity: "Objection", entityId: objection.id, data: { code: objection.code } } });
        const reporter = objection.reporterUserId
          ? await tx.user.findUnique({ where: { id: objection.reporterUserId }, include: { roles: true, identities: { where: { channel: objection.channel }, orderBy: { createdAt: "desc" } } } })
          : null;
        const identity = reporter && !reporter.erasedAt ? reporter.identities[0] : undefined;
        if (identity) {
          const i18n = withRegister(this.deps.i18n, registerFor(reporter!.roles.map((r) => r.role)));
          const text = i18n.t(reporter!.locale === "en" ? "en" : "vi", "bot.objection.answered", { code: objection.code, dossier: dossier?.code ?? "", answer: input.answer });
          await enqueueJob(tx, NOTIFY_JOB, { channel: identity.channel, chatId: identity.externalId, messages: [{ text }] }, { key: `${NOTIFY_JOB.kind}:objection:${objection.id}`, at: now });
        }
        return true;
      }),
    );
  }
}
