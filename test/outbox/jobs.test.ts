/**
 * The typed outbox: a payload is checked against its kind's schema when queued and again when run,
 * a key queued twice is one job (skipped or refused as asked), and a job whose stored payload no
 * longer fits becomes a dead letter with the reason instead of reaching its handler.
 */
import { afterEach, describe, expect, it } from "vitest";
import { enqueueJob, FORWARD_DOSSIER_JOB, jobHandler, NOTIFY_JOB } from "../../src/outbox/jobs.ts";
import { testAssistant } from "../support/test-assistant.ts";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const AT = new Date("2026-12-05T02:00:00Z");

describe("typed outbox jobs", () => {
  it("stores a job under its kind and key, skips or refuses a second one with the same key", async () => {
    const a = await testAssistant();
    close = () => a.close();
    await a.db.$transaction((tx) => enqueueJob(tx, NOTIFY_JOB, { channel: "telegram", chatId: "42", messages: [{ text: "Xin chào" }] }, { key: "notify:test", at: AT }));
    expect(await a.db.outboxJob.findUniqueOrThrow({ where: { idempotencyKey: "notify:test" } })).toMatchObject({ kind: "notify", status: "PENDING", nextAttemptAt: AT, payload: { channel: "telegram", chatId: "42", messages: [{ text: "Xin chào" }] } });
    const again = await a.db.$transaction((tx) => enqueueJob(tx, NOTIFY_JOB, { channel: "telegram", chatId: "42", messages: [] }, { key: "notify:test", at: AT, ifQueued: "skip" }));
    expect(again).toBe(false);
    await expect(a.db.$transaction((tx) => enqueueJob(tx, NOTIFY_JOB, { channel: "telegram", chatId: "42", messages: [] }, { key: "notify:test", at: AT }))).rejects.toThrow();
    expect(await a.db.outboxJob.count()).toBe(1);
  });

  it("refuses to queue a payload that does not fit its kind, and stores nothing", async () => {
    const a = await testAssistant();
    close = () => a.close();
    const bad = { dossierId: "", code: "TDKT-2026-000001" };
    await expect(a.db.$transaction((tx) => enqueueJob(tx, FORWARD_DOSSIER_JOB, bad, { key: "forward-dossier:x", at: AT }))).rejects.toThrow(/dossierId/);
    expect(await a.db.outboxJob.count()).toBe(0);
  });

  it("a stored payload that no longer fits is a dead letter naming the field; one that fits reaches the handler parsed", async () => {
    const seen: unknown[] = [];
    const handler = jobHandler(NOTIFY_JOB, async (payload) => {
      seen.push(payload);
      return { type: "done" };
    });
    expect(await handler({ id: "1", kind: "notify", attempt: 1, payload: { channel: "zalo", messages: [{ text: "x" }] } })).toEqual({ type: "dead", error: expect.stringMatching(/^notify: payload does not fit: chatId/) });
    expect(seen).toEqual([]);
    expect(await handler({ id: "2", kind: "notify", attempt: 1, payload: { channel: "zalo", chatId: "7", messages: [{ text: "x" }] } })).toEqual({ type: "done" });
    expect(seen).toEqual([{ channel: "zalo", chatId: "7", messages: [{ text: "x" }] }]);
  });
});
