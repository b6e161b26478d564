/**
 * What a secretary reads after finishing the council-review form: the entry sent, or why it was
 * not (the dossier left the queue, or its status allows other entries, which are named).
 */
import type { ReviewQueued } from "./council-review.ts";

export function reviewAnswer(reviewed: ReviewQueued, t: (key: string, params?: Record<string, string | number>) => string): string {
  if (reviewed.ok) return t(`bot.review.queued_${reviewed.action}`, { code: reviewed.code });
  if (reviewed.reason === "not_in_queue") return t("bot.review.not_in_queue");
  return t("bot.review.not_allowed", {
    code: reviewed.code,
    status: t(`bot.review.queue_status.${reviewed.status}`),
    allowed: reviewed.allowed.map((a) => `“${t(`bot.review.action.${a}`)}”`).join(", "),
  });
}
