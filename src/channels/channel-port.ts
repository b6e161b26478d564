/**
 * The one narrow port between chat channels and the conversation service. Adapters (memory,
 * terminal, web, Telegram, Zalo personal, Zalo Bot Platform) convert their own payloads into an
 * {@link InboundMessage}, hand it to a {@link ConversationHandler}, and render the returned
 * {@link OutgoingMessage}s within their {@link ChannelCapabilities}. Each is a
 * {@link ChannelAdapter} to the composition root. The flow engine never sees which channel it
 * talks to.
 */

/** Names of the channels the product knows. */
export type ChannelName = "memory" | "terminal" | "web" | "telegram" | "zalo" | "zalo-bot";

/** A file as received from a channel; its type is sniffed from the bytes later, never trusted. */
export interface InboundFile {
  /** The bytes; empty when the file was not downloaded because `declaredSize` is over the limit. */
  bytes: Uint8Array;
  fileName?: string;
  /** The size the channel announced before download, when it is known. */
  declaredSize?: number;
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
  /**
   * A pressed button named by position instead of value, with the scope of the message that
   * carried it (see {@link OutgoingMessage.scope}). Channels whose button payload is small or
   * can be forged (Telegram's callback data) use this: the service resolves the index against the
   * choices it offers now and refuses a button from another question.
   */
  button?: { scope: string; index: number };
  files?: InboundFile[];
  /** Display name the channel knows, if any. */
  senderName?: string;
  /**
   * The client's network address, for channels that see one (the web chat: the socket's address,
   * never a forwarded header). Used to limit guessing per address; never stored with the message.
   */
  clientIp?: string;
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
  /** Identifies the question the choices belong to; channels echo it back with a pressed button. */
  scope?: string;
  /**
   * Files sent with the message (a dossier's papers), as references only, never bytes: replies are
   * stored as JSON for a resend. Each channel delivers them its way through {@link DocumentFiles}:
   * an uploaded file where it can, a signed download link where it cannot.
   */
  documents?: OutgoingDocument[];
}

/** A stored document to deliver with a reply (see `DossierDocuments`). */
export interface OutgoingDocument {
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
}

/**
 * How channels reach the bytes of an {@link OutgoingDocument}, or a signed, expiring link to it;
 * built by the composition root from the stored documents and their links.
 */
export interface DocumentFiles {
  /** The document's bytes, name and type; null when it is gone. */
  read(id: string): Promise<{ bytes: Uint8Array; fileName: string; mediaType: string } | null>;
  /** A download link valid for the configured time (DOCUMENT_LINK_DAYS). */
  link(id: string): string;
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

/**
 * What every channel is to the composition root: something that starts receiving, stops, sends
 * messages on its own ({@link ChannelSender}), and declares what it can show. The composition root
 * starts the adapters it configured, registers them as senders, and stops them all on shutdown.
 */
export interface ChannelAdapter extends ChannelSender {
  readonly capabilities: ChannelCapabilities;
  /**
   * Starts receiving messages. A platform that cannot be reached is retried inside the adapter and
   * logged, never thrown, so one channel's outage does not stop the others. Resolves once the
   * adapter receives (or, for the terminal, once its input ends), or when it was stopped first.
   */
  start(): Promise<void>;
  /** Stops receiving, finishes the messages in hand and flushes queued replies (bounded wait). */
  stop(): Promise<void>;
}
