/**
 * A chat's turns across instances on PostgreSQL: two `PostgresChatOrder`s on one database stand
 * for two processes. Mutual exclusion per chat, the waiting turn's timeout, an instance dying with
 * the lock, and two assistants answering the same form at once without losing an answer.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { ChatBusyError, ProcessChatOrder } from "../../src/concurrency/chat-order.ts";
import { PostgresChatOrder } from "../../src/db/postgres-chat-order.ts";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import { createPostgresDatabase, POSTGRES_URL } from "../support/test-databases.ts";
import { testAssistant, testClock } from "../support/test-assistant.ts";

/** A promise and the function that settles it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("one process: the keyed mutex", () => {
  it("runs one chat's turns in order and other chats' at once", async () => {
    const order = new ProcessChatOrder();
    const seen: string[] = [];
    const first = gate();
    const a = order.run("telegram:1", async () => {
      await first.opened;
      seen.push("a");
    });
    const b = order.run("telegram:1", async () => {
      seen.push("b");
    });
    await order.run("telegram:2", async () => {
      seen.push("other chat");
    });
    first.open();
    await Promise.all([a, b]);
    expect(seen).toEqual(["other chat", "a", "b"]);
  });
});

describe.skipIf(!POSTGRES_URL)("several instances on PostgreSQL", () => {
  let url = "";
  let drop: () => Promise<void> = async () => undefined;
  const orders: PostgresChatOrder[] = [];
  const instance = (lockTimeoutMs = 10_000) => {
    const o = new PostgresChatOrder({ connectionString: url, connections: 4, lockTimeoutMs });
    orders.push(o);
    return o;
  };
  beforeAll(async () => {
    ({ url, drop } = await createPostgresDatabase());
  });
  afterEach(async () => {
    for (const o of orders.splice(0)) await o.close();
  });
  afterAll(async () => drop());

  it("a chat's turn in one instance waits for its turn in the other; other chats do not", async () => {
    const [one, two] = [instance(), instance()];
    const seen: string[] = [];
    const held = gate();
    const started = gate();
    const first = one.run("zalo:42", async () => {
      started.open();
      await held.opened;
      seen.push("one");
    });
    await started.opened;
    const second = two.run("zalo:42", async () => {
      seen.push("two");
    });
    await two.run("zalo:43", async () => {
      seen.push("other chat");
    });
    await sleep(200);
    expect(seen).toEqual(["other chat"]);
    held.open();
    await Promise.all([first, second]);
    expect(seen).toEqual(["other chat", "one", "two"]);
  });

  it("a turn that cannot get the lock in time fails with ChatBusyError and runs nothing", async () => {
    const [one, two] = [instance(), instance(300)];
    const held = gate();
    const started = gate();
    const first = one.run("telegram:7", async () => {
      started.open();
      await held.opened;
    });
    await started.opened;
    let ran = false;
    const t0 = Date.now();
    await expect(
      two.run("telegram:7", async () => {
        ran = true;
      }),
    ).rejects.toBeInstanceOf(ChatBusyError);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(ran).toBe(false);
    held.open();
    await first;
    // Once free, the same instance takes it again: the failed wait left nothing behind.
    await two.run("telegram:7", async () => {
      ran = true;
    });
    expect(ran).toBe(true);
  });

  it("an instance whose connection dies releases the chat: the other goes on at once", async () => {
    const [one, two] = [instance(), instance()];
    const held = gate();
    const started = gate();
    const first = one.run("web:dying", async () => {
      started.open();
      await held.opened;
    });
    await started.opened;
    const second = two.run("web:dying", async () => "taken over");
    await sleep(100);
    // The holder's session ends as if its process were killed.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const { rows } = await admin.query<{ pid: number }>("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted");
    expect(rows).toHaveLength(1);
    await admin.query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
    await admin.end();
    const t0 = Date.now();
    expect(await second).toBe("taken over");
    expect(Date.now() - t0).toBeLessThan(3_000);
    held.open();
    await first;
  });

  it("two assistants on one database answering one chat at once keep both answers", async () => {
    const clock = testClock();
    const a = await testAssistant({ databaseUrl: url, clock });
    const b = await testAssistant({ databaseUrl: url, clock });
    try {
      const onA = new MemoryChat(a.service, "officer-two-instances");
      const onB = new MemoryChat(b.service, "officer-two-instances");
      await onA.say("/dexuat");
      await onA.say("binh xet cuoi nam");
      const answers = async () => Object.keys((await a.db.draft.findFirstOrThrow({ where: { status: "ACTIVE" } })).answers as object).length;
      const before = await answers();
      // Two answers to the form, delivered to two instances at the same moment (a retyped message
      // and the next one, or a load balancer spreading one chat): each is applied to the state the
      // other left, in one order or the other. In the other order the movement's answer goes to
      // the movement question and the other is refused by the next (a choice), which is said.
      const replies = await Promise.all([onA.say("Cả nước chung sức xây dựng nông thôn mới"), onB.say("lao dong truc tiep")]);
      const accepted = replies.filter((r) => r.some((m) => /Câu [34]:/.test(m.text))).length;
      expect(accepted).toBeGreaterThanOrEqual(1);
      // Every answer the person was told was taken is stored: none was overwritten by the other instance.
      expect(await answers()).toBe(before + accepted);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
