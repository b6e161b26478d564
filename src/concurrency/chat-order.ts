/**
 * One chat's messages are applied one at a time and in order: the port, the one-process adapter
 * (a keyed mutex) and the error of a turn that could not wait its turn. Several instances on one
 * PostgreSQL database use src/db/postgres-chat-order.ts, which adds an advisory lock per chat.
 */
import { KeyedMutex } from "./keyed-mutex.ts";

/** Runs a chat's turns one at a time, in arrival order. */
export interface ChatOrder {
  run<T>(chatKey: string, turn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The chat's lock could not be had in time: another instance holds it. */
export class ChatBusyError extends Error {
  constructor(readonly chatKey: string) {
    super(`chat ${chatKey} is busy in another instance`);
  }
}

/** One process: the keyed mutex alone (SQLite, or a single instance). */
export class ProcessChatOrder implements ChatOrder {
  private readonly mutex = new KeyedMutex();

  run<T>(chatKey: string, turn: () => Promise<T>): Promise<T> {
    return this.mutex.run(chatKey, turn);
  }

  async close(): Promise<void> {}
}
