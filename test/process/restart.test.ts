/**
 * "Nothing a user typed is lost by a deploy", with real processes: the web server is started,
 * a good-deed report is filled in halfway over its HTTP API, the process is killed with SIGKILL
 * (no shutdown code runs), a new process is started on the same SQLite file, and the person
 * picks up the form at the very question they were on, then finishes it.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/open-database.ts";
import type { OutgoingMessage } from "../../src/channels/channel-port.ts";
import { tempDir } from "../support/test-databases.ts";
import { WebChatClient } from "../support/web-chat-client.ts";
import { WebSessions } from "../../src/channels/web/web-sessions.ts";
import { appEnv, killAllChildren, startServer, stopChild, waitForExit, type RunningServer } from "../support/spawn-app.ts";

afterEach(killAllChildren);
afterAll(killAllChildren);

/** One message of the web page's API: `text` is typed, `press` is the value of a button offered in the last replies. */
type WebInput = { text: string } | { press: string };

/** The replies as one text, buttons in brackets, to check with `toContain`. */
function asText(replies: OutgoingMessage[]): string {
  return replies.map((r) => [r.text, ...(r.choices ?? []).map((c) => `[${c.label}]`)].join("\n")).join("\n---\n");
}

/** A conversation over HTTP: one browser (its session cookie), a fresh message id for every message. */
function conversation() {
  let client: WebChatClient | undefined;
  return {
    get client() {
      return client!;
    },
    async say(server: RunningServer, input: WebInput, ...expected: string[]): Promise<OutgoingMessage[]> {
      client = client === undefined ? new WebChatClient(server.url) : client.at(server.url);
      const replies = "text" in input ? await client.say(input.text) : await client.press(input.press);
      const text = asText(replies);
      for (const e of expected) expect(text, `after ${JSON.stringify(input)}\nstderr:\n${server.stderr()}`).toContain(e);
      return replies;
    },
  };
}

describe("restart: a form in progress survives a killed process", () => {
  it("kills the server mid-form with SIGKILL; a new process resumes the same step and submits once", async () => {
    const dataDir = tempDir("tdkt-restart-");
    const chat = conversation();

    const first = await startServer(dataDir);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await chat.say(first, { text: "/start" }, "Xin chào! Tôi là trợ lý Thi đua – Khen thưởng", "[Báo gương người tốt, việc tốt]");
    await chat.say(first, { press: "flow:good-deed-report" }, "Trước khi bắt đầu", "Câu 1:");
    await chat.say(first, { text: "có" }, "Câu 2:", "một người hay một tập thể");
    await chat.say(first, { text: "mot nguoi" }, "Câu 3:", "tên người hoặc tập thể");
    await chat.say(first, { text: "Đặng Văn Hùng" }, "Câu 4:", "số điện thoại");
    await chat.say(first, { text: "bỏ qua" }, "Câu 5:", "thuộc loại nào");
    const beforeKill = await chat.say(first, { text: "cuu nguoi" }, "Câu 6:", "kể ngắn gọn");
    const lastQuestion = beforeKill.at(-1)!;
    const lastMessageIdBeforeKill = chat.client.lastMessageId;

    await stopChild(first.child, "SIGKILL");
    expect(first.child.signalCode).toBe("SIGKILL");

    const second = await startServer(dataDir);
    const resumed = await chat.say(second, { text: "/start" }, "đang điền dở", "Báo gương người tốt, việc tốt");
    expect(resumed.at(-1)).toEqual(lastQuestion);

    // The last message before the kill, delivered again (a client retry): stored as processed, with
    // its replies, before they were sent, so the new process applies it zero times and answers
    // with the same replies.
    expect(await chat.client.at(second.url).say("cuu nguoi", lastMessageIdBeforeKill)).toEqual(beforeKill);
    // Had it been applied again, "cuu nguoi" would be the story and be refused as too short;
    // instead the form still waits for the story.
    await chat.say(second, { text: "/start" }, "đang điền dở", "kể ngắn gọn");

    await chat.say(
      second,
      { text: "Chiều 20/11, anh Hùng đã nhảy xuống sông Hoạt cứu hai em học sinh bị đuối nước, rồi đưa các em lên bờ an toàn." },
      "Câu 7:",
      "ngày nào",
    );
    await chat.say(second, { text: "hôm qua" }, "xảy ra ở");
    await chat.say(second, { text: "tk2 ha trung" }, "ảnh");
    await chat.say(second, { text: "xong" }, "ẩn danh");
    await chat.say(second, { text: "ko" }, "Họ và tên của bạn");
    await chat.say(second, { text: "Lê Thị Mai" }, "Số điện thoại của bạn");
    await chat.say(second, { text: "+84 912.345.678" }, "đồng ý cho công khai");
    await chat.say(second, { text: "chua hoi" }, "Vui lòng kiểm tra lại", "Đặng Văn Hùng", "Cứu người", "Tiểu khu 2, Xã Hà Trung", "+84912345678");
    const done = await chat.say(second, { press: "SUBMIT" }, "Mã tin báo:");
    const code = /Mã (?:hồ sơ|tin báo): (TDKT-\d{4}-\d{6})/.exec(asText(done))?.[1];
    expect(code, asText(done)).toBeDefined();

    // A graceful stop (SIGTERM) ends the process with code 0 before the file is opened here.
    await stopChild(second.child, "SIGTERM");
    expect(await waitForExit(second.child)).toEqual({ code: 0, signal: null });

    const { db } = await openDatabase(appEnv(dataDir).DATABASE_URL!);
    try {
      const dossiers = await db.dossier.findMany();
      expect(dossiers).toHaveLength(1);
      expect(dossiers[0]).toMatchObject({ code, kind: "GOOD_DEED_REPORT", status: "QUEUED" });
      const jobs = await db.outboxJob.findMany();
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toMatchObject({ kind: "forward-dossier", status: "PENDING", idempotencyKey: `forward-dossier:${dossiers[0]!.id}` });
      expect(jobs[0]!.payload).toEqual({ dossierId: dossiers[0]!.id, code });
      // One draft, started before the kill and finished after it.
      const drafts = await db.draft.findMany();
      expect(drafts).toHaveLength(1);
      const session = await db.webSession.findUniqueOrThrow({ where: { tokenHash: WebSessions.hashToken(chat.client.sessionToken!) } });
      expect(drafts[0]).toMatchObject({ chatKey: `web:${session.chatId}`, flowId: "good-deed-report", status: "SUBMITTED" });
      const report = await db.goodDeedReport.findFirstOrThrow();
      expect(report).toMatchObject({ subjectName: "Đặng Văn Hùng", category: "CUU_NGUOI", reporterPhone: "+84912345678", draftId: drafts[0]!.id });
    } finally {
      await db.$disconnect();
    }
  }, 90_000);
});
