/**
 * The Zalo personal-account channel end to end through a fake of our narrow interface, with the
 * real conversation service on a real migrated SQLite file. No login to Zalo, no internet.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ZaloPersonalChannel } from "../../../src/channels/zalo/zalo-personal-channel.ts";
import { CredentialStore } from "../../../src/channels/zalo/credential-store.ts";
import { createLogger } from "../../../src/log.ts";
import { FakeZaloConnector } from "../../support/fake-zalo-session.ts";
import { testAssistant } from "../../support/test-assistant.ts";
import { tempDir } from "../../support/test-databases.ts";
import { PNG } from "../../support/test-images.ts";
import { createInvite } from "../../../src/admin/invites.ts";
import { documentFiles } from "../../../src/documents/document-files.ts";
import { DocumentLinks } from "../../../src/documents/document-links.ts";

const PERSON = "8123456789012345678";
const CREDS = { imei: "imei-1", userAgent: "UA", cookie: [{ key: "zpw_sek", value: "v0" }] };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function setup(opts: { dataDir?: string; connector?: FakeZaloConnector; cooldownMs?: number; maxRestarts?: number; alerts?: string[]; documents?: boolean } = {}) {
  const dataDir = opts.dataDir ?? tempDir();
  const store = new CredentialStore(join(dataDir, "zalo-credentials.json"));
  if (!(await store.load())) await store.save(CREDS);
  const connector = opts.connector ?? new FakeZaloConnector();
  const assistant = await testAssistant({ dataDir, trustedChannels: [] });
  const channel = new ZaloPersonalChannel({
    connector,
    store,
    handler: assistant.service,
    i18n: assistant.i18n,
    log: createLogger({ level: "silent", pretty: false }),
    maxFileBytes: 1024 * 1024,
    sendIntervalMs: 0,
    circuitCooldownMs: opts.cooldownMs ?? 300,
    maxRestarts: opts.maxRestarts ?? 3,
    restartBaseMs: 20,
    sendRetryBaseMs: 20,
    stableMs: 60_000,
    alert: async (text) => void opts.alerts?.push(text),
    ...(opts.documents ? { documents: documentFiles(assistant.documents, new DocumentLinks({ key: new Uint8Array(32).fill(5), baseUrl: "https://tdkt.example.gov.vn" }), 60_000) } : {}),
  });
  await channel.start();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await channel.stop();
    await assistant.close();
  };
  cleanups.push(stop);
  /** Sends text as the person and waits for every reply to leave. */
  const say = async (text: string) => {
    connector.current.text(PERSON, text);
    await new Promise((r) => setTimeout(r, 5));
    await channel.idle();
  };
  const lastText = () => connector.sessions.flatMap((s) => s.sent).at(-1)?.text ?? "";
  return { dataDir, store, connector, assistant, channel, say, lastText, stop };
}

