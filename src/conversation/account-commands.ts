/**
 * Commands about the person rather than a form: redeeming an invitation, linking another channel
 * identity, a sign-in link to the console, a secretary's digest and subscription, and a secretary
 * turning a good-deed report into a nomination. Each checks the role in this layer, whatever the channel.
 */
import { attemptKeys } from "../admin/failed-attempts.ts";
import { normalizeInviteCode, redeemInvite } from "../admin/invites.ts";
import { insertFreshCode, normalizeOneTimeCode } from "../admin/one-time-code.ts";
import { CONSOLE_LINK_MINUTES } from "../console/console-links.ts";
import { consoleScopeOf } from "../console/console-viewer.ts";
import type { InboundMessage } from "../channels/channel-port.ts";
import type { RunOutput } from "../flows/advance-run.ts";
import { nominateFromReport } from "./nominate-from-report.ts";
import type { Command } from "./parse-command.ts";
import type { Person } from "./person.ts";
import type { TurnKit } from "./turn-kit.ts";

/** How long an identity link code (`LK-…`) can be redeemed. */
export const LINK_CODE_MINUTES = 10;
/** The `FailedAttempt.kind` of failed invitation and link code redemptions. */
const CODE_ATTEMPT = "code";

export class AccountCommands {
  constructor(private readonly kit: TurnKit) {}

