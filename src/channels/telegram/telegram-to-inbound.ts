/**
 * Pure mapping from a Telegram update to what the product handles. No I/O: files are returned as
 * references (file_id and announced size) for the I/O layer to download.
 *
 * Message ids are `u<update_id>`: Telegram's update_id is unique per bot, so a re-delivered
 * update (after a crash in polling, or a webhook retry) is recognised by the service.
 */
import type { Update } from "grammy/types";

export interface TelegramFileRef {
  fileId: string;
  /** Size Telegram announced, checked before downloading. */
  size?: number;
  fileName?: string;
}

/** What a person's message and a pressed button both tell: the update, the chat, who, and the message id. */
interface TelegramFrom {
  updateId: number;
  chatId: string;
  senderId: string;
  senderName?: string;
  languageCode?: string;
  messageId: string;
}

export type TelegramInbound =
  | (TelegramFrom & { kind: "message"; text?: string; files: TelegramFileRef[]; mediaGroupId?: string })
  | (TelegramFrom & {
      kind: "button";
      callbackQueryId: string;
      /** The bot message that carried the keyboard, to show the chosen answer on it. */
      questionMessageId?: number;
      questionText?: string;
      scope: string;
      index: number;
      /** The pressed button's label, read from the keyboard Telegram sent back. */
      label?: string;
    })
  /** A message in a group: the bot answers only when addressed, with a link to a private chat. */
  | { kind: "group"; updateId: number; chatId: string; addressed: boolean; languageCode?: string }
  | { kind: "ignored"; updateId: number; reason: string };

/** Callback data is `<scope>:<index>`; anything else is not ours. */
export function parseCallbackData(data: string | undefined): { scope: string; index: number } | null {
  const m = /^([A-Za-z0-9_-]{4,16}):(\d{1,3})$/.exec(data ?? "");
  return m ? { scope: m[1]!, index: Number(m[2]) } : null;
}

export function telegramToInbound(update: Update, botUsername: string): TelegramInbound {
  const updateId = update.update_id;
  const messageId = `u${updateId}`;

  if (update.callback_query) {
    const q = update.callback_query;
    const parsed = parseCallbackData(q.data);
    const chat = q.message?.chat;
    if (!parsed || !chat) return { kind: "ignored", updateId, reason: "callback query without our data or its message" };
    if (chat.type !== "private") return { kind: "group", updateId, chatId: String(chat.id), addressed: true, ...(q.from.language_code ? { languageCode: q.from.language_code } : {}) };
    const message = q.message && "text" in q.message ? q.message : undefined;
    const label = message?.reply_markup?.inline_keyboard.flat().find((b) => "callback_data" in b && b.callback_data === q.data)?.text;
    return {
      kind: "button",
      updateId,
      chatId: String(chat.id),
      senderId: String(q.from.id),
      senderName: [q.from.first_name, q.from.last_name].filter(Boolean).join(" "),
      ...(q.from.language_code ? { languageCode: q.from.language_code } : {}),
      messageId,
      callbackQueryId: q.id,
      ...(q.message ? { questionMessageId: q.message.message_id } : {}),
      ...(message?.text ? { questionText: message.text } : {}),
      scope: parsed.scope,
      index: parsed.index,
      ...(label ? { label } : {}),
    };
  }

  const msg = update.message;
  if (!msg) return { kind: "ignored", updateId, reason: "not a message or a button" };
  const languageCode = msg.from?.language_code;
  if (msg.chat.type !== "private") {
    const text = msg.text ?? msg.caption ?? "";
    const addressed = text.startsWith("/") || text.toLowerCase().includes(`@${botUsername.toLowerCase()}`);
    return { kind: "group", updateId, chatId: String(msg.chat.id), addressed, ...(languageCode ? { languageCode } : {}) };
  }
  const files: TelegramFileRef[] = [];
  if (msg.photo?.length) {
    // Sizes come smallest first; keep the largest.
    const largest = msg.photo.reduce((a, b) => ((b.file_size ?? b.width * b.height) > (a.file_size ?? a.width * a.height) ? b : a));
    files.push({ fileId: largest.file_id, ...(largest.file_size !== undefined ? { size: largest.file_size } : {}) });
  }
  if (msg.document) {
    const d = msg.document;
    files.push({ fileId: d.file_id, ...(d.file_size !== undefined ? { size: d.file_size } : {}), ...(d.file_name ? { fileName: d.file_name } : {}) });
  }
  const text = msg.text ?? msg.caption;
  if (!text && files.length === 0) return { kind: "ignored", updateId, reason: "a message kind the forms do not take (sticker, voice, location…)" };
  const from = msg.from;
  return {
    kind: "message",
    updateId,
    chatId: String(msg.chat.id),
    senderId: String(from?.id ?? msg.chat.id),
    ...(from ? { senderName: [from.first_name, from.last_name].filter(Boolean).join(" ") } : {}),
    ...(languageCode ? { languageCode } : {}),
    messageId,
    ...(text ? { text } : {}),
    files,
    ...(msg.media_group_id ? { mediaGroupId: msg.media_group_id } : {}),
  };
}
