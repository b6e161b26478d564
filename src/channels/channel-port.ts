/**
 * The one narrow port between chat channels and the conversation service. Adapters (memory,
 * terminal, web, and later Telegram and Zalo) convert their own payloads into an
 * {@link InboundMessage}, hand it to a {@link ConversationHandler}, and render the returned
 * {@link OutgoingMessage}s within their {@link ChannelCapabilities}. The flow engine never sees
 * which channel it talks to.
 */

/** Names of the channels the product knows. */
export type ChannelName = "memory" | "terminal" | "web" | "telegram" | "zalo" | "zalo-bot";

/** A file as received from a channel; its type is sniffed from the bytes later, never trusted. */
export interface InboundFile {
  bytes: Uint8Array;
  fileName?: string;
}

/** One message from a person, already converted from the channel's own shape. */
export interface InboundMessage {
  channel: ChannelName;
  /** The conversation (a private chat); replies go back here. */
  chatId: string;
  /** The person on that channel (equal to chatId in private chats). */
  senderId: string;
  /** Unique per channel; a message seen twice is applied once. */
  messageId: string;
  /** Typed text, if any. */
  text?: string;
  /** The value of a pressed button, if any (one of the choices last offered). */
  choice?: string;
  files?: InboundFile[];
  /** Display name the channel knows, if any. */
  senderName?: string;
}

/** A button or numbered choice offered with a message. */
export interface Choice {
  value: string;
  label: string;
}

/** One reply, channel-neutral. */
export interface OutgoingMessage {
  text: string;
  choices?: Choice[];
  /**
   * The choices are words to type rather than numbers to pick: a text-only channel shows them
   * as "Gửi / Huỷ" instead of a numbered list, because in the summary numbers pick an answer to edit.
   */
  keywordChoices?: boolean;
}

/** What a channel can show: buttons, or numbered choices typed back; and how long a message may be. */
export interface ChannelCapabilities {
  buttons: boolean;
  maxTextLength: number;
}

/** Handles one inbound message and returns the replies, after every effect has been stored. */
export interface ConversationHandler {
  handle(message: InboundMessage): Promise<OutgoingMessage[]>;
}

/** Delivers messages the service sends on its own (reminders), outside a reply. */
export interface ChannelSender {
  readonly channel: ChannelName;
  send(chatId: string, messages: readonly OutgoingMessage[]): Promise<void>;
}
