import type { ChannelAdapter, ChannelCapabilities, ChannelName, OutgoingMessage } from "../channel-port.ts";

/** Shows everything: buttons, and messages of any length, as the service produced them. */
export const MEMORY_CAPABILITIES: ChannelCapabilities = { buttons: true, maxTextLength: Number.POSITIVE_INFINITY };

/**
 * The memory channel's {@link ChannelAdapter}: records the messages the service sends on its own
 * (reminders, notifications, digests), per chat and in order, for tests and scripts to read. The
 * person's side of a conversation is {@link MemoryChat}; this is the bot's side outside a reply.
 * It can stand for any channel name, so a test can register it as "web" or "telegram".
 */
export class MemoryChannel implements ChannelAdapter {
  readonly capabilities = MEMORY_CAPABILITIES;
  /** Every batch sent, in order. */
  readonly sent: Array<{ chatId: string; messages: readonly OutgoingMessage[] }> = [];

  constructor(readonly channel: ChannelName = "memory") {}

  /** Nothing to start: messages come in through {@link MemoryChat}. */
  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  async send(chatId: string, messages: readonly OutgoingMessage[]): Promise<void> {
    this.sent.push({ chatId, messages });
  }

  /** The texts sent, in order, separated by `---` lines (for assertions and golden files). */
  text(): string {
    return this.sent.flatMap((s) => s.messages.map((m) => m.text)).join("\n---\n");
  }
}
