/**
 * Pure mapping of a zca-js message. Only 1:1 chats from other people are forms; the account's own
 * messages and group messages are ignored (the account must not speak to strangers or groups).
 * Message ids are `z<msgId>`, so a message seen twice is applied once.
 */
import type { ZaloIncoming } from "./zalo-personal-port.ts";

export type ZaloInbound =
  | { kind: "message"; chatId: string; senderId: string; senderName?: string; messageId: string; text?: string; fileUrl?: string; fileName?: string }
  | { kind: "unsupported"; chatId: string; messageId: string }
  | { kind: "ignored"; reason: string };

function field(content: unknown, name: string): string | undefined {
  if (typeof content !== "object" || content === null) return undefined;
  const value = (content as Record<string, unknown>)[name];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

export function zaloToInbound(m: ZaloIncoming): ZaloInbound {
  if (m.isSelf) return { kind: "ignored", reason: "sent by this account" };
  if (m.isGroup) return { kind: "ignored", reason: "group message" };
  const base = {
    chatId: m.threadId,
    senderId: m.fromId,
    messageId: `z${m.msgId}`,
    ...(m.displayName ? { senderName: m.displayName } : {}),
  };
  if (typeof m.content === "string") {
    return m.content.trim() ? { kind: "message", ...base, text: m.content } : { kind: "ignored", reason: "empty text" };
  }
  if (m.msgType === "chat.photo" || m.msgType === "share.file") {
    const href = field(m.content, "href");
    if (!href) return { kind: "unsupported", chatId: m.threadId, messageId: base.messageId };
    const title = field(m.content, "title");
    const caption = m.msgType === "chat.photo" ? title ?? field(m.content, "description") : undefined;
    return {
      kind: "message",
      ...base,
      fileUrl: href,
      ...(m.msgType === "share.file" && title ? { fileName: title } : {}),
      ...(caption ? { text: caption } : {}),
    };
  }
  return { kind: "unsupported", chatId: m.threadId, messageId: base.messageId };
}
