/**
 * "góp ý TDKT-2026-000123 <nội dung>" (and "góp ý ẩn danh …"), from anyone, in any chat, at any
 * time: an objection to a nominee on a publicly posted list (src/posting/objections.ts). The sender
 * gets its code and is told the council will answer in this chat; an open form is asked again
 * after it. Refusals (not posted now, too short or long, too many) are polite answers that say
 * how to write it. The log names the dossier and the objection, never the content.
 */
import type { InboundMessage, OutgoingMessage } from "../channels/channel-port.ts";
import type { RunContext } from "../flows/advance-run.ts";
import { renderOutputs } from "../replies/render-outputs.ts";
import { OBJECTION_MAX_CHARS, OBJECTION_MIN_CHARS, OBJECTIONS_PER_HOUR, objectionRefusal, recordObjection, type NewObjection } from "../posting/objections.ts";
import { toIsoDate } from "../time/local-date.ts";
import { localDateInVietnam } from "../time/vietnam-time.ts";
import type { Command } from "./parse-command.ts";
import type { Person } from "./person.ts";
import type { OpenDraft, TurnKit } from "./turn-kit.ts";

type ObjectionCommand = Extract<Command, { name: "objection" }>;

export async function objectionTurn(kit: TurnKit, msg: InboundMessage, person: Person, command: ObjectionCommand, draft: OpenDraft | null, ctx: RunContext, now: Date): Promise<OutgoingMessage[]> {
  const t = kit.textsFor(person);
  const scope = kit.offered(draft, person, ctx).scope;
  const after = draft ? kit.promptOrMenu(draft, person, ctx) : [];
  const how = t("bot.objection.how", { min: OBJECTION_MIN_CHARS, max: OBJECTION_MAX_CHARS });
  if (!command.code) return kit.reply(msg, now, [{ type: "say", text: how }, ...after], scope);

  const o: NewObjection = { dossierCode: command.code, content: command.content, anonymous: command.anonymous, channel: msg.channel, reporterUserId: person.id, today: toIsoDate(localDateInVietnam(now)), now };
  const refusalText = (reason: string) =>
    reason === "not_posted" ? t("bot.objection.not_posted", { code: o.dossierCode })
    : reason === "too_many" ? t("bot.objection.too_many", { count: OBJECTIONS_PER_HOUR })
    : `${t(`bot.objection.${reason}`, { min: OBJECTION_MIN_CHARS, max: OBJECTION_MAX_CHARS })}\n${how}`;
  // Checked before the turn's transaction, so a refusal writes only the message id; checked again inside it.
  const refused = await objectionRefusal(kit.deps.db, o);
  if (refused) {
    kit.deps.log.info({ userId: person.id, code: o.dossierCode, reason: refused }, "objection refused");
    return kit.reply(msg, now, [{ type: "say", text: refusalText(refused) }, ...after], scope);
  }
  return kit.finish(msg, now, [], async (tx) => {
    const recorded = await recordObjection(tx, o);
    if (!recorded.ok) return [{ text: refusalText(recorded.reason) }, ...renderOutputs(after, scope)];
    kit.deps.log.info({ code: o.dossierCode, objection: recorded.code, anonymous: o.anonymous }, "objection received");
    const key = o.anonymous ? "bot.objection.received_anonymous" : "bot.objection.received";
    return [{ text: t(key, { code: recorded.code, dossier: o.dossierCode }) }, ...renderOutputs(after, scope)];
  }, scope);
}