  /** The replies to an account command; `person` gains a redeemed invitation's role at once. */
  async run(command: Command, person: Person, msg: InboundMessage, now: Date): Promise<RunOutput[]> {
    const deps = this.kit.deps;
    const { db } = deps;
    const t = this.kit.textsFor(person);
    const say = (text: string): RunOutput => ({ type: "say", text });
    switch (command.name) {
      case "invite":
        return this.redeemCode("invite", person, msg, now, async () => {
          const code = normalizeInviteCode(command.code);
          if (!code) return { ok: false, reason: "malformed" };
          const result = await deps.serializeWrites(() => redeemInvite(db, { code, userId: person.id, now }));
          if (!result.ok) return result;
          person.roles = [...new Set([...person.roles, result.role])];
          person.units[result.role] = result.unitId;
          if (result.role === "secretary") {
            await db.digestSubscription.upsert({ where: { userId: person.id }, create: { userId: person.id, cadence: "daily", time: "07:30" }, update: {} });
          }
          const unit = result.unitId ? deps.units.label(result.unitId) : t("bot.digest.all_units");
          return { ok: true, replies: [say(t(`bot.invite.granted.${result.role}`, { unit }))] };
        });
      case "link": {
        const expiresAt = new Date(now.getTime() + LINK_CODE_MINUTES * 60_000);
        const code = await insertFreshCode("LK", (code) => deps.serializeWrites(() => db.linkCode.create({ data: { code, userId: person.id, expiresAt } })));
        return [say(t("bot.link.created", { code, minutes: LINK_CODE_MINUTES }))];
      }
      case "link-redeem":
        return this.redeemCode("link", person, msg, now, async () => {
          const code = normalizeOneTimeCode("LK", command.code);
          if (!code) return { ok: false, reason: "malformed" };
          const linked = await this.kit.transactionValue(async (tx) => {
            const claimed = await tx.linkCode.updateMany({ where: { code, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
            if (claimed.count !== 1) return null;
            const link = await tx.linkCode.findUniqueOrThrow({ where: { code } });
            if (link.userId === person.id) return link.userId;
            // This identity (and what it started) now belongs to the person who asked for the code.
            await tx.channelIdentity.update({ where: { channel_externalId: { channel: msg.channel, externalId: msg.senderId } }, data: { userId: link.userId } });
            await tx.draft.updateMany({ where: { userId: person.id }, data: { userId: link.userId } });
            await tx.dossier.updateMany({ where: { submittedById: person.id }, data: { submittedById: link.userId } });
            await tx.auditLog.create({ data: { at: now, actorId: link.userId, action: "identity.linked", entity: "User", entityId: link.userId, data: { channel: msg.channel, from: person.id } } });
            return link.userId;
          });
          if (linked) return { ok: true, replies: [say(t("bot.link.done"))] };
          const row = await db.linkCode.findUnique({ where: { code } });
          return { ok: false, reason: !row ? "unknown" : row.usedAt ? "used" : "expired" };
        });
      case "console-link": {
        // The link is a bearer secret for ten minutes: it goes only to whoever may use the console.
        if (!consoleScopeOf(person.roles, person.units)) {
          return [say(t(person.roles.includes("secretary") ? "bot.console_link.no_unit" : "bot.console_link.refused"))];
        }
        if (!deps.consoleLinks) return [say(t("bot.console_link.unavailable"))];
        const { url } = await deps.consoleLinks.issue(person.id);
        await deps.serializeWrites(() => db.auditLog.create({ data: { at: now, actorId: person.id, action: "console.link_issued", entity: "User", entityId: person.id, data: { channel: msg.channel } } }));
        return [say(t("bot.console_link.created", { url, minutes: CONSOLE_LINK_MINUTES }))];
      }
      case "digest-now": {
        if (!person.roles.includes("secretary") || !deps.digests) return [say(t("bot.digest.not_secretary"))];
        const parts = (await deps.digests.composeMessages(person.id, now)) ?? [];
        return parts.map(say);
      }
      case "digest-subscribe": {
        if (!person.roles.includes("secretary")) return [say(t("bot.digest.not_secretary"))];
        const data = { cadence: command.cadence, weekday: command.cadence === "weekly" ? (command.weekday ?? 1) : null, time: command.time ?? "07:30" };
        await deps.serializeWrites(() => db.digestSubscription.upsert({ where: { userId: person.id }, create: { userId: person.id, ...data }, update: data }));
        return [say(command.cadence === "daily" ? t("bot.digest.daily", { time: data.time }) : t("bot.digest.weekly", { day: t(`bot.weekday.${data.weekday}`), time: data.time }))];
      }
      case "digest-off": {
        if (!person.roles.includes("secretary")) return [say(t("bot.digest.not_secretary"))];
        await deps.serializeWrites(() => db.digestSubscription.deleteMany({ where: { userId: person.id } }));
        return [say(t("bot.digest.off"))];
      }
      case "nominate-from-report": {
        const flow = deps.flows.current.get("nomination-individual");
        if (!person.roles.includes("secretary") || !flow) return [say(t("bot.digest.not_secretary"))];
        const result = await deps.serializeWrites(() =>
          nominateFromReport(
            { db, units: deps.units, i18n: deps.i18n, flow, ctx: this.kit.runContext(now) },
            { code: command.code, secretaryId: person.id, scope: person.units.secretary ?? null, now },
          ),
        );
        if (!result.ok) return [say(t(`bot.report_nomination.${result.reason}`, { code: command.code }))];
        return [say(t("bot.report_nomination.done", { code: result.code, officer: result.officerName ?? t("bot.report_nomination.the_officer") }))];
      }
      default:
        return [];
    }
  }

  /**
   * Redeems an invitation or identity link code under the failed-attempt limits: refused without
   * looking at the code while the person, the chat or the client's address has too many recent
   * failures; a failure is counted under all three and logged without the code. Every failure —
   * malformed, unknown, used, expired or revoked — gets the same answer, so a guesser cannot tell
   * a code that exists from one that does not.
   */
  private async redeemCode(
    kind: "invite" | "link",
    person: Person,
    msg: InboundMessage,
    now: Date,
    redeem: () => Promise<{ ok: true; replies: RunOutput[] } | { ok: false; reason: string }>,
  ): Promise<RunOutput[]> {
    const { failedAttempts, log } = this.kit.deps;
    const t = this.kit.textsFor(person);
    const keys = attemptKeys({ userId: person.id, channel: msg.channel, chatId: msg.chatId, clientIp: msg.clientIp });
    const block = await failedAttempts.check(CODE_ATTEMPT, keys, now);
    if (block.blocked) {
      log.warn({ channel: msg.channel, userId: person.id, kind, limitedBy: block.key.split(":")[0] }, "code redemption refused: too many failed attempts");
      const minutes = Math.max(1, Math.ceil((block.retryAt.getTime() - now.getTime()) / 60_000));
      return [{ type: "say", text: t("bot.code.too_many_attempts", { minutes }) }];
    }
    const result = await redeem();
    if (result.ok) return result.replies;
    await failedAttempts.record(CODE_ATTEMPT, keys, now);
    log.info({ channel: msg.channel, userId: person.id, kind, reason: result.reason }, "code redemption failed");
    return [{ type: "say", text: t(`bot.${kind}.invalid`) }];
  }
}
