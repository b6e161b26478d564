/**
 * A fake behind our narrow Zalo interface: an EventEmitter listener the test drives, and recorded
 * sends. Never logs in to Zalo.
 */
import { EventEmitter } from "node:events";
import { ZaloSendError, type ZaloConnector, type ZaloCredentials, type ZaloIncoming, type ZaloSession, type ZaloSessionEvents } from "../../src/channels/zalo/zalo-personal-port.ts";

export class FakeZaloSession implements ZaloSession {
  private readonly events = new EventEmitter();
  started = false;
  stopped = false;
  readonly sent: Array<{ threadId: string; text: string; at: number }> = [];
  /** Zalo error codes the next file sends throw, in order (text sends are not affected). */
  readonly fileFailures: number[] = [];
  /** Files sent as attachments, in order. */
  readonly files: Array<{ threadId: string; fileName: string; bytes: Uint8Array; at: number }> = [];
  /** Zalo error codes the next sends throw, in order. */
  readonly failures: number[] = [];
  private msgCounter = 0;

  constructor(readonly cookieVersion: number) {}

  on<E extends keyof ZaloSessionEvents>(event: E, listener: ZaloSessionEvents[E]): void {
    this.events.on(event, listener as (...args: unknown[]) => void);
  }
  start(): void {
    this.started = true;
  }
  stop(): void {
    this.stopped = true;
  }
  async sendText(threadId: string, text: string): Promise<void> {
    const code = this.failures.shift();
    if (code !== undefined) throw new ZaloSendError(`Zalo error ${code}`, code);
    this.sent.push({ threadId, text, at: Date.now() });
  }
  async sendFile(threadId: string, file: { bytes: Uint8Array; fileName: string }): Promise<void> {
    const code = this.fileFailures.shift();
    if (code !== undefined) throw new ZaloSendError(`Zalo error ${code}`, code);
    this.files.push({ threadId, fileName: file.fileName, bytes: file.bytes, at: Date.now() });
  }
  async credentials(): Promise<ZaloCredentials> {
    return { imei: "imei-test", userAgent: "UA-test", cookie: [{ key: "zpw_sek", value: `v${this.cookieVersion}` }] };
  }

  /** A person writes text. */
  text(threadId: string, text: string, msgId = `${Date.now()}${++this.msgCounter}`): string {
    this.emit({ msgId, threadId, fromId: threadId, displayName: "Lê Thị Mai", isSelf: false, isGroup: false, msgType: "webchat", content: text });
    return msgId;
  }
  /** A person sends a photo (zca-js shape: href to Zalo's CDN; here a URL on 127.0.0.1). */
  photo(threadId: string, href: string): string {
    const msgId = `${Date.now()}${++this.msgCounter}`;
    this.emit({ msgId, threadId, fromId: threadId, isSelf: false, isGroup: false, msgType: "chat.photo", content: { title: "", description: "", href, thumb: href, childnumber: 0, action: "", params: "{}", type: "" } });
    return msgId;
  }
  emit(message: ZaloIncoming): void {
    this.events.emit("message", message);
  }
  close(code: number, reason: string): void {
    this.events.emit("closed", code, reason);
  }
}

/** Hands out fake sessions in order; `failConnects` makes the next connections throw. */
export class FakeZaloConnector implements ZaloConnector {
  readonly sessions: FakeZaloSession[] = [];
  readonly credentialsSeen: ZaloCredentials[] = [];
  failConnects = 0;

  async connect(credentials: ZaloCredentials): Promise<ZaloSession> {
    this.credentialsSeen.push(credentials);
    if (this.failConnects > 0) {
      this.failConnects--;
      throw new Error("login failed");
    }
    const session = new FakeZaloSession(this.sessions.length + 1);
    this.sessions.push(session);
    return session;
  }

  get current(): FakeZaloSession {
    const s = this.sessions.at(-1);
    if (!s) throw new Error("no session yet");
    return s;
  }
}
