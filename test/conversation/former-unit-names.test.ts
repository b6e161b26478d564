/**
 * Places named as they were before 1/7/2025: a district, a thị trấn, a merged province. The answer
 * names today's unit and asks to confirm, on the sample catalogue's closed units (units.yaml keeps
 * them with their successors).
 */
import { afterEach, describe, expect, it } from "vitest";
import { MemoryChat } from "../../src/channels/memory/memory-chat.ts";
import { testAssistant } from "../support/test-assistant.ts";
import type { Assistant } from "../../src/build-assistant.ts";

let assistant: Assistant | undefined;
afterEach(async () => {
  await assistant?.close();
  assistant = undefined;
});

/** A citizen's report up to the question "where did it happen?". */
async function atPlaceQuestion(): Promise<{ chat: MemoryChat; a: Assistant }> {
  const a = await testAssistant({ trustedChannels: [] });
  assistant = a;
  const chat = new MemoryChat(a.service, "citizen-places");
  for (const line of ["/baotin", "đồng ý", "Tôi không rõ", "tra lai cua roi", "Một bạn học sinh nhặt được ví có 5 triệu đồng ở chợ và đã nộp lại cho công an xã.", "hôm qua"]) {
    await chat.say(line);
  }
  expect(chat.transcript.at(-1)?.text).toContain("xảy ra ở");
  return { chat, a };
}

const said = (replies: { text: string; choices?: { label: string }[] }[]) =>
  replies.map((r) => [r.text, ...(r.choices ?? []).map((c) => `[${c.label}]`)].join("\n")).join("\n");

describe("a former unit is answered with today's unit", () => {
  it("huyện Hà Trung: confirmed with yes, the report is placed in xã Hà Trung", async () => {
    const { chat, a } = await atPlaceQuestion();
    const asked = said(await chat.say("huyen ha trung"));
    expect(asked).toContain("Huyện Hà Trung cũ nay thuộc Xã Hà Trung, Tỉnh Thanh Hóa, đúng không?");
    expect(asked).toContain("[Xã Hà Trung, Tỉnh Thanh Hóa]");
    expect(said(await chat.say("đúng"))).toContain("ảnh");
    await chat.say("bỏ qua");
    await chat.say("có");
    await chat.say("2");
    await chat.press("SUBMIT");
    expect((await a.db.goodDeedReport.findFirstOrThrow()).unitId).toBe("thanh-hoa/ha-trung");
  });

  it("xã Hà Trung cũ means the former thị trấn, not the district; no asks again", async () => {
    const { chat } = await atPlaceQuestion();
    expect(said(await chat.say("xa ha trung cu"))).toContain("Thị trấn Hà Trung cũ nay thuộc Xã Hà Trung, Tỉnh Thanh Hóa, đúng không?");
    expect(said(await chat.say("không"))).toContain("gõ tên thôn, tổ dân phố hoặc xã, phường hiện nay");
    expect(said(await chat.say("tk2 ha trung"))).toContain("ảnh");
  });

  it("tỉnh Kon Tum is told it is now Quảng Ngãi and asked again; Kon Tum alone is today's phường", async () => {
    const { chat } = await atPlaceQuestion();
    expect(said(await chat.say("tỉnh Kon Tum"))).toContain("Tỉnh Kon Tum cũ nay thuộc Tỉnh Quảng Ngãi. Vui lòng gõ tên");
    expect(said(await chat.say("Kon Tum"))).toContain("ảnh");
  });

  it("a name today's units do not have is looked up among the former ones", async () => {
    const { chat } = await atPlaceQuestion();
    expect(said(await chat.say("TT Hà Trung"))).toContain("Thị trấn Hà Trung cũ nay thuộc Xã Hà Trung");
    expect(said(await chat.press("thanh-hoa/ha-trung"))).toContain("ảnh");
  });
});
