/**
 * The benchmark's @grammyjs/conversations baseline (bench/conversations-baseline.ts) really does
 * the work it is compared on: the whole golden nomination through the fake Telegram API, the
 * product's validators, and its conversation state in the database (a restart resumes it).
 */
import { createClient } from "@libsql/client";
import { afterEach, describe, expect, it } from "vitest";
import { startBaselineBot, type BaselineBot } from "../../bench/conversations-baseline.ts";
import { NOMINATION_BASELINE } from "../../bench/nomination-turns.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { sqliteUrl } from "../support/test-databases.ts";

const CODE = /Mã hồ sơ: BASE-\d{4}-\d{6}/;
const texts = NOMINATION_BASELINE.map((turn) => (typeof turn === "string" ? turn : turn.press));

let fake: FakeTelegram | undefined;
const bots: BaselineBot[] = [];

afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop();
  await fake?.close();
  fake = undefined;
});

async function start(databaseUrl: string): Promise<BaselineBot> {
  const bot = await startBaselineBot({ token: fake!.token, apiRoot: fake!.apiRoot, botInfo: fake!.botInfo, databaseUrl });
  bots.push(bot);
  return bot;
}

/** Sends one message and returns the bot's replies to it (once the update's batch is confirmed). */
async function say(chatId: number, text: string): Promise<string[]> {
  const f = fake!;
  const before = f.messagesTo(chatId).length;
  const updateId = f.sendText(chatId, text);
  await f.waitForCalls(
    (calls) => f.confirmedOffset > updateId && calls.filter((c) => c.method === "sendMessage" && Number(c.params.chat_id) === chatId).length > before,
  );
  return f.messagesTo(chatId).slice(before).map((m) => m.text);
}

async function rows(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = createClient({ url });
  try {
    return (await client.execute(sql)).rows as unknown as Record<string, unknown>[];
  } finally {
    client.close();
  }
}

describe("the @grammyjs/conversations baseline", () => {
  it("runs the 17-turn nomination for two chats at once and stores both", async () => {
    fake = await FakeTelegram.start();
    const url = sqliteUrl();
    await start(url);

    const transcripts = await Promise.all(
      [5001, 5002].map(async (chatId) => {
        const replies: string[][] = [];
        for (const text of texts) replies.push(await say(chatId, text));
        return replies;
      }),
    );

    for (const replies of transcripts) {
      expect(replies).toHaveLength(17);
      for (const r of replies) expect(r.length).toBeGreaterThanOrEqual(1);
      expect(replies[0]!.at(-1)).toMatch(/^\(1\/12\) Đề nghị khen thưởng theo loại nào\?/);
      // The 11-digit CCCD is refused and asked again; the next, valid one moves on.
      expect(replies[7]![0]).toContain("12 chữ số");
      expect(replies[7]!.at(-1)).toMatch(/^Số định danh cá nhân/);
      expect(replies[8]!.at(-1)).toMatch(/^\(8\/13\) Chức vụ/);
      // The too-short summary likewise.
      expect(replies[12]![0]).toMatch(/Nội dung hơi ngắn/);
      expect(replies[15]!.at(-1)).toContain("4. Họ và tên: Nguyễn Thị Hoa");
      expect(replies[16]!.at(-1)).toMatch(CODE);
    }
    const codes = transcripts.map((r) => CODE.exec(r[16]!.at(-1)!)![0]);
    expect(new Set(codes).size).toBe(2);

    const stored = await rows(url, "SELECT chat_id, answers_json FROM bench_nomination ORDER BY id");
    expect(stored.map((r) => r.chat_id).sort()).toEqual(["5001", "5002"]);
    const answers = JSON.parse(String(stored[0]!.answers_json)) as Record<string, unknown>;
    expect(answers).toMatchObject({ achievementType: "THUONG_XUYEN", award: "CSTD_CO_SO", fullName: "Nguyễn Thị Hoa", gender: "NU", birthDate: "1985-03-05", cccd: "038085001234", unit: "thanh-hoa/ha-trung/thon-tan-lap", subjectCategory: "NGUOI_LAO_DONG_TRUC_TIEP", evidence: null });
    // Finished conversations leave no state behind.
    expect(await rows(url, "SELECT key FROM bench_conversation_state")).toEqual([]);
  });

  it("re-asks an invalid answer without advancing, and resumes from the database after a restart", async () => {
    fake = await FakeTelegram.start();
    const url = sqliteUrl();
    const first = await start(url);
    const chatId = 5003;

    for (const text of texts.slice(0, 7)) await say(chatId, text); // up to the CCCD question
    const refused = await say(chatId, "12345");
    expect(refused).toEqual([expect.stringContaining("12 chữ số"), expect.stringMatching(/^Số định danh cá nhân/)]);

    const state = await rows(url, "SELECT key, value FROM bench_conversation_state");
    expect(state.map((r) => r.key)).toEqual([`chat:${chatId}`]);
    expect(String(state[0]!.value)).toContain("5/3/85"); // the replay log holds the updates received

    await first.stop();
    bots.splice(bots.indexOf(first), 1);
    await start(url);

    const resumed = await say(chatId, "038 085 001 234");
    expect(resumed.at(-1)).toMatch(/^\(8\/13\) Chức vụ hoặc nghề nghiệp/);
    let last: string[] = [];
    for (const text of texts.slice(9)) last = await say(chatId, text);
    expect(last.at(-1)).toMatch(CODE);
    expect(await rows(url, "SELECT chat_id FROM bench_nomination")).toEqual([{ chat_id: String(chatId) }]);
  });
});
