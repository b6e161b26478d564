/**
 * From a finished form to the council and back, against the real council service on 127.0.0.1
 * (no mocked fetch): forwarding through the outbox with retries and dead letters, a crash between
 * the council's answer and the local commit, the changes feed, and the return-for-changes loop.
 */
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import { createCouncilApp } from "../../src/council/council-app.ts";
import { createCouncilClient, type CouncilApiClient } from "../../src/council/council-client.ts";
import { dossierSubmission } from "../../src/council/council-api-schemas.ts";
import { forwardDossierJob } from "../../src/council/forward-dossier-job.ts";
import { CouncilFeedFollower } from "../../src/council/follow-council-changes.ts";
import { applyCouncilChange } from "../../src/council/apply-council-change.ts";
import { notifyJob } from "../../src/outbox/notify-job.ts";
import { OutboxRunner } from "../../src/outbox/outbox-runner.ts";
import { councilTransitionJob } from "../../src/council/council-transition-job.ts";
import { createInvite } from "../../src/admin/invites.ts";
import { createLogger } from "../../src/log.ts";
import { testAssistant } from "../support/test-assistant.ts";
import { POSTGRES_URL, createPostgresDatabase } from "../support/test-databases.ts";
import { MemoryChannel } from "../../src/channels/memory/memory-channel.ts";

const BOT_TOKEN = "bot-token-0123456789abcdef";
const STAFF_TOKEN = "staff-token-0123456789abcdef";
const silent = createLogger({ level: "silent", pretty: false });

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});


/** Faults the council server answers before the real app, per request to POST /v1/dossiers*. */
type Fault = { status: number; body?: object; headers?: Record<string, string> };

async function setup(opts: { port?: number; databaseUrl?: string } = {}) {
  // A live clock: jobs become due and retries wait in real (short) time.
  const assistant = await testAssistant({
    clock: { now: () => new Date(), set: () => undefined, advance: () => undefined },
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
  });
  const faults: Fault[] = [];
  const posts: number[] = [];
  const council = createCouncilApp({
    db: assistant.db,
    clients: [
      { id: "bot", token: BOT_TOKEN, role: "submitter" },
      { id: "thu-ky", token: STAFF_TOKEN, role: "staff" },
    ],
    log: silent,
  });
  const app = new Hono();
  app.use("/v1/dossiers*", async (c, next) => {
    if (c.req.method !== "POST" || c.req.path.endsWith("/transitions")) return next();
    posts.push(Date.now());
    const fault = faults.shift();
    if (fault) return c.json(fault.body ?? { type: "about:blank", title: "Injected", status: fault.status }, fault.status as 400, fault.headers);
    return next();
  });
  app.route("/", council);
  let server: ServerType | null = null;
  let port = opts.port ?? 0;
  const startServer = () =>
    new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port }, (info: AddressInfo) => {
        port = info.port;
        resolve();
      });
    });
  const stopServer = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await startServer();
  const baseUrl = `http://127.0.0.1:${port}`;
  const client = createCouncilClient({ baseUrl, token: BOT_TOKEN });
  const staff = createCouncilClient({ baseUrl, token: STAFF_TOKEN });
  const sender = new MemoryChannel();
  const runner = (extra: { afterCouncilAccepted?: () => Promise<void>; leaseMs?: number } = {}) =>
    new OutboxRunner({
      db: assistant.db,
      handlers: {
        "forward-dossier": forwardDossierJob({ db: assistant.db, client, ...(extra.afterCouncilAccepted ? { afterCouncilAccepted: extra.afterCouncilAccepted } : {}) }),
        notify: notifyJob(new Map([["memory", sender]])),
        "council-transition": councilTransitionJob(staff),
      },
      log: silent,
      baseDelayMs: 40,
      maxDelayMs: 400,
      serialize: assistant.serializeWrites,
      ...(extra.leaseMs ? { leaseMs: extra.leaseMs } : {}),
    });
  const follower = new CouncilFeedFollower({
    db: assistant.db,
    client,
    log: silent,
    apply: (feed, change) => applyCouncilChange({ db: assistant.db, flows: assistant.flows, i18n: assistant.i18n, runContext: (now) => assistant.service.runContext(now), now: () => new Date() }, feed, change),
  });
  cleanups.push(async () => {
    await stopServer();
    await assistant.close();
  });
  return { assistant, faults, posts, client, staff, sender, runner, follower, startServer, stopServer, port: () => port };
}

