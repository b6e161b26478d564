/**
 * What the council learns about people, against the real embedded council on 127.0.0.1 (no
 * mocked fetch): an anonymous report reaches it with no identity, and after an erasure the
 * `personal-data-erased` job pseudonymises the council's copy.
 */
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import { createCouncilApp } from "../../src/council/council-app.ts";
import { createCouncilClient } from "../../src/council/council-client.ts";
import { councilDossier, councilDossierDetail } from "../../src/council/council-api-schemas.ts";
import { forwardDossierJob } from "../../src/council/forward-dossier-job.ts";
import { OutboxRunner } from "../../src/outbox/outbox-runner.ts";
import { PERSONAL_DATA_ERASED_JOB } from "../../src/outbox/jobs.ts";
import { personalDataErasedJob } from "../../src/privacy/personal-data-erased-job.ts";
import { createLogger } from "../../src/log.ts";
import { testAssistant } from "../support/test-assistant.ts";

const BOT_TOKEN = "bot-token-0123456789abcdef";
const OTHER_TOKEN = "other-token-0123456789abcdef";
const STAFF_TOKEN = "staff-token-0123456789abcdef";
const silent = createLogger({ level: "silent", pretty: false });

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const assistant = await testAssistant({ clock: { now: () => new Date(), set: () => undefined, advance: () => undefined } });
  const app = createCouncilApp({
    db: assistant.db,
    clients: [
      { id: "bot", token: BOT_TOKEN, role: "submitter" },
      { id: "other", token: OTHER_TOKEN, role: "submitter" },
      { id: "thu-ky", token: STAFF_TOKEN, role: "staff" },
    ],
    log: silent,
  });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = createCouncilClient({ baseUrl, token: BOT_TOKEN });
  const staff = createCouncilClient({ baseUrl, token: STAFF_TOKEN });
  const runner = new OutboxRunner({
    db: assistant.db,
    handlers: {
      "forward-dossier": forwardDossierJob({ db: assistant.db, client }),
      [PERSONAL_DATA_ERASED_JOB.kind]: personalDataErasedJob({ db: assistant.db, client }),
    },
    log: silent,
    baseDelayMs: 40,
    maxDelayMs: 400,
    serialize: assistant.serializeWrites,
  });
  cleanups.push(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await assistant.close();
  });
  return { assistant, baseUrl, client, staff, runner };
}

const TO_ANONYMITY = ["/baotin", "đồng ý", "mot nguoi", "Đặng Văn Hùng", "bỏ qua", "cuu nguoi",
  "Chiều 20/11, anh Hùng đã nhảy xuống sông Hoạt cứu hai em học sinh bị đuối nước.", "20/11/2026", "tk2, ha trung", "xong"];

async function report(assistant: Awaited<ReturnType<typeof testAssistant>>, chatId: string, displayName: string, anonymous: boolean): Promise<MemoryChat> {
  await assistant.service.handle({ channel: "memory", chatId, senderId: chatId, messageId: `${chatId}-hello`, text: "/start", senderName: displayName });
  const chat = new MemoryChat(assistant.service, chatId);
  const reporter = anonymous ? ["có"] : ["không", "Lê Thị Mai", "0912 345 678"];
  for (const line of [...TO_ANONYMITY, ...reporter, "1"]) await chat.say(line);
  expect((await chat.say("gửi"))[0]?.text).toContain("TDKT-2026-");
  return chat;
}

describe("anonymous reports", () => {
  it("reach the council (over HTTP) with no user id, channel or name anywhere in the stored payload", async () => {
    const { assistant, staff, runner } = await setup();
    const chat = await report(assistant, "tipster", "Hoa Telegram Nguyễn", true);
    expect(await runner.drain()).toBe(1);

    const user = await assistant.db.user.findFirstOrThrow({ where: { fullName: "Hoa Telegram Nguyễn" } });
    const local = await assistant.db.dossier.findFirstOrThrow();
    expect(local.councilDossierId).not.toBeNull();
    const { data } = await staff.GET("/v1/dossiers/{id}", { params: { path: { id: local.councilDossierId! } } });
    const detail = councilDossierDetail.parse(data);
    expect(detail.payload.submittedBy).toBeNull();
    expect(detail.payload).toMatchObject({ goodDeedReport: { reporter: { anonymous: true, name: null, phone: null } } });
    const stored = JSON.stringify((await assistant.db.councilDossier.findFirstOrThrow()).payload);
    for (const identity of [user.id, "Hoa Telegram Nguyễn", "tipster", "\"memory\""]) expect(stored).not.toContain(identity);
    expect(JSON.stringify(local.payload)).not.toContain(user.id);

    // The local link stays, so the reporter can still ask for the status.
    expect(local.submittedById).toBe(user.id);
    expect(await assistant.db.goodDeedReport.findFirstOrThrow()).toMatchObject({ reporterUserId: user.id, anonymous: true, reporterName: null, reporterPhone: null });
    expect((await chat.say("trạng thái"))[0]?.text).toContain(local.code);
  });
});

