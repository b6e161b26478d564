import type { ChannelAdapter, ChannelCapabilities, OutgoingMessage } from "../channel-port.ts";

/** How many pushed messages one web chat keeps while nobody polls; older ones are dropped first. */
const MAX_PENDING_PER_CHAT = 50;

/** The page shows buttons and wraps a message of any length. */
export const WEB_CAPABILITIES: ChannelCapabilities = { buttons: true, maxTextLength: Number.POSITIVE_INFINITY };

/**
 * The web channel's {@link ChannelAdapter}: its receiving side is the chat page and JSON API of
 * `createWebChatApp`, served by the composition root's HTTP server, so `start` and `stop` have
 * nothing of their own to do (the server is closed by the composition root).
 *
 * A browser cannot be reached on its own, so messages the service sends outside a reply
 * (reminders) wait here, per chatId (the web session's chatId), until the page polls
 * `GET /api/pending` and {@link WebChatSender.drain} hands them over.
 *
 * In memory only: pending messages are lost on restart, which is acceptable for a try-it-in-a-browser
 * channel because the durable copy of every reminder lives in the outbox, not here. Bounded to
 * {@link MAX_PENDING_PER_CHAT} messages per chat so an abandoned tab cannot grow memory without limit.
 */
export class WebChatSender implements ChannelAdapter {
  readonly channel = "web" as const;
  readonly capabilities = WEB_CAPABILITIES;
  readonly #pending = new Map<string, OutgoingMessage[]>();

  /** Nothing to start: the page and API are routes on the composition root's server. */
  async start(): Promise<void> {}

  /** Nothing to stop: pending messages are in memory only (see above). */
  async stop(): Promise<void> {}

  /** Queues `messages` for `chatId`, keeping only the newest 50 per chat. Never throws. */
  async send(chatId: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const queue = this.#pending.get(chatId) ?? [];
    queue.push(...messages.map(copyMessage));
    if (queue.length > MAX_PENDING_PER_CHAT) queue.splice(0, queue.length - MAX_PENDING_PER_CHAT);
    this.#pending.set(chatId, queue);
  }

  /**
   * Returns the messages waiting for `chatId`, oldest first, and forgets them: each pushed message
   * is handed out once. Returns an empty array when nothing waits.
   */
  drain(chatId: string): OutgoingMessage[] {
    const queue = this.#pending.get(chatId);
    if (queue === undefined) return [];
    this.#pending.delete(chatId);
    return queue;
  }
}

/**
 * Copies a message so a caller mutating it afterwards cannot change what is queued. The scope is
 * kept: the page sends it back with a pressed button.
 */
function copyMessage(message: OutgoingMessage): OutgoingMessage {
  return {
    text: message.text,
    ...(message.choices !== undefined ? { choices: message.choices.map((c) => ({ value: c.value, label: c.label })) } : {}),
    ...(message.keywordChoices !== undefined ? { keywordChoices: message.keywordChoices } : {}),
    ...(message.scope !== undefined ? { scope: message.scope } : {}),
    ...(message.documents !== undefined ? { documents: message.documents.map((d) => ({ ...d })) } : {}),
  };
}