/** An officer's individual nomination (Lao động tiên tiến, Thôn Tân Lập). */
const OFFICER_NOMINATION = ["/dexuat", "binh xet cuoi nam", "bỏ qua", "nong dan", "lao dong tien tien", "2026", "hoan thanh tot", "Nguyễn Thị Hoa", "nu", "05/03/1985", "bỏ qua",
  "Trưởng thôn Tân Lập", "thon tan lap, ha trung",
  "Năm 2026 vận động 45 hộ hiến đất làm đường, thôn đạt chuẩn văn hóa, thu gom rác thải đạt 100%.", "khong", "bỏ qua", "bỏ qua", "đồng ý", "gửi"];

const GOOD_DEED = ["/baotin", "đồng ý", "mot nguoi", "Đặng Văn Hùng", "bỏ qua", "cuu nguoi",
  "Chiều 20/11, anh Hùng đã nhảy xuống sông Hoạt cứu hai em học sinh bị đuối nước.", "20/11/2026", "tk2, ha trung", "xong", "có", "1", "gửi"];

async function submitGoodDeed(assistant: Awaited<ReturnType<typeof testAssistant>>, chatId = "citizen-1"): Promise<MemoryChat> {
  const chat = new MemoryChat(assistant.service, chatId);
  for (const line of GOOD_DEED) await chat.say(line);
  return chat;
}

/** Runs due jobs until `done` holds (jobs retry after real, short delays). */
async function runUntil(runner: OutboxRunner, done: () => Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error("timed out");
    if (!(await runner.runOnce())) await new Promise((r) => setTimeout(r, 20));
  }
}

async function councilDossiers(staff: CouncilApiClient) {
  const { data } = await staff.GET("/v1/dossiers", { params: { query: { limit: 100 } } });
  return data!.items;
}

