/**
 * Signing in to the console without a password: a link asked for in the chat (`đăng nhập web`),
 * redeemed once within ten minutes by pressing a button, a session cookie with an idle expiry,
 * one answer for every bad link and the failed-attempt limit; through the real chat service and
 * the console app as src/main.ts mounts it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createInvite } from "../../src/admin/invites.ts";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import { CONSOLE_COOKIE } from "../../src/console/console-cookies.ts";
import { hashSessionToken } from "../../src/security/session-token.ts";
import { testAssistant } from "../support/test-assistant.ts";
import { ConsoleClient, mountTestConsole } from "../support/console-client.ts";

let assistant: Awaited<ReturnType<typeof testAssistant>> | undefined;
afterEach(async () => {
  await assistant?.close();
  assistant = undefined;
});

async function setup() {
  const a = (assistant = await testAssistant({ trustedChannels: [] }));
  const { app, sessions } = mountTestConsole(a, { idleMs: 3_600_000 });
  const person = async (chatId: string, role?: "secretary" | "officer" | "admin", unitId = "thanh-hoa/ha-trung") => {
    const chat = new MemoryChat(a.service, chatId);
    if (role) await chat.say((await createInvite(a.db, { role, unitId: role === "admin" ? null : unitId, now: a.clock.now() })).code);
    else await chat.say("xin chào");
    return chat;
  };
  /** The link in the reply to "đăng nhập web". */
  const askLink = async (chat: MemoryChat) => {
    const text = (await chat.say("đăng nhập web")).map((r) => r.text).join("\n");
    return { text, link: /https?:\/\/\S+\/console\/login\?t=[A-Za-z0-9_-]{43}/.exec(text)?.[0] };
  };
  return { a, app, sessions, person, askLink };
}