describe("an erasure reaches the council", () => {
  it("the personal-data-erased job pseudonymises the council's copy; the nominee-side substance and the status stay", async () => {
    const { assistant, staff, runner } = await setup();
    const chat = await report(assistant, "signed", "Mai Zalo Lê", false);
    expect(await runner.drain()).toBe(1);
    const local = await assistant.db.dossier.findFirstOrThrow();
    const before = councilDossierDetail.parse((await staff.GET("/v1/dossiers/{id}", { params: { path: { id: local.councilDossierId! } } })).data);
    expect(before.payload).toMatchObject({ submittedBy: { name: "Mai Zalo Lê" }, goodDeedReport: { reporter: { name: "Lê Thị Mai", phone: "+84912345678" } } });
    await staff.POST("/v1/dossiers/{id}/transitions", { params: { path: { id: local.councilDossierId! } }, body: { to: "in_review" } });

    await chat.say("xóa dữ liệu");
    await chat.say("có");
    expect(await runner.drain()).toBe(1);
    const job = await assistant.db.outboxJob.findFirstOrThrow({ where: { kind: PERSONAL_DATA_ERASED_JOB.kind } });
    expect(job).toMatchObject({ status: "DONE", idempotencyKey: `${PERSONAL_DATA_ERASED_JOB.kind}:${local.id}` });
    expect(await assistant.db.outboxAttempt.findFirstOrThrow({ where: { jobId: job.id } })).toMatchObject({ outcome: "success", httpStatus: 200 });

    const after = councilDossierDetail.parse((await staff.GET("/v1/dossiers/{id}", { params: { path: { id: local.councilDossierId! } } })).data);
    expect(after.status).toBe("in_review");
    expect(after.history).toEqual(before.history.concat(after.history.slice(before.history.length)));
    expect(after.payload).toMatchObject({
      submittedBy: { name: null },
      goodDeedReport: { reporter: { anonymous: false, name: null, phone: null }, subject: { name: "Đặng Văn Hùng" }, story: before.payload.kind === "GOOD_DEED_REPORT" ? before.payload.goodDeedReport.story : "" },
    });
    const stored = JSON.stringify((await assistant.db.councilDossier.findFirstOrThrow()).payload);
    for (const personal of ["Mai Zalo Lê", "Lê Thị Mai", "912345678"]) expect(stored).not.toContain(personal);
  });

  it("the council's endpoint answers 200 with the dossier, is idempotent, and a submitter cannot reach another's dossier", async () => {
    const { assistant, baseUrl, client, runner } = await setup();
    await report(assistant, "signed-2", "Mai Zalo Lê", false);
    await runner.drain();
    const id = (await assistant.db.dossier.findFirstOrThrow()).councilDossierId!;
    const other = createCouncilClient({ baseUrl, token: OTHER_TOKEN });
    const refused = await other.POST("/v1/dossiers/{id}/personal-data-erasures", { params: { path: { id } } });
    expect(refused.response.status).toBe(404);
    expect(JSON.stringify((await assistant.db.councilDossier.findFirstOrThrow()).payload)).toContain("Lê Thị Mai");
    for (let i = 0; i < 2; i++) {
      const { data, response } = await client.POST("/v1/dossiers/{id}/personal-data-erasures", { params: { path: { id } } });
      expect(response.status).toBe(200);
      expect(councilDossier.parse(data)).toMatchObject({ id, status: "received" });
    }
    expect(JSON.stringify((await assistant.db.councilDossier.findFirstOrThrow()).payload)).not.toContain("Lê Thị Mai");
  });
});
