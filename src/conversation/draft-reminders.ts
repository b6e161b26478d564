/**
 * Housekeeping of conversations: one reminder to a form left idle, and forgetting old message ids.
 */
import type { ChannelSender } from "../channels/channel-port.ts";
import { scopeFor } from "../replies/button-scope.ts";
import { renderOutputs } from "../replies/render-outputs.ts";
import { repeatPrompt } from "../flows/advance-run.ts";
import { readRunState } from "../flows/run-state.ts";
import type { Lang } from "../i18n/i18n.ts";
import { registerFor, withRegister } from "../i18n/register.ts";
import type { ChatOrder } from "../concurrency/chat-order.ts";
import type { TurnKit } from "./turn-kit.ts";

/** How long a received message is remembered to refuse its re-delivery. */
export const MESSAGE_MEMORY_DAYS = 7;

/**
 * Forgets which messages were applied once they are older than {@link MESSAGE_MEMORY_DAYS}:
 * platforms re-deliver within hours (Telegram keeps an unconfirmed update for a day), so the
 * table that refuses repeats need not grow with every message ever received. Returns how many.
 */
export async function forgetOldMessages(kit: TurnKit): Promise<number> {
  const before = new Date(kit.deps.now().getTime() - MESSAGE_MEMORY_DAYS * 86_400_000);
  return kit.transactionValue(async (tx) => (await tx.processedMessage.deleteMany({ where: { processedAt: { lt: before } } })).count);
}

/**
 * Sends one reminder to each draft idle for longer than the configured time, through the sender
 * of its channel, under the chat's lock (not between two answers of the person), and records it so
 * the draft is reminded once. The draft is kept (until the retention sweep).
 */
export async function remindIdleDrafts(kit: TurnKit, chats: ChatOrder, senders: ReadonlyMap<string, ChannelSender>): Promise<number> {
  const { db, flows, i18n, log, reminderAfterMs } = kit.deps;
  const now = kit.deps.now();
  const idle = await db.draft.findMany({
    where: { status: "ACTIVE", remindedAt: null, lastActivityAt: { lt: new Date(now.getTime() - reminderAfterMs) } },
    include: { user: { select: { roles: { select: { role: true } } } } },
    take: 100,
  });
  let sent = 0;
  for (const row of idle) {
    const [channel, ...rest] = row.chatKey.split(":");
    const sender = senders.get(channel!);
    if (!sender) continue;
    const flow = await flows.revision(row.flowId, row.flowRevision);
    if (!flow) continue;
    const state = readRunState(row.state);
    const lang: Lang = state.lang;
    const spoken = withRegister(i18n, registerFor(row.user.roles.map((r) => r.role)));
    const ctx = { ...kit.runContext(now), i18n: spoken };
    const messages = renderOutputs(
      [{ type: "say", text: spoken.t(lang, "bot.reminder", { title: kit.title(flow, lang) }) }, ...repeatPrompt(flow, state, ctx)],
      scopeFor({ id: row.id, state }),
    );
    try {
      await chats.run(row.chatKey, () => sender.send(rest.join(":"), messages));
      await db.draft.update({ where: { id: row.id }, data: { remindedAt: now } });
      sent++;
    } catch (err) {
      log.warn({ err, draftId: row.id }, "reminder not sent; will retry");
    }
  }
  return sent;
}
