/**
 * The conversation service counts the turns it is handling, and `drained()` resolves only once
 * every one of them (also one that started while it waited) has stored its effects: what a
 * graceful shutdown waits for before it closes the database. A real assistant on a SQLite file;
 * the turn is held back by the process's own write lock, which every stored turn takes.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Assistant } from "../../src/build-assistant.ts";
import type { InboundMessage } from "../../src/channels/channel-port.ts";
import { WorkInFlight } from "../../src/concurrency/work-in-flight.ts";
import { testAssistant } from "../support/test-assistant.ts";

const open: Assistant[] = [];
afterEach(async () => {
  for (const a of open.splice(0)) await a.close();
});

const message = (chatId: string, messageId: string, text = "/start"): InboundMessage => ({ channel: "web", chatId, senderId: chatId, messageId, text });

/** Holds the assistant's write lock until `release()`: a turn that stores anything waits meanwhile. */
async function holdWrites(a: Assistant): Promise<{ release: () => void }> {
  return new Promise((held) => {
    void a.serializeWrites(() => new Promise<void>((release) => held({ release })));
  });
}

describe("ConversationService.drained", () => {
  it("resolves at once when no turn is in flight", async () => {
    const a = await testAssistant();
    open.push(a);
    expect(a.service.inFlight).toBe(0);
    await a.service.drained();
    expect(a.service.inFlightByChannel()).toEqual({});
  });

  it("waits for a slow turn and resolves after it, with its replies stored", async () => {
    const a = await testAssistant();
    open.push(a);
    const events: string[] = [];
    const lock = await holdWrites(a);
    const turn = a.service.handle(message("chat-slow", "m-1")).then((replies) => {
      events.push("turn");
      return replies;
    });
    expect(a.service.inFlight).toBe(1);
    expect(a.service.inFlightByChannel()).toEqual({ web: 1 });
    const drained = a.service.drained().then(() => events.push("drained"));

    // While the write lock is held the turn cannot finish, however long this waits.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events).toEqual([]);
    lock.release();
    await drained;
    expect(events).toEqual(["turn", "drained"]);
    expect(JSON.stringify(await turn)).toContain("muốn làm gì?");
    expect(a.service.inFlight).toBe(0);
    expect(await a.db.processedMessage.count()).toBe(1);
  });

  it("also waits for a turn that starts while it waits", async () => {
    const a = await testAssistant();
    open.push(a);
    const lock = await holdWrites(a);
    const first = a.service.handle(message("chat-a", "a-1"));
    const drained = a.service.drained();
    const second = a.service.handle(message("chat-b", "b-1"));
    expect(a.service.inFlight).toBe(2);
    let secondDone = false;
    void second.then(() => (secondDone = true));
    lock.release();
    await drained;
    expect(secondDone).toBe(true);
    await first;
    expect(a.service.inFlight).toBe(0);
  });
});

describe("WorkInFlight", () => {
  it("counts by label, forgets settled work (also failed), and resolves drained() at zero", async () => {
    const work = new WorkInFlight();
    let finishA!: () => void;
    let failB!: (err: Error) => void;
    const a = work.track("telegram", new Promise<void>((resolve) => (finishA = resolve)));
    const b = work.track("telegram", new Promise<void>((_, reject) => (failB = reject)));
    const c = work.track("web", Promise.resolve("done"));
    expect(work.byLabel()).toEqual({ telegram: 2, web: 1 });
    expect(await c).toBe("done");
    expect(work.byLabel()).toEqual({ telegram: 2 });
    let drained = false;
    const waiting = work.drained().then(() => (drained = true));
    failB(new Error("boom"));
    await expect(b).rejects.toThrow("boom");
    expect(work.count).toBe(1);
    expect(drained).toBe(false);
    finishA();
    await a;
    await waiting;
    expect(drained).toBe(true);
    expect(work.byLabel()).toEqual({});
  });
});
