/**
 * Roles bound to units, invitations redeemed in the chat, linked identities, and secretaries'
 * digests sent once per period — through the real service on a real migrated SQLite file.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import type { ChannelSender } from "../../src/channels/channel-port.ts";
import { createInvite } from "../../src/admin/invites.ts";
import { duePeriod } from "../../src/digests/digest-service.ts";
import { testAssistant, testClock } from "../support/test-assistant.ts";
import { tempDir } from "../support/test-databases.ts";
import { MemoryChannel } from "../../src/channels/memory/memory-channel.ts";

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const a of open.splice(0)) await a.close();
});


async function start(opts: { dataDir?: string; senders?: Map<string, ChannelSender>; clock?: ReturnType<typeof testClock> } = {}) {
  const a = await testAssistant({ trustedChannels: [], ...(opts.dataDir ? { dataDir: opts.dataDir } : {}), ...(opts.clock ? { clock: opts.clock } : {}) });
  // Tests give the digest service senders the way the composition root does.
  if (opts.senders) for (const [k, v] of opts.senders) (a.digests as unknown as { opts: { senders: Map<string, ChannelSender> } }).opts.senders.set(k, v);
  open.push(a);
  return a;
}

const NOMINATE = (unit: string) => ["/dexuat", "binh xet cuoi nam", "bỏ qua", "nong dan", "lao dong tien tien", "2026", "hoan thanh tot", "Nguyễn Thị Hoa", "nu", "05/03/1985", "bỏ qua", "Trưởng thôn", unit];

describe("roles and scope", () => {
  it("an officer of Hà Trung can nominate someone from another commune; the dossier goes to Hà Trung's council", async () => {
    const a = await start();
    const { code } = await createInvite(a.db, { role: "officer", unitId: "thanh-hoa/ha-trung", now: a.clock.now() });
    const chat = new MemoryChat(a.service, "officer-ht");
    const granted = await chat.say(code.toLowerCase().replace("-", " "));
    expect(granted[0]?.text).toContain("cán bộ thi đua, khen thưởng của Xã Hà Trung");
    // A passer-by from Kon Tum who did the deed in Hà Trung: any unit in force can be named.
    for (const line of NOMINATE("tdp 1, kon tum")) await chat.say(line);
    expect(chat.transcript.at(-1)?.text).toContain("tóm tắt thành tích");
    expect((await a.db.draft.findFirstOrThrow()).answers).toMatchObject({ unit: "quang-ngai/kon-tum/tdp-1" });
    for (const line of ["Ngày 20/11/2026 đã nhảy xuống sông Hoạt cứu hai em học sinh bị đuối nước, đưa các em vào bờ an toàn.", "khong", "bỏ qua", "bỏ qua", "đồng ý", "gửi"]) await chat.say(line);
    const dossier = await a.db.dossier.findFirstOrThrow({ include: { nomination: true } });
    // The đơn vị đề nghị is the officer's unit: its council receives the dossier.
    expect(dossier.unitId).toBe("thanh-hoa/ha-trung");
    expect(dossier.nomination?.unitId).toBe("thanh-hoa/ha-trung");
    expect(dossier.nomination?.nomineeSnapshot).toMatchObject({ unitId: "quang-ngai/kon-tum/tdp-1" });
    expect(dossier.payload).toMatchObject({
      unit: { id: "thanh-hoa/ha-trung" },
      nomination: {
        nominee: { fullName: "Nguyễn Thị Hoa", unit: { id: "quang-ngai/kon-tum/tdp-1", path: expect.arrayContaining(["Tỉnh Quảng Ngãi"]) } },
        // Who decides follows the proposing commune, not where the nominee lives.
        award: { code: "LAO_DONG_TIEN_TIEN", grantedBy: "Chủ tịch UBND xã Hà Trung" },
      },
    });
  });

  it("a nomination by an officer bound to no unit goes to the nominee's unit", async () => {
    // The local memory chat is trusted: its people are officers bound to no unit.
    const a = await testAssistant();
    open.push(a);
    const chat = new MemoryChat(a.service, "officer-free");
    for (const line of [...NOMINATE("tdp 1, kon tum"), "Ngày 20/11/2026 đã nhảy xuống sông Hoạt cứu hai em học sinh bị đuối nước, đưa các em vào bờ an toàn.", "khong", "bỏ qua", "bỏ qua", "đồng ý", "gửi"]) await chat.say(line);
    const dossier = await a.db.dossier.findFirstOrThrow({ include: { nomination: true } });
    expect(dossier.unitId).toBe("quang-ngai/kon-tum/tdp-1");
    expect(dossier.nomination?.unitId).toBe("quang-ngai/kon-tum/tdp-1");
  });

  it("a citizen cannot start a nomination or use secretary commands, on any channel", async () => {
    const a = await start();
    for (const channel of ["memory", "telegram", "zalo", "web"] as const) {
      const chat = new MemoryChat(a.service, `citizen-${channel}`, channel);
      expect((await chat.say("/dexuat"))[0]?.text).toContain("chỉ dành cho cán bộ");
      expect((await chat.say("gửi bản tin ngay"))[0]?.text).toContain("chỉ dành cho thư ký");
      expect((await chat.say("bản tin hằng ngày"))[0]?.text).toContain("chỉ dành cho thư ký");
    }
    expect(await a.db.draft.count()).toBe(0);
    expect(await a.db.digestSubscription.count()).toBe(0);
  });

  it("an invitation works once and not after it expires", async () => {
    const a = await start();
    const { code } = await createInvite(a.db, { role: "secretary", unitId: "thanh-hoa/ha-trung", hours: 1, now: a.clock.now() });
    const first = new MemoryChat(a.service, "first");
    expect((await first.say(code))[0]?.text).toContain("thư ký Hội đồng");
    expect(await a.db.digestSubscription.findUnique({ where: { userId: (await a.db.channelIdentity.findFirstOrThrow({ where: { externalId: "first" } })).userId } })).toMatchObject({ cadence: "daily", time: "07:30" });
    expect((await new MemoryChat(a.service, "second").say(code))[0]?.text).toContain("không dùng được");
    const late = await createInvite(a.db, { role: "officer", unitId: "thanh-hoa/ha-trung", hours: 1, now: a.clock.now() });
    a.clock.advance(2 * 3_600_000);
    expect((await new MemoryChat(a.service, "third").say(late.code))[0]?.text).toContain("không dùng được");
    expect(await a.db.userRole.count({ where: { role: "officer" } })).toBe(0);
  });
});

describe("linked identities", () => {
  it("a person links Zalo to Telegram and continues the same draft there", async () => {
    const a = await start();
    const telegram = new MemoryChat(a.service, "tg-1", "telegram");
    await telegram.say("/baotin");
    await telegram.say("đồng ý");
    const created = await telegram.say("liên kết");
    const code = /LK-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]\b/.exec(created[0]!.text)![0];
    const zalo = new MemoryChat(a.service, "zl-1", "zalo");
    expect((await zalo.say(code))[0]?.text).toContain("Đã liên kết");
    const next = await zalo.say("mot nguoi");
    expect(next.at(-1)?.text).toContain("tên người");
    const identities = await a.db.channelIdentity.findMany();
    expect(new Set(identities.map((i) => i.userId)).size).toBe(1);
    expect((await new MemoryChat(a.service, "zl-2", "zalo").say(code))[0]?.text).toContain("Mã liên kết không dùng được");
  });
});

describe("digests", () => {
  it("knows when a daily or weekly digest is due, in Vietnam time", () => {
    // 25/11/2026 is a Wednesday; 00:29 UTC = 07:29 in Vietnam.
    expect(duePeriod({ cadence: "daily", weekday: null, time: "07:30" }, new Date("2026-11-25T00:29:00Z"))).toBeNull();
    expect(duePeriod({ cadence: "daily", weekday: null, time: "07:30" }, new Date("2026-11-25T00:30:00Z"))).toBe("2026-11-25");
    expect(duePeriod({ cadence: "weekly", weekday: 1, time: "07:30" }, new Date("2026-11-25T03:00:00Z"))).toBe("2026-W48");
    expect(duePeriod({ cadence: "weekly", weekday: 5, time: "07:30" }, new Date("2026-11-25T03:00:00Z"))).toBeNull();
  });

  it("sends one digest per secretary per period across ticks, a restart and two instances, on demand too", async () => {
    const dataDir = tempDir();
    const clock = testClock("2026-11-25T00:00:00Z"); // 07:00 in Vietnam
    const sender = new MemoryChannel("memory");
    const senders = new Map<string, ChannelSender>([["memory", sender]]);
    const a = await start({ dataDir, senders, clock });
    const secretary = new MemoryChat(a.service, "thu-ky");
    const { code } = await createInvite(a.db, { role: "secretary", unitId: "thanh-hoa/ha-trung", now: clock.now() });
    await secretary.say(code);
    // Work in scope and out of scope.
    const officer = new MemoryChat(a.service, "officer", "memory");
    await officer.say((await createInvite(a.db, { role: "officer", unitId: "thanh-hoa/ha-trung", now: clock.now() })).code);
    for (const line of [...NOMINATE("thon tan lap, ha trung"), "Năm 2026 vận động 45 hộ hiến đất làm đường, thôn đạt chuẩn văn hóa, thu gom rác thải đạt 100%.", "khong", "bỏ qua", "bỏ qua", "đồng ý", "gửi"]) await officer.say(line);
    const citizen = new MemoryChat(a.service, "citizen");
    for (const line of ["/baotin", "đồng ý", "mot nguoi", "Đặng Văn Hùng", "bỏ qua", "cuu nguoi", "Anh Hùng cứu hai em học sinh bị đuối nước.", "20/11/2026", "phuong kon tum", "xong", "có", "1", "gửi"]) await citizen.say(line);
    expect(await a.db.dossier.count()).toBe(2);

    expect(await a.digests.tick()).toBe(0); // 07:00: not yet
    clock.advance(31 * 60_000);
    expect(await a.digests.tick()).toBe(1);
    expect(await a.digests.tick()).toBe(0);
    const b = await start({ dataDir, senders, clock }); // a second instance over the same database
    expect(await b.digests.tick()).toBe(0);
    await a.close();
    open.splice(open.indexOf(a), 1);
    const restarted = await start({ dataDir, senders, clock });
    expect(await restarted.digests.tick()).toBe(0);

    const jobs = await restarted.db.outboxJob.findMany({ where: { kind: "notify" } });
    expect(jobs.length).toBeGreaterThanOrEqual(1);
    const digest = await restarted.db.digest.findFirstOrThrow();
    expect(digest.periodKey).toBe("2026-11-25");
    expect(digest.content).toContain("Nguyễn Thị Hoa");
    expect(digest.content).toContain("TDKT-2026-000001");
    expect(digest.content).not.toContain("TDKT-2026-000002"); // the report is in Kon Tum: another council
    expect(digest.content).not.toMatch(/\+84\d{9}|\b\d{12}\b/);
    expect(jobs[0]!.payload).toMatchObject({ channel: "memory", chatId: "thu-ky" });

    const now = await new MemoryChat(restarted.service, "thu-ky").say("gửi bản tin ngay");
    expect(now.map((m) => m.text).join("\n")).toContain("TDKT-2026-000001");
    clock.advance(24 * 3_600_000);
    expect(await restarted.digests.tick()).toBe(1); // the next day's period
  });

  it("lets a secretary choose a weekly digest or turn it off in the chat", async () => {
    const a = await start();
    const chat = new MemoryChat(a.service, "thu-ky-2");
    await chat.say((await createInvite(a.db, { role: "secretary", unitId: "thanh-hoa/ha-trung", now: a.clock.now() })).code);
    expect((await chat.say("bản tin hằng tuần thứ hai 08:00"))[0]?.text).toBe("Đã đặt lịch: bản tin hằng tuần vào thứ Hai lúc 08:00.");
    expect(await a.db.digestSubscription.findFirstOrThrow()).toMatchObject({ cadence: "weekly", weekday: 1, time: "08:00" });
    await chat.say("tắt bản tin");
    expect(await a.db.digestSubscription.count()).toBe(0);
  });
});

describe("from a good-deed report to a nomination", () => {
  it("a secretary passes a report to the officer of that village, who finishes a pre-filled nomination", async () => {
    const a = await start();
    const citizen = new MemoryChat(a.service, "citizen-r");
    for (const line of ["/baotin", "đồng ý", "mot nguoi", "Đặng Văn Hùng", "bỏ qua", "cuu nguoi",
      "Chiều 20/11, anh Hùng đã nhảy xuống sông Hoạt cứu hai em học sinh bị đuối nước, đưa các em vào bờ an toàn.", "20/11/2026", "thon tan lap, ha trung", "xong", "có", "1", "gửi"]) await citizen.say(line);
    const officer = new MemoryChat(a.service, "officer-r");
    await officer.say((await createInvite(a.db, { role: "officer", unitId: "thanh-hoa/ha-trung", now: a.clock.now() })).code);
    const secretary = new MemoryChat(a.service, "secretary-r");
    await secretary.say((await createInvite(a.db, { role: "secretary", unitId: "thanh-hoa/ha-trung", now: a.clock.now() })).code);

    const outsider = new MemoryChat(a.service, "secretary-kt");
    await outsider.say((await createInvite(a.db, { role: "secretary", unitId: "quang-ngai/kon-tum", now: a.clock.now() })).code);
    expect((await outsider.say("đề xuất từ TDKT-2026-000001"))[0]?.text).toContain("Không tìm thấy tin báo");

    const passed = await secretary.say("đề xuất từ TDKT-2026-000001");
    expect(passed[0]?.text).toContain("Đã chuyển tin báo TDKT-2026-000001");
    const job = await a.db.outboxJob.findFirstOrThrow({ where: { kind: "notify" } });
    expect(job.payload).toMatchObject({ chatId: "officer-r", messages: [{ text: expect.stringContaining("tin báo TDKT-2026-000001") }, { text: expect.stringContaining("đối tượng") }] });
    expect((await a.db.goodDeedReport.findFirstOrThrow()).status).toBe("DA_CHUYEN_DE_NGHI");
    const draft = await a.db.draft.findFirstOrThrow({ where: { flowId: "nomination-individual" } });
    expect(draft.answers).toMatchObject({ achievementType: "DOT_XUAT", fullName: "Đặng Văn Hùng" });
    expect(draft.answers).toHaveProperty("summary");
    // Where the deed happened is not where the nominee lives or works: the officer is asked.
    expect(draft.answers).not.toHaveProperty("unit");
    // The officer goes on from the first open question (the category, then the award).
    await officer.say("khac");
    const next = await officer.say("giay khen");
    expect(next.map((m) => m.text).join("\n")).toContain("Thẩm quyền quyết định");
  });
});
