/**
 * The benchmark's two sides do the same work: the product (through its real engine, with the
 * bench flows folder) and the @grammyjs/conversations baseline (bench/conversations-baseline.ts,
 * through the fake Telegram API, the product's validators, its conversation state in the database
 * so a restart resumes it) both complete the 20-question bench form with the same typed turns.
 */
import { createClient } from "@libsql/client";
import { afterEach, describe, expect, it } from "vitest";
import { startBaselineBot, type BaselineBot } from "../../bench/conversations-baseline.ts";
import { benchFlowsDir } from "../../bench/bench-flows.ts";
import { BENCH_ANSWERS, BENCH_TURNS } from "../../bench/nomination-turns.ts";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import { testAssistant } from "../support/test-assistant.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { sqliteUrl } from "../support/test-databases.ts";

const CODE = /Mã hồ sơ: BASE-\d{4}-\d{6}/;
const texts = BENCH_TURNS;

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
  it("runs the 20-question bench form for two chats at once and stores both", async () => {
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

    expect(BENCH_ANSWERS).toHaveLength(20);
    for (const replies of transcripts) {
      expect(replies).toHaveLength(22);
      // Every answer is accepted at once: each reply asks the next question, none re-asks.
      for (const [i, r] of replies.slice(0, 20).entries()) expect(r.at(-1), `after turn ${i + 1}`).toMatch(new RegExp(`^\\(${i + 1}/\\d+\\) `));
      expect(replies[0]!.at(-1)).toMatch(/^\(1\/\d+\) Đề nghị khen thưởng theo loại nào\?/);
      expect(replies[19]!.at(-1)).toMatch(/^\(20\/20\) Trước khi xem lại và gửi/);
      expect(replies[20]!.at(-1)).toMatch(/19\. Minh chứng/);
      expect(replies[21]!.at(-1)).toMatch(CODE);
    }
    const codes = transcripts.map((r) => CODE.exec(r[21]!.at(-1)!)![0]);
    expect(new Set(codes).size).toBe(2);

    const stored = await rows(url, "SELECT chat_id, answers_json FROM bench_nomination ORDER BY id");
    expect(stored.map((r) => r.chat_id).sort()).toEqual(["5001", "5002"]);
    const answers = JSON.parse(String(stored[0]!.answers_json)) as Record<string, unknown>;
    expect(answers).toMatchObject({
      achievementType: "THUONG_XUYEN", subjectCategory: "NGUOI_LAO_DONG_TRUC_TIEP", award: "CSTD_CO_SO", year: 2026, taskCompletion: "HOAN_THANH_XUAT_SAC",
      advancedThisYear: true, hasInitiative: true, fullName: "Nguyễn Thị Hoa", gender: "NU", birthDate: "1985-03-05", cccd: "038085001234",
      unit: "thanh-hoa/ha-trung/thon-tan-lap", pendingReview: false, priorAwards: null, evidence: null,
    });
    expect(Object.keys(answers)).toHaveLength(20);
    // Finished conversations leave no state behind.
    expect(await rows(url, "SELECT key FROM bench_conversation_state")).toEqual([]);
  });

  it("the product completes the same form with the same turns through its real engine", async () => {
    const flows = benchFlowsDir();
    const a = await testAssistant({ flowsDir: flows.dir });
    try {
      const chat = new MemoryChat(a.service, "bench-product");
      const replies: string[][] = [];
      for (const text of texts) replies.push((await chat.say(text)).map((m) => m.text));
      for (const [i, r] of replies.slice(0, 20).entries()) expect(r.at(-1), `after turn ${i + 1}`).toMatch(new RegExp(`^Câu ${i + 1}:`));
      expect(replies[20]!.at(-1)).toMatch(/^Vui lòng kiểm tra lại[^]*19\. Minh chứng/);
      expect(replies[21]!.join("\n")).toMatch(/Mã hồ sơ: TDKT-\d{4}-\d{6}/);
      const nomination = await a.db.nomination.findFirstOrThrow();
      expect(nomination.nomineeName).toBe("Nguyễn Thị Hoa");
      expect(await a.db.dossier.count()).toBe(1);
    } finally {
      await a.close();
      flows.remove();
    }
  });

  it("re-asks an invalid answer without advancing, and resumes from the database after a restart", async () => {
    fake = await FakeTelegram.start();
    const url = sqliteUrl();
    const first = await start(url);
    const chatId = 5003;

    for (const text of texts.slice(0, 13)) await say(chatId, text); // up to the CCCD question
    const refused = await say(chatId, "12345");
    expect(refused).toEqual([expect.stringContaining("12 chữ số"), expect.stringMatching(/^Số định danh cá nhân/)]);

    const state = await rows(url, "SELECT key, value FROM bench_conversation_state");
    expect(state.map((r) => r.key)).toEqual([`chat:${chatId}`]);
    expect(String(state[0]!.value)).toContain("5/3/85"); // the replay log holds the updates received

    await first.stop();
    bots.splice(bots.indexOf(first), 1);
    await start(url);

    const resumed = await say(chatId, "038 085 001 234");
    expect(resumed.at(-1)).toMatch(/^\(14\/20\) Chức vụ hoặc nghề nghiệp/);
    let last: string[] = [];
    for (const text of texts.slice(14)) last = await say(chatId, text);
    expect(last.at(-1)).toMatch(CODE);
    expect(await rows(url, "SELECT chat_id FROM bench_nomination")).toEqual([{ chat_id: String(chatId) }]);
  });
});
