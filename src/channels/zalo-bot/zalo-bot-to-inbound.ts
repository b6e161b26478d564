/**
 * Pure mapping from a Zalo Bot Platform update to what the product handles. No I/O: an image is
 * returned as its URL for the I/O layer to download.
 *
 * The platform's documentation is third-party and its samples disagree (`photo_url` or `photo`,
 * `display_name` or `first_name`, string or numeric ids, with or without `event_name`, an update
 * bare or wrapped in `{ ok, result }`), so the schemas accept every shape seen and keep unknown
 * fields; what cannot be read is reported, never thrown.
 *
 * Message ids are `z<message_id>`: Zalo's message id is unique per bot, so a re-delivered update
 * (a webhook retry) is recognised by the conversation service and applied once.
 */
import { z } from "zod";

/** Ids arrive as strings (`"e4ea2cd5189df1c3a88c"`) in the samples; numbers are taken too. */
const zaloId = z.union([z.string().min(1), z.number()]).transform(String);

const senderSchema = z.looseObject({
  id: zaloId,
  display_name: z.string().optional(),
  name: z.string().optional(),
  first_name: z.string().optional(),
  is_bot: z.boolean().optional(),
});

const messageSchema = z.looseObject({
  message_id: zaloId,
  chat: z.looseObject({ id: zaloId, chat_type: z.string().optional() }),
  from: senderSchema.optional(),
  text: z.string().optional(),
  photo_url: z.string().optional(),
  /** Some samples name the image URL `photo`. */
  photo: z.unknown().optional(),
  caption: z.string().optional(),
  date: z.number().optional(),
});

const updateSchema = z.looseObject({
  event_name: z.string().optional(),
  message: messageSchema.optional(),
});

/** An update as Zalo sends it (the shape tests build fixtures with). */
export type ZaloBotUpdate = z.input<typeof updateSchema>;

export const ZALO_EVENTS = {
  text: "message.text.received",
  image: "message.image.received",
  sticker: "message.sticker.received",
  unsupported: "message.unsupported.received",
} as const;

export type ZaloBotInbound =
  | {
      kind: "message";
      chatId: string;
      senderId: string;
      senderName?: string;
      messageId: string;
      text?: string;
      /** The picture to download (http or https); its caption, if any, is `text`. */
      imageUrl?: string;
    }
  /** A sticker, voice, file or any event the forms cannot take: answered with a polite refusal. */
  | { kind: "unsupported"; chatId: string; messageId: string; eventName?: string }
  | { kind: "ignored"; reason: string };

/**
 * The updates in a getUpdates `result` or a webhook body: one update object, an array of them,
 * either wrapped in `{ ok, result }`, or nothing (an empty poll).
 */
export function zaloBotUpdates(body: unknown): unknown[] {
  const unwrapped = unwrap(body);
  if (unwrapped === null || unwrapped === undefined) return [];
  if (Array.isArray(unwrapped)) return unwrapped.map(unwrap);
  return [unwrapped];
}

/** The chat an update belongs to, for handling one chat's updates in order; undefined if unreadable. */
export function zaloBotChatId(update: unknown): string | undefined {
  const parsed = updateSchema.safeParse(unwrap(update));
  return parsed.success ? parsed.data.message?.chat.id : undefined;
}

export function zaloBotToInbound(update: unknown): ZaloBotInbound {
  const parsed = updateSchema.safeParse(unwrap(update));
  if (!parsed.success) return { kind: "ignored", reason: "not a Zalo Bot update (no readable message, chat or message id)" };
  const { event_name: eventName, message } = parsed.data;
  if (!message) return { kind: "ignored", reason: `an event without a message (${eventName ?? "no event_name"})` };
  const chatType = message.chat.chat_type?.toUpperCase();
  if (chatType !== undefined && chatType !== "PRIVATE") return { kind: "ignored", reason: `a ${chatType} chat; the bot takes direct messages only` };
  if (message.from?.is_bot) return { kind: "ignored", reason: "a message from a bot" };

  const chatId = message.chat.id;
  const messageId = `z${message.message_id}`;
  const text = nonEmpty(message.text);
  const caption = nonEmpty(message.caption);
  const imageUrl = imageUrlOf(message);
  const unsupported: ZaloBotInbound = { kind: "unsupported", chatId, messageId, ...(eventName ? { eventName } : {}) };

  let content: { text?: string; imageUrl?: string } | null;
  switch (eventName) {
    case ZALO_EVENTS.text:
      content = text ? { text } : null;
      break;
    case ZALO_EVENTS.image:
      content = imageUrl ? { imageUrl, ...(caption ?? text ? { text: (caption ?? text)! } : {}) } : null;
      break;
    case undefined:
      // Samples without an event name: read what the message carries.
      content = imageUrl ? { imageUrl, ...(caption ?? text ? { text: (caption ?? text)! } : {}) } : text ? { text } : null;
      break;
    default:
      // Stickers, "unsupported" messages and events the docs do not list yet.
      content = null;
  }
  if (!content) return unsupported;

  const senderName = nonEmpty(message.from?.display_name ?? message.from?.name ?? message.from?.first_name);
  return {
    kind: "message",
    chatId,
    senderId: message.from?.id ?? chatId,
    ...(senderName ? { senderName } : {}),
    messageId,
    ...content,
  };
}

function unwrap(body: unknown): unknown {
  if (body !== null && typeof body === "object" && !Array.isArray(body) && "result" in body && !("message" in body) && !("event_name" in body)) {
    return (body as { result: unknown }).result;
  }
  return body;
}

function nonEmpty(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? text : undefined;
}

function imageUrlOf(message: z.infer<typeof messageSchema>): string | undefined {
  const photo = message.photo;
  const candidate =
    message.photo_url ??
    (typeof photo === "string" ? photo : undefined) ??
    (photo !== null && typeof photo === "object" && typeof (photo as { url?: unknown }).url === "string" ? (photo as { url: string }).url : undefined);
  if (!candidate) return undefined;
  try {
    const url = new URL(candidate);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
