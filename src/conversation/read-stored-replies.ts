/**
 * Reads the replies kept with a processed message (`ProcessedMessage.replies`), given again when
 * the web page resends a message whose answer it lost.
 */
import { z } from "zod";
import type { OutgoingMessage } from "../channels/channel-port.ts";

const storedRepliesSchema = z.array(
  z.object({
    text: z.string(),
    choices: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
    keywordChoices: z.boolean().optional(),
    scope: z.string().optional(),
    documents: z.array(z.object({ id: z.string(), fileName: z.string(), mediaType: z.string(), size: z.number() })).optional(),
  }),
);

/**
 * The stored replies, or null when none were stored (a message from before replies were kept, or
 * from a channel that does not keep them) or the stored value is not a list of replies.
 */
export function readStoredReplies(stored: unknown): OutgoingMessage[] | null {
  if (stored === null || stored === undefined) return null;
  const parsed = storedRepliesSchema.safeParse(stored);
  if (!parsed.success) return null;
  return parsed.data.map((m) => ({
    text: m.text,
    ...(m.choices !== undefined ? { choices: m.choices } : {}),
    ...(m.keywordChoices !== undefined ? { keywordChoices: m.keywordChoices } : {}),
    ...(m.scope !== undefined ? { scope: m.scope } : {}),
    ...(m.documents !== undefined ? { documents: m.documents.map((d) => ({ id: d.id, fileName: d.fileName, mediaType: d.mediaType, size: d.size })) } : {}),
  }));
}