async function photoServer(): Promise<string> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "image/jpeg", "content-length": PNG.byteLength });
    res.end(Buffer.from(PNG));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(() => new Promise((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/photo-stal/cuu-nguoi.jpg`;
}

describe("Zalo personal account", () => {
  it("sends a dossier's papers as attachments, and a link when Zalo refuses the upload", async () => {
    const { connector, assistant, say, lastText } = await setup({ documents: true });
    await say((await createInvite(assistant.db, { role: "officer", unitId: "thanh-hoa/ha-trung", now: assistant.clock.now() })).code);
    for (const line of ["/dexuat", "binh xet cuoi nam", "bỏ qua", "nong dan", "lao dong tien tien", "2026", "hoan thanh tot", "Nguyễn Thị Hoa", "nu", "05/03/1985", "bỏ qua",
      "Trưởng thôn Tân Lập", "thon tan lap, ha trung", "Năm 2026 vận động 45 hộ hiến đất làm đường, thôn đạt chuẩn văn hóa, thu gom rác thải đạt 100%.", "khong", "bỏ qua", "bỏ qua", "đồng ý", "gửi"]) {
      await say(line);
    }
    expect(connector.sessions.flatMap((s) => s.sent).some((m) => m.text.includes("Mã hồ sơ: TDKT-2026-000001"))).toBe(true);
    await say("tai ho so TDKT-2026-1");
    expect(lastText()).toContain("Hồ sơ TDKT-2026-000001 gồm 3 tài liệu:");
    const files = connector.current.files;
    expect(files.map((f) => f.fileName)).toEqual(["TDKT-2026-000001-bao-cao-thanh-tich.docx", "TDKT-2026-000001-to-trinh.docx", "TDKT-2026-000001-bien-ban-hop-hoi-dong.docx"]);
    expect(files.every((f) => f.threadId === PERSON && Buffer.from(f.bytes.subarray(0, 2)).toString("latin1") === "PK")).toBe(true);

    // Zalo refuses the first upload (a permanent error): that document goes as its link.
    connector.current.fileFailures.push(114);
    await say("tải hồ sơ TDKT-2026-000001");
    await until(() => connector.current.files.length === 5, "the other two files");
    expect(connector.current.sent.map((m) => m.text).some((t) => /^📄 TDKT-2026-000001-bao-cao-thanh-tich\.docx: https:\/\/tdkt\.example\.gov\.vn\/documents\/\S+\?e=\d+&s=/.test(t))).toBe(true);
  }, 30_000);

  it("runs a whole good-deed report with numbered choices, a photo and a typed answer without diacritics", async () => {
    const { connector, assistant, channel, say, lastText } = await setup();
    expect(channel.status).toBe("running");
    await say("xin chào");
    expect(lastText()).toContain("1. Báo gương người tốt, việc tốt");
    expect(lastText()).not.toContain("Đề nghị khen thưởng cá nhân"); // citizens only see what they may do
    await say("1");
    expect(lastText()).toContain("1. Đồng ý");
    await say("1");
    await say("mot nguoi");
    await say("Đặng Văn Hùng");
    await say("bỏ qua");
    await say("cuu nguoi");
    await say("Chiều 20/11, anh Hùng đã nhảy xuống sông Hoạt cứu hai em học sinh bị đuối nước.");
    await say("20/11/2026");
    await say("tk2 ha trung");
    connector.current.photo(PERSON, await photoServer());
    await until(async () => (await assistant.db.attachment.count()) === 1, "the photo");
    await channel.idle();
    expect(lastText()).toContain("Đã nhận 1 tệp");
    await say("xong");
    await say("co");
    await say("3"); // subject consent: "Không đồng ý"
    expect(lastText()).toContain("[ Gửi | Hủy ]");
    await say("gửi");
    const all = connector.current.sent.map((s) => s.text).join("\n");
    expect(all).toMatch(/Mã (?:hồ sơ|tin báo): TDKT-2026-\d{6}/);
    const report = await assistant.db.goodDeedReport.findFirstOrThrow({ include: { attachments: true } });
    expect(report).toMatchObject({ channel: "zalo", category: "CUU_NGUOI", subjectConsent: "TU_CHOI", unitId: "thanh-hoa/ha-trung/tk-2" });
    expect(report.attachments[0]?.mime).toBe("image/png"); // sniffed from the bytes, not the server's header
    expect(connector.current.sent.every((s) => s.threadId === PERSON)).toBe(true);
  });

  it("applies a message delivered twice once", async () => {
    const { connector, assistant, channel } = await setup();
    connector.current.text(PERSON, "/baotin", "m-1");
    await channel.idle();
    const sent = connector.current.sent.length;
    connector.current.text(PERSON, "/baotin", "m-1");
    await new Promise((r) => setTimeout(r, 20));
    await channel.idle();
    expect(connector.current.sent.length).toBe(sent);
    expect(await assistant.db.draft.count()).toBe(1);
  });

  it("reconnects after the listener closes mid-form and the form resumes; cookies are saved", async () => {
    const { connector, channel, store, say, lastText } = await setup();
    await say("/baotin");
    await say("đồng ý");
    connector.current.close(1006, "AbnormalClosure");
    await until(() => connector.sessions.length === 2 && channel.status === "running", "the reconnect");
    expect(connector.sessions[0]!.stopped).toBe(true);
    expect((await store.load())?.cookie).toEqual([{ key: "zpw_sek", value: "v2" }]);
    await say("mot nguoi");
    expect(lastText()).toContain("tên người");
  });

  it("gives up and alerts the admins when another session kicks the account", async () => {
    const alerts: string[] = [];
    const { connector, channel } = await setup({ alerts });
    connector.current.close(3000, "DuplicateConnection");
    await until(() => channel.status === "gave-up", "giving up");
    expect(connector.sessions).toHaveLength(1);
    expect(alerts[0]).toContain("3000");
  });

  it("stops retrying after repeated failed logins", async () => {
    const alerts: string[] = [];
    const connector = new FakeZaloConnector();
    connector.failConnects = 10;
    const { channel } = await setup({ connector, alerts, maxRestarts: 3 });
    await until(() => channel.status === "gave-up", "giving up");
    expect(connector.credentialsSeen).toHaveLength(3);
    expect(alerts).toHaveLength(1);
  });

  it("opens the circuit on error 221 and sends again after it closes", async () => {
    const { connector, channel, say } = await setup({ cooldownMs: 300 });
    await say("/baotin"); // intro + first question
    const before = connector.current.sent.length;
    connector.current.failures.push(221);
    const t0 = Date.now();
    connector.current.text(PERSON, "đồng ý");
    await until(() => channel.breaker.isOpen, "the circuit to open");
    expect(connector.current.sent.length).toBe(before);
    await new Promise((r) => setTimeout(r, 20));
    await channel.idle();
    expect(channel.breaker.isOpen).toBe(false);
    const next = connector.current.sent.slice(before);
    expect(next.length).toBeGreaterThan(0);
    expect(next[0]!.at - t0).toBeGreaterThanOrEqual(280);
    expect(next.at(-1)!.text).toContain("một người hay một tập thể");
  });

  it("does not send to someone who has not written first", async () => {
    const { connector, channel } = await setup();
    await channel.send("999000111", [{ text: "Xin chào" }]);
    expect(connector.current.sent).toHaveLength(0);
  });

  it("answers a sticker politely", async () => {
    const { connector, channel, lastText } = await setup();
    connector.current.emit({ msgId: "s1", threadId: PERSON, fromId: PERSON, isSelf: false, isGroup: false, msgType: "chat.sticker", content: { id: 42 } });
    await new Promise((r) => setTimeout(r, 20));
    await channel.idle();
    expect(lastText()).toContain("chưa đọc được loại tin nhắn này");
  });

  it("keeps the person's draft across a restart", async () => {
    const first = await setup();
    await first.say("/baotin");
    await first.say("đồng ý");
    await first.say("mot nguoi");
    await first.stop();
    const second = await setup({ dataDir: first.dataDir });
    await second.say("Đặng Văn Hùng");
    expect(second.lastText()).toContain("số điện thoại");
    const draft = await second.assistant.db.draft.findFirstOrThrow();
    expect(draft.answers).toMatchObject({ subjectKind: "CA_NHAN", subjectName: "Đặng Văn Hùng" });
  });
});