describe("console sign-in", () => {
  it("gives a secretary a one-time link in the chat; the link shows a button, and pressing it opens a session", async () => {
    const { a, app, person, askLink } = await setup();
    const secretary = await person("thu-ky", "secretary");
    const { text, link } = await askLink(secretary);
    expect(text).toContain("dùng một lần, hết hạn sau 10 phút");
    expect(link).toBeDefined();
    const browser = ConsoleClient.of(app);

    // Opening the link (a chat app's preview does the same) signs nobody in and uses nothing up.
    const page = await browser.get(new URL(link!).pathname + new URL(link!).search);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Đăng nhập");
    expect(page.headers.get("referrer-policy")).toBe("same-origin");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(browser.cookies.has(CONSOLE_COOKIE)).toBe(false);
    expect(await a.db.consoleLink.count({ where: { usedAt: { not: null } } })).toBe(0);

    const signedIn = await browser.post("/console/login", { t: new URL(link!).searchParams.get("t")! });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("location")).toBe("/console");
    const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith(`${CONSOLE_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/console/);
    const list = await browser.get("/console");
    expect(list.status).toBe(200);
    expect(list.text).toContain("Danh sách hồ sơ");
    expect(list.text).toContain("Phạm vi: Xã Hà Trung");
    // Only hashes are stored: neither the link's token nor the cookie is in the database.
    const token = new URL(link!).searchParams.get("t")!;
    expect(await a.db.consoleLink.findUnique({ where: { tokenHash: hashSessionToken(token) } })).not.toBeNull();
    expect(await a.db.consoleLink.findUnique({ where: { tokenHash: token } })).toBeNull();
    expect(await a.db.consoleSession.count({ where: { tokenHash: hashSessionToken(browser.cookies.get(CONSOLE_COOKIE)!) } })).toBe(1);
  });

  it("refuses officers and citizens politely, and a secretary bound to no unit, in the chat", async () => {
    const { person, askLink, a } = await setup();
    const officer = await askLink(await person("can-bo", "officer"));
    expect(officer.link).toBeUndefined();
    expect(officer.text).toContain("chỉ dành cho thư ký Hội đồng TĐKT và quản trị viên");
    const citizen = await askLink(await person("nguoi-dan"));
    expect(citizen.link).toBeUndefined();
    expect(citizen.text).toContain("Bạn vẫn có thể xem hồ sơ của mình");
    // Invitations bind secretaries to a unit; a role written before that rule may have none.
    const older = await person("thu-ky-2");
    const user = await a.db.channelIdentity.findFirstOrThrow({ where: { externalId: "thu-ky-2" } });
    await a.db.userRole.create({ data: { userId: user.userId, role: "secretary", unitId: null } });
    const unbound = await askLink(older);
    expect(unbound.link).toBeUndefined();
    expect(unbound.text).toContain("chưa được gán đơn vị");
    const admin = await askLink(await person("quan-tri", "admin"));
    expect(admin.link).toBeDefined();
    expect(await a.db.consoleLink.count()).toBe(1);
  });

  it("answers a reused, an expired, an unknown and a malformed link the same way, and counts each failure", async () => {
    const { a, app, person, askLink } = await setup();
    const secretary = await person("thu-ky", "secretary");
    const first = (await askLink(secretary)).link!;
    const second = (await askLink(secretary)).link!;
    const once = ConsoleClient.of(app);
    expect((await once.signIn(first)).status).toBe(303);
    a.clock.advance(10 * 60_000 + 1);

    const answers = [];
    answers.push(await ConsoleClient.of(app).signIn(first));
    answers.push(await ConsoleClient.of(app).signIn(second));
    answers.push(await ConsoleClient.of(app).post("/console/login", { t: "A".repeat(43) }));
    answers.push(await ConsoleClient.of(app).post("/console/login", { t: "not a token" }));
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.text).toContain("Liên kết đăng nhập không dùng được: liên kết không đúng, đã được dùng hoặc đã hết hạn.");
      expect(answer.headers.getSetCookie().some((c) => c.startsWith(`${CONSOLE_COOKIE}=`))).toBe(false);
    }
    expect(await a.db.failedAttempt.count({ where: { kind: "console-link" } })).toBe(4);

    // The fifth failure in ten minutes blocks the address, before any link is looked at.
    await ConsoleClient.of(app).post("/console/login", { t: "B".repeat(43) });
    const third = (await askLink(secretary)).link!;
    const blocked = await ConsoleClient.of(app).signIn(third);
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain("Vui lòng thử lại sau");
    expect(await a.db.consoleLink.count({ where: { usedAt: null, expiresAt: { gt: a.clock.now() } } })).toBe(1);
  });

  it("refuses a sign-in posted from another site", async () => {
    const { app, person, askLink } = await setup();
    const link = (await askLink(await person("thu-ky", "secretary"))).link!;
    const browser = ConsoleClient.of(app);
    const token = new URL(link).searchParams.get("t")!;
    expect((await browser.post("/console/login", { t: token }, { origin: "https://evil.example" })).status).toBe(403);
    expect((await browser.post("/console/login", { t: token }, {})).status).toBe(403);
    expect((await browser.post("/console/login", { t: token })).status).toBe(303);
  });

  it("refuses a sign-in body larger than any form before reading it", async () => {
    const { app } = await setup();
    const answer = await ConsoleClient.of(app).post("/console/login", { t: "x".repeat(100_000) });
    expect(answer.status).toBe(413);
    expect(answer.text).toContain("Nội dung gửi lên quá lớn");
  });

  it("ends a session after the idle time, on sign-out, and when the role is revoked", async () => {
    const { a, app, person, askLink } = await setup();
    const secretary = await person("thu-ky", "secretary");
    const browser = ConsoleClient.of(app);
    await browser.signIn((await askLink(secretary)).link!);
    a.clock.advance(50 * 60_000);
    expect((await browser.get("/console")).status).toBe(200);
    // Used within the idle time, the session lives on (and its cookie is sent again).
    a.clock.advance(50 * 60_000);
    expect((await browser.get("/console")).status).toBe(200);
    a.clock.advance(61 * 60_000);
    const idle = await browser.get("/console");
    expect(idle.status).toBe(401);
    expect(idle.text).toContain("Anh/chị cần đăng nhập");

    await browser.signIn((await askLink(secretary)).link!);
    const cookie = browser.cookies.get(CONSOLE_COOKIE)!;
    expect((await browser.post("/console/logout", {})).text).toContain("Anh/chị đã đăng xuất.");
    expect(browser.cookies.has(CONSOLE_COOKIE)).toBe(false);
    expect(await a.db.consoleSession.count({ where: { tokenHash: hashSessionToken(cookie) } })).toBe(0);
    const kept = ConsoleClient.of(app);
    kept.cookies.set(CONSOLE_COOKIE, cookie);
    expect((await kept.get("/console")).status).toBe(401);

    await browser.signIn((await askLink(secretary)).link!);
    const user = await a.db.channelIdentity.findFirstOrThrow({ where: { externalId: "thu-ky" } });
    await a.db.userRole.delete({ where: { userId_role: { userId: user.userId, role: "secretary" } } });
    expect((await browser.get("/console")).status).toBe(403);
  });

  it("switches to English and remembers the choice", async () => {
    const { app, person, askLink } = await setup();
    const browser = ConsoleClient.of(app);
    await browser.signIn((await askLink(await person("thu-ky", "secretary"))).link!);
    expect((await browser.get("/console?lang=en")).text).toContain("<h1>Dossiers</h1>");
    expect((await browser.get("/console")).text).toContain('<html lang="en">');
    expect((await browser.get("/console?lang=vi")).text).toContain("<h1>Danh sách hồ sơ</h1>");
  });
});
