/**
 * The real {@link ZaloConnector}: zca-js, which drives a personal Zalo account through the web
 * client's protocol. Unofficial: it can break when Zalo changes its web client, and the account
 * can be logged out or banned (see the README). Created only by the composition root; tests use
 * a fake behind the same interface and never log in.
 */
import { ThreadType, Zalo, ZaloApiError, type API, type Message } from "zca-js";
import {
  ZaloSendError,
  type ZaloConnector,
  type ZaloCredentials,
  type ZaloIncoming,
  type ZaloSession,
  type ZaloSessionEvents,
} from "./zalo-personal-port.ts";

/** zca-js with update checks off (it would contact the npm registry) and Node's own fetch. */
export function createZalo(): Zalo {
  return new Zalo({ checkUpdate: false, logging: false, polyfill: fetch, selfListen: false });
}

export class ZcaConnector implements ZaloConnector {
  async connect(credentials: ZaloCredentials): Promise<ZaloSession> {
    const api = await createZalo().login(credentials as Parameters<Zalo["login"]>[0]);
    return new ZcaSession(api);
  }
}

class ZcaSession implements ZaloSession {
  constructor(private readonly api: API) {}

  on<E extends keyof ZaloSessionEvents>(event: E, listener: ZaloSessionEvents[E]): void {
    const l = this.api.listener;
    if (event === "message") {
      l.on("message", (m: Message) => (listener as ZaloSessionEvents["message"])(toIncoming(m)));
    } else if (event === "closed") {
      l.on("closed", (code, reason) => (listener as ZaloSessionEvents["closed"])(Number(code), String(reason)));
    } else {
      l.on("error", (err) => (listener as ZaloSessionEvents["error"])(err));
    }
  }

  start(): void {
    this.api.listener.start({ retryOnClose: false });
  }

  stop(): void {
    this.api.listener.stop();
  }

  async sendText(threadId: string, text: string): Promise<void> {
    try {
      await this.api.sendMessage(text, threadId, ThreadType.User);
    } catch (err) {
      if (err instanceof ZaloApiError) throw new ZaloSendError(err.message, err.code);
      throw err;
    }
  }

  async sendFile(threadId: string, file: { bytes: Uint8Array; fileName: string }): Promise<void> {
    const filename = (file.fileName.includes(".") ? file.fileName : `${file.fileName}.bin`) as `${string}.${string}`;
    try {
      await this.api.sendMessage({ msg: "", attachments: [{ data: Buffer.from(file.bytes), filename, metadata: { totalSize: file.bytes.byteLength } }] }, threadId, ThreadType.User);
    } catch (err) {
      if (err instanceof ZaloApiError) throw new ZaloSendError(err.message, err.code);
      throw err;
    }
  }

  async credentials(): Promise<ZaloCredentials> {
    const ctx = this.api.getContext();
    return { imei: ctx.imei, userAgent: ctx.userAgent, cookie: ctx.cookie.toJSON()?.cookies ?? [] };
  }
}

function toIncoming(m: Message): ZaloIncoming {
  return {
    msgId: String(m.data.msgId),
    threadId: m.threadId,
    fromId: String(m.data.uidFrom),
    ...(m.data.dName ? { displayName: m.data.dName } : {}),
    isSelf: m.isSelf,
    isGroup: m.type === ThreadType.Group,
    msgType: m.data.msgType,
    content: m.data.content,
  };
}
