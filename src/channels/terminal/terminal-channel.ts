/**
 * The terminal channel: one person typing in a terminal (`npm run chat`), or a script piping one
 * message per line. I/O only; replies are rendered by the pure `renderText` (numbered choices,
 * no buttons) and documents as `documentLinkLines`.
 *
 * Interactive (a TTY): a prompt, and replies marked 🤖. Piped: each line is echoed as `> line`
 * before its replies, so a transcript reads like a conversation, and {@link TerminalChannel.start}
 * resolves at the end of input. A line `/file PATH` sends that file as an attachment.
 */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createInterface, type Interface } from "node:readline";
import type { ChannelAdapter, ChannelCapabilities, ConversationHandler, InboundMessage, OutgoingMessage } from "../channel-port.ts";
import { documentLinkLines, renderText } from "../render-text.ts";

/** A terminal shows numbered choices; long replies are split to stay readable. */
export const TERMINAL_CAPABILITIES: ChannelCapabilities = { buttons: false, maxTextLength: 4000 };

export interface TerminalChannelOptions {
  handler: ConversationHandler;
  /** The person (and chat) the terminal speaks for. */
  chatId: string;
  input: NodeJS.ReadableStream;
  /** Writes one line of output. */
  print: (line: string) => void;
  /** A person at a TTY (prompt, 🤖 marks) rather than a script. */
  interactive: boolean;
  /** A signed link to a stored document; absent: documents are shown by name. */
  link?: (documentId: string) => string;
  /** Shown once before the first prompt, when interactive. */
  greeting?: string;
}

export class TerminalChannel implements ChannelAdapter {
  readonly channel = "terminal" as const;
  readonly capabilities = TERMINAL_CAPABILITIES;
  private lines: Interface | null = null;

  constructor(private readonly opts: TerminalChannelOptions) {}

  /** Reads and handles lines until the input ends (or {@link stop}); each line's replies are printed before the next is read. */
  async start(): Promise<void> {
    const { interactive } = this.opts;
    const rl = createInterface({ input: this.opts.input, terminal: interactive });
    this.lines = rl;
    if (interactive) {
      if (this.opts.greeting) this.opts.print(`${this.opts.greeting}\n`);
      rl.setPrompt("> ");
      rl.prompt();
    }
    for await (const line of rl) {
      if (line.trim() !== "") {
        if (!interactive) this.opts.print(`> ${line}`);
        await this.say(line);
      }
      if (interactive) rl.prompt();
    }
    this.lines = null;
  }

  async stop(): Promise<void> {
    this.lines?.close();
  }

  /** Sends one typed line (or `/file PATH`) as the person, and prints the replies. */
  async say(line: string): Promise<void> {
    const base: Omit<InboundMessage, "text" | "files"> = { channel: "terminal", chatId: this.opts.chatId, senderId: this.opts.chatId, messageId: randomUUID() };
    const file = /^\/file\s+(.+)$/.exec(line.trim());
    let message: InboundMessage;
    if (file) {
      const path = file[1]!.trim();
      const bytes = await readFile(path).catch(() => null);
      if (!bytes) {
        this.opts.print(`(không đọc được tệp ${path})`);
        return;
      }
      message = { ...base, files: [{ bytes: new Uint8Array(bytes), fileName: path.split("/").pop()! }] };
    } else {
      message = { ...base, text: line };
    }
    await this.send(this.opts.chatId, await this.opts.handler.handle(message));
  }

  /** {@link ChannelAdapter.send}: prints the messages (the terminal has one chat). */
  async send(_chatId: string, messages: readonly OutgoingMessage[]): Promise<void> {
    for (const reply of messages) {
      for (const part of renderText(reply, TERMINAL_CAPABILITIES)) this.opts.print(`${this.opts.interactive ? "🤖 " : ""}${part}\n`);
      const documents = documentLinkLines(reply, this.opts.link);
      if (documents) this.opts.print(`${documents}\n`);
    }
  }
}
