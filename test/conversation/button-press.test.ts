/**
 * A pressed button named by its position (Telegram, Zalo) is resolved against the choices the
 * engine recorded when it asked, not by rendering the question again; drafts saved before the
 * engine recorded them still resolve.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Assistant } from "../../src/build-assistant.ts";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import type { OutgoingMessage } from "../../src/channels/channel-port.ts";
import { testAssistant } from "../support/test-assistant.ts";

const open: Assistant[] = [];
afterEach(async () => {
  for (const a of open.splice(0)) await a.close();
});

async function startReport() {
  const a = await testAssistant();
  open.push(a);
  const chat = new MemoryChat(a.service, "person-buttons");
  await chat.say("/baotin");
  const asked = (await chat.say("đồng ý")).findLast((r) => r.choices?.length)!;
  let pressed = 0;
  const press = (message: OutgoingMessage, index: number) =>
    a.service.handle({ channel: "memory", chatId: chat.chatId, senderId: chat.chatId, messageId: `press-${++pressed}`, button: { scope: message.scope!, index } });
  return { a, asked, press };
}

describe("a pressed button", () => {
  it("means the choice the draft recorded with its question", async () => {
    const { a, asked, press } = await startReport();
    const draft = await a.db.draft.findFirstOrThrow();
    const offered = (draft.state as { offered?: Array<{ value: string; label: string }> }).offered;
    expect(offered).toEqual(asked.choices);
    // The record, not the question rendered again, decides: reversed, the first button means the last choice.
    await a.db.draft.update({ where: { id: draft.id }, data: { state: { ...(draft.state as object), offered: [...offered!].reverse() } } });
    await press(asked, 0);
    const after = await a.db.draft.findFirstOrThrow();
    expect(after.answers).toMatchObject({ subjectKind: asked.choices!.at(-1)!.value });
    // The same button again belongs to an older question: refused, nothing changes.
    const stale = await press(asked, 0);
    expect(stale[0]?.text).toBe(a.i18n.t("vi", "bot.button.stale"));
    expect((await a.db.draft.findFirstOrThrow()).answers).toEqual(after.answers);
  });

  it("on a draft saved before choices were recorded is resolved by asking its question again", async () => {
    const { a, asked, press } = await startReport();
    const draft = await a.db.draft.findFirstOrThrow();
    const { offered: _, ...older } = draft.state as Record<string, unknown>;
    await a.db.draft.update({ where: { id: draft.id }, data: { state: older as object } });
    await press(asked, 0);
    expect((await a.db.draft.findFirstOrThrow()).answers).toMatchObject({ subjectKind: asked.choices![0]!.value });
  });
});
