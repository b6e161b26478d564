/**
 * The memory channel: a person chatting through code, for tests and scripts. Each call sends one
 * message through the real conversation handler and returns the replies; message ids are
 * generated in order so a test can also re-send one to check de-duplication. Documents sent with a
 * reply appear in the transcript as "(tệp) <fileName>". Messages the service sends on its own are
 * recorded by `MemoryChannel` (memory-channel.ts).
 */
import type { ChannelName, ConversationHandler, InboundFile, InboundMessage, OutgoingMessage } from "../channel-port.ts";

export class MemoryChat {
  private counter = 0;
  /** Distinguishes this chat object's message ids from another's on the same chat (a restart). */
  private readonly instance = Math.random().toString(36).slice(2, 8);
  /** Every reply received, in order. */
  readonly transcript: Array<{ from: "person" | "bot"; text: string }> = [];

  constructor(
    private readonly handler: ConversationHandler,
    readonly chatId: string,
    readonly channel: ChannelName = "memory",
  ) {}

  /** Types a message. */
  say(text: string): Promise<OutgoingMessage[]> {
    return this.send({ text });
  }

  /** Presses a button (a choice value). */
  press(value: string): Promise<OutgoingMessage[]> {
    return this.send({ choice: value });
  }

  /** Sends files, optionally with a caption. */
  upload(files: InboundFile[], text?: string): Promise<OutgoingMessage[]> {
    return this.send({ files, ...(text ? { text } : {}) });
  }

  /** Sends a raw message with an explicit id (to test re-delivery). */
  async send(parts: Partial<Pick<InboundMessage, "text" | "choice" | "files" | "messageId">>): Promise<OutgoingMessage[]> {
    const messageId = parts.messageId ?? `${this.instance}-${++this.counter}`;
    this.transcript.push({ from: "person", text: parts.text ?? parts.choice ?? `[${parts.files?.length ?? 0} file(s)]` });
    const replies = await this.handler.handle({
      channel: this.channel,
      chatId: this.chatId,
      senderId: this.chatId,
      messageId,
      ...(parts.text !== undefined ? { text: parts.text } : {}),
      ...(parts.choice !== undefined ? { choice: parts.choice } : {}),
      ...(parts.files ? { files: parts.files } : {}),
    });
    for (const r of replies) {
      const buttons = r.choices?.length ? `\n${r.choices.map((c) => `[${c.label}]`).join(" ")}` : "";
      // Documents show by name, so golden transcripts show what was sent.
      const files = (r.documents ?? []).map((d) => `\n(tệp) ${d.fileName}`).join("");
      this.transcript.push({ from: "bot", text: r.text + buttons + files });
    }
    return replies;
  }
}
