/**
 * The {@link InboundMessage} of a person's message as a platform mapping read it
 * (telegram-to-inbound.ts, zalo-bot-to-inbound.ts, zalo/zalo-to-inbound.ts) once the channel's I/O
 * completed it (downloaded its files). Written once, so every bot channel leaves out the same
 * empty fields.
 */
import type { ChannelName, InboundMessage } from "./channel-port.ts";

/** The ids and the sender's name every platform mapping reads from a person's message. */
export interface MappedSender {
  chatId: string;
  senderId: string;
  messageId: string;
  senderName?: string;
}

/** What the message carries: typed text, files (an empty list is none), a pressed button. */
export type MessageContent = Pick<InboundMessage, "text" | "files" | "button">;

export function inboundMessage(channel: ChannelName, from: MappedSender, content: MessageContent): InboundMessage {
  return {
    channel,
    chatId: from.chatId,
    senderId: from.senderId,
    messageId: from.messageId,
    ...(content.text !== undefined ? { text: content.text } : {}),
    ...(content.files?.length ? { files: content.files } : {}),
    ...(content.button ? { button: content.button } : {}),
    ...(from.senderName ? { senderName: from.senderName } : {}),
  };
}
