/**
 * What a secretary is told after an entry (council-entries.ts), in the chat or on the console:
 * what was sent, or why nothing was (the dossier left the queue, or its status allows other
 * entries, which are named).
 */
import type { EntryQueued } from "./council-entries.ts";

type T = (key: string, params?: Record<string, string | number>) => string;

export function councilEntryAnswer(queued: EntryQueued, t: T): string {
  if (queued.ok) return t(`bot.review.queued_${queued.action}`, { code: queued.code });
  if (queued.reason === "not_in_queue") return t("bot.review.not_in_queue");
  return t("bot.review.not_allowed", {
    code: queued.code,
    status: t(`bot.review.queue_status.${queued.status}`),
    allowed: queued.allowed.map((a) => `“${t(`bot.review.action.${a}`)}”`).join(", "),
  });
}
