/**
 * The narrow interface through which the product drives a personal Zalo account. zca-js (which
 * speaks to Zalo's web client over an encrypted WebSocket) sits behind it in zca-connector.ts; the
 * tests put a fake behind it and never log in to Zalo.
 */

/** One message as zca-js reports it, reduced to what the product reads. */
export interface ZaloIncoming {
  msgId: string;
  /** The conversation: the other person's uid in a 1:1 chat, the group id in a group. */
  threadId: string;
  fromId: string;
  displayName?: string;
  /** Sent by the logged-in account itself (from another device). */
  isSelf: boolean;
  isGroup: boolean;
  /** zca-js msgType: "webchat" (text), "chat.photo", "share.file", "chat.sticker", "chat.voice"… */
  msgType: string;
  /** A string for text; an object with `href`, `title`… for attachments. */
  content: unknown;
}

/** Why the listener closed. 3000 and 3003 mean another session took over: do not fight it. */
export const CLOSE_DUPLICATE_CONNECTION = 3000;
export const CLOSE_KICK_CONNECTION = 3003;

/** Zalo's error codes that protect the account. */
export const ZALO_TOO_MANY_REQUESTS = 221;
export const ZALO_BLOCKS_STRANGERS = 122;

/** A send that Zalo refused, with Zalo's error code when it gave one. */
export class ZaloSendError extends Error {
  override name = "ZaloSendError";
  constructor(
    message: string,
    readonly code: number | null,
  ) {
    super(message);
  }
}

/** What is needed to log in again without a QR scan. Tied to the user agent (and IP). */
export interface ZaloCredentials {
  imei: string;
  cookie: unknown[];
  userAgent: string;
}

export interface ZaloSessionEvents {
  message: (message: ZaloIncoming) => void;
  closed: (code: number, reason: string) => void;
  error: (error: unknown) => void;
}

/** A logged-in account with its listener. */
export interface ZaloSession {
  on<E extends keyof ZaloSessionEvents>(event: E, listener: ZaloSessionEvents[E]): void;
  /** Opens the listener (only one per account: opening Zalo Web elsewhere kicks it). */
  start(): void;
  stop(): void;
  /** Sends text to a 1:1 thread; throws {@link ZaloSendError}. */
  sendText(threadId: string, text: string): Promise<void>;
  /** Sends a file as an attachment to a 1:1 thread (zca-js uploads it from the bytes); throws {@link ZaloSendError}. */
  sendFile(threadId: string, file: { bytes: Uint8Array; fileName: string }): Promise<void>;
  /** The current credentials, with cookies as refreshed by Zalo. */
  credentials(): Promise<ZaloCredentials>;
}

/** Logs in from stored credentials. */
export interface ZaloConnector {
  connect(credentials: ZaloCredentials): Promise<ZaloSession>;
}