describe("forwarding to the council", () => {
  it("delivers a submitted dossier exactly once, with a payload valid under the contract", async () => {
    const { assistant, staff, runner, posts } = await setup();
    await submitGoodDeed(assistant);
    await runner().drain();
    await runner().drain();
    const items = await councilDossiers(staff);
    expect(items).toHaveLength(1);
    expect(posts).toHaveLength(1);
    const local = await assistant.db.dossier.findFirstOrThrow();
    expect(local).toMatchObject({ status: "FORWARDED", councilDossierId: items[0]!.id });
    expect(items[0]).toMatchObject({ code: local.code, kind: "GOOD_DEED_REPORT", status: "received", unitId: "thanh-hoa/ha-trung/tk-2" });
    const detail = await staff.GET("/v1/dossiers/{id}", { params: { path: { id: items[0]!.id } } });
    expect(dossierSubmission.safeParse({ payload: detail.data!.payload }).success).toBe(true);
    expect(await assistant.db.outboxJob.findFirstOrThrow()).toMatchObject({ status: "DONE", attempts: 1 });
  });

  it("retries 503 three times with backoff, then delivers once: four attempts recorded", async () => {
    const { assistant, staff, runner, faults, posts } = await setup();
    faults.push({ status: 503 }, { status: 503 }, { status: 503, headers: { "Retry-After": "0" } });
    await submitGoodDeed(assistant);
    await runUntil(runner(), async () => (await assistant.db.outboxJob.findFirstOrThrow()).status === "DONE");
    expect(await councilDossiers(staff)).toHaveLength(1);
    const attempts = await assistant.db.outboxAttempt.findMany({ orderBy: { attempt: "asc" } });
    expect(attempts.map((a) => [a.attempt, a.outcome, a.httpStatus])).toEqual([[1, "retry", 503], [2, "retry", 503], [3, "retry", 503], [4, "success", 201]]);
    // Backoff: each wait is at least half of 40 ms × 2^(n−1).
    for (let n = 1; n < posts.length; n++) expect(posts[n]! - posts[n - 1]!).toBeGreaterThanOrEqual(Math.floor(20 * 2 ** (n - 1)) - 5);
  });

  it("moves a 422 to dead letter with the reason, and does not retry it", async () => {
    const { assistant, runner, faults, posts } = await setup();
    faults.push({ status: 422, body: { type: "https://tdkt.local/problems/validation", title: "Hồ sơ không hợp lệ", status: 422, detail: "Thiếu biên bản họp" } });
    await submitGoodDeed(assistant);
    await runner().drain();
    await new Promise((r) => setTimeout(r, 100));
    await runner().drain();
    const job = await assistant.db.outboxJob.findFirstOrThrow();
    expect(job.status).toBe("DEAD");
    expect(job.lastError).toContain("422");
    expect(job.lastError).toContain("Thiếu biên bản họp");
    expect(posts).toHaveLength(1);
    expect((await assistant.db.dossier.findFirstOrThrow()).status).toBe("QUEUED");
  });

  it("heals a crash between the council's 2xx and the local commit without a duplicate", async () => {
    const { assistant, staff, runner, posts } = await setup();
    await submitGoodDeed(assistant);
    // The first worker "dies" right after the council accepted: its promise never settles.
    const dying = runner({ afterCouncilAccepted: () => new Promise<void>(() => undefined), leaseMs: 150 });
    void dying.runOnce();
    // Wait for the council to have it (a fixed pause was too short on a loaded machine).
    for (const deadline = Date.now() + 10_000; posts.length === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
    expect(posts).toHaveLength(1);
    expect((await assistant.db.dossier.findFirstOrThrow()).status).toBe("QUEUED");
    // A restarted worker claims the job once the lease ran out and sends it again with the same key.
    const restarted = runner({ leaseMs: 150 });
    await runUntil(restarted, async () => (await assistant.db.outboxJob.findFirstOrThrow()).status === "DONE");
    expect(posts).toHaveLength(2);
    expect(await councilDossiers(staff)).toHaveLength(1);
    expect((await assistant.db.dossier.findFirstOrThrow()).status).toBe("FORWARDED");
  });

  it("keeps a dossier queued while the council is down and delivers it once it is back", async () => {
    const { assistant, staff, runner, stopServer, startServer } = await setup();
    await stopServer();
    await submitGoodDeed(assistant);
    const worker = runner();
    await worker.runOnce();
    const job = await assistant.db.outboxJob.findFirstOrThrow();
    expect(job.status).toBe("PENDING");
    expect(job.lastError).toContain("not reachable");
    await startServer();
    await runUntil(worker, async () => (await assistant.db.outboxJob.findFirstOrThrow()).status === "DONE");
    expect(await councilDossiers(staff)).toHaveLength(1);
  });
});

describe("hostile text on the way to the council", () => {
  const story = "Chiều 20/11, anh Hùng\u0000 đã nhảy xuống sông\uD800 \u202EHoạt cứu hai em học sinh.";
  const check = async (databaseUrl?: string) => {
    const { assistant, staff, runner } = await setup(databaseUrl ? { databaseUrl } : {});
    const chat = new MemoryChat(assistant.service, "citizen-hostile");
    for (const line of GOOD_DEED.map((l) => (l.startsWith("Chiều 20/11") ? story : l))) await chat.say(line);
    expect(chat.transcript.map((t) => t.text).join("\n")).toContain("TDKT-2026-");
    await runner().drain();
    const items = await councilDossiers(staff);
    expect(items).toHaveLength(1);
    const detail = await staff.GET("/v1/dossiers/{id}", { params: { path: { id: items[0]!.id } } });
    const payload = detail.data!.payload;
    expect(payload.kind === "GOOD_DEED_REPORT" && payload.goodDeedReport.story).toBe("Chiều 20/11, anh Hùng đã nhảy xuống sông Hoạt cứu hai em học sinh.");
    expect(await assistant.db.dossier.findFirstOrThrow()).toMatchObject({ status: "FORWARDED", councilDossierId: items[0]!.id });
    expect(await assistant.db.outboxJob.findFirstOrThrow({ where: { kind: "forward-dossier" } })).toMatchObject({ status: "DONE", attempts: 1 });
  };

  it("a story with a NUL, a lone surrogate and a bidi override reaches the embedded council, cleaned (SQLite)", async () => {
    await check();
  });

  it.skipIf(!POSTGRES_URL)("a story with a NUL, a lone surrogate and a bidi override reaches the embedded council, cleaned (PostgreSQL)", async () => {
    const { url, drop } = await createPostgresDatabase();
    cleanups.unshift(drop);
    await check(url);
  });
});

describe("the way back", () => {
  it("tells the reporter, in plain words about a “tin báo”, when it is received, verified and praised", async () => {
    const { assistant, staff, runner, follower, sender } = await setup();
    await submitGoodDeed(assistant);
    await runner().drain();
    const [item] = await councilDossiers(staff);
    await staff.POST("/v1/dossiers/{id}/transitions", { params: { path: { id: item!.id } }, body: { to: "verified", reason: "Cán bộ tiểu khu xác minh" } });
    await staff.POST("/v1/dossiers/{id}/transitions", { params: { path: { id: item!.id } }, body: { to: "praised" } });
    expect(await follower.pollOnce()).toBe(3);
    await runner().drain();
    const text = sender.text();
    expect(text).toContain("đã nhận tin báo TDKT-2026-000001");
    expect(text).toContain("Tin báo TDKT-2026-000001 đã được xác minh");
    expect(text).toContain("đã được Ủy ban nhân dân biểu dương");
    expect(text).not.toMatch(/hồ sơ|chấp thuận|Chúc mừng/i);
    expect(sender.sent.every((s) => s.chatId === "citizen-1")).toBe(true);
    expect((await assistant.db.dossier.findFirstOrThrow()).status).toBe("PRAISED");
    // Reading the feed again changes nothing and sends nothing.
    expect(await follower.pollOnce()).toBe(0);
    await runner().drain();
    expect(sender.sent).toHaveLength(3);
  });

  it("returns a dossier naming two fields: the officer fixes both and the resubmission is linked", async () => {
    const { assistant, staff, runner, follower, sender } = await setup();
    const chat = new MemoryChat(assistant.service, "officer-1");
    for (const line of ["/dexuat", "binh xet cuoi nam", "bỏ qua", "nong dan", "lao dong tien tien", "2026", "hoan thanh tot", "Nguyễn Thị Hoa", "nu", "05/03/1985", "bỏ qua",
      "Trưởng thôn Tân Lập", "thon tan lap, ha trung",
      "Năm 2026 vận động 45 hộ hiến đất làm đường, thôn đạt chuẩn văn hóa, thu gom rác thải đạt 100%.", "khong", "bỏ qua", "bỏ qua", "đồng ý", "gửi"]) await chat.say(line);
    await runner().drain();
    const [item] = await councilDossiers(staff);
    const returned = await staff.POST("/v1/dossiers/{id}/transitions", {
      params: { path: { id: item!.id } },
      body: {
        to: "returned",
        reason: "Cần bổ sung",
        fields: [
          { field: "nomination.summary", message: "Cần nêu số liệu cụ thể về kết quả năm 2026" },
          { field: "nomination.nominee.birthDate", message: "Ngày sinh không khớp với hồ sơ cán bộ" },
        ],
      },
    });
    expect(returned.response.status).toBe(200);
    await follower.pollOnce();
    await runner().drain();
    const told = sender.text();
    expect(told).toContain("Hội đồng trả lại hồ sơ TDKT-2026-000001");
    expect(told).toContain("Cần nêu số liệu cụ thể về kết quả năm 2026");
    expect(told).toContain("Ngày sinh không khớp");
    expect(sender.sent.at(-1)!.messages.at(-1)!.text).toContain("tóm tắt thành tích");

    await chat.say("Năm 2026 vận động 45 hộ hiến 1.200 m² đất làm đường, thu gom rác thải đạt 100%, thôn đạt chuẩn văn hóa.");
    const birth = await chat.say("06/03/1985");
    expect(birth.at(-1)!.text).toContain("Vui lòng kiểm tra lại");
    expect(birth.at(-1)!.text).toContain("06/03/1985");
    const done = await chat.say("gửi");
    expect(done[0]!.text).toContain("Mã hồ sơ mới: TDKT-2026-000002 (thay cho TDKT-2026-000001)");

    await runner().drain();
    const items = await councilDossiers(staff);
    expect(items).toHaveLength(2);
    const again = items.find((i) => i.code === "TDKT-2026-000002")!;
    expect(again.resubmissionOf).toBe(item!.id);
    const detail = await staff.GET("/v1/dossiers/{id}", { params: { path: { id: again.id } } });
    expect(detail.data!.payload).toMatchObject({ nomination: { nominee: { birthDate: "1985-03-06" } } });
    const first = await assistant.db.dossier.findUniqueOrThrow({ where: { code: "TDKT-2026-000001" } });
    expect(first.status).toBe("RESUBMITTED");
  });

  it("holds the fixes while another form is open and asks them when it is finished", async () => {
    const { assistant, staff, runner, follower, sender } = await setup();
    const chat = await submitGoodDeed(assistant, "citizen-2");
    await runner().drain();
    const [item] = await councilDossiers(staff);
    await chat.say("/baotin"); // another report in progress
    await staff.POST("/v1/dossiers/{id}/transitions", { params: { path: { id: item!.id } }, body: { to: "returned", fields: [{ field: "goodDeedReport.story", message: "Cần ghi rõ giờ và địa điểm" }] } });
    await follower.pollOnce();
    await runner().drain();
    expect(sender.text()).toContain("Sau khi anh/chị hoàn thành hoặc hủy biểu mẫu đang điền") // a local user is an officer;
    const next = await chat.say("hủy");
    expect(next.map((m) => m.text).join("\n")).toContain("Tiếp theo là các mục cần sửa của TDKT-2026-000001");
    expect(next.at(-1)!.text).toContain("kể ngắn gọn");
  });
});

describe("secretaries in the chat", () => {
  it("a secretary returns a nomination from the chat; the submitter is told what to fix", async () => {
    const { assistant, staff, runner, follower, sender } = await setup();
    const officer = new MemoryChat(assistant.service, "officer-9");
    for (const line of OFFICER_NOMINATION) await officer.say(line);
    await runner().drain();
    const secretary = new MemoryChat(assistant.service, "thu-ky");
    await secretary.say((await createInvite(assistant.db, { role: "secretary", unitId: "thanh-hoa/ha-trung", now: new Date() })).code);
    const queue = await secretary.say("hàng chờ");
    expect(queue.at(-1)?.choices?.map((c) => c.value)).toEqual(["TDKT-2026-000001"]);
    await secretary.say("1");
    await secretary.say("tra lai");
    await secretary.say("6"); // the summary
    await secretary.say("Cần nêu số liệu cụ thể về kết quả năm 2026");
    const done = await secretary.say("gửi");
    expect(done[0]?.text).toContain("Đã gửi yêu cầu bổ sung hồ sơ TDKT-2026-000001");
    await runner().drain();
    const [item] = await councilDossiers(staff);
    expect(item).toMatchObject({ status: "returned", returnedFields: [{ field: "nomination.summary", message: "Cần nêu số liệu cụ thể về kết quả năm 2026" }] });
    await follower.pollOnce();
    await runner().drain();
    const told = sender.sent.filter((s) => s.chatId === "officer-9").flatMap((s) => s.messages.map((m) => m.text)).join("\n");
    expect(told).toContain("Cần nêu số liệu cụ thể về kết quả năm 2026");
    expect(told).toContain("Tóm tắt thành tích");
  });

  it("a secretary of another commune does not see the dossier and cannot act on it", async () => {
    const { assistant, runner } = await setup();
    await submitGoodDeed(assistant, "citizen-10");
    await runner().drain();
    const other = new MemoryChat(assistant.service, "thu-ky-kon-tum");
    await other.say((await createInvite(assistant.db, { role: "secretary", unitId: "quang-ngai/kon-tum", now: new Date() })).code);
    const queue = await other.say("xác minh");
    expect(queue.at(-1)?.text).toContain("chọn tin báo");
    expect(queue.at(-1)?.choices ?? []).toEqual([]);
    const typed = await other.say("TDKT-2026-000001");
    expect(typed[0]?.text).toContain("Hiện không có mục nào chờ anh/chị xử lý trong phạm vi của anh/chị");
    const citizen = new MemoryChat(assistant.service, "citizen-11");
    expect((await citizen.say("hàng chờ"))[0]?.text).toContain("chỉ dành cho");
  });
});
